package web

import (
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/codes"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/outcomes"
	"github.com/wegwijzer/wegwijzer/internal/web/view"
)

// Saving and sharing the results: the link that holds the answers
// (/{lang}/uitkomst/gedeeld) and a resume code for them
// (/{lang}/uitkomst/code); codes are typed in at /code (code.go).

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
	return s.baseURL(c) + langPath(lang, pathShared) + "?" + s.Content.Flow.Encode(st).Encode()
}

// baseURL is the municipality's public URL (see publicURL), or the
// scheme and host the request came in on.
func (s *server) baseURL(c *fiber.Ctx) string {
	if u := s.publicURL(); u != "" {
		return u
	}
	return c.BaseURL()
}

func (s *server) shareView(c *fiber.Ctx, ss *sess) *shareView {
	if len(s.Content.Flow.Outcome(ss.data.Flow).Answers) == 0 {
		return nil
	}
	lang := langOf(c)
	v := &shareView{URL: s.shareURL(c, lang, ss.data.Flow), CodeHref: s.baseURL(c) + langPath(lang, pathCode)}
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
	return s.openAnswers(c, q, "link")
}

func (s *server) openAnswers(c *fiber.Ctx, q url.Values, kind string) error {
	st, dropped := s.Content.Flow.Decode(q, s.placeValue)
	ss := sessionOf(c)
	if len(st.Answers) == 0 {
		ss.setFlash("share.broken")
		_ = s.save(c, ss)
		return c.Redirect(langPath(langOf(c), pathHome), fiber.StatusSeeOther)
	}
	// The answers are the link's now; what hung on the old ones goes.
	ss.replaceAnswers(st)
	ss.count(outcomes.Shared(kind))
	if dropped > 0 {
		ss.setFlash("share.partly")
	}
	if err := s.save(c, ss); err != nil {
		v := s.resultsView(c, ss)
		v.Notice = "notice.session_unavailable"
		return s.views.render(c, fiber.StatusOK, "results", v)
	}
	return c.Redirect(langPath(langOf(c), pathResults), fiber.StatusSeeOther)
}

// makeResumeCode makes a code for the session's answers (or keeps the one
// made for the same answers) and shows it on the results.
func (s *server) makeResumeCode(c *fiber.Ctx) error {
	ss := sessionOf(c)
	answers := s.Content.Flow.Encode(ss.data.Flow).Encode()
	if answers == "" {
		return c.Redirect(langPath(langOf(c), pathResults), fiber.StatusSeeOther)
	}
	if rc := ss.data.Resume; rc == nil || rc.Answers != answers || !rc.Until.After(s.Now().Add(time.Hour)) {
		code, err := s.Codes.Put(c.UserContext(), []byte(answers), s.Config.ResumeCodeTTL)
		if err != nil {
			s.Metrics.RedisError(storeCodes)
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
	return c.Redirect(langPath(langOf(c), pathResults)+"#delen", fiber.StatusSeeOther)
}
