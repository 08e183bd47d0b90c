package web

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// chrome is the one headless Chromium of the test binary, started by the
// first test that needs it and stopped by TestMain: starting one per test
// cost about a second each.
var chrome struct {
	once sync.Once
	ctx  context.Context // its first tab; the process lives as long as it
	stop func()
	err  error
}

// chromium returns a new tab in a browser context of its own (its own
// cookies and storage, as a separate visitor), closed when the test ends,
// so browser tests can run side by side. Without Chromium the test is
// skipped locally and fails under CI=true; with -short (the inner loop)
// it is skipped.
func chromium(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
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
	chrome.once.Do(func() {
		opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.WindowSize(390, 844))
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		bctx, cancelBrowser := chromedp.NewContext(actx)
		chrome.ctx, chrome.stop = bctx, func() { cancelBrowser(); cancelAlloc() }
		chrome.err = chromedp.Run(bctx) // starts the process
	})
	if chrome.err != nil {
		t.Fatalf("starting chromium: %v", chrome.err)
	}
	// A browser context has no window, so its tab is opened in a new one
	// (chromedp.WithNewBrowserContext asks for a tab, which headless
	// Chromium refuses: "no browser is open").
	var bc cdp.BrowserContextID
	var tab target.ID
	err := chromedp.Run(chrome.ctx, onBrowser(func(ctx context.Context) (err error) {
		if bc, err = target.CreateBrowserContext().Do(ctx); err != nil {
			return err
		}
		tab, err = target.CreateTarget("about:blank").WithBrowserContextID(bc).WithNewWindow(true).Do(ctx)
		return err
	}))
	if err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	ctx, cancel := chromedp.NewContext(chrome.ctx, chromedp.WithTargetID(tab))
	t.Cleanup(func() {
		cancel()
		_ = chromedp.Run(chrome.ctx, onBrowser(func(ctx context.Context) error {
			return target.DisposeBrowserContext(bc).Do(ctx)
		}))
	})
	ctx, cancel = context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// onBrowser runs f with the browser (not a tab) as its CDP target.
func onBrowser(f func(ctx context.Context) error) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		return f(cdp.WithExecutor(ctx, chromedp.FromContext(ctx).Browser))
	})
}

// TestMain stops the shared browser after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if chrome.stop != nil {
		chrome.stop()
	}
	os.Exit(code)
}

// TestChatInBrowser: with JavaScript the chat is live: messages and quick
// replies go through the API, turns are added without a reload, and the
// focus stays in the message box.
func TestChatInBrowser(t *testing.T) {
	t.Parallel() // a tab of its own in the shared browser
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
