package web

import (
	"bytes"
	"context"
	"html"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestSummaryContent: the summary holds what a conversation with the
// municipality needs: the needs and answers, what was tried, the chosen
// services with address and hours, the Wmo route with its dates counted
// from the melding, and the way back online.
func TestSummaryContent(t *testing.T) {
	d, _ := testDeps(t)
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	walk(t, b, "nl", carerSteps...)

	// Before choosing, the summary suggests services and leaves the Wmo
	// route short: the resident has not said the help is not enough.
	r, _ := b.follow("/nl/uitkomst/overzicht")
	if r.Status != http.StatusOK {
		t.Fatalf("summary: %d", r.Status)
	}
	nl := d.Content.Messages.Localizer("nl")
	for _, want := range []string{"Overzicht: hulp voor uw moeder", nl.T("summary.suggested"), nl.T("summary.not_enough"),
		"Woont uw moeder alleen?", "Heidehoek", `<svg class="qr"`} {
		if !strings.Contains(r.Body, html.EscapeString(want)) && !strings.Contains(r.Body, want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	if strings.Contains(r.Body, nl.T("summary.date.research")) {
		t.Error("the Wmo deadlines show before the resident asked for more help")
	}

	// Choose one service to use and one already tried; an id from
	// elsewhere is ignored.
	r = b.post("/nl/uitkomst/overzicht", url.Values{"use": {"samen-eten", "not-a-service"}, "tried": {"ouderenadviseur"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("pick: %d\n%.800s", r.Status, r.Body)
	}
	// Not enough, and a contact request: the melding.
	b.get("/nl/uitkomst")
	b.post("/nl/uitkomst", url.Values{"enough": {"no"}})
	b.get("/nl/contact")
	if r := b.post("/nl/contact", url.Values{"name": {"Fenna"}, "phone": {"0000 123 456"}, "time": {"any"}, "consent": {"yes"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("contact: %d", r.Status)
	}
	r, _ = b.follow("/nl/uitkomst/overzicht")
	use := section(r.Body, "h-s-use")
	if !strings.Contains(use, nl.T("summary.use")) || strings.Count(use, `class="summary-service"`) != 1 {
		t.Errorf("the chosen service is not the only one listed:\n%s", use)
	}
	svc := d.Content.Catalog.Service("samen-eten")
	if svc == nil {
		t.Fatal("demo service samen-eten is gone")
	}
	name, _ := svc.Name.In("nl")
	if !strings.Contains(use, html.EscapeString(name)) {
		t.Errorf("chosen service %q is missing", name)
	}
	if !regexp.MustCompile(`<p>[^<]+, [A-Z][a-z]+</p>`).MatchString(use) {
		t.Errorf("no address with its village:\n%s", use)
	}
	if !regexp.MustCompile(`\d{1,2}[.:]\d\d`).MatchString(use) {
		t.Errorf("no opening hours:\n%s", use)
	}
	if tried := section(r.Body, "h-s-tried"); !strings.Contains(tried, "Ouderenadviseur") {
		t.Errorf("tried service missing:\n%s", tried)
	}
	if strings.Contains(r.Body, "not-a-service") {
		t.Error("an unknown id was kept")
	}
	// The melding was made on Tuesday 24 November 2026 (the test clock):
	// personal plan within 7 days, research within 6 weeks.
	gemeente := section(r.Body, "h-s-gemeente")
	for _, want := range []string{"24 november 2026", "1 december 2026", "5 januari 2027",
		nl.T("maatwerk.rights.clientondersteuner"), nl.T("maatwerk.rights.bring"), nl.T("summary.late.research"), nl.T("summary.late.decision")} {
		if !strings.Contains(gemeente, html.EscapeString(want)) {
			t.Errorf("the part about the municipality lacks %q", want)
		}
	}
}

// section returns the <section> whose heading has id.
func section(body, id string) string {
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(body[:i], "<section")
	end := strings.Index(body[i:], "</section>")
	return body[start : i+end]
}

// TestSummaryPrintsOnOnePage prints the summary of a carer with two needs
// to PDF on A4, as a resident would from the browser, and counts pages.
func TestSummaryPrintsOnOnePage(t *testing.T) {
	t.Parallel() // a tab of its own in the shared browser
	d, _ := testDeps(t)
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	walk(t, b, "nl", carerSteps...)
	results, _ := b.follow("/nl/uitkomst")
	link := html.UnescapeString(shareRe.FindStringSubmatch(results.Body)[1])

	for _, lang := range []string{"nl", "ar"} {
		ctx := chromium(t)
		var pdf []byte
		err := chromedp.Run(ctx,
			chromedp.Navigate(strings.Replace(link, "/nl/", "/"+lang+"/", 1)),
			chromedp.WaitVisible("#h-self", chromedp.ByID),
			// "Not enough": the summary then explains the Wmo route in
			// full, its longest form.
			chromedp.Click("#enough-no", chromedp.ByID),
			chromedp.Submit("#enough-no", chromedp.ByID),
			chromedp.WaitVisible("#h-route", chromedp.ByID), // the maatwerk page
			chromedp.Navigate(srv.URL+"/"+lang+"/uitkomst/overzicht"),
			chromedp.WaitVisible("#h-summary", chromedp.ByID),
			chromedp.WaitVisible("#h-s-gemeente + p", chromedp.ByQuery),
			chromedp.ActionFunc(func(ctx context.Context) error {
				var err error
				pdf, _, err = cdppage.PrintToPDF().WithPreferCSSPageSize(true).WithPrintBackground(true).Do(ctx)
				return err
			}),
		)
		if err != nil {
			t.Fatal(err)
		}
		pages := bytes.Count(pdf, []byte("/Type /Page")) - bytes.Count(pdf, []byte("/Type /Pages"))
		if pages != 1 {
			t.Errorf("%s: the summary prints on %d A4 pages, want 1", lang, pages)
		}
		if dir := t.ArtifactDir(); dir != "" {
			_ = os.WriteFile(filepath.Join(dir, "summary-"+lang+".pdf"), pdf, 0o644)
		}
	}
}
