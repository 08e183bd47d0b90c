package config

import (
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.ListenAddr != ":8080" || c.SessionTTL != 30*time.Minute || c.RedisURL != "" || c.ContentDir != "" {
		t.Errorf("defaults: %+v", c)
	}
	if c.SecureCookies() {
		t.Error("secure cookies without https BASE_URL")
	}
	if c.StaffEnabled() || c.StaffIdle != 15*time.Minute || c.DeskIdle != 3*time.Minute {
		t.Errorf("staff defaults: %+v", c)
	}
	if c.WrongCodeBudget != 200 {
		t.Errorf("WRONG_CODE_BUDGET_PER_HOUR defaults to %d, want 200", c.WrongCodeBudget)
	}
}

func TestValues(t *testing.T) {
	c, err := Load(env(map[string]string{
		"LISTEN_ADDR": "127.0.0.1:9000", "SESSION_TTL": "45m", "BASE_URL": "https://wz.example.org/",
		"REDIS_URL": "redis://localhost:6379/0", "LOG_LEVEL": "debug", "TRUSTED_PROXIES": "10.0.0.1, 10.1.0.0/16",
		"WRONG_CODE_BUDGET_PER_HOUR": "1000",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.SessionTTL != 45*time.Minute || c.BaseURL != "https://wz.example.org" || !c.SecureCookies() || len(c.TrustedProxies) != 2 ||
		c.WrongCodeBudget != 1000 {
		t.Errorf("got %+v", c)
	}
	if p, err := c.ProxyPrefixes(); err != nil || len(p) != 2 || p[0].String() != "10.0.0.1/32" || p[1].String() != "10.1.0.0/16" {
		t.Errorf("proxy ranges %v, %v", p, err)
	}
}

func TestErrorsNameTheVariable(t *testing.T) {
	tests := map[string]map[string]string{
		"SESSION_TTL":                {"SESSION_TTL": "half an hour"},
		"LOG_LEVEL":                  {"LOG_LEVEL": "loud"},
		"BASE_URL":                   {"BASE_URL": "wz.example.org"},
		"REDIS_URL":                  {"REDIS_URL": "localhost:6379"},
		"REDIS_URL of a cluster":     {"REDIS_URL": "redis+cluster://n1:7000,n2:7001/5"},
		"CONTACT_WEBHOOK_URL":        {"CONTACT_WEBHOOK_URL": "/hook"},
		"LOG_FORMAT":                 {"LOG_FORMAT": "xml"},
		"STAFF_HEADER":               {"STAFF_HEADER": "X-Remote-User"}, // without TRUSTED_PROXIES
		"STAFF_IDLE_TIMEOUT":         {"STAFF_IDLE_TIMEOUT": "20s"},
		"DESK_IDLE_TIMEOUT":          {"DESK_IDLE_TIMEOUT": "2h"},
		"TRUSTED_PROXIES":            {"TRUSTED_PROXIES": "10.0.0.1, proxy.local"},
		"CHAT_LIMIT_PER_MINUTE":      {"CHAT_LIMIT_PER_MINUTE": "0"},
		"CSRF_SECRET":                {"CSRF_SECRET": "short"},
		"WRONG_CODE_BUDGET_PER_HOUR": {"WRONG_CODE_BUDGET_PER_HOUR": "0"},
	}
	for name, m := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Load(env(m))
			if err == nil || !strings.Contains(err.Error(), strings.Fields(name)[0]) {
				t.Errorf("err = %v, want one naming %s", err, name)
			}
		})
	}
	if _, err := Load(env(map[string]string{"SESSION_TTL": "10s"})); err == nil {
		t.Error("SESSION_TTL of 10s accepted")
	}
	for _, v := range []string{"-5", "many", "2.5"} {
		if _, err := Load(env(map[string]string{"WRONG_CODE_BUDGET_PER_HOUR": v})); err == nil || !strings.Contains(err.Error(), "WRONG_CODE_BUDGET_PER_HOUR") {
			t.Errorf("WRONG_CODE_BUDGET_PER_HOUR=%s: %v, want an error naming it", v, err)
		}
	}
}

func TestDebugAddr(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil || c.DebugAddr != "" {
		t.Fatalf("DEBUG_ADDR defaults to %q (%v); want empty, the profiler off", c.DebugAddr, err)
	}
	for _, v := range []string{"127.0.0.1:6060", "localhost:6060", ":6060", "[::1]:6060"} {
		c, err := Load(env(map[string]string{"DEBUG_ADDR": v}))
		if err != nil || c.DebugAddr != v {
			t.Errorf("DEBUG_ADDR=%s: %q, %v", v, c.DebugAddr, err)
		}
	}
	for _, v := range []string{"6060", "127.0.0.1", "127.0.0.1:http", "127.0.0.1:0", "127.0.0.1:70000", "::1:6060"} {
		if _, err := Load(env(map[string]string{"DEBUG_ADDR": v})); err == nil || !strings.Contains(err.Error(), "DEBUG_ADDR") {
			t.Errorf("DEBUG_ADDR=%s: %v, want an error naming it", v, err)
		}
	}
	// The profiler never shares the public listener.
	_, err = Load(env(map[string]string{"LISTEN_ADDR": "127.0.0.1:9000", "DEBUG_ADDR": "127.0.0.1:9000"}))
	if err == nil || !strings.Contains(err.Error(), "DEBUG_ADDR") {
		t.Errorf("DEBUG_ADDR equal to LISTEN_ADDR: %v, want an error naming it", err)
	}
}

func TestMetricsAddr(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil || c.MetricsAddr != "" {
		t.Fatalf("METRICS_ADDR defaults to %q (%v); want empty, metrics off", c.MetricsAddr, err)
	}
	for _, v := range []string{"127.0.0.1:9100", ":9100", "[::1]:9100", "10.0.0.5:9100"} {
		c, err := Load(env(map[string]string{"METRICS_ADDR": v}))
		if err != nil {
			t.Errorf("METRICS_ADDR=%s: %v", v, err)
		} else if c.MetricsAddr != v {
			t.Errorf("METRICS_ADDR=%s: read %q", v, c.MetricsAddr)
		}
	}
	for _, v := range []string{"9100", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:70000"} {
		if _, err := Load(env(map[string]string{"METRICS_ADDR": v})); err == nil || !strings.Contains(err.Error(), "METRICS_ADDR") {
			t.Errorf("METRICS_ADDR=%s: %v, want an error naming it", v, err)
		}
	}
	// Metrics never share the public listener (LISTEN_ADDR is :8080 by
	// default), nor the profiler's.
	for _, e := range []map[string]string{
		{"METRICS_ADDR": ":8080"},
		{"METRICS_ADDR": "127.0.0.1:8080"},
		{"METRICS_ADDR": "127.0.0.1:9000", "LISTEN_ADDR": "0.0.0.0:9000"},
		{"METRICS_ADDR": "127.0.0.1:9000", "LISTEN_ADDR": "127.0.0.1:9000"},
		{"METRICS_ADDR": "127.0.0.1:6060", "DEBUG_ADDR": "127.0.0.1:6060"},
	} {
		if _, err := Load(env(e)); err == nil || !strings.Contains(err.Error(), "METRICS_ADDR") {
			t.Errorf("%v: %v, want an error naming METRICS_ADDR", e, err)
		}
	}
}

// TestRedisURLForms: Sentinel and Cluster URLs are accepted as well as
// one server's.
func TestRedisURLForms(t *testing.T) {
	for _, u := range []string{"redis://localhost:6379/0", "rediss://:pw@cache:6380", "unix:///run/redis.sock",
		"redis+sentinel://s1:26379,s2:26379/mymaster", "redis+cluster://n1:7000,n2:7001,n3:7002", "redis://n1:7000,n2:7001"} {
		if _, err := Load(env(map[string]string{"REDIS_URL": u})); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
}
