package soak

import (
	"context"
	"errors"
	"io"
	"net"
	"net/url"
	"os"
	"slices"
	"sort"
	"sync"
	"syscall"
	"time"
)

// Kinds of deviation from what a resident should get.
const (
	devRefused   = "connection refused"
	devReset     = "connection reset"
	devEOF       = "connection closed (EOF)"
	devTimeout   = "timeout"
	devTransport = "other transport error"
	devRedirect  = "wrong redirect"
	devPage      = "page without what it should show"
	devJSON      = "bad JSON answer"
	devNoUrgent  = "crisis message without urgent help"
	devOwnAnswer = "soak's answer refused by the flow definition"
)

// transportDevs are failures to get any answer from a portal.
var transportDevs = []string{devRefused, devReset, devEOF, devTimeout, devTransport}

// record is one request and how its answer compared with what a
// resident should get.
type record struct {
	group      string // route, e.g. "POST /{lang}/vraag/{id}"
	inst       int    // the portal asked
	start, end time.Time
	status     int    // 0: no answer
	dev        string // "": as expected; else the kind, e.g. "http 503"
}

// faultWindow is a span during which a fault is under way: Redis down
// (inst < 0) or a portal killed. Deviations that the fault explains are
// expected within it.
type faultWindow struct {
	name     string
	inst     int
	from, to time.Time
}

type recorder struct {
	mu      sync.Mutex
	recs    []record
	windows []faultWindow
}

func (r *recorder) add(rec record) {
	r.mu.Lock()
	r.recs = append(r.recs, rec)
	r.mu.Unlock()
}

func (r *recorder) window(w faultWindow) {
	r.mu.Lock()
	r.windows = append(r.windows, w)
	r.mu.Unlock()
}

// classify says whether a deviation is explained by a fault: a portal
// that is killed gives no answer; while Redis is down a portal answers
// 503, or loses the resident's place (another redirect, a page without
// the resident's answers). Anything else, and anything outside a fault,
// is unexpected. A crisis message must get urgent help even then.
func (r *recorder) classify(rec record) (expected bool, fault string) {
	if rec.dev == "" {
		return true, ""
	}
	for _, w := range r.windows {
		if rec.end.Before(w.from) || rec.start.After(w.to) {
			continue
		}
		switch {
		case w.inst >= 0 && w.inst == rec.inst && slices.Contains(transportDevs, rec.dev):
			return true, w.name
		case w.inst < 0 && (rec.dev == "http 503" || rec.dev == devRedirect || rec.dev == devPage):
			return true, w.name
		}
	}
	return false, ""
}

// requestFigures are the requests counted per route and per kind of
// deviation.
type requestFigures struct {
	groups                           map[string]*groupFigures
	all                              []time.Duration // latencies of all answers, sorted
	requests, deviations, unexpected int
	byKind                           map[string][2]int          // kind → expected, unexpected
	faultsOf                         map[string]map[string]bool // kind → faults that explain it
}

type groupFigures struct {
	n, dev int
	lat    []time.Duration // sorted
}

// tally counts the records. Latencies are those of answers; a request
// that got none has no latency.
func (r *recorder) tally() requestFigures {
	r.mu.Lock()
	defer r.mu.Unlock()
	q := requestFigures{groups: map[string]*groupFigures{}, byKind: map[string][2]int{}, faultsOf: map[string]map[string]bool{}}
	for _, rec := range r.recs {
		g := q.groups[rec.group]
		if g == nil {
			g = &groupFigures{}
			q.groups[rec.group] = g
		}
		g.n++
		q.requests++
		if rec.status != 0 {
			g.lat = append(g.lat, rec.end.Sub(rec.start))
			q.all = append(q.all, rec.end.Sub(rec.start))
		}
		if rec.dev == "" {
			continue
		}
		g.dev++
		q.deviations++
		k := q.byKind[rec.dev]
		if ok, fault := r.classify(rec); ok {
			k[0]++
			if q.faultsOf[rec.dev] == nil {
				q.faultsOf[rec.dev] = map[string]bool{}
			}
			q.faultsOf[rec.dev][fault] = true
		} else {
			k[1]++
			q.unexpected++
		}
		q.byKind[rec.dev] = k
	}
	for _, g := range q.groups {
		sortDurations(g.lat)
	}
	sortDurations(q.all)
	return q
}

// errKind names a transport error.
func errKind(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Timeout() {
		return devTimeout
	}
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return devRefused
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return devReset
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return devEOF
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded),
		errors.As(err, &ne) && ne.Timeout():
		return devTimeout
	}
	return devTransport
}

// percentile of sorted durations, nearest rank.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func sortDurations(d []time.Duration) {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
}
