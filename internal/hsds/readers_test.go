package hsds_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/wegwijzer/wegwijzer/internal/hsds"
)

// tabularExport exports the demo dataset to a new folder and removes its
// JSON form, leaving the CSV files and datapackage.json. fresh gives a
// copy of that folder to change.
func tabularExport(t *testing.T) (d *hsds.Dataset, fresh func(t *testing.T) string) {
	t.Helper()
	d = demoNL(t)
	dir := filepath.Join(t.TempDir(), "export")
	if _, err := hsds.Export(dir, d); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
	return d, func(t *testing.T) string {
		t.Helper()
		to := t.TempDir()
		if err := os.CopyFS(to, os.DirFS(dir)); err != nil {
			t.Fatal(err)
		}
		return to
	}
}

// demoNL is the demo dataset in Dutch, built once for these tests,
// which do not change it.
func demoNL(t *testing.T) *hsds.Dataset {
	t.Helper()
	demoNLOnce.Do(func() { demoNLSet, _ = dataset(t, "nl") })
	if demoNLSet == nil {
		t.Fatal("no demo dataset")
	}
	return demoNLSet
}

var (
	demoNLOnce sync.Once
	demoNLSet  *hsds.Dataset
)

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func indent(s string) string {
	var buf bytes.Buffer
	_ = json.Indent(&buf, []byte(s), "", " ")
	return buf.String()
}

// sameServices requires got to be want, service by service, as JSON.
func sameServices(t *testing.T, got, want []hsds.Service) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d services read, want %d", len(got), len(want))
	}
	diffs := 0
	for i := range want {
		g, w := mustJSON(t, got[i]), mustJSON(t, want[i])
		if g != w {
			diffs++
			if diffs <= 3 {
				t.Errorf("service %d (%s) differs:\n%s", i, want[i].ID, firstDiff(indent(g), indent(w)))
			}
		}
	}
	if diffs > 3 {
		t.Errorf("... and %d more services differ", diffs-3)
	}
}

// firstDiff shows the first line where got and want part.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d: got  %s\n         want %s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("got %d lines, want %d", len(g), len(w))
}

func sameTerms(t *testing.T, got map[string]hsds.TaxonomyTerm, want []hsds.TaxonomyTerm) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d terms, want %d", len(got), len(want))
	}
	for _, w := range want {
		if g, ok := got[w.ID]; !ok || g != w {
			t.Errorf("term %s: got %+v, want %+v", w.ID, g, w)
		}
	}
}

// TestReadTabular reads the tabular form of an export of the demo
// catalogue, as it is and changed.
func TestReadTabular(t *testing.T) {
	d, fresh := tabularExport(t)
	t.Run("round trip", func(t *testing.T) { testTabularRoundTrip(t, d, fresh(t)) })
	t.Run("columns", func(t *testing.T) { testTabularColumns(t, d, fresh(t)) })
	t.Run("missing", func(t *testing.T) { testTabularMissing(t, d, fresh(t)) })
	t.Run("errors", func(t *testing.T) { testTabularErrors(t, fresh(t)) })
}

// testTabularRoundTrip: the tabular form of an export, read back, gives
// the dataset's full services exactly, and its terms.
func testTabularRoundTrip(t *testing.T, d *hsds.Dataset, dir string) {
	var calls [][2]int
	src, err := hsds.ReadTabular(dir, func(done, total int) { calls = append(calls, [2]int{done, total}) })
	if err != nil {
		t.Fatal(err)
	}
	sameServices(t, src.Services, d.Services)
	sameTerms(t, src.Terms, d.Terms)
	n := len(d.Services)
	if len(calls) == 0 || calls[len(calls)-1] != [2]int{n, n} || len(calls) != (n+99)/100 {
		t.Errorf("progress %v for %d services", calls, n)
	}
	// The dataset has each kind of nested object somewhere, so the
	// comparison covers every link.
	var sal, locSched, schedAttr, orgPhone, phoneLang bool
	for _, s := range src.Services {
		phones := s.Phones
		if s.Organization != nil {
			orgPhone = orgPhone || len(s.Organization.Phones) > 0
			phones = append(slices.Clip(phones), s.Organization.Phones...)
		}
		for _, p := range phones {
			phoneLang = phoneLang || len(p.Languages) > 0
		}
		for _, x := range s.ServiceAtLocations {
			sal = sal || x.Location != nil
			locSched = locSched || x.Location != nil && len(x.Location.Schedules) > 0
		}
		for _, sc := range s.Schedules {
			schedAttr = schedAttr || len(sc.Attributes) > 0
		}
	}
	if !sal || !locSched || !schedAttr || !orgPhone || !phoneLang {
		t.Errorf("the demo lacks a kind of link: service at location %v, location schedule %v, schedule attribute %v, organisation phone %v, phone language %v",
			sal, locSched, schedAttr, orgPhone, phoneLang)
	}

	// Read, given the folder, takes the tabular form.
	src2, err := hsds.Read(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	sameServices(t, src2.Services, d.Services)
	if src2.Name != dir {
		t.Errorf("name %q", src2.Name)
	}
}

// rewriteCSV rewrites a CSV file of dir with f applied to its records.
func rewriteCSV(t *testing.T, path string, f func([][]string) [][]string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(f(recs)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// testTabularColumns: columns in another order and columns no schema
// knows change nothing; a header with a byte order mark and a short row
// are read.
func testTabularColumns(t *testing.T, d *hsds.Dataset, dir string) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	if len(files) < 10 {
		t.Fatalf("%d CSV files", len(files))
	}
	for _, f := range files {
		rewriteCSV(t, f, func(recs [][]string) [][]string {
			for i, r := range recs {
				slices.Reverse(r)
				extra := "something else " + strconv.Itoa(i)
				if i == 0 {
					extra = "x_unknown_column"
				}
				recs[i] = append([]string{extra}, r...)
			}
			return recs
		})
	}
	// A byte order mark before the header of one file.
	svc := filepath.Join(dir, "services.csv")
	b, _ := os.ReadFile(svc)
	if err := os.WriteFile(svc, append([]byte("\uFEFF"), b...), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := hsds.ReadTabular(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	sameServices(t, src.Services, d.Services)
	sameTerms(t, src.Terms, d.Terms)
}

// testTabularMissing: an optional table's file may be missing, and a
// reference to a missing row is left unresolved.
func testTabularMissing(t *testing.T, d *hsds.Dataset, dir string) {
	if err := os.Remove(filepath.Join(dir, "accessibility.csv")); err != nil {
		t.Fatal(err)
	}
	// Remove the first location that a service is at.
	var gone string
	for _, s := range d.Services {
		if len(s.ServiceAtLocations) > 0 {
			gone = s.ServiceAtLocations[0].LocationID
			break
		}
	}
	if gone == "" {
		t.Fatal("no service at a location")
	}
	rewriteCSV(t, filepath.Join(dir, "locations.csv"), func(recs [][]string) [][]string {
		return slices.DeleteFunc(recs, func(r []string) bool { return r[0] == gone })
	})
	src, err := hsds.ReadTabular(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	// What the dataset is without them.
	want := make([]hsds.Service, len(d.Services))
	for i, s := range d.Services {
		s.ServiceAtLocations = slices.Clone(s.ServiceAtLocations)
		for j, sal := range s.ServiceAtLocations {
			if sal.Location == nil {
				continue
			}
			if sal.LocationID == gone {
				s.ServiceAtLocations[j].Location = nil
				continue
			}
			l := *sal.Location
			l.Accessibility = nil
			s.ServiceAtLocations[j].Location = &l
		}
		want[i] = s
	}
	sameServices(t, src.Services, want)
}

// testTabularErrors: a cell that is not a number names its file, row
// and column; a folder without datapackage.json says so.
func testTabularErrors(t *testing.T, dir string) {
	rewriteCSV(t, filepath.Join(dir, "services.csv"), func(recs [][]string) [][]string {
		col := slices.Index(recs[0], "minimum_age")
		recs[2][col] = "twelve" // row 3, as a spreadsheet counts
		return recs
	})
	_, err := hsds.ReadTabular(dir, nil)
	if err == nil || !strings.Contains(err.Error(), "services.csv, row 3, column minimum_age") || !strings.Contains(err.Error(), `"twelve" is not a number`) {
		t.Errorf("bad number: %v", err)
	}
	rewriteCSV(t, filepath.Join(dir, "services.csv"), func(recs [][]string) [][]string {
		recs[2][slices.Index(recs[0], "minimum_age")] = "12.5"
		return recs
	})
	if _, err := hsds.ReadTabular(dir, nil); err == nil || !strings.Contains(err.Error(), `services.csv, row 3, column minimum_age: "12.5" is not a whole number`) {
		t.Errorf("fraction: %v", err)
	}

	empty := t.TempDir()
	if _, err := hsds.ReadTabular(empty, nil); err == nil || !strings.Contains(err.Error(), "no datapackage.json") {
		t.Errorf("no datapackage.json: %v", err)
	}
	if err := os.WriteFile(filepath.Join(empty, hsds.DataPackage), []byte(`{"resources": [{"name": "service", "path": "../services.csv"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := hsds.ReadTabular(empty, nil); err == nil || !strings.Contains(err.Error(), "not a file in the package's folder") {
		t.Errorf("path outside: %v", err)
	}
}

// hsdsServer serves the demo dataset as the HSDS API does, under
// /api/v1/hsds, with its quirks.
type hsdsServer struct {
	d *hsds.Dataset
	// maxPerPage caps per_page, as servers do.
	maxPerPage int
	ignoreFull bool   // lists are brief whatever full says
	noLastPage bool   // never says last_page
	noTerms    bool   // 404 on /taxonomy_terms
	failFirst  int    // the first requests fail with 503
	status     int    // every request fails with this status
	lang       string // every request must ask for lang=

	requests atomic.Int64
	mu       sync.Mutex
	bad      []string // requests without the headers wanted
}

func (s *hsdsServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := s.requests.Add(1)
	if r.Header.Get("Accept") != "application/json" || !strings.HasPrefix(r.Header.Get("User-Agent"), "wegwijzer-import-hsds") ||
		r.URL.Query().Get("lang") != s.lang {
		s.mu.Lock()
		s.bad = append(s.bad, r.URL.String())
		s.mu.Unlock()
	}
	if int(n) <= s.failFirst {
		w.Header().Set("Retry-After", "0")
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	if s.status != 0 {
		http.Error(w, "nothing here", s.status)
		return
	}
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	per, _ := strconv.Atoi(q.Get("per_page"))
	page, per = max(page, 1), min(max(per, 1), s.maxPerPage)
	answer := func(v any) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(v)
	}
	p := strings.TrimPrefix(r.URL.Path, "/api/v1/hsds/")
	switch {
	case p == "services":
		all := s.d.Services
		if q.Get("full") != "true" || s.ignoreFull {
			all = make([]hsds.Service, len(s.d.Services))
			for i, sv := range s.d.Services {
				all[i] = sv.Brief()
			}
		}
		pg := hsds.Paginate(all, page, per)
		if s.noLastPage {
			pg.LastPage = false
		}
		answer(pg)
	case strings.HasPrefix(p, "services/"):
		sv, ok := s.d.Service(strings.TrimPrefix(p, "services/"))
		if !ok {
			http.NotFound(w, r)
			return
		}
		answer(sv)
	case p == "taxonomy_terms" && !s.noTerms:
		answer(hsds.Paginate(s.d.Terms, page, per))
	default:
		http.NotFound(w, r)
	}
}

func serve(t *testing.T, s *hsdsServer) string {
	t.Helper()
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return ts.URL + "/api/v1/hsds"
}

// TestReadAPI: every service read from the API, page by page, is the
// dataset's full service; the terms are the dataset's.
func TestReadAPI(t *testing.T) {
	d := demoNL(t)
	n := len(d.Services)
	for _, tc := range []struct {
		name string
		s    *hsdsServer
		tail string
	}{
		{"full", &hsdsServer{maxPerPage: 500}, ""},
		{"small pages", &hsdsServer{maxPerPage: 7}, "/"},
		{"no last_page", &hsdsServer{maxPerPage: 9, noLastPage: true}, ""},
		{"full ignored", &hsdsServer{maxPerPage: 10, ignoreFull: true}, ""},
		{"busy twice", &hsdsServer{maxPerPage: 500, failFirst: 2}, "/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.s.d = d
			base := serve(t, tc.s) + tc.tail
			var calls [][2]int
			src, err := hsds.ReadAPI(base, func(done, total int) { calls = append(calls, [2]int{done, total}) })
			if err != nil {
				t.Fatal(err)
			}
			sameServices(t, src.Services, d.Services)
			sameTerms(t, src.Terms, d.Terms)
			pages := (n + tc.s.maxPerPage - 1) / tc.s.maxPerPage
			if len(calls) != pages || calls[len(calls)-1] != [2]int{n, n} {
				t.Errorf("progress %v, want %d pages to %d", calls, pages, n)
			}
			want := pages + (len(d.Terms)+min(500, tc.s.maxPerPage)-1)/min(500, tc.s.maxPerPage) + tc.s.failFirst
			if tc.s.ignoreFull {
				want += n
			}
			if got := int(tc.s.requests.Load()); got != want {
				t.Errorf("%d requests, want %d", got, want)
			}
			if len(tc.s.bad) > 0 {
				t.Errorf("without lang, Accept or User-Agent: %v", tc.s.bad)
			}
		})
	}
	// Read, given a URL, asks the API; a query in it goes along.
	s := &hsdsServer{d: d, maxPerPage: 50, lang: "nl"}
	src, err := hsds.Read(serve(t, s)+"/?lang=nl", nil)
	if err != nil {
		t.Fatal(err)
	}
	sameServices(t, src.Services, d.Services)
	if len(s.bad) > 0 {
		t.Errorf("without lang, Accept or User-Agent: %v", s.bad)
	}
}

// TestReadAPITermsFromServices: without a list of terms, the terms are
// those nested in the services' attributes.
func TestReadAPITermsFromServices(t *testing.T) {
	d := demoNL(t)
	src, err := hsds.ReadAPI(serve(t, &hsdsServer{d: d, maxPerPage: 100, noTerms: true}), nil)
	if err != nil {
		t.Fatal(err)
	}
	sameServices(t, src.Services, d.Services)
	used := map[string]bool{}
	for _, s := range d.Services {
		for _, a := range s.Attributes {
			used[a.TaxonomyTermID] = true
		}
		for _, sc := range s.Schedules {
			for _, a := range sc.Attributes {
				used[a.TaxonomyTermID] = true
			}
		}
		for _, sal := range s.ServiceAtLocations {
			for _, sc := range sal.Schedules {
				for _, a := range sc.Attributes {
					used[a.TaxonomyTermID] = true
				}
			}
		}
	}
	if len(src.Terms) != len(used) || len(used) == 0 {
		t.Errorf("%d terms, the services use %d", len(src.Terms), len(used))
	}
	for id := range used {
		if tm, ok := d.Term(id); !ok || src.Terms[id] != tm {
			t.Errorf("term %s: %+v", id, src.Terms[id])
		}
	}
}

// TestReadAPIErrors: an answer that is no list is an error with the URL,
// the status and the body; so is a base that is no URL of an API.
func TestReadAPIErrors(t *testing.T) {
	d := demoNL(t)
	s := &hsdsServer{d: d, maxPerPage: 100, status: http.StatusNotFound}
	base := serve(t, s)
	_, err := hsds.ReadAPI(base, nil)
	if err == nil {
		t.Fatal("404: no error")
	}
	for _, want := range []string{base + "/services?full=true&page=1&per_page=100", "404 Not Found", "nothing here", "root of an HSDS API"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("404: %v lacks %q", err, want)
		}
	}
	if s.requests.Load() != 1 {
		t.Errorf("404 asked %d times", s.requests.Load())
	}

	// A page that is no page.
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<html>Welcome</html>")
	}))
	defer ts.Close()
	if _, err := hsds.ReadAPI(ts.URL, nil); err == nil || !strings.Contains(err.Error(), "not the JSON expected") || !strings.Contains(err.Error(), "<html>Welcome") {
		t.Errorf("HTML: %v", err)
	}
	if _, err := hsds.ReadAPI("https://", nil); err == nil || !strings.Contains(err.Error(), "not the http(s) URL") {
		t.Errorf("no host: %v", err)
	}
}
