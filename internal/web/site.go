package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/codes"
	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/nlu"
	"github.com/wegwijzer/wegwijzer/internal/reload"
	"github.com/wegwijzer/wegwijzer/internal/session"
)

// Site is the portal as it serves, content reloads included.
//
// Everything made from the content lives in one edition: a server with
// its renderer (templates with the messages folded in, kept service
// cards and language links), the pages kept for every visitor, the
// services API's answers of the minute, the HSDS datasets, the
// localizers, the chat engine and its model, and a fiber app with every
// route bound to that server. The app that listens (App) has no routes:
// it hands each request to the current edition, read once from an
// atomic pointer. A reload builds a whole new edition from the new
// content beside the running one and then swaps the pointer, so no
// cache can be forgotten: nothing of the old edition is reused but the
// chat model, and that only when it was trained from the same phrases
// and places. A request that started on the old edition finishes on it;
// the old edition goes when its last request is done. A reload that
// fails leaves the running edition in place.
//
// What must outlive a reload is made once, here, and handed to every
// edition: the stores (sessions, codes, rate-limit counts, staff
// sessions, contact requests), the contact dispatcher, the form-signing
// secret, the clock and the log. Background work (contact delivery,
// purging) belongs to main and is never restarted by a reload.
type Site struct {
	app *fiber.App
	cur atomic.Pointer[edition]
	// base are the dependencies every edition shares (without Content
	// and Model, which are an edition's).
	base    Deps
	reloads *reload.Reloader
}

// edition is the portal built from one loaded content.
type edition struct {
	srv *server
	app *fiber.App
	// serve hands a request of the app that listens to app.
	serve func(*fiber.Ctx)
}

// New builds the site and returns the fiber app that serves it.
func New(d Deps) (*fiber.App, error) {
	site, err := NewSite(d)
	if err != nil {
		return nil, err
	}
	return site.App(), nil
}

// NewSite builds the site from d.Content.
func NewSite(d Deps) (*Site, error) {
	d = withDefaults(d)
	s := &Site{base: d}
	ed, err := s.build(d.Content, d.Model)
	if err != nil {
		return nil, err
	}
	s.cur.Store(ed)
	// The content and model are the edition's: base does not hold them,
	// so a reload lets the old ones go.
	s.base.Content, s.base.Model = nil, nil
	source := d.Config.ContentDir
	if source == "" {
		source = "embedded demo content"
	}
	s.reloads = reload.New(reload.Options{Instance: d.Instance, Source: source, Load: s.load,
		Bus: d.ReloadBus, Board: d.ReloadBoard, Log: d.Log, Now: d.Now, Metrics: d.Metrics})
	cfg := appConfig()
	// Errors the server meets before a request reaches an edition (a
	// body over the limit, a timeout) get the current edition's page.
	cfg.ErrorHandler = func(c *fiber.Ctx, err error) error { return s.cur.Load().srv.handleError(c, err) }
	s.app = fiber.New(cfg)
	s.app.Use(func(c *fiber.Ctx) error {
		s.cur.Load().serve(c)
		return nil
	})
	return s, nil
}

// withDefaults fills in what d leaves out, once for every edition: a
// store made here is shared by them all.
func withDefaults(d Deps) Deps {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Codes == nil {
		d.Codes = codes.NewMemory(ResumeCodeLen)
	}
	if d.HandoverTTL <= 0 {
		d.HandoverTTL = HandoverTTL
	}
	if d.Handovers == nil {
		d.Handovers = codes.NewMemory(ResumeCodeLen)
	}
	if d.Limits == nil {
		d.Limits = session.NewMemoryCounter()
	}
	if d.StaffSessions == nil {
		d.StaffSessions = d.Sessions
	}
	if len(d.CSRFSecret) == 0 {
		d.CSRFSecret = make([]byte, 32)
		_, _ = rand.Read(d.CSRFSecret)
	}
	if d.Instance == "" {
		host, _ := os.Hostname()
		if host == "" {
			host = "wegwijzer"
		}
		d.Instance = host + "-" + strconv.Itoa(os.Getpid())
	}
	return d
}

// App is the fiber app that listens.
func (s *Site) App() *fiber.App { return s.app }

// Reload loads the content again and puts it in place when it has no
// errors (SIGHUP). It returns when done.
func (s *Site) Reload(ctx context.Context, req reload.Request) reload.Outcome {
	return s.reloads.Reload(ctx, req)
}

// Follow reloads this instance whenever staff press the button on
// another, until ctx ends; it returns once it listens.
func (s *Site) Follow(ctx context.Context) error { return s.reloads.Follow(ctx) }

// build makes an edition from c; model nil trains one.
func (s *Site) build(c *content.Content, model *nlu.Model) (*edition, error) {
	d := s.base
	d.Content, d.Model = c, model
	srv, app, err := newServer(d, s)
	if err != nil {
		return nil, err
	}
	h := app.Handler()
	return &edition{srv: srv, app: app, serve: func(c *fiber.Ctx) { h(c.Context()) }}, nil
}

// load is the reload itself: the content is loaded and checked as
// `wegwijzer validate` does, a new edition is built from it and put in
// place. On any error the running edition stays.
func (s *Site) load(context.Context) reload.Result {
	c, err := s.loadContent()
	if err != nil {
		var problems content.Problems
		if errors.As(err, &problems) {
			var lines []string
			for _, p := range problems.Errors() {
				lines = append(lines, p.String())
			}
			return reload.Result{Errors: lines, Warnings: len(problems) - len(problems.Errors())}
		}
		return reload.Result{Errors: []string{err.Error()}}
	}
	for _, w := range c.Warnings {
		s.base.Log.Warn("content", "problem", w.String())
	}
	// The model takes a second or more to train: the running one is kept
	// when it was trained from the same phrases and places.
	var model *nlu.Model
	if old := s.cur.Load().srv; old.Content.SameModel(c) {
		model = old.Model
	}
	ed, err := s.build(c, model)
	if err != nil {
		return reload.Result{Errors: []string{fmt.Sprintf("web: build: %v", err)}, Warnings: len(c.Warnings)}
	}
	s.cur.Store(ed)
	return reload.Result{Warnings: len(c.Warnings)}
}

func (s *Site) loadContent() (*content.Content, error) {
	if s.base.LoadContent == nil {
		return s.cur.Load().srv.Content, nil
	}
	return s.base.LoadContent()
}

// flowKey names what a session's answers are checked against: the
// questions with their options, the topics, and the villages. A session
// keeps the key of the content it was saved under; loaded under another,
// its answers are fitted to the new flow first (sess.refit).
func flowKey(c *content.Content) string {
	h := sha256.New()
	_ = json.NewEncoder(h).Encode(c.Flow)
	for _, p := range c.Catalog.Places {
		h.Write([]byte(p.ID))
		h.Write([]byte{0})
	}
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:9])
}
