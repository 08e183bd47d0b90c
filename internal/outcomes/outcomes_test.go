package outcomes_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/outcomes"
	"github.com/wegwijzer/wegwijzer/internal/redistest"
)

// TestRecorder: counts queued from many places end up added per day in
// the store, in both stores, with drop-off per question as a net count.
func TestRecorder(t *testing.T) {
	for name, store := range map[string]outcomes.Store{
		"memory": outcomes.NewMemory(),
		"redis":  outcomes.NewRedis(redistest.Client(t), "wz:out:"),
	} {
		t.Run(name, func(t *testing.T) {
			r := outcomes.NewRecorder(store, nil)
			defer r.Close()
			d1, d2 := "2026-12-01", "2026-12-02"
			for range 3 {
				r.Add(d1, outcomes.Started(outcomes.Flow, "nl"), outcomes.Need("money", "beekdal-centrum"))
			}
			r.Add(d1, outcomes.Answered("", "who")...)
			r.Add(d1, outcomes.Answered("who", "topics")...) // the session went on
			r.Add(d1, outcomes.Answered("", "who")...)       // another stopped at who
			r.Add(d2, outcomes.Enough("money", "beekdal-centrum", "community", "yes"), outcomes.Started(outcomes.Chat, "ar"))
			r.Add(d2, outcomes.Urgent("topic-safety"), outcomes.Contact("money"), outcomes.Shared("code"), outcomes.For("carer"))
			r.Flush()
			from, _ := time.Parse(outcomes.DayFormat, d1)
			to, _ := time.Parse(outcomes.DayFormat, "2026-12-07")
			f, err := outcomes.Read(context.Background(), store, from, to)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]int64{
				"started flow nl": f.Started[[2]string{"flow", "nl"}], "started chat ar": f.Started[[2]string{"chat", "ar"}],
				"need": f.Needs[[2]string{"money", "beekdal-centrum"}], "stopped at who": f.Answered["who"],
				"stopped at topics": f.Answered["topics"], "urgent": f.Urgent["topic-safety"], "contact": f.Contacts["money"],
				"code": f.Shared["code"], "carer": f.For["carer"],
				"enough": f.Enough[outcomes.EnoughKey{Topic: "money", Village: "beekdal-centrum", Rung: "community", Answer: "yes", Month: "2026-12"}],
			}
			exp := map[string]int64{"started flow nl": 3, "started chat ar": 1, "need": 3, "stopped at who": 1, "stopped at topics": 1,
				"urgent": 1, "contact": 1, "code": 1, "carer": 1, "enough": 1}
			for k, v := range exp {
				if want[k] != v {
					t.Errorf("%s: %d, want %d", k, want[k], v)
				}
			}
			if f.DaysCount != 7 || len(f.ByDay) != 2 || f.Unknown != 0 || r.Dropped() != 0 {
				t.Errorf("days %d, days with counts %d, unknown %d, dropped %d", f.DaysCount, len(f.ByDay), f.Unknown, r.Dropped())
			}
		})
	}
}

// TestRedisKeepsADay: a day's counts are one hash under the prefix with
// the 400 days' lifetime, and hold no field but the fixed kinds.
func TestRedisKeepsADay(t *testing.T) {
	client := redistest.Client(t)
	store := outcomes.NewRedis(client, "wz:out:")
	if err := store.Add(context.Background(), "2026-12-07", []outcomes.Inc{outcomes.Need("money", ""), outcomes.For("self")}); err != nil {
		t.Fatal(err)
	}
	ttl := client.TTL(context.Background(), "wz:out:2026-12-07").Val()
	if ttl < outcomes.Keep-time.Minute || ttl > outcomes.Keep {
		t.Errorf("ttl %s, want %s", ttl, outcomes.Keep)
	}
	fields := client.HKeys(context.Background(), "wz:out:2026-12-07").Val()
	if len(fields) != 2 || !strings.HasPrefix(fields[0], "need|money|-") && !strings.HasPrefix(fields[1], "need|money|-") {
		t.Errorf("fields %v", fields)
	}
	if keys := client.Keys(context.Background(), "*").Val(); len(keys) != 1 {
		t.Errorf("keys %v", keys)
	}
}

// TestRecorderNeverWaits: with the store down, Add returns at once and the
// counts are dropped and counted; a nil recorder counts nothing.
func TestRecorderNeverWaits(t *testing.T) {
	r := outcomes.NewRecorder(failing{}, nil)
	defer r.Close()
	start := time.Now()
	for range 10000 {
		r.Add("2026-12-07", outcomes.Need("money", ""))
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("10,000 adds took %s with the store down", d)
	}
	r.Flush()
	if r.Dropped() != 10000 {
		t.Errorf("dropped %d, want 10000", r.Dropped())
	}
	var none *outcomes.Recorder
	none.Add("2026-12-07", outcomes.Need("money", ""))
	none.Flush()
}

type failing struct{}

func (failing) Add(context.Context, string, []outcomes.Inc) error { return context.DeadlineExceeded }
func (failing) Read(context.Context, []string) (map[string]map[string]int64, error) {
	return nil, context.DeadlineExceeded
}

// TestSum: a sum of stores reads their counts added, and takes none.
func TestSum(t *testing.T) {
	ctx := context.Background()
	a, b := outcomes.NewMemory(), outcomes.NewMemory()
	_ = a.Add(ctx, "2026-12-01", []outcomes.Inc{outcomes.Need("money", "eshorst"), outcomes.Started(outcomes.Flow, "nl")})
	_ = b.Add(ctx, "2026-12-01", []outcomes.Inc{outcomes.Need("money", "eshorst"), outcomes.Need("care", "heidehoek")})
	_ = b.Add(ctx, "2026-12-02", []outcomes.Inc{outcomes.Started(outcomes.Chat, "ar")})
	got, err := outcomes.Sum{a, b}.Read(ctx, []string{"2026-12-01", "2026-12-02", "2026-12-03"})
	if err != nil {
		t.Fatal(err)
	}
	if got["2026-12-01"][outcomes.Need("money", "eshorst").Field] != 2 || got["2026-12-01"][outcomes.Need("care", "heidehoek").Field] != 1 ||
		got["2026-12-02"][outcomes.Started(outcomes.Chat, "ar").Field] != 1 || len(got) != 2 {
		t.Errorf("sum %v", got)
	}
	if err := (outcomes.Sum{a}).Add(ctx, "2026-12-01", nil); err == nil {
		t.Error("a sum took counts")
	}
}
