package contact

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wegwijzer/wegwijzer/internal/redisconn"
)

// streamField is the single field of each stream entry; it holds the request
// as JSON, so the entry format changes only with Request itself.
const streamField = "request"

// Stream is a Store on a Redis stream. Entries older than the retention are
// trimmed: cheaply and approximately on every Add, exactly by Purge.
//
// A request's keys beside the stream (its reference, state, history and
// delivery state) are named "{<key>}:...": Redis Cluster hashes only the
// part in braces, which is the stream's whole name, so every key of the
// stream lives in its slot and the scripts that write several of them
// run there whole.
type Stream struct {
	client    redis.UniversalClient
	key       string
	tag       string // "{" + key + "}", the prefix of the keys beside the stream
	retention time.Duration
	// RetentionOf, when set, is each municipality's own retention
	// (Request.Municipality), at most the stream's: its requests are
	// not read past it, and Purge removes them. Set it before use.
	RetentionOf func(municipality string) time.Duration
	now         func() time.Time // replaced in tests
}

var _ Inbox = (*Stream)(nil)

// NewStream returns a Store that appends to the stream at key (e.g. "wz:cr",
// without braces) and keeps entries for retention; a retention <= 0 keeps
// them forever. The client is shared and not closed by the store.
func NewStream(client redis.UniversalClient, key string, retention time.Duration) *Stream {
	return &Stream{client: client, key: key, tag: "{" + key + "}", retention: retention, now: time.Now}
}

// addOnce appends a request once per reference: the reference's key
// (KEYS[2]) holds the entry id, so a retry (go-redis retries a command on
// a slow or broken connection) returns the
// stored entry instead of adding a copy. The script runs whole or not at
// all. ARGV: the request as JSON, MINID ("" for none), the reference
// key's lifetime in seconds (0 for none), the entry's field name.
var addOnce = redis.NewScript(`
local id = redis.call('GET', KEYS[2])
if id then return id end
if ARGV[2] ~= '' then
  id = redis.call('XADD', KEYS[1], 'MINID', '~', ARGV[2], '*', ARGV[4], ARGV[1])
else
  id = redis.call('XADD', KEYS[1], '*', ARGV[4], ARGV[1])
end
if tonumber(ARGV[3]) > 0 then
  redis.call('SET', KEYS[2], id, 'EX', ARGV[3])
else
  redis.call('SET', KEYS[2], id)
end
return id
`)

// refKey holds the entry id of a reference, for as long as the entry is
// kept.
func (s *Stream) refKey(ref string) string { return s.tag + ":ref:" + ref }

// Add implements Store: the request is appended to the stream once per
// reference (see addOnce), trimming entries older than the retention with
// an approximate MINID, which Redis can do cheaply. When the answer is
// lost (a timeout), the reference is looked up before Add reports a
// failure: a request that was stored is never reported as not sent.
func (s *Stream) Add(ctx context.Context, r Request) (string, error) {
	r, err := prepare(r, s.now())
	if err != nil {
		return "", fmt.Errorf("contact: add: %w", err)
	}
	b, err := json.Marshal(r)
	if err != nil {
		return "", fmt.Errorf("contact: add: encode: %w", err)
	}
	minID, _ := s.minID()
	ttl := int64(0)
	if s.retention > 0 {
		ttl = int64(s.retention/time.Second) + 1
	}
	keys := []string{s.key, s.refKey(r.Ref)}
	id, err := addOnce.Run(ctx, s.client, keys, b, minID, ttl, streamField).Text()
	if err != nil {
		look, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		defer cancel()
		if stored, lerr := s.client.Get(look, s.refKey(r.Ref)).Result(); lerr == nil {
			return stored, nil
		}
		return "", fmt.Errorf("contact: add: %w", err)
	}
	return id, nil
}

// Upgrade moves the keys that versions before the Cluster support kept
// beside the stream, named "<key>:...", to their names in the stream's
// slot, "{<key>}:...", keeping each key's expiry. A key that already has
// its new name keeps it, and the old one is removed. It is meant to run
// once at start and is quick when there is nothing to move.
func (s *Stream) Upgrade(ctx context.Context) (moved int, err error) {
	var old []string
	err = redisconn.ForEachPrimary(ctx, s.client, func(ctx context.Context, node *redis.Client) error {
		iter := node.Scan(ctx, 0, s.key+":*", 1000).Iterator()
		for iter.Next(ctx) {
			old = append(old, iter.Val())
		}
		return iter.Err()
	})
	if err != nil {
		return 0, fmt.Errorf("contact: upgrade keys: %w", err)
	}
	for _, k := range old {
		to := s.tag + strings.TrimPrefix(k, s.key)
		if err := s.moveKey(ctx, k, to); err != nil {
			return moved, fmt.Errorf("contact: upgrade key %s: %w", k, err)
		}
		moved++
	}
	return moved, nil
}

// moveKey renames from to to unless to exists. Within one server that is
// RENAMENX; in a Cluster the two names may sit in different slots, so the
// value is dumped and restored with its expiry.
func (s *Stream) moveKey(ctx context.Context, from, to string) error {
	if _, cluster := s.client.(*redis.ClusterClient); !cluster {
		done, err := s.client.RenameNX(ctx, from, to).Result()
		if err == nil && !done {
			err = s.client.Del(ctx, from).Err()
		}
		return err
	}
	dump, err := s.client.Dump(ctx, from).Result()
	if err == redis.Nil {
		return nil // expired meanwhile
	} else if err != nil {
		return err
	}
	ttl, err := s.client.PTTL(ctx, from).Result()
	if err != nil {
		return err
	}
	if ttl < 0 {
		ttl = 0 // no expiry
	}
	if err := s.client.Restore(ctx, to, ttl, dump).Err(); err != nil && !strings.Contains(err.Error(), "BUSYKEY") {
		return err
	}
	return s.client.Del(ctx, from).Err()
}

// List returns up to n requests, newest first; n <= 0 returns all of them.
func (s *Stream) List(ctx context.Context, n int) ([]Request, error) {
	msgs, err := s.newest(ctx, n)
	if err != nil {
		return nil, fmt.Errorf("contact: list: %w", err)
	}
	out := make([]Request, 0, len(msgs))
	for _, m := range msgs {
		r, err := decodeEntry(m)
		if err != nil {
			return nil, fmt.Errorf("contact: list: %w", err)
		}
		if !s.pastOwn(m.ID, r) {
			out = append(out, r)
		}
	}
	return out, nil
}

// newest reads up to n entries, newest first; n <= 0 reads all of them.
//
// Entries past the retention are never read, even before Purge removes
// them.
func (s *Stream) newest(ctx context.Context, n int) ([]redis.XMessage, error) {
	oldest := "-"
	if minID, ok := s.minID(); ok {
		oldest = minID
	}
	if n > 0 {
		return s.client.XRevRangeN(ctx, s.key, "+", oldest, int64(n)).Result()
	}
	return s.client.XRevRange(ctx, s.key, "+", oldest).Result()
}

// decodeEntry reads the request out of a stream entry.
func decodeEntry(m redis.XMessage) (Request, error) {
	var r Request
	v, ok := m.Values[streamField].(string)
	if !ok {
		return r, fmt.Errorf("entry %s has no %q field", m.ID, streamField)
	}
	if err := json.Unmarshal([]byte(v), &r); err != nil {
		return r, fmt.Errorf("decode entry %s: %w", m.ID, err)
	}
	return r, nil
}

// Each request's state and history sit beside the stream, in
// {<key>}:st:<id> (the state; absent means new) and {<key>}:log:<id> (a
// list of events as JSON). Both expire with the request.
func (s *Stream) stateKey(id string) string { return s.tag + ":st:" + id }
func (s *Stream) logKey(id string) string   { return s.tag + ":log:" + id }

// Entries returns up to n requests with their state, newest first, in two
// round trips; n <= 0 returns all of them.
func (s *Stream) Entries(ctx context.Context, n int) ([]Entry, error) {
	msgs, err := s.newest(ctx, n)
	if err != nil {
		return nil, fmt.Errorf("contact: entries: %w", err)
	}
	return s.entries(ctx, msgs)
}

// Entry returns one request with its state.
func (s *Stream) Entry(ctx context.Context, id string) (Entry, error) {
	if !validStreamID(id) || s.expired(id) {
		return Entry{}, ErrNotFound
	}
	msgs, err := s.client.XRange(ctx, s.key, id, id).Result()
	if err != nil {
		return Entry{}, fmt.Errorf("contact: entry: %w", err)
	}
	if len(msgs) == 0 {
		return Entry{}, ErrNotFound
	}
	out, err := s.entries(ctx, msgs)
	if err != nil {
		return Entry{}, err
	}
	if len(out) == 0 {
		return Entry{}, ErrNotFound
	}
	return out[0], nil
}

// entries decodes stream messages and reads their states in one pipeline.
func (s *Stream) entries(ctx context.Context, msgs []redis.XMessage) ([]Entry, error) {
	out := make([]Entry, len(msgs))
	states := make([]*redis.StringCmd, len(msgs))
	logs := make([]*redis.StringSliceCmd, len(msgs))
	_, err := s.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, m := range msgs {
			states[i] = p.Get(ctx, s.stateKey(m.ID))
			logs[i] = p.LRange(ctx, s.logKey(m.ID), 0, -1)
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("contact: entries: %w", err)
	}
	for i, m := range msgs {
		e := Entry{ID: m.ID, State: New}
		if e.Request, err = decodeEntry(m); err != nil {
			return nil, fmt.Errorf("contact: entries: %w", err)
		}
		if st, err := states[i].Result(); err == nil {
			e.State = State(st)
		}
		for _, raw := range logs[i].Val() {
			var ev Event
			if err := json.Unmarshal([]byte(raw), &ev); err != nil {
				return nil, fmt.Errorf("contact: entries: decode history of %s: %w", m.ID, err)
			}
			e.History = append(e.History, ev)
		}
		out[i] = e
	}
	// A municipality's own shorter retention hides its old requests
	// until Purge removes them.
	return slices.DeleteFunc(out, func(e Entry) bool { return s.pastOwn(e.ID, e.Request) }), nil
}

// moveScript changes the state only when it is still ARGV[1], so two staff
// members claiming the same request at once cannot both succeed. It
// returns "OK", or the state found.
var moveScript = redis.NewScript(`
local cur = redis.call('GET', KEYS[1]) or 'new'
if cur ~= ARGV[1] then return cur end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('RPUSH', KEYS[2], ARGV[3])
if tonumber(ARGV[4]) > 0 then
  redis.call('PEXPIREAT', KEYS[1], ARGV[4])
  redis.call('PEXPIREAT', KEYS[2], ARGV[4])
end
return 'OK'
`)

// Move changes a request's state from one to another, recording who did
// it; a request no longer in state from gives a *ConflictError.
func (s *Stream) Move(ctx context.Context, id string, from, to State, by string) error {
	if err := checkMove(from, to, by); err != nil {
		return err
	}
	if _, err := s.Entry(ctx, id); err != nil {
		return err
	}
	ev, err := json.Marshal(Event{State: to, By: by, At: s.now().UTC()})
	if err != nil {
		return fmt.Errorf("contact: move: %w", err)
	}
	var expireAt int64 // 0: kept as long as the request
	if ms, _ := streamIDTime(id); s.retention > 0 {
		expireAt = ms + s.retention.Milliseconds()
	}
	res, err := moveScript.Run(ctx, s.client, []string{s.stateKey(id), s.logKey(id)},
		string(from), string(to), ev, expireAt).Text()
	if err != nil {
		return fmt.Errorf("contact: move: %w", err)
	}
	if res != "OK" {
		return &ConflictError{Now: State(res)}
	}
	return nil
}

// Purge removes every entry older than the retention, exactly, with its
// state and history. It is meant to run periodically, because Add's
// approximate trimming leaves stragglers and does nothing when no requests
// come in. (State keys of entries Add trimmed expire on their own.)
func (s *Stream) Purge(ctx context.Context) error {
	minID, ok := s.minID()
	if !ok {
		return nil
	}
	old, err := s.client.XRange(ctx, s.key, "-", "("+minID).Result()
	if err != nil {
		return fmt.Errorf("contact: purge: %w", err)
	}
	purged := len(old)
	for len(old) > 0 {
		batch := old[:min(len(old), 500)]
		old = old[len(batch):]
		keys := make([]string, 0, 4*len(batch))
		for _, m := range batch {
			keys = append(keys, s.stateKey(m.ID), s.logKey(m.ID), s.deliveryKey(m.ID))
			if r, err := decodeEntry(m); err == nil {
				keys = append(keys, s.refKey(r.Ref))
			}
		}
		if err := s.client.Del(ctx, keys...).Err(); err != nil {
			return fmt.Errorf("contact: purge: %w", err)
		}
	}
	if err := s.client.XTrimMinID(ctx, s.key, minID).Err(); err != nil {
		return fmt.Errorf("contact: purge: %w", err)
	}
	n, err := s.purgeShorter(ctx)
	if err != nil {
		return err
	}
	if purged+n > 0 {
		s.rewriteAOF(ctx)
	}
	return nil
}

// purgeShorter removes the requests of municipalities whose own
// retention (RetentionOf) is shorter than the stream's and has passed,
// each with its keys.
func (s *Stream) purgeShorter(ctx context.Context) (int, error) {
	if s.RetentionOf == nil {
		return 0, nil
	}
	all, err := s.client.XRange(ctx, s.key, "-", "+").Result()
	if err != nil {
		return 0, fmt.Errorf("contact: purge: %w", err)
	}
	var ids, keys []string
	for _, m := range all {
		r, err := decodeEntry(m)
		if err != nil || !s.pastOwn(m.ID, r) {
			continue
		}
		ids = append(ids, m.ID)
		keys = append(keys, s.stateKey(m.ID), s.logKey(m.ID), s.deliveryKey(m.ID), s.refKey(r.Ref))
	}
	removed := len(ids)
	for len(ids) > 0 {
		n := min(len(ids), 500)
		if err := s.client.XDel(ctx, s.key, ids[:n]...).Err(); err != nil {
			return 0, fmt.Errorf("contact: purge: %w", err)
		}
		if err := s.client.Del(ctx, keys[:4*n]...).Err(); err != nil {
			return 0, fmt.Errorf("contact: purge: %w", err)
		}
		ids, keys = ids[n:], keys[4*n:]
	}
	return removed, nil
}

// pastOwn reports whether request r, entry id, is past its
// municipality's own retention.
func (s *Stream) pastOwn(id string, r Request) bool {
	if s.RetentionOf == nil {
		return false
	}
	keep := s.RetentionOf(r.Municipality)
	ms, ok := streamIDTime(id)
	return ok && keep > 0 && ms < s.now().Add(-keep).UnixMilli()
}

// rewriteAOF asks Redis to rewrite its append-only file after a purge:
// until then the file still holds what was deleted. Without AOF there is
// nothing to rewrite; a rewrite already running is fine.
func (s *Stream) rewriteAOF(ctx context.Context) {
	conf, err := s.client.ConfigGet(ctx, "appendonly").Result()
	if err != nil || conf["appendonly"] != "yes" {
		return
	}
	_ = s.client.BgRewriteAOF(ctx).Err()
}

// expired reports whether the entry id is past the retention.
func (s *Stream) expired(id string) bool {
	minID, ok := s.minID()
	if !ok {
		return false
	}
	ms, _ := streamIDTime(id)
	oldest, _ := strconv.ParseInt(minID, 10, 64)
	return ms < oldest
}

// validStreamID: "<ms>-<seq>", so ids from a URL never reach Redis as
// anything else.
func validStreamID(id string) bool {
	ms, seq, ok := strings.Cut(id, "-")
	if !ok || len(id) > 41 {
		return false
	}
	_, err1 := strconv.ParseUint(ms, 10, 64)
	_, err2 := strconv.ParseUint(seq, 10, 64)
	return err1 == nil && err2 == nil
}

// streamIDTime is the Unix time in milliseconds at which Redis added id.
func streamIDTime(id string) (int64, bool) {
	ms, _, _ := strings.Cut(id, "-")
	n, err := strconv.ParseInt(ms, 10, 64)
	return n, err == nil
}

// minID is the oldest stream id to keep: stream ids start with the Unix time
// in milliseconds at which Redis added the entry.
func (s *Stream) minID() (string, bool) {
	if s.retention <= 0 {
		return "", false
	}
	return strconv.FormatInt(s.now().Add(-s.retention).UnixMilli(), 10), true
}
