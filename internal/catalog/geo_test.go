package catalog

import (
	"math"
	"testing"
)

func TestDistanceKm(t *testing.T) {
	tests := []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		want                   float64
	}{
		{"Amsterdam Centraal to Utrecht Centraal", 52.3791, 4.9003, 52.0894, 5.1100, 35.24},
		{"Utrecht Centraal to Amsterdam Centraal", 52.0894, 5.1100, 52.3791, 4.9003, 35.24},
		{"Groningen to Maastricht", 53.2194, 6.5665, 50.8514, 5.6910, 270.03},
		{"same point", 52.0894, 5.1100, 52.0894, 5.1100, 0},
		{"antipodes", 0, 0, 0, 180, math.Pi * earthRadiusKm},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DistanceKm(tt.lat1, tt.lon1, tt.lat2, tt.lon2); math.Abs(got-tt.want) > 0.01 {
				t.Fatalf("DistanceKm() = %.3f, want %.2f", got, tt.want)
			}
		})
	}
}
