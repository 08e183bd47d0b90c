package session

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Counter counts events per key in fixed windows, for rate limits. Every
// instance sharing a Redis shares the counts, and a count is one atomic
// step: two instances can never both see the last allowed event.
type Counter interface {
	// Hit counts one event under key and returns the count in its window
	// and how long that window still runs. The window starts with the
	// first event.
	Hit(ctx context.Context, key string, window time.Duration) (int64, time.Duration, error)
	// Undo takes one event back, for limits that count only failures.
	Undo(ctx context.Context, key string) error
}

// RedisCounter keeps counts in Redis under a prefix, each count and its
// expiry set by one script: one round trip, atomic.
type RedisCounter struct {
	client redis.UniversalClient
	prefix string
}

var _ Counter = (*RedisCounter)(nil)

// NewRedisCounter returns a Counter over client keeping every key under
// prefix, e.g. "wz:rl:".
func NewRedisCounter(client redis.UniversalClient, prefix string) *RedisCounter {
	return &RedisCounter{client: client, prefix: prefix}
}

// hitScript counts one event and starts the window on the first (or on a
// count that somehow has no expiry), returning the count and the window's
// milliseconds left.
var hitScript = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}`)

func (r *RedisCounter) Hit(ctx context.Context, key string, window time.Duration) (int64, time.Duration, error) {
	res, err := hitScript.Run(ctx, r.client, []string{r.prefix + key}, window.Milliseconds()).Int64Slice()
	if err != nil || len(res) != 2 {
		return 0, 0, fmt.Errorf("session: count %s: %w", key, err)
	}
	return res[0], time.Duration(res[1]) * time.Millisecond, nil
}

// Undo decrements key unless it is gone or at zero (a script, so a
// window that just ended is not brought back without an expiry).
func (r *RedisCounter) Undo(ctx context.Context, key string) error {
	if err := undoScript.Run(ctx, r.client, []string{r.prefix + key}).Err(); err != nil && err != redis.Nil {
		return fmt.Errorf("session: undo count %s: %w", key, err)
	}
	return nil
}

var undoScript = redis.NewScript(`
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then return redis.call('DECR', KEYS[1]) end
return 0`)

// MemoryCounter keeps counts in process memory, for running without
// Redis. Ended windows are swept out as new events come in.
type MemoryCounter struct {
	mu     sync.Mutex
	counts map[string]memoryCount
	now    func() time.Time
	sweep  time.Time
}

type memoryCount struct {
	n   int64
	end time.Time
}

var _ Counter = (*MemoryCounter)(nil)

// NewMemoryCounter returns an empty MemoryCounter on the wall clock.
func NewMemoryCounter() *MemoryCounter {
	return &MemoryCounter{counts: map[string]memoryCount{}, now: time.Now}
}

func (m *MemoryCounter) Hit(_ context.Context, key string, window time.Duration) (int64, time.Duration, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if now.After(m.sweep) {
		for k, c := range m.counts {
			if !now.Before(c.end) {
				delete(m.counts, k)
			}
		}
		m.sweep = now.Add(time.Minute)
	}
	c := m.counts[key]
	if !now.Before(c.end) {
		c = memoryCount{end: now.Add(window)}
	}
	c.n++
	m.counts[key] = c
	return c.n, c.end.Sub(now), nil
}

func (m *MemoryCounter) Undo(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if c, ok := m.counts[key]; ok && c.n > 0 && m.now().Before(c.end) {
		c.n--
		m.counts[key] = c
	}
	return nil
}
