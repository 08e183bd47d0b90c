package session

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/wegwijzer/wegwijzer/internal/redistest"
)

func TestStoreContract(t *testing.T) {
	stores := []struct {
		name string
		new  func(t *testing.T) Store
	}{
		{"memory", func(t *testing.T) Store {
			m := NewMemory()
			t.Cleanup(func() { _ = m.Close() })
			return m
		}},
		{"redis", func(t *testing.T) Store {
			return NewRedis(redistest.Client(t), "wz:s:")
		}},
	}
	for _, s := range stores {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			testStore(t, s.new(t))
		})
	}
}

// testStore is the behaviour every Store must have. The subtests share the
// store but each uses its own ids, so they can run in parallel.
func testStore(t *testing.T, st Store) {
	ctx := context.Background()
	newID := func(t *testing.T) string {
		t.Helper()
		id, err := NewID()
		if err != nil {
			t.Fatalf("NewID: %v", err)
		}
		return id
	}
	mustSet := func(t *testing.T, id string, v []byte, ttl time.Duration) {
		t.Helper()
		if err := st.Set(ctx, id, v, ttl); err != nil {
			t.Fatalf("Set: %v", err)
		}
	}
	wantGet := func(t *testing.T, id string, ttl time.Duration, want []byte) {
		t.Helper()
		got, err := st.Get(ctx, id, ttl)
		if want == nil {
			if !errors.Is(err, ErrNotFound) {
				t.Fatalf("Get = %q, %v; want ErrNotFound", got, err)
			}
			return
		}
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("Get = %q, %v; want %q, nil", got, err, want)
		}
	}

	tests := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"set then get", func(t *testing.T) {
			id := newID(t)
			mustSet(t, id, []byte("v1\x00\xff"), time.Minute)
			wantGet(t, id, time.Minute, []byte("v1\x00\xff"))
		}},
		{"set overwrites", func(t *testing.T) {
			id := newID(t)
			mustSet(t, id, []byte("old"), time.Minute)
			mustSet(t, id, []byte("new"), time.Minute)
			wantGet(t, id, time.Minute, []byte("new"))
		}},
		{"missing is ErrNotFound", func(t *testing.T) {
			wantGet(t, newID(t), time.Minute, nil)
		}},
		{"delete", func(t *testing.T) {
			id := newID(t)
			mustSet(t, id, []byte("v"), time.Minute)
			if err := st.Delete(ctx, id); err != nil {
				t.Fatalf("Delete: %v", err)
			}
			wantGet(t, id, time.Minute, nil)
			if err := st.Delete(ctx, id); err != nil {
				t.Fatalf("Delete of missing: %v", err)
			}
		}},
		{"expires", func(t *testing.T) {
			id := newID(t)
			mustSet(t, id, []byte("v"), time.Second)
			time.Sleep(1200 * time.Millisecond)
			wantGet(t, id, time.Second, nil)
		}},
		{"get slides expiry", func(t *testing.T) {
			// Each check that a value is still there has 0.8 s to
			// spare, so a busy machine cannot fail it; those that it is
			// gone can only come later, which keeps them true.
			id := newID(t)
			mustSet(t, id, []byte("v"), 2*time.Second)
			time.Sleep(1200 * time.Millisecond)
			wantGet(t, id, 2*time.Second, []byte("v")) // expiry now 2 s from here
			time.Sleep(1200 * time.Millisecond)
			// 2.4 s after Set: alive only because of the slide. A zero
			// ttl reads without sliding (and must not make it immortal).
			wantGet(t, id, 0, []byte("v"))
			time.Sleep(1200 * time.Millisecond)
			wantGet(t, id, 2*time.Second, nil)
		}},
		{"set rejects non-positive ttl", func(t *testing.T) {
			if err := st.Set(ctx, newID(t), []byte("v"), 0); err == nil {
				t.Fatal("Set with ttl 0: want error")
			}
		}},
		{"ping", func(t *testing.T) {
			if err := st.Ping(ctx); err != nil {
				t.Fatalf("Ping: %v", err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.run(t)
		})
	}

	t.Run("invalid ids", func(t *testing.T) {
		for _, id := range invalidIDs {
			if _, err := st.Get(ctx, id, time.Minute); !errors.Is(err, ErrNotFound) {
				t.Errorf("Get(%q) error = %v; want ErrNotFound", id, err)
			}
			if err := st.Set(ctx, id, []byte("v"), time.Minute); !errors.Is(err, ErrInvalidID) {
				t.Errorf("Set(%q) error = %v; want ErrInvalidID", id, err)
			}
			if err := st.Delete(ctx, id); err != nil {
				t.Errorf("Delete(%q) error = %v; want nil", id, err)
			}
		}
	})
}

var invalidIDs = []string{
	"",
	"short",
	strings.Repeat("a", 42),
	strings.Repeat("a", 44),
	strings.Repeat("a", 42) + "=",
	strings.Repeat("a", 42) + "+",
	strings.Repeat("a", 42) + "/",
	strings.Repeat("a", 41) + "\r\n",
	strings.Repeat("a", 40) + "../",
	strings.Repeat("a", 42) + "*",
	strings.Repeat("a", 41) + "é", // 43 bytes, not ASCII
}

func TestValidID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{strings.Repeat("a", 43), true},
		{"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq", true},
		{"0123456789-_0123456789-_0123456789-_0123456", true},
	}
	for _, id := range invalidIDs {
		tests = append(tests, struct {
			id   string
			want bool
		}{id, false})
	}
	for _, tt := range tests {
		if got := ValidID(tt.id); got != tt.want {
			t.Errorf("ValidID(%q) = %v; want %v", tt.id, got, tt.want)
		}
	}
}

func TestNewID(t *testing.T) {
	seen := make(map[string]bool)
	for range 1000 {
		id, err := NewID()
		if err != nil {
			t.Fatalf("NewID: %v", err)
		}
		if len(id) != 43 || !ValidID(id) {
			t.Fatalf("NewID() = %q; not a valid 43-character id", id)
		}
		if seen[id] {
			t.Fatalf("NewID() repeated %q", id)
		}
		seen[id] = true
	}
}

func TestRedisKeysAndTTL(t *testing.T) {
	ctx := context.Background()
	c := redistest.Client(t)
	st := NewRedis(c, "wz:s:")
	id, _ := NewID()
	if err := st.Set(ctx, id, []byte("v"), 10*time.Second); err != nil {
		t.Fatalf("Set: %v", err)
	}

	ttl := func() time.Duration {
		t.Helper()
		d, err := c.TTL(ctx, "wz:s:"+id).Result()
		if err != nil {
			t.Fatalf("TTL: %v", err)
		}
		return d
	}
	if d := ttl(); d <= 0 || d > 10*time.Second {
		t.Fatalf("TTL after Set = %v; want (0, 10s]", d)
	}
	if _, err := st.Get(ctx, id, time.Hour); err != nil {
		t.Fatalf("Get: %v", err)
	}
	if d := ttl(); d < 59*time.Minute {
		t.Fatalf("TTL after sliding Get = %v; want about 1h", d)
	}
	if _, err := st.Get(ctx, id, 0); err != nil {
		t.Fatalf("Get without ttl: %v", err)
	}
	if d := ttl(); d < 59*time.Minute {
		t.Fatalf("TTL after Get(ttl 0) = %v; want unchanged, about 1h", d)
	}
}

func TestRedisUnreachable(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	c := redistest.Client(t)
	st := NewRedis(c, "wz:s:")
	cancel()
	id, _ := NewID()
	if _, err := st.Get(ctx, id, time.Minute); err == nil || errors.Is(err, ErrNotFound) {
		t.Errorf("Get with cancelled context = %v; want a store error, not ErrNotFound", err)
	}
	if err := st.Ping(ctx); err == nil {
		t.Error("Ping with cancelled context: want error")
	}
}

func TestMemoryJanitor(t *testing.T) {
	ctx := context.Background()
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	m := newMemory(time.Millisecond, clock.now)
	defer m.Close()

	old, _ := NewID()
	fresh, _ := NewID()
	if err := m.Set(ctx, old, []byte("old"), time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := m.Set(ctx, fresh, []byte("fresh"), time.Hour); err != nil {
		t.Fatal(err)
	}
	clock.advance(2 * time.Minute)

	deadline := time.Now().Add(2 * time.Second)
	for {
		m.mu.Lock()
		_, oldThere := m.entries[old]
		_, freshThere := m.entries[fresh]
		m.mu.Unlock()
		if !freshThere {
			t.Fatal("janitor removed a live session")
		}
		if !oldThere {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("janitor did not remove the expired session")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestMemoryCopiesValues(t *testing.T) {
	ctx := context.Background()
	m := NewMemory()
	defer m.Close()
	id, _ := NewID()
	v := []byte("abc")
	if err := m.Set(ctx, id, v, time.Minute); err != nil {
		t.Fatal(err)
	}
	v[0] = 'X'
	got, _ := m.Get(ctx, id, time.Minute)
	got[1] = 'Y'
	if again, _ := m.Get(ctx, id, time.Minute); string(again) != "abc" {
		t.Fatalf("stored value changed to %q", again)
	}
}

func TestMemoryCloseTwice(t *testing.T) {
	m := NewMemory()
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
}

// fakeClock is a settable time source safe for the janitor goroutine.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// TestMemoryKeepsKey: an id whose bytes change after Set (as fiber's
// strings do after a request) still finds its session.
func TestMemoryKeepsKey(t *testing.T) {
	m := NewMemory()
	defer m.Close()
	id, _ := NewID()
	buf := []byte(id)
	unsafeID := unsafe.String(&buf[0], len(buf))
	ctx := context.Background()
	if err := m.Set(ctx, unsafeID, []byte("v"), time.Minute); err != nil {
		t.Fatal(err)
	}
	copy(buf, strings.Repeat("x", len(buf)))
	if v, err := m.Get(ctx, id, time.Minute); err != nil || string(v) != "v" {
		t.Fatalf("Get after the caller's bytes changed: %q %v", v, err)
	}
	// Get slides the expiry: that must not take the caller's bytes either.
	copy(buf, id)
	if _, err := m.Get(ctx, unsafeID, time.Minute); err != nil {
		t.Fatal(err)
	}
	copy(buf, strings.Repeat("y", len(buf)))
	if v, err := m.Get(ctx, id, time.Minute); err != nil || string(v) != "v" {
		t.Fatalf("Get after sliding with the caller's bytes: %q %v", v, err)
	}
}
