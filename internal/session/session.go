// Package session stores resident sessions as opaque bytes under random ids.
//
// The web layer encodes its own small versioned value; this package only
// keeps it, with a sliding expiry. Redis is the store in production; Memory
// is for running without REDIS_URL (a single instance, sessions lost on
// restart).
package session

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"time"
)

// ErrNotFound is returned by Get when there is no live session for an id,
// including when the id is malformed.
var ErrNotFound = errors.New("session: not found")

// ErrInvalidID is returned by Set for an id that ValidID rejects.
var ErrInvalidID = errors.New("session: invalid id")

// Store keeps session values by id.
type Store interface {
	// Get returns the value and slides its expiry to ttl (one round trip:
	// GETEX in Redis). A ttl <= 0 leaves the expiry as it is.
	Get(ctx context.Context, id string, ttl time.Duration) ([]byte, error)
	// Set stores value under id, expiring after ttl, which must be positive.
	Set(ctx context.Context, id string, value []byte, ttl time.Duration) error
	// Delete removes the session; deleting a missing session is no error.
	Delete(ctx context.Context, id string) error
	// Ping reports whether the store is reachable, for readiness checks.
	Ping(ctx context.Context) error
}

// idBytes is the amount of randomness in a session id.
const idBytes = 32

// idLen is the length of an encoded id: 32 bytes in unpadded base64.
var idLen = base64.RawURLEncoding.EncodedLen(idBytes)

// NewID returns a new session id: 32 bytes from crypto/rand in unpadded
// URL-safe base64 (43 characters).
func NewID() (string, error) {
	b := make([]byte, idBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("session: new id: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// ValidID reports whether id has the shape NewID produces. It is a cheap
// check run before any lookup, so that cookies with arbitrary content never
// reach the store or become keys.
func ValidID(id string) bool {
	if len(id) != idLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_':
		default:
			return false
		}
	}
	return true
}

// checkSet validates the arguments of Set, shared by the implementations.
func checkSet(id string, ttl time.Duration) error {
	if !ValidID(id) {
		return ErrInvalidID
	}
	if ttl <= 0 {
		return fmt.Errorf("ttl %s is not positive", ttl)
	}
	return nil
}
