package soak

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/redis/go-redis/v9"

	democontent "github.com/wegwijzer/wegwijzer/content"
	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/testproc"
	"github.com/wegwijzer/wegwijzer/locales"
)

// Settings of a run. SOAK_RESIDENTS and SOAK_GRACE change the first two;
// SOAK_DURATION is the length of the load.
const (
	defaultResidents = 16
	defaultGrace     = 60 * time.Second
	// anonymousVisitors look around without answering, to measure what
	// a visit costs Redis (nothing, it should be).
	anonymousVisitors = 100
	// redisDown and portalDown are how long each fault lasts before the
	// process is started again.
	redisDown  = 2 * time.Second
	portalDown = 2 * time.Second
	// webhookOutage: from the Redis restart on, the webhook refuses every
	// call for this long.
	webhookOutage = 10 * time.Second
	// maxUnexpected is the share of requests that may get an answer no
	// resident should get, outside what a fault explains.
	maxUnexpected = 0.001
	// streamKey is where the portal stores contact requests.
	streamKey = "wz:cr"
)

// TestSoak runs Redis and two portal processes on loopback, sends
// residents through the flow, the chat and the contact form for
// SOAK_DURATION, restarts Redis and kills one portal in the middle, and
// checks that every contact request a resident was told is sent is stored
// once and delivered, that answers are what a resident should get, and
// that looking around stores nothing. It prints the figures.
//
// It runs only when SOAK_DURATION is set (make soak sets 20s), so that
// `go test ./...` stays quick. SOAK_RESIDENTS (default 16) sets the
// residents in parallel, SOAK_GRACE (default 60s) how long after the load
// every request told sent must have reached the webhook.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("soak: skipped with -short")
	}
	if os.Getenv("SOAK_DURATION") == "" {
		t.Skip("soak: set SOAK_DURATION (e.g. 20s) or run `make soak`")
	}
	dur := envDuration(t, "SOAK_DURATION", 20*time.Second)
	grace := envDuration(t, "SOAK_GRACE", defaultGrace)
	nres := defaultResidents
	if v := os.Getenv("SOAK_RESIDENTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 3 {
			t.Fatalf("SOAK_RESIDENTS: want a whole number of at least 3, got %q", v)
		}
		nres = n
	}
	ctx := context.Background()

	rs := startRedis(t)
	c, err := content.Load(democontent.Demo, locales.FS)
	if err != nil {
		t.Fatalf("soak: demo content: %v", err)
	}
	bin := testproc.Build(t, t.TempDir(), "github.com/wegwijzer/wegwijzer/cmd/wegwijzer")
	admin := redis.NewClient(&redis.Options{Addr: rs.addr})
	t.Cleanup(func() { _ = admin.Close() })

	secret := randomHex(t, 16)
	hook := newWebhook(secret)
	hookSrv := httptest.NewServer(hook)
	t.Cleanup(hookSrv.Close)

	env := []string{
		"REDIS_URL=redis://" + rs.addr + "/0",
		"CONTACT_WEBHOOK_URL=" + hookSrv.URL + "/aanvragen",
		"CONTACT_WEBHOOK_SECRET=" + secret,
		// One secret for both, so a form from one portal is taken by the other.
		"CSRF_SECRET=" + randomHex(t, 32),
		// Every resident comes from 127.0.0.1: the limits per address
		// would otherwise refuse most of them.
		"CHAT_LIMIT_PER_MINUTE=1000000",
		"CONTACT_LIMIT_PER_SESSION=1000",
		"CONTACT_LIMIT_PER_ADDRESS=1000000",
		"LOG_LEVEL=info", "LOG_FORMAT=json", "SHUTDOWN_TIMEOUT=10s",
		// Nothing from the developer's own settings.
		"CONTENT_DIR=", "ASSETS_DIR=", "BASE_URL=", "TRUSTED_PROXIES=",
		"STAFF_ACCOUNTS_FILE=", "STAFF_HEADER=", "METRICS_ADDR=", "DEBUG_ADDR=",
	}
	logDir := t.TempDir()
	var portals []*testproc.Process
	for _, name := range []string{"a", "b"} {
		p := &testproc.Process{Name: name, Bin: bin, Args: []string{"serve"}, Addr: testproc.FreeAddr(t), Env: env,
			LogPath: filepath.Join(logDir, "portal-"+name+".log")}
		if err := p.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.Stop)
		portals = append(portals, p)
	}

	transport := &http.Transport{Proxy: nil, MaxIdleConns: 256, MaxIdleConnsPerHost: 64, IdleConnTimeout: 30 * time.Second}
	t.Cleanup(transport.CloseIdleConnections)
	run := &soakRun{portals: portals, def: c.Flow, rec: &recorder{}, contacts: &contactLog{}, transport: transport}
	for _, p := range c.Catalog.Places {
		run.places = append(run.places, p.ID)
	}

	// Anonymous visitors first, on a quiet Redis.
	anon := measureAnonymous(ctx, t, run, admin)
	rssBefore := make([]int64, len(portals))
	pidsBefore := make([]int, len(portals))
	for i, p := range portals {
		pidsBefore[i] = p.PID()
		rssBefore[i], _ = testproc.RSSKB(p.PID())
	}

	// The load, with the faults in the middle.
	loadCtx, cancel := context.WithTimeout(ctx, dur)
	defer cancel()
	t0 := time.Now()
	var residents []*resident
	var wg sync.WaitGroup
	for i := range nres {
		r := newResident(run, i, kindOf(i))
		residents = append(residents, r)
		wg.Add(1)
		go func() { defer wg.Done(); r.live(loadCtx) }()
	}
	faults := make(chan faultReport, 1)
	go func() { faults <- injectFaults(t0, dur, rs, portals[1], hook, run.rec) }()
	fr := <-faults
	wg.Wait()
	loadEnd := time.Now()
	if fr.err != nil {
		t.Fatalf("soak: fault injection: %v", fr.err)
	}

	// What was stored, and what must reach the webhook.
	stored, err := readStream(ctx, admin)
	if err != nil {
		t.Fatalf("soak: read %s: %v", streamKey, err)
	}
	cf := compareContacts(run.contacts.attempts, stored)
	deadline := loadEnd.Add(grace)
	for len(hook.missing(cf.required)) > 0 && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	missing := hook.missing(cf.required)
	waited := time.Since(loadEnd)
	held := whereHeld(ctx, admin, stored, missing, portals)

	after, _ := testproc.Usage(ctx, admin)
	rssAfter := make([]int64, len(portals))
	for i, p := range portals {
		rssAfter[i], _ = testproc.RSSKB(p.PID())
	}
	for _, p := range portals {
		p.Stop()
	}

	rep := report{
		dur: dur, grace: grace, waited: waited, residents: residents, run: run, faults: fr,
		anon: anon, contacts: cf, missing: missing, held: held, hook: hook.figures(), after: after,
		pidsBefore: pidsBefore, rssBefore: rssBefore, rssAfter: rssAfter, req: run.rec.tally(),
	}
	storedRefs := map[string]bool{}
	for _, s := range stored {
		storedRefs[s.ref] = true
	}
	for ref := range rep.hook.delivered {
		if !storedRefs[ref] {
			rep.stray++
		}
	}
	fmt.Print(rep.String())
	for _, f := range rep.failures() {
		t.Error(f)
	}
}

// faultReport says when the faults happened, for the report.
type faultReport struct {
	redisOff, redisOn, portalOff, portalOn time.Duration // since the load began
	err                                    error
}

// injectFaults restarts Redis at 20 % of the run (SHUTDOWN, which syncs
// the append-only file, then redis-server again on the same port and
// folder) and kills portal b with SIGKILL at 50 % (then starts it again;
// it takes some seconds to be ready).
// The webhook refuses every call for a while from the Redis restart on.
func injectFaults(t0 time.Time, dur time.Duration, rs *redisServer, victim *testproc.Process, hook *webhook, rec *recorder) faultReport {
	var fr faultReport
	time.Sleep(time.Until(t0.Add(dur * 2 / 10)))
	from := time.Now()
	fr.redisOff = from.Sub(t0)
	hook.failFor(webhookOutage)
	if fr.err = rs.shutdown(); fr.err != nil {
		return fr
	}
	time.Sleep(redisDown)
	if fr.err = rs.start(); fr.err != nil {
		return fr
	}
	fr.redisOn = time.Since(t0)
	// Each portal's pool finds its connections dead on first use.
	rec.window(faultWindow{name: "redis restart", inst: -1, from: from, to: time.Now().Add(3 * time.Second)})

	time.Sleep(time.Until(t0.Add(dur * 5 / 10)))
	from = time.Now()
	fr.portalOff = from.Sub(t0)
	if fr.err = victim.Kill(); fr.err != nil {
		return fr
	}
	time.Sleep(portalDown)
	fr.err = victim.Start()
	fr.portalOn = time.Since(t0)
	rec.window(faultWindow{name: "portal " + victim.Name + " killed", inst: 1, from: from, to: time.Now().Add(time.Second)})
	return fr
}

// anonFigures is what anonymous visitors cost Redis.
type anonFigures struct {
	visitors, requests, sessions int
	before, after                testproc.RedisUsage
}

// measureAnonymous sends visitors with no cookie through the pages one
// only looks at, and compares Redis's keys and memory before and after.
func measureAnonymous(ctx context.Context, t *testing.T, run *soakRun, admin *redis.Client) anonFigures {
	t.Helper()
	f := anonFigures{visitors: anonymousVisitors}
	time.Sleep(200 * time.Millisecond) // the portals' start-up writes settle
	var err error
	if f.before, err = testproc.Usage(ctx, admin); err != nil {
		t.Fatalf("soak: redis usage: %v", err)
	}
	n0 := len(run.rec.recs)
	var mu sync.Mutex
	testproc.Each(anonymousVisitors, 8, func(i int) {
		r := newResident(run, i, "anonymous")
		if r.visitAnonymously() {
			mu.Lock()
			f.sessions++
			mu.Unlock()
		}
	})
	f.requests = len(run.rec.recs) - n0
	if f.after, err = testproc.Usage(ctx, admin); err != nil {
		t.Fatalf("soak: redis usage: %v", err)
	}
	return f
}

// storedRequest is one entry of the contact request stream.
type storedRequest struct {
	id, ref, tag string
}

func readStream(ctx context.Context, c *redis.Client) ([]storedRequest, error) {
	msgs, err := c.XRange(ctx, streamKey, "-", "+").Result()
	if err != nil {
		return nil, err
	}
	out := make([]storedRequest, 0, len(msgs))
	for _, m := range msgs {
		raw, _ := m.Values["request"].(string)
		var r struct {
			Ref         string `json:"ref"`
			Description string `json:"description"`
		}
		if err := json.Unmarshal([]byte(raw), &r); err != nil {
			return nil, fmt.Errorf("entry %s: %w", m.ID, err)
		}
		s := storedRequest{id: m.ID, ref: r.Ref}
		if mt := tagRe.FindStringSubmatch(r.Description); mt != nil {
			s.tag = mt[1]
		}
		out = append(out, s)
	}
	return out, nil
}

// whereHeld says, for each request that never reached the webhook, where
// it waits in the stream's consumer groups: pending with which portal
// process (alive or not), how long since it was last read and how often
// it was read, or not read yet. The counts are keyed by that description.
func whereHeld(ctx context.Context, c *redis.Client, stored []storedRequest, missing []string, portals []*testproc.Process) map[string]int {
	if len(missing) == 0 {
		return nil
	}
	out := map[string]int{}
	idOf := map[string]string{}
	for _, s := range stored {
		idOf[s.ref] = s.id
	}
	groups, err := c.XInfoGroups(ctx, streamKey).Result()
	if err != nil || len(groups) == 0 {
		out["no consumer group on "+streamKey+" (delivery is in memory only)"] = len(missing)
		return out
	}
	for _, g := range groups {
		pending, err := c.XPendingExt(ctx, &redis.XPendingExtArgs{Stream: streamKey, Group: g.Name, Start: "-", End: "+", Count: 100000}).Result()
		if err != nil {
			out[fmt.Sprintf("group %s: %v", g.Name, err)] = len(missing)
			continue
		}
		byID := map[string]redis.XPendingExt{}
		for _, p := range pending {
			byID[p.ID] = p
		}
		for _, ref := range missing {
			id := idOf[ref]
			p, ok := byID[id]
			switch {
			case id == "":
				out["not in the stream"]++
			case ok:
				out[fmt.Sprintf("group %s: pending with %s, last read %s ago, read %d times",
					g.Name, consumerOwner(p.Consumer, portals), p.Idle.Round(10*time.Second), p.RetryCount)]++
			case streamIDAfter(id, g.LastDeliveredID):
				out[fmt.Sprintf("group %s: not read by any consumer yet", g.Name)]++
			default:
				out[fmt.Sprintf("group %s: acknowledged, but the webhook never took it", g.Name)]++
			}
		}
	}
	return out
}

// consumerOwner names the portal process behind a consumer, whose name
// ends in "-<pid>-<random>".
func consumerOwner(consumer string, portals []*testproc.Process) string {
	parts := strings.Split(consumer, "-")
	if len(parts) >= 2 {
		if pid, err := strconv.Atoi(parts[len(parts)-2]); err == nil {
			for _, p := range portals {
				pids := p.PIDs()
				for i, q := range pids {
					if q == pid {
						state := "running"
						if i < len(pids)-1 {
							state = "killed"
						}
						return fmt.Sprintf("portal %s (pid %d, %s)", p.Name, pid, state)
					}
				}
			}
		}
	}
	return "consumer " + consumer
}

// streamIDAfter reports whether stream id a comes after b.
func streamIDAfter(a, b string) bool {
	am, as, _ := strings.Cut(a, "-")
	bm, bs, _ := strings.Cut(b, "-")
	ami, _ := strconv.ParseUint(am, 10, 64)
	bmi, _ := strconv.ParseUint(bm, 10, 64)
	if ami != bmi {
		return ami > bmi
	}
	asi, _ := strconv.ParseUint(as, 10, 64)
	bsi, _ := strconv.ParseUint(bs, 10, 64)
	return asi > bsi
}

// contactFigures compares what residents were told with what was stored.
type contactFigures struct {
	posted     int
	byOutcome  map[string]int
	accepted   int
	entries    int // stream entries
	refs       int // distinct refs among them
	duplicates int // entries beyond the first for a ref or a form post
	// Stored entries by what the resident who posted them was told.
	storedBy map[string]int
	unknown  int // stored, matching no post of this run
	// notStored: accepted refs missing from the stream.
	notStored []string
	// required: refs that must reach the webhook (every request the
	// resident was told is sent); optional: stored ones they were not.
	required, optional []string
	refMismatch        int // stored ref differs from the one shown
}

func compareContacts(attempts []*contactAttempt, stored []storedRequest) contactFigures {
	cf := contactFigures{posted: len(attempts), byOutcome: map[string]int{}, storedBy: map[string]int{}, entries: len(stored)}
	byTag := map[string]*contactAttempt{}
	for _, a := range attempts {
		cf.byOutcome[a.outcome]++
		byTag[a.tag] = a
		if a.outcome == outAccepted {
			cf.accepted++
		}
	}
	seenRef, seenTag := map[string]bool{}, map[string]bool{}
	storedRef := map[string]bool{}
	for _, s := range stored {
		storedRef[s.ref] = true
		if seenRef[s.ref] || (s.tag != "" && seenTag[s.tag]) {
			cf.duplicates++
			continue
		}
		seenRef[s.ref], seenTag[s.tag] = true, true
		a := byTag[s.tag]
		if a == nil {
			cf.unknown++
			continue
		}
		cf.storedBy[a.outcome]++
		switch a.outcome {
		case outAccepted:
			if a.ref != s.ref {
				cf.refMismatch++
			}
			cf.required = append(cf.required, s.ref)
		case outSentNoConf:
			cf.required = append(cf.required, s.ref)
		default:
			cf.optional = append(cf.optional, s.ref)
		}
	}
	cf.refs = len(seenRef)
	for _, a := range attempts {
		if a.outcome == outAccepted && !storedRef[a.ref] {
			cf.notStored = append(cf.notStored, a.ref)
			cf.required = append(cf.required, a.ref)
		}
	}
	return cf
}

// report is everything a run found.
type report struct {
	dur, grace, waited  time.Duration
	residents           []*resident
	run                 *soakRun
	faults              faultReport
	anon                anonFigures
	contacts            contactFigures
	missing             []string
	held                map[string]int // where missing requests wait, see whereHeld
	hook                webhookFigures
	after               testproc.RedisUsage
	pidsBefore          []int
	rssBefore, rssAfter []int64
	req                 requestFigures
	stray               int // refs the webhook got that were never stored
}

// failures are the reasons the run fails; none when it passes.
func (r *report) failures() []string {
	var out []string
	cf := r.contacts
	if cf.accepted == 0 {
		out = append(out, "no contact request was accepted: the run proves nothing")
	}
	if len(cf.notStored) > 0 {
		out = append(out, fmt.Sprintf("%d accepted contact requests are not stored: %v", len(cf.notStored), first(cf.notStored, 10)))
	}
	if cf.duplicates > 0 {
		out = append(out, fmt.Sprintf("%d contact requests are stored more than once", cf.duplicates))
	}
	if n := cf.storedBy[outRefused]; n > 0 {
		out = append(out, fmt.Sprintf("%d contact requests are stored although the resident was told they were not sent", n))
	}
	if cf.unknown > 0 {
		out = append(out, fmt.Sprintf("%d stored contact requests match no form posted in this run", cf.unknown))
	}
	if cf.refMismatch > 0 {
		out = append(out, fmt.Sprintf("%d stored contact requests have another reference than the resident was shown", cf.refMismatch))
	}
	if len(r.missing) > 0 {
		out = append(out, fmt.Sprintf("%d of %d contact requests the residents were told are sent never reached the webhook within %s after the load: %v",
			len(r.missing), len(cf.required), r.grace, first(r.missing, 10)))
	}
	if r.stray > 0 {
		out = append(out, fmt.Sprintf("the webhook got %d references that were never stored", r.stray))
	}
	if r.hook.BadSignature > 0 || r.hook.BadBody > 0 {
		out = append(out, fmt.Sprintf("webhook got %d calls with a bad signature and %d with a bad body", r.hook.BadSignature, r.hook.BadBody))
	}
	if q := r.req; q.requests == 0 || float64(q.unexpected) > maxUnexpected*float64(q.requests) {
		out = append(out, fmt.Sprintf("%d of %d requests got an answer no resident should get (limit %.1f%%)", q.unexpected, q.requests, 100*maxUnexpected))
	}
	if n := r.anon.after.Keys - r.anon.before.Keys; n != 0 {
		out = append(out, fmt.Sprintf("%d anonymous visitors left %d keys in Redis; want none", r.anon.visitors, n))
	}
	if r.anon.sessions > 0 {
		out = append(out, fmt.Sprintf("%d anonymous visitors were given a session cookie", r.anon.sessions))
	}
	return out
}

func first(s []string, n int) []string { return s[:min(n, len(s))] }

// String is the run's figures as tables.
func (r *report) String() string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	kinds := map[string]int{}
	for _, res := range r.residents {
		kinds[res.kind]++
	}
	journeys := map[string]int{}
	for _, res := range r.residents {
		journeys[res.kind] += res.journeys
	}
	fmt.Fprintf(&b, "\n=== Soak: %s, %d residents (%d flow, %d contact, %d chat), portals a and b, Redis with AOF (everysec)\n",
		r.dur, len(r.residents), kinds[kindFlow], kinds[kindContact], kinds[kindChat])
	fmt.Fprintf(&b, "Journeys: %d flow, %d contact, %d chat\n", journeys[kindFlow], journeys[kindContact], journeys[kindChat])
	fmt.Fprintf(&b, "Faults: Redis SHUTDOWN at %s, answering again at %s; portal b SIGKILL at %s, ready again at %s.\n",
		r.faults.redisOff.Round(100*time.Millisecond), r.faults.redisOn.Round(100*time.Millisecond),
		r.faults.portalOff.Round(100*time.Millisecond), r.faults.portalOn.Round(100*time.Millisecond))
	fmt.Fprintf(&b, "Webhook: refuses (503) every %dth call, and every call for %s from the Redis SHUTDOWN.\n\n", failEvery, webhookOutage)

	q := r.req
	names := make([]string, 0, len(q.groups))
	for n := range q.groups {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "Requests\tcount\tnot as expected\tp50\tp99\t")
	for _, n := range names {
		g := q.groups[n]
		fmt.Fprintf(w, "%s\t%d\t%d\t%s\t%s\t\n", n, g.n, g.dev, ms(percentile(g.lat, 0.5)), ms(percentile(g.lat, 0.99)))
	}
	fmt.Fprintf(w, "all\t%d\t%d\t%s\t%s\t\n", q.requests, q.deviations, ms(percentile(q.all, 0.5)), ms(percentile(q.all, 0.99)))
	w.Flush()

	fmt.Fprintln(&b)
	fmt.Fprintln(w, "Errors by kind\texpected (during a fault)\tunexpected\t")
	kindNames := make([]string, 0, len(q.byKind))
	for k := range q.byKind {
		kindNames = append(kindNames, k)
	}
	sort.Strings(kindNames)
	for _, k := range kindNames {
		var fs []string
		for f := range q.faultsOf[k] {
			fs = append(fs, f)
		}
		slices.Sort(fs)
		exp := strconv.Itoa(q.byKind[k][0])
		if len(fs) > 0 {
			exp += " (" + strings.Join(fs, ", ") + ")"
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t\n", k, exp, q.byKind[k][1])
	}
	if len(kindNames) == 0 {
		fmt.Fprintln(w, "none\t\t\t")
	}
	w.Flush()
	fmt.Fprintf(&b, "Unexpected answers: %d of %d requests (%.3f%%; the limit is %.1f%%)\n\n",
		q.unexpected, q.requests, 100*float64(q.unexpected)/float64(max(q.requests, 1)), 100*maxUnexpected)

	cf := r.contacts
	fmt.Fprintln(w, "Contact requests\t\t")
	fmt.Fprintf(w, "forms posted\t%d\t\n", cf.posted)
	for _, o := range []string{outAccepted, outSentNoConf, outRefused, outNoAnswer} {
		fmt.Fprintf(w, "  %s\t%d\t\n", o, cf.byOutcome[o])
	}
	fmt.Fprintf(w, "stored in %s\t%d entries, %d refs, %d duplicates\t\n", streamKey, cf.entries, cf.refs, cf.duplicates)
	for _, o := range []string{outAccepted, outSentNoConf, outRefused, outNoAnswer} {
		fmt.Fprintf(w, "  stored, resident saw: %s\t%d\t\n", o, cf.storedBy[o])
	}
	fmt.Fprintf(w, "  stored, matching no form of this run\t%d\t\n", cf.unknown)
	fmt.Fprintf(w, "accepted but not stored\t%d\t\n", len(cf.notStored))
	fmt.Fprintf(w, "accepted vs stored\t%d accepted, %d of them stored\t\n", cf.accepted, cf.storedBy[outAccepted])
	delivered := len(cf.required) - len(r.missing)
	fmt.Fprintf(w, "delivered to the webhook\t%d of %d told sent (waited %s of %s grace); missing %d\t\n",
		delivered, len(cf.required), r.waited.Round(100*time.Millisecond), r.grace, len(r.missing))
	optDelivered := 0
	for _, ref := range cf.optional {
		if r.hook.delivered[ref] > 0 {
			optDelivered++
		}
	}
	fmt.Fprintf(w, "  also delivered: stored but not told sent\t%d of %d\t\n", optDelivered, len(cf.optional))
	fmt.Fprintf(w, "  delivered but never stored\t%d\t\n", r.stray)
	fmt.Fprintf(w, "redeliveries (same ref accepted again)\t%d\t\n", r.hook.Redeliveries)
	fmt.Fprintf(w, "webhook calls\t%d: %d accepted, %d refused in the outage, %d refused as every %dth, %d bad signature, %d bad body\t\n",
		r.hook.Calls, r.hook.Deliveries, r.hook.RefusedOutage, r.hook.RefusedEvery, failEvery, r.hook.BadSignature, r.hook.BadBody)
	w.Flush()
	if len(r.held) > 0 {
		keys := make([]string, 0, len(r.held))
		for k := range r.held {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		fmt.Fprintln(&b, "Missing deliveries, where they wait:")
		for _, k := range keys {
			fmt.Fprintf(&b, "  %3d  %s\n", r.held[k], k)
		}
	}

	fmt.Fprintln(&b)
	a := r.anon
	fmt.Fprintf(w, "Redis per anonymous visitor\t%d visitors, %d requests, no cookie at first\t\n", a.visitors, a.requests)
	fmt.Fprintf(w, "keys (DBSIZE)\t%d before, %d after: %d new (%.2f per visitor; target 0)\t\n",
		a.before.Keys, a.after.Keys, a.after.Keys-a.before.Keys, float64(a.after.Keys-a.before.Keys)/float64(a.visitors))
	fmt.Fprintf(w, "used_memory\t%d before, %d after: %+d B (%+.1f B per visitor)\t\n",
		a.before.Memory, a.after.Memory, a.after.Memory-a.before.Memory, float64(a.after.Memory-a.before.Memory)/float64(a.visitors))
	fmt.Fprintf(w, "connected clients\t%d before, %d after (each costs Redis some memory)\t\n", a.before.Clients, a.after.Clients)
	fmt.Fprintf(w, "session cookies given\t%d\t\n", a.sessions)
	fmt.Fprintf(w, "Redis after the run\t%d keys, used_memory %.1f MB\t\n", r.after.Keys, float64(r.after.Memory)/(1<<20))
	w.Flush()

	fmt.Fprintln(&b)
	fmt.Fprintln(w, "Portal memory (VmRSS)\tpid at start\tat start\tpid at the end\tat the end\tstart-up to ready\t")
	for i, p := range r.run.portals {
		var starts []string
		for _, d := range p.Starts() {
			starts = append(starts, d.Round(100*time.Millisecond).String())
		}
		pids := p.PIDs()
		fmt.Fprintf(w, "%s\t%d\t%.1f MB\t%d\t%.1f MB\t%s\t\n", p.Name, r.pidsBefore[i], float64(r.rssBefore[i])/1024,
			pids[len(pids)-1], float64(r.rssAfter[i])/1024, strings.Join(starts, ", "))
	}
	w.Flush()

	fmt.Fprintln(&b)
	fmt.Fprintln(w, "Portal warnings and errors in the log\ta\tb\t")
	la, lb := testproc.LogCounts(r.run.portals[0].LogPath), testproc.LogCounts(r.run.portals[1].LogPath)
	var msgs []string
	for m := range la {
		msgs = append(msgs, m)
	}
	for m := range lb {
		if _, ok := la[m]; !ok {
			msgs = append(msgs, m)
		}
	}
	sort.Strings(msgs)
	for _, m := range msgs {
		fmt.Fprintf(w, "%s\t%d\t%d\t\n", m, la[m], lb[m])
	}
	w.Flush()
	fmt.Fprintln(&b)
	return b.String()
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}

func randomHex(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

func envDuration(t *testing.T, key string, def time.Duration) time.Duration {
	t.Helper()
	v := os.Getenv(key)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		t.Fatalf("%s: want a duration such as 20s or 2m, got %q", key, v)
	}
	return d
}
