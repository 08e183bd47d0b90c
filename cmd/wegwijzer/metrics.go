package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// metricsMux serves h (the Prometheus metrics) at /metrics and nothing
// else.
func metricsMux(h http.Handler) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", h)
	return mux
}

// startMetrics serves metricsMux on addr (METRICS_ADDR), a listener apart
// from the public one, and returns a function that closes it.
func startMetrics(addr string, h http.Handler, log *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("METRICS_ADDR: listen %s: %w", addr, err)
	}
	srv := &http.Server{Handler: metricsMux(h), ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics listener stopped", "addr", addr, "err", err)
		}
	}()
	log.Info("metrics listener: Prometheus metrics at /metrics", "addr", ln.Addr().String())
	return func() { _ = srv.Close() }, nil
}
