package main

import (
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/wegwijzer/wegwijzer/internal/metrics"
	"github.com/wegwijzer/wegwijzer/internal/testproc"
)

// scrape reads url as Prometheus does: the text exposition format.
func scrape(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", url, res.StatusCode)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("GET %s: Content-Type %q, want the text exposition format", url, ct)
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	mfs, err := p.TextToMetricFamilies(res.Body)
	if err != nil {
		t.Fatalf("GET %s: not the text exposition format: %v", url, err)
	}
	return mfs
}

// TestStartMetrics: the listener on loopback serves the metrics at
// /metrics in the text format, and nothing else.
func TestStartMetrics(t *testing.T) {
	var logs strings.Builder
	m := metrics.New("v-test")
	m.ContactAccepted()
	stop, err := startMetrics("127.0.0.1:0", m.Handler(), slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	_, rest, ok := strings.Cut(logs.String(), "addr=")
	if !ok {
		t.Fatalf("no address logged: %s", logs.String())
	}
	addr := strings.Fields(rest)[0]

	mfs := scrape(t, "http://"+addr+"/metrics")
	if mf := mfs["wegwijzer_contact_requests_accepted_total"]; mf == nil || mf.GetType() != dto.MetricType_COUNTER || mf.Metric[0].Counter.GetValue() != 1 {
		t.Errorf("accepted contact requests: %v", mf)
	}
	for _, name := range []string{"go_goroutines", "process_resident_memory_bytes", "wegwijzer_build_info"} {
		if mfs[name] == nil {
			t.Errorf("no %s", name)
		}
	}
	for _, path := range []string{"/", "/debug/pprof/", "/nl/"} {
		res, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, res.StatusCode)
		}
	}
	if _, err := startMetrics(addr, m.Handler(), slog.New(slog.DiscardHandler)); err == nil || !strings.Contains(err.Error(), "METRICS_ADDR") {
		t.Errorf("second listener on %s: %v, want an error naming METRICS_ADDR", addr, err)
	}
}

// TestServeMetrics runs the portal as a process with METRICS_ADDR: its
// metrics count what it does, on their own listener only.
func TestServeMetrics(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the portal: skipped with -short")
	}
	bin := testproc.Build(t, t.TempDir(), "github.com/wegwijzer/wegwijzer/cmd/wegwijzer")
	logPath := filepath.Join(t.TempDir(), "portal.log")
	metricsAddr := testproc.FreeAddr(t)
	p := &testproc.Process{Name: "portal", Bin: bin, Args: []string{"serve"}, Addr: testproc.FreeAddr(t), LogPath: logPath,
		Env: []string{"CONTENT_DIR=", "REDIS_URL=", "LOG_FORMAT=json", "ASSETS_DIR=", "DEBUG_ADDR=", "METRICS_ADDR=" + metricsAddr}}
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Stop)

	get := func(url string) int {
		t.Helper()
		res, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode
	}
	if code := get(p.URL() + "/nl/vraag/who"); code != http.StatusOK {
		t.Fatalf("question page: %d", code)
	}
	if code := get(p.URL() + "/metrics"); code != http.StatusNotFound {
		t.Errorf("the public listener answers /metrics: %d, want 404", code)
	}
	if err := syscall.Kill(p.PID(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}

	count := func(mfs map[string]*dto.MetricFamily, name string, labels map[string]string) float64 {
		for _, m := range mfs[name].GetMetric() {
			match := true
			for _, l := range m.GetLabel() {
				if want, ok := labels[l.GetName()]; ok && want != l.GetValue() {
					match = false
				}
			}
			if match && m.Histogram != nil {
				return float64(m.Histogram.GetSampleCount())
			}
			if match && m.Counter != nil {
				return m.Counter.GetValue()
			}
		}
		return 0
	}
	var mfs map[string]*dto.MetricFamily
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		mfs = scrape(t, "http://"+metricsAddr+"/metrics")
		if count(mfs, "wegwijzer_content_reloads_total", map[string]string{"trigger": "signal", "result": "ok"}) == 1 {
			break
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(logPath)
			t.Fatalf("the reload is not counted; log:\n%s", b)
		}
	}
	if n := count(mfs, "wegwijzer_http_request_duration_seconds", map[string]string{"route": "/:lang/vraag/:qid", "code": "200"}); n != 1 {
		t.Errorf("%v question pages timed, want 1", n)
	}
	if n := count(mfs, "wegwijzer_http_request_duration_seconds", map[string]string{"route": "other", "code": "404"}); n != 1 {
		t.Errorf("%v unknown paths timed, want 1 (/metrics on the public listener)", n)
	}
	if mfs["wegwijzer_degraded"] == nil || mfs["process_cpu_seconds_total"] == nil {
		t.Errorf("no wegwijzer_degraded or process metrics")
	}
}
