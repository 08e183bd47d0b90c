package outcomes_test

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/outcomes"
)

// week seeds a week of counts: money in Beekdal-Centrum mostly enough in
// the neighbourhood, housing in Heidehoek mostly not enough and without
// help nearby, and a few answers in De Weide.
func week(t *testing.T) outcomes.Figures {
	t.Helper()
	store := outcomes.NewMemory()
	ctx := context.Background()
	start := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	for i := range 7 {
		day := start.AddDate(0, 0, i).Format(outcomes.DayFormat)
		var incs []outcomes.Inc
		for range 4 {
			incs = append(incs, outcomes.Enough("money", "beekdal-centrum", "community", "yes"))
		}
		incs = append(incs, outcomes.Enough("money", "beekdal-centrum", "general", "yes"))
		if i%2 == 0 {
			incs = append(incs, outcomes.Enough("money", "beekdal-centrum", "community", "no"))
		}
		for range 2 {
			incs = append(incs, outcomes.Enough("housing", "heidehoek", "general", "no"))
		}
		incs = append(incs, outcomes.Enough("housing", "heidehoek", "general", "yes"))
		if i == 3 {
			incs = append(incs, outcomes.Enough("care", "de-weide", "community", "no"))
		}
		incs = append(incs, outcomes.Started(outcomes.Flow, "nl"), outcomes.Need("money", "beekdal-centrum"))
		if err := store.Add(ctx, day, incs); err != nil {
			t.Fatal(err)
		}
	}
	f, err := outcomes.Read(ctx, store, start, start.AddDate(0, 0, 6))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestAfschaling(t *testing.T) {
	f := week(t)
	byTopic := f.Afschaling(outcomes.ByTopic)
	if len(byTopic) != 3 || byTopic[0].Group != "money" {
		t.Fatalf("by topic %+v", byTopic)
	}
	money := byTopic[0]
	if money.Low != 28 || money.General != 7 || money.NotEnough != 4 {
		t.Errorf("money %+v, want 28 low, 7 general, 4 not enough", money)
	}
	if got := money.LowShare(); got < 0.717 || got > 0.718 {
		t.Errorf("money low share %.3f, want 28/39", got)
	}
	for _, st := range byTopic {
		if st.Group == "care" && st.LowShare() != -1 {
			t.Errorf("care has %d answers: its share is not to be shown", st.Total())
		}
	}
	if m := f.Afschaling(outcomes.ByMonth); len(m) != 2 {
		t.Errorf("a week over two months gives %d groups", len(m))
	}
	unmet := f.Unmet()
	if len(unmet) == 0 || unmet[0].Topic != "housing" || unmet[0].Village != "heidehoek" || unmet[0].NotEnough != 14 || unmet[0].NoCommunity != 21 {
		t.Errorf("unmet %+v: want housing in Heidehoek first", unmet)
	}
	for _, u := range unmet {
		if u.Topic == "care" {
			t.Error("care in De Weide (one answer) is listed")
		}
	}
}

// TestSuppression: every figure under 5 reads "<5", on the page and in
// the CSV.
func TestSuppression(t *testing.T) {
	for n, want := range map[int64]string{0: "<5", 1: "<5", 4: "<5", 5: "5", 28: "28"} {
		if got := outcomes.Show(n); got != want {
			t.Errorf("Show(%d) = %q, want %q", n, got, want)
		}
	}
	f := week(t)
	rows, err := csv.NewReader(strings.NewReader(string(f.CSV()))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "measure,group,subgroup,value,from,to" {
		t.Fatalf("header %v", rows[0])
	}
	seen := map[string]string{}
	for _, r := range rows[1:] {
		seen[r[0]+"/"+r[1]+"/"+r[2]] = r[3]
		if r[3] != "<5" {
			if n := len(r[3]); n == 0 || r[3][0] == '-' {
				t.Errorf("row %v", r)
			}
		}
		if r[4] != "2026-11-30" || r[5] != "2026-12-06" {
			t.Errorf("row %v: period", r)
		}
	}
	for k, want := range map[string]string{
		"enough_low_rungs_by_topic/money/": "28", "not_enough_by_topic/money/": "<5",
		"not_enough_by_topic/care/": "<5", "not_enough_by_topic/housing/": "14", "sessions_started/flow/nl": "7",
	} {
		if seen[k] != want {
			t.Errorf("%s: %q, want %q", k, seen[k], want)
		}
	}
}
