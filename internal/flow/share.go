package flow

import (
	"net/url"
	"strings"
)

// valueSep joins the values of one answer in a shared link; option and
// topic ids never contain it.
const valueSep = "."

// Encode turns the answers that count into query parameters, one per
// question: who=carer&topics=care.household&place=9991+AB. It holds the
// answers only, nothing a resident typed about themselves beyond a
// postcode or village, so a link made from it can be shared.
func (d *Def) Encode(st State) url.Values {
	v := url.Values{}
	for _, a := range d.Outcome(st).Answers {
		v.Set(a.Question.ID, strings.Join(a.Values, valueSep))
	}
	return v
}

// Decode rebuilds a state from Encode's parameters by answering the
// questions in asking order, as a resident would, so conditions and checks
// hold exactly as in the flow. Place answers go through place, which
// returns the flow's value for what was in the link, or false. Decode
// returns the state (at the results) and how many answers it had to leave
// out, wholly or in part, because they no longer fit the flow: a
// multi-choice or topics answer keeps the values that still fit (a
// retired option costs the resident only that option), any other answer
// with a value that does not fit goes. Parameters that name no question
// are ignored.
func (d *Def) Decode(v url.Values, place func(string) (string, bool)) (State, int) {
	st := State{Answers: map[string][]string{}}
	dropped := 0
	for _, q := range d.Questions {
		raw := v.Get(q.ID)
		if raw == "" {
			continue
		}
		if !d.Asked(q, st) {
			dropped++
			continue
		}
		values := strings.Split(raw, valueSep)
		partly := false
		switch q.Kind {
		case Place:
			p, ok := place(raw)
			if !ok {
				dropped++
				continue
			}
			values = []string{p}
		case Multi, Topics:
			values, partly = d.fitting(q, values)
		}
		next, _, err := d.Answer(st, q.ID, values)
		if err != nil || partly {
			dropped++
		}
		if err == nil {
			st = next
		}
	}
	st.At = AtResults
	return st, dropped
}

// fitting returns the values that fit q, and whether any did not. Blank
// values are no values: "money..care" means money and care.
func (d *Def) fitting(q *Question, values []string) (kept []string, lost bool) {
	for _, v := range values {
		switch {
		case strings.TrimSpace(v) == "":
		case d.fits(q, strings.TrimSpace(v)):
			kept = append(kept, v)
		default:
			lost = true
		}
	}
	return kept, lost
}

// Refit fits answers given under another version of the flow (before the
// content was reloaded) to this one, by the path a shared link takes:
// the answers that counted are encoded and decoded again (Encode,
// Decode), so an answer that no longer fits is dropped, or partly
// dropped, exactly as it would be from a link. Answers kept for
// questions not asked do not travel. The resident stays on the question
// they were on while it is still asked, and otherwise goes to the first
// asked question without an answer (or the results). Refit returns the
// new state and how many answers it had to leave out.
func (d *Def) Refit(st State, place func(string) (string, bool)) (State, int) {
	fitted, dropped := d.Decode(d.Encode(st), place)
	switch at := st.At; {
	case at == "" || at == AtResults:
		fitted.At = at
	case d.Question(at) != nil && d.Asked(d.Question(at), fitted):
		fitted.At = at
	default:
		fitted.At = AtResults
		for _, q := range d.Questions {
			if len(fitted.Answers[q.ID]) == 0 && d.Asked(q, fitted) {
				fitted.At = q.ID
				break
			}
		}
	}
	return fitted, dropped
}
