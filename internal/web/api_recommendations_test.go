package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// recommendations is the part of the API's answer the tests read.
type recommendations struct {
	Lang      string `json:"lang"`
	Topics    []string
	Urgent    []struct{ ID string } `json:"urgent"`
	Community []struct {
		Topic    string `json:"topic"`
		Services []struct {
			ID      string `json:"id"`
			Name    string `json:"name"`
			Reasons []struct {
				Question, Option, Text string
			} `json:"reasons"`
		} `json:"services"`
	} `json:"community"`
	Custom []struct {
		Services []struct{ ID string } `json:"services"`
	} `json:"custom"`
	Carer *struct {
		First    bool                  `json:"first"`
		Services []struct{ ID string } `json:"services"`
	} `json:"carer"`
	MaatwerkOpen bool   `json:"maatwerk_open"`
	Error        string `json:"error"`
}

// TestAPIRecommendations: the engine's advice for a share query, the same
// the results page shows; bad queries get a 400 in the language asked for.
func TestAPIRecommendations(t *testing.T) {
	d, _ := testDeps(t)
	app := newApp(t, d)
	get := func(q string) (int, recommendations) {
		t.Helper()
		res, err := app.Test(httptest.NewRequest(http.MethodGet, "/api/v1/recommendations?"+q, nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		var r recommendations
		if err := json.NewDecoder(res.Body).Decode(&r); err != nil {
			t.Fatalf("%s: not JSON: %v", q, err)
		}
		return res.StatusCode, r
	}

	const falls = "who=carer&relation=mother&topics=housing&housing_when=later&housing_what=falls&age=senior&place=9991AB"
	status, r := get("lang=nl&" + falls)
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, r.Error)
	}
	if len(r.Community) == 0 || r.Community[0].Topic != "housing" || len(r.Community[0].Services) == 0 {
		t.Fatalf("community %+v", r.Community)
	}
	first := r.Community[0].Services[0]
	if first.ID != "cursus-stevig-staan" || len(first.Reasons) == 0 || first.Reasons[0].Option != "falls" ||
		!strings.Contains(first.Reasons[0].Text, "vallen") {
		t.Errorf("first service %+v, want the falls course with the answer it matches", first)
	}
	if r.MaatwerkOpen || len(r.Custom) != 0 {
		t.Errorf("maatwerk open %v with %d groups before the resident said the help is not enough", r.MaatwerkOpen, len(r.Custom))
	}
	if r.Carer == nil || len(r.Carer.Services) == 0 {
		t.Error("no support for the carer")
	}

	// The page shows the same services, in the same order.
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	page, _ := b.follow("/nl/uitkomst/gedeeld?" + falls)
	local := page.Body[strings.Index(page.Body, `id="h-local"`):strings.Index(page.Body, `id="h-general"`)]
	var api []string
	for _, s := range r.Community[0].Services {
		api = append(api, s.ID)
	}
	if got := serviceIDs(local); !slices.Equal(got, api) {
		t.Errorf("page lists %v, API %v", got, api)
	}
	if !strings.Contains(local, "Omdat u zei: ") {
		t.Error("the cards do not say which answer they match")
	}

	// Not enough: maatwerk opens, custom services come.
	if _, r := get("lang=nl&enough=no&" + falls); !r.MaatwerkOpen || len(r.Custom) == 0 {
		t.Errorf("enough=no: maatwerk open %v, %d groups", r.MaatwerkOpen, len(r.Custom))
	}
	// The carer's answer on the results page.
	if _, r := get("lang=nl&carer_check=toomuch&" + falls); r.Carer == nil || !r.Carer.First {
		t.Error("carer_check=toomuch does not put the carer's support first")
	}
	// Danger: the crisis lines.
	if _, r := get("lang=nl&topics=safety&safety_what=violence&safety_now=now"); len(r.Urgent) == 0 {
		t.Error("no urgent lines for violence now")
	}

	for _, tc := range []struct{ query, lang, want string }{
		{"lang=pl&topics=money&nonsense=1", "pl", d.Content.Messages.Localizer("pl").T("api.error.query")},
		{"lang=en&topics=money&money_what=nonsense", "en", d.Content.Messages.Localizer("en").T("api.error.answers")},
		{"lang=nl&who=self", "nl", d.Content.Messages.Localizer("nl").T("api.error.topics_missing")},
		{"lang=nl&topics=money&enough=maybe", "nl", d.Content.Messages.Localizer("nl").T("api.error.query")},
		{"lang=nl&topics=money&carer_check=toomuch", "nl", d.Content.Messages.Localizer("nl").T("api.error.query")},
	} {
		status, r := get(tc.query)
		if status != http.StatusBadRequest || r.Error != tc.want || tc.want == "" {
			t.Errorf("%s: %d %q, want 400 %q", tc.query, status, r.Error, tc.want)
		}
	}
}

// TestResultsRenderTheEngine: the page's order and sections follow the
// engine: a carer for whom it is too much sees their own support before
// the advice for the person cared for; the maatwerk page has its contact
// button near the top; the summary's best match is the engine's.
func TestResultsRenderTheEngine(t *testing.T) {
	d, _ := testDeps(t)
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	const q = "who=carer&relation=mother&topics=housing.caregiving&housing_when=later&housing_what=falls&caregiving_load=toomuch&age=senior&place=9991AB"
	page, _ := b.follow("/nl/uitkomst/gedeeld?" + q)
	carer, self := strings.Index(page.Body, `id="mantelzorger"`), strings.Index(page.Body, `id="h-self"`)
	if carer < 0 || self < 0 || carer > self {
		t.Errorf("the carer's support (at %d) does not come before the lists (at %d)", carer, self)
	}
	more := strings.Index(page.Body, `<details class="more"><summary>Meer hulp in de buurt`)
	if more < 0 {
		t.Error("no disclosure with more help in the neighbourhood")
	}

	summary := b.get("/nl/uitkomst/overzicht")
	if !strings.Contains(summary.Body, "Cursus Stevig Staan") || strings.Contains(summary.Body, "Geheugencafé") {
		t.Error("the summary's best match is not the falls course, or shows the memory café")
	}

	b.post("/nl/uitkomst", map[string][]string{"enough": {"no"}})
	m := b.get("/nl/maatwerk")
	button, route := strings.Index(m.Body, `class="btn primary" href="/nl/contact"`), strings.Index(m.Body, `id="h-route"`)
	if button < 0 || route < 0 || button > route {
		t.Errorf("the contact button (at %d) is not above the route (at %d)", button, route)
	}
}
