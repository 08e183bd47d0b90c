package session_test

import (
	"context"
	"strings"
	"testing"

	"github.com/wegwijzer/wegwijzer/internal/redistest"
	"github.com/wegwijzer/wegwijzer/internal/session"
)

// TestDurability: a real Redis that could evict or lose contact requests
// is named at start-up; a safe one is not.
func TestDurability(t *testing.T) {
	c := redistest.Client(t)
	ctx := context.Background()
	set := func(k, v string) {
		if err := c.ConfigSet(ctx, k, v).Err(); err != nil {
			t.Fatal(err)
		}
	}
	set("maxmemory-policy", "allkeys-lru")
	set("appendonly", "no")
	w, err := session.Durability(ctx, c)
	if err != nil || len(w) != 2 || !strings.Contains(w[0], "allkeys-lru") || !strings.Contains(w[1], "appendonly") {
		t.Errorf("risky settings: warnings %q, err %v", w, err)
	}
	set("maxmemory-policy", "volatile-lru")
	set("appendonly", "yes")
	if w, err := session.Durability(ctx, c); err != nil || len(w) != 0 {
		t.Errorf("safe settings: warnings %q, err %v", w, err)
	}
}
