package hsds_test

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/wegwijzer/wegwijzer/internal/hsds"
	"github.com/wegwijzer/wegwijzer/internal/hsds/schema"
)

// TestExportValid: an export of the demo catalogue holds every object as
// JSON and every row of the tabular form, and all of it validates
// against the official schemas; datapackage.json describes the CSV files.
func TestExportValid(t *testing.T) {
	d, _ := dataset(t, "nl")
	dir := filepath.Join(t.TempDir(), "new", "export") // its parent is made too
	sum, err := hsds.Export(dir, d)
	if err != nil {
		t.Fatal(err)
	}
	v, err := schema.New()
	if err != nil {
		t.Fatal(err)
	}
	// JSON, one file per object.
	object := map[string]string{"organizations": "organization", "locations": "location",
		"service_at_locations": "service_at_location", "taxonomies": "taxonomy", "taxonomy_terms": "taxonomy_term"}
	for folder, want := range map[string]int{
		"services": len(d.Services), "organizations": len(d.Organizations), "locations": len(d.Locations),
		"service_at_locations": len(d.ServiceAtLocations), "taxonomies": len(d.Taxonomies), "taxonomy_terms": len(d.Terms),
	} {
		files, _ := filepath.Glob(filepath.Join(dir, folder, "*.json"))
		if len(files) != want || want == 0 {
			t.Errorf("%s: %d files, want %d", folder, len(files), want)
		}
		for _, f := range files {
			b, _ := os.ReadFile(f)
			var err error
			switch folder {
			case "services":
				err = v.FullService(b)
			default:
				err = v.Object(object[folder], b)
			}
			if err != nil {
				t.Errorf("%s: %v", f, err)
			}
			if id := strings.TrimSuffix(filepath.Base(f), ".json"); !hsds.IsUUID(id) || !strings.Contains(string(b), `"id": "`+id+`"`) {
				t.Errorf("%s: not named by its id", f)
			}
		}
	}
	// The tabular form: the data package lists each CSV with its fields;
	// each row, read back with its fields' types, is a valid object.
	var pkg struct {
		Profile   string
		Resources []struct {
			Name, Path string
			Schema     struct{ Fields []schema.Field }
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, hsds.DataPackage))
	if err != nil || json.Unmarshal(b, &pkg) != nil || pkg.Profile != "tabular-data-package" {
		t.Fatalf("datapackage.json: %v %s", err, b)
	}
	rows := 0
	for _, r := range pkg.Resources {
		f, err := os.Open(filepath.Join(dir, r.Path))
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil || len(recs) < 2 {
			t.Fatalf("%s: %v, %d lines", r.Path, err, len(recs))
		}
		if len(recs[0]) != len(r.Schema.Fields) {
			t.Errorf("%s: %d columns, the package names %d", r.Path, len(recs[0]), len(r.Schema.Fields))
		}
		for i, f := range r.Schema.Fields {
			if recs[0][i] != f.Name {
				t.Errorf("%s: column %d is %s, the package says %s", r.Path, i, recs[0][i], f.Name)
			}
		}
		if n := len(recs) - 1; n != sum.Objects[r.Name] {
			t.Errorf("%s: %d rows, the summary says %d", r.Path, n, sum.Objects[r.Name])
		}
		for _, rec := range recs[1:] {
			obj := map[string]any{}
			for i, f := range r.Schema.Fields {
				if rec[i] == "" {
					continue
				}
				if f.Type == "number" {
					n, err := strconv.ParseFloat(rec[i], 64)
					if err != nil {
						t.Errorf("%s: %s %q is not a number", r.Path, f.Name, rec[i])
					}
					obj[f.Name] = n
					continue
				}
				obj[f.Name] = rec[i]
			}
			b, _ := json.Marshal(obj)
			if err := v.Object(r.Name, b); err != nil {
				t.Errorf("%s row %s: %v", r.Path, rec[0], err)
			}
			rows++
		}
	}
	if sum.Objects["service"] != len(d.Services) || sum.Objects["attribute"] == 0 || sum.Objects["schedule"] == 0 {
		t.Errorf("summary %v", sum.Objects)
	}
	t.Logf("%d JSON and CSV files, %d rows valid: %v", sum.Files, rows, sum.Objects)
}

// TestExportReplaces: exporting again replaces the earlier export whole
// (an object gone from the catalogue leaves no file behind), and a
// folder that holds something else is refused.
func TestExportReplaces(t *testing.T) {
	d, _ := dataset(t, "nl")
	dir := filepath.Join(t.TempDir(), "export")
	if _, err := hsds.Export(dir, d); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, "services", hsds.ID("service", "gone")+".json")
	if err := os.WriteFile(stale, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := hsds.Export(dir, d); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("a file of an earlier export is still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "services.csv")); err != nil {
		t.Error(err)
	}
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := hsds.Export(other, d); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("export into a folder with other files: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(other, "notes.txt")); string(b) != "mine" {
		t.Error("the folder's own file was touched")
	}
}
