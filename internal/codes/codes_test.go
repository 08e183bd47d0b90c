package codes

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/redistest"
)

func TestStores(t *testing.T) {
	for _, tc := range []struct {
		name string
		new  func(t *testing.T) Store
		wait func(d time.Duration) // lets ttl pass
	}{
		{"memory", func(*testing.T) Store { return NewMemory(Short) }, nil},
		{"redis", func(t *testing.T) Store { return NewRedis(redistest.Client(t), "wz:test:", Short) }, time.Sleep},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			st := tc.new(t)

			code, err := st.Put(ctx, []byte("answers"), time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			if n, ok := Normalize(code); !ok || n != code || len(code) != Short {
				t.Fatalf("Put made %q, not a code of %d from the alphabet", code, Short)
			}
			for range 2 { // Get leaves the code
				if v, err := st.Get(ctx, code); err != nil || string(v) != "answers" {
					t.Fatalf("Get(%s) = %q, %v", code, v, err)
				}
			}
			if _, err := st.Get(ctx, "XXXXXX"); !errors.Is(err, ErrNotFound) {
				t.Errorf("an unknown code: %v, want ErrNotFound", err)
			}
			if _, err := st.Get(ctx, "XXXXXXXX"); !errors.Is(err, ErrNotFound) {
				t.Errorf("an unknown code: %v, want ErrNotFound", err)
			}
			if _, err := st.Get(ctx, "../../"); !errors.Is(err, ErrNotFound) {
				t.Errorf("a malformed code: %v, want ErrNotFound", err)
			}

			// Take works once, also when two try at the same time.
			once, _ := st.Put(ctx, []byte("handover"), time.Minute)
			var wins atomic.Int32
			var wg sync.WaitGroup
			for range 8 {
				wg.Go(func() {
					if v, err := st.Take(ctx, once); err == nil && string(v) == "handover" {
						wins.Add(1)
					}
				})
			}
			wg.Wait()
			if wins.Load() != 1 {
				t.Errorf("Take succeeded %d times, want once", wins.Load())
			}
			if _, err := st.Get(ctx, once); !errors.Is(err, ErrNotFound) {
				t.Errorf("a taken code still answers: %v", err)
			}

			// Expiry.
			short, _ := st.Put(ctx, []byte("x"), 50*time.Millisecond)
			if tc.wait != nil {
				tc.wait(120 * time.Millisecond)
			} else {
				m := st.(*Memory)
				m.now = func() time.Time { return time.Now().Add(time.Second) }
				defer func() { m.now = time.Now }()
			}
			if _, err := st.Get(ctx, short); !errors.Is(err, ErrNotFound) {
				t.Errorf("an expired code still answers: %v", err)
			}
			if _, err := st.Get(ctx, code); tc.wait != nil && err != nil {
				t.Errorf("a live code was lost: %v", err)
			}
		})
	}
}

// TestLongLivedCodes: a code that lives longer than a day (a resume
// code, a week by default) has 8 characters, one that lives a day or less
// (a hand-over code) 6; a store looks up both, so a six-character code
// made before the change keeps working until it expires.
func TestLongLivedCodes(t *testing.T) {
	client := redistest.Client(t)
	for _, tc := range []struct {
		name  string
		st    Store
		older func(code string) // stores a code as a store of old made it
	}{
		{"memory", NewMemory(Short), nil},
		{"redis", NewRedis(client, "wz:test:", Short), func(code string) {
			if err := client.Set(context.Background(), "wz:test:"+code, "old", time.Hour).Err(); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			for _, c := range []struct {
				ttl  time.Duration
				want int
			}{
				{7 * 24 * time.Hour, Long}, {LongAfter + time.Second, Long}, {LongAfter, Short}, {10 * time.Minute, Short},
			} {
				code, err := tc.st.Put(ctx, []byte("v"), c.ttl)
				if err != nil {
					t.Fatal(err)
				}
				if len(code) != c.want {
					t.Errorf("a code that lives %s: %q, want %d characters", c.ttl, code, c.want)
				}
				typed := strings.ToLower(strings.ReplaceAll(Format(code), " ", "-"))
				n, ok := Normalize(typed)
				if !ok || n != code {
					t.Fatalf("%q typed as %q reads as %q, %v", code, typed, n, ok)
				}
				if v, err := tc.st.Get(ctx, n); err != nil || string(v) != "v" {
					t.Errorf("Get(%s) = %q, %v", n, v, err)
				}
			}
			if tc.older != nil {
				tc.older("K7M4PX")
				if v, err := tc.st.Get(ctx, "K7M4PX"); err != nil || string(v) != "old" {
					t.Errorf("a six-character code made before: %q, %v", v, err)
				}
			}
		})
	}
}

func TestNormalizeAndFormat(t *testing.T) {
	for in, want := range map[string]string{
		"k7m4px": "K7M4PX", "K7M 4PX": "K7M4PX", "k7m-4px": "K7M4PX", " K7M.4PX ": "K7M4PX",
		"k7m4px9q": "K7M4PX9Q", "K7M4 PX9Q": "K7M4PX9Q", "k7m4-px9q": "K7M4PX9Q", "K7M 4PX 9Q": "K7M4PX9Q",
	} {
		if got, ok := Normalize(in); !ok || got != want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "K7M4P", "K7M4PXX", "K0M4PX", "KOM4PX", "K1M4PX", "KIM4PX", "KLM4PX", "K7M4P!",
		"K7M4PX9", "K7M4PX9QR", "K7M4PX9O"} {
		if got, ok := Normalize(bad); ok {
			t.Errorf("Normalize(%q) = %q, want rejected", bad, got)
		}
	}
	for code, want := range map[string]string{"K7M4PX": "K7M 4PX", "K7M4PX9Q": "K7M4 PX9Q"} {
		if got := Format(code); got != want {
			t.Errorf("Format(%s) = %q, want %q", code, got, want)
		}
	}
	for _, r := range "01ILO" {
		if strings.ContainsRune(Alphabet, r) {
			t.Errorf("the alphabet has %q, which people confuse", r)
		}
	}
}

// TestWrong: wrong codes are counted per hour, over all instances that
// share Redis (two stores here), and the hour's key expires.
func TestWrong(t *testing.T) {
	ctx := context.Background()
	ten := time.Date(2026, 11, 24, 10, 30, 0, 0, time.UTC)
	client := redistest.Client(t)
	a, b := NewRedis(client, "wz:rc:", Short), NewRedis(client, "wz:ho:", Short)
	for i, st := range []Store{a, b, a} {
		if n, err := st.Wrong(ctx, ten); err != nil || n != int64(i+1) {
			t.Fatalf("wrong code %d: count %d, %v", i+1, n, err)
		}
	}
	key := WrongKeyPrefix + "2026112410"
	if ttl := client.TTL(ctx, key).Val(); ttl <= time.Hour || ttl > wrongKeep {
		t.Errorf("%s lives %s, want past the hour's end and at most %s", key, ttl, wrongKeep)
	}
	if n, _ := a.Wrong(ctx, ten.Add(time.Hour)); n != 1 {
		t.Errorf("the next hour starts at %d, want 1", n)
	}

	m := NewMemory(Short)
	for i := range 3 {
		if n, _ := m.Wrong(ctx, ten.Add(time.Duration(i)*time.Minute)); n != int64(i+1) {
			t.Fatalf("memory: count %d after %d", n, i+1)
		}
	}
	if n, _ := m.Wrong(ctx, ten.Add(time.Hour)); n != 1 {
		t.Errorf("memory: the next hour starts at %d, want 1", n)
	}
}
