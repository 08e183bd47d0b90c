package web

import (
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/codes"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/internal/web/view"
)

// The desk view: a staff member goes through the same flow with a
// resident beside them, at /{lang}/balie/..., where {lang} is the
// resident's language. The resident's answers live in a session of their
// own (cookie wz_desk) that expires after DESK_IDLE_TIMEOUT; "Next
// resident" wipes it at once. Each page also shows the staff member's
// language beside the resident's, switchable per panel.
const (
	deskCookie  = "wz_desk"
	panelCookie = "wz_panel"
	// HandoverTTL is how long a hand-over code works by default.
	HandoverTTL = 10 * time.Minute
	// idleWarning is how long before the wipe the screen warns.
	idleWarning = 30 * time.Second
)

// panel is one language column of the desk view.
type panel struct {
	Lang, Dir, Name string
	L               *i18n.Localizer
}

func (s *server) panel(lang string) panel {
	return panel{Lang: lang, Dir: i18n.Dir(lang), Name: i18n.Name(lang), L: s.Content.Messages.Localizer(lang)}
}

// deskInfo is what every desk page adds: who is at the desk, when the
// screen is wiped, and the staff member's panel.
type deskInfo struct {
	Staff     string
	ViaHeader bool
	// IdleSeconds until the screen is wiped, WarnSeconds before that it
	// warns (desk.js).
	IdleSeconds int
	WarnSeconds int
	IdleMinutes int // rounded up, for the residents' notice
	// Other is the staff member's language; nil when it is the resident's
	// own, so the page shows one panel.
	Other *panel
	// Own is the staff member's language, also when it is the
	// resident's: the desk bar speaks it.
	Own   panel
	Langs []view.LangLink
}

func (s *server) deskInfo(c *fiber.Ctx, lang string) *deskInfo {
	d := &deskInfo{IdleSeconds: int(s.Config.DeskIdle / time.Second), WarnSeconds: int(idleWarning / time.Second),
		IdleMinutes: int((s.Config.DeskIdle + time.Minute - 1) / time.Minute)}
	if m := staffOf(c); m != nil {
		d.Staff, d.ViaHeader = m.User, m.ViaHeader
	}
	d.Own = s.panel(staffLang(c, s))
	if d.Own.Lang != lang {
		d.Other = &d.Own
	}
	for _, code := range s.Content.Messages.Langs() {
		d.Langs = append(d.Langs, view.LangLink{Code: code, Name: i18n.Name(code), Current: code == d.Own.Lang})
	}
	return d
}

// staffLang is the language of the staff member's panel: their choice,
// else Dutch.
func staffLang(c *fiber.Ctx, s *server) string {
	if l := c.Cookies(panelCookie); s.Content.Messages.Supported(l) {
		return l
	}
	return i18n.Default
}

type deskHomeView struct {
	page
	StartHref string
	// Busy: a resident's answers are on this desk now.
	Busy bool
}

// deskHome is the desk's start screen.
func (s *server) deskHome(c *fiber.Ctx) error {
	v := deskHomeView{page: s.page(c, "desk.title"), Busy: len(sessionOf(c).data.Flow.Answers) > 0}
	v.StartHref = s.resumeHref(c)
	if !v.Busy {
		if first := s.Content.Flow.First(flow.State{}); first != nil {
			v.StartHref = s.stepHref(v.Root, first.ID)
		}
	}
	if c.Query("gewist") != "" {
		v.Notice = "desk.wiped"
	}
	return s.views.render(c, fiber.StatusOK, "desk", v)
}

// wipeDesk removes the desk's resident session and its cookie.
func (s *server) wipeDesk(c *fiber.Ctx) {
	// By the cookie, not sessionOf: signing out wipes the desk from the
	// staff pages, which are not the desk's.
	_ = s.forget(c, c.Cookies(deskCookie))
	c.Cookie(&fiber.Cookie{Name: deskCookie, Value: "", Path: "/", MaxAge: -1, Expires: time.Unix(1, 0),
		HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode, Secure: s.secure(c)})
	sessionOf(c).wipe()
}

// nextResident wipes the screen for the next resident, who starts in the
// staff member's language.
func (s *server) nextResident(c *fiber.Ctx) error {
	s.wipeDesk(c)
	return c.Redirect(deskPath(staffLang(c, s), pathHome)+"?gewist=1", fiber.StatusSeeOther)
}

// deskLang switches one panel's language: the resident's (the URL) or the
// staff member's (a cookie).
func (s *server) deskLang(c *fiber.Ctx) error {
	lang := c.FormValue("taal")
	back := c.FormValue("terug")
	if !strings.HasPrefix(back, deskPrefix) || strings.Contains(back, "//") {
		back = deskPrefix + pathHome
	}
	if !s.Content.Messages.Supported(lang) {
		return c.Redirect(flowPath(c, strings.TrimPrefix(back, deskPrefix)), fiber.StatusSeeOther)
	}
	if c.FormValue("panel") == "staff" {
		c.Cookie(&fiber.Cookie{Name: panelCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
			HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode, Secure: s.secure(c)})
		return c.Redirect(langPath(langOf(c), back), fiber.StatusSeeOther)
	}
	return c.Redirect(langPath(lang, back), fiber.StatusSeeOther)
}

type handoverView struct {
	page
	Code string // formatted, "K7M 4PX"
	URL  string
	// CodeHref is where the code can be typed in instead.
	CodeHref string
	QR       view.QR
	Until    string // clock time the code stops working
}

// handover moves the resident's answers to their phone. The answers go
// into a single-use code that works for HandoverTTL, and leave the desk at
// once: its session is deleted, so neither this screen nor its back
// button reaches them again. The phone that takes the code gets a
// session under a new id.
func (s *server) handover(c *fiber.Ctx) error {
	ss := sessionOf(c)
	if len(ss.data.Flow.Answers) == 0 {
		return c.Redirect(flowPath(c, pathHome), fiber.StatusSeeOther)
	}
	raw, err := json.Marshal(ss.data.handedOver())
	if err != nil {
		return err
	}
	code, err := s.Handovers.Put(c.UserContext(), raw, s.HandoverTTL)
	if err != nil {
		s.Metrics.RedisError(storeCodes)
		s.Log.Warn("hand-over code: store failed", "err", err)
		v := s.resultsView(c, ss)
		v.Notice = "desk.handover.unavailable"
		return s.views.render(c, fiber.StatusServiceUnavailable, "results", v)
	}
	s.wipeDesk(c)
	lang := langOf(c)
	v := handoverView{page: s.page(c, "desk.handover.title"), Code: codes.Format(code),
		URL: s.baseURL(c) + langPath(lang, pathCode) + "?c=" + url.QueryEscape(code), CodeHref: s.baseURL(c) + langPath(lang, pathCode),
		Until: s.Now().Add(s.HandoverTTL).In(s.loc).Format("15:04")}
	v.QR = view.NewQR(v.URL)
	return s.views.render(c, fiber.StatusOK, "handover", v)
}

// takeHandover gives the phone the answers handed over at the desk, in a
// new session; it reports false when code is no hand-over code.
func (s *server) takeHandover(c *fiber.Ctx, code string) (bool, error) {
	raw, err := s.Handovers.Take(c.UserContext(), code)
	switch {
	case errors.Is(err, codes.ErrNotFound):
		return false, nil
	case err != nil:
		return false, err
	}
	d, ok := decodeVersioned[sessionData](raw, sessionVersion)
	if !ok {
		return false, nil
	}
	ss := sessionOf(c)
	_ = s.forget(c, ss.id)
	ss.renew(d)
	ss.refit(s.Content.Flow, s.flowKey, s.placeValue)
	ss.setFlash("desk.handover.welcome")
	if err := s.save(c, ss); err != nil {
		return false, err
	}
	return true, nil
}

// withoutDeskOption drops the flow's "I work at a desk" answer at the
// desk, where it is known.
func withoutDeskOption(q *flow.Question, opts []optionView) []optionView {
	if q.ID != flow.WhoQuestion {
		return opts
	}
	return slices.DeleteFunc(opts, func(o optionView) bool { return o.ID == flow.Desk })
}
