package web

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/chat"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/internal/ladder"
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
	v := chatView{page: s.page(c, "chat.title"), Max: chat.MaxText, FlowHref: langPath(langOf(c), pathHome)}
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
	return c.Redirect(langPath(out.Lang, pathChat)+"#"+turnID(len(ss.conversation().Turns)-1), fiber.StatusSeeOther)
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
	s.Metrics.ChatMessage(out.Outcome)
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
	return c.Redirect(langPath(langOf(c), pathChat)+"?gewist=1", fiber.StatusSeeOther)
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
	if c.Route().Name == routeAPIChat {
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
