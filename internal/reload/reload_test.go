package reload

import (
	"bytes"
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/metrics"
	"github.com/wegwijzer/wegwijzer/internal/metrics/metricstest"
	"github.com/wegwijzer/wegwijzer/internal/redistest"
)

// counting is a Func that counts its calls and reports errs.
type counting struct {
	n    atomic.Int32
	errs []string
}

func (c *counting) load(context.Context) Result {
	c.n.Add(1)
	return Result{Errors: c.errs, Warnings: 2}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestPressReachesTheOthers: the button on one instance reloads it and
// every other instance on the Redis, each once; the board shows them
// all, newest first, to every instance.
func TestPressReachesTheOthers(t *testing.T) {
	client := redistest.Client(t)
	var logs syncBuffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	loads := map[string]*counting{}
	rs := map[string]*Reloader{}
	for _, name := range []string{"a", "b", "c"} {
		loads[name] = &counting{}
		rs[name] = New(Options{Instance: name, Source: "/srv/inhoud", Load: loads[name].load, Log: log,
			Bus: NewRedisBus(client, "wz:reload"), Board: NewRedisBoard(client, "wz:reload:last")})
		if err := rs[name].Follow(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	done, err := rs["a"].Press(t.Context(), "anna")
	if err != nil {
		t.Fatal(err)
	}
	if o := <-done; !o.OK() || o.Trigger != Button || o.Staff != "anna" || o.Instance != "a" || o.Warnings != 2 || o.Source != "/srv/inhoud" {
		t.Errorf("a's outcome: %+v", o)
	}
	waitFor(t, "b and c to reload", func() bool { return loads["b"].n.Load() == 1 && loads["c"].n.Load() == 1 })
	waitFor(t, "every outcome on the board", func() bool {
		outs, err := rs["c"].Outcomes(t.Context())
		return err == nil && len(outs) == 3
	})
	outs, _ := rs["b"].Outcomes(t.Context())
	for _, o := range outs {
		want := Request{Trigger: Peer, Staff: "anna", From: "a"}
		if o.Instance == "a" {
			want = Request{Trigger: Button, Staff: "anna"}
		}
		if o.Request != want || !o.OK() {
			t.Errorf("%s: %+v, want %+v", o.Instance, o.Request, want)
		}
	}
	if n := loads["a"].n.Load(); n != 1 {
		t.Errorf("a reloaded %d times; its own message must not reload it again", n)
	}
	if last := rs["b"].Last(); last == nil || last.From != "a" {
		t.Errorf("b's last outcome: %+v", last)
	}
	if !strings.Contains(logs.String(), `"msg":"content reloaded","trigger":"peer"`) {
		t.Errorf("the reloads are not logged:\n%s", logs.String())
	}
}

// TestFailedReloadIsKept: a reload with errors is logged with every
// error and kept with the first MaxErrors of them.
func TestFailedReloadIsKept(t *testing.T) {
	var logs syncBuffer
	load := &counting{}
	for i := range MaxErrors + 3 {
		load.errs = append(load.errs, "flow.yaml: question "+string(rune('a'+i%26))+": broken")
	}
	r := New(Options{Instance: "a", Load: load.load, Log: slog.New(slog.NewJSONHandler(&logs, nil))})
	o := r.Reload(t.Context(), Request{Trigger: Signal})
	if o.OK() || o.ErrorCount != MaxErrors+3 || len(o.Errors) != MaxErrors {
		t.Errorf("outcome: ok %v, %d errors, %d kept", o.OK(), o.ErrorCount, len(o.Errors))
	}
	if n := strings.Count(logs.String(), `"msg":"content reload: problem"`); n != MaxErrors+3 {
		t.Errorf("%d errors logged, want all %d", n, MaxErrors+3)
	}
	if !strings.Contains(logs.String(), `"msg":"content reload failed: the running content stays","trigger":"signal"`) {
		t.Errorf("the failure is not logged:\n%s", logs.String())
	}
	outs, err := r.Outcomes(t.Context())
	if err != nil || len(outs) != 1 || outs[0].ErrorCount != MaxErrors+3 {
		t.Errorf("board: %+v %v", outs, err)
	}
	// Alone (no bus), the button reloads this process only.
	done, err := r.Press(t.Context(), "anna")
	if err != nil || (<-done).Trigger != Button || load.n.Load() != 2 {
		t.Errorf("press without a bus: %v, %d loads", err, load.n.Load())
	}
}

// TestRedisBoardDropsOld: an instance gone for more than a week drops
// off the board.
func TestRedisBoardDropsOld(t *testing.T) {
	client := redistest.Client(t)
	b := NewRedisBoard(client, "wz:reload:last")
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	for _, o := range []Outcome{
		{Instance: "gone", At: now.Add(-8 * 24 * time.Hour)},
		{Instance: "old", At: now.Add(-time.Hour)},
		{Instance: "new", At: now},
	} {
		if err := b.Put(t.Context(), o); err != nil {
			t.Fatal(err)
		}
	}
	outs, err := b.List(t.Context())
	if err != nil || len(outs) != 2 || outs[0].Instance != "new" || outs[1].Instance != "old" {
		t.Errorf("board: %+v %v", outs, err)
	}
	if ttl := client.TTL(t.Context(), "wz:reload:last").Val(); ttl <= 0 || ttl > boardKeep {
		t.Errorf("board key TTL %v", ttl)
	}
}

// memoryBus hands every message to every subscriber at once.
type memoryBus struct {
	mu   sync.Mutex
	subs []func([]byte)
}

func (b *memoryBus) Publish(_ context.Context, payload []byte) error {
	b.mu.Lock()
	subs := slices.Clone(b.subs)
	b.mu.Unlock()
	for _, deliver := range subs {
		deliver(payload)
	}
	return nil
}

func (b *memoryBus) Subscribe(_ context.Context, deliver func([]byte)) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.subs = append(b.subs, deliver)
	return nil
}

// TestReloadsCounted: every reload is counted on its instance by trigger
// and result.
func TestReloadsCounted(t *testing.T) {
	bus := &memoryBus{}
	ma, mb := metrics.New("test"), metrics.New("test")
	good, bad := &counting{}, &counting{errs: []string{"flow.yaml: broken"}}
	a := New(Options{Instance: "a", Load: good.load, Bus: bus, Log: slog.New(slog.DiscardHandler), Metrics: ma})
	b := New(Options{Instance: "b", Load: good.load, Bus: bus, Log: slog.New(slog.DiscardHandler), Metrics: mb})
	for _, r := range []*Reloader{a, b} {
		if err := r.Follow(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	done, err := a.Press(t.Context(), "anna")
	if err != nil {
		t.Fatal(err)
	}
	<-done
	a.o.Load = bad.load
	a.Reload(t.Context(), Request{Trigger: Signal})

	value := func(m *metrics.Metrics, trigger, result string) float64 {
		return metricstest.Value(t, m.Gatherer(), "wegwijzer_content_reloads_total", "trigger", trigger, "result", result)
	}
	for _, c := range []struct {
		m               *metrics.Metrics
		instance        string
		trigger, result string
		want            float64
	}{
		{ma, "a", "button", "ok", 1},
		{ma, "a", "signal", "failed", 1},
		{ma, "a", "peer", "ok", 0},
		{mb, "b", "peer", "ok", 1},
		{mb, "b", "button", "ok", 0},
	} {
		if got := value(c.m, c.trigger, c.result); got != c.want {
			t.Errorf("%s: %s %s = %v, want %v", c.instance, c.trigger, c.result, got, c.want)
		}
	}
}
