package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// debugMux serves Go's profiler (the pages of net/http/pprof) under
// /debug/pprof/. It is a mux of its own: http.DefaultServeMux, where the
// pprof package and any other may register handlers, is never served.
func debugMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index) // heap, goroutine, allocs, block, mutex, ...
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// startDebug serves debugMux on addr (DEBUG_ADDR), a listener apart from
// the public one, and returns a function that closes it. A profile takes
// as long as it is asked to, so the server has no write timeout.
func startDebug(addr string, log *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("DEBUG_ADDR: listen %s: %w", addr, err)
	}
	srv := &http.Server{Handler: debugMux(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("debug listener stopped", "addr", addr, "err", err)
		}
	}()
	log.Info("debug listener: Go profiler at /debug/pprof/", "addr", ln.Addr().String())
	if !loopback(addr) {
		log.Warn("DEBUG_ADDR is not a loopback address: anyone who can reach it can read the program's profiles; keep it on 127.0.0.1 or a private network", "addr", addr)
	}
	return func() { _ = srv.Close() }, nil
}

// loopback reports whether addr's host is a loopback address or name.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || host == "" {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
