package view

import (
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/locales"
	"github.com/wegwijzer/wegwijzer/static"
	"github.com/wegwijzer/wegwijzer/templates"
)

func TestPhoneNumbersStayTogether(t *testing.T) {
	for in, want := range map[string]string{
		"Bel 113 of 0800-0113. <b>":        `Bel 113 of <bdi class="nowrap">0800-0113</bdi>. &lt;b&gt;`,
		"Veilig Thuis: 0800-2000, gratis.": `Veilig Thuis: <bdi class="nowrap">0800-2000</bdi>, gratis.`,
		"اتصل بالرقم 0000 120 120 الآن":    `اتصل بالرقم <bdi class="nowrap">0000 120 120</bdi> الآن`,
		"Van 8.30 tot 17.00 uur, 18 jaar":  "Van 8.30 tot 17.00 uur, 18 jaar",
	} {
		if got := string(phoneNumbers(in)); got != want {
			t.Errorf("phoneNumbers(%q)\n got %s\nwant %s", in, got, want)
		}
	}
}

// TestPagesMatchTemplates: every page in pages has its file in
// templates/, and every file there but base.html and the partials (_*)
// is in pages, so a page cannot be added in one place and forgotten in
// the other.
func TestPagesMatchTemplates(t *testing.T) {
	files, err := fs.Glob(templates.FS, "*.html")
	if err != nil {
		t.Fatal(err)
	}
	var pageFiles []string
	for _, f := range files {
		if f != "base.html" && !strings.HasPrefix(f, "_") {
			pageFiles = append(pageFiles, strings.TrimSuffix(f, ".html"))
		}
	}
	for i, p := range pages {
		if !slices.Contains(pageFiles, p) {
			t.Errorf("page %q has no templates/%s.html", p, p)
		}
		if slices.Contains(pages[:i], p) {
			t.Errorf("page %q is listed twice", p)
		}
	}
	for _, f := range pageFiles {
		if !slices.Contains(pages, f) {
			t.Errorf("templates/%s.html is not in pages", f)
		}
	}
	for p := range pageFragments {
		if !slices.Contains(pages, p) {
			t.Errorf("pageFragments names %q, which is not a page", p)
		}
	}
}

// TestRenderWritesWholePages: a page that fails to render writes
// nothing, so the caller can still send an error page instead.
func TestRenderWritesWholePages(t *testing.T) {
	r := testRenderer(t, nil)
	var b strings.Builder
	if err := r.Render(&b, "about", struct{ Lang string }{"nl"}); err == nil {
		t.Error("rendered a page from data that lacks its fields")
	}
	if err := r.Render(&b, "no-such-page", nil); err == nil {
		t.Error("rendered a page that does not exist")
	}
	if b.Len() > 0 {
		t.Errorf("a failed render wrote %d bytes", b.Len())
	}
}

// TestEveryPageFolds: every page set folds in every language, and each
// folds its fixed messages (a set that failed to fold would render from
// the parsed set: right, but slow, and nobody would notice).
func TestEveryPageFolds(t *testing.T) {
	msgs, err := i18n.Load(i18n.Source{Name: "locales", FS: locales.FS})
	if err != nil {
		t.Fatal(err)
	}
	r := testRenderer(t, msgs)
	for _, lang := range msgs.Langs() {
		for _, name := range pages {
			c, err := r.sets[name].Clone()
			if err != nil {
				t.Fatal(err)
			}
			n, err := foldFor(c, msgs.Localizer(lang), pageFragments[name]...)
			if err != nil || n < 10 {
				t.Errorf("%s in %s: %d actions folded, %v", name, lang, n, err)
			}
		}
	}
}

// testRenderer is a renderer of the built-in templates and static files.
func testRenderer(t *testing.T, msgs *i18n.Bundle) *Renderer {
	t.Helper()
	names, err := fs.Glob(static.FS, "*.*")
	if err != nil {
		t.Fatal(err)
	}
	a, err := LoadAssets(static.FS, names)
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRenderer(templates.FS, a, msgs)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
