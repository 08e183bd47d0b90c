package main

import (
	"bytes"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// healthServer answers /healthz with status and counts the requests.
func healthServer(t *testing.T, status int) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// runHealthcheck runs `wegwijzer healthcheck args...` and returns the
// exit status and stderr, which must be empty or one line.
func runHealthcheck(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(append([]string{"healthcheck"}, args...), nil, &out, &errOut)
	if out.Len() != 0 {
		t.Errorf("stdout: %q, want nothing", out.String())
	}
	msg := errOut.String()
	if msg != "" && (strings.Count(msg, "\n") != 1 || !strings.HasSuffix(msg, "\n")) {
		t.Errorf("stderr is not one line: %q", msg)
	}
	return code, strings.TrimSpace(msg)
}

func TestHealthcheckOK(t *testing.T) {
	srv, hits := healthServer(t, http.StatusOK)
	for _, u := range []string{srv.URL + "/healthz", srv.URL} { // no path: /healthz
		if code, msg := runHealthcheck(t, u); code != 0 || msg != "" {
			t.Errorf("%s: exit %d, %q; want 0 and nothing", u, code, msg)
		}
	}
	if hits.Load() != 2 {
		t.Errorf("%d requests, want 2", hits.Load())
	}
}

func TestHealthcheckUnhealthy(t *testing.T) {
	srv, _ := healthServer(t, http.StatusServiceUnavailable)
	code, msg := runHealthcheck(t, srv.URL+"/healthz")
	if code != 1 {
		t.Errorf("503: exit %d, want 1", code)
	}
	if !strings.Contains(msg, "503 Service Unavailable") || !strings.Contains(msg, srv.URL) {
		t.Errorf("503: reason %q does not give the status and the URL", msg)
	}
}

func TestHealthcheckRedirectIsNotFollowed(t *testing.T) {
	ok, hits := healthServer(t, http.StatusOK)
	redirect := httptest.NewServer(http.RedirectHandler(ok.URL+"/healthz", http.StatusFound))
	defer redirect.Close()
	if code, msg := runHealthcheck(t, redirect.URL+"/healthz"); code != 1 || !strings.Contains(msg, "302") {
		t.Errorf("redirect: exit %d, %q; want 1 and the status", code, msg)
	}
	if hits.Load() != 0 {
		t.Error("the redirect was followed")
	}
}

func TestHealthcheckRefused(t *testing.T) {
	// A port that was free a moment ago: nothing listens on it.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	code, msg := runHealthcheck(t, "http://"+addr+"/healthz")
	if code != 1 {
		t.Errorf("refused: exit %d, want 1", code)
	}
	if !strings.Contains(msg, "refused") {
		t.Errorf("refused: reason %q", msg)
	}
}

func TestHealthcheckTimeout(t *testing.T) {
	defer func(d time.Duration) { healthTimeout = d }(healthTimeout)
	healthTimeout = 100 * time.Millisecond
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
	}))
	defer srv.Close()
	defer close(release)
	start := time.Now()
	code, msg := runHealthcheck(t, srv.URL+"/healthz")
	if code != 1 || !strings.Contains(msg, "Timeout") {
		t.Errorf("no answer: exit %d, %q; want 1 and a timeout", code, msg)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s", d)
	}
}

func TestHealthcheckBadURL(t *testing.T) {
	for _, args := range [][]string{
		{"::not a url"},
		{"127.0.0.1:8080/healthz"}, // no scheme
		{"ftp://127.0.0.1/healthz"},
		{"http:///healthz"}, // no host
		{"http://127.0.0.1:8080/healthz", "extra"},
	} {
		if code, msg := runHealthcheck(t, args...); code != 2 || msg == "" {
			t.Errorf("%q: exit %d, %q; want 2 and a reason", args, code, msg)
		}
	}
}

// Without a URL it asks the port the server listens on (LISTEN_ADDR).
func TestHealthcheckDefaultsToListenAddr(t *testing.T) {
	srv, hits := healthServer(t, http.StatusOK)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	t.Setenv("LISTEN_ADDR", ":"+port)
	if code, msg := runHealthcheck(t); code != 0 {
		t.Fatalf("exit %d: %s", code, msg)
	}
	if hits.Load() != 1 {
		t.Errorf("%d requests to the server on LISTEN_ADDR, want 1", hits.Load())
	}

	t.Setenv("LISTEN_ADDR", "8080")
	if code, msg := runHealthcheck(t); code != 1 || !strings.Contains(msg, "LISTEN_ADDR") {
		t.Errorf("LISTEN_ADDR without a port: exit %d, %q", code, msg)
	}
	t.Setenv("LISTEN_ADDR", ":"+port)
	t.Setenv("LOG_FORMAT", "xml")
	if code, msg := runHealthcheck(t); code != 1 || !strings.Contains(msg, "LOG_FORMAT") {
		t.Errorf("a configuration the server would refuse: exit %d, %q", code, msg)
	}
}

func TestHealthURL(t *testing.T) {
	for addr, want := range map[string]string{
		":8080":          "http://127.0.0.1:8080/healthz",
		"0.0.0.0:9000":   "http://127.0.0.1:9000/healthz",
		"[::]:8080":      "http://127.0.0.1:8080/healthz",
		"10.1.2.3:8080":  "http://10.1.2.3:8080/healthz",
		"localhost:8081": "http://localhost:8081/healthz",
		"[::1]:8080":     "http://[::1]:8080/healthz",
	} {
		if got, err := healthURL(addr); err != nil || got != want {
			t.Errorf("healthURL(%q) = %q, %v; want %q", addr, got, err, want)
		}
	}
	for _, addr := range []string{"8080", "", "host:"} {
		if got, err := healthURL(addr); err == nil {
			t.Errorf("healthURL(%q) = %q, want an error", addr, got)
		}
	}
}
