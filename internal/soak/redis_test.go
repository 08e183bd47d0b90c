package soak

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/testproc"
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
	r := &redisServer{bin: bin, dir: t.TempDir(), addr: testproc.FreeAddr(t)}
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
			return fmt.Errorf("soak: redis-server exited at start:\n%s", testproc.Tail(filepath.Join(r.dir, "redis.log"), 20))
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
