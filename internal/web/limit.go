package web

import (
	"context"
	"math"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
)

// limit is a rate limit: at most max counted requests per key in a
// window that starts with the first. The counts are kept by Deps.Limits,
// shared by every instance on one Redis, each in one atomic round trip.
type limit struct {
	max    int
	window time.Duration
	key    func(*fiber.Ctx) string
	// skip lets a request through uncounted (signed-in staff, a visitor
	// with no session yet).
	skip func(*fiber.Ctx) bool
	// counts says which answered requests stay counted: nil keeps all;
	// failures keeps only wrong codes and sign-ins, successes only
	// stored contact requests. A request over the limit always counts.
	counts func(status int, err error) bool
	// reached answers a request over the limit.
	reached fiber.Handler
}

func failures(status int, err error) bool  { return err != nil || status >= fiber.StatusBadRequest }
func successes(status int, err error) bool { return !failures(status, err) }

// limiter enforces l. A store that does not answer lets requests
// through: the pages degrade, they do not fail.
func (s *server) limiter(l limit) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if l.skip != nil && l.skip(c) {
			return c.Next()
		}
		key := l.key(c)
		n, left, err := s.Limits.Hit(c.UserContext(), key, l.window)
		if err != nil {
			s.Metrics.RedisError(storeLimits)
			return c.Next()
		}
		if n > int64(l.max) {
			c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(math.Ceil(left.Seconds()))))
			return l.reached(c)
		}
		err = c.Next()
		if l.counts != nil && !l.counts(c.Response().StatusCode(), err) {
			// The answer is written whatever the store says.
			_ = s.Limits.Undo(context.WithoutCancel(c.UserContext()), key)
		}
		return err
	}
}
