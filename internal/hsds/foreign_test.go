package hsds_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/hsds"
)

// The foreign dataset: 252 services of a fictional regional directory
// with its own taxonomy, odd phone numbers, missing hours and markup
// (testdata/foreign/README.md), and the facts an importer must
// reproduce, computed by its generator from its own tables.
const foreign = "testdata/foreign"

type foreignFacts struct {
	Unmapped []struct {
		ID, Name, Reason string
	} `yaml:"unmapped"`
	UnknownTerms []string `yaml:"unknown_terms"`
	Services     []struct {
		ID        string   `yaml:"id"`
		Name      string   `yaml:"name"`
		Rung      string   `yaml:"rung"`
		Topics    []string `yaml:"topics"`
		Audiences []string `yaml:"audiences"`
	} `yaml:"services_mapped"`
}

func readForeign(t *testing.T) (*hsds.Source, *hsds.Mapping, foreignFacts) {
	t.Helper()
	src, err := hsds.Read(filepath.Join(foreign, "regio.json"), nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := hsds.ReadMapping(filepath.Join(foreign, hsds.MappingFile))
	if err != nil {
		t.Fatal(err)
	}
	var facts foreignFacts
	b, err := os.ReadFile(filepath.Join(foreign, "expected.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &facts); err != nil {
		t.Fatal(err)
	}
	return src, m, facts
}

// TestMappingForeign: the mapping places every service of the foreign
// dataset as its facts say: rung, topics and audiences; the unmapped ones
// and the unknown terms are found.
func TestMappingForeign(t *testing.T) {
	src, m, facts := readForeign(t)
	if len(src.Services) != len(facts.Services) || len(src.Services) < 200 {
		t.Fatalf("%d services read, the facts have %d", len(src.Services), len(facts.Services))
	}
	var unmapped []string
	unknown := map[string]bool{}
	wrong := 0
	for i, s := range src.Services {
		want := facts.Services[i]
		rung, topics, audiences, _, unk := m.Place(s, src.Terms)
		got := []string{string(rung), strings.Join(topics, ","), strings.Join(audienceIDs(audiences), ",")}
		exp := []string{want.Rung, strings.Join(want.Topics, ","), strings.Join(want.Audiences, ",")}
		if s.ID != want.ID || !slices.Equal(got, exp) {
			if wrong++; wrong <= 5 {
				t.Errorf("%s %s: rung, topics, audiences %q, want %q", s.ID, s.Name, got, exp)
			}
		}
		if rung == "" || len(topics) == 0 {
			unmapped = append(unmapped, s.ID)
		}
		for _, u := range unk {
			unknown[strings.Fields(u)[0]] = true
		}
	}
	var wantUnmapped []string
	for _, u := range facts.Unmapped {
		wantUnmapped = append(wantUnmapped, u.ID)
	}
	if !slices.Equal(unmapped, wantUnmapped) {
		t.Errorf("unmapped %v, want %v", unmapped, wantUnmapped)
	}
	if got := slices.Sorted(func(yield func(string) bool) {
		for k := range unknown {
			if !yield(k) {
				return
			}
		}
	}); !slices.Equal(got, facts.UnknownTerms) {
		t.Errorf("unknown terms %v, want %v", got, facts.UnknownTerms)
	}
	if wrong > 0 {
		t.Errorf("%d of %d services placed otherwise than the facts", wrong, len(src.Services))
	}
}

func audienceIDs(as []catalog.Audience) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = string(a)
	}
	return out
}

// phoneJunk is what a phone number must lose: "tel.", "+31", remarks.
var phoneJunk = regexp.MustCompile(`(?i)^tel|telefoon|\+31|\(`)

var markup = regexp.MustCompile(`<[a-zA-Z/][^>]*>|&[a-z]+;|&#[0-9]+;`)

// TestImportForeign imports the foreign dataset into the demo
// municipality: its services for Beekdal, the region and the country come
// in, the other municipalities' stay out; what the mapping cannot place
// waits for review; texts, addresses and phone numbers are cleaned; the
// folder validates; a second import changes nothing.
func TestImportForeign(t *testing.T) {
	src, m, facts := readForeign(t)
	dir := contentDir(t, false)
	var progress []int
	rep, err := hsds.Import(src, dir, hsds.ImportOptions{Source: "veenland", Mapping: m, Now: importNow,
		Progress: func(done, total int) { progress = append(progress, done) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(progress) < 3 || progress[len(progress)-1] != len(src.Services) {
		t.Errorf("progress %v", progress)
	}
	in := len(rep.Added)
	if in+len(rep.Elsewhere) != len(src.Services) || in < 100 || len(rep.Elsewhere) < 50 {
		t.Errorf("%d imported, %d for elsewhere, of %d", in, len(rep.Elsewhere), len(src.Services))
	}
	if !slices.ContainsFunc(rep.UnknownTerms, func(s string) bool { return strings.HasPrefix(s, "DG.NIEUWK") }) {
		t.Errorf("unknown terms %v", rep.UnknownTerms)
	}
	c := loadDir(t, dir)
	imported := map[string]catalog.Service{}
	for _, s := range append(slices.Clone(c.Catalog.Services), c.Catalog.Held...) {
		if s.Source == "veenland" {
			imported[s.ID] = s
		}
	}
	if len(imported) != in {
		t.Fatalf("%d services in the folder from the source, %d added", len(imported), in)
	}
	// Every unmapped service that came in waits for review.
	for _, u := range facts.Unmapped {
		if s, ok := imported[u.ID]; ok && !strings.HasPrefix(s.Review, u.Reason) {
			t.Errorf("%s: review %q, want %q", u.Name, s.Review, u.Reason)
		}
	}
	shown := 0
	for _, s := range imported {
		for _, txt := range []catalog.Text{s.Name, s.Description, s.EligibilityDescription, s.FeesDescription} {
			if v := txt["nl"]; markup.MatchString(v) || v != strings.TrimSpace(v) || strings.Contains(v, "\n") {
				t.Errorf("%s: text %q keeps markup or white space", s.ID, v)
			}
		}
		if s.URL != "" && !strings.HasPrefix(s.URL, "http") {
			t.Errorf("%s: url %q", s.ID, s.URL)
		}
		if phoneJunk.MatchString(s.Phone) {
			t.Errorf("%s: phone %q", s.ID, s.Phone)
		}
		if s.HeldBack() == "" {
			shown++
		}
	}
	for _, l := range c.Catalog.Locations {
		if l.Address.PostalCode != "" && !regexp.MustCompile(`^\d{4} [A-Z]{2}$`).MatchString(l.Address.PostalCode) {
			t.Errorf("location %s: postcode %q", l.ID, l.Address.PostalCode)
		}
	}
	if shown == 0 || shown == in {
		t.Errorf("%d of %d imported services shown", shown, in)
	}
	file := filepath.Join(dir, rep.File)
	first, _ := os.ReadFile(file)
	again, err := hsds.Import(src, dir, hsds.ImportOptions{Source: "veenland", Mapping: m, Now: importNow})
	if err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(file)
	if len(again.Unchanged) != in || len(again.Added)+len(again.Updated) != 0 || string(first) != string(second) {
		t.Errorf("second import: %d unchanged, %d added, %d updated", len(again.Unchanged), len(again.Added), len(again.Updated))
	}
	// A service that moves to another municipality is withdrawn here.
	moved := -1
	for i, sv := range src.Services {
		if len(sv.ServiceAreas) == 1 && sv.ServiceAreas[0].Name == "Gemeente Beekdal" {
			moved = i
			break
		}
	}
	src.Services[moved].ServiceAreas[0].Name = "Gemeente Lindeveen"
	third, err := hsds.Import(src, dir, hsds.ImportOptions{Source: "veenland", Mapping: m, Now: importNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(third.Withdrawn) != 1 || third.Withdrawn[0] != strings.TrimSpace(src.Services[moved].Name) || len(third.Elsewhere) != len(rep.Elsewhere)+1 {
		t.Errorf("a service moved away: withdrawn %v, %d elsewhere", third.Withdrawn, len(third.Elsewhere))
	}
	loadDir(t, dir)
	t.Logf("%d services in (%d shown, %d held back), %d for other municipalities left out, %d notes, %d organisations, %d locations",
		in, shown, in-shown, len(rep.Elsewhere), len(rep.Notes), rep.Organizations, rep.Locations)
}
