package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
)

type urgentView struct {
	page
	Services []serviceView
}

// urgent is the "Need help right now?" page, linked from every page.
func (s *server) urgent(c *fiber.Ctx) error {
	v := urgentView{page: s.page(c, "urgent.title")}
	out := s.Content.Flow.Outcome(sessionOf(c).data.Flow)
	for _, svc := range s.Content.Catalog.UrgentServices(out.Topics, out.Tags) {
		v.Services = append(v.Services, s.serviceView(v.L, catalog.Recommendation{Service: svc, Level: catalog.Urgent,
			Open: s.Content.Catalog.OpenState(svc, s.Now())}))
	}
	return s.views.render(c, fiber.StatusOK, "urgent", v)
}

func (s *server) about(c *fiber.Ctx) error {
	return s.views.render(c, fiber.StatusOK, "about", s.page(c, "about.title"))
}
