package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/codes"
	"github.com/wegwijzer/wegwijzer/internal/redistest"
)

// budgetWarnings returns the log lines that warn of wrong codes over the
// hour's budget.
func budgetWarnings(t *testing.T, logs ...*logBuffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range logs {
		for line := range strings.Lines(l.String()) {
			var rec map[string]any
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatalf("log line %q: %v", line, err)
			}
			if msg, _ := rec["msg"].(string); strings.Contains(msg, "perhaps being guessed") {
				out = append(out, rec)
			}
		}
	}
	return out
}

// TestWrongCodeBudget: wrong codes from all addresses are counted per
// hour in Redis, shared by two instances. Up to WRONG_CODE_BUDGET_PER_HOUR
// nothing is logged; the first past it logs one warning over both
// instances, with the count and the budget and neither codes nor
// addresses, and no more after it. Nobody is refused for it: a right
// code still opens its results.
func TestWrongCodeBudget(t *testing.T) {
	client := redistest.Client(t)
	const budget = 4
	start := func() (*liveServer, *logBuffer, Deps) {
		d, logs := testDeps(t)
		d.Config.WrongCodeBudget = budget
		d.Codes = codes.NewRedis(client, "wz:rc:", ResumeCodeLen)
		return startServer(t, d), logs, d
	}
	a, logsA, d := start()
	b, logsB, _ := start()
	typed := []string{"ZZZZ ZZZZ", "zzz-zzz", "YYYY YYYY", "YYY YYY", "XXXX XXXX", "XXX XXX", "WWWW WWWW", "WWW WWW"}
	wrong := func(srv *liveServer, code string) {
		t.Helper()
		br := newBrowser(t, srv.URL)
		br.get("/nl/code")
		if r := br.post("/nl/code", url.Values{"code": {code}}); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong code %q: %d", code, r.Status)
		}
	}
	for i, code := range typed[:budget] {
		wrong([]*liveServer{a, b}[i%2], code)
	}
	// A code that cannot be one is no guess at a code: not counted.
	wrong(a, "K0M 4PX")
	key := codes.WrongKeyPrefix + d.Now().UTC().Format("2006010215")
	if n, err := client.Get(context.Background(), key).Int(); err != nil || n != budget {
		t.Fatalf("%s = %d, %v; want %d", key, n, err, budget)
	}
	if w := budgetWarnings(t, logsA, logsB); len(w) != 0 {
		t.Fatalf("a warning at the budget: %v", w)
	}

	for i, code := range typed[budget:] {
		wrong([]*liveServer{a, b}[i%2], code)
	}
	w := budgetWarnings(t, logsA, logsB)
	if len(w) != 1 {
		t.Fatalf("%d warnings past the budget, want 1: %v", len(w), w)
	}
	if w[0]["level"] != "WARN" || w[0]["wrong_codes"] != float64(budget+1) || w[0]["budget"] != float64(budget) {
		t.Errorf("warning %v: want level WARN, wrong_codes %d, budget %d", w[0], budget+1, budget)
	}
	for _, l := range []string{logsA.String(), logsB.String()} {
		for _, bad := range []string{"127.0.0.1", "ZZZ", "zzz", "WWW"} {
			if strings.Contains(l, bad) {
				t.Errorf("the log names %q", bad)
			}
		}
	}

	code, err := d.Codes.Put(context.Background(), []byte("who=self&topics=money"), 7*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	br := newBrowser(t, b.URL)
	br.get("/nl/code")
	if r := br.post("/nl/code", url.Values{"code": {codes.Format(code)}}); r.Status != http.StatusSeeOther {
		t.Errorf("a right code past the budget: %d, want 303", r.Status)
	}
}

// TestWrongCodeBudgetMemory: without Redis the count is the process's.
func TestWrongCodeBudgetMemory(t *testing.T) {
	d, logs := testDeps(t)
	d.Config.WrongCodeBudget = 2
	srv := startServer(t, d)
	br := newBrowser(t, srv.URL)
	br.get("/pl/code")
	for i, code := range []string{"ZZZ ZZZ", "YYYY YYYY", "XXX XXX", "WWWW WWWW"} {
		br.post("/pl/code", url.Values{"code": {code}})
		if n, want := len(budgetWarnings(t, logs)), min(1, max(0, i+1-2)); n != want {
			t.Fatalf("after %d wrong codes: %d warnings, want %d", i+1, n, want)
		}
	}
}
