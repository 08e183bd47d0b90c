package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	democontent "github.com/wegwijzer/wegwijzer/content"
	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/nlu"
	"github.com/wegwijzer/wegwijzer/internal/outcomes"
	"github.com/wegwijzer/wegwijzer/internal/redistest"
	"github.com/wegwijzer/wegwijzer/internal/staff"
	"github.com/wegwijzer/wegwijzer/locales"
)

// The demo region's hosts (content/**/municipality.yaml, region.yaml).
const (
	beekdalHost   = "hulp.beekdal.example.org"
	veenhovenHost = "hulp.veenhoven.example.org"
)

var (
	regionOnce   sync.Once
	region       *content.Region
	regionModels map[*content.Content]*nlu.Model
	regionErr    error
)

// regionDeps are testDeps serving the whole demo region: Beekdal and
// Veenhoven in one instance, on one set of stores.
func regionDeps(t *testing.T) Deps {
	t.Helper()
	d, _ := testDeps(t)
	serveRegion(t, &d)
	return d
}

// serveRegion makes d serve the demo region, with its models trained
// once for all tests.
func serveRegion(t *testing.T, d *Deps) {
	t.Helper()
	demo := demoContent(t) // and its model, trained once
	regionOnce.Do(func() {
		if region, regionErr = content.LoadRegion(democontent.Demo, locales.FS); regionErr != nil {
			return
		}
		// The municipalities know the same villages: one model serves all.
		model := demoModel
		if !demo.SameModel(region.Municipalities[0]) {
			if model, regionErr = region.Municipalities[0].Model(); regionErr != nil {
				return
			}
		}
		regionModels = map[*content.Content]*nlu.Model{}
		for _, c := range region.Municipalities {
			if !c.SameModel(region.Municipalities[0]) {
				regionErr = fmt.Errorf("%s needs a model of its own", c.Catalog.Municipality.ID)
				return
			}
			regionModels[c] = model
		}
	})
	if regionErr != nil {
		t.Fatalf("demo region: %v", regionErr)
	}
	// Content is the first municipality's, for tests that read its
	// messages; the site serves Region.
	d.Region, d.Models = region, regionModels
	d.Content, d.Model = region.Municipalities[0], nil
}

// walkWithPostcode answers the flow for loneliness up to the place
// question, gives postcode there, and returns where the answer sent b.
func walkWithPostcode(t *testing.T, b *browser, postcode string) string {
	t.Helper()
	walk(t, b, "nl", step{q: "who", vals: []string{"self"}})
	b.get("/nl/vraag/topics")
	next := b.post("/nl/vraag/topics", url.Values{"answer": {"loneliness"}}).Location
	for i := 0; strings.Contains(next, "/vraag/") && !strings.HasSuffix(next, "/place"); i++ {
		if i > 10 {
			t.Fatal("the flow does not reach the place question")
		}
		b.get(next)
		next = b.post(next, url.Values{"action": {"skip"}}).Location
	}
	b.get(next)
	r := b.post(next, url.Values{"postcode": {postcode}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("postcode %s: %d\n%.800s", postcode, r.Status, r.Body)
	}
	return r.Location
}

// TestRegionHosts: one instance serves both municipalities, each on its
// host with its own name, phone, colours and logo; a host no one claims
// gets the first; crisis help works on every host.
func TestRegionHosts(t *testing.T) {
	t.Parallel()
	srv := startServer(t, regionDeps(t))
	for _, tc := range []struct {
		host, name, phone, brand string
		logo                     bool
	}{
		{beekdalHost, "Gemeente Beekdal", "0000 120 120", "#0b5394", false},
		{veenhovenHost, "Gemeente Veenhoven", "0000 180 180", "#2f6b3a", true},
		{"", "Gemeente Beekdal", "0000 120 120", "#0b5394", false},
	} {
		t.Run(tc.name+" "+tc.host, func(t *testing.T) {
			b := newBrowser(t, srv.URL)
			b.host = tc.host
			home := b.get("/nl/")
			if home.Status != http.StatusOK || !strings.Contains(home.Body, tc.name) || !strings.Contains(home.Body, tc.phone) {
				t.Fatalf("landing: %d, want %s and %s", home.Status, tc.name, tc.phone)
			}
			if strings.Contains(home.Body, `class="elsewhere`) {
				t.Error("a note about living elsewhere on the host's own pages")
			}
			css := regexpFind(t, home.Body, `<link rel="stylesheet" href="(/static/municipality\.[0-9a-f]+\.css)">`)
			if r := b.get(css); r.Status != http.StatusOK || !strings.Contains(r.Body, "--brand: "+tc.brand) {
				t.Errorf("stylesheet %s: %d\n%s", css, r.Status, r.Body)
			}
			if logo := strings.Contains(home.Body, `<img class="logo" src="/static/logo.`); logo != tc.logo {
				t.Errorf("logo shown: %v, want %v", logo, tc.logo)
			}
			if r := b.get("/nl/hulp-nu"); r.Status != http.StatusOK || !strings.Contains(r.Body, "113") {
				t.Errorf("crisis help: %d", r.Status)
			}
		})
	}
}

// TestResidentOfAnotherMunicipality: a resident of Veenhoven who answers
// on Beekdal's host sees Veenhoven's local help and phone number, with a
// note; staff pages stay Beekdal's; a resume code made there brings a
// resident on Beekdal's host to Veenhoven's help too; a Beekdal postcode
// brings the resident back.
func TestResidentOfAnotherMunicipality(t *testing.T) {
	t.Parallel()
	srv := startServer(t, regionDeps(t))
	b := newBrowser(t, srv.URL)
	b.host = beekdalHost
	next := walkWithPostcode(t, b, "9984 AB") // Eshorst, Veenhoven
	// Crisis help answers at once, also before the move.
	if r := b.get("/nl/hulp-nu"); r.Status != http.StatusOK {
		t.Errorf("crisis help for a resident of another municipality: %d", r.Status)
	}
	r := b.get(next)
	if r.Status != http.StatusSeeOther || r.Location != next {
		t.Fatalf("after a Veenhoven postcode on Beekdal's host: %d → %q, want the same page again on Veenhoven's portal", r.Status, r.Location)
	}
	res, _ := b.follow(next)
	for _, want := range []string{"U woont in Gemeente Veenhoven. Dit is de hulp bij u in de buurt.", `id="s-koffie-inloop-veenhoven"`, "0000 180 180"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("results lack %q", want)
		}
	}
	for _, not := range []string{`id="s-koffieochtend"`, "0000 120 120"} {
		if strings.Contains(res.Body, not) {
			t.Errorf("results show Beekdal's %q", not)
		}
	}
	if r := b.get("/nl/medewerker/inloggen"); !strings.Contains(r.Body, "Gemeente Beekdal") || strings.Contains(r.Body, "Gemeente Veenhoven") {
		t.Error("the staff sign-in on Beekdal's host followed the resident to Veenhoven")
	}

	// A resume code keeps the municipality: its answers hold the place.
	b.get("/nl/uitkomst")
	b.post("/nl/uitkomst/code", nil)
	page, _ := b.follow("/nl/uitkomst")
	m := codeRe.FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatal("no code on the results")
	}
	other := newBrowser(t, srv.URL)
	other.host = beekdalHost
	other.get("/nl/code")
	other.post("/nl/code", url.Values{"code": {m[1]}})
	if res, _ := other.follow("/nl/uitkomst"); !strings.Contains(res.Body, `id="s-koffie-inloop-veenhoven"`) || !strings.Contains(res.Body, "U woont in Gemeente Veenhoven") {
		t.Error("the code did not bring Veenhoven's help on Beekdal's host")
	}

	// Moving back: a Beekdal postcode, and the note goes.
	b.get("/nl/vraag/place")
	b.post("/nl/vraag/place", url.Values{"postcode": {"9993 AB"}})
	res, _ = b.follow("/nl/uitkomst")
	if !strings.Contains(res.Body, `id="s-koffieochtend"`) || strings.Contains(res.Body, `class="elsewhere`) || strings.Contains(res.Body, `id="s-koffie-inloop-veenhoven"`) {
		t.Error("after a Beekdal postcode the results are not Beekdal's alone")
	}

	// On Veenhoven's own host, a Veenhoven resident reads no note.
	v := newBrowser(t, srv.URL)
	v.host = veenhovenHost
	if res, _ := v.follow(walkWithPostcode(t, v, "9981 CD")); !strings.Contains(res.Body, `id="s-koffie-inloop-veenhoven"`) || strings.Contains(res.Body, `class="elsewhere`) {
		t.Error("Veenhoven's host does not show its own help plainly")
	}
}

// TestMunicipalitiesAPI: GET /api/v1/municipalities lists the region's
// municipalities with their hosts, postcodes and phone numbers.
func TestMunicipalitiesAPI(t *testing.T) {
	t.Parallel()
	srv := startServer(t, regionDeps(t))
	res, err := http.Get(srv.URL + "/api/v1/municipalities")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var got []apiMunicipality
	if err := json.NewDecoder(res.Body).Decode(&got); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("%d, %v", res.StatusCode, err)
	}
	if len(got) != 2 || got[0].ID != "beekdal" || got[1].ID != "veenhoven" {
		t.Fatalf("municipalities %+v", got)
	}
	v := got[1]
	if v.Name != "Gemeente Veenhoven" || v.Phone != "0000 180 180" || strings.Join(v.Hosts, ",") != veenhovenHost ||
		strings.Join(v.Postcodes, ",") != "9980-9981,9982-9983,9984-9985,9986-9987,9988-9989" {
		t.Errorf("Veenhoven: %+v", v)
	}
}

// regexpFind returns the first group of pattern in body, failing the
// test when there is none.
func regexpFind(t *testing.T, body, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no %s in:\n%.1500s", pattern, body)
	}
	return m[1]
}

// accounts are staff accounts for names, with staffPassword.
func accounts(t *testing.T, names ...string) *staff.Accounts {
	t.Helper()
	h, err := bcrypt.GenerateFromPassword([]byte(staffPassword), staff.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, n := range names {
		lines = append(lines, n+":"+string(h))
	}
	a, err := staff.Parse(strings.NewReader(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// askFrom sends a contact request from a resident on host and returns
// its entry's id.
func askFrom(t *testing.T, d Deps, srv *liveServer, host, name string) string {
	t.Helper()
	b := newBrowser(t, srv.URL)
	b.host = host
	if r := askForContactAs(t, b, name); r.Status != http.StatusSeeOther {
		t.Fatalf("contact request on %s: %d\n%.1500s", host, r.Status, r.Body)
	}
	list, err := d.Contacts.Entries(t.Context(), 0)
	if err != nil || len(list) == 0 || list[0].Name != name {
		t.Fatalf("no request stored for %s: %v", name, err)
	}
	return list[0].ID
}

// TestStaffSeeTheirMunicipality: one instance, one store; Beekdal's staff
// see and act on Beekdal's requests only, also when they type the
// address of one of Veenhoven's; a session made on one host is not
// valid on the other; the region's staff see both, marked by
// municipality.
func TestStaffSeeTheirMunicipality(t *testing.T) {
	t.Parallel()
	d := regionDeps(t)
	d.MunicipalStaff = map[string]*staff.Accounts{"beekdal": accounts(t, "anna"), "veenhoven": accounts(t, "vera")}
	d.RegionalStaff = accounts(t, "rob")
	srv := startServer(t, d)
	fromB := askFrom(t, d, srv, beekdalHost, "Fatima Yilmaz")
	fromV := askFrom(t, d, srv, veenhovenHost, "Jan Hoekstra")
	if e, _ := d.Contacts.Entry(t.Context(), fromV); e.Municipality != "veenhoven" {
		t.Fatalf("Veenhoven's request is stored for %q", e.Municipality)
	}

	anna := newBrowser(t, srv.URL)
	anna.host = beekdalHost
	list := signIn(t, anna, "anna")
	if !strings.Contains(list.Body, "Fatima Yilmaz") || strings.Contains(list.Body, "Jan Hoekstra") {
		t.Error("Beekdal's inbox does not list exactly Beekdal's request")
	}
	if r := anna.get("/nl/medewerker/aanvragen/" + fromV); r.Status != http.StatusNotFound || strings.Contains(r.Body, "Jan Hoekstra") {
		t.Errorf("Veenhoven's request by its address: %d", r.Status)
	}
	anna.get("/nl/medewerker/aanvragen/" + fromB)
	if r := anna.post("/nl/medewerker/aanvragen/"+fromV, url.Values{"from": {"new"}, "to": {"claimed"}}); r.Status != http.StatusNotFound {
		t.Errorf("claiming Veenhoven's request: %d", r.Status)
	}
	if e, _ := d.Contacts.Entry(t.Context(), fromV); e.State != "new" {
		t.Errorf("Veenhoven's request became %s", e.State)
	}
	// Anna's staff session is Beekdal's: sent to Veenhoven's host (as a
	// cookie for a shared parent domain would be), it signs no one in.
	from, _ := url.Parse("http://" + beekdalHost + "/")
	to, _ := url.Parse("http://" + veenhovenHost + "/")
	anna.c.Jar.SetCookies(to, anna.c.Jar.Cookies(from))
	if len(anna.c.Jar.Cookies(to)) == 0 {
		t.Fatal("no cookies to carry over")
	}
	anna.host = veenhovenHost
	if r := anna.get("/nl/medewerker/aanvragen"); r.Status != http.StatusSeeOther {
		t.Errorf("Beekdal's staff session on Veenhoven's host: %d", r.Status)
	}
	anna.get("/nl/medewerker/inloggen")
	if r := anna.post("/nl/medewerker/inloggen", url.Values{"name": {"anna"}, "password": {staffPassword}}); r.Status != http.StatusUnauthorized {
		t.Errorf("Beekdal's account signs in on Veenhoven's host: %d", r.Status)
	}

	vera := newBrowser(t, srv.URL)
	vera.host = veenhovenHost
	if list := signIn(t, vera, "vera"); !strings.Contains(list.Body, "Jan Hoekstra") || strings.Contains(list.Body, "Fatima Yilmaz") {
		t.Error("Veenhoven's inbox does not list exactly Veenhoven's request")
	}

	rob := newBrowser(t, srv.URL)
	rob.host = beekdalHost
	list = signIn(t, rob, "rob")
	for _, want := range []string{"Fatima Yilmaz", "Jan Hoekstra", "<small>Gemeente Beekdal</small>", "<small>Gemeente Veenhoven</small>"} {
		if !strings.Contains(list.Body, want) {
			t.Errorf("the region's inbox lacks %q", want)
		}
	}
	rob.get("/nl/medewerker/aanvragen/" + fromV)
	if r := rob.post("/nl/medewerker/aanvragen/"+fromV, url.Values{"from": {"new"}, "to": {"claimed"}}); r.Status != http.StatusSeeOther {
		t.Errorf("the region's staff claiming Veenhoven's request: %d", r.Status)
	}
}

// TestOutsideTheRegion: a postcode outside the region says so and shows
// the region's help and the national lines, not a municipality's own;
// the services API does the same.
func TestOutsideTheRegion(t *testing.T) {
	t.Parallel()
	srv := startServer(t, regionDeps(t))
	b := newBrowser(t, srv.URL)
	b.host = beekdalHost
	res, _ := b.follow(walkWithPostcode(t, b, "1012 AB")) // Amsterdam
	if !strings.Contains(res.Body, "Uw postcode ligt niet in Regio Beekdal.") {
		t.Errorf("no note that the postcode lies outside the region:\n%.3000s", res.Body)
	}
	if strings.Contains(res.Body, "We laten alle hulp zien") {
		t.Error("the page says it shows all help")
	}
	if !strings.Contains(res.Body, `id="s-vrijwilligerswerk-zoeken"`) {
		t.Error("the region's help is missing")
	}
	for _, local := range []string{`id="s-koffieochtend"`, `id="s-koffie-inloop-veenhoven"`} {
		if strings.Contains(res.Body, local) {
			t.Errorf("a municipality's own help for someone outside the region: %s", local)
		}
	}

	services := func(query string) (int, string) {
		t.Helper()
		r := newBrowser(t, srv.URL).get("/api/v1/services?" + query)
		return r.Status, r.Body
	}
	_, inside := services("topic=loneliness&postcode=9993AB")
	_, outside := services("topic=loneliness&postcode=1012AB")
	if !strings.Contains(inside, `"id":"koffieochtend"`) || strings.Contains(outside, `"id":"koffieochtend"`) || !strings.Contains(outside, `"id":"vrijwilligerswerk-zoeken"`) {
		t.Errorf("services API: Beekdal's own help inside %v, outside %v", strings.Contains(inside, "koffieochtend"), strings.Contains(outside, "koffieochtend"))
	}
}

// TestAPIsFollowTheMunicipality: the services and recommendations APIs
// answer for the municipality named, or the one the postcode or place
// lies in, on any host; an unknown municipality is a 400 in the
// caller's language.
func TestAPIsFollowTheMunicipality(t *testing.T) {
	t.Parallel()
	srv := startServer(t, regionDeps(t))
	get := func(query string) (int, map[string]any) {
		t.Helper()
		b := newBrowser(t, srv.URL)
		b.host = beekdalHost
		r := b.get(query)
		var m map[string]any
		_ = json.Unmarshal([]byte(r.Body), &m)
		return r.Status, m
	}
	for query, want := range map[string]string{
		"/api/v1/services?topic=loneliness":                                      "beekdal",
		"/api/v1/services?topic=loneliness&municipality=veenhoven":               "veenhoven",
		"/api/v1/services?topic=loneliness&postcode=9984AB":                      "veenhoven",
		"/api/v1/recommendations?topics=loneliness&place=place:eshorst":          "veenhoven",
		"/api/v1/recommendations?topics=loneliness&municipality=veenhoven":       "veenhoven",
		"/api/v1/recommendations?topics=loneliness&place=9993AB":                 "beekdal",
		"/api/v1/services?topic=loneliness&municipality=beekdal&postcode=9984AB": "beekdal",
	} {
		status, m := get(query)
		if status != http.StatusOK || m["municipality"] != want {
			t.Errorf("%s: %d, municipality %v, want %s", query, status, m["municipality"], want)
		}
	}
	status, m := get("/api/v1/services?topic=loneliness&municipality=atlantis&lang=en")
	if status != http.StatusBadRequest || !strings.Contains(fmt.Sprint(m["error"]), "We do not know this municipality") {
		t.Errorf("unknown municipality: %d %v", status, m)
	}
}

// TestRegionalHost: the region's host asks where the resident lives
// before anything else, by postcode or municipality, and then shows
// that municipality's pages; a postcode it cannot place is asked again
// with what was typed; crisis help needs no answer.
func TestRegionalHost(t *testing.T) {
	t.Parallel()
	srv := startServer(t, regionDeps(t))
	b := newBrowser(t, srv.URL)
	b.host = "hulp.regio-beekdal.example.org"
	if r := b.get("/nl/hulp-nu"); r.Status != http.StatusOK || !strings.Contains(r.Body, "113") {
		t.Errorf("crisis help on the region's host: %d", r.Status)
	}
	r := b.get("/nl/")
	if r.Status != http.StatusSeeOther || r.Location != "/nl/gemeente" {
		t.Fatalf("the region's landing: %d → %q, want the question where the resident lives", r.Status, r.Location)
	}
	page := b.get("/nl/gemeente")
	for _, want := range []string{"Hulp in Regio Beekdal: waar woont u?", `value="veenhoven"`, "Gemeente Veenhoven", "Eshorst", "0000 180 180", `value="beekdal"`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the question lacks %q", want)
		}
	}
	for typed, msg := range map[string]string{"99": "Vul een postcode in met 4 cijfers", "1012 AB": "Deze postcode ligt niet in Regio Beekdal", "": "Vul uw postcode in"} {
		r := b.post("/nl/gemeente", url.Values{"postcode": {typed}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, msg) || !strings.Contains(r.Body, `value="`+typed+`"`) {
			t.Errorf("postcode %q: %d, want 422 saying %q with what was typed", typed, r.Status, msg)
		}
	}
	if r := b.post("/nl/gemeente", url.Values{"postcode": {"9984 ab"}}); r.Status != http.StatusSeeOther || r.Location != "/nl/" {
		t.Fatalf("a Veenhoven postcode: %d → %q", r.Status, r.Location)
	}
	if home := b.get("/nl/"); home.Status != http.StatusOK || !strings.Contains(home.Body, "Gemeente Veenhoven") {
		t.Errorf("after the answer, the landing is not Veenhoven's: %d", home.Status)
	}
	b.get("/nl/gemeente")
	b.post("/nl/gemeente", url.Values{"gemeente": {"beekdal"}})
	if home := b.get("/nl/"); !strings.Contains(home.Body, "Gemeente Beekdal") || strings.Contains(home.Body, `class="elsewhere`) {
		t.Error("choosing Beekdal does not show Beekdal's pages")
	}
}

// TestInsightsPerMunicipality: each municipality's outcome counts are
// its own; its staff see those, and the region's staff their sum.
func TestInsightsPerMunicipality(t *testing.T) {
	t.Parallel()
	d := regionDeps(t)
	d.MunicipalStaff = map[string]*staff.Accounts{"beekdal": accounts(t, "anna"), "veenhoven": accounts(t, "vera")}
	d.RegionalStaff = accounts(t, "rob")
	stores := map[string]*outcomes.Memory{}
	d.CountOutcomes(func(prefix string) outcomes.Store {
		m := outcomes.NewMemory()
		stores[prefix] = m
		return m
	})
	t.Cleanup(d.CloseOutcomes)
	day := d.Now().Format(outcomes.DayFormat)
	for prefix, n := range map[string]int{"wz:out:beekdal:": 6, "wz:out:veenhoven:": 9} {
		if stores[prefix] == nil {
			t.Fatalf("no store under %s: %v", prefix, stores)
		}
		for range n {
			_ = stores[prefix].Add(t.Context(), day, []outcomes.Inc{outcomes.Need("money", "")})
		}
	}
	srv := startServer(t, d)
	for _, tc := range []struct{ user, host, want string }{
		{"anna", beekdalHost, "needs,money,-,6,"},
		{"vera", veenhovenHost, "needs,money,-,9,"},
		{"rob", beekdalHost, "needs,money,-,15,"},
	} {
		b := newBrowser(t, srv.URL)
		b.host = tc.host
		signIn(t, b, tc.user)
		if r := b.get("/nl/medewerker/inzichten.csv"); !strings.Contains(r.Body, tc.want) {
			t.Errorf("%s's figures lack %q:\n%s", tc.user, tc.want, r.Body)
		}
	}

	// Counting: a Veenhoven resident's need counts for Veenhoven.
	b := newBrowser(t, srv.URL)
	b.host = veenhovenHost
	b.follow(walkWithPostcode(t, b, "9981 CD"))
	for _, r := range d.MunicipalOutcomes {
		r.Flush()
	}
	if got, _ := stores["wz:out:veenhoven:"].Read(t.Context(), []string{day}); got[day][outcomes.Need("loneliness", "veenhoven-centrum").Field] != 1 {
		t.Errorf("Veenhoven's counts %v", got)
	}
	if got, _ := stores["wz:out:beekdal:"].Read(t.Context(), []string{day}); got[day][outcomes.Need("loneliness", "veenhoven-centrum").Field] != 0 {
		t.Errorf("a Veenhoven need counted for Beekdal: %v", got)
	}
}

// TestPublicURL: a municipality's public_url is where its share links
// point, and makes its cookies Secure; without one, the address asked
// for is used.
func TestPublicURL(t *testing.T) {
	t.Parallel()
	d, _ := testDeps(t)
	c := *d.Content
	cat := *c.Catalog
	cat.Municipality.PublicURL = "https://hulp.beekdal.example.org/"
	c.Catalog = &cat
	d.Content = &c
	srv := startServer(t, d)
	r := newBrowser(t, srv.URL).get("/nl/uitkomst/gedeeld?who=self&topics=money")
	if !strings.Contains(r.Header.Get("Set-Cookie"), "; secure") {
		t.Errorf("cookies without Secure under an https public_url: %q", r.Header.Values("Set-Cookie"))
	}
	// The page itself, with the cookies of an https site.
	page := newBrowser(t, srv.URL)
	res := page.get("/nl/uitkomst/gedeeld?who=self&topics=money")
	for _, ck := range res.Header.Values("Set-Cookie") {
		if name, _, _ := strings.Cut(ck, "="); name == sessionCookie {
			page.c.Jar.SetCookies(mustURL(srv.URL), []*http.Cookie{{Name: name, Value: strings.Split(strings.TrimPrefix(ck, name+"="), ";")[0], Path: "/"}})
		}
	}
	if got := page.get("/nl/uitkomst"); !strings.Contains(got.Body, "https://hulp.beekdal.example.org/nl/uitkomst/gedeeld?") {
		t.Errorf("the share link does not use the public URL:\n%.2000s", got.Body)
	}
}

// TestChatNamesAnotherMunicipality: a message naming a village of
// another municipality of the region sends the conversation on to that
// municipality's portal, where it goes on.
func TestChatNamesAnotherMunicipality(t *testing.T) {
	t.Parallel()
	srv := startServer(t, regionDeps(t))
	b := newBrowser(t, srv.URL)
	b.host = beekdalHost
	b.get("/nl/chat")
	if r := b.post("/nl/chat", url.Values{"text": {"Ik woon in Eshorst en ik voel me vaak alleen"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("chat: %d", r.Status)
	}
	r := b.get("/nl/chat")
	if r.Status != http.StatusSeeOther || r.Location != "/nl/chat" {
		t.Fatalf("after naming Eshorst: %d → %q, want the chat again on Veenhoven's portal", r.Status, r.Location)
	}
	page, _ := b.follow("/nl/chat")
	if !strings.Contains(page.Body, "U woont in Gemeente Veenhoven") || !strings.Contains(page.Body, "Ik woon in Eshorst") {
		t.Errorf("the conversation did not go on at Veenhoven:\n%.3000s", page.Body)
	}
}

// TestHSDSPerHost: each municipality's host publishes its own catalogue
// in HSDS, the region's host every municipality's.
func TestHSDSPerHost(t *testing.T) {
	t.Parallel()
	srv := startServer(t, regionDeps(t))
	total := func(host string) (float64, string) {
		t.Helper()
		b := newBrowser(t, srv.URL)
		b.host = host
		r := b.get("/api/v1/hsds/services?per_page=1")
		var page map[string]any
		if err := json.Unmarshal([]byte(r.Body), &page); err != nil || r.Status != http.StatusOK {
			t.Fatalf("%s: %d %v", host, r.Status, err)
		}
		all := b.get("/api/v1/hsds/services?per_page=200").Body
		n, _ := page["total_items"].(float64)
		return n, all
	}
	nB, bodyB := total(beekdalHost)
	nV, bodyV := total(veenhovenHost)
	nR, bodyR := total("hulp.regio-beekdal.example.org")
	if !(nR > nB && nR > nV && nR < nB+nV) {
		t.Errorf("services: Beekdal %v, Veenhoven %v, region %v; want the region's between the larger and the sum", nB, nV, nR)
	}
	for name, body := range map[string]string{"Beekdal": bodyB, "Veenhoven": bodyV, "region": bodyR} {
		hasB, hasV := strings.Contains(body, "Koffieochtend in het buurthuis"), strings.Contains(body, "Koffie-inloop in het dorpshuis")
		want := map[string][2]bool{"Beekdal": {true, false}, "Veenhoven": {false, true}, "region": {true, true}}[name]
		if hasB != want[0] || hasV != want[1] {
			t.Errorf("%s publishes Beekdal's own %v, Veenhoven's own %v", name, hasB, hasV)
		}
	}
}

// TestRegionOnOneRedis: both municipalities on one instance and one
// Redis, wired as main wires them: a Veenhoven resident on Beekdal's
// host is counted under Veenhoven's keys, and the contact request they
// send is Veenhoven's, in the one stream.
func TestRegionOnOneRedis(t *testing.T) {
	t.Parallel()
	client := redistest.Client(t)
	d := regionDeps(t)
	d.MunicipalStaff = map[string]*staff.Accounts{"beekdal": accounts(t, "anna"), "veenhoven": accounts(t, "vera")}
	stream := d.UseRedis(client)
	t.Cleanup(d.CloseOutcomes)
	srv := startServer(t, d)

	b := newBrowser(t, srv.URL)
	b.host = beekdalHost
	b.follow(walkWithPostcode(t, b, "9984 AB"))
	b.get("/nl/maatwerk")
	b.post("/nl/uitkomst", url.Values{"enough": {"no"}})
	b.get("/nl/contact")
	if r := b.post("/nl/contact", url.Values{"name": {"Jan Hoekstra"}, "phone": {"0000 123 456"}, "time": {"morning"}, "consent": {"yes"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("contact request: %d\n%.1500s", r.Status, r.Body)
	}
	list, err := stream.Entries(t.Context(), 0)
	if err != nil || len(list) != 1 || list[0].Municipality != "veenhoven" {
		t.Fatalf("stream: %v, %v", list, err)
	}
	for _, r := range d.MunicipalOutcomes {
		r.Flush()
	}
	// The session began on Beekdal's portal, and counts as begun there;
	// the need and the contact request are Veenhoven's.
	day := d.Now().Format(outcomes.DayFormat)
	need := outcomes.Need("loneliness", "eshorst").Field
	if n, _ := client.HGet(t.Context(), "wz:out:veenhoven:"+day, need).Int(); n != 1 {
		t.Errorf("the need counted %d times under Veenhoven's key", n)
	}
	if n, _ := client.HExists(t.Context(), "wz:out:beekdal:"+day, need).Result(); n {
		t.Error("a Veenhoven resident's need counted for Beekdal")
	}
	if n, _ := client.Exists(t.Context(), "wz:out:"+day).Result(); n != 0 {
		t.Error("counts under the single municipality's key in a region")
	}
	vera := newBrowser(t, srv.URL)
	vera.host = veenhovenHost
	if page := signIn(t, vera, "vera"); !strings.Contains(page.Body, "Jan Hoekstra") {
		t.Error("Veenhoven's staff do not see the request")
	}
	anna := newBrowser(t, srv.URL)
	anna.host = beekdalHost
	if page := signIn(t, anna, "anna"); strings.Contains(page.Body, "Jan Hoekstra") {
		t.Error("Beekdal's staff see Veenhoven's request")
	}
}

// TestRetentionPerMunicipalityWired: in a region each municipality keeps
// requests for its own contact_retention_days, the store for the
// longest.
func TestRetentionPerMunicipalityWired(t *testing.T) {
	t.Parallel()
	d := regionDeps(t)
	longest, own := d.ContactRetention()
	if own == nil {
		t.Fatal("no retention per municipality in a region")
	}
	for _, c := range region.Municipalities {
		m := c.Catalog.Municipality
		if got := own(m.ID); got != time.Duration(m.ContactRetentionDays)*24*time.Hour || got > longest {
			t.Errorf("%s: kept %s, longest %s, told %d days", m.ID, got, longest, m.ContactRetentionDays)
		}
	}
	if own("elders") != d.Config.ContactRetention {
		t.Errorf("a municipality without its own: %s", own("elders"))
	}
	single, _ := testDeps(t)
	if l, o := single.ContactRetention(); o != nil || l != single.Config.ContactRetention {
		t.Error("a single municipality does not keep CONTACT_RETENTION")
	}
}
