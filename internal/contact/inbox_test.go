package contact

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/redistest"
)

// inboxCases build a fresh inbox with a settable clock; the stream case
// also returns its client, to check what is left in Redis.
var inboxCases = []struct {
	name string
	new  func(t *testing.T, retention time.Duration) (Inbox, func(time.Time), func() []string)
}{
	{"memory", func(t *testing.T, retention time.Duration) (Inbox, func(time.Time), func() []string) {
		m := NewMemoryStore(retention)
		return m, func(now time.Time) { m.now = func() time.Time { return now } }, nil
	}},
	{"stream", func(t *testing.T, retention time.Duration) (Inbox, func(time.Time), func() []string) {
		c := redistest.Client(t)
		s := NewStream(c, "wz:cr", retention)
		keys := func() []string { return c.Keys(context.Background(), "{wz:cr}:*").Val() }
		return s, func(now time.Time) { s.now = func() time.Time { return now } }, keys
	}},
}

func TestInboxStates(t *testing.T) {
	ctx := context.Background()
	for _, ic := range inboxCases {
		t.Run(ic.name, func(t *testing.T) {
			in, setNow, _ := ic.new(t, 24*time.Hour)
			now := time.Now()
			setNow(now)
			id, err := in.Add(ctx, sample("WZ-AAAA-AAAA"))
			if err != nil {
				t.Fatal(err)
			}
			e, err := in.Entry(ctx, id)
			if err != nil || e.State != New || len(e.History) != 0 || e.Name != sample("").Name {
				t.Fatalf("new entry: %+v, %v", e, err)
			}
			if err := in.Move(ctx, id, New, Done, "anna"); err == nil {
				t.Error("new → done allowed")
			}
			if err := in.Move(ctx, id, New, Claimed, ""); err == nil {
				t.Error("a change without a name allowed")
			}
			if err := in.Move(ctx, id, New, Claimed, "anna"); err != nil {
				t.Fatal(err)
			}
			// Bert's page still says new: his claim must not win.
			var ce *ConflictError
			if err := in.Move(ctx, id, New, Claimed, "bert"); !errors.As(err, &ce) || ce.Now != Claimed {
				t.Fatalf("second claim: %v, want a conflict saying claimed", err)
			}
			setNow(now.Add(time.Hour))
			if err := in.Move(ctx, id, Claimed, Done, "anna"); err != nil {
				t.Fatal(err)
			}
			e, _ = in.Entry(ctx, id)
			if e.State != Done || len(e.History) != 2 {
				t.Fatalf("after done: %+v", e)
			}
			h := e.History
			if h[0].State != Claimed || h[0].By != "anna" || h[1].State != Done || h[1].At.Sub(now.Add(time.Hour)).Abs() > time.Millisecond {
				t.Errorf("history %+v", h)
			}
			list, err := in.Entries(ctx, 10)
			if err != nil || len(list) != 1 || list[0].State != Done || list[0].ID != id {
				t.Errorf("Entries: %+v, %v", list, err)
			}
			if err := in.Move(ctx, "1-0", New, Claimed, "anna"); !errors.Is(err, ErrNotFound) {
				t.Errorf("unknown id: %v", err)
			}
			if _, err := in.Entry(ctx, "../x"); !errors.Is(err, ErrNotFound) {
				t.Errorf("malformed id: %v", err)
			}
		})
	}
}

// TestInboxOneClaimWins: of many staff claiming at once, one succeeds.
func TestInboxOneClaimWins(t *testing.T) {
	ctx := context.Background()
	for _, ic := range inboxCases {
		t.Run(ic.name, func(t *testing.T) {
			in, _, _ := ic.new(t, time.Hour)
			id, _ := in.Add(ctx, sample("WZ-AAAA-AAAA"))
			var wg sync.WaitGroup
			var mu sync.Mutex
			won := 0
			for _, who := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if in.Move(ctx, id, New, Claimed, who) == nil {
						mu.Lock()
						won++
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
			e, _ := in.Entry(ctx, id)
			if won != 1 || len(e.History) != 1 {
				t.Errorf("%d claims won, history %+v", won, e.History)
			}
		})
	}
}

// TestInboxPurge: past the retention a request goes with its state and
// history.
func TestInboxPurge(t *testing.T) {
	ctx := context.Background()
	for _, ic := range inboxCases {
		t.Run(ic.name, func(t *testing.T) {
			in, setNow, keys := ic.new(t, time.Hour)
			now := time.Now()
			setNow(now)
			old, _ := in.Add(ctx, sample("WZ-AAAA-AAAA"))
			if err := in.Move(ctx, old, New, Claimed, "anna"); err != nil {
				t.Fatal(err)
			}
			if keys != nil && len(keys()) != 3 {
				t.Fatalf("state keys %v, want 3 (state, history, reference)", keys())
			}
			setNow(now.Add(2 * time.Hour))
			if err := in.Purge(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := in.Entry(ctx, old); !errors.Is(err, ErrNotFound) {
				t.Errorf("purged request still there: %v", err)
			}
			if list, _ := in.Entries(ctx, 0); len(list) != 0 {
				t.Errorf("Entries after purge: %+v", list)
			}
			if keys != nil {
				if k := keys(); len(k) != 0 {
					t.Errorf("left in Redis after purge: %v", k)
				}
			}
		})
	}
}

// TestInboxHidesExpired: past the retention a request is no longer shown,
// even before the hourly purge removes it.
func TestInboxHidesExpired(t *testing.T) {
	ctx := context.Background()
	for _, ic := range inboxCases {
		t.Run(ic.name, func(t *testing.T) {
			in, setNow, _ := ic.new(t, time.Hour)
			now := time.Now()
			setNow(now)
			id, err := in.Add(ctx, sample("WZ-DDDD-DDDD"))
			if err != nil {
				t.Fatal(err)
			}
			setNow(now.Add(2 * time.Hour))
			if list, err := in.Entries(ctx, 0); err != nil || len(list) != 0 {
				t.Errorf("entries past the retention: %d, %v", len(list), err)
			}
			if _, err := in.Entry(ctx, id); !errors.Is(err, ErrNotFound) {
				t.Errorf("entry past the retention: %v, want not found", err)
			}
		})
	}
}

// TestPurgeRewritesAOF: after a purge removed requests, Redis rewrites its
// append-only file, which still held them.
func TestPurgeRewritesAOF(t *testing.T) {
	ctx := context.Background()
	c := redistest.Client(t)
	if err := c.ConfigSet(ctx, "appendonly", "yes").Err(); err != nil {
		t.Fatal(err)
	}
	waitRewrite := func() {
		for range 100 {
			if info, _ := c.Info(ctx, "persistence").Result(); strings.Contains(info, "aof_rewrite_in_progress:0") && !strings.Contains(info, "aof_rewrite_scheduled:1") {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitRewrite() // turning AOF on rewrites once
	before, _ := c.Info(ctx, "persistence").Result()
	s := NewStream(c, "wz:cr", time.Hour)
	now := time.Now()
	s.now = func() time.Time { return now }
	if _, err := s.Add(ctx, sample("WZ-EEEE-EEEE")); err != nil {
		t.Fatal(err)
	}
	s.now = func() time.Time { return now.Add(2 * time.Hour) }
	if err := s.Purge(ctx); err != nil {
		t.Fatal(err)
	}
	waitRewrite()
	after, _ := c.Info(ctx, "persistence").Result()
	if b, a := field(before, "aof_rewrites"), field(after, "aof_rewrites"); b == "" || a == b {
		t.Errorf("aof_rewrites %q before the purge, %q after: want one more", b, a)
	}
}

// field reads one "name:value" line of INFO.
func field(info, name string) string {
	for line := range strings.SplitSeq(info, "\r\n") {
		if v, ok := strings.CutPrefix(line, name+":"); ok {
			return v
		}
	}
	return ""
}

// TestRetentionPerMunicipality: a municipality's own shorter retention
// hides its requests once passed, and Purge removes them with their
// keys; the others stay for the store's retention.
func TestRetentionPerMunicipality(t *testing.T) {
	ctx := context.Background()
	own := func(m string) time.Duration {
		if m == "aa" {
			return time.Hour
		}
		return 0 // the store's
	}
	for _, ic := range inboxCases {
		t.Run(ic.name, func(t *testing.T) {
			in, setNow, keys := ic.new(t, 48*time.Hour)
			switch s := in.(type) {
			case *Stream:
				s.RetentionOf = own
			case *MemoryStore:
				s.RetentionOf = own
			}
			now := time.Now()
			setNow(now)
			a := sample("WZ-AAAA-AAAA")
			a.Municipality = "aa"
			b := sample("WZ-BBBB-BBBB")
			b.Municipality = "bee"
			idA, err := in.Add(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := in.Add(ctx, b); err != nil {
				t.Fatal(err)
			}
			if err := in.Move(ctx, idA, New, Claimed, "anna"); err != nil {
				t.Fatal(err)
			}
			setNow(now.Add(2 * time.Hour))
			list, err := in.Entries(ctx, 0)
			if err != nil || len(list) != 1 || list[0].Municipality != "bee" {
				t.Fatalf("after aa's retention: %v, %v", list, err)
			}
			if _, err := in.Entry(ctx, idA); !errors.Is(err, ErrNotFound) {
				t.Errorf("aa's request by id: %v", err)
			}
			if err := in.Purge(ctx); err != nil {
				t.Fatal(err)
			}
			if keys != nil {
				for _, k := range keys() {
					if strings.Contains(k, idA) || strings.HasSuffix(k, "WZ-AAAA-AAAA") {
						t.Errorf("left after purge: %s", k)
					}
				}
			}
			if reqs, _ := in.(interface {
				List(context.Context, int) ([]Request, error)
			}).List(ctx, 0); len(reqs) != 1 {
				t.Errorf("after purge: %d requests, want bee's", len(reqs))
			}
		})
	}
}
