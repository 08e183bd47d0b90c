package ladder

import (
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/flow"
)

// testFlow is a small flow with every kind of answer the rules read.
const testFlow = `
carer_check: load
urgent_topics: [safety]
questions:
  - {id: who, kind: single, text: t, options: [{id: self, label: l}, {id: carer, label: l, tags: [carer]}]}
  - {id: topics, kind: topics, text: t}
  - id: money_what
    kind: multi
    topics: [money]
    text: t
    options:
      - {id: debt, label: l, tags: [debt]}
      - {id: food, label: l, tags: [food]}
      - {id: bailiff, label: l, tags: [debt], escalate: true}
  - id: care_what
    kind: multi
    topics: [care]
    text: t
    options:
      - {id: falls, label: l, tags: [falls]}
      - {id: memory, label: l, tags: [dementia]}
  - id: child_age
    kind: multi
    topics: [parenting]
    text: t
    options:
      - {id: baby, label: l, child_age: [0, 3]}
      - {id: teen, label: l, child_age: [12, 17]}
      - {id: myself, label: l, age: [0, 17]}
  - id: load
    kind: single
    topics: [caregiving]
    text: t
    options:
      - {id: fine, label: l, tags: [carer_support]}
      - {id: toomuch, label: l, tags: [respite], strain: true}
  - id: age
    kind: single
    topics: [money, care, loneliness]
    text: t
    options:
      - {id: young, label: l, age: [0, 17]}
      - {id: adult, label: l, age: [18, 66]}
      - {id: senior, label: l, tags: [senior], age: [67, 120]}
  - id: live_alone
    kind: single
    topics: [care]
    text: t
    options:
      - {id: alone, label: l}
      - {id: carer, label: l, tags: [carer]}
  - {id: place, kind: place, text: t}
`

func testEngine(t *testing.T) *Engine {
	t.Helper()
	var d flow.Def
	if err := yaml.Unmarshal([]byte(testFlow), &d); err != nil {
		t.Fatal(err)
	}
	d.Topics = catalog.Topics
	d.Index()
	svc := func(id string, level catalog.Level, topics string, more ...func(*catalog.Service)) catalog.Service {
		s := catalog.Service{ID: id, Level: level, Topics: strings.Split(topics, ","), Audiences: []catalog.Audience{catalog.Resident}}
		for _, f := range more {
			f(&s)
		}
		return s
	}
	tags := func(t ...string) func(*catalog.Service) { return func(s *catalog.Service) { s.Tags = t } }
	aud := func(a ...catalog.Audience) func(*catalog.Service) {
		return func(s *catalog.Service) { s.Audiences = a }
	}
	ages := func(lo, hi int) func(*catalog.Service) {
		return func(s *catalog.Service) { s.MinimumAge, s.MaximumAge = lo, hi }
	}
	requires := func(c ...string) func(*catalog.Service) { return func(s *catalog.Service) { s.Requires = c } }
	at := func(loc string) func(*catalog.Service) {
		return func(s *catalog.Service) { s.AtLocations = []catalog.ServiceAtLocation{{Location: loc}} }
	}
	c := &catalog.Catalog{
		Places: []catalog.Place{
			{ID: "dorp", Postcodes: []string{"9901"}, Latitude: 53, Longitude: 6},
			{ID: "stad", Postcodes: []string{"9910"}, Latitude: 53.1, Longitude: 6},
		},
		Locations: []catalog.Location{
			{ID: "buurthuis", Latitude: 53.001, Longitude: 6},
			{ID: "stadhuis", Latitude: 53.1, Longitude: 6},
		},
		Services: []catalog.Service{
			svc("geldcafe", catalog.Community, "money", at("stadhuis")),
			svc("geldmaatje", catalog.Community, "money", tags("debt"), at("stadhuis")),
			svc("thuisadmin", catalog.Community, "money,paperwork", at("buurthuis")),
			svc("voedselbank", catalog.Community, "money", tags("food")),
			svc("schuldhulp", catalog.General, "money", tags("debt")),
			svc("bewind", catalog.Custom, "money", tags("debt")),
			svc("alleen-stad", catalog.Community, "money", func(s *catalog.Service) { s.ServiceAreas = []string{"stad"} }),
			svc("112", catalog.Urgent, "safety,care"),
			svc("113", catalog.Urgent, "mental", tags("low_mood")),
			svc("valcursus", catalog.Community, "care", tags("falls", "senior"), ages(65, 0)),
			svc("woonadvies", catalog.Community, "care", tags("falls", "senior", "moving", "repair", "alarm")),
			svc("geheugencafe", catalog.Community, "care,caregiving", aud(catalog.Resident, catalog.Carer), requires("dementia")),
			svc("volwassenen", catalog.Community, "care", ages(18, 0)),
			svc("logeren", catalog.Custom, "care,caregiving", aud(catalog.CaredFor)),
			svc("jongerenwerk", catalog.Community, "loneliness,parenting", aud(catalog.YoungPerson, catalog.Parent), ages(12, 23)),
			svc("koffie", catalog.Community, "loneliness"),
			svc("consultatiebureau", catalog.Community, "parenting", aud(catalog.Parent), ages(0, 4)),
			svc("tienerspreekuur", catalog.Community, "parenting", aud(catalog.Parent), ages(12, 17)),
			svc("ouderlijn", catalog.Community, "parenting"),
			svc("consulent", catalog.Community, "caregiving", aud(catalog.Carer), tags("carer_support")),
			svc("respijt", catalog.General, "caregiving", aud(catalog.Carer), tags("respite")),
			svc("jonge-mantelzorgers", catalog.Community, "caregiving", aud(catalog.YoungPerson), ages(12, 24)),
		},
		Tips: []catalog.Tip{
			{ID: "overzicht", Topics: []string{"money"}},
			{ID: "regeling", Topics: []string{"money"}, Tags: []string{"debt"}},
			{ID: "energie", Topics: []string{"money", "care"}, Tags: []string{"energy"}},
			{ID: "vallen", Topics: []string{"care"}, Tags: []string{"falls"}},
			{ID: "rouw", Topics: []string{"care"}, Requires: []string{"grief"}},
		},
	}
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	c.Index()
	if err := c.Prepare(loc); err != nil {
		t.Fatal(err)
	}
	return &Engine{Catalog: c, Flow: &d}
}

// advise answers the flow with answers (question id → values) as a
// resident would, and returns the advice.
func advise(t *testing.T, e *Engine, answers map[string]string, place string) Advice {
	t.Helper()
	st := flow.State{Answers: map[string][]string{}}
	enough := answers[enoughKey]
	for _, q := range e.Flow.Questions {
		if v, ok := answers[q.ID]; ok {
			next, _, err := e.Flow.Answer(st, q.ID, strings.Split(v, ","))
			if err != nil {
				t.Fatalf("answer %s=%s: %v", q.ID, v, err)
			}
			st = next
		}
	}
	return e.Advise(Input{Outcome: e.Flow.Outcome(st), Place: e.Catalog.Place(place), Enough: enough})
}

// enoughKey in a test's answers is the answer to "is this enough?".
const enoughKey = "_enough"

func ids(items []Item) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, it.Service.ID)
	}
	return out
}

func group(gs []Group, topic string) []string {
	for _, g := range gs {
		if g.Topic == topic {
			return ids(g.Items)
		}
	}
	return []string{}
}

func tipIDs(a Advice, topic string) []string {
	out := []string{}
	for _, g := range a.Self {
		if g.Topic == topic {
			for _, ti := range g.Tips {
				out = append(out, ti.Tip.ID)
			}
		}
	}
	return out
}

// TestRules names every rule of the ladder with a case that breaks when
// the rule does.
func TestRules(t *testing.T) {
	e := testEngine(t)
	tests := []struct {
		rule    string
		answers map[string]string
		place   string
		check   func(a Advice) (got any, ok bool)
	}{
		{"maatwerk: no custom services before the route opens",
			map[string]string{"topics": "money", "money_what": "debt"}, "",
			func(a Advice) (any, bool) { return a.Custom, len(a.Custom) == 0 }},
		{"maatwerk: custom services once the lower rungs are not enough",
			map[string]string{"topics": "money", enoughKey: "no"}, "",
			func(a Advice) (any, bool) {
				return group(a.Custom, "money"), slices.Equal(group(a.Custom, "money"), []string{"bewind"})
			}},
		{"rungs: community, general and custom apart; urgent never in a list",
			map[string]string{"topics": "money", "money_what": "bailiff"}, "",
			func(a Advice) (any, bool) {
				return [][]string{group(a.Community, "money"), group(a.General, "money"), group(a.Custom, "money")},
					!slices.Contains(group(a.Community, "money"), "112") && slices.Equal(group(a.General, "money"), []string{"schuldhulp"}) &&
						slices.Equal(group(a.Custom, "money"), []string{"bewind"}) && len(a.Urgent) == 0
			}},
		{"needs in the resident's order; a service under the first need it serves",
			map[string]string{"topics": "paperwork,money"}, "",
			func(a Advice) (any, bool) {
				return a.Community, len(a.Community) == 2 && a.Community[0].Topic == "paperwork" &&
					slices.Equal(group(a.Community, "paperwork"), []string{"thuisadmin"}) && !slices.Contains(group(a.Community, "money"), "thuisadmin")
			}},
		{"area: a service for one village is not shown elsewhere, and shown with the place unknown",
			map[string]string{"topics": "money", "place": "9901"}, "dorp",
			func(a Advice) (any, bool) {
				return group(a.Community, "money"), !slices.Contains(group(a.Community, "money"), "alleen-stad")
			}},
		{"area: unknown place",
			map[string]string{"topics": "money"}, "",
			func(a Advice) (any, bool) {
				return group(a.Community, "money"), slices.Contains(group(a.Community, "money"), "alleen-stad")
			}},
		{"age of the resident: a course from 65 is not for someone under 18",
			map[string]string{"topics": "care", "age": "young", "care_what": "falls"}, "",
			func(a Advice) (any, bool) {
				return group(a.Community, "care"), !slices.Contains(group(a.Community, "care"), "valcursus") && !slices.Contains(group(a.Community, "care"), "volwassenen")
			}},
		{"age unknown: every age fits",
			map[string]string{"topics": "care", "care_what": "falls"}, "",
			func(a Advice) (any, bool) {
				return group(a.Community, "care"), slices.Contains(group(a.Community, "care"), "valcursus")
			}},
		{"age of the person cared for filters the advice for them",
			map[string]string{"who": "carer", "topics": "care", "age": "senior"}, "",
			func(a Advice) (any, bool) {
				return group(a.Community, "care"), slices.Contains(group(a.Community, "care"), "valcursus")
			}},
		{"the carer's own support is not filtered by the age of the person cared for",
			map[string]string{"who": "carer", "topics": "care", "age": "young"}, "",
			func(a Advice) (any, bool) {
				return ids(a.Carer.Items), slices.Contains(ids(a.Carer.Items), "consulent")
			}},
		{"a service for young carers needs a carer known to be young",
			map[string]string{"who": "carer", "topics": "care", "age": "senior"}, "",
			func(a Advice) (any, bool) {
				return ids(a.Carer.Items), !slices.Contains(ids(a.Carer.Items), "jonge-mantelzorgers")
			}},
		{"child age: services for parents narrowed to the child's age",
			map[string]string{"topics": "parenting", "child_age": "baby"}, "",
			func(a Advice) (any, bool) {
				g := group(a.Community, "parenting")
				return g, slices.Contains(g, "consultatiebureau") && !slices.Contains(g, "tienerspreekuur") && !slices.Contains(g, "jongerenwerk")
			}},
		{"child age unknown: every service for parents",
			map[string]string{"topics": "parenting"}, "",
			func(a Advice) (any, bool) {
				g := group(a.Community, "parenting")
				return g, slices.Contains(g, "consultatiebureau") && slices.Contains(g, "tienerspreekuur")
			}},
		{"parent audience: the parent's own age does not narrow services for parents",
			map[string]string{"topics": "parenting,loneliness", "child_age": "baby", "age": "adult"}, "",
			func(a Advice) (any, bool) {
				g := group(a.Community, "parenting")
				return g, len(g) > 0 && g[0] == "consultatiebureau"
			}},
		{"parent audience: not for a young person asking about themselves",
			map[string]string{"topics": "parenting", "child_age": "myself"}, "",
			func(a Advice) (any, bool) {
				g := group(a.Community, "parenting")
				return g, !slices.Contains(g, "consultatiebureau") && slices.Contains(g, "jongerenwerk")
			}},
		{"young_person audience: not when the age is unknown",
			map[string]string{"topics": "loneliness"}, "",
			func(a Advice) (any, bool) {
				return group(a.Community, "loneliness"), !slices.Contains(group(a.Community, "loneliness"), "jongerenwerk")
			}},
		{"young_person audience: not for someone older than its ages",
			map[string]string{"topics": "loneliness", "age": "senior"}, "",
			func(a Advice) (any, bool) {
				return group(a.Community, "loneliness"), !slices.Contains(group(a.Community, "loneliness"), "jongerenwerk")
			}},
		{"age group: an adult (18 to 66) may still be young enough for youth work until 23",
			map[string]string{"topics": "loneliness", "age": "adult"}, "",
			func(a Advice) (any, bool) {
				return group(a.Community, "loneliness"), slices.Contains(group(a.Community, "loneliness"), "jongerenwerk")
			}},
		{"age group: a service from 65 is not for an adult (18 to 66): too little of the group fits",
			map[string]string{"topics": "care", "age": "adult", "care_what": "falls"}, "",
			func(a Advice) (any, bool) {
				return group(a.Community, "care"), !slices.Contains(group(a.Community, "care"), "valcursus")
			}},
		{"young_person audience: a young person gets it, before the rest",
			map[string]string{"topics": "loneliness", "age": "young"}, "",
			func(a Advice) (any, bool) {
				g := group(a.Community, "loneliness")
				return g, len(g) > 0 && g[0] == "jongerenwerk"
			}},
		{"carer audience: a resident who cares for someone, in the main list",
			map[string]string{"who": "self", "topics": "caregiving"}, "",
			func(a Advice) (any, bool) {
				return group(a.Community, "caregiving"), slices.Contains(group(a.Community, "caregiving"), "consulent") && a.Carer == nil
			}},
		{"carer audience: a carer looking for someone gets it apart, not in the list for the person",
			map[string]string{"who": "carer", "topics": "caregiving,care"}, "",
			func(a Advice) (any, bool) {
				return ids(a.Carer.Items), len(group(a.Community, "caregiving")) == 0 && slices.Contains(ids(a.Carer.Items), "consulent")
			}},
		{"cared_for audience: only when someone looks after the person",
			map[string]string{"who": "self", "topics": "care", "live_alone": "alone", enoughKey: "no"}, "",
			func(a Advice) (any, bool) {
				return group(a.Custom, "care"), !slices.Contains(group(a.Custom, "care"), "logeren")
			}},
		{"cared_for audience: a carer looks for them",
			map[string]string{"who": "carer", "topics": "care", enoughKey: "no"}, "",
			func(a Advice) (any, bool) {
				return group(a.Custom, "care"), slices.Contains(group(a.Custom, "care"), "logeren")
			}},
		{"condition: a memory café only when an answer names memory problems",
			map[string]string{"topics": "care", "care_what": "falls"}, "",
			func(a Advice) (any, bool) {
				return group(a.Community, "care"), !slices.Contains(group(a.Community, "care"), "geheugencafe")
			}},
		{"condition named: shown, and first",
			map[string]string{"topics": "care", "care_what": "memory"}, "",
			func(a Advice) (any, bool) {
				g := group(a.Community, "care")
				return g, len(g) > 0 && g[0] == "geheugencafe"
			}},
		{"relevance: the service matching an answer first",
			map[string]string{"topics": "money", "money_what": "food"}, "",
			func(a Advice) (any, bool) {
				g := group(a.Community, "money")
				return g, len(g) > 0 && g[0] == "voedselbank"
			}},
		{"relevance: a focused service before a broad one with the same match",
			map[string]string{"topics": "care", "care_what": "falls", "age": "senior"}, "",
			func(a Advice) (any, bool) {
				g := group(a.Community, "care")
				return g, slices.Index(g, "valcursus") == 0 && slices.Index(g, "woonadvies") == 1
			}},
		{"ties: nearest first, then by id",
			map[string]string{"topics": "money", "place": "9901"}, "dorp",
			func(a Advice) (any, bool) {
				g := group(a.Community, "money")
				return g, slices.Equal(g, []string{"thuisadmin", "geldcafe", "geldmaatje", "voedselbank"})
			}},
		{"tips: matching ones only, when some match what the resident said",
			map[string]string{"topics": "care", "care_what": "falls"}, "",
			func(a Advice) (any, bool) {
				return tipIDs(a, "care"), slices.Equal(tipIDs(a, "care"), []string{"vallen"})
			}},
		{"tips: all of the need when the resident said nothing about it",
			map[string]string{"topics": "money"}, "",
			func(a Advice) (any, bool) { return tipIDs(a, "money"), len(tipIDs(a, "money")) == 3 }},
		{"tips: a condition's tip only when named",
			map[string]string{"topics": "care"}, "",
			func(a Advice) (any, bool) { return tipIDs(a, "care"), !slices.Contains(tipIDs(a, "care"), "rouw") }},
		{"maatwerk: closed until an answer escalates",
			map[string]string{"topics": "money", "money_what": "debt"}, "",
			func(a Advice) (any, bool) { return a.MaatwerkOpen, !a.MaatwerkOpen }},
		{"maatwerk: open after an escalating answer",
			map[string]string{"topics": "money", "money_what": "bailiff"}, "",
			func(a Advice) (any, bool) { return a.MaatwerkOpen, a.MaatwerkOpen && a.Escalate }},
		{"urgent lines: a topic of acute danger shows them",
			map[string]string{"topics": "safety,care"}, "",
			func(a Advice) (any, bool) { return ids(a.Urgent), len(a.Urgent) > 0 && a.Urgent[0].Service.ID == "112" }},
		{"carer first: an answer with strain puts the carer's support first",
			map[string]string{"who": "carer", "topics": "caregiving", "load": "toomuch"}, "",
			func(a Advice) (any, bool) {
				// Still lower rungs first: the adviser, then respite care.
				return ids(a.Carer.Items), a.Carer.First && slices.Equal(ids(a.Carer.Items), []string{"consulent", "respijt"})
			}},
		{"carer first: not when the carer is fine",
			map[string]string{"who": "carer", "topics": "caregiving", "load": "fine"}, "",
			func(a Advice) (any, bool) { return a.Carer.First, !a.Carer.First }},
		{"a service for both the person and the carer shows once, for the person",
			map[string]string{"who": "carer", "topics": "care", "care_what": "memory"}, "",
			func(a Advice) (any, bool) {
				return ids(a.Carer.Items), slices.Contains(group(a.Community, "care"), "geheugencafe") && !slices.Contains(ids(a.Carer.Items), "geheugencafe")
			}},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			if got, ok := tt.check(advise(t, e, tt.answers, tt.place)); !ok {
				t.Errorf("%v: got %v", tt.answers, got)
			}
		})
	}
}

func TestReasons(t *testing.T) {
	e := testEngine(t)
	a := advise(t, e, map[string]string{"topics": "care", "care_what": "falls", "age": "senior"}, "")
	it := a.Community[0].Items[0]
	var got []string
	for _, r := range it.Reasons {
		got = append(got, r.Question.ID+"="+r.Option.ID)
	}
	// The answer about the need first, then the shared one.
	if want := []string{"care_what=falls", "age=senior"}; !slices.Equal(got, want) {
		t.Errorf("reasons of %s = %v, want %v", it.Service.ID, got, want)
	}
	if len(a.Community[0].Items[len(a.Community[0].Items)-1].Reasons) != 0 {
		t.Errorf("a service that matches no answer has reasons")
	}
}

func TestBrowse(t *testing.T) {
	e := testEngine(t)
	a := e.Advise(Input{Outcome: flow.Outcome{Topics: []string{"care"}}, Browse: true})
	g := group(a.Community, "care")
	// No answers: the condition-specific service is listed too.
	if !slices.Contains(g, "geheugencafe") || !slices.Contains(g, "valcursus") {
		t.Errorf("browse care = %v, want every service of the need", g)
	}
}

func TestBest(t *testing.T) {
	e := testEngine(t)
	a := advise(t, e, map[string]string{"topics": "money,care", "money_what": "debt", "care_what": "falls", "age": "senior"}, "")
	if got, want := ids(a.Best()), []string{"geldmaatje", "valcursus"}; !slices.Equal(got, want) {
		t.Errorf("Best() = %v, want %v", got, want)
	}
}

func TestUrgentLines(t *testing.T) {
	e := testEngine(t)
	if got := ids(e.UrgentLines([]string{"safety"}, []string{"low_mood"})); !slices.Equal(got, []string{"113", "112"}) {
		t.Errorf("UrgentLines = %v: a tag of the answer first", got)
	}
	if got := ids(e.UrgentLines([]string{"safety"}, nil)); !slices.Equal(got, []string{"112", "113"}) {
		t.Errorf("UrgentLines = %v: the need's line first", got)
	}
}

// TestUrgentLinesOpenState: the urgent lines of an advice carry their
// opening state, as every other item does, so a page can say "always
// open" beside them.
func TestUrgentLinesOpenState(t *testing.T) {
	e := testEngine(t)
	e.Catalog.Services = append(e.Catalog.Services, catalog.Service{ID: "altijd", Level: catalog.Urgent, Topics: []string{"safety"},
		Schedules: []catalog.Schedule{{AlwaysOpen: true}}})
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	e.Catalog.Index()
	if err := e.Catalog.Prepare(loc); err != nil {
		t.Fatal(err)
	}
	st := flow.State{Answers: map[string][]string{"topics": {"safety"}}}
	a := e.Advise(Input{Outcome: e.Flow.Outcome(st), Now: time.Date(2026, 12, 7, 3, 0, 0, 0, loc)})
	for _, it := range a.Urgent {
		if it.Service.ID == "altijd" && (!it.Open.Known || !it.Open.Open) {
			t.Errorf("an always-open line: %+v", it.Open)
		}
	}
	if len(a.Urgent) == 0 {
		t.Error("no urgent lines for safety")
	}
}

func TestMaatwerkOpen(t *testing.T) {
	for _, tt := range []struct {
		escalate bool
		enough   string
		want     bool
	}{{false, "", false}, {false, "yes", false}, {false, "no", true}, {true, "", true}, {true, "yes", true}} {
		if got := MaatwerkOpen(flow.Outcome{Escalate: tt.escalate}, tt.enough); got != tt.want {
			t.Errorf("MaatwerkOpen(escalate %v, enough %q) = %v", tt.escalate, tt.enough, got)
		}
	}
}

func BenchmarkAdvise(b *testing.B) {
	e := testEngine(&testing.T{})
	st := flow.State{Answers: map[string][]string{"who": {"carer"}, "topics": {"money", "care", "caregiving"},
		"money_what": {"debt"}, "care_what": {"falls"}, "age": {"senior"}}}
	in := Input{Outcome: e.Flow.Outcome(st), Place: e.Catalog.Place("dorp"), Now: time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)}
	for b.Loop() {
		e.Advise(in)
	}
}
