package soak

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/testproc"
)

// soakRun is what every resident shares.
type soakRun struct {
	portals   []*testproc.Process
	def       *flow.Def
	places    []string // village ids, for place answers
	rec       *recorder
	contacts  *contactLog
	transport http.RoundTripper
}

// Outcomes of a contact request, as the resident saw it.
const (
	outAccepted   = "accepted (confirmation with reference)"
	outSentNoConf = "sent (303), confirmation not shown"
	outRefused    = "told not sent (form came back)"
	outNoAnswer   = "no answer (connection lost)"
)

// contactAttempt is one contact form posted. Its tag, in the
// description, finds the stored request whatever the resident was told.
type contactAttempt struct {
	tag     string
	outcome string
	ref     string
}

type contactLog struct {
	mu       sync.Mutex
	attempts []*contactAttempt
}

func (l *contactLog) add(a *contactAttempt) {
	l.mu.Lock()
	l.attempts = append(l.attempts, a)
	l.mu.Unlock()
}

var (
	csrfRe = regexp.MustCompile(`name="_csrf" value="([^"]*)"`)
	refRe  = regexp.MustCompile(`<p class="ref" dir="ltr">(WZ-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4})</p>`)
	tagRe  = regexp.MustCompile(`\[soak ([0-9]+-[0-9]+)\]`)
)

func csrfToken(body string) string {
	if m := csrfRe.FindStringSubmatch(body); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

func refOf(body string) string {
	if m := refRe.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

// Kinds of resident.
const (
	kindFlow    = "flow"
	kindContact = "contact"
	kindChat    = "chat"
)

// kindOf spreads the kinds over the residents: of every eight, three walk
// the flow, three send a contact request and two chat.
func kindOf(i int) string {
	switch i % 8 {
	case 1, 4, 6:
		return kindContact
	case 2, 7:
		return kindChat
	}
	return kindFlow
}

// resident is one goroutine of residents one after another: each journey
// starts with no cookie, on the resident's home portal, and moves to the
// other portal when its portal gives no answer.
type resident struct {
	id, home int
	kind     string
	run      *soakRun
	rng      *rand.Rand
	client   *http.Client
	inst     int
	lang     string
	sent     int // contact forms posted
	journeys int
	// homeDown: until then the home portal is taken to be down (it gave
	// no answer), and journeys start on the other one.
	homeDown time.Time
	// failed: the journey met an answer it should not have.
	failed bool
}

func newResident(run *soakRun, id int, kind string) *resident {
	return &resident{
		id: id, home: id % len(run.portals), kind: kind, run: run,
		rng: rand.New(rand.NewPCG(uint64(id), uint64(time.Now().UnixNano()))),
		client: &http.Client{
			Transport: run.transport, Timeout: 15 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
}

// live runs journeys until ctx ends; a journey under way is finished.
// Between journeys the resident pauses a little, and longer after one
// that went wrong, as a person would before trying again.
func (r *resident) live(ctx context.Context) {
	for ctx.Err() == nil {
		r.begin(pageLangs)
		switch r.kind {
		case kindFlow:
			r.walkFlow()
		case kindContact:
			r.sendContact()
		case kindChat:
			r.chat()
		}
		r.journeys++
		pause := time.Duration(20+r.rng.IntN(80)) * time.Millisecond
		if r.failed {
			pause += 250 * time.Millisecond
		}
		time.Sleep(pause)
	}
}

// Languages of residents, Dutch most often.
var pageLangs = []string{"nl", "nl", "nl", "nl", "nl", "en", "en", "pl", "tr", "ar", "uk", "fy"}

// begin starts a new resident: no cookies, the home portal, a language.
func (r *resident) begin(langs []string) {
	jar, _ := cookiejar.New(nil)
	r.client.Jar = jar
	r.inst = r.home
	if time.Now().Before(r.homeDown) {
		r.inst = (r.home + 1) % len(r.run.portals)
	}
	r.lang = langs[r.rng.IntN(len(langs))]
	r.failed = false
}

// reply is a portal's answer, or none (ok false).
type reply struct {
	ok         bool
	status     int
	loc, body  string
	inst       int
	start, end time.Time
}

const formType = "application/x-www-form-urlencoded"

// send makes one request. When the portal gives no answer, that is
// recorded, the resident moves to the other portal, and a request that
// may be repeated (retry) is sent there once more. An answer is recorded
// by the caller, who knows what it should be.
func (r *resident) send(group, method, path string, body []byte, ctype string, retry bool) reply {
	for attempt := 0; ; attempt++ {
		inst := r.inst
		var rd io.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		req, _ := http.NewRequest(method, r.run.portals[inst].URL()+path, rd)
		req.Header.Set("Accept-Language", r.lang)
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		start := time.Now()
		res, err := r.client.Do(req)
		if err == nil {
			b, rerr := io.ReadAll(res.Body)
			res.Body.Close()
			if rerr == nil {
				return reply{ok: true, status: res.StatusCode, loc: res.Header.Get("Location"), body: string(b),
					inst: inst, start: start, end: time.Now()}
			}
			err = rerr
		}
		end := time.Now()
		r.run.rec.add(record{group: group, inst: inst, start: start, end: end, dev: errKind(err)})
		r.failed = true
		if inst == r.home {
			r.homeDown = end.Add(time.Second)
		}
		r.inst = (inst + 1) % len(r.run.portals)
		if !retry || attempt > 0 {
			return reply{inst: inst, start: start, end: end}
		}
	}
}

// note records an answer with its deviation ("" when as it should be).
func (r *resident) note(group string, rep reply, dev string) bool {
	r.run.rec.add(record{group: group, inst: rep.inst, start: rep.start, end: rep.end, status: rep.status, dev: dev})
	if dev != "" {
		r.failed = true
	}
	return dev == ""
}

func statusDev(status int) string {
	if status == http.StatusFound || status == http.StatusSeeOther {
		return devRedirect
	}
	return fmt.Sprintf("http %d", status)
}

// page GETs a page and expects 200 with marker in it.
func (r *resident) page(group, path, marker string) (reply, bool) {
	rep := r.send(group, http.MethodGet, path, nil, "", true)
	if !rep.ok {
		return rep, false
	}
	dev := ""
	switch {
	case rep.status != http.StatusOK:
		dev = statusDev(rep.status)
	case !strings.Contains(rep.body, marker):
		dev = devPage
	}
	return rep, r.note(group, rep, dev)
}

// redirect sends a request and expects status with Location want.
func (r *resident) redirect(group, method, path string, form url.Values, status int, want string) bool {
	var body []byte
	ctype := ""
	if form != nil {
		body, ctype = []byte(form.Encode()), formType
	}
	rep := r.send(group, method, path, body, ctype, true)
	if !rep.ok {
		return false
	}
	dev := ""
	switch {
	case rep.status != status:
		dev = statusDev(rep.status)
	case rep.loc != want:
		dev = devRedirect
	}
	return r.note(group, rep, dev)
}

// walkFlow goes from the landing page through the questions to the
// results, answering as a resident might; each answer must lead where
// the flow says (computed here with the same flow definition). It returns
// the results page.
func (r *resident) walkFlow() (reply, bool) {
	d, lang := r.run.def, r.lang
	root := "/" + lang
	if !r.redirect("GET /", http.MethodGet, "/", nil, http.StatusFound, root+"/") {
		return reply{}, false
	}
	q := d.First(flow.State{})
	if _, ok := r.page("GET /{lang}/", root+"/", `href="`+root+`/vraag/`+q.ID+`"`); !ok {
		return reply{}, false
	}
	var st flow.State
	for steps := 0; q != nil; steps++ {
		path := root + "/vraag/" + q.ID
		rep, ok := r.page("GET /{lang}/vraag/{id}", path, `action="`+path+`"`)
		if !ok {
			return reply{}, false
		}
		form, values, skip := r.answer(q)
		var (
			next *flow.Question
			err  error
		)
		if skip {
			st, next, err = d.Skip(st, q.ID)
		} else {
			st, next, err = d.Answer(st, q.ID, values)
		}
		if err != nil || steps > len(d.Questions) {
			// The flow definition and the soak disagree: a soak to mend.
			r.note("GET /{lang}/vraag/{id}", rep, devOwnAnswer)
			return reply{}, false
		}
		want := root + "/uitkomst"
		if next != nil {
			want = root + "/vraag/" + next.ID
		}
		form.Set("_csrf", csrfToken(rep.body))
		if !r.redirect("POST /{lang}/vraag/{id}", http.MethodPost, path, form, http.StatusSeeOther, want) {
			return reply{}, false
		}
		q = next
	}
	return r.page("GET /{lang}/uitkomst", root+"/uitkomst", `id="genoeg"`)
}

// postcodeLetters are letter pairs of Dutch postcodes.
var postcodeLetters = []string{"AB", "CD", "EG", "HJ", "KL", "MN", "PR", "TV", "XZ"}

// answer chooses an answer to q: sometimes a skip, otherwise one or more
// of its options (a topics question is never skipped, so the results
// have something to show).
func (r *resident) answer(q *flow.Question) (form url.Values, values []string, skip bool) {
	form = url.Values{}
	if q.Kind != flow.Topics && r.rng.IntN(100) < 12 {
		form.Set("action", "skip")
		return form, nil, true
	}
	form.Set("action", "next")
	switch q.Kind {
	case flow.Place:
		if r.rng.IntN(2) == 0 {
			id := r.run.places[r.rng.IntN(len(r.run.places))]
			form.Set("village", id)
			return form, []string{content.PlacePrefix + id}, false
		}
		pc := fmt.Sprintf("%d %s", 9990+r.rng.IntN(10), postcodeLetters[r.rng.IntN(len(postcodeLetters))])
		form.Set("postcode", pc)
		return form, []string{pc}, false
	case flow.Topics:
		values = pickN(r.rng, r.run.def.Topics, 1+r.rng.IntN(3))
	case flow.Multi:
		values = pickN(r.rng, optionIDs(q), 1+r.rng.IntN(2))
	default:
		values = pickN(r.rng, optionIDs(q), 1)
	}
	form["answer"] = values
	return form, values, false
}

// optionIDs are q's options, but not the desk's ("I help someone at the
// desk"): these residents are on their own.
func optionIDs(q *flow.Question) []string {
	var ids []string
	for _, o := range q.Options {
		if !(q.ID == "who" && o.ID == "desk") {
			ids = append(ids, o.ID)
		}
	}
	return ids
}

func pickN(rng *rand.Rand, from []string, n int) []string {
	idx := rng.Perm(len(from))[:min(n, len(from))]
	out := make([]string, len(idx))
	for i, j := range idx {
		out[i] = from[j]
	}
	return out
}

var (
	residentNames = []string{"Fatima el Amrani", "Jan de Boer", "Anna Kowalska", "Mehmet Yılmaz",
		"Olena Kovalenko", "Sjoukje Hoekstra", "Peter Jansen", "Noor Bakker", "Ahmad Haddad"}
	contactTexts = []string{
		"Mijn moeder redt het niet meer alleen in huis.",
		"Ik krijg mijn administratie niet rond en er komen aanmaningen.",
		"I look after my father and I am exhausted.",
		"Onze zoon gaat niet meer naar school.",
		"Ik kan de trap niet meer op en wil beneden wonen.",
	}
)

// sendContact walks the flow, says the help is not enough, and sends a
// contact request. It counts as accepted only when the confirmation with
// its reference is shown.
func (r *resident) sendContact() {
	results, ok := r.walkFlow()
	if !ok {
		return
	}
	root := "/" + r.lang
	form := url.Values{"enough": {"no"}, "_csrf": {csrfToken(results.body)}}
	if !r.redirect("POST /{lang}/uitkomst", http.MethodPost, root+"/uitkomst", form, http.StatusSeeOther, root+"/maatwerk") {
		return
	}
	if _, ok := r.page("GET /{lang}/maatwerk", root+"/maatwerk", `href="`+root+`/contact"`); !ok {
		return
	}
	page, ok := r.page("GET /{lang}/contact", root+"/contact", `action="`+root+`/contact"`)
	if !ok {
		return
	}
	r.sent++
	a := &contactAttempt{tag: fmt.Sprintf("%d-%d", r.id, r.sent)}
	defer r.run.contacts.add(a)
	form = url.Values{
		"_csrf":       {csrfToken(page.body)},
		"name":        {residentNames[r.rng.IntN(len(residentNames))]},
		"phone":       {fmt.Sprintf("06 %08d", r.rng.IntN(100000000))},
		"time":        {preferredTimes[r.rng.IntN(len(preferredTimes))]},
		"description": {contactTexts[r.rng.IntN(len(contactTexts))] + " [soak " + a.tag + "]"},
		"consent":     {"yes"},
	}
	if r.rng.IntN(3) == 0 {
		form.Set("email", fmt.Sprintf("bewoner%d@example.org", r.rng.IntN(1000)))
	}
	const group = "POST /{lang}/contact"
	// Never sent twice: whether a request without an answer was stored
	// is the question.
	rep := r.send(group, http.MethodPost, root+"/contact", []byte(form.Encode()), formType, false)
	switch {
	case !rep.ok:
		a.outcome = outNoAnswer
	case rep.status == http.StatusSeeOther && rep.loc == root+"/contact/verstuurd":
		r.note(group, rep, "")
		a.outcome = outSentNoConf
		if conf, ok := r.page("GET /{lang}/contact/verstuurd", rep.loc, `class="ref"`); ok && refOf(conf.body) != "" {
			a.outcome, a.ref = outAccepted, refOf(conf.body)
		}
	case rep.status == http.StatusOK && refOf(rep.body) != "":
		// Stored, but the session could not keep the reference: the
		// confirmation comes on this answer.
		r.note(group, rep, "")
		a.outcome, a.ref = outAccepted, refOf(rep.body)
	default:
		dev := statusDev(rep.status)
		if rep.status == http.StatusSeeOther {
			dev = devRedirect
		} else if rep.status == http.StatusOK {
			dev = devPage
		}
		r.note(group, rep, dev)
		a.outcome = outRefused
	}
}

var preferredTimes = []string{"any", "morning", "afternoon"}

// Chat messages as residents type them.
var chatTexts = map[string][]string{
	"nl": {
		"Ik heb schulden en de brieven stapelen zich op",
		"Mijn moeder kan niet meer zelf boodschappen doen",
		"Ik voel me eenzaam sinds mijn man is overleden",
		"Hoe kom ik naar het ziekenhuis zonder auto?",
		"Ik snap de brief van de belastingdienst niet",
		"goedemorgen",
	},
	"en": {
		"I can't pay my rent this month",
		"My father needs help cleaning the house",
		"I would like to learn Dutch",
		"I need help filling in forms",
		"hello",
	},
}

// crisisTexts say "I do not want to live any more".
var crisisTexts = map[string]string{
	"nl": "ik wil niet meer leven",
	"en": "I do not want to live anymore",
	"pl": "nie chcę już żyć",
	"tr": "artık yaşamak istemiyorum",
	"ar": "ما بدي عيش بعد اليوم",
	"uk": "я більше не хочу жити",
	"fy": "ik wol net mear libje",
}

type chatAnswer struct {
	Session  string `json:"session"`
	Urgent   bool   `json:"urgent"`
	Saved    bool   `json:"saved"`
	Messages []struct {
		From string `json:"from"`
		Kind string `json:"kind"`
		Text string `json:"text"`
	} `json:"messages"`
}

// chat talks to the assistant through the API as another channel does
// (no cookies, the session id in the body), and now and then sends a
// message about wanting to die, which must get the urgent help.
func (r *resident) chat() {
	r.client.Jar = nil
	r.lang = []string{"nl", "nl", "en"}[r.rng.IntN(3)]
	const group = "POST /api/v1/chat"
	session := ""
	texts := chatTexts[r.lang]
	for range 2 + r.rng.IntN(2) {
		ans, ok := r.postChat(group, session, r.lang, texts[r.rng.IntN(len(texts))], func(a chatAnswer) string {
			if !a.Saved || a.Session == "" || !hasAssistant(a) {
				return devJSON
			}
			return ""
		})
		if !ok {
			return
		}
		session = ans.Session
	}
	if r.rng.IntN(3) != 0 {
		return
	}
	langs := []string{"nl", "en", "pl", "tr", "ar", "uk", "fy"}
	lang := langs[r.rng.IntN(len(langs))]
	r.postChat("POST /api/v1/chat (crisis)", "", lang, crisisTexts[lang], func(a chatAnswer) string {
		if !a.Urgent || !hasUrgent(a) {
			return devNoUrgent
		}
		return ""
	})
}

// postChat sends one message to the chat API and notes the answer under
// group: a status other than 200, a body that is not an answer, or what
// check finds wrong with the answer. ok is false when the resident
// should stop.
func (r *resident) postChat(group, session, lang, text string, check func(chatAnswer) string) (ans chatAnswer, ok bool) {
	body, _ := json.Marshal(map[string]string{"session": session, "lang": lang, "text": text})
	rep := r.send(group, http.MethodPost, "/api/v1/chat", body, "application/json", false)
	if !rep.ok {
		return ans, false
	}
	dev := ""
	switch {
	case rep.status != http.StatusOK:
		dev = statusDev(rep.status)
	case json.Unmarshal([]byte(rep.body), &ans) != nil:
		dev = devJSON
	default:
		dev = check(ans)
	}
	return ans, r.note(group, rep, dev)
}

func hasAssistant(a chatAnswer) bool {
	for _, m := range a.Messages {
		if m.From == "assistant" && m.Text != "" {
			return true
		}
	}
	return false
}

func hasUrgent(a chatAnswer) bool {
	for _, m := range a.Messages {
		if m.Kind == "urgent" {
			return true
		}
	}
	return false
}

// visitAnonymously looks at the pages a visitor sees without answering
// anything: the landing page, questions, the results, the urgent help,
// the chat page and the services API. It reports whether the visitor was
// given a session cookie.
func (r *resident) visitAnonymously() (gotSession bool) {
	r.begin([]string{"nl"})
	const p = "anonymous "
	r.redirect(p+"GET /", http.MethodGet, "/", nil, http.StatusFound, "/nl/")
	r.page(p+"GET /{lang}/", "/nl/", `href="/nl/vraag/who"`)
	r.page(p+"GET /{lang}/vraag/{id}", "/nl/vraag/who", `action="/nl/vraag/who"`)
	r.page(p+"GET /{lang}/vraag/{id}", "/nl/vraag/topics", `action="/nl/vraag/topics"`)
	// A question not asked yet sends the visitor to the first one.
	r.redirect(p+"GET /{lang}/vraag/{id} (not asked)", http.MethodGet, "/nl/vraag/money_when", nil, http.StatusSeeOther, "/nl/vraag/who")
	r.page(p+"GET /{lang}/uitkomst", "/nl/uitkomst", `href="/nl/vraag/topics"`)
	r.page(p+"GET /{lang}/hulp-nu", "/nl/hulp-nu", `<html lang="nl"`)
	r.page(p+"GET /{lang}/over", "/nl/over", `<html lang="nl"`)
	r.page(p+"GET /{lang}/chat", "/nl/chat", `action="/nl/chat"`)
	r.page(p+"GET /api/v1/services", "/api/v1/services?topic=money&postcode=9994AB&lang=nl", `"services":[{`)
	for _, portal := range r.run.portals {
		u, _ := url.Parse(portal.URL())
		for _, c := range r.client.Jar.Cookies(u) {
			if c.Name == "wz_sid" {
				gotSession = true
			}
		}
	}
	return gotSession
}
