package contact

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/metrics"
	"github.com/wegwijzer/wegwijzer/internal/metrics/metricstest"
	"github.com/wegwijzer/wegwijzer/internal/redistest"
)

// TestDeliveryMetrics: a request refused once and then delivered through
// the stream is counted as waiting, refused, delivered after a retry,
// with its lag; Redis going away is counted as errors.
func TestDeliveryMetrics(t *testing.T) {
	client := redistest.Client(t)
	s := NewStream(client, "wz:cr", time.Hour)
	m := metrics.New("test")
	g := m.Gatherer()
	value := func(name string) float64 { return metricstest.Value(t, g, name) }
	flaky := &flakySink{fail: 1}
	sink := &recordSink{}
	opts := fastDelivery("one")
	opts.Metrics = m
	// The refused request waits 400 ms, over several looks at the backlog
	// (every StaleAfter/6).
	opts.Base, opts.MaxDelay, opts.StaleAfter = 400*time.Millisecond, 400*time.Millisecond, 600*time.Millisecond
	d := NewDelivery(s, slog.New(slog.DiscardHandler), []Sink{flaky, sink}, opts)
	stop := startDelivery(t, d)
	ctx := context.Background()
	waitUntil(t, "the group exists", func() bool { _, err := s.Backlog(ctx, ""); return err == nil })

	if _, err := s.Add(ctx, Request{Ref: "WZ-METR-0001"}); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "a refusal counted", func() bool { return value("wegwijzer_contact_delivery_failures_total") == 1 })
	waitUntil(t, "the request counted as waiting", func() bool {
		return value("wegwijzer_contact_requests_waiting") == 1 && value("wegwijzer_contact_oldest_waiting_seconds") > 0
	})
	waitUntil(t, "the request delivered", func() bool { return len(sink.got()) == 1 })
	waitUntil(t, "the delivery counted", func() bool { return value("wegwijzer_contact_requests_delivered_total") == 1 })
	if got := value("wegwijzer_contact_requests_redelivered_total"); got != 1 {
		t.Errorf("redelivered %v, want 1 (delivered at the second attempt)", got)
	}
	if got := value("wegwijzer_contact_delivery_lag_seconds"); got != 1 {
		t.Errorf("%v lags observed, want 1", got)
	}
	waitUntil(t, "nothing counted as waiting", func() bool {
		return value("wegwijzer_contact_requests_waiting") == 0 && value("wegwijzer_contact_oldest_waiting_seconds") == 0
	})

	if got := metricstest.Value(t, g, "wegwijzer_redis_errors_total", "store", "contact"); got != 0 {
		t.Errorf("%v redis errors while it answers", got)
	}
	stop()
	_ = client.Close() // Redis goes away for this delivery
	d = NewDelivery(s, slog.New(slog.DiscardHandler), nil, opts)
	startDelivery(t, d)
	waitUntil(t, "a redis error counted", func() bool {
		return metricstest.Value(t, g, "wegwijzer_redis_errors_total", "store", "contact") > 0
	})
}

// TestDispatcherMetrics: without Redis, the dispatcher counts refusals,
// and deliveries with their lag and whether they took more than one
// attempt.
func TestDispatcherMetrics(t *testing.T) {
	m := metrics.New("test")
	g := m.Gatherer()
	value := func(name string) float64 { return metricstest.Value(t, g, name) }
	d := NewDispatcher(slog.New(slog.DiscardHandler), []Sink{&flakySink{fail: 2}, &recordSink{}},
		WithRetry(3, time.Millisecond), WithMetrics(m))
	d.Enqueue(Request{Ref: "WZ-DISP-0001", CreatedAt: time.Now()})
	d.Enqueue(Request{Ref: "WZ-DISP-0002", CreatedAt: time.Now()})
	if err := d.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]float64{
		"wegwijzer_contact_delivery_failures_total":    2,
		"wegwijzer_contact_requests_delivered_total":   2,
		"wegwijzer_contact_requests_redelivered_total": 1,
		"wegwijzer_contact_delivery_lag_seconds":       2,
	} {
		if got := value(name); got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
}
