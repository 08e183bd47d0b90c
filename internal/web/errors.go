package web

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/i18n"
)

type errorView struct {
	page
	Status  int
	Message string // message id
}

// handleError is the one place errors end: it logs once and renders a
// localised page (JSON under /api/), never a stack trace or err.Error().
func (s *server) handleError(c *fiber.Ctx, err error) error {
	status := fiber.StatusInternalServerError
	var fe *fiber.Error
	if errors.As(err, &fe) {
		status = fe.Code
	}
	msg := "error.server"
	switch {
	case status == fiber.StatusNotFound:
		msg = "error.not_found"
	case status == fiber.StatusRequestEntityTooLarge:
		msg = "error.too_large"
	case errors.Is(err, errSessionStore):
		status, msg = fiber.StatusServiceUnavailable, "error.session_unavailable"
	case status < 500:
		msg = "error.bad_request"
	}
	if status >= 500 {
		s.Log.Error("request failed", "method", c.Method(), "path", c.Route().Path, "status", status, "err", err)
	}
	lang, chosen := chosenLang(c)
	if !chosen {
		// Not under /{lang}/: use the first path segment when it is a
		// locale, else the negotiated one.
		seg, _, _ := strings.Cut(strings.TrimPrefix(c.Path(), "/"), "/")
		if s.Content.Messages.Supported(seg) {
			lang = seg
		} else {
			lang = s.Content.Messages.Negotiate(c.Get(fiber.HeaderAcceptLanguage))
		}
		setLang(c, lang)
	}
	if isAPI(c) {
		return c.Status(status).JSON(fiber.Map{"error": s.Content.Messages.Localizer(lang).T(msg)})
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	v := errorView{page: s.page(c, msg+".title"), Status: status, Message: msg}
	if rerr := s.views.render(c, status, "error", v); rerr != nil {
		s.Log.Error("error page failed", "err", rerr)
		c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
		return c.Status(status).SendString(i18n.Name(lang) + ": " + s.Content.Messages.Localizer(lang).T(msg))
	}
	return nil
}

// csrfFailed handles a form whose token is missing or expired (a page left
// open for hours, or a forged post). The resident keeps what they typed:
// it is held in their session for one request and the page is shown
// again, with a fresh token and a message to send it once more.
func (s *server) csrfFailed(c *fiber.Ctx, err error) error {
	s.Log.Info("form rejected: csrf", "path", c.Route().Path, "reason", err.Error())
	if c.Route().Name == routeAPIChat {
		return apiError(c, s, fiber.StatusForbidden, langOf(c), "error.form_expired")
	}
	// The check runs in front of the pages, before fiber picks their
	// route: the page is known by its path.
	rest := langRest(c)
	atContact := rest == pathContact || rest == deskPrefix+pathContact
	atChat := rest == pathChat
	ss := sessionOf(c)
	switch {
	case atContact:
		ss.keepDraft(parseContactForm(c))
	case atChat:
		ss.keepChatDraft(c.FormValue("text"))
	}
	ss.setFlash("error.form_expired")
	serr := s.save(c, ss)
	if atChat {
		// A message about danger gets the crisis lines at once, even
		// without a valid token or a store to keep anything in: reading
		// it changes nothing.
		if v, ok := s.chatCrisis(c, c.FormValue("text")); ok {
			v.Notice = "error.form_expired"
			if serr != nil {
				v.Notice = "chat.unsaved"
			}
			return s.views.render(c, fiber.StatusOK, "chat", v)
		}
		if serr != nil {
			// The message cannot wait in the session: it comes back in
			// the box, under the fresh token.
			return s.chatUnavailable(c, ss, c.FormValue("text"))
		}
	}
	if serr != nil && atContact {
		// The draft cannot wait in the session: the form comes back
		// filled in, under the fresh token, with the number to call.
		return s.renderContact(c, parseContactForm(c), nil, "contact.error.unavailable", fiber.StatusServiceUnavailable)
	}
	if serr != nil {
		// The draft cannot be kept for the page: say what is wrong.
		return serr
	}
	return c.Redirect(c.Path(), fiber.StatusSeeOther)
}

func (s *server) notFound(c *fiber.Ctx) error { return errNoRoute }
