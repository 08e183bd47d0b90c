package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/codes"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/redistest"
)

// step is one answer in a walk through the flow.
type step struct {
	q    string
	vals []string
	form url.Values // extra fields, e.g. the place question's postcode
}

// walk answers the steps in order, as a resident clicks through them,
// and returns the results page.
func walk(t *testing.T, b *browser, lang string, steps ...step) resp {
	t.Helper()
	next := "/" + lang + "/vraag/" + steps[0].q
	for _, s := range steps {
		if want := "/" + lang + "/vraag/" + s.q; next != want {
			t.Fatalf("after the previous answer the flow went to %s, want %s", next, want)
		}
		if r := b.get(next); r.Status != http.StatusOK {
			t.Fatalf("GET %s: %d", next, r.Status)
		}
		form := url.Values{"action": {"next"}, "answer": s.vals}
		for k, v := range s.form {
			form[k] = v
		}
		r := b.post(next, form)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("POST %s: %d\n%.1500s", next, r.Status, r.Body)
		}
		next = r.Location
	}
	r, _ := b.follow(next)
	return r
}

// carerSteps: a carer looking for their mother, who lives alone in
// Heidehoek and needs help with care and the household.
var carerSteps = []step{
	{q: "who", vals: []string{"carer"}},
	{q: "relation", vals: []string{"mother"}},
	{q: "topics", vals: []string{"care", "household"}},
	{q: "care_what", vals: []string{"memory"}},
	{q: "household_what", vals: []string{"meals"}},
	{q: "age", vals: []string{"senior"}},
	{q: "live_alone", vals: []string{"alone"}},
	{q: "place", form: url.Values{"village": {"heidehoek"}}},
}

var (
	h1Re      = regexp.MustCompile(`(?s)<h1[^>]*>(.*?)</h1>`)
	serviceRe = regexp.MustCompile(`<article class="service[^"]*" aria-labelledby="s-([^"]+)"`)
	shareRe   = regexp.MustCompile(`id="share-url" type="url" readonly value="([^"]+)"`)
	codeRe    = regexp.MustCompile(`<strong class="code" dir="ltr">([^<]+)</strong>`)
)

func h1(body string) string {
	m := h1Re.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(m[1], ""))
}

func serviceIDs(body string) []string {
	var ids []string
	for _, m := range serviceRe.FindAllStringSubmatch(body, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// TestCarerQuestionsNameThePerson: in every locale, once a carer says
// whom they care for, the questions and first-person answers name that
// person, and the results speak about them too.
func TestCarerQuestionsNameThePerson(t *testing.T) {
	d, _ := testDeps(t)
	srv := startServer(t, d)
	for _, lang := range d.Content.Messages.Langs() {
		t.Run(lang, func(t *testing.T) {
			b := newBrowser(t, srv.URL)
			l := d.Content.Messages.Localizer(lang)
			mother := d.Content.Flow.Question(flow.RelationQuestion).Option("mother")
			person := d.Content.Person(l, flow.Outcome{Who: flow.Carer, Relation: mother})
			names := func(s string) bool {
				s = strings.ToLower(s)
				for _, k := range []string{"Person", "PersonOf"} {
					if strings.Contains(s, strings.ToLower(person[k].(string))) {
						return true
					}
				}
				return false
			}
			walk(t, b, lang, carerSteps[:3]...)
			for _, q := range []string{"care_what", "live_alone", "place"} {
				r := b.get("/" + lang + "/vraag/" + q)
				if got := h1(r.Body); !names(got) {
					t.Errorf("%s: %q does not name %q", q, got, person["Person"])
				}
			}
			// A first-person answer turns into one about the person.
			b.get("/" + lang + "/vraag/topics")
			b.post("/"+lang+"/vraag/topics", url.Values{"answer": {"money"}})
			r := b.get("/" + lang + "/vraag/money_when")
			want := html.EscapeString(d.Content.OptionLabel(l, d.Content.Flow.Question("money_when").Option("nofood"), flow.Outcome{Who: flow.Carer, Relation: mother}))
			if !strings.Contains(r.Body, want) || !names(html.UnescapeString(want)) {
				t.Errorf("money_when does not offer %q", want)
			}
			r, _ = b.follow("/" + lang + "/uitkomst")
			if got := h1(r.Body); !names(got) {
				t.Errorf("results heading %q does not name %q", got, person["Person"])
			}
		})
	}
}

// TestCarerSupportOnResults: beside the advice for the person cared for,
// a carer gets support for themselves, and their answer to "how are you
// holding up?" changes what comes first.
func TestCarerSupportOnResults(t *testing.T) {
	d, _ := testDeps(t)
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	r := walk(t, b, "nl", carerSteps...)
	if !strings.Contains(r.Body, `id="mantelzorger"`) || !strings.Contains(r.Body, "Steun voor uzelf als mantelzorger") {
		t.Fatalf("no support for the carer on the results:\n%.3000s", r.Body)
	}
	carerPart := r.Body[strings.Index(r.Body, `id="mantelzorger"`):]
	carerPart = carerPart[:strings.Index(carerPart, "</section>")]
	own := serviceIDs(carerPart)
	for _, id := range []string{"mantelzorgconsulent", "respijtzorg", "mantelzorgwaardering"} {
		if !slices.Contains(own, id) {
			t.Errorf("carer support lacks %s: %v", id, own)
		}
	}
	for _, id := range own {
		if strings.Count(r.Body, `aria-labelledby="s-`+id+`"`) != 1 {
			t.Errorf("%s shows twice on the page", id)
		}
	}

	// No choice: the same page, with an error on the check.
	r = b.post("/nl/uitkomst/mantelzorger", url.Values{})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="carer-error"`) {
		t.Errorf("an empty check: %d, want 422 with an error on the check", r.Status)
	}
	r = b.post("/nl/uitkomst/mantelzorger", url.Values{"answer": {"toomuch"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("check: %d", r.Status)
	}
	r, _ = b.follow("/nl/uitkomst")
	l := d.Content.Messages.Localizer("nl")
	if advice := l.T("flow.caregiving_load.toomuch.advice"); !strings.Contains(r.Body, html.EscapeString(advice)) {
		t.Errorf("the advice for 'too much' is not shown")
	}
	carerPart = r.Body[strings.Index(r.Body, `id="mantelzorger"`):]
	if own := serviceIDs(carerPart[:strings.Index(carerPart, "</section>")]); !slices.Contains(own, "respijtzorg") {
		t.Errorf("'too much' does not offer respite care: %v", own)
	}

	// A resident looking for themselves sees none of it.
	self := newBrowser(t, srv.URL)
	r = walk(t, self, "nl", step{q: "who", vals: []string{"self"}}, step{q: "topics", vals: []string{"care"}})
	if strings.Contains(r.Body, `id="mantelzorger"`) {
		t.Error("a resident looking for themselves gets the carer's part")
	}
}

// TestShareLinkRoundTrip: the link on the results holds the answers and
// nothing personal, and opens the same results in another browser and in
// another language.
func TestShareLinkRoundTrip(t *testing.T) {
	d, _ := testDeps(t)
	srv := startServer(t, d)
	a := newBrowser(t, srv.URL)
	results := walk(t, a, "nl", carerSteps...)
	// A contact request's details must never reach the link.
	a.get("/nl/contact")
	a.post("/nl/contact", url.Values{"name": {"Fenna Jansen"}, "phone": {"0000 123 456"}, "time": {"any"}, "consent": {"yes"}})
	results, _ = a.follow("/nl/uitkomst")
	m := shareRe.FindStringSubmatch(results.Body)
	if m == nil {
		t.Fatal("no share link on the results")
	}
	link := html.UnescapeString(m[1])
	if !strings.HasPrefix(link, srv.URL+"/nl/uitkomst/gedeeld?") {
		t.Fatalf("share link %s", link)
	}
	// The server's port may hold "123"; what the link carries is after it.
	for _, secret := range []string{"Fenna", "Jansen", "123", "456"} {
		if strings.Contains(strings.TrimPrefix(link, srv.URL), secret) {
			t.Errorf("the share link %s contains %q", link, secret)
		}
	}
	if !strings.Contains(results.Body, `<svg class="qr"`) {
		t.Error("no QR code on the results")
	}
	path := strings.TrimPrefix(link, srv.URL)

	b := newBrowser(t, srv.URL)
	r, final := b.follow(path)
	if final != "/nl/uitkomst" {
		t.Errorf("the link lands on %s", final)
	}
	if got, want := serviceIDs(r.Body), serviceIDs(results.Body); !slices.Equal(got, want) {
		t.Errorf("other browser sees\n%v\nwant\n%v", got, want)
	}
	// In English, for a sibling who reads English better.
	c := newBrowser(t, srv.URL)
	r, _ = c.follow(strings.Replace(path, "/nl/", "/en/", 1))
	if got := h1(r.Body); got != "Help for your mother" {
		t.Errorf("English heading %q", got)
	}
	if got, want := serviceIDs(r.Body), serviceIDs(results.Body); !slices.Equal(got, want) {
		t.Errorf("English results differ:\n%v\nwant\n%v", got, want)
	}
	// The opened results belong to the new browser: answers can change.
	if r := c.get("/en/vraag/age"); r.Status != http.StatusOK || !strings.Contains(r.Body, `value="senior" id="answer-2" checked`) {
		t.Errorf("the answers did not come along: %d", r.Status)
	}

	// A broken or outdated link says so, in the resident's language.
	r, final = newBrowser(t, srv.URL).follow("/en/uitkomst/gedeeld?who=nobody")
	if final != "/en/" || !strings.Contains(r.Body, html.EscapeString(d.Content.Messages.Localizer("en").T("share.broken"))) {
		t.Errorf("a broken link lands on %s without saying why", final)
	}
	r, _ = newBrowser(t, srv.URL).follow("/nl/uitkomst/gedeeld?who=self&topics=care.gardening&place=place:nowhere")
	if !strings.Contains(r.Body, html.EscapeString(d.Content.Messages.Localizer("nl").T("share.broken"))) &&
		!strings.Contains(r.Body, html.EscapeString(d.Content.Messages.Localizer("nl").T("share.partly"))) {
		t.Error("a link with answers that no longer fit says nothing")
	}
}

// TestResumeCode: a carer makes a code, reads it out, and someone else
// types it (in their own way) and sees the same results. A code that
// lives a week has 8 characters, shown in two halves; one of 6 made
// before still works. Codes expire, and wrong codes are limited per
// address. Against a real Redis.
func TestResumeCode(t *testing.T) {
	d, _ := testDeps(t)
	client := redistest.Client(t)
	d.Codes = codes.NewRedis(client, "wz:rc:", ResumeCodeLen)
	srv := startServer(t, d)
	a := newBrowser(t, srv.URL)
	results := walk(t, a, "nl", carerSteps...)
	r := a.post("/nl/uitkomst/code", nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("make code: %d", r.Status)
	}
	page, _ := a.follow("/nl/uitkomst")
	m := codeRe.FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatalf("no code on the results")
	}
	code := m[1]
	if half, rest, _ := strings.Cut(code, " "); len(half) != 4 || len(rest) != 4 {
		t.Errorf("a code that lives 7 days shows as %q, want 8 characters in two groups of 4", code)
	}
	if !strings.Contains(page.Body, "1 december 2026") {
		t.Errorf("the code's last day (7 days from 24 November) is not shown")
	}
	// Asking again gives the same code for the same answers.
	a.post("/nl/uitkomst/code", nil)
	if again, _ := a.follow("/nl/uitkomst"); !strings.Contains(again.Body, code) {
		t.Error("a second click made a different code")
	}

	// Changing an answer retires the code from the page: it was made for
	// the old answers.
	a.get("/nl/vraag/age")
	a.post("/nl/vraag/age", url.Values{"answer": {"adult"}})
	if changed, _ := a.follow("/nl/uitkomst"); strings.Contains(changed.Body, code) {
		t.Error("the code for the old answers still shows after an answer changed")
	}

	// A code of 6 made before codes got longer works until it expires.
	if err := client.Set(context.Background(), "wz:rc:K7M4PX", "who=self&topics=money", time.Hour).Err(); err != nil {
		t.Fatal(err)
	}
	for _, typed := range []string{code, strings.ToLower(strings.ReplaceAll(code, " ", "-")), strings.ReplaceAll(code, " ", ""), "k7m 4px"} {
		b := newBrowser(t, srv.URL)
		b.get("/en/code")
		r = b.post("/en/code", url.Values{"code": {typed}})
		if r.Status != http.StatusSeeOther || r.Location != "/en/uitkomst" {
			t.Fatalf("code %q: %d → %s\n%.1000s", typed, r.Status, r.Location, r.Body)
		}
		got, _ := b.follow("/en/uitkomst")
		if typed == "k7m 4px" {
			if !strings.Contains(got.Body, `id="h-self"`) {
				t.Errorf("the old code of 6 opens no results")
			}
			continue
		}
		if !slices.Equal(serviceIDs(got.Body), serviceIDs(results.Body)) {
			t.Errorf("code %q opens other results", typed)
		}
	}

	en := d.Content.Messages.Localizer("en")
	b := newBrowser(t, srv.URL)
	b.get("/en/code")
	for _, tc := range []struct{ typed, msg string }{
		{"", "code.error.empty"},
		{"K0M 4P", "code.error.format"},
		{"K7M4 PX9", "code.error.format"},
		{"ZZZ ZZZ", "code.error.unknown"},
		{"ZZZZ ZZZZ", "code.error.unknown"},
	} {
		r = b.post("/en/code", url.Values{"code": {tc.typed}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, html.EscapeString(en.T(tc.msg))) {
			t.Errorf("%q: %d, want 422 with %q", tc.typed, r.Status, en.T(tc.msg))
		}
		if tc.typed != "" && !strings.Contains(r.Body, `value="`+tc.typed+`"`) {
			t.Errorf("%q is not kept in the field", tc.typed)
		}
	}

	// Expiry: a code made with a short life stops working.
	d.Config.ResumeCodeTTL = 300 * time.Millisecond
	short := newBrowser(t, srv.URL)
	walk(t, short, "nl", step{q: "who", vals: []string{"self"}}, step{q: "topics", vals: []string{"money"}})
	short.get("/nl/uitkomst")
	short.post("/nl/uitkomst/code", nil)
	page, _ = short.follow("/nl/uitkomst")
	m = codeRe.FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatal("no short-lived code")
	}
	if len(strings.ReplaceAll(m[1], " ", "")) != codes.Short {
		t.Errorf("a resume code that lives less than a day: %q, want %d characters", m[1], codes.Short)
	}
	time.Sleep(500 * time.Millisecond)
	r = b.post("/en/code", url.Values{"code": {m[1]}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, html.EscapeString(en.T("code.error.unknown"))) {
		t.Errorf("an expired code: %d", r.Status)
	}
}

// TestResumeCodeLimit: after too many wrong codes from one address the
// form says to wait, in the resident's language, even for a right code.
func TestResumeCodeLimit(t *testing.T) {
	d, _ := testDeps(t)
	d.Codes = codes.NewMemory(ResumeCodeLen)
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	b.get("/pl/code")
	for range codeTries {
		if r := b.post("/pl/code", url.Values{"code": {"ZZZZZZ"}}); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong code: %d", r.Status)
		}
	}
	code, err := d.Codes.Put(context.Background(), []byte("who=self&topics=money"), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	r := b.post("/pl/code", url.Values{"code": {code}})
	msg := d.Content.Messages.Localizer("pl").T("code.error.too_often")
	if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, html.EscapeString(msg)) {
		t.Errorf("after %d wrong codes: %d, want 429 with %q", codeTries, r.Status, msg)
	}
}

// failingCodes is a code store whose backend does not answer.
type failingCodes struct{}

func (failingCodes) Put(context.Context, []byte, time.Duration) (string, error) { return "", errDown }
func (failingCodes) Get(context.Context, string) ([]byte, error)                { return nil, errDown }
func (failingCodes) Take(context.Context, string) ([]byte, error)               { return nil, errDown }
func (failingCodes) Wrong(context.Context, time.Time) (int64, error)            { return 0, errDown }

// TestCodesDown: without the code store the results still show, with a
// message, and typing a code says to try again later.
func TestCodesDown(t *testing.T) {
	d, _ := testDeps(t)
	d.Codes = failingCodes{}
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	walk(t, b, "nl", step{q: "who", vals: []string{"self"}}, step{q: "topics", vals: []string{"money"}})
	b.get("/nl/uitkomst")
	r := b.post("/nl/uitkomst/code", nil)
	nl := d.Content.Messages.Localizer("nl")
	if r.Status != http.StatusServiceUnavailable || !strings.Contains(r.Body, html.EscapeString(nl.T("share.code_unavailable"))) || !strings.Contains(r.Body, `id="h-self"`) {
		t.Errorf("make code with the store down: %d", r.Status)
	}
	b.get("/nl/code")
	r = b.post("/nl/code", url.Values{"code": {"ABC DEF"}})
	if r.Status != http.StatusServiceUnavailable || !strings.Contains(r.Body, html.EscapeString(nl.T("code.error.unavailable"))) {
		t.Errorf("use code with the store down: %d", r.Status)
	}
}
