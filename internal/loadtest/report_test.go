package loadtest

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/testproc"
)

// report is everything a run found.
type report struct {
	dur                            time.Duration
	conns                          int
	loadavg                        string // the machine's, before the run
	run                            *loadRun
	results                        []*result
	checks                         []*check
	anonKeys                       anonKeys
	sessions                       sessionFigures
	rssIdle, rssSessions, rssAfter int64 // kB
	redisAfter                     testproc.RedisUsage
	warnings                       map[string]int
}

// failures are the reasons the run fails: wrong answers and keys left by
// anonymous visitors. The goals of issue 15 are printed, not enforced.
func (r *report) failures() []string {
	var out []string
	for _, res := range r.results {
		if res.requests == 0 {
			out = append(out, fmt.Sprintf("%s: no answer in the measured window: %s", res.t.name, devList(res.devs)))
			continue
		}
		if n := res.unexpected(); float64(n) > maxUnexpected*float64(res.sent) {
			out = append(out, fmt.Sprintf("%s: %d of %d requests got an answer no resident should get (limit %.1f%%): %s",
				res.t.name, n, res.sent, 100*maxUnexpected, devList(res.devs)))
		}
	}
	for _, c := range r.checks {
		if n := c.unexpected(); c.sent == 0 || float64(n) > maxUnexpected*float64(c.sent) {
			out = append(out, fmt.Sprintf("%s: %d of %d requests got an answer no resident should get: %s", c.name, n, c.sent, devList(c.devs)))
		}
	}
	if _, keys := r.anonKeys.total(); keys != 0 {
		out = append(out, fmt.Sprintf("requests without a session left %d keys in Redis; want none", keys))
	}
	for _, e := range r.run.profileErrs {
		out = append(out, "profile "+e)
	}
	return out
}

func devList(devs map[string]int) string {
	keys := make([]string, 0, len(devs))
	for k := range devs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s (%d)", k, devs[k]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func metOr(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT MET"
}

// String is the run's figures as tables.
func (r *report) String() string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(&b, "\n=== Load: %d workers per target, %s measured after %s warm-up, %d CPUs (GOMAXPROCS %d); portal, floor, Redis and the load generator share them\n",
		r.conns, r.dur, warmup, runtime.NumCPU(), runtime.GOMAXPROCS(0))
	fmt.Fprintf(&b, "Load average before the run: %s (other work on the machine skews every figure, the ratios to the floor less)\n\n", r.loadavg)

	floor := r.results[0]
	fRate, fP99 := floor.rate(), percentile(floor.lat, 0.99)
	fmt.Fprintf(w, "target\trequests\treq/s\tp50\tp99\treq/s ÷ floor\tp99 ÷ floor\tunexpected\tgoal (≥ %.1f× req/s, ≤ %.0f× p99)\tserver CPU\tCPU/req\tbody\t\n", goalRate, goalP99)
	for i, res := range r.results {
		p99 := percentile(res.lat, 0.99)
		rate, lat := res.rate()/fRate, float64(p99)/float64(fP99)
		goal := "(the floor)"
		if res.t.yardstick {
			goal = "(yardstick)"
		} else if i > 0 {
			var miss []string
			if rate < goalRate {
				miss = append(miss, "req/s")
			}
			if lat > goalP99 {
				miss = append(miss, "p99")
			}
			goal = "met"
			if len(miss) > 0 {
				goal = "NOT MET (" + strings.Join(miss, ", ") + ")"
			}
		}
		cores, perReq := "?", "?"
		if res.cpuErr == nil {
			cores, perReq = fmt.Sprintf("%.2f cores", res.cores()), ms(res.cpuPerRequest())
		}
		fmt.Fprintf(w, "%s\t%d\t%.0f\t%s\t%s\t%.2f\t%.2f\t%d of %d\t%s\t%s\t%s\t%.1f kB\t\n", res.t.name, res.requests, res.rate(),
			ms(percentile(res.lat, 0.5)), ms(p99), rate, lat, res.unexpected(), res.sent, goal,
			cores, perReq, res.body()/1000)
	}
	w.Flush()
	fmt.Fprintln(&b, "server CPU: what the portal (or the floor) used in the window, of the CPUs it shares with the load generator; CPU/req: that per answer.")
	fmt.Fprintln(&b, "body: the answer's length as read, unzipped (the portal gzips its answers, and so do the yardsticks; the floor does not).")
	for _, res := range r.results {
		if len(res.devs) > 0 {
			fmt.Fprintf(&b, "  %s: %s\n", res.t.name, devList(res.devs))
		}
	}
	r.sameWeight(&b)

	fmt.Fprintln(&b)
	fmt.Fprintln(w, "correctness check\trequests\tunexpected\t")
	for _, c := range r.checks {
		fmt.Fprintf(w, "%s\t%d\t%d\t%s\t\n", c.name, c.sent, c.unexpected(), devList(c.devs))
	}
	w.Flush()

	fmt.Fprintln(&b)
	fmt.Fprintln(w, "keys added by requests without a session\trequests\tnew keys (want 0)\t")
	for _, row := range r.anonKeys.rows {
		fmt.Fprintf(w, "%s\t%d\t%d\t\n", row.name, row.requests, row.keys)
	}
	req, keys := r.anonKeys.total()
	fmt.Fprintf(w, "all\t%d\t%d\t\n", req, keys)
	w.Flush()

	fmt.Fprintln(&b)
	s := r.sessions
	mb := func(kb int64) string { return fmt.Sprintf("%.1f MB", float64(kb)/1024) }
	above := float64(r.rssSessions-r.rssIdle) / 1024
	fmt.Fprintln(w, "memory\t\t\t")
	fmt.Fprintf(w, "portal RSS idle (after start, before any load)\t%s\t\t\n", mb(r.rssIdle))
	fmt.Fprintf(w, "portal RSS with %d live sessions\t%s\t%+.1f MB above idle (goal ≤ %.0f MB): %s\t\n",
		liveSessions, mb(r.rssSessions), above, goalRSSMB, metOr(above <= goalRSSMB))
	fmt.Fprintf(w, "portal RSS after the load\t%s\t%+.1f MB above idle\t\n", mb(r.rssAfter), float64(r.rssAfter-r.rssIdle)/1024)
	perSession := float64(s.after.Memory-s.before.Memory) / float64(liveSessions)
	fmt.Fprintf(w, "Redis used_memory for %d sessions\t%d → %d B\t%.0f B per flow session (goal ≤ %d B): %s\t\n",
		liveSessions, s.before.Memory, s.after.Memory, perSession, goalSessionBytes, metOr(perSession <= goalSessionBytes))
	fmt.Fprintf(w, "  used_memory_dataset (without clients' buffers)\t%d → %d B\t%.0f B per session\t\n",
		s.before.Dataset, s.after.Dataset, float64(s.after.Dataset-s.before.Dataset)/float64(liveSessions))
	fmt.Fprintf(w, "  keys\t%d → %d\t%d sessions made in %s\t\n", s.before.Keys, s.after.Keys, s.created, s.took.Round(10*time.Millisecond))
	if s.note != "" {
		fmt.Fprintf(w, "  note\t%s\t\t\n", s.note)
	}
	if s.usageErr != "" {
		fmt.Fprintf(w, "MEMORY USAGE of a session key\t%s\t\t\n", s.usageErr)
	} else {
		fmt.Fprintf(w, "MEMORY USAGE of a session key (one answer)\t%d B\tvalue %d B\t\n", s.keyUsage, s.valueLen)
	}
	fmt.Fprintf(w, "Redis after the run\t%d keys\tused_memory %.1f MB\t\n", r.redisAfter.Keys, float64(r.redisAfter.Memory)/(1<<20))
	w.Flush()

	if len(r.run.profiles) > 0 || len(r.run.profileErrs) > 0 {
		fmt.Fprintln(&b)
		fmt.Fprintln(&b, "Profiles of the portal (go tool pprof -top FILE):")
		for _, p := range r.run.profiles {
			fmt.Fprintf(&b, "  %s\n", p)
		}
		for _, e := range r.run.profileErrs {
			fmt.Fprintf(&b, "  failed: %s\n", e)
		}
	}

	fmt.Fprintln(&b)
	if len(r.warnings) == 0 {
		fmt.Fprintln(&b, "Portal warnings and errors in the log: none")
	} else {
		fmt.Fprintln(w, "Portal warnings and errors in the log\tcount\t")
		msgs := make([]string, 0, len(r.warnings))
		for m := range r.warnings {
			msgs = append(msgs, m)
		}
		sort.Strings(msgs)
		for _, m := range msgs {
			fmt.Fprintf(w, "%s\t%d\t\n", m, r.warnings[m])
		}
		w.Flush()
	}
	fmt.Fprintln(&b)
	return b.String()
}

// sameWeight compares each page with the floor page nearest its weight:
// what the portal's own work costs beyond rendering and compressing that
// much HTML.
func (r *report) sameWeight(b *strings.Builder) {
	var sticks []*result
	for _, res := range r.results {
		if res.t.yardstick && res.requests > 0 {
			sticks = append(sticks, res)
		}
	}
	if len(sticks) == 0 {
		return
	}
	fmt.Fprintln(b)
	w := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "against the floor page nearest in weight	body	yardstick	body	req/s ÷ yardstick	p99 ÷ yardstick	CPU/req ÷ yardstick	")
	for _, res := range r.results {
		if res.t.floor || res.requests == 0 {
			continue
		}
		body := res.body()
		near := sticks[0]
		for _, y := range sticks[1:] {
			if math.Abs(math.Log(y.body()/body)) < math.Abs(math.Log(near.body()/body)) {
				near = y
			}
		}
		cpu := "?"
		if res.cpuErr == nil && near.cpuErr == nil {
			cpu = fmt.Sprintf("%.2f", float64(res.cpuPerRequest())/float64(near.cpuPerRequest()))
		}
		fmt.Fprintf(w, "%s\t%.1f kB\t%s\t%.1f kB\t%.2f\t%.2f\t%s\t\n", res.t.name, body/1000, near.t.name, near.body()/1000,
			res.rate()/near.rate(), float64(percentile(res.lat, 0.99))/float64(percentile(near.lat, 0.99)), cpu)
	}
	w.Flush()
}

// loadavg is the first three fields of /proc/loadavg.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}
