package contact

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// recordSink remembers the refs it was given, optionally after a delay.
type recordSink struct {
	delay time.Duration
	mu    sync.Mutex
	refs  []string
}

func (*recordSink) Name() string { return "record" }

func (s *recordSink) Deliver(ctx context.Context, r Request) error {
	time.Sleep(s.delay)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refs = append(s.refs, r.Ref)
	return nil
}

func (s *recordSink) got() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.refs...)
}

// flakySink fails its first n deliveries.
type flakySink struct {
	mu    sync.Mutex
	fail  int
	calls int
}

func (*flakySink) Name() string { return "flaky" }

func (s *flakySink) Deliver(context.Context, Request) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.calls <= s.fail {
		return errors.New("unavailable")
	}
	return nil
}

// blockSink signals each start and then waits for release or cancellation.
type blockSink struct {
	started chan string
	release chan struct{}
}

func (*blockSink) Name() string { return "block" }

func (s *blockSink) Deliver(ctx context.Context, r Request) error {
	s.started <- r.Ref
	select {
	case <-s.release:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func newBlockSink() *blockSink {
	return &blockSink{started: make(chan string, 100), release: make(chan struct{})}
}

func testLogger() (*slog.Logger, *syncBuffer) {
	var buf syncBuffer
	return slog.New(slog.NewJSONHandler(&buf, nil)), &buf
}

func TestDispatcherDrainsOnClose(t *testing.T) {
	log, _ := testLogger()
	a, b := &recordSink{delay: 5 * time.Millisecond}, &recordSink{}
	d := NewDispatcher(log, []Sink{a, b})
	var want []string
	for i := range 10 {
		ref := fmt.Sprintf("WZ-AAAA-%04d", i)
		want = append(want, ref)
		if !d.Enqueue(Request{Ref: ref}) {
			t.Fatalf("Enqueue %s refused", ref)
		}
	}
	if err := d.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
	for name, s := range map[string]*recordSink{"a": a, "b": b} {
		if got := s.got(); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("sink %s got %v; want %v", name, got, want)
		}
	}
	if d.Enqueue(Request{Ref: "WZ-LATE-0000"}) {
		t.Error("Enqueue after Close accepted")
	}
	if err := d.Close(context.Background()); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestDispatcherRetries(t *testing.T) {
	tests := []struct {
		name      string
		fail      int
		attempts  int
		wantCalls int
		wantLog   string
	}{
		{"succeeds on third attempt", 2, 5, 3, "will retry"},
		{"gives up", 100, 3, 3, "gave up after 3 attempts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, buf := testLogger()
			flaky, after := &flakySink{fail: tt.fail}, &recordSink{}
			d := NewDispatcher(log, []Sink{flaky, after}, WithRetry(tt.attempts, time.Millisecond))
			d.Enqueue(Request{Ref: "WZ-7K3M-Q9PD"})
			if err := d.Close(context.Background()); err != nil {
				t.Fatal(err)
			}
			if flaky.calls != tt.wantCalls {
				t.Errorf("calls = %d; want %d", flaky.calls, tt.wantCalls)
			}
			if got := after.got(); len(got) != 1 {
				t.Errorf("next sink got %v; want the request despite the failing one", got)
			}
			if !strings.Contains(buf.String(), tt.wantLog) || !strings.Contains(buf.String(), "WZ-7K3M-Q9PD") {
				t.Errorf("log lacks %q with the ref:\n%s", tt.wantLog, buf.String())
			}
		})
	}
}

func TestDispatcherQueueFull(t *testing.T) {
	log, buf := testLogger()
	sink := newBlockSink()
	d := NewDispatcher(log, []Sink{sink}, WithQueueSize(1))

	first := sample("WZ-AAAA-AAAA")
	d.Enqueue(first)
	<-sink.started // the worker holds the first; the queue is empty
	if !d.Enqueue(sample("WZ-BBBB-BBBB")) {
		t.Fatal("second Enqueue refused; the queue had room")
	}

	done := make(chan bool)
	go func() { done <- d.Enqueue(sample("WZ-CCCC-CCCC")) }()
	select {
	case ok := <-done:
		if ok {
			t.Fatal("Enqueue on a full queue accepted")
		}
	case <-time.After(time.Second):
		t.Fatal("Enqueue blocked on a full queue")
	}
	out := buf.String()
	if !strings.Contains(out, "queue full") || !strings.Contains(out, "WZ-CCCC-CCCC") {
		t.Errorf("log lacks the full-queue error with the ref:\n%s", out)
	}
	for _, v := range personal {
		if strings.Contains(out, v) {
			t.Errorf("log contains personal data %q", v)
		}
	}

	close(sink.release)
	if err := d.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestDispatcherCloseRespectsContext(t *testing.T) {
	log, buf := testLogger()
	sink := newBlockSink() // never released: only cancellation ends it
	d := NewDispatcher(log, []Sink{sink})
	d.Enqueue(Request{Ref: "WZ-AAAA-AAAA"})
	<-sink.started
	d.Enqueue(Request{Ref: "WZ-BBBB-BBBB"})

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := d.Close(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Close = %v; want DeadlineExceeded", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Fatalf("Close took %v after its deadline", time.Since(start))
	}
	out := buf.String()
	for _, ref := range []string{"WZ-AAAA-AAAA", "WZ-BBBB-BBBB"} {
		if !strings.Contains(out, ref) {
			t.Errorf("undelivered %s not logged:\n%s", ref, out)
		}
	}
}

func TestDispatcherBackoffCancelled(t *testing.T) {
	log, _ := testLogger()
	flaky := &flakySink{fail: 100}
	d := NewDispatcher(log, []Sink{flaky}, WithRetry(5, time.Hour))
	d.Enqueue(Request{Ref: "WZ-AAAA-AAAA"})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := d.Close(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Close = %v; want DeadlineExceeded while waiting out a backoff", err)
	}
	if flaky.calls != 1 {
		t.Fatalf("calls = %d; want 1 (backoff interrupted)", flaky.calls)
	}
}
