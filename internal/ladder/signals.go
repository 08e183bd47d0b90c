package ladder

import (
	"slices"

	"github.com/wegwijzer/wegwijzer/internal/flow"
)

// signals is what the resident's answers say, tag by tag: which answers
// named each tag, and whether a question about one need named it.
type signals struct {
	reasons  map[string][]Reason
	specific map[string]bool
	told     map[string]bool // needs the resident answered a question about
	topics   []string        // the chosen needs
	// frame: answers that frame the whole page ("for someone I care
	// for"); they count, but a card does not repeat them as its reason.
	frame []*flow.Option
}

func (e *Engine) signals(out flow.Outcome) signals {
	s := signals{reasons: map[string][]Reason{}, specific: map[string]bool{}, told: map[string]bool{}, topics: out.Topics}
	for _, a := range out.Answers {
		for _, o := range a.Options {
			s.add(a.Question, o)
		}
	}
	return s
}

// add records the tags of option o of question q.
func (s *signals) add(q *flow.Question, o *flow.Option) {
	oneNeed := len(q.Topics) == 1
	if oneNeed && len(o.Tags) > 0 {
		s.told[q.Topics[0]] = true
	}
	for _, t := range o.Tags {
		if !slices.ContainsFunc(s.reasons[t], func(r Reason) bool { return r.Option == o }) {
			s.reasons[t] = append(s.reasons[t], Reason{Question: q, Option: o})
		}
		s.specific[t] = s.specific[t] || oneNeed
	}
	if q.ID == flow.WhoQuestion {
		s.frame = append(s.frame, o)
	}
}

// with returns a copy of s with the tags of o added.
func (s signals) with(q *flow.Question, o *flow.Option) signals {
	c := signals{reasons: map[string][]Reason{}, specific: map[string]bool{}, told: map[string]bool{}, topics: s.topics, frame: s.frame}
	for k, v := range s.reasons {
		c.reasons[k] = slices.Clone(v)
	}
	for k, v := range s.specific {
		c.specific[k] = v
	}
	for k, v := range s.told {
		c.told[k] = v
	}
	if q != nil {
		c.add(q, o)
	}
	return c
}

// has reports whether the answers name one of the conditions in
// requires (none: always): a tag of an answer, or a chosen need.
func (s signals) has(requires []string) bool {
	for _, c := range requires {
		if len(s.reasons[c]) > 0 || slices.Contains(s.topics, c) {
			return true
		}
	}
	return len(requires) == 0
}

// any reports whether the answers name one of conds (tags only).
func (s signals) any(conds []string) bool {
	return slices.ContainsFunc(conds, func(c string) bool { return len(s.reasons[c]) > 0 })
}

// toldAbout reports whether the resident said what they need within topic
// (an answer with tags to a question about that need alone).
func (s signals) toldAbout(topic string) bool { return s.told[topic] }

// match scores tags and requires against the answers: weightSpecific per
// tag named by a question about one need, weightShared per tag named only
// by a shared question (age, living alone), weightCondition per required
// condition named, up to weightFocus for the share of the service's own
// tags that match answers about a need, and weightAdviser for an adviser
// (AdviserTag) when nothing specific matches. It returns the answers that
// matched, those about one need first.
func (s signals) match(tags, requires []string) (float64, []Reason) {
	score, specificN := 0.0, 0
	var specific, shared []Reason
	addReasons := func(dst *[]Reason, rs []Reason) {
		for _, r := range rs {
			if !slices.Contains(specific, r) && !slices.Contains(shared, r) {
				*dst = append(*dst, r)
			}
		}
	}
	for _, t := range tags {
		rs := s.reasons[t]
		if len(rs) == 0 {
			continue
		}
		if s.specific[t] {
			specificN++
			score += weightSpecific
			addReasons(&specific, rs)
		} else {
			score += weightShared
			addReasons(&shared, rs)
		}
	}
	for _, c := range requires {
		if rs := s.reasons[c]; len(rs) > 0 {
			score += weightCondition
			addReasons(&specific, rs)
		}
	}
	if specificN > 0 {
		score += weightFocus * float64(specificN) / float64(len(tags))
	} else if slices.Contains(tags, AdviserTag) {
		score += weightAdviser
	}
	shared = slices.DeleteFunc(shared, func(r Reason) bool { return slices.Contains(s.frame, r.Option) })
	return score, append(specific, shared...)
}
