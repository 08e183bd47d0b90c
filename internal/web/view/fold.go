package view

import (
	"html/template"
	"io"
	"strings"
	"text/template/parse"

	"github.com/wegwijzer/wegwijzer/internal/i18n"
)

// A page template executes one action per message, icon and field, and
// an action costs far more than the text it prints: the engine calls the
// function and then html/template's escaper, both by reflection. Most
// messages on a page are fixed ({{t .L "nav.skip"}}), so each page set is
// also kept per language with those actions folded into plain text: the
// text the action would print, escaped by html/template itself for the
// place it stands in. What depends on the request stays an action.
//
// An action is folded when it prints
//   - {{t L "id" ...}} with constant arguments, where L is the page's own
//     localizer (.L where dot is the page, or $.L where $ is), so the
//     staff's language on a desk page is never mistaken for the
//     resident's;
//   - {{icon "name"}}, {{nums (t L "id")}}: pure functions of constants;
//   - the page's language code ({{.Lang}}, in links too: the renderer
//     picks a folded set only when it is the localizer's language);
//
// and its escaping is one of html/template's escapers for text,
// attribute values and RCDATA, or any escaper but JavaScript's for a
// value they all leave as it is (letters, digits and hyphens).

// foldEscapers are the escapers a folded action may carry, with a
// template that applies each to a value: the official escaper, never a
// copy of it.
var foldEscapers = map[string]struct {
	t              *template.Template
	prefix, suffix string
}{
	"_html_template_htmlescaper":   {template.Must(template.New("").Parse(`{{.}}`)), "", ""},
	"_html_template_attrescaper":   {template.Must(template.New("").Parse(`<p title="{{.}}">`)), `<p title="`, `">`},
	"_html_template_rcdataescaper": {template.Must(template.New("").Parse(`<title>{{.}}</title>`)), `<title>`, `</title>`},
}

// escapeAs applies the escaper named esc to v as html/template would.
func escapeAs(esc string, v any) (string, bool) {
	e, ok := foldEscapers[esc]
	if !ok {
		return "", false
	}
	var b strings.Builder
	if err := e.t.Execute(&b, v); err != nil {
		return "", false
	}
	s := b.String()
	if !strings.HasPrefix(s, e.prefix) || !strings.HasSuffix(s, e.suffix) {
		return "", false
	}
	return s[len(e.prefix) : len(s)-len(e.suffix)], true
}

// foldFor escapes set (a fresh clone, not yet executed) and folds its
// fixed actions for the language of l. fragments are its templates the
// renderer also runs on their own, with the page as data. It returns how
// many actions it folded.
func foldFor(set *template.Template, l *i18n.Localizer, fragments ...string) (int, error) {
	// Executing escapes every template the page reaches; with no data it
	// stops at the first field, which is all that is needed here.
	if err := set.Execute(io.Discard, nil); err != nil {
		if _, ok := err.(*template.Error); ok {
			return 0, err
		}
	}
	trees := map[string]*parse.Tree{}
	for _, t := range set.Templates() {
		if t.Tree != nil && t.Tree.Root != nil {
			trees[t.Name()] = t.Tree
		}
	}
	onPage := pageDotTemplates(set.Name(), fragments, trees)
	f := folder{l: l}
	for name, tr := range trees {
		if onPage[name] {
			f.list(tr.Root, true)
		}
	}
	return f.folded, f.err
}

// pageDotTemplates works out which templates always run with the page
// itself as their data: the root, fragments (which the renderer runs with
// the page), and templates only ever called with {{template "x" .}} (or
// $) where that is the page. A template nothing calls, and that is no
// root, is left alone; so is a fragment also called with other data.
func pageDotTemplates(root string, fragments []string, trees map[string]*parse.Tree) map[string]bool {
	on := map[string]bool{root: true}
	for _, f := range fragments {
		on[f] = true
	}
	for _, tr := range trees {
		walkCalls(tr.Root, false, false, func(callee string, _ bool) { on[callee] = true })
	}
	for changed := true; changed; {
		changed = false
		for name, tr := range trees {
			walkCalls(tr.Root, on[name], on[name], func(callee string, page bool) {
				if !page && on[callee] && callee != root {
					on[callee], changed = false, true
				}
			})
		}
	}
	return on
}

// walkCalls reports every {{template}} call under n and whether it passes
// the page: dot is whether dot is the page there, root whether $ is.
func walkCalls(n parse.Node, dot, root bool, call func(string, bool)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			walkCalls(c, dot, root, call)
		}
	case *parse.IfNode:
		walkCalls(n.List, dot, root, call)
		walkCalls(n.ElseList, dot, root, call)
	case *parse.RangeNode:
		walkCalls(n.List, false, root, call)
		walkCalls(n.ElseList, dot, root, call)
	case *parse.WithNode:
		walkCalls(n.List, false, root, call)
		walkCalls(n.ElseList, dot, root, call)
	case *parse.TemplateNode:
		call(n.Name, passesPage(n.Pipe, dot, root))
	}
}

// passesPage reports whether pipe is just . or $ standing for the page.
func passesPage(p *parse.PipeNode, dot, root bool) bool {
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return false
	}
	switch a := p.Cmds[0].Args[0].(type) {
	case *parse.DotNode:
		return dot
	case *parse.VariableNode:
		return root && len(a.Ident) == 1 && a.Ident[0] == "$"
	}
	return false
}

type folder struct {
	l      *i18n.Localizer
	folded int
	err    error
}

// list folds the actions in n; dot is whether dot is the page there ($
// is, in every template list is called on).
func (f *folder) list(n *parse.ListNode, dot bool) {
	if n == nil {
		return
	}
	for i, c := range n.Nodes {
		switch c := c.(type) {
		case *parse.ActionNode:
			if s, ok := f.action(c, dot); ok {
				n.Nodes[i] = &parse.TextNode{NodeType: parse.NodeText, Pos: c.Pos, Text: []byte(s)}
				f.folded++
			}
		case *parse.IfNode:
			f.list(c.List, dot)
			f.list(c.ElseList, dot)
		case *parse.RangeNode:
			f.list(c.List, false)
			f.list(c.ElseList, dot)
		case *parse.WithNode:
			f.list(c.List, false)
			f.list(c.ElseList, dot)
		}
	}
}

// action returns what a fixed action prints, escaped.
func (f *folder) action(a *parse.ActionNode, dot bool) (string, bool) {
	p := a.Pipe
	if len(p.Decl) > 0 || len(p.Cmds) < 2 {
		return "", false
	}
	var escapers []string
	for _, c := range p.Cmds[1:] {
		esc, ok := c.Args[0].(*parse.IdentifierNode)
		if !ok || len(c.Args) != 1 || !strings.HasPrefix(esc.Ident, "_html_template_") {
			return "", false
		}
		escapers = append(escapers, esc.Ident)
	}
	if code, ok := f.pageLang(p.Cmds[0], dot); ok {
		return code, plainUnder(escapers, code)
	}
	if len(escapers) != 1 {
		return "", false
	}
	v, ok := f.value(p.Cmds[0], dot)
	if !ok {
		return "", false
	}
	return escapeAs(escapers[0], v)
}

// pageLang returns the page's language code when c is .Lang (dot being
// the page) or $.Lang.
func (f *folder) pageLang(c *parse.CommandNode, dot bool) (string, bool) {
	if len(c.Args) != 1 {
		return "", false
	}
	switch n := c.Args[0].(type) {
	case *parse.FieldNode:
		return f.l.Lang(), dot && len(n.Ident) == 1 && n.Ident[0] == "Lang"
	case *parse.VariableNode:
		return f.l.Lang(), len(n.Ident) == 2 && n.Ident[0] == "$" && n.Ident[1] == "Lang"
	}
	return "", false
}

// plainUnder reports whether escapers leave s as it is: s holds only
// letters, digits and hyphens, and none of them is for JavaScript (which
// would quote it).
func plainUnder(escapers []string, s string) bool {
	for _, e := range escapers {
		if strings.HasPrefix(e, "_html_template_js") {
			return false
		}
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// value evaluates a command of a pure function with fixed arguments.
func (f *folder) value(c *parse.CommandNode, dot bool) (any, bool) {
	fn, ok := c.Args[0].(*parse.IdentifierNode)
	if !ok {
		return nil, false
	}
	args := c.Args[1:]
	switch fn.Ident {
	case "t":
		if len(args) < 1 || !f.isPageLocalizer(args[0], dot) {
			return nil, false
		}
		consts, ok := constants(args[1:])
		if !ok || len(consts) == 0 {
			return nil, false
		}
		id, ok := consts[0].(string)
		if !ok {
			return nil, false
		}
		return translate(f.l, id, consts[1:]...), true
	case "icon":
		consts, ok := constants(args)
		if !ok || len(consts) != 1 {
			return nil, false
		}
		name, ok := consts[0].(string)
		if !ok {
			return nil, false
		}
		return icon(name), true
	case "nums":
		if len(args) != 1 {
			return nil, false
		}
		sub, ok := args[0].(*parse.PipeNode)
		if !ok || len(sub.Decl) > 0 || len(sub.Cmds) != 1 {
			return nil, false
		}
		v, ok := f.value(sub.Cmds[0], dot)
		s, isString := v.(string)
		if !ok || !isString {
			return nil, false
		}
		return phoneNumbers(s), true
	}
	return nil, false
}

// isPageLocalizer reports whether n is the page's own localizer.
func (f *folder) isPageLocalizer(n parse.Node, dot bool) bool {
	switch n := n.(type) {
	case *parse.FieldNode:
		return dot && len(n.Ident) == 1 && n.Ident[0] == "L"
	case *parse.VariableNode:
		return len(n.Ident) == 2 && n.Ident[0] == "$" && n.Ident[1] == "L"
	}
	return false
}

// constants returns the values of string and integer literals.
func constants(nodes []parse.Node) ([]any, bool) {
	out := make([]any, 0, len(nodes))
	for _, n := range nodes {
		switch n := n.(type) {
		case *parse.StringNode:
			out = append(out, n.Text)
		case *parse.NumberNode:
			if !n.IsInt {
				return nil, false
			}
			out = append(out, int(n.Int64))
		default:
			return nil, false
		}
	}
	return out, true
}
