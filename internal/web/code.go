package web

import (
	"errors"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/codes"
)

// Codes typed in: /{lang}/code takes a resume code or the desk's
// hand-over code and opens the answers it holds.

type codeView struct {
	page
	Value string
	Error string
}

// codeForm asks for a code; the desk's QR code fills it in (?c=), and the
// resident confirms, so a link preview cannot use up a single-use code.
func (s *server) codeForm(c *fiber.Ctx) error {
	v := codeView{page: s.page(c, "code.title")}
	if code, ok := codes.Normalize(c.Query("c")); ok {
		v.Value = codes.Format(code)
	}
	return s.views.render(c, fiber.StatusOK, "code", v)
}

// useCode opens the results a resume code was made for. A code stays
// valid until it expires, so a carer can read it to more than one person;
// wrong codes count towards a limit per address (the limiter on the
// route) and towards the hour's budget over all addresses (wrongCode).
func (s *server) useCode(c *fiber.Ctx) error {
	typed := c.FormValue("code")
	fail := func(status int, msg string) error {
		v := codeView{page: s.page(c, "code.title"), Value: typed, Error: msg}
		v.Title = v.L.T("error.title_prefix") + " " + v.Title
		return s.views.render(c, status, "code", v)
	}
	code, ok := codes.Normalize(typed)
	if !ok {
		if strings.TrimSpace(typed) == "" {
			return fail(fiber.StatusUnprocessableEntity, "code.error.empty")
		}
		return fail(fiber.StatusUnprocessableEntity, "code.error.format")
	}
	// A code from the desk moves the answers to this phone, once.
	switch ok, err := s.takeHandover(c, code); {
	case err != nil:
		s.Metrics.RedisError(storeCodes)
		s.Log.Warn("hand-over code: take failed", "err", err)
		return fail(fiber.StatusServiceUnavailable, "code.error.unavailable")
	case ok:
		return c.Redirect(s.resumeHref(c), fiber.StatusSeeOther)
	}
	raw, err := s.Codes.Get(c.UserContext(), code)
	switch {
	case errors.Is(err, codes.ErrNotFound):
		s.wrongCode(c)
		return fail(fiber.StatusUnprocessableEntity, "code.error.unknown")
	case err != nil:
		s.Metrics.RedisError(storeCodes)
		s.Log.Warn("resume code: lookup failed", "err", err)
		return fail(fiber.StatusServiceUnavailable, "code.error.unavailable")
	}
	q, err := url.ParseQuery(string(raw))
	if err != nil {
		return fail(fiber.StatusUnprocessableEntity, "code.error.unknown")
	}
	return s.openAnswers(c, q, "code")
}

// wrongCode counts a code that matched nothing towards the hour's count
// over all addresses (shared by the instances through Redis), and logs a
// warning when the count passes WRONG_CODE_BUDGET_PER_HOUR: a limit per
// address does not stop guessing from many addresses. It never refuses
// anyone. The one call whose count is the first over the budget logs, so
// there is one warning an hour, not one per instance or per code; it
// names neither codes nor addresses.
func (s *server) wrongCode(c *fiber.Ctx) {
	n, err := s.Codes.Wrong(c.UserContext(), s.Now())
	if err != nil {
		s.Metrics.RedisError(storeCodes)
		s.Log.Warn("codes: counting a wrong code failed", "err", err)
		return
	}
	if budget := int64(s.Config.WrongCodeBudget); n == budget+1 {
		s.Log.Warn("codes: more wrong codes this hour than the budget; codes are perhaps being guessed from many addresses",
			"wrong_codes", n, "budget", budget)
	}
}

// codeTooOften answers when an address typed too many wrong codes.
func (s *server) codeTooOften(c *fiber.Ctx) error {
	v := codeView{page: s.page(c, "code.title"), Value: c.FormValue("code"), Error: "code.error.too_often"}
	v.Title = v.L.T("error.title_prefix") + " " + v.Title
	return s.views.render(c, fiber.StatusTooManyRequests, "code", v)
}

// codeLimit counts wrong codes per address, codeTries per codeWindow.
func (s *server) codeLimit() fiber.Handler {
	return s.limiter(limit{
		// Wrong codes only: a resident who types well is never slowed.
		max: codeTries, window: codeWindow, counts: failures,
		key:     func(c *fiber.Ctx) string { return "code:" + s.limitKey(c) },
		reached: s.codeTooOften,
	})
}
