package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/wegwijzer/wegwijzer/internal/chat"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/internal/redistest"
	"github.com/wegwijzer/wegwijzer/internal/session"
)

// redisDeps are test dependencies with sessions and CSRF tokens in a real
// redis-server.
func redisDeps(t *testing.T) (Deps, *session.Redis) {
	t.Helper()
	client := redistest.Client(t)
	d, _ := testDeps(t)
	store := session.NewRedis(client, "wz:s:")
	d.Sessions = store
	return d, store
}

var replyRe = regexp.MustCompile(`name="choice" value="([^"]+)"`)

// TestChatWithoutJavaScript: a resident chats with plain form posts, the
// conversation lives in the Redis session, and ends on the same results
// page the question flow gives.
func TestChatWithoutJavaScript(t *testing.T) {
	d, store := redisDeps(t)
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	page := b.get("/nl/chat")
	if page.Status != 200 || !strings.Contains(page.Body, `id="chat-text"`) || !strings.Contains(page.Body, `aria-live="polite"`) {
		t.Fatalf("chat page: %d", page.Status)
	}
	r := b.post("/nl/chat", url.Values{"text": {"Ik kan de huur niet meer betalen <script>alert(1)</script>"}})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/nl/chat#beurt-") {
		t.Fatalf("post: %d %s", r.Status, r.Location)
	}
	page = b.get("/nl/chat")
	if strings.Contains(page.Body, "<script>alert(1)") || !strings.Contains(page.Body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Fatal("the resident's text is not escaped on the page")
	}
	if !strings.Contains(page.Body, "Geld en schulden") {
		t.Errorf("the assistant does not say it understood money:\n%s", page.Body)
	}
	// The conversation is in the Redis session.
	sid := cookie(t, b, srv.URL, sessionCookie)
	raw, err := store.Get(context.Background(), sid, d.Config.SessionTTL)
	if err != nil || !strings.Contains(string(raw), "huur niet meer betalen") {
		t.Fatalf("session in redis: %v %.200s", err, raw)
	}
	page = chatToEnd(t, b, "nl", page)
	if !strings.Contains(page.Body, `href="/nl/uitkomst"`) {
		t.Fatalf("no link to the results at the end:\n%s", page.Body)
	}
	results := b.get("/nl/uitkomst")
	if results.Status != 200 || !strings.Contains(results.Body, "Geld en schulden") {
		t.Errorf("results page after the chat: %d", results.Status)
	}

	// A refused message keeps what was typed.
	long := strings.Repeat("lang ", chat.MaxText/4)
	r = b.post("/nl/chat", url.Values{"text": {long}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, strings.TrimSpace(long[:200])) || !strings.Contains(r.Body, "te lang") {
		t.Errorf("too long: %d", r.Status)
	}

	// Deleting the conversation removes it from the store.
	b.get("/nl/chat")
	r = b.post("/nl/chat/wissen", nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("delete: %d", r.Status)
	}
	if _, err := store.Get(context.Background(), sid, d.Config.SessionTTL); err != session.ErrNotFound {
		t.Errorf("session still in redis after delete: %v", err)
	}
	page = b.get(r.Location)
	if !strings.Contains(page.Body, "gewist") || strings.Contains(page.Body, "huur niet meer") {
		t.Error("the page after deleting still shows the conversation")
	}
}

// chatToEnd clicks the first quick reply on the chat page until there
// is none, and returns the last page.
func chatToEnd(t *testing.T, b *browser, lang string, page resp) resp {
	t.Helper()
	for i := 0; ; i++ {
		m := replyRe.FindStringSubmatch(page.Body)
		if m == nil {
			return page
		}
		if i > 20 {
			t.Fatal("no end after 20 replies")
		}
		if r := b.post("/"+lang+"/chat", url.Values{"choice": {m[1]}}); r.Status != http.StatusSeeOther {
			t.Fatalf("reply %s: %d", m[1], r.Status)
		}
		page = b.get("/" + lang + "/chat")
	}
}

func cookie(t *testing.T, b *browser, base, name string) string {
	t.Helper()
	u, _ := url.Parse(base)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	t.Fatalf("no %s cookie", name)
	return ""
}

type apiReply struct {
	Session  string `json:"session"`
	Lang     string `json:"lang"`
	Dir      string `json:"dir"`
	Messages []struct {
		From, Lang, Kind, Text string
		Services               []struct {
			ID, Name, Level string
			Phone           string
		}
	} `json:"messages"`
	QuickReplies []chat.Reply `json:"quick_replies"`
	Urgent       bool         `json:"urgent"`
	Topics       []string     `json:"topics"`
	ResultsURL   string       `json:"results_url"`
	HTML         string       `json:"html"`
	Error        string       `json:"error"`
	Saved        bool         `json:"saved"`
}

func postJSON(t *testing.T, c *http.Client, u string, body any, header map[string]string) (int, apiReply) {
	t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(string(raw)))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out apiReply
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatalf("%s: not JSON: %v", u, err)
	}
	return res.StatusCode, out
}

// TestChatAPI: the contract of POST /api/v1/chat for other channels.
func TestChatAPI(t *testing.T) {
	d, _ := redisDeps(t)
	srv := startServer(t, d)
	api := srv.URL + "/api/v1/chat"
	c := &http.Client{}

	status, r := postJSON(t, c, api, map[string]string{"session": "", "lang": "nl", "text": "ik voel me zo alleen <b>echt</b>"}, nil)
	if status != 200 || !session.ValidID(r.Session) || r.Lang != "nl" || r.Dir != "ltr" {
		t.Fatalf("first message: %d %+v", status, r)
	}
	if len(r.Messages) < 2 || r.Messages[0].From != "resident" || r.Messages[0].Text != "ik voel me zo alleen <b>echt</b>" || r.Messages[1].From != "assistant" {
		t.Fatalf("messages: %+v", r.Messages)
	}
	if strings.Contains(r.HTML, "<b>echt") || !strings.Contains(r.HTML, "&lt;b&gt;echt") {
		t.Errorf("html does not escape the resident's text: %s", r.HTML)
	}
	if len(r.Topics) != 1 || r.Topics[0] != "loneliness" || len(r.QuickReplies) == 0 {
		t.Errorf("topics %v, replies %v", r.Topics, r.QuickReplies)
	}
	// The same session goes on with a quick reply.
	id := r.Session
	status, r = postJSON(t, c, api, map[string]string{"session": id, "lang": "nl", "choice": r.QuickReplies[0].Value}, nil)
	if status != 200 || r.Session != id {
		t.Fatalf("second message: %d, session %q want %q", status, r.Session, id)
	}
	// A greeting is answered in kind, with the topics as buttons, and is
	// no need.
	status, r = postJSON(t, c, api, map[string]string{"session": "", "lang": "en", "text": "hello"}, nil)
	if status != 200 || len(r.Topics) != 0 || r.Urgent || len(r.QuickReplies) < 13 || !strings.HasPrefix(r.QuickReplies[0].Value, chat.ChoiceTopic) {
		t.Fatalf("greeting: %d topics %v urgent %v replies %d", status, r.Topics, r.Urgent, len(r.QuickReplies))
	}
	if last := r.Messages[len(r.Messages)-1]; last.From != "assistant" || !strings.HasPrefix(last.Text, "Good ") && !strings.HasPrefix(last.Text, "Hello") {
		t.Errorf("greeting answered %+v, want a greeting back", last)
	}
	// Urgent, in Arabic, without a language hint.
	status, r = postJSON(t, c, api, map[string]string{"session": "", "lang": "", "text": "زوجي يضربني كل يوم وأنا خائفة"}, nil)
	if status != 200 || !r.Urgent || r.Lang != "ar" || r.Dir != "rtl" {
		t.Fatalf("urgent ar: %d urgent %v lang %s", status, r.Urgent, r.Lang)
	}
	var lines []string
	for _, m := range r.Messages {
		for _, s := range m.Services {
			lines = append(lines, s.Phone)
		}
	}
	if !strings.Contains(strings.Join(lines, " "), "0800-2000") {
		t.Errorf("urgent help without Veilig Thuis: %v", lines)
	}

	// Bad input: a clear message in the resident's language.
	for _, tc := range []struct {
		body any
		lang string
		want string
	}{
		{map[string]string{"session": "", "lang": "en", "text": ""}, "en", "Write a message first"},
		{map[string]string{"session": "not-a-session", "lang": "nl", "text": "hoi"}, "nl", "sessie-code"},
		{map[string]string{"session": "", "lang": "nl", "text": strings.Repeat("x", chat.MaxText+1)}, "nl", "te lang"},
	} {
		status, r := postJSON(t, c, api, tc.body, nil)
		if status != 400 || !strings.Contains(r.Error, tc.want) {
			t.Errorf("%v: %d %q, want 400 with %q", tc.body, status, r.Error, tc.want)
		}
	}
	res, err := c.Post(api, "application/json", strings.NewReader("{not json"))
	if err != nil || res.StatusCode != 400 {
		t.Errorf("malformed JSON: %v %d", err, res.StatusCode)
	}
}

// TestChatAPIFromPage: the chat page's script uses its session cookie and
// must send the page's CSRF token; the conversation is the page's.
func TestChatAPIFromPage(t *testing.T) {
	d, _ := testDeps(t)
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	b.get("/en/chat")
	api := srv.URL + "/api/v1/chat"
	status, r := postJSON(t, b.c, api, map[string]string{"lang": "en", "text": "I need help with my letters"}, nil)
	if status != 403 || r.Error == "" {
		t.Fatalf("without token: %d %+v", status, r)
	}
	status, r = postJSON(t, b.c, api, map[string]string{"lang": "en", "text": "I need help with my letters"}, map[string]string{csrfHeader: b.token()})
	if status != 200 || r.Topics[0] != "paperwork" {
		t.Fatalf("with token: %d %+v", status, r)
	}
	page := b.get("/en/chat")
	if !strings.Contains(page.Body, "I need help with my letters") {
		t.Error("the page does not show the conversation held through the API")
	}
}

// TestChatEveryLocale: every locale's chat page renders, and a message in
// that language is answered in it with the right direction.
func TestChatEveryLocale(t *testing.T) {
	d, _ := testDeps(t)
	srv := startServer(t, d)
	msgs := map[string]string{
		"nl": "ik heb schulden en kan de rekeningen niet betalen",
		"en": "i have debts and cannot pay my bills",
		"pl": "mam długi i nie mogę zapłacić rachunków",
		"tr": "borçlarım var, faturalarımı ödeyemiyorum",
		"ar": "عندي ديون ولا أستطيع دفع الفواتير",
		"uk": "у мене борги і я не можу оплатити рахунки",
		"fy": "ik haw skulden en kin de rekkens net betelje",
	}
	for _, lang := range i18n.Locales {
		t.Run(lang, func(t *testing.T) {
			b := newBrowser(t, srv.URL)
			page := b.get("/" + lang + "/chat")
			if page.Status != 200 || !strings.Contains(page.Body, `dir="`+i18n.Dir(lang)+`"`) {
				t.Fatalf("chat page: %d", page.Status)
			}
			r := b.post("/"+lang+"/chat", url.Values{"text": {msgs[lang]}})
			if !strings.HasPrefix(r.Location, "/"+lang+"/chat#") {
				t.Fatalf("answered at %s, want /%s/chat", r.Location, lang)
			}
			page = b.get("/" + lang + "/chat")
			if !strings.Contains(page.Body, `lang="`+lang+`" dir="`+i18n.Dir(lang)+`"`) {
				t.Error("turns do not carry their language and direction")
			}
			if !strings.Contains(page.Body, d.Content.Messages.Localizer(lang).T("topic.money")) {
				t.Errorf("money not understood in %s:\n%s", lang, page.Body[strings.Index(page.Body, "<ol class=\"transcript\""):])
			}
		})
	}
}
