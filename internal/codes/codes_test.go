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
		{"memory", func(*testing.T) Store { return NewMemory(6) }, nil},
		{"redis", func(t *testing.T) Store { return NewRedis(redistest.Client(t), "wz:test:", 6) }, time.Sleep},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			st := tc.new(t)

			code, err := st.Put(ctx, []byte("answers"), time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			if n, ok := Normalize(code, 6); !ok || n != code {
				t.Fatalf("Put made %q, not a code of 6 from the alphabet", code)
			}
			for range 2 { // Get leaves the code
				if v, err := st.Get(ctx, code); err != nil || string(v) != "answers" {
					t.Fatalf("Get(%s) = %q, %v", code, v, err)
				}
			}
			if _, err := st.Get(ctx, "XXXXXX"); !errors.Is(err, ErrNotFound) {
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

func TestNormalizeAndFormat(t *testing.T) {
	for in, want := range map[string]string{
		"k7m4px": "K7M4PX", "K7M 4PX": "K7M4PX", "k7m-4px": "K7M4PX", " K7M.4PX ": "K7M4PX",
	} {
		if got, ok := Normalize(in, 6); !ok || got != want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "K7M4P", "K7M4PXX", "K0M4PX", "KOM4PX", "K1M4PX", "KIM4PX", "KLM4PX", "K7M4P!"} {
		if got, ok := Normalize(bad, 6); ok {
			t.Errorf("Normalize(%q) = %q, want rejected", bad, got)
		}
	}
	if got := Format("K7M4PX"); got != "K7M 4PX" {
		t.Errorf("Format = %q", got)
	}
	for _, r := range "01ILO" {
		if strings.ContainsRune(Alphabet, r) {
			t.Errorf("the alphabet has %q, which people confuse", r)
		}
	}
}
