package web

import (
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/chat"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/internal/session"
)

const (
	langCookie    = "wz_lang"
	sessionCookie = "wz_sid"
	// sessionVersion is bumped when sessionData changes shape; an old
	// session is then started afresh rather than misread.
	sessionVersion = 1
)

// sessionData is what a session holds: small, versioned, JSON.
type sessionData struct {
	V    int        `json:"v"`
	Flow flow.State `json:"f"`
	// Enough is the answer to "Is this enough for you?": "yes", "no" or "".
	Enough string `json:"e,omitempty"`
	// Ref is the reference of the last contact request, for its
	// confirmation page.
	Ref string `json:"r,omitempty"`
	// Flash is a message id shown once on the next page, and Draft a
	// contact form kept across a rejected post; both are cleared when shown.
	Flash string       `json:"fl,omitempty"`
	Draft *contactForm `json:"dr,omitempty"`
	// Chat is the conversation with the chat assistant, which shares the
	// flow's answers.
	Chat *chat.State `json:"c,omitempty"`
	// ChatDraft is a chat message kept across a rejected post.
	ChatDraft string `json:"cd,omitempty"`
	// CarerCheck is a carer's answer to how they are holding up (an
	// option of the flow's carer check), given on the results page.
	CarerCheck string `json:"cc,omitempty"`
	// Resume is the resume code made for these answers, if any.
	Resume *resumeCode `json:"rc,omitempty"`
	// Chosen and Tried are services the resident wants to use and has
	// already tried, for the summary.
	Chosen []string `json:"ch,omitempty"`
	Tried  []string `json:"tr,omitempty"`
	// RefAt is when the contact request Ref was made: the melding, from
	// which the Wmo deadlines on the summary count.
	RefAt time.Time `json:"ra,omitzero"`
}

type sess struct {
	id   string
	data sessionData
	// unavailable: the store did not answer; the page still renders.
	unavailable bool
}

// locale checks the /{lang}/ prefix, remembers the choice and prepares the
// localizer. Pages hold session data, so none is cached.
func (s *server) locale(c *fiber.Ctx) error {
	lang := c.Params("lang")
	if !s.Content.Messages.Supported(lang) {
		return fiber.ErrNotFound
	}
	setLang(c, lang)
	if p := strings.TrimPrefix(c.Path(), "/"+lang); p == deskPrefix || strings.HasPrefix(p, deskPrefix+"/") {
		setDesk(c)
	}
	if c.Cookies(langCookie) != lang {
		c.Cookie(&fiber.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
			SameSite: fiber.CookieSameSiteLaxMode, HTTPOnly: true, Secure: s.secure(c)})
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}

func (s *server) secure(c *fiber.Ctx) bool {
	return s.Config.SecureCookies() || c.Protocol() == "https"
}

// loadSession reads the session in one round trip (sliding its expiry).
// A store that does not answer degrades the page; it does not fail it.
func (s *server) loadSession(c *fiber.Ctx) error {
	setSession(c, s.readSession(c))
	return c.Next()
}

func (s *server) readSession(c *fiber.Ctx) *sess {
	ss, _ := s.sessionByID(c, c.Cookies(sessionCookieOf(c)))
	if ss.id != "" {
		s.setSessionCookie(c, ss.id)
	}
	return ss
}

// sessionByID reads session id (sliding its expiry). An unknown, expired
// or malformed id gives a fresh session without an id; a store that does
// not answer gives one marked unavailable and the error.
func (s *server) sessionByID(c *fiber.Ctx, id string) (*sess, error) {
	ss := &sess{data: sessionData{V: sessionVersion}}
	if !session.ValidID(id) {
		return ss, nil
	}
	raw, err := s.Sessions.Get(c.UserContext(), id, s.sessionTTL(c))
	switch {
	case err == nil:
		var d sessionData
		if json.Unmarshal(raw, &d) == nil && d.V == sessionVersion {
			// Cloned: fiber reuses the bytes of a cookie after the request.
			ss.id, ss.data = strings.Clone(id), d
		}
	case errors.Is(err, session.ErrNotFound):
		// Expired: start afresh under a new id when something is saved.
	default:
		s.Log.Warn("session store: load failed", "err", err)
		ss.unavailable = true
		return ss, errSessionStore
	}
	return ss, nil
}

// save writes the session (one round trip) and sets its cookie. A new
// session gets a fresh random id; ids never come from the client.
func (s *server) save(c *fiber.Ctx, ss *sess) error {
	if ss.id == "" {
		id, err := session.NewID()
		if err != nil {
			return err
		}
		ss.id = id
	}
	raw, err := json.Marshal(ss.data)
	if err != nil {
		return err
	}
	if err := s.Sessions.Set(c.UserContext(), ss.id, raw, s.sessionTTL(c)); err != nil {
		s.Log.Warn("session store: save failed", "err", err)
		return errSessionStore
	}
	s.setSessionCookie(c, ss.id)
	return nil
}

// sessionCookieOf is the cookie of the session the page works on: the
// resident's own, or at the desk the one of the resident beside the
// staff member, which expires after DESK_IDLE_TIMEOUT.
func sessionCookieOf(c *fiber.Ctx) string {
	if isDesk(c) {
		return deskCookie
	}
	return sessionCookie
}

func (s *server) sessionTTL(c *fiber.Ctx) time.Duration {
	if isDesk(c) {
		return s.Config.DeskIdle
	}
	return s.Config.SessionTTL
}

func (s *server) setSessionCookie(c *fiber.Ctx, id string) {
	c.Cookie(&fiber.Cookie{
		Name: sessionCookieOf(c), Value: id, Path: "/",
		MaxAge:   int(s.sessionTTL(c) / time.Second),
		HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode, Secure: s.secure(c),
	})
}

// page is what every page needs: language, switcher, CSRF token, the
// municipality, and whether urgent help goes on top.
type page struct {
	L         *i18n.Localizer
	Lang      string
	Dir       string
	Langs     []langLink
	CSRF      string
	CSRFField string
	Title     string
	Muni      *catalog.Municipality
	// Rest is the path after /{lang}, so links and the language switcher
	// keep the resident's place.
	Rest string
	// Root is where the flow's pages are: "/nl", or "/nl/balie" at the
	// desk.
	Root string
	// SessionMinutes is how long answers are kept after the last click.
	SessionMinutes int
	// Base is BASE_URL, for absolute links such as hreflang alternates.
	Base string
	// Urgent puts the urgent help above everything.
	Urgent bool
	// Notice is a message id shown at the top, e.g. when answers could not
	// be saved.
	Notice string
	// Desk is set on the desk view's pages.
	Desk *deskInfo
}

type langLink struct {
	Code, Name, Href string
	Current          bool
}

func (s *server) page(c *fiber.Ctx, titleID string, kv ...any) page {
	lang := langOf(c)
	l := s.Content.Messages.Localizer(lang)
	rest := strings.TrimPrefix(c.Path(), "/"+lang)
	if rest == "" {
		rest = "/"
	}
	if q := string(c.Request().URI().QueryString()); q != "" && c.Method() == fiber.MethodGet {
		rest += "?" + q
	}
	var langs []langLink
	for _, code := range s.Content.Messages.Langs() {
		langs = append(langs, langLink{Code: code, Name: i18n.Name(code), Href: "/" + code + rest, Current: code == lang})
	}
	p := page{
		L: l, Lang: lang, Dir: i18n.Dir(lang), Langs: langs,
		CSRFField: csrfField, Muni: &s.Content.Catalog.Municipality, Rest: rest, Base: s.Config.BaseURL, Root: rootOf(c),
		SessionMinutes: int(s.Config.SessionTTL / time.Minute),
	}
	if isDesk(c) {
		p.Desk = s.deskInfo(c, lang)
	}
	p.CSRF = csrfTokenOf(c)
	p.Title = l.T(titleID, pairs(kv))
	ss := sessionOf(c)
	if ss.unavailable {
		p.Notice = "notice.session_unavailable"
	}
	if ss.data.Flash != "" && c.Method() == fiber.MethodGet {
		p.Notice = ss.data.Flash
		ss.data.Flash = ""
		_ = s.save(c, ss)
	}
	return p
}
