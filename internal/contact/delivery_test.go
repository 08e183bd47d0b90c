package contact

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/redistest"
)

// fastDelivery has delays short enough for tests.
func fastDelivery(consumer string) DeliveryOptions {
	return DeliveryOptions{
		Consumer: consumer, Base: 20 * time.Millisecond, MaxDelay: 100 * time.Millisecond,
		StaleAfter: 300 * time.Millisecond, Block: 50 * time.Millisecond,
	}
}

// startDelivery runs d until the returned stop is called (or the test
// ends); stop waits for Run to return.
func startDelivery(t *testing.T, d *Delivery) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); d.Run(ctx) }()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(stop)
	return stop
}

// waitUntil polls cond for up to 10 s.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// webhook is a receiver that refuses while down and records the refs it
// accepted.
type webhook struct {
	down atomic.Bool
	mu   sync.Mutex
	refs []string
	srv  *httptest.Server
}

func newWebhook(t *testing.T) *webhook {
	w := &webhook{}
	w.srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if w.down.Load() {
			http.Error(rw, "down", http.StatusServiceUnavailable)
			return
		}
		w.mu.Lock()
		defer w.mu.Unlock()
		for _, ref := range strings.Split(string(body), `"ref":"`)[1:] {
			w.refs = append(w.refs, ref[:strings.IndexByte(ref, '"')])
		}
	}))
	t.Cleanup(w.srv.Close)
	return w
}

func (w *webhook) got() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.refs...)
}

// Two instances read one stream: every request reaches the sinks exactly
// once, its delivery is recorded, and nothing stays pending.
func TestDeliveryTwoInstancesOnce(t *testing.T) {
	s := NewStream(redistest.Client(t), "wz:cr", time.Hour)
	log, _ := testLogger()
	sink := &recordSink{}
	a := NewDelivery(s, log, []Sink{sink}, fastDelivery("a"))
	b := NewDelivery(s, log, []Sink{sink}, fastDelivery("b"))
	startDelivery(t, a)
	startDelivery(t, b)
	ctx := context.Background()
	waitUntil(t, "the group exists", func() bool {
		_, err := s.Backlog(ctx, "")
		return err == nil
	})

	var want []string
	ids := map[string]string{}
	for i := range 40 {
		ref := fmt.Sprintf("WZ-TWO%d-%04d", i%2, i)
		want = append(want, ref)
		id, err := s.Add(ctx, Request{Ref: ref})
		if err != nil {
			t.Fatal(err)
		}
		ids[ref] = id
	}
	waitUntil(t, "all delivered", func() bool { return len(sink.got()) >= len(want) })
	time.Sleep(100 * time.Millisecond) // a duplicate would arrive by now
	got := sink.got()
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("delivered %d (%v); want each of %d once", len(got), got, len(want))
	}
	if sa, sb := a.Stats(), b.Stats(); sa.Delivered+sb.Delivered != 40 || sa.Redelivered+sb.Redelivered != 0 {
		t.Errorf("stats a %+v, b %+v; want 40 delivered in all, none twice", sa, sb)
	}
	st, err := s.Delivery(ctx, ids[want[7]])
	if err != nil || st.Attempts != 1 || st.Delivered.IsZero() || st.Error != "" {
		t.Errorf("delivery state %+v, %v; want delivered at the first attempt", st, err)
	}
	if ttl := s.client.PTTL(ctx, s.deliveryKey(ids[want[7]])).Val(); ttl <= 0 || ttl > time.Hour {
		t.Errorf("delivery state lives %v; want it to expire with the request (≤ 1h)", ttl)
	}
	waitUntil(t, "nothing pending", func() bool {
		bl, err := s.Backlog(ctx, "")
		return err == nil && bl.Pending == 0 && bl.Unread == 0 && bl.Oldest.IsZero()
	})
}

// A request accepted while the webhook is down is delivered after the
// process that stored it stopped: another consumer takes it over.
func TestDeliverySurvivesRestart(t *testing.T) {
	s := NewStream(redistest.Client(t), "wz:cr", time.Hour)
	log, logs := testLogger()
	hook := newWebhook(t)
	hook.down.Store(true)
	mkSinks := func() []Sink { return []Sink{NewWebhookSink(hook.srv.URL, "k", nil)} }

	first := NewDelivery(s, log, mkSinks(), fastDelivery("first"))
	stopFirst := startDelivery(t, first)
	ctx := context.Background()
	waitUntil(t, "the group exists", func() bool { _, err := s.Backlog(ctx, ""); return err == nil })
	id, err := s.Add(ctx, Request{Ref: "WZ-DOWN-0001"})
	if err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "a refused attempt", func() bool { return first.Stats().Failures > 0 })
	stopFirst() // the process dies with the request undelivered

	bl, err := s.Backlog(ctx, "")
	if err != nil || bl.Pending != 1 || bl.Oldest.IsZero() {
		t.Fatalf("backlog %+v, %v; want the request pending", bl, err)
	}
	first.report(ctx, time.Now().Add(lagWarn+time.Minute))
	if !strings.Contains(logs.String(), "wait to be delivered") {
		t.Errorf("no warning about a request waiting past %v; logs:\n%s", lagWarn, logs)
	}
	st, _ := s.Delivery(ctx, id)
	if !strings.Contains(st.Error, "503") || !st.Delivered.IsZero() {
		t.Errorf("state after refusal %+v; want the 503 recorded and no delivery", st)
	}

	hook.down.Store(false)
	second := NewDelivery(s, log, mkSinks(), fastDelivery("second"))
	startDelivery(t, second)
	waitUntil(t, "the request delivered", func() bool { return len(hook.got()) > 0 })
	waitUntil(t, "stats", func() bool { return second.Stats().Delivered == 1 })
	if got := hook.got(); len(got) != 1 || got[0] != "WZ-DOWN-0001" {
		t.Errorf("webhook got %v; want the request once", got)
	}
	ss := second.Stats()
	if ss.Claimed != 1 || ss.Redelivered != 1 || ss.LastLag <= 0 {
		t.Errorf("stats %+v; want 1 claimed and delivered after retries, with its lag", ss)
	}
	st, _ = s.Delivery(ctx, id)
	if st.Attempts < 2 || st.Delivered.IsZero() {
		t.Errorf("state %+v; want ≥ 2 attempts and a delivery time", st)
	}
	if !strings.Contains(logs.String(), "took over") {
		t.Errorf("no log line about taking over; logs:\n%s", logs)
	}
}

// A refused request is tried again with backoff; sinks that already took
// it are not given it again.
func TestDeliveryRetriesOnlyRefusingSink(t *testing.T) {
	s := NewStream(redistest.Client(t), "wz:cr", time.Hour)
	log, _ := testLogger()
	first, flaky := &recordSink{}, &flakySink{fail: 3}
	d := NewDelivery(s, log, []Sink{first, flaky}, fastDelivery("one"))
	startDelivery(t, d)
	ctx := context.Background()
	waitUntil(t, "the group exists", func() bool { _, err := s.Backlog(ctx, ""); return err == nil })
	id, err := s.Add(ctx, Request{Ref: "WZ-FLAK-0001"})
	if err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "delivered", func() bool { return d.Stats().Delivered == 1 })
	if got := first.got(); len(got) != 1 {
		t.Errorf("first sink got %v; want the request once", got)
	}
	if st, _ := s.Delivery(ctx, id); st.Attempts != 4 || st.Delivered.IsZero() {
		t.Errorf("state %+v; want delivered at attempt 4", st)
	}
	if st := d.Stats(); st.Failures != 3 || st.Redelivered != 1 {
		t.Errorf("stats %+v; want 3 failures, 1 redelivered", st)
	}
}

// A request removed (by the retention) while it waited is dropped from
// the group instead of blocking it.
func TestDeliveryDropsRemovedEntry(t *testing.T) {
	c := redistest.Client(t)
	s := NewStream(c, "wz:cr", time.Hour)
	log, _ := testLogger()
	flaky := &flakySink{fail: 1 << 30}
	d := NewDelivery(s, log, []Sink{flaky}, fastDelivery("one"))
	startDelivery(t, d)
	ctx := context.Background()
	waitUntil(t, "the group exists", func() bool { _, err := s.Backlog(ctx, ""); return err == nil })
	id, err := s.Add(ctx, Request{Ref: "WZ-GONE-0001"})
	if err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "a refusal", func() bool { return d.Stats().Failures > 0 })
	if err := c.XDel(ctx, "wz:cr", id).Err(); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "nothing pending", func() bool {
		bl, err := s.Backlog(ctx, "")
		return err == nil && bl.Pending == 0
	})
}

// Purge removes the delivery state with the request.
func TestPurgeRemovesDeliveryState(t *testing.T) {
	c := redistest.Client(t)
	s := NewStream(c, "wz:cr", time.Hour)
	now := time.Now()
	s.now = func() time.Time { return now }
	ctx := context.Background()
	id, err := s.Add(ctx, Request{Ref: "WZ-OLD0-0001"})
	if err != nil {
		t.Fatal(err)
	}
	c.HSet(ctx, s.deliveryKey(id), dlAttempts, 1)
	now = now.Add(2 * time.Hour)
	if err := s.Purge(ctx); err != nil {
		t.Fatal(err)
	}
	if n := c.Exists(ctx, s.deliveryKey(id)).Val(); n != 0 {
		t.Error("delivery state left after purge")
	}
}
