package catalog

import (
	"strings"
	"testing"
	"time"
)

func TestPrepareErrors(t *testing.T) {
	bad := Schedule{Freq: "WEEKLY", ByDay: "MO", OpensAt: "9.00", ClosesAt: "12:00"}
	tests := []struct {
		name string
		c    Catalog
		want []string // each must appear in the error
	}{
		{"valid", Catalog{
			Places:    []Place{{ID: "dorp", Postcodes: []string{"9901-9909"}}},
			Locations: []Location{{ID: "buurthuis", Schedules: []Schedule{weekdays9to17}}},
			Services: []Service{{ID: "koffie", ServiceAreas: []string{"dorp"}, Schedules: []Schedule{mondays9to12},
				AtLocations: []ServiceAtLocation{{Location: "buurthuis", Schedules: []Schedule{firstWed}}}}},
		}, nil},
		{"own schedule", Catalog{Services: []Service{{ID: "lijn", Schedules: []Schedule{weekdays9to17, bad}}}},
			[]string{`catalog: service "lijn": schedules[1]: opens_at "9.00" is not a time like 09:00`}},
		{"schedule at a location", Catalog{
			Locations: []Location{{ID: "buurthuis"}},
			Services:  []Service{{ID: "koffie", AtLocations: []ServiceAtLocation{{Location: "buurthuis"}, {Location: "buurthuis", Schedules: []Schedule{bad}}}}},
		}, []string{`catalog: service "koffie": at_locations[1]: schedules[0]: opens_at "9.00"`}},
		{"every problem at once", Catalog{
			Places:    []Place{{ID: "dorp", Postcodes: []string{"9901-99"}}},
			Locations: []Location{{ID: "buurthuis", Schedules: []Schedule{bad}}},
			Services: []Service{
				{ID: "a", ServiceAreas: []string{"stad"}, AtLocations: []ServiceAtLocation{{Location: "bieb"}}},
				{ID: "a"},
			},
		}, []string{
			`catalog: place "dorp": postcodes[0]: postcode range "9901-99"`,
			`catalog: location "buurthuis": schedules[0]: opens_at "9.00"`,
			`catalog: service "a": service_areas: unknown place "stad"`,
			`catalog: service "a": at_locations[0]: unknown location "bieb"`,
			`catalog: service "a": the id is used twice`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.c.Prepare(amsterdam(t))
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("Prepare() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Prepare() = nil, want %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Prepare() = %q, want it to contain %q", err, w)
				}
			}
		})
	}
	var c Catalog
	if err := c.Prepare(nil); err == nil {
		t.Error("Prepare(nil): want an error")
	}
}

func TestCatalogOpenState(t *testing.T) {
	c := &Catalog{
		Locations: []Location{{ID: "buurthuis"}, {ID: "bieb"}},
		Services: []Service{
			{ID: "none"},
			{ID: "own", Schedules: []Schedule{mondays9to12}},
			{ID: "two-places", AtLocations: []ServiceAtLocation{
				{Location: "buurthuis", Schedules: []Schedule{mondays9to12}},
				{Location: "bieb", Schedules: []Schedule{{Freq: "WEEKLY", ByDay: "TU", OpensAt: "13:00", ClosesAt: "15:00"}}},
			}},
			{ID: "location-without-hours", AtLocations: []ServiceAtLocation{{Location: "bieb"}}},
			{ID: "crisis", Schedules: []Schedule{{AlwaysOpen: true}}},
		},
	}
	if err := c.Prepare(amsterdam(t)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		service string
		at      time.Time
		want    OpenState
	}{
		{"none", local(t, "2026-03-02 10:00"), OpenState{}},
		{"location-without-hours", local(t, "2026-03-02 10:00"), OpenState{}},
		{"own", local(t, "2026-03-02 10:00"), OpenState{Known: true, Open: true, Until: local(t, "2026-03-02 12:00")}},
		{"two-places", local(t, "2026-03-02 10:00"), OpenState{Known: true, Open: true, Until: local(t, "2026-03-02 12:00")}},
		{"two-places", local(t, "2026-03-03 14:00"), OpenState{Known: true, Open: true, Until: local(t, "2026-03-03 15:00")}},
		{"two-places", local(t, "2026-03-02 12:00"), OpenState{Known: true, Next: local(t, "2026-03-03 13:00")}},
		{"crisis", local(t, "2026-12-25 03:00"), OpenState{Known: true, Open: true}},
	}
	for _, tt := range tests {
		t.Run(tt.service+" "+tt.at.Format("Mon 15:04"), func(t *testing.T) {
			got := c.OpenState(c.Service(tt.service), tt.at)
			if got.Known != tt.want.Known || got.Open != tt.want.Open || !got.Until.Equal(tt.want.Until) || !got.Next.Equal(tt.want.Next) {
				t.Fatalf("OpenState() = %+v, want %+v", got, tt.want)
			}
		})
	}
}
