package flow

import (
	"errors"
	"slices"
	"strings"
)

// MaxPlaceLen bounds a free-text place answer (a postcode or a village).
const MaxPlaceLen = 80

// Errors for answers that do not fit the flow. InputError carries a
// message id for the resident; the others mean a stale or forged request.
var (
	ErrUnknownQuestion = errors.New("flow: unknown question")
	ErrNotAsked        = errors.New("flow: question is not asked in this state")
)

// InputError is an answer the resident can correct; MsgID names the
// message that tells them how.
type InputError struct{ MsgID string }

func (e *InputError) Error() string { return "flow: invalid answer: " + e.MsgID }

// State is a resident's progress: the answers given so far and the step
// they are on. Answers to questions that are no longer asked (because an
// earlier answer changed) are kept, so changing an answer back restores
// them, but they do not count.
type State struct {
	Answers map[string][]string `json:"a,omitempty"`
	// At is the id of the question the resident is on, AtResults when they
	// have reached the results, or "" before the first question.
	At string `json:"at,omitempty"`
}

// AtResults is State.At once the resident has reached the results.
const AtResults = "_results"

// Asked reports whether q is asked given the answers in st.
func (d *Def) Asked(q *Question, st State) bool {
	return d.askedFrom(q, st, len(d.Questions)) == triYes
}

// tri is the value of a condition while some answers may still change:
// no, maybe, or yes.
type tri int8

const (
	triNo tri = iota
	triMaybe
	triYes
)

func triOf(b bool) tri {
	if b {
		return triYes
	}
	return triNo
}

// askedFrom reports whether q is asked given st, when the answers to the
// questions from index from on (in asking order) may still change: a
// condition on such a question is maybe. With from past the last
// question every answer is final and the result is yes or no, which is
// Asked. The topics question scopes questions by its answer as it is,
// even when that may still change: counting every question of every
// topic before the topics are chosen would not be honest either.
func (d *Def) askedFrom(q *Question, st State, from int) tri {
	if len(q.Topics) > 0 && !d.anyTopicChosen(st, q.Topics) {
		return triNo
	}
	res := triYes
	for _, c := range q.When {
		switch d.holds(c, st, from) {
		case triNo:
			return triNo
		case triMaybe:
			res = triMaybe
		}
	}
	return res
}

func (d *Def) holds(c Condition, st State, from int) tri {
	i, known := d.byID[c.Question]
	if !known {
		return triOf(len(c.In) == 0)
	}
	if i >= from {
		return triMaybe
	}
	switch d.askedFrom(d.Questions[i], st, from) {
	case triNo:
		// An answer that no longer counts satisfies no "in" condition.
		return triOf(len(c.In) == 0)
	case triMaybe:
		return triMaybe
	}
	got := st.Answers[c.Question]
	if len(c.In) > 0 && !overlaps(got, c.In) {
		return triNo
	}
	return triOf(!overlaps(got, c.NotIn))
}

func (d *Def) anyTopicChosen(st State, topics []string) bool {
	return overlaps(d.chosenTopics(st), topics)
}

func (d *Def) chosenTopics(st State) []string {
	for _, q := range d.Questions {
		if q.Kind == Topics {
			return st.Answers[q.ID]
		}
	}
	return nil
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// First returns the first question asked, or nil when the flow is empty.
func (d *Def) First(st State) *Question { return d.after(st, -1) }

// Next returns the question after qid, or nil when the results come next.
func (d *Def) Next(st State, qid string) *Question {
	i, ok := d.byID[qid]
	if !ok {
		return d.First(st)
	}
	return d.after(st, i)
}

func (d *Def) after(st State, i int) *Question {
	for _, q := range d.Questions[i+1:] {
		if d.Asked(q, st) {
			return q
		}
	}
	return nil
}

// Prev returns the question before qid (AtResults: the last question), or
// nil when qid is the first, meaning "back to the start page".
func (d *Def) Prev(st State, qid string) *Question {
	end := len(d.Questions)
	if i, ok := d.byID[qid]; ok {
		end = i
	}
	for i := end - 1; i >= 0; i-- {
		if q := d.Questions[i]; d.Asked(q, st) {
			return q
		}
	}
	return nil
}

// Progress returns the 1-based position of qid and the number of steps:
// "step 2 of 4". The steps are the questions asked in st, counting as
// asked every question that the answers to qid and the questions after it
// could still make asked. Going forward the answers behind the resident
// settle one by one, so once the topics are chosen (they bring their own
// questions) the total never grows; it shrinks when an answer rules
// questions out. A qid that is not asked has position 0.
func (d *Def) Progress(st State, qid string) (pos, total int) {
	from, ok := d.byID[qid]
	if !ok {
		from = len(d.Questions)
	}
	for _, q := range d.Questions {
		if d.askedFrom(q, st, from) == triNo {
			continue
		}
		total++
		if q.ID == qid {
			pos = total
		}
	}
	return pos, total
}

// Detour is what a resident who came from the results to change the
// answer to qid still has to answer before going back there: the
// questions that the change (from before to after) made asked, and those
// of pending (left from an earlier change) that are still asked, as far
// as they have no answer, in asking order. A question that was asked
// before the change is not asked again: its answer, or its skip, stands.
// Empty: back to the results.
func (d *Def) Detour(before, after State, qid string, pending []string) []*Question {
	var out []*Question
	for _, q := range d.Questions {
		if q.ID == qid || len(after.Answers[q.ID]) > 0 || !d.Asked(q, after) {
			continue
		}
		if !d.Asked(q, before) || slices.Contains(pending, q.ID) {
			out = append(out, q)
		}
	}
	return out
}

// Answer records values as the answer to qid and returns the new state and
// the next question (nil: the results). The state passed in is not
// modified. An answer the resident can correct returns an *InputError.
func (d *Def) Answer(st State, qid string, values []string) (State, *Question, error) {
	q := d.Question(qid)
	if q == nil {
		return st, nil, ErrUnknownQuestion
	}
	if !d.Asked(q, st) {
		return st, nil, ErrNotAsked
	}
	values, err := d.check(q, values)
	if err != nil {
		return st, q, err
	}
	st = st.with(qid, values)
	next := d.Next(st, qid)
	st.At = atOf(next)
	return st, next, nil
}

// Skip removes any answer to qid and moves on, as Answer does.
func (d *Def) Skip(st State, qid string) (State, *Question, error) {
	q := d.Question(qid)
	if q == nil {
		return st, nil, ErrUnknownQuestion
	}
	if !d.Asked(q, st) {
		return st, nil, ErrNotAsked
	}
	st = st.with(qid, nil)
	next := d.Next(st, qid)
	st.At = atOf(next)
	return st, next, nil
}

func atOf(q *Question) string {
	if q == nil {
		return AtResults
	}
	return q.ID
}

// with returns a copy of st with qid's answer replaced (nil removes it).
func (st State) with(qid string, values []string) State {
	answers := make(map[string][]string, len(st.Answers)+1)
	for k, v := range st.Answers {
		answers[k] = v
	}
	if len(values) == 0 {
		delete(answers, qid)
	} else {
		answers[qid] = values
	}
	st.Answers = answers
	return st
}

// check validates and normalises the values for q: known options only,
// no duplicates, one value for single-choice and place questions.
func (d *Def) check(q *Question, values []string) ([]string, error) {
	var clean []string
	for _, v := range values {
		v = strings.TrimSpace(v)
		if v != "" && !slices.Contains(clean, v) {
			clean = append(clean, v)
		}
	}
	if len(clean) == 0 {
		if q.Kind == Place {
			return nil, &InputError{MsgID: "error.place_empty"}
		}
		return nil, &InputError{MsgID: "error.choose_or_skip"}
	}
	switch q.Kind {
	case Place:
		if len(clean) > 1 {
			return nil, &InputError{MsgID: "error.choose_one"}
		}
		if len([]rune(clean[0])) > MaxPlaceLen {
			return nil, &InputError{MsgID: "error.place_unknown"}
		}
		return clean, nil
	case Single:
		if len(clean) > 1 {
			return nil, &InputError{MsgID: "error.choose_one"}
		}
	}
	for _, v := range clean {
		if !d.fits(q, v) {
			return nil, &InputError{MsgID: "error.unknown_option"}
		}
	}
	return clean, nil
}

// fits reports whether v is one of the values q offers: a topic of the
// flow for a topics question, an option's id for a choice. Any value
// fits a place question; the caller checks it.
func (d *Def) fits(q *Question, v string) bool {
	switch q.Kind {
	case Place:
		return true
	case Topics:
		return slices.Contains(d.Topics, v)
	}
	return q.Option(v) != nil
}
