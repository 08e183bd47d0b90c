package session

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// janitorInterval is how often Memory sweeps out expired sessions that
// nobody asked for again.
const janitorInterval = time.Minute

// Memory is a Store in process memory. It is meant only for running without
// Redis: sessions vanish on restart and are not shared between instances.
type Memory struct {
	mu      sync.Mutex
	entries map[string]memoryEntry
	now     func() time.Time

	stop      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

type memoryEntry struct {
	value   []byte
	expires time.Time
}

var _ Store = (*Memory)(nil)

// NewMemory returns an empty Memory store and starts its janitor goroutine;
// call Close to stop it.
func NewMemory() *Memory {
	return newMemory(janitorInterval, time.Now)
}

func newMemory(interval time.Duration, now func() time.Time) *Memory {
	m := &Memory{
		entries: make(map[string]memoryEntry),
		now:     now,
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	go m.janitor(interval)
	return m
}

// Get implements Store. Expired entries are removed when found.
func (m *Memory) Get(_ context.Context, id string, ttl time.Duration) ([]byte, error) {
	if !ValidID(id) {
		return nil, ErrNotFound
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[id]
	if !ok {
		return nil, ErrNotFound
	}
	now := m.now()
	if !now.Before(e.expires) {
		delete(m.entries, id)
		return nil, ErrNotFound
	}
	if ttl > 0 {
		e.expires = now.Add(ttl)
		m.entries[strings.Clone(id)] = e // a map assignment replaces the key too
	}
	// A copy, so that callers cannot change the stored value.
	return append([]byte(nil), e.value...), nil
}

// Set implements Store.
func (m *Memory) Set(_ context.Context, id string, value []byte, ttl time.Duration) error {
	if err := checkSet(id, ttl); err != nil {
		return fmt.Errorf("session: set: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	// The id is cloned: callers such as fiber hand out strings whose bytes
	// are reused after the request, and a map key must not change.
	m.entries[strings.Clone(id)] = memoryEntry{
		value:   append([]byte(nil), value...),
		expires: m.now().Add(ttl),
	}
	return nil
}

// Delete implements Store.
func (m *Memory) Delete(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.entries, id)
	return nil
}

// Ping implements Store; memory is always reachable.
func (m *Memory) Ping(context.Context) error { return nil }

// Close stops the janitor. It is safe to call more than once; the store keeps
// working afterwards, only without the periodic sweep.
func (m *Memory) Close() error {
	m.closeOnce.Do(func() { close(m.stop) })
	<-m.done
	return nil
}

func (m *Memory) janitor(interval time.Duration) {
	defer close(m.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-m.stop:
			return
		case <-t.C:
			m.sweep()
		}
	}
}

// sweep removes every expired entry.
func (m *Memory) sweep() {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	for id, e := range m.entries {
		if !now.Before(e.expires) {
			delete(m.entries, id)
		}
	}
}
