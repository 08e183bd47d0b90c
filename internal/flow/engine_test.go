package flow

import (
	"errors"
	"slices"
	"testing"
)

// testDef is a small flow in the shape of the real one: who, topics,
// follow-ups scoped to topics and to who, and the place last.
func testDef() *Def {
	d := &Def{
		UrgentTopics: []string{"safety"},
		Topics:       []string{"money", "loneliness", "housing", "safety"},
		Questions: []*Question{
			{ID: "who", Kind: Single, Options: []*Option{
				{ID: "self"}, {ID: "carer", Tags: []string{"carer"}}, {ID: "desk"},
			}},
			{ID: "topics", Kind: Topics},
			{ID: "money_situation", Kind: Multi, Topics: []string{"money"}, Options: []*Option{
				{ID: "debts", Tags: []string{"debt"}},
				{ID: "bills", Tags: []string{"bills"}},
				{ID: "no_food", Urgent: true, Tags: []string{"food"}},
			}},
			{ID: "age", Kind: Single, Topics: []string{"loneliness", "housing"}, Options: []*Option{
				{ID: "under18", Age: []int{0, 17}},
				{ID: "senior", Age: []int{67, 120}},
			}},
			{ID: "housing_need", Kind: Single, Topics: []string{"housing"}, Options: []*Option{
				{ID: "stairlift", Escalate: true, Tags: []string{"adaptation"}},
				{ID: "tips", Tags: []string{"falls"}},
			}},
			{ID: "carer_load", Kind: Single, When: []Condition{{Question: "who", In: []string{"carer"}}}, Options: []*Option{
				{ID: "heavy", Tags: []string{"respite"}}, {ID: "ok"},
			}},
			{ID: "place", Kind: Place},
		},
	}
	d.Index()
	return d
}

func ids(qs ...*Question) []string {
	var out []string
	for _, q := range qs {
		if q == nil {
			out = append(out, "<results>")
			continue
		}
		out = append(out, q.ID)
	}
	return out
}

// walk answers the flow with the given answers in order, skipping any
// question without an entry, and returns the question ids visited.
func walk(t *testing.T, d *Def, answers map[string][]string) (State, []string) {
	t.Helper()
	var st State
	var path []string
	q := d.First(st)
	for q != nil {
		path = append(path, q.ID)
		var err error
		if v, ok := answers[q.ID]; ok {
			st, q, err = d.Answer(st, q.ID, v)
		} else {
			st, q, err = d.Skip(st, q.ID)
		}
		if err != nil {
			t.Fatalf("answer %s: %v", path[len(path)-1], err)
		}
		if len(path) > len(d.Questions) {
			t.Fatal("flow does not end")
		}
	}
	if st.At != AtResults {
		t.Errorf("At = %q at the end, want %q", st.At, AtResults)
	}
	return st, path
}

func TestPaths(t *testing.T) {
	tests := []struct {
		name    string
		answers map[string][]string
		want    []string
	}{
		{"everything skipped", nil, []string{"who", "topics", "place"}},
		{"money only", map[string][]string{"who": {"self"}, "topics": {"money"}},
			[]string{"who", "topics", "money_situation", "place"}},
		{"shared question asked once", map[string][]string{"who": {"self"}, "topics": {"loneliness", "housing"}},
			[]string{"who", "topics", "age", "housing_need", "place"}},
		{"carer gets carer question", map[string][]string{"who": {"carer"}, "topics": {"money"}},
			[]string{"who", "topics", "money_situation", "carer_load", "place"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, path := walk(t, testDef(), tt.answers)
			if !slices.Equal(path, tt.want) {
				t.Errorf("path = %v, want %v", path, tt.want)
			}
		})
	}
}

func TestConditionOnSkippedQuestion(t *testing.T) {
	// who skipped: a "when who in [carer]" condition does not hold, but a
	// question with only not_in conditions does.
	d := testDef()
	d.Questions = append(d.Questions[:6:6], &Question{ID: "not_desk", Kind: Single,
		When: []Condition{{Question: "who", NotIn: []string{"desk"}}}, Options: []*Option{{ID: "x"}}}, d.Questions[6])
	d.Index()
	_, path := walk(t, d, map[string][]string{"topics": {"money"}})
	want := []string{"who", "topics", "money_situation", "not_desk", "place"}
	if !slices.Equal(path, want) {
		t.Errorf("path = %v, want %v", path, want)
	}
	_, path = walk(t, d, map[string][]string{"who": {"desk"}, "topics": {"money"}})
	if slices.Contains(path, "not_desk") || slices.Contains(path, "carer_load") {
		t.Errorf("desk path %v asks a question whose condition fails", path)
	}
}

func TestBack(t *testing.T) {
	d := testDef()
	st, _ := walk(t, d, map[string][]string{"who": {"self"}, "topics": {"money", "housing"}})
	steps := []struct{ from, want string }{
		{AtResults, "place"},
		{"place", "housing_need"},
		{"housing_need", "age"},
		{"age", "money_situation"},
		{"money_situation", "topics"},
		{"topics", "who"},
	}
	for _, s := range steps {
		if got := d.Prev(st, s.from); got == nil || got.ID != s.want {
			t.Errorf("Prev(%s) = %v, want %s", s.from, ids(got), s.want)
		}
	}
	if got := d.Prev(st, "who"); got != nil {
		t.Errorf("Prev(who) = %s, want nil (the start page)", got.ID)
	}
}

func TestChangingAnAnswerChangesThePath(t *testing.T) {
	d := testDef()
	st, _ := walk(t, d, map[string][]string{"who": {"self"}, "topics": {"money", "housing"},
		"money_situation": {"debts"}, "housing_need": {"stairlift"}})
	if out := d.Outcome(st); !out.Escalate {
		t.Fatal("stairlift should escalate")
	}
	// Change topics to money only: the housing answer stops counting but is kept.
	st, next, err := d.Answer(st, "topics", []string{"money"})
	if err != nil {
		t.Fatal(err)
	}
	if next.ID != "money_situation" {
		t.Errorf("next after topics = %s, want money_situation", next.ID)
	}
	out := d.Outcome(st)
	if out.Escalate || slices.Contains(out.Tags, "adaptation") {
		t.Errorf("answer to a question no longer asked still counts: %+v", out)
	}
	if _, ok := st.Answers["housing_need"]; !ok {
		t.Error("answer to a question no longer asked was thrown away")
	}
	// And back again: it counts again.
	st, _, _ = d.Answer(st, "topics", []string{"money", "housing"})
	if !d.Outcome(st).Escalate {
		t.Error("answer did not come back when its question was asked again")
	}
}

func TestAnswerDoesNotModifyInput(t *testing.T) {
	d := testDef()
	st := State{Answers: map[string][]string{"who": {"self"}}}
	if _, _, err := d.Answer(st, "who", []string{"carer"}); err != nil {
		t.Fatal(err)
	}
	if st.Answers["who"][0] != "self" {
		t.Error("Answer modified the state passed in")
	}
}

func TestAnswerErrors(t *testing.T) {
	d := testDef()
	base := State{Answers: map[string][]string{"topics": {"money"}}}
	tests := []struct {
		name   string
		qid    string
		values []string
		msg    string
		err    error
	}{
		{"empty", "who", nil, "error.choose_or_skip", nil},
		{"blank", "who", []string{"  "}, "error.choose_or_skip", nil},
		{"two for single", "who", []string{"self", "carer"}, "error.choose_one", nil},
		{"unknown option", "who", []string{"alien"}, "error.unknown_option", nil},
		{"unknown topic", "topics", []string{"money", "weather"}, "error.unknown_option", nil},
		{"empty place", "place", []string{""}, "error.place_empty", nil},
		{"long place", "place", []string{string(make([]byte, MaxPlaceLen+1))}, "", nil},
		{"unknown question", "nope", []string{"x"}, "", ErrUnknownQuestion},
		{"not asked", "housing_need", []string{"tips"}, "", ErrNotAsked},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, _, err := d.Answer(base, tt.qid, tt.values)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want an InputError", err)
			}
			if tt.msg != "" && ie.MsgID != tt.msg {
				t.Errorf("MsgID = %s, want %s", ie.MsgID, tt.msg)
			}
			if len(st.Answers) != len(base.Answers) {
				t.Error("a rejected answer changed the state")
			}
		})
	}
	// Duplicates collapse; whitespace is trimmed.
	st, _, err := d.Answer(base, "money_situation", []string{"debts", " debts ", "bills"})
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Answers["money_situation"]; !slices.Equal(got, []string{"debts", "bills"}) {
		t.Errorf("answer = %v", got)
	}
}

func TestOutcome(t *testing.T) {
	d := testDef()
	tests := []struct {
		name    string
		answers map[string][]string
		check   func(t *testing.T, o Outcome)
	}{
		{"safety topic is urgent", map[string][]string{"topics": {"money", "safety"}}, func(t *testing.T, o Outcome) {
			if !o.Urgent {
				t.Error("not urgent")
			}
		}},
		{"danger answer is urgent", map[string][]string{"topics": {"money"}, "money_situation": {"no_food"}}, func(t *testing.T, o Outcome) {
			if !o.Urgent || !slices.Contains(o.Tags, "food") {
				t.Errorf("outcome %+v", o)
			}
		}},
		{"calm answers are not urgent", map[string][]string{"who": {"carer"}, "topics": {"money"}, "money_situation": {"debts", "bills"}, "carer_load": {"heavy"}}, func(t *testing.T, o Outcome) {
			if o.Urgent || o.Escalate {
				t.Errorf("outcome %+v", o)
			}
			if o.Who != "carer" || !slices.Equal(o.Tags, []string{"carer", "debt", "bills", "respite"}) {
				t.Errorf("who %q tags %v", o.Who, o.Tags)
			}
		}},
		{"age and place", map[string][]string{"topics": {"loneliness"}, "age": {"senior"}, "place": {"9991 AB"}}, func(t *testing.T, o Outcome) {
			if o.AgeMin != 67 || o.AgeMax != 120 || o.Place != "9991 AB" {
				t.Errorf("outcome %+v", o)
			}
			if !slices.Equal(o.Topics, []string{"loneliness"}) {
				t.Errorf("topics %v", o.Topics)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, _ := walk(t, d, tt.answers)
			tt.check(t, d.Outcome(st))
		})
	}
}

func TestProgress(t *testing.T) {
	d := testDef()
	st := State{Answers: map[string][]string{"who": {"self"}, "topics": {"money"}}}
	for _, c := range []struct {
		qid        string
		pos, total int
	}{
		// On "who" the answer may still become "carer", which asks
		// carer_load: it counts until "who" is behind the resident.
		{"who", 1, 5}, {"topics", 2, 4}, {"money_situation", 3, 4}, {"place", 4, 4},
		{"age", 0, 4}, // not asked
	} {
		pos, total := d.Progress(st, c.qid)
		if pos != c.pos || total != c.total {
			t.Errorf("Progress(%s) = %d of %d, want %d of %d", c.qid, pos, total, c.pos, c.total)
		}
	}
}

// TestProgressShrinksWithAnAnswer: a question whose condition depends on a
// later answer counts until that answer rules it out, so the total goes
// down, never up, once the topics are chosen.
func TestProgressShrinksWithAnAnswer(t *testing.T) {
	d := testDef()
	// not_senior is asked unless the resident is a senior.
	d.Questions = append(d.Questions[:6:6], &Question{ID: "not_senior", Kind: Single,
		When: []Condition{{Question: "age", NotIn: []string{"senior"}}}, Options: []*Option{{ID: "x"}}}, d.Questions[6])
	d.Index()
	st := State{Answers: map[string][]string{"who": {"self"}, "topics": {"loneliness"}}}
	if pos, total := d.Progress(st, "age"); pos != 3 || total != 5 {
		t.Errorf("on age: %d of %d, want 3 of 5 (who, topics, age, not_senior, place)", pos, total)
	}
	st, next, _ := d.Answer(st, "age", []string{"senior"})
	if pos, total := d.Progress(st, next.ID); next.ID != "place" || pos != 4 || total != 4 {
		t.Errorf("after senior: %s %d of %d, want place 4 of 4", next.ID, pos, total)
	}
}

func TestDetour(t *testing.T) {
	d := testDef()
	results, _ := walk(t, d, map[string][]string{"who": {"self"}, "topics": {"money"}, "money_situation": {"debts"}})
	tests := []struct {
		name    string
		qid     string
		values  []string // nil: skip
		pending []string
		want    []string
	}{
		{"same answer", "topics", []string{"money"}, nil, nil},
		{"a topic removed", "topics", nil, nil, nil},
		{"a topic added", "topics", []string{"money", "housing"}, nil, []string{"age", "housing_need"}},
		{"carer", "who", []string{"carer"}, nil, []string{"carer_load"}},
		{"skipped place is not asked again", "who", []string{"desk"}, nil, nil},
		{"pending stays", "age", []string{"senior"}, []string{"housing_need"}, []string{"housing_need"}},
		{"pending no longer asked", "age", []string{"senior"}, []string{"carer_load"}, nil},
		{"current question is not pending", "age", nil, []string{"age", "housing_need"}, []string{"housing_need"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := results
			if tt.qid == "age" {
				before, _, _ = d.Answer(results, "topics", []string{"money", "housing"})
			}
			var after State
			var err error
			if tt.values == nil {
				after, _, err = d.Skip(before, tt.qid)
			} else {
				after, _, err = d.Answer(before, tt.qid, tt.values)
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(d.Detour(before, after, tt.qid, tt.pending)...); !slices.Equal(got, tt.want) {
				t.Errorf("detour = %v, want %v", got, tt.want)
			}
		})
	}
}
