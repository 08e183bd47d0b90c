// Package ladder decides which help a resident meets, on which rung of
// the support ladder and in which order. It is the one place for that
// rule: the results page, the printable summary, the carer's own support,
// the desk panel, the chat and the JSON APIs all render its Advice and
// none ranks on its own.
//
// The rule, in short: urgent lines first when the answers show acute
// danger; then what the resident can do themselves (tips), the open
// neighbourhood facilities (community), the light municipal services
// (general); the route to customised support (maatwerk) opens only after
// the resident said the lower rungs are not enough, or an answer says the
// need cannot be met lower down. Within a rung, services are grouped by
// the resident's needs in their order, and a service is shown only when
// it is for this person (hard eligibility: area, age of the right person,
// audience, condition), ranked by how many of the resident's signals it
// matches.
//
// The package is pure: no HTTP, storage or templates.
package ladder

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/flow"
)

// CaringTopic is the topic of care for someone else (mantelzorg). When a
// carer looks for someone, its services on the lower rungs are the
// carer's own support and are listed apart (Advice.Carer).
const CaringTopic = "caregiving"

// ParentingTopic is the topic under which a resident asks about a child;
// services for the audience parent need it.
const ParentingTopic = "parenting"

// CaredForTag is the tag of an answer that says someone looks after the
// person (the flow's "who: carer" and "live alone: someone cares for
// me"), which makes services for the audience cared_for fit.
const CaredForTag = "carer"

// AdviserTag marks a service where someone looks at the resident's whole
// situation with them (an adviser for older people, social work, a carer
// support adviser): the best first stop when nothing more specific fits.
const AdviserTag = "adviser"

// Input is what is known about a resident: the outcome of the flow (or
// the chat) and what the page adds to it.
type Input struct {
	Outcome flow.Outcome
	// CarerCheck is a carer's answer to how they are holding up, when it
	// was given on the results page rather than in the flow.
	CarerCheck *flow.Option
	// Enough is the answer to "is this enough for you?": "yes", "no" or "".
	Enough string
	Place  *catalog.Place // nil when unknown or outside the municipality
	Now    time.Time      // zero: opening hours are not looked at
	// Browse lists every service of the topics, for a channel that knows
	// nothing about the person (GET /api/v1/services): the rules that need
	// answers (audience, condition) are not applied; area and age are.
	Browse bool
	// OutsideRegion: the resident's postcode lies outside the region, so
	// a municipality's own services (catalog.Service.Local) are left out;
	// the region's and the national ones stay.
	OutsideRegion bool
}

// Reason is an answer that a recommendation matches: the page says
// "Omdat u zei: …" with the option's label.
type Reason struct {
	Question *flow.Question
	Option   *flow.Option
}

// Item is one recommended service with what the page shows beside it.
type Item struct {
	Service *catalog.Service
	Level   catalog.Level
	Topic   string  // the need it is listed under
	Score   float64 // relevance: higher first; see score
	Reasons []Reason
	// Location is the nearest location (the first when the place is
	// unknown); nil for phone and web services.
	Location    *catalog.Location
	DistanceKm  float64
	HasDistance bool
	Open        catalog.OpenState // unknown when Input.Now is zero
}

// TipItem is one self-help tip with the answers it matches.
type TipItem struct {
	Tip     *catalog.Tip
	Topic   string
	Score   float64
	Reasons []Reason
}

// Group is one need on one rung: the services, best first.
type Group struct {
	Topic string
	Items []Item
}

// TipGroup is one need on the self rung: the tips, best first.
type TipGroup struct {
	Topic string
	Tips  []TipItem
}

// CarerAdvice is a carer's own support, beside the advice for the person
// they care for.
type CarerAdvice struct {
	// Answer is the carer's answer to how they are holding up; nil before
	// they answered.
	Answer *flow.Option
	// First: the carer said the care weighs on them (an answer with
	// strain), so their own support comes before the list.
	First bool
	Items []Item // community, then general
}

// Advice is the ladder for one resident.
type Advice struct {
	Topics    []string
	Urgent    []Item // crisis lines, only when the answers show danger
	Self      []TipGroup
	Community []Group
	General   []Group
	// Custom is maatwerk, on its own page: empty until MaatwerkOpen.
	Custom []Group
	Carer  *CarerAdvice // nil unless a carer looks for someone
	// Escalate: an answer says the need cannot be met lower down.
	Escalate bool
	// MaatwerkOpen: the route to customised support is open (the resident
	// said the lower rungs are not enough, or Escalate).
	MaatwerkOpen bool
}

// Engine ranks the catalogue for a flow.
type Engine struct {
	Catalog *catalog.Catalog
	Flow    *flow.Def
}

// Advise returns the ladder for in.
func (e *Engine) Advise(in Input) Advice {
	out := in.Outcome
	a := Advice{Topics: out.Topics, Escalate: out.Escalate, MaatwerkOpen: MaatwerkOpen(out, in.Enough)}
	if out.Urgent {
		a.Urgent = e.UrgentLines(out.Topics, out.Tags)
		if !in.Now.IsZero() {
			a.Urgent = e.WithOpen(a.Urgent, in.Now)
		}
	}
	if len(out.Topics) == 0 {
		return a
	}
	sig := e.signals(out)
	subject := subjectOf(out, in.Browse)
	carerApart := out.ForCarer() && !in.Browse

	for i := range e.Catalog.Tips {
		t := &e.Catalog.Tips[i]
		topic := firstTopic(t.Topics, out.Topics, "")
		if topic == "" || !in.Browse && (!sig.has(t.Requires) || sig.any(t.Excludes)) {
			continue
		}
		// A tip is for whom its audiences and ages say, as a service is (a
		// tip for parents is not for a young person asking about
		// themselves; one about teenagers not for the parent of a baby).
		as := &catalog.Service{Audiences: t.Audiences, MinimumAge: t.MinimumAge, MaximumAge: t.MaximumAge}
		if _, ok := subject.fits(as, in.Browse, len(t.Requires) > 0); !ok {
			continue
		}
		ti := TipItem{Tip: t, Topic: topic}
		ti.Score, ti.Reasons = sig.match(topic, t.Tags, t.Requires, weightFocus)
		ti.Score += extraTopics(t.Topics, out.Topics)
		g := tipGroupFor(&a.Self, topic)
		g.Tips = append(g.Tips, ti)
	}
	for i := range a.Self {
		g := &a.Self[i]
		slices.SortStableFunc(g.Tips, func(x, y TipItem) int { return cmp.Compare(y.Score, x.Score) })
		// When the resident said what they need here and some tips match
		// it, a tip that matches nothing and belongs first to another need
		// is beside the point (saving energy, a money tip, for someone who
		// falls).
		if sig.toldAbout(g.Topic) && len(g.Tips[0].Reasons) > 0 {
			g.Tips = slices.DeleteFunc(g.Tips, func(ti TipItem) bool { return len(ti.Reasons) == 0 && ti.Tip.Topics[0] != g.Topic })
		}
	}

	for i := range e.Catalog.Services {
		s := &e.Catalog.Services[i]
		if s.Level == catalog.Urgent || !inArea(s, in) {
			continue
		}
		skip := ""
		if carerApart && s.Level != catalog.Custom {
			skip = CaringTopic
		}
		topic := firstTopic(s.Topics, out.Topics, skip)
		if topic == "" {
			continue
		}
		if !in.Browse && (!sig.has(s.Requires) || sig.any(s.Excludes)) {
			continue
		}
		if s.Level == catalog.Custom && !a.MaatwerkOpen && !in.Browse {
			continue // maatwerk only once the route is open
		}
		via, ok := subject.fits(s, in.Browse, len(s.Requires) > 0)
		if !ok {
			continue
		}
		it := e.item(s, topic, in)
		it.Score, it.Reasons = sig.match(topic, s.Tags, s.Requires, 0)
		if via == catalog.YoungPerson && !subject.young() {
			via = "" // an adult young enough for it, not its own group
		}
		it.Score += extraTopics(s.Topics, out.Topics) + bonus(via, it, in.Now)
		if via != catalog.Parent { // a parent's own age says nothing here
			it.Score -= weightPartlyAge * (1 - subject.ageShare(s))
		}
		var dst *[]Group
		switch s.Level {
		case catalog.Community:
			dst = &a.Community
		case catalog.General:
			dst = &a.General
		case catalog.Custom:
			dst = &a.Custom
		default:
			continue
		}
		g := groupFor(dst, topic)
		g.Items = append(g.Items, it)
	}
	for _, groups := range [][]Group{a.Community, a.General, a.Custom} {
		for i := range groups {
			slices.SortFunc(groups[i].Items, compareItems)
		}
	}
	orderGroups(a.Self, out.Topics, func(g TipGroup) string { return g.Topic })
	for _, groups := range [][]Group{a.Community, a.General, a.Custom} {
		orderGroups(groups, out.Topics, func(g Group) string { return g.Topic })
	}
	if carerApart {
		a.Carer = e.carer(in, sig)
		// A service for both (a memory café for people with dementia and
		// their carers) shows once, in the advice for the person.
		a.Carer.Items = slices.DeleteFunc(a.Carer.Items, func(it Item) bool { return a.lists(it.Service.ID) })
	}
	return a
}

// lists reports whether the community or general rung lists service id.
func (a Advice) lists(id string) bool {
	for _, g := range a.All() {
		if slices.ContainsFunc(g.Items, func(it Item) bool { return it.Service.ID == id }) {
			return true
		}
	}
	return false
}

// MaatwerkOpen is the rule for the route to customised support: it opens
// once the resident has seen the lower rungs and said they are not
// enough ("no" to "is this enough?"), or when an answer says the need
// cannot be met lower down.
func MaatwerkOpen(out flow.Outcome, enough string) bool {
	return enough == "no" || out.Escalate
}

// carer is the carer's own support: the caring topic's community and
// general services for the carer, ranked by their answer to how they are
// holding up (given in the flow or on the results).
func (e *Engine) carer(in Input, sig signals) *CarerAdvice {
	ca := &CarerAdvice{Answer: in.CarerCheck}
	if ca.Answer == nil {
		if q := e.Flow.Question(e.Flow.CarerCheck); q != nil {
			for _, an := range in.Outcome.Answers {
				if an.Question == q && len(an.Options) > 0 {
					ca.Answer = an.Options[0]
				}
			}
		}
	}
	own := sig
	if ca.Answer != nil {
		ca.First = ca.Answer.Strain
		if in.CarerCheck != nil {
			own = sig.with(e.Flow.Question(e.Flow.CarerCheck), in.CarerCheck)
		}
	}
	carer := person{carer: true}
	for i := range e.Catalog.Services {
		s := &e.Catalog.Services[i]
		if s.Level != catalog.Community && s.Level != catalog.General || !slices.Contains(s.Topics, CaringTopic) ||
			!inArea(s, in) || !own.has(s.Requires) || own.any(s.Excludes) {
			continue
		}
		via, ok := carer.fits(s, false, len(s.Requires) > 0)
		if !ok {
			continue
		}
		it := e.item(s, CaringTopic, in)
		it.Score, it.Reasons = own.match(CaringTopic, s.Tags, s.Requires, 0)
		it.Score += bonus(via, it, in.Now)
		ca.Items = append(ca.Items, it)
	}
	slices.SortFunc(ca.Items, func(x, y Item) int {
		if c := cmp.Compare(x.Level.Rank(), y.Level.Rank()); c != 0 {
			return c
		}
		return compareItems(x, y)
	})
	return ca
}

// item is a service with its nearest location and opening state.
func (e *Engine) item(s *catalog.Service, topic string, in Input) Item {
	it := Item{Service: s, Level: s.Level, Topic: topic}
	it.Location, it.DistanceKm, it.HasDistance = e.Catalog.Nearest(s, in.Place)
	if !in.Now.IsZero() {
		it.Open = e.Catalog.OpenState(s, in.Now)
	}
	return it
}

// Relevance weights; see signals.match and bonus.
const (
	// A tag from a question about this need (what kind of money trouble)
	// says more than one from a shared question (age, living alone).
	weightSpecific  = 3
	weightOtherNeed = 1.5
	weightShared    = 1
	// A condition the service is for (dementia, grief), named by the
	// resident.
	weightCondition = 2
	// Per chosen need beyond the first that the service also serves.
	weightExtraTopic = 1
	// A service for the person's own group (young people, parents,
	// carers) rather than for everyone.
	weightAudience = 2
	// Open now or within two days, and nearby.
	weightOpenSoon = 0.5
	weightNear     = 0.5
	nearKm         = 5
	openSoon       = 48 * time.Hour
	// A service whose ages hold only part of the person's age group loses
	// up to this much, by the share of the group outside its ages.
	weightPartlyAge = 3
	// An adviser when nothing specific matches.
	weightAdviser = 1
	// A tip whose tags are mostly the resident's gets up to this much
	// (a tip has one or two tags, each a need). Services get none: their
	// tags also say for whom and how (a home visit, free), which says
	// nothing about fit.
	weightFocus = 1
)

// bonus adds the points that do not come from answers: the audience the
// service was chosen for, being open now or soon after now, and being near.
func bonus(via catalog.Audience, it Item, now time.Time) float64 {
	b := 0.0
	if via != catalog.Resident && via != "" {
		b += weightAudience
	}
	if it.Open.Known && (it.Open.Open || !it.Open.Next.IsZero() && it.Open.Next.Sub(now) <= openSoon) {
		b += weightOpenSoon
	}
	if it.HasDistance && it.DistanceKm <= nearKm {
		b += weightNear
	}
	return b
}

// compareItems orders a group: most relevant first, then nearest (unknown
// distance last), then by id so the order is stable.
func compareItems(a, b Item) int {
	if c := cmp.Compare(b.Score, a.Score); c != 0 {
		return c
	}
	if a.HasDistance != b.HasDistance {
		if a.HasDistance {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(a.DistanceKm, b.DistanceKm); c != 0 {
		return c
	}
	return strings.Compare(a.Service.ID, b.Service.ID)
}

// extraTopics scores the chosen needs beyond the first that topics serve.
func extraTopics(topics, chosen []string) float64 {
	n := 0
	for _, t := range topics {
		if slices.Contains(chosen, t) {
			n++
		}
	}
	return float64(max(n-1, 0)) * weightExtraTopic
}

// firstTopic is the first of the resident's needs (in their order) that
// topics serve, leaving out skip; "" when none.
func firstTopic(topics, chosen []string, skip string) string {
	for _, t := range chosen {
		if t != skip && slices.Contains(topics, t) {
			return t
		}
	}
	return ""
}

// inArea reports whether the service serves the resident's place; a
// service without service areas serves everyone, and an unknown place
// fits every service, except a municipality's own services for someone
// who lives outside the region.
func inArea(s *catalog.Service, in Input) bool {
	if in.OutsideRegion && s.Local {
		return false
	}
	return in.Place == nil || len(s.ServiceAreas) == 0 || slices.Contains(s.ServiceAreas, in.Place.ID)
}

func groupFor(groups *[]Group, topic string) *Group {
	for i := range *groups {
		if (*groups)[i].Topic == topic {
			return &(*groups)[i]
		}
	}
	*groups = append(*groups, Group{Topic: topic})
	return &(*groups)[len(*groups)-1]
}

func tipGroupFor(groups *[]TipGroup, topic string) *TipGroup {
	for i := range *groups {
		if (*groups)[i].Topic == topic {
			return &(*groups)[i]
		}
	}
	*groups = append(*groups, TipGroup{Topic: topic})
	return &(*groups)[len(*groups)-1]
}

// orderGroups sorts groups by the resident's order of needs.
func orderGroups[G any](groups []G, topics []string, topic func(G) string) {
	slices.SortStableFunc(groups, func(a, b G) int {
		return cmp.Compare(slices.Index(topics, topic(a)), slices.Index(topics, topic(b)))
	})
}

// UrgentLines returns the urgent services, the most fitting first: those
// matching more of tags (the answer "I think of suicide" carries a tag
// the suicide prevention line has), then those sharing a topic, then in
// catalogue order. All of them are returned: in danger, one more number
// is better than one too few.
func (e *Engine) UrgentLines(topics, tags []string) []Item {
	type ranked struct {
		s           *catalog.Service
		tags, topic int
	}
	var rs []ranked
	for i := range e.Catalog.Services {
		s := &e.Catalog.Services[i]
		if s.Level != catalog.Urgent {
			continue
		}
		r := ranked{s: s}
		for _, t := range s.Tags {
			if slices.Contains(tags, t) {
				r.tags++
			}
		}
		if firstTopic(s.Topics, topics, "") != "" {
			r.topic = 1
		}
		rs = append(rs, r)
	}
	slices.SortStableFunc(rs, func(a, b ranked) int {
		if c := cmp.Compare(b.tags, a.tags); c != 0 {
			return c
		}
		return cmp.Compare(b.topic, a.topic)
	})
	out := make([]Item, len(rs))
	for i, r := range rs {
		out[i] = Item{Service: r.s, Level: catalog.Urgent, Topic: firstTopic(r.s.Topics, topics, ""), Score: float64(r.tags)}
	}
	return out
}

// WithOpen returns items with their opening state at now, for a channel
// that shows urgent lines without a whole Advice.
func (e *Engine) WithOpen(items []Item, now time.Time) []Item {
	for i := range items {
		items[i].Open = e.Catalog.OpenState(items[i].Service, now)
	}
	return items
}

// All returns the groups of the community and general rungs, in page
// order, for a channel that lists them together.
func (a Advice) All() []Group {
	return append(slices.Clip(a.Community), a.General...)
}

// Best is the best match per need on the community and general rungs:
// the most relevant service that matches an answer, or the first of the
// community rung when nothing matches. The printed summary offers these
// when the resident chose none.
func (a Advice) Best() []Item {
	var best []Item
	for _, t := range a.Topics {
		var top *Item
		for _, groups := range [][]Group{a.Community, a.General} {
			for _, g := range groups {
				if g.Topic != t || len(g.Items) == 0 {
					continue
				}
				if it := g.Items[0]; top == nil || len(top.Reasons) == 0 && len(it.Reasons) > 0 || len(it.Reasons) > 0 && it.Score > top.Score {
					top = &it
				}
			}
		}
		if top != nil {
			best = append(best, *top)
		}
	}
	return best
}
