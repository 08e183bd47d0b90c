package soak

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
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

// buildPortal builds cmd/wegwijzer into dir, as `make build` does.
func buildPortal(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "wegwijzer")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/wegwijzer/wegwijzer/cmd/wegwijzer")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soak: go build ./cmd/wegwijzer: %v\n%s", err, out)
	}
	return bin
}

// portal is one `wegwijzer serve` process on a fixed loopback address;
// it may be killed and started again on the same address.
type portal struct {
	name, bin, addr, logPath string
	env                      []string

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{}
	pids   []int           // every process started, in order
	starts []time.Duration // how long each took to be ready
}

func (p *portal) url() string { return "http://" + p.addr }

// start runs the process and waits until /readyz answers 200.
func (p *portal) start() error {
	logf, err := os.OpenFile(p.logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer logf.Close()
	cmd := exec.Command(p.bin, "serve")
	cmd.Env = append(append(os.Environ(), p.env...), "LISTEN_ADDR="+p.addr)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("soak: start %s: %w", p.name, err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	p.mu.Lock()
	p.cmd, p.exited = cmd, exited
	p.pids = append(p.pids, cmd.Process.Pid)
	p.mu.Unlock()

	client := &http.Client{Timeout: time.Second}
	began := time.Now()
	deadline := began.Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return fmt.Errorf("soak: %s exited at start:\n%s", p.name, tail(p.logPath, 20))
		default:
		}
		if res, err := client.Get(p.url() + "/readyz"); err == nil {
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
	return fmt.Errorf("soak: %s not ready within 30 s:\n%s", p.name, tail(p.logPath, 20))
}

// kill ends the process with SIGKILL: no shutdown, nothing handed over.
func (p *portal) kill() error {
	p.mu.Lock()
	cmd, exited := p.cmd, p.exited
	p.mu.Unlock()
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		return fmt.Errorf("soak: kill %s: %w", p.name, err)
	}
	<-exited
	return nil
}

// stop ends the process as a service manager would: SIGTERM, then
// SIGKILL after 20 s.
func (p *portal) stop() {
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

func (p *portal) pid() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cmd.Process.Pid
}

// rssKB reads VmRSS of a process from /proc, in kB.
func rssKB(pid int) (int64, error) {
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
	return 0, errors.New("soak: no VmRSS")
}

// logCounts counts a portal's log lines by message, for the messages that
// explain a lost or late contact request.
func logCounts(path string) map[string]int {
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
