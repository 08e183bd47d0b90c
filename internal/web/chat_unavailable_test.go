package web

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// everydayMessages say "I cannot pay my bills" in every locale: no crisis.
var everydayMessages = map[string]string{
	"nl": "ik kan mijn rekeningen niet betalen",
	"en": "I cannot pay my bills",
	"pl": "nie mogę zapłacić rachunków",
	"tr": "faturalarımı ödeyemiyorum",
	"ar": "لا أستطيع دفع فواتيري",
	"uk": "я не можу оплатити рахунки",
	"fy": "ik kin myn rekkens net betelje",
}

// TestChatPageStoreDown: with Redis stopped, an everyday message posted
// from the chat page (no JavaScript) is answered 503 with the chat page:
// the conversation as it was, the message back in the box, and a word in
// the resident's language that it was not sent, with the number to call.
// The form's token is checked without the store, so the post reaches the
// chat and does not end on the generic error page; a token that did fail
// brings the message back the same way. Crisis help still shows.
func TestChatPageStoreDown(t *testing.T) {
	d, _ := testDeps(t)
	d.Sessions = stoppedRedisSessions(t)
	srv := startServer(t, d)
	muni := d.Content.Catalog.Municipality

	for _, lang := range d.Content.Messages.Langs() {
		text, ok := everydayMessages[lang]
		if !ok {
			t.Fatalf("no everyday message for %s", lang)
		}
		l := d.Content.Messages.Localizer(lang)
		notice := l.T("chat.error.unavailable", map[string]any{"Municipality": muni.Name, "Phone": muni.Phone})
		var before int // times the page itself shows the text (its example)
		check := func(t *testing.T, r resp) {
			t.Helper()
			body := html.UnescapeString(r.Body)
			if r.Status != http.StatusServiceUnavailable || !strings.Contains(body, `id="chat-form"`) {
				t.Fatalf("status %d, want 503 with the chat page:\n%.1500s", r.Status, r.Body)
			}
			if !strings.Contains(body, ">"+text+"</textarea>") {
				t.Error("the message is not back in the box")
			}
			if strings.Count(body, text) != before+1 {
				t.Error("the message shows in the conversation as if it had been sent")
			}
			if !strings.Contains(body, notice) || !strings.Contains(notice, muni.Phone) {
				t.Errorf("no notice %q", notice)
			}
		}
		t.Run(lang, func(t *testing.T) {
			b := newBrowser(t, srv.URL)
			r := b.get("/" + lang + "/chat")
			if r.Status != http.StatusOK {
				t.Fatalf("chat page with the store down: %d", r.Status)
			}
			before = strings.Count(html.UnescapeString(r.Body), text)
			r = b.post("/"+lang+"/chat", url.Values{"text": {text}})
			check(t, r)
			// Sent again from that page, with its token: the same.
			check(t, b.post("/"+lang+"/chat", url.Values{"text": {text}}))
			// A token that fails (a page left open for hours) cannot keep
			// the message in the session either: it comes back too.
			check(t, b.post("/"+lang+"/chat", url.Values{"text": {text}, "_csrf": {"expired"}}))

			r = b.post("/"+lang+"/chat", url.Values{"text": {crisisMessages[lang]}})
			if r.Status != http.StatusOK || !strings.Contains(r.Body, `href="tel:113"`) {
				t.Errorf("a crisis message with the store down: %d without the 113 line", r.Status)
			}
		})
	}
}

// TestContactFormStoreDownBadToken: a contact form whose token fails
// while the store is down comes back filled in (503, the notice with the
// number to call), at home and at the desk's path alike, instead of the
// generic error page that loses what was typed.
func TestContactFormStoreDownBadToken(t *testing.T) {
	d, _ := testDeps(t)
	d.Sessions = stoppedRedisSessions(t)
	srv := startServer(t, d)
	muni := d.Content.Catalog.Municipality
	notice := d.Content.Messages.Localizer("nl").T("contact.error.unavailable", map[string]any{"Municipality": muni.Name, "Phone": muni.Phone})

	b := newBrowser(t, srv.URL)
	b.get("/nl/")
	r := b.post("/nl/contact", url.Values{
		"name": {"Fatima el Amrani"}, "phone": {"0612345678"}, "description": {"Mijn moeder redt het niet meer alleen"},
		"consent": {"1"}, "_csrf": {"expired"},
	})
	body := html.UnescapeString(r.Body)
	if r.Status != http.StatusServiceUnavailable {
		t.Fatalf("status %d; want 503 with the form:\n%.1500s", r.Status, r.Body)
	}
	for _, want := range []string{`value="Fatima el Amrani"`, `value="0612345678"`, "Mijn moeder redt het niet meer alleen", notice} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}
