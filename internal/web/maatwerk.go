package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/ladder"
)

// The route to customised support: /{lang}/maatwerk (also the desk's).

type maatwerkView struct {
	page
	Escalate bool
	Custom   []topicGroup
	Topics   []string
}

// maatwerkAllowed: the route to customised support opens once the
// resident has seen the lower rungs and said they are not enough, or when
// the flow's rules say the need cannot be met lower down (the ladder
// engine's rule, without ranking anything).
func maatwerkAllowed(d *flow.Def, data sessionData) bool {
	return ladder.MaatwerkOpen(d.Outcome(data.Flow), data.Enough)
}

func (s *server) maatwerk(c *fiber.Ctx) error {
	ss := sessionOf(c)
	a, out, _ := s.advice(ss)
	if !a.MaatwerkOpen {
		return c.Redirect(flowPath(c, pathResults)+"#genoeg", fiber.StatusSeeOther)
	}
	v := maatwerkView{page: s.page(c, "maatwerk.title"), Escalate: out.Escalate, Topics: out.Topics}
	v.Urgent = out.Urgent
	for _, g := range a.Custom {
		v.Custom = append(v.Custom, topicGroup{Topic: g.Topic, Services: s.serviceViews(v.L, out, g.Items)})
	}
	return s.views.render(c, fiber.StatusOK, "maatwerk", v)
}
