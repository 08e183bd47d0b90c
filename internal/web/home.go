package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/flow"
)

// The way in: / sends a visitor to their language, /{lang}/ is the home
// page, and POST /{lang}/opnieuw clears the answers to start again.

// root sends the visitor to their language: the cookie of an earlier
// choice, then Accept-Language, then Dutch.
func (s *server) root(c *fiber.Ctx) error {
	lang := c.Cookies(langCookie)
	if !s.Content.Messages.Supported(lang) {
		lang = s.Content.Messages.Negotiate(c.Get(fiber.HeaderAcceptLanguage))
	}
	c.Set(fiber.HeaderVary, "Accept-Language, Cookie")
	return c.Redirect(langPath(lang, pathHome), fiber.StatusFound)
}

type homeView struct {
	page
	// ResumeHref is where a returning resident left off, "" for none.
	ResumeHref string
	StartHref  string
}

func (s *server) home(c *fiber.Ctx) error {
	if s.onRegionalHost(c) {
		return c.Redirect(langPath(langOf(c), pathChoose), fiber.StatusSeeOther)
	}
	return s.renderShared(c, "home", false, func() any {
		v := homeView{page: s.page(c, "home.title", "Municipality", s.Content.Catalog.Municipality.Name)}
		if sessionOf(c).data.Flow.At != "" {
			v.ResumeHref = s.resumeHref(c)
		}
		v.StartHref = s.stepHref(v.Root, flow.AtResults)
		if first := s.Content.Flow.First(flow.State{}); first != nil {
			v.StartHref = s.stepHref(v.Root, first.ID)
		}
		return v
	})
}

// restart clears the answers and starts again.
func (s *server) restart(c *fiber.Ctx) error {
	_ = s.forget(c, sessionOf(c).id)
	c.ClearCookie(sessionCookie)
	return c.Redirect(langPath(langOf(c), pathHome), fiber.StatusSeeOther)
}
