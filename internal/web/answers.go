package web

import (
	"strings"

	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
)

// answerView is one counted answer, in the resident's language: the
// question as it was asked (carer variant included) and the answers.
type answerView struct {
	QID      string
	Kind     flow.Kind
	Question string
	Values   []string
	Href     string
}

// answerViews lists the counted answers as asked, in l's language, with
// links to change them under root. Place answers show the village's name
// or the postcode as typed.
func (s *server) answerViews(l *i18n.Localizer, root string, out flow.Outcome) []answerView {
	var views []answerView
	for _, a := range out.Answers {
		av := answerView{QID: a.Question.ID, Kind: a.Question.Kind, Question: s.Content.QuestionText(l, a.Question, out),
			Href: s.stepHref(root, a.Question.ID)}
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
