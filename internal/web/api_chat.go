package web

import (
	"encoding/json"
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/chat"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/internal/ladder"
	"github.com/wegwijzer/wegwijzer/internal/session"
)

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
		resp.ResultsURL = langPath(out.Lang, pathResults)
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
