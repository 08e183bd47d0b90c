package main

import (
	"context"
	"os"

	"github.com/wegwijzer/wegwijzer/internal/reload"
)

// reloadOnHangup reloads the content on every signal on sig (SIGHUP)
// until ctx ends. Signals that come while a reload runs are one reload
// after it: sig holds one.
func reloadOnHangup(ctx context.Context, sig <-chan os.Signal, reloadFn func(context.Context, reload.Request) reload.Outcome) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-sig:
			reloadFn(ctx, reload.Request{Trigger: reload.Signal})
		}
	}
}
