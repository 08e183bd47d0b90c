package contact

import (
	"context"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/wegwijzer/wegwijzer/internal/redisconn"
	"github.com/wegwijzer/wegwijzer/internal/redistest"
)

// sample returns a request full of recognisable personal data, so tests can
// check it never shows up where it must not.
func sample(ref string) Request {
	return Request{
		Ref:           ref,
		CreatedAt:     time.Date(2025, 3, 4, 10, 30, 0, 0, time.UTC),
		Lang:          "nl",
		Name:          "Jantine Verschoor-Personal",
		Phone:         "+31612345678",
		Email:         "jantine@example.org",
		PreferredTime: "morning",
		Description:   "Mijn geheime omschrijving",
		Who:           "carer",
		Topics:        []string{"debt", "housing"},
		Answers:       []Answer{{Question: "q.income", Options: []string{"benefit"}}},
		Place:         "Kerkstraat 12, Zwolle",
		Consent:       true,
	}
}

// personal lists the values of sample that are personal data.
var personal = []string{"Jantine", "Verschoor", "+31612345678", "612345678", "jantine@example.org", "geheime", "Kerkstraat"}

var refPattern = regexp.MustCompile(`^WZ-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}$`)

func TestNewRef(t *testing.T) {
	seen := make(map[string]bool)
	for range 10000 {
		ref, err := NewRef()
		if err != nil {
			t.Fatalf("NewRef: %v", err)
		}
		if !refPattern.MatchString(ref) {
			t.Fatalf("NewRef() = %q; want WZ-XXXX-XXXX without 0, O, 1, I, L", ref)
		}
		if seen[ref] {
			t.Fatalf("NewRef() repeated %q", ref)
		}
		seen[ref] = true
	}
}

// listStore is what both stores offer beyond Store.
type listStore interface {
	Store
	List(ctx context.Context, n int) ([]Request, error)
	Purge(ctx context.Context) error
}

// storeCase builds a fresh store with the given retention and a way to set
// the clock its trimming uses.
type storeCase struct {
	name string
	new  func(t *testing.T, retention time.Duration) (listStore, func(func() time.Time))
}

var storeCases = []storeCase{
	{"memory", func(t *testing.T, retention time.Duration) (listStore, func(func() time.Time)) {
		m := NewMemoryStore(retention)
		return m, func(now func() time.Time) { m.now = now }
	}},
	{"stream", func(t *testing.T, retention time.Duration) (listStore, func(func() time.Time)) {
		s := NewStream(redistest.Client(t), "wz:cr", retention)
		return s, func(now func() time.Time) { s.now = now }
	}},
}

func TestStoreAddList(t *testing.T) {
	ctx := context.Background()
	for _, sc := range storeCases {
		t.Run(sc.name, func(t *testing.T) {
			st, _ := sc.new(t, 24*time.Hour)

			if got, err := st.List(ctx, 10); err != nil || len(got) != 0 {
				t.Fatalf("List of empty store = %v, %v; want none", got, err)
			}
			if _, err := st.Add(ctx, Request{Name: "x"}); err == nil {
				t.Fatal("Add without ref: want error")
			}

			first := sample("WZ-AAAA-AAAA")
			first.CreatedAt = time.Time{}
			before := time.Now()
			id1, err := st.Add(ctx, first)
			if err != nil {
				t.Fatalf("Add: %v", err)
			}
			id2, err := st.Add(ctx, sample("WZ-BBBB-BBBB"))
			if err != nil {
				t.Fatalf("Add: %v", err)
			}
			if id1 == "" || id1 == id2 {
				t.Fatalf("ids %q, %q; want distinct, non-empty", id1, id2)
			}

			tests := []struct {
				n        int
				wantRefs []string
			}{
				{0, []string{"WZ-BBBB-BBBB", "WZ-AAAA-AAAA"}},
				{1, []string{"WZ-BBBB-BBBB"}},
				{5, []string{"WZ-BBBB-BBBB", "WZ-AAAA-AAAA"}},
			}
			for _, tt := range tests {
				got, err := st.List(ctx, tt.n)
				if err != nil {
					t.Fatalf("List(%d): %v", tt.n, err)
				}
				if refs := refsOf(got); strings.Join(refs, ",") != strings.Join(tt.wantRefs, ",") {
					t.Errorf("List(%d) refs = %v; want %v", tt.n, refs, tt.wantRefs)
				}
			}

			got, _ := st.List(ctx, 0)
			want := sample("WZ-BBBB-BBBB")
			if !reflect.DeepEqual(got[0], want) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got[0], want)
			}
			if c := got[1].CreatedAt; c.Before(before.Add(-time.Second)) || c.After(time.Now()) || c.Location() != time.UTC {
				t.Errorf("CreatedAt filled as %v; want the time of Add in UTC", c)
			}
		})
	}
}

func TestStoreRetention(t *testing.T) {
	ctx := context.Background()
	const retention = time.Hour
	for _, sc := range storeCases {
		t.Run(sc.name, func(t *testing.T) {
			st, setNow := sc.new(t, retention)
			if _, err := st.Add(ctx, sample("WZ-AAAA-AAAA")); err != nil {
				t.Fatal(err)
			}
			time.Sleep(20 * time.Millisecond)
			cut := time.Now()
			time.Sleep(20 * time.Millisecond)
			if _, err := st.Add(ctx, sample("WZ-BBBB-BBBB")); err != nil {
				t.Fatal(err)
			}

			tests := []struct {
				name     string
				now      time.Time
				wantRefs []string
			}{
				{"nothing old yet", time.Now(), []string{"WZ-BBBB-BBBB", "WZ-AAAA-AAAA"}},
				{"first past retention", cut.Add(retention), []string{"WZ-BBBB-BBBB"}},
				{"all past retention", time.Now().Add(2 * retention), nil},
			}
			for _, tt := range tests {
				setNow(func() time.Time { return tt.now })
				if err := st.Purge(ctx); err != nil {
					t.Fatalf("%s: Purge: %v", tt.name, err)
				}
				got, err := st.List(ctx, 0)
				if err != nil {
					t.Fatal(err)
				}
				if refs := refsOf(got); strings.Join(refs, ",") != strings.Join(tt.wantRefs, ",") {
					t.Errorf("%s: refs after Purge = %v; want %v", tt.name, refs, tt.wantRefs)
				}
			}
		})
	}
}

func TestStoreNoRetention(t *testing.T) {
	ctx := context.Background()
	for _, sc := range storeCases {
		t.Run(sc.name, func(t *testing.T) {
			st, setNow := sc.new(t, 0)
			if _, err := st.Add(ctx, sample("WZ-AAAA-AAAA")); err != nil {
				t.Fatal(err)
			}
			setNow(func() time.Time { return time.Now().Add(10 * 365 * 24 * time.Hour) })
			if _, err := st.Add(ctx, sample("WZ-BBBB-BBBB")); err != nil {
				t.Fatal(err)
			}
			if err := st.Purge(ctx); err != nil {
				t.Fatal(err)
			}
			if got, _ := st.List(ctx, 0); len(got) != 2 {
				t.Fatalf("%d requests left; want 2 with retention 0", len(got))
			}
		})
	}
}

// TestMemoryStoreAddTrims checks that Add itself drops expired requests, as
// the stream's XADD MINID does.
func TestMemoryStoreAddTrims(t *testing.T) {
	ctx := context.Background()
	m := NewMemoryStore(time.Hour)
	start := time.Now()
	m.now = func() time.Time { return start }
	if _, err := m.Add(ctx, sample("WZ-AAAA-AAAA")); err != nil {
		t.Fatal(err)
	}
	m.now = func() time.Time { return start.Add(2 * time.Hour) }
	if _, err := m.Add(ctx, sample("WZ-BBBB-BBBB")); err != nil {
		t.Fatal(err)
	}
	got, _ := m.List(ctx, 0)
	if refs := refsOf(got); len(refs) != 1 || refs[0] != "WZ-BBBB-BBBB" {
		t.Fatalf("refs = %v; want only the new one", refs)
	}
}

// TestStreamAddTrims checks that XADD carries the MINID: Redis trims whole
// stream nodes (100 entries by default) when trimming approximately.
func TestStreamAddTrims(t *testing.T) {
	ctx := context.Background()
	c := redistest.Client(t)
	s := NewStream(c, "wz:cr", time.Hour)
	for range 250 {
		ref, err := NewRef()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Add(ctx, sample(ref)); err != nil {
			t.Fatal(err)
		}
	}
	s.now = func() time.Time { return time.Now().Add(2 * time.Hour) }
	if _, err := s.Add(ctx, sample("WZ-BBBB-BBBB")); err != nil {
		t.Fatal(err)
	}
	n, err := c.XLen(ctx, "wz:cr").Result()
	if err != nil {
		t.Fatal(err)
	}
	if n > 100 {
		t.Fatalf("XLEN after Add = %d; want old nodes trimmed", n)
	}
}

// TestStreamAddOnce: the same request added again (a retried command) is
// stored once and answers with the same entry.
func TestStreamAddOnce(t *testing.T) {
	ctx := context.Background()
	c := redistest.Client(t)
	s := NewStream(c, "wz:cr", time.Hour)
	first, err := s.Add(ctx, sample("WZ-CCCC-CCCC"))
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if again, err := s.Add(ctx, sample("WZ-CCCC-CCCC")); err != nil || again != first {
			t.Fatalf("again: %q, %v; want %q", again, err, first)
		}
	}
	if n, _ := c.XLen(ctx, "wz:cr").Result(); n != 1 {
		t.Errorf("%d entries for one reference, want 1", n)
	}
	if ttl, _ := c.TTL(ctx, "{wz:cr}:ref:WZ-CCCC-CCCC").Result(); ttl <= 0 || ttl > time.Hour+time.Second {
		t.Errorf("reference kept for %v, want the retention", ttl)
	}
}

// TestStreamUpgrade: keys an earlier version named "wz:cr:..." are moved
// to "{wz:cr}:...", with their values and expiry; a key that already has
// its new name keeps it.
func TestStreamUpgrade(t *testing.T) {
	ctx := context.Background()
	c := redistest.Client(t)
	s := NewStream(c, "wz:cr", time.Hour)
	moveAll := func(from, to string) {
		t.Helper()
		for _, k := range c.Keys(ctx, from+":*").Val() {
			if err := c.Rename(ctx, k, to+strings.TrimPrefix(k, from)).Err(); err != nil {
				t.Fatal(err)
			}
		}
	}
	id, err := s.Add(ctx, sample("WZ-DDDD-DDDD"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Move(ctx, id, New, Claimed, "anna"); err != nil {
		t.Fatal(err)
	}
	// As an earlier version left them.
	moveAll("{wz:cr}", "wz:cr")
	c.Set(ctx, "{wz:cr}:ref:WZ-EEEE-EEEE", "kept", 0)
	c.Set(ctx, "wz:cr:ref:WZ-EEEE-EEEE", "old", 0)
	if e, _ := s.Entry(ctx, id); e.State != New {
		t.Fatalf("before the upgrade the state is %s; the test did not set the old keys up", e.State)
	}

	moved, err := s.Upgrade(ctx)
	if err != nil || moved != 4 {
		t.Fatalf("moved %d, %v; want 4 (state, history, reference, and the one already moved)", moved, err)
	}
	e, err := s.Entry(ctx, id)
	if err != nil || e.State != Claimed || len(e.History) != 1 || e.History[0].By != "anna" {
		t.Fatalf("after the upgrade: %+v, %v", e, err)
	}
	if old := c.Keys(ctx, "wz:cr:*").Val(); len(old) != 0 {
		t.Errorf("old keys left: %v", old)
	}
	if ttl := c.TTL(ctx, s.stateKey(id)).Val(); ttl <= 0 {
		t.Errorf("state kept for %v, want its expiry", ttl)
	}
	if v := c.Get(ctx, "{wz:cr}:ref:WZ-EEEE-EEEE").Val(); v != "kept" {
		t.Errorf("a key with its new name became %q", v)
	}
	// A reference found again after the upgrade: no second entry.
	if again, err := s.Add(ctx, sample("WZ-DDDD-DDDD")); err != nil || again != id {
		t.Errorf("added again: %s, %v; want %s", again, err, id)
	}
	if moved, err := s.Upgrade(ctx); err != nil || moved != 0 {
		t.Errorf("second upgrade moved %d, %v", moved, err)
	}
}

func TestStreamErrors(t *testing.T) {
	ctx := context.Background()
	c := redistest.Client(t)
	s := NewStream(c, "wz:cr", time.Hour)
	if err := c.XAdd(ctx, &redis.XAddArgs{Stream: "wz:cr", Values: []any{"other", "x"}}).Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.List(ctx, 0); err == nil {
		t.Fatal("List over a foreign entry: want error")
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Add(cctx, sample("WZ-AAAA-AAAA")); err == nil || !errors.Is(err, context.Canceled) {
		t.Fatalf("Add with cancelled context = %v; want context.Canceled", err)
	}
}

func refsOf(rs []Request) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Ref)
	}
	return out
}

// syncBuffer collects log output written from the dispatcher's goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestStreamOnCluster: on a Redis Cluster of three primaries the scripts
// that write several keys run (they share the stream's slot), an
// earlier version's keys are moved across slots, and Purge removes an
// old request with all its keys.
func TestStreamOnCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Redis Cluster: skipped with -short")
	}
	ctx := context.Background()
	c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: redistest.StartCluster(t, 3)})
	defer c.Close()
	s := NewStream(c, "wz:cr", time.Hour)
	now := time.Now()
	s.now = func() time.Time { return now }
	id, err := s.Add(ctx, sample("WZ-FFFF-FFFF"))
	if err != nil {
		t.Fatal(err)
	}
	if again, err := s.Add(ctx, sample("WZ-FFFF-FFFF")); err != nil || again != id {
		t.Fatalf("added again: %s, %v; want %s", again, err, id)
	}
	if err := s.Move(ctx, id, New, Claimed, "anna"); err != nil {
		t.Fatal(err)
	}
	// As an earlier version left them: under names in other slots.
	for _, suffix := range []string{":st:" + id, ":log:" + id, ":ref:WZ-FFFF-FFFF"} {
		dump := c.Dump(ctx, "{wz:cr}"+suffix).Val()
		ttl := c.PTTL(ctx, "{wz:cr}"+suffix).Val()
		if err := c.Restore(ctx, "wz:cr"+suffix, ttl, dump).Err(); err != nil {
			t.Fatal(err)
		}
		c.Del(ctx, "{wz:cr}"+suffix)
	}
	if moved, err := s.Upgrade(ctx); err != nil || moved != 3 {
		t.Fatalf("upgrade moved %d, %v; want 3", moved, err)
	}
	e, err := s.Entry(ctx, id)
	if err != nil || e.State != Claimed || len(e.History) != 1 {
		t.Fatalf("after the upgrade: %+v, %v", e, err)
	}
	if ttl := c.PTTL(ctx, s.stateKey(id)).Val(); ttl <= 0 {
		t.Errorf("state kept for %v after the move, want its expiry", ttl)
	}

	now = now.Add(2 * time.Hour)
	if err := s.Purge(ctx); err != nil {
		t.Fatal(err)
	}
	left := 0
	err = redisconn.ForEachPrimary(ctx, c, func(ctx context.Context, n *redis.Client) error {
		keys, err := n.Keys(ctx, "*wz:cr*").Result()
		for _, k := range keys {
			if k != "wz:cr" {
				left++
				t.Errorf("left after purge: %s", k)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := c.XLen(ctx, "wz:cr").Val(); n != 0 {
		t.Errorf("%d entries after purge", n)
	}
}
