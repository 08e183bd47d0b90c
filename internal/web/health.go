package web

import (
	"github.com/gofiber/fiber/v2"
)

// Probes for the platform: /healthz while the process serves, /readyz
// while its backends answer.

func (s *server) healthz(c *fiber.Ctx) error {
	return c.SendString("ok")
}

// readyz answers 200 when every configured backend answers.
func (s *server) readyz(c *fiber.Ctx) error {
	if err := s.Sessions.Ping(c.UserContext()); err != nil {
		s.Log.Warn("readiness: session store does not answer", "err", err)
		return c.Status(fiber.StatusServiceUnavailable).SendString("session store unavailable")
	}
	return c.SendString("ok")
}
