package loadtest

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/testproc"
)

// check is a correctness check: its requests and what went wrong.
type check struct {
	name string
	sent int
	devs map[string]int
}

func (c *check) unexpected() int {
	n := 0
	for _, v := range c.devs {
		n += v
	}
	return n
}

// collect adds a worker's requests and deviations to c.
func (c *check) collect(w *worker) {
	c.sent += w.sent
	for k, n := range w.devs {
		c.devs[k] += n
	}
}

// anonKeys counts the keys that requests without a session left.
type anonKeys struct {
	rows []anonRow
}

type anonRow struct {
	name           string
	requests, keys int64
}

func (a *anonKeys) add(name string, requests int, keys int64) {
	a.rows = append(a.rows, anonRow{name, int64(requests), keys})
}

func (a *anonKeys) total() (requests, keys int64) {
	for _, r := range a.rows {
		requests += r.requests
		keys += r.keys
	}
	return requests, keys
}

// checkAnonymous sends visitors without a cookie through the pages one
// only looks at; none may be given a session, and Redis must hold no
// more keys after them.
func checkAnonymous(ctx context.Context, t *testing.T, run *loadRun, keys *anonKeys) *check {
	t.Helper()
	pages := []struct{ path, marker, redirect string }{
		{"/", "", "/nl/"},
		{"/nl/", `href="/nl/vraag/who"`, ""},
		{"/nl/vraag/who", `action="/nl/vraag/who"`, ""},
		{"/nl/vraag/topics", `action="/nl/vraag/topics"`, ""},
		// A question not asked yet sends the visitor to the first one.
		{"/nl/vraag/money_when", "", "/nl/vraag/who"},
		{"/nl/uitkomst", `href="/nl/vraag/topics"`, ""},
		{"/nl/hulp-nu", `<html lang="nl"`, ""},
		{"/nl/over", `<html lang="nl"`, ""},
		{"/nl/chat", `action="/nl/chat"`, ""},
		{"/api/v1/services?topic=money&postcode=9994AB&lang=nl", `"services":[{`, ""},
	}
	c := &check{name: fmt.Sprintf("%d anonymous visitors: %d pages each, no session", anonymousVisitors, len(pages)), devs: map[string]int{}}
	before := usage(ctx, t, run.admin)
	var mu sync.Mutex
	testproc.Each(anonymousVisitors, 8, func(i int) {
		w := newWorker(run, i, run.portal.URL())
		for _, p := range pages {
			rep := w.do(http.MethodGet, p.path, nil, "")
			if p.redirect != "" {
				status := http.StatusSeeOther
				if p.path == "/" {
					status = http.StatusFound
				}
				w.note(expectRedirect(rep, status, p.redirect))
			} else {
				w.note(expectPage(rep, p.marker))
			}
		}
		u := w.client.Jar.Cookies(mustURL(run.portal.URL()))
		if slices.ContainsFunc(u, func(c *http.Cookie) bool { return c.Name == "wz_sid" }) {
			w.note("given a session cookie")
		}
		mu.Lock()
		c.collect(w)
		mu.Unlock()
	})
	after := usage(ctx, t, run.admin)
	keys.add("anonymous visitors", c.sent, after.Keys-before.Keys)
	return c
}

// checkTokenless posts an answer without the form's token, and with a
// token other than the cookie's: the portal must send the resident back
// to the same question with a message to send it again, and not take
// the answer.
func checkTokenless(run *loadRun) *check {
	c := &check{name: fmt.Sprintf("%d residents: POST /nl/vraag/who without token, then with another: 303 back, message, answer not taken", tokenless),
		devs: map[string]int{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range tokenless {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newWorker(run, i, run.portal.URL())
			defer func() { mu.Lock(); c.collect(w); mu.Unlock() }()
			if dev := w.startSession(false); dev != "" {
				w.note("setup: " + dev)
				return
			}
			for _, tok := range []string{"", "x" + w.token} {
				form := "action=next&answer=carer"
				if tok != "" {
					form += "&_csrf=" + tok
				}
				rep := w.do(http.MethodPost, "/nl/vraag/who", []byte(form), formType)
				w.note(expectRedirect(rep, http.StatusSeeOther, "/nl/vraag/who"))
				// The message, and "self" still ticked: the answer "carer"
				// was not taken.
				rep = w.do(http.MethodGet, "/nl/vraag/who", nil, "")
				w.note(expectPage(rep, run.flash, `value="self" id="answer-0" checked`))
			}
		}()
	}
	wg.Wait()
	return c
}

// sessionFigures are what liveSessions sessions cost.
type sessionFigures struct {
	before, after  testproc.RedisUsage
	keyUsage       int64 // MEMORY USAGE of one session key
	valueLen       int64 // the length of its value
	sample         string
	created        int
	took           time.Duration
	usageErr, note string
}

// makeSessions has liveSessions residents answer the first question, each
// in a session of its own (one form token serves them all: a token is
// bound to its cookie only), and measures Redis before and after.
func makeSessions(ctx context.Context, t *testing.T, run *loadRun, conns int) (sessionFigures, *check) {
	t.Helper()
	c := &check{name: fmt.Sprintf("%d residents: POST /nl/vraag/who, a session each", liveSessions), devs: map[string]int{}}
	var f sessionFigures
	w := newWorker(run, -1, run.portal.URL())
	rep := w.do(http.MethodGet, "/nl/vraag/who", nil, "")
	if dev := expectPage(rep, `action="/nl/vraag/who"`); dev != "" {
		c.collect(w)
		c.devs["GET /nl/vraag/who: "+dev]++
		return f, c
	}
	token := csrfToken(rep.body)
	_, next, err := run.def.Answer(flow.State{}, "who", []string{"self"})
	if err != nil {
		t.Fatalf("loadtest: the flow definition refuses who=self: %v", err)
	}
	want := stepHref(next)
	body := []byte("action=next&answer=self&_csrf=" + token)
	jar := fixedJar{{Name: "wz_csrf", Value: token}}

	var mu sync.Mutex
	post := func(n int) {
		jobs := make(chan int)
		var wg sync.WaitGroup
		for i := range conns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				w := newWorker(run, i, run.portal.URL())
				w.client.Jar = jar
				var sid string
				for range jobs {
					rep := w.do(http.MethodPost, "/nl/vraag/who", body, formType)
					dev := expectRedirect(rep, http.StatusSeeOther, want)
					if dev == "" {
						if sid = sessionCookie(rep.header); sid == "" {
							dev = "no session cookie"
						}
					}
					w.note(dev)
				}
				mu.Lock()
				c.collect(w)
				if f.sample == "" {
					f.sample = sid
				}
				mu.Unlock()
			}()
		}
		for i := range n {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
	}
	// A few hundred first: the portal's Redis pool grows to its size, and
	// its connections' buffers count in used_memory.
	post(2 * conns)
	time.Sleep(300 * time.Millisecond)
	f.before = usage(ctx, t, run.admin)
	start := time.Now()
	post(liveSessions)
	f.took = time.Since(start)
	time.Sleep(300 * time.Millisecond)
	f.after = usage(ctx, t, run.admin)
	f.created = liveSessions
	if f.sample != "" {
		key := "wz:s:" + f.sample
		if n, err := run.admin.MemoryUsage(ctx, key, 0).Result(); err == nil {
			f.keyUsage = n
		} else {
			f.usageErr = err.Error()
		}
		f.valueLen, _ = run.admin.StrLen(ctx, key).Result()
	}
	if d := f.after.Keys - f.before.Keys; d != liveSessions {
		f.note = fmt.Sprintf("%d keys added for %d sessions", d, liveSessions)
	}
	return f, c
}

// fixedJar sends the same cookies with every request and keeps none.
type fixedJar []*http.Cookie

func (j fixedJar) SetCookies(*url.URL, []*http.Cookie) {}
func (j fixedJar) Cookies(*url.URL) []*http.Cookie     { return j }

func sessionCookie(h http.Header) string {
	for _, c := range (&http.Response{Header: h}).Cookies() {
		if c.Name == "wz_sid" {
			return c.Value
		}
	}
	return ""
}
