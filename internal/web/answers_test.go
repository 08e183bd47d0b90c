package web

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// answersSection is the "Your answers" section of a results page.
func answersSection(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, `<section class="answers"`)
	if i < 0 {
		t.Fatalf("no answers section on the results:\n%.1500s", body)
	}
	end := strings.Index(body[i:], "</section>")
	return body[i : i+end]
}

// TestSkippedQuestionsOnResults: a question asked but skipped is on the
// list of answers, says it has no answer, and links to answering it,
// named for screen readers like the "Change" links; the staff panel at
// the desk lists it too.
func TestSkippedQuestionsOnResults(t *testing.T) {
	d, _ := testDeps(t)
	withStaff(t, &d)
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	walk(t, b, "nl", step{q: "who", vals: []string{"self"}}, step{q: "topics", vals: []string{"money"}})
	// Skip money_when, answer money_what, skip the rest.
	for _, s := range []struct{ q, answer string }{
		{"money_when", ""}, {"money_what", "debt"}, {"help_already", ""}, {"place", ""},
	} {
		form := url.Values{"action": {"skip"}}
		if s.answer != "" {
			form = url.Values{"action": {"next"}, "answer": {s.answer}}
		}
		b.get("/nl/vraag/" + s.q)
		b.post("/nl/vraag/"+s.q, form)
	}
	r, _ := b.follow("/nl/uitkomst")
	sec := answersSection(t, r.Body)
	for _, want := range []string{
		`<dt>Hoe dringend is het?</dt><dd><span class="hint">Niet beantwoord</span> <a href="/nl/vraag/money_when?van=uitkomst" class="change">Beantwoorden<span class="visually-hidden">: Hoe dringend is het?</span></a></dd>`,
		`<a href="/nl/vraag/place?van=uitkomst" class="change">Beantwoorden<span class="visually-hidden">: ` + html.EscapeString(d.Content.Messages.Localizer("nl").T("flow.place.text")),
		`Geld en schulden <a href="/nl/vraag/topics?van=uitkomst" class="change">Wijzigen<span class="visually-hidden">: `,
	} {
		if !strings.Contains(sec, want) {
			t.Errorf("answers lack\n%s\nin\n%s", want, sec)
		}
	}
	// In asking order, each question once.
	var order []string
	for _, m := range regexp.MustCompile(`href="/nl/vraag/([a-z_]+)\?`).FindAllStringSubmatch(sec, -1) {
		order = append(order, m[1])
	}
	if got, want := strings.Join(order, " "), "who topics money_when money_what help_already place"; got != want {
		t.Errorf("answers list %s, want %s", got, want)
	}

	// At the desk, with the staff member's panel in Dutch beside Arabic.
	_, res := deskAt(t, srv, "ar")
	i := strings.Index(res.Body, `class="staff-panel"`)
	if i < 0 {
		t.Fatal("no staff panel at the desk")
	}
	panel := res.Body[i:]
	if !strings.Contains(panel, `<dt>Hoe dringend is het?</dt><dd><span class="hint">Niet beantwoord</span></dd>`) {
		t.Errorf("the staff panel does not list the question without an answer:\n%s", panel)
	}
	if !strings.Contains(answersSection(t, res.Body), `href="/ar/balie/vraag/money_when?van=uitkomst"`) {
		t.Error("the desk's answers do not link to answering the question within the desk")
	}
}

// TestChangeFromResults: an answer changed from the results goes back to
// the results, unless it opens questions without an answer: those come
// first, and then the results. The way back survives a rejected answer
// and the language switch, and skipping goes back too.
func TestChangeFromResults(t *testing.T) {
	d, _ := testDeps(t)
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	walk(t, b, "nl",
		step{q: "who", vals: []string{"self"}},
		step{q: "topics", vals: []string{"money"}},
		step{q: "money_when", vals: []string{"month"}},
		step{q: "money_what", vals: []string{"bills"}},
		step{q: "help_already", vals: []string{"none"}},
		step{q: "place", form: url.Values{"village": {"heidehoek"}}},
	)
	// answer GETs a question from the results and answers it; it returns
	// where the answer leads.
	answer := func(path string, form url.Values) string {
		t.Helper()
		r := b.get(path)
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s: %d", path, r.Status)
		}
		r = b.post(path, form)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("POST %s: %d\n%.1500s", path, r.Status, r.Body)
		}
		return r.Location
	}

	// The question opened from the results goes back there.
	r := b.get("/nl/vraag/money_what?van=uitkomst")
	for _, want := range []string{
		`action="/nl/vraag/money_what?van=uitkomst"`,
		`<p class="back"><a href="/nl/uitkomst">`,
		`<a href="/en/vraag/money_what?van=uitkomst" hreflang="en"`,
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("question from the results lacks %q", want)
		}
	}
	// A rejected answer keeps the way back, in every language.
	r = b.post("/nl/vraag/money_what?van=uitkomst", url.Values{"action": {"next"}})
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("empty answer: %d", r.Status)
	}
	for _, want := range []string{
		`action="/nl/vraag/money_what?van=uitkomst"`,
		`<p class="back"><a href="/nl/uitkomst">`,
		`<a href="/en/vraag/money_what?van=uitkomst" hreflang="en"`,
		`<a href="/ar/vraag/money_what?van=uitkomst" hreflang="ar"`,
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("rejected answer from the results lacks %q", want)
		}
	}
	// The language switch keeps it too: the English page goes back.
	r = b.get("/en/vraag/money_what?van=uitkomst")
	if !strings.Contains(r.Body, `action="/en/vraag/money_what?van=uitkomst"`) || !strings.Contains(r.Body, `<p class="back"><a href="/en/uitkomst">`) {
		t.Error("the English page of a question from the results lost the way back")
	}
	if got := answer("/en/vraag/money_what?van=uitkomst", url.Values{"answer": {"bills", "debt"}}); got != "/en/uitkomst" {
		t.Errorf("changed answer in English went to %s, want the results", got)
	}
	// Without the marker the flow goes on as before.
	if got := answer("/nl/vraag/money_when", url.Values{"answer": {"bailiff"}}); got != "/nl/vraag/money_what" {
		t.Errorf("answer outside the way back went to %s", got)
	}
	// Skipping from the results goes back too.
	if got := answer("/nl/vraag/money_when?van=uitkomst", url.Values{"action": {"skip"}}); got != "/nl/uitkomst" {
		t.Errorf("skip from the results went to %s", got)
	}

	// Adding a topic opens its questions: those come first, one by one,
	// each going back to the results; then the results.
	got := answer("/nl/vraag/topics?van=uitkomst", url.Values{"answer": {"money", "care"}})
	if got != "/nl/vraag/care_what?nog=age.live_alone&van=uitkomst" {
		t.Fatalf("adding care went to %s, want its first question", got)
	}
	if r := b.get(got); !strings.Contains(r.Body, `<p class="back"><a href="/nl/uitkomst">`) {
		t.Error("a question opened by a change does not go back to the results")
	}
	if got = answer(got, url.Values{"answer": {"washing"}}); got != "/nl/vraag/age?nog=live_alone&van=uitkomst" {
		t.Fatalf("after care_what: %s", got)
	}
	if got = answer(got, url.Values{"action": {"skip"}}); got != "/nl/vraag/live_alone?van=uitkomst" {
		t.Fatalf("after skipping age: %s", got)
	}
	if got = answer(got, url.Values{"answer": {"alone"}}); got != "/nl/uitkomst" {
		t.Fatalf("after live_alone: %s, want the results", got)
	}
	// Removing a topic opens nothing.
	if got = answer("/nl/vraag/topics?van=uitkomst", url.Values{"answer": {"care"}}); got != "/nl/uitkomst" {
		t.Errorf("removing money went to %s, want the results", got)
	}
	// Adding it back: its questions kept their answers, but the one
	// skipped has none, so it comes again.
	if got = answer("/nl/vraag/topics?van=uitkomst", url.Values{"answer": {"care", "money"}}); got != "/nl/vraag/money_when?van=uitkomst" {
		t.Errorf("adding money back went to %s, want the question without an answer", got)
	}
	if got = answer("/nl/vraag/money_when?van=uitkomst", url.Values{"answer": {"calm"}}); got != "/nl/uitkomst" {
		t.Errorf("after money_when: %s, want the results", got)
	}
	res, _ := b.follow("/nl/uitkomst")
	if sec := answersSection(t, res.Body); !strings.Contains(sec, "Verzorging en gezondheid") || !strings.Contains(sec, `href="/nl/vraag/age?van=uitkomst" class="change">Beantwoorden`) {
		t.Errorf("the results do not show the changes:\n%s", sec)
	}
}

// TestSharedLinkKeepsWhatFits: a link with one topic that does not exist
// keeps the others, and says some answers could not be used.
func TestSharedLinkKeepsWhatFits(t *testing.T) {
	d, _ := testDeps(t)
	srv := startServer(t, d)
	r, final := newBrowser(t, srv.URL).follow("/nl/uitkomst/gedeeld?topics=money.nonsense.care")
	if final != "/nl/uitkomst" {
		t.Fatalf("the link lands on %s", final)
	}
	if !strings.Contains(r.Body, html.EscapeString(d.Content.Messages.Localizer("nl").T("share.partly"))) {
		t.Error("the results do not say an answer could not be used")
	}
	if sec := answersSection(t, r.Body); !strings.Contains(sec, "Geld en schulden, Verzorging en gezondheid <a") {
		t.Errorf("the topics money and care did not come along:\n%s", sec)
	}
}
