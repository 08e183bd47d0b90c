package session

import (
	"context"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/wegwijzer/wegwijzer/internal/redisconn"
)

// Durability reads the Redis settings that decide whether contact
// requests survive, and returns a warning for each that puts them at
// risk:
//   - a maxmemory-policy of allkeys-*: when memory is full, Redis evicts
//     any key, the contact stream too (noeviction or volatile-* keep it,
//     since the stream has no expiry);
//   - appendonly off: a restart loses what came in since the last
//     snapshot (set appendonly yes with appendfsync everysec).
//
// In a Cluster each primary is read, and a warning names the node.
//
// err is set when the settings cannot be read (some hosted Redis services
// refuse CONFIG GET); the caller then says so once.
func Durability(ctx context.Context, c redis.UniversalClient) (warnings []string, err error) {
	// In a Cluster every primary holds part of the data, so each is read.
	seen := map[string]bool{}
	err = redisconn.ForEachPrimary(ctx, c, func(ctx context.Context, node *redis.Client) error {
		ws, err := durability(ctx, node)
		if err != nil {
			return err
		}
		for _, w := range ws {
			if _, cluster := c.(*redis.ClusterClient); cluster {
				w = node.Options().Addr + ": " + w
			}
			if !seen[w] {
				seen[w] = true
				warnings = append(warnings, w)
			}
		}
		return nil
	})
	return warnings, err
}

func durability(ctx context.Context, c *redis.Client) (warnings []string, err error) {
	conf, err := c.ConfigGet(ctx, "maxmemory-policy").Result()
	if err != nil {
		return nil, fmt.Errorf("CONFIG GET maxmemory-policy: %w", err)
	}
	aof, err := c.ConfigGet(ctx, "appendonly").Result()
	if err != nil {
		return nil, fmt.Errorf("CONFIG GET appendonly: %w", err)
	}
	if p := conf["maxmemory-policy"]; strings.HasPrefix(p, "allkeys-") {
		warnings = append(warnings, fmt.Sprintf("redis maxmemory-policy is %s: when memory is full, stored contact requests can be evicted; set noeviction or a volatile-* policy", p))
	}
	if aof["appendonly"] != "yes" {
		warnings = append(warnings, "redis appendonly is off: a restart loses contact requests sent since the last snapshot; set appendonly yes and appendfsync everysec")
	}
	return warnings, nil
}
