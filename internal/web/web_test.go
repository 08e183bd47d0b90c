package web

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"github.com/gofiber/fiber/v2"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/internal/web/view"
)

func TestRootNegotiatesLanguage(t *testing.T) {
	d, _ := testDeps(t)
	app := newApp(t, d)
	tests := []struct {
		name, accept, cookie, want string
	}{
		{"default Dutch", "", "", "/nl/"},
		{"English browser", "en-GB,en;q=0.9", "", "/en/"},
		{"unsupported falls back", "ja", "", "/nl/"},
		{"cookie wins", "nl", "wz_lang=en", "/en/"},
		{"bad cookie ignored", "en", "wz_lang=xx", "/en/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			if tt.accept != "" {
				req.Header.Set("Accept-Language", tt.accept)
			}
			if tt.cookie != "" {
				req.Header.Set("Cookie", tt.cookie)
			}
			res, err := app.Test(req, -1)
			if err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != http.StatusFound || res.Header.Get("Location") != tt.want {
				t.Errorf("got %d %s, want 302 %s", res.StatusCode, res.Header.Get("Location"), tt.want)
			}
		})
	}
}

func TestPagesRenderInEveryLanguage(t *testing.T) {
	d, _ := testDeps(t)
	srv := startServer(t, d)
	for _, lang := range d.Content.Messages.Langs() {
		for _, path := range []string{"/", "/vraag/who", "/vraag/topics", "/vraag/place", "/uitkomst", "/hulp-nu", "/over"} {
			t.Run(lang+path, func(t *testing.T) {
				b := newBrowser(t, srv.URL)
				r := b.get("/" + lang + path)
				if r.Status != http.StatusOK {
					t.Fatalf("status %d", r.Status)
				}
				checkPage(t, r, lang)
			})
		}
	}
}

var (
	leftoverID  = regexp.MustCompile(`>\s*[a-z]+(\.[a-z_0-9]+){1,3}\s*<`)
	inlineStyle = regexp.MustCompile(`\sstyle=|<style|<script(?:\s[^>]*)?>[^<]`)
)

// checkPage holds for every page: the language and direction, the urgent
// link, a language switcher, no untranslated message ids, nothing inline
// that the CSP would block, and the security headers.
func checkPage(t *testing.T, r resp, lang string) {
	t.Helper()
	dir := "ltr"
	if lang == "ar" {
		dir = "rtl"
	}
	if !strings.Contains(r.Body, `<html lang="`+lang+`" dir="`+dir+`">`) {
		t.Errorf("no <html lang=%q dir=%q>", lang, dir)
	}
	if !strings.Contains(r.Body, `href="/`+lang+`/hulp-nu"`) {
		t.Error("no link to urgent help")
	}
	if !strings.Contains(r.Body, `hreflang="en"`) || !strings.Contains(r.Body, `hreflang="nl"`) {
		t.Error("no language switcher / hreflang alternates")
	}
	if m := leftoverID.FindString(r.Body); m != "" {
		t.Errorf("untranslated message id on the page: %q", m)
	}
	if m := inlineStyle.FindString(r.Body); m != "" {
		t.Errorf("inline style or script the CSP blocks: %q", m)
	}
	csp := r.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP = %q", csp)
	}
	if r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("X-Frame-Options") == "" {
		t.Error("security headers missing")
	}
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store on pages", cc)
	}
}

func TestHealth(t *testing.T) {
	d, _ := testDeps(t)
	for _, tc := range []struct {
		name  string
		store bool
		path  string
		want  int
	}{
		{"healthz", true, "/healthz", 200},
		{"readyz", true, "/readyz", 200},
		{"healthz with store down", false, "/healthz", 200},
		{"readyz with store down", false, "/readyz", 503},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dd := d
			if !tc.store {
				dd.Sessions = failingStore{}
			}
			res, err := newApp(t, dd).Test(httptest.NewRequest(http.MethodGet, tc.path, nil), -1)
			if err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != tc.want {
				t.Errorf("status %d, want %d", res.StatusCode, tc.want)
			}
		})
	}
}

func TestCSRFRejected(t *testing.T) {
	d, _ := testDeps(t)
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	b.get("/nl/vraag/who")
	for name, token := range map[string]string{"missing": "", "forged": "not-the-token"} {
		t.Run(name, func(t *testing.T) {
			form := url.Values{"answer": {"carer"}}
			if token != "" {
				form.Set("_csrf", token)
			}
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/nl/vraag/who", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if token == "" {
				// Post without a token field at all.
				req, _ = http.NewRequest(http.MethodPost, srv.URL+"/nl/vraag/who", strings.NewReader("answer=carer"))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			r := b.do(req)
			if r.Status != http.StatusSeeOther || r.Location != "/nl/vraag/who" {
				t.Fatalf("got %d %s, want 303 back to the question", r.Status, r.Location)
			}
			page := b.get("/nl/vraag/who")
			if strings.Contains(page.Body, `value="carer" id="answer-1" checked`) {
				t.Error("a post without a valid token was accepted")
			}
			if !strings.Contains(page.Body, "De pagina stond lang open") {
				t.Error("the resident is not told why the form did not go through")
			}
		})
	}
}

func TestQuestionErrorsKeepInput(t *testing.T) {
	d, _ := testDeps(t)
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	b.get("/nl/vraag/who")
	r := b.post("/nl/vraag/who", url.Values{"action": {"next"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Kies een antwoord") {
		t.Fatalf("empty answer: %d", r.Status)
	}
	if !strings.Contains(r.Body, "<title>Fout:") {
		t.Error("page title does not say there is an error")
	}
	// A malformed postcode keeps what was typed.
	b.post("/nl/vraag/who", url.Values{"answer": {"self"}})
	b.get("/nl/vraag/place")
	r = b.post("/nl/vraag/place", url.Values{"postcode": {"99X1 AB"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `value="99X1 AB"`) || !strings.Contains(r.Body, "4 cijfers en 2 letters") {
		t.Fatalf("bad postcode: %d\n%.500s", r.Status, r.Body)
	}
	r = b.post("/en/vraag/place", url.Values{"postcode": {"nonsense"}})
	if !strings.Contains(r.Body, `lang="en"`) || strings.Contains(r.Body, "4 cijfers") {
		t.Error("the error is not in the resident's language")
	}
}

func TestFlowSkipBackAndChange(t *testing.T) {
	d, _ := testDeps(t)
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	b.get("/nl/vraag/who")
	if r := b.post("/nl/vraag/who", url.Values{"action": {"skip"}}); r.Location != "/nl/vraag/topics" {
		t.Fatalf("skip who: %s", r.Location)
	}
	r := b.get("/nl/vraag/topics")
	if !strings.Contains(r.Body, `href="/nl/vraag/who"`) {
		t.Error("no back link to the previous question")
	}
	if !strings.Contains(r.Body, "Stap 2 van") {
		t.Error("no step indicator")
	}
	r = b.post("/nl/vraag/topics", url.Values{"answer": {"money", "loneliness"}})
	if r.Location != "/nl/vraag/money_when" {
		t.Fatalf("after topics: %s", r.Location)
	}
	// Skip everything to the results.
	path := r.Location
	for i := 0; i < 10 && strings.HasPrefix(path, "/nl/vraag/"); i++ {
		b.get(path)
		path = b.post(path, url.Values{"action": {"skip"}}).Location
	}
	if path != "/nl/uitkomst" {
		t.Fatalf("skipping did not reach the results: %s", path)
	}
	res := b.get(path)
	for _, want := range []string{"Wat u zelf kunt doen", "Hulp in de buurt", "Is dit genoeg voor u?", "Wijzigen"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("results page lacks %q", want)
		}
	}
	// Change an answer from the results: topics to safety → urgent on top.
	b.get("/nl/vraag/topics")
	b.post("/nl/vraag/topics", url.Values{"answer": {"safety"}})
	res = b.get("/nl/uitkomst")
	urgent := strings.Index(res.Body, `id="h-urgent"`)
	self := strings.Index(res.Body, `id="h-self"`)
	if urgent < 0 || urgent > self {
		t.Error("choosing safety does not put urgent help above everything")
	}
	if !strings.Contains(res.Body, "0800-2000") {
		t.Error("Veilig Thuis missing from urgent help")
	}
	// A stale question link (money no longer chosen) leads back to the flow.
	if r := b.get("/nl/vraag/money_when"); r.Status != http.StatusSeeOther {
		t.Errorf("stale question: %d", r.Status)
	}
}

func TestLadderOrderOnResults(t *testing.T) {
	d, _ := testDeps(t)
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	b.get("/nl/vraag/who")
	b.post("/nl/vraag/who", url.Values{"answer": {"self"}})
	b.post("/nl/vraag/topics", url.Values{"answer": {"money"}})
	b.post("/nl/vraag/money_when", url.Values{"answer": {"bailiff"}})
	b.get("/nl/uitkomst")
	res := b.get("/nl/uitkomst")
	last := -1
	for _, id := range []string{`id="h-self"`, `id="h-local"`, `id="h-general"`, `id="genoeg"`} {
		i := strings.Index(res.Body, id)
		if i < 0 || i < last {
			t.Fatalf("%s missing or out of ladder order", id)
		}
		last = i
	}
	// No maatwerk services on the results page before "not enough".
	if strings.Contains(res.Body, "level-custom") {
		t.Error("custom (maatwerk) services shown before the resident said the help is not enough")
	}
	if r := b.get("/nl/maatwerk"); r.Status != http.StatusSeeOther {
		t.Errorf("maatwerk reachable before 'not enough': %d", r.Status)
	}
	r := b.post("/nl/uitkomst", url.Values{"enough": {"no"}})
	if r.Location != "/nl/maatwerk" {
		t.Fatalf("not enough → %s", r.Location)
	}
	m := b.get("/nl/maatwerk")
	for _, want := range []string{"keukentafelgesprek", "6 weken", "cliëntondersteuner", "level-custom", `href="/nl/contact"`} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("maatwerk page lacks %q", want)
		}
	}
}

func TestAPIServices(t *testing.T) {
	d, _ := testDeps(t)
	app := newApp(t, d)
	get := func(q string) (int, map[string]json.RawMessage) {
		res, err := app.Test(httptest.NewRequest(http.MethodGet, "/api/v1/services?"+q, nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("%s: Content-Type %q", q, ct)
		}
		body, _ := io.ReadAll(res.Body)
		var m map[string]json.RawMessage
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatalf("%s: not JSON: %s", q, body)
		}
		return res.StatusCode, m
	}
	status, m := get("topic=money&postcode=" + url.QueryEscape(firstPostcode(t, d.Content.Catalog)) + "&lang=nl")
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	var out []struct {
		ID         string        `json:"id"`
		Name       string        `json:"name"`
		Level      catalog.Level `json:"level"`
		Topics     []string      `json:"topics"`
		OpenNow    *bool         `json:"open_now"`
		DistanceKm *float64      `json:"distance_km"`
	}
	if err := json.Unmarshal(m["services"], &out); err != nil {
		t.Fatal(err)
	}
	if len(out) < 3 {
		t.Fatalf("only %d services for money", len(out))
	}
	rank := 0
	withDistance := 0
	for _, s := range out {
		if s.Level.Rank() < rank {
			t.Errorf("%s (%s) after a higher level: not ordered by level", s.ID, s.Level)
		}
		rank = s.Level.Rank()
		if s.ID == "" || s.Name == "" {
			t.Errorf("service without id or name: %+v", s)
		}
		if s.DistanceKm != nil {
			withDistance++
		}
	}
	if withDistance == 0 {
		t.Error("no distances although a postcode in the municipality was given")
	}
	for _, tc := range []struct{ q, want string }{
		{"topic=weather&lang=en", "We do not"},
		{"topic=weather&lang=nl", "Dit onderwerp kennen we niet"},
		{"topic=money&postcode=12&lang=nl", "4 cijfers"},
		{"lang=nl", "topic="},
	} {
		status, m := get(tc.q)
		var msg string
		_ = json.Unmarshal(m["error"], &msg)
		if status != 400 || msg == "" {
			t.Errorf("%s: %d %q, want 400 with an error", tc.q, status, msg)
		}
		if tc.want != "We do not" && !strings.Contains(msg, tc.want) {
			t.Errorf("%s: error %q does not contain %q", tc.q, msg, tc.want)
		}
	}
}

func firstPostcode(t *testing.T, c *catalog.Catalog) string {
	t.Helper()
	lo, _, err := catalog.ParseRange(c.Places[0].Postcodes[0])
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%04dAB", lo)
}

func TestErrorPagesAreLocalised(t *testing.T) {
	d, _ := testDeps(t)
	app := newApp(t, d)
	for _, tc := range []struct {
		path, want string
		status     int
	}{
		{"/nl/bestaat-niet", "Deze pagina bestaat niet", 404},
		{"/en/nope", `lang="en"`, 404},
		{"/xx/", "Deze pagina bestaat niet", 404},
		{"/nl/vraag/unknown", "Deze pagina bestaat niet", 404},
	} {
		res, err := app.Test(httptest.NewRequest(http.MethodGet, tc.path, nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != tc.status || !strings.Contains(string(body), tc.want) {
			t.Errorf("%s: %d, want %d with %q", tc.path, res.StatusCode, tc.status, tc.want)
		}
	}
	// A body over the limit gets a page, not a bare error (over a real
	// connection: fasthttp rejects it before the app sees it).
	srv := startServer(t, d)
	big := strings.NewReader("description=" + strings.Repeat("x", bodyLimit+1))
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/nl/contact", big)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "Te veel tekst") {
		t.Errorf("too large: %d %.300s", res.StatusCode, body)
	}
}

func TestSessionStoreDownDegrades(t *testing.T) {
	d, logs := testDeps(t)
	d.Sessions = failingStore{}
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	r := b.get("/nl/")
	if r.Status != http.StatusOK {
		t.Fatalf("landing page with the store down: %d", r.Status)
	}
	r = b.get("/nl/vraag/who")
	if r.Status != http.StatusOK {
		t.Fatalf("question page with the store down: %d", r.Status)
	}
	// Without a store the CSRF cookie still works (memory), so the answer
	// reaches the handler, which cannot save it and says so.
	r = b.post("/nl/vraag/who", url.Values{"answer": {"self"}})
	if r.Status != http.StatusServiceUnavailable || !strings.Contains(r.Body, "niet bewaren") {
		t.Errorf("answer with the store down: %d", r.Status)
	}
	if !strings.Contains(r.Body, `value="self" id="answer-0" checked`) {
		t.Error("the answer given was lost from the page")
	}
	if !strings.Contains(logs.String(), "session store") {
		t.Error("store failure not logged")
	}
}

func TestStaticAssetsAreHashedAndCached(t *testing.T) {
	d, _ := testDeps(t)
	app := newApp(t, d)
	res, _ := app.Test(httptest.NewRequest(http.MethodGet, "/nl/", nil), -1)
	body, _ := io.ReadAll(res.Body)
	m := regexp.MustCompile(`href="(/static/app\.[0-9a-f]{8}\.css)"`).FindSubmatch(body)
	if m == nil {
		t.Fatal("no hashed stylesheet link")
	}
	req := httptest.NewRequest(http.MethodGet, string(m[1]), nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, _ = app.Test(req, -1)
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("stylesheet: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	if res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
		t.Errorf("stylesheet not compressed: %q, Vary %q", res.Header.Get("Content-Encoding"), res.Header.Get("Vary"))
	}
	// The file is compressed once, at start-up, as well as gzip can; a
	// client without gzip gets it as it is.
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, _ := io.ReadAll(zr)
	css, _ := fs.ReadFile(d.Static, "app.css")
	if !bytes.Equal(unzipped, css) {
		t.Error("the compressed stylesheet is not app.css")
	}
	if a, err := view.LoadAssets(d.Static, []string{"app.css"}); err != nil {
		t.Fatal(err)
	} else if f, _ := a.File(strings.TrimPrefix(string(m[1]), "/static/")); f.Gzip == nil || len(f.Gzip) > len(css)/3 {
		t.Errorf("app.css is not kept compressed at start-up (%d of %d bytes)", len(f.Gzip), len(css))
	}
	res, _ = app.Test(httptest.NewRequest(http.MethodGet, string(m[1]), nil), -1)
	if res.Header.Get("Content-Encoding") != "" {
		t.Errorf("sent %q to a client that asked for no encoding", res.Header.Get("Content-Encoding"))
	}
	res, _ = app.Test(httptest.NewRequest(http.MethodGet, "/static/app.00000000.css", nil), -1)
	if res.StatusCode != 404 {
		t.Errorf("unknown hash: %d", res.StatusCode)
	}
}

// With Redis unreachable for sessions and CSRF tokens alike, pages still
// render, and a form says that answers cannot be saved right now.
func TestRedisDownDegrades(t *testing.T) {
	d, _ := testDeps(t)
	d.Sessions = stoppedRedisSessions(t)
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	for _, path := range []string{"/nl/", "/nl/vraag/who", "/nl/uitkomst", "/nl/hulp-nu"} {
		if r := b.get(path); r.Status != http.StatusOK {
			t.Errorf("%s: %d with Redis down", path, r.Status)
		}
	}
	b.get("/nl/vraag/who")
	r := b.post("/nl/vraag/who", url.Values{"answer": {"self"}})
	if r.Status != http.StatusServiceUnavailable || !strings.Contains(r.Body, "niet bewaren") {
		t.Errorf("answer with Redis down: %d\n%.600s", r.Status, r.Body)
	}
	if res, _ := newApp(t, d).Test(httptest.NewRequest(http.MethodGet, "/readyz", nil), -1); res.StatusCode != 503 {
		t.Errorf("readyz with Redis down: %d", res.StatusCode)
	}
}

// A danger answer puts urgent help on top, the most fitting line first.
func TestDangerAnswerPutsFittingHelpFirst(t *testing.T) {
	d, _ := testDeps(t)
	srv := startServer(t, d)
	for _, tc := range []struct {
		topic, question, answer, first string
	}{
		{"mental", "mental_what", "suicide", "zelfmoordpreventie-113"},
		{"housing", "housing_when", "tonight", "nachtopvang"},
		{"money", "money_when", "nofood", "noodpakket-voedselbank"},
		{"safety", "safety_now", "now", "alarmnummer-112"},
	} {
		t.Run(tc.answer, func(t *testing.T) {
			b := newBrowser(t, srv.URL)
			b.get("/nl/vraag/who")
			b.post("/nl/vraag/who", url.Values{"action": {"skip"}})
			b.post("/nl/vraag/topics", url.Values{"answer": {tc.topic}})
			b.get("/nl/vraag/" + tc.question)
			if r := b.post("/nl/vraag/"+tc.question, url.Values{"answer": {tc.answer}}); r.Status != http.StatusSeeOther {
				t.Fatalf("answer: %d", r.Status)
			}
			res := b.get("/nl/uitkomst")
			urgent := strings.Index(res.Body, `id="h-urgent"`)
			if urgent < 0 || urgent > strings.Index(res.Body, `id="h-self"`) {
				t.Fatal("urgent help is not above everything")
			}
			first := regexp.MustCompile(`class="service level-urgent" aria-labelledby="s-([a-z0-9-]+)"`).FindStringSubmatch(res.Body[urgent:])
			if first == nil || first[1] != tc.first {
				t.Errorf("first urgent service = %v, want %s", first, tc.first)
			}
		})
	}
}

// TestLanguageSwitchKeepsPlace: the switcher on a question links to the
// same question in every language, each in its own name and script, and
// the answers given so far come along; every page head has the hreflang
// alternates.
func TestLanguageSwitchKeepsPlace(t *testing.T) {
	d, _ := testDeps(t)
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	b.get("/nl/vraag/who")
	b.post("/nl/vraag/who", url.Values{"answer": {"self"}, "action": {"next"}})
	r := b.get("/nl/vraag/who")
	for _, lang := range d.Content.Messages.Langs() {
		link := `<a href="/` + lang + `/vraag/who" hreflang="` + lang + `" lang="` + lang + `"`
		if !strings.Contains(r.Body, link) {
			t.Errorf("no switcher link %s", link)
		}
		if !strings.Contains(r.Body, `>`+i18n.Name(lang)+`</a>`) {
			t.Errorf("the switcher does not name %s as %q", lang, i18n.Name(lang))
		}
		alt := `<link rel="alternate" hreflang="` + lang + `" href="` + d.Config.BaseURL + `/` + lang + `/vraag/who">`
		if !strings.Contains(r.Body, alt) {
			t.Errorf("no alternate %s", alt)
		}
	}
	r = b.get("/ar/vraag/who")
	checkPage(t, r, "ar")
	if !regexp.MustCompile(`value="self" id="answer-\d+" checked`).MatchString(r.Body) {
		t.Error("after switching to Arabic the answer given in Dutch is not checked")
	}
}

// TestRenderConcurrently: pages rendered at the same time each arrive
// whole and in their own language (render buffers are reused between
// requests, so a response that kept a buffer would get another's page).
func TestRenderConcurrently(t *testing.T) {
	d, _ := testDeps(t)
	srv := startServer(t, d)
	langs := d.Content.Messages.Langs()
	var wg sync.WaitGroup
	errs := make(chan string, 200)
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lang := langs[i%len(langs)]
			req, _ := http.NewRequest(http.MethodGet, srv.URL+"/"+lang+"/", nil)
			req.Header.Set("Accept-Encoding", "gzip")
			res, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				errs <- err.Error()
				return
			}
			defer res.Body.Close()
			var body []byte
			if res.Header.Get("Content-Encoding") == "gzip" {
				zr, err := gzip.NewReader(res.Body)
				if err != nil {
					errs <- lang + ": " + err.Error()
					return
				}
				body, err = io.ReadAll(zr)
				if err != nil {
					errs <- lang + ": " + err.Error()
					return
				}
			} else {
				body, _ = io.ReadAll(res.Body)
			}
			if !bytes.Contains(body, []byte(`<html lang="`+lang+`"`)) || !bytes.HasSuffix(bytes.TrimSpace(body), []byte("</html>")) {
				errs <- fmt.Sprintf("%s: a page not whole or not its own (%d bytes)", lang, len(body))
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestAPIServicesKeptForTheMinute: the services API answers from what it
// kept within a minute, gzip or not, and anew when the minute turns, so
// a service that opens at nine is open at one past nine.
func TestAPIServicesKeptForTheMinute(t *testing.T) {
	d, _ := testDeps(t)
	loc, _ := time.LoadLocation("Europe/Amsterdam")
	var now atomic.Int64
	at := func(hh, mm, ss int) { now.Store(time.Date(2026, 11, 23, hh, mm, ss, 0, loc).UnixNano()) }
	d.Now = func() time.Time { return time.Unix(0, now.Load()).In(loc) }
	kept := newApp(t, d)
	get := func(app *fiber.App, gz bool) string {
		r := httptest.NewRequest(http.MethodGet, "/api/v1/services?topic=money&lang=nl", nil)
		if gz {
			r.Header.Set("Accept-Encoding", "gzip")
		}
		res, err := app.Test(r, -1)
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("%v %v", err, res)
		}
		body := io.Reader(res.Body)
		if gz {
			if res.Header.Get("Content-Encoding") != "gzip" {
				t.Fatal("asked for gzip, got none")
			}
			zr, err := gzip.NewReader(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			body = zr
		}
		b, _ := io.ReadAll(body)
		return string(b)
	}
	at(8, 59, 10)
	before := get(kept, false)
	at(8, 59, 50)
	if got := get(kept, true); got != before {
		t.Errorf("within the minute, gzip: another answer")
	}
	at(9, 0, 5)
	after := get(kept, false)
	if after == before {
		t.Fatal("nothing opens at nine on a Monday: the test cannot tell a kept answer from a fresh one")
	}
	if fresh := get(newApp(t, d), false); after != fresh {
		t.Errorf("after the minute turned: the kept answer differs from a fresh one")
	}
}
