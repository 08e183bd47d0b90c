package web

import (
	"fmt"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/contact"
	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/web/view"
)

// A region serves several municipalities from one deployment, each with
// a portal of its own (see Site). The host name says whose portal a
// request reaches; a resident who lives in another municipality of the
// region (the place answer says so) is served by that municipality's
// portal, with a note, because its local help and phone number are the
// ones that fit.

// muniCookie names the municipality whose portal serves the resident when
// it is not the host's own. The portals set it from the place answer; it
// holds nothing but a municipality's id and lasts as long as the browser
// session.
const muniCookie = "wz_m"

// setHome keeps the id of the municipality the request's host stands
// for, "" on a regional host; homeOf reads it, ok false when the request
// came in some other way (a portal's app alone, in tests).
func setHome(c *fiber.Ctx, p *portal) {
	id := ""
	if p != nil {
		id = p.srv.Content.Catalog.Municipality.ID
	}
	c.Locals(homeKey, id)
}

func homeOf(c *fiber.Ctx) (id string, ok bool) {
	id, ok = c.Locals(homeKey).(string)
	return id, ok
}

// publicURL is where this municipality's pages are, for absolute links
// (share links, QR codes, the HSDS API's links) and Secure cookies: its
// public_url, else BASE_URL; "" for neither.
func (s *server) publicURL() string {
	if u := s.Content.Catalog.Municipality.PublicURL; u != "" {
		return strings.TrimSuffix(u, "/")
	}
	return s.Config.BaseURL
}

// muniID is the id of this portal's municipality.
func (s *server) muniID() string { return s.Content.Catalog.Municipality.ID }

// elsewhere reports whether this portal serves a resident on the host of
// another municipality of the region, who then reads a note saying whose
// help this is.
func (s *server) elsewhere(c *fiber.Ctx) bool {
	home, ok := homeOf(c)
	return ok && home != "" && home != s.muniID()
}

// placeValue checks a place answer from a link, a code or a session: a
// well-formed postcode, or a village of any municipality of the region,
// so that an answer that sends the resident to another portal is not
// lost on the way.
func (s *server) placeValue(raw string) (string, bool) {
	if v, ok := s.Content.PlaceValue(raw); ok {
		return v, true
	}
	if s.Region != nil && s.Region.ByPlace(raw) != nil {
		return raw, true
	}
	return "", false
}

// inRegion reports whether this portal is one of several.
func (s *server) inRegion() bool { return s.Region != nil && len(s.Region.Municipalities) > 1 }

// sees reports whether staff member m may see request r. In a region a
// municipality's staff see its own requests (and, at the first
// municipality, those made before the region, which carry none), and the
// region's staff see them all.
func (s *server) sees(m *staffMember, r contact.Request) bool {
	if !s.inRegion() || m.Regional {
		return true
	}
	if r.Municipality == "" {
		return s.Region.Municipalities[0] == s.Content
	}
	return r.Municipality == s.muniID()
}

// muniName is the name of the municipality with id, for the region's
// staff; "" outside a region.
func (s *server) muniName(id string) string {
	if !s.inRegion() {
		return ""
	}
	if m := s.Region.Municipality(id); m != nil {
		return m.Catalog.Municipality.Name
	}
	return s.Region.Municipalities[0].Catalog.Municipality.Name
}

// livesElsewhere returns the municipality of the region that the
// session's place answer lies in, when that is not this portal's; nil
// otherwise (no answer yet, or outside the region).
func (s *server) livesElsewhere(ss *sess) *content.Content {
	if !s.inRegion() || s.placeQ == "" {
		return nil
	}
	if m := s.Region.ByPlace(s.placeOf(ss)); m != nil && m != s.Content {
		return m
	}
	return nil
}

// placeOf is the session's answer to the place question, "" for none.
func (s *server) placeOf(ss *sess) string {
	if vals := ss.data.Flow.Answers[s.placeQ]; s.placeQ != "" && len(vals) > 0 {
		return vals[0]
	}
	return ""
}

// moveTo makes m's portal serve this browser from the next request on:
// the cookie names m, or goes when m is the host's own municipality.
func (s *server) moveTo(c *fiber.Ctx, m *content.Content) {
	id := m.Catalog.Municipality.ID
	cookie := &fiber.Cookie{Name: muniCookie, Value: id, Path: "/", HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode, Secure: s.secure(c)}
	if home, _ := homeOf(c); home == id {
		cookie.Value, cookie.MaxAge = "", -1
	}
	c.Cookie(cookie)
}

// residentPath reports whether path (after /{lang}) is one of the
// resident's pages, which follow the resident's municipality; staff and
// desk pages stay with the host's.
func residentPath(rest string) bool {
	return !strings.HasPrefix(rest, staffPrefix) && !strings.HasPrefix(rest, deskPrefix)
}

// placeQuestion is the id of the flow's place question, "" for none.
func placeQuestion(d *flow.Def) string {
	for _, q := range d.Questions {
		if q.Kind == flow.Place {
			return q.ID
		}
	}
	return ""
}

// addLook adds the municipality's stylesheet and logo to the portal's
// static files, as "municipality.css" and "logo.svg" (or .png): its
// colours as CSS custom properties in a file of its own, so the pages'
// Content-Security-Policy stays style-src 'self'.
func addLook(a *view.Assets, c *content.Content) (css, logo string, err error) {
	m := c.Catalog.Municipality
	if body := themeCSS(m.Colors); body != nil {
		if err := a.Add("municipality.css", body); err != nil {
			return "", "", err
		}
		css = a.URL("municipality.css")
	}
	if len(c.Logo) > 0 {
		name := "logo" + path.Ext(m.Logo)
		if err := a.Add(name, c.Logo); err != nil {
			return "", "", err
		}
		logo = a.URL(name)
	}
	return css, logo, nil
}

// themeCSS sets app.css's colours from the municipality's, or returns nil
// when it has none. The darker shade (hover, the current language) is
// the primary colour at 72 per cent, as app.css's own pair is.
func themeCSS(col catalog.Colors) []byte {
	if col.Primary == "" {
		return nil
	}
	r, g, b, err := catalog.ParseColor(col.Primary)
	if err != nil {
		return nil
	}
	dark := func(v uint8) uint8 { return uint8(float64(v) * 0.72) }
	var sb strings.Builder
	fmt.Fprintf(&sb, ":root {\n  --brand: %s;\n  --brand-dark: #%02x%02x%02x;\n", col.Primary, dark(r), dark(g), dark(b))
	if col.OnPrimary != "" {
		fmt.Fprintf(&sb, "  --on-brand: %s;\n", col.OnPrimary)
	}
	if col.Accent != "" {
		fmt.Fprintf(&sb, "  --focus: %s;\n", col.Accent)
	}
	sb.WriteString("}\n")
	return []byte(sb.String())
}

// apiMunicipality is one municipality in GET /api/v1/municipalities.
type apiMunicipality struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Hosts     []string `json:"hosts"`
	Postcodes []string `json:"postcodes"`
	Phone     string   `json:"phone"`
}

// municipalities lists the municipalities this deployment serves, in the
// region's order.
func (s *server) municipalities(c *fiber.Ctx) error {
	region := s.Region
	if region == nil {
		region = content.Single(s.Content)
	}
	out := make([]apiMunicipality, 0, len(region.Municipalities))
	for _, m := range region.Municipalities {
		mu := m.Catalog.Municipality
		a := apiMunicipality{ID: mu.ID, Name: mu.Name, Hosts: mu.Hosts, Postcodes: []string{}, Phone: mu.Phone}
		if a.Hosts == nil {
			a.Hosts = []string{}
		}
		for _, p := range m.Catalog.Places {
			a.Postcodes = append(a.Postcodes, p.Postcodes...)
		}
		out = append(out, a)
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return c.JSON(out)
}

// chooseView is the regional host's first question: where the resident
// lives, by postcode or by municipality.
type chooseView struct {
	page
	Region         string
	Postcode       string
	Error          string
	Municipalities []chooseMuni
}

type chooseMuni struct {
	ID, Name, Phone string
	Villages        string // the villages, for residents who know theirs
}

// onRegionalHost reports whether the request came in on a host of the
// whole region, where the resident has not chosen a municipality yet.
func (s *server) onRegionalHost(c *fiber.Ctx) bool {
	home, ok := homeOf(c)
	return ok && home == "" && s.inRegion() && s.Region.Municipality(c.Cookies(muniCookie)) == nil
}

func (s *server) chooseForm(c *fiber.Ctx) error {
	return s.renderChoose(c, fiber.StatusOK, "", "")
}

// choose takes the resident's postcode or municipality and sends them to
// its landing page; a postcode outside the region or one that cannot be
// read is asked again, with what was typed.
func (s *server) choose(c *fiber.Ctx) error {
	if !s.inRegion() {
		return fiber.ErrNotFound
	}
	var m *content.Content
	postcode := strings.TrimSpace(c.FormValue("postcode"))
	switch id := c.FormValue("gemeente"); {
	case id != "":
		if m = s.Region.Municipality(id); m == nil {
			return s.renderChoose(c, fiber.StatusUnprocessableEntity, postcode, "region.choose.unknown")
		}
	case postcode == "":
		return s.renderChoose(c, fiber.StatusUnprocessableEntity, postcode, "region.choose.empty")
	default:
		p, err := catalog.ParsePostcode(postcode)
		if err != nil {
			return s.renderChoose(c, fiber.StatusUnprocessableEntity, postcode, "error.postcode")
		}
		if m = s.Region.ByPostcode(p); m == nil {
			return s.renderChoose(c, fiber.StatusUnprocessableEntity, postcode, "region.choose.outside")
		}
	}
	s.moveTo(c, m)
	return c.Redirect(langPath(langOf(c), pathHome), fiber.StatusSeeOther)
}

func (s *server) renderChoose(c *fiber.Ctx, status int, postcode, msg string) error {
	if !s.inRegion() {
		return fiber.ErrNotFound
	}
	v := chooseView{page: s.page(c, "region.choose.title"), Region: s.Region.Name, Postcode: postcode, Error: msg}
	// The page is the region's, not one municipality's.
	v.Muni = &catalog.Municipality{Name: s.Region.Name, Demo: s.Content.Catalog.Municipality.Demo}
	v.Theme, v.Logo = "", ""
	for _, m := range s.Region.Municipalities {
		mu := m.Catalog.Municipality
		var villages []string
		for _, p := range m.Catalog.Places {
			villages = append(villages, p.Name)
		}
		v.Municipalities = append(v.Municipalities, chooseMuni{ID: mu.ID, Name: mu.Name, Phone: mu.Phone, Villages: strings.Join(villages, ", ")})
	}
	if msg != "" {
		v.Title = v.L.T("error.title_prefix") + " " + v.Title
	}
	return s.views.render(c, status, "choose", v)
}
