package hsds

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The tabular form ---------------------------------------------------------

// ReadTabular reads HSDS's tabular form: CSV files described by a
// datapackage.json in dir (a Frictionless tabular data package), put
// together into full services as the JSON form has them.
//
// The tables read are those of the objects a Source holds: service,
// organization, location, service_at_location, address, phone, schedule,
// service_area, language, cost_option, accessibility, attribute and
// taxonomy_term; other resources (contact, funding, program, taxonomy,
// metadata, ...) are passed over. services.csv must be there; a missing
// file of another table counts as an empty table.
//
// A table is read by its header, so its columns may come in any order;
// a column that the object has no field for is ignored. Number fields
// (minimum_age, latitude, interval, amount, ...) must hold numbers: a
// cell that is not one is an error naming the file, the row (the
// header is row 1, as a spreadsheet counts) and the column. An empty
// cell is an absent value. Every row needs an id, once per table.
//
// Each service gets its organization (with its phones), phones (with
// their languages), schedules, service areas, languages, cost options
// and attributes, and its services at locations with their schedules
// and their location (with its addresses, accessibility, schedules and
// attributes). Attributes get their taxonomy term, schedules their own
// attributes. Objects keep the order of their rows. A reference to a row
// that is not there (a service at location whose location is missing,
// an attribute whose term is missing) is left unresolved without an
// error: the object keeps the id it refers to, without the nested
// object. Objects a Source has no place for (a phone of a location, a
// language of a location) are left out.
//
// Objects shared by several services (an organization, a location) share
// their nested slices: treat the Source as read-only.
//
// Source.Terms holds every row of taxonomy_terms.csv. progress, if not
// nil, hears every 100 services put together, and at the end.
func ReadTabular(dir string, progress Progress) (*Source, error) {
	p, err := readPackage(dir)
	if err != nil {
		return nil, err
	}
	var (
		services   []Service
		orgs       []Organization
		locations  []Location
		sals       []ServiceAtLocation
		addresses  []Address
		phones     []Phone
		schedules  []Schedule
		areas      []ServiceArea
		languages  []Language
		costs      []CostOption
		access     []Accessibility
		attributes []Attribute
		terms      []TaxonomyTerm
	)
	for _, read := range []func() error{
		func() (err error) { services, err = readTable[Service](p, "service"); return },
		func() (err error) { orgs, err = readTable[Organization](p, "organization"); return },
		func() (err error) { locations, err = readTable[Location](p, "location"); return },
		func() (err error) { sals, err = readTable[ServiceAtLocation](p, "service_at_location"); return },
		func() (err error) { addresses, err = readTable[Address](p, "address"); return },
		func() (err error) { phones, err = readTable[Phone](p, "phone"); return },
		func() (err error) { schedules, err = readTable[Schedule](p, "schedule"); return },
		func() (err error) { areas, err = readTable[ServiceArea](p, "service_area"); return },
		func() (err error) { languages, err = readTable[Language](p, "language"); return },
		func() (err error) { costs, err = readTable[CostOption](p, "cost_option"); return },
		func() (err error) { access, err = readTable[Accessibility](p, "accessibility"); return },
		func() (err error) { attributes, err = readTable[Attribute](p, "attribute"); return },
		func() (err error) { terms, err = readTable[TaxonomyTerm](p, "taxonomy_term"); return },
	} {
		if err := read(); err != nil {
			return nil, err
		}
	}

	src := &Source{Name: dir, Terms: make(map[string]TaxonomyTerm, len(terms))}
	for _, t := range terms {
		src.Terms[t.ID] = t
	}
	// Attributes by the object they describe: "entity/id". One without a
	// link_entity goes with whatever object has its link_id.
	attrs := map[string][]Attribute{}
	for _, a := range attributes {
		if t, ok := src.Terms[a.TaxonomyTermID]; ok {
			a.TaxonomyTerm = &t
		}
		k := a.LinkEntity + "/" + a.LinkID
		attrs[k] = append(attrs[k], a)
	}
	attrsOf := func(entity, id string) []Attribute {
		return slices.Concat(attrs[entity+"/"+id], attrs["/"+id])
	}

	langsByPhone := group(languages, func(l Language) string { return l.PhoneID })
	langsByService := group(languages, func(l Language) string { return l.ServiceID })
	for i := range phones {
		phones[i].Languages = langsByPhone[phones[i].ID]
	}
	phonesByService := group(phones, func(p Phone) string { return p.ServiceID })
	phonesByOrg := group(phones, func(p Phone) string { return p.OrganizationID })
	for i := range schedules {
		schedules[i].Attributes = attrsOf("schedule", schedules[i].ID)
	}
	schedByService := group(schedules, func(s Schedule) string { return s.ServiceID })
	schedByLocation := group(schedules, func(s Schedule) string { return s.LocationID })
	schedBySAL := group(schedules, func(s Schedule) string { return s.ServiceAtLocationID })

	orgByID := map[string]Organization{}
	for _, o := range orgs {
		o.Phones = phonesByOrg[o.ID]
		orgByID[o.ID] = o
		src.Organizations = append(src.Organizations, o)
	}
	addrByLocation := group(addresses, func(a Address) string { return a.LocationID })
	accByLocation := group(access, func(a Accessibility) string { return a.LocationID })
	locByID := map[string]Location{}
	for _, l := range locations {
		l.Addresses, l.Accessibility = addrByLocation[l.ID], accByLocation[l.ID]
		l.Schedules, l.Attributes = schedByLocation[l.ID], attrsOf("location", l.ID)
		locByID[l.ID] = l
		src.Locations = append(src.Locations, l)
	}
	for i := range sals {
		sals[i].Schedules = schedBySAL[sals[i].ID]
		if l, ok := locByID[sals[i].LocationID]; ok {
			sals[i].Location = &l
		}
	}
	salsByService := group(sals, func(s ServiceAtLocation) string { return s.ServiceID })
	areasByService := group(areas, func(a ServiceArea) string { return a.ServiceID })
	costsByService := group(costs, func(c CostOption) string { return c.ServiceID })

	for i := range services {
		s := &services[i]
		if o, ok := orgByID[s.OrganizationID]; ok {
			s.Organization = &o
		}
		s.Phones, s.Schedules, s.ServiceAreas = phonesByService[s.ID], schedByService[s.ID], areasByService[s.ID]
		s.ServiceAtLocations, s.Languages = salsByService[s.ID], langsByService[s.ID]
		s.CostOptions, s.Attributes = costsByService[s.ID], attrsOf("service", s.ID)
		if progress != nil && (i+1)%100 == 0 {
			progress(i+1, len(services))
		}
	}
	if progress != nil && len(services)%100 != 0 {
		progress(len(services), len(services))
	}
	src.Services = services
	return src, nil
}

// group is rows by key, in their order; rows with an empty key are left
// out.
func group[T any](rows []T, key func(T) string) map[string][]T {
	out := map[string][]T{}
	for _, r := range rows {
		if k := key(r); k != "" {
			out[k] = append(out[k], r)
		}
	}
	return out
}

// dataPackageFile is what ReadTabular needs of a datapackage.json.
type dataPackageFile struct {
	Resources []struct {
		Name     string          `json:"name"`
		Path     json.RawMessage `json:"path"` // a path or a list of them
		Encoding string          `json:"encoding"`
		Dialect  struct {
			Delimiter string `json:"delimiter"`
		} `json:"dialect"`
	} `json:"resources"`
}

// tabularPackage is a data package read: the files of each table.
type tabularPackage struct {
	dir    string
	tables map[string][]tableFile // by resource name
}

type tableFile struct {
	path  string // relative to dir, with slashes
	comma rune
}

func readPackage(dir string) (*tabularPackage, error) {
	file := filepath.Join(dir, DataPackage)
	b, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: no %s: not HSDS's tabular form (CSV files described by a data package)", dir, DataPackage)
	}
	if err != nil {
		return nil, err
	}
	var pkg dataPackageFile
	if err := json.Unmarshal(b, &pkg); err != nil {
		return nil, fmt.Errorf("%s: not a data package: %w", file, err)
	}
	p := &tabularPackage{dir: dir, tables: map[string][]tableFile{}}
	for _, r := range pkg.Resources {
		if r.Name == "" {
			continue
		}
		var paths []string
		var one string
		if err := json.Unmarshal(r.Path, &one); err == nil {
			paths = []string{one}
		} else if err := json.Unmarshal(r.Path, &paths); err != nil || len(paths) == 0 {
			return nil, fmt.Errorf("%s: resource %s: no path to its file", file, r.Name)
		}
		if e := strings.ToLower(strings.ReplaceAll(r.Encoding, "-", "")); e != "" && e != "utf8" {
			return nil, fmt.Errorf("%s: resource %s: encoding %s; only UTF-8 can be read", file, r.Name, r.Encoding)
		}
		comma := ','
		if d := r.Dialect.Delimiter; d != "" {
			c, n := utf8.DecodeRuneInString(d)
			if n != len(d) || c == '"' || c == '\n' || c == '\r' || c == utf8.RuneError {
				return nil, fmt.Errorf("%s: resource %s: delimiter %q cannot be read", file, r.Name, d)
			}
			comma = c
		}
		for _, f := range paths {
			if f == "" || strings.Contains(f, "://") || path.IsAbs(f) || filepath.IsAbs(f) || !fs.ValidPath(path.Clean(f)) || strings.Contains(f, "\\") {
				return nil, fmt.Errorf("%s: resource %s: path %q is not a file in the package's folder", file, r.Name, f)
			}
			p.tables[r.Name] = append(p.tables[r.Name], tableFile{path: path.Clean(f), comma: comma})
		}
	}
	if len(p.tables["service"]) == 0 {
		return nil, fmt.Errorf("%s lists no service table (services.csv): not an HSDS dataset", file)
	}
	return p, nil
}

// column is a field of an object that a column fills.
type column struct {
	index []int
	kind  reflect.Kind // String, Int or Float64
}

// columnsOf are the one-to-one fields of struct type t by JSON name:
// strings and numbers (or pointers to numbers).
func columnsOf(t reflect.Type) map[string]column {
	out := map[string]column{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch k := ft.Kind(); k {
		case reflect.String:
			if f.Type.Kind() == reflect.String {
				out[name] = column{index: f.Index, kind: k}
			}
		case reflect.Int, reflect.Float64:
			out[name] = column{index: f.Index, kind: k}
		}
	}
	return out
}

// readTable reads the rows of the table name into T.
func readTable[T any](p *tabularPackage, name string) ([]T, error) {
	typ := reflect.TypeFor[T]()
	cols := columnsOf(typ)
	var out []T
	seen := map[string]int{} // id to its row
	for _, tf := range p.tables[name] {
		f, err := os.Open(filepath.Join(p.dir, filepath.FromSlash(tf.path)))
		if errors.Is(err, fs.ErrNotExist) && name != "service" {
			continue
		}
		if err != nil {
			return nil, err
		}
		err = readCSV(f, tf, typ, cols, func(row int, v reflect.Value) error {
			id := v.FieldByIndex(cols["id"].index).String()
			if id == "" {
				return fmt.Errorf("%s, row %d: no id", tf.path, row)
			}
			if prev, ok := seen[id]; ok {
				return fmt.Errorf("%s, row %d: id %s again (row %d has it)", tf.path, row, id, prev)
			}
			seen[id] = row
			out = append(out, v.Interface().(T))
			return nil
		})
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// readCSV reads one CSV file of a table: each row into a new value of
// typ, handed to each with its row number (the header is row 1).
func readCSV(r io.Reader, tf tableFile, typ reflect.Type, cols map[string]column, each func(row int, v reflect.Value) error) error {
	cr := csv.NewReader(r)
	cr.Comma = tf.comma
	cr.FieldsPerRecord = -1 // a short row's missing cells are empty
	header, err := cr.Read()
	if err == io.EOF {
		return nil // an empty file: no rows
	}
	if err != nil {
		return fmt.Errorf("%s: %w", tf.path, err)
	}
	fields := make([]*column, len(header))
	names := make([]string, len(header))
	have := map[string]bool{}
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\uFEFF")
		}
		h = strings.TrimSpace(h)
		names[i] = h
		if have[h] && h != "" {
			return fmt.Errorf("%s: column %s twice", tf.path, h)
		}
		have[h] = true
		if c, ok := cols[h]; ok {
			fields[i] = &c
		}
	}
	if !have["id"] {
		return fmt.Errorf("%s: no id column", tf.path)
	}
	for row := 2; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", tf.path, err)
		}
		v := reflect.New(typ).Elem()
		for i, cell := range rec {
			if i >= len(fields) || fields[i] == nil || cell == "" {
				continue
			}
			c := fields[i]
			f := v.FieldByIndex(c.index)
			if c.kind == reflect.String {
				f.SetString(cell)
				continue
			}
			n, err := strconv.ParseFloat(strings.TrimSpace(cell), 64)
			if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
				return fmt.Errorf("%s, row %d, column %s: %q is not a number", tf.path, row, names[i], cell)
			}
			num := reflect.New(f.Type().Elem())
			if c.kind == reflect.Int {
				if n != math.Trunc(n) || math.Abs(n) > 1<<53 {
					return fmt.Errorf("%s, row %d, column %s: %q is not a whole number", tf.path, row, names[i], cell)
				}
				num.Elem().SetInt(int64(n))
			} else {
				num.Elem().SetFloat(n)
			}
			if f.Kind() == reflect.Pointer {
				f.Set(num)
			} else {
				f.Set(num.Elem())
			}
		}
		if err := each(row, v); err != nil {
			return err
		}
	}
}

// The API ------------------------------------------------------------------

// apiClient is the HTTP client ReadAPI uses.
var apiClient = &http.Client{Timeout: 30 * time.Second}

const (
	apiUserAgent    = "wegwijzer-import-hsds (+https://github.com/wegwijzer/wegwijzer)"
	apiMaxBody      = 50 << 20 // the most read of one response
	apiMaxPages     = 10000    // the most pages of a list
	apiPerPage      = 100      // services a page asked for
	apiTermsPerPage = 500      // terms a page asked for
	apiRetries      = 3        // retries of a request that failed on the way or with 5xx or 429
	apiMaxWait      = time.Minute
)

// ReadAPI reads every full service from the HSDS API at base (its root,
// such as https://example.org/api/v1/hsds, with or without a trailing
// slash; a query in base, such as lang=en, goes with every request).
//
// It asks GET {base}/services?full=true for page after page, until the
// server says it was the last page, the page is past total_pages, or it
// brings no service not seen before. A server that leaves out the nested
// objects although full was asked (no service on a page has any) is asked
// for each service on its own: GET {base}/services/{id}. The terms come
// from GET {base}/taxonomy_terms; a server without that list (it answers
// 4xx) gives the terms nested in the services' attributes.
//
// A request that fails on the way, or with 429 or 5xx, is tried again
// (three times, waiting 1, 2 and 4 seconds or as Retry-After says); any
// other answer than 2xx is an error with the URL, the status and the
// start of the body. progress, if not nil, hears after each page: the
// services read, and the total the server gives.
func ReadAPI(base string, progress Progress) (*Source, error) {
	return readAPI(apiClient, base, progress)
}

func readAPI(client *http.Client, base string, progress Progress) (*Source, error) {
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%s: not the http(s) URL of an HSDS API", base)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	u.Fragment = ""
	a := &apiReader{client: client, base: u, sleep: time.Sleep}
	src := &Source{Name: base}
	if err := a.services(src, progress); err != nil {
		return nil, err
	}
	terms, err := a.terms()
	var ae *apiError
	switch {
	case errors.As(err, &ae) && ae.Status >= 400 && ae.Status < 500:
		terms = nil // no list of terms: those in the services
	case err != nil:
		return nil, err
	}
	src.Terms = terms
	src.addTerms()
	return src, nil
}

type apiReader struct {
	client *http.Client
	base   *url.URL
	sleep  func(time.Duration)
}

// url is base/path with base's query and q.
func (a *apiReader) url(q url.Values, path ...string) string {
	u := a.base.JoinPath(path...)
	v := u.Query()
	for k, vs := range q {
		v[k] = vs
	}
	u.RawQuery = v.Encode()
	return u.String()
}

// apiPage is a page of a list as the API's Page schema has it.
type apiPage[T any] struct {
	TotalItems int  `json:"total_items"`
	TotalPages int  `json:"total_pages"`
	LastPage   bool `json:"last_page"`
	Contents   []T  `json:"contents"`
}

func (p *apiPage[T]) UnmarshalJSON(b []byte) error {
	if b = bytes.TrimSpace(b); len(b) > 0 && b[0] == '[' {
		// A bare list, as some servers answer: all of it.
		p.LastPage = true
		if err := json.Unmarshal(b, &p.Contents); err != nil {
			return err
		}
		p.TotalItems = len(p.Contents)
		return nil
	}
	type page apiPage[T]
	var x page
	if err := json.Unmarshal(b, &x); err != nil {
		return err
	}
	if x.Contents == nil && !bytes.Contains(b, []byte(`"contents"`)) {
		return errors.New("no contents: not a page of a list")
	}
	*p = apiPage[T](x)
	return nil
}

// pages reads the list at path page by page, handing each page to each,
// which says how many of its items were new.
func pages[T any](a *apiReader, path string, q url.Values, each func(p apiPage[T]) (int, error)) error {
	for n := 1; ; n++ {
		if n > apiMaxPages {
			return fmt.Errorf("%s: more than %d pages; stopped", a.url(nil, path), apiMaxPages)
		}
		q.Set("page", strconv.Itoa(n))
		var p apiPage[T]
		if err := a.get(a.url(q, path), &p); err != nil {
			return err
		}
		added, err := each(p)
		if err != nil {
			return err
		}
		if p.LastPage || len(p.Contents) == 0 || added == 0 || (p.TotalPages > 0 && n >= p.TotalPages) {
			return nil
		}
	}
}

func (a *apiReader) services(src *Source, progress Progress) error {
	seen := map[string]bool{}
	const unknown, yes, no = 0, 1, 2
	oneByOne := unknown // whether the list leaves out nested objects
	q := url.Values{"full": {"true"}, "per_page": {strconv.Itoa(apiPerPage)}}
	err := pages(a, "services", q, func(p apiPage[Service]) (int, error) {
		var fresh []Service
		for _, s := range p.Contents {
			if s.ID != "" && seen[s.ID] {
				continue
			}
			seen[s.ID] = true
			fresh = append(fresh, s)
		}
		if len(fresh) > 0 && oneByOne == unknown && !slices.ContainsFunc(fresh, nested) {
			oneByOne = no
			for i := range fresh {
				if err := a.service(&fresh[i]); err != nil {
					return 0, err
				}
				if nested(fresh[i]) {
					oneByOne = yes
				}
			}
		} else if len(fresh) > 0 && oneByOne == unknown {
			oneByOne = no
		} else if oneByOne == yes {
			for i := range fresh {
				if err := a.service(&fresh[i]); err != nil {
					return 0, err
				}
			}
		}
		src.Services = append(src.Services, fresh...)
		if progress != nil {
			progress(len(src.Services), max(p.TotalItems, len(src.Services)))
		}
		return len(fresh), nil
	})
	if err != nil {
		var ae *apiError
		if errors.As(err, &ae) && ae.Status == http.StatusNotFound && len(src.Services) == 0 {
			return fmt.Errorf("%w (is %s the root of an HSDS API, such as https://example.org/api/v1/hsds?)", err, src.Name)
		}
	}
	return err
}

// service replaces *s with its full form, GET services/{id}.
func (a *apiReader) service(s *Service) error {
	if s.ID == "" {
		return nil
	}
	var full Service
	if err := a.get(a.url(nil, "services", url.PathEscape(s.ID)), &full); err != nil {
		return err
	}
	if full.ID != s.ID {
		return fmt.Errorf("%s: service %q, not %s", a.url(nil, "services", url.PathEscape(s.ID)), full.ID, s.ID)
	}
	*s = full
	return nil
}

// nested reports whether s has any nested object.
func nested(s Service) bool {
	return s.Organization != nil || len(s.Phones) > 0 || len(s.Schedules) > 0 || len(s.ServiceAtLocations) > 0 ||
		len(s.Attributes) > 0 || len(s.ServiceAreas) > 0 || len(s.Languages) > 0 || len(s.CostOptions) > 0
}

func (a *apiReader) terms() (map[string]TaxonomyTerm, error) {
	out := map[string]TaxonomyTerm{}
	q := url.Values{"per_page": {strconv.Itoa(apiTermsPerPage)}}
	err := pages(a, "taxonomy_terms", q, func(p apiPage[TaxonomyTerm]) (int, error) {
		added := 0
		for _, t := range p.Contents {
			if _, ok := out[t.ID]; !ok && t.ID != "" {
				out[t.ID] = t
				added++
			}
		}
		return added, nil
	})
	return out, err
}

// apiError is an answer other than 2xx.
type apiError struct {
	URL    string
	Status int
	Body   string // its start
}

func (e *apiError) Error() string {
	s := fmt.Sprintf("GET %s: %d %s", e.URL, e.Status, http.StatusText(e.Status))
	if e.Body != "" {
		s += ": " + strconv.Quote(e.Body)
	}
	return s
}

// bodyStart is the first 200 bytes of b, as text.
func bodyStart(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) > 200 {
		b = b[:200]
	}
	return strings.ToValidUTF8(string(b), "")
}

var errTooLarge = fmt.Errorf("the response is larger than %d MB", apiMaxBody>>20)

// get GETs u and decodes its JSON into v, trying again after a failure on
// the way or an answer 429 or 5xx.
func (a *apiReader) get(u string, v any) error {
	for attempt := 0; ; attempt++ {
		body, status, retryAfter, err := a.fetch(u)
		retry := false
		switch {
		case errors.Is(err, errTooLarge):
			return fmt.Errorf("GET %s: %w", u, err)
		case err != nil:
			err, retry = fmt.Errorf("GET %s: %w", u, err), true
		case status < 200 || status > 299:
			err = &apiError{URL: u, Status: status, Body: bodyStart(body)}
			retry = status == http.StatusTooManyRequests || status >= 500
		default:
			if err := json.Unmarshal(body, v); err != nil {
				return fmt.Errorf("GET %s: not the JSON expected (%v); the response begins %q", u, err, bodyStart(body))
			}
			return nil
		}
		if !retry || attempt == apiRetries {
			if attempt > 0 {
				return fmt.Errorf("%w (tried %d times)", err, attempt+1)
			}
			return err
		}
		wait := time.Second << attempt
		if retryAfter >= 0 {
			wait = min(retryAfter, apiMaxWait)
		}
		a.sleep(wait)
	}
}

// fetch GETs u: the body (at most apiMaxBody), the status and the wait
// Retry-After asks for (-1 if none).
func (a *apiReader) fetch(u string) ([]byte, int, time.Duration, error) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, -1, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", apiUserAgent)
	resp, err := a.client.Do(req)
	if err != nil {
		return nil, 0, -1, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, apiMaxBody+1))
	if err != nil {
		return nil, 0, -1, err
	}
	if len(body) > apiMaxBody {
		return nil, 0, -1, errTooLarge
	}
	return body, resp.StatusCode, retryAfter(resp.Header.Get("Retry-After")), nil
}

// retryAfter reads a Retry-After header: seconds or a date; -1 if none.
func retryAfter(h string) time.Duration {
	if h == "" {
		return -1
	}
	if n, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(time.Until(t), 0)
	}
	return -1
}
