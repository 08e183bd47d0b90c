package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/web/view"
)

// The information pages, and nothing else: /{lang}/hulp-nu (help right
// now), /{lang}/over and /{lang}/toegankelijkheid.

type urgentView struct {
	page
	Services []view.Service
}

// urgent is the "Need help right now?" page, linked from every page.
func (s *server) urgent(c *fiber.Ctx) error {
	return s.renderShared(c, "urgent", true, func() any {
		v := urgentView{page: s.page(c, "urgent.title")}
		out := s.Content.Flow.Outcome(sessionOf(c).data.Flow)
		lad := s.Content.Ladder()
		v.Services = s.serviceViews(v.L, out, lad.WithOpen(lad.UrgentLines(out.Topics, out.Tags), s.Now()))
		return v
	})
}

func (s *server) about(c *fiber.Ctx) error {
	return s.renderShared(c, "about", false, func() any { return s.page(c, "about.title") })
}

// accessibility is the accessibility statement: the standard the portal
// meets, how that was tested, what does not work well yet, and how to
// report a problem.
func (s *server) accessibility(c *fiber.Ctx) error {
	return s.renderShared(c, "accessibility", false, func() any { return s.page(c, "a11y.title") })
}
