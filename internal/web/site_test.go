package web

import (
	"bytes"
	"encoding/json"
	"html"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	democontent "github.com/wegwijzer/wegwijzer/content"
	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/redistest"
	"github.com/wegwijzer/wegwijzer/internal/reload"
	"github.com/wegwijzer/wegwijzer/internal/session"
	"github.com/wegwijzer/wegwijzer/locales"
)

// contentDir copies the demo content into a temporary folder, for tests
// that change it and reload.
func contentDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(dir, democontent.Demo); err != nil {
		t.Fatal(err)
	}
	return dir
}

// editContent replaces the first old by new in file of the content
// folder dir.
func editContent(t testing.TB, dir, file, old, new string) {
	t.Helper()
	p := filepath.Join(dir, file)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s has no %q", file, old)
	}
	if err := os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// reloadFrom makes d serve the demo region and reload from the content
// folder dir, which holds the demo until the test changes it.
func reloadFrom(t *testing.T, d *Deps, dir string) {
	serveRegion(t, d)
	cfg := *d.Config
	cfg.ContentDir = dir
	d.Config = &cfg
	d.LoadRegion = func() (*content.Region, error) { return content.LoadRegion(os.DirFS(dir), locales.FS) }
}

// startSite runs a site on a loopback port that follows the reloads of
// other instances until the test ends.
func startSite(t *testing.T, d Deps) (*Site, *liveServer) {
	t.Helper()
	site, err := NewSite(d)
	if err != nil {
		t.Fatal(err)
	}
	if err := site.Follow(t.Context()); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &liveServer{URL: "http://" + ln.Addr().String(), app: site.App(), ln: ln}
	go func() { _ = srv.app.Listener(ln) }()
	t.Cleanup(srv.Stop)
	return site, srv
}

// The texts a test changes in the content folder, as they are and as
// they become: a service's name (catalogue), the municipality's phone
// number (on every page, also those kept for every visitor) and a
// question (the content's messages).
const (
	oldService = "Geldmaatje bij schulden"
	newService = "Schuldmaatje Beekdal"
	oldPhone   = "0000 120 120"
	newPhone   = "0000 120 999"
	oldWho     = "Voor wie zoekt u hulp?"
	newWho     = "Voor wie zoekt u steun?"
	// A message of the interface that the content rewords: templates
	// have such fixed messages folded in.
	oldSkip = ">Overslaan<"
	newSkip = ">Deze vraag overslaan<"
)

func changeTexts(t *testing.T, dir string) {
	t.Helper()
	editContent(t, dir, "catalog/services-money.yaml", "nl: "+oldService, "nl: "+newService)
	editContent(t, dir, "municipalities/beekdal/municipality.yaml", `phone: "`+oldPhone+`"`, `phone: "`+newPhone+`"`)
	editContent(t, dir, "locales/nl.yaml", `flow.who.text: "`+oldWho+`"`, `flow.who.text: "`+newWho+`"`+"\nquestion.skip: \"Deze vraag overslaan\"")
}

// contentShown is what a resident and another channel see of the texts
// changeTexts changes: each page or API with whether it shows the old
// and the new text.
func contentShown(t *testing.T, base string) map[string][2]bool {
	t.Helper()
	b := newBrowser(t, base)
	shown := map[string][2]bool{}
	see := func(what, body, old, new string) {
		shown[what] = [2]bool{strings.Contains(body, old), strings.Contains(body, new)}
	}
	// Anonymous: the home page is kept for every visitor.
	see("home page", b.get("/nl/").Body, oldPhone, newPhone)
	q := b.get("/nl/vraag/who").Body
	see("question", q, html.EscapeString(oldWho), html.EscapeString(newWho))
	see("question's fixed message", q, oldSkip, newSkip)
	see("services API", b.get("/api/v1/services?topic=money&lang=nl").Body, oldService, newService)
	see("HSDS API", b.get("/api/v1/hsds/services?lang=nl&per_page=500").Body, oldService, newService)
	r, _ := b.follow("/nl/uitkomst/gedeeld?who=self&topics=money")
	see("results", r.Body, oldService, newService)
	return shown
}

func checkShown(t *testing.T, shown map[string][2]bool, wantNew bool) {
	t.Helper()
	for what, s := range shown {
		if old, new := s[0], s[1]; old == wantNew || new != wantNew {
			t.Errorf("%s: old text shown %v, new text shown %v; want the %s", what, old, new, map[bool]string{true: "new", false: "old"}[wantNew])
		}
	}
}

// TestReloadShowsNewContent: a staff member presses the button after the
// content folder changed; the pages, the kept home page, the services
// API and the HSDS API all show the new texts, and the staff page says
// it went well.
func TestReloadShowsNewContent(t *testing.T) {
	d, logs := testDeps(t)
	withStaff(t, &d)
	dir := contentDir(t)
	reloadFrom(t, &d, dir)
	_, srv := startSite(t, d)

	// Everything that keeps something is asked once before.
	checkShown(t, contentShown(t, srv.URL), false)
	changeTexts(t, dir)
	checkShown(t, contentShown(t, srv.URL), false) // nothing reloads by itself

	// A resident is halfway: their session and the form on their screen
	// outlive the reload.
	res := newBrowser(t, srv.URL)
	walk(t, res, "nl", step{q: "who", vals: []string{"self"}})
	res.get("/nl/vraag/topics")
	formToken := res.token()

	anna := newBrowser(t, srv.URL)
	page := signIn(t, anna, "anna").Body
	if !strings.Contains(page, `id="inhoud"`) || !strings.Contains(page, html.EscapeString(dir)) || !strings.Contains(page, "Inhoud opnieuw laden") {
		t.Fatalf("the staff page has no section on the content:\n%.3000s", page)
	}
	r := anna.post("/nl/medewerker/inhoud", nil)
	if r.Status != http.StatusSeeOther || r.Location != "/nl/medewerker/aanvragen?inhoud=geladen#inhoud" {
		t.Fatalf("press: %d → %q", r.Status, r.Location)
	}
	r, _ = anna.follow(r.Location)
	if !strings.Contains(r.Body, "De inhoud is opnieuw geladen.") || !strings.Contains(r.Body, "met de knop, door anna") || !strings.Contains(r.Body, "gelukt") {
		t.Errorf("the staff page does not say the content was reloaded:\n%.4000s", sectionOf(r.Body))
	}
	checkShown(t, contentShown(t, srv.URL), true)

	r = res.post("/nl/vraag/topics", url.Values{"_csrf": {formToken}, "action": {"next"}, "answer": {"money"}})
	if r.Status != http.StatusSeeOther || r.Location != "/nl/vraag/money_when" {
		t.Errorf("the form from before the reload: %d → %q", r.Status, r.Location)
	}
	if r, _ := res.follow("/nl/uitkomst"); !strings.Contains(r.Body, "<dd>Voor mijzelf <a") || !strings.Contains(r.Body, newService) {
		t.Errorf("the resident's answers did not outlive the reload:\n%s", answersOf(r.Body))
	}
	if !strings.Contains(logs.String(), `"msg":"content reloaded","trigger":"button"`) || !strings.Contains(logs.String(), `"user":"anna"`) {
		t.Errorf("the reload is not logged with its trigger and staff member:\n%s", logs)
	}
}

// sectionOf is the staff page's "Inhoud" section.
func sectionOf(body string) string {
	if i := strings.Index(body, `id="inhoud"`); i >= 0 {
		body = body[i:]
	}
	if i := strings.Index(body, "</section>"); i >= 0 {
		body = body[:i]
	}
	return body
}

// TestReloadWithErrorsKeepsContent: content with an error is refused.
// The running content keeps serving, crisis help answers during and
// after the reload, the errors are logged, and staff see them: after a
// reload by signal on the page, and after pressing the button.
func TestReloadWithErrorsKeepsContent(t *testing.T) {
	d, logs := testDeps(t)
	withStaff(t, &d)
	dir := contentDir(t)
	reloadFrom(t, &d, dir)
	// The first reload waits in the middle until the test lets it go on.
	load := d.LoadRegion
	inside, goOn := make(chan struct{}), make(chan struct{})
	var once sync.Once
	d.LoadRegion = func() (*content.Region, error) {
		once.Do(func() { close(inside); <-goOn })
		return load()
	}
	site, srv := startSite(t, d)

	changeTexts(t, dir)
	editContent(t, dir, "catalog/services-money.yaml", "location: ", "location: nowhere-")

	done := make(chan reload.Outcome, 1)
	go func() { done <- site.Reload(t.Context(), reload.Request{Trigger: reload.Signal}) }()
	<-inside
	checkCrisisHelp(t, srv.URL, "during the reload")
	close(goOn)
	o := <-done
	if o.OK() || !strings.Contains(strings.Join(o.Errors, "\n"), `unknown location "nowhere-`) {
		t.Fatalf("outcome %+v, want the unknown location", o)
	}
	checkCrisisHelp(t, srv.URL, "after the failed reload")
	checkShown(t, contentShown(t, srv.URL), false)
	if l := logs.String(); !strings.Contains(l, "content reload failed") || !strings.Contains(l, `unknown location \"nowhere-`) {
		t.Errorf("the failed reload and its errors are not logged:\n%s", l)
	}

	// Staff see how the reload by signal went.
	anna := newBrowser(t, srv.URL)
	sec := sectionOf(signIn(t, anna, "anna").Body)
	for _, want := range []string{"met een signaal aan de server", "niet gelukt. De oude inhoud blijft in gebruik.", "unknown location &#34;nowhere-"} {
		if !strings.Contains(sec, want) {
			t.Errorf("the staff page does not show %q:\n%s", want, sec)
		}
	}
	// And after pressing the button.
	r := anna.post("/nl/medewerker/inhoud", nil)
	if r.Status != http.StatusSeeOther || r.Location != "/nl/medewerker/aanvragen?inhoud=fouten#inhoud" {
		t.Fatalf("press: %d → %q", r.Status, r.Location)
	}
	r, _ = anna.follow(r.Location)
	sec = sectionOf(r.Body)
	for _, want := range []string{"De nieuwe inhoud heeft fouten. De oude inhoud blijft in gebruik.", "met de knop, door anna", "unknown location &#34;nowhere-"} {
		if !strings.Contains(sec, want) {
			t.Errorf("after pressing, the staff page does not show %q:\n%s", want, sec)
		}
	}
	checkShown(t, contentShown(t, srv.URL), false)
}

// checkCrisisHelp: the crisis page and the chat's crisis answer.
func checkCrisisHelp(t *testing.T, base, when string) {
	t.Helper()
	b := newBrowser(t, base)
	if r := b.get("/nl/hulp-nu"); r.Status != http.StatusOK || !strings.Contains(r.Body, "113") {
		t.Errorf("%s: crisis help %d", when, r.Status)
	}
	body, _ := json.Marshal(map[string]string{"lang": "nl", "text": crisisMessages["nl"]})
	res, err := http.Post(base+"/api/v1/chat", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var r struct {
		Urgent bool `json:"urgent"`
	}
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil || res.StatusCode != http.StatusOK || !r.Urgent {
		t.Errorf("%s: the chat's crisis answer: %d urgent %v %v", when, res.StatusCode, r.Urgent, err)
	}
}

// TestReloadReachesEveryInstance: two instances share a Redis; the
// button pressed on one reloads the other too, and staff on either see
// how it went on both.
func TestReloadReachesEveryInstance(t *testing.T) {
	client := redistest.Client(t)
	dir := contentDir(t)
	instance := func(name string) (Deps, *logBuffer) {
		d, logs := testDeps(t)
		withStaff(t, &d)
		reloadFrom(t, &d, dir)
		d.Sessions = session.NewRedis(client, "wz:s:")
		d.CSRFSecret = []byte("0123456789abcdef0123456789abcdef")
		d.ReloadBus = reload.NewRedisBus(client, "wz:reload")
		d.ReloadBoard = reload.NewRedisBoard(client, "wz:reload:last")
		d.Instance = name
		return d, logs
	}
	da, logsA := instance("portaal-a")
	db, logsB := instance("portaal-b")
	_, a := startSite(t, da)
	_, b := startSite(t, db)

	changeTexts(t, dir)
	anna := newBrowser(t, a.URL)
	signIn(t, anna, "anna")
	if r := anna.post("/nl/medewerker/inhoud", nil); r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "inhoud=geladen") {
		t.Fatalf("press on a: %d → %q", r.Status, r.Location)
	}
	waitFor(t, "instance b to show the new content", func() bool {
		return strings.Contains(newBrowser(t, b.URL).get("/api/v1/services?topic=money&lang=nl").Body, newService)
	})
	checkShown(t, contentShown(t, b.URL), true)
	checkShown(t, contentShown(t, a.URL), true)

	// Each instance reloaded once: a did not also take its own message.
	if n := strings.Count(logsA.String(), `"msg":"content reloaded"`); n != 1 {
		t.Errorf("instance a reloaded %d times", n)
	}
	if l := logsB.String(); strings.Count(l, `"msg":"content reloaded"`) != 1 || !strings.Contains(l, `"trigger":"peer"`) || !strings.Contains(l, `"from":"portaal-a"`) {
		t.Errorf("instance b's log does not show one reload from portaal-a:\n%s", l)
	}
	// Staff on b see both instances' outcomes.
	bert := newBrowser(t, b.URL)
	sec := sectionOf(signIn(t, bert, "bert").Body)
	for _, want := range []string{"portaal-a</bdi> · met de knop, door anna: <strong>gelukt", "portaal-b</bdi> · met de knop op portaal-a, door anna: <strong>gelukt"} {
		if !strings.Contains(sec, want) {
			t.Errorf("the staff page on b does not show %q:\n%s", want, sec)
		}
	}
}

// TestSessionAfterFlowChange: a resident's answers include options the
// new flow no longer has. After the reload their session still loads:
// the answers that fit stay, the others are dropped as from a shared
// link, and the resident is told and can answer again.
func TestSessionAfterFlowChange(t *testing.T) {
	d, _ := testDeps(t)
	dir := contentDir(t)
	reloadFrom(t, &d, dir)
	site, srv := startSite(t, d)
	nl := d.Content.Messages.Localizer("nl")

	b := newBrowser(t, srv.URL)
	r, _ := b.follow("/nl/uitkomst/gedeeld?who=carer&relation=other&topics=housing&housing_when=later&housing_what=falls.other&age=senior&place=9991AB")
	for _, want := range []string{"Iemand anders", "Minder kans om te vallen, Iets anders"} {
		if !strings.Contains(r.Body, want) {
			t.Fatalf("the results do not show the answer %q:\n%.3000s", want, r.Body)
		}
	}

	// The new flow has no "someone else" for whom a carer cares, and no
	// "something else" in housing.
	editContent(t, dir, "flow.yaml", "      - id: other\n        label: flow.relation.other\n", "")
	editContent(t, dir, "flow.yaml", "      - id: other\n        label: flow.housing_what.other\n", "")
	if o := site.Reload(t.Context(), reload.Request{Trigger: reload.Signal}); !o.OK() {
		t.Fatalf("reload: %v", o.Errors)
	}

	r = b.get("/nl/uitkomst")
	if r.Status != http.StatusOK {
		t.Fatalf("results after the reload: %d\n%.2000s", r.Status, r.Body)
	}
	if !strings.Contains(r.Body, html.EscapeString(nl.T("session.refitted"))) {
		t.Errorf("the resident is not told that answers no longer fit:\n%.2000s", r.Body)
	}
	if !strings.Contains(r.Body, "<dd>Minder kans om te vallen <a") {
		t.Errorf("the housing answer that still fits is gone:\n%.6000s", answersOf(r.Body))
	}
	// The question whose answer was dropped can be answered again.
	relation := "<dt>" + nl.T("flow.relation.text") + "</dt><dd><span class=\"hint\">" + nl.T("results.answers.skipped") + "</span>"
	if !strings.Contains(r.Body, relation) {
		t.Errorf("the carer's relation is not offered to answer again:\n%s", answersOf(r.Body))
	}
	// The message is shown once; the session is kept as fitted.
	if r := b.get("/nl/uitkomst"); r.Status != http.StatusOK || strings.Contains(r.Body, html.EscapeString(nl.T("session.refitted"))) {
		t.Errorf("second visit: %d, message shown again", r.Status)
	}
	if r := b.get("/nl/vraag/housing_what"); r.Status != http.StatusOK || !strings.Contains(r.Body, `value="falls" id="answer-2" checked`) {
		t.Errorf("the housing question lost the answer that fits: %d", r.Status)
	}
}

// answersOf is the results page's list of answers.
func answersOf(body string) string {
	if i := strings.Index(body, `id="h-answers"`); i >= 0 {
		body = body[i:]
	}
	if i := strings.Index(body, "</dl>"); i >= 0 {
		body = body[:i]
	}
	return body
}
