package catalog

import (
	"errors"
	"testing"
)

func TestParsePostcode(t *testing.T) {
	tests := []struct {
		in   string
		want string // normalised; "" when invalid
	}{
		{"1234AB", "1234 AB"},
		{"1234 ab", "1234 AB"},
		{" 1234  AB ", "1234 AB"},
		{"9901aZ", "9901 AZ"},
		{"1234", "1234"},
		{" 9999 ", "9999"},
		{"1000 AA", "1000 AA"},
		{"", ""},
		{"123", ""},
		{"12345", ""},
		{"0123 AB", ""},
		{"0123", ""},
		{"1234 A", ""},
		{"1234 ABC", ""},
		{"1234 A1", ""},
		{"1234-AB", ""},
		{"12 34AB", ""},
		{"AB 1234", ""},
		{"1234 SA", ""},
		{"1234sd", ""},
		{"1234 SS", ""},
		{"1234 ÄB", ""},
		{"１２３４AB", ""}, // full-width digits
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := ParsePostcode(tt.in)
			if tt.want == "" {
				if !errors.Is(err, ErrPostcode) {
					t.Fatalf("ParsePostcode(%q) = %v, %v; want ErrPostcode", tt.in, p, err)
				}
				return
			}
			if err != nil || p.String() != tt.want {
				t.Fatalf("ParsePostcode(%q) = %q, %v; want %q", tt.in, p, err, tt.want)
			}
		})
	}
}

func TestParseRange(t *testing.T) {
	tests := []struct {
		in      string
		lo, hi  int
		wantErr bool
	}{
		{"9990-9991", 9990, 9991, false},
		{"9995", 9995, 9995, false},
		{" 9901 - 9909 ", 9901, 9909, false},
		{"9909-9901", 0, 0, true},
		{"990", 0, 0, true},
		{"0990", 0, 0, true},
		{"9901-", 0, 0, true},
		{"9901-99099", 0, 0, true},
		{"9901 AB", 0, 0, true},
		{"", 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			lo, hi, err := ParseRange(tt.in)
			if (err != nil) != tt.wantErr || lo != tt.lo || hi != tt.hi {
				t.Fatalf("ParseRange(%q) = %d, %d, %v; want %d, %d, error %v", tt.in, lo, hi, err, tt.lo, tt.hi, tt.wantErr)
			}
		})
	}
}

func TestPlaceForPostcode(t *testing.T) {
	c := &Catalog{Places: []Place{
		{ID: "dorp", Postcodes: []string{"9990-9991", "9995"}},
		{ID: "stad", Postcodes: []string{"9992-9994"}},
	}}
	if err := c.Prepare(amsterdam(t)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		postcode string
		want     string // place id, "" for none
	}{
		{"9990 AB", "dorp"},
		{"9991", "dorp"},
		{"9995 ZZ", "dorp"},
		{"9992 AA", "stad"},
		{"9994", "stad"},
		{"9996 AA", ""},
		{"1234 AB", ""},
	}
	for _, tt := range tests {
		t.Run(tt.postcode, func(t *testing.T) {
			p, err := ParsePostcode(tt.postcode)
			if err != nil {
				t.Fatal(err)
			}
			got := c.PlaceForPostcode(p)
			if (got == nil) != (tt.want == "") || (got != nil && got.ID != tt.want) {
				t.Fatalf("PlaceForPostcode(%s) = %v, want %q", p, got, tt.want)
			}
		})
	}
}
