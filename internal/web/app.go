// Package web is the HTTP face of the portal: the fiber app, its
// middleware, handlers and view data. It is the only package that knows
// HTTP, templates, sessions and the domain packages together.
package web

import (
	"fmt"
	"io/fs"
	"log/slog"
	"net/netip"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/helmet"
	"github.com/gofiber/fiber/v2/middleware/recover"

	"github.com/wegwijzer/wegwijzer/internal/chat"
	"github.com/wegwijzer/wegwijzer/internal/codes"
	"github.com/wegwijzer/wegwijzer/internal/config"
	"github.com/wegwijzer/wegwijzer/internal/contact"
	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/metrics"
	"github.com/wegwijzer/wegwijzer/internal/nlu"
	"github.com/wegwijzer/wegwijzer/internal/outcomes"
	"github.com/wegwijzer/wegwijzer/internal/reload"
	"github.com/wegwijzer/wegwijzer/internal/session"
	"github.com/wegwijzer/wegwijzer/internal/staff"
	"github.com/wegwijzer/wegwijzer/internal/web/view"
)

// Deps are everything the app needs; main wires them by hand and tests
// build their own.
type Deps struct {
	// Outcomes takes the anonymous outcome counts; nil counts nothing.
	// In a region, MunicipalOutcomes holds each municipality's recorder
	// by its id (see CountOutcomes).
	Outcomes          *outcomes.Recorder
	MunicipalOutcomes map[string]*outcomes.Recorder
	Config            *config.Config
	Content           *content.Content
	Sessions          session.Store
	// CSRFSecret signs the forms' tokens (CSRF_SECRET); every instance
	// needs the same one. Empty: one is made for this process.
	CSRFSecret []byte
	// Limits keeps the counts of rate limits (chat messages, contact
	// requests, wrong codes and sign-ins); nil keeps them in memory.
	Limits session.Counter
	// Codes keeps resume codes, and Handovers the desk's hand-over
	// codes; nil keeps them in memory.
	Codes     codes.Store
	Handovers codes.Store
	// HandoverTTL is how long a hand-over code works; 0 is HandoverTTL.
	HandoverTTL time.Duration
	// Staff are the accounts that may sign in; nil has none (staff may
	// still come in through STAFF_HEADER). In a region, MunicipalStaff
	// holds each municipality's own accounts by its id (one not in it
	// has Staff), and RegionalStaff the accounts that sign in on every
	// municipality's host and see every municipality's requests.
	Staff          *staff.Accounts
	MunicipalStaff map[string]*staff.Accounts
	RegionalStaff  *staff.Accounts
	// StaffSessions keeps staff sessions; nil uses Sessions.
	StaffSessions session.Store
	Contacts      contact.Inbox
	// Dispatcher hands a stored request to the sinks from this process;
	// nil when the store delivers them itself (a Redis stream read by a
	// consumer group, see contact.Delivery).
	Dispatcher *contact.Dispatcher
	Log        *slog.Logger
	Templates  fs.FS
	Static     fs.FS
	// Now is the clock; tests set it to check opening hours.
	Now func() time.Time
	// Model is the chat assistant's model; nil trains one from Content.
	Model *nlu.Model
	// Models are chat models trained already, by the municipality's
	// content, so a region's portals need not train them (tests).
	Models map[*content.Content]*nlu.Model

	// Region is the region the site serves, one portal per
	// municipality; nil serves Content alone, as a region of one.
	Region *content.Region
	// LoadRegion loads and checks the content folder again, for a
	// reload (content.LoadRegion; its Problems are shown to staff). Nil
	// reloads the region as it is.
	LoadRegion func() (*content.Region, error)
	// Instance names this process to staff and in the log; "" is the
	// host name and process id.
	Instance string
	// ReloadBus carries the staff's reload button to every instance
	// (Redis pub/sub); nil reloads this process only.
	ReloadBus reload.Bus
	// ReloadBoard keeps the last reload's outcome of every instance;
	// nil keeps this instance's in memory.
	ReloadBoard reload.Board
	// Metrics counts requests, store errors, sessions, contact requests,
	// chat messages and reloads; nil counts nothing.
	Metrics *metrics.Metrics
}

// Limits on requests: the largest form is the contact request.
const (
	bodyLimit = 32 << 10
	csrfField = "_csrf"
	// csrfHeader carries the token on the chat script's API calls.
	csrfHeader = "X-CSRF-Token"
	csrfCookie = "wz_csrf"
	// codeTries wrong codes per address (an IPv6 /64) per codeWindow:
	// about 10⁶ guesses a year against 31⁸ resume codes, 31⁶ hand-over
	// codes that live ten minutes.
	codeTries  = 10
	codeWindow = 15 * time.Minute
)

// contentSecurityPolicy allows nothing from elsewhere and no inline
// script or style; every page works without JavaScript.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

type server struct {
	Deps
	views  renderer
	assets *view.Assets
	loc    *time.Location
	chat   *chat.Engine
	// proxies are TRUSTED_PROXIES, for clientIP.
	proxies []netip.Prefix
	// apiKept are the services API's answers of this minute.
	apiKept *apiAnswers
	// shared are pages that show the same to every visitor without
	// answers; nil renders each afresh.
	shared *sharedPages
	// hsds is the catalogue in HSDS terms, per language.
	hsds *hsdsSets
	// site is the site this server is an edition of, for reloads.
	site *Site
	// flowKey names the flow answers are checked against (sessions keep
	// it; see refit), and loaded is when this edition was built.
	flowKey string
	loaded  time.Time
	// placeQ is the flow's place question, whose answer says which
	// municipality of the region the resident lives in.
	placeQ string
	// theme and logo are the URLs of the municipality's stylesheet and
	// logo, "" for none.
	theme, logo string
}

// newServer builds the server of one edition and its fiber app, from
// d.Content. d holds the stores already (Site made them once): nothing
// here may keep state that must outlive a reload.
func newServer(d Deps, site *Site) (*server, *fiber.App, error) {
	loc, err := content.Amsterdam()
	if err != nil {
		return nil, nil, err
	}
	names, err := fs.Glob(d.Static, "*.*")
	if err != nil {
		return nil, nil, fmt.Errorf("web: static: %w", err)
	}
	a, err := view.LoadAssets(d.Static, names)
	if err != nil {
		return nil, nil, err
	}
	theme, logo, err := addLook(a, d.Content)
	if err != nil {
		return nil, nil, err
	}
	views, err := view.NewRenderer(d.Templates, a, d.Content.Messages)
	if err != nil {
		return nil, nil, err
	}
	if d.Model == nil {
		if d.Model, err = d.Content.Model(); err != nil {
			return nil, nil, err
		}
	}
	proxies, err := d.Config.ProxyPrefixes()
	if err != nil {
		return nil, nil, err
	}
	s := &server{Deps: d, views: renderer{views}, assets: a, loc: loc, proxies: proxies, apiKept: newAPIAnswers(), hsds: &hsdsSets{},
		site: site, flowKey: flowKey(d.Content), loaded: d.Now(), placeQ: placeQuestion(d.Content.Flow), theme: theme, logo: logo}
	if !views.Plain() {
		s.shared = newSharedPages()
	}
	s.chat = chat.New(d.Content, d.Model, d.Now)

	cfg := appConfig()
	cfg.ErrorHandler = s.handleError
	// Always on: X-Forwarded-Host and -Proto count only from a trusted
	// proxy, or any client could put its own host in share links and
	// QR codes. The client's address is clientIP's to find.
	cfg.EnableTrustedProxyCheck = true
	cfg.TrustedProxies = d.Config.TrustedProxies
	app := fiber.New(cfg)
	app.Use(s.measure)
	app.Use(recover.New())
	app.Use(helmet.New(helmet.Config{
		ContentSecurityPolicy:     contentSecurityPolicy,
		ReferrerPolicy:            "same-origin",
		PermissionPolicy:          "camera=(), microphone=(), geolocation=(), interest-cohort=()",
		CrossOriginEmbedderPolicy: "require-corp",
		HSTSMaxAge:                31536000,
	}))
	// Pages are compressed at the fastest level: a few per cent more
	// bytes than the default level for about half the work, which
	// counted for a tenth of a page's cost. Static files come compressed
	// (see static).
	app.Use(compress.New(compress.Config{Level: compress.LevelBestSpeed}))

	// One CSRF check for the pages' forms (token in a form field) and for
	// the chat page's script (token in a header), so the page's token is
	// valid for both.
	s.routes(app, s.csrfProtect(csrfSigner{secret: d.CSRFSecret, now: time.Now}, s.csrfFailed))
	return s, app, nil
}

// appConfig is the fiber configuration of the app that listens and of
// every edition's.
func appConfig() fiber.Config {
	return fiber.Config{
		AppName: "wegwijzer",
		// Strings from the request (path parameters, form values, cookies)
		// outlive it: in sessions, in contact requests handed to the
		// dispatcher. Without this fiber reuses their bytes.
		Immutable:             true,
		BodyLimit:             bodyLimit,
		ReadBufferSize:        8 << 10,
		ReadTimeout:           15 * time.Second,
		WriteTimeout:          30 * time.Second,
		IdleTimeout:           60 * time.Second,
		DisableStartupMessage: true,
	}
}
