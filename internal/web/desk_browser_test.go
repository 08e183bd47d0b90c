package web

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/outcomes"
)

// TestDeskInBrowser: a staff member and a resident at the desk in one
// Chromium, the resident's phone in another. The desk signs in, goes
// through the flow in Arabic with Dutch beside it, and hands over; the
// phone opens the answers from the code; the desk, back button included,
// no longer shows them. Then "Next resident" on a second walk, and the
// staff member's inbox. Every page passes the accessibility checks.
func TestDeskInBrowser(t *testing.T) {
	t.Parallel() // a tab of its own in the shared browser
	d, _ := testDeps(t)
	withStaff(t, &d)
	// Reloading the content from the inbox finds an error, so the page
	// lists it.
	d.LoadRegion = func() (*content.Region, error) {
		return nil, content.Problems{{File: "catalog/services-money.yaml", Item: "service geldmaatje-beekdal-noord-en-zuid",
			Msg: `unknown location "nowhere-buurthuis-de-klinker-in-het-centrum-van-beekdal"`}}
	}
	// A week of outcome counts for the insights page.
	counts := outcomes.NewMemory()
	d.Outcomes = outcomes.NewRecorder(counts, d.Log)
	t.Cleanup(d.Outcomes.Close)
	seedWeek(t, counts, d.Now())
	srv := startServer(t, d)
	money := d.Content.Messages.Localizer("ar").T("topic.money")
	id := requestFrom(t, d, srv, "Fatima Yilmaz")

	desk := newAuditor(t, chromium(t), srv.URL, "ar")
	desk.goTo("/balie/")
	if loc := desk.location(); loc != "/ar/medewerker/inloggen" {
		t.Fatalf("the desk without sign-in is at %s", loc)
	}
	desk.submit(chromedp.SetValue("#name", "anna", chromedp.ByID), chromedp.SetValue("#password", "fout", chromedp.ByID),
		chromedp.Click(`form.signin button[type=submit]`, chromedp.ByQuery))
	desk.check("sign-in with error")
	desk.submit(chromedp.SetValue("#password", staffPassword, chromedp.ByID), chromedp.Click(`form.signin button[type=submit]`, chromedp.ByQuery))
	if loc := desk.location(); loc != "/ar/balie/" {
		t.Fatalf("after sign-in the desk is at %s", loc)
	}
	desk.check("desk start")
	desk.screenshot("desk-start-ar", 1280)

	walkDesk := func() {
		desk.submit(chromedp.Click(`.desk-go a`, chromedp.ByQuery))
		desk.check("desk question")
		desk.screenshot("desk-question-ar", 1280)
		desk.screenshot("desk-question-ar-390", 390)
		desk.submit(choose("self"), chromedp.Click(`button[value=next]`, chromedp.ByQuery))
		desk.submit(choose("money"), chromedp.Click(`button[value=next]`, chromedp.ByQuery))
		desk.check("desk question after topics")
		desk.goTo("/balie/uitkomst")
	}
	walkDesk()
	desk.check("desk results")
	desk.screenshot("desk-results-ar", 1280)
	var results string
	desk.run(chromedp.Text("main", &results, chromedp.ByQuery))
	if !strings.Contains(results, money) || !strings.Contains(results, "Voor de medewerker") {
		t.Fatalf("desk results lack the need or the staff panel:\n%.1500s", results)
	}

	desk.submit(chromedp.Click(`#meegeven button[type=submit]`, chromedp.ByQuery))
	desk.check("hand-over")
	desk.screenshot("desk-handover-ar", 1280)
	desk.screenshot("desk-handover-ar-390", 390)
	var code string
	desk.run(chromedp.Text("#handover-code", &code, chromedp.ByID))
	code = strings.ReplaceAll(code, " ", "")
	if len(code) != ResumeCodeLen {
		t.Fatalf("hand-over code %q", code)
	}

	// The resident's phone: a browser of its own, opening what the QR code holds.
	phone := newAuditor(t, chromium(t), srv.URL, "ar")
	phone.goTo("/code?c=" + code)
	phone.check("code from the desk")
	phone.submit(chromedp.Click(`main form button[type=submit]`, chromedp.ByQuery))
	if loc := phone.location(); loc != "/ar/uitkomst" {
		t.Fatalf("the phone is at %s", loc)
	}
	phone.run(chromedp.Text("main", &results, chromedp.ByQuery))
	if !strings.Contains(results, money) {
		t.Errorf("the phone's results lack %q", money)
	}
	phone.screenshot("phone-after-handover-ar", 390)

	// The desk: back to the results, and reloaded.
	var text string
	desk.run(chromedp.NavigateBack(), chromedp.Sleep(300*time.Millisecond), chromedp.Reload(), chromedp.Text("main", &text, chromedp.ByQuery))
	if strings.Contains(text, money) {
		t.Errorf("the desk shows the resident's answers after the hand-over:\n%.800s", text)
	}
	desk.goTo("/balie/uitkomst")
	desk.run(chromedp.Text("main", &text, chromedp.ByQuery))
	if strings.Contains(text, money) {
		t.Error("the desk's results page shows the answers after the hand-over")
	}

	// The next resident, and the back button after.
	desk.goTo("/balie/")
	walkDesk()
	desk.submit(chromedp.Click(`#desk-next button`, chromedp.ByQuery))
	if loc := desk.location(); loc != "/nl/balie/" {
		t.Errorf("after Next resident the desk is at %s", loc)
	}
	desk.lang = "nl" // the next resident starts in the staff member's language
	desk.check("desk start, wiped")
	desk.run(chromedp.NavigateBack(), chromedp.Sleep(300*time.Millisecond), chromedp.Text("main", &text, chromedp.ByQuery))
	if strings.Contains(text, money) {
		t.Errorf("the back button shows the previous resident:\n%.800s", text)
	}

	// The staff member's inbox, after a request made at the desk.
	desk.lang = "ar"
	desk.goTo("/medewerker/aanvragen")
	desk.check("inbox")
	desk.screenshot("inbox-ar", 1280)
	desk.submit(chromedp.Click(`table.inbox a`, chromedp.ByQuery))
	if loc := desk.location(); loc != "/ar/medewerker/aanvragen/"+id {
		t.Fatalf("the inbox's link went to %s", loc)
	}
	desk.check("request")
	desk.submit(chromedp.Click(`.actions button`, chromedp.ByQuery))
	desk.check("request, claimed")
	desk.screenshot("request-ar", 1280)

	// Reloading the content: the outcome and its error on the inbox.
	desk.goTo("/medewerker/aanvragen")
	desk.submit(chromedp.Click(`#inhoud button[type=submit]`, chromedp.ByQuery))
	if loc := desk.location(); loc != "/ar/medewerker/aanvragen" {
		t.Fatalf("after reloading the content the staff member is at %s", loc)
	}
	desk.check("inbox, content reload failed")

	// The insights of the seeded week, in Dutch and in Arabic.
	for _, lang := range []string{"nl", "ar"} {
		desk.lang = lang
		desk.goTo("/medewerker/inzichten")
		desk.check("insights")
		desk.screenshot("insights-"+lang, 1280)
		desk.screenshot("insights-"+lang+"-390", 390)
	}
}

// TestDeskIdleInBrowser: left alone, the desk screen warns and then
// wipes itself, without anyone pressing a button.
func TestDeskIdleInBrowser(t *testing.T) {
	t.Parallel() // a tab of its own in the shared browser
	d, _ := testDeps(t)
	withStaff(t, &d)
	cfg := *d.Config
	cfg.DeskIdle = 3 * time.Second
	d.Config = &cfg
	srv := startServer(t, d)
	desk := newAuditor(t, chromium(t), srv.URL, "nl")
	desk.goTo("/medewerker/inloggen")
	desk.submit(chromedp.SetValue("#name", "anna", chromedp.ByID), chromedp.SetValue("#password", staffPassword, chromedp.ByID),
		chromedp.Click(`form.signin button[type=submit]`, chromedp.ByQuery))
	desk.goTo("/balie/vraag/who")
	desk.run(chromedp.WaitVisible("#desk-idle", chromedp.ByID))
	desk.screenshot("desk-idle-warning-nl", 1280)
	var loc string
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(loc, "gewist=1") && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
		desk.run(chromedp.Location(&loc))
	}
	if !strings.Contains(loc, "/nl/balie/?gewist=1") {
		t.Errorf("the idle desk screen is at %s, want the wiped start", loc)
	}
}
