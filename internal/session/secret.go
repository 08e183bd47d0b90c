package session

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// SharedSecret returns the secret kept in Redis under key, making it
// first when there is none (SET NX), so every instance of the portal
// signs with the same one. It never expires.
func SharedSecret(ctx context.Context, c redis.UniversalClient, key string) ([]byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	if err := c.SetNX(ctx, key, hex.EncodeToString(b), 0).Err(); err != nil {
		return nil, fmt.Errorf("keep secret: %w", err)
	}
	v, err := c.Get(ctx, key).Result()
	if err != nil {
		return nil, fmt.Errorf("read secret: %w", err)
	}
	secret, err := hex.DecodeString(v)
	if err != nil || len(secret) < 32 {
		return nil, fmt.Errorf("secret under %s is not 32 bytes of hex", key)
	}
	return secret, nil
}
