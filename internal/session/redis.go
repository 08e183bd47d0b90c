package session

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis is a Store in Redis, one string key per session with a TTL.
type Redis struct {
	client redis.UniversalClient
	prefix string
}

var _ Store = (*Redis)(nil)

// NewRedis returns a Store that keeps each session under prefix+id,
// e.g. "wz:s:". The client is shared and not closed by the store.
func NewRedis(client redis.UniversalClient, prefix string) *Redis {
	return &Redis{client: client, prefix: prefix}
}

// Get implements Store with a single GETEX, so reading a session also
// extends its life.
func (s *Redis) Get(ctx context.Context, id string, ttl time.Duration) ([]byte, error) {
	if !ValidID(id) {
		return nil, ErrNotFound
	}
	var cmd *redis.StringCmd
	if ttl > 0 {
		cmd = s.client.GetEx(ctx, s.prefix+id, ttl)
	} else {
		// GETEX with a zero expiry means PERSIST, which would make the
		// session immortal; a plain GET leaves the TTL alone.
		cmd = s.client.Get(ctx, s.prefix+id)
	}
	b, err := cmd.Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("session: get: %w", err)
	}
	return b, nil
}

// Set implements Store.
func (s *Redis) Set(ctx context.Context, id string, value []byte, ttl time.Duration) error {
	if err := checkSet(id, ttl); err != nil {
		return fmt.Errorf("session: set: %w", err)
	}
	if err := s.client.Set(ctx, s.prefix+id, value, ttl).Err(); err != nil {
		return fmt.Errorf("session: set: %w", err)
	}
	return nil
}

// Delete implements Store.
func (s *Redis) Delete(ctx context.Context, id string) error {
	if !ValidID(id) {
		return nil
	}
	if err := s.client.Del(ctx, s.prefix+id).Err(); err != nil {
		return fmt.Errorf("session: delete: %w", err)
	}
	return nil
}

// Ping implements Store.
func (s *Redis) Ping(ctx context.Context) error {
	if err := s.client.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("session: ping: %w", err)
	}
	return nil
}
