package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/wegwijzer/wegwijzer/internal/redistest"
	"github.com/wegwijzer/wegwijzer/internal/session"
)

// limitDeps are test dependencies with sessions and the counts of limits
// in a real redis-server, as in production.
func limitDeps(t *testing.T) (Deps, *redis.Client) {
	t.Helper()
	client := redistest.Client(t)
	d, _ := testDeps(t)
	d.Sessions = session.NewRedis(client, "wz:s:")
	d.Limits = session.NewRedisCounter(client, "wz:rl:")
	return d, client
}

// TestChatFloodLimited: one address sending chat messages without a
// session is refused after CHAT_LIMIT_PER_MINUTE, in its language, and
// stores no more sessions than that in Redis; crisis help still answers
// over the limit; signed-in staff at a desk are not counted.
func TestChatFloodLimited(t *testing.T) {
	d, client := limitDeps(t)
	withStaff(t, &d)
	cfg := *d.Config
	cfg.ChatPerMinute = 5
	d.Config = &cfg
	srv := startServer(t, d)
	api := srv.URL + "/api/v1/chat"
	c := &http.Client{}

	var ok, refused int
	for range 20 {
		status, r := postJSON(t, c, api, map[string]string{"session": "", "lang": "en", "text": "I need help with my bills"}, nil)
		switch status {
		case http.StatusOK:
			ok++
		case http.StatusTooManyRequests:
			refused++
			if r.Error != "You are sending many messages in a short time. Wait a minute, then send your message again." {
				t.Errorf("refusal says %q", r.Error)
			}
		default:
			t.Fatalf("status %d", status)
		}
	}
	if ok != 5 || refused != 15 {
		t.Errorf("%d answered, %d refused; want 5 and 15", ok, refused)
	}
	keys, err := client.Keys(context.Background(), "wz:s:*").Result()
	if err != nil || len(keys) > 5 {
		t.Errorf("%d sessions stored after the flood (%v), want at most 5", len(keys), err)
	}
	// Over the limit, crisis help still answers at once.
	status, r := postJSON(t, c, api, map[string]string{"session": "", "lang": "nl", "text": "ik wil niet meer leven"}, nil)
	if status != http.StatusOK || !r.Urgent || r.Saved {
		t.Errorf("crisis over the limit: %d urgent %v saved %v", status, r.Urgent, r.Saved)
	}

	// The page: over the limit, the typed text stays.
	b := newBrowser(t, srv.URL)
	b.get("/nl/chat")
	if got := b.post("/nl/chat", url.Values{"text": {"ik heb schulden"}}); got.Status != http.StatusTooManyRequests || !strings.Contains(got.Body, "Wacht een minuut") || !strings.Contains(got.Body, "ik heb schulden") {
		t.Errorf("page over the limit: %d\n%.1500s", got.Status, got.Body)
	}

	// Staff at a desk are not counted.
	staffB := newBrowser(t, srv.URL)
	signIn(t, staffB, "anna")
	for i := range 8 {
		staffB.get("/nl/chat")
		if got := staffB.post("/nl/chat", url.Values{"text": {"ik voel me alleen"}}); got.Status != http.StatusSeeOther {
			t.Fatalf("staff message %d: %d", i+1, got.Status)
		}
	}
}
