package hsds

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"github.com/wegwijzer/wegwijzer/internal/hsds/schema"
)

// An export folder holds the dataset twice:
//   - JSON, one file per object: services/<id>.json (full services),
//     organizations/, locations/, service_at_locations/ (each with its
//     location), taxonomies/ and taxonomy_terms/;
//   - HSDS's tabular form: a CSV file per object type with its one-to-one
//     fields (services.csv, phones.csv, schedules.csv, attributes.csv, ...)
//     and datapackage.json describing them (a Frictionless tabular data
//     package).
const (
	DataPackage = "datapackage.json"
)

// jsonFolders are the folders of the JSON form, by the object in them.
var jsonFolders = []string{"services", "organizations", "locations", "service_at_locations", "taxonomies", "taxonomy_terms"}

// Summary counts what an export wrote.
type Summary struct {
	Objects map[string]int // by table: "service": 98
	Files   int
}

// Export writes d to dir, replacing an earlier export there. dir must be
// missing, empty, or an earlier export (it has a datapackage.json): its
// files are replaced all at once, so a reader never sees half of each.
func Export(dir string, d *Dataset) (Summary, error) {
	if err := checkExportDir(dir); err != nil {
		return Summary{}, err
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return Summary{}, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return Summary{}, err
	}
	defer os.RemoveAll(tmp)
	sum, err := write(tmp, d)
	if err != nil {
		return sum, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return sum, err
	}
	old := ""
	if _, err := os.Stat(dir); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return sum, err
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			_ = os.Rename(old, dir)
		}
		return sum, err
	}
	if old != "" {
		return sum, os.RemoveAll(old)
	}
	return sum, nil
}

func checkExportDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, DataPackage)); err != nil {
		return fmt.Errorf("%s is not empty and holds no earlier export (no %s): choose an empty or new folder", dir, DataPackage)
	}
	return nil
}

func write(dir string, d *Dataset) (Summary, error) {
	sum := Summary{Objects: map[string]int{}}
	put := func(folder, id string, v any) error {
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return err
		}
		sum.Files++
		return os.WriteFile(filepath.Join(dir, folder, id+".json"), append(b, '\n'), 0o644)
	}
	for _, f := range jsonFolders {
		if err := os.MkdirAll(filepath.Join(dir, f), 0o755); err != nil {
			return sum, err
		}
	}
	for _, s := range d.Services {
		if err := put("services", s.ID, s); err != nil {
			return sum, err
		}
	}
	for _, o := range d.Organizations {
		if err := put("organizations", o.ID, o); err != nil {
			return sum, err
		}
	}
	for _, l := range d.Locations {
		if err := put("locations", l.ID, l); err != nil {
			return sum, err
		}
	}
	for _, sal := range d.ServiceAtLocations {
		sal.Service = nil // the service is in services/
		if err := put("service_at_locations", sal.ID, sal); err != nil {
			return sum, err
		}
	}
	for _, t := range d.Taxonomies {
		if err := put("taxonomies", t.ID, t); err != nil {
			return sum, err
		}
	}
	for _, t := range d.Terms {
		if err := put("taxonomy_terms", t.ID, t); err != nil {
			return sum, err
		}
	}

	tables, err := schema.Tables()
	if err != nil {
		return sum, err
	}
	rows := d.Rows()
	pkg := dataPackage{Name: "hsds-" + slug(d.cat.Municipality.Name), Title: d.cat.Municipality.Name + " (HSDS " + Version + ")",
		Profile: "tabular-data-package"}
	for _, t := range tables {
		objs := rows[t.Name]
		if len(objs) == 0 {
			continue
		}
		b, err := csvTable(t, objs)
		if err != nil {
			return sum, fmt.Errorf("%s: %w", t.Path, err)
		}
		if err := os.WriteFile(filepath.Join(dir, t.Path), b, 0o644); err != nil {
			return sum, err
		}
		sum.Files++
		sum.Objects[t.Name] = len(objs)
		pkg.Resources = append(pkg.Resources, resource{
			Name: t.Name, Path: t.Path, Profile: "tabular-data-resource", Format: "csv", MediaType: "text/csv",
			Encoding: "utf-8", Schema: tableSchema{Fields: t.Fields, PrimaryKey: "id"},
		})
	}
	b, err := json.MarshalIndent(pkg, "", "  ")
	if err != nil {
		return sum, err
	}
	sum.Files++
	return sum, os.WriteFile(filepath.Join(dir, DataPackage), append(b, '\n'), 0o644)
}

type dataPackage struct {
	Name      string     `json:"name"`
	Title     string     `json:"title"`
	Profile   string     `json:"profile"`
	Resources []resource `json:"resources"`
}

type resource struct {
	Name      string      `json:"name"`
	Path      string      `json:"path"`
	Profile   string      `json:"profile"`
	Format    string      `json:"format"`
	MediaType string      `json:"mediatype"`
	Encoding  string      `json:"encoding"`
	Schema    tableSchema `json:"schema"`
}

type tableSchema struct {
	Fields     []schema.Field `json:"fields"`
	PrimaryKey string         `json:"primaryKey"`
}

// Rows are the dataset's objects by table name, each once: the rows of
// the tabular form.
func (d *Dataset) Rows() map[string][]any {
	rows := map[string][]any{}
	seen := map[string]bool{}
	add := func(table, id string, v any) {
		if seen[id] {
			return
		}
		seen[id] = true
		rows[table] = append(rows[table], v)
	}
	var schedule func(Schedule)
	attribute := func(a Attribute) { add("attribute", a.ID, a) }
	schedule = func(s Schedule) {
		add("schedule", s.ID, s)
		for _, a := range s.Attributes {
			attribute(a)
		}
	}
	phone := func(p Phone) {
		add("phone", p.ID, p)
		for _, l := range p.Languages {
			add("language", l.ID, l)
		}
	}
	for _, o := range d.Organizations {
		add("organization", o.ID, o)
		for _, p := range o.Phones {
			phone(p)
		}
	}
	for _, l := range d.Locations {
		add("location", l.ID, l)
		for _, a := range l.Addresses {
			add("address", a.ID, a)
		}
		for _, a := range l.Accessibility {
			add("accessibility", a.ID, a)
		}
		for _, s := range l.Schedules {
			schedule(s)
		}
	}
	for _, s := range d.Services {
		add("service", s.ID, s)
		for _, p := range s.Phones {
			phone(p)
		}
		for _, sc := range s.Schedules {
			schedule(sc)
		}
		for _, a := range s.ServiceAreas {
			add("service_area", a.ID, a)
		}
		for _, sal := range s.ServiceAtLocations {
			add("service_at_location", sal.ID, sal)
			for _, sc := range sal.Schedules {
				schedule(sc)
			}
		}
		for _, l := range s.Languages {
			add("language", l.ID, l)
		}
		for _, c := range s.CostOptions {
			add("cost_option", c.ID, c)
		}
		for _, a := range s.Attributes {
			attribute(a)
		}
	}
	for _, t := range d.Taxonomies {
		add("taxonomy", t.ID, t)
	}
	for _, t := range d.Terms {
		add("taxonomy_term", t.ID, t)
	}
	return rows
}

// csvTable writes objs as t's CSV: a header of every field, a row each.
func csvTable(t schema.Table, objs []any) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	header := make([]string, len(t.Fields))
	for i, f := range t.Fields {
		header[i] = f.Name
	}
	if err := w.Write(header); err != nil {
		return nil, err
	}
	for _, o := range objs {
		b, err := json.Marshal(o)
		if err != nil {
			return nil, err
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, err
		}
		row := make([]string, len(t.Fields))
		for i, f := range t.Fields {
			row[i] = cell(m[f.Name])
		}
		if err := w.Write(row); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// slug is s in lower case with dashes: "Gemeente Beekdal" → "gemeente-beekdal".
func slug(s string) string {
	var b []rune
	dash := false
	for _, r := range fold(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b = append(b, r)
			dash = false
		case !dash && len(b) > 0:
			b = append(b, '-')
			dash = true
		}
	}
	if dash {
		b = b[:len(b)-1]
	}
	return string(b)
}
