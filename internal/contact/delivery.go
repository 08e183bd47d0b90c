package contact

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wegwijzer/wegwijzer/internal/metrics"
)

// Delivery hands the requests in a Stream to sinks through a Redis consumer
// group, so that delivery survives the process: a request stays pending in
// the group until every sink has taken it, whichever instance stored it
// and whichever instance is still alive.
//
//   - New entries are read with XREADGROUP (">") and acknowledged with
//     XACK once every sink took them.
//   - An entry a sink refused stays pending with this consumer and is
//     claimed back (XCLAIM) and tried again after a delay of its own that
//     doubles with each refusal, up to MaxDelay: one refusal does not hold
//     up other requests, and a receiver that is down is asked about each
//     request about once a MaxDelay.
//   - Entries left pending by an instance that died (or was stopped in the
//     middle of a delivery) are taken over with XAUTOCLAIM once they have
//     been idle for StaleAfter.
//
// Entries are read and claimed one at a time, right before they are
// delivered, so the time an entry sits unacknowledged never includes other
// entries' deliveries (a slow webhook cannot make a batch look stale to
// another instance); at a municipality's volume the round trips do not
// matter.
//
// Delivery is at least once: a receiver may see the same request twice
// (after a crash between a sink's answer and the acknowledgement) and should
// use Request.Ref as the idempotency key. Each entry's delivery state sits
// beside it in <key>:dl:<id> (a hash: attempts, the time each sink took it,
// the last error), so a retry skips the sinks that already have it, and
// staff or operators can see when a request went out.
type Delivery struct {
	s        *Stream
	sinks    []Sink
	log      *slog.Logger
	opts     DeliveryOptions
	consumer string

	// Used only by Run's goroutine:
	retries   map[string]retry // refused entries of this consumer, by id
	reported  time.Time        // last summary in the log
	lagWarned time.Time        // last warning about waiting requests

	mu    sync.Mutex
	stats DeliveryStats
}

// DeliveryOptions tune a Delivery; zero fields take the defaults.
type DeliveryOptions struct {
	// Group is the consumer group's name (default "delivery"). Every
	// instance of the portal uses the same one.
	Group string
	// Consumer names this process in the group (default: host name,
	// process id and a random suffix, so a restart is a new consumer).
	Consumer string
	// Base is the first delay before a refused request is tried again
	// (default 1 s); it doubles with each refusal of that request, up
	// to MaxDelay (default 20 s).
	Base, MaxDelay time.Duration
	// StaleAfter is how long an entry may sit unacknowledged before any
	// instance takes it over (default 45 s); they look every sixth of
	// it. It must exceed MaxDelay and the longest delivery (the
	// webhook's timeout), or two instances could deliver one request at
	// the same time.
	StaleAfter time.Duration
	// Block is how long one read waits for new entries (default 2 s); it
	// bounds how long Run takes to notice that it should stop.
	Block time.Duration
	// Metrics counts deliveries, refusals, the lag, the requests waiting
	// and Redis errors; nil counts nothing.
	Metrics *metrics.Metrics
}

func (o DeliveryOptions) withDefaults() DeliveryOptions {
	if o.Group == "" {
		o.Group = "delivery"
	}
	if o.Consumer == "" {
		o.Consumer = consumerName()
	}
	if o.Base <= 0 {
		o.Base = time.Second
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = 20 * time.Second
	}
	if o.StaleAfter <= 0 {
		o.StaleAfter = 45 * time.Second
	}
	if o.Block <= 0 {
		o.Block = 2 * time.Second
	}
	return o
}

// consumerName is unique per process: "<host>-<pid>-<random>".
func consumerName() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}

// DeliveryStats counts what one Delivery did since it started.
type DeliveryStats struct {
	Delivered   int64         // requests every sink took
	Redelivered int64         // of those, taken only after more than one attempt
	Failures    int64         // attempts a sink refused
	Claimed     int64         // entries taken over from another consumer
	LastLag     time.Duration // from storing to delivery, of the last request
	MaxLag      time.Duration // the longest such lag
}

// NewDelivery returns a Delivery of s's requests to sinks; start it with
// Run. A nil log means slog.Default().
func NewDelivery(s *Stream, log *slog.Logger, sinks []Sink, opts DeliveryOptions) *Delivery {
	if log == nil {
		log = slog.Default()
	}
	opts = opts.withDefaults()
	return &Delivery{s: s, sinks: append([]Sink(nil), sinks...), log: log, opts: opts,
		consumer: opts.Consumer, retries: map[string]retry{}, reported: time.Now()}
}

// Stats returns the counts so far.
func (d *Delivery) Stats() DeliveryStats {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.stats
}

// Run delivers until ctx ends. It survives Redis going away: it logs once,
// waits and carries on where the group left off.
func (d *Delivery) Run(ctx context.Context) {
	var down error      // the Redis error being waited out, if any
	wait := d.opts.Base // between tries while Redis is down
	needGroup := true
	var claimAt time.Time // next look for stale entries
	for ctx.Err() == nil {
		err := d.round(ctx, &needGroup, &claimAt)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			if strings.Contains(err.Error(), "NOGROUP") {
				needGroup = true // Redis lost its data, and the group
			}
			d.opts.Metrics.RedisError(metrics.Contact)
			if down == nil {
				d.log.Error("contact delivery: redis unavailable, will keep trying", slog.Any("err", err))
			}
			down = err
			sleep(ctx, wait)
			wait = min(wait*2, d.opts.MaxDelay)
			continue
		}
		if down != nil {
			d.log.Info("contact delivery: redis available again")
			down, wait = nil, d.opts.Base
		}
	}
}

// round creates the group when needed, takes over stale entries when it
// is time, tries again the refused entries that are due, and reads new
// entries for up to Block (less when a retry is due sooner).
func (d *Delivery) round(ctx context.Context, needGroup *bool, claimAt *time.Time) error {
	if *needGroup {
		if err := d.ensureGroup(ctx); err != nil {
			return err
		}
		*needGroup = false
	}
	if now := time.Now(); !now.Before(*claimAt) {
		if err := d.claimStale(ctx); err != nil {
			return err
		}
		d.forgetConsumers(ctx)
		d.report(ctx, now)
		*claimAt = now.Add(d.opts.StaleAfter / 6)
	}
	if err := d.retryDue(ctx); err != nil {
		return err
	}
	block := d.opts.Block
	for _, r := range d.retries {
		block = min(block, time.Until(r.at))
	}
	return d.readNew(ctx, max(block, time.Millisecond))
}

// retry is when a refused entry is tried again, and the delay that led
// there: Base after the first refusal, doubling up to MaxDelay.
type retry struct {
	at    time.Time
	delay time.Duration
}

// refused schedules entry id to be tried again.
func (d *Delivery) refused(id string) {
	r := d.retries[id]
	r.delay = min(max(r.delay*2, d.opts.Base), d.opts.MaxDelay)
	r.at = time.Now().Add(r.delay)
	d.retries[id] = r
}

// retryDue tries again the refused entries whose time has come, oldest
// first. Each is claimed back (XCLAIM) only if it has been idle for its
// delay: an entry another instance took over meanwhile stays with that
// one, and one the retention removed is no longer returned; both are
// forgotten here.
func (d *Delivery) retryDue(ctx context.Context) error {
	now := time.Now()
	var due []string
	for id, r := range d.retries {
		if !now.Before(r.at) {
			due = append(due, id)
		}
	}
	slices.SortFunc(due, func(a, b string) int { return d.retries[a].at.Compare(d.retries[b].at) })
	for _, id := range due {
		msgs, err := d.s.client.XClaim(ctx, &redis.XClaimArgs{
			Stream: d.s.key, Group: d.opts.Group, Consumer: d.consumer,
			MinIdle: d.retries[id].delay, Messages: []string{id},
		}).Result()
		if err != nil {
			return fmt.Errorf("claim for retry: %w", err)
		}
		if len(msgs) == 0 {
			delete(d.retries, id)
			continue
		}
		if err := d.deliverAll(ctx, msgs, true); err != nil {
			return err
		}
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// ensureGroup creates the consumer group (and an empty stream) unless it
// exists. A new group starts at the stream's end: requests stored before
// there was a group were handed over by the process that stored them.
func (d *Delivery) ensureGroup(ctx context.Context) error {
	err := d.s.client.XGroupCreateMkStream(ctx, d.s.key, d.opts.Group, "$").Err()
	if err != nil && !strings.HasPrefix(err.Error(), "BUSYGROUP") {
		return fmt.Errorf("create group: %w", err)
	}
	return nil
}

// Reporting: a summary of the counts every reportEvery, and a warning
// (at most once per lagWarn) while a request has waited longer than
// lagWarn to be delivered.
const (
	reportEvery = time.Hour
	lagWarn     = 15 * time.Minute
)

// report logs the summary and the lag warning when they are due.
func (d *Delivery) report(ctx context.Context, now time.Time) {
	st, summary := d.Stats(), now.Sub(d.reported) >= reportEvery
	if summary {
		d.reported = now
	}
	if summary && st.Delivered+st.Failures > 0 {
		d.log.Info("contact delivery",
			slog.Int64("delivered", st.Delivered), slog.Int64("redelivered", st.Redelivered),
			slog.Int64("failures", st.Failures), slog.Int64("claimed", st.Claimed),
			slog.Duration("max_lag", st.MaxLag))
	}
	b, err := d.s.Backlog(ctx, d.opts.Group)
	if err != nil {
		return
	}
	var waited time.Duration
	if !b.Oldest.IsZero() {
		waited = now.Sub(b.Oldest)
	}
	d.opts.Metrics.ContactBacklog(b.Pending+b.Unread, waited)
	if now.Sub(d.lagWarned) < lagWarn || waited < lagWarn {
		return
	}
	d.lagWarned = now
	d.log.Warn("contact requests wait to be delivered; check the webhook",
		slog.Int64("pending", b.Pending), slog.Int64("unread", b.Unread),
		slog.Duration("oldest_waits", now.Sub(b.Oldest).Round(time.Second)))
}

// consumerIdle is how long a consumer without pending entries stays in
// the group: each restart adds a consumer, and the group would grow.
const consumerIdle = 24 * time.Hour

// forgetConsumers removes consumers that hold nothing and did nothing for
// a day (processes that ended). Failing is harmless: it is tried again.
func (d *Delivery) forgetConsumers(ctx context.Context) {
	cs, err := d.s.client.XInfoConsumers(ctx, d.s.key, d.opts.Group).Result()
	if err != nil {
		return
	}
	for _, c := range cs {
		if c.Name != d.consumer && c.Pending == 0 && c.Idle > consumerIdle {
			_ = d.s.client.XGroupDelConsumer(ctx, d.s.key, d.opts.Group, c.Name).Err()
		}
	}
}

// readNew reads entries no consumer has had yet, waiting up to block, and
// delivers them.
func (d *Delivery) readNew(ctx context.Context, block time.Duration) error {
	streams, err := d.s.client.XReadGroup(ctx, &redis.XReadGroupArgs{
		Group: d.opts.Group, Consumer: d.consumer,
		Streams: []string{d.s.key, ">"}, Count: 1, Block: block,
	}).Result()
	if errors.Is(err, redis.Nil) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read group: %w", err)
	}
	for _, st := range streams {
		if err := d.deliverAll(ctx, st.Messages, false); err != nil {
			return err
		}
	}
	return nil
}

// claimStale takes over entries that have sat unacknowledged for
// StaleAfter (their consumer died, or was stopped in the middle of a
// delivery) and delivers them. Entries the retention removed meanwhile
// are dropped from the group by XAUTOCLAIM itself.
func (d *Delivery) claimStale(ctx context.Context) error {
	start, claimed := "0-0", 0
	defer func() {
		if claimed > 0 {
			d.log.Warn("contact delivery: took over requests left undelivered", slog.Int("count", claimed))
		}
	}()
	for {
		msgs, next, err := d.s.client.XAutoClaim(ctx, &redis.XAutoClaimArgs{
			Stream: d.s.key, Group: d.opts.Group, Consumer: d.consumer,
			MinIdle: d.opts.StaleAfter, Start: start, Count: 1,
		}).Result()
		if err != nil {
			return fmt.Errorf("claim stale: %w", err)
		}
		if len(msgs) > 0 {
			claimed += len(msgs)
			d.mu.Lock()
			d.stats.Claimed += int64(len(msgs))
			d.mu.Unlock()
			if err := d.deliverAll(ctx, msgs, true); err != nil {
				return err
			}
		}
		if next == "0-0" || next == "" {
			return nil
		}
		start = next
	}
}

// deliverAll delivers each message, scheduling a retry for each that was
// refused (or not reached because Redis failed). retry says they were had
// before, so their delivery state is read to skip sinks that already took
// them.
func (d *Delivery) deliverAll(ctx context.Context, msgs []redis.XMessage, retry bool) error {
	for i, m := range msgs {
		ok, err := d.deliver(ctx, m, retry)
		if err != nil {
			for _, rest := range msgs[i:] {
				d.refused(rest.ID)
			}
			return err
		}
		if ok {
			delete(d.retries, m.ID)
		} else {
			d.refused(m.ID)
		}
	}
	return nil
}

// Fields of an entry's delivery state ({<key>}:dl:<id>).
const (
	dlAttempts  = "attempts"
	dlError     = "error"
	dlDelivered = "delivered" // unix ms when the last sink took it
	dlSinkAt    = "sink:"     // + sink name: unix ms when it took it
)

func (s *Stream) deliveryKey(id string) string { return s.tag + ":dl:" + id }

// deliver hands one entry to every sink that does not have it yet. ok is
// false when a sink refused it (it stays pending); err is a Redis error.
func (d *Delivery) deliver(ctx context.Context, m redis.XMessage, retry bool) (ok bool, err error) {
	c := d.s.client
	if m.Values == nil {
		// Removed by the retention while pending: nothing left to send.
		return true, c.XAck(ctx, d.s.key, d.opts.Group, m.ID).Err()
	}
	r, err := decodeEntry(m)
	if err != nil {
		// Retrying cannot mend it; acknowledge so it does not block.
		d.log.Error("contact delivery: unreadable entry skipped", slog.String("id", m.ID), slog.Any("err", err))
		return true, c.XAck(ctx, d.s.key, d.opts.Group, m.ID).Err()
	}
	key := d.s.deliveryKey(m.ID)
	done := map[string]string{}
	if retry {
		if done, err = c.HGetAll(ctx, key).Result(); err != nil {
			return false, fmt.Errorf("delivery state: %w", err)
		}
	}
	attempt := 1
	if n, err := strconv.Atoi(done[dlAttempts]); err == nil {
		attempt = n + 1
	}
	set := map[string]any{}
	var failure error
	for _, s := range d.sinks {
		if done[dlSinkAt+s.Name()] != "" {
			continue
		}
		if err := s.Deliver(ctx, r); err != nil {
			failure = fmt.Errorf("%s: %w", s.Name(), err)
			break
		}
		set[dlSinkAt+s.Name()] = time.Now().UnixMilli()
	}
	now := time.Now()
	if failure != nil {
		set[dlError] = failure.Error()
	} else {
		set[dlDelivered] = now.UnixMilli()
	}
	var expireAt time.Time
	if ms, ok := streamIDTime(m.ID); ok && d.s.retention > 0 {
		expireAt = time.UnixMilli(ms).Add(d.s.retention)
	}
	// A cancelled ctx (shutting down) must not lose the record of what
	// the sinks already took.
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	_, err = c.Pipelined(wctx, func(p redis.Pipeliner) error {
		p.HIncrBy(wctx, key, dlAttempts, 1)
		p.HSet(wctx, key, set)
		if !expireAt.IsZero() {
			p.PExpireAt(wctx, key, expireAt)
		}
		if failure == nil {
			p.XAck(wctx, d.s.key, d.opts.Group, m.ID)
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("record delivery of %s: %w", r.Ref, err)
	}

	d.mu.Lock()
	defer d.mu.Unlock()
	if failure != nil {
		d.stats.Failures++
		d.opts.Metrics.ContactDeliveryFailed()
		d.log.Warn("contact delivery failed, will retry",
			slog.String("ref", r.Ref), slog.Int("attempt", attempt), slog.Any("err", failure))
		return false, nil
	}
	lag := now.Sub(r.CreatedAt)
	if ms, ok := streamIDTime(m.ID); ok {
		lag = now.Sub(time.UnixMilli(ms))
	}
	d.stats.Delivered++
	d.opts.Metrics.ContactDelivered(lag, attempt)
	d.stats.LastLag = lag
	d.stats.MaxLag = max(d.stats.MaxLag, lag)
	if attempt > 1 {
		d.stats.Redelivered++
		d.log.Info("contact request delivered after retries",
			slog.String("ref", r.Ref), slog.Int("attempts", attempt), slog.Duration("lag", lag))
	}
	return true, nil
}

// DeliveryState is what is known of one request's delivery.
type DeliveryState struct {
	Attempts  int
	Delivered time.Time // zero while some sink has not taken it
	Error     string    // the last refusal, if any
}

// Delivery returns the delivery state of request id; a request no
// delivery has touched yet has the zero state.
func (s *Stream) Delivery(ctx context.Context, id string) (DeliveryState, error) {
	m, err := s.client.HGetAll(ctx, s.deliveryKey(id)).Result()
	if err != nil {
		return DeliveryState{}, fmt.Errorf("contact: delivery state: %w", err)
	}
	var st DeliveryState
	st.Attempts, _ = strconv.Atoi(m[dlAttempts])
	if ms, err := strconv.ParseInt(m[dlDelivered], 10, 64); err == nil {
		st.Delivered = time.UnixMilli(ms)
	}
	st.Error = m[dlError]
	return st, nil
}

// Backlog is the delivery group's state: how many requests are stored but
// not yet taken by every sink, and since when the oldest of them waits.
type Backlog struct {
	Pending int64     // read by a consumer, not acknowledged
	Unread  int64     // not yet read by any consumer
	Oldest  time.Time // stored time of the oldest waiting; zero when none
}

// Backlog reports how far delivery lags behind; group "" is the default.
func (s *Stream) Backlog(ctx context.Context, group string) (Backlog, error) {
	if group == "" {
		group = DeliveryOptions{}.withDefaults().Group
	}
	var b Backlog
	groups, err := s.client.XInfoGroups(ctx, s.key).Result()
	if err != nil {
		return b, fmt.Errorf("contact: backlog: %w", err)
	}
	var last string
	for _, g := range groups {
		if g.Name == group {
			b.Pending, b.Unread, last = g.Pending, max(g.Lag, 0), g.LastDeliveredID
		}
	}
	oldest := ""
	if b.Pending > 0 {
		p, err := s.client.XPending(ctx, s.key, group).Result()
		if err != nil {
			return b, fmt.Errorf("contact: backlog: %w", err)
		}
		oldest = p.Lower
	} else if b.Unread > 0 {
		msgs, err := s.client.XRangeN(ctx, s.key, "("+last, "+", 1).Result()
		if err != nil {
			return b, fmt.Errorf("contact: backlog: %w", err)
		}
		if len(msgs) > 0 {
			oldest = msgs[0].ID
		}
	}
	if ms, ok := streamIDTime(oldest); ok && oldest != "" {
		b.Oldest = time.UnixMilli(ms)
	}
	return b, nil
}
