package contact

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/metrics"
)

// Defaults for NewDispatcher, changed with Options.
const (
	defaultQueueSize = 256
	defaultAttempts  = 5
	defaultBaseDelay = time.Second
	// maxDelay caps the doubling backoff between attempts.
	maxDelay = time.Minute
)

// Dispatcher hands stored requests to sinks in one background goroutine, so
// the request that created them never waits for a sink. Each sink gets a
// request with retries and exponential backoff; a request a sink still
// refuses after the last attempt is logged (by ref) and left to the store.
type Dispatcher struct {
	log       *slog.Logger
	sinks     []Sink
	attempts  int
	baseDelay time.Duration
	metrics   *metrics.Metrics

	queue  chan Request
	ctx    context.Context // cancelled when Close gives up waiting
	cancel context.CancelFunc
	done   chan struct{} // closed when the worker has stopped

	mu     sync.RWMutex // guards closed against sends on a closed queue
	closed bool
}

// Option changes a Dispatcher's defaults.
type Option func(*Dispatcher)

// WithQueueSize sets how many requests may wait for delivery (default 256).
func WithQueueSize(n int) Option {
	return func(d *Dispatcher) {
		if n > 0 {
			d.queue = make(chan Request, n)
		}
	}
}

// WithRetry sets the attempts per sink (default 5) and the delay before the
// second attempt (default 1 s), which doubles for each later one, up to a
// minute.
func WithRetry(attempts int, base time.Duration) Option {
	return func(d *Dispatcher) {
		if attempts > 0 {
			d.attempts = attempts
		}
		if base >= 0 {
			d.baseDelay = base
		}
	}
}

// WithMetrics counts deliveries, refusals and the lag in m.
func WithMetrics(m *metrics.Metrics) Option {
	return func(d *Dispatcher) { d.metrics = m }
}

// NewDispatcher starts a Dispatcher delivering to sinks in order. Stop it
// with Close. A nil log means slog.Default().
func NewDispatcher(log *slog.Logger, sinks []Sink, opts ...Option) *Dispatcher {
	if log == nil {
		log = slog.Default()
	}
	d := &Dispatcher{
		log:       log,
		sinks:     append([]Sink(nil), sinks...),
		attempts:  defaultAttempts,
		baseDelay: defaultBaseDelay,
		queue:     make(chan Request, defaultQueueSize),
		done:      make(chan struct{}),
	}
	for _, o := range opts {
		o(d)
	}
	d.ctx, d.cancel = context.WithCancel(context.Background())
	go d.run()
	return d
}

// Enqueue queues r for delivery without blocking. It reports false, and logs
// an error with the ref only, when the queue is full or the Dispatcher is
// closed; r is still in the store then.
func (d *Dispatcher) Enqueue(r Request) bool {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.closed {
		d.log.Error("contact: dispatcher closed, request not delivered", slog.String("ref", r.Ref))
		return false
	}
	select {
	case d.queue <- r:
		return true
	default:
		d.log.Error("contact: dispatch queue full, request not delivered", slog.String("ref", r.Ref))
		return false
	}
}

// Close stops accepting requests, delivers those already queued and stops
// the worker. If ctx ends first, deliveries in progress are cancelled, the
// rest of the queue is logged by ref as not delivered, and ctx's error is
// returned. Close may be called more than once.
func (d *Dispatcher) Close(ctx context.Context) error {
	d.mu.Lock()
	if !d.closed {
		d.closed = true
		close(d.queue)
	}
	d.mu.Unlock()

	select {
	case <-d.done:
		d.cancel()
		return nil
	case <-ctx.Done():
		d.cancel()
		<-d.done
		return fmt.Errorf("contact: close dispatcher: %w", ctx.Err())
	}
}

func (d *Dispatcher) run() {
	defer close(d.done)
	for r := range d.queue {
		if d.ctx.Err() != nil {
			d.log.Error("contact: dispatcher stopped, request not delivered", slog.String("ref", r.Ref))
			continue
		}
		delivered, most := true, 0 // most attempts a sink needed
		for _, s := range d.sinks {
			attempts, err := d.deliver(s, r)
			most = max(most, attempts)
			if err != nil {
				delivered = false
				d.log.Error("contact: delivery failed",
					slog.String("ref", r.Ref),
					slog.String("sink", s.Name()),
					slog.Any("error", err),
				)
			}
		}
		if delivered {
			d.metrics.ContactDelivered(time.Since(r.CreatedAt), most)
		}
	}
}

// deliver tries s until it accepts r, the attempts are used up or the
// dispatcher is cancelled, and returns the attempts made.
func (d *Dispatcher) deliver(s Sink, r Request) (int, error) {
	delay := d.baseDelay
	for attempt := 1; ; attempt++ {
		err := s.Deliver(d.ctx, r)
		if err == nil {
			return attempt, nil
		}
		d.metrics.ContactDeliveryFailed()
		if attempt >= d.attempts {
			return attempt, fmt.Errorf("gave up after %d attempts: %w", attempt, err)
		}
		d.log.Warn("contact: delivery failed, will retry",
			slog.String("ref", r.Ref),
			slog.String("sink", s.Name()),
			slog.Int("attempt", attempt),
			slog.Duration("retry_in", delay),
			slog.Any("error", err),
		)
		t := time.NewTimer(delay)
		select {
		case <-d.ctx.Done():
			t.Stop()
			return attempt, fmt.Errorf("cancelled after %d attempts: %w", attempt, err)
		case <-t.C:
		}
		delay = min(delay*2, maxDelay)
	}
}
