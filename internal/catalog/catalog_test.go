package catalog

import (
	"testing"
	"time"
)

func TestServiceModified(t *testing.T) {
	tests := []struct {
		in     string
		want   time.Time
		wantOK bool
	}{
		{"2026-09-14", time.Date(2026, 9, 14, 0, 0, 0, 0, time.UTC), true},
		{"2024-02-29", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), true},
		{"", time.Time{}, false},
		{"2026-02-30", time.Time{}, false}, // no such day
		{"2025-02-29", time.Time{}, false}, // not a leap year
		{"2026-13-01", time.Time{}, false},
		{"2026-9-14", time.Time{}, false},
		{"14-09-2026", time.Time{}, false},
		{"2026-09-14T10:00:00Z", time.Time{}, false},
		{" 2026-09-14", time.Time{}, false},
		{"gisteren", time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			s := Service{ID: "x", LastModified: tt.in}
			got, ok := s.Modified()
			if ok != tt.wantOK || !got.Equal(tt.want) {
				t.Fatalf("Modified() = %v, %v; want %v, %v", got, ok, tt.want, tt.wantOK)
			}
			if ok && got.Location() != time.UTC {
				t.Errorf("location %v, want UTC", got.Location())
			}
		})
	}
}
