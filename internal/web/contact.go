package web

import (
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/chat"
	"github.com/wegwijzer/wegwijzer/internal/contact"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/internal/outcomes"
)

// The contact request: /{lang}/contact (also the desk's,
// /{lang}/balie/contact), the form's fields and their checks, and the
// confirmation at /{lang}/contact/verstuurd.

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

type contactView struct {
	page
	Form      contactForm
	Errors    []fieldError
	FieldErr  map[string]string
	Times     []string
	Topics    []string
	MaxDesc   int
	Retention int
}

func (s *server) contactForm(c *fiber.Ctx) error {
	if !maatwerkAllowed(s.Content.Flow, sessionOf(c).data) {
		return c.Redirect(flowPath(c, pathResults)+"#genoeg", fiber.StatusSeeOther)
	}
	f := contactForm{Time: "any"}
	ss := sessionOf(c)
	if draft, ok := ss.takeDraft(); ok {
		// Kept across a rejected post; shown once, then forgotten.
		f = draft
		_ = s.save(c, ss)
	}
	return s.renderContact(c, f, nil, "", fiber.StatusOK)
}

func (s *server) renderContact(c *fiber.Ctx, f contactForm, errs []fieldError, notice string, status int) error {
	title := "contact.title"
	if len(errs) > 0 {
		title = "contact.title_errors"
	}
	v := contactView{page: s.page(c, title), Form: f, Errors: errs, FieldErr: map[string]string{},
		Times: preferredTimes, MaxDesc: maxDescription, Retention: s.Content.Catalog.Municipality.ContactRetentionDays}
	for _, e := range errs {
		if _, seen := v.FieldErr[e.Field]; !seen {
			v.FieldErr[e.Field] = e.MsgID
		}
	}
	v.Topics = s.Content.Flow.Outcome(sessionOf(c).data.Flow).Topics
	if notice != "" {
		v.Notice = notice
	}
	return s.views.render(c, status, "contact", v)
}

// contactSubmit stores the request durably, hands it to the sinks and
// shows the confirmation. Nothing typed is lost on an error.
func (s *server) contactSubmit(c *fiber.Ctx) error {
	ss := sessionOf(c)
	if ss.unavailable {
		// The store does not answer: the request cannot be kept now, and
		// the answers behind it cannot be read. What was typed comes back,
		// with what to do.
		return s.renderContact(c, parseContactForm(c), nil, "contact.error.unavailable", fiber.StatusServiceUnavailable)
	}
	if !maatwerkAllowed(s.Content.Flow, ss.data) {
		return c.Redirect(flowPath(c, pathResults)+"#genoeg", fiber.StatusSeeOther)
	}
	f := parseContactForm(c)
	if errs := f.Validate(); len(errs) > 0 {
		return s.renderContact(c, f, errs, "", fiber.StatusUnprocessableEntity)
	}
	ref, err := contact.NewRef()
	if err != nil {
		return err
	}
	req := s.contactRequest(ref, langOf(c), f, ss.data.Flow)
	if m := staffOf(c); m != nil && isDesk(c) {
		req.Desk = m.User
	}
	if _, err := s.Contacts.Add(c.UserContext(), req); err != nil {
		s.Metrics.RedisError(storeContact)
		s.Log.Error("contact request not stored", "ref", ref, "err", err)
		return s.renderContact(c, f, nil, "contact.error.unavailable", fiber.StatusServiceUnavailable)
	}
	s.Metrics.ContactAccepted()
	if s.Dispatcher != nil {
		s.Dispatcher.Enqueue(req)
	}
	ss.setRequest(ref, req.CreatedAt)
	for _, t := range s.Content.Flow.Outcome(ss.data.Flow).Topics {
		ss.count(outcomes.Contact(t))
	}
	if err := s.save(c, ss); err != nil {
		// Stored all the same; show the reference on this response.
		return s.renderConfirmation(c, ref)
	}
	return c.Redirect(flowPath(c, pathSent), fiber.StatusSeeOther)
}

// contactWindow is the time over which contact requests are counted.
const contactWindow = time.Hour

// contactLimit counts the contact requests stored per session
// (perSession) or per address, and refuses more than
// CONTACT_LIMIT_PER_SESSION or CONTACT_LIMIT_PER_ADDRESS an hour, so one
// client cannot flood the municipality's inbox. Refused or invalid posts
// are not counted. The desk's contact form is not behind it.
func (s *server) contactLimit(perSession bool) fiber.Handler {
	max, key := s.Config.ContactPerAddress, func(c *fiber.Ctx) string { return "contact:a:" + s.limitKey(c) }
	if perSession {
		max, key = s.Config.ContactPerSession, func(c *fiber.Ctx) string { return "contact:s:" + sessionOf(c).id }
	}
	return s.limiter(limit{
		max: max, window: contactWindow, counts: successes, key: key,
		// A visitor without a session has sent nothing yet.
		skip:    func(c *fiber.Ctx) bool { return perSession && sessionOf(c).id == "" },
		reached: s.contactTooOften,
	})
}

// contactTooOften shows the form again, filled in, with what to do.
func (s *server) contactTooOften(c *fiber.Ctx) error {
	s.Log.Warn("contact requests: limit reached", "ip", s.clientIP(c))
	return s.renderContact(c, parseContactForm(c), nil, "contact.error.too_often", fiber.StatusTooManyRequests)
}

// contactRequest builds the request with the flow's answers attached in
// Dutch, so the wijkteam reads them as they are.
func (s *server) contactRequest(ref, lang string, f contactForm, st flow.State) contact.Request {
	out := s.Content.Flow.Outcome(st)
	nl := s.Content.Messages.Localizer(i18n.Default)
	req := contact.Request{
		Ref: ref, Lang: lang, Name: f.Name, Phone: f.Phone, Email: f.Email,
		PreferredTime: f.Time, Description: f.Description, Who: out.Who,
		Topics: out.Topics, Consent: f.Consent, CreatedAt: s.Now().UTC(), Municipality: s.muniID(),
	}
	if req.Topics == nil {
		req.Topics = []string{}
	}
	if p := s.Content.PlaceOf(out.Place); p != nil {
		req.Place = p.Name
	} else {
		req.Place = out.Place
	}
	for _, a := range s.answerViews(nl, "/nl", out) {
		if a.Kind == flow.Place {
			continue // in Place
		}
		req.Answers = append(req.Answers, contact.Answer{Question: a.Question, Options: a.Values})
	}
	return req
}

type confirmationView struct {
	page
	Ref string
}

func (s *server) confirmation(c *fiber.Ctx) error {
	ref := sessionOf(c).data.Ref
	if ref == "" {
		return c.Redirect(flowPath(c, pathHome), fiber.StatusSeeOther)
	}
	return s.renderConfirmation(c, ref)
}

func (s *server) renderConfirmation(c *fiber.Ctx, ref string) error {
	return s.views.render(c, fiber.StatusOK, "confirmation", confirmationView{page: s.page(c, "confirmation.title"), Ref: ref})
}
