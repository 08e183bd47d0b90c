package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wegwijzer/wegwijzer/internal/contact"
	"github.com/wegwijzer/wegwijzer/internal/session"
)

// TestContactFloodLimited: one session may send CONTACT_LIMIT_PER_SESSION
// contact requests an hour and one address CONTACT_LIMIT_PER_ADDRESS;
// more are refused with the form still filled in, and nothing more is
// stored in the real Redis stream.
func TestContactFloodLimited(t *testing.T) {
	d, client := limitDeps(t)
	d.Contacts = contact.NewStream(client, "wz:cr", d.Config.ContactRetention)
	cfg := *d.Config
	cfg.ContactPerSession, cfg.ContactPerAddress = 3, 5
	d.Config = &cfg
	srv := startServer(t, d)

	resident := func() *browser {
		b := newBrowser(t, srv.URL)
		walk(t, b, "nl", step{q: "who", vals: []string{"self"}}, step{q: "topics", vals: []string{"money"}})
		b.get("/nl/maatwerk")
		b.post("/nl/uitkomst", url.Values{"enough": {"no"}})
		return b
	}
	send := func(b *browser, name string) resp {
		b.get("/nl/contact")
		return b.post("/nl/contact", url.Values{"name": {name}, "phone": {"0000 123 456"}, "time": {"morning"}, "consent": {"yes"},
			"description": {"Ik krijg steeds aanmaningen."}})
	}
	stored := func() int {
		n, err := client.XLen(t.Context(), "wz:cr").Result()
		if err != nil {
			t.Fatal(err)
		}
		return int(n)
	}

	b := resident()
	for i := range 3 {
		if r := send(b, "Fatima Yilmaz"); r.Status != http.StatusSeeOther {
			t.Fatalf("request %d: %d", i+1, r.Status)
		}
	}
	r := send(b, "Fatima Yilmaz")
	if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, "al een paar keer contact gevraagd") || !strings.Contains(r.Body, `value="Fatima Yilmaz"`) {
		t.Errorf("fourth request of one session: %d\n%.1500s", r.Status, r.Body)
	}
	if n := stored(); n != 3 {
		t.Errorf("%d requests stored, want 3", n)
	}
	// A second session from the same address: two more, then the
	// address's limit.
	b2 := resident()
	for i := range 2 {
		if r := send(b2, "Piet de Vries"); r.Status != http.StatusSeeOther {
			t.Fatalf("second session, request %d: %d", i+1, r.Status)
		}
	}
	if r := send(b2, "Piet de Vries"); r.Status != http.StatusTooManyRequests {
		t.Errorf("sixth request from one address: %d", r.Status)
	}
	if n := stored(); n != 5 {
		t.Errorf("%d requests stored, want 5", n)
	}
}

// TestContactStoreDown: a contact request posted while the store does not
// answer comes back filled in, with the word to call instead, never a
// bare error page.
func TestContactStoreDown(t *testing.T) {
	d, _ := testDeps(t)
	d.Sessions = failingStore{}
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	b.get("/nl/")
	// The resident's session, which the store cannot read now.
	id, _ := session.NewID()
	b.c.Jar.SetCookies(mustURL(srv.URL), []*http.Cookie{{Name: sessionCookie, Value: id, Path: "/"}})
	r := b.post("/nl/contact", url.Values{"name": {"Fatima Yilmaz"}, "phone": {"0000 123 456"}, "time": {"morning"}, "consent": {"yes"},
		"description": {"Ik krijg steeds aanmaningen."}})
	if r.Status != http.StatusServiceUnavailable || !strings.Contains(r.Body, `value="Fatima Yilmaz"`) ||
		!strings.Contains(r.Body, "Ik krijg steeds aanmaningen.") || !strings.Contains(r.Body, "of bel ons") {
		t.Errorf("contact with the store down: %d\n%.2000s", r.Status, r.Body)
	}
}
