package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/i18n"
)

// What the middleware learns about a request and leaves for the
// handlers. The keys have a type of their own, so nothing else that uses
// fiber's locals can clash with them, and each value is read through one
// accessor that knows its type.
type localKey int

const (
	langKey  localKey = iota // string: the language of the page
	deskKey                  // bool: a page of the desk view
	sessKey                  // *sess: the session the page works on
	staffKey                 // *staffMember: who is signed in, behind staffOnly
	csrfKey                  // string: the form token for the page
	flashKey                 // string: the session's flash, taken for this page
	homeKey                  // string: the municipality of the request's host (see setHome)
)

// langOf is the language of the request, Dutch until one is chosen.
func langOf(c *fiber.Ctx) string {
	if l, ok := chosenLang(c); ok {
		return l
	}
	return i18n.Default
}

// chosenLang is the language chosen for the request (the /{lang}/
// prefix, or an API call's), and whether one was.
func chosenLang(c *fiber.Ctx) (string, bool) {
	l, ok := c.Locals(langKey).(string)
	return l, ok
}

func setLang(c *fiber.Ctx, lang string) { c.Locals(langKey, lang) }

// isDesk reports whether the page is part of the desk view.
func isDesk(c *fiber.Ctx) bool {
	d, _ := c.Locals(deskKey).(bool)
	return d
}

func setDesk(c *fiber.Ctx) { c.Locals(deskKey, true) }

// sessionOf is the session loaded for the request; without one (a route
// that loads none) a fresh one that belongs to nobody.
func sessionOf(c *fiber.Ctx) *sess {
	if ss, ok := c.Locals(sessKey).(*sess); ok {
		return ss
	}
	return newSess()
}

func setSession(c *fiber.Ctx, ss *sess) { c.Locals(sessKey, ss) }

// staffOf is the staff member of a page behind staffOnly.
func staffOf(c *fiber.Ctx) *staffMember {
	m, _ := c.Locals(staffKey).(*staffMember)
	return m
}

func setStaff(c *fiber.Ctx, m *staffMember) { c.Locals(staffKey, m) }

// csrfTokenOf is the token the csrf middleware left for the page's forms.
func csrfTokenOf(c *fiber.Ctx) string {
	tok, _ := c.Locals(csrfKey).(string)
	return tok
}

func setCSRFToken(c *fiber.Ctx, tok string) { c.Locals(csrfKey, tok) }

// flashOf is the message id the session left for this page, "" for none.
func flashOf(c *fiber.Ctx) string {
	f, _ := c.Locals(flashKey).(string)
	return f
}

func setFlashOf(c *fiber.Ctx, id string) { c.Locals(flashKey, id) }
