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
