package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wegwijzer/wegwijzer/internal/contact"
	"github.com/wegwijzer/wegwijzer/internal/redisconn"
	"github.com/wegwijzer/wegwijzer/internal/redistest"
)

// TestRedisCluster runs the portal on a real Redis Cluster of three
// primaries, reached through REDIS_URL's cluster form and wired as main
// wires it (Deps.UseRedis): a resident's flow, a resume code used in
// another browser, a contact request stored once, delivered by the
// consumer group and claimed in the inbox. Sessions spread over the
// primaries; the contact stream's keys share one slot.
func TestRedisCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Redis Cluster: skipped with -short")
	}
	ctx := t.Context()
	addrs := redistest.StartCluster(t, 3)
	client, where, err := redisconn.Open("redis+cluster://" + strings.Join(addrs, ","))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close() })
	if _, ok := client.(*redis.ClusterClient); !ok || !strings.HasPrefix(where, "cluster of ") {
		t.Fatalf("REDIS_URL opened a %T (%s), want a cluster client", client, where)
	}

	d, _ := testDeps(t)
	withStaff(t, &d)
	stream := d.UseRedis(client)
	t.Cleanup(d.CloseOutcomes)
	hook := &webhook{}
	hookSrv := httptest.NewServer(hook)
	t.Cleanup(hookSrv.Close)
	delivery := contact.NewDelivery(stream, d.Log, []contact.Sink{contact.NewWebhookSink(hookSrv.URL, "s3cret", hookSrv.Client())},
		contact.DeliveryOptions{Base: 10 * time.Millisecond})
	dctx, stop := context.WithCancel(ctx)
	delivered := make(chan struct{})
	go func() { defer close(delivered); delivery.Run(dctx) }()
	t.Cleanup(func() { stop(); <-delivered })
	srv := startServer(t, d)

	// Several residents: their sessions land on more than one primary.
	for range 6 {
		walk(t, newBrowser(t, srv.URL), "nl", carerSteps...)
	}
	perNode := map[string]int64{}
	err = redisconn.ForEachPrimary(ctx, client, func(ctx context.Context, n *redis.Client) error {
		keys, err := n.Keys(ctx, keySessions+"*").Result()
		perNode[n.Options().Addr] = int64(len(keys))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	spread := 0
	for _, n := range perNode {
		if n > 0 {
			spread++
		}
	}
	if spread < 2 {
		t.Errorf("sessions per primary %v: want them on more than one", perNode)
	}

	// A resume code, made in one browser and used in another.
	a := newBrowser(t, srv.URL)
	results := walk(t, a, "nl", carerSteps...)
	if r := a.post("/nl/uitkomst/code", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("make code: %d\n%.800s", r.Status, r.Body)
	}
	page, _ := a.follow("/nl/uitkomst")
	m := codeRe.FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatal("no code on the results")
	}
	b := newBrowser(t, srv.URL)
	b.get("/nl/code")
	if r := b.post("/nl/code", url.Values{"code": {m[1]}}); r.Status != http.StatusSeeOther || r.Location != "/nl/uitkomst" {
		t.Fatalf("use code: %d → %s", r.Status, r.Location)
	}
	if got, want := serviceHeadings(b.get("/nl/uitkomst").Body), serviceHeadings(results.Body); got != want || got == "" {
		t.Errorf("the code brought back the services %q, want %q", got, want)
	}

	// A contact request: stored, delivered, claimed in the inbox.
	id := requestFrom(t, d, srv, "Fatima Yilmaz")
	if got := hook.waitFor(t, 1); got[0].Name != "Fatima Yilmaz" {
		t.Errorf("delivered %+v", got[0])
	}
	anna := newBrowser(t, srv.URL)
	signIn(t, anna, "anna")
	anna.get("/nl/medewerker/aanvragen/" + id)
	if r := anna.post("/nl/medewerker/aanvragen/"+id, url.Values{"from": {"new"}, "to": {"claimed"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("claim: %d\n%.800s", r.Status, r.Body)
	}
	if r := anna.get("/nl/medewerker/aanvragen?toon=claimed"); !strings.Contains(r.Body, "Fatima Yilmaz") {
		t.Error("the claimed request is not listed as claimed")
	}
	e, err := stream.Entry(ctx, id)
	if err != nil || e.State != contact.Claimed || len(e.History) != 1 {
		t.Fatalf("entry %+v, %v", e, err)
	}

	// Every key of the stream is in the stream's slot.
	slot := client.ClusterKeySlot(ctx, keyContacts).Val()
	var tagged []string
	err = redisconn.ForEachPrimary(ctx, client, func(ctx context.Context, n *redis.Client) error {
		keys, err := n.Keys(ctx, "{"+keyContacts+"}:*").Result()
		tagged = append(tagged, keys...)
		return err
	})
	if err != nil || len(tagged) < 3 {
		t.Fatalf("keys beside the stream %v, %v: want state, history, reference and delivery", tagged, err)
	}
	for _, k := range tagged {
		if s := client.ClusterKeySlot(ctx, k).Val(); s != slot {
			t.Errorf("%s is in slot %d, the stream in %d", k, s, slot)
		}
	}
}

var serviceHeadingRe = regexp.MustCompile(`<h[234] id="(s-[a-z0-9-]+)"`)

// serviceHeadings lists the ids of the service cards on a results page.
func serviceHeadings(body string) string {
	var ids []string
	for _, m := range serviceHeadingRe.FindAllStringSubmatch(body, -1) {
		ids = append(ids, m[1])
	}
	return strings.Join(ids, " ")
}
