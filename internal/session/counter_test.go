package session

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wegwijzer/wegwijzer/internal/redistest"
)

// TestCounter: both counters count in a window that starts with the
// first hit and ends after it, take back no more than was counted, and
// under many hits at once hand out every count exactly once (two clients
// of one Redis standing for two instances).
func TestCounter(t *testing.T) {
	ctx := context.Background()
	client := redistest.Client(t)
	clock := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	mem := NewMemoryCounter()
	var mu sync.Mutex
	mem.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	advance := func(d time.Duration) { mu.Lock(); clock = clock.Add(d); mu.Unlock() }

	for _, tc := range []struct {
		name     string
		c, other Counter
		wait     func(time.Duration)
	}{
		{"redis", NewRedisCounter(client, "wz:rl:"), NewRedisCounter(redis.NewClient(client.Options()), "wz:rl:"), time.Sleep},
		{"memory", mem, mem, advance},
	} {
		t.Run(tc.name, func(t *testing.T) {
			window := 300 * time.Millisecond
			for want := int64(1); want <= 3; want++ {
				n, left, err := tc.c.Hit(ctx, "k", window)
				if err != nil || n != want || left <= 0 || left > window {
					t.Fatalf("hit %d: %d, %v, %v", want, n, left, err)
				}
			}
			if err := tc.c.Undo(ctx, "k"); err != nil {
				t.Fatal(err)
			}
			if n, _, _ := tc.c.Hit(ctx, "k", window); n != 3 {
				t.Errorf("after an undo: count %d, want 3", n)
			}
			tc.wait(window + 100*time.Millisecond)
			if n, _, _ := tc.c.Hit(ctx, "k", window); n != 1 {
				t.Errorf("after the window: count %d, want 1 (a new window)", n)
			}
			_ = tc.c.Undo(ctx, "k")
			_ = tc.c.Undo(ctx, "k")
			if n, _, _ := tc.c.Hit(ctx, "k", window); n != 1 {
				t.Errorf("undone below zero: next count %d, want 1", n)
			}

			const hits = 200
			seen := make([]int, hits+1)
			var smu sync.Mutex
			var wg sync.WaitGroup
			for i := range hits {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c := tc.c
					if i%2 == 1 {
						c = tc.other
					}
					n, _, err := c.Hit(ctx, "many", time.Minute)
					if err != nil || n < 1 || n > hits {
						t.Errorf("hit: %d, %v", n, err)
						return
					}
					smu.Lock()
					seen[n]++
					smu.Unlock()
				}()
			}
			wg.Wait()
			for n := 1; n <= hits; n++ {
				if seen[n] != 1 {
					t.Fatalf("count %d handed out %d times", n, seen[n])
				}
			}
		})
	}
	if ttl := client.PTTL(ctx, "wz:rl:many").Val(); ttl <= 0 || ttl > time.Minute {
		t.Errorf("the Redis count has expiry %v, want within a minute", ttl)
	}
}
