package web

import (
	"bytes"
	"strings"

	"github.com/gofiber/fiber/v2"
	lru "github.com/hashicorp/golang-lru/v2"
)

// A first visit to a page that shows the same to everyone without
// answers (the home page, about, the accessibility statement, crisis
// help) differs from the next visitor's only in the form token. Those
// pages are rendered once per path, with a marker where the token goes,
// and kept (the last sharedPagesKept of them); a visit then costs putting
// its token in. Crisis help tells which lines are open now, so it is kept
// for the minute it holds. A visitor with a session, a message to show or
// a store that does not answer gets the page made for them, and so does
// the desk.
const sharedPagesKept = 256

// tokenMarker stands for the visitor's form token while a shared page is
// rendered: letters, digits and hyphens, which no escaper changes, as
// none changes a token (base64url).
const tokenMarker = "wz-form-token-7f3a91c2"

type sharedPages struct {
	kept *lru.Cache[string, sharedPage]
}

// sharedPage is a page cut where the token goes, made in minute (0 for a
// page that does not change with the time).
type sharedPage struct {
	minute int64
	parts  [][]byte
}

func newSharedPages() *sharedPages {
	kept, _ := lru.New[string, sharedPage](sharedPagesKept)
	return &sharedPages{kept: kept}
}

// renderShared renders page name from the view build makes, from what
// is kept when the visitor has no session. perMinute keeps it only for
// the minute it was made in.
func (s *server) renderShared(c *fiber.Ctx, name string, perMinute bool, build func() any) error {
	ss := sessionOf(c)
	tok := csrfTokenOf(c)
	if s.shared == nil || ss.id != "" || ss.unavailable || isDesk(c) || flashOf(c) != "" || s.elsewhere(c) ||
		tok == "" || strings.Contains(tok, tokenMarker) {
		return s.views.render(c, fiber.StatusOK, name, build())
	}
	var minute int64
	if perMinute {
		minute = minuteOf(s.Now())
	}
	key := name + "\x00" + string(c.Request().URI().RequestURI())
	p, ok := s.shared.kept.Get(key)
	if !ok || p.minute != minute {
		setCSRFToken(c, tokenMarker)
		v := build()
		setCSRFToken(c, tok)
		var b bytes.Buffer
		if err := s.views.Render(&b, name, v); err != nil {
			return err
		}
		p = sharedPage{minute: minute, parts: bytes.Split(b.Bytes(), []byte(tokenMarker))}
		s.shared.kept.Add(key, p)
	}
	res := c.Response()
	res.ResetBody()
	for i, part := range p.parts {
		if i > 0 {
			res.AppendBodyString(tok)
		}
		res.AppendBody(part)
	}
	c.Status(fiber.StatusOK)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return nil
}
