package session

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
)

// RedisLogger passes go-redis's own messages (pool and reconnect notes)
// to the portal's structured log, as warnings with source "redis",
// instead of unstructured lines on stderr. Install it with
// redis.SetLogger.
type RedisLogger struct{ Log *slog.Logger }

// Printf implements go-redis's internal.Logging.
func (l RedisLogger) Printf(ctx context.Context, format string, v ...any) {
	l.Log.WarnContext(ctx, strings.TrimSpace(fmt.Sprintf(format, v...)), "source", "redis")
}
