package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/internal/ladder"
	"github.com/wegwijzer/wegwijzer/internal/web/view"
)

// carerView is the carer's own part of their results: how they are
// holding up (the flow's carer check) and the support that fits.
type carerView struct {
	Question string // the check, in the resident's language
	Options  []optionView
	Answer   string // the chosen option, "" before the check
	// AnswerLabel is the chosen option's label; with it, the check folds
	// away behind "change my answer". Empty while the check needs an
	// answer or shows an error.
	AnswerLabel string
	Advice      string // message id said after the answer
	Error       string // message id when the check was sent without a choice
	// First: the carer said the care weighs on them, so this part comes
	// before the advice for the person they care for.
	First    bool
	Services []view.Service
	More     []view.Service
}

// carerSupport renders the carer's part of the results from the ladder
// engine's advice; nil when the flow has no carer check or the resident
// is not a carer.
func (s *server) carerSupport(l *i18n.Localizer, out flow.Outcome, ca *ladder.CarerAdvice) *carerView {
	d := s.Content.Flow
	check := d.Question(d.CarerCheck)
	if ca == nil || check == nil {
		return nil
	}
	v := &carerView{Question: l.T(check.Text), First: ca.First}
	if ca.Answer != nil {
		v.Answer, v.Advice = ca.Answer.ID, ca.Answer.Advice
	}
	for _, o := range check.Options {
		v.Options = append(v.Options, optionView{ID: o.ID, Label: l.T(o.Label), Checked: o.ID == v.Answer})
		if o.ID == v.Answer {
			v.AnswerLabel = l.T(o.Label)
		}
	}
	svcs := s.serviceViews(l, out, ca.Items)
	n := min(len(svcs), carerShownFirst)
	v.Services, v.More = svcs[:n], svcs[n:]
	return v
}

// carerCheck takes the carer's answer to how they are holding up and
// shows their results again, with the support that fits.
func (s *server) carerCheck(c *fiber.Ctx) error {
	ss := sessionOf(c)
	d := s.Content.Flow
	check := d.Question(d.CarerCheck)
	if check == nil || !d.Outcome(ss.data.Flow).ForCarer() {
		return c.Redirect(flowPath(c, pathResults), fiber.StatusSeeOther)
	}
	ans := c.FormValue("answer")
	if check.Option(ans) == nil {
		v := s.resultsView(c, ss)
		if v.Carer != nil {
			v.Carer.Error, v.Carer.AnswerLabel = "error.choose_one", ""
		}
		return s.views.render(c, fiber.StatusUnprocessableEntity, "results", v)
	}
	ss.setCarerCheck(ans)
	if err := s.save(c, ss); err != nil {
		v := s.resultsView(c, ss)
		v.Notice = "error.session_unavailable"
		return s.views.render(c, fiber.StatusServiceUnavailable, "results", v)
	}
	return c.Redirect(flowPath(c, pathResults)+"#mantelzorger", fiber.StatusSeeOther)
}
