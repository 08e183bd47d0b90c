// Package testproc runs programs of this module as processes for the
// tests that need real ones (the soak and the load test): it builds them,
// starts them on loopback addresses, waits until they answer, stops or
// kills them, and reads their memory and logs.
package testproc

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Build builds the main package pkg (an import path) into dir, without
// cgo as `make build` does, and returns the binary's path.
func Build(t testing.TB, dir, pkg string) string {
	t.Helper()
	bin := filepath.Join(dir, filepath.Base(pkg))
	cmd := exec.Command("go", "build", "-o", bin, pkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("testproc: go build %s: %v\n%s", pkg, err, out)
	}
	return bin
}

// Process is one server process on a fixed loopback address; it may be
// killed and started again on the same address. It is given its address
// in LISTEN_ADDR, after Env.
type Process struct {
	Name    string
	Bin     string
	Args    []string
	Addr    string   // host:port it listens on
	Env     []string // added to the test's own environment
	LogPath string   // standard output and error, appended
	// ReadyPath is the path that answers 200 once the process serves;
	// "/readyz" when empty.
	ReadyPath string

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{}
	pids   []int           // every process started, in order
	starts []time.Duration // how long each took to be ready
}

// URL is the process's base URL, http://host:port.
func (p *Process) URL() string { return "http://" + p.Addr }

// Start runs the process and waits until its ready path answers 200.
func (p *Process) Start() error {
	logf, err := os.OpenFile(p.LogPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer logf.Close()
	cmd := exec.Command(p.Bin, p.Args...)
	cmd.Env = append(append(os.Environ(), p.Env...), "LISTEN_ADDR="+p.Addr)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("testproc: start %s: %w", p.Name, err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	p.mu.Lock()
	p.cmd, p.exited = cmd, exited
	p.pids = append(p.pids, cmd.Process.Pid)
	p.mu.Unlock()

	ready := p.ReadyPath
	if ready == "" {
		ready = "/readyz"
	}
	client := &http.Client{Timeout: time.Second}
	began := time.Now()
	deadline := began.Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return fmt.Errorf("testproc: %s exited at start:\n%s", p.Name, Tail(p.LogPath, 20))
		default:
		}
		if res, err := client.Get(p.URL() + ready); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				p.mu.Lock()
				p.starts = append(p.starts, time.Since(began))
				p.mu.Unlock()
				return nil
			}
		}
		time.Sleep(25 * time.Millisecond)
	}
	return fmt.Errorf("testproc: %s not ready within 30 s:\n%s", p.Name, Tail(p.LogPath, 20))
}

// Kill ends the process with SIGKILL: no shutdown, nothing handed over.
func (p *Process) Kill() error {
	p.mu.Lock()
	cmd, exited := p.cmd, p.exited
	p.mu.Unlock()
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		return fmt.Errorf("testproc: kill %s: %w", p.Name, err)
	}
	<-exited
	return nil
}

// Stop ends the process as a service manager would: SIGTERM, then
// SIGKILL after 20 s.
func (p *Process) Stop() {
	p.mu.Lock()
	cmd, exited := p.cmd, p.exited
	p.mu.Unlock()
	if cmd == nil {
		return
	}
	select {
	case <-exited:
		return
	default:
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		<-exited
	}
}

// PID is the process id of the process started last.
func (p *Process) PID() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cmd.Process.Pid
}

// PIDs are the ids of every process started, in order.
func (p *Process) PIDs() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]int(nil), p.pids...)
}

// Starts are how long each start took until the process was ready.
func (p *Process) Starts() []time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]time.Duration(nil), p.starts...)
}

// RSSKB reads VmRSS of a process from /proc, in kB.
func RSSKB(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), "VmRSS:"); ok {
			return strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
		}
	}
	return 0, errors.New("testproc: no VmRSS")
}

// CPUTime reads the CPU time a process has used so far, user and system,
// from /proc/PID/stat (in clock ticks of 1/100 s, Linux's USER_HZ).
func CPUTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name, in parentheses, may hold spaces: count the
	// fields after its closing parenthesis. utime and stime are the
	// 14th and 15th fields, the 12th and 13th after it.
	i := strings.LastIndexByte(string(b), ')')
	f := strings.Fields(string(b[i+1:]))
	if i < 0 || len(f) < 13 {
		return 0, errors.New("testproc: unreadable /proc stat")
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, fmt.Errorf("testproc: /proc stat: %w", err)
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond, nil
}

// LogCounts counts the warnings and errors of a JSON log by message.
func LogCounts(path string) map[string]int {
	counts := map[string]int{}
	f, err := os.Open(path)
	if err != nil {
		return counts
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	s.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for s.Scan() {
		var line struct {
			Msg   string `json:"msg"`
			Level string `json:"level"`
		}
		if json.Unmarshal(s.Bytes(), &line) != nil {
			continue
		}
		if line.Level == "WARN" || line.Level == "ERROR" {
			counts[line.Msg]++
		}
	}
	return counts
}

// FreeAddr returns a loopback address with a port free at the time of
// the call.
func FreeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// Tail returns the last n lines of a file, for error messages.
func Tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// Each calls f(i) for i in [0, n) from workers goroutines at once and
// returns when all calls have.
func Each(n, workers int, f func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
