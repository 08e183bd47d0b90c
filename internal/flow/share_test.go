package flow

import (
	"maps"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func acceptPlace(s string) (string, bool) { return s, !strings.Contains(s, "?") }

func TestEncodeDecodeRoundTrip(t *testing.T) {
	d := testDef()
	st := State{Answers: map[string][]string{}}
	var err error
	for _, a := range []struct {
		q string
		v []string
	}{
		{"who", []string{"carer"}},
		{"topics", []string{"money", "housing"}},
		{"money_situation", []string{"debts", "bills"}},
		{"age", []string{"senior"}},
		{"housing_need", []string{"tips"}},
		{"carer_load", []string{"heavy"}},
		{"place", []string{"9991 AB"}},
	} {
		if st, _, err = d.Answer(st, a.q, a.v); err != nil {
			t.Fatalf("%s: %v", a.q, err)
		}
	}
	// An answer that no longer counts (loneliness was not chosen) stays
	// in the state but must not travel in a link.
	st.Answers["stale"] = []string{"x"}

	v := d.Encode(st)
	if got := v.Get("money_situation"); got != "debts.bills" {
		t.Errorf("money_situation = %q", got)
	}
	if v.Has("stale") {
		t.Error("an answer that does not count is in the link")
	}
	link := v.Encode()
	back, err := url.ParseQuery(link)
	if err != nil {
		t.Fatal(err)
	}
	got, dropped := d.Decode(back, acceptPlace)
	if dropped != 0 {
		t.Errorf("dropped %d answers of %s", dropped, link)
	}
	delete(st.Answers, "stale")
	if !maps.EqualFunc(got.Answers, st.Answers, slices.Equal) {
		t.Errorf("round trip:\n got %v\nwant %v", got.Answers, st.Answers)
	}
	if got.At != AtResults {
		t.Errorf("At = %q, want the results", got.At)
	}
	if a, b := d.Outcome(got), d.Outcome(st); !slices.Equal(a.Tags, b.Tags) || a.AgeMin != b.AgeMin || a.Place != b.Place {
		t.Errorf("outcome differs: %+v vs %+v", a, b)
	}
}

func TestDecodeDropsWhatNoLongerFits(t *testing.T) {
	d := testDef()
	tests := []struct {
		name    string
		link    string
		want    map[string][]string
		dropped int
	}{
		{"all fits", "who=self&topics=money&money_situation=debts.bills",
			map[string][]string{"who": {"self"}, "topics": {"money"}, "money_situation": {"debts", "bills"}}, 0},
		{"one unknown topic: the others stay", "topics=money.gardening.housing&money_situation=debts",
			map[string][]string{"topics": {"money", "housing"}, "money_situation": {"debts"}}, 1},
		{"one unknown option: the others stay", "topics=money&money_situation=debts.lottery.bills.casino",
			map[string][]string{"topics": {"money"}, "money_situation": {"debts", "bills"}}, 1},
		{"nothing fits: the answer goes once", "topics=gardening.weather&money_situation=debts",
			map[string][]string{}, 2}, // money_situation is then not asked
		{"blank values are no values", "topics=money..housing.",
			map[string][]string{"topics": {"money", "housing"}}, 0},
		{"single choice with a bad value goes", "who=alien&topics=money",
			map[string][]string{"topics": {"money"}}, 1},
		{"single choice with two values goes", "who=self.carer",
			map[string][]string{}, 1},
		{"not asked", "who=self&carer_load=heavy",
			map[string][]string{"who": {"self"}}, 1},
		{"place rejected", "place=%3F", map[string][]string{}, 1},
		{"not a question", "utm_source=x&who=self", map[string][]string{"who": {"self"}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := url.ParseQuery(tt.link)
			if err != nil {
				t.Fatal(err)
			}
			st, dropped := d.Decode(v, acceptPlace)
			if dropped != tt.dropped {
				t.Errorf("dropped = %d, want %d", dropped, tt.dropped)
			}
			if !maps.EqualFunc(st.Answers, tt.want, slices.Equal) {
				t.Errorf("answers = %v, want %v", st.Answers, tt.want)
			}
		})
	}
}

// TestRefit: answers given under an older flow go through the shared
// link's path: an option that is gone is dropped (from a multi-choice
// answer only that option), the rest stays, and the resident stays
// where they were while that question is still asked.
func TestRefit(t *testing.T) {
	old := testDef()
	st, _ := walk(t, old, map[string][]string{
		"who": {"carer"}, "topics": {"money", "housing"}, "money_situation": {"debts", "bills"},
		"age": {"senior"}, "housing_need": {"stairlift"}, "carer_load": {"heavy"},
	})
	st.At = "place"

	// The new flow lost the option "bills" and the option "stairlift".
	d := testDef()
	q := d.Question("money_situation")
	q.Options = slices.DeleteFunc(q.Options, func(o *Option) bool { return o.ID == "bills" })
	h := d.Question("housing_need")
	h.Options = slices.DeleteFunc(h.Options, func(o *Option) bool { return o.ID == "stairlift" })

	got, dropped := d.Refit(st, acceptPlace)
	if dropped != 2 {
		t.Errorf("dropped %d, want 2 (bills of a multi answer, stairlift)", dropped)
	}
	want := map[string][]string{"who": {"carer"}, "topics": {"money", "housing"}, "money_situation": {"debts"},
		"age": {"senior"}, "carer_load": {"heavy"}}
	if !maps.EqualFunc(got.Answers, want, slices.Equal) {
		t.Errorf("answers:\n got %v\nwant %v", got.Answers, want)
	}
	if got.At != "place" {
		t.Errorf("At = %q, want the question they were on", got.At)
	}

	// The question they were on is gone: the first open question.
	st.At = "gone"
	if got, _ := d.Refit(st, acceptPlace); got.At != "housing_need" {
		t.Errorf("At = %q, want housing_need, whose answer was dropped", got.At)
	}
	// The same flow changes nothing.
	st.At = AtResults
	same, dropped := old.Refit(st, acceptPlace)
	if dropped != 0 || !maps.EqualFunc(same.Answers, st.Answers, slices.Equal) || same.At != AtResults {
		t.Errorf("unchanged flow: dropped %d, %v at %q", dropped, same.Answers, same.At)
	}
}
