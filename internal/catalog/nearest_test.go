package catalog

import (
	"math"
	"testing"
)

func TestNearest(t *testing.T) {
	c := &Catalog{
		Places: []Place{
			{ID: "dorp", Latitude: 53.0000, Longitude: 6.0000},
			{ID: "gehucht"}, // no centre known
		},
		Locations: []Location{
			{ID: "buurthuis", Latitude: 53.0010, Longitude: 6.0000}, // 0.1 km from dorp
			{ID: "bieb", Latitude: 53.0200, Longitude: 6.0000},      // 2.2 km from dorp
			{ID: "stadhuis", Latitude: 53.1000, Longitude: 6.0000},  // 11 km from dorp
		},
		Services: []Service{
			{ID: "twee", AtLocations: []ServiceAtLocation{{Location: "stadhuis"}, {Location: "buurthuis"}}},
			{ID: "bieb", AtLocations: []ServiceAtLocation{{Location: "bieb"}}},
			{ID: "telefoon"},
			{ID: "kwijt", AtLocations: []ServiceAtLocation{{Location: "gesloopt"}, {Location: "bieb"}}},
		},
	}
	c.Index()
	tests := []struct {
		service, place string
		location       string  // "" for none
		km             float64 // -1 for unknown
	}{
		{"twee", "dorp", "buurthuis", 0.11}, // the nearest of two
		{"twee", "", "stadhuis", -1},        // unknown place: the first
		{"twee", "gehucht", "stadhuis", -1}, // place without a centre
		{"bieb", "dorp", "bieb", 2.22},
		{"telefoon", "dorp", "", -1},
		{"kwijt", "dorp", "bieb", 2.22}, // an unknown location is passed over
	}
	for _, tt := range tests {
		t.Run(tt.service+"/"+tt.place, func(t *testing.T) {
			loc, km, ok := c.Nearest(c.Service(tt.service), c.Place(tt.place))
			got := ""
			if loc != nil {
				got = loc.ID
			}
			if got != tt.location {
				t.Errorf("location = %q, want %q", got, tt.location)
			}
			if ok != (tt.km >= 0) || ok && math.Abs(km-tt.km) > 0.01 {
				t.Errorf("distance = %.2f, %v; want %.2f", km, ok, tt.km)
			}
		})
	}
}
