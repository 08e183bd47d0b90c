package web

import (
	"context"
	"errors"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/wegwijzer/wegwijzer/internal/contact"
	"github.com/wegwijzer/wegwijzer/internal/redistest"
	"github.com/wegwijzer/wegwijzer/internal/session"
	"github.com/wegwijzer/wegwijzer/internal/staff"
)

// staffPassword is the password of the test accounts anna and bert.
const staffPassword = "balie-Kleiveen-2026"

// withStaff adds the accounts anna and bert, hashed at the lowest cost
// the accounts file accepts, to keep the tests quick.
func withStaff(t testing.TB, d *Deps) {
	t.Helper()
	h, err := bcrypt.GenerateFromPassword([]byte(staffPassword), staff.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	d.Staff, err = staff.Parse(strings.NewReader("anna:" + string(h) + "\nbert:" + string(h) + "\n"))
	if err != nil {
		t.Fatal(err)
	}
}

// signIn signs b in as name and returns the page it lands on.
func signIn(t *testing.T, b *browser, name string) resp {
	t.Helper()
	b.get("/nl/medewerker/inloggen")
	r := b.post("/nl/medewerker/inloggen", url.Values{"name": {name}, "password": {staffPassword}, "terug": {"/nl/medewerker/aanvragen"}})
	if r.Status != http.StatusSeeOther || r.Location != "/nl/medewerker/aanvragen" {
		t.Fatalf("sign-in as %s: %d → %q\n%.1500s", name, r.Status, r.Location, r.Body)
	}
	r, _ = b.follow(r.Location)
	return r
}

// requestFrom has a resident ask for contact and returns the entry's id.
func requestFrom(t *testing.T, d Deps, srv *liveServer, name string) string {
	t.Helper()
	b := newBrowser(t, srv.URL)
	walk(t, b, "nl", step{q: "who", vals: []string{"self"}}, step{q: "topics", vals: []string{"money"}})
	b.get("/nl/maatwerk")
	r := b.post("/nl/uitkomst", url.Values{"enough": {"no"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("enough=no: %d", r.Status)
	}
	b.get("/nl/contact")
	r = b.post("/nl/contact", url.Values{"name": {name}, "phone": {"0000 123 456"}, "time": {"morning"}, "consent": {"yes"},
		"description": {"Ik krijg steeds aanmaningen."}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("contact request: %d\n%.1500s", r.Status, r.Body)
	}
	list, err := d.Contacts.Entries(t.Context(), 0)
	if err != nil || len(list) == 0 {
		t.Fatalf("no request stored: %v", err)
	}
	return list[0].ID
}

// TestStaffPagesNeedSignIn: residents and strangers reach no staff page;
// pages send them to sign in, forms are refused, and nothing personal is
// shown or changed.
func TestStaffPagesNeedSignIn(t *testing.T) {
	d, _ := testDeps(t)
	withStaff(t, &d)
	srv := startServer(t, d)
	id := requestFrom(t, d, srv, "Fatima Yilmaz")

	resident := newBrowser(t, srv.URL)
	resident.get("/nl/") // a resident with a CSRF token of their own
	for _, path := range []string{"/nl/medewerker/", "/nl/medewerker/aanvragen", "/nl/medewerker/aanvragen/" + id,
		"/nl/medewerker/aanvragen?toon=done", "/nl/balie/", "/ar/balie/vraag/who", "/nl/balie/uitkomst", "/nl/balie/uitkomst/overzicht"} {
		r := resident.get(path)
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/nl/medewerker/inloggen?terug=") && !strings.HasPrefix(r.Location, "/ar/medewerker/inloggen?terug=") {
			t.Errorf("GET %s without sign-in: %d → %q, want the sign-in page", path, r.Status, r.Location)
		}
		if strings.Contains(r.Body, "Fatima") {
			t.Errorf("GET %s shows personal data without sign-in", path)
		}
	}
	resident.get("/nl/")
	for _, f := range []struct {
		path string
		form url.Values
	}{
		{"/nl/medewerker/aanvragen/" + id, url.Values{"from": {"new"}, "to": {"claimed"}}},
		{"/nl/balie/meegeven", nil},
		{"/nl/balie/volgende", nil},
		{"/nl/medewerker/uitloggen", nil},
	} {
		r := resident.post(f.path, f.form)
		if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "alleen voor medewerkers") {
			t.Errorf("POST %s without sign-in: %d, want 403 with a message", f.path, r.Status)
		}
	}
	if e, _ := d.Contacts.Entry(t.Context(), id); e.State != contact.New {
		t.Errorf("a refused post changed the request to %s", e.State)
	}
	// A made-up staff cookie is no way in either.
	forged := newBrowser(t, srv.URL)
	u, _ := url.Parse(srv.URL)
	forged.c.Jar.SetCookies(u, []*http.Cookie{{Name: staffCookie, Value: strings.Repeat("A", 43), Path: "/"}})
	if r := forged.get("/nl/medewerker/aanvragen"); r.Status != http.StatusSeeOther {
		t.Errorf("forged staff cookie: %d", r.Status)
	}
}

// TestSignIn: a wrong password says so and keeps the name; the right one
// opens the page asked for; signing out ends the session on the server,
// so the old cookie no longer works.
func TestSignIn(t *testing.T) {
	d, logs := testDeps(t)
	withStaff(t, &d)
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)

	r := b.get("/nl/balie/uitkomst")
	want := "/nl/medewerker/inloggen?terug=" + url.QueryEscape("/nl/balie/uitkomst")
	if r.Location != want {
		t.Fatalf("redirect to %q, want %q", r.Location, want)
	}
	b.get(r.Location)
	r = b.post("/nl/medewerker/inloggen", url.Values{"name": {"Anna"}, "password": {"verkeerd"}, "terug": {"/nl/balie/uitkomst"}})
	if r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, "klopt niet") || !strings.Contains(r.Body, `value="Anna"`) {
		t.Errorf("wrong password: %d\n%.2000s", r.Status, r.Body)
	}
	r = b.post("/nl/medewerker/inloggen", url.Values{"name": {"Anna"}, "password": {staffPassword}, "terug": {"https://elders.example/"}})
	if r.Status != http.StatusSeeOther || r.Location != "/nl/medewerker/aanvragen" {
		t.Errorf("sign-in with a foreign return address went to %q", r.Location)
	}
	old := cookie(t, b, srv.URL, staffCookie)
	r, _ = b.follow("/nl/balie/uitkomst")
	if r.Status != http.StatusOK || !strings.Contains(r.Body, "Ingelogd als anna") {
		t.Fatalf("desk after sign-in: %d", r.Status)
	}
	r = b.post("/nl/medewerker/uitloggen", nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("sign out: %d", r.Status)
	}
	if r, _ := b.follow(r.Location); !strings.Contains(r.Body, "U bent uitgelogd") {
		t.Error("no message after signing out")
	}
	replay := newBrowser(t, srv.URL)
	u, _ := url.Parse(srv.URL)
	replay.c.Jar.SetCookies(u, []*http.Cookie{{Name: staffCookie, Value: old, Path: "/"}})
	if r := replay.get("/nl/medewerker/aanvragen"); r.Status != http.StatusSeeOther {
		t.Errorf("the cookie of a signed-out session still opens the inbox: %d", r.Status)
	}
	if strings.Contains(logs.String(), staffPassword) || strings.Contains(logs.String(), "verkeerd") {
		t.Error("a password reached the log")
	}
	if !strings.Contains(logs.String(), `"staff signed in","user":"anna"`) {
		t.Error("sign-in not logged")
	}
}

// TestSignInLimit: after ten wrong passwords for a name from one address
// the form refuses, in the staff member's language, even the right one.
func TestSignInLimit(t *testing.T) {
	d, _ := testDeps(t)
	withStaff(t, &d)
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	b.get("/en/medewerker/inloggen")
	for i := 0; i < signInTries; i++ {
		if r := b.post("/en/medewerker/inloggen", url.Values{"name": {"anna"}, "password": {"guess" + strconv.Itoa(i)}}); r.Status != http.StatusUnauthorized {
			t.Fatalf("try %d: %d", i, r.Status)
		}
	}
	r := b.post("/en/medewerker/inloggen", url.Values{"name": {"anna"}, "password": {staffPassword}})
	if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, "Wait a quarter of an hour") || !strings.Contains(r.Body, `value="anna"`) {
		t.Errorf("after %d wrong tries: %d\n%.1500s", signInTries, r.Status, r.Body)
	}
	// Another staff member at the same desk is not locked out.
	if r := b.post("/en/medewerker/inloggen", url.Values{"name": {"bert"}, "password": {staffPassword}}); r.Status != http.StatusSeeOther {
		t.Errorf("bert: %d", r.Status)
	}
}

// TestStaffIdleTimeout: a staff session in Redis ends after
// STAFF_IDLE_TIMEOUT without a request, and lives on while used.
func TestStaffIdleTimeout(t *testing.T) {
	d, _ := redisDeps(t)
	withStaff(t, &d)
	// Used every 0.8 s, the session has 1.2 s to spare each time, so a
	// busy machine cannot end it early; 2.2 s without a request ends it.
	d.Config.StaffIdle = 2 * time.Second
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	signIn(t, b, "anna")
	for i := 0; i < 3; i++ {
		time.Sleep(800 * time.Millisecond)
		if r := b.get("/nl/medewerker/aanvragen"); r.Status != http.StatusOK {
			t.Fatalf("in use after %d × 0.8 s: %d", i+1, r.Status)
		}
	}
	time.Sleep(2200 * time.Millisecond)
	if r := b.get("/nl/medewerker/aanvragen"); r.Status != http.StatusSeeOther {
		t.Errorf("after the idle time: %d, want a redirect to sign in", r.Status)
	}
}

// TestStaffHeader: behind the municipality's proxy the header names the
// staff member; from anywhere else it is ignored.
func TestStaffHeader(t *testing.T) {
	for _, tc := range []struct {
		proxies []string
		in      bool
	}{{[]string{"127.0.0.1"}, true}, {[]string{"10.0.0.1"}, false}} {
		d, _ := testDeps(t)
		cfg := *d.Config
		cfg.StaffHeader, cfg.TrustedProxies = "X-Remote-User", tc.proxies
		d.Config = &cfg
		srv := startServer(t, d)
		b := newBrowser(t, srv.URL)
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/nl/medewerker/aanvragen", nil)
		req.Header.Set("X-Remote-User", "Karin.Bos")
		r := b.do(req)
		if got := r.Status == http.StatusOK && strings.Contains(r.Body, "Ingelogd als karin.bos"); got != tc.in {
			t.Errorf("proxies %v: header accepted = %v (%d), want %v", tc.proxies, got, r.Status, tc.in)
		}
		if tc.in && strings.Contains(r.Body, "/medewerker/uitloggen") {
			t.Error("a sign-out button for a proxy sign-in, which the portal cannot end")
		}
	}
}

var (
	entryLinkRe = regexp.MustCompile(`href="/nl/medewerker/aanvragen/([0-9]+-[0-9]+)"`)
	countRe     = regexp.MustCompile(`toon=(new|claimed|done)"[^>]*>[^<]+<span class="count">(\d+)</span>`)
)

func counts(body string) map[string]string {
	m := map[string]string{}
	for _, c := range countRe.FindAllStringSubmatch(body, -1) {
		m[c[1]] = c[2]
	}
	return m
}

// TestInbox: staff see a new request with everything the resident gave,
// claim it, finish it; a second staff member's stale claim is refused
// with the state as it is; every change is shown with who and when.
func TestInbox(t *testing.T) {
	d, _ := testDeps(t)
	withStaff(t, &d)
	srv := startServer(t, d)
	id := requestFrom(t, d, srv, "Fatima Yilmaz")

	anna, bert := newBrowser(t, srv.URL), newBrowser(t, srv.URL)
	r := signIn(t, anna, "anna")
	if !strings.Contains(r.Body, "Fatima Yilmaz") || entryLinkRe.FindStringSubmatch(r.Body)[1] != id {
		t.Fatalf("the new request is not in the inbox:\n%.3000s", r.Body)
	}
	if c := counts(r.Body); c["new"] != "1" || c["claimed"] != "0" || c["done"] != "0" {
		t.Errorf("counts %v", c)
	}
	page := "/nl/medewerker/aanvragen/" + id
	r = anna.get(page)
	for _, want := range []string{"Fatima Yilmaz", "0000 123 456", "In de ochtend", "Ik krijg steeds aanmaningen.", "Geld en schulden", "Nog niet opgepakt", "Ik pak dit op"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("request page lacks %q", want)
		}
	}
	signIn(t, bert, "bert")
	bert.get(page) // Bert's page still says new

	r = anna.post(page, url.Values{"from": {"new"}, "to": {"claimed"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("claim: %d", r.Status)
	}
	r, _ = anna.follow(r.Location)
	if !strings.Contains(r.Body, "U behandelt deze aanvraag nu") || !strings.Contains(r.Body, "Opgepakt door anna, ") {
		t.Errorf("after claiming:\n%.4000s", r.Body)
	}
	r = bert.post(page, url.Values{"from": {"new"}, "to": {"claimed"}})
	if r.Status != http.StatusConflict || !strings.Contains(r.Body, "Iemand anders heeft deze aanvraag net gewijzigd") || !strings.Contains(r.Body, "Opgepakt door anna") {
		t.Errorf("stale claim: %d", r.Status)
	}
	if r := bert.post(page, url.Values{"from": {"new"}, "to": {"done"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("new → done: %d", r.Status)
	}
	if r := anna.post(page, url.Values{"from": {"claimed"}, "to": {"done"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("done: %d", r.Status)
	}
	r = anna.get("/nl/medewerker/aanvragen?toon=done")
	if c := counts(r.Body); c["new"] != "0" || c["done"] != "1" || !strings.Contains(r.Body, "Afgehandeld door anna") {
		t.Errorf("done list: %v\n%.2000s", c, r.Body)
	}
	e, _ := d.Contacts.Entry(t.Context(), id)
	if len(e.History) != 2 || e.History[0].By != "anna" || e.History[1].State != contact.Done {
		t.Errorf("history %+v", e.History)
	}
	if r := anna.get("/nl/medewerker/aanvragen/1-0"); r.Status != http.StatusNotFound {
		t.Errorf("unknown request: %d", r.Status)
	}
}

// TestInboxPurge: after the retention period a request is gone from the
// inbox with its state, in Redis.
func TestInboxPurge(t *testing.T) {
	d, _ := redisDeps(t)
	withStaff(t, &d)
	stream := contact.NewStream(redistest.Client(t), "wz:cr", time.Second)
	d.Contacts = stream
	srv := startServer(t, d)
	id := requestFrom(t, d, srv, "Fatima Yilmaz")
	anna := newBrowser(t, srv.URL)
	signIn(t, anna, "anna")
	anna.get("/nl/medewerker/aanvragen/" + id)
	anna.post("/nl/medewerker/aanvragen/"+id, url.Values{"from": {"new"}, "to": {"claimed"}})
	time.Sleep(1100 * time.Millisecond) // the retention
	if err := stream.Purge(t.Context()); err != nil {
		t.Fatal(err)
	}
	if r := anna.get("/nl/medewerker/aanvragen?toon=claimed"); strings.Contains(r.Body, "Fatima") {
		t.Error("a purged request is still listed")
	}
	if r := anna.get("/nl/medewerker/aanvragen/" + id); r.Status != http.StatusNotFound {
		t.Errorf("a purged request still opens: %d", r.Status)
	}
}

// TestSignInLimitKeysHoldNoNames: the counts of wrong sign-ins in Redis
// are keyed by a hash of the typed name, never the name itself.
func TestSignInLimitKeysHoldNoNames(t *testing.T) {
	client := redistest.Client(t)
	d, _ := testDeps(t)
	withStaff(t, &d)
	d.Limits = session.NewRedisCounter(client, "wz:rl:")
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	b.get("/nl/medewerker/inloggen")
	if r := b.post("/nl/medewerker/inloggen", url.Values{"name": {"Johanna.Visser"}, "password": {"wrong"}}); r.Status != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", r.Status)
	}
	keys, err := client.Keys(t.Context(), "wz:rl:*").Result()
	if err != nil || len(keys) < 2 {
		t.Fatalf("limit keys %v, %v: want one per address and one per name", keys, err)
	}
	for _, k := range keys {
		if strings.Contains(strings.ToLower(k), "visser") {
			t.Errorf("limit key %q holds the typed name", k)
		}
	}
}

// TestHiddenFormatCharacters: a name with a right-to-left override or a
// zero-width space is stored without them, and staff see residents' text
// isolated, so it cannot turn the inbox's own text around.
func TestHiddenFormatCharacters(t *testing.T) {
	d, _ := testDeps(t)
	withStaff(t, &d)
	srv := startServer(t, d)
	id := requestFrom(t, d, srv, "Anna\u202Egnp.exe\u200B")
	list, err := d.Contacts.Entries(t.Context(), 0)
	if err != nil || len(list) == 0 {
		t.Fatalf("nothing stored: %v", err)
	}
	if got := list[0].Request.Name; got != "Annagnp.exe" {
		t.Fatalf("stored name %q, want the hidden characters gone", got)
	}
	anna := newBrowser(t, srv.URL)
	signIn(t, anna, "anna")
	if r := anna.get("/nl/medewerker/aanvragen"); !strings.Contains(r.Body, "<bdi>Annagnp.exe</bdi>") {
		t.Errorf("inbox does not isolate the name:\n%.2000s", r.Body)
	}
	if r := anna.get("/nl/medewerker/aanvragen/" + id); !strings.Contains(r.Body, "<bdi>Annagnp.exe</bdi>") || !strings.Contains(r.Body, `<p class="description"><bdi>`) {
		t.Errorf("request page does not isolate the resident's text")
	}
}

// TestInboxPaging: the counts are of every stored request, and the oldest
// is on the last page, not out of sight.
func TestInboxPaging(t *testing.T) {
	d, _ := testDeps(t)
	withStaff(t, &d)
	srv := startServer(t, d)
	first := requestFrom(t, d, srv, "Eerste Aanvrager")
	for i := range 520 {
		ref, _ := contact.NewRef()
		if _, err := d.Contacts.Add(t.Context(), contact.Request{Ref: ref, Lang: "nl", Name: "Inwoner " + strconv.Itoa(i), Phone: "0000 123 456",
			Topics: []string{"money"}, Consent: true, CreatedAt: time.Now().UTC()}); err != nil {
			t.Fatal(err)
		}
	}
	anna := newBrowser(t, srv.URL)
	signIn(t, anna, "anna")
	r := anna.get("/nl/medewerker/aanvragen")
	if got := counts(r.Body)["new"]; got != "521" {
		t.Errorf("new count %s, want 521", got)
	}
	if n := len(entryLinkRe.FindAllString(r.Body, -1)); n != inboxPage || !strings.Contains(r.Body, `href="?toon=new&amp;pagina=2"`) || !strings.Contains(r.Body, "Pagina 1 van 11") {
		t.Errorf("first page: %d entries, pager missing?\n%.500s", n, r.Body)
	}
	last := anna.get("/nl/medewerker/aanvragen?toon=new&pagina=11")
	if !strings.Contains(last.Body, "/nl/medewerker/aanvragen/"+first) || !strings.Contains(last.Body, `rel="prev"`) {
		t.Error("the oldest request is not on the last page")
	}
}

// refusingSink stands for a case system that does not take requests
// while down is set.
type refusingSink struct{ down atomic.Bool }

func (*refusingSink) Name() string { return "webhook" }

func (s *refusingSink) Deliver(context.Context, contact.Request) error {
	if s.down.Load() {
		return errors.New("503")
	}
	return nil
}

// TestRequestShowsDelivery: with a webhook set up, staff see on a request
// whether the case system has it: refused so far (tried again by itself),
// then sent, with the time.
func TestRequestShowsDelivery(t *testing.T) {
	d, _ := testDeps(t)
	withStaff(t, &d)
	cfg := *d.Config
	cfg.ContactWebhookURL = "http://127.0.0.1:9/aanvragen"
	d.Config = &cfg
	stream := contact.NewStream(redistest.Client(t), "wz:cr", time.Hour)
	d.Contacts = stream
	sink := &refusingSink{}
	sink.down.Store(true)
	delivery := contact.NewDelivery(stream, d.Log, []contact.Sink{sink}, contact.DeliveryOptions{
		Base: 20 * time.Millisecond, MaxDelay: 50 * time.Millisecond, StaleAfter: 200 * time.Millisecond, Block: 20 * time.Millisecond,
	})
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); delivery.Run(ctx) }()
	t.Cleanup(func() { stop(); <-done })
	waitFor(t, "the delivery group", func() bool { _, err := stream.Backlog(t.Context(), ""); return err == nil })

	srv := startServer(t, d)
	id := requestFrom(t, d, srv, "Fatima Yilmaz")
	anna := newBrowser(t, srv.URL)
	signIn(t, anna, "anna")
	page := "/nl/medewerker/aanvragen/" + id
	nl := d.Content.Messages.Localizer("nl")
	waitFor(t, "a refusal", func() bool { return delivery.Stats().Failures > 0 })
	if r := anna.get(page); !strings.Contains(r.Body, html.EscapeString(nl.T("request.delivery.refused"))) {
		t.Errorf("a refused request does not say so:\n%.2000s", r.Body)
	}
	sink.down.Store(false)
	waitFor(t, "the delivery", func() bool { return delivery.Stats().Delivered > 0 })
	if r := anna.get(page); !strings.Contains(r.Body, "Doorgestuurd naar het zaaksysteem:") {
		t.Errorf("a sent request does not say so:\n%.2000s", r.Body)
	}
}

// waitFor polls cond for up to 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
