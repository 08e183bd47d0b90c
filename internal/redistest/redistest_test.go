package redistest_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/wegwijzer/wegwijzer/internal/redistest"
)

func TestClientPing(t *testing.T) {
	c := redistest.Client(t)
	if err := c.Ping(context.Background()).Err(); err != nil {
		t.Fatalf("ping: %v", err)
	}
}

func TestServersAreIsolated(t *testing.T) {
	ctx := context.Background()
	a, b := redistest.Client(t), redistest.Client(t)
	if err := a.Set(ctx, "k", "v", 0).Err(); err != nil {
		t.Fatalf("set: %v", err)
	}
	if n, err := b.Exists(ctx, "k").Result(); err != nil || n != 0 {
		t.Fatalf("exists on second server = %d, %v; want 0, nil", n, err)
	}
}

// TestCluster: keys spread over three primaries, and a hash tag keeps
// keys together for a script.
func TestCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Redis Cluster: skipped with -short")
	}
	ctx := context.Background()
	addrs := redistest.StartCluster(t, 3)
	c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer c.Close()
	var mu sync.Mutex // go-redis calls the function for all primaries at once
	nodes := map[string]bool{}
	err := c.ForEachMaster(ctx, func(ctx context.Context, n *redis.Client) error {
		mu.Lock()
		defer mu.Unlock()
		nodes[n.Options().Addr] = true
		return nil
	})
	if err != nil || len(nodes) != 3 {
		t.Fatalf("%d primaries, %v; want 3", len(nodes), err)
	}
	for i := range 50 {
		if err := c.Set(ctx, fmt.Sprintf("k%d", i), i, 0).Err(); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Eval(ctx, "return redis.call('MGET', KEYS[1], KEYS[2])", []string{"{t}a", "{t}b"}).Err(); err != nil {
		t.Errorf("tagged keys: %v", err)
	}
	if err := c.Eval(ctx, "return redis.call('MGET', KEYS[1], KEYS[2])", []string{"k1", "k2"}).Err(); err == nil {
		t.Error("keys of different slots in one script: no error, so this is not a cluster")
	}
}

// TestSentinel: a client asks the Sentinel for the primary.
func TestSentinel(t *testing.T) {
	ctx := context.Background()
	sentinel, primary := redistest.StartSentinel(t, "mymaster")
	c := redis.NewFailoverClient(&redis.FailoverOptions{MasterName: "mymaster", SentinelAddrs: []string{sentinel}})
	defer c.Close()
	if err := c.Set(ctx, "k", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	direct := redis.NewClient(&redis.Options{Addr: primary})
	defer direct.Close()
	if v := direct.Get(ctx, "k").Val(); v != "v" {
		t.Errorf("primary has %q", v)
	}
}
