package hsds_test

import (
	"encoding/json"
	"strings"
	"testing"

	democontent "github.com/wegwijzer/wegwijzer/content"
	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/hsds"
	"github.com/wegwijzer/wegwijzer/internal/hsds/schema"
	"github.com/wegwijzer/wegwijzer/locales"
)

// TestValidAgainstOfficialSchemas validates every object of the demo
// catalogue, Beekdal's and the whole region's, in Dutch and in Arabic,
// against the official HSDS 3.0 schemas: full services against
// service_with_definitions.json and the others against
// objects/<name>.json.
func TestValidAgainstOfficialSchemas(t *testing.T) {
	v, err := schema.New()
	if err != nil {
		t.Fatal(err)
	}
	region, err := content.LoadRegion(democontent.Demo, locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	regional := region.Catalog()
	for _, set := range []string{"nl", "ar", "region nl"} {
		lang, whole := strings.CutPrefix(set, "region ")
		d, c := dataset(t, lang)
		if whole {
			l := c.Messages.Localizer(lang)
			d = hsds.Build(regional, lang, func(id string) string { return l.T(id) })
		}
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
				t.Errorf("%s: %s: %v", set, name, err)
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
			t.Errorf("%s: validated %v", set, counts)
		}
		t.Logf("%s: valid %v", set, counts)
	}
}
