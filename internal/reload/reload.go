// Package reload puts new content in place while the portal runs: on a
// signal to one process, or when staff press the button, which every
// instance that shares the Redis hears (pub/sub). An instance reloads
// one request at a time, logs how it went, and keeps the outcome where
// staff on any instance can read it.
//
// It knows nothing of HTTP or of the content itself: the caller's Func
// loads and checks the new content and, when it is good, puts it in
// place; when it is not, the running content stays.
package reload

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/metrics"
)

// Trigger is what asked for a reload.
type Trigger string

const (
	// Signal is SIGHUP to this process; it reloads this process only.
	Signal Trigger = "signal"
	// Button is a staff member pressing the button on this instance.
	Button Trigger = "button"
	// Peer is the button pressed on another instance, heard on the bus.
	Peer Trigger = "peer"
)

// Request is one reload asked for.
type Request struct {
	Trigger Trigger `json:"trigger"`
	// Staff is who pressed the button (Button, Peer).
	Staff string `json:"staff,omitempty"`
	// From is the instance the button was pressed on (Peer).
	From string `json:"from,omitempty"`
}

// Result is what a Func reports: the errors that kept the new content
// out (none: it is in place) and how many warnings it had.
type Result struct {
	Errors   []string
	Warnings int
}

// Func loads the content again, checks it and, when it has no errors,
// puts it in place. It must leave the running content in place
// otherwise.
type Func func(ctx context.Context) Result

// MaxErrors is how many of a failed reload's errors an Outcome keeps;
// ErrorCount has them all, and the log lists every one.
const MaxErrors = 50

// Outcome is how one reload went on one instance.
type Outcome struct {
	Instance string `json:"instance"`
	Request
	// Source is the content folder read.
	Source string    `json:"source"`
	At     time.Time `json:"at"` // when it ended
	// Took is how long it took, in milliseconds.
	TookMS     int64    `json:"took_ms"`
	Errors     []string `json:"errors,omitempty"`
	ErrorCount int      `json:"error_count,omitempty"`
	Warnings   int      `json:"warnings,omitempty"`
}

// OK reports whether the new content is in place.
func (o Outcome) OK() bool { return o.ErrorCount == 0 }

// Bus carries the button from one instance to the others.
type Bus interface {
	Publish(ctx context.Context, payload []byte) error
	// Subscribe hands every message published from now on to deliver,
	// one at a time, until ctx ends. It returns once subscribed; an
	// error means not (yet): it keeps trying in the background.
	Subscribe(ctx context.Context, deliver func(payload []byte)) error
}

// Board keeps each instance's last outcome.
type Board interface {
	Put(ctx context.Context, o Outcome) error
	// List returns the outcomes kept, newest first.
	List(ctx context.Context) ([]Outcome, error)
}

// Options configure a Reloader.
type Options struct {
	// Instance names this process to staff and in the log.
	Instance string
	// Source names the content folder, for the outcome.
	Source string
	Load   Func
	// Bus tells the other instances; nil when this process is alone
	// (stores in memory).
	Bus Bus
	// Board keeps the outcomes; nil keeps them in memory.
	Board Board
	Log   *slog.Logger
	// Now is the clock of the outcomes; nil is time.Now.
	Now func() time.Time
	// Metrics counts the reloads; nil counts nothing.
	Metrics *metrics.Metrics
}

// Reloader runs the reloads of one instance, one at a time.
type Reloader struct {
	o Options
	// id tells this process's messages on the bus from the others'.
	id string

	mu      sync.Mutex // held while reloading
	running atomic.Bool
	last    atomic.Pointer[Outcome]
}

// message is what goes over the bus.
type message struct {
	ID string `json:"id"`
	Request
}

// New returns a Reloader.
func New(o Options) *Reloader {
	if o.Board == nil {
		o.Board = NewMemoryBoard()
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return &Reloader{o: o, id: hex.EncodeToString(b)}
}

// Instance is this process's name.
func (r *Reloader) Instance() string { return r.o.Instance }

// Shared reports whether the button reaches other instances.
func (r *Reloader) Shared() bool { return r.o.Bus != nil }

// Running reports whether a reload is under way on this instance.
func (r *Reloader) Running() bool { return r.running.Load() }

// Last is this instance's last outcome, nil before the first reload.
func (r *Reloader) Last() *Outcome { return r.last.Load() }

// Outcomes lists the last outcome of every instance, newest first.
func (r *Reloader) Outcomes(ctx context.Context) ([]Outcome, error) {
	return r.o.Board.List(ctx)
}

// Reload reloads this instance now, after any reload under way, and
// returns how it went. It logs the outcome and keeps it on the board.
func (r *Reloader) Reload(ctx context.Context, req Request) Outcome {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.running.Store(true)
	defer r.running.Store(false)

	began := time.Now()
	res := r.o.Load(ctx)
	o := Outcome{Instance: r.o.Instance, Request: req, Source: r.o.Source, At: r.o.Now(),
		TookMS: time.Since(began).Milliseconds(), ErrorCount: len(res.Errors), Warnings: res.Warnings}
	o.Errors = res.Errors[:min(len(res.Errors), MaxErrors)]

	attrs := []any{"trigger", string(req.Trigger), "took_ms", o.TookMS, "errors", o.ErrorCount, "warnings", o.Warnings, "source", o.Source}
	if req.Staff != "" {
		attrs = append(attrs, "user", req.Staff)
	}
	if req.From != "" {
		attrs = append(attrs, "from", req.From)
	}
	if o.OK() {
		r.o.Log.Info("content reloaded", attrs...)
	} else {
		for _, e := range res.Errors {
			r.o.Log.Error("content reload: problem", "problem", e)
		}
		r.o.Log.Error("content reload failed: the running content stays", attrs...)
	}
	r.o.Metrics.ContentReload(string(req.Trigger), o.OK())
	r.last.Store(&o)
	if err := r.o.Board.Put(context.WithoutCancel(ctx), o); err != nil {
		r.o.Log.Warn("content reload: outcome not kept for staff", "err", err)
	}
	return o
}

// Press is the staff button: it tells the other instances (when there is
// a bus) and reloads this one in the background, so the reload does not
// end with the request that asked for it. The channel receives this
// instance's outcome; the error says the others could not be told.
func (r *Reloader) Press(ctx context.Context, staff string) (<-chan Outcome, error) {
	var err error
	if r.o.Bus != nil {
		payload, _ := json.Marshal(message{ID: r.id, Request: Request{Trigger: Peer, Staff: staff, From: r.o.Instance}})
		if err = r.o.Bus.Publish(ctx, payload); err != nil {
			r.o.Log.Error("content reload: the other instances could not be told; they keep their content", "err", err)
		}
	}
	done := make(chan Outcome, 1)
	go func() { done <- r.Reload(context.WithoutCancel(ctx), Request{Trigger: Button, Staff: staff}) }()
	return done, err
}

// Follow reloads this instance whenever the button is pressed on another
// one, until ctx ends. It returns once it listens (without a bus, at
// once); an error means it could not subscribe yet and keeps trying.
func (r *Reloader) Follow(ctx context.Context) error {
	if r.o.Bus == nil {
		return nil
	}
	err := r.o.Bus.Subscribe(ctx, func(payload []byte) {
		var m message
		if json.Unmarshal(payload, &m) != nil || m.ID == "" {
			r.o.Log.Warn("content reload: a message on the bus that is not a reload")
			return
		}
		if m.ID == r.id {
			return // pressed here: Press reloads this instance itself
		}
		r.Reload(ctx, Request{Trigger: Peer, Staff: m.Staff, From: m.From})
	})
	if err != nil {
		r.o.Log.Error("content reload: not listening to the other instances yet; retrying", "err", err)
	}
	return err
}
