package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/reload"
	"github.com/wegwijzer/wegwijzer/internal/testproc"
)

// TestReloadOnHangup: each signal is one reload by signal; the loop ends
// with its context.
func TestReloadOnHangup(t *testing.T) {
	sig := make(chan os.Signal, 1)
	got := make(chan reload.Request, 2)
	ctx, cancel := context.WithCancel(t.Context())
	ended := make(chan struct{})
	go func() {
		reloadOnHangup(ctx, sig, func(_ context.Context, r reload.Request) reload.Outcome {
			got <- r
			return reload.Outcome{Request: r}
		})
		close(ended)
	}()
	for range 2 {
		sig <- syscall.SIGHUP
		select {
		case r := <-got:
			if r.Trigger != reload.Signal {
				t.Errorf("reload by %q, want signal", r.Trigger)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("no reload after SIGHUP")
		}
	}
	cancel()
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Fatal("the loop did not end with its context")
	}
}

// TestSIGHUPReloadsContent runs the portal as a process: SIGHUP after a
// change in CONTENT_DIR shows the new content; SIGHUP after a change
// that breaks it keeps the last good content serving.
func TestSIGHUPReloadsContent(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the portal: skipped with -short")
	}
	dir := writeDemo(t)
	bin := testproc.Build(t, t.TempDir(), "github.com/wegwijzer/wegwijzer/cmd/wegwijzer")
	logPath := filepath.Join(t.TempDir(), "portal.log")
	p := &testproc.Process{Name: "portal", Bin: bin, Args: []string{"serve"}, Addr: testproc.FreeAddr(t), LogPath: logPath,
		Env: []string{"CONTENT_DIR=" + dir, "REDIS_URL=", "LOG_FORMAT=json", "LOG_LEVEL=info", "ASSETS_DIR=", "DEBUG_ADDR="}}
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Stop)

	services := func() string {
		res, err := http.Get(p.URL() + "/api/v1/services?topic=money&lang=nl")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return string(b)
	}
	logged := func(s string) bool {
		b, _ := os.ReadFile(logPath)
		return strings.Contains(string(b), s)
	}
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s; log:\n%s", what, testproc.Tail(logPath, 20))
			}
		}
	}
	edit := func(file, old, new string) {
		t.Helper()
		f := filepath.Join(dir, file)
		data, _ := os.ReadFile(f)
		if !strings.Contains(string(data), old) {
			t.Fatalf("%s has no %q", file, old)
		}
		if err := os.WriteFile(f, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	if s := services(); !strings.Contains(s, "Geldmaatje bij schulden") {
		t.Fatalf("the services API does not list the service:\n%.500s", s)
	}
	edit("catalog/services-money.yaml", "nl: Geldmaatje bij schulden", "nl: Schuldmaatje Beekdal")
	if err := syscall.Kill(p.PID(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitFor("the new name after SIGHUP", func() bool { return strings.Contains(services(), "Schuldmaatje Beekdal") })
	if !logged(`"msg":"content reloaded","trigger":"signal"`) {
		t.Errorf("the reload is not logged:\n%s", testproc.Tail(logPath, 20))
	}

	edit("catalog/services-money.yaml", "nl: Schuldmaatje Beekdal", "nl: Kapot Maatje")
	edit("catalog/services-money.yaml", "location: ", "location: nowhere-")
	if err := syscall.Kill(p.PID(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitFor("the failed reload in the log", func() bool { return logged("content reload failed") })
	if s := services(); !strings.Contains(s, "Schuldmaatje Beekdal") || strings.Contains(s, "Kapot Maatje") {
		t.Errorf("after a failed reload the last good content should serve:\n%.500s", s)
	}
}
