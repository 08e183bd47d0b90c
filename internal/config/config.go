// Package config loads the server's settings from environment variables.
// Every setting has a default, so the portal runs with none set; a bad
// value stops the start with a message that names the variable.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/redisconn"
)

// Config holds every setting. The README's configuration table lists the
// same variables; keep the two together.
type Config struct {
	ListenAddr string        // LISTEN_ADDR
	RedisURL   string        // REDIS_URL; empty keeps sessions in memory
	ContentDir string        // CONTENT_DIR; empty uses the embedded demo
	AssetsDir  string        // ASSETS_DIR; optional templates/ and static/ overrides
	BaseURL    string        // BASE_URL, e.g. https://wegwijzer.example.org
	SessionTTL time.Duration // SESSION_TTL
	LogLevel   slog.Level    // LOG_LEVEL: debug, info, warn, error
	LogFormat  string        // LOG_FORMAT: json or text
	// TrustedProxies are the addresses or CIDR ranges of reverse proxies
	// whose X-Forwarded-For and X-Forwarded-Proto headers are believed.
	TrustedProxies []string // TRUSTED_PROXIES, comma separated

	ContactRetention  time.Duration // CONTACT_RETENTION
	ContactWebhookURL string        // CONTACT_WEBHOOK_URL
	ContactWebhookKey string        // CONTACT_WEBHOOK_SECRET, signs the webhook body
	ShutdownTimeout   time.Duration // SHUTDOWN_TIMEOUT
	// ResumeCodeTTL is how long a resume code, read out to someone else,
	// opens the results it was made for.
	ResumeCodeTTL time.Duration // RESUME_CODE_TTL

	// StaffAccountsFile is an htpasswd-style file (name:bcrypt) of the
	// staff who may sign in to the desk view and the inbox.
	StaffAccountsFile string // STAFF_ACCOUNTS_FILE
	// StaffHeader names a header set by the municipality's reverse proxy
	// to the signed-in staff member's name; believed only from
	// TRUSTED_PROXIES.
	StaffHeader string // STAFF_HEADER
	// StaffIdle signs staff out after this long without a request.
	StaffIdle time.Duration // STAFF_IDLE_TIMEOUT
	// DeskIdle wipes a resident's answers at the desk after this long
	// without a request, so the next resident sees nothing of them.
	DeskIdle time.Duration // DESK_IDLE_TIMEOUT
	// ChatPerMinute is how many chat messages one address may send a
	// minute (page and API together); signed-in staff are not counted.
	// Load runs raise it.
	ChatPerMinute int // CHAT_LIMIT_PER_MINUTE
	// ContactPerSession and ContactPerAddress are how many contact
	// requests one session and one address may send an hour; staff at a
	// desk are not counted.
	ContactPerSession int // CONTACT_LIMIT_PER_SESSION
	ContactPerAddress int // CONTACT_LIMIT_PER_ADDRESS
	// WrongCodeBudget is how many wrong resume and hand-over codes all
	// addresses together may type in an hour before a warning is logged
	// that codes are perhaps being guessed from many addresses, which the
	// limit per address does not stop. Nobody is refused over it.
	WrongCodeBudget int // WRONG_CODE_BUDGET_PER_HOUR
	// CSRFSecret signs the forms' tokens; every instance needs the same.
	CSRFSecret string // CSRF_SECRET
	// DebugAddr is where Go's profiler (net/http/pprof) is served, on a
	// listener of its own; empty: off. Profiles show the program's
	// insides, so keep it on loopback or a private network.
	DebugAddr string // DEBUG_ADDR, e.g. 127.0.0.1:6060
	// MetricsAddr is where Prometheus metrics (/metrics) are served, on
	// a listener of its own; empty: off, and nothing is measured.
	MetricsAddr string // METRICS_ADDR, e.g. 127.0.0.1:9100
}

// StaffEnabled reports whether any way for staff to sign in is set up.
func (c *Config) StaffEnabled() bool { return c.StaffAccountsFile != "" || c.StaffHeader != "" }

// Load reads the configuration from the environment through getenv
// (os.Getenv in production, a map in tests).
func Load(getenv func(string) string) (*Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	c := &Config{
		ListenAddr:        str(getenv, "LISTEN_ADDR", ":8080"),
		RedisURL:          str(getenv, "REDIS_URL", ""),
		ContentDir:        str(getenv, "CONTENT_DIR", ""),
		AssetsDir:         str(getenv, "ASSETS_DIR", ""),
		BaseURL:           strings.TrimRight(str(getenv, "BASE_URL", ""), "/"),
		LogFormat:         str(getenv, "LOG_FORMAT", "json"),
		ContactWebhookURL: str(getenv, "CONTACT_WEBHOOK_URL", ""),
		ContactWebhookKey: str(getenv, "CONTACT_WEBHOOK_SECRET", ""),
		StaffAccountsFile: str(getenv, "STAFF_ACCOUNTS_FILE", ""),
		StaffHeader:       str(getenv, "STAFF_HEADER", ""),
		CSRFSecret:        str(getenv, "CSRF_SECRET", ""),
		DebugAddr:         str(getenv, "DEBUG_ADDR", ""),
		MetricsAddr:       str(getenv, "METRICS_ADDR", ""),
	}
	var errs []error
	c.SessionTTL = duration(getenv, "SESSION_TTL", 30*time.Minute, &errs)
	c.ContactRetention = duration(getenv, "CONTACT_RETENTION", 90*24*time.Hour, &errs)
	c.ShutdownTimeout = duration(getenv, "SHUTDOWN_TIMEOUT", 15*time.Second, &errs)
	c.ResumeCodeTTL = duration(getenv, "RESUME_CODE_TTL", 7*24*time.Hour, &errs)
	c.StaffIdle = duration(getenv, "STAFF_IDLE_TIMEOUT", 15*time.Minute, &errs)
	c.DeskIdle = duration(getenv, "DESK_IDLE_TIMEOUT", 3*time.Minute, &errs)
	c.ChatPerMinute = count(getenv, "CHAT_LIMIT_PER_MINUTE", 30, &errs)
	c.ContactPerSession = count(getenv, "CONTACT_LIMIT_PER_SESSION", 3, &errs)
	c.ContactPerAddress = count(getenv, "CONTACT_LIMIT_PER_ADDRESS", 10, &errs)
	c.WrongCodeBudget = count(getenv, "WRONG_CODE_BUDGET_PER_HOUR", 200, &errs)
	if err := c.LogLevel.UnmarshalText([]byte(str(getenv, "LOG_LEVEL", "info"))); err != nil {
		errs = append(errs, fmt.Errorf("LOG_LEVEL: want debug, info, warn or error, got %q", getenv("LOG_LEVEL")))
	}
	for _, p := range strings.Split(getenv("TRUSTED_PROXIES"), ",") {
		if p = strings.TrimSpace(p); p != "" {
			c.TrustedProxies = append(c.TrustedProxies, p)
		}
	}
	errs = append(errs, c.Validate())
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return c, nil
}

// Validate checks rules across settings.
func (c *Config) Validate() error {
	var errs []error
	if c.SessionTTL < time.Minute || c.SessionTTL > 24*time.Hour {
		errs = append(errs, fmt.Errorf("SESSION_TTL: want between 1m and 24h, got %s", c.SessionTTL))
	}
	if c.ContactRetention < time.Hour {
		errs = append(errs, fmt.Errorf("CONTACT_RETENTION: want at least 1h, got %s", c.ContactRetention))
	}
	if c.ResumeCodeTTL < time.Hour || c.ResumeCodeTTL > 31*24*time.Hour {
		errs = append(errs, fmt.Errorf("RESUME_CODE_TTL: want between 1h and 744h (31 days), got %s", c.ResumeCodeTTL))
	}
	if c.StaffIdle < time.Minute || c.StaffIdle > 8*time.Hour {
		errs = append(errs, fmt.Errorf("STAFF_IDLE_TIMEOUT: want between 1m and 8h, got %s", c.StaffIdle))
	}
	if c.DeskIdle < 30*time.Second || c.DeskIdle > time.Hour {
		errs = append(errs, fmt.Errorf("DESK_IDLE_TIMEOUT: want between 30s and 1h, got %s", c.DeskIdle))
	}
	if c.CSRFSecret != "" && len(c.CSRFSecret) < 32 {
		errs = append(errs, fmt.Errorf("CSRF_SECRET: want at least 32 characters (e.g. openssl rand -hex 32), got %d", len(c.CSRFSecret)))
	}
	if _, err := c.ProxyPrefixes(); err != nil {
		errs = append(errs, err)
	}
	if c.StaffHeader != "" && len(c.TrustedProxies) == 0 {
		errs = append(errs, fmt.Errorf("STAFF_HEADER: set TRUSTED_PROXIES too; without it anyone could send the header %s", c.StaffHeader))
	}
	if c.BaseURL != "" {
		if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("BASE_URL: want an absolute http(s) URL, got %q", c.BaseURL))
		}
	}
	if c.RedisURL != "" {
		if _, _, err := redisconn.Parse(c.RedisURL); err != nil {
			errs = append(errs, fmt.Errorf("REDIS_URL: %w", err))
		}
	}
	if c.ContactWebhookURL != "" {
		if u, err := url.Parse(c.ContactWebhookURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("CONTACT_WEBHOOK_URL: want an absolute http(s) URL"))
		}
	}
	if c.DebugAddr != "" {
		if err := hostPort(c.DebugAddr); err != nil {
			errs = append(errs, fmt.Errorf("DEBUG_ADDR: want host:port such as 127.0.0.1:6060, got %q: %w", c.DebugAddr, err))
		} else if c.DebugAddr == c.ListenAddr {
			errs = append(errs, fmt.Errorf("DEBUG_ADDR: want an address of its own, not LISTEN_ADDR (%s): the profiler must not be public", c.ListenAddr))
		}
	}
	if c.MetricsAddr != "" {
		if err := hostPort(c.MetricsAddr); err != nil {
			errs = append(errs, fmt.Errorf("METRICS_ADDR: want host:port such as 127.0.0.1:9100, got %q: %w", c.MetricsAddr, err))
		} else if overlap(c.MetricsAddr, c.ListenAddr) {
			errs = append(errs, fmt.Errorf("METRICS_ADDR: want an address of its own, not LISTEN_ADDR (%s): metrics must not be public", c.ListenAddr))
		} else if c.MetricsAddr == c.DebugAddr {
			errs = append(errs, fmt.Errorf("METRICS_ADDR: want an address of its own, not DEBUG_ADDR (%s)", c.DebugAddr))
		}
	}
	if c.LogFormat != "json" && c.LogFormat != "text" {
		errs = append(errs, fmt.Errorf("LOG_FORMAT: want json or text, got %q", c.LogFormat))
	}
	return errors.Join(errs...)
}

// hostPort checks a listen address: an optional host, and a port
// number from 1 to 65535.
func hostPort(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("port %q is not a number from 1 to 65535", port)
	}
	return nil
}

// overlap reports whether two listen addresses would take the same port
// on some interface: the same port, and the same host or an unspecified
// one (":8080", "0.0.0.0:8080").
func overlap(a, b string) bool {
	ha, pa, erra := net.SplitHostPort(a)
	hb, pb, errb := net.SplitHostPort(b)
	if erra != nil || errb != nil {
		return a == b
	}
	any := func(h string) bool { return h == "" || h == "0.0.0.0" || h == "::" }
	return pa == pb && (ha == hb || any(ha) || any(hb))
}

// SecureCookies reports whether cookies must carry the Secure flag because
// the portal is served over TLS.
func (c *Config) SecureCookies() bool { return strings.HasPrefix(c.BaseURL, "https://") }

func str(getenv func(string) string, key, def string) string {
	if v := strings.TrimSpace(getenv(key)); v != "" {
		return v
	}
	return def
}

// count reads a whole number of at least 1.
func count(getenv func(string) string, key string, def int, errs *[]error) int {
	v := strings.TrimSpace(getenv(key))
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		*errs = append(*errs, fmt.Errorf("%s: want a whole number of at least 1, got %q", key, v))
		return def
	}
	return n
}

func duration(getenv func(string) string, key string, def time.Duration, errs *[]error) time.Duration {
	v := strings.TrimSpace(getenv(key))
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		// Also accept a plain number of seconds, a common habit.
		if n, nerr := strconv.Atoi(v); nerr == nil {
			return time.Duration(n) * time.Second
		}
		*errs = append(*errs, fmt.Errorf("%s: want a duration like 30m or 2h, got %q", key, v))
		return def
	}
	return d
}

// ProxyPrefixes returns TRUSTED_PROXIES as address ranges: a single
// address is a range of one.
func (c *Config) ProxyPrefixes() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, p := range c.TrustedProxies {
		if pre, err := netip.ParsePrefix(p); err == nil {
			out = append(out, pre.Masked())
			continue
		}
		a, err := netip.ParseAddr(p)
		if err != nil {
			return nil, fmt.Errorf("TRUSTED_PROXIES: %q is not an address or a range such as 10.0.0.0/8", p)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}
