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
func benchSession(b *testing.B, srv *liveServer) *browser {
	b.Helper()
	br := newBrowser(b, srv.URL)
	br.get("/nl/vraag/who")
	steps := []struct {
		q    string
		form url.Values
	}{
		{"who", url.Values{"answer": {"carer"}}},
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

var cssLink = regexp.MustCompile(`href="(/static/[^"]+\.css)"`)

// BenchmarkPages renders each page type for a session and reports its
// weight: the HTML and the stylesheet, gzip-compressed as served. Icons
// are inline SVG and there is no JavaScript, so that is the whole page.
func BenchmarkPages(b *testing.B) {
	d, _ := testDeps(b)
	srv := startServer(b, d)
	br := benchSession(b, srv)
	for _, path := range []string{"/nl/", "/nl/vraag/topics", "/nl/vraag/money_what", "/nl/uitkomst", "/en/uitkomst", "/nl/hulp-nu"} {
		b.Run(strings.ReplaceAll(strings.Trim(path, "/"), "/", "_"), func(b *testing.B) {
			page := br.get(path)
			if page.Status != http.StatusOK {
				b.Fatalf("%s: %d", path, page.Status)
			}
			css := cssLink.FindStringSubmatch(page.Body)
			if css == nil {
				b.Fatal("no stylesheet")
			}
			cssBody := br.get(css[1]).Body
			html, style := gzipSize(b, []byte(page.Body)), gzipSize(b, []byte(cssBody))
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
				if err != nil || res.StatusCode != http.StatusOK {
					b.Fatalf("%v %v", err, res)
				}
				_, _ = io.Copy(io.Discard, res.Body)
			}
			b.ReportMetric(float64(len(page.Body)), "html_B")
			b.ReportMetric(float64(html), "html_gz_B")
			b.ReportMetric(float64(html+style), "page_gz_B")
		})
	}
}
