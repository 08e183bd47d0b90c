package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestClientIPBehindProxy: behind a trusted proxy the client is the
// rightmost address in X-Forwarded-For that is not a proxy, so a client
// that writes its own addresses to the left cannot dodge a limit per
// address; another client behind the same proxy is not locked out. The
// wrong-code limit stands for all of them (sign-in, chat, contact): they
// share the key (limitKey), and a code costs no bcrypt, which takes most
// of a second under the race detector.
func TestClientIPBehindProxy(t *testing.T) {
	d, _ := testDeps(t)
	cfg := *d.Config
	cfg.TrustedProxies = []string{"127.0.0.1", "10.0.0.0/8"}
	d.Config = &cfg
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	limited := false
	for i := 0; i <= codeTries && !limited; i++ {
		// A new spoofed address each time; the last hop before our
		// proxy (10.1.2.3) is the real client.
		xff := fmt.Sprintf("198.18.%d.%d, 203.0.113.5, 10.1.2.3", i/250, i%250)
		limited = wrongCode(b, srv.URL, i, xff) == http.StatusTooManyRequests
	}
	if !limited {
		t.Fatalf("%d wrong codes from 203.0.113.5 with spoofed addresses before it: none refused", codeTries+1)
	}
	if wrongCode(b, srv.URL, 99, "203.0.113.99") == http.StatusTooManyRequests {
		t.Error("another client behind the same proxy is locked out too")
	}
}

// wrongCode enters a resume code that does not exist, as the client at
// X-Forwarded-For xff, and returns the status.
func wrongCode(b *browser, srvURL string, i int, xff string) int {
	b.get("/nl/code")
	form := url.Values{"_csrf": {b.token()}, "code": {fmt.Sprintf("ZZZZ%04d", i)}}
	req, _ := http.NewRequest(http.MethodPost, srvURL+"/nl/code", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", xff)
	return b.do(req).Status
}

// TestForwardedHostIgnored: X-Forwarded-Host from a client that is not a
// trusted proxy never reaches share links or QR codes.
func TestForwardedHostIgnored(t *testing.T) {
	d, _ := testDeps(t)
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	evil := func(path string) resp {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		req.Header.Set("X-Forwarded-Host", "evil.example")
		req.Header.Set("X-Forwarded-Proto", "https")
		return b.do(req)
	}
	r := evil("/nl/uitkomst/gedeeld?topics=money")
	if r.Status == http.StatusSeeOther {
		r = evil(r.Location)
	}
	if r.Status != http.StatusOK || !strings.Contains(r.Body, "/uitkomst/gedeeld?") {
		t.Fatalf("results with a share link: %d\n%.1000s", r.Status, r.Body)
	}
	if strings.Contains(r.Body, "evil.example") || strings.Contains(r.Body, "https://127.0.0.1") {
		t.Error("a client's X-Forwarded-Host or -Proto reached the share link")
	}
}

// TestIPv6CountedPerSlash64: addresses of one IPv6 /64 share a limit, so
// a client cannot dodge the resume-code limit by changing its address
// within the range it holds.
func TestIPv6CountedPerSlash64(t *testing.T) {
	d, _ := testDeps(t)
	cfg := *d.Config
	cfg.TrustedProxies = []string{"127.0.0.1"}
	d.Config = &cfg
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	limited := false
	for i := 0; i <= codeTries && !limited; i++ {
		limited = wrongCode(b, srv.URL, i, fmt.Sprintf("2001:db8:1:2::%x", i+1)) == http.StatusTooManyRequests
	}
	if !limited {
		t.Fatalf("%d wrong codes from one /64: none refused", codeTries+1)
	}
	if wrongCode(b, srv.URL, 99, "2001:db8:1:3::1") == http.StatusTooManyRequests {
		t.Error("the next /64 is refused too")
	}
}
