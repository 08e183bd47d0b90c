package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/contact"
	"github.com/wegwijzer/wegwijzer/internal/redistest"
	"github.com/wegwijzer/wegwijzer/internal/session"
)

// webhook records the contact requests posted to it.
type webhook struct {
	mu       sync.Mutex
	requests []contact.Request
	bodies   [][]byte
	sigs     []string
}

func (w *webhook) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var req contact.Request
	if err := json.Unmarshal(body, &req); err != nil {
		http.Error(rw, "bad json", http.StatusBadRequest)
		return
	}
	w.mu.Lock()
	w.requests = append(w.requests, req)
	w.bodies = append(w.bodies, body)
	w.sigs = append(w.sigs, r.Header.Get(contact.SignatureHeader))
	w.mu.Unlock()
}

func (w *webhook) waitFor(t *testing.T, n int) []contact.Request {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		w.mu.Lock()
		got := append([]contact.Request(nil), w.requests...)
		w.mu.Unlock()
		if len(got) >= n {
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("webhook got fewer than %d requests", n)
	return nil
}

// TestEndToEnd walks a resident from the landing page to a submitted
// contact request in Dutch and in English, against real Redis, with the
// server restarted in the middle of each walk.
func TestEndToEnd(t *testing.T) {
	client := redistest.Client(t)
	hook := &webhook{}
	hookSrv := httptest.NewServer(hook)
	defer hookSrv.Close()

	base, logs := testDeps(t)
	stream := contact.NewStream(client, "wz:cr", 24*time.Hour)
	deps := func() Deps {
		d := base
		d.Sessions = session.NewRedis(client, "wz:s:")
		d.Contacts = stream
		d.Dispatcher = contact.NewDispatcher(d.Log, []contact.Sink{
			contact.NewLogSink(d.Log),
			contact.NewWebhookSink(hookSrv.URL, "s3cret", hookSrv.Client()),
		}, contact.WithRetry(3, 10*time.Millisecond))
		t.Cleanup(func() { _ = d.Dispatcher.Close(context.Background()) })
		return d
	}

	walks := []struct {
		lang, name, phone, email, desc string
		texts                          map[string]string
	}{
		{"nl", "Fatima de Vries", "06 12345678", "", "Mijn moeder redt het niet meer alleen.",
			map[string]string{"resume": "Verder waar u was", "ref": "Uw nummer is", "consent": "Geef toestemming", "enough": "Is dit genoeg voor uw moeder?"}},
		{"en", "John Smith", "", "john@example.org", "I cannot pay my rent.",
			map[string]string{"resume": "Continue where you left off", "ref": "Your number is", "consent": "consent", "enough": "Is this enough for your mother?"}},
	}
	for i, w := range walks {
		t.Run(w.lang, func(t *testing.T) {
			srv := startServer(t, deps())
			b := newBrowser(t, srv.URL)
			lang := "/" + w.lang
			home := b.get(lang + "/")
			if home.Status != 200 {
				t.Fatalf("landing: %d", home.Status)
			}
			first := regexp.MustCompile(`href="(/` + w.lang + `/vraag/[a-z_]+)"`).FindStringSubmatch(home.Body)
			if first == nil {
				t.Fatal("no start link on the landing page")
			}
			b.get(first[1])
			mustGo(t, b.post(first[1], url.Values{"answer": {"carer"}}), lang+"/vraag/relation")
			b.get(lang + "/vraag/relation")
			mustGo(t, b.post(lang+"/vraag/relation", url.Values{"answer": {"mother"}}), lang+"/vraag/topics")
			b.get(lang + "/vraag/topics")
			mustGo(t, b.post(lang+"/vraag/topics", url.Values{"answer": {"money", "household"}}), lang+"/vraag/money_when")

			// The server restarts; the session lives on in Redis.
			srv.Stop()
			srv = startServer(t, deps())
			b.base = srv.URL
			home = b.get(lang + "/")
			if !strings.Contains(home.Body, w.texts["resume"]) || !strings.Contains(home.Body, `href="`+lang+`/vraag/money_when"`) {
				t.Fatal("after a restart the landing page does not offer to continue where the resident was")
			}
			b.get(lang + "/vraag/money_when")
			mustGo(t, b.post(lang+"/vraag/money_when", url.Values{"answer": {"bailiff"}}), lang+"/vraag/money_what")
			b.get(lang + "/vraag/money_what")
			next := b.post(lang+"/vraag/money_what", url.Values{"answer": {"debt", "bills"}}).Location
			for j := 0; strings.Contains(next, "/vraag/") && !strings.HasSuffix(next, "/place"); j++ {
				if j > 10 {
					t.Fatal("flow does not end")
				}
				b.get(next)
				next = b.post(next, url.Values{"action": {"skip"}}).Location
			}
			b.get(next)
			mustGo(t, b.post(next, url.Values{"postcode": {"9994 ab"}}), lang+"/uitkomst")
			res := b.get(lang + "/uitkomst")
			if !strings.Contains(res.Body, w.texts["enough"]) {
				t.Fatal("results page does not ask whether the help is enough")
			}
			mustGo(t, b.post(lang+"/uitkomst", url.Values{"enough": {"no"}}), lang+"/maatwerk")
			b.get(lang + "/maatwerk")
			b.get(lang + "/contact")

			// First without consent: nothing typed is lost.
			form := url.Values{"name": {w.name}, "phone": {w.phone}, "email": {w.email}, "time": {"morning"}, "description": {w.desc}}
			r := b.post(lang+"/contact", form)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, w.texts["consent"]) {
				t.Fatalf("without consent: %d", r.Status)
			}
			for _, v := range []string{w.name, w.phone, w.email} {
				if v != "" && !strings.Contains(r.Body, `value="`+v+`"`) {
					t.Errorf("%q was lost after a validation error", v)
				}
			}
			if !strings.Contains(r.Body, w.desc) {
				t.Error("the description was lost after a validation error")
			}
			form.Set("consent", "yes")
			mustGo(t, b.post(lang+"/contact", form), lang+"/contact/verstuurd")
			conf := b.get(lang + "/contact/verstuurd")
			ref := regexp.MustCompile(`WZ-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}`).FindString(conf.Body)
			if ref == "" || !strings.Contains(conf.Body, w.texts["ref"]) {
				t.Fatalf("confirmation without a reference:\n%.1500s", conf.Body)
			}

			// Stored durably in the stream, with the flow's answers.
			reqs, err := stream.List(context.Background(), 0)
			if err != nil {
				t.Fatal(err)
			}
			var got *contact.Request
			for k := range reqs {
				if reqs[k].Ref == ref {
					got = &reqs[k]
				}
			}
			if got == nil {
				t.Fatalf("request %s not in the stream", ref)
			}
			if got.Name != w.name || got.Phone != w.phone || got.Email != w.email || got.Lang != w.lang ||
				got.Who != "carer" || strings.Join(got.Topics, ",") != "money,household" || !got.Consent || got.PreferredTime != "morning" {
				t.Errorf("stored request: %+v", got)
			}
			if len(got.Answers) < 3 || got.Place == "" {
				t.Errorf("answers not attached: %+v, place %q", got.Answers, got.Place)
			}
			// Handed to the webhook, signed.
			delivered := hook.waitFor(t, i+1)
			if delivered[i].Ref != ref {
				t.Errorf("webhook got %s, want %s", delivered[i].Ref, ref)
			}
			hook.mu.Lock()
			if want := contact.Sign([]byte("s3cret"), hook.bodies[i]); hook.sigs[i] != want {
				t.Errorf("webhook signature %q, want %q", hook.sigs[i], want)
			}
			hook.mu.Unlock()
		})
	}

	// Personal data never reaches the logs.
	out := logs.String()
	for _, w := range walks {
		for _, pii := range []string{w.name, w.phone, w.email, w.desc, "9994"} {
			if pii != "" && strings.Contains(out, pii) {
				t.Errorf("log contains personal data %q", pii)
			}
		}
	}
	if !strings.Contains(out, "contact request received") {
		t.Error("no log line for the stored request")
	}
}

func mustGo(t *testing.T, r resp, want string) {
	t.Helper()
	if r.Status != http.StatusSeeOther || r.Location != want {
		t.Fatalf("got %d → %q, want 303 → %q\n%.800s", r.Status, r.Location, want, r.Body)
	}
}
