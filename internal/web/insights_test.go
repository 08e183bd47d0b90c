package web

import (
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/outcomes"
)

// seedWeek writes a week of counts, ending on the test clock's day:
// money in Beekdal-Centrum mostly enough in the neighbourhood, housing in
// Heidehoek mostly not enough, a few sessions in Arabic and at the desk.
func seedWeek(t *testing.T, store outcomes.Store, end time.Time) {
	t.Helper()
	for i := range 7 {
		day := end.AddDate(0, 0, -i).Format(outcomes.DayFormat)
		var incs []outcomes.Inc
		for range 4 {
			incs = append(incs, outcomes.Enough("money", "beekdal-centrum", "community", "yes"), outcomes.Started(outcomes.Flow, "nl"))
		}
		incs = append(incs, outcomes.Enough("money", "beekdal-centrum", "general", "yes"))
		for range 2 {
			incs = append(incs, outcomes.Enough("housing", "heidehoek", "general", "no"), outcomes.Need("housing", "heidehoek"))
		}
		incs = append(incs, outcomes.Enough("housing", "heidehoek", "general", "yes"), outcomes.Started(outcomes.Chat, "ar"))
		if i == 0 {
			incs = append(incs, outcomes.Started(outcomes.Desk, "nl"), outcomes.Contact("housing"))
		}
		incs = append(incs, outcomes.Answered("", "topics")...)
		incs = append(incs, outcomes.Answered("", "place")...)
		incs = append(incs, outcomes.Answered("", "place")...)
		if err := store.Add(context.Background(), day, incs); err != nil {
			t.Fatal(err)
		}
	}
}

// TestInsights: a seeded week shows its figures on the staff's insights
// page and in the CSV, every figure under 5 as "<5"; only staff see it;
// a bad period says so; counts that cannot be read degrade the page.
func TestInsights(t *testing.T) {
	d, _ := testDeps(t)
	withStaff(t, &d)
	store := outcomes.NewMemory()
	d.Outcomes = outcomes.NewRecorder(store, d.Log)
	defer d.Outcomes.Close()
	seedWeek(t, store, d.Now())
	srv := startServer(t, d)

	anon := newBrowser(t, srv.URL)
	if r := anon.get("/nl/medewerker/inzichten"); r.Status != http.StatusSeeOther && !strings.Contains(r.Body, "inloggen") {
		t.Errorf("without signing in: %d", r.Status)
	}

	b := newBrowser(t, srv.URL)
	signIn(t, b, "anna")
	r := b.get("/nl/medewerker/inzichten")
	if r.Status != http.StatusOK {
		t.Fatalf("insights: %d\n%.2000s", r.Status, r.Body)
	}
	body := r.Body
	row := func(label string) string {
		i := strings.Index(body, `<th scope="row">`+label+`</th>`)
		if i < 0 {
			t.Errorf("no row %q", label)
			return ""
		}
		end := strings.Index(body[i:], "</tr>")
		return body[i : i+end]
	}
	// Money: 28 enough nearby, 7 with general help, none on to maatwerk
	// ("<5"), 80% nearby.
	if got := row("Geld en schulden"); !strings.Contains(got, "<td>28</td><td>7</td><td>&lt;5</td><td>80%</td>") {
		t.Errorf("money: %s", got)
	}
	if got := row("Wonen en aanpassingen"); !strings.Contains(got, "<td>&lt;5</td><td>7</td><td>14</td><td>0%</td>") {
		t.Errorf("housing: %s", got)
	}
	for _, want := range []string{
		"Heidehoek", "<td>14</td>", // unmet need: housing in Heidehoek
		"<svg class=\"chart\"", "العربية", // a chart; languages
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if got := row("Balie"); !strings.Contains(got, "&lt;5") {
		t.Errorf("desk sessions (1): %s", got)
	}
	if got := row("Chat"); !strings.Contains(got, "<td>7</td>") {
		t.Errorf("chat sessions: %s", got)
	}

	// The CSV: the same figures, "<5" too.
	c := b.get("/nl/medewerker/inzichten.csv")
	if c.Status != http.StatusOK {
		t.Fatalf("csv: %d", c.Status)
	}
	rows, err := csv.NewReader(strings.NewReader(c.Body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows[1:] {
		got[r[0]+"/"+r[1]+"/"+r[2]] = r[3]
	}
	for k, want := range map[string]string{
		"enough_low_rungs_by_topic/money/": "28", "not_enough_by_topic/money/": "<5", "not_enough_by_topic/housing/": "14",
		"sessions_started/desk/nl": "<5", "stopped_after_question/place/": "14", "stopped_after_question/topics/": "7",
		"contact_requests/housing/": "<5",
	} {
		if got[k] != want {
			t.Errorf("csv %s: %q, want %q", k, got[k], want)
		}
	}

	// A bad period says so and shows the usual one.
	if r := b.get("/nl/medewerker/inzichten?van=2026-12-01&tot=2026-11-01"); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "Het begin komt voor het einde") {
		t.Errorf("a period the wrong way round: %d", r.Status)
	}
	// A period before the week: nothing yet.
	if r := b.get("/nl/medewerker/inzichten?van=2026-01-01&tot=2026-01-31"); !strings.Contains(r.Body, "In deze periode zijn nog geen cijfers") {
		t.Error("an empty period does not say so")
	}
}

// TestInsightsUnavailable: counts that cannot be read give the page with a
// message, not an error page.
func TestInsightsUnavailable(t *testing.T) {
	d, _ := testDeps(t)
	withStaff(t, &d)
	d.Outcomes = outcomes.NewRecorder(brokenOutcomes{}, d.Log)
	defer d.Outcomes.Close()
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	signIn(t, b, "anna")
	r := b.get("/nl/medewerker/inzichten")
	if r.Status != http.StatusServiceUnavailable || !strings.Contains(r.Body, "De cijfers zijn nu niet te lezen") || !strings.Contains(r.Body, "Inzichten") {
		t.Errorf("%d\n%.1500s", r.Status, r.Body)
	}
}

type brokenOutcomes struct{}

func (brokenOutcomes) Add(context.Context, string, []outcomes.Inc) error { return errDown }
func (brokenOutcomes) Read(context.Context, []string) (map[string]map[string]int64, error) {
	return nil, errDown
}
