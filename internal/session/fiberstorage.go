package session

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/redis/go-redis/v9"
)

// resetBatch is the SCAN page size and the most keys deleted in one pipeline
// during Reset.
const resetBatch = 500

// FiberStorage adapts a shared go-redis client to fiber.Storage, so fiber
// middleware (csrf, limiter) can keep its state in the application's Redis
// under its own key prefix, e.g. "wz:csrf:".
//
// fiber.Storage methods take no context; calls rely on the client's own
// dial, read and write timeouts.
type FiberStorage struct {
	client redis.UniversalClient
	prefix string
}

var _ fiber.Storage = (*FiberStorage)(nil)

// NewFiberStorage returns a fiber.Storage over client that keeps every key
// under prefix. The client is shared: Close leaves it open.
func NewFiberStorage(client redis.UniversalClient, prefix string) *FiberStorage {
	return &FiberStorage{client: client, prefix: prefix}
}

// Get returns the value for key, or nil, nil when there is none.
func (s *FiberStorage) Get(key string) ([]byte, error) {
	if key == "" {
		return nil, nil
	}
	b, err := s.client.Get(context.Background(), s.prefix+key).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("session: fiber storage get: %w", err)
	}
	return b, nil
}

// Set stores val under key for exp; exp 0 means no expiry. An empty key or
// value is ignored, as fiber.Storage prescribes.
func (s *FiberStorage) Set(key string, val []byte, exp time.Duration) error {
	if key == "" || len(val) == 0 {
		return nil
	}
	if err := s.client.Set(context.Background(), s.prefix+key, val, exp).Err(); err != nil {
		return fmt.Errorf("session: fiber storage set: %w", err)
	}
	return nil
}

// Delete removes key; a missing key is no error.
func (s *FiberStorage) Delete(key string) error {
	if key == "" {
		return nil
	}
	if err := s.client.Del(context.Background(), s.prefix+key).Err(); err != nil {
		return fmt.Errorf("session: fiber storage delete: %w", err)
	}
	return nil
}

// Reset deletes every key under the prefix, and nothing else: the Redis is
// shared with sessions and contact requests, so FLUSHDB is out of the
// question. On a cluster every master is scanned.
func (s *FiberStorage) Reset() error {
	ctx := context.Background()
	var err error
	if cc, ok := s.client.(*redis.ClusterClient); ok {
		err = cc.ForEachMaster(ctx, func(ctx context.Context, node *redis.Client) error {
			return deletePrefix(ctx, node, s.prefix)
		})
	} else {
		err = deletePrefix(ctx, s.client, s.prefix)
	}
	if err != nil {
		return fmt.Errorf("session: fiber storage reset: %w", err)
	}
	return nil
}

// Close does nothing: the client belongs to the application, which closes
// it at shutdown.
func (s *FiberStorage) Close() error { return nil }

// deletePrefix SCANs c for keys starting with prefix and deletes them one
// key per command, so that keys in different cluster slots never meet in
// one DEL.
func deletePrefix(ctx context.Context, c redis.Cmdable, prefix string) error {
	match := escapeGlob(prefix) + "*"
	var cursor uint64
	for {
		keys, next, err := c.Scan(ctx, cursor, match, resetBatch).Result()
		if err != nil {
			return fmt.Errorf("scan: %w", err)
		}
		if len(keys) > 0 {
			_, err := c.Pipelined(ctx, func(p redis.Pipeliner) error {
				for _, k := range keys {
					p.Unlink(ctx, k)
				}
				return nil
			})
			if err != nil {
				return fmt.Errorf("unlink: %w", err)
			}
		}
		if next == 0 {
			return nil
		}
		cursor = next
	}
}

// escapeGlob escapes the characters that SCAN MATCH treats as a pattern.
func escapeGlob(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '*', '?', '[', ']', '\\':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
