package foreign_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/wegwijzer/wegwijzer/internal/hsds/schema"
)

// The generated files, as committed.
var generated = []string{"regio.json", "hsds-mapping.yaml", "expected.yaml"}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

type term struct {
	ID          string `json:"id"`
	Code        string `json:"code"`
	Name        string `json:"name"`
	Description string `json:"description"`
	ParentID    string `json:"parent_id"`
	Taxonomy    string `json:"taxonomy"`
	TaxonomyID  string `json:"taxonomy_id"`
}

type service struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Status string `json:"status"`
	URL    string `json:"url"`
	Email  string `json:"email"`
	Phones []struct {
		Number string `json:"number"`
	} `json:"phones"`
	Organization struct {
		Website string `json:"website"`
		Email   string `json:"email"`
	} `json:"organization"`
	Attributes []struct {
		TaxonomyTermID string `json:"taxonomy_term_id"`
		TaxonomyTerm   term   `json:"taxonomy_term"`
	} `json:"attributes"`
}

type page struct {
	TotalItems int               `json:"total_items"`
	Size       int               `json:"size"`
	Contents   []json.RawMessage `json:"contents"`
}

func readPage(t *testing.T) ([]byte, page, []service) {
	t.Helper()
	b, err := os.ReadFile("regio.json")
	if err != nil {
		t.Fatal(err)
	}
	var p page
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	svcs := make([]service, len(p.Contents))
	for i, raw := range p.Contents {
		if err := json.Unmarshal(raw, &svcs[i]); err != nil {
			t.Fatal(err)
		}
	}
	return b, p, svcs
}

// TestValidAgainstHSDS: the page and every service in it pass the
// official HSDS 3.0 schemas.
func TestValidAgainstHSDS(t *testing.T) {
	b, p, _ := readPage(t)
	v, err := schema.New()
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Response("/services", b); err != nil {
		t.Error(err)
	}
	for i, raw := range p.Contents {
		if err := v.FullService(raw); err != nil {
			t.Errorf("service %d: %v", i, err)
		}
	}
}

// TestShape: the count is in range, ids are unique UUIDs, an object that
// appears in several services (organisation, location, term) is the same
// everywhere, every term an attribute names is there, and every parent
// term is among the document's terms.
func TestShape(t *testing.T) {
	b, p, svcs := readPage(t)
	if n := len(p.Contents); n < 220 || n > 260 || p.TotalItems != n || p.Size != n {
		t.Errorf("%d services, total_items %d, size %d; want 220-260, all equal", n, p.TotalItems, p.Size)
	}
	ids := map[string]bool{}
	for _, s := range svcs {
		if ids[s.ID] {
			t.Errorf("service id %s twice", s.ID)
		}
		ids[s.ID] = true
	}

	// Every object with an id, anywhere: a UUID, and one content per id.
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	objects := map[string]string{}
	var walk func(x any)
	walk = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			for k, v := range x {
				if s, ok := v.(string); ok && (k == "id" || strings.HasSuffix(k, "_id")) && !uuidRE.MatchString(s) {
					t.Errorf("%s %q is not a lower-case UUID", k, s)
				}
				walk(v)
			}
			if id, ok := x["id"].(string); ok {
				enc, _ := json.Marshal(x)
				if prev, ok := objects[id]; ok && prev != string(enc) {
					t.Errorf("id %s names two different objects:\n%s\n%s", id, prev, enc)
				}
				objects[id] = string(enc)
			}
		case []any:
			for _, v := range x {
				walk(v)
			}
		}
	}
	walk(doc)

	terms := map[string]term{}
	for _, s := range svcs {
		for _, a := range s.Attributes {
			if a.TaxonomyTermID != a.TaxonomyTerm.ID {
				t.Errorf("%s: taxonomy_term_id %s, nested term %s", s.Name, a.TaxonomyTermID, a.TaxonomyTerm.ID)
			}
			terms[a.TaxonomyTerm.ID] = a.TaxonomyTerm
		}
	}
	for _, s := range svcs {
		for _, a := range s.Attributes {
			if _, ok := terms[a.TaxonomyTermID]; !ok {
				t.Errorf("%s: term %s unknown", s.Name, a.TaxonomyTermID)
			}
		}
	}
	if n := len(terms); n < 40 || n > 60 {
		t.Errorf("%d terms, want 40-60", n)
	}
	for _, tm := range terms {
		if tm.ParentID == "" {
			continue
		}
		if p, ok := terms[tm.ParentID]; !ok {
			t.Errorf("term %s: parent %s is not in the document", tm.Code, tm.ParentID)
		} else if !strings.HasPrefix(tm.Code, p.Code+".") || p.TaxonomyID != tm.TaxonomyID {
			t.Errorf("term %s has parent %s", tm.Code, p.Code)
		}
	}
}

// TestFictional: nothing in the dataset could reach a real person, apart
// from the national lines the portal itself names.
func TestFictional(t *testing.T) {
	_, _, svcs := readPage(t)
	realNumbers := []string{"112", "113", "0800-0113", "0800-2000"}
	realSites := []string{"https://www.113.nl"}
	host := regexp.MustCompile(`^https?://[a-z0-9.-]+\.example\.org(/|$)`)
	mail := regexp.MustCompile(`(?i)^[a-z0-9.]+@[a-z0-9.-]+\.example\.org$`)
	for _, s := range svcs {
		for _, ph := range s.Phones {
			if !fictionalPhone(ph.Number) && !slices.Contains(realNumbers, ph.Number) {
				t.Errorf("%s: phone %q could be real", s.Name, ph.Number)
			}
		}
		for _, u := range []string{s.URL, s.Organization.Website} {
			if u != "" && !host.MatchString(u) && !slices.Contains(realSites, u) {
				t.Errorf("%s: web address %q is not fictional", s.Name, u)
			}
		}
		for _, e := range []string{s.Email, s.Organization.Email} {
			if e != "" && !mail.MatchString(e) {
				t.Errorf("%s: email %q is not fictional", s.Name, e)
			}
		}
	}
}

// fictionalPhone: the number, written in any form, has the area code 0000
// (none in the Netherlands) or is an 0900 or 0800 number starting 0000.
func fictionalPhone(number string) bool {
	n := strings.ReplaceAll(number, "(0)", "")
	var d strings.Builder
	for _, r := range n {
		if r >= '0' && r <= '9' || r == '+' {
			d.WriteRune(r)
		}
	}
	digits := d.String()
	if rest, ok := strings.CutPrefix(digits, "+31"); ok {
		digits = "0" + rest
	}
	return strings.HasPrefix(digits, "0000") || strings.HasPrefix(digits, "09000000") || strings.HasPrefix(digits, "08000000")
}

// TestRegenerate: a fresh run of the generator writes the committed bytes.
func TestRegenerate(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	dir := t.TempDir()
	cmd := exec.Command(goBin, "run", "./gen", "-out", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./gen: %v\n%s", err, out)
	}
	for _, f := range generated {
		want, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from a fresh run of the generator: run go generate ./internal/hsds/testdata/foreign/", f)
		}
	}
}

// The mapping file, as its header documents it.
type mappingFile struct {
	Format     int    `yaml:"format"`
	Source     string `yaml:"source"`
	Taxonomies map[string]struct {
		ID   string `yaml:"id"`
		Name string `yaml:"name"`
	} `yaml:"taxonomies"`
	Rung struct {
		DecidedBy []string `yaml:"decided_by"`
		Prefer    []string `yaml:"prefer"`
		Default   string   `yaml:"default"`
	} `yaml:"rung"`
	Defaults struct {
		Audiences []string `yaml:"audiences"`
	} `yaml:"defaults"`
	// Areas decide where a service is for, not how it is placed.
	Areas struct {
		Whole []string `yaml:"whole"`
	} `yaml:"areas"`
	Terms []mappingTerm `yaml:"terms"`
}

type mappingTerm struct {
	ID        string   `yaml:"id"`
	Code      string   `yaml:"code"`
	Rung      string   `yaml:"rung"`
	Topics    []string `yaml:"topics"`
	Audiences []string `yaml:"audiences"`
	Ignore    bool     `yaml:"ignore"`
}

func (m mappingTerm) matches(t term) bool {
	return (m.ID != "" || m.Code != "") && (m.ID == "" || m.ID == t.ID) && (m.Code == "" || m.Code == t.Code)
}

type expectedFile struct {
	Services       int                       `yaml:"services"`
	All            map[string]map[string]int `yaml:"all_services"`
	Active         map[string]map[string]int `yaml:"active_services"`
	Unmapped       []struct{ ID, Name, Reason string }
	UnmappedCount  int            `yaml:"unmapped_count"`
	UnknownTerms   []string       `yaml:"unknown_terms"`
	IgnoredTerms   []string       `yaml:"ignored_terms"`
	Awkward        map[string]int `yaml:"awkward"`
	ServicesMapped []struct {
		ID        string   `yaml:"id"`
		Name      string   `yaml:"name"`
		Status    string   `yaml:"status"`
		Rung      string   `yaml:"rung"`
		Topics    []string `yaml:"topics"`
		Audiences []string `yaml:"audiences"`
	} `yaml:"services_mapped"`
}

var (
	rungs     = []string{"self", "community", "general", "custom", "urgent"}
	topics    = []string{"money", "paperwork", "loneliness", "household", "mobility", "housing", "care", "mental", "caregiving", "parenting", "work", "language", "safety"}
	audiences = []string{"resident", "carer", "cared_for", "parent", "young_person"}
)

func readYAML(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// TestMappingAndExpected applies hsds-mapping.yaml to regio.json by the
// rules in the mapping's header, independently of the generator, and
// finds what expected.yaml says. This is a check that the three files
// agree and the rules are unambiguous; it is not the importer.
func TestMappingAndExpected(t *testing.T) {
	_, _, svcs := readPage(t)
	var m mappingFile
	readYAML(t, "hsds-mapping.yaml", &m)
	var exp struct {
		expectedFile `yaml:",inline"`
		Rest         map[string]any `yaml:",inline"`
	}
	readYAML(t, "expected.yaml", &exp)
	e := exp.expectedFile

	// The mapping itself.
	if m.Format != 1 {
		t.Errorf("format %d", m.Format)
	}
	if !sameSet(m.Rung.Prefer, rungs) {
		t.Errorf("rung.prefer %v: want each rung once", m.Rung.Prefer)
	}
	for _, k := range m.Rung.DecidedBy {
		if _, ok := m.Taxonomies[k]; !ok {
			t.Errorf("rung.decided_by names %q, not a taxonomy key", k)
		}
	}
	terms := map[string]term{}
	for _, s := range svcs {
		for _, a := range s.Attributes {
			terms[a.TaxonomyTerm.ID] = a.TaxonomyTerm
		}
	}
	for i, mt := range m.Terms {
		n := 0
		for _, tm := range terms {
			if mt.matches(tm) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("terms[%d] (%s %s) matches %d terms of the source, want 1", i, mt.Code, mt.ID, n)
		}
		if mt.Rung == "" && len(mt.Topics) == 0 && len(mt.Audiences) == 0 && !mt.Ignore {
			t.Errorf("terms[%d] (%s %s) says nothing", i, mt.Code, mt.ID)
		}
		if mt.Rung != "" && !slices.Contains(rungs, mt.Rung) {
			t.Errorf("terms[%d]: rung %q", i, mt.Rung)
		}
		for _, x := range mt.Topics {
			if !slices.Contains(topics, x) {
				t.Errorf("terms[%d]: topic %q", i, x)
			}
		}
		for _, x := range mt.Audiences {
			if !slices.Contains(audiences, x) {
				t.Errorf("terms[%d]: audience %q", i, x)
			}
		}
	}

	// Apply it.
	taxOf := func(tm term) string {
		for k, tx := range m.Taxonomies {
			if (tx.ID != "" && tx.ID == tm.TaxonomyID) || (tx.Name != "" && tx.Name == tm.Taxonomy) {
				return k
			}
		}
		return ""
	}
	entry := func(tm term) (mappingTerm, bool) {
		for _, mt := range m.Terms {
			if mt.matches(tm) {
				return mt, true
			}
		}
		return mappingTerm{}, false
	}
	unknown, ignored := map[string]bool{}, map[string]bool{}
	if len(e.ServicesMapped) != len(svcs) || e.Services != len(svcs) {
		t.Fatalf("expected.yaml: %d services, %d mapped; regio.json has %d", e.Services, len(e.ServicesMapped), len(svcs))
	}
	count := map[bool]map[string]map[string]int{}
	for _, active := range []bool{false, true} {
		count[active] = map[string]map[string]int{"by_rung": {}, "by_topic": {}, "by_audience": {}}
	}
	var unmapped []string
	for i, s := range svcs {
		var rung string
		var tops, auds []string
		for _, tax := range m.Rung.DecidedBy {
			got := map[string]bool{}
			for _, a := range s.Attributes {
				if mt, ok := entry(a.TaxonomyTerm); ok && !mt.Ignore && mt.Rung != "" && taxOf(a.TaxonomyTerm) == tax {
					got[mt.Rung] = true
				}
			}
			for _, r := range m.Rung.Prefer {
				if got[r] && rung == "" {
					rung = r
				}
			}
			if rung != "" {
				break
			}
		}
		if rung == "" {
			rung = m.Rung.Default
		}
		for _, a := range s.Attributes {
			mt, ok := entry(a.TaxonomyTerm)
			switch {
			case !ok:
				unknown[a.TaxonomyTerm.Code] = true
				continue
			case mt.Ignore:
				ignored[a.TaxonomyTerm.Code] = true
				continue
			}
			for _, x := range mt.Topics {
				if !slices.Contains(tops, x) {
					tops = append(tops, x)
				}
			}
			for _, x := range mt.Audiences {
				if !slices.Contains(auds, x) {
					auds = append(auds, x)
				}
			}
		}
		if len(auds) == 0 {
			auds = m.Defaults.Audiences
		}
		want := e.ServicesMapped[i]
		if want.ID != s.ID || want.Name != s.Name || want.Status != s.Status || want.Rung != rung ||
			!slices.Equal(want.Topics, tops) || !slices.Equal(want.Audiences, auds) {
			t.Errorf("service %d %q: mapping gives %s %v %v; expected.yaml says %+v", i, s.Name, rung, tops, auds, want)
		}
		if rung == "" || len(tops) == 0 {
			unmapped = append(unmapped, s.ID)
		}
		for _, active := range []bool{false, true} {
			if active && s.Status != "active" {
				continue
			}
			c := count[active]
			if rung == "" {
				c["by_rung"]["none"]++
			} else {
				c["by_rung"][rung]++
			}
			for _, x := range tops {
				c["by_topic"][x]++
			}
			for _, x := range auds {
				c["by_audience"][x]++
			}
		}
	}
	for active, want := range map[bool]map[string]map[string]int{false: e.All, true: e.Active} {
		for _, k := range []string{"by_rung", "by_topic", "by_audience"} {
			got := map[string]int{}
			for id, n := range want[k] {
				if n != 0 {
					got[id] = n
				}
			}
			if !reflect.DeepEqual(count[active][k], got) {
				t.Errorf("active only %v, %s: counted %v, expected.yaml %v", active, k, count[active][k], got)
			}
		}
	}
	var wantUnmapped []string
	for _, u := range e.Unmapped {
		wantUnmapped = append(wantUnmapped, u.ID)
	}
	if !slices.Equal(unmapped, wantUnmapped) || e.UnmappedCount != len(unmapped) {
		t.Errorf("unmapped: %v; expected.yaml %v (count %d)", unmapped, wantUnmapped, e.UnmappedCount)
	}
	if !sameSet(keys(unknown), e.UnknownTerms) || !sameSet(keys(ignored), e.IgnoredTerms) {
		t.Errorf("unknown %v ignored %v; expected.yaml %v %v", keys(unknown), keys(ignored), e.UnknownTerms, e.IgnoredTerms)
	}
	// Every topic has services; some services stay unmapped, on purpose.
	for _, x := range topics {
		if e.All["by_topic"][x] < 5 {
			t.Errorf("topic %s: only %d services", x, e.All["by_topic"][x])
		}
	}
	if len(unmapped) == 0 {
		t.Error("no unmapped services")
	}
}

// TestReadmeCounts: README.md's table of awkward cases has the counts of
// expected.yaml.
func TestReadmeCounts(t *testing.T) {
	var e struct {
		Awkward map[string]int `yaml:"awkward"`
	}
	b, err := os.ReadFile("expected.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &e); err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("(?m)^\\| `([a-z_0-9]+)` \\| ([0-9]+) \\|")
	got := map[string]int{}
	for _, m := range row.FindAllStringSubmatch(string(readme), -1) {
		n := 0
		for _, c := range m[2] {
			n = n*10 + int(c-'0')
		}
		got[m[1]] = n
	}
	if !reflect.DeepEqual(got, e.Awkward) {
		t.Errorf("README.md awkward table %v\nexpected.yaml %v", got, e.Awkward)
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), b) && len(a) == len(b)
}
