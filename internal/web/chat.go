package web

import (
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/chat"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/internal/ladder"
	"github.com/wegwijzer/wegwijzer/internal/session"
	"github.com/wegwijzer/wegwijzer/internal/web/view"
)

// chatView is the chat page: the whole transcript, the quick replies and
// the message box, so it works without JavaScript.
type chatView struct {
	page
	Turns   []turnView
	Replies []chat.Reply
	// Text is a message that was refused, kept for the resident to fix.
	Text      string
	ErrorText string
	Deleted   bool
	Max       int
	// FlowHref is the first question, for residents who prefer buttons.
	FlowHref string
}

type turnView struct {
	Bot      bool
	Lang     string
	Dir      string
	Kind     string
	Paras    []string
	Services []view.Service
	Tips     []tipView
	Results  bool
	ID       string
}

func (s *server) chatPage(c *fiber.Ctx) error {
	ss := sessionOf(c)
	// A message kept across a rejected post goes back in the box, once.
	draft := ss.takeChatDraft()
	if draft != "" {
		_ = s.save(c, ss)
	}
	v := s.chatView(c, ss)
	v.Deleted = c.Query("gewist") == "1"
	v.Text = draft
	return s.views.render(c, fiber.StatusOK, "chat", v)
}

func (s *server) chatView(c *fiber.Ctx, ss *sess) chatView {
	v := chatView{page: s.page(c, "chat.title"), Max: chat.MaxText, FlowHref: "/" + langOf(c) + "/"}
	if q := s.Content.Flow.First(ss.data.Flow); q != nil {
		v.FlowHref = s.stepHref(v.Root, q.ID)
	}
	st := ss.conversation()
	v.Turns = s.turnViews(v.L, st.Turns, 0)
	v.Replies = s.chat.Replies(st, ss.data.Flow, v.Lang)
	v.Urgent = st.Hold
	return v
}

// turnViews prepares turns for the page; first numbers their ids, so
// turns added by JavaScript get ids that continue the page's.
func (s *server) turnViews(l *i18n.Localizer, turns []chat.Turn, first int) []turnView {
	cat := s.Content.Catalog
	now := s.Now()
	out := make([]turnView, 0, len(turns))
	for i, t := range turns {
		lang := t.Lang
		if !s.Content.Messages.Supported(lang) {
			lang = l.Lang()
		}
		tv := turnView{Bot: t.Bot, Lang: lang, Dir: i18n.Dir(lang), Kind: t.Kind, Results: t.Results, ID: turnID(first + i)}
		tl := s.Content.Messages.Localizer(lang)
		if t.Bot {
			tv.Paras = strings.Split(t.Text, "\n")
		} else {
			tv.Paras = []string{t.Text}
		}
		for _, id := range t.Services {
			if svc := cat.Service(id); svc != nil {
				tv.Services = append(tv.Services, s.serviceView(tl, flow.Outcome{}, ladder.Item{Service: svc, Level: svc.Level, Open: cat.OpenState(svc, now)}))
			}
		}
		for _, id := range t.Tips {
			if tip := cat.Tip(id); tip != nil {
				tv.Tips = append(tv.Tips, tipView{Title: view.LocalText(lang, tip.Title), Text: view.LocalText(lang, tip.Text), URL: tip.URL})
			}
		}
		out = append(out, tv)
	}
	return out
}

func turnID(i int) string { return "beurt-" + strconv.Itoa(i+1) }

// chatPost takes a message or quick reply from the form and shows the
// conversation again (post, redirect, get). A refused message is shown
// again with what to do, and nothing is lost: also when the store does
// not answer, the message comes back in the box with the number to call.
func (s *server) chatPost(c *fiber.Ctx) error {
	ss := sessionOf(c)
	in := chat.Input{Lang: langOf(c), Text: c.FormValue("text"), Choice: c.FormValue("choice")}
	out, err := s.converse(c, ss, in)
	if err != nil && crisis(out) {
		// Crisis help never waits for storage: the lines show at once,
		// with a word that the conversation could not be kept.
		v := s.chatView(c, ss)
		v.Notice = "chat.unsaved"
		return s.views.render(c, fiber.StatusOK, "chat", v)
	}
	if err != nil {
		return s.chatUnavailable(c, ss, in.Text)
	}
	if out.Err != "" {
		v := s.chatView(c, ss)
		v.Text, v.ErrorText = in.Text, chatError(v.L, out.Err)
		return s.views.render(c, fiber.StatusUnprocessableEntity, "chat", v)
	}
	return c.Redirect("/"+out.Lang+"/chat#"+turnID(len(ss.conversation().Turns)-1), fiber.StatusSeeOther)
}

// chatUnavailable answers a message that could not be kept because the
// store does not answer: the conversation as it was, the message back in
// the box, and a word that it was not sent, with the number to call.
func (s *server) chatUnavailable(c *fiber.Ctx, ss *sess, text string) error {
	v := s.chatView(c, ss)
	v.Text = text
	v.ErrorText = v.L.T("chat.error.unavailable", map[string]any{"Municipality": v.Muni.Name, "Phone": v.Muni.Phone})
	return s.views.render(c, fiber.StatusServiceUnavailable, "chat", v)
}

// converse runs one message through the assistant and saves the session.
// The session is not touched when the message is refused, nor when it
// cannot be saved, unless the reply holds crisis help, which is shown
// from it all the same.
func (s *server) converse(c *fiber.Ctx, ss *sess, in chat.Input) (chat.Output, error) {
	before := ss.data
	out := s.talk(ss, in)
	if out.Err != "" {
		return out, nil
	}
	if err := s.save(c, ss); err != nil {
		if !crisis(out) {
			ss.data = before
		}
		return out, err
	}
	return out, nil
}

// talk runs one message through the assistant, on copies of the
// conversation and the answers, and keeps both in ss unless the message
// is refused.
func (s *server) talk(ss *sess, in chat.Input) chat.Output {
	cs, st := ss.chatCopy(), ss.data.Flow
	out := s.chat.Handle(cs, &st, in)
	if out.Err == "" {
		ss.chatted(cs, st)
	}
	return out
}

// chatDelete deletes the conversation, and with it the whole session,
// from the store: nothing of it is kept.
func (s *server) chatDelete(c *fiber.Ctx) error {
	ss := sessionOf(c)
	if err := s.forget(c, ss.id); err != nil {
		v := s.chatView(c, ss)
		v.ErrorText = v.L.T("chat.error.delete")
		return s.views.render(c, fiber.StatusServiceUnavailable, "chat", v)
	}
	c.ClearCookie(sessionCookie)
	return c.Redirect("/"+langOf(c)+"/chat?gewist=1", fiber.StatusSeeOther)
}

// The chat API: POST /api/v1/chat {"session","lang","text"} (and
// "choice" for a quick reply). Other channels keep the session id the
// reply gives them; the chat page's script leaves it empty and uses its
// session cookie, with the page's CSRF token in a header.
type chatRequest struct {
	Session string `json:"session"`
	Lang    string `json:"lang"`
	Text    string `json:"text"`
	Choice  string `json:"choice"`
}

type chatResponse struct {
	Session      string        `json:"session"`
	Lang         string        `json:"lang"`
	Dir          string        `json:"dir"`
	Messages     []chatMessage `json:"messages"`
	QuickReplies []chat.Reply  `json:"quick_replies"`
	Urgent       bool          `json:"urgent"`
	// Saved is false when the conversation could not be kept (the store
	// does not answer); Notice then says so in the resident's language.
	Saved      bool     `json:"saved"`
	Notice     string   `json:"notice,omitempty"`
	Topics     []string `json:"topics"`
	ResultsURL string   `json:"results_url,omitempty"`
	// HTML is the new turns and quick replies as the chat page shows
	// them, for its script.
	HTML        string `json:"html"`
	RepliesHTML string `json:"replies_html"`
}

// chatMessage is one turn. Text is plain text: a channel must escape it.
type chatMessage struct {
	From     string       `json:"from"` // "resident" or "assistant"
	Lang     string       `json:"lang"`
	Kind     string       `json:"kind,omitempty"`
	Text     string       `json:"text"`
	Services []apiService `json:"services,omitempty"`
	Tips     []chatTip    `json:"tips,omitempty"`
}

type chatTip struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Text  string `json:"text"`
	URL   string `json:"url,omitempty"`
}

func (s *server) apiChat(c *fiber.Ctx) error {
	var req chatRequest
	lang := i18n.Default
	if err := json.Unmarshal(c.Body(), &req); err != nil {
		return apiError(c, s, fiber.StatusBadRequest, lang, "api.error.chat_json")
	}
	if s.Content.Messages.Supported(req.Lang) {
		lang = req.Lang
	}
	ss, fromCookie, err := s.apiSession(c, req.Session)
	switch {
	case errors.Is(err, session.ErrInvalidID):
		return apiError(c, s, fiber.StatusBadRequest, lang, "api.error.chat_session")
	case err != nil:
		// The store does not answer: the message is still read, on a
		// session of this request only, so crisis help can answer.
		ss = newSess()
		ss.unavailable = true
	}
	setSession(c, ss)
	setLang(c, lang)
	out, err := s.converse(c, ss, chat.Input{Lang: lang, Text: req.Text, Choice: req.Choice})
	if out.Err != "" {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": chatError(s.Content.Messages.Localizer(out.Lang), out.Err)})
	}
	if err != nil && !crisis(out) {
		return apiError(c, s, fiber.StatusServiceUnavailable, out.Lang, "error.session_unavailable")
	}
	if !fromCookie {
		// Other channels hold the id themselves; no cookie for them.
		c.Response().Header.DelCookie(sessionCookie)
	}
	resp := s.chatResponse(c, ss, out)
	if err != nil {
		// Crisis help never waits for storage: the lines go out, with a
		// word that the conversation could not be kept.
		resp.Saved, resp.Notice = false, s.Content.Messages.Localizer(out.Lang).T("chat.unsaved")
		resp.Session = ""
	}
	return c.JSON(resp)
}

// chatCrisis reads text on a conversation of this request only, and
// returns the chat page with the reply when it holds the crisis lines.
// Nothing is kept: it serves when a message cannot be taken into the
// resident's conversation (no valid token, no store).
func (s *server) chatCrisis(c *fiber.Ctx, text string) (chatView, bool) {
	tmp := newSess()
	tmp.unavailable = true
	out := s.talk(tmp, chat.Input{Lang: langOf(c), Text: text})
	if out.Err != "" || !crisis(out) {
		return chatView{}, false
	}
	v := s.chatView(c, tmp)
	v.Text = text
	return v, true
}

// crisis reports whether the assistant's reply holds the crisis lines.
func crisis(out chat.Output) bool {
	return slices.ContainsFunc(out.Turns, func(t chat.Turn) bool { return t.Kind == chat.KindUrgent })
}

// apiSession finds the session of an API call: the id in the body, or
// else the session cookie of the chat page.
func (s *server) apiSession(c *fiber.Ctx, id string) (*sess, bool, error) {
	if id == "" {
		ss, err := s.sessionByID(c, c.Cookies(sessionCookie))
		return ss, true, err
	}
	if !session.ValidID(id) {
		return nil, false, session.ErrInvalidID
	}
	ss, err := s.sessionByID(c, id)
	return ss, false, err
}

func (s *server) chatResponse(c *fiber.Ctx, ss *sess, out chat.Output) chatResponse {
	st := ss.conversation()
	cat, now := s.Content.Catalog, s.Now()
	l := s.Content.Messages.Localizer(out.Lang)
	first := len(st.Turns) - len(out.Turns)
	views := s.turnViews(l, out.Turns, first)
	resp := chatResponse{
		Session: ss.id, Lang: out.Lang, Dir: i18n.Dir(out.Lang),
		QuickReplies: s.chat.Replies(st, ss.data.Flow, out.Lang),
		Urgent:       st.Hold,
		Saved:        true,
		Topics:       s.Content.Flow.Outcome(ss.data.Flow).Topics,
	}
	if resp.QuickReplies == nil {
		resp.QuickReplies = []chat.Reply{}
	}
	if resp.Topics == nil {
		resp.Topics = []string{}
	}
	if ss.data.Flow.At == flow.AtResults {
		resp.ResultsURL = "/" + out.Lang + "/uitkomst"
	}
	for i, t := range out.Turns {
		m := chatMessage{From: "resident", Lang: t.Lang, Kind: t.Kind, Text: t.Text}
		if t.Bot {
			m.From = "assistant"
		}
		for _, id := range t.Services {
			if svc := cat.Service(id); svc != nil {
				a := s.apiService(out.Lang, ladder.Item{Service: svc, Level: svc.Level, Open: cat.OpenState(svc, now)})
				a.Name, a.Description = chat.Plain(a.Name), chat.Plain(a.Description)
				a.Eligibility, a.Fees = chat.Plain(a.Eligibility), chat.Plain(a.Fees)
				m.Services = append(m.Services, a)
			}
		}
		for j, tv := range views[i].Tips {
			m.Tips = append(m.Tips, chatTip{ID: t.Tips[j], Title: chat.Plain(tv.Title.S), Text: chat.Plain(tv.Text.S), URL: tv.URL})
		}
		resp.Messages = append(resp.Messages, m)
	}
	pv := chatView{page: s.page(c, "chat.title"), Turns: views, Replies: resp.QuickReplies}
	pv.Lang, pv.L = out.Lang, l
	resp.HTML = s.views.Fragment("chat", "turns", pv)
	resp.RepliesHTML = s.views.Fragment("chat", "replies", pv)
	return resp
}

// apiError answers an API call with {"error": "..."} in lang.
func apiError(c *fiber.Ctx, s *server, status int, lang, id string) error {
	return c.Status(status).JSON(fiber.Map{"error": s.Content.Messages.Localizer(lang).T(id)})
}

// chatError is the text of a refused message.
func chatError(l *i18n.Localizer, id string) string {
	if id == "" {
		return ""
	}
	if id == "chat.error.too_long" {
		return l.N(id, chat.MaxText)
	}
	return l.T(id)
}

// chatLimit counts chat messages per address (page and API together) and
// refuses more than CHAT_LIMIT_PER_MINUTE a minute, so one client cannot
// fill the store with conversations. Signed-in staff are not counted: a
// desk in a town hall or library puts many residents behind one address.
func (s *server) chatLimit() fiber.Handler {
	return s.limiter(limit{
		max: s.Config.ChatPerMinute, window: time.Minute,
		key: func(c *fiber.Ctx) string { return "chat:" + s.limitKey(c) },
		skip: func(c *fiber.Ctx) bool {
			m, err := s.readStaff(c)
			return err == nil && m != nil
		},
		reached: s.chatTooOften,
	})
}

// chatTooOften answers a message over the limit. Crisis help still
// answers at once, on a conversation of this request only; anything else
// is refused with what to do, and the page keeps what was typed.
func (s *server) chatTooOften(c *fiber.Ctx) error {
	if strings.HasPrefix(c.Path(), "/api/") {
		var req chatRequest
		lang := i18n.Default
		if json.Unmarshal(c.Body(), &req) == nil && s.Content.Messages.Supported(req.Lang) {
			lang = req.Lang
		}
		tmp := newSess()
		tmp.unavailable = true
		out := s.talk(tmp, chat.Input{Lang: lang, Text: req.Text})
		if out.Err == "" && crisis(out) {
			resp := s.chatResponse(c, tmp, out)
			resp.Saved, resp.Notice = false, s.Content.Messages.Localizer(out.Lang).T("chat.unsaved")
			return c.JSON(resp)
		}
		return apiError(c, s, fiber.StatusTooManyRequests, lang, "chat.error.too_often")
	}
	text := c.FormValue("text")
	if v, ok := s.chatCrisis(c, text); ok {
		v.Notice = "chat.unsaved"
		return s.views.render(c, fiber.StatusOK, "chat", v)
	}
	v := s.chatView(c, sessionOf(c))
	v.Text, v.ErrorText = text, v.L.T("chat.error.too_often")
	return s.views.render(c, fiber.StatusTooManyRequests, "chat", v)
}
