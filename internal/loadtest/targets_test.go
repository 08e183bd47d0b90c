package loadtest

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"

	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/flow"
)

// resident is what a worker knows of its session.
type resident struct {
	token  string         // the form token of its pages, also in its cookie
	st     flow.State     // its answers, as the flow definition has them
	at     *flow.Question // the question it is sent to next; nil: the results
	post   []byte         // the form it posts again and again
	chat   string         // its chat session id
	turns  int            // messages in the current conversation
	failed bool           // setup went wrong: the worker sits the run out
}

// twoTopics are the needs of the residents whose sessions are read.
var twoTopics = []string{"money", "loneliness"}

var csrfRe = regexp.MustCompile(`name="_csrf" value="([^"]*)"`)

func csrfToken(body string) string {
	if m := csrfRe.FindStringSubmatch(body); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

// stepHref is where the portal sends a resident whose next step is q.
func stepHref(q *flow.Question) string {
	if q == nil {
		return "/nl/uitkomst"
	}
	return "/nl/vraag/" + q.ID
}

// targets are the requests measured, the floor first: its figures are
// what the others are compared with.
func targets(run *loadRun) []*target {
	return []*target{
		{
			id: "floor", name: "floor: GET / (one key read and written, tiny template)", floor: true,
			setup: func(w *worker) string {
				u, _ := url.Parse(w.base)
				w.client.Jar.SetCookies(u, []*http.Cookie{{Name: "sid", Value: fmt.Sprintf("w%d", w.id)}})
				return ""
			},
			hit: func(w *worker) string {
				return expectPage(w.do(http.MethodGet, "/", nil, ""), "<p>Bezoek ")
			},
		},
		yardstick(2), yardstick(12), yardstick(42),
		{
			id: "landing", name: "GET /nl/ (landing, no session)",
			hit: func(w *worker) string {
				return expectPage(w.do(http.MethodGet, "/nl/", nil, ""), `href="/nl/vraag/who"`)
			},
		},
		{
			id: "question-get", name: "GET /nl/vraag/who (session)",
			setup: func(w *worker) string { return w.startSession(false) },
			hit: func(w *worker) string {
				// The answer given is ticked: the session was read.
				return expectPage(w.do(http.MethodGet, "/nl/vraag/who", nil, ""), `value="self" id="answer-0" checked`)
			},
		},
		{
			id: "question-post", name: "POST /nl/vraag/who (token, 303)",
			setup: func(w *worker) string {
				if dev := w.startSession(false); dev != "" {
					return dev
				}
				w.post = []byte(url.Values{"_csrf": {w.token}, "action": {"next"}, "answer": {"self"}}.Encode())
				return ""
			},
			hit: func(w *worker) string {
				st, next, err := run.def.Answer(w.st, "who", []string{"self"})
				if err != nil {
					return "the flow definition refuses the load test's answer: " + err.Error()
				}
				w.st = st
				return expectRedirect(w.do(http.MethodPost, "/nl/vraag/who", w.post, formType), http.StatusSeeOther, stepHref(next))
			},
		},
		{
			id: "results", name: "GET /nl/uitkomst (two topics)",
			setup: func(w *worker) string { return w.startSession(true) },
			hit: func(w *worker) string {
				return expectPage(w.do(http.MethodGet, "/nl/uitkomst", nil, ""), run.resultsMarkers...)
			},
		},
		{
			id: "summary", name: "GET /nl/uitkomst/overzicht (two topics)",
			setup: func(w *worker) string { return w.startSession(true) },
			hit: func(w *worker) string {
				return expectPage(w.do(http.MethodGet, "/nl/uitkomst/overzicht", nil, ""), run.summaryMarkers...)
			},
		},
		{
			id: "services", name: "GET /api/v1/services",
			hit: func(w *worker) string {
				return expectPage(w.do(http.MethodGet, "/api/v1/services?topic=money&postcode=9994AB&lang=nl", nil, ""), `"services":[{`)
			},
		},
		{
			id: "chat", name: "POST /api/v1/chat (session in the body)",
			setup: func(w *worker) string {
				// Another channel: no cookies, the session id in the body.
				w.client.Jar = nil
				return ""
			},
			hit: func(w *worker) string { return w.chatMessage() },
		},
	}
}

// yardstick is the floor with a page of weight: items entries shaped like
// service cards, gzip-compressed as the portal's pages are. About 2 kB
// of HTML per item: 2 weigh as much as a question page, 12 as the
// summary, 42 as the results for two topics. These rows are not targets:
// they show what any page of that weight costs on this machine.
func yardstick(items int) *target {
	return &target{
		id:   fmt.Sprintf("floor-%d", items),
		name: fmt.Sprintf("floor: GET /list?items=%d (gzip)", items), floor: true, yardstick: true,
		setup: func(w *worker) string {
			u, _ := url.Parse(w.base)
			w.client.Jar.SetCookies(u, []*http.Cookie{{Name: "sid", Value: fmt.Sprintf("w%d", w.id)}})
			return ""
		},
		hit: func(w *worker) string {
			return expectPage(w.do(http.MethodGet, fmt.Sprintf("/list?items=%d", items), nil, ""), `id="s-dienst-`+strconv.Itoa(items-1)+`"`)
		},
	}
}

// answer posts form to question q and wants the redirect that the flow
// definition gives for values (nil with skip: a skip).
func (w *worker) answer(q *flow.Question, form url.Values, values []string, skip bool) string {
	d := w.run.def
	var (
		st   flow.State
		next *flow.Question
		err  error
	)
	if skip {
		form.Set("action", "skip")
		st, next, err = d.Skip(w.st, q.ID)
	} else {
		form.Set("action", "next")
		st, next, err = d.Answer(w.st, q.ID, values)
	}
	if err != nil {
		return "the flow definition refuses the load test's answer to " + q.ID + ": " + err.Error()
	}
	form.Set("_csrf", w.token)
	rep := w.do(http.MethodPost, "/nl/vraag/"+q.ID, []byte(form.Encode()), formType)
	if dev := expectRedirect(rep, http.StatusSeeOther, stepHref(next)); dev != "" {
		return "POST /nl/vraag/" + q.ID + ": " + dev
	}
	w.st, w.at = st, next
	return ""
}

// startSession opens the first question, answers it (for oneself) and
// chooses two topics. With toResults the resident goes on to the
// results: every further question skipped but the place, where a
// village is picked.
func (w *worker) startSession(toResults bool) string {
	rep := w.do(http.MethodGet, "/nl/vraag/who", nil, "")
	if dev := expectPage(rep, `action="/nl/vraag/who"`); dev != "" {
		return "GET /nl/vraag/who: " + dev
	}
	w.token = csrfToken(rep.body)
	w.st, w.at = flow.State{}, w.run.def.First(flow.State{})
	for steps := 0; w.at != nil; steps++ {
		if steps > len(w.run.def.Questions) {
			return "the flow does not end"
		}
		q := w.at
		var dev string
		switch {
		case q.ID == "who":
			dev = w.answer(q, url.Values{"answer": {"self"}}, []string{"self"}, false)
		case q.Kind == flow.Topics:
			dev = w.answer(q, url.Values{"answer": twoTopics}, twoTopics, false)
			if dev == "" && !toResults {
				return ""
			}
		case q.Kind == flow.Place:
			id := w.run.village
			dev = w.answer(q, url.Values{"village": {id}}, []string{content.PlacePrefix + id}, false)
		default:
			dev = w.answer(q, url.Values{}, nil, true)
		}
		if dev != "" {
			return dev
		}
	}
	return ""
}

// Chat messages as residents type them.
var chatTexts = []string{
	"Ik heb schulden en de brieven stapelen zich op",
	"Mijn moeder kan niet meer zelf boodschappen doen",
	"Ik voel me eenzaam sinds mijn man is overleden",
	"Hoe kom ik naar het ziekenhuis zonder auto?",
	"Ik snap de brief van de belastingdienst niet",
	"goedemorgen",
}

// chatTurns: a conversation has this many messages, then a new one starts.
const chatTurns = 6

type chatAnswer struct {
	Session  string `json:"session"`
	Saved    bool   `json:"saved"`
	Messages []struct {
		From string `json:"from"`
		Text string `json:"text"`
	} `json:"messages"`
}

// chatMessage sends the next message of the worker's conversation and
// wants a saved answer from the assistant in the same conversation.
func (w *worker) chatMessage() string {
	if w.turns == chatTurns {
		w.chat, w.turns = "", 0
	}
	body, _ := json.Marshal(map[string]string{"session": w.chat, "lang": "nl", "text": chatTexts[w.rng.IntN(len(chatTexts))]})
	rep := w.do(http.MethodPost, "/api/v1/chat", body, "application/json")
	if rep.err != nil {
		return errKind(rep.err)
	}
	if rep.status != http.StatusOK {
		return statusDev(rep.status)
	}
	var ans chatAnswer
	if err := json.Unmarshal([]byte(rep.body), &ans); err != nil {
		return "bad JSON"
	}
	switch {
	case !ans.Saved || ans.Session == "":
		return "conversation not saved"
	case w.chat != "" && ans.Session != w.chat:
		return "another conversation than the one sent"
	}
	for _, m := range ans.Messages {
		if m.From == "assistant" && m.Text != "" {
			w.chat = ans.Session
			w.turns++
			return ""
		}
	}
	return "no answer from the assistant"
}
