package content

import (
	"io/fs"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	democontent "github.com/wegwijzer/wegwijzer/content"
	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/locales"
)

// smallRegion is a region of two municipalities, Aa and Bee, built from
// the demo's flow, locales and training phrases with a catalogue of a
// few services: a regional one for all, one for Bee only, and one of
// each municipality's own.
func smallRegion(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, pattern := range []string{"flow.yaml", "selfhelp.yaml", "glossary.yaml", "locales/*.yaml", "nlu/*.yaml", "nlu/answers/*.yaml"} {
		files, _ := fs.Glob(democontent.Demo, pattern)
		for _, f := range files {
			data, err := fs.ReadFile(democontent.Demo, f)
			if err != nil {
				t.Fatal(err)
			}
			m[f] = &fstest.MapFile{Data: data}
		}
	}
	put := func(name, data string) { m[name] = &fstest.MapFile{Data: []byte(data)} }
	put("region.yaml", `region:
  id: regio-test
  name: Regio Test
  hosts: [hulp.regio.example.org]
  municipalities: [aa, bee]
`)
	put("catalog/regional.yaml", `organizations:
  - {id: regio-org, name: Regio Org}
services:
  - {id: regio-dienst, organization: regio-org, name: Regionale dienst, description: Hulp voor de hele regio., level: community, topics: [money], phone: "0000 000 001", last_modified: "2026-01-01"}
  - {id: alleen-bee, organization: regio-org, name: Alleen in Bee, description: Hulp voor Bee., level: community, topics: [money], phone: "0000 000 002", last_modified: "2026-01-01", area: [bee]}
`)
	for _, mu := range []struct{ id, name, postcodes, host, lat string }{
		{"aa", "Aa", "1000-1009", "hulp.aa.example.org", "52.1"},
		{"bee", "Bee", "1010-1019", "hulp.bee.example.org", "52.2"},
	} {
		dir := "municipalities/" + mu.id + "/"
		put(dir+"municipality.yaml", `municipality:
  id: `+mu.id+`
  name: Gemeente `+mu.name+`
  phone: "0000 000 100"
  hours: Op werkdagen.
  wijkteam: Het wijkteam helpt u.
  contact_retention_days: 30
  response_days: 5
  accessibility_checked: "2026-01-01"
  hosts: [`+mu.host+`]
  colors: {primary: "#0b5394", on_primary: "#ffffff"}
`)
		put(dir+"places.yaml", `places:
  - {id: `+mu.id+`-dorp, name: `+mu.name+`dorp, postcodes: ["`+mu.postcodes+`"], latitude: `+mu.lat+`, longitude: 5.1}
`)
		put(dir+"catalog/own.yaml", `services:
  - {id: eigen-`+mu.id+`, organization: regio-org, name: Buurthuis `+mu.name+`, description: Koffie in het buurthuis., level: community, topics: [loneliness], phone: "0000 000 003", last_modified: "2026-01-01"}
`)
	}
	return m
}

func serviceIDs(c *Content) []string {
	var ids []string
	for _, s := range c.Catalog.Services {
		ids = append(ids, s.ID)
	}
	return ids
}

func TestLoadRegion(t *testing.T) {
	r, err := LoadRegion(smallRegion(t), locales.FS)
	if err != nil {
		t.Fatalf("small region:\n%v", err)
	}
	if r.ID != "regio-test" || r.Name != "Regio Test" || !r.IsRegion() || len(r.Municipalities) != 2 {
		t.Fatalf("region %q %q, %d municipalities", r.ID, r.Name, len(r.Municipalities))
	}
	aa, bee := r.Municipality("aa"), r.Municipality("bee")
	if aa == nil || bee == nil || r.Municipalities[0] != aa || r.Municipality("cee") != nil {
		t.Fatal("municipalities by id or order")
	}
	// Service areas: the regional service serves both, alleen-bee Bee only,
	// and each has its own.
	if got, want := serviceIDs(aa), []string{"eigen-aa", "regio-dienst"}; !slices.Equal(got, want) {
		t.Errorf("Aa's services %v, want %v", got, want)
	}
	if got, want := serviceIDs(bee), []string{"eigen-bee", "regio-dienst", "alleen-bee"}; !slices.Equal(got, want) {
		t.Errorf("Bee's services %v, want %v", got, want)
	}
	for _, tc := range []struct {
		postcode string
		want     *Content
	}{{"1005 AB", aa}, {"1010", bee}, {"1019 ZZ", bee}, {"9999 AA", nil}} {
		pc, err := catalog.ParsePostcode(tc.postcode)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.ByPostcode(pc); got != tc.want {
			t.Errorf("ByPostcode(%s) = %v", tc.postcode, got)
		}
	}
	for host, want := range map[string]*Content{"hulp.aa.example.org": aa, "HULP.Bee.example.org": bee, "hulp.bee.example.org.": bee, "hulp.regio.example.org": nil, "elders.example.org": nil} {
		if got := r.ByHost(host); got != want {
			t.Errorf("ByHost(%s) wrong", host)
		}
	}
	if got := r.RegionalHosts(); !slices.Equal(got, []string{"hulp.regio.example.org"}) {
		t.Errorf("regional hosts %v", got)
	}
	if aa.Catalog.Municipality.Colors.Primary != "#0b5394" {
		t.Errorf("colours not loaded: %+v", aa.Catalog.Municipality.Colors)
	}
	// Load returns the first municipality.
	c, err := Load(smallRegion(t), locales.FS)
	if err != nil || c.Catalog.Municipality.ID != "aa" {
		t.Errorf("Load: %v, %v", c.Catalog.Municipality.ID, err)
	}
}

// TestRegionOfOne: a folder without region.yaml is a region of one, with
// the municipality's id (derived from its name) and name.
func TestRegionOfOne(t *testing.T) {
	m := copyDemo(t)
	flat := fstest.MapFS{}
	for name, f := range m {
		switch {
		case name == "region.yaml" || strings.HasPrefix(name, "municipalities/veenhoven/"):
		case strings.HasPrefix(name, "municipalities/beekdal/catalog/"):
			flat["catalog/beekdal-"+strings.TrimPrefix(name, "municipalities/beekdal/catalog/")] = f
		case strings.HasPrefix(name, "municipalities/beekdal/"):
			flat[strings.TrimPrefix(name, "municipalities/beekdal/")] = f
		default:
			flat[name] = f
		}
	}
	muni := strings.Replace(string(flat["municipality.yaml"].Data), "  id: beekdal\n", "", 1)
	flat["municipality.yaml"] = &fstest.MapFile{Data: []byte(muni)}
	r, err := LoadRegion(flat, locales.FS)
	if err != nil {
		t.Fatalf("flat Beekdal:\n%v", err)
	}
	if r.IsRegion() || len(r.Municipalities) != 1 || r.ID != "beekdal" || r.Name != "Gemeente Beekdal" {
		t.Fatalf("region of one: %q %q, %d municipalities", r.ID, r.Name, len(r.Municipalities))
	}
	demo, err := Load(democontent.Demo, locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	got, want := serviceIDs(r.Municipalities[0]), serviceIDs(demo)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("flat Beekdal has services %v, the region's Beekdal %v", got, want)
	}
	if len(r.Warnings) > 0 {
		t.Errorf("warnings:\n%v", r.Warnings)
	}
}

// TestBrokenRegion breaks the small region in one way at a time and
// expects a problem naming the file and the item.
func TestBrokenRegion(t *testing.T) {
	const aaMuni, beeMuni = "municipalities/aa/municipality.yaml", "municipalities/bee/municipality.yaml"
	tests := []struct {
		name       string
		file, edit string // append edit to file, or replace old with new
		old        string
		wants      []string
	}{
		{"postcodes overlap between municipalities", "municipalities/bee/places.yaml", `"1005-1019"`, `"1010-1019"`,
			[]string{"municipalities/bee/places.yaml", "place bee-dorp", "1005-1019 overlap those of place aa-dorp in municipalities/aa/places.yaml"}},
		{"area names an unknown municipality", "catalog/regional.yaml", "area: [cee]", "area: [bee]",
			[]string{"catalog/regional.yaml", "service alleen-bee", `area: unknown municipality "cee"`}},
		{"area in an overlay", "municipalities/aa/catalog/own.yaml", `last_modified: "2026-01-01", area: [aa]}`, `last_modified: "2026-01-01"}`,
			[]string{"municipalities/aa/catalog/own.yaml", "service eigen-aa", "area is for the regional catalogue"}},
		{"overlay names an unknown organisation", "municipalities/aa/catalog/own.yaml", "organization: nobody", "organization: regio-org",
			[]string{"municipalities/aa/catalog/own.yaml", "service eigen-aa", `unknown organization "nobody"`}},
		{"host claimed twice", beeMuni, "hosts: [hulp.aa.example.org]", "hosts: [hulp.bee.example.org]",
			[]string{beeMuni, "hosts[0]", "host hulp.aa.example.org is also claimed by " + aaMuni}},
		{"host that is a URL", beeMuni, "hosts: [https://hulp.bee.example.org]", "hosts: [hulp.bee.example.org]",
			[]string{beeMuni, "hosts[0]", "want a host name without scheme"}},
		{"id is not the folder's name", beeMuni, "id: bie", "id: bee",
			[]string{beeMuni, "id", `it must be the folder's name, "bee"`}},
		{"colour not #rrggbb", aaMuni, `primary: "blue"`, `primary: "#0b5394"`,
			[]string{aaMuni, "colors.primary", `"blue" is not a colour`}},
		{"colours fail AA contrast", aaMuni, `on_primary: "#6f8fb0"`, `on_primary: "#ffffff"`,
			[]string{aaMuni, "colors.on_primary", "contrast", "WCAG AA needs 4.5:1"}},
		{"links too light on the white page", aaMuni, `colors: {primary: "#f2d27a", on_primary: "#1b1b1b"}`, `colors: {primary: "#0b5394", on_primary: "#ffffff"}`,
			[]string{aaMuni, "colors.primary", "links in #f2d27a on the white page", "WCAG AA needs 4.5:1"}},
		{"secret in the webhook URL", aaMuni, "colors: {primary: \"#0b5394\", on_primary: \"#ffffff\"}\n  contact_webhook_url: https://user:pw@hooks.example.org/aa", "colors: {primary: \"#0b5394\", on_primary: \"#ffffff\"}",
			[]string{aaMuni, "contact_webhook_url", "secrets never go in the content"}},
		{"service id used by two overlays", "municipalities/bee/catalog/own.yaml", "id: eigen-aa", "id: eigen-bee",
			[]string{"catalog/own.yaml", "service eigen-aa", "ids are unique in the region"}},
		{"unlisted municipality folder", "region.yaml", "municipalities: [aa]", "municipalities: [aa, bee]",
			[]string{"municipalities/bee", "is not listed under municipalities"}},
		{"listed municipality without folder", "region.yaml", "municipalities: [aa, bee, cee]", "municipalities: [aa, bee]",
			[]string{"region.yaml", "municipalities[2] (cee)", "has no folder"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := smallRegion(t)
			old := string(m[tt.file].Data)
			edited := strings.Replace(old, tt.old, tt.edit, 1)
			if edited == old {
				t.Fatalf("the edit changed nothing in %s", tt.file)
			}
			m[tt.file] = &fstest.MapFile{Data: []byte(edited)}
			_, err := LoadRegion(m, locales.FS)
			expectProblem(t, err, tt.wants...)
		})
	}
	t.Run("overlay rewords an unknown message", func(t *testing.T) {
		m := smallRegion(t)
		m["municipalities/aa/locales/nl.yaml"] = &fstest.MapFile{Data: []byte("flow.who.text: \"Voor wie zoekt u hulp in Aa?\"\nflow.who.txet: \"Typfout\"\n")}
		r, err := LoadRegion(m, locales.FS)
		expectProblem(t, err, "municipalities/aa/locales/nl.yaml", "flow.who.txet", "does not exist")
		// The good override takes effect in Aa only.
		if got := r.Municipality("aa").Messages.Localizer("nl").T("flow.who.text"); got != "Voor wie zoekt u hulp in Aa?" {
			t.Errorf("Aa's override: %q", got)
		}
		if got := r.Municipality("bee").Messages.Localizer("nl").T("flow.who.text"); strings.Contains(got, "Aa") {
			t.Errorf("Aa's override reaches Bee: %q", got)
		}
	})
	t.Run("missing message per municipality", func(t *testing.T) {
		m := smallRegion(t)
		en := string(m["locales/en.yaml"].Data)
		i := strings.Index(en, "flow.who.text:")
		j := strings.Index(en[i:], "\n")
		m["locales/en.yaml"] = &fstest.MapFile{Data: []byte(en[:i] + en[i+j+1:])}
		// Bee words it in English itself; Aa misses it.
		m["municipalities/bee/locales/en.yaml"] = &fstest.MapFile{Data: []byte("flow.who.text: \"Who are you looking for help for?\"\n")}
		_, err := LoadRegion(m, locales.FS)
		expectProblem(t, err, "locales/en.yaml", "flow.who.text", "missing", "in aa")
		for _, p := range err.(Problems) {
			if strings.Contains(p.Msg, "in bee") {
				t.Errorf("Bee has the message: %s", p)
			}
		}
	})
	t.Run("a topic without community services in one municipality", func(t *testing.T) {
		r, err := LoadRegion(smallRegion(t), locales.FS)
		if err != nil {
			t.Fatal(err)
		}
		found := map[string]bool{}
		for _, w := range r.Warnings {
			if w.Item == "topic care" && strings.Contains(w.Msg, "no community") {
				found[w.File] = true
			}
		}
		if want := []string{"municipalities/aa/catalog/", "municipalities/bee/catalog/"}; !slices.Equal(slices.Sorted(maps.Keys(found)), want) {
			t.Errorf("warnings name %v, want %v", slices.Sorted(maps.Keys(found)), want)
		}
	})
}

// TestDemoRegion: the demo is a region of two, and Veenhoven's residents
// get the regional services and their own, not Beekdal's.
func TestDemoRegion(t *testing.T) {
	r, err := LoadRegion(democontent.Demo, locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Warnings) > 0 {
		t.Errorf("warnings:\n%v", r.Warnings)
	}
	if len(r.Municipalities) < 2 || r.Municipalities[0].Catalog.Municipality.ID != "beekdal" {
		t.Fatalf("%d municipalities", len(r.Municipalities))
	}
	v := r.Municipality("veenhoven")
	if v == nil {
		t.Fatal("no Veenhoven")
	}
	ids := serviceIDs(v)
	for _, id := range []string{"veilig-thuis", "zelfmoordpreventie-113", "geldmaatje", "koffie-inloop-veenhoven"} {
		if !slices.Contains(ids, id) {
			t.Errorf("Veenhoven lacks %s", id)
		}
	}
	for _, id := range []string{"koffieochtend", "heidehoek-helpt", "schuldhulpverlening"} {
		if slices.Contains(ids, id) {
			t.Errorf("Veenhoven has Beekdal's %s", id)
		}
	}
	if len(v.Logo) == 0 {
		t.Error("Veenhoven's logo is not loaded")
	}
	pc, _ := catalog.ParsePostcode("9984 AB")
	if r.ByPostcode(pc) != v || r.ByHost("hulp.veenhoven.example.org") != v {
		t.Error("Veenhoven is not found by postcode or host")
	}
}

// TestRegionCatalog: the region's catalogue holds every municipality's
// services once, a regional service with the villages of all.
func TestRegionCatalog(t *testing.T) {
	r, err := LoadRegion(democontent.Demo, locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	cat := r.Catalog()
	if cat.Municipality.Name != "Regio Beekdal" || len(cat.Places) != 12 {
		t.Errorf("municipality %q, %d places", cat.Municipality.Name, len(cat.Places))
	}
	seen := map[string]bool{}
	for _, s := range cat.Services {
		if seen[s.ID] {
			t.Errorf("service %s twice", s.ID)
		}
		seen[s.ID] = true
	}
	for _, id := range []string{"koffieochtend", "koffie-inloop-veenhoven", "vrijwilligerswerk-zoeken"} {
		if !seen[id] {
			t.Errorf("no %s", id)
		}
	}
	want := 0
	for _, m := range r.Municipalities {
		for _, s := range m.Catalog.Services {
			if !s.Local {
				continue
			}
			want++
		}
	}
	regional := len(r.Municipalities[0].Catalog.Services) - countLocal(r.Municipalities[0])
	if len(cat.Services) < want+regional {
		t.Errorf("%d services, want at least %d local and %d regional", len(cat.Services), want, regional)
	}
}

func countLocal(c *Content) int {
	n := 0
	for _, s := range c.Catalog.Services {
		if s.Local {
			n++
		}
	}
	return n
}
