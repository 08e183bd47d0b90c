package soak

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// redisServer is a redis-server with persistence as in production: an
// append-only file synced every second, no eviction. It can be shut down
// and started again on the same port and folder, which must bring back
// everything it held.
type redisServer struct {
	bin, dir string
	addr     string
	cmd      *exec.Cmd
	exited   chan struct{}
}

// startRedis runs redis-server on a free loopback port in a fresh folder.
// Without redis-server on PATH the test is skipped, or fails when CI is
// "true".
func startRedis(t *testing.T) *redisServer {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		msg := "soak: redis-server not found on PATH; install it (apt-get install redis-server) to run the soak"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	r := &redisServer{bin: bin, dir: t.TempDir(), addr: freeAddr(t)}
	if err := r.start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.kill)
	return r
}

func (r *redisServer) start() error {
	_, port, _ := net.SplitHostPort(r.addr)
	logf, err := os.OpenFile(filepath.Join(r.dir, "redis.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer logf.Close()
	cmd := exec.Command(r.bin,
		"--port", port, "--bind", "127.0.0.1", "--dir", r.dir,
		"--appendonly", "yes", "--appendfsync", "everysec",
		"--maxmemory-policy", "noeviction", "--save", "",
		"--daemonize", "no", "--loglevel", "notice",
	)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("soak: start redis-server: %w", err)
	}
	r.cmd, r.exited = cmd, make(chan struct{})
	go func(exited chan struct{}) { _ = cmd.Wait(); close(exited) }(r.exited)
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-r.exited:
			return fmt.Errorf("soak: redis-server exited at start:\n%s", tail(filepath.Join(r.dir, "redis.log"), 20))
		default:
		}
		if rawCommand(r.addr, "PING") == "+PONG" {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("soak: redis-server %s did not answer PING", r.addr)
}

// shutdown sends SHUTDOWN, which with the append-only file on writes and
// syncs it, and waits for the process to end.
func (r *redisServer) shutdown() error {
	rawCommand(r.addr, "SHUTDOWN")
	select {
	case <-r.exited:
	case <-time.After(15 * time.Second):
		return errors.New("soak: redis-server did not exit after SHUTDOWN")
	}
	if code := r.cmd.ProcessState.ExitCode(); code != 0 {
		return fmt.Errorf("soak: redis-server exited with status %d after SHUTDOWN", code)
	}
	return nil
}

func (r *redisServer) kill() {
	if r.cmd == nil {
		return
	}
	select {
	case <-r.exited:
		return
	default:
	}
	_ = r.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-r.exited:
	case <-time.After(5 * time.Second):
		_ = r.cmd.Process.Kill()
		<-r.exited
	}
}

func (r *redisServer) pid() int { return r.cmd.Process.Pid }

// rawCommand sends one inline command on a fresh connection and returns
// the first line of the answer ("" when there is none).
func rawCommand(addr, cmd string) string {
	conn, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
	if err != nil {
		return ""
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := conn.Write([]byte(cmd + "\r\n")); err != nil {
		return ""
	}
	line, _ := bufio.NewReader(conn).ReadString('\n')
	return strings.TrimSpace(line)
}

// redisUsage is what Redis holds: keys, INFO memory's used_memory, and
// the connected clients, whose buffers count in used_memory too.
type redisUsage struct {
	Keys, Memory, Clients int64
}

func usage(ctx context.Context, c *redis.Client) (redisUsage, error) {
	n, err := c.DBSize(ctx).Result()
	if err != nil {
		return redisUsage{}, err
	}
	info, err := c.Info(ctx, "memory", "clients").Result()
	if err != nil {
		return redisUsage{}, err
	}
	u := redisUsage{Keys: n, Memory: -1, Clients: -1}
	for _, line := range strings.Split(info, "\n") {
		k, v, _ := strings.Cut(strings.TrimSpace(line), ":")
		switch k {
		case "used_memory":
			u.Memory, err = strconv.ParseInt(v, 10, 64)
		case "connected_clients":
			u.Clients, err = strconv.ParseInt(v, 10, 64)
		}
		if err != nil {
			return u, fmt.Errorf("soak: INFO %s: %w", k, err)
		}
	}
	if u.Memory < 0 {
		return u, errors.New("soak: no used_memory in INFO memory")
	}
	return u, nil
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// tail returns the last n lines of a file, for error messages.
func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
