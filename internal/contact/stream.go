package contact

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// streamField is the single field of each stream entry; it holds the request
// as JSON, so the entry format changes only with Request itself.
const streamField = "request"

// Stream is a Store on a Redis stream. Entries older than the retention are
// trimmed: cheaply and approximately on every Add, exactly by Purge.
type Stream struct {
	client    redis.UniversalClient
	key       string
	retention time.Duration
	now       func() time.Time // replaced in tests
}

var _ Store = (*Stream)(nil)

// NewStream returns a Store that appends to the stream at key (e.g. "wz:cr")
// and keeps entries for retention; a retention <= 0 keeps them forever. The
// client is shared and not closed by the store.
func NewStream(client redis.UniversalClient, key string, retention time.Duration) *Stream {
	return &Stream{client: client, key: key, retention: retention, now: time.Now}
}

// Add implements Store with XADD, trimming entries older than the retention
// with an approximate MINID, which Redis can do cheaply.
func (s *Stream) Add(ctx context.Context, r Request) (string, error) {
	r, err := prepare(r, s.now())
	if err != nil {
		return "", fmt.Errorf("contact: add: %w", err)
	}
	b, err := json.Marshal(r)
	if err != nil {
		return "", fmt.Errorf("contact: add: encode: %w", err)
	}
	args := &redis.XAddArgs{
		Stream: s.key,
		ID:     "*",
		Values: []any{streamField, b},
	}
	if minID, ok := s.minID(); ok {
		args.MinID = minID
		args.Approx = true
	}
	id, err := s.client.XAdd(ctx, args).Result()
	if err != nil {
		return "", fmt.Errorf("contact: add: %w", err)
	}
	return id, nil
}

// List returns up to n requests, newest first; n <= 0 returns all of them.
func (s *Stream) List(ctx context.Context, n int) ([]Request, error) {
	var cmd *redis.XMessageSliceCmd
	if n > 0 {
		cmd = s.client.XRevRangeN(ctx, s.key, "+", "-", int64(n))
	} else {
		cmd = s.client.XRevRange(ctx, s.key, "+", "-")
	}
	msgs, err := cmd.Result()
	if err != nil {
		return nil, fmt.Errorf("contact: list: %w", err)
	}
	out := make([]Request, 0, len(msgs))
	for _, m := range msgs {
		v, ok := m.Values[streamField].(string)
		if !ok {
			return nil, fmt.Errorf("contact: list: entry %s has no %q field", m.ID, streamField)
		}
		var r Request
		if err := json.Unmarshal([]byte(v), &r); err != nil {
			return nil, fmt.Errorf("contact: list: decode entry %s: %w", m.ID, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// Purge removes every entry older than the retention, exactly. It is meant
// to run periodically, because Add's approximate trimming leaves stragglers
// and does nothing when no requests come in.
func (s *Stream) Purge(ctx context.Context) error {
	minID, ok := s.minID()
	if !ok {
		return nil
	}
	if err := s.client.XTrimMinID(ctx, s.key, minID).Err(); err != nil {
		return fmt.Errorf("contact: purge: %w", err)
	}
	return nil
}

// minID is the oldest stream id to keep: stream ids start with the Unix time
// in milliseconds at which Redis added the entry.
func (s *Stream) minID() (string, bool) {
	if s.retention <= 0 {
		return "", false
	}
	return strconv.FormatInt(s.now().Add(-s.retention).UnixMilli(), 10), true
}
