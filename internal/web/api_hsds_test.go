package web

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/hsds"
	"github.com/wegwijzer/wegwijzer/internal/hsds/schema"
)

type hsdsClient struct {
	t   *testing.T
	app *fiber.App
}

func (h hsdsClient) get(path string, header ...string) (int, http.Header, []byte) {
	h.t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := h.app.Test(req, -1)
	if err != nil {
		h.t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, b
}

type hsdsPage struct {
	TotalItems int               `json:"total_items"`
	TotalPages int               `json:"total_pages"`
	PageNumber int               `json:"page_number"`
	Size       int               `json:"size"`
	FirstPage  bool              `json:"first_page"`
	LastPage   bool              `json:"last_page"`
	Empty      bool              `json:"empty"`
	Contents   []json.RawMessage `json:"contents"`
}

// TestHSDSAPIValidatesAgainstOfficialSchemas walks every GET path of the
// HSDS OpenAPI description, every page of every list in two languages
// and with each form (brief, full, minimal), and every object by its id,
// and validates each answer against the official schema for its path.
func TestHSDSAPIValidatesAgainstOfficialSchemas(t *testing.T) {
	d, _ := testDeps(t)
	h := hsdsClient{t, newApp(t, d)}
	v, err := schema.New()
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	valid := func(path, url string, body []byte) {
		t.Helper()
		var err error
		if path == "/service_at_locations/{id}" {
			// The OpenAPI file points this path at the service schema
			// (upstream's mistake); the object is a service_at_location.
			err = v.Object("service_at_location", body)
		} else {
			err = v.Response(path, body)
		}
		if err != nil {
			t.Errorf("GET %s: %v", url, err)
			return
		}
		counts[path]++
	}
	// list fetches every page of a list and returns its items' ids.
	list := func(path, query string) []string {
		t.Helper()
		var ids []string
		for page, pages := 1, 1; page <= pages; page++ {
			url := fmt.Sprintf("/api/v1/hsds%s?per_page=25&page=%d%s", path, page, query)
			status, _, body := h.get(url)
			if status != http.StatusOK {
				t.Fatalf("GET %s: %d %s", url, status, body)
			}
			valid(path, url, body)
			var p hsdsPage
			if err := json.Unmarshal(body, &p); err != nil {
				t.Fatal(err)
			}
			pages = p.TotalPages
			for _, c := range p.Contents {
				var o struct{ ID string }
				_ = json.Unmarshal(c, &o)
				ids = append(ids, o.ID)
			}
			if p.PageNumber != page || p.Size != len(p.Contents) || p.FirstPage != (page == 1) || p.LastPage != (page == pages) {
				t.Errorf("GET %s: page fields %+v", url, p)
			}
		}
		return ids
	}
	status, _, body := h.get("/api/v1/hsds/")
	if status != http.StatusOK {
		t.Fatalf("GET /api/v1/hsds/: %d", status)
	}
	valid("/", "/api/v1/hsds/", body)
	if status, _, body := h.get("/api/v1/hsds/profile"); status != http.StatusOK || !strings.Contains(string(body), hsds.TaxRung) {
		t.Errorf("profile: %d %s", status, body)
	}
	for _, lang := range []string{"nl", "en"} {
		q := "&lang=" + lang
		for _, form := range []string{"", "&full=true", "&minimal=true"} {
			list("/services", q+form)
		}
		for _, form := range []string{"", "&full=true", "&full_service=true"} {
			list("/organizations", q+form)
		}
		for _, form := range []string{"", "&full=true", "&postcode=9994AB&proximity=2000"} {
			list("/service_at_locations", q+form)
		}
		for _, item := range []struct{ list, one string }{
			{"/services", "/services/{id}"}, {"/organizations", "/organizations/{id}"},
			{"/service_at_locations", "/service_at_locations/{id}"}, {"/taxonomies", "/taxonomies/{id}"},
			{"/taxonomy_terms", "/taxonomy_terms/{id}"},
		} {
			for _, id := range list(item.list, q) {
				url := "/api/v1/hsds" + strings.Replace(item.one, "{id}", id, 1) + "?lang=" + lang
				status, _, body := h.get(url)
				if status != http.StatusOK {
					t.Fatalf("GET %s: %d %s", url, status, body)
				}
				valid(item.one, url, body)
			}
		}
	}
	for _, p := range schema.Paths() {
		if counts[p] == 0 {
			t.Errorf("no answer of %s validated", p)
		}
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	t.Logf("%d answers valid: %v", total, counts)
}

// TestHSDSAPIParameters: paging edges, filters, languages, NDJSON, and
// clear JSON errors for bad parameters and unknown ids.
func TestHSDSAPIParameters(t *testing.T) {
	d, _ := testDeps(t)
	h := hsdsClient{t, newApp(t, d)}
	page := func(url string) hsdsPage {
		t.Helper()
		status, _, body := h.get(url)
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", url, status, body)
		}
		var p hsdsPage
		if err := json.Unmarshal(body, &p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	all := page("/api/v1/hsds/services?per_page=500")
	n := len(d.Content.Catalog.Services)
	if all.TotalItems != n || len(all.Contents) != n || all.TotalPages != 1 || !all.FirstPage || !all.LastPage {
		t.Fatalf("all services: %d of %d in %d pages", len(all.Contents), all.TotalItems, all.TotalPages)
	}
	// Pages together hold every service once, in order.
	var ids []string
	pages := 0
	for p := 1; ; p++ {
		pg := page(fmt.Sprintf("/api/v1/hsds/services?per_page=7&page=%d", p))
		pages = pg.TotalPages
		if pg.Empty {
			if p != pages+1 || !pg.LastPage || pg.Size != 0 || pg.TotalItems != n {
				t.Errorf("page past the last: %+v", pg)
			}
			break
		}
		for _, c := range pg.Contents {
			var o struct{ ID string }
			_ = json.Unmarshal(c, &o)
			ids = append(ids, o.ID)
		}
	}
	if len(ids) != n || pages != (n+6)/7 || len(slices.Compact(slices.Sorted(slices.Values(ids)))) != n {
		t.Errorf("%d ids over %d pages, want %d", len(ids), pages, n)
	}

	// Filters: a topic's term, and an organisation.
	money := page("/api/v1/hsds/services?per_page=500&taxonomy_term_id=" + hsds.TermID(hsds.TaxTopic, "money"))
	want := 0
	for _, s := range d.Content.Catalog.Services {
		if slices.Contains(s.Topics, "money") {
			want++
		}
	}
	if money.TotalItems != want || want == 0 {
		t.Errorf("topic money: %d services, want %d", money.TotalItems, want)
	}
	if p := page("/api/v1/hsds/services?taxonomy_term_id=" + hsds.ID("taxonomy_term", "nothing")); !p.Empty || p.TotalItems != 0 {
		t.Errorf("an unknown term: %+v", p)
	}
	if p := page("/api/v1/hsds/service_at_locations?postcode=1234AB"); !p.Empty {
		t.Errorf("a postcode outside the municipality: %d items", p.TotalItems)
	}

	// Languages: lang= or Accept-Language; Dutch by default.
	geld := "/api/v1/hsds/services/" + hsds.ID("service", "geldcafe")
	for _, tc := range []struct{ url, header, lang, name string }{
		{geld, "", "nl", "Geldcafé"},
		{geld + "?lang=en", "", "en", "Money café"},
		{geld, "en-GB,en;q=0.8", "en", "Money café"},
	} {
		status, hdr, body := h.get(tc.url, "Accept-Language", tc.header)
		var s struct{ Name string }
		_ = json.Unmarshal(body, &s)
		if status != http.StatusOK || s.Name != tc.name || hdr.Get("Content-Language") != tc.lang {
			t.Errorf("GET %s (%s): %d, name %q, Content-Language %q", tc.url, tc.header, status, s.Name, hdr.Get("Content-Language"))
		}
	}

	// NDJSON: every service, one a line, without paging.
	status, hdr, body := h.get("/api/v1/hsds/services?format=ndjson")
	lines := 0
	sc := bufio.NewScanner(strings.NewReader(string(body)))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var o struct{ ID, Name string }
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil || o.ID == "" {
			t.Errorf("ndjson line %d: %v", lines+1, err)
		}
		lines++
	}
	if status != http.StatusOK || lines != n || !strings.HasPrefix(hdr.Get("Content-Type"), "application/x-ndjson") {
		t.Errorf("ndjson: %d, %d lines of %d, %s", status, lines, n, hdr.Get("Content-Type"))
	}

	// Bad parameters: 400 with a message in the language asked for;
	// unknown ids: 404.
	for _, tc := range []struct {
		url    string
		status int
		says   string
	}{
		{"/api/v1/hsds/services?page=0", 400, "page must be a whole number"},
		{"/api/v1/hsds/services?page=two", 400, "page must be a whole number"},
		{"/api/v1/hsds/services?per_page=501", 400, "from 1 to 500"},
		{"/api/v1/hsds/services?full=yes", 400, "full must be true or false"},
		{"/api/v1/hsds/services?minimal=2", 400, "minimal must be true or false"},
		{"/api/v1/hsds/services?organization_id=welzijn", 400, "organization_id must be a UUID"},
		{"/api/v1/hsds/services?modified_after=last+week", 400, "modified_after must be a date"},
		{"/api/v1/hsds/services?format=csv", 400, "format must be json or ndjson"},
		{"/api/v1/hsds/taxonomy_terms?taxonomy_id=topic", 400, "taxonomy_id must be a UUID"},
		{"/api/v1/hsds/service_at_locations?postcode=99", 400, "postcode"},
		{"/api/v1/hsds/service_at_locations?proximity=500", 400, "Give a postcode"},
		{"/api/v1/hsds/services/" + hsds.ID("service", "nothing"), 404, "no service with this id"},
		{"/api/v1/hsds/services/geldcafe", 404, "no service with this id"},
		{"/api/v1/hsds/organizations/" + hsds.ID("organization", "nothing"), 404, "no organization"},
		{"/api/v1/hsds/service_at_locations/" + hsds.ID("x", "y"), 404, "no service_at_location"},
		{"/api/v1/hsds/taxonomies/" + hsds.ID("x", "y"), 404, "no taxonomy"},
		{"/api/v1/hsds/taxonomy_terms/" + hsds.ID("x", "y"), 404, "no taxonomy_term"},
		{"/api/v1/hsds/locations", 404, ""},
	} {
		status, hdr, body := h.get(tc.url+map[bool]string{true: "&", false: "?"}[strings.Contains(tc.url, "?")]+"lang=en", "")
		var e struct{ Error string }
		if err := json.Unmarshal(body, &e); err != nil || status != tc.status || e.Error == "" ||
			!strings.Contains(e.Error, tc.says) || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") {
			t.Errorf("GET %s: %d %s, want %d with %q", tc.url, status, body, tc.status, tc.says)
		}
	}
	// In Dutch by default.
	if _, _, body := h.get("/api/v1/hsds/services?page=0"); !strings.Contains(string(body), "page moet een heel getal zijn") {
		t.Errorf("error in Dutch: %s", body)
	}
}
