package web

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/internal/web/view"
)

const langCookie = "wz_lang"

// locale checks the /{lang}/ prefix, remembers the choice and prepares the
// localizer. Pages hold session data, so none is cached.
func (s *server) locale(c *fiber.Ctx) error {
	lang := c.Params("lang")
	if !s.Content.Messages.Supported(lang) {
		return errNoRoute
	}
	setLang(c, lang)
	if p := langRest(c); p == deskPrefix || strings.HasPrefix(p, deskPrefix+"/") {
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
	return s.secureURL() || c.Protocol() == "https"
}

// secureURL reports whether the portal's public URL is https, so its
// cookies carry the Secure flag.
func (s *server) secureURL() bool { return strings.HasPrefix(s.publicURL(), "https://") }

// page is what every page needs: language, switcher, CSRF token, the
// municipality, and whether urgent help goes on top.
type page struct {
	L         *i18n.Localizer
	Lang      string
	Dir       string
	Langs     []view.LangLink
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
	// Theme and Logo are the URLs of the municipality's stylesheet and
	// logo, "" for none.
	Theme, Logo string
	// Elsewhere is set when the page is another municipality's than the
	// host's: the resident lives there (see livesElsewhere).
	Elsewhere bool
	// OutsideRegion is the region's name when the resident's postcode lies
	// outside it, and the pages show the region's help only.
	OutsideRegion string
}

func (s *server) page(c *fiber.Ctx, titleID string, kv ...any) page {
	lang := langOf(c)
	l := s.Content.Messages.Localizer(lang)
	rest := langRest(c)
	if rest == "" {
		rest = "/"
	}
	if q := string(c.Request().URI().QueryString()); q != "" && c.Method() == fiber.MethodGet {
		rest += "?" + q
	}
	var langs []view.LangLink
	for _, code := range s.Content.Messages.Langs() {
		langs = append(langs, view.LangLink{Code: code, Name: i18n.Name(code), Href: langPath(code, rest), Current: code == lang})
	}
	p := page{
		L: l, Lang: lang, Dir: i18n.Dir(lang), Langs: langs,
		CSRFField: csrfField, Muni: &s.Content.Catalog.Municipality, Rest: rest, Base: s.publicURL(), Root: rootOf(c),
		SessionMinutes: int(s.Config.SessionTTL / time.Minute),
		Theme:          s.theme, Logo: s.logo, Elsewhere: s.elsewhere(c),
	}
	if isDesk(c) {
		p.Desk = s.deskInfo(c, lang)
	}
	if s.Content.OutsideRegion(s.placeOf(sessionOf(c))) {
		p.OutsideRegion = s.Region.Name
	}
	p.CSRF = csrfTokenOf(c)
	p.Title = l.T(titleID, view.Pairs(kv))
	if sessionOf(c).unavailable {
		p.Notice = "notice.session_unavailable"
	}
	if f := flashOf(c); f != "" {
		p.Notice = f
	}
	return p
}

// Language tells the renderer the page's language and localizer; only
// when they agree does it render from the set with that language's fixed
// messages folded in.
func (p page) Language() (string, *i18n.Localizer) { return p.Lang, p.L }

// renderer is view's Renderer with render, which sends a page as a fiber
// response.
type renderer struct{ *view.Renderer }

// render writes page name, rendered with data, as the response with
// status. A template error returns before anything is set, so it becomes
// an error page rather than half a page.
func (r renderer) render(c *fiber.Ctx, status int, name string, data any) error {
	if err := r.Render(responseBody{c}, name, data); err != nil {
		return err
	}
	c.Status(status)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return nil
}

// responseBody makes what Render writes the response's body. Render
// writes a page in one Write, from a buffer it then reuses: SetBody
// copies it into the response's own buffer (c.Send would keep it).
type responseBody struct{ c *fiber.Ctx }

func (b responseBody) Write(p []byte) (int, error) {
	b.c.Response().SetBody(p)
	return len(p), nil
}
