package redisconn

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wegwijzer/wegwijzer/internal/redistest"
)

func TestParse(t *testing.T) {
	tests := []struct {
		url  string
		mode Mode
		want func(t *testing.T, o *redis.UniversalOptions)
	}{
		{"redis://localhost:6379/2", Single, func(t *testing.T, o *redis.UniversalOptions) {
			eq(t, "addrs", o.Addrs, "localhost:6379")
			if o.DB != 2 || o.IsClusterMode || o.MasterName != "" {
				t.Errorf("db %d, cluster %v, master %q", o.DB, o.IsClusterMode, o.MasterName)
			}
		}},
		{"rediss://:s3cret@cache.example.org?dial_timeout=3s&pool_size=7", Single, func(t *testing.T, o *redis.UniversalOptions) {
			eq(t, "addrs", o.Addrs, "cache.example.org:6379")
			if o.Password != "s3cret" || o.TLSConfig == nil || o.DialTimeout != 3*time.Second || o.PoolSize != 7 {
				t.Errorf("password %q, tls %v, dial %s, pool %d", o.Password, o.TLSConfig != nil, o.DialTimeout, o.PoolSize)
			}
		}},
		{"unix:///run/redis/redis.sock?db=1", Single, func(t *testing.T, o *redis.UniversalOptions) {
			eq(t, "addrs", o.Addrs, "/run/redis/redis.sock")
			if o.DB != 1 || o.Dialer == nil {
				t.Errorf("db %d, dialer set %v", o.DB, o.Dialer != nil)
			}
		}},
		{"redis+sentinel://app:pw@10.0.0.5,10.0.0.6:26380/mymaster/3?sentinel_password=spw&read_timeout=500ms", Sentinel, func(t *testing.T, o *redis.UniversalOptions) {
			eq(t, "sentinels", o.Addrs, "10.0.0.5:26379", "10.0.0.6:26380")
			if o.MasterName != "mymaster" || o.DB != 3 || o.Username != "app" || o.Password != "pw" || o.SentinelPassword != "spw" || o.ReadTimeout != 500*time.Millisecond {
				t.Errorf("master %q db %d user %q pass %q sentinel pass %q read %s", o.MasterName, o.DB, o.Username, o.Password, o.SentinelPassword, o.ReadTimeout)
			}
		}},
		{"redis://spw@s1:26379?master_name=primary&addr=s2:26379&password=pw", Sentinel, func(t *testing.T, o *redis.UniversalOptions) {
			eq(t, "sentinels", o.Addrs, "s1:26379", "s2:26379")
			if o.MasterName != "primary" || o.Password != "pw" {
				t.Errorf("master %q pass %q", o.MasterName, o.Password)
			}
		}},
		{"redis+cluster://n1:7000,n2:7001,n3", Cluster, func(t *testing.T, o *redis.UniversalOptions) {
			eq(t, "nodes", o.Addrs, "n1:7000", "n2:7001", "n3:6379")
			if !o.IsClusterMode {
				t.Error("not in cluster mode")
			}
		}},
		{"redis+cluster://only:7000?max_redirects=5", Cluster, func(t *testing.T, o *redis.UniversalOptions) {
			eq(t, "nodes", o.Addrs, "only:7000")
			if !o.IsClusterMode || o.MaxRedirects != 5 {
				t.Errorf("cluster %v, redirects %d", o.IsClusterMode, o.MaxRedirects)
			}
		}},
		{"redis://u:p@n1:7000,n2:7001", Cluster, func(t *testing.T, o *redis.UniversalOptions) {
			eq(t, "nodes", o.Addrs, "n1:7000", "n2:7001")
			if o.Username != "u" || o.Password != "p" {
				t.Errorf("user %q pass %q", o.Username, o.Password)
			}
		}},
		{"redis://n1:7000?addr=n2:7001&addr=n3:7002", Cluster, func(t *testing.T, o *redis.UniversalOptions) {
			eq(t, "nodes", o.Addrs, "n1:7000", "n2:7001", "n3:7002")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			o, mode, err := Parse(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			if mode != tt.mode {
				t.Errorf("mode %s, want %s", mode, tt.mode)
			}
			tt.want(t, o)
			// The options choose the client the mode says.
			var got Mode
			switch c := redis.NewUniversalClient(o).(type) {
			case *redis.ClusterClient:
				got = Cluster
				_ = c.Close()
			case *redis.Client:
				got = Single
				if o.MasterName != "" {
					got = Sentinel
				}
				_ = c.Close()
			}
			if got != tt.mode {
				t.Errorf("NewUniversalClient built a %s client, want %s", got, tt.mode)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := map[string]string{
		"localhost:6379":                       "want a URL",
		"http://localhost":                     "unknown scheme",
		"redis+ring://a,b":                     "unknown scheme",
		"redis+sentinel://s1:26379":            "primary's name",
		"redis+sentinel://s1/a/b/c":            "primary's name",
		"redis+cluster://a:1,b:2/3":            "database 0 only",
		"unix+cluster:///tmp/s":                "over TCP",
		"redis://h:6379?pool_size=many":        "pool_size",
		"redis://h:6379?frobnicate=1":          "frobnicate",
		"redis+cluster://:hunter2@a:1?bogus=1": "bogus",
		"redis://:hunter2@h:6379/x":            "database",
	}
	for url, want := range tests {
		_, _, err := Parse(url)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one that says %q", url, err, want)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%s: the error repeats the password: %v", url, err)
		}
	}
}

func TestFailFast(t *testing.T) {
	o, _, err := Parse("redis://h?read_timeout=200ms&dial_timeout=30s")
	if err != nil {
		t.Fatal(err)
	}
	FailFast(o)
	if o.ReadTimeout != 200*time.Millisecond || o.DialTimeout != 2*time.Second || o.WriteTimeout != time.Second {
		t.Errorf("read %s, dial %s, write %s", o.ReadTimeout, o.DialTimeout, o.WriteTimeout)
	}
}

func TestDescribeHidesPassword(t *testing.T) {
	for _, raw := range []string{"redis://:hunter2@h:1/0", "redis+sentinel://:hunter2@s/m", "redis+cluster://u:hunter2@a:1,b:2"} {
		o, mode, err := Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if d := Describe(o, mode); strings.Contains(d, "hunter2") || !strings.Contains(d, o.Addrs[0]) {
			t.Errorf("%s: %q", raw, d)
		}
	}
}

func eq(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("%s %v, want %v", what, got, want)
	}
}

// TestOpenReal: each form of the URL reaches a real server, Sentinel or
// Cluster on loopback.
func TestOpenReal(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Redis servers: skipped with -short")
	}
	sentinel, _ := redistest.StartSentinel(t, "mymaster")
	urls := map[Mode]string{
		Single:   "redis://" + redistest.Start(t) + "/1",
		Sentinel: "redis+sentinel://" + sentinel + "/mymaster",
		Cluster:  "redis+cluster://" + strings.Join(redistest.StartCluster(t, 3), ","),
	}
	for mode, raw := range urls {
		t.Run(string(mode), func(t *testing.T) {
			c, where, err := Open(raw)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if !strings.HasPrefix(where, map[Mode]string{Single: "127.0.0.1:", Sentinel: "sentinel", Cluster: "cluster"}[mode]) {
				t.Errorf("described as %q", where)
			}
			ctx := t.Context()
			for i := range 20 {
				k := fmt.Sprintf("k%d", i)
				if err := c.Set(ctx, k, i, 0).Err(); err != nil {
					t.Fatal(err)
				}
				if v, err := c.Get(ctx, k).Int(); err != nil || v != i {
					t.Fatalf("%s: %d, %v", k, v, err)
				}
			}
			primaries := 0
			if err := ForEachPrimary(ctx, c, func(context.Context, *redis.Client) error { primaries++; return nil }); err != nil {
				t.Fatal(err)
			}
			if want := map[Mode]int{Single: 1, Sentinel: 1, Cluster: 3}[mode]; primaries != want {
				t.Errorf("%d primaries, want %d", primaries, want)
			}
		})
	}
}
