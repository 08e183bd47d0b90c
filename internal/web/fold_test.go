package web

import (
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/web/view"
)

// TestFoldChangesNothing: every page type, in every language, for a
// carer with two needs and at the desk (where the staff member's panel
// is in another language), is the same byte for byte whether its fixed
// messages were folded in and its cards kept, or not.
func TestFoldChangesNothing(t *testing.T) {
	d, _ := testDeps(t)
	withStaff(t, &d)
	d.CSRFSecret = []byte("one secret for both servers, so both pages carry the same token")
	// Share links name the public address, not the port of each server.
	d.Config.BaseURL = "https://hulp.example"
	folded := startServer(t, d)
	view.SetPlain(true)
	plain := startServer(t, d)
	view.SetPlain(false)

	resident := benchSession(t, folded)
	pages := []string{"/", "/vraag/topics", "/vraag/money_what", "/vraag/place", "/uitkomst", "/uitkomst/overzicht",
		"/maatwerk", "/contact", "/code", "/chat", "/hulp-nu", "/toegankelijkheid", "/over", "/bestaat-niet", "/medewerker/"}
	desk, _ := deskAt(t, folded, "nl")
	// At the desk the staff member's panel stays in Dutch while the
	// resident's pages take each language.
	deskPages := []string{"/balie/", "/balie/vraag/who", "/balie/vraag/topics", "/balie/uitkomst", "/medewerker/aanvragen"}
	same := 0
	for _, lang := range d.Content.Messages.Langs() {
		for _, who := range []struct {
			b     *browser
			paths []string
		}{{resident, pages}, {desk, deskPages}} {
			for _, p := range who.paths {
				path := "/" + lang + p
				// A first view may save the session (the results page
				// notes it was reached); compare the views after it.
				who.b.get(path)
				want := who.b.get(path)
				got := getWith(t, who.b, plain.URL, path)
				if got.Status != want.Status || got.Body != want.Body {
					t.Errorf("%s: folded and plain differ (status %d, %d):\n%s", path, want.Status, got.Status, firstDiff(want.Body, got.Body))
					continue
				}
				if want.Status == http.StatusOK {
					same++
				}
			}
		}
	}
	if same < 100 {
		t.Errorf("only %d pages compared; the walk lost its session", same)
	}
}

// getWith gets path from another server on loopback with b's cookies
// (cookies do not tell ports apart).
func getWith(t *testing.T, b *browser, base, path string) resp {
	t.Helper()
	other := *b
	other.base = base
	return other.get(path)
}

// firstDiff shows where two pages part.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(i-80, 0)
	return "folded: …" + a[from:min(len(a), i+80)] + "…\nplain:  …" + b[from:min(len(b), i+80)] + "…"
}

// TestSharedPagesMatch: the pages kept for visitors without answers are
// the pages made afresh, byte for byte but for each visitor's own form
// token, which is the one in their cookie; crisis help is made anew
// when the minute turns.
func TestSharedPagesMatch(t *testing.T) {
	d, _ := testDeps(t)
	d.CSRFSecret = []byte("one secret for both servers")
	d.Config.BaseURL = "https://hulp.example"
	loc, _ := time.LoadLocation("Europe/Amsterdam")
	var now atomic.Int64
	now.Store(time.Date(2026, 11, 23, 7, 59, 30, 0, loc).UnixNano())
	d.Now = func() time.Time { return time.Unix(0, now.Load()).In(loc) }
	kept := startServer(t, d)
	view.SetPlain(true)
	plain := startServer(t, d)
	view.SetPlain(false)

	// anonymous gets path as a new visitor: the page with its token
	// replaced by "TOKEN", having checked it is the cookie's.
	anonymous := func(base, path string) string {
		t.Helper()
		b := newBrowser(t, base)
		r := b.get(path)
		if r.Status != http.StatusOK {
			t.Fatalf("%s: %d", path, r.Status)
		}
		u, _ := url.Parse(base)
		tok := ""
		for _, c := range b.c.Jar.Cookies(u) {
			if c.Name == csrfCookie {
				tok = c.Value
			}
		}
		if tok == "" || !strings.Contains(r.Body, `value="`+tok+`"`) {
			t.Fatalf("%s: the page does not carry the visitor's token %q", path, tok)
		}
		if strings.Contains(r.Body, tokenMarker) {
			t.Fatalf("%s: the marker is left in the page", path)
		}
		return strings.ReplaceAll(r.Body, tok, "TOKEN")
	}
	compared := 0
	for _, lang := range d.Content.Messages.Langs() {
		for _, p := range []string{"/", "/over", "/toegankelijkheid", "/hulp-nu", "/?van=qr"} {
			path := "/" + lang + p
			first, second := anonymous(kept.URL, path), anonymous(kept.URL, path)
			want := anonymous(plain.URL, path)
			if first != want || second != want {
				t.Errorf("%s: kept and fresh differ:\n%s", path, firstDiff(second, want))
			}
			compared++
		}
	}
	if compared < 30 {
		t.Errorf("only %d pages compared", compared)
	}
	// At eight on a Monday the lines that open at eight are open.
	before := anonymous(kept.URL, "/nl/hulp-nu")
	now.Store(time.Date(2026, 11, 23, 8, 0, 5, 0, loc).UnixNano())
	after, fresh := anonymous(kept.URL, "/nl/hulp-nu"), anonymous(plain.URL, "/nl/hulp-nu")
	if after != fresh {
		t.Errorf("crisis help after the minute turned: kept and fresh differ:\n%s", firstDiff(after, fresh))
	}
	if before == after {
		t.Error("crisis help is the same before and after eight: the test cannot tell a kept page from a fresh one")
	}
}
