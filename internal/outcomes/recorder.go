package outcomes

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Recorder queues counts and writes them in the background, in batches:
// Add never waits for the store.
type Recorder struct {
	store Store
	log   *slog.Logger
	queue chan dayInc
	// dropped counts increments lost to a full queue or a failing store.
	dropped atomic.Int64
	done    chan struct{}
	once    sync.Once
}

type dayInc struct {
	day string
	inc Inc
	// flushed, when set, asks the worker to write what it has and close it.
	flushed chan struct{}
}

const (
	queueSize = 4096
	batchSize = 256
	flushWait = 250 * time.Millisecond
	writeWait = 2 * time.Second
)

// NewRecorder starts a recorder writing to store; Close stops it.
func NewRecorder(store Store, log *slog.Logger) *Recorder {
	if log == nil {
		log = slog.Default()
	}
	r := &Recorder{store: store, log: log, queue: make(chan dayInc, queueSize), done: make(chan struct{})}
	go r.run()
	return r
}

// Add queues incs for day. A nil recorder counts nothing.
func (r *Recorder) Add(day string, incs ...Inc) {
	if r == nil {
		return
	}
	for _, in := range incs {
		select {
		case r.queue <- dayInc{day: day, inc: in}:
		default:
			r.dropped.Add(1)
		}
	}
}

// Dropped is how many increments were lost.
func (r *Recorder) Dropped() int64 {
	if r == nil {
		return 0
	}
	return r.dropped.Load()
}

// Store is where the counts go, for reading them back.
func (r *Recorder) Store() Store { return r.store }

// Close writes what is queued and stops the worker.
func (r *Recorder) Close() {
	if r == nil {
		return
	}
	r.once.Do(func() {
		close(r.queue)
		<-r.done
	})
}

// Flush returns when everything queued before it is written (or its
// writing failed).
func (r *Recorder) Flush() {
	if r == nil {
		return
	}
	done := make(chan struct{})
	r.queue <- dayInc{flushed: done}
	<-done
}

func (r *Recorder) run() {
	defer close(r.done)
	batch := map[string][]Inc{}
	n := 0
	tick := time.NewTicker(flushWait)
	defer tick.Stop()
	write := func() {
		for day, incs := range batch {
			ctx, cancel := context.WithTimeout(context.Background(), writeWait)
			if err := r.store.Add(ctx, day, merge(incs)); err != nil {
				r.dropped.Add(int64(len(incs)))
				r.log.Warn("outcomes: counts not written", "day", day, "counts", len(incs), "err", err)
			}
			cancel()
		}
		clear(batch)
		n = 0
	}
	for {
		select {
		case di, ok := <-r.queue:
			if !ok {
				write()
				return
			}
			if di.flushed != nil {
				write()
				close(di.flushed)
				continue
			}
			batch[di.day] = append(batch[di.day], di.inc)
			if n++; n >= batchSize {
				write()
			}
		case <-tick.C:
			if n > 0 {
				write()
			}
		}
	}
}

// merge adds up increments of the same field.
func merge(incs []Inc) []Inc {
	sum := map[string]int64{}
	var order []string
	for _, in := range incs {
		if _, ok := sum[in.Field]; !ok {
			order = append(order, in.Field)
		}
		sum[in.Field] += in.N
	}
	out := make([]Inc, 0, len(order))
	for _, f := range order {
		if sum[f] != 0 {
			out = append(out, Inc{f, sum[f]})
		}
	}
	return out
}
