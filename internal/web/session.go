package web

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/chat"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/outcomes"
	"github.com/wegwijzer/wegwijzer/internal/session"
)

const (
	sessionCookie = "wz_sid"
	// sessionVersion is bumped when sessionData changes shape; an old
	// session is then started afresh rather than misread.
	sessionVersion = 1
)

// sessionData is what a session holds: small, versioned, JSON.
type sessionData struct {
	V    int        `json:"v"`
	Flow flow.State `json:"f"`
	// Enough is the answer to "Is this enough for you?": "yes", "no" or "".
	Enough string `json:"e,omitempty"`
	// Ref is the reference of the last contact request, for its
	// confirmation page.
	Ref string `json:"r,omitempty"`
	// Flash is a message id shown once on the next page (the next GET
	// takes it), and Draft a contact form kept across a rejected post;
	// both are cleared when shown.
	Flash string       `json:"fl,omitempty"`
	Draft *contactForm `json:"dr,omitempty"`
	// Chat is the conversation with the chat assistant, which shares the
	// flow's answers.
	Chat *chat.State `json:"c,omitempty"`
	// ChatDraft is a chat message kept across a rejected post.
	ChatDraft string `json:"cd,omitempty"`
	// CarerCheck is a carer's answer to how they are holding up (an
	// option of the flow's carer check), given on the results page.
	CarerCheck string `json:"cc,omitempty"`
	// Resume is the resume code made for these answers, if any.
	Resume *resumeCode `json:"rc,omitempty"`
	// Chosen and Tried are services the resident wants to use and has
	// already tried, for the summary.
	Chosen []string `json:"ch,omitempty"`
	Tried  []string `json:"tr,omitempty"`
	// RefAt is when the contact request Ref was made: the melding, from
	// which the Wmo deadlines on the summary count.
	RefAt time.Time `json:"ra,omitzero"`
	// Fit names the flow the answers fit (flowKey), set when saved. A
	// session saved under other content, before a reload, has its answers
	// fitted to this flow when it is loaded (refit).
	Fit string `json:"fit,omitempty"`
	// Out is what of this session the anonymous outcome counts hold.
	Out *outMarks `json:"o,omitempty"`
}

func (d sessionData) version() int { return d.V }

// decodeVersioned reads stored JSON that carries its version: a resident
// session, a hand-over, a staff session. Anything malformed or of
// another version is not ok, so the caller starts afresh rather than
// misread data of an older shape.
func decodeVersioned[T interface{ version() int }](raw []byte, want int) (T, bool) {
	var d T
	if json.Unmarshal(raw, &d) != nil || d.version() != want {
		var zero T
		return zero, false
	}
	return d, true
}

// sess is the session a page works on. Handlers read data freely but
// change it only through the methods below, which keep together what
// belongs together: answers and what was said about them, a message and
// showing it once.
type sess struct {
	id   string
	data sessionData
	// unavailable: the store did not answer; the page still renders.
	unavailable bool
	// refitted: the answers were fitted to new content when loaded, and
	// are saved so.
	refitted bool
	// pending are outcome counts to make once the session is saved.
	pending []outcomes.Inc
}

// newSess is a fresh session; it gets an id when it is first saved.
func newSess() *sess { return &sess{data: sessionData{V: sessionVersion}} }

// setAnswers keeps answers the resident gave, on a question or in the
// chat. Whether the results are enough was said of the old answers, so
// it goes. The rest stays while the resident changes their own answers:
// a carer's check is about the carer, a resume code is shown only while
// it matches the answers, and picks count only for services still on
// the results.
func (ss *sess) setAnswers(st flow.State) {
	ss.data.Flow, ss.data.Enough = st, ""
}

// replaceAnswers puts answers from elsewhere (a shared link, a resume
// code) in place of the session's: everything that hung on the old ones
// goes with them.
func (ss *sess) replaceAnswers(st flow.State) {
	ss.setAnswers(st)
	ss.data.CarerCheck, ss.data.Resume = "", nil
	ss.data.Chosen, ss.data.Tried = nil, nil
}

// refit fits answers saved under other content (before a reload) to
// flow d, whose key is key, the way the answers of a shared link are
// read: what no longer fits is dropped (flow.Def.Refit) and the resident
// is told when anything was. Nothing changes when the session was saved
// under this flow, or holds no answers.
func (ss *sess) refit(d *flow.Def, key string, place func(string) (string, bool)) {
	if ss.data.Fit == key {
		return
	}
	ss.data.Fit, ss.refitted = key, true
	if len(ss.data.Flow.Answers) == 0 {
		return
	}
	st, dropped := d.Refit(ss.data.Flow, place)
	ss.data.Flow = st
	if dropped > 0 {
		// The answers changed: what was said of them goes, as when the
		// resident changes one.
		ss.setAnswers(st)
		ss.setFlash("session.refitted")
	}
}

// setAt remembers where in the flow the resident is: a question's id or
// flow.AtResults.
func (ss *sess) setAt(at string) { ss.data.Flow.At = at }

func (ss *sess) setEnough(ans string) { ss.data.Enough = ans }

func (ss *sess) setCarerCheck(ans string) { ss.data.CarerCheck = ans }

// setPicks keeps the services the resident wants to use and those they
// already tried.
func (ss *sess) setPicks(chosen, tried []string) {
	ss.data.Chosen, ss.data.Tried = chosen, tried
}

func (ss *sess) setResume(rc *resumeCode) { ss.data.Resume = rc }

// setRequest keeps the reference of the contact request just made and
// when it was made.
func (ss *sess) setRequest(ref string, at time.Time) {
	ss.data.Ref, ss.data.RefAt = ref, at
}

// setFlash leaves a message id for the next page shown.
func (ss *sess) setFlash(id string) { ss.data.Flash = id }

// takeFlash returns the message left for this page and forgets it, so
// it is shown once.
func (ss *sess) takeFlash() string {
	f := ss.data.Flash
	ss.data.Flash = ""
	return f
}

// keepDraft keeps a contact form that could not be taken (its token had
// expired), to fill in the form again.
func (ss *sess) keepDraft(f contactForm) { ss.data.Draft = &f }

// takeDraft returns the kept contact form, if any, and forgets it.
func (ss *sess) takeDraft() (contactForm, bool) {
	if ss.data.Draft == nil {
		return contactForm{}, false
	}
	f := *ss.data.Draft
	ss.data.Draft = nil
	return f, true
}

// keepChatDraft keeps a chat message that could not be taken.
func (ss *sess) keepChatDraft(text string) { ss.data.ChatDraft = text }

// takeChatDraft returns the kept chat message, "" for none, and forgets
// it.
func (ss *sess) takeChatDraft() string {
	t := ss.data.ChatDraft
	ss.data.ChatDraft = ""
	return t
}

// conversation is the chat so far, empty before the first message; it
// is only read. A message goes to a copy (chatCopy), kept by chatted.
func (ss *sess) conversation() *chat.State {
	if ss.data.Chat == nil {
		return &chat.State{}
	}
	return ss.data.Chat
}

// chatCopy is a copy of the conversation for the assistant to add to,
// so that a message refused, or one that cannot be kept, leaves the
// session as it was.
func (ss *sess) chatCopy() *chat.State {
	cp := *ss.conversation()
	cp.Turns, cp.Skipped = slices.Clone(cp.Turns), slices.Clone(cp.Skipped)
	return &cp
}

// chatted keeps the conversation and the answers after a message the
// assistant took. The answers count as given on a question (setAnswers),
// also when the message changed none.
func (ss *sess) chatted(cs *chat.State, st flow.State) {
	ss.data.Chat = cs
	ss.setAnswers(st)
}

// handedOver is what goes with the answers to the resident's phone: not
// a message meant for the desk's screen, nor a contact form kept there.
func (d sessionData) handedOver() sessionData {
	d.Flash, d.Draft = "", nil
	return d
}

// renew puts d in place of the session's data under a new id, made when
// it is saved, so nobody who knew the old id reaches d.
func (ss *sess) renew(d sessionData) { ss.id, ss.data = "", d }

// wipe forgets the session in memory: the rest of the request sees a
// fresh one. Deleting it from the store is forget's.
func (ss *sess) wipe() { *ss = *newSess() }

// loadSession reads the session in one round trip (sliding its expiry).
// A store that does not answer degrades the page; it does not fail it.
// A GET takes the session's flash for the page it shows (flashOf), here
// rather than where the page is built, so that building a page never
// writes to the store.
func (s *server) loadSession(c *fiber.Ctx) error {
	ss := s.readSession(c)
	setSession(c, ss)
	// A resident whose place lies in another municipality of the region
	// is served by its portal: the same page again, there. Crisis help
	// never waits for that (nor loops, should the cookie not be kept).
	if rest := langRest(c); c.Method() == fiber.MethodGet && residentPath(rest) && rest != pathUrgent {
		if m := s.livesElsewhere(ss); m != nil {
			s.moveTo(c, m)
			return c.Redirect(c.OriginalURL(), fiber.StatusSeeOther)
		}
	}
	save := ss.refitted
	if c.Method() == fiber.MethodGet {
		if f := ss.takeFlash(); f != "" {
			setFlashOf(c, f)
			save = true
		}
	}
	if save {
		_ = s.save(c, ss)
	}
	return c.Next()
}

func (s *server) readSession(c *fiber.Ctx) *sess {
	ss, _ := s.sessionByID(c, c.Cookies(sessionCookieOf(c)))
	if ss.id != "" {
		s.setSessionCookie(c, ss.id)
	}
	return ss
}

// sessionByID reads session id (sliding its expiry). An unknown, expired
// or malformed id gives a fresh session without an id; a store that does
// not answer gives one marked unavailable and the error.
func (s *server) sessionByID(c *fiber.Ctx, id string) (*sess, error) {
	ss := newSess()
	if !session.ValidID(id) {
		return ss, nil
	}
	raw, err := s.Sessions.Get(c.UserContext(), id, s.sessionTTL(c))
	switch {
	case err == nil:
		if d, ok := decodeVersioned[sessionData](raw, sessionVersion); ok {
			// Cloned: fiber reuses the bytes of a cookie after the request.
			ss.id, ss.data = strings.Clone(id), d
			ss.refit(s.Content.Flow, s.flowKey, s.placeValue)
		}
	case errors.Is(err, session.ErrNotFound):
		// Expired: start afresh under a new id when something is saved.
	default:
		s.Metrics.RedisError(storeSessions)
		s.Log.Warn("session store: load failed", "err", err)
		ss.unavailable = true
		return ss, errSessionStore
	}
	return ss, nil
}

// save writes the session (one round trip) and sets its cookie. A new
// session gets a fresh random id; ids never come from the client.
func (s *server) save(c *fiber.Ctx, ss *sess) error {
	day, counts := s.tally(c, ss)
	if ss.id == "" {
		id, err := session.NewID()
		if err != nil {
			return err
		}
		ss.id = id
	}
	ss.data.Fit = s.flowKey
	raw, err := json.Marshal(ss.data)
	if err != nil {
		return err
	}
	err = s.Sessions.Set(c.UserContext(), ss.id, raw, s.sessionTTL(c))
	s.Metrics.SessionSaved(err)
	if err != nil {
		s.Log.Warn("session store: save failed", "err", err)
		return errSessionStore
	}
	s.setSessionCookie(c, ss.id)
	s.Outcomes.Add(day, counts...)
	return nil
}

// forget deletes session id from the store for good: starting again,
// the chat's "delete", the desk's next resident. A failure is logged and
// returned; the caller decides whether the resident must hear of it.
func (s *server) forget(c *fiber.Ctx, id string) error {
	if id == "" {
		return nil
	}
	if err := s.Sessions.Delete(c.UserContext(), id); err != nil {
		s.Metrics.RedisError(storeSessions)
		s.Log.Warn("session store: delete failed", "err", err)
		return err
	}
	return nil
}

// sessionCookieOf is the cookie of the session the page works on: the
// resident's own, or at the desk the one of the resident beside the
// staff member, which expires after DESK_IDLE_TIMEOUT.
func sessionCookieOf(c *fiber.Ctx) string {
	if isDesk(c) {
		return deskCookie
	}
	return sessionCookie
}

func (s *server) sessionTTL(c *fiber.Ctx) time.Duration {
	if isDesk(c) {
		return s.Config.DeskIdle
	}
	return s.Config.SessionTTL
}

func (s *server) setSessionCookie(c *fiber.Ctx, id string) {
	c.Cookie(&fiber.Cookie{
		Name: sessionCookieOf(c), Value: id, Path: "/",
		MaxAge:   int(s.sessionTTL(c) / time.Second),
		HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode, Secure: s.secure(c),
	})
}

// errSessionStore marks a failure to keep the resident's answers.
var errSessionStore = errors.New("web: session store unavailable")
