package web

import (
	"slices"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
)

// How much support for the carer themselves the results page shows.
const (
	carerCommunity = 3
	carerGeneral   = 2
)

// carerView is the carer's own part of their results: how they are
// holding up (the flow's carer check) and the support that fits.
type carerView struct {
	Question string // the check, in the resident's language
	Options  []optionView
	Answer   string // the chosen option, "" before the check
	Advice   string // message id said after the answer
	Error    string // message id when the check was sent without a choice
	Services []serviceView
}

// carerSupport builds the carer's part of the results; nil when the flow
// has no carer check or the resident is not a carer. Services already on
// the page (shown) are not repeated.
func (s *server) carerSupport(l *i18n.Localizer, ss *sess, out flow.Outcome, q catalog.Query, shown []string) *carerView {
	d := s.Content.Flow
	check := d.Question(d.CarerCheck)
	if !out.ForCarer() || check == nil || len(check.Topics) == 0 {
		return nil
	}
	v := &carerView{Question: l.T(check.Text), Answer: ss.data.CarerCheck}
	if v.Answer == "" {
		// Answered in the flow when the carer chose the topic themselves.
		if a := ss.data.Flow.Answers[check.ID]; len(a) > 0 {
			v.Answer = a[0]
		}
	}
	var tags []string
	for _, o := range check.Options {
		v.Options = append(v.Options, optionView{ID: o.ID, Label: l.T(o.Label), Checked: o.ID == v.Answer})
		if o.ID == v.Answer {
			tags, v.Advice = o.Tags, o.Advice
		}
	}
	own := catalog.Query{Topics: check.Topics[:1], Tags: tags, Audience: catalog.Carer, Place: q.Place, Now: q.Now}
	counts := map[catalog.Level]int{}
	limits := map[catalog.Level]int{catalog.Community: carerCommunity, catalog.General: carerGeneral}
	for _, r := range s.Content.Catalog.Recommend(own) {
		if counts[r.Level] >= limits[r.Level] || slices.Contains(shown, r.Service.ID) {
			continue
		}
		counts[r.Level]++
		v.Services = append(v.Services, s.serviceView(l, r))
	}
	return v
}

// carerCheck takes the carer's answer to how they are holding up and
// shows their results again, with the support that fits.
func (s *server) carerCheck(c *fiber.Ctx) error {
	ss := sessionOf(c)
	d := s.Content.Flow
	check := d.Question(d.CarerCheck)
	if check == nil || !d.Outcome(ss.data.Flow).ForCarer() {
		return c.Redirect(rootOf(c)+"/uitkomst", fiber.StatusSeeOther)
	}
	ans := c.FormValue("answer")
	if check.Option(ans) == nil {
		v := s.resultsView(c, ss)
		if v.Carer != nil {
			v.Carer.Error = "error.choose_one"
		}
		return s.views.render(c, fiber.StatusUnprocessableEntity, "results", v)
	}
	ss.data.CarerCheck = ans
	if err := s.save(c, ss); err != nil {
		v := s.resultsView(c, ss)
		v.Notice = "error.session_unavailable"
		return s.views.render(c, fiber.StatusServiceUnavailable, "results", v)
	}
	return c.Redirect(rootOf(c)+"/uitkomst#mantelzorger", fiber.StatusSeeOther)
}
