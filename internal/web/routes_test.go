package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/static"
	"github.com/wegwijzer/wegwijzer/templates"
)

var (
	linkTag   = regexp.MustCompile(`<(?:a|form)\s[^>]*>`)
	linkAttr  = regexp.MustCompile(`\b(href|action|method)="([^"]*)"`)
	scriptAPI = regexp.MustCompile(`fetch\("(/[^"?#]*)`)
)

// TestTemplateLinksAreRoutes: every literal path a template links or
// posts to, and every path a script calls, is a registered route with
// that method, so the templates and routes.go cannot drift apart.
// Templates write their paths literally, with the page's root in front
// ({{.Root}}/uitkomst is one template action; a path function would be
// one more per link on pages that count microseconds). A {{.Root}} path
// must be a route under /{lang} or under the desk's /{lang}/balie.
func TestTemplateLinksAreRoutes(t *testing.T) {
	d, _ := testDeps(t)
	site, err := NewSite(d)
	if err != nil {
		t.Fatal(err)
	}
	// The app that listens hands every request to the current edition,
	// whose app has the routes.
	var routes []fiber.Route
	for _, r := range site.cur.Load().first().app.GetRoutes(true) {
		routes = append(routes, r)
	}
	isRoute := func(method, path string) bool {
		for _, r := range routes {
			if r.Method == method && pathMatches(r.Path, path) {
				return true
			}
		}
		return false
	}
	roots := []struct {
		prefixes []string
		under    []string
	}{
		{[]string{"{{.Root}}", "{{$.Root}}"}, []string{"/:lang", "/:lang" + deskPrefix}},
		{[]string{"/{{.Lang}}", "/{{$.Lang}}"}, []string{"/:lang"}},
	}
	checked := 0
	check := func(where, method, link string) {
		t.Helper()
		under := []string{""}
	prefixes:
		for _, r := range roots {
			for _, p := range r.prefixes {
				if rest, ok := strings.CutPrefix(link, p); ok {
					link, under = rest, r.under
					break prefixes
				}
			}
		}
		if under[0] == "" && (!strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//")) {
			return // a fragment, tel:, mailto:, or a path made in Go ({{.Href}})
		}
		link, _, _ = strings.Cut(link, "#")
		link, _, _ = strings.Cut(link, "?")
		if strings.Contains(link, "{{") {
			t.Errorf("%s: %s %q: a template action inside the path; this test cannot check it", where, method, link)
			return
		}
		checked++
		for _, u := range under {
			if isRoute(method, u+link) {
				return
			}
		}
		t.Errorf("%s: %s %s is no route under %s (routes.go)", where, method, link, strings.Join(under, " or "))
	}

	files, err := fs.Glob(templates.FS, "*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := fs.ReadFile(templates.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, tag := range linkTag.FindAllString(string(data), -1) {
			method, link := fiber.MethodGet, ""
			for _, a := range linkAttr.FindAllStringSubmatch(tag, -1) {
				switch a[1] {
				case "href", "action":
					link = a[2]
				case "method":
					method = strings.ToUpper(a[2])
				}
			}
			check(f, method, link)
		}
	}
	scripts, err := fs.Glob(static.FS, "*.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range scripts {
		data, err := fs.ReadFile(static.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		// The scripts' calls are posts (chat.js sends messages).
		for _, m := range scriptAPI.FindAllStringSubmatch(string(data), -1) {
			check(f, fiber.MethodPost, m[1])
		}
	}
	if checked < 40 {
		t.Fatalf("checked only %d paths; do the patterns still find the links?", checked)
	}
}

// pathMatches reports whether path, with its parameters written as
// :name, is one that route (a fiber route path) answers. Trailing
// slashes do not count (fiber's routing is not strict).
func pathMatches(route, path string) bool {
	rs := strings.Split(strings.TrimRight(route, "/"), "/")
	ps := strings.Split(strings.TrimRight(path, "/"), "/")
	if len(rs) != len(ps) {
		return false
	}
	for i := range rs {
		if strings.HasPrefix(rs[i], ":") && ps[i] != "" {
			continue
		}
		if rs[i] != ps[i] {
			return false
		}
	}
	return true
}
