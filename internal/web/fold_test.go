package web

import (
	"net/http"
	"testing"

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
