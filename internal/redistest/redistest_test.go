package redistest_test

import (
	"context"
	"testing"

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
