package contact

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"
)

// MemoryStore is a Store in process memory with the same behaviour as
// Stream, for running without Redis and for tests. Requests are lost on
// restart.
type MemoryStore struct {
	retention time.Duration
	// RetentionOf is each municipality's own retention, as in Stream.
	RetentionOf func(municipality string) time.Duration
	now         func() time.Time // replaced in tests

	mu      sync.Mutex
	entries []memoryEntry // oldest first
	lastMS  int64
	seq     int64
}

type memoryEntry struct {
	id      string
	added   time.Time
	muni    string // Request.Municipality
	data    []byte // the request as JSON, as in the stream
	state   State
	history []Event
}

var _ Inbox = (*MemoryStore)(nil)

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
	id := fmt.Sprintf("%d-%d", m.lastMS, m.seq)
	m.entries = append(m.entries, memoryEntry{id: id, added: now, muni: r.Municipality, data: b, state: New})
	m.trim(now)
	return id, nil
}

// Entries returns up to n requests with their state, newest first; n <= 0
// returns all of them.
func (m *MemoryStore) Entries(_ context.Context, n int) ([]Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.trim(m.now()) // nothing past the retention is shown
	if n <= 0 || n > len(m.entries) {
		n = len(m.entries)
	}
	out := make([]Entry, 0, n)
	for i := len(m.entries) - 1; i >= 0 && len(out) < n; i-- {
		e, err := m.entries[i].entry()
		if err != nil {
			return nil, fmt.Errorf("contact: entries: %w", err)
		}
		out = append(out, e)
	}
	return out, nil
}

// Entry returns one request with its state.
func (m *MemoryStore) Entry(_ context.Context, id string) (Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.trim(m.now())
	for i := range m.entries {
		if m.entries[i].id == id {
			return m.entries[i].entry()
		}
	}
	return Entry{}, ErrNotFound
}

// Move changes a request's state from one to another, recording who did
// it; a request no longer in state from gives a *ConflictError.
func (m *MemoryStore) Move(_ context.Context, id string, from, to State, by string) error {
	if err := checkMove(from, to, by); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.entries {
		e := &m.entries[i]
		if e.id != id {
			continue
		}
		if e.state != from {
			return &ConflictError{Now: e.state}
		}
		e.state = to
		e.history = append(e.history, Event{State: to, By: by, At: m.now().UTC()})
		return nil
	}
	return ErrNotFound
}

func (e *memoryEntry) entry() (Entry, error) {
	out := Entry{ID: e.id, State: e.state, History: append([]Event(nil), e.history...)}
	if err := json.Unmarshal(e.data, &out.Request); err != nil {
		return Entry{}, fmt.Errorf("decode %s: %w", e.id, err)
	}
	return out, nil
}

// List returns up to n requests, newest first; n <= 0 returns all of them.
func (m *MemoryStore) List(ctx context.Context, n int) ([]Request, error) {
	entries, err := m.Entries(ctx, n)
	if err != nil {
		return nil, err
	}
	out := make([]Request, len(entries))
	for i, e := range entries {
		out[i] = e.Request
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

// trim drops entries older than the retention, or their municipality's
// own; m.mu must be held.
func (m *MemoryStore) trim(now time.Time) {
	if m.RetentionOf != nil {
		m.entries = slices.DeleteFunc(m.entries, func(e memoryEntry) bool {
			keep := m.RetentionOf(e.muni)
			return keep > 0 && e.added.Before(now.Add(-keep))
		})
	}
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
