package ladder

import (
	"slices"

	"github.com/wegwijzer/wegwijzer/internal/flow"
)

// signals is what the resident's answers say, tag by tag: which answers
// named each tag, and whether a question about one need named it.
type signals struct {
	reasons map[string][]Reason
	// needs are, per tag, the needs whose own questions named it (what
	// kind of money trouble); a tag named only by a shared question (age,
	// living alone) has none.
	needs  map[string][]string
	told   map[string]bool // needs the resident answered a question about
	topics []string        // the chosen needs
	// frame: answers that frame the whole page ("for someone I care
	// for"); they count, but a card does not repeat them as its reason.
	frame []*flow.Option
}

func (e *Engine) signals(out flow.Outcome) signals {
	s := signals{reasons: map[string][]Reason{}, needs: map[string][]string{}, told: map[string]bool{}, topics: out.Topics}
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
		if oneNeed && !slices.Contains(s.needs[t], q.Topics[0]) {
			s.needs[t] = append(s.needs[t], q.Topics[0])
		}
	}
	if q.ID == flow.WhoQuestion {
		s.frame = append(s.frame, o)
	}
}

// with returns a copy of s with the tags of o added.
func (s signals) with(q *flow.Question, o *flow.Option) signals {
	c := signals{reasons: map[string][]Reason{}, needs: map[string][]string{}, told: map[string]bool{}, topics: s.topics, frame: s.frame}
	for k, v := range s.reasons {
		c.reasons[k] = slices.Clone(v)
	}
	for k, v := range s.needs {
		c.needs[k] = slices.Clone(v)
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

// match scores tags and requires against the answers, for a service
// listed under topic: weightSpecific per tag named by a question about
// that need, weightOtherNeed per tag named by a question about another
// chosen need (a paperwork answer under money), weightShared per tag named
// only by a shared question (age, living alone), weightCondition per
// required condition named, up to focus for the share of its own tags
// that match answers about the need, and weightAdviser
// for an adviser (AdviserTag) when nothing about the need matches. It
// returns the answers that matched, those about the need first.
func (s signals) match(topic string, tags, requires []string, focus float64) (float64, []Reason) {
	score, ownN := 0.0, 0
	var own, other, shared []Reason
	addReasons := func(dst *[]Reason, rs []Reason) {
		for _, r := range rs {
			if !slices.Contains(own, r) && !slices.Contains(other, r) && !slices.Contains(shared, r) {
				*dst = append(*dst, r)
			}
		}
	}
	for _, t := range tags {
		rs := s.reasons[t]
		switch {
		case len(rs) == 0:
		case slices.Contains(s.needs[t], topic):
			ownN++
			score += weightSpecific
			addReasons(&own, rs)
		case len(s.needs[t]) > 0:
			score += weightOtherNeed
			addReasons(&other, rs)
		default:
			score += weightShared
			addReasons(&shared, rs)
		}
	}
	for _, c := range requires {
		if rs := s.reasons[c]; len(rs) > 0 {
			score += weightCondition
			addReasons(&own, rs)
		}
	}
	if ownN > 0 {
		score += focus * float64(ownN) / float64(len(tags))
	} else if slices.Contains(tags, AdviserTag) {
		score += weightAdviser
	}
	shared = slices.DeleteFunc(shared, func(r Reason) bool { return slices.Contains(s.frame, r.Option) })
	return score, slices.Concat(own, other, shared)
}
