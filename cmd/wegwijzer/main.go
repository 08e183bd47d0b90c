// Command wegwijzer is the Wegwijzer portal: `wegwijzer serve` runs the
// web server (the default), `wegwijzer validate [DIR]` checks a content
// folder, `wegwijzer classify` shows how the chat assistant reads
// messages.
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // Europe/Amsterdam in images without zoneinfo

	"github.com/redis/go-redis/v9"

	democontent "github.com/wegwijzer/wegwijzer/content"
	"github.com/wegwijzer/wegwijzer/internal/config"
	"github.com/wegwijzer/wegwijzer/internal/contact"
	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/metrics"
	"github.com/wegwijzer/wegwijzer/internal/outcomes"
	"github.com/wegwijzer/wegwijzer/internal/redisconn"
	"github.com/wegwijzer/wegwijzer/internal/session"
	"github.com/wegwijzer/wegwijzer/internal/staff"
	"github.com/wegwijzer/wegwijzer/internal/web"
	"github.com/wegwijzer/wegwijzer/internal/web/view"
	"github.com/wegwijzer/wegwijzer/locales"
	"github.com/wegwijzer/wegwijzer/static"
	"github.com/wegwijzer/wegwijzer/templates"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const usage = `Usage: wegwijzer [command]

Commands:
  serve            run the web server (default); settings from environment
                   variables, see README.md
  validate [DIR]   check a content folder, a region or one municipality
                   (default: CONTENT_DIR, or the embedded demo content);
                   exit status 1 on errors
  classify         read JSON Lines {"lang":"nl","text":"..."} on stdin and
                   write {"topics":[...],"urgent":false} per line: test how
                   the chat assistant understands residents' words
  export-hsds DIR  write the catalogue (CONTENT_DIR, or the demo content) to
                   DIR as an Open Referral HSDS 3.0 dataset: JSON per object
                   and CSV files with datapackage.json
  import-hsds SRC DIR
                   read an HSDS 3.0 dataset (an export folder, the tabular
                   form, a JSON file or an API URL) into the content folder
                   DIR, mapped with DIR/hsds-mapping.yaml
  hash-password    read a password on stdin and print its bcrypt hash for
                   STAFF_ACCOUNTS_FILE (a line "name:hash")
  healthcheck [URL]
                   GET this instance's /healthz (default: the port of
                   LISTEN_ADDR on 127.0.0.1); exit status 0 on 200, else 1
  version          print the version
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		if err := serve(stderr); err != nil {
			fmt.Fprintln(stderr, "wegwijzer:", err)
			return 1
		}
		return 0
	case "validate":
		return validate(args, stdout, stderr)
	case "classify":
		return classify(args, stdin, stdout, stderr)
	case "export-hsds":
		return exportHSDS(args, stdout, stderr)
	case "import-hsds":
		return importHSDS(args, stdout, stderr)
	case "hash-password":
		return hashPassword(stdin, stdout, stderr)
	case "healthcheck":
		return healthcheck(args, stderr)
	case "version":
		fmt.Fprintln(stdout, version)
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "wegwijzer: unknown command %q\n\n%s", cmd, usage)
	return 2
}

// contentFS returns the content folder: dir when set, else the demo.
func contentFS(dir string) (fs.FS, string) {
	if dir == "" {
		return democontent.Demo, "embedded demo content"
	}
	return os.DirFS(dir), dir
}

func validate(args []string, stdout, stderr io.Writer) int {
	dir := os.Getenv("CONTENT_DIR")
	if len(args) > 0 {
		dir = args[0]
	}
	if dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			fmt.Fprintf(stderr, "wegwijzer validate: %s is not a folder\n", dir)
			return 1
		}
	}
	fsys, name := contentFS(dir)
	r, err := content.LoadRegion(fsys, locales.FS)
	var problems content.Problems
	if errors.As(err, &problems) {
		for _, p := range problems {
			fmt.Fprintf(stderr, "%s\n", prefixed(dir, p))
		}
		errs := len(problems.Errors())
		fmt.Fprintf(stderr, "%s: %s, %s\n", name, count(errs, "error"), count(len(problems)-errs, "warning"))
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "wegwijzer validate: %v\n", err)
		return 1
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(stderr, "%s\n", prefixed(dir, w))
	}
	services, places := map[string]bool{}, 0
	for _, c := range r.Municipalities {
		cat := c.Catalog
		m := cat.Municipality
		fmt.Fprintf(stdout, "%s: municipality %s (%s): %d services, %d tips, %d places, hosts %v, %s\n",
			name, m.ID, m.Name, len(cat.Services), len(cat.Tips), len(cat.Places), m.Hosts, count(len(c.Warnings), "warning"))
		for _, s := range cat.Services {
			services[s.ID] = true
		}
		places += len(cat.Places)
	}
	c := r.Municipalities[0]
	region := ""
	if r.IsRegion() {
		region = fmt.Sprintf("region %s (%s) of %d municipalities, ", r.ID, r.Name, len(r.Municipalities))
	}
	fmt.Fprintf(stdout, "%s: ok: %s%d questions, %d services, %d places, locales %v, %s\n",
		name, region, len(c.Flow.Questions), len(services), places, c.Messages.Langs(), count(len(r.Warnings), "warning"))
	return 0
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func prefixed(dir string, p content.Problem) content.Problem {
	if dir != "" {
		p.File = filepath.Join(dir, p.File)
	}
	return p
}

func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

func serve(logw io.Writer) error {
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		return err
	}
	log := newLogger(cfg, logw)
	slog.SetDefault(log)

	fsys, name := contentFS(cfg.ContentDir)
	region, err := content.LoadRegion(fsys, locales.FS)
	if err != nil {
		return fmt.Errorf("content (%s) has errors; run `wegwijzer validate` for the list:\n%w", name, err)
	}
	for _, w := range region.Warnings {
		log.Warn("content", "problem", w.String())
	}
	for _, c := range region.Municipalities {
		m := c.Catalog.Municipality
		log.Info("content loaded", "source", name, "municipality", m.ID, "hosts", m.Hosts, "services", len(c.Catalog.Services), "locales", c.Messages.Langs())
		if told := time.Duration(m.ContactRetentionDays) * 24 * time.Hour; !region.IsRegion() && told != cfg.ContactRetention {
			log.Warn("CONTACT_RETENTION differs from contact_retention_days in municipality.yaml, which residents are told",
				"municipality", m.ID, "contact_retention", cfg.ContactRetention.String(), "contact_retention_days", m.ContactRetentionDays)
		}
	}

	var mx *metrics.Metrics // nil without METRICS_ADDR: nothing is measured
	if cfg.MetricsAddr != "" {
		mx = metrics.New(version)
	}
	deps := web.Deps{Config: cfg, Region: region, Log: log, Templates: templates.FS, Static: static.FS, Metrics: mx,
		LoadRegion: func() (*content.Region, error) { return content.LoadRegion(fsys, locales.FS) }}
	if cfg.AssetsDir != "" {
		deps.Templates = view.Overlay{Over: os.DirFS(filepath.Join(cfg.AssetsDir, "templates")), Base: templates.FS}
		deps.Static = view.Overlay{Over: os.DirFS(filepath.Join(cfg.AssetsDir, "static")), Base: static.FS}
	}

	var contacts contact.Inbox
	var stream *contact.Stream // delivers through a consumer group when set
	if cfg.RedisURL != "" {
		// A single server, Sentinel or a Cluster, with short timeouts:
		// when Redis is down, pages degrade rather than wait.
		client, where, err := redisconn.Open(cfg.RedisURL)
		if err != nil {
			return fmt.Errorf("config: REDIS_URL: %w", err)
		}
		redis.SetLogger(session.RedisLogger{Log: log})
		defer client.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		if err := client.Ping(ctx).Err(); err != nil {
			log.Error("redis does not answer; pages degrade and /readyz reports 503 until it does", "err", err)
		} else if warnings, err := session.Durability(ctx, client); err != nil {
			log.Info("cannot read the redis settings that keep contact requests safe; check them by hand (see README, Redis)", "err", err)
		} else {
			for _, w := range warnings {
				log.Warn(w)
			}
		}
		cancel()
		stream = deps.UseRedis(client)
		defer deps.CloseOutcomes() // before the client closes: it writes what is queued
		if cfg.CSRFSecret == "" {
			secret, err := session.SharedSecret(context.Background(), client, "wz:csrf-secret")
			if err != nil {
				log.Error("CSRF_SECRET is not set and none could be kept in redis; this instance signs forms with its own secret until restarted", "err", err)
			} else {
				deps.CSRFSecret = secret
				log.Warn("CSRF_SECRET is not set: a secret was made once and kept in redis (wz:csrf-secret), so instances share it; set CSRF_SECRET in production")
			}
		}
		upgrade, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if moved, err := stream.Upgrade(upgrade); err != nil {
			log.Error("contact requests: could not move the keys of an earlier version; their states may look new until the next start", "err", err)
		} else if moved > 0 {
			log.Info("contact requests: keys of an earlier version moved into the stream's slot", "keys", moved)
		}
		cancel()
		contacts = stream
		log.Info("sessions and contact requests in redis", "redis", where, "session_ttl", cfg.SessionTTL.String())
	} else {
		mem := session.NewMemory()
		defer mem.Close()
		deps.Sessions = mem
		deps.CountOutcomes(func(string) outcomes.Store { return outcomes.NewMemory() })
		defer deps.CloseOutcomes()
		longest, own := deps.ContactRetention()
		inbox := contact.NewMemoryStore(longest)
		inbox.RetentionOf = own
		contacts = inbox
		log.Warn("REDIS_URL is not set: sessions and contact requests are kept in memory and lost on restart; set REDIS_URL in production")
		if cfg.CSRFSecret == "" {
			log.Warn("CSRF_SECRET is not set: this process signs forms with a secret of its own; set CSRF_SECRET when running more than one")
		}
	}
	deps.Contacts = contacts
	if cfg.CSRFSecret != "" {
		deps.CSRFSecret = []byte(cfg.CSRFSecret)
	}
	if cfg.StaffAccountsFile != "" {
		if deps.Staff, err = staff.Load(cfg.StaffAccountsFile); err != nil {
			return err
		}
	}
	if deps.MunicipalStaff, deps.RegionalStaff, err = regionStaff(region, os.Getenv); err != nil {
		return err
	}
	if region.IsRegion() && cfg.StaffAccountsFile != "" {
		log.Warn("STAFF_ACCOUNTS_FILE is not used in a region: each municipality's staff come from " + envStaffFile + "<ID>, the region's from " + envStaffRegion)
	}
	accounts := deps.Staff.Len() + deps.RegionalStaff.Len()
	for id, a := range deps.MunicipalStaff {
		accounts += a.Len()
		if a != nil {
			log.Info("staff accounts of a municipality", "municipality", id, "accounts", a.Len())
		}
	}
	if accounts > 0 || cfg.StaffHeader != "" {
		log.Info("staff sign-in enabled", "accounts", accounts, "regional_accounts", deps.RegionalStaff.Len(), "header", cfg.StaffHeader,
			"staff_idle", cfg.StaffIdle.String(), "desk_idle", cfg.DeskIdle.String())
	} else {
		log.Info("staff sign-in is off: set STAFF_ACCOUNTS_FILE (in a region STAFF_ACCOUNTS_FILE_<ID>) or STAFF_HEADER for the desk view and the inbox")
	}

	sinks := []contact.Sink{contact.NewLogSink(log)}
	client := &http.Client{Timeout: 10 * time.Second}
	var hook contact.Sink // CONTACT_WEBHOOK_URL: every municipality's without one of its own
	if cfg.ContactWebhookURL != "" {
		hook = contact.NewWebhookSink(cfg.ContactWebhookURL, cfg.ContactWebhookKey, client)
	}
	hooks, unsigned := regionHooks(region, os.Getenv, client)
	for _, id := range unsigned {
		log.Warn("contact requests to this municipality's webhook go unsigned: set "+envWebhookSecret+envSuffix(id), "municipality", id)
	}
	switch {
	case len(hooks) > 0:
		sinks = append(sinks, contact.NewMunicipalSink(hooks, hook))
	case hook != nil:
		sinks = append(sinks, hook)
	}
	// With Redis, requests are delivered from the stream through a
	// consumer group, so a request survives this process; in memory they
	// are handed over from a queue in this process.
	var delivery *contact.Delivery
	if stream != nil {
		delivery = contact.NewDelivery(stream, log, sinks, contact.DeliveryOptions{Metrics: mx})
	} else {
		deps.Dispatcher = contact.NewDispatcher(log, sinks, contact.WithMetrics(mx))
	}

	site, err := web.NewSite(deps)
	if err != nil {
		return err
	}
	app := site.App()
	if cfg.DebugAddr != "" {
		stopDebug, err := startDebug(cfg.DebugAddr, log)
		if err != nil {
			return err
		}
		defer stopDebug()
	}
	if mx != nil {
		stopMetrics, err := startMetrics(cfg.MetricsAddr, mx.Handler(), log)
		if err != nil {
			return err
		}
		defer stopMetrics()
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go purgeContacts(ctx, log, contacts)
	go mx.WatchStore(ctx, 5*time.Second, deps.Sessions.Ping) // wegwijzer_degraded
	// SIGHUP reloads the content of this process; the staff's button
	// reaches the others too.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go reloadOnHangup(ctx, hup, site.Reload)
	go func() { _ = site.Follow(ctx) }() // a Redis that is down does not hold up the start
	delivered := make(chan struct{})
	dctx, stopDelivery := context.WithCancel(context.Background())
	defer stopDelivery()
	if delivery != nil {
		go func() { defer close(delivered); delivery.Run(dctx) }()
	} else {
		close(delivered)
	}

	errc := make(chan error, 1)
	go func() { errc <- app.Listen(cfg.ListenAddr) }()
	log.Info("listening", "addr", cfg.ListenAddr, "version", version)

	select {
	case err := <-errc:
		return fmt.Errorf("listen %s: %w", cfg.ListenAddr, err)
	case <-ctx.Done():
	}
	log.Info("shutting down", "timeout", cfg.ShutdownTimeout.String())
	if err := app.ShutdownWithTimeout(cfg.ShutdownTimeout); err != nil {
		log.Error("shutdown", "err", err)
	}
	// A delivery cut short stays pending in the group; another instance
	// (or this one, restarted) takes it over.
	stopDelivery()
	<-delivered
	if deps.Dispatcher != nil {
		cctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
		defer cancel()
		if err := deps.Dispatcher.Close(cctx); err != nil {
			log.Error("contact requests not all handed over before shutdown", "err", err)
		}
	}
	return nil
}

// purgeContacts removes contact requests older than the retention period,
// at start-up and hourly.
func purgeContacts(ctx context.Context, log *slog.Logger, s interface{ Purge(context.Context) error }) {
	purge := func() {
		if err := s.Purge(ctx); err != nil {
			log.Warn("purging old contact requests failed", "err", err)
		}
	}
	purge()
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			purge()
		}
	}
}

// hashPassword reads one password line from stdin and prints its hash, so
// a password never appears in the shell history or the process list.
func hashPassword(stdin io.Reader, stdout, stderr io.Writer) int {
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		fmt.Fprintln(stderr, "wegwijzer hash-password:", err)
		return 1
	}
	h, err := staff.Hash(strings.TrimRight(line, "\r\n"))
	if err != nil {
		fmt.Fprintln(stderr, "wegwijzer hash-password:", err)
		return 1
	}
	fmt.Fprintln(stdout, h)
	return 0
}
