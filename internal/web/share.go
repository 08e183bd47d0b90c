package web

import (
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/codes"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/web/view"
)

// ResumeCodeLen is the length the code stores are made with: that of a
// code that lives a day or less, such as the desk's hand-over code. A
// resume code lives RESUME_CODE_TTL, a week by default, and then has
// codes.Long characters (see package codes).
const ResumeCodeLen = codes.Short

// shareView is the "save or share" part of the results and the summary:
// a link that holds the answers, its QR code, and a resume code.
type shareView struct {
	URL  string
	QR   view.QR
	Code string // formatted resume code, "" until the resident asks for one
	// CodeUntil is when the code stops working, in the resident's words.
	CodeUntil string
	// CodeHref is where someone types the code in.
	CodeHref string
}

// shareURL is the absolute link that reopens the results of st in lang.
func (s *server) shareURL(c *fiber.Ctx, lang string, st flow.State) string {
	return s.baseURL(c) + "/" + lang + "/uitkomst/gedeeld?" + s.Content.Flow.Encode(st).Encode()
}

// baseURL is BASE_URL, or the scheme and host the request came in on.
func (s *server) baseURL(c *fiber.Ctx) string {
	if s.Config.BaseURL != "" {
		return s.Config.BaseURL
	}
	return c.BaseURL()
}

func (s *server) shareView(c *fiber.Ctx, ss *sess) *shareView {
	if len(s.Content.Flow.Outcome(ss.data.Flow).Answers) == 0 {
		return nil
	}
	lang := langOf(c)
	v := &shareView{URL: s.shareURL(c, lang, ss.data.Flow), CodeHref: s.baseURL(c) + "/" + lang + "/code"}
	v.QR = view.NewQR(v.URL)
	// A code made for other answers (changed since) is not shown.
	if rc := ss.data.Resume; rc != nil && rc.Until.After(s.Now()) && rc.Answers == s.Content.Flow.Encode(ss.data.Flow).Encode() {
		v.Code = codes.Format(rc.Code)
		v.CodeUntil = view.LocalDate(s.Content.Messages.Localizer(lang), rc.Until.In(s.loc).Format(time.DateOnly))
	}
	return v
}

// resumeCode is a resume code made for the session's answers.
type resumeCode struct {
	Code  string    `json:"c"`
	Until time.Time `json:"u"`
	// Answers is the encoded answers the code was made for; a new code is
	// made when they change.
	Answers string `json:"a"`
}

// openShared reopens the results a link holds: the answers replace the
// session's, and the resident lands on the results, where every answer
// can be changed. When the session cannot be kept the results still show.
func (s *server) openShared(c *fiber.Ctx) error {
	q, err := url.ParseQuery(string(c.Request().URI().QueryString()))
	if err != nil {
		q = url.Values{}
	}
	return s.openAnswers(c, q)
}

func (s *server) openAnswers(c *fiber.Ctx, q url.Values) error {
	st, dropped := s.Content.Flow.Decode(q, s.Content.PlaceValue)
	ss := sessionOf(c)
	if len(st.Answers) == 0 {
		ss.setFlash("share.broken")
		_ = s.save(c, ss)
		return c.Redirect("/"+langOf(c)+"/", fiber.StatusSeeOther)
	}
	// The answers are the link's now; what hung on the old ones goes.
	ss.replaceAnswers(st)
	if dropped > 0 {
		ss.setFlash("share.partly")
	}
	if err := s.save(c, ss); err != nil {
		v := s.resultsView(c, ss)
		v.Notice = "notice.session_unavailable"
		return s.views.render(c, fiber.StatusOK, "results", v)
	}
	return c.Redirect("/"+langOf(c)+"/uitkomst", fiber.StatusSeeOther)
}

// makeResumeCode makes a code for the session's answers (or keeps the one
// made for the same answers) and shows it on the results.
func (s *server) makeResumeCode(c *fiber.Ctx) error {
	ss := sessionOf(c)
	answers := s.Content.Flow.Encode(ss.data.Flow).Encode()
	if answers == "" {
		return c.Redirect("/"+langOf(c)+"/uitkomst", fiber.StatusSeeOther)
	}
	if rc := ss.data.Resume; rc == nil || rc.Answers != answers || !rc.Until.After(s.Now().Add(time.Hour)) {
		code, err := s.Codes.Put(c.UserContext(), []byte(answers), s.Config.ResumeCodeTTL)
		if err != nil {
			s.Log.Warn("resume code: store failed", "err", err)
			v := s.resultsView(c, ss)
			v.Notice = "share.code_unavailable"
			return s.views.render(c, fiber.StatusServiceUnavailable, "results", v)
		}
		ss.setResume(&resumeCode{Code: code, Until: s.Now().Add(s.Config.ResumeCodeTTL), Answers: answers})
	}
	if err := s.save(c, ss); err != nil {
		v := s.resultsView(c, ss) // shows the code made, once
		v.Notice = "notice.session_unavailable"
		return s.views.render(c, fiber.StatusOK, "results", v)
	}
	return c.Redirect("/"+langOf(c)+"/uitkomst#delen", fiber.StatusSeeOther)
}

type codeView struct {
	page
	Value string
	Error string
}

// codeForm asks for a code; the desk's QR code fills it in (?c=), and the
// resident confirms, so a link preview cannot use up a single-use code.
func (s *server) codeForm(c *fiber.Ctx) error {
	v := codeView{page: s.page(c, "code.title")}
	if code, ok := codes.Normalize(c.Query("c")); ok {
		v.Value = codes.Format(code)
	}
	return s.views.render(c, fiber.StatusOK, "code", v)
}

// useCode opens the results a resume code was made for. A code stays
// valid until it expires, so a carer can read it to more than one person;
// wrong codes count towards a limit per address (the limiter on the
// route) and towards the hour's budget over all addresses (wrongCode).
func (s *server) useCode(c *fiber.Ctx) error {
	typed := c.FormValue("code")
	fail := func(status int, msg string) error {
		v := codeView{page: s.page(c, "code.title"), Value: typed, Error: msg}
		v.Title = v.L.T("error.title_prefix") + " " + v.Title
		return s.views.render(c, status, "code", v)
	}
	code, ok := codes.Normalize(typed)
	if !ok {
		if strings.TrimSpace(typed) == "" {
			return fail(fiber.StatusUnprocessableEntity, "code.error.empty")
		}
		return fail(fiber.StatusUnprocessableEntity, "code.error.format")
	}
	// A code from the desk moves the answers to this phone, once.
	switch ok, err := s.takeHandover(c, code); {
	case err != nil:
		s.Log.Warn("hand-over code: take failed", "err", err)
		return fail(fiber.StatusServiceUnavailable, "code.error.unavailable")
	case ok:
		return c.Redirect(s.resumeHref(c), fiber.StatusSeeOther)
	}
	raw, err := s.Codes.Get(c.UserContext(), code)
	switch {
	case errors.Is(err, codes.ErrNotFound):
		s.wrongCode(c)
		return fail(fiber.StatusUnprocessableEntity, "code.error.unknown")
	case err != nil:
		s.Log.Warn("resume code: lookup failed", "err", err)
		return fail(fiber.StatusServiceUnavailable, "code.error.unavailable")
	}
	q, err := url.ParseQuery(string(raw))
	if err != nil {
		return fail(fiber.StatusUnprocessableEntity, "code.error.unknown")
	}
	return s.openAnswers(c, q)
}

// wrongCode counts a code that matched nothing towards the hour's count
// over all addresses (shared by the instances through Redis), and logs a
// warning when the count passes WRONG_CODE_BUDGET_PER_HOUR: a limit per
// address does not stop guessing from many addresses. It never refuses
// anyone. The one call whose count is the first over the budget logs, so
// there is one warning an hour, not one per instance or per code; it
// names neither codes nor addresses.
func (s *server) wrongCode(c *fiber.Ctx) {
	n, err := s.Codes.Wrong(c.UserContext(), s.Now())
	if err != nil {
		s.Log.Warn("codes: counting a wrong code failed", "err", err)
		return
	}
	if budget := int64(s.Config.WrongCodeBudget); n == budget+1 {
		s.Log.Warn("codes: more wrong codes this hour than the budget; codes are perhaps being guessed from many addresses",
			"wrong_codes", n, "budget", budget)
	}
}

// codeTooOften answers when an address typed too many wrong codes.
func (s *server) codeTooOften(c *fiber.Ctx) error {
	v := codeView{page: s.page(c, "code.title"), Value: c.FormValue("code"), Error: "code.error.too_often"}
	v.Title = v.L.T("error.title_prefix") + " " + v.Title
	return s.views.render(c, fiber.StatusTooManyRequests, "code", v)
}
