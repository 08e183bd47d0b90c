package web

// The accessibility suite. Real headless Chromium walks every page type as
// a resident would, in several languages, and on every page:
//   - runs axe-core with the WCAG 2.1 A and AA rules (zero violations);
//   - checks landmarks, the skip link, one h1 and headings in order, and a
//     title that says where you are (and the step, on questions);
//   - checks touch targets of at least 44 by 44 CSS pixels;
//   - checks there is no horizontal scrolling at 320 CSS pixels wide, at
//     100% and at 200% text size;
//   - checks nothing comes from another origin and that HTML, CSS, script
//     and icons weigh at most 40 KB compressed.
// Other tests complete the flow with the keyboard alone (with a visible
// focus indicator on every stop) and with JavaScript disabled.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// pageBudget is the most a page may weigh, compressed, with everything it
// loads: HTML, CSS, JavaScript and icons.
const pageBudget = 40 << 10

// axeTags are the axe-core rule tags of WCAG 2.0 and 2.1, levels A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// axeSource returns axe-core's script, installed by `npm ci --prefix .ci`
// (or found at $AXE_CORE). Missing, the test is skipped locally and fails
// under CI=true.
func axeSource(t *testing.T) string {
	t.Helper()
	path := os.Getenv("AXE_CORE")
	if path == "" {
		path = filepath.Join("..", "..", ".ci", "node_modules", "axe-core", "axe.min.js")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("axe-core is not installed (%v); run: npm ci --prefix .ci", err)
		}
		t.Skipf("axe-core is not installed (%v); run: npm ci --prefix .ci", err)
	}
	return string(data)
}

// auditor checks the page the browser shows.
type auditor struct {
	t    *testing.T
	ctx  context.Context
	base string
	axe  string
	lang string
	// weights are the compressed bytes of each page checked, by name.
	weights map[string]int
	sizes   map[string]int // compressed size of each subresource, by URL
	// quick skips the checks: only the walk is tested.
	quick bool
}

func newAuditor(t *testing.T, ctx context.Context, base, lang string) *auditor {
	return &auditor{t: t, ctx: ctx, base: base, axe: axeSource(t), lang: lang, weights: map[string]int{}, sizes: map[string]int{}}
}

func (a *auditor) run(actions ...chromedp.Action) {
	a.t.Helper()
	if err := chromedp.Run(a.ctx, actions...); err != nil {
		a.t.Fatalf("%s: %v", a.lang, err)
	}
}

// goTo opens a path of this language and waits for the page.
func (a *auditor) goTo(path string) {
	a.t.Helper()
	a.run(chromedp.Navigate(a.base + "/" + a.lang + path))
}

// submit runs actions that send a form or follow a link, and waits until
// the next page has loaded.
func (a *auditor) submit(actions ...chromedp.Action) {
	a.t.Helper()
	var before float64
	a.run(chromedp.Evaluate(`performance.timeOrigin`, &before))
	a.run(actions...)
	deadline := time.Now().Add(15 * time.Second)
	for {
		var after float64
		var state string
		err := chromedp.Run(a.ctx, chromedp.Evaluate(`performance.timeOrigin`, &after), chromedp.Evaluate(`document.readyState`, &state))
		if err == nil && after != before && state == "complete" {
			return
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("%s: no new page after submitting (err %v)", a.lang, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// location is the current path.
func (a *auditor) location() string {
	a.t.Helper()
	var loc string
	a.run(chromedp.Location(&loc))
	u, err := url.Parse(loc)
	if err != nil {
		a.t.Fatal(err)
	}
	return u.Path
}

type axeResult struct {
	Violations []struct {
		ID    string `json:"id"`
		Help  string `json:"help"`
		Nodes []struct {
			Target []any  `json:"target"`
			HTML   string `json:"html"`
		} `json:"nodes"`
	} `json:"violations"`
	Passes int `json:"passes"`
}

// pageFacts is what pageScript finds on a page.
type pageFacts struct {
	Title       string   `json:"title"`
	Lang        string   `json:"lang"`
	Dir         string   `json:"dir"`
	Mains       int      `json:"mains"`
	Banners     int      `json:"banners"`
	Footers     int      `json:"footers"`
	Skip        string   `json:"skip"`
	Headings    []int    `json:"headings"`
	FirstInMain int      `json:"firstInMain"`
	Step        string   `json:"step"`
	H1          string   `json:"h1"`
	Small       []string `json:"small"`
	Resources   []string `json:"resources"`
	HTMLBytes   int      `json:"htmlBytes"`
	Animations  int      `json:"animations"`
	// Flip is the computed transform of the first directional icon.
	Flip string `json:"flip"`
}

// pageScript collects the facts checked on every page.
const pageScript = `(() => {
  const visible = el => {
    if (el.closest('.visually-hidden')) return false;
    const s = getComputedStyle(el);
    if (s.display === 'none' || s.visibility === 'hidden') return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const heads = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')];
  const inMain = document.querySelector('main h1,main h2,main h3,main h4,main h5,main h6');
  const focusables = [...document.querySelectorAll('a[href],button,input:not([type=hidden]),select,textarea,summary')];
  const small = [];
  for (const el of focusables) {
    if (el.classList.contains('skip') || !visible(el)) continue;
    // A radio button or checkbox is operated through its whole label.
    const target = (el.type === 'radio' || el.type === 'checkbox') && el.closest('label') ? el.closest('label') : el;
    // Links inside a sentence are exempt (WCAG 2.5.8, inline).
    if (el.tagName === 'A' && getComputedStyle(el).display === 'inline') {
      const block = el.parentElement.closest('p,li,dd,td,div');
      if (block && block.textContent.trim().length > el.textContent.trim().length + 1) continue;
    }
    const r = target.getBoundingClientRect();
    if (r.width < 43.5 || r.height < 43.5) {
      small.push(target.tagName.toLowerCase() + (target.id ? '#' + target.id : '') + ' "' + target.textContent.trim().slice(0, 40) + '" ' + Math.round(r.width) + 'x' + Math.round(r.height));
    }
  }
  const res = new Set();
  document.querySelectorAll('link[href]').forEach(l => { if (l.rel !== 'alternate') res.add(l.href); });
  document.querySelectorAll('script[src],img[src],source[src],iframe[src]').forEach(e => res.add(e.src));
  // What the page itself loads; the chat's API calls are data, not page.
  performance.getEntriesByType('resource').filter(e => e.initiatorType !== 'fetch' && e.initiatorType !== 'xmlhttprequest').forEach(e => res.add(e.name));
  const nav = performance.getEntriesByType('navigation')[0];
  const step = document.querySelector('.step');
  const h1 = document.querySelector('h1');
  return {
    title: document.title,
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    mains: document.querySelectorAll('main').length,
    banners: document.querySelectorAll('body > header').length,
    footers: document.querySelectorAll('body > footer').length,
    skip: (document.querySelector('a[href]') || {getAttribute: () => ''}).getAttribute('href'),
    headings: heads.map(h => +h.tagName[1]),
    firstInMain: inMain ? +inMain.tagName[1] : 0,
    step: step ? step.textContent.trim() : '',
    h1: h1 ? h1.textContent.trim() : '',
    small: small,
    resources: [...res],
    htmlBytes: nav ? nav.encodedBodySize : 0,
    animations: document.getAnimations().length,
    flip: (() => { const f = document.querySelector('.icon .flip'); return f ? getComputedStyle(f).transform : ''; })(),
  };
})()`

// overflowScript measures horizontal scrolling and names what sticks out.
const overflowScript = `(() => {
  const w = document.documentElement.clientWidth;
  const over = document.documentElement.scrollWidth - w;
  const out = [];
  if (over > 0) {
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if ((r.right > w + 1 || r.left < -1) && r.width > 0) out.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
      if (out.length > 5) break;
    }
  }
  return {over: over, out: out};
})()`

// check runs every check on the page the browser shows; name says which
// page it is in failure messages and in the weights table.
func (a *auditor) check(name string) {
	a.t.Helper()
	if a.quick {
		return
	}
	where := a.lang + " " + name
	a.run(chromedp.WaitReady("body", chromedp.ByQuery))

	var res axeResult
	script := a.axe + `;axe.run(document, {runOnly: {type: 'tag', values: ` + jsonString(axeTags) + `}, resultTypes: ['violations']}).then(r => ({violations: r.violations, passes: r.passes.length}))`
	a.run(chromedp.Evaluate(script, &res, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	if res.Passes == 0 {
		a.t.Errorf("%s: axe passed no rule; did it run?", where)
	}
	for _, v := range res.Violations {
		var nodes []string
		for _, n := range v.Nodes {
			nodes = append(nodes, fmt.Sprint(n.Target)+" "+truncate(n.HTML, 120))
		}
		a.t.Errorf("%s: axe %s: %s\n\t%s", where, v.ID, v.Help, strings.Join(nodes, "\n\t"))
	}

	var f pageFacts
	a.run(emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}),
		chromedp.Evaluate(pageScript, &f))
	if f.Lang != a.lang || f.Dir != map[bool]string{true: "rtl", false: "ltr"}[a.lang == "ar"] {
		a.t.Errorf("%s: <html lang=%q dir=%q>", where, f.Lang, f.Dir)
	}
	if f.Mains != 1 || f.Banners != 1 || f.Footers != 1 {
		a.t.Errorf("%s: landmarks: %d main, %d header, %d footer; want one of each", where, f.Mains, f.Banners, f.Footers)
	}
	if f.Skip != "#main" {
		a.t.Errorf("%s: the first link is %q, want the skip link to #main", where, f.Skip)
	}
	h1s := 0
	for i, h := range f.Headings {
		if h == 1 {
			h1s++
		}
		if i > 0 && h > f.Headings[i-1]+1 {
			a.t.Errorf("%s: headings skip a level: %v", where, f.Headings)
			break
		}
	}
	if h1s != 1 || f.FirstInMain != 1 {
		a.t.Errorf("%s: %d h1 and main's first heading is h%d; want one h1, first in main", where, h1s, f.FirstInMain)
	}
	if f.H1 == "" || !strings.Contains(f.Title, "·") {
		a.t.Errorf("%s: title %q, h1 %q", where, f.Title, f.H1)
	}
	if f.Step != "" && !strings.Contains(strings.ToLower(f.Title), strings.ToLower(f.Step)) {
		a.t.Errorf("%s: the title %q does not say the step %q", where, f.Title, f.Step)
	}
	for _, s := range f.Small {
		a.t.Errorf("%s: touch target smaller than 44×44: %s", where, s)
	}
	// Directional icons (the back arrow) point the other way right to left.
	if strings.HasPrefix(name, "question") && f.Flip == "" {
		a.t.Errorf("%s: no directional icon (the back arrow) to check", where)
	}
	if mirrored := strings.HasPrefix(f.Flip, "matrix(-1"); f.Flip != "" && mirrored != (f.Dir == "rtl") {
		a.t.Errorf("%s: a directional icon has transform %q in a %s page", where, f.Flip, f.Dir)
	}
	if f.Animations != 0 {
		a.t.Errorf("%s: %d animations run while the resident asked for reduced motion", where, f.Animations)
	}
	a.weigh(where, name, f)
	a.reflow(where)
}

// weigh checks that everything the page loads is ours, and that it weighs
// at most pageBudget compressed.
func (a *auditor) weigh(where, name string, f pageFacts) {
	a.t.Helper()
	total := f.HTMLBytes
	if total == 0 {
		a.t.Errorf("%s: the browser reports no size for the HTML", where)
	}
	for _, r := range f.Resources {
		if strings.HasPrefix(r, "data:") {
			continue
		}
		if !strings.HasPrefix(r, a.base+"/") {
			a.t.Errorf("%s: loads %s from another origin", where, r)
			continue
		}
		total += a.compressed(r)
	}
	if total > pageBudget {
		a.t.Errorf("%s: weighs %d bytes compressed, budget %d", where, total, pageBudget)
	}
	a.weights[name] = total
}

// compressed is the size of a subresource as the server sends it to a
// browser that accepts gzip and brotli.
func (a *auditor) compressed(u string) int {
	if n, ok := a.sizes[u]; ok {
		return n
	}
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Accept-Encoding", "br, gzip")
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		a.t.Errorf("%s: %d", u, resp.StatusCode)
	}
	a.sizes[u] = len(body)
	return len(body)
}

// reflow checks for horizontal scrolling at 320 CSS pixels wide, with the
// browser's text size at 100% and at 200% (as a resident who set large
// text on their phone), then restores the phone-sized window.
func (a *auditor) reflow(where string) {
	a.t.Helper()
	type overflow struct {
		Over int      `json:"over"`
		Out  []string `json:"out"`
	}
	for _, px := range []int64{16, 32} {
		var o overflow
		a.run(chromedp.EmulateViewport(320, 640),
			cdppage.SetFontSizes(&cdppage.FontSizes{Standard: px, Fixed: px * 13 / 16}),
			chromedp.Evaluate(overflowScript, &o))
		if o.Over > 0 {
			a.t.Errorf("%s: scrolls sideways by %d px at 320 px wide and %d%% text: %s", where, o.Over, px*100/16, strings.Join(o.Out, "; "))
		}
	}
	a.run(cdppage.SetFontSizes(&cdppage.FontSizes{Standard: 16, Fixed: 13}), chromedp.EmulateViewport(390, 844))
}

// screenshot saves the first screen and the whole page as PNGs among the
// test's artifacts (go test -artifacts; make test keeps them in
// .ci/artifacts).
func (a *auditor) screenshot(name string, width int64) {
	a.t.Helper()
	var first, full []byte
	a.run(chromedp.EmulateViewport(width, 844), chromedp.CaptureScreenshot(&first), chromedp.FullScreenshot(&full, 100), chromedp.EmulateViewport(390, 844))
	for file, png := range map[string][]byte{name + ".png": first, name + "-full.png": full} {
		path := filepath.Join(a.t.ArtifactDir(), file)
		if err := os.WriteFile(path, png, 0o644); err != nil {
			a.t.Fatal(err)
		}
		a.t.Logf("screenshot: %s", path)
	}
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// choose clicks the answer with the given value.
func choose(value string) chromedp.Action {
	return chromedp.Click(`input[name=answer][value="`+value+`"]`, chromedp.ByQuery)
}

// walkFlow answers every question from the start page to the results, on
// each page running the checks: topics money and caregiving, the first
// option elsewhere, a postcode for the place.
func (a *auditor) walkFlow(postcode string) {
	a.t.Helper()
	a.goTo("/")
	a.check("landing")
	a.submit(chromedp.Click(`a.btn.primary[href*="/vraag/"]`, chromedp.ByQuery))
	first := true
	for i := 0; strings.Contains(a.location(), "/vraag/"); i++ {
		if i > 30 {
			a.t.Fatalf("%s: still asking questions after 30 pages", a.lang)
		}
		qid := a.location()[strings.LastIndex(a.location(), "/")+1:]
		a.check("question " + qid)
		if first {
			// Going on without an answer shows the error on the same page.
			first = false
			a.submit(chromedp.Click(`button[value=next]`, chromedp.ByQuery))
			a.check("question with error")
			a.checkErrorsLinked(1)
		}
		var isPlace bool
		a.run(chromedp.Evaluate(`!!document.getElementById('postcode')`, &isPlace))
		switch {
		case isPlace:
			a.run(chromedp.SetValue("#postcode", postcode, chromedp.ByID))
		case qid == "topics":
			a.run(choose("money"), choose("caregiving"))
		default:
			a.run(chromedp.Click(`input[name=answer]`, chromedp.ByQuery))
		}
		a.submit(chromedp.Click(`button[value=next]`, chromedp.ByQuery))
	}
	if !strings.HasSuffix(a.location(), "/uitkomst") {
		a.t.Fatalf("%s: after the questions at %s, want the results", a.lang, a.location())
	}
}

// suiteLangs are the languages the accessibility suite walks: all seven.
var suiteLangs = []string{"nl", "en", "ar", "pl", "tr", "uk", "fy"}

// billsMessage is a chat message about money worries in the page's
// language, so the chat answers in that language.
var billsMessage = map[string]string{
	"nl": "ik kan mijn rekeningen niet betalen",
	"en": "I cannot pay my bills",
	"ar": "لا أستطيع دفع فواتيري",
	"pl": "nie mogę zapłacić rachunków",
	"tr": "faturalarımı ödeyemiyorum",
	"uk": "я не можу оплатити рахунки",
	"fy": "ik kin myn rekkens net betelje",
}

// TestAccessibility walks every page type in all seven languages and checks
// each page (see the top of this file). The results page is saved as a
// screenshot in each language, and in nl also at 320 px wide.
func TestAccessibility(t *testing.T) {
	t.Parallel() // a tab of its own in the shared browser
	d, _ := testDeps(t)
	srv := startServer(t, d)
	postcode := firstPostcode(t, d.Content.Catalog)
	weights := make([]map[string]int, len(suiteLangs))
	// The languages are walked side by side, each in its own tab; the
	// group returns when all are done.
	t.Run("langs", func(t *testing.T) {
		for i, lang := range suiteLangs {
			t.Run(lang, func(t *testing.T) {
				t.Parallel()
				walkAudit(t, srv.URL, lang, postcode, &weights[i])
			})
		}
	})
	for i, lang := range suiteLangs {
		if weights[i] != nil {
			t.Logf("%s page weights (bytes, compressed, with CSS, JS and icons): %v", lang, weights[i])
		}
	}
}

// walkAudit walks one language through every page type with axe-core
// and keeps the pages' weights in weights.
func walkAudit(t *testing.T, srvURL, lang, postcode string, weights *map[string]int) {
	ctx := chromium(t)
	a := newAuditor(t, ctx, srvURL, lang)
	a.walkFlow(postcode)
	a.check("results")
	a.screenshot("results-"+lang, 390)
	if lang == "nl" {
		a.screenshot("results-nl-320px", 320)
	}
	// Not enough: the route to customised support opens.
	a.submit(chromedp.Click(`label[for=enough-no]`, chromedp.ByQuery), chromedp.Click(`#genoeg button[type=submit]`, chromedp.ByQuery))
	a.check("results, not enough (" + a.location() + ")")
	a.goTo("/maatwerk")
	a.check("maatwerk")

	a.goTo("/contact")
	a.check("contact")
	a.submit(chromedp.Click(`form.contact button[type=submit]`, chromedp.ByQuery))
	a.check("contact with errors")
	a.checkErrorsLinked(3)
	a.run(chromedp.SetValue("#name", "Anna de Vries", chromedp.ByID),
		chromedp.SetValue("#phone", "0612345678", chromedp.ByID),
		chromedp.Click(`input[name=time]`, chromedp.ByQuery),
		chromedp.SetValue("#description", "Ik wil graag iemand spreken over mijn rekeningen.", chromedp.ByID),
		chromedp.Click(`#consent`, chromedp.ByID))
	a.submit(chromedp.Click(`form.contact button[type=submit]`, chromedp.ByQuery))
	a.check("confirmation")
	// The summary, with the Wmo dates counted from the melding.
	a.goTo("/uitkomst/overzicht")
	a.check("summary")
	a.screenshot("summary-"+lang, 390)

	// A carer's results, opened from a shared link, with the
	// carer's own check answered.
	a.goTo("/uitkomst/gedeeld?who=carer&relation=mother&topics=care.household&age=senior&place=" + url.QueryEscape(postcode))
	a.check("results for a carer")
	a.submit(chromedp.Click(`label[for=carer-1]`, chromedp.ByQuery), chromedp.Click(`#mantelzorger button[type=submit]`, chromedp.ByQuery))
	a.check("results for a carer, after the check")
	a.run(chromedp.ScrollIntoView("#h-carer", chromedp.ByID))
	a.screenshot("carer-"+lang, 390)
	a.goTo("/code")
	a.check("resume code")
	a.run(chromedp.SetValue("#code", "K0M", chromedp.ByID))
	a.submit(chromedp.Click(`main form button[type=submit]`, chromedp.ByQuery))
	a.check("resume code with error")
	a.checkErrorsLinked(1)

	a.goTo("/chat")
	a.check("chat")
	a.run(chromedp.SendKeys("#chat-text", billsMessage[lang], chromedp.ByID),
		chromedp.Click("#chat-form button[type=submit]", chromedp.ByQuery),
		chromedp.WaitVisible("#beurt-2", chromedp.ByID))
	a.check("chat conversation")

	a.goTo("/hulp-nu")
	a.check("urgent help")
	a.goTo("/toegankelijkheid")
	a.check("accessibility statement")
	a.goTo("/over")
	a.check("about")
	a.goTo("/bestaat-niet")
	a.check("not found")
	*weights = a.weights
}

// checkErrorsLinked: the summary is announced (role=alert) and lists at
// least min errors; each links to a field that says it is invalid and is
// described by its error message (a group of choices, by its fieldset).
func (a *auditor) checkErrorsLinked(min int) {
	a.t.Helper()
	var r struct {
		Alert  bool     `json:"alert"`
		Links  int      `json:"links"`
		Broken []string `json:"broken"`
	}
	a.run(chromedp.Evaluate(`(() => {
	  const s = document.querySelector('.error-summary');
	  const broken = [];
	  const links = s ? [...s.querySelectorAll('a[href^="#"]')] : [];
	  for (const l of links) {
	    const f = document.getElementById(l.getAttribute('href').slice(1));
	    if (!f) { broken.push(l.textContent + ': no field'); continue; }
	    const input = f.matches('input,select,textarea') ? f : f.querySelector('input,select,textarea');
	    if (!input) { broken.push(l.textContent + ': no input'); continue; }
	    // A group of radio buttons or checkboxes is described as a group.
	    const group = (input.type === 'radio' || input.type === 'checkbox') && input.closest('fieldset') && !input.getAttribute('aria-describedby');
	    const described = group ? input.closest('fieldset') : input;
	    const ids = (described.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
	    const said = ids.map(id => (document.getElementById(id) || {textContent: ''}).textContent.trim()).join(' ');
	    if (!group && input.getAttribute('aria-invalid') !== 'true') broken.push(l.textContent + ': field not aria-invalid');
	    if (!said.includes(l.textContent.trim())) broken.push(l.textContent + ': field not described by its error (' + said + ')');
	  }
	  return {alert: !!s && s.getAttribute('role') === 'alert', links: links.length, broken: broken};
	})()`, &r))
	if !r.Alert || r.Links < min {
		a.t.Errorf("%s: error summary: role=alert %v, %d links", a.lang, r.Alert, r.Links)
	}
	for _, b := range r.Broken {
		a.t.Errorf("%s: error summary: %s", a.lang, b)
	}
}

// focusScript describes the focused element and whether a focus indicator
// shows on it: an outline of at least 2 px or a box shadow.
const focusScript = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {desc: 'body', visible: false, matches: false};
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  const r = el.getBoundingClientRect();
  return {desc: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' + (el.textContent || el.value || '').trim().slice(0, 30) + '"',
    visible: (outline || shadow) && r.width > 0 && r.height > 0, matches: el.matches(SELECTOR)};
})()`

// keyboard drives the page with keys only.
type keyboard struct {
	*auditor
	stops int
}

// tabTo presses Tab until the focus is on an element matching sel,
// checking at every stop that the focus can be seen.
func (k *keyboard) tabTo(sel string) {
	k.t.Helper()
	script := strings.Replace(focusScript, "SELECTOR", jsonString(sel), 1)
	for i := 0; i < 80; i++ {
		var f struct {
			Desc    string `json:"desc"`
			Visible bool   `json:"visible"`
			Matches bool   `json:"matches"`
		}
		k.run(chromedp.KeyEvent(kb.Tab), chromedp.Evaluate(script, &f))
		k.stops++
		if !f.Visible {
			k.t.Errorf("%s %s: no visible focus indicator on %s", k.lang, k.location(), f.Desc)
		}
		if f.Matches {
			return
		}
	}
	k.t.Fatalf("%s %s: Tab never reaches %s", k.lang, k.location(), sel)
}

// press sends keys to the focused element.
func (k *keyboard) press(keys string) { k.t.Helper(); k.run(chromedp.KeyEvent(keys)) }

// TestKeyboardOnly completes the flow, the route to customised support and
// the contact request with the keyboard alone: Tab, Space, arrows, Enter
// and typing. Every focus stop must show a focus indicator.
func TestKeyboardOnly(t *testing.T) {
	t.Parallel() // a tab of its own in the shared browser
	d, _ := testDeps(t)
	srv := startServer(t, d)
	postcode := firstPostcode(t, d.Content.Catalog)
	k := &keyboard{auditor: newAuditor(t, chromium(t), srv.URL, "nl")}
	k.goTo("/")
	k.tabTo(".skip")
	k.tabTo(`a.btn.primary[href*="/vraag/"]`)
	k.submit(chromedp.KeyEvent(kb.Enter))
	for i := 0; strings.Contains(k.location(), "/vraag/"); i++ {
		if i > 30 {
			t.Fatal("still asking questions after 30 pages")
		}
		var isPlace bool
		k.run(chromedp.Evaluate(`!!document.getElementById('postcode')`, &isPlace))
		if isPlace {
			k.tabTo("#postcode")
			k.press(postcode)
		} else {
			k.tabTo("input[name=answer]")
			k.press(" ")
		}
		k.tabTo("button[value=next]")
		k.submit(chromedp.KeyEvent(kb.Enter))
	}
	if p := k.location(); p != "/nl/uitkomst" {
		t.Fatalf("after the questions at %s, want the results", p)
	}
	// "Is this enough?" No: arrow from the first radio to the second.
	k.tabTo("input[name=enough]")
	k.press(kb.ArrowDown)
	k.tabTo("#genoeg button[type=submit]")
	k.submit(chromedp.KeyEvent(kb.Enter))
	k.tabTo(`main a[href$="/contact"]`)
	k.submit(chromedp.KeyEvent(kb.Enter))
	k.tabTo("#name")
	k.press("Anna de Vries")
	k.tabTo("#phone")
	k.press("0612345678")
	k.tabTo("#description")
	k.press("Ik wil graag iemand spreken.")
	k.tabTo("#consent")
	k.press(" ")
	k.tabTo("form.contact button[type=submit]")
	k.submit(chromedp.KeyEvent(kb.Enter))
	if p := k.location(); p != "/nl/contact/verstuurd" {
		t.Fatalf("after sending the contact request at %s, want the confirmation", p)
	}
	t.Logf("completed with the keyboard in %d focus stops", k.stops)
}

// TestWithoutJavaScript completes the flow, the contact request and a chat
// message with JavaScript disabled in the browser.
func TestWithoutJavaScript(t *testing.T) {
	t.Parallel() // a tab of its own in the shared browser
	d, _ := testDeps(t)
	srv := startServer(t, d)
	postcode := firstPostcode(t, d.Content.Catalog)
	a := newAuditor(t, chromium(t), srv.URL, "nl")
	a.quick = true
	a.run(emulation.SetScriptExecutionDisabled(true))
	a.walkFlow(postcode)
	a.submit(chromedp.Click(`label[for=enough-no]`, chromedp.ByQuery), chromedp.Click(`#genoeg button[type=submit]`, chromedp.ByQuery))
	a.submit(chromedp.Click(`main a[href$="/contact"]`, chromedp.ByQuery))
	a.run(chromedp.SetValue("#name", "Anna de Vries", chromedp.ByID),
		chromedp.SetValue("#phone", "0612345678", chromedp.ByID),
		chromedp.SetValue("#description", "Ik wil graag iemand spreken.", chromedp.ByID),
		chromedp.Click(`#consent`, chromedp.ByID))
	a.submit(chromedp.Click(`form.contact button[type=submit]`, chromedp.ByQuery))
	if p := a.location(); p != "/nl/contact/verstuurd" {
		t.Fatalf("after sending the contact request at %s, want the confirmation", p)
	}
	// With the script, the chat would answer without loading a new page and
	// submit would time out; without it, the form post loads the answer.
	a.goTo("/chat")
	a.run(chromedp.SetValue("#chat-text", "ik kan mijn rekeningen niet betalen", chromedp.ByID))
	a.submit(chromedp.Click("#chat-form button[type=submit]", chromedp.ByQuery))
	var last string
	var yours int
	a.run(chromedp.Evaluate(`document.querySelector('#transcript > li:last-child').className`, &last),
		chromedp.Evaluate(`[...document.querySelectorAll('#transcript .turn.you')].filter(t => t.textContent.includes('rekeningen')).length`, &yours))
	if yours != 1 || !strings.Contains(last, "bot") {
		t.Errorf("without JavaScript the chat shows %d of the resident's messages and ends with %q; want the message and an answer", yours, last)
	}
}

// TestAccessibilityRegion: TestAccessibility walks every page of the
// first municipality; here the region's second, Veenhoven (its colours,
// logo and the note for a resident on another municipality's address),
// is checked on one page of each type, with the same checks and page
// budget, and so is the question where the resident lives.
func TestAccessibilityRegion(t *testing.T) {
	t.Parallel() // a tab of its own in the shared browser
	srv := startServer(t, regionDeps(t))
	ctx := chromium(t)
	a := newAuditor(t, ctx, srv.URL, "nl")
	a.goTo("/gemeente")
	a.check("where do you live")
	a.run(chromedp.SetValue("#postcode", "1012 AB", chromedp.ByID))
	a.submit(chromedp.Click(`main form button.primary`, chromedp.ByQuery))
	a.check("where do you live, outside the region")
	a.checkErrorsLinked(1)
	// The same question for each municipality, for people to compare.
	a.goTo("/vraag/topics")
	a.screenshot("question-topics-beekdal", 390)
	// Veenhoven's pages, as its resident on another address sees them.
	a.run(network.SetCookie(muniCookie, "veenhoven").WithURL(srv.URL))
	a.goTo("/")
	a.check("landing")
	a.goTo("/vraag/topics")
	a.check("question topics")
	a.screenshot("question-topics-veenhoven", 390)
	a.goTo("/uitkomst/gedeeld?who=self&topics=loneliness.caregiving&place=9984AB")
	if loc := a.location(); loc != "/nl/uitkomst" {
		t.Fatalf("shared link: at %s", loc)
	}
	a.check("results")
	a.screenshot("results-veenhoven-nl", 390)
	a.submit(chromedp.Click(`label[for=enough-no]`, chromedp.ByQuery), chromedp.Click(`#genoeg button[type=submit]`, chromedp.ByQuery))
	a.goTo("/maatwerk")
	if loc := a.location(); loc != "/nl/maatwerk" {
		t.Fatalf("maatwerk: at %s", loc)
	}
	a.check("maatwerk")
	a.goTo("/contact")
	if loc := a.location(); loc != "/nl/contact" {
		t.Fatalf("contact: at %s", loc)
	}
	a.check("contact")
	a.goTo("/uitkomst/overzicht")
	a.check("summary")
	a.goTo("/code")
	a.check("resume code")
	a.goTo("/chat")
	a.check("chat")
	a.goTo("/hulp-nu")
	a.check("urgent help")
	a.goTo("/toegankelijkheid")
	a.check("accessibility statement")
	a.goTo("/bestaat-niet")
	a.check("not found")
	t.Logf("Veenhoven page weights (bytes, compressed, with CSS, JS and icons): %v", a.weights)
}
