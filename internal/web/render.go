package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"regexp"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
)

// pages are the page templates; each is parsed with base.html and the
// partials into its own template set.
var pages = []string{
	"home", "question", "results", "maatwerk", "contact", "confirmation",
	"urgent", "error", "about", "chat", "accessibility", "code", "summary",
	"signin", "inbox", "request", "desk", "handover",
}

type renderer struct {
	sets map[string]*template.Template
}

func newRenderer(fsys fs.FS, a *assets) (*renderer, error) {
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
		"date":     localDate,
		"nums":     phoneNumbers,
		"add":      func(a, b int) int { return a + b },
	}
	partials, err := fs.Glob(fsys, "_*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	r := &renderer{sets: map[string]*template.Template{}}
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

// render executes a page into a buffer first, so a template error becomes
// an error page rather than half a page.
func (r *renderer) render(c *fiber.Ctx, status int, name string, data any) error {
	t, ok := r.sets[name]
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
