package hsds_test

import (
	"encoding/json"
	"testing"

	"github.com/wegwijzer/wegwijzer/internal/hsds/schema"
)

// TestValidAgainstOfficialSchemas validates every object of the demo
// catalogue, in Dutch and in Arabic, against the official HSDS 3.0
// schemas: full services against service_with_definitions.json and the
// others against objects/<name>.json.
func TestValidAgainstOfficialSchemas(t *testing.T) {
	v, err := schema.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"nl", "ar"} {
		d, _ := dataset(t, lang)
		counts := map[string]int{}
		check := func(name string, obj any) {
			t.Helper()
			b, err := json.Marshal(obj)
			if err != nil {
				t.Fatal(err)
			}
			if name == "service_with_definitions" {
				err = v.FullService(b)
			} else {
				err = v.Object(name, b)
			}
			if err != nil {
				t.Errorf("%s: %s: %v", lang, name, err)
			}
			counts[name]++
		}
		for _, s := range d.Services {
			check("service_with_definitions", s)
			check("service", s)
			check("service", s.Brief())
		}
		for _, o := range d.Organizations {
			check("organization", o)
			check("organization", d.WithServices(o, true))
		}
		for _, l := range d.Locations {
			check("location", l)
		}
		for _, sal := range d.ServiceAtLocations {
			check("service_at_location", sal)
		}
		for _, tx := range d.Taxonomies {
			check("taxonomy", tx)
		}
		for _, tm := range d.Terms {
			check("taxonomy_term", tm)
		}
		if counts["service_with_definitions"] != len(d.Services) || counts["taxonomy_term"] == 0 || counts["service_at_location"] == 0 {
			t.Errorf("%s: validated %v", lang, counts)
		}
		t.Logf("%s: valid %v", lang, counts)
	}
}
