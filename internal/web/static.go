package web

import (
	"github.com/gofiber/fiber/v2"
)

// Static files under content-hashed names: /static/{file}.

func (s *server) static(c *fiber.Ctx) error {
	f, ok := s.assets.File(c.Params("file"))
	if !ok && s.site != nil {
		// Another municipality's stylesheet or logo: the hashed name
		// says which file it is, whichever portal the request reached.
		f, ok = s.site.asset(c.Params("file"))
	}
	if !ok {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	c.Set(fiber.HeaderContentType, f.ContentType)
	c.Vary(fiber.HeaderAcceptEncoding)
	if f.Gzip != nil && c.Context().Request.Header.HasAcceptEncoding("gzip") {
		// Compressed once at start-up; the compress middleware leaves a
		// body that has its encoding alone.
		c.Set(fiber.HeaderContentEncoding, "gzip")
		return c.Send(f.Gzip)
	}
	return c.Send(f.Body)
}

// favicon sends browsers that ask for /favicon.ico to the icon's hashed
// URL.
func (s *server) favicon(c *fiber.Ctx) error {
	return c.Redirect(s.assets.URL("favicon.svg"), fiber.StatusMovedPermanently)
}
