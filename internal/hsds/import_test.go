package hsds_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	democontent "github.com/wegwijzer/wegwijzer/content"
	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/hsds"
	"github.com/wegwijzer/wegwijzer/locales"
)

var importNow = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

// contentDir is a copy of the demo content folder; without its own
// catalogue when bare.
func contentDir(t *testing.T, bare bool) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(dir, democontent.Demo); err != nil {
		t.Fatal(err)
	}
	if bare {
		files, _ := filepath.Glob(filepath.Join(dir, "catalog", "*.yaml"))
		overlays, _ := filepath.Glob(filepath.Join(dir, "municipalities", "*", "catalog", "*.yaml"))
		for _, f := range append(files, overlays...) {
			if err := os.Remove(f); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

func loadDir(t *testing.T, dir string) *content.Content {
	t.Helper()
	c, err := content.Load(os.DirFS(dir), locales.FS)
	if err != nil {
		t.Fatalf("%s does not validate:\n%v", dir, err)
	}
	return c
}

func exportOf(t *testing.T, c *content.Content) string {
	t.Helper()
	l := c.Messages.Localizer("nl")
	d := hsds.Build(c.Catalog, "nl", func(id string) string { return l.T(id) })
	dir := filepath.Join(t.TempDir(), "export")
	if _, err := hsds.Export(dir, d); err != nil {
		t.Fatal(err)
	}
	return dir
}

func importInto(t *testing.T, src, dir, source string) hsds.ImportReport {
	t.Helper()
	s, err := hsds.Read(src, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := hsds.Import(s, dir, hsds.ImportOptions{Source: source, Now: importNow})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// files are the files under dir with their contents; a CSV file's lines
// sorted, as the order of rows carries no meaning.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if strings.HasSuffix(p, ".csv") {
			lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
			slices.Sort(lines[1:])
			b = []byte(strings.Join(lines, "\n"))
		}
		out[rel] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRoundTrip: export → import → export gives the same dataset: the
// same objects with the same ids and fields, file for file.
func TestRoundTrip(t *testing.T) {
	c0, err := demo()
	if err != nil {
		t.Fatal(err)
	}
	first := exportOf(t, c0)
	dir := contentDir(t, true)
	rep := importInto(t, first, dir, "beekdal")
	if len(rep.Added) != len(c0.Catalog.Services) || len(rep.Review) != 0 || rep.File != hsds.ImportPath("beekdal") {
		t.Fatalf("import: %d added of %d, review %v, file %q", len(rep.Added), len(c0.Catalog.Services), rep.Review, rep.File)
	}
	second := exportOf(t, loadDir(t, dir))
	a, b := files(t, first), files(t, second)
	diff := 0
	for name, body := range a {
		if b[name] != body {
			diff++
			if diff <= 5 {
				t.Errorf("%s differs after the round trip:\n%s\n---\n%s", name, clip(body), clip(b[name]))
			}
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			t.Errorf("%s is new after the round trip", name)
		}
	}
	if diff > 0 || len(a) != len(b) {
		t.Fatalf("%d of %d files differ; %d files after", diff, len(a), len(b))
	}
	t.Logf("export → import → export: %d files, identical", len(a))
}

func clip(s string) string {
	if len(s) > 600 {
		return s[:600] + "…"
	}
	return s
}

// TestImportOwnExport: importing the portal's own export into its own
// content folder changes nothing: every service is found by its id.
func TestImportOwnExport(t *testing.T) {
	c0, _ := demo()
	exp := exportOf(t, c0)
	dir := contentDir(t, false)
	before := hashDir(t, dir)
	rep := importInto(t, exp, dir, "beekdal")
	if rep.File != "" || len(rep.Added)+len(rep.Updated)+len(rep.Unchanged) != 0 || len(rep.Own) != len(c0.Catalog.Services) {
		t.Errorf("import of the own export: file %q, %d added, %d updated, %d own of %d", rep.File, len(rep.Added), len(rep.Updated), len(rep.Own), len(c0.Catalog.Services))
	}
	if after := hashDir(t, dir); !bytes.Equal(before, after) {
		t.Error("the content folder changed")
	}
}

func hashDir(t *testing.T, dir string) []byte {
	h := sha256.New()
	fs := files(t, dir)
	for _, n := range slices.Sorted(maps.Keys(fs)) {
		h.Write([]byte(n + "\x00" + fs[n] + "\x00"))
	}
	return h.Sum(nil)
}

// TestReimport: importing the same source again changes nothing and adds
// no copies; services gone from it are kept, marked withdrawn and hidden
// from residents; one that comes back is shown again.
func TestReimport(t *testing.T) {
	c0, _ := demo()
	exp := exportOf(t, c0)
	dir := contentDir(t, true)
	importInto(t, exp, dir, "regio")
	file := filepath.Join(dir, hsds.ImportPath("regio"))
	once, _ := os.ReadFile(file)
	// A day later, with nothing changed: the file stays as it is, date
	// and all.
	srcAgain, err := hsds.Read(exp, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := hsds.Import(srcAgain, dir, hsds.ImportOptions{Source: "regio", Now: importNow.AddDate(0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	twice, _ := os.ReadFile(file)
	if len(rep.Unchanged) != len(c0.Catalog.Services) || len(rep.Added)+len(rep.Updated) != 0 || !bytes.Equal(once, twice) {
		t.Fatalf("second import: %d unchanged, %d added, %d updated; file changed: %v", len(rep.Unchanged), len(rep.Added), len(rep.Updated), !bytes.Equal(once, twice))
	}
	// Three services leave the source.
	gone := []string{"geldcafe", "maatschappelijk-werk", "taalcafe"}
	for _, id := range gone {
		if err := os.Remove(filepath.Join(exp, "services", hsds.ID("service", id)+".json")); err != nil {
			t.Fatal(err)
		}
	}
	rep = importInto(t, exp, dir, "regio")
	if len(rep.Withdrawn) != 3 || len(rep.Unchanged) != len(c0.Catalog.Services)-3 {
		t.Fatalf("withdrawn %v, %d unchanged", rep.Withdrawn, len(rep.Unchanged))
	}
	c := loadDir(t, dir)
	if len(c.Catalog.Services) != len(c0.Catalog.Services)-3 || len(c.Catalog.Held) != 3 {
		t.Fatalf("%d shown, %d held", len(c.Catalog.Services), len(c.Catalog.Held))
	}
	for _, s := range c.Catalog.Held {
		if s.Withdrawn != "2026-12-07" || s.Source != "regio" {
			t.Errorf("held %s: withdrawn %q, source %q", s.ID, s.Withdrawn, s.Source)
		}
	}
	// Withdrawn once is reported once.
	if rep := importInto(t, exp, dir, "regio"); len(rep.Withdrawn) != 0 {
		t.Errorf("reported as withdrawn again: %v", rep.Withdrawn)
	}
	// One comes back.
	c1, _ := demo()
	back := exportOf(t, c1)
	if err := os.Rename(filepath.Join(back, "services", hsds.ID("service", gone[0])+".json"), filepath.Join(exp, "services", hsds.ID("service", gone[0])+".json")); err != nil {
		t.Fatal(err)
	}
	rep = importInto(t, exp, dir, "regio")
	if len(rep.Updated) != 1 || len(loadDir(t, dir).Catalog.Held) != 2 {
		t.Errorf("a service back in the source: updated %v, held %d", rep.Updated, len(loadDir(t, dir).Catalog.Held))
	}
}

// TestImportReview: a service whose terms give no rung is kept, marked
// for review, and not shown; its file still validates.
func TestImportReview(t *testing.T) {
	c0, _ := demo()
	exp := exportOf(t, c0)
	path := filepath.Join(exp, "services", hsds.ID("service", "geldcafe")+".json")
	b, _ := os.ReadFile(path)
	var sv hsds.Service
	if err := json.Unmarshal(b, &sv); err != nil {
		t.Fatal(err)
	}
	n := len(sv.Attributes)
	sv.Attributes = slices.DeleteFunc(sv.Attributes, func(a hsds.Attribute) bool { return a.TaxonomyTermID == hsds.TermID(hsds.TaxRung, "community") })
	if len(sv.Attributes) != n-1 {
		t.Fatalf("the Geldcafé has %d rung attributes", n-len(sv.Attributes))
	}
	b, _ = json.Marshal(sv)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	dir := contentDir(t, true)
	rep := importInto(t, exp, dir, "regio")
	if len(rep.Review) != 1 || !strings.HasPrefix(rep.Review[0], "Geldcafé: no rung") {
		t.Fatalf("review %v", rep.Review)
	}
	c := loadDir(t, dir)
	if len(c.Catalog.Held) != 1 || c.Catalog.Held[0].Name["nl"] != "Geldcafé" {
		t.Errorf("held %d", len(c.Catalog.Held))
	}
}

// TestRoundTripTabular: the same round trip through the tabular form
// only (CSV files and datapackage.json, the JSON folders removed).
func TestRoundTripTabular(t *testing.T) {
	c0, _ := demo()
	first := exportOf(t, c0)
	tab := filepath.Join(t.TempDir(), "tabular")
	if err := os.CopyFS(tab, os.DirFS(first)); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"services", "organizations", "locations", "service_at_locations", "taxonomies", "taxonomy_terms"} {
		if err := os.RemoveAll(filepath.Join(tab, d)); err != nil {
			t.Fatal(err)
		}
	}
	dir := contentDir(t, true)
	importInto(t, tab, dir, "beekdal")
	a, b := files(t, first), files(t, exportOf(t, loadDir(t, dir)))
	for name, body := range a {
		if b[name] != body {
			t.Errorf("%s differs after the round trip through the tabular form", name)
		}
	}
	if len(a) != len(b) {
		t.Errorf("%d files, then %d", len(a), len(b))
	}
}
