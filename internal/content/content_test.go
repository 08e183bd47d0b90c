package content

import (
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	democontent "github.com/wegwijzer/wegwijzer/content"
	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/locales"
)

// copyDemo returns a writable copy of the demo content.
func copyDemo(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(democontent.Demo, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(democontent.Demo, p)
		m[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestDemoContentIsValid(t *testing.T) {
	c, err := Load(democontent.Demo, locales.FS)
	if err != nil {
		t.Fatalf("demo content:\n%v", err)
	}
	if len(c.Warnings) > 0 {
		t.Errorf("demo content has warnings:\n%v", c.Warnings)
	}
	cat := c.Catalog
	if !cat.Municipality.Demo {
		t.Error("the demo municipality does not say it is a demo")
	}
	if len(cat.Places) < 6 {
		t.Errorf("%d places, want at least 6", len(cat.Places))
	}
	if len(cat.Services) < 60 {
		t.Errorf("%d services, want at least 60", len(cat.Services))
	}
	community := map[string]int{}
	tips := map[string]int{}
	for _, s := range cat.Services {
		if s.Level == catalog.Community {
			for _, tp := range s.Topics {
				community[tp]++
			}
		}
	}
	for _, tip := range cat.Tips {
		for _, tp := range tip.Topics {
			tips[tp]++
		}
	}
	for _, tp := range catalog.Topics {
		if community[tp] < 2 {
			t.Errorf("topic %s has %d community services, want at least 2", tp, community[tp])
		}
		if tips[tp] == 0 {
			t.Errorf("topic %s has no self-help tips", tp)
		}
	}
	// The real national crisis lines are there, as they are.
	numbers := map[string]bool{}
	for _, s := range cat.Services {
		if s.Level == catalog.Urgent {
			numbers[s.Phone] = true
		}
	}
	for _, n := range []string{"112", "113", "0800-2000"} {
		if !numbers[n] {
			t.Errorf("urgent line %s missing", n)
		}
	}
}

// TestBrokenContent breaks a copy of the demo in one way at a time and
// expects an error naming the file and the item.
func TestBrokenContent(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		edit  func(string) string
		wants []string // substrings of one problem
	}{
		{"missing file", "municipalities/beekdal/places.yaml", nil, []string{"municipalities/beekdal/places.yaml", "file is missing"}},
		{"yaml syntax", "flow.yaml", func(s string) string { return s + "\n  - id: [oops\n" }, []string{"flow.yaml"}},
		{"misspelt key", "flow.yaml", func(s string) string {
			return strings.Replace(s, "    kind: topics", "    kind: topics\n    optoins: []", 1)
		}, []string{"flow.yaml", "optoins"}},
		{"unknown organization", "catalog/services-money.yaml", func(s string) string {
			return strings.Replace(s, "organization: ", "organization: nobody-", 1)
		}, []string{"catalog/services-money.yaml", "unknown organization"}},
		{"bad schedule", "catalog/services-money.yaml", func(s string) string {
			return replaceNth(s, `opens_at: "`, `opens_at: "9.5`, 1)
		}, []string{"catalog/services-money.yaml", "schedules[0]", "opens_at"}},
		{"bad postcode range", "municipalities/beekdal/places.yaml", func(s string) string {
			return replaceNth(s, `postcodes: ["`, `postcodes: ["99x0-`, 1)
		}, []string{"municipalities/beekdal/places.yaml", "place "}},
		{"overlapping postcodes", "municipalities/beekdal/places.yaml", func(s string) string {
			return s + "\n  - id: extra\n    name: Extra\n    postcodes: [\"9990-9999\"]\n    latitude: 53.1\n    longitude: 6.6\n"
		}, []string{"municipalities/beekdal/places.yaml", "place extra", "overlap"}},
		{"unknown topic", "catalog/services-work.yaml", func(s string) string {
			return replaceNth(s, "topics: [", "topics: [weather, ", 1)
		}, []string{"catalog/services-work.yaml", `unknown topic "weather"`}},
		{"condition on a later question", "flow.yaml", func(s string) string {
			return strings.Replace(s, "    topics: [safety]\n", "    topics: [safety]\n    when: [{question: place, in: [x]}]\n", 1)
		}, []string{"flow.yaml", "asked later"}},
		{"question never asked", "flow.yaml", func(s string) string {
			return strings.Replace(s, "    topics: [safety]\n", "    topics: [safety]\n    when: [{question: who, in: [self]}, {question: who, not_in: [self]}]\n", 1)
		}, []string{"flow.yaml", "never asked"}},
		{"last_modified not a date", "catalog/services-money.yaml", func(s string) string {
			return setLastModified(s, "14-09-2026")
		}, []string{"catalog/services-money.yaml", "service hulp-thuisadministratie", `last_modified "14-09-2026" is not a date`}},
		{"last_modified impossible date", "catalog/services-money.yaml", func(s string) string {
			return setLastModified(s, "2026-02-30")
		}, []string{"catalog/services-money.yaml", "service hulp-thuisadministratie", `last_modified "2026-02-30" is not a date`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := copyDemo(t)
			if tt.edit == nil {
				delete(m, tt.file)
			} else {
				old := string(m[tt.file].Data)
				edited := tt.edit(old)
				if edited == old {
					t.Fatalf("the edit changed nothing in %s", tt.file)
				}
				m[tt.file] = &fstest.MapFile{Data: []byte(edited)}
			}
			_, err := Load(m, locales.FS)
			expectProblem(t, err, tt.wants...)
		})
	}
	t.Run("missing message", func(t *testing.T) {
		m := copyDemo(t)
		en := string(m["locales/en.yaml"].Data)
		i := strings.Index(en, "flow.who.text:")
		j := strings.Index(en[i:], "\n")
		m["locales/en.yaml"] = &fstest.MapFile{Data: []byte(en[:i] + en[i+j+1:])}
		_, err := Load(m, locales.FS)
		expectProblem(t, err, "locales/en.yaml", "flow.who.text", "missing")
	})
}

// setLastModified sets the first service's last_modified in a catalogue
// file to v.
func setLastModified(s, v string) string {
	const key = `last_modified: "`
	i := strings.Index(s, key)
	if i < 0 {
		return s
	}
	i += len(key)
	return s[:i] + v + s[i+strings.Index(s[i:], `"`):]
}

// TestLastModified: a date after today (in Amsterdam, at load time) is an
// error; a missing date is only a warning.
func TestLastModified(t *testing.T) {
	// 23:30 UTC on 31 January is already 1 February in Amsterdam.
	now := time.Date(2027, 1, 31, 23, 30, 0, 0, time.UTC)
	const file, item = "catalog/services-money.yaml", "service hulp-thuisadministratie"
	load1 := func(t *testing.T, edit func(string) string) (*Content, error) {
		t.Helper()
		m := copyDemo(t)
		old := string(m[file].Data)
		edited := edit(old)
		if edited == old {
			t.Fatalf("the edit changed nothing in %s", file)
		}
		m[file] = &fstest.MapFile{Data: []byte(edited)}
		return load(m, locales.FS, now)
	}
	t.Run("future", func(t *testing.T) {
		_, err := load1(t, func(s string) string { return setLastModified(s, "2027-02-02") })
		expectProblem(t, err, file, item, "last_modified 2027-02-02 is in the future (today is 2027-02-01)")
		// Today, in Amsterdam, is not the future.
		_, err = load1(t, func(s string) string { return setLastModified(s, "2027-02-01") })
		if ps, ok := err.(Problems); ok {
			for _, p := range ps {
				if strings.Contains(p.String(), item+": last_modified") {
					t.Errorf("today's date is rejected: %s", p)
				}
			}
		} else if err != nil {
			t.Fatal(err)
		}
	})
	t.Run("missing", func(t *testing.T) {
		c, err := load1(t, func(s string) string {
			i := strings.Index(s, "    last_modified: ")
			if i < 0 {
				return s
			}
			return s[:i] + s[i+strings.Index(s[i:], "\n")+1:]
		})
		if err != nil {
			t.Fatalf("a missing last_modified is an error, want a warning:\n%v", err)
		}
		want := file + ": " + item + ": has no last_modified: the HSDS API cannot tell when it changed"
		for _, w := range c.Warnings {
			if w.String() == "warning: "+want {
				return
			}
		}
		t.Errorf("no warning %q in:\n%v", want, c.Warnings)
	})
}

func expectProblem(t *testing.T, err error, wants ...string) {
	t.Helper()
	ps, ok := err.(Problems)
	if !ok {
		t.Fatalf("err = %v (%T), want Problems", err, err)
	}
	for _, p := range ps.Errors() {
		s := p.String()
		all := true
		for _, w := range wants {
			if !strings.Contains(s, w) {
				all = false
			}
		}
		if all {
			return
		}
	}
	t.Errorf("no problem mentions all of %q; got:\n%v", wants, err)
}

func replaceNth(s, old, new string, n int) string {
	i := -1
	for ; n > 0; n-- {
		j := strings.Index(s[i+1:], old)
		if j < 0 {
			return s
		}
		i += j + 1
	}
	return s[:i] + new + s[i+len(old):]
}

// TestPlainDutchWarnings: validate warns (and does not fail) about Dutch
// text that is probably above B1, names where it is, and accepts long
// words that the glossary lists.
func TestPlainDutchWarnings(t *testing.T) {
	m := copyDemo(t)
	long := "Indien u in aanmerking wenst te komen voor een maatwerkvoorziening, dient u een aanvraagformulier in te vullen dat u, nadat het is ondertekend, retourneert aan de afdeling die hiervoor verantwoordelijk is."
	nl := string(m["locales/nl.yaml"].Data)
	nl = strings.Replace(nl, "\nflow.who.text:", "\nflow.who.hint_extra_test: "+strconv.Quote(long)+"\nflow.who.text:", 1)
	m["locales/nl.yaml"] = &fstest.MapFile{Data: []byte(nl)}
	tips := string(m["selfhelp.yaml"].Data)
	tips = replaceNth(tips, "      nl: ", "      nl: Vraag een maatwerkvoorziening aan. Bel je buurvrouw. ", 2)
	m["selfhelp.yaml"] = &fstest.MapFile{Data: []byte(tips)}
	c, err := Load(m, locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range c.Warnings {
		got = append(got, w.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"flow.who.hint_extra_test: probably above B1: sentence 1 has",
		"clauses",
		`long word "maatwerkvoorziening"`,
		`says "je": address residents as "u"`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no warning %q in:\n%s", want, all)
		}
	}
	if !strings.Contains(all, "selfhelp.yaml") {
		t.Errorf("the long word in a tip is not placed in selfhelp.yaml:\n%s", all)
	}
	// A glossary word is accepted however long it is.
	g := string(m["glossary.yaml"].Data) + "  - term: maatwerkvoorziening\n    explanation: Hulp van de gemeente die precies bij u past.\n"
	m["glossary.yaml"] = &fstest.MapFile{Data: []byte(g)}
	c, err = Load(m, locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range c.Warnings {
		if strings.Contains(w.String(), `"maatwerkvoorziening"`) {
			t.Errorf("glossary word still warned about: %s", w)
		}
	}
}

// TestHeldBack: a service an import marked for review, withdrawn or not
// active in its source is in the content but not shown to residents, and
// what is wrong with it (here: no topics, no level) is a warning, not an
// error that stops the portal.
func TestHeldBack(t *testing.T) {
	m := copyDemo(t)
	const file = "catalog/imported.yaml"
	m[file] = &fstest.MapFile{Data: []byte(`services:
  - id: 0b2f1c9e-8d4a-5f3b-9c1d-2e4f6a8b0c1d
    organization: welzijn-beekdal
    name: Dierenopvang Veenland
    description: Opvang voor zwerfdieren.
    phone: "0000 123 999"
    last_modified: "2026-11-02"
    source: regio
    review: "no rung and no topic: terms SK.12 Dierenwelzijn"
  - id: 1b2f1c9e-8d4a-5f3b-9c1d-2e4f6a8b0c1d
    organization: welzijn-beekdal
    name: Oude soos
    description: Een soos die niet meer bestaat.
    level: community
    topics: [loneliness]
    phone: "0000 123 998"
    last_modified: "2026-10-02"
    source: regio
    withdrawn: "2026-12-01"
`)}
	c, err := load(m, locales.FS, time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatalf("held-back services stop the content:\n%v", err)
	}
	if len(c.Catalog.Held) != 2 {
		t.Fatalf("%d services held back, want 2", len(c.Catalog.Held))
	}
	for _, s := range c.Catalog.Services {
		if s.Source == "regio" {
			t.Errorf("service %s is shown to residents", s.ID)
		}
	}
	want := []string{"residents do not see it: held back for review: no rung", "has no topics", "residents do not see it: withdrawn from its source regio on 2026-12-01"}
	for _, w := range want {
		found := false
		for _, p := range c.Warnings {
			found = found || p.File == file && strings.Contains(p.Msg, w)
		}
		if !found {
			t.Errorf("no warning %q in %s", w, file)
		}
	}
}
