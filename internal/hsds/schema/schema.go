// Package schema validates JSON documents against the official Open
// Referral HSDS 3.0 schemas, offline.
//
// The schemas are unchanged copies of the openreferral/specification
// release 3.0 files (CC BY-SA 4.0, copyright the Open Referral project; see
// files/LICENSE.md), embedded in the binary:
//
//   - files/objects/<name>.json: one schema per object (service,
//     organization, location, taxonomy_term, ...), referring to each other
//     by relative file name ("phone.json");
//   - files/service_with_definitions.json: a self-contained full service;
//   - files/openapi.json: the API, whose 200 responses refer to the objects
//     by their published URLs.
//
// Every document is known by the URL it is published under,
// https://raw.githubusercontent.com/openreferral/specification/3.0/schema/
// followed by its name, so the files' own references resolve among the
// embedded copies through the compiler's loader. The loader serves nothing
// else: any other URL, http(s) or not, is an error, and nothing is ever
// fetched over the network. (The JSON Schema meta-schemas come from the
// jsonschema module's own embedded copies.)
//
// openapi.json refers to five "compiled" schemas that are not among the
// published 3.0 files given here (compiled/service.json,
// compiled/service_list.json, compiled/organization.json,
// compiled/organization_list.json, compiled/service_at_location_list.json).
// Upstream, compiled/<name>.json is objects/<name>.json with its references
// inlined, and compiled/<name>_list.json is the same object without its
// one-to-many arrays. The loader stands in for both with a schema that is a
// $ref to objects/<name>.json: the same rules as the compiled form, and for
// a list item the same rules plus those of any array it chooses to include
// (no HSDS schema forbids extra properties, so a list item that leaves the
// arrays out is judged exactly as the list schema would judge it).
//
// Formats are asserted (jsonschema's AssertFormat): an "id" whose schema says
// "format": "uuid" must be a UUID, a "uri" an absolute URI, an "email" an
// address, a "date-time" an RFC 3339 time. The files declare no $schema;
// openapi.json names draft 2020-12 as its dialect, and that is the draft used
// for all of them, under which "format" alone would only annotate. Every
// example value in the official files passes its format (see the tests), so
// asserting costs a valid document nothing and catches ids that are not
// UUIDs, which the portal wants.
//
// A Validator is built once (New, about 10 ms) and is safe for concurrent
// use.
//
// A document that breaks its schema gives an error that names the schema
// and lists each place in the document that fails, as a JSON pointer, and
// why:
//
//	hsds schema: object service: jsonschema validation failed with 'https://…/schema/service.json#'
//	- at '': missing property 'status'
//	- at '/languages/0': got string, want object
//
// The error wraps the *jsonschema.ValidationError; errors.As gives the whole
// tree, with its BasicOutput and DetailedOutput forms.
package schema

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// BaseURL is where release 3.0 publishes its schema files; the embedded
// copies are known by these URLs (BaseURL+"service.json",
// BaseURL+"openapi.json", ...).
const BaseURL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

//go:embed files/objects/*.json files/service_with_definitions.json files/openapi.json
var files embed.FS

// The URL, relative to BaseURL, of each embedded document that is not an
// object schema (those are BaseURL+"<name>.json"), and its file.
var fixedURLs = map[string]string{
	"openapi.json":                           "files/openapi.json",
	"compiled/service_with_definitions.json": "files/service_with_definitions.json",
}

// compiledAliases are the compiled schemas openapi.json refers to that are
// not among the 3.0 files, and the object schema each was generated from
// (see the package comment).
var compiledAliases = map[string]string{
	"compiled/service.json":                  "service",
	"compiled/service_list.json":             "service",
	"compiled/organization.json":             "organization",
	"compiled/organization_list.json":        "organization",
	"compiled/service_at_location_list.json": "service_at_location",
}

// urlFiles maps every embedded file's URL to the file.
func urlFiles() (map[string]string, error) {
	m := map[string]string{}
	for u, f := range fixedURLs {
		m[BaseURL+u] = f
	}
	names, err := fs.Glob(files, "files/objects/*.json")
	if err != nil {
		return nil, err
	}
	for _, f := range names {
		m[BaseURL+path.Base(f)] = f
	}
	for u, name := range compiledAliases {
		if _, ok := m[BaseURL+name+".json"]; !ok {
			return nil, fmt.Errorf("hsds schema: %s stands for %s.json, which is not embedded", u, name)
		}
	}
	return m, nil
}

// loader is the compiler's only URLLoader: it serves the embedded files by
// their published URLs, a compiled alias as a schema that is only a $ref to
// its object's URL (so that the object's relative references still resolve
// next to it), and refuses everything else.
type loader struct{ urls map[string]string }

func (l loader) Load(url string) (any, error) {
	if name, ok := strings.CutPrefix(url, BaseURL); ok {
		if obj, ok := compiledAliases[name]; ok {
			return map[string]any{"$ref": BaseURL + obj + ".json"}, nil
		}
	}
	f, ok := l.urls[url]
	if !ok {
		return nil, fmt.Errorf("hsds schema: %s is not one of the embedded HSDS 3.0 files; "+
			"refusing to load it (schemas are never fetched over the network)", url)
	}
	b, err := files.ReadFile(f)
	if err != nil {
		return nil, err
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(b))
}

// Validator holds the compiled HSDS 3.0 schemas. Its methods are safe for
// concurrent use.
type Validator struct {
	objects   map[string]*jsonschema.Schema // by object name: "service", ...
	full      *jsonschema.Schema            // service_with_definitions.json
	responses map[string]*jsonschema.Schema // by GET path template: "/services", ...
}

// New compiles every object schema, the full-service schema and the 200
// response schema of every GET path in openapi.json. It reads only the
// embedded files.
func New() (*Validator, error) {
	urls, err := urlFiles()
	if err != nil {
		return nil, err
	}
	return compile(loader{urls})
}

// newCompiler returns a compiler for the HSDS files: draft 2020-12 (the
// dialect openapi.json names; the files declare none), formats asserted,
// documents loaded only through l.
func newCompiler(l jsonschema.URLLoader) *jsonschema.Compiler {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.UseLoader(l)
	return c
}

// compile builds a Validator whose compiler loads documents through l.
func compile(l jsonschema.URLLoader) (*Validator, error) {
	c := newCompiler(l)
	v := &Validator{objects: map[string]*jsonschema.Schema{}, responses: map[string]*jsonschema.Schema{}}
	for _, name := range ObjectNames() {
		s, err := c.Compile(BaseURL + name + ".json")
		if err != nil {
			return nil, fmt.Errorf("hsds schema: compiling object %s: %w", name, err)
		}
		v.objects[name] = s
	}
	s, err := c.Compile(BaseURL + "compiled/service_with_definitions.json")
	if err != nil {
		return nil, fmt.Errorf("hsds schema: compiling service_with_definitions.json: %w", err)
	}
	v.full = s
	paths, err := getPaths()
	if err != nil {
		return nil, err
	}
	for _, p := range paths {
		s, err := c.Compile(BaseURL + "openapi.json#" + responsePointer(p))
		if err != nil {
			return nil, fmt.Errorf("hsds schema: compiling the 200 response of GET %s: %w", p, err)
		}
		v.responses[p] = s
	}
	return v, nil
}

// responsePointer is the JSON pointer, within openapi.json, to the
// application/json schema of the 200 response of GET p.
func responsePointer(p string) string {
	return "/paths/" + escape(p) + "/get/responses/200/content/" + escape("application/json") + "/schema"
}

// escape escapes a JSON pointer token (RFC 6901).
func escape(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

// ObjectNames lists the objects with a schema of their own, sorted:
// "accessibility", "address", ..., "taxonomy_term".
func ObjectNames() []string {
	names, _ := fs.Glob(files, "files/objects/*.json")
	for i, f := range names {
		names[i] = strings.TrimSuffix(path.Base(f), ".json")
	}
	slices.Sort(names)
	return names
}

// Paths lists, sorted, the GET path templates of openapi.json ("/",
// "/services", "/services/{id}", ...): the paths Response accepts.
func Paths() []string {
	p, err := getPaths()
	if err != nil {
		// The embedded openapi.json is fixed at build time, and the
		// tests parse it.
		panic(err)
	}
	return slices.Clone(p)
}

var getPaths = sync.OnceValues(readPaths)

// readPaths reads the GET paths of the embedded openapi.json.
func readPaths() ([]string, error) {
	b, err := files.ReadFile("files/openapi.json")
	if err != nil {
		return nil, err
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("hsds schema: openapi.json: %w", err)
	}
	var paths []string
	for p, ops := range doc.Paths {
		if _, ok := ops["get"]; ok {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	return paths, nil
}

// Object validates doc, one JSON object, against objects/<name>.json; name
// is one of ObjectNames ("service", "organization", "taxonomy_term",
// "service_at_location", ...).
func (v *Validator) Object(name string, doc []byte) error {
	s, ok := v.objects[name]
	if !ok {
		return fmt.Errorf("hsds schema: no object %q (objects: %s)", name, strings.Join(ObjectNames(), ", "))
	}
	return validate(s, "object "+name, doc)
}

// FullService validates doc, a service with its related objects nested in
// it, against service_with_definitions.json.
func (v *Validator) FullService(doc []byte) error {
	return validate(v.full, "full service", doc)
}

// Response validates doc as the body of a 200 response to GET path, a path
// template of openapi.json such as "/services" or "/services/{id}" (see
// Paths). List responses are a Page (total_items, total_pages, page_number,
// size, first_page, last_page, empty) whose contents are the listed
// objects.
//
// The schema is the one openapi.json gives, as written. Note that for
// "/service_at_locations/{id}" it gives the service schema (so does the
// upstream file): the body must be a service; validate a service_at_location
// with Object("service_at_location", doc).
func (v *Validator) Response(path string, doc []byte) error {
	s, ok := v.responses[path]
	if !ok {
		return fmt.Errorf("hsds schema: openapi.json has no GET %q (paths: %s)", path, strings.Join(Paths(), ", "))
	}
	return validate(s, "GET "+path+" response", doc)
}

// validate parses doc, one JSON value, and validates it against s; what
// names the check in the error (see the package comment).
func validate(s *jsonschema.Schema, what string, doc []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("hsds schema: %s: not a JSON document: %w", what, err)
	}
	if err := s.Validate(inst); err != nil {
		return fmt.Errorf("hsds schema: %s: %w", what, err)
	}
	return nil
}
