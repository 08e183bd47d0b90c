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
// that writes its own addresses to the left cannot dodge the sign-in
// limit; another client behind the same proxy is not locked out.
func TestClientIPBehindProxy(t *testing.T) {
	d, _ := testDeps(t)
	withStaff(t, &d)
	cfg := *d.Config
	cfg.TrustedProxies = []string{"127.0.0.1", "10.0.0.0/8"}
	d.Config = &cfg
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	signInAs := func(i int, xff, name string) int {
		b.get("/en/medewerker/inloggen")
		form := url.Values{"_csrf": {b.token()}, "name": {name}, "password": {fmt.Sprint("guess", i)}}
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/en/medewerker/inloggen", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", xff)
		return b.do(req).Status
	}
	limited := false
	for i := 0; i <= signInTriesIP && !limited; i++ {
		// A new spoofed address and a new name each time; the last hop
		// before our proxy (10.1.2.3) is the real client.
		xff := fmt.Sprintf("198.18.%d.%d, 203.0.113.5, 10.1.2.3", i/250, i%250)
		limited = signInAs(i, xff, fmt.Sprint("name", i)) == http.StatusTooManyRequests
	}
	if !limited {
		t.Fatalf("%d wrong sign-ins from 203.0.113.5 with spoofed addresses before it: none refused", signInTriesIP+1)
	}
	if got := signInAs(0, "203.0.113.99", "anna"); got == http.StatusTooManyRequests {
		t.Error("another client behind the same proxy is locked out too")
	}
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
	try := func(i int, addr string) int {
		b.get("/nl/code")
		form := url.Values{"_csrf": {b.token()}, "code": {fmt.Sprintf("ZZZ%03d", i)}}
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/nl/code", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", addr)
		return b.do(req).Status
	}
	limited := false
	for i := 0; i <= codeTries && !limited; i++ {
		limited = try(i, fmt.Sprintf("2001:db8:1:2::%x", i+1)) == http.StatusTooManyRequests
	}
	if !limited {
		t.Fatalf("%d wrong codes from one /64: none refused", codeTries+1)
	}
	if try(99, "2001:db8:1:3::1") == http.StatusTooManyRequests {
		t.Error("the next /64 is refused too")
	}
}
