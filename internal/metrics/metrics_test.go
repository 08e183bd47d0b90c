package metrics

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil/promlint"
	"go.yaml.in/yaml/v3"

	"github.com/wegwijzer/wegwijzer/internal/metrics/metricstest"
)

// exercise calls every method once, so every family has a series.
func exercise(m *Metrics) {
	m.Request("GET", "/:lang/vraag/:qid", 200, 3*time.Millisecond)
	m.RedisError(Sessions)
	m.SessionSaved(nil)
	m.SessionSaved(errors.New("down"))
	m.ContactAccepted()
	m.ContactDelivered(2*time.Second, 2)
	m.ContactDeliveryFailed()
	m.ContactBacklog(1, time.Minute)
	m.ChatMessage("understood")
	m.ContentReload("signal", true)
	m.storeAnswered(false, time.Now().Add(-time.Second))
	m.storeAnswered(true, time.Now())
}

// TestLint: the metrics follow Prometheus's naming conventions, as
// promlint reads them (units, _total on counters, help texts).
func TestLint(t *testing.T) {
	m := New("test")
	exercise(m)
	mfs, err := m.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, mf := range mfs {
		names = append(names, mf.GetName())
	}
	for _, want := range []string{"go_goroutines", "process_cpu_seconds_total", "wegwijzer_build_info",
		"wegwijzer_http_request_duration_seconds", "wegwijzer_content_reloads_total"} {
		if !slices.Contains(names, want) {
			t.Errorf("no %s among %v", want, names)
		}
	}
	problems, err := promlint.NewWithMetricFamilies(mfs).Lint()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("promlint: %s: %s", p.Metric, p.Text)
	}
}

// TestNil: a nil *Metrics takes every call and does nothing.
func TestNil(t *testing.T) {
	var m *Metrics
	exercise(m)
	m.WatchStore(context.Background(), time.Millisecond, func(context.Context) error { return nil })
}

func TestHandler(t *testing.T) {
	m := New("v1.2.3")
	m.ContactAccepted()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	res, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("Content-Type %q, want the text exposition format", ct)
	}
	for _, want := range []string{
		"wegwijzer_contact_requests_accepted_total 1\n",
		`wegwijzer_build_info{version="v1.2.3"} 1`,
		`wegwijzer_chat_messages_total{outcome="not_understood"} 0`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("no %q in\n%.3000s", want, body)
		}
	}
}

func TestCounters(t *testing.T) {
	m := New("test")
	g := m.Gatherer()
	m.ContactDelivered(time.Second, 1)
	m.ContactDelivered(-time.Second, 3) // a clock that went back counts as no lag
	m.SessionSaved(errors.New("down"))
	m.ChatMessage("") // refused: not counted
	m.ChatMessage("urgent")
	m.ContentReload("peer", false)
	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"wegwijzer_contact_requests_delivered_total", nil, 2},
		{"wegwijzer_contact_requests_redelivered_total", nil, 1},
		{"wegwijzer_contact_delivery_lag_seconds", nil, 2},
		{"wegwijzer_session_save_failures_total", nil, 1},
		{"wegwijzer_sessions_saved_total", nil, 0},
		{"wegwijzer_redis_errors_total", []string{"store", "sessions"}, 1},
		{"wegwijzer_chat_messages_total", []string{"outcome", "urgent"}, 1},
		{"wegwijzer_chat_messages_total", []string{"outcome", "understood"}, 0},
		{"wegwijzer_content_reloads_total", []string{"trigger", "peer", "result", "failed"}, 1},
	} {
		if got := metricstest.Value(t, g, c.name, c.labels...); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if n := len(metricstest.Series(t, g, "wegwijzer_chat_messages_total")); n != 3 {
		t.Errorf("%d chat outcomes, want 3 (none for a refused message)", n)
	}
}

// TestWatchStore: degraded while the store does not answer, with the
// seconds it lasted, and back to 0 when it answers again.
func TestWatchStore(t *testing.T) {
	m := New("test")
	degraded := func() float64 { return metricstest.Value(t, m.Gatherer(), "wegwijzer_degraded") }
	var down atomic.Bool
	var looks atomic.Int64
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		m.WatchStore(ctx, 5*time.Millisecond, func(context.Context) error {
			looks.Add(1)
			if down.Load() {
				return errors.New("connection refused")
			}
			return nil
		})
	}()
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting until %s", what)
			}
		}
	}
	waitFor("the store is asked", func() bool { return looks.Load() >= 2 })
	if got := degraded(); got != 0 {
		t.Errorf("degraded %v while the store answers", got)
	}
	down.Store(true)
	began := time.Now()
	waitFor("degraded", func() bool { return degraded() == 1 })
	n := looks.Load()
	waitFor("more looks", func() bool { return looks.Load() >= n+3 })
	down.Store(false)
	waitFor("no longer degraded", func() bool { return degraded() == 0 })
	lasted := time.Since(began)
	cancel()
	<-done
	secs := metricstest.Value(t, m.Gatherer(), "wegwijzer_degraded_seconds_total")
	if secs <= 0 || secs > lasted.Seconds() {
		t.Errorf("degraded for %vs, want more than 0, at most %v", secs, lasted.Seconds())
	}
}

// TestAlertRules: the example rules parse as Prometheus rule groups,
// hold the alerts the README promises, and name only metrics that exist.
func TestAlertRules(t *testing.T) {
	raw, err := os.ReadFile("alerts.yml")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Groups []struct {
			Name  string `yaml:"name"`
			Rules []struct {
				Alert       string            `yaml:"alert"`
				Expr        string            `yaml:"expr"`
				For         string            `yaml:"for"`
				Labels      map[string]string `yaml:"labels"`
				Annotations map[string]string `yaml:"annotations"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	dec := yaml.NewDecoder(strings.NewReader(string(raw)))
	dec.KnownFields(true)
	if err := dec.Decode(&file); err != nil {
		t.Fatalf("alerts.yml: %v", err)
	}
	if len(file.Groups) == 0 {
		t.Fatal("alerts.yml: no rule groups")
	}

	m := New("test")
	exercise(m)
	mfs, err := m.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, mf := range mfs {
		known[mf.GetName()] = true
	}
	name := regexp.MustCompile(`\bwegwijzer_[a-zA-Z0-9_]+`)
	var exprs []string
	for _, g := range file.Groups {
		if g.Name == "" || len(g.Rules) == 0 {
			t.Errorf("group %q: want a name and rules", g.Name)
		}
		for _, r := range g.Rules {
			if r.Alert == "" || r.Expr == "" || r.Annotations["summary"] == "" {
				t.Errorf("rule %q: want alert, expr and a summary", r.Alert)
			}
			if d, err := time.ParseDuration(r.For); err != nil || d <= 0 {
				t.Errorf("%s: for %q is not a duration", r.Alert, r.For)
			}
			used := name.FindAllString(r.Expr, -1)
			if len(used) == 0 {
				t.Errorf("%s: names no wegwijzer metric: %s", r.Alert, r.Expr)
			}
			for _, u := range used {
				if !known[u] && !known[histogramOf(u)] {
					t.Errorf("%s: no metric %s in the registry", r.Alert, u)
				}
			}
			exprs = append(exprs, r.Expr)
		}
	}
	for what, metric := range map[string]string{
		"contact delivery lag": "wegwijzer_contact_oldest_waiting_seconds",
		"Redis down":           "wegwijzer_degraded",
	} {
		if !slices.ContainsFunc(exprs, func(e string) bool { return slices.Contains(name.FindAllString(e, -1), metric) }) {
			t.Errorf("no alert on %s (%s)", what, metric)
		}
	}
}

// histogramOf is the histogram a series of it belongs to.
func histogramOf(series string) string {
	for _, suffix := range []string{"_bucket", "_sum", "_count"} {
		if h, ok := strings.CutSuffix(series, suffix); ok {
			return h
		}
	}
	return series
}
