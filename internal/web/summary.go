package web

import (
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/ladder"
	"github.com/wegwijzer/wegwijzer/internal/web/view"
)

// Wmo deadlines the summary explains: a personal plan within 7 days of
// the melding, the research (with the keukentafelgesprek) within 6
// weeks of it, and the decision within 2 weeks of the aanvraag.
const (
	planDays     = 7
	researchDays = 6 * 7
	decisionDays = 2 * 7
)

// summaryView is the page to print or save before a conversation with
// the municipality.
type summaryView struct {
	resultsView
	Made string // today, in words
	// Offer lists every service from the results, to choose from.
	Offer    []pickView
	Chosen   []view.Service
	Tried    []view.Service
	Picked   bool // the resident chose; otherwise Chosen are suggestions
	Maatwerk bool // the route to maatwerk is open: explain it in full
	// Dates of the Wmo route, in words, when the melding was made here;
	// empty otherwise, leaving lines to fill in by hand.
	Melding, PlanBy, ResearchBy string
}

type pickView struct {
	ID         string
	Name       view.Text
	Use, Tried bool
}

func (s *server) summary(c *fiber.Ctx) error {
	ss := sessionOf(c)
	rv := s.resultsView(c, ss)
	rv.page.Title = rv.L.T("summary.title")
	v := summaryView{resultsView: rv, Made: view.LocalDate(rv.L, s.Now().In(s.loc).Format(time.DateOnly))}
	v.Maatwerk = ss.data.Enough == "no" || rv.Escalate || ss.data.Ref != ""

	for _, sv := range rv.listed() {
		use, tried := slices.Contains(ss.data.Chosen, sv.ID), slices.Contains(ss.data.Tried, sv.ID)
		v.Offer = append(v.Offer, pickView{ID: sv.ID, Name: sv.Name, Use: use, Tried: tried})
		if use {
			v.Chosen = append(v.Chosen, sv)
		}
		if tried {
			v.Tried = append(v.Tried, sv)
		}
	}
	v.Picked = len(v.Chosen) > 0
	if !v.Picked {
		v.Chosen = rv.Best
	}
	if !ss.data.RefAt.IsZero() {
		at := ss.data.RefAt.In(s.loc)
		day := func(t time.Time) string { return view.LocalDate(rv.L, t.Format(time.DateOnly)) }
		v.Melding = day(at)
		v.PlanBy = day(at.AddDate(0, 0, planDays))
		v.ResearchBy = day(at.AddDate(0, 0, researchDays))
	}
	return s.views.render(c, fiber.StatusOK, "summary", v)
}

// summaryPick keeps which services the resident wants to use and which
// they already tried, for the summary. Only services from their results
// count.
func (s *server) summaryPick(c *fiber.Ctx) error {
	ss := sessionOf(c)
	offered := map[string]bool{}
	rv := s.resultsView(c, ss)
	for _, sv := range rv.listed() {
		offered[sv.ID] = true
	}
	pick := func(field string) []string {
		var ids []string
		for _, b := range c.Request().PostArgs().PeekMulti(field) {
			if id := string(b); offered[id] && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		return ids
	}
	ss.setPicks(pick("use"), pick("tried"))
	if err := s.save(c, ss); err != nil {
		return s.summaryUnsaved(c)
	}
	return c.Redirect(flowPath(c, pathSummary)+"#overzicht", fiber.StatusSeeOther)
}

// summaryUnsaved shows the summary with the choices just made when they
// could not be kept.
func (s *server) summaryUnsaved(c *fiber.Ctx) error {
	ss := sessionOf(c)
	ss.unavailable = true
	return s.summary(c)
}

// hours are the opening hours of a service where the resident would go,
// in words from the catalogue: the schedules of its location, or of the
// service itself for phone lines.
func hours(lang string, r ladder.Item) []view.Text {
	schedules := r.Service.Schedules
	if r.Location != nil {
		for _, at := range r.Service.AtLocations {
			if at.Location == r.Location.ID {
				schedules = at.Schedules
			}
		}
	}
	var out []view.Text
	for _, sc := range schedules {
		if len(sc.Description) > 0 {
			out = append(out, view.LocalText(lang, sc.Description))
		}
	}
	return out
}
