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
	if len(q.Topics) > 0 && !d.anyTopicChosen(st, q.Topics) {
		return false
	}
	for _, c := range q.When {
		if !d.holds(c, st) {
			return false
		}
	}
	return true
}

func (d *Def) holds(c Condition, st State) bool {
	q := d.Question(c.Question)
	if q == nil || !d.Asked(q, st) {
		// An answer that no longer counts satisfies no "in" condition.
		return len(c.In) == 0
	}
	got := st.Answers[c.Question]
	if len(c.In) > 0 && !overlaps(got, c.In) {
		return false
	}
	return !overlaps(got, c.NotIn)
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

// Progress returns the 1-based position of qid among the questions asked
// in st and how many are asked: "step 2 of 4". Both change as answers
// change which questions are asked.
func (d *Def) Progress(st State, qid string) (pos, total int) {
	for _, q := range d.Questions {
		if !d.Asked(q, st) {
			continue
		}
		total++
		if q.ID == qid {
			pos = total
		}
	}
	return pos, total
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
	case Topics:
		for _, v := range clean {
			if !slices.Contains(d.Topics, v) {
				return nil, &InputError{MsgID: "error.unknown_option"}
			}
		}
		return clean, nil
	case Single:
		if len(clean) > 1 {
			return nil, &InputError{MsgID: "error.choose_one"}
		}
	}
	for _, v := range clean {
		if q.Option(v) == nil {
			return nil, &InputError{MsgID: "error.unknown_option"}
		}
	}
	return clean, nil
}
