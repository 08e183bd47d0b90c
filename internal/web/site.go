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
	"maps"
	"net"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/codes"
	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/nlu"
	"github.com/wegwijzer/wegwijzer/internal/reload"
	"github.com/wegwijzer/wegwijzer/internal/session"
	"github.com/wegwijzer/wegwijzer/internal/web/view"
)

// Site is the portal as it serves, content reloads included.
//
// Everything made from the content lives in one edition: for each
// municipality of the region a portal, that is a server with its
// renderer (templates with the messages folded in, kept service cards
// and language links), the pages kept for every visitor, the services
// API's answers of the minute, the HSDS datasets, the localizers, the
// chat engine and its model, and a fiber app with every route bound to
// that server. The app that listens (App) has no routes: it reads the
// current edition once from an atomic pointer, picks the portal of the
// request's municipality (see edition.pick) and hands the request to it.
// A reload builds a whole new edition from the new content beside the
// running one and then swaps the pointer, so no cache can be forgotten:
// nothing of the old edition is reused but the chat models, and each
// only when it was trained from the same phrases and places. A request
// that started on the old edition finishes on it; the old edition goes
// when its last request is done. A reload that fails leaves the running
// edition in place.
//
// What must outlive a reload is made once, here, and handed to every
// edition: the stores (sessions, codes, rate-limit counts, staff
// sessions, contact requests), the contact dispatcher, the form-signing
// secret, the clock and the log. Background work (contact delivery,
// purging) belongs to main and is never restarted by a reload.
type Site struct {
	app *fiber.App
	cur atomic.Pointer[edition]
	// base are the dependencies every edition shares (without Region,
	// Content and Model, which are an edition's).
	base    Deps
	reloads *reload.Reloader
}

// edition is the portal built from one loaded content: one portal per
// municipality, in the region's order.
type edition struct {
	region  *content.Region
	portals []*portal
	byID    map[string]*portal
	// regional are the host names that show the whole region.
	regional map[string]bool
}

// portal is one municipality's server and app.
type portal struct {
	srv *server
	app *fiber.App
	// serve hands a request of the app that listens to app.
	serve func(*fiber.Ctx)
}

// first is the portal of the region's first municipality, which serves
// what no other claims.
func (ed *edition) first() *portal { return ed.portals[0] }

// pick chooses the portal for a request. home is the municipality the
// host name stands for: the one that lists it, the first for a host no
// municipality lists (an address, localhost), nil on a regional host.
// The portal is home's, unless the resident lives in another
// municipality of the region (the muniCookie, which the portals set from
// the place answer, or the resident's choice on a regional host).
func (ed *edition) pick(c *fiber.Ctx) (serving, home *portal) {
	host := c.Hostname()
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if m := ed.region.ByHost(host); m != nil {
		home = ed.byID[m.Catalog.Municipality.ID]
	} else if !ed.regional[strings.ToLower(host)] {
		home = ed.first()
	}
	serving = home
	// Staff and desk pages stay with the host's municipality.
	rest := c.Path()
	if i := strings.IndexByte(strings.TrimPrefix(rest, "/"), '/'); i >= 0 {
		rest = rest[i+1:]
	}
	if p := ed.byID[c.Cookies(muniCookie)]; p != nil && residentPath(rest) {
		serving = p
	}
	// The services and recommendations APIs name a municipality, or
	// follow the postcode or place answer they are given.
	if strings.HasPrefix(c.Path(), apiRoot+"/v1/") {
		if id := c.Query(paramMunicipality); id != "" {
			if p := ed.byID[id]; p != nil {
				serving = p
			} // else the portal answers that it does not know it
		} else {
			place := c.Query("postcode")
			if q := ed.first().srv.placeQ; place == "" && q != "" {
				place = c.Query(q)
			}
			if m := ed.region.ByPlace(place); m != nil {
				serving = ed.byID[m.Catalog.Municipality.ID]
			}
		}
	}
	if serving == nil {
		serving = ed.first()
	}
	return serving, home
}

// New builds the site and returns the fiber app that serves it.
func New(d Deps) (*fiber.App, error) {
	site, err := NewSite(d)
	if err != nil {
		return nil, err
	}
	return site.App(), nil
}

// NewSite builds the site from d.Region, or from d.Content as a region
// of one.
func NewSite(d Deps) (*Site, error) {
	d = withDefaults(d)
	s := &Site{base: d}
	region := d.Region
	if region == nil {
		region = content.Single(d.Content)
	}
	models := maps.Clone(d.Models)
	if models == nil {
		models = map[*content.Content]*nlu.Model{}
	}
	if d.Model != nil && d.Content != nil {
		models[d.Content] = d.Model
	}
	ed, err := s.build(region, models)
	if err != nil {
		return nil, err
	}
	s.cur.Store(ed)
	// The content and models are the edition's: base does not hold them,
	// so a reload lets the old ones go.
	s.base.Region, s.base.Content, s.base.Model, s.base.Models = nil, nil, nil, nil
	source := d.Config.ContentDir
	if source == "" {
		source = "embedded demo content"
	}
	s.reloads = reload.New(reload.Options{Instance: d.Instance, Source: source, Load: s.load,
		Bus: d.ReloadBus, Board: d.ReloadBoard, Log: d.Log, Now: d.Now, Metrics: d.Metrics})
	cfg := appConfig()
	// The host name picks the municipality: X-Forwarded-Host counts only
	// from a trusted proxy, as in every portal's app.
	cfg.EnableTrustedProxyCheck = true
	cfg.TrustedProxies = d.Config.TrustedProxies
	// Errors the server meets before a request reaches a portal (a body
	// over the limit, a timeout) get the first portal's page.
	cfg.ErrorHandler = func(c *fiber.Ctx, err error) error { return s.cur.Load().first().srv.handleError(c, err) }
	s.app = fiber.New(cfg)
	s.app.Use(func(c *fiber.Ctx) error {
		serving, home := s.cur.Load().pick(c)
		setHome(c, home)
		serving.serve(c)
		return nil
	})
	return s, nil
}

// asset finds a static file under its hashed name in any portal.
func (s *Site) asset(hashed string) (view.Asset, bool) {
	for _, p := range s.cur.Load().portals {
		if f, ok := p.srv.assets.File(hashed); ok {
			return f, true
		}
	}
	return view.Asset{}, false
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

// build makes an edition from region; a municipality without a model in
// models gets one trained.
func (s *Site) build(region *content.Region, models map[*content.Content]*nlu.Model) (*edition, error) {
	ed := &edition{region: region, byID: map[string]*portal{}, regional: map[string]bool{}}
	for _, h := range region.RegionalHosts() {
		ed.regional[strings.ToLower(h)] = true
	}
	for _, c := range region.Municipalities {
		if models[c] == nil {
			// Municipalities whose phrases and places are the same
			// (in a region, they all know every village) share a model.
			for _, p := range ed.portals {
				if p.srv.Content.SameModel(c) {
					models[c] = p.srv.Model
					break
				}
			}
		}
		d := s.base
		d.Region, d.Content, d.Model = region, c, models[c]
		if a, ok := d.MunicipalStaff[c.Catalog.Municipality.ID]; ok {
			d.Staff = a
		}
		if r, ok := d.MunicipalOutcomes[c.Catalog.Municipality.ID]; ok {
			d.Outcomes = r
		}
		srv, app, err := newServer(d, s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.Catalog.Municipality.Name, err)
		}
		h := app.Handler()
		p := &portal{srv: srv, app: app, serve: func(c *fiber.Ctx) { h(c.Context()) }}
		ed.portals = append(ed.portals, p)
		ed.byID[c.Catalog.Municipality.ID] = p
	}
	return ed, nil
}

// load is the reload itself: the content is loaded and checked as
// `wegwijzer validate` does, a new edition is built from it and put in
// place. On any error the running edition stays.
func (s *Site) load(context.Context) reload.Result {
	region, err := s.loadRegion()
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
	for _, w := range region.Warnings {
		s.base.Log.Warn("content", "problem", w.String())
	}
	// A model takes a second or more to train: a running one is kept
	// when it was trained from the same phrases and places.
	models := map[*content.Content]*nlu.Model{}
	old := s.cur.Load()
	for _, c := range region.Municipalities {
		if p := old.byID[c.Catalog.Municipality.ID]; p != nil && p.srv.Content.SameModel(c) {
			models[c] = p.srv.Model
		}
	}
	ed, err := s.build(region, models)
	if err != nil {
		return reload.Result{Errors: []string{fmt.Sprintf("web: build: %v", err)}, Warnings: len(region.Warnings)}
	}
	s.cur.Store(ed)
	return reload.Result{Warnings: len(region.Warnings)}
}

func (s *Site) loadRegion() (*content.Region, error) {
	if s.base.LoadRegion == nil {
		return s.cur.Load().region, nil
	}
	return s.base.LoadRegion()
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
