// Package redistest starts throwaway redis-server processes for tests.
//
// Each call to Start runs its own server on a free loopback port with
// persistence switched off, so tests never share state and never touch a
// developer's own Redis.
package redistest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

const (
	// readyTimeout is how long a freshly started server gets to answer PING.
	readyTimeout = 5 * time.Second
	// stopTimeout is how long a server gets to exit after SIGTERM.
	stopTimeout = 3 * time.Second
	// attempts covers the small window in which another process may take
	// the port between choosing it and redis-server binding it.
	attempts = 3
)

// Start runs a redis-server on a free 127.0.0.1 port, waits until it answers
// PING and returns its address ("127.0.0.1:port"). The server is stopped when
// the test and its subtests finish.
//
// When redis-server is not on PATH the test is skipped, unless the
// environment variable CI is "true": there a missing server is a broken
// setup, so the test fails.
func Start(t testing.TB) (addr string) {
	t.Helper()
	bin := lookPath(t, "redis-server", "redis-server")
	return launch(t, func(port int, dir string) []string { return serverArgs(port, dir) }, bin).addr
}

// lookPath finds a program of the package pkg, skipping the test when it
// is missing, unless CI is "true": there a missing program is a broken
// setup, so the test fails.
func lookPath(t testing.TB, name, pkg string) string {
	t.Helper()
	bin, err := exec.LookPath(name)
	if err != nil {
		msg := fmt.Sprintf("redistest: %s not found on PATH; install it (e.g. apt-get install %s) to run this test", name, pkg)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return bin
}

// launch runs bin with the arguments args gives for a free port and a
// fresh folder, retrying when the port was taken meanwhile; the server
// stops when the test ends.
func launch(t testing.TB, args func(port int, dir string) []string, bin string) *server {
	t.Helper()
	var errs []error
	for range attempts {
		srv, err := start(bin, args, t.TempDir())
		if err == nil {
			t.Cleanup(func() {
				if err := srv.stop(); err != nil {
					t.Errorf("redistest: stop %s: %v", srv.addr, err)
				}
			})
			return srv
		}
		errs = append(errs, err)
	}
	t.Fatalf("redistest: start %s: %v", bin, errors.Join(errs...))
	return nil
}

// serverArgs are the arguments of a throwaway server: loopback only, no
// persistence.
func serverArgs(port int, dir string) []string {
	return []string{
		"--port", strconv.Itoa(port),
		"--bind", "127.0.0.1",
		"--save", "",
		"--appendonly", "no",
		"--dir", dir,
		"--daemonize", "no",
		"--loglevel", "warning",
	}
}

// Client starts a server with Start and returns a client connected to it.
// The client is closed before the server stops.
func Client(t testing.TB) *redis.Client {
	t.Helper()
	addr := Start(t)
	c := redis.NewClient(&redis.Options{Addr: addr})
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// server is one running redis-server process.
type server struct {
	addr   string
	cmd    *exec.Cmd
	exited chan struct{} // closed when the process has exited
	out    *syncBuffer   // combined stdout and stderr, for error messages
}

func start(bin string, args func(port int, dir string) []string, dir string) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	out := &syncBuffer{}
	cmd := exec.Command(bin, args(port, dir)...)
	cmd.Stdout = out
	cmd.Stderr = out
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("exec %s: %w", bin, err)
	}
	s := &server{
		addr:   net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		cmd:    cmd,
		exited: make(chan struct{}),
		out:    out,
	}
	go func() {
		_ = cmd.Wait()
		close(s.exited)
	}()
	if err := s.waitReady(); err != nil {
		_ = s.stop()
		return nil, fmt.Errorf("%s: %w; output: %s", s.addr, err, strings.TrimSpace(out.String()))
	}
	return s, nil
}

// waitReady polls with a raw PING until the server answers, exits or the
// timeout passes.
func (s *server) waitReady() error {
	deadline := time.Now().Add(readyTimeout)
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			return errors.New("redis-server exited before answering PING")
		default:
		}
		if ping(s.addr) == nil {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("no PING answer within %s", readyTimeout)
}

func (s *server) stop() error {
	select {
	case <-s.exited:
		return nil
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
		return nil
	case <-time.After(stopTimeout):
	}
	if err := s.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	<-s.exited
	return nil
}

func ping(addr string) error {
	conn, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
	if err != nil {
		return err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(500 * time.Millisecond))
	if _, err := conn.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return err
	}
	if strings.TrimSpace(line) != "+PONG" {
		return fmt.Errorf("unexpected PING reply %q", line)
	}
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// syncBuffer is a bytes.Buffer safe for the two writers exec uses.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
