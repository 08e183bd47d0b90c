package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/codes"
	"github.com/wegwijzer/wegwijzer/internal/redistest"
)

// deskSteps: a resident at the desk with money worries.
var deskSteps = []step{
	{q: "who", vals: []string{"self"}},
	{q: "topics", vals: []string{"money"}},
}

var handoverRe = regexp.MustCompile(`<strong class="code" dir="ltr" id="handover-code">([^<]+)</strong>`)

// deskAt signs a staff member in and walks the desk flow in lang.
func deskAt(t *testing.T, srv *liveServer, lang string) (*browser, resp) {
	t.Helper()
	desk := newBrowser(t, srv.URL)
	signIn(t, desk, "anna")
	if r := desk.get("/" + lang + "/balie/"); r.Status != http.StatusOK {
		t.Fatalf("desk start: %d", r.Status)
	}
	walk(t, desk, lang+"/balie", deskSteps...)
	r, _ := desk.follow("/" + lang + "/balie/uitkomst")
	return desk, r
}

// TestDeskView: the desk shows each question in the resident's language
// with the staff member's beside it, leaves out the "I work at a desk"
// answer, and ends on results with a panel for the staff member and the
// hand-over instead of the share link.
func TestDeskView(t *testing.T) {
	d, _ := testDeps(t)
	withStaff(t, &d)
	srv := startServer(t, d)
	desk := newBrowser(t, srv.URL)
	signIn(t, desk, "anna")

	r := desk.get("/ar/balie/vraag/who")
	if r.Status != http.StatusOK {
		t.Fatalf("desk question: %d", r.Status)
	}
	for _, want := range []string{`lang="ar" dir="rtl"`, `<span class="other" lang="nl" dir="ltr">Voor wie zoekt u hulp?</span>`,
		`<span class="label other" lang="nl" dir="ltr">Voor mijzelf</span>`, `class="desk"`, `data-idle="180"`, "Volgende inwoner"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("Arabic desk question lacks %q", want)
		}
	}
	if strings.Contains(r.Body, `value="desk"`) {
		t.Error("the desk view offers the answer 'I work at a desk'")
	}
	// The staff member switches their own panel to English.
	r = desk.post("/ar/balie/taal", url.Values{"panel": {"staff"}, "taal": {"en"}, "terug": {"/balie/vraag/who"}})
	if r.Location != "/ar/balie/vraag/who" {
		t.Fatalf("staff language switch went to %q", r.Location)
	}
	if r = desk.get(r.Location); !strings.Contains(r.Body, `<span class="other" lang="en" dir="ltr">`) {
		t.Error("the staff panel did not switch to English")
	}
	// The resident's panel switches through the URL.
	if r = desk.post("/ar/balie/taal", url.Values{"panel": {"resident"}, "taal": {"pl"}, "terug": {"/balie/vraag/who"}}); r.Location != "/pl/balie/vraag/who" {
		t.Errorf("resident language switch went to %q", r.Location)
	}
	desk.post("/ar/balie/taal", url.Values{"panel": {"staff"}, "taal": {"nl"}, "terug": {"/balie/"}})

	walk(t, desk, "ar/balie", deskSteps...)
	res := desk.get("/ar/balie/uitkomst")
	for _, want := range []string{`class="staff-panel" lang="nl" dir="ltr"`, "Voor de medewerker", "Geld en schulden", `action="/ar/balie/meegeven"`, `href="/ar/balie/uitkomst/overzicht"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("desk results lack %q", want)
		}
	}
	if strings.Contains(res.Body, `id="share-url"`) {
		t.Error("the desk results show the share link; the desk hands over instead")
	}
	// A contact request made together at the desk says so in the inbox.
	if r := desk.post("/ar/balie/uitkomst", url.Values{"enough": {"no"}}); r.Location != "/ar/balie/maatwerk" {
		t.Fatalf("not enough at the desk went to %q", r.Location)
	}
	desk.get("/ar/balie/contact")
	r = desk.post("/ar/balie/contact", url.Values{"name": {"Samira Haddad"}, "phone": {"0000 765 432"}, "time": {"any"}, "consent": {"yes"}})
	if r.Status != http.StatusSeeOther || r.Location != "/ar/balie/contact/verstuurd" {
		t.Fatalf("contact request at the desk: %d → %q", r.Status, r.Location)
	}
	if r := desk.get("/nl/medewerker/aanvragen"); !strings.Contains(r.Body, "Samira Haddad") {
		t.Error("the desk's request is not in the inbox")
	} else if m := entryLinkRe.FindStringSubmatch(r.Body); m == nil || !strings.Contains(desk.get("/nl/medewerker/aanvragen/"+m[1]).Body, "aan de balie met anna") {
		t.Error("the request does not say it was made at the desk with anna")
	}
	// A Dutch resident gets one panel.
	if r := desk.get("/nl/balie/uitkomst"); strings.Contains(r.Body, "staff-panel") || strings.Contains(r.Body, `class="other"`) {
		t.Error("Dutch resident with a Dutch staff member: two panels")
	}
	// The desk's answers are not the staff member's own resident session.
	if r := desk.get("/nl/uitkomst"); strings.Contains(r.Body, "Geld en schulden") {
		t.Error("the desk's answers leak into the public pages of the same browser")
	}
}

// TestDeskNextResident: "Next resident" wipes the answers on the server;
// going back shows nothing of them.
func TestDeskNextResident(t *testing.T) {
	d, _ := testDeps(t)
	withStaff(t, &d)
	srv := startServer(t, d)
	desk, res := deskAt(t, srv, "tr")
	if !strings.Contains(res.Body, "staff-panel") {
		t.Fatal("no desk results")
	}
	old := cookie(t, desk, srv.URL, deskCookie)
	money := d.Content.Messages.Localizer("tr").T("topic.money")
	if !strings.Contains(res.Body, "<strong>"+money+"</strong>") {
		t.Fatalf("desk results lack %q", money)
	}
	r := desk.post("/tr/balie/volgende", nil)
	if r.Status != http.StatusSeeOther || r.Location != "/nl/balie/?gewist=1" {
		t.Fatalf("next resident: %d → %q", r.Status, r.Location)
	}
	if r, _ := desk.follow(r.Location); !strings.Contains(r.Body, "De antwoorden van de vorige inwoner zijn gewist") {
		t.Error("no message that the screen was wiped")
	}
	// What the back button would ask for again.
	for _, path := range []string{"/tr/balie/uitkomst", "/tr/balie/vraag/topics", "/tr/balie/uitkomst/overzicht"} {
		r, _ := desk.follow(path)
		if strings.Contains(r.Body, `value="money" id="answer-0" checked`) || strings.Contains(r.Body, "staff-panel") || strings.Contains(r.Body, "<strong>"+money+"</strong>") {
			t.Errorf("%s after the next resident still shows the previous one", path)
		}
	}
	if _, err := d.Sessions.Get(context.Background(), old, 0); err == nil {
		t.Error("the previous resident's session still exists")
	}
}

// TestDeskIdle: the desk's session ends after DESK_IDLE_TIMEOUT without
// a request, even when nobody presses anything.
func TestDeskIdle(t *testing.T) {
	d, _ := redisDeps(t)
	withStaff(t, &d)
	d.Config.DeskIdle = time.Second
	srv := startServer(t, d)
	desk, _ := deskAt(t, srv, "nl")
	time.Sleep(1200 * time.Millisecond)
	r, _ := desk.follow("/nl/balie/uitkomst")
	if strings.Contains(r.Body, "<strong>Geld en schulden</strong>") {
		t.Error("the answers outlived the desk's idle time")
	}
	if r := desk.get("/nl/medewerker/aanvragen"); r.Status != http.StatusOK {
		t.Errorf("the staff member was signed out with the resident: %d", r.Status)
	}
}

// TestHandover: the desk hands the answers to the resident's phone with a
// single-use code; the desk loses them at once, the phone gets them under
// a session id of its own, and a second phone gets nothing.
func TestHandover(t *testing.T) {
	d, _ := redisDeps(t)
	withStaff(t, &d)
	d.Handovers = codes.NewRedis(redistest.Client(t), "wz:ho:", ResumeCodeLen)
	srv := startServer(t, d)
	desk, _ := deskAt(t, srv, "pl")
	deskSession := cookie(t, desk, srv.URL, deskCookie)

	r := desk.post("/pl/balie/meegeven", nil)
	m := handoverRe.FindStringSubmatch(r.Body)
	if r.Status != http.StatusOK || m == nil {
		t.Fatalf("hand-over: %d\n%.2000s", r.Status, r.Body)
	}
	code := strings.ReplaceAll(html.UnescapeString(m[1]), " ", "")
	if len(code) != codes.Short {
		t.Errorf("a hand-over code that lives 10 minutes: %q, want %d characters", m[1], codes.Short)
	}
	if !strings.Contains(r.Body, `<svg class="qr"`) || !strings.Contains(r.Body, "10:40") {
		t.Error("hand-over page lacks the QR code or the time the code stops (10:30 + 10 min)")
	}
	// The desk lost access at once, back button included.
	if r, _ := desk.follow("/pl/balie/uitkomst"); strings.Contains(r.Body, "staff-panel") {
		t.Error("the desk still shows the resident's results after the hand-over")
	}
	if _, err := d.Sessions.Get(context.Background(), deskSession, 0); err == nil {
		t.Error("the desk's session still exists after the hand-over")
	}

	phone := newBrowser(t, srv.URL)
	r = phone.get("/pl/code?c=" + code)
	if r.Status != http.StatusOK || !strings.Contains(r.Body, `value="`+codes.Format(code)+`"`) {
		t.Fatalf("the QR code's page does not fill in the code: %d", r.Status)
	}
	r = phone.post("/pl/code", url.Values{"code": {codes.Format(code)}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("phone takes the code: %d\n%.1500s", r.Status, r.Body)
	}
	res, path := phone.follow(r.Location)
	if path != "/pl/uitkomst" || !strings.Contains(res.Body, `id="share-url"`) || strings.Contains(res.Body, "staff-panel") {
		t.Errorf("phone landed on %s", path)
	}
	if sid := cookie(t, phone, srv.URL, sessionCookie); sid == deskSession || sid == "" {
		t.Errorf("the phone's session id %q is not a new one", sid)
	}
	if money := d.Content.Messages.Localizer("pl").T("topic.money"); !strings.Contains(res.Body, "<strong>"+money+"</strong>") {
		t.Errorf("the phone's results lack the need %q", money)
	}
	second := newBrowser(t, srv.URL)
	second.get("/pl/code")
	if r := second.post("/pl/code", url.Values{"code": {code}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("a used hand-over code works again: %d", r.Status)
	}
}

// TestHandoverExpires: an unused hand-over code stops working.
func TestHandoverExpires(t *testing.T) {
	d, _ := redisDeps(t)
	withStaff(t, &d)
	d.Handovers = codes.NewRedis(redistest.Client(t), "wz:ho:", ResumeCodeLen)
	d.HandoverTTL = 300 * time.Millisecond
	srv := startServer(t, d)
	desk, _ := deskAt(t, srv, "nl")
	m := handoverRe.FindStringSubmatch(desk.post("/nl/balie/meegeven", nil).Body)
	if m == nil {
		t.Fatal("no code")
	}
	time.Sleep(500 * time.Millisecond)
	phone := newBrowser(t, srv.URL)
	phone.get("/nl/code")
	if r := phone.post("/nl/code", url.Values{"code": {m[1]}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("an expired hand-over code: %d", r.Status)
	}
}

// TestDeskContactDraftKept: a desk's contact form refused for its token
// (a page left open) comes back filled in, as the residents' form does.
func TestDeskContactDraftKept(t *testing.T) {
	d, _ := testDeps(t)
	withStaff(t, &d)
	srv := startServer(t, d)
	desk, _ := deskAt(t, srv, "nl")
	desk.post("/nl/balie/uitkomst", url.Values{"enough": {"no"}})
	desk.get("/nl/balie/contact")
	r := desk.post("/nl/balie/contact", url.Values{"_csrf": {"expired"}, "name": {"Samira Haddad"}, "phone": {"0000 765 432"}, "time": {"any"}, "consent": {"yes"}})
	if r.Status != http.StatusSeeOther || r.Location != "/nl/balie/contact" {
		t.Fatalf("refused desk form: %d → %q", r.Status, r.Location)
	}
	if page := desk.get(r.Location); !strings.Contains(page.Body, `value="Samira Haddad"`) || !strings.Contains(page.Body, "De pagina stond lang open") {
		t.Errorf("the desk's draft was lost:\n%.2000s", page.Body)
	}
}
