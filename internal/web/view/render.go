package view

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
)

// pages are the page templates; each is parsed with base.html and the
// partials into its own template set.
var pages = []string{
	"home", "question", "results", "maatwerk", "contact", "confirmation",
	"urgent", "error", "about", "chat", "accessibility", "code", "summary",
	"signin", "inbox", "request", "desk", "handover", "insights", "choose",
}

// pageFragments are templates of a page that are also rendered on their own
// (for the chat script), with the page as their data.
var pageFragments = map[string][]string{"chat": {"turns", "replies"}}

// Renderer renders the portal's pages: a template set per page, and per
// language the same sets with the language's fixed messages folded in.
// It is safe for concurrent use.
type Renderer struct {
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

// SetPlain makes the renderers made after it plain (on) or not: a plain
// renderer renders every page as parsed, with no folded sets and no kept
// fragments. It is for the test that compares both; a server never calls
// it.
func SetPlain(on bool) { plainTemplates.Store(on) }

// Plain reports whether r renders every page as parsed (see SetPlain);
// callers keep nothing either then.
func (r *Renderer) Plain() bool { return r.plain }

// foldedSets are a language's page sets with its fixed messages folded in.
type foldedSets struct {
	once sync.Once
	sets map[string]*template.Template
}

// NewRenderer parses every page in pages from fsys, each with base.html
// and the partials (_*.html). Templates call asset for a's URLs; msgs are
// the messages folded into the templates per language (none when nil).
func NewRenderer(fsys fs.FS, a *Assets, msgs *i18n.Bundle) (*Renderer, error) {
	r := &Renderer{sets: map[string]*template.Template{}, msgs: msgs, plain: plainTemplates.Load()}
	funcs := template.FuncMap{
		"t":        translate,
		"tn":       translatePlural,
		"tm":       translateMap,
		"tx":       LocalText,
		"asset":    a.URL,
		"langName": i18n.Name,
		"join":     strings.Join,
		"icon":     icon,
		"tel":      tel,
		"langAttr": langAttr,
		"serviceCard": func(l *i18n.Localizer, s Service, level int) (template.HTML, error) {
			return r.fragments.card(l, s, level)
		},
		"langLinks": func(name, base string, links []LangLink) (template.HTML, error) {
			return r.fragments.langLinks(name, base, links)
		},
		"date": LocalDate,
		"nums": phoneNumbers,
		"add":  func(a, b int) int { return a + b },
	}
	partials, err := fs.Glob(fsys, "_*.html")
	if err != nil {
		return nil, fmt.Errorf("view: templates: %w", err)
	}
	partialSet, err := template.New("partials").Funcs(funcs).ParseFS(fsys, partials...)
	if err != nil {
		return nil, fmt.Errorf("view: templates: %w", err)
	}
	r.fragments = newFragments(partialSet, !r.plain)
	for _, p := range pages {
		files := append([]string{"base.html"}, partials...)
		files = append(files, p+".html")
		t, err := template.New("base.html").Funcs(funcs).ParseFS(fsys, files...)
		if err != nil {
			return nil, fmt.Errorf("view: template %s: %w", p, err)
		}
		r.sets[p] = t
	}
	return r, nil
}

// Page is the data of a page that tells the renderer its language and
// localizer. Only when they agree is the page rendered from the set with
// that language's fixed messages folded in; other data renders from the
// set as parsed.
type Page interface {
	Language() (lang string, l *i18n.Localizer)
}

// set returns the set for page name to render data with: folded for the
// language of the page's localizer when data is a Page.
func (r *Renderer) set(name string, data any) (*template.Template, bool) {
	t, ok := r.sets[name]
	if !ok || r.plain || r.msgs == nil {
		return t, ok
	}
	p, isPage := data.(Page)
	if !isPage {
		return t, ok
	}
	lang, l := p.Language()
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
func (r *Renderer) fold(lang string) map[string]*template.Template {
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

// Render executes page name with data and writes it to w. It renders
// into a buffer first and writes the page in one Write only when it
// rendered whole, so a template error leaves w untouched and can become
// an error page rather than half a page.
func (r *Renderer) Render(w io.Writer, name string, data any) error {
	t, ok := r.set(name, data)
	if !ok {
		return fmt.Errorf("view: no template %q", name)
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooledBuffer {
			buf.Reset()
			renderBuffers.Put(buf)
		}
	}()
	if err := t.Execute(buf, data); err != nil {
		return fmt.Errorf("view: render %s: %w", name, err)
	}
	// buf goes back to the pool when Render returns: w must copy what it
	// keeps (as io.Writer requires anyway).
	_, err := w.Write(buf.Bytes())
	return err
}

// Fragment renders one named template of a page on its own, with the
// page's data, for the chat script; "" when it fails.
func (r *Renderer) Fragment(page, name string, data any) string {
	t, ok := r.set(page, data)
	if !ok {
		return ""
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return ""
	}
	return buf.String()
}

// renderBuffers are reused between renders, so a page is not built up in
// a buffer that grows (and copies) from nothing each time. Buffers grown
// past maxPooledBuffer by an unusual page are left to the collector.
var renderBuffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 32<<10)) }}

const maxPooledBuffer = 256 << 10

// translate is the template function t: {{t .L "id" "Name" .Value}}.
func translate(l *i18n.Localizer, id string, kv ...any) string {
	return l.T(id, Pairs(kv))
}

// translateMap is tm: {{tm .L "id" .Data}}, with the placeholders in a
// map built by the handler (such as the person a carer cares for).
func translateMap(l *i18n.Localizer, id string, data map[string]any) string {
	return l.T(id, data)
}

// translatePlural is tn: {{tn .L "id" .Count}}.
func translatePlural(l *i18n.Localizer, id string, count int, kv ...any) string {
	return l.N(id, count, Pairs(kv))
}

// Pairs makes a message's placeholders from names and values in turn
// ("Name", value, ...), as the template functions t and tn take them.
func Pairs(kv []any) map[string]any {
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

// Text is catalogue text in the resident's language, or in Dutch with
// Other set so the template marks it lang="nl".
type Text struct {
	S     string
	Lang  string
	Other bool
}

// LocalText is t in lang, or in Dutch when t has no lang text: the
// template function tx.
func LocalText(lang string, t catalog.Text) Text {
	s, got := t.In(lang)
	return Text{S: s, Lang: got, Other: got != lang}
}
