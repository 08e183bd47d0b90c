package contact

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"
)

// MemoryStore is a Store in process memory with the same behaviour as
// Stream, for running without Redis and for tests. Requests are lost on
// restart.
type MemoryStore struct {
	retention time.Duration
	now       func() time.Time // replaced in tests

	mu      sync.Mutex
	entries []memoryEntry // oldest first
	lastMS  int64
	seq     int64
}

type memoryEntry struct {
	added time.Time
	data  []byte // the request as JSON, as in the stream
}

var _ Store = (*MemoryStore)(nil)

// NewMemoryStore returns an empty MemoryStore that keeps requests for
// retention; a retention <= 0 keeps them forever.
func NewMemoryStore(retention time.Duration) *MemoryStore {
	return &MemoryStore{retention: retention, now: time.Now}
}

// Add implements Store. The id has the shape of a stream id
// ("<unix ms>-<seq>").
func (m *MemoryStore) Add(_ context.Context, r Request) (string, error) {
	now := m.now()
	r, err := prepare(r, now)
	if err != nil {
		return "", fmt.Errorf("contact: add: %w", err)
	}
	// Encoding gives the same round trip as the stream, and a copy that
	// the caller's slices cannot change.
	b, err := json.Marshal(r)
	if err != nil {
		return "", fmt.Errorf("contact: add: encode: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	ms := now.UnixMilli()
	if ms > m.lastMS {
		m.lastMS, m.seq = ms, 0
	} else {
		m.seq++
	}
	m.entries = append(m.entries, memoryEntry{added: now, data: b})
	m.trim(now)
	return fmt.Sprintf("%d-%d", m.lastMS, m.seq), nil
}

// List returns up to n requests, newest first; n <= 0 returns all of them.
func (m *MemoryStore) List(_ context.Context, n int) ([]Request, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n <= 0 || n > len(m.entries) {
		n = len(m.entries)
	}
	out := make([]Request, 0, n)
	for i := len(m.entries) - 1; i >= 0 && len(out) < n; i-- {
		var r Request
		if err := json.Unmarshal(m.entries[i].data, &r); err != nil {
			return nil, fmt.Errorf("contact: list: decode: %w", err)
		}
		out = append(out, r)
	}
	return out, nil
}

// Purge removes every request older than the retention.
func (m *MemoryStore) Purge(context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.trim(m.now())
	return nil
}

// trim drops entries older than the retention; m.mu must be held.
func (m *MemoryStore) trim(now time.Time) {
	if m.retention <= 0 {
		return
	}
	cutoff := now.Add(-m.retention)
	i := 0
	for i < len(m.entries) && m.entries[i].added.Before(cutoff) {
		i++
	}
	if i > 0 {
		m.entries = append([]memoryEntry(nil), m.entries[i:]...)
	}
}
