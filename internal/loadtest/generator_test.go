package loadtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/testproc"
)

// warmup is how long each target runs before its requests are counted:
// connections open, sessions are read once, the heap grows to its size.
const warmup = time.Second

// target is one kind of request the load generator sends.
type target struct {
	id   string // short name, for LOADTEST_PROFILE_TARGETS and file names
	name string // as printed, e.g. "GET /nl/ (landing)"
	// floor: sent to the floor program, not to the portal.
	floor bool
	// yardstick: a floor page of some weight, shown beside the targets
	// but not one of them.
	yardstick bool
	// setup prepares a worker before its clock runs (a session, a form
	// token); it returns a deviation, "" when all went as it should.
	setup func(w *worker) string
	// hit sends one request and checks the answer: "" when it is what a
	// resident should get, else what was wrong.
	hit func(w *worker) string
}

// worker is one of the concurrent clients: one connection, and its own
// cookies and session where the target needs them.
type worker struct {
	id     int
	run    *loadRun
	base   string // the floor's or the portal's URL
	client *http.Client
	rng    *rand.Rand

	// What a resident's session holds, as far as the target needs it.
	resident

	recording bool            // inside the measured window
	lat       []time.Duration // answers inside the window
	bytes     int64           // their bodies' length (as read: unzipped)
	sent      int             // requests, warm-up included
	devs      map[string]int  // deviations by kind
}

func newWorker(run *loadRun, id int, base string) *worker {
	jar, _ := cookiejar.New(nil)
	return &worker{
		id: id, run: run, base: base,
		client: &http.Client{
			Transport: run.transport, Jar: jar, Timeout: 15 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		rng:  rand.New(rand.NewPCG(uint64(id), uint64(time.Now().UnixNano()))),
		devs: map[string]int{},
	}
}

// reply is an answer, or none (err set).
type reply struct {
	status    int
	loc, body string
	header    http.Header
	err       error
}

const formType = "application/x-www-form-urlencoded"

// do sends one request. Inside the measured window its latency, until
// the whole body is read, is recorded.
func (w *worker) do(method, path string, body []byte, ctype string) reply {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, w.base+path, rd)
	if err != nil {
		return reply{err: err}
	}
	req.Header.Set("Accept-Language", "nl")
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	w.sent++
	start := time.Now()
	res, err := w.client.Do(req)
	if err != nil {
		return reply{err: err}
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return reply{err: err}
	}
	if w.recording {
		w.lat = append(w.lat, time.Since(start))
		w.bytes += int64(len(b))
	}
	return reply{status: res.StatusCode, loc: res.Header.Get("Location"), body: string(b), header: res.Header}
}

// note counts a deviation by kind ("" is none).
func (w *worker) note(dev string) {
	if dev != "" {
		w.devs[dev]++
	}
}

// expectPage wants 200 with every marker in the body.
func expectPage(rep reply, markers ...string) string {
	switch {
	case rep.err != nil:
		return errKind(rep.err)
	case rep.status != http.StatusOK:
		return statusDev(rep.status)
	}
	for _, m := range markers {
		if !strings.Contains(rep.body, m) {
			return "page without " + m
		}
	}
	return ""
}

// expectRedirect wants status with Location loc.
func expectRedirect(rep reply, status int, loc string) string {
	switch {
	case rep.err != nil:
		return errKind(rep.err)
	case rep.status != status:
		return statusDev(rep.status)
	case rep.loc != loc:
		return fmt.Sprintf("redirect to %s, want %s", rep.loc, loc)
	}
	return ""
}

func statusDev(status int) string { return fmt.Sprintf("http %d", status) }

// errKind names a transport error.
func errKind(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return "connection reset"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed (EOF)"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded),
		errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	}
	return "transport error"
}

// result is what one target's run measured.
type result struct {
	t        *target
	workers  int
	requests int           // inside the window
	window   time.Duration // the measured window
	sent     int           // every request, setup and warm-up included
	lat      []time.Duration
	bytes    int64
	devs     map[string]int
	// cpu is the CPU time the server (portal or floor) used in the
	// window; cpuErr says why it is unknown.
	cpu, cpuWall time.Duration
	cpuErr       error
}

// cores is how many CPUs the server kept busy in the window.
func (r *result) cores() float64 { return r.cpu.Seconds() / r.cpuWall.Seconds() }

// cpuPerRequest is the server's CPU time per answer in the window.
func (r *result) cpuPerRequest() time.Duration {
	return r.cpu / time.Duration(max(r.requests, 1))
}

// body is the mean length of an answer's body, as read (unzipped).
func (r *result) body() float64 { return float64(r.bytes) / float64(max(r.requests, 1)) }

func (r *result) rate() float64 { return float64(r.requests) / r.window.Seconds() }

func (r *result) unexpected() int {
	n := 0
	for _, c := range r.devs {
		n += c
	}
	return n
}

// runTarget runs conns workers against t: setup (not timed), then hits
// for warmup plus dur, of which the last dur is measured. During the
// window, onWindow (if set) runs beside the load, e.g. to take profiles;
// runTarget waits for it.
func runTarget(run *loadRun, t *target, conns int, dur time.Duration, onWindow func(time.Duration)) *result {
	server := run.portal
	if t.floor {
		server = run.floor
	}
	base := server.URL()
	workers := make([]*worker, conns)
	var wg sync.WaitGroup
	for i := range workers {
		w := newWorker(run, i, base)
		workers[i] = w
		if t.setup == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if dev := t.setup(w); dev != "" {
				w.note("setup: " + dev)
				w.resident.failed = true
			}
		}()
	}
	wg.Wait()

	start := time.Now()
	from, end := start.Add(warmup), start.Add(warmup+dur)
	for _, w := range workers {
		if w.resident.failed {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				now := time.Now()
				if !now.Before(end) {
					return
				}
				w.recording = !now.Before(from)
				w.note(t.hit(w))
			}
		}()
	}
	var side sync.WaitGroup
	if onWindow != nil {
		side.Add(1)
		go func() {
			defer side.Done()
			time.Sleep(time.Until(from))
			onWindow(dur)
		}()
	}
	res := &result{t: t, workers: conns, window: dur, devs: map[string]int{}}
	time.Sleep(time.Until(from))
	cpu0, err0 := testproc.CPUTime(server.PID())
	wall := time.Now()
	wg.Wait()
	cpu1, err1 := testproc.CPUTime(server.PID())
	res.cpu, res.cpuWall, res.cpuErr = cpu1-cpu0, time.Since(wall), errors.Join(err0, err1)
	side.Wait()

	for _, w := range workers {
		res.lat = append(res.lat, w.lat...)
		res.bytes += w.bytes
		res.sent += w.sent
		for k, n := range w.devs {
			res.devs[k] += n
		}
	}
	res.requests = len(res.lat)
	slices.Sort(res.lat)
	return res
}

// percentile of sorted durations, nearest rank.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}
