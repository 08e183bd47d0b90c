package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/internal/web/view"
)

// pages are the page templates; each is parsed with base.html and the
// partials into its own template set.
var pages = []string{
	"home", "question", "results", "maatwerk", "contact", "confirmation",
	"urgent", "error", "about", "chat", "accessibility", "code", "summary",
	"signin", "inbox", "request", "desk", "handover",
}

// pageFragments are templates of a page that are also rendered on their own
// (for the chat script), with the page as their data.
var pageFragments = map[string][]string{"chat": {"turns", "replies"}}

type renderer struct {
	// sets are the page sets as parsed: the source of the folded sets,
	// and what renders a page whose data has no language.
	sets map[string]*template.Template
	// msgs are the messages the folded sets are made from, and byLang
	// the folded sets per language (*foldedSets), made on first use.
	msgs   *i18n.Bundle
	byLang sync.Map
	// plain renders every page as parsed, with no folded sets and no
	// kept fragments (for the test that both change nothing).
	plain bool
	// fragments renders service cards and language links and keeps them.
	fragments *fragments
}

// plainTemplates makes new renderers plain, for the test that compares
// both.
var plainTemplates atomic.Bool

// foldedSets are a language's page sets with its fixed messages folded in.
type foldedSets struct {
	once sync.Once
	sets map[string]*template.Template
}

func newRenderer(fsys fs.FS, a *view.Assets, msgs *i18n.Bundle) (*renderer, error) {
	r := &renderer{sets: map[string]*template.Template{}, msgs: msgs, plain: plainTemplates.Load()}
	funcs := template.FuncMap{
		"t":        translate,
		"tn":       translatePlural,
		"tm":       translateMap,
		"tx":       localText,
		"asset":    a.URL,
		"langName": i18n.Name,
		"join":     strings.Join,
		"icon":     icon,
		"tel":      tel,
		"langAttr": langAttr,
		"card":     card,
		"serviceCard": func(l *i18n.Localizer, s serviceView, level int) (template.HTML, error) {
			return r.fragments.card(l, s, level)
		},
		"langLinks": func(name, base string, links []langLink) (template.HTML, error) {
			return r.fragments.langLinks(name, base, links)
		},
		"date": localDate,
		"nums": phoneNumbers,
		"add":  func(a, b int) int { return a + b },
	}
	partials, err := fs.Glob(fsys, "_*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	partialSet, err := template.New("partials").Funcs(funcs).ParseFS(fsys, partials...)
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	r.fragments = newFragments(partialSet, !r.plain)
	for _, p := range pages {
		files := append([]string{"base.html"}, partials...)
		files = append(files, p+".html")
		t, err := template.New("base.html").Funcs(funcs).ParseFS(fsys, files...)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", p, err)
		}
		r.sets[p] = t
	}
	return r, nil
}

// set returns the set for page name to render data with: folded for the
// language of the page's localizer when data is a page.
func (r *renderer) set(name string, data any) (*template.Template, bool) {
	t, ok := r.sets[name]
	if !ok || r.plain || r.msgs == nil {
		return t, ok
	}
	p, isPage := data.(interface {
		language() (string, *i18n.Localizer)
	})
	if !isPage {
		return t, ok
	}
	lang, l := p.language()
	if l == nil || l.Lang() != lang || !r.msgs.Supported(lang) {
		return t, ok
	}
	v, _ := r.byLang.LoadOrStore(lang, &foldedSets{})
	fs := v.(*foldedSets)
	fs.once.Do(func() { fs.sets = r.fold(lang) })
	if f := fs.sets[name]; f != nil {
		return f, true
	}
	return t, ok
}

// fold makes the folded sets of one language. A set that cannot be
// folded is left out, so its page renders from the parsed set.
func (r *renderer) fold(lang string) map[string]*template.Template {
	l := r.msgs.Localizer(lang)
	out := make(map[string]*template.Template, len(r.sets))
	for name, t := range r.sets {
		c, err := t.Clone()
		if err != nil {
			continue
		}
		if _, err := foldFor(c, l, pageFragments[name]...); err != nil {
			continue
		}
		out[name] = c
	}
	return out
}

// render executes a page into a buffer first, so a template error becomes
// an error page rather than half a page.
func (r *renderer) render(c *fiber.Ctx, status int, name string, data any) error {
	t, ok := r.set(name, data)
	if !ok {
		return fmt.Errorf("web: no template %q", name)
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooledBuffer {
			buf.Reset()
			renderBuffers.Put(buf)
		}
	}()
	if err := t.Execute(buf, data); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	c.Status(status)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	// SetBody copies into the response's own buffer (c.Send would keep
	// buf, which goes back to the pool before the response is written).
	c.Response().SetBody(buf.Bytes())
	return nil
}

// renderBuffers are reused between renders, so a page is not built up in
// a buffer that grows (and copies) from nothing each time. Buffers grown
// past maxPooledBuffer by an unusual page are left to the collector.
var renderBuffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 32<<10)) }}

const maxPooledBuffer = 256 << 10

// translate is the template function t: {{t .L "id" "Name" .Value}}.
func translate(l *i18n.Localizer, id string, kv ...any) string {
	return l.T(id, pairs(kv))
}

// translateMap is tm: {{tm .L "id" .Data}}, with the placeholders in a
// map built by the handler (such as the person a carer cares for).
func translateMap(l *i18n.Localizer, id string, data map[string]any) string {
	return l.T(id, data)
}

// translatePlural is tn: {{tn .L "id" .Count}}.
func translatePlural(l *i18n.Localizer, id string, count int, kv ...any) string {
	return l.N(id, count, pairs(kv))
}

func pairs(kv []any) map[string]any {
	if len(kv) == 0 {
		return nil
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			m[k] = kv[i+1]
		}
	}
	return m
}

// phoneNumber matches a Dutch phone number in running text: 0800-0113,
// 0000 120 120.
var phoneNumber = regexp.MustCompile(`\b0\d{2,3}[- ]\d{2,4}(?:[- ]\d{2,4})?\b`)

// phoneNumbers escapes text and keeps each phone number in it together and
// left to right (<bdi>), so it does not break at its hyphen and reads the
// same in a right-to-left page.
func phoneNumbers(text string) template.HTML {
	return template.HTML(phoneNumber.ReplaceAllString(template.HTMLEscapeString(text), `<bdi class="nowrap">$0</bdi>`))
}

// text is catalogue text in the resident's language, or in Dutch with
// Other set so the template marks it lang="nl".
type text struct {
	S     string
	Lang  string
	Other bool
}

func localText(lang string, t catalog.Text) text {
	s, got := t.In(lang)
	return text{S: s, Lang: got, Other: got != lang}
}

// language tells the renderer the page's language and localizer; only
// when they agree is a folded set used.
func (p page) language() (string, *i18n.Localizer) { return p.Lang, p.L }
