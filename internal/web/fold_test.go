package web

import (
	"hash/maphash"
	"net/http"
	"reflect"
	"testing"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
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
	plainTemplates.Store(true)
	plain := startServer(t, d)
	plainTemplates.Store(false)

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

// TestCardKeyCoversEveryField: changing any one field of a card, however
// deep, gives it another key, so a kept card is never shown for another.
func TestCardKeyCoversEveryField(t *testing.T) {
	d, _ := testDeps(t)
	cs := newFragments(nil, true)
	l := d.Content.Messages.Localizer("nl")
	full := func() cardData {
		tx := text{S: "s", Lang: "nl", Other: true}
		return card(l, serviceView{
			ID: "id", Level: "community", Name: tx, Description: tx, Eligibility: tx, Fees: tx, Free: true,
			Address: "a", Village: "v", Distance: "d", Open: "o", OpenNow: true, Phone: "p", Email: "e", URL: "u",
			Access: []catalog.Access{"walk_in"}, Languages: []string{"nl"}, Hours: []text{tx}, Reasons: []string{"r"},
		}, 3)
	}
	key := func(d cardData) fragmentKey { return cs.key("service", func(h *maphash.Hash) { writeCard(h, d) }) }
	base := key(full())
	changed := 0
	// walk calls apply with a change to each leaf under v; apply makes a
	// fresh card, makes the change to it and checks its key.
	type applyFunc func(path string, change func(reflect.Value))
	var walk func(path string, v reflect.Value, apply applyFunc)
	walk = func(path string, v reflect.Value, apply applyFunc) {
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				f := v.Type().Field(i)
				walk(path+"."+f.Name, v.Field(i), func(leaf string, change func(reflect.Value)) {
					apply(leaf, func(p reflect.Value) { change(p.Field(i)) })
				})
			}
			return
		case reflect.Slice:
			walk(path+"[0]", v.Index(0), func(leaf string, change func(reflect.Value)) {
				apply(leaf, func(p reflect.Value) {
					c := reflect.MakeSlice(p.Type(), p.Len(), p.Len())
					reflect.Copy(c, p)
					p.Set(c)
					change(c.Index(0))
				})
			})
			apply(path+" (one more)", func(p reflect.Value) { p.Set(reflect.Append(p, p.Index(0))) })
		case reflect.String:
			apply(path, func(p reflect.Value) { p.SetString(p.String() + "x") })
		case reflect.Bool:
			apply(path, func(p reflect.Value) { p.SetBool(!p.Bool()) })
		case reflect.Int:
			apply(path, func(p reflect.Value) { p.SetInt(p.Int() - 1) })
		default:
			return
		}
		changed++
	}
	var paths []string
	s := full()
	walk("S", reflect.ValueOf(&s.S).Elem(), func(path string, change func(reflect.Value)) {
		c := full()
		change(reflect.ValueOf(&c.S).Elem())
		if key(c) == base {
			paths = append(paths, path)
		}
	})
	h := full()
	h.H--
	if key(h) == base {
		t.Error("the heading level does not change the key")
	}
	if len(paths) > 0 {
		t.Errorf("%d changed cards keep the key: %v", len(paths), paths)
	}
	if changed < 25 {
		t.Errorf("only %d fields changed; the walk missed the card", changed)
	}
}
