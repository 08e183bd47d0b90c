package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/redistest"
	"github.com/wegwijzer/wegwijzer/internal/session"
)

// TestCSRFToken: a token passes only with its own secret, unchanged and
// young enough.
func TestCSRFToken(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	k := csrfSigner{secret: []byte("0123456789abcdef0123456789abcdef"), now: func() time.Time { return now }}
	tok := k.make()
	if age, ok := k.age(tok); !ok || age != 0 {
		t.Fatalf("own token: age %v ok %v", age, ok)
	}
	other := csrfSigner{secret: []byte("fedcba9876543210fedcba9876543210"), now: k.now}
	if _, ok := other.age(tok); ok {
		t.Error("a token signed with another secret passes")
	}
	b := []byte(tok)
	b[3] ^= 1
	if _, ok := k.age(string(b)); ok {
		t.Error("a changed token passes")
	}
	later := csrfSigner{secret: k.secret, now: func() time.Time { return now.Add(3 * time.Hour) }}
	if age, ok := later.age(tok); !ok || age < csrfMaxAge {
		t.Errorf("three hours on: age %v ok %v", age, ok)
	}
}

// TestCSRFStateless: pages store no token anywhere; a form posted to a
// second instance with the same secret is taken, one with another
// secret's token is refused, and a post with the store down still passes
// the check (so the resident's text can come back filled in).
func TestCSRFStateless(t *testing.T) {
	client := redistest.Client(t)
	d, _ := testDeps(t)
	d.Sessions = session.NewRedis(client, "wz:s:")
	d.CSRFSecret = []byte("0123456789abcdef0123456789abcdef")
	a := startServer(t, d)
	b := startServer(t, d)

	res := newBrowser(t, a.URL)
	res.get("/nl/")
	res.get("/nl/over")
	if keys, _ := client.Keys(context.Background(), "*").Result(); len(keys) != 0 {
		t.Errorf("anonymous visits stored %v", keys)
	}
	// The token made by instance a works on instance b.
	tok := res.token()
	form := url.Values{"_csrf": {tok}, "text": {"ik heb schulden"}}
	req, _ := http.NewRequest(http.MethodPost, b.URL+"/nl/chat", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, ck := range res.c.Jar.Cookies(mustURL(a.URL)) {
		req.AddCookie(ck)
	}
	// A message taken goes on to its turn; a refused form comes back.
	if r := res.do(req); r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "#beurt-") {
		t.Errorf("token of instance a on instance b: %d → %q", r.Status, r.Location)
	}
	// A forger's own token, made with another secret, is refused.
	forger := csrfSigner{secret: []byte("fedcba9876543210fedcba9876543210"), now: time.Now}.make()
	req, _ = http.NewRequest(http.MethodPost, a.URL+"/nl/chat", strings.NewReader(url.Values{"_csrf": {forger}, "text": {"hallo"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: csrfCookie, Value: forger})
	if r := newBrowser(t, a.URL).do(req); strings.Contains(r.Location, "#beurt-") {
		t.Errorf("a token signed with another secret was taken: %d → %q", r.Status, r.Location)
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// TestAnonymousGETStoresNothing: a visitor who only looks (a crawler, a
// resident reading) leaves no key in Redis, on any page.
func TestAnonymousGETStoresNothing(t *testing.T) {
	client := redistest.Client(t)
	d, _ := testDeps(t)
	d.Sessions = session.NewRedis(client, "wz:s:")
	d.Limits = session.NewRedisCounter(client, "wz:rl:")
	srv := startServer(t, d)
	for _, path := range []string{"/", "/nl/", "/nl/vraag/who", "/nl/vraag/topics", "/nl/uitkomst", "/nl/uitkomst/overzicht",
		"/nl/chat", "/nl/contact", "/nl/maatwerk", "/nl/hulp-nu", "/nl/over", "/nl/toegankelijkheid", "/nl/code", "/ar/vraag/who",
		"/api/v1/services?lang=nl", "/api/v1/recommendations?lang=nl&topics=money"} {
		b := newBrowser(t, srv.URL)
		if r := b.get(path); r.Status >= 500 {
			t.Errorf("%s: %d", path, r.Status)
		}
		if keys, _ := client.Keys(context.Background(), "*").Result(); len(keys) != 0 {
			t.Fatalf("GET %s stored %v", path, keys)
		}
	}
}
