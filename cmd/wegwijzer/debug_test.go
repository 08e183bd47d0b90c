package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestDebugMux(t *testing.T) {
	srv := httptest.NewServer(debugMux())
	defer srv.Close()
	for path, want := range map[string]int{
		"/debug/pprof/":             http.StatusOK,
		"/debug/pprof/heap?debug=1": http.StatusOK,
		"/debug/pprof/cmdline":      http.StatusOK,
		"/":                         http.StatusNotFound,
		"/nl/":                      http.StatusNotFound,
	} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, res.StatusCode, want)
		}
	}
}

func TestStartDebug(t *testing.T) {
	var logs strings.Builder
	stop, err := startDebug("127.0.0.1:0", slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	// The address actually taken is in the log line.
	_, rest, ok := strings.Cut(logs.String(), "addr=")
	if !ok {
		t.Fatalf("no address logged: %s", logs.String())
	}
	addr := strings.Fields(rest)[0]
	res, err := http.Get("http://" + addr + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "goroutine profile") {
		t.Errorf("goroutine profile: %d %.80q", res.StatusCode, body)
	}
	if strings.Contains(logs.String(), "not a loopback") {
		t.Errorf("warned about a loopback address: %s", logs.String())
	}

	if _, err := startDebug(addr, slog.New(slog.DiscardHandler)); err == nil || !strings.Contains(err.Error(), "DEBUG_ADDR") {
		t.Errorf("second listener on %s: %v, want an error naming DEBUG_ADDR", addr, err)
	}
}

func TestLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:6060": true, "localhost:6060": true, "[::1]:6060": true,
		":6060": false, "0.0.0.0:6060": false, "10.0.0.5:6060": false, "example.org:6060": false,
	} {
		if got := loopback(addr); got != want {
			t.Errorf("loopback(%q) = %v, want %v", addr, got, want)
		}
	}
}
