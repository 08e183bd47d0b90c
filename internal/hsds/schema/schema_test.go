package schema

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Ids of the example documents: UUIDs, as the schemas' "format": "uuid"
// asks.
const (
	serviceID  = "6f1c2a7e-4b3d-4e8a-9c51-2d7f0b9e3a11"
	orgID      = "0b8e7d2c-1f4a-4c6b-8e3d-5a9f2c7b1d22"
	locationID = "3c5a9e1b-7d2f-4a8c-b6e4-1f0d9c8b7a33"
	salID      = "9e2d4c6a-8b1f-4e3d-a7c5-6b0f1e2d3c44"
	addressID  = "5d7f9b1e-3a2c-4d6e-8f0a-7c9e1b3d5f55"
	scheduleID = "7a9c1e3f-5b2d-4f8a-9e6c-0d2f4b6a8c66"
	phoneID    = "2e4a6c8e-0f1b-4d3c-b5e7-9a1c3e5f7b77"
	languageNL = "8f0b2d4f-6a8c-4e1d-9b3f-5c7e9a1b3d88"
	languageEN = "1a3c5e7a-9b0d-4f2e-a4c6-8e0a2c4e6f99"
	phoneLang  = "4b6d8f0b-2c4e-4a6f-8d0b-3e5a7c9e1faa"
	attrID     = "6c8e0a2c-4d6f-4b8a-ae1c-5f7b9d1f3abb"
	termID     = "8d0f2b4d-6e8a-4c0b-bf2d-7a9c1e3a5bcc"
	taxonomyID = "0e2a4c6e-8f0b-4d2c-8a3e-9b1d3f5b7cdd"
)

// Known-good documents, written by hand.
var (
	// minimalService has only the required fields.
	minimalService = `{"id": "` + serviceID + `", "name": "Schuldhulpverlening", "status": "active"}`

	organization = `{
		"id": "` + orgID + `",
		"name": "Gemeente Voorbeeld",
		"description": "De gemeente Voorbeeld.",
		"website": "https://www.voorbeeld.nl",
		"email": "info@voorbeeld.nl"
	}`

	taxonomy = `{
		"id": "` + taxonomyID + `",
		"name": "Wegwijzer-thema's",
		"description": "De thema's van de wegwijzer.",
		"uri": "https://www.voorbeeld.nl/thema",
		"version": "1"
	}`

	taxonomyTerm = `{
		"id": "` + termID + `",
		"code": "schulden",
		"name": "Schulden",
		"description": "Hulp bij geldzorgen en schulden.",
		"taxonomy_id": "` + taxonomyID + `",
		"taxonomy_detail": ` + taxonomy + `,
		"language": "nld"
	}`

	location = `{
		"id": "` + locationID + `",
		"location_type": "physical",
		"organization_id": "` + orgID + `",
		"name": "Stadhuis",
		"latitude": 52.0907,
		"longitude": 5.1214,
		"addresses": [{
			"id": "` + addressID + `",
			"location_id": "` + locationID + `",
			"address_1": "Marktplein 1",
			"city": "Voorbeeld",
			"state_province": "Utrecht",
			"postal_code": "1234 AB",
			"country": "NL",
			"address_type": "physical"
		}],
		"schedules": [{
			"id": "` + scheduleID + `",
			"location_id": "` + locationID + `",
			"freq": "WEEKLY",
			"wkst": "MO",
			"interval": 1,
			"byday": "MO,TU,WE,TH,FR",
			"opens_at": "09:00:00",
			"closes_at": "17:00:00",
			"valid_from": "2025-01-01",
			"timezone": 1,
			"description": "Op werkdagen van 9 tot 5."
		}]
	}`

	serviceAtLocation = `{
		"id": "` + salID + `",
		"service_id": "` + serviceID + `",
		"location_id": "` + locationID + `",
		"location": ` + location + `
	}`

	// fullService has an organization, a location with an address and a
	// schedule, phones, languages and an attribute with its taxonomy term.
	fullService = `{
		"id": "` + serviceID + `",
		"organization_id": "` + orgID + `",
		"name": "Schuldhulpverlening",
		"description": "Hulp als u schulden heeft.",
		"url": "https://www.voorbeeld.nl/schuldhulp",
		"email": "schuldhulp@voorbeeld.nl",
		"status": "active",
		"minimum_age": 18,
		"last_modified": "2025-03-15T10:30:45.123Z",
		"organization": ` + organization + `,
		"service_at_locations": [` + serviceAtLocation + `],
		"phones": [{
			"id": "` + phoneID + `",
			"service_id": "` + serviceID + `",
			"number": "+31 30 123 4567",
			"type": "voice",
			"languages": [{"id": "` + phoneLang + `", "phone_id": "` + phoneID + `", "name": "Nederlands", "code": "nl"}]
		}],
		"languages": [
			{"id": "` + languageNL + `", "service_id": "` + serviceID + `", "name": "Nederlands", "code": "nl"},
			{"id": "` + languageEN + `", "service_id": "` + serviceID + `", "name": "English", "code": "en"}
		],
		"attributes": [{
			"id": "` + attrID + `",
			"link_id": "` + serviceID + `",
			"link_type": "service",
			"link_entity": "service",
			"taxonomy_term_id": "` + termID + `",
			"taxonomy_term": ` + taxonomyTerm + `
		}]
	}`

	// listService is a /services list item: one-to-one fields only.
	listService = `{
		"id": "` + serviceID + `",
		"name": "Schuldhulpverlening",
		"status": "active",
		"organization": ` + organization + `
	}`

	root = `{
		"version": "3.0",
		"profile": "https://www.voorbeeld.nl/hsds-profiel",
		"openapi_url": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
	}`
)

// page is a one-page list response with the given items.
func page(items ...string) string {
	return fmt.Sprintf(`{
		"total_items": %d, "total_pages": 1, "page_number": 1, "size": %d,
		"first_page": true, "last_page": true, "empty": %t,
		"contents": [%s]
	}`, len(items), len(items), len(items) == 0, strings.Join(items, ","))
}

// goodResponses has a valid body for every GET path of openapi.json.
var goodResponses = map[string]string{
	"/":                          root,
	"/services":                  page(listService, minimalService),
	"/services/{id}":             fullService,
	"/organizations":             page(organization),
	"/organizations/{id}":        `{"id": "` + orgID + `", "name": "Gemeente Voorbeeld", "description": "De gemeente.", "locations": [` + location + `]}`,
	"/service_at_locations":      page(`{"id": "` + salID + `", "service_id": "` + serviceID + `", "location_id": "` + locationID + `"}`),
	"/service_at_locations/{id}": fullService, // openapi.json gives the service schema here; see TestServiceAtLocationResponseIsAService
	"/taxonomies":                page(taxonomy),
	"/taxonomies/{id}":           taxonomy,
	"/taxonomy_terms":            page(taxonomyTerm),
	"/taxonomy_terms/{id}":       taxonomyTerm,
}

var (
	validatorOnce sync.Once
	validator     *Validator
	validatorErr  error
)

func newValidator(t *testing.T) *Validator {
	t.Helper()
	validatorOnce.Do(func() { validator, validatorErr = New() })
	if validatorErr != nil {
		t.Fatalf("New: %v", validatorErr)
	}
	return validator
}

func TestFilesAreUnchangedCopies(t *testing.T) {
	// SHA256SUMS lies next to the schemas, on disk only (go test runs
	// in the package directory).
	b, err := os.ReadFile("files/SHA256SUMS")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for line := range strings.Lines(string(b)) {
		sum, name, ok := strings.Cut(strings.TrimSuffix(line, "\n"), "  ")
		if !ok {
			t.Fatalf("SHA256SUMS: bad line %q", line)
		}
		data, err := files.ReadFile("files/" + name)
		if err != nil {
			t.Errorf("%s is listed but not embedded: %v", name, err)
			continue
		}
		got := sha256.Sum256(data)
		if hex.EncodeToString(got[:]) != sum {
			t.Errorf("%s has changed: it must stay an unchanged copy of the official file", name)
		}
		listed[name] = true
	}
	err = fs.WalkDir(files, "files", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !listed[strings.TrimPrefix(p, "files/")] {
			t.Errorf("%s is embedded but has no checksum in SHA256SUMS", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(listed) != 23 {
		t.Errorf("%d files checked, want 23 (21 objects, service_with_definitions.json, openapi.json)", len(listed))
	}
}

func TestEverySchemaCompiles(t *testing.T) {
	v := newValidator(t)
	names := ObjectNames()
	if len(names) != 21 {
		t.Errorf("ObjectNames() = %d names, want the 21 objects of HSDS 3.0: %v", len(names), names)
	}
	for _, n := range []string{"service", "organization", "location", "service_at_location", "taxonomy", "taxonomy_term", "address", "schedule", "phone", "language", "attribute"} {
		if !slices.Contains(names, n) {
			t.Errorf("ObjectNames() lacks %q", n)
		}
	}
	for _, n := range names {
		if v.objects[n] == nil {
			t.Errorf("object %s not compiled", n)
		}
	}
	if v.full == nil {
		t.Error("service_with_definitions.json not compiled")
	}
	for _, p := range Paths() {
		if v.responses[p] == nil {
			t.Errorf("response of GET %s not compiled", p)
		}
	}
}

func TestPathsAreTheGETPathsOfOpenAPI(t *testing.T) {
	b, err := files.ReadFile("files/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var want []string
	for p, item := range doc["paths"].(map[string]any) {
		if _, ok := item.(map[string]any)["get"]; ok {
			want = append(want, p)
		}
	}
	slices.Sort(want)
	if got := Paths(); !slices.Equal(got, want) {
		t.Errorf("Paths() = %v, openapi.json has GET %v", got, want)
	}
	// The paths HSDS 3.0 names, so that a changed file shows here.
	release := []string{"/", "/organizations", "/organizations/{id}", "/service_at_locations",
		"/service_at_locations/{id}", "/services", "/services/{id}", "/taxonomies",
		"/taxonomies/{id}", "/taxonomy_terms", "/taxonomy_terms/{id}"}
	if !slices.Equal(want, release) {
		t.Errorf("openapi.json has GET %v, HSDS 3.0 has %v", want, release)
	}
}

func TestGoodDocumentsPass(t *testing.T) {
	v := newValidator(t)
	objects := []struct{ name, doc string }{
		{"service", minimalService},
		{"service", fullService},
		{"service", listService},
		{"organization", organization},
		{"location", location},
		{"service_at_location", serviceAtLocation},
		{"taxonomy", taxonomy},
		{"taxonomy_term", taxonomyTerm},
	}
	for i, c := range objects {
		if err := v.Object(c.name, []byte(c.doc)); err != nil {
			t.Errorf("%s #%d: %v", c.name, i, err)
		}
	}
	for _, doc := range []string{minimalService, fullService} {
		if err := v.FullService([]byte(doc)); err != nil {
			t.Errorf("FullService: %v", err)
		}
	}
	for _, p := range Paths() {
		doc, ok := goodResponses[p]
		if !ok {
			t.Errorf("no good response for GET %s", p)
			continue
		}
		if err := v.Response(p, []byte(doc)); err != nil {
			t.Errorf("GET %s: %v", p, err)
		}
	}
	if err := v.Response("/services", []byte(page())); err != nil {
		t.Errorf("empty page: %v", err)
	}
}

// check is one way to validate a document.
type check struct {
	name string
	run  func(v *Validator, doc []byte) error
}

func object(name string) check {
	return check{"Object(" + name + ")", func(v *Validator, doc []byte) error { return v.Object(name, doc) }}
}

func response(path string) check {
	return check{"Response(" + path + ")", func(v *Validator, doc []byte) error { return v.Response(path, doc) }}
}

var full = check{"FullService", (*Validator).FullService}

// edit decodes doc, changes it with f and encodes it again.
func edit(t *testing.T, doc string, f func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(doc), &m); err != nil {
		t.Fatalf("example document: %v", err)
	}
	f(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// at follows keys and indexes from m.
func at(m map[string]any, path ...any) map[string]any {
	var cur any = m
	for _, p := range path {
		switch p := p.(type) {
		case string:
			cur = cur.(map[string]any)[p]
		case int:
			cur = cur.([]any)[p]
		}
	}
	return cur.(map[string]any)
}

func TestBadDocumentsFail(t *testing.T) {
	v := newValidator(t)
	cases := []struct {
		name   string
		checks []check
		good   string               // passes every check
		bad    func(map[string]any) // breaks it
		want   []string             // in the error: where and why
	}{{
		name:   "service without status",
		checks: []check{object("service"), full, response("/services/{id}")},
		good:   minimalService,
		bad:    func(m map[string]any) { delete(m, "status") },
		want:   []string{"at ''", "missing property 'status'"},
	}, {
		name:   "status not in the list",
		checks: []check{object("service"), full},
		good:   minimalService,
		bad:    func(m map[string]any) { m["status"] = "open" },
		want:   []string{"at '/status'", "'active'"},
	}, {
		name:   "id not a UUID",
		checks: []check{object("service"), full},
		good:   minimalService,
		bad:    func(m map[string]any) { m["id"] = "schuldhulp-1" },
		want:   []string{"at '/id'", "is not valid uuid"},
	}, {
		name:   "nested id not a UUID",
		checks: []check{object("service"), full},
		good:   fullService,
		bad:    func(m map[string]any) { at(m, "phones", 0)["id"] = "42" },
		want:   []string{"at '/phones/0/id'", "is not valid uuid"},
	}, {
		name:   "languages as strings",
		checks: []check{object("service"), full},
		good:   fullService,
		bad:    func(m map[string]any) { m["languages"] = []any{"nl", "en"} },
		want:   []string{"at '/languages/0'", "got string, want object"},
	}, {
		name:   "organization as a string",
		checks: []check{object("service"), full},
		good:   fullService,
		bad:    func(m map[string]any) { m["organization"] = "Gemeente Voorbeeld" },
		want:   []string{"at '/organization'", "got string, want object"},
	}, {
		name:   "address without postal code",
		checks: []check{object("service"), full},
		good:   fullService,
		bad: func(m map[string]any) {
			delete(at(m, "service_at_locations", 0, "location", "addresses", 0), "postal_code")
		},
		want: []string{"at '/service_at_locations/0/location/addresses/0'", "missing property 'postal_code'"},
	}, {
		name:   "age as a string",
		checks: []check{object("service"), full},
		good:   fullService,
		bad:    func(m map[string]any) { m["minimum_age"] = "18" },
		want:   []string{"at '/minimum_age'", "got string, want number"},
	}, {
		name:   "email not an address",
		checks: []check{object("service"), full},
		good:   fullService,
		bad:    func(m map[string]any) { m["email"] = "schuldhulp" },
		want:   []string{"at '/email'", "is not valid email"},
	}, {
		name:   "taxonomy_term without description",
		checks: []check{object("taxonomy_term"), response("/taxonomy_terms/{id}")},
		good:   taxonomyTerm,
		bad:    func(m map[string]any) { delete(m, "description") },
		want:   []string{"at ''", "missing property 'description'"},
	}, {
		name:   "nested taxonomy_term without description",
		checks: []check{object("service"), full},
		good:   fullService,
		bad:    func(m map[string]any) { delete(at(m, "attributes", 0, "taxonomy_term"), "description") },
		want:   []string{"at '/attributes/0/taxonomy_term'", "missing property 'description'"},
	}, {
		name:   "page with an invalid item",
		checks: []check{response("/services")},
		good:   page(listService, minimalService),
		bad:    func(m map[string]any) { delete(at(m, "contents", 1), "status") },
		want:   []string{"at '/contents/1'", "missing property 'status'"},
	}, {
		name:   "page item with a bad id",
		checks: []check{response("/taxonomies")},
		good:   page(taxonomy),
		bad:    func(m map[string]any) { at(m, "contents", 0)["id"] = "thema-1" },
		want:   []string{"at '/contents/0/id'", "is not valid uuid"},
	}, {
		name:   "page count as a string",
		checks: []check{response("/organizations")},
		good:   page(organization),
		bad:    func(m map[string]any) { m["total_items"] = "1" },
		want:   []string{"at '/total_items'", "got string, want integer"},
	}, {
		name:   "contents not a list",
		checks: []check{response("/service_at_locations")},
		good:   page(),
		bad:    func(m map[string]any) { m["contents"] = map[string]any{} },
		want:   []string{"at '/contents'", "got object, want array"},
	}, {
		name:   "root with a relative openapi_url",
		checks: []check{response("/")},
		good:   root,
		bad:    func(m map[string]any) { m["openapi_url"] = "openapi.json" },
		want:   []string{"at '/openapi_url'", "is not valid uri"},
	}}
	for _, c := range cases {
		for _, ch := range c.checks {
			t.Run(c.name+"/"+ch.name, func(t *testing.T) {
				if err := ch.run(v, []byte(c.good)); err != nil {
					t.Fatalf("the document before the change should pass: %v", err)
				}
				err := ch.run(v, edit(t, c.good, c.bad))
				if err == nil {
					t.Fatal("no error")
				}
				for _, w := range c.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error lacks %q:\n%v", w, err)
					}
				}
				var ve *jsonschema.ValidationError
				if !errors.As(err, &ve) {
					t.Errorf("error does not wrap a *jsonschema.ValidationError: %v", err)
				}
			})
		}
	}
}

func TestBadInput(t *testing.T) {
	v := newValidator(t)
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"unknown object", v.Object("dienst", []byte(minimalService)), `no object "dienst"`},
		{"unknown path", v.Response("/services/", []byte(minimalService)), `no GET "/services/"`},
		{"not JSON", v.Object("service", []byte(`{"id": `)), "not a JSON document"},
		{"two documents", v.FullService([]byte(minimalService + minimalService)), "not a JSON document"},
		{"array for an object", v.Object("service", []byte(`[]`)), "got array, want object"},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: error %v, want one with %q", c.name, c.err, c.want)
		}
	}
}

// openapi.json (as upstream) gives GET /service_at_locations/{id} the
// service schema, not service_at_location: Response follows the file. This
// test notices if a new release changes that.
func TestServiceAtLocationResponseIsAService(t *testing.T) {
	v := newValidator(t)
	if err := v.Object("service_at_location", []byte(serviceAtLocation)); err != nil {
		t.Fatal(err)
	}
	err := v.Response("/service_at_locations/{id}", []byte(serviceAtLocation))
	if err == nil || !strings.Contains(err.Error(), "missing properties 'name', 'status'") {
		t.Errorf("a service_at_location as the /service_at_locations/{id} response: %v, want the service schema's missing name and status", err)
	}
}

// The format assertions are on, and the official files do not fail their
// own examples: every example of a property with a format passes it, and a
// value that is not of the format fails.
func TestFormatsAcceptTheOfficialExamples(t *testing.T) {
	urls, err := urlFiles()
	if err != nil {
		t.Fatal(err)
	}
	c := newCompiler(loader{urls})
	formats := map[string]int{}
	for url, file := range urls {
		b, err := files.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		walk(doc, "", func(ptr string, m map[string]any) {
			f, ok := m["format"].(string)
			ex, ok2 := m["example"]
			if !ok || !ok2 {
				return
			}
			s, err := c.Compile(url + "#" + ptr)
			if err != nil {
				t.Errorf("%s#%s: %v", url, ptr, err)
				return
			}
			if err := s.Validate(ex); err != nil {
				t.Errorf("%s#%s: the official example %v fails format %q: %v", file, ptr, ex, f, err)
			}
			if err := s.Validate("not a " + f); err == nil {
				t.Errorf("%s#%s: format %q is not asserted", file, ptr, f)
			}
			formats[f]++
		})
	}
	for _, f := range []string{"uuid", "uri", "email", "date-time"} {
		if formats[f] == 0 {
			t.Errorf("no example with format %q checked (checked: %v)", f, formats)
		}
	}
	t.Logf("examples checked per format: %v", formats)
}

// walk calls f with every object in doc and its JSON pointer.
func walk(doc any, ptr string, f func(ptr string, m map[string]any)) {
	switch d := doc.(type) {
	case map[string]any:
		f(ptr, d)
		for k, v := range d {
			walk(v, ptr+"/"+escape(k), f)
		}
	case []any:
		for i, v := range d {
			walk(v, fmt.Sprintf("%s/%d", ptr, i), f)
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

type loaderFunc func(url string) (any, error)

func (f loaderFunc) Load(url string) (any, error) { return f(url) }

// Compiling reads only the embedded files: every URL the compiler asks for
// is one of them, anything else is refused, and net/http is never used.
func TestNoNetwork(t *testing.T) {
	old := http.DefaultTransport
	http.DefaultTransport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		t.Errorf("network request: %s %s", r.Method, r.URL)
		return nil, errors.New("no network in this test")
	})
	t.Cleanup(func() { http.DefaultTransport = old })

	urls, err := urlFiles()
	if err != nil {
		t.Fatal(err)
	}
	embedded := loader{urls}
	loaded := map[string]int{}
	v, err := compile(loaderFunc(func(url string) (any, error) {
		loaded[url]++
		doc, err := embedded.Load(url)
		if err != nil {
			t.Errorf("the schemas need %s, which is not embedded: %v", url, err)
		}
		return doc, err
	}))
	if err != nil {
		t.Fatal(err)
	}
	if err := v.FullService([]byte(fullService)); err != nil {
		t.Error(err)
	}
	for url, n := range loaded {
		if !strings.HasPrefix(url, BaseURL) {
			t.Errorf("loaded %s, outside %s", url, BaseURL)
		}
		if n > 1 {
			t.Errorf("loaded %s %d times", url, n)
		}
	}
	for _, u := range []string{"openapi.json", "service.json", "taxonomy_term.json", "compiled/service_list.json", "compiled/service_with_definitions.json"} {
		if loaded[BaseURL+u] == 0 {
			t.Errorf("%s was not loaded through the loader", u)
		}
	}

	for _, url := range []string{
		"https://example.com/schema.json",
		BaseURL + "unknown.json",
		BaseURL + "compiled/taxonomy_list.json",
		"https://raw.githubusercontent.com/openreferral/specification/3.1/schema/service.json",
		"http://raw.githubusercontent.com/openreferral/specification/3.0/schema/service.json",
		"file:///etc/passwd",
	} {
		if _, err := embedded.Load(url); err == nil || !strings.Contains(err.Error(), "refusing") {
			t.Errorf("Load(%s): %v, want a refusal", url, err)
		}
	}

	// A reference to any other URL is a compile error, not a download.
	c := newCompiler(embedded)
	if err := c.AddResource("https://wegwijzer.test/s.json", map[string]any{
		"properties": map[string]any{"x": map[string]any{"$ref": "https://example.com/remote.json"}},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Compile("https://wegwijzer.test/s.json"); err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Errorf("compiling a remote $ref: %v, want a refusal", err)
	}
}

func TestConcurrentUse(t *testing.T) {
	v := newValidator(t)
	bad := edit(t, fullService, func(m map[string]any) { m["languages"] = []any{"nl"} })
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				if err := v.FullService([]byte(fullService)); err != nil {
					t.Error(err)
				}
				if err := v.Object("service", bad); err == nil {
					t.Error("bad document passed")
				}
				if err := v.Response("/services", []byte(goodResponses["/services"])); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
}

// TestTables: the tabular form's tables come from the schemas: one per
// object with a CSV path, in data package order, with the one-to-one
// fields only.
func TestTables(t *testing.T) {
	tables, err := Tables()
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]Table{}
	for i, tb := range tables {
		byName[tb.Name] = tb
		if i > 0 && tables[i-1].Order > tb.Order {
			t.Errorf("%s (order %d) after %s (order %d)", tb.Name, tb.Order, tables[i-1].Name, tables[i-1].Order)
		}
		if len(tb.Fields) == 0 || tb.Fields[0].Name != "id" || tb.Fields[0].Format != "uuid" || !tb.Fields[0].Constraints.Required {
			t.Errorf("%s: first field %+v, want a required uuid id", tb.Name, tb.Fields[0])
		}
	}
	svc, ok := byName["service"]
	if !ok || svc.Path != "services.csv" {
		t.Fatalf("service table: %+v", svc)
	}
	cols := map[string]Field{}
	for _, f := range svc.Fields {
		cols[f.Name] = f
	}
	for _, name := range []string{"phones", "schedules", "organization", "attributes"} {
		if _, ok := cols[name]; ok {
			t.Errorf("services.csv has a column %s: arrays and objects are tables of their own", name)
		}
	}
	if cols["status"].Type != "string" || !cols["status"].Constraints.Required || cols["last_modified"].Type != "datetime" || cols["minimum_age"].Type != "number" {
		t.Errorf("service columns: status %+v, last_modified %+v, minimum_age %+v", cols["status"], cols["last_modified"], cols["minimum_age"])
	}
	for _, name := range []string{"organization", "location", "service_at_location", "address", "phone", "schedule", "taxonomy", "taxonomy_term", "attribute"} {
		if _, ok := byName[name]; !ok {
			t.Errorf("no table for %s", name)
		}
	}
}
