package flow_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	democontent "github.com/wegwijzer/wegwijzer/content"
	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/locales"
)

var demoFlow = sync.OnceValues(func() (*flow.Def, error) {
	c, err := content.Load(democontent.Demo, locales.FS)
	if err != nil {
		return nil, err
	}
	return c.Flow, nil
})

// demo returns the demo content's flow, the one residents meet.
func demo(t *testing.T) *flow.Def {
	t.Helper()
	d, err := demoFlow()
	if err != nil {
		t.Fatalf("demo content: %v", err)
	}
	return d
}

// shown is one question as the resident saw it: "step Pos of Total".
type shown struct {
	ID         string
	Pos, Total int
}

func (s shown) String() string { return fmt.Sprintf("%s %d/%d", s.ID, s.Pos, s.Total) }

// walkSteps goes forward through d from st's first question as a resident
// does: choose(q) gives the answer to q, nil to skip it. It returns the
// step indicator of every question on the way, and the state at the
// results.
func walkSteps(t *testing.T, d *flow.Def, st flow.State, choose func(*flow.Question) []string) ([]shown, flow.State) {
	t.Helper()
	var steps []shown
	for q := d.First(st); q != nil; {
		pos, total := d.Progress(st, q.ID)
		steps = append(steps, shown{q.ID, pos, total})
		var err error
		if v := choose(q); v != nil {
			st, q, err = d.Answer(st, q.ID, v)
		} else {
			st, q, err = d.Skip(st, q.ID)
		}
		if err != nil {
			t.Fatalf("after %v: %v", steps, err)
		}
		if len(steps) > len(d.Questions) {
			t.Fatalf("the flow does not end: %v", steps)
		}
	}
	return steps, st
}

// checkSteps: the position is within the total, the total never grows
// from the first question after the topics on, and on the last question
// the total is exact.
func checkSteps(t *testing.T, steps []shown) {
	t.Helper()
	topics := len(steps) // the index of the topics question
	for i, s := range steps {
		if s.Pos < 1 || s.Pos > s.Total {
			t.Errorf("%v: position out of range in %v", s, steps)
		}
		if i > 0 && s.Pos != steps[i-1].Pos+1 {
			t.Errorf("%v does not follow %v", s, steps[i-1])
		}
		if s.ID == "topics" {
			topics = i
		}
		if i > topics+1 && s.Total > steps[i-1].Total {
			t.Errorf("the total grows from %v to %v in %v", steps[i-1], s, steps)
		}
	}
	if last := steps[len(steps)-1]; last.Pos != last.Total {
		t.Errorf("the last question says %v", last)
	}
}

// answers chooses from a fixed set of answers and skips the rest.
func answers(a map[string][]string) func(*flow.Question) []string {
	return func(q *flow.Question) []string { return a[q.ID] }
}

// TestProgressOnRealPaths: the step indicator on paths residents take
// through the demo flow, with the totals they see.
func TestProgressOnRealPaths(t *testing.T) {
	d := demo(t)
	tests := []struct {
		name    string
		answers map[string][]string
		want    string // the steps as shown; "" to check only the rules
	}{
		{"resident with money worries", map[string][]string{
			"who": {"self"}, "topics": {"money"}, "money_when": {"bailiff"}, "money_what": {"debt", "bills"},
			"help_already": {"notenough"}, "place": {"9991 AB"},
		}, "who 1/4 topics 2/3 money_when 3/6 money_what 4/6 help_already 5/6 place 6/6"},
		{"carer with several topics", map[string][]string{
			"who": {"carer"}, "relation": {"mother"}, "topics": {"care", "household", "mobility", "caregiving"},
			"care_what": {"memory"}, "household_what": {"meals"}, "mobility_what": {"doctor"},
			"caregiving_load": {"heavy"}, "caregiving_need": {"break"}, "age": {"senior"}, "live_alone": {"alone"},
			"help_already": {"helps"}, "place": {"place:heidehoek"},
		}, "who 1/4 relation 2/4 topics 3/4 care_what 4/12 household_what 5/12 mobility_what 6/12 caregiving_load 7/12 " +
			"caregiving_need 8/12 age 9/12 live_alone 10/12 help_already 11/12 place 12/12"},
		{"carer who skips", map[string][]string{
			"who": {"carer"}, "topics": {"safety", "parenting", "mental", "housing"},
		}, ""},
		{"everything skipped", nil, "who 1/4 topics 2/3 place 3/3"},
		{"at the desk", map[string][]string{"who": {"desk"}, "topics": {"work", "language", "paperwork"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			steps, _ := walkSteps(t, d, flow.State{}, answers(tt.answers))
			checkSteps(t, steps)
			if tt.want != "" {
				if got := strings.Trim(fmt.Sprint(steps), "[]"); got != tt.want {
					t.Errorf("steps\n got %s\nwant %s", got, tt.want)
				}
			}
		})
	}
}

// TestProgressNeverGrows walks the demo flow for every kind of resident,
// many sets of topics and several ways of answering, also over answers
// given before (going through the questions a second time), and checks
// the rules of the step indicator on every walk.
func TestProgressNeverGrows(t *testing.T) {
	d := demo(t)
	topicSets := [][]string{nil}
	for _, id := range d.Topics {
		topicSets = append(topicSets, []string{id})
	}
	topicSets = append(topicSets,
		[]string{"care", "household", "loneliness"},
		[]string{"money", "paperwork", "caregiving"},
		[]string{"safety", "mental", "parenting", "housing", "money"},
		d.Topics,
	)
	// Ways to answer the questions after the topics: the first option,
	// the last one, every option, none.
	ways := []struct {
		name   string
		answer func(*flow.Question) []string
	}{
		{"first", func(q *flow.Question) []string { return []string{q.Options[0].ID} }},
		{"last", func(q *flow.Question) []string { return []string{q.Options[len(q.Options)-1].ID} }},
		{"all", func(q *flow.Question) []string {
			if q.Kind == flow.Single {
				return []string{q.Options[len(q.Options)/2].ID}
			}
			var all []string
			for _, o := range q.Options {
				all = append(all, o.ID)
			}
			return all
		}},
		{"skip", func(*flow.Question) []string { return nil }},
	}
	_, before := walkSteps(t, d, flow.State{}, answers(map[string][]string{
		"who": {"self"}, "topics": {"money", "care"}, "money_when": {"calm"}, "age": {"adult"},
	}))
	var whos []string
	for _, o := range d.Question(flow.WhoQuestion).Options {
		whos = append(whos, o.ID)
	}
	whos = append(whos, "") // skipped
	for _, who := range whos {
		for _, topics := range topicSets {
			for _, way := range ways {
				choose := func(q *flow.Question) []string {
					switch {
					case q.ID == flow.WhoQuestion:
						if who == "" {
							return nil
						}
						return []string{who}
					case q.Kind == flow.Topics:
						return topics
					case q.Kind == flow.Place:
						return []string{"9991 AB"}
					}
					return way.answer(q)
				}
				t.Run(fmt.Sprintf("%s/%s/%s", who, strings.Join(topics, "+"), way.name), func(t *testing.T) {
					steps, _ := walkSteps(t, d, flow.State{}, choose)
					checkSteps(t, steps)
					// Again over the answers of a walk for someone else:
					// what is filled in already must not hide a question
					// a changed answer could bring.
					steps, _ = walkSteps(t, d, before, choose)
					checkSteps(t, steps)
				})
			}
		}
	}
}
