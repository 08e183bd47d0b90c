package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Forms are protected by a signed double-submit token, kept nowhere but
// in the visitor's cookie and the page: a visit stores nothing, and a
// store that is down cannot make a form fail its check.
//
// A token is a random nonce and the time it was made, signed with
// HMAC-SHA256 under CSRF_SECRET (shared by every instance). The cookie
// holds it; a form sends it back in the field csrfField, the chat
// script in the header csrfHeader. A post is taken when the two are the
// same and the signature is good and the token is younger than
// csrfMaxAge. Without the secret nobody can make a token that passes.
const (
	csrfMaxAge   = 2 * time.Hour
	csrfNonceLen = 16
	csrfMACLen   = 16
)

var (
	errCSRFMissing = errors.New("csrf: no token in the form")
	errCSRFCookie  = errors.New("csrf: no valid token cookie")
	errCSRFExpired = errors.New("csrf: token expired")
	errCSRFDiffers = errors.New("csrf: token differs from the cookie")
)

// csrfSigner makes and checks tokens with one secret.
type csrfSigner struct {
	secret []byte
	now    func() time.Time
}

func (k csrfSigner) mac(nonce []byte, issued uint64) []byte {
	m := hmac.New(sha256.New, k.secret)
	m.Write([]byte("wegwijzer csrf v1"))
	m.Write(nonce)
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], issued)
	m.Write(b[:])
	return m.Sum(nil)[:csrfMACLen]
}

func (k csrfSigner) make() string {
	raw := make([]byte, csrfNonceLen+8, csrfNonceLen+8+csrfMACLen)
	_, _ = rand.Read(raw[:csrfNonceLen])
	issued := uint64(k.now().Unix())
	binary.BigEndian.PutUint64(raw[csrfNonceLen:], issued)
	raw = append(raw, k.mac(raw[:csrfNonceLen], issued)...)
	return base64.RawURLEncoding.EncodeToString(raw)
}

// age returns how old a good token is; ok is false for anything else.
func (k csrfSigner) age(tok string) (time.Duration, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(raw) != csrfNonceLen+8+csrfMACLen {
		return 0, false
	}
	issued := binary.BigEndian.Uint64(raw[csrfNonceLen:])
	if !hmac.Equal(raw[csrfNonceLen+8:], k.mac(raw[:csrfNonceLen], issued)) {
		return 0, false
	}
	return k.now().Sub(time.Unix(int64(issued), 0)), true
}

// csrfProtect gives every page a token (reusing the cookie's while it is
// young enough) and checks every post. A failed check goes to failed,
// with a token ready for the page it shows.
func (s *server) csrfProtect(k csrfSigner, failed func(*fiber.Ctx, error) error) fiber.Handler {
	issue := func(c *fiber.Ctx) {
		tok := k.make()
		c.Cookie(&fiber.Cookie{
			Name: csrfCookie, Value: tok, Path: "/", MaxAge: int(csrfMaxAge / time.Second),
			HTTPOnly: true, Secure: s.secureURL(), SameSite: fiber.CookieSameSiteLaxMode,
		})
		setCSRFToken(c, tok)
	}
	return func(c *fiber.Ctx) error {
		cookie := c.Cookies(csrfCookie)
		age, good := k.age(cookie)
		fresh := good && age >= 0 && age < csrfMaxAge
		switch c.Method() {
		case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
			// A token past half its life is renewed, so a page opened now
			// keeps working for at least an hour.
			if fresh && age < csrfMaxAge/2 {
				setCSRFToken(c, cookie)
			} else {
				issue(c)
			}
			return c.Next()
		}
		sent := c.Get(csrfHeader)
		if sent == "" {
			sent = c.FormValue(csrfField)
		}
		var err error
		switch {
		case !good:
			err = errCSRFCookie
		case !fresh:
			err = errCSRFExpired
		case sent == "":
			err = errCSRFMissing
		case subtle.ConstantTimeCompare([]byte(sent), []byte(cookie)) != 1:
			err = errCSRFDiffers
		}
		if err != nil {
			// The page shown next needs a token: the cookie's while it is
			// good, so other open pages keep working, else a new one.
			if fresh {
				setCSRFToken(c, cookie)
			} else {
				issue(c)
			}
			return failed(c, err)
		}
		setCSRFToken(c, cookie)
		return c.Next()
	}
}

// csrfIfCookies runs check only on a call that carries the pages'
// cookies. Other channels send the session id in the body and carry no
// cookie, so there is nothing to forge; a call with the page's cookies
// must carry the page's token.
func csrfIfCookies(check fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if c.Cookies(sessionCookie) == "" && c.Cookies(csrfCookie) == "" {
			return c.Next()
		}
		return check(c)
	}
}
