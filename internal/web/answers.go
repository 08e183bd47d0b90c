package web

import (
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
)

// answerView is one question on the list of answers, in the resident's
// language: the question as it was asked (carer variant included) and
// the answers, or Skipped when it is asked but has no answer.
type answerView struct {
	QID      string
	Kind     flow.Kind
	Question string
	Values   []string
	Skipped  bool
	// Href changes (or gives) the answer and then goes back to the
	// results.
	Href string
}

// answerViews lists the counted answers as asked, in l's language, with
// links to change them under root. Place answers show the village's name
// or the postcode as typed.
func (s *server) answerViews(l *i18n.Localizer, root string, out flow.Outcome) []answerView {
	var views []answerView
	for _, a := range out.Answers {
		av := answerView{QID: a.Question.ID, Kind: a.Question.Kind, Question: s.Content.QuestionText(l, a.Question, out),
			Href: s.stepHref(root, a.Question.ID) + returnQuery(nil)}
		switch a.Question.Kind {
		case flow.Topics:
			for _, t := range a.Values {
				av.Values = append(av.Values, l.T("topic."+t))
			}
		case flow.Place:
			raw := a.Values[0]
			if p := s.Content.PlaceOf(raw); p != nil && strings.HasPrefix(raw, content.PlacePrefix) {
				raw = p.Name
			}
			av.Values = append(av.Values, raw)
		default:
			for _, o := range a.Options {
				av.Values = append(av.Values, s.Content.OptionLabel(l, o, out))
			}
		}
		views = append(views, av)
	}
	return views
}

// resultAnswers lists every question asked in st, in asking order, for
// the results: the counted answers as answerViews has them, and between
// them the questions without an answer (skipped, or dropped from a shared
// link), so the resident sees what is missing and can still answer it.
func (s *server) resultAnswers(l *i18n.Localizer, root string, st flow.State) []answerView {
	d := s.Content.Flow
	out := d.Outcome(st)
	answered := s.answerViews(l, root, out)
	var views []answerView
	for _, q := range d.Questions {
		if !d.Asked(q, st) {
			continue
		}
		// The counted answers are those of asked questions, in asking
		// order too: the next one is this question's, or it has none.
		if len(answered) > 0 && answered[0].QID == q.ID {
			views, answered = append(views, answered[0]), answered[1:]
			continue
		}
		views = append(views, answerView{QID: q.ID, Kind: q.Kind, Question: s.Content.QuestionText(l, q, out),
			Skipped: true, Href: s.stepHref(root, q.ID) + returnQuery(nil)})
	}
	return views
}

// A question opened from the list of answers on the results carries
// ?van=uitkomst, so that after the answer the resident goes back to the
// results instead of through the rest of the flow; and nog=a.b when the
// change opened further questions (a and b) to ask on the way back.
const (
	returnParam    = "van"
	returnValue    = "uitkomst"
	returnPending  = "nog"
	returnIDJoiner = "."
)

// returnQuery is the query string of a question on the way back to the
// results, with the questions still pending after it.
func returnQuery(pending []string) string {
	q := url.Values{returnParam: {returnValue}}
	if len(pending) > 0 {
		q.Set(returnPending, strings.Join(pending, returnIDJoiner))
	}
	return "?" + q.Encode()
}

// returning reports whether the resident came from the results to change
// an answer, and the questions pending on the way back.
func returning(c *fiber.Ctx) (bool, []string) {
	if c.Query(returnParam) != returnValue {
		return false, nil
	}
	var pending []string
	for _, id := range strings.Split(c.Query(returnPending), returnIDJoiner) {
		if id != "" {
			pending = append(pending, id)
		}
	}
	return true, pending
}
