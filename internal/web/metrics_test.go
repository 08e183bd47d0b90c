package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/codes"
	"github.com/wegwijzer/wegwijzer/internal/contact"
	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/metrics"
	"github.com/wegwijzer/wegwijzer/internal/metrics/metricstest"
	"github.com/wegwijzer/wegwijzer/internal/reload"
	"github.com/wegwijzer/wegwijzer/internal/session"
)

// withMetrics gives d metrics of its own and returns them.
func withMetrics(d *Deps) *metrics.Metrics {
	d.Metrics = metrics.New("test")
	return d.Metrics
}

// TestRequestsByRoute: requests are timed under their route's template,
// never the path asked for, and the public app serves no /metrics.
func TestRequestsByRoute(t *testing.T) {
	d, _ := testDeps(t)
	m := withMetrics(&d)
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	for path, want := range map[string]int{
		"/nl/vraag/who":    http.StatusOK,
		"/nl/vraag/topics": http.StatusOK,
		"/metrics":         http.StatusNotFound,
		"/geen/pagina":     http.StatusNotFound,
	} {
		if r := b.get(path); r.Status != want {
			t.Errorf("GET %s: %d, want %d", path, r.Status, want)
		}
	}

	const name = "wegwijzer_http_request_duration_seconds"
	var questions []map[string]string
	for _, s := range metricstest.Series(t, m.Gatherer(), name) {
		if strings.Contains(s["route"], "who") || strings.Contains(s["route"], "topics") || strings.Contains(s["route"], "metrics") {
			t.Errorf("a series under a path asked for: %v", s)
		}
		if s["route"] == "/:lang/vraag/:qid" {
			questions = append(questions, s)
		}
	}
	if len(questions) != 1 || questions[0]["method"] != "GET" || questions[0]["code"] != "200" {
		t.Fatalf("question series %v, want one: GET 200", questions)
	}
	if n := metricstest.Value(t, m.Gatherer(), name, "method", "GET", "route", "/:lang/vraag/:qid", "code", "200"); n != 2 {
		t.Errorf("%v question pages timed, want 2", n)
	}
	// Both unknown paths are one series: the errors are counted with the
	// status sent.
	if n := metricstest.Value(t, m.Gatherer(), name, "method", "GET", "route", routeOther, "code", "404"); n != 2 {
		t.Errorf("%v unknown paths timed as %q 404, want 2; series %v", n, routeOther, metricstest.Series(t, m.Gatherer(), name))
	}
}

// TestSessionsSavedCounted: a saved session is counted, and so is one
// the store did not take, as a failure and a Redis error.
func TestSessionsSavedCounted(t *testing.T) {
	d, _ := testDeps(t)
	m := withMetrics(&d)
	srv := startServer(t, d)
	walk(t, newBrowser(t, srv.URL), "nl", step{q: "who", vals: []string{"self"}})
	if n := metricstest.Value(t, m.Gatherer(), "wegwijzer_sessions_saved_total"); n != 1 {
		t.Errorf("%v sessions saved after one answer, want 1", n)
	}

	d, _ = testDeps(t)
	d.Sessions = failingStore{}
	m = withMetrics(&d)
	srv = startServer(t, d)
	b := newBrowser(t, srv.URL)
	b.get("/nl/vraag/who")
	if r := b.post("/nl/vraag/who", url.Values{"action": {"next"}, "answer": {"self"}}); r.Status != http.StatusServiceUnavailable {
		t.Errorf("answer with the store down: %d", r.Status)
	}
	g := m.Gatherer()
	if n := metricstest.Value(t, g, "wegwijzer_session_save_failures_total"); n != 1 {
		t.Errorf("%v failures, want 1", n)
	}
	if n := metricstest.Value(t, g, "wegwijzer_redis_errors_total", "store", "sessions"); n != 1 {
		t.Errorf("%v session store errors, want 1", n)
	}
	if n := metricstest.Value(t, g, "wegwijzer_sessions_saved_total"); n != 0 {
		t.Errorf("%v sessions saved with the store down", n)
	}
}

// failingCounter is a rate-limit store whose backend does not answer.
type failingCounter struct{}

func (failingCounter) Hit(context.Context, string, time.Duration) (int64, time.Duration, error) {
	return 0, 0, errDown
}
func (failingCounter) Undo(context.Context, string) error { return errDown }

// failingContacts is a contact store that cannot store.
type failingContacts struct{ contact.Inbox }

func (failingContacts) Add(context.Context, contact.Request) (string, error) { return "", errDown }

// failingInbox is a contact store that cannot list.
type failingInbox struct{ contact.Inbox }

func (failingInbox) Entries(context.Context, int) ([]contact.Entry, error) { return nil, errDown }

// failingEntry is a contact store that cannot read one request.
type failingEntry struct{ contact.Inbox }

func (failingEntry) Entry(context.Context, string) (contact.Entry, error) {
	return contact.Entry{}, errDown
}

// failingMove is a contact store that cannot change a request's state.
type failingMove struct{ contact.Inbox }

func (failingMove) Move(context.Context, string, contact.State, contact.State, string) error {
	return errDown
}

// failingWrong is a code store that finds no code and cannot count the
// wrong ones.
type failingWrong struct{ codes.Store }

func (failingWrong) Wrong(context.Context, time.Time) (int64, error) { return 0, errDown }

// failingGet and failingDelete are session stores that save but cannot
// read, or cannot delete.
type failingGet struct{ session.Store }

func (failingGet) Get(context.Context, string, time.Duration) ([]byte, error) { return nil, errDown }

type failingDelete struct{ session.Store }

func (failingDelete) Delete(context.Context, string) error { return errDown }

// TestRedisErrorsByStore: a store that does not answer is counted under
// its name.
func TestRedisErrorsByStore(t *testing.T) {
	for _, c := range []struct {
		name, store string
		deps        func(*Deps)
		do          func(*browser, Deps)
	}{
		{"resident session", "sessions", func(d *Deps) { d.Sessions = failingStore{} }, func(b *browser, d Deps) {
			id, _ := session.NewID()
			b.c.Jar.SetCookies(mustURL(b.base), []*http.Cookie{{Name: sessionCookie, Value: id, Path: "/"}})
			b.get("/nl/vraag/who")
		}},
		{"staff session", "sessions", func(d *Deps) { withStaff(t, d); d.StaffSessions = failingStore{} }, func(b *browser, d Deps) {
			b.get("/nl/medewerker/inloggen")
			b.post("/nl/medewerker/inloggen", url.Values{"name": {"anna"}, "password": {staffPassword}})
		}},
		{"chat limit", "limits", func(d *Deps) { d.Limits = failingCounter{} }, func(b *browser, d Deps) {
			b.get("/nl/chat")
			b.post("/nl/chat", url.Values{"text": {"hallo"}})
		}},
		{"hand-over code", "codes", func(d *Deps) { d.Codes, d.Handovers = failingCodes{}, failingCodes{} }, func(b *browser, d Deps) {
			b.get("/nl/code")
			b.post("/nl/code", url.Values{"code": {"ABCD-EFGH"}})
		}},
		{"resume code", "codes", func(d *Deps) { d.Codes = failingCodes{} }, func(b *browser, d Deps) {
			walk(t, b, "nl", step{q: "who", vals: []string{"self"}}, step{q: "topics", vals: []string{"money"}})
			b.get("/nl/uitkomst")
			b.post("/nl/uitkomst/code", nil)
		}},
		{"contact request", "contact", func(d *Deps) { d.Contacts = failingContacts{d.Contacts} }, func(b *browser, d Deps) {
			askForContact(t, b)
		}},
		{"inbox", "contact", func(d *Deps) { withStaff(t, d); d.Contacts = failingInbox{d.Contacts} }, func(b *browser, d Deps) {
			signIn(t, b, "anna")
		}},
		{"inbox entry", "contact", func(d *Deps) { withStaff(t, d); d.Contacts = failingEntry{d.Contacts} }, func(b *browser, d Deps) {
			signIn(t, b, "anna")
			b.get("/nl/medewerker/aanvragen/1-0")
		}},
		{"inbox move", "contact", func(d *Deps) { withStaff(t, d); d.Contacts = failingMove{d.Contacts} }, func(b *browser, d Deps) {
			askForContact(t, newBrowser(t, b.base))
			signIn(t, b, "anna")
			list, _ := d.Contacts.Entries(t.Context(), 0)
			b.get("/nl/medewerker/aanvragen/" + list[0].ID)
			b.post("/nl/medewerker/aanvragen/"+list[0].ID, url.Values{"from": {"new"}, "to": {"claimed"}})
		}},
		{"wrong-code count", "codes", func(d *Deps) { d.Codes = failingWrong{codes.NewMemory(ResumeCodeLen)} }, func(b *browser, d Deps) {
			b.get("/nl/code")
			b.post("/nl/code", url.Values{"code": {"ABCD-EFGH"}})
		}},
		{"staff session read", "sessions", func(d *Deps) { withStaff(t, d); d.StaffSessions = failingGet{session.NewMemory()} }, func(b *browser, d Deps) {
			signIn(t, b, "anna")
			b.get("/nl/medewerker/aanvragen")
		}},
		{"staff sign-out", "sessions", func(d *Deps) { withStaff(t, d); d.StaffSessions = failingDelete{session.NewMemory()} }, func(b *browser, d Deps) {
			signIn(t, b, "anna")
			b.post("/nl/medewerker/uitloggen", nil)
		}},
		{"desk hand-over", "codes", func(d *Deps) { withStaff(t, d); d.Handovers = failingCodes{} }, func(b *browser, d Deps) {
			srv := &liveServer{URL: b.base}
			desk, _ := deskAt(t, srv, "nl")
			desk.post("/nl/balie/meegeven", nil)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, _ := testDeps(t)
			m := withMetrics(&d)
			c.deps(&d)
			srv := startServer(t, d)
			c.do(newBrowser(t, srv.URL), d)
			for _, store := range []string{"sessions", "limits", "codes", "contact"} {
				n := metricstest.Value(t, m.Gatherer(), "wegwijzer_redis_errors_total", "store", store)
				if store == c.store && n < 1 || store != c.store && n != 0 {
					t.Errorf("%v errors of %s", n, store)
				}
			}
		})
	}
}

// askForContact walks b to the contact form and sends it.
func askForContact(t *testing.T, b *browser) resp {
	t.Helper()
	return askForContactAs(t, b, "Fatima Yilmaz")
}

// askForContactAs is askForContact for a resident called name.
func askForContactAs(t *testing.T, b *browser, name string) resp {
	t.Helper()
	walk(t, b, "nl", step{q: "who", vals: []string{"self"}}, step{q: "topics", vals: []string{"money"}})
	b.get("/nl/maatwerk")
	b.post("/nl/uitkomst", url.Values{"enough": {"no"}})
	b.get("/nl/contact")
	return b.post("/nl/contact", url.Values{"name": {name}, "phone": {"0000 123 456"}, "time": {"morning"}, "consent": {"yes"},
		"description": {"Ik krijg steeds aanmaningen."}})
}

// TestContactCounted: a contact request sent is counted as accepted, and
// as delivered with its lag once the dispatcher handed it over.
func TestContactCounted(t *testing.T) {
	d, _ := testDeps(t)
	m := withMetrics(&d)
	d.Dispatcher = contact.NewDispatcher(d.Log, []contact.Sink{contact.NewLogSink(d.Log)}, contact.WithMetrics(m))
	srv := startServer(t, d)
	if r := askForContact(t, newBrowser(t, srv.URL)); r.Status != http.StatusSeeOther {
		t.Fatalf("contact request: %d\n%.1500s", r.Status, r.Body)
	}
	if err := d.Dispatcher.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	g := m.Gatherer()
	for name, want := range map[string]float64{
		"wegwijzer_contact_requests_accepted_total":  1,
		"wegwijzer_contact_requests_delivered_total": 1,
		"wegwijzer_contact_delivery_lag_seconds":     1,
		"wegwijzer_contact_delivery_failures_total":  0,
	} {
		if got := metricstest.Value(t, g, name); got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
}

// TestChatOutcomesCounted: each message typed to the assistant is
// counted by what it made of it, on the page and through the API; a
// quick reply is not.
func TestChatOutcomesCounted(t *testing.T) {
	d, _ := testDeps(t)
	m := withMetrics(&d)
	srv := startServer(t, d)
	api := srv.URL + "/api/v1/chat"
	for _, text := range []string{"ik voel me zo alleen", "qwerty zxcv", "ik wil niet meer leven", "asdf jkl"} {
		if status, r := postJSON(t, &http.Client{}, api, map[string]string{"lang": "nl", "text": text}, nil); status != http.StatusOK {
			t.Fatalf("%q: %d %+v", text, status, r)
		}
	}
	b := newBrowser(t, srv.URL)
	b.get("/nl/chat")
	if r := b.post("/nl/chat", url.Values{"text": {"ik heb schulden"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("chat page: %d", r.Status)
	}
	b.get("/nl/chat")
	b.post("/nl/chat", url.Values{"choice": {"go"}})
	for outcome, want := range map[string]float64{"understood": 2, "not_understood": 2, "urgent": 1} {
		if got := metricstest.Value(t, m.Gatherer(), "wegwijzer_chat_messages_total", "outcome", outcome); got != want {
			t.Errorf("%s: %v, want %v", outcome, got, want)
		}
	}
}

// TestReloadsCounted: reloads are counted by trigger and result.
func TestReloadsCounted(t *testing.T) {
	d, _ := testDeps(t)
	m := withMetrics(&d)
	fail := false
	d.LoadRegion = func() (*content.Region, error) {
		if fail {
			return nil, errors.New("flow.yaml: broken")
		}
		return content.Single(demoContent(t)), nil
	}
	site, err := NewSite(d)
	if err != nil {
		t.Fatal(err)
	}
	if o := site.Reload(t.Context(), reload.Request{Trigger: reload.Signal}); !o.OK() {
		t.Fatalf("reload: %+v", o)
	}
	fail = true
	if o := site.Reload(t.Context(), reload.Request{Trigger: reload.Signal}); o.OK() {
		t.Fatalf("reload of broken content: %+v", o)
	}
	for result, want := range map[string]float64{"ok": 1, "failed": 1} {
		if got := metricstest.Value(t, m.Gatherer(), "wegwijzer_content_reloads_total", "trigger", "signal", "result", result); got != want {
			t.Errorf("signal %s: %v, want %v", result, got, want)
		}
	}
}
