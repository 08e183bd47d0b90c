package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/config"
)

// healthTimeout bounds the whole check, connecting included; it stays
// under the 3 s a container's HEALTHCHECK gives it, so the reason for a
// failure, not Docker's timeout, ends up in the health log.
var healthTimeout = 2 * time.Second

// healthcheck asks a running portal whether it serves: a GET of its
// /healthz, by default this instance's own (the port of LISTEN_ADDR on
// loopback), so a container checks itself with its own binary, without a
// shell or curl in the image. Exit status 0 on 200; 1 on anything else
// (another status, a redirect, no answer in time, a refused connection),
// with one line on stderr saying why; 2 when the URL given is unusable.
func healthcheck(args []string, stderr io.Writer) int {
	fail := func(code int, format string, a ...any) int {
		msg := strings.Join(strings.Fields(fmt.Sprintf(format, a...)), " ")
		fmt.Fprintln(stderr, "wegwijzer healthcheck:", msg)
		return code
	}
	var target string
	switch len(args) {
	case 0:
		cfg, err := config.Load(os.Getenv)
		if err != nil {
			return fail(1, "%v", err)
		}
		if target, err = healthURL(cfg.ListenAddr); err != nil {
			return fail(1, "LISTEN_ADDR %q: %v", cfg.ListenAddr, err)
		}
	case 1:
		u, err := url.Parse(args[0])
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fail(2, "want an http(s) URL such as http://127.0.0.1:8080/healthz, got %q", args[0])
		}
		if u.Path == "" {
			u.Path = "/healthz"
		}
		target = u.String()
	default:
		return fail(2, "want at most one URL, got %d arguments", len(args))
	}

	client := &http.Client{
		Timeout: healthTimeout,
		// Never through an HTTP_PROXY from the environment: the check is
		// about this instance, and /healthz answers 200 itself, so a
		// redirect is a wrong answer, not one to follow.
		Transport:     &http.Transport{Proxy: nil, DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Get(target)
	if err != nil {
		return fail(1, "%v", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
	if resp.StatusCode != http.StatusOK {
		return fail(1, "GET %s: %s", target, resp.Status)
	}
	return 0
}

// healthURL is the /healthz URL of a server listening on addr (host:port,
// as LISTEN_ADDR): a server listening on every address (no host, 0.0.0.0
// or ::) is asked on loopback.
func healthURL(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", err
	}
	if port == "" {
		return "", fmt.Errorf("no port")
	}
	switch host {
	case "", "0.0.0.0", "::":
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz", nil
}
