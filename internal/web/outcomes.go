package web

import (
	"slices"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/ladder"
	"github.com/wegwijzer/wegwijzer/internal/outcomes"
)

// The anonymous outcome counts (package outcomes). A session remembers
// what of it was counted, so each thing counts once; the counts go to
// the day the session started, and only once the session is saved: a
// count is never made for something the store did not keep.

// outMarks is what a session remembers of its counting.
type outMarks struct {
	Day string `json:"d"` // the day it started: its counts go there
	// Last is the last question it answered, counted as where it stopped.
	Last   string   `json:"l,omitempty"`
	Needs  bool     `json:"n,omitempty"` // its needs were counted
	Enough bool     `json:"e,omitempty"` // its answer to "is this enough?" was counted
	Urgent []string `json:"u,omitempty"` // the urgent signals counted
}

// marks are the session's marks, begun today when it has none.
func (s *server) marks(ss *sess) *outMarks {
	if ss.data.Out == nil {
		ss.data.Out = &outMarks{Day: outcomes.Day(s.Now(), s.loc)}
	}
	return ss.data.Out
}

// count queues counts for when the session is next saved.
func (ss *sess) count(incs ...outcomes.Inc) { ss.pending = append(ss.pending, incs...) }

// answered counts question q as the last one the session answered.
func (s *server) answered(ss *sess, q string) {
	m := s.marks(ss)
	ss.count(outcomes.Answered(m.Last, q)...)
	m.Last = q
}

// channelOf is where a session starts: the desk, the chat or the flow.
func channelOf(c *fiber.Ctx) string {
	switch {
	case isDesk(c):
		return outcomes.Desk
	case c.Route().Name == routeAPIChat || langRest(c) == pathChat:
		return outcomes.Chat
	}
	return outcomes.Flow
}

// tally is what saving the session makes true, to be counted once the
// store has kept it: a session started, the needs of a session that
// reached its results, urgent help shown, and what the handlers queued.
func (s *server) tally(c *fiber.Ctx, ss *sess) (string, []outcomes.Inc) {
	var incs []outcomes.Inc
	if ss.id == "" {
		incs = append(incs, outcomes.Started(channelOf(c), langOf(c)))
	}
	m := s.marks(ss)
	incs = append(incs, ss.pending...)
	ss.pending = nil
	st := ss.data.Flow
	if len(st.Answers) == 0 {
		return m.Day, incs
	}
	out := s.Content.Flow.Outcome(st)
	// A resident of another municipality of the region is counted
	// there, by its portal, which saves the session next.
	if !m.Needs && st.At == flow.AtResults && len(out.Topics) > 0 && s.livesElsewhere(ss) == nil {
		m.Needs = true
		village := s.village(out)
		for _, t := range out.Topics {
			incs = append(incs, outcomes.Need(t, village))
		}
		who := out.Who
		if who == "" {
			who = "unknown"
		}
		incs = append(incs, outcomes.For(who))
	}
	for _, sig := range urgentSignals(s.Content.Flow, out) {
		if !slices.Contains(m.Urgent, sig) {
			m.Urgent = append(m.Urgent, sig)
			incs = append(incs, outcomes.Urgent(sig))
		}
	}
	return m.Day, incs
}

// village is the place id of the answers: "" when not given, "outside"
// for a place outside the municipality.
func (s *server) village(out flow.Outcome) string {
	if out.Place == "" {
		return ""
	}
	if p := s.Content.PlaceOf(out.Place); p != nil {
		return p.ID
	}
	return "outside"
}

// urgentSignals are why the answers show urgent help: an urgent topic
// ("topic-safety") or an urgent answer ("question-option").
func urgentSignals(d *flow.Def, out flow.Outcome) []string {
	if !out.Urgent {
		return nil
	}
	var sigs []string
	for _, t := range out.Topics {
		if slices.Contains(d.UrgentTopics, t) {
			sigs = append(sigs, "topic-"+t)
		}
	}
	for _, a := range out.Answers {
		for _, o := range a.Options {
			if o.Urgent {
				sigs = append(sigs, a.Question.ID+"-"+o.ID)
			}
		}
	}
	return sigs
}

// countEnough counts the session's first answer to "is this enough?",
// for each of its topics with the highest rung it was shown for it.
func (s *server) countEnough(ss *sess, answer string) {
	m := s.marks(ss)
	if m.Enough {
		return
	}
	m.Enough = true
	a, out, _ := s.advice(ss)
	village := s.village(out)
	for _, t := range out.Topics {
		ss.count(outcomes.Enough(t, village, highestRung(a, t), answer))
	}
}

// highestRung is the highest rung of the ladder with help for topic in
// the advice: what the resident had seen when they answered.
func highestRung(a ladder.Advice, topic string) string {
	has := func(groups []ladder.Group) bool {
		return slices.ContainsFunc(groups, func(g ladder.Group) bool { return g.Topic == topic && len(g.Items) > 0 })
	}
	switch {
	case has(a.Custom):
		return string(catalog.Custom)
	case has(a.General):
		return string(catalog.General)
	case has(a.Community):
		return string(catalog.Community)
	case slices.ContainsFunc(a.Self, func(g ladder.TipGroup) bool { return g.Topic == topic && len(g.Tips) > 0 }):
		return string(catalog.Self)
	}
	return "none"
}
