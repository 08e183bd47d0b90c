package web

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/chat"
)

// Field limits of the contact request.
const (
	maxName        = 100
	maxPhone       = 25
	maxEmail       = 254
	maxDescription = 1000
)

// preferredTimes are the choices for when to be called.
var preferredTimes = []string{"any", "morning", "afternoon"}

// contactForm is the contact request as posted.
type contactForm struct {
	Name        string
	Phone       string
	Email       string
	Time        string
	Description string
	Consent     bool
}

// fieldError is one problem with a field, as a message id.
type fieldError struct {
	Field string // the input's id, so the summary can link to it
	MsgID string
}

func parseContactForm(c *fiber.Ctx) contactForm {
	f := contactForm{
		Name:        clean(c.FormValue("name")),
		Phone:       clean(c.FormValue("phone")),
		Email:       clean(c.FormValue("email")),
		Time:        clean(c.FormValue("time")),
		Description: strings.TrimSpace(stripControl(c.FormValue("description"), true)),
		Consent:     c.FormValue("consent") == "yes",
	}
	if f.Time == "" {
		f.Time = "any" // the form's default; a browser sends nothing when no radio is checked
	}
	return f
}

// clean trims a one-line field and drops control and hidden format
// characters.
func clean(s string) string { return strings.TrimSpace(stripControl(s, false)) }

func stripControl(s string, keepNewlines bool) string {
	s = chat.StripFormat(s)
	return strings.Map(func(r rune) rune {
		if r == '\n' && keepNewlines {
			return r
		}
		if r == '\r' || (unicode.IsControl(r) && r != '\t') {
			return -1
		}
		return r
	}, s)
}

// Validate returns the problems in the order of the form, each with a
// message id that says what to do.
func (f contactForm) Validate() []fieldError {
	var errs []fieldError
	switch n := utf8.RuneCountInString(f.Name); {
	case n == 0:
		errs = append(errs, fieldError{"name", "contact.error.name_missing"})
	case n > maxName:
		errs = append(errs, fieldError{"name", "contact.error.name_long"})
	}
	if f.Phone == "" && f.Email == "" {
		errs = append(errs, fieldError{"phone", "contact.error.reach_missing"})
	}
	if f.Phone != "" && !validPhone(f.Phone) {
		errs = append(errs, fieldError{"phone", "contact.error.phone"})
	}
	if f.Email != "" && !validEmail(f.Email) {
		errs = append(errs, fieldError{"email", "contact.error.email"})
	}
	if f.Time != "" && !contains(preferredTimes, f.Time) {
		errs = append(errs, fieldError{"time-any", "contact.error.time"})
	}
	if utf8.RuneCountInString(f.Description) > maxDescription {
		errs = append(errs, fieldError{"description", "contact.error.description_long"})
	}
	if !f.Consent {
		errs = append(errs, fieldError{"consent", "contact.error.consent"})
	}
	return errs
}

// validPhone accepts Dutch numbers (10 digits starting with 0, or +31 and
// 9 digits) and international numbers (+ and 8 to 15 digits), written
// with spaces, dashes, dots or brackets.
func validPhone(s string) bool {
	if len(s) > maxPhone {
		return false
	}
	var digits strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == '+' && i == 0:
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return false
		}
	}
	d := digits.String()
	if strings.HasPrefix(s, "+") {
		if strings.HasPrefix(d, "31") {
			return len(d) == 11
		}
		return len(d) >= 8 && len(d) <= 15
	}
	return len(d) == 10 && d[0] == '0'
}

// validEmail accepts a bare address with a dotted domain.
func validEmail(s string) bool {
	if len(s) > maxEmail {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
