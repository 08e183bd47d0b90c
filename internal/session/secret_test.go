package session_test

import (
	"bytes"
	"testing"

	"github.com/wegwijzer/wegwijzer/internal/redistest"
	"github.com/wegwijzer/wegwijzer/internal/session"
)

// TestSharedSecret: two instances get the same secret from one Redis.
func TestSharedSecret(t *testing.T) {
	c := redistest.Client(t)
	a, err := session.SharedSecret(t.Context(), c, "wz:csrf-secret")
	if err != nil || len(a) != 32 {
		t.Fatalf("first: %x, %v", a, err)
	}
	b, err := session.SharedSecret(t.Context(), c, "wz:csrf-secret")
	if err != nil || !bytes.Equal(a, b) {
		t.Errorf("second instance got %x, want %x (%v)", b, a, err)
	}
}
