package web

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/metrics"
)

// routeOther is the route of a request for a path no route takes.
const routeOther = "other"

// errNoRoute answers a path no route takes (notFound, a language that
// does not exist): a 404 that measure counts under routeOther.
var errNoRoute = fiber.NewError(fiber.StatusNotFound)

// measure times each request an edition answers, under the template of
// the last route it reached (/:lang/vraag/:qid), never the path asked
// for, so the series stay few. A request that middleware answered before
// its page (a form without a valid token, a staff page for someone not
// signed in) counts under the prefix the middleware guards (/:lang,
// /:lang/medewerker); one for a path no route takes, as routeOther.
//
// It runs first in the edition's app, where fiber knows the route (the
// app that listens only hands requests on), and ends the request's error
// itself, so the status code it records is the one sent.
func (s *server) measure(c *fiber.Ctx) error {
	began := time.Now()
	err := c.Next()
	if err != nil {
		if err := s.handleError(c, err); err != nil {
			_ = c.SendStatus(fiber.StatusInternalServerError)
		}
	}
	route := c.Route().Path
	if errors.Is(err, errNoRoute) {
		route = routeOther
	}
	s.Metrics.Request(c.Method(), route, c.Response().StatusCode(), time.Since(began))
	return nil
}

// The stores whose errors are counted, as the metrics name them.
const (
	storeSessions = metrics.Sessions
	storeContact  = metrics.Contact
	storeCodes    = metrics.Codes
	storeLimits   = metrics.Limits
)
