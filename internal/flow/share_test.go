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
	v := url.Values{
		"who":             {"self"},
		"topics":          {"money.gardening"}, // one unknown topic: the answer fails
		"money_situation": {"debts"},           // then not asked
		"carer_load":      {"heavy"},           // not asked for "self"
		"place":           {"?"},               // rejected by the place check
		"utm_source":      {"x"},               // not a question: ignored
	}
	st, dropped := d.Decode(v, acceptPlace)
	if dropped != 4 {
		t.Errorf("dropped = %d, want 4 (topics, money_situation, carer_load, place)", dropped)
	}
	if got := st.Answers["who"]; !slices.Equal(got, []string{"self"}) || len(st.Answers) != 1 {
		t.Errorf("answers = %v, want only who=self", st.Answers)
	}
}
