package outcomes

import (
	"context"
	"fmt"
	"maps"
	"sync"

	"github.com/redis/go-redis/v9"
)

// Redis keeps each day's counts as a hash under prefix + day, with the
// counts' lifetime renewed on every write.
type Redis struct {
	client redis.UniversalClient
	prefix string
}

// NewRedis returns a store over client with keys under prefix, e.g.
// "wz:out:".
func NewRedis(client redis.UniversalClient, prefix string) *Redis {
	return &Redis{client: client, prefix: prefix}
}

func (r *Redis) Add(ctx context.Context, day string, incs []Inc) error {
	if len(incs) == 0 {
		return nil
	}
	key := r.prefix + day
	_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, in := range incs {
			p.HIncrBy(ctx, key, in.Field, in.N)
		}
		p.Expire(ctx, key, Keep)
		return nil
	})
	if err != nil {
		return fmt.Errorf("outcomes: add to %s: %w", day, err)
	}
	return nil
}

func (r *Redis) Read(ctx context.Context, days []string) (map[string]map[string]int64, error) {
	cmds := make([]*redis.MapStringStringCmd, len(days))
	_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, d := range days {
			cmds[i] = p.HGetAll(ctx, r.prefix+d)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("outcomes: read: %w", err)
	}
	out := map[string]map[string]int64{}
	for i, c := range cmds {
		m := c.Val()
		if len(m) == 0 {
			continue
		}
		day := map[string]int64{}
		for f, v := range m {
			var n int64
			if _, err := fmt.Sscan(v, &n); err == nil {
				day[f] = n
			}
		}
		out[days[i]] = day
	}
	return out, nil
}

// Memory keeps the counts in the process, for tests and for a portal
// without Redis.
type Memory struct {
	mu   sync.Mutex
	days map[string]map[string]int64
}

// NewMemory returns an empty store.
func NewMemory() *Memory { return &Memory{days: map[string]map[string]int64{}} }

func (m *Memory) Add(_ context.Context, day string, incs []Inc) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	d := m.days[day]
	if d == nil {
		d = map[string]int64{}
		m.days[day] = d
	}
	for _, in := range incs {
		d[in.Field] += in.N
	}
	return nil
}

func (m *Memory) Read(_ context.Context, days []string) (map[string]map[string]int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]map[string]int64{}
	for _, d := range days {
		if c, ok := m.days[d]; ok {
			out[d] = maps.Clone(c)
		}
	}
	return out, nil
}

// Sum reads several stores as one, adding their counts: a region's
// figures are its municipalities' together. It is read-only; Add fails.
type Sum []Store

func (s Sum) Add(context.Context, string, []Inc) error {
	return fmt.Errorf("outcomes: a sum of stores is read-only")
}

func (s Sum) Read(ctx context.Context, days []string) (map[string]map[string]int64, error) {
	out := map[string]map[string]int64{}
	for _, st := range s {
		part, err := st.Read(ctx, days)
		if err != nil {
			return nil, err
		}
		for day, fields := range part {
			if out[day] == nil {
				out[day] = map[string]int64{}
			}
			for f, n := range fields {
				out[day][f] += n
			}
		}
	}
	return out, nil
}
