package web

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/session"
	"github.com/wegwijzer/wegwijzer/internal/staff"
)

// Staff pages: sign-in, the inbox of contact requests, and the desk view
// (desk.go). A staff member is known by a staff session (cookie wz_staff,
// sliding expiry STAFF_IDLE_TIMEOUT) made at sign-in, or by the header
// STAFF_HEADER set by a trusted reverse proxy.
const (
	staffCookie = "wz_staff"
	// signInTries wrong sign-ins per address and name, and signInTriesIP
	// per address, in signInWindow.
	signInTries   = 10
	signInTriesIP = 30
	signInWindow  = 15 * time.Minute
)

// staffVersion is bumped when staffData changes shape; a staff member
// whose session has the old one signs in again.
const staffVersion = 1

type staffData struct {
	V     int       `json:"v"`
	User  string    `json:"u"`
	Since time.Time `json:"t"`
	// Muni is the municipality the staff member signed in at; Regional
	// marks an account of the region, at home in every municipality.
	Muni     string `json:"m,omitempty"`
	Regional bool   `json:"r,omitempty"`
}

func (d staffData) version() int { return d.V }

// staffMember is who is signed in.
type staffMember struct {
	User string
	// ViaHeader: signed in at the reverse proxy, which also signs out.
	ViaHeader bool
	// Regional: an account of the region, who sees the requests of every
	// municipality.
	Regional  bool
	sessionID string
}

// readStaff finds the signed-in staff member, nil for none. Reading the
// staff session slides its expiry.
func (s *server) readStaff(c *fiber.Ctx) (*staffMember, error) {
	if h := s.Config.StaffHeader; h != "" && c.IsProxyTrusted() {
		if u := staff.NormalizeName(c.Get(h)); staff.ValidName(u) {
			return &staffMember{User: u, ViaHeader: true}, nil
		}
	}
	id := c.Cookies(staffCookie)
	if !session.ValidID(id) {
		return nil, nil
	}
	raw, err := s.StaffSessions.Get(c.UserContext(), id, s.Config.StaffIdle)
	switch {
	case errors.Is(err, session.ErrNotFound):
		return nil, nil
	case err != nil:
		s.Metrics.RedisError(storeSessions)
		return nil, err
	}
	d, ok := decodeVersioned[staffData](raw, staffVersion)
	if !ok || d.User == "" {
		return nil, nil
	}
	// A municipality's staff are signed in at its own portal only.
	if !d.Regional && s.inRegion() && d.Muni != s.muniID() {
		return nil, nil
	}
	return &staffMember{User: d.User, Regional: d.Regional, sessionID: strings.Clone(id)}, nil
}

// staffOnly lets signed-in staff through. Others are sent to sign in
// (pages) or refused (forms); nothing behind it is shown to them.
func (s *server) staffOnly(c *fiber.Ctx) error {
	m, err := s.readStaff(c)
	if err != nil {
		s.Log.Warn("staff session: load failed", "err", err)
		return s.renderSignIn(c, fiber.StatusServiceUnavailable, signInView{Error: "staff.error.unavailable"})
	}
	if m == nil {
		if c.Method() == fiber.MethodGet {
			return c.Redirect(signInHref(langOf(c), c.OriginalURL()), fiber.StatusSeeOther)
		}
		return s.renderSignIn(c, fiber.StatusForbidden, signInView{Error: "staff.error.denied", Back: c.Get(fiber.HeaderReferer)})
	}
	setStaff(c, m)
	return c.Next()
}

func signInHref(lang, back string) string {
	return staffPath(lang, pathSignIn) + "?terug=" + url.QueryEscape(back)
}

// safeBack is where to go after signing in: a path on this site, by
// default the inbox.
func safeBack(lang, back string) string {
	if u, err := url.Parse(back); err == nil && u.Host == "" && u.Scheme == "" &&
		strings.HasPrefix(back, "/") && !strings.HasPrefix(back, "//") && !strings.Contains(back, `\`) {
		return back
	}
	return staffPath(lang, pathInbox)
}

type signInView struct {
	page
	Name    string
	Back    string
	Error   string
	Enabled bool
	// Header: staff sign in at the municipality's own sign-in page.
	Header bool
}

func (s *server) renderSignIn(c *fiber.Ctx, status int, v signInView) error {
	v.page = s.page(c, "staff.signin.title")
	v.Enabled = s.Staff.Len() > 0 || s.RegionalStaff.Len() > 0
	v.Header = s.Config.StaffHeader != ""
	v.Back = safeBack(v.Lang, v.Back)
	if c.Query("afgemeld") != "" && v.Error == "" {
		v.Notice = "staff.signed_out"
	}
	if v.Error != "" {
		v.Title = v.L.T("error.title_prefix") + " " + v.Title
	}
	return s.views.render(c, status, "signin", v)
}

func (s *server) signInForm(c *fiber.Ctx) error {
	if m, err := s.readStaff(c); err == nil && m != nil {
		return c.Redirect(safeBack(langOf(c), c.Query("terug")), fiber.StatusSeeOther)
	}
	return s.renderSignIn(c, fiber.StatusOK, signInView{Back: c.Query("terug")})
}

// signIn checks name and password. A wrong one answers 401, which the
// limiters in front count; a right one starts a staff session under a
// new id.
func (s *server) signIn(c *fiber.Ctx) error {
	name, back := c.FormValue("name"), c.FormValue("terug")
	user, ok := s.Staff.Verify(name, c.FormValue("password"))
	regional := false
	if !ok && s.RegionalStaff != nil {
		user, ok = s.RegionalStaff.Verify(name, c.FormValue("password"))
		regional = ok
	}
	if !ok {
		s.Log.Info("staff sign-in refused", "ip", s.clientIP(c))
		msg := "staff.error.wrong"
		if strings.TrimSpace(name) == "" || c.FormValue("password") == "" {
			msg = "staff.error.empty"
		}
		return s.renderSignIn(c, fiber.StatusUnauthorized, signInView{Name: name, Back: back, Error: msg})
	}
	id, err := session.NewID()
	if err != nil {
		return err
	}
	raw, _ := json.Marshal(staffData{V: staffVersion, User: user, Since: s.Now(), Muni: s.muniID(), Regional: regional})
	if err := s.StaffSessions.Set(c.UserContext(), id, raw, s.Config.StaffIdle); err != nil {
		s.Metrics.RedisError(storeSessions)
		s.Log.Warn("staff session: save failed", "err", err)
		return s.renderSignIn(c, fiber.StatusServiceUnavailable, signInView{Name: name, Back: back, Error: "staff.error.unavailable"})
	}
	if old := c.Cookies(staffCookie); session.ValidID(old) {
		_ = s.StaffSessions.Delete(c.UserContext(), old)
	}
	c.Cookie(&fiber.Cookie{Name: staffCookie, Value: id, Path: "/", HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode, Secure: s.secure(c)})
	s.Log.Info("staff signed in", "user", user, "municipality", s.muniID(), "regional", regional)
	return c.Redirect(safeBack(langOf(c), back), fiber.StatusSeeOther)
}

// signInTooOften answers when an address tried too many wrong passwords.
func (s *server) signInTooOften(c *fiber.Ctx) error {
	s.Log.Warn("staff sign-in: too many attempts", "ip", s.clientIP(c))
	return s.renderSignIn(c, fiber.StatusTooManyRequests, signInView{Name: c.FormValue("name"), Back: c.FormValue("terug"), Error: "staff.error.too_often"})
}

// signOut ends the staff session and wipes the desk's resident session.
func (s *server) signOut(c *fiber.Ctx) error {
	m := staffOf(c)
	if m.sessionID != "" {
		if err := s.StaffSessions.Delete(c.UserContext(), m.sessionID); err != nil {
			s.Metrics.RedisError(storeSessions)
			s.Log.Warn("staff session: delete failed", "err", err)
		}
	}
	s.wipeDesk(c)
	c.ClearCookie(staffCookie)
	s.Log.Info("staff signed out", "user", m.User)
	return c.Redirect(staffPath(langOf(c), pathSignIn)+"?afgemeld=1", fiber.StatusSeeOther)
}

// signInLimit counts wrong sign-ins per address and name (perName) or per
// address, and refuses more than the limit for signInWindow.
func (s *server) signInLimit(perName bool) fiber.Handler {
	tries, key := signInTriesIP, func(c *fiber.Ctx) string { return "signin:" + s.limitKey(c) }
	if perName {
		// The typed name is hashed: a key holds no name, right or wrong.
		tries, key = signInTries, func(c *fiber.Ctx) string {
			h := sha256.Sum256([]byte(staff.NormalizeName(c.FormValue("name"))))
			return "signin:" + s.limitKey(c) + ":" + hex.EncodeToString(h[:8])
		}
	}
	return s.limiter(limit{max: tries, window: signInWindow, counts: failures, key: key, reached: s.signInTooOften})
}
