package web

import (
	"bytes"
	"context"
	"errors"
	"html"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/redis/go-redis/v9"

	democontent "github.com/wegwijzer/wegwijzer/content"
	"github.com/wegwijzer/wegwijzer/internal/config"
	"github.com/wegwijzer/wegwijzer/internal/contact"
	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/nlu"
	"github.com/wegwijzer/wegwijzer/internal/session"
	"github.com/wegwijzer/wegwijzer/locales"
	"github.com/wegwijzer/wegwijzer/static"
	"github.com/wegwijzer/wegwijzer/templates"
)

var (
	demoOnce  sync.Once
	demo      *content.Content
	demoModel *nlu.Model
	demoErr   error
)

// demoContent loads the embedded demo content and trains the chat model
// once for all tests; both are read-only after loading.
func demoContent(t testing.TB) *content.Content {
	t.Helper()
	demoOnce.Do(func() {
		demo, demoErr = content.Load(democontent.Demo, locales.FS)
		if demoErr == nil {
			demoModel, demoErr = demo.Model()
		}
	})
	if demoErr != nil {
		t.Fatalf("demo content: %v", demoErr)
	}
	return demo
}

// logBuffer collects log output so tests can check what is (not) logged.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// testDeps returns dependencies with in-memory stores and a fixed clock:
// Tuesday 2026-11-24 10:30 in Amsterdam, a working-day morning.
func testDeps(t testing.TB) (Deps, *logBuffer) {
	t.Helper()
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	logs := &logBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	mem := session.NewMemory()
	t.Cleanup(func() { mem.Close() })
	loc, _ := time.LoadLocation("Europe/Amsterdam")
	c := demoContent(t)
	return Deps{
		Config: cfg, Content: c, Model: demoModel, Sessions: mem,
		Contacts: contact.NewMemoryStore(time.Hour), Log: log,
		Templates: templates.FS, Static: static.FS,
		Now: func() time.Time { return time.Date(2026, 11, 24, 10, 30, 0, 0, loc) },
	}, logs
}

func newApp(t testing.TB, d Deps) *fiber.App {
	t.Helper()
	app, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	return app
}

// liveServer runs an app on a loopback port, as a resident's browser meets it.
type liveServer struct {
	URL string
	app *fiber.App
	ln  net.Listener
}

func startServer(t testing.TB, d Deps) *liveServer {
	t.Helper()
	app := newApp(t, d)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &liveServer{URL: "http://" + ln.Addr().String(), app: app, ln: ln}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(s.Stop)
	return s
}

func (s *liveServer) Stop() { _ = s.app.ShutdownWithTimeout(5 * time.Second) }

// browser is a minimal cookie-keeping client that does not follow
// redirects, so tests see each step.
type browser struct {
	t    testing.TB
	base string
	// host is the Host header to send, "" for the address's own.
	host string
	c    *http.Client
	// last page body, for reading the CSRF token of its forms
	body string
}

func newBrowser(t testing.TB, base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: base, c: &http.Client{
		Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// resp is a response with its body read.
type resp struct {
	Status   int
	Body     string
	Location string
	Header   http.Header
}

func (b *browser) do(req *http.Request) resp {
	b.t.Helper()
	req.Header.Set("Accept-Language", "nl")
	if b.host != "" {
		req.Host = b.host
	}
	r, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer r.Body.Close()
	body, _ := io.ReadAll(r.Body)
	out := resp{Status: r.StatusCode, Body: string(body), Location: r.Header.Get("Location"), Header: r.Header}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		b.body = out.Body
	}
	return out
}

func (b *browser) get(path string) resp {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.base+path, nil)
	return b.do(req)
}

// follow GETs path and follows redirects, returning the final page and
// its path.
func (b *browser) follow(path string) (resp, string) {
	b.t.Helper()
	for i := 0; i < 10; i++ {
		r := b.get(path)
		if r.Status != http.StatusFound && r.Status != http.StatusSeeOther {
			return r, path
		}
		path = r.Location
	}
	b.t.Fatalf("too many redirects from %s", path)
	return resp{}, ""
}

var csrfRe = regexp.MustCompile(`name="_csrf" value="([^"]*)"`)

// token returns the CSRF token from the last page's forms.
func (b *browser) token() string {
	m := csrfRe.FindStringSubmatch(b.body)
	if m == nil {
		b.t.Fatalf("no CSRF token on the last page:\n%.2000s", b.body)
	}
	return html.UnescapeString(m[1])
}

// post submits a form with the last page's CSRF token.
func (b *browser) post(path string, form url.Values) resp {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if form.Get("_csrf") == "" {
		form.Set("_csrf", b.token())
	}
	req, _ := http.NewRequest(http.MethodPost, b.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// failingStore is a session store whose backend does not answer.
type failingStore struct{}

var errDown = errors.New("connection refused")

func (failingStore) Get(context.Context, string, time.Duration) ([]byte, error) { return nil, errDown }
func (failingStore) Set(context.Context, string, []byte, time.Duration) error   { return errDown }
func (failingStore) Delete(context.Context, string) error                       { return errDown }
func (failingStore) Ping(context.Context) error                                 { return errDown }

// stoppedRedisSessions is a session store on a Redis that is not running:
// every call fails fast, as in production when Redis is down.
func stoppedRedisSessions(t *testing.T) session.Store {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens here now
	client := redis.NewClient(&redis.Options{Addr: addr, DialTimeout: 200 * time.Millisecond, MaxRetries: -1, DialerRetries: 1})
	t.Cleanup(func() { _ = client.Close() })
	return session.NewRedis(client, "wz:s:")
}
