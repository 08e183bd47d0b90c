package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// benchSession walks the flow in memory for a typical resident (a carer
// looking for money and loneliness help for a parent over 67 who lives
// alone, with a postcode) and returns the browser holding that session.
func benchSession(b testing.TB, srv *liveServer) *browser {
	b.Helper()
	br := newBrowser(b, srv.URL)
	br.get("/nl/vraag/who")
	steps := []struct {
		q    string
		form url.Values
	}{
		{"who", url.Values{"answer": {"carer"}}},
		{"relation", url.Values{"answer": {"mother"}}},
		{"topics", url.Values{"answer": {"money", "loneliness"}}},
		{"money_when", url.Values{"answer": {"month"}}},
		{"money_what", url.Values{"answer": {"bills", "food"}}},
		{"loneliness_what", url.Values{"action": {"skip"}}},
		{"age", url.Values{"answer": {"senior"}}},
		{"live_alone", url.Values{"answer": {"alone"}}},
		{"help_already", url.Values{"answer": {"none"}}},
		{"place", url.Values{"postcode": {"9994 AB"}}},
	}
	for _, s := range steps {
		br.get("/nl/vraag/" + s.q)
		if r := br.post("/nl/vraag/"+s.q, s.form); r.Status != http.StatusSeeOther {
			b.Fatalf("%s: %d", s.q, r.Status)
		}
	}
	return br
}

func gzipSize(b testing.TB, data []byte) int {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	if _, err := zw.Write(data); err != nil {
		b.Fatal(err)
	}
	zw.Close()
	return buf.Len()
}

var (
	subresource = regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`)
	cssLink     = regexp.MustCompile(`href="(/static/[^"]+\.css)"`)
)

// pageWeight is what a browser downloads for a page, gzip-compressed as
// served: the HTML and every stylesheet, script and icon it links to (the
// icons in the page are inline SVG).
func pageWeight(b testing.TB, br *browser, page resp) (html, total int) {
	html = gzipSize(b, []byte(page.Body))
	total = html
	seen := map[string]bool{}
	for _, m := range subresource.FindAllStringSubmatch(page.Body, -1) {
		if seen[m[1]] {
			continue
		}
		seen[m[1]] = true
		r := br.get(m[1])
		if r.Status != http.StatusOK {
			b.Fatalf("%s: %d", m[1], r.Status)
		}
		total += gzipSize(b, []byte(r.Body))
	}
	return html, total
}

// BenchmarkPages renders every page type for a session, in nl, en and ar,
// and reports its weight (page_gz_B, the budget is 40 KB) and render time.
func BenchmarkPages(b *testing.B) {
	d, _ := testDeps(b)
	srv := startServer(b, d)
	br := benchSession(b, srv)
	pages := []string{"/", "/vraag/topics", "/vraag/money_what", "/vraag/place", "/uitkomst", "/maatwerk", "/uitkomst/overzicht", "/contact", "/code",
		"/chat", "/hulp-nu", "/toegankelijkheid", "/over", "/bestaat-niet"}
	for _, lang := range []string{"nl", "en", "ar"} {
		for _, p := range pages {
			path := "/" + lang + p
			if p == "/maatwerk" {
				// The route to customised support opens once the resident
				// says the lower rungs are not enough.
				br.get("/" + lang + "/uitkomst")
				br.post("/"+lang+"/uitkomst", url.Values{"enough": {"no"}})
			}
			name := lang + "_" + strings.ReplaceAll(strings.Trim(p, "/"), "/", "_")
			b.Run(strings.TrimSuffix(name, "_"), func(b *testing.B) {
				page := br.get(path)
				want := http.StatusOK
				if p == "/bestaat-niet" {
					want = http.StatusNotFound
				}
				if page.Status != want {
					b.Fatalf("%s: %d", path, page.Status)
				}
				html, total := pageWeight(b, br, page)
				req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
				for _, c := range br.c.Jar.Cookies(req.URL) {
					req.AddCookie(c)
				}
				app := srv.app
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					r := httptest.NewRequest(http.MethodGet, path, nil)
					r.Header = req.Header.Clone()
					res, err := app.Test(r, -1)
					if err != nil || res.StatusCode != want {
						b.Fatalf("%v %v", err, res)
					}
					_, _ = io.Copy(io.Discard, res.Body)
				}
				b.ReportMetric(float64(len(page.Body)), "html_B")
				b.ReportMetric(float64(html), "html_gz_B")
				b.ReportMetric(float64(total), "page_gz_B")
			})
		}
	}
}
