package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
)

// Table is one file of HSDS's tabular form: an object's one-to-one fields
// as the columns of a CSV file, as each object schema describes it
// (its "path" and "datapackage_metadata").
type Table struct {
	Name   string  // the object: "service"
	Path   string  // its file: "services.csv"
	Order  int     // its place in the data package
	Fields []Field // the columns, in the schema's order
}

// Field is one column of a Table, in Frictionless Table Schema terms.
type Field struct {
	Name        string `json:"name"`
	Type        string `json:"type"`             // string, number or datetime
	Format      string `json:"format,omitempty"` // uuid, uri or email
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	Constraints struct {
		Required bool `json:"required,omitempty"`
		Unique   bool `json:"unique,omitempty"`
	} `json:"constraints"`
}

// Tables are the tables of HSDS's tabular form, in data package order:
// every object schema that names a CSV path, with its fields that are not
// arrays or objects.
func Tables() ([]Table, error) { return getTables() }

var getTables = sync.OnceValues(readTables)

func readTables() ([]Table, error) {
	var out []Table
	for _, name := range ObjectNames() {
		b, err := files.ReadFile("files/objects/" + name + ".json")
		if err != nil {
			return nil, err
		}
		var s struct {
			Name     string   `json:"name"`
			Path     string   `json:"path"`
			Required []string `json:"required"`
			Meta     struct {
				Order int `json:"order"`
			} `json:"datapackage_metadata"`
			Properties orderedProps `json:"properties"`
		}
		if err := json.Unmarshal(b, &s); err != nil {
			return nil, fmt.Errorf("hsds schema: %s.json: %w", name, err)
		}
		if s.Path == "" {
			continue
		}
		t := Table{Name: s.Name, Path: s.Path, Order: s.Meta.Order}
		for _, p := range s.Properties {
			if p.Type == "array" || p.Type == "object" || p.Type == "" {
				continue
			}
			f := Field{Name: p.Name, Type: p.Type, Title: p.Title, Description: p.Description}
			switch p.Format {
			case "uuid", "uri", "email":
				f.Format = p.Format
			case "date-time":
				f.Type = "datetime"
			}
			f.Constraints.Required = slices.Contains(s.Required, p.Name)
			f.Constraints.Unique = p.Constraints.Unique
			t.Fields = append(t.Fields, f)
		}
		out = append(out, t)
	}
	slices.SortStableFunc(out, func(a, b Table) int { return a.Order - b.Order })
	return out, nil
}

type property struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Format      string `json:"format"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Ref         string `json:"$ref"`
	Constraints struct {
		Unique bool `json:"unique"`
	} `json:"constraints"`
}

// orderedProps reads a JSON object of properties keeping their order,
// which is the columns' order.
type orderedProps []property

func (o *orderedProps) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil { // {
		return err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		var p property
		if err := dec.Decode(&p); err != nil {
			return err
		}
		if p.Name == "" {
			p.Name, _ = tok.(string)
		}
		if p.Type == "" && p.Ref != "" {
			p.Type = "object"
		}
		*o = append(*o, p)
	}
	return nil
}
