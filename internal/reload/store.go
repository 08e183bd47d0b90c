package reload

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// RedisBus is a Bus over a Redis pub/sub channel, e.g. "wz:reload".
// A message reaches the instances subscribed at that moment; one cut
// off from Redis then misses it (press again, or send it SIGHUP).
type RedisBus struct {
	client  redis.UniversalClient
	channel string
}

var _ Bus = (*RedisBus)(nil)

// NewRedisBus returns a Bus on channel.
func NewRedisBus(client redis.UniversalClient, channel string) *RedisBus {
	return &RedisBus{client: client, channel: channel}
}

func (b *RedisBus) Publish(ctx context.Context, payload []byte) error {
	if err := b.client.Publish(ctx, b.channel, payload).Err(); err != nil {
		return fmt.Errorf("reload: publish: %w", err)
	}
	return nil
}

// subscribeWait is how long Subscribe waits for Redis to confirm.
const subscribeWait = 3 * time.Second

// Subscribe subscribes and waits for Redis to confirm it. go-redis
// subscribes again by itself after a lost connection.
func (b *RedisBus) Subscribe(ctx context.Context, deliver func([]byte)) error {
	ps := b.client.Subscribe(ctx, b.channel)
	wctx, cancel := context.WithTimeout(ctx, subscribeWait)
	_, err := ps.Receive(wctx)
	cancel()
	ch := ps.Channel()
	go func() {
		defer ps.Close()
		for {
			select {
			case <-ctx.Done():
				return
			case m, ok := <-ch:
				if !ok {
					return
				}
				deliver([]byte(m.Payload))
			}
		}
	}()
	if err != nil {
		return fmt.Errorf("reload: subscribe: %w", err)
	}
	return nil
}

// boardKeep is how long an instance's last outcome is kept: instances
// come and go (a new container is a new instance).
const boardKeep = 7 * 24 * time.Hour

// RedisBoard keeps each instance's last outcome in one Redis hash, e.g.
// "wz:reload:last", field the instance. Outcomes older than a week are
// dropped when one is put.
type RedisBoard struct {
	client redis.UniversalClient
	key    string
}

var _ Board = (*RedisBoard)(nil)

// NewRedisBoard returns a Board in the hash key.
func NewRedisBoard(client redis.UniversalClient, key string) *RedisBoard {
	return &RedisBoard{client: client, key: key}
}

func (b *RedisBoard) Put(ctx context.Context, o Outcome) error {
	raw, err := json.Marshal(o)
	if err != nil {
		return err
	}
	if err := b.client.HSet(ctx, b.key, o.Instance, raw).Err(); err != nil {
		return fmt.Errorf("reload: keep outcome: %w", err)
	}
	all, err := b.list(ctx)
	if err != nil {
		return err
	}
	var old []string
	for _, x := range all {
		if o.At.Sub(x.At) > boardKeep {
			old = append(old, x.Instance)
		}
	}
	pipe := b.client.TxPipeline()
	if len(old) > 0 {
		pipe.HDel(ctx, b.key, old...)
	}
	pipe.Expire(ctx, b.key, boardKeep)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("reload: keep outcome: %w", err)
	}
	return nil
}

func (b *RedisBoard) List(ctx context.Context) ([]Outcome, error) {
	return b.list(ctx)
}

func (b *RedisBoard) list(ctx context.Context) ([]Outcome, error) {
	m, err := b.client.HGetAll(ctx, b.key).Result()
	if err != nil {
		return nil, fmt.Errorf("reload: read outcomes: %w", err)
	}
	out := make([]Outcome, 0, len(m))
	for _, raw := range m {
		var o Outcome
		if json.Unmarshal([]byte(raw), &o) == nil {
			out = append(out, o)
		}
	}
	newestFirst(out)
	return out, nil
}

// MemoryBoard keeps the outcomes in this process, for an instance that
// is alone.
type MemoryBoard struct {
	mu sync.Mutex
	m  map[string]Outcome
}

var _ Board = (*MemoryBoard)(nil)

// NewMemoryBoard returns an empty MemoryBoard.
func NewMemoryBoard() *MemoryBoard { return &MemoryBoard{m: map[string]Outcome{}} }

func (b *MemoryBoard) Put(_ context.Context, o Outcome) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.m[o.Instance] = o
	return nil
}

func (b *MemoryBoard) List(context.Context) ([]Outcome, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]Outcome, 0, len(b.m))
	for _, o := range b.m {
		out = append(out, o)
	}
	newestFirst(out)
	return out, nil
}

func newestFirst(outs []Outcome) {
	slices.SortFunc(outs, func(a, b Outcome) int {
		if c := b.At.Compare(a.At); c != 0 {
			return c
		}
		return cmp.Compare(a.Instance, b.Instance)
	})
}
