package web

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
)

// stepHref is the URL of a flow step, a question or the results, under
// root: "/nl" on the resident's pages, "/nl/balie" at the desk.
func (s *server) stepHref(root, at string) string {
	if at == flow.AtResults {
		return root + pathResults
	}
	return root + pathQuestion + "/" + at
}

// optionView is an option as shown: Label is already translated (a
// carer's variant names the person cared for); Hint is a message id.
type optionView struct {
	ID, Label, Hint string
	Icon            string
	Checked         bool
	// Other is the label in the staff member's language, at the desk.
	Other string
}

type questionView struct {
	page
	Q    *flow.Question
	Text string // the question in the resident's language, carer variant applied
	// OtherText is the question in the staff member's language, at the
	// desk.
	OtherText string
	Multi     bool
	Options   []optionView
	Pos       int
	Total     int
	BackHref  string
	// Action is where the form goes: the question itself, with the way
	// back to the results when the resident came from there.
	Action string
	// Error is a message id telling the resident how to correct the answer.
	Error string
	// Place questions: the value typed and the villages to pick from.
	PlaceValue string
	Places     []catalog.Place
	PlaceID    string
}

func (s *server) question(c *fiber.Ctx) error {
	ss := sessionOf(c)
	q := s.Content.Flow.Question(c.Params("qid"))
	if q == nil {
		return fiber.ErrNotFound
	}
	if !s.Content.Flow.Asked(q, ss.data.Flow) {
		// A stale link (an earlier answer changed): go to where they are.
		return c.Redirect(s.resumeHref(c), fiber.StatusSeeOther)
	}
	// Remembering the place is a convenience for a resident who has
	// answered; a visitor who only looks gets no session.
	if ss.id != "" && ss.data.Flow.At != q.ID && !ss.unavailable {
		ss.setAt(q.ID)
		_ = s.save(c, ss)
	}
	return s.renderQuestion(c, q, ss.data.Flow.Answers[q.ID], "", fiber.StatusOK)
}

func (s *server) resumeHref(c *fiber.Ctx) string {
	st := sessionOf(c).data.Flow
	if st.At != "" {
		if q := s.Content.Flow.Question(st.At); q != nil && s.Content.Flow.Asked(q, st) {
			return s.stepHref(rootOf(c), st.At)
		}
		if st.At == flow.AtResults {
			return s.stepHref(rootOf(c), st.At)
		}
	}
	if first := s.Content.Flow.First(st); first != nil {
		return s.stepHref(rootOf(c), first.ID)
	}
	return flowPath(c, pathHome)
}

// renderQuestion shows q with the given (possibly rejected) values, so
// nothing the resident entered is lost on an error.
func (s *server) renderQuestion(c *fiber.Ctx, q *flow.Question, values []string, errID string, status int) error {
	ss := sessionOf(c)
	st := ss.data.Flow
	d := s.Content.Flow
	pos, total := d.Progress(st, q.ID)
	out := d.Outcome(st)
	l := s.Content.Messages.Localizer(langOf(c))
	v := questionView{Q: q, Text: s.Content.QuestionText(l, q, out), Pos: pos, Total: total, Error: errID,
		Multi: q.Kind == flow.Multi || q.Kind == flow.Topics}
	title := v.Text
	if errID != "" {
		title = l.T("error.title_prefix") + " " + title
	}
	v.page = s.page(c, "question.title", "Question", title, "Step", pos, "Total", total)
	v.Urgent = out.Urgent
	checked := func(id string) bool {
		for _, x := range values {
			if x == id {
				return true
			}
		}
		return false
	}
	// At the desk each text also goes in the staff member's language, l2.
	var l2 *i18n.Localizer
	if v.Desk != nil && v.Desk.Other != nil {
		l2 = v.Desk.Other.L
		v.OtherText = s.Content.QuestionText(l2, q, out)
	}
	switch q.Kind {
	case flow.Topics:
		for _, t := range d.Topics {
			o := optionView{ID: t, Label: l.T("topic." + t), Hint: "topic." + t + ".hint", Icon: t, Checked: checked(t)}
			if l2 != nil {
				o.Other = l2.T("topic." + t)
			}
			v.Options = append(v.Options, o)
		}
	case flow.Place:
		v.Places = s.Content.Catalog.Places
		if len(values) > 0 {
			if strings.HasPrefix(values[0], content.PlacePrefix) {
				v.PlaceID = strings.TrimPrefix(values[0], content.PlacePrefix)
			} else {
				v.PlaceValue = values[0]
			}
		}
	default:
		for _, opt := range q.Options {
			o := optionView{ID: opt.ID, Label: s.Content.OptionLabel(l, opt, out), Checked: checked(opt.ID)}
			if l2 != nil {
				o.Other = s.Content.OptionLabel(l2, opt, out)
			}
			v.Options = append(v.Options, o)
		}
		if v.Desk != nil {
			v.Options = withoutDeskOption(q, v.Options)
		}
	}
	v.Action = s.stepHref(v.Root, q.ID)
	if fromResults, pending := returning(c); fromResults {
		// Came from the results: back goes there, and so does the form
		// after the answer (the pending questions first).
		query := returnQuery(pending)
		v.Action += query
		v.BackHref = s.stepHref(v.Root, flow.AtResults)
		if c.Method() != fiber.MethodGet {
			// The page keeps the query of a GET only; a form shown again
			// with an error keeps the way back in every language too.
			for i := range v.Langs {
				v.Langs[i].Href += query
			}
			v.Rest += query
		}
	} else if prev := d.Prev(st, q.ID); prev != nil {
		v.BackHref = s.stepHref(v.Root, prev.ID)
	} else {
		v.BackHref = v.Root + pathHome
	}
	return s.views.render(c, status, "question", v)
}

// answer takes a question form: action "skip" skips, anything else
// answers. An answer the resident can correct shows the question again
// with their input and a message saying what to do.
func (s *server) answer(c *fiber.Ctx) error {
	ss := sessionOf(c)
	d := s.Content.Flow
	q := d.Question(c.Params("qid"))
	if q == nil {
		return fiber.ErrNotFound
	}
	var values []string
	for _, v := range c.Request().PostArgs().PeekMulti("answer") {
		values = append(values, string(v))
	}
	var (
		st   flow.State
		next *flow.Question
		err  error
	)
	if c.FormValue("action") == "skip" {
		st, next, err = d.Skip(ss.data.Flow, q.ID)
	} else {
		if q.Kind == flow.Place {
			var msg string
			values, msg = s.placeAnswer(c.FormValue("postcode"), c.FormValue("village"))
			if msg != "" {
				return s.renderQuestion(c, q, []string{c.FormValue("postcode")}, msg, fiber.StatusUnprocessableEntity)
			}
		}
		st, next, err = d.Answer(ss.data.Flow, q.ID, values)
	}
	var ie *flow.InputError
	switch {
	case errors.As(err, &ie):
		return s.renderQuestion(c, q, values, ie.MsgID, fiber.StatusUnprocessableEntity)
	case errors.Is(err, flow.ErrNotAsked):
		return c.Redirect(s.resumeHref(c), fiber.StatusSeeOther)
	case err != nil:
		return err
	}
	query := ""
	if fromResults, pending := returning(c); fromResults {
		// Came from the results: back there, unless the answer opened
		// questions that have no answer yet; those come first.
		detour := d.Detour(ss.data.Flow, st, q.ID, pending)
		next, st.At = nil, flow.AtResults
		if len(detour) > 0 {
			next, st.At = detour[0], detour[0].ID
			var rest []string
			for _, p := range detour[1:] {
				rest = append(rest, p.ID)
			}
			query = returnQuery(rest)
		}
	}
	ss.setAnswers(st)
	s.answered(ss, q.ID)
	if err := s.save(c, ss); err != nil {
		return s.renderQuestion(c, q, values, "error.session_unavailable", fiber.StatusServiceUnavailable)
	}
	if next == nil {
		return c.Redirect(flowPath(c, pathResults), fiber.StatusSeeOther)
	}
	return c.Redirect(s.stepHref(rootOf(c), next.ID)+query, fiber.StatusSeeOther)
}

// placeAnswer turns the place form into a flow value: a village chosen
// from the list ("place:<id>") or a checked postcode ("1234 AB"). A
// postcode outside the municipality is accepted (results are then not
// sorted by distance); a malformed one is not.
func (s *server) placeAnswer(postcode, village string) ([]string, string) {
	postcode = strings.TrimSpace(postcode)
	if postcode != "" {
		p, err := catalog.ParsePostcode(postcode)
		if err != nil {
			return nil, "error.postcode"
		}
		return []string{p.String()}, ""
	}
	if village != "" {
		if s.Content.Catalog.Place(village) == nil {
			return nil, "error.place_unknown"
		}
		return []string{content.PlacePrefix + village}, ""
	}
	return nil, "error.place_empty"
}
