package session_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/wegwijzer/wegwijzer/internal/session"
)

// TestRedisLogger: go-redis's messages come out as one structured line.
func TestRedisLogger(t *testing.T) {
	var buf bytes.Buffer
	l := session.RedisLogger{Log: slog.New(slog.NewJSONHandler(&buf, nil))}
	l.Printf(context.Background(), "redis: %s:%d: connection pool: %s\n", "pool.go", 42, "bad connection")
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatalf("not one JSON line: %q", buf.String())
	}
	if line["level"] != "WARN" || line["source"] != "redis" || line["msg"] != "redis: pool.go:42: connection pool: bad connection" {
		t.Errorf("logged %v", line)
	}
}
