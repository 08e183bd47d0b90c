package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// crisisMessages say "I do not want to live any more" in every locale.
var crisisMessages = map[string]string{
	"nl": "ik wil niet meer leven",
	"en": "I do not want to live anymore",
	"pl": "nie chcę już żyć",
	"tr": "artık yaşamak istemiyorum",
	"ar": "ما بدي عيش بعد اليوم",
	"uk": "я більше не хочу жити",
	"fy": "ik wol net mear libje",
}

// TestCrisisWithRedisStopped: with Redis stopped, a message about wanting
// to die still gets the crisis lines, in every locale: from the chat API
// (saying the conversation could not be kept) and on the page without
// JavaScript.
func TestCrisisWithRedisStopped(t *testing.T) {
	d, _ := testDeps(t)
	d.Sessions = stoppedRedisSessions(t)
	srv := startServer(t, d)

	for _, lang := range d.Content.Messages.Langs() {
		text, ok := crisisMessages[lang]
		if !ok {
			t.Fatalf("no crisis message for %s", lang)
		}
		l := d.Content.Messages.Localizer(lang)
		t.Run(lang+"/api", func(t *testing.T) {
			body, _ := json.Marshal(map[string]string{"session": "", "lang": lang, "text": text})
			res, err := http.Post(srv.URL+"/api/v1/chat", "application/json", bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var r struct {
				Urgent   bool   `json:"urgent"`
				Saved    bool   `json:"saved"`
				Notice   string `json:"notice"`
				Messages []struct {
					Kind     string `json:"kind"`
					Services []struct {
						ID string `json:"id"`
					} `json:"services"`
				} `json:"messages"`
			}
			if err := json.NewDecoder(res.Body).Decode(&r); err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, m := range r.Messages {
				if m.Kind == "urgent" {
					for _, s := range m.Services {
						lines = append(lines, s.ID)
					}
				}
			}
			if res.StatusCode != http.StatusOK || !r.Urgent || len(lines) == 0 || lines[0] != "zelfmoordpreventie-113" {
				t.Errorf("status %d, urgent %v, crisis lines %v", res.StatusCode, r.Urgent, lines)
			}
			if r.Saved || r.Notice != l.T("chat.unsaved") {
				t.Errorf("saved %v, notice %q: want the resident told the conversation was not kept", r.Saved, r.Notice)
			}
		})
		t.Run(lang+"/page", func(t *testing.T) {
			b := newBrowser(t, srv.URL)
			b.get("/" + lang + "/chat")
			r := b.post("/"+lang+"/chat", url.Values{"text": {text}})
			if r.Status != http.StatusOK || !strings.Contains(r.Body, `href="tel:113"`) {
				t.Errorf("page: %d without the 113 line", r.Status)
			}
			if !strings.Contains(r.Body, l.T("chat.unsaved")) {
				t.Error("the page does not say the conversation was not kept")
			}
		})
	}
}

// TestCrisisWithSessionStoreDown: the form's token is fine but sessions
// cannot be saved: the page still shows the crisis lines, not an error.
func TestCrisisWithSessionStoreDown(t *testing.T) {
	d, _ := testDeps(t)
	d.Sessions = failingStore{}
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	b.get("/nl/chat")
	r := b.post("/nl/chat", url.Values{"text": {crisisMessages["nl"]}})
	if r.Status != http.StatusOK || !strings.Contains(r.Body, `href="tel:113"`) ||
		!strings.Contains(r.Body, d.Content.Messages.Localizer("nl").T("chat.unsaved")) {
		t.Errorf("page: %d, want the crisis lines and a word that nothing was kept", r.Status)
	}
	// An ordinary message still says it cannot be saved now.
	r = b.post("/nl/chat", url.Values{"text": {"ik kan mijn rekeningen niet betalen"}})
	if r.Status != http.StatusServiceUnavailable {
		t.Errorf("an ordinary message with the store down: %d", r.Status)
	}
}
