package web

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium returns a browser context on a headless Chromium. Without
// Chromium the test is skipped locally and fails under CI=true.
func chromium(t *testing.T) context.Context {
	t.Helper()
	var path string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed (apt-get install chromium); browser tests must run in CI")
		}
		t.Skip("chromium is not installed")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.WindowSize(390, 844))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// TestChatInBrowser: with JavaScript the chat is live: messages and quick
// replies go through the API, turns are added without a reload, and the
// focus stays in the message box.
func TestChatInBrowser(t *testing.T) {
	d, _ := testDeps(t)
	srv := startServer(t, d)
	ctx := chromium(t)
	var loc, focus, transcript string
	var turns, urgent int
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/nl/chat"),
		chromedp.WaitVisible("#chat-text", chromedp.ByID),
		chromedp.SendKeys("#chat-text", "ik kan mijn rekeningen niet betalen", chromedp.ByID),
		chromedp.Click("#chat-form button[type=submit]", chromedp.ByQuery),
		chromedp.WaitVisible("#beurt-2", chromedp.ByID),
		chromedp.Location(&loc),
		chromedp.Evaluate(`document.activeElement.id`, &focus),
		chromedp.Text("#transcript", &transcript, chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(loc, "#") {
		t.Errorf("the page reloaded (%s); the script should have added the reply", loc)
	}
	if focus != "chat-text" {
		t.Errorf("focus on %q after sending, want the message box", focus)
	}
	if !strings.Contains(transcript, "Geld en schulden") {
		t.Errorf("transcript: %s", transcript)
	}
	err = chromedp.Run(ctx,
		chromedp.Evaluate(`document.querySelectorAll("#transcript > li").length`, &turns),
		chromedp.Click("#replies button.reply", chromedp.ByQuery),
		chromedp.Sleep(200*time.Millisecond),
		chromedp.WaitVisible("#beurt-4", chromedp.ByID),
		chromedp.SendKeys("#chat-text", "ik wil niet meer leven", chromedp.ByID),
		chromedp.Click("#chat-form button[type=submit]", chromedp.ByQuery),
		chromedp.WaitVisible("#transcript .turn.urgent", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll("#transcript .turn.urgent a[href^='tel:']").length`, &urgent),
		chromedp.Location(&loc),
	)
	if err != nil {
		t.Fatal(err)
	}
	if urgent == 0 {
		t.Error("urgent help shows no phone links")
	}
	if strings.Contains(loc, "#") {
		t.Errorf("the page reloaded (%s)", loc)
	}
}
