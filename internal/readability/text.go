package readability

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// opaque stands for a placeholder, web address or e-mail address: one word
// of 2 syllables that is never a long word. It is a private-use rune, so it
// cannot clash with real text.
const opaque = '\uE000'

var (
	rePlaceholder = regexp.MustCompile(`\{\{.*?\}\}`)
	reComment     = regexp.MustCompile(`(?s)<!--.*?-->`)
	reBlockTag    = regexp.MustCompile(`(?i)<\s*(?:br|/?p|/?li|/?ul|/?ol|/?div|/?h[1-6]|/?tr|/?table|/?blockquote)\b[^>]*>`)
	reTag         = regexp.MustCompile(`<[a-zA-Z/!][^>]*>`)
	reMdLink      = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	reURL         = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s<>"']*[^\s<>"'.,;:!?)\]]`)
	reEmail       = regexp.MustCompile(`[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+`)
	reDomain      = regexp.MustCompile(`(?i)\b[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.(?:nl|org|com|net|eu|be|info)\b(?:/[^\s<>"']*[^\s<>"'.,;:!?)\]])?`)
	reEmphasis    = regexp.MustCompile("[*_`~]+")
)

// clean turns markup into plain text and replaces placeholders and
// addresses by the opaque rune.
func clean(s string) string {
	s = rePlaceholder.ReplaceAllString(s, string(opaque))
	s = reComment.ReplaceAllString(s, " ")
	s = reBlockTag.ReplaceAllString(s, "\n")
	s = reTag.ReplaceAllString(s, " ")
	s = html.UnescapeString(s)
	s = reMdLink.ReplaceAllString(s, "$1")
	s = reURL.ReplaceAllString(s, string(opaque))
	s = reEmail.ReplaceAllString(s, string(opaque))
	s = reDomain.ReplaceAllString(s, string(opaque))
	s = reEmphasis.ReplaceAllString(s, "")
	return s
}

type tokKind int

const (
	tWord   tokKind = iota // a word with letters
	tNumber                // digits only (with . , : - / inside)
	tOpaque                // placeholder or address
	tComma                 // , or : (a clause boundary)
	tOther                 // other punctuation that does not end a sentence
)

type token struct {
	kind tokKind
	text string
}

func (t token) isWord() bool { return t.kind == tWord || t.kind == tNumber || t.kind == tOpaque }

// sentence is one sentence: its text and its tokens.
type sentence struct {
	text     string
	toks     []token
	question bool
}

func (s sentence) words() []token {
	var ws []token
	for _, t := range s.toks {
		if t.isWord() {
			ws = append(ws, t)
		}
	}
	return ws
}

// abbreviations never end a sentence (lower case, without the final dot).
var abbreviations = set(
	"bijv", "bv", "bijvb", "o.a", "d.w.z", "m.b.t", "i.v.m", "i.p.v", "t.a.v",
	"n.a.v", "o.b.v", "m.u.v", "m.i.v", "incl", "excl", "evt", "ca", "nr",
	"tel", "blz", "pag", "p", "dhr", "mevr", "mw", "hr", "mr", "dr", "drs",
	"ir", "ing", "prof", "st", "vgl", "zgn", "resp", "gem", "mln", "mld",
	"aug", "sept", "okt", "nov", "dec", "febr",
)

// finalAbbreviations may end a sentence: they do when the next word has a
// capital.
var finalAbbreviations = set("enz", "etc", "e.d", "e.a", "e.v", "jl", "a.s",
	"z.s.m", "a.u.b", "s.v.p", "t.z.t", "min", "max", "ong", "jr",
	"ma", "di", "wo", "do", "vr", "za", "zo")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// split cleans a text and cuts it into sentences of tokens.
func split(text string) []sentence {
	s := clean(text)
	var out []sentence
	var cur []token
	start := -1 // byte offset where the current sentence starts
	flush := func(end int, question bool) {
		if len(cur) > 0 && hasWord(cur) {
			out = append(out, sentence{text: tidy(s[start:end]), toks: cur, question: question})
		}
		cur = nil
		start = -1
	}
	mark := func(i int) {
		if start < 0 {
			start = i
		}
	}
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == opaque:
			mark(i)
			cur = append(cur, token{kind: tOpaque, text: string(opaque)})
			i += size
		case isWordStart(s, i):
			mark(i)
			end := wordEnd(s, i)
			w := s[i:end]
			cur = append(cur, token{kind: wordKind(w), text: w})
			i = end
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			flush(i, false)
			i += size
		case r == '!' || r == '?' || r == ';' || r == '…':
			mark(i)
			end := i + size
			for end < len(s) { // take "?!", "!!!" and closing quotes along
				r2, sz := utf8.DecodeRuneInString(s[end:])
				if !strings.ContainsRune("!?.…\"'”’»)]", r2) {
					break
				}
				end += sz
			}
			flush(end, strings.ContainsRune(s[i:end], '?'))
			i = end
		case r == '.':
			mark(i)
			end := i + size
			for end < len(s) {
				r2, sz := utf8.DecodeRuneInString(s[end:])
				if !strings.ContainsRune(".\"'”’»)]", r2) {
					break
				}
				end += sz
			}
			if endsSentence(s, i, end, cur) {
				flush(end, false)
			}
			i = end
		case unicode.IsSpace(r):
			i += size
		default:
			mark(i)
			k := tOther
			if r == ',' || r == ':' {
				k = tComma
			}
			cur = append(cur, token{kind: k, text: string(r)})
			i += size
		}
	}
	flush(len(s), false)
	return out
}

func hasWord(ts []token) bool {
	for _, t := range ts {
		if t.isWord() {
			return true
		}
	}
	return false
}

// tidy collapses white space and restores placeholders as "…" for display.
func tidy(s string) string {
	s = strings.ReplaceAll(s, string(opaque), "{{…}}")
	return strings.Join(strings.Fields(s), " ")
}

// endsSentence decides whether the dot(s) at s[i:end] end the sentence.
func endsSentence(s string, i, end int, cur []token) bool {
	if end-i > 1 && s[i+1] == '.' { // an ellipsis "..."
		return true
	}
	next := nextWord(s, end)
	if len(cur) > 0 && i > 0 {
		prev := cur[len(cur)-1]
		adjacent := prev.isWord() && strings.HasSuffix(s[:i], prev.text)
		if adjacent && prev.kind == tWord {
			lw := strings.ToLower(prev.text)
			if abbreviations[lw] {
				return false
			}
			if finalAbbreviations[lw] {
				return startsUpper(next)
			}
			if r, n := utf8.DecodeRuneInString(prev.text); n == len(prev.text) && unicode.IsUpper(r) {
				return false // an initial
			}
			if strings.Contains(lw, ".") { // a dotted abbreviation we do not know
				return startsUpper(next)
			}
		}
	}
	if r, _ := utf8.DecodeRuneInString(next); unicode.IsLower(r) {
		return false
	}
	return true
}

// nextWord returns the text after s[i:] from its first non-space rune.
func nextWord(s string, i int) string {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) || r == '\n' {
			break
		}
		i += size
	}
	return s[i:]
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || r == opaque
}

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// isWordStart reports whether a word starts at s[i]: a letter or digit, or
// the apostrophe of the clitics 's, 't and 'n.
func isWordStart(s string, i int) bool {
	r, size := utf8.DecodeRuneInString(s[i:])
	if isLetterOrDigit(r) {
		return true
	}
	if r != '\'' && r != '’' {
		return false
	}
	if i > 0 {
		p, _ := utf8.DecodeLastRuneInString(s[:i])
		if isLetterOrDigit(p) {
			return false
		}
	}
	c, csize := utf8.DecodeRuneInString(s[i+size:])
	if c != 's' && c != 't' && c != 'n' {
		return false
	}
	after, _ := utf8.DecodeRuneInString(s[i+size+csize:])
	return !unicode.IsLetter(after)
}

// wordEnd returns the end of the word that starts at s[i].
func wordEnd(s string, i int) int {
	j := i
	segment := 0 // letters since the start or the last dot
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if isLetterOrDigit(r) || unicode.Is(unicode.Mn, r) || (j == i && (r == '\'' || r == '’')) {
			j += size
			if unicode.IsLetter(r) {
				segment++
			}
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(s[:j])
		next, nsize := utf8.DecodeRuneInString(s[j+size:])
		if nsize == 0 {
			break
		}
		join := false
		switch r {
		case '-', '‐', '‑', '\'', '’', '/':
			join = isLetterOrDigit(prev) && isLetterOrDigit(next)
		case '.':
			join = (unicode.IsDigit(prev) && unicode.IsDigit(next)) ||
				(segment == 1 && unicode.IsLetter(prev) && unicode.IsLetter(next))
			segment = 0
		case ',', ':':
			join = unicode.IsDigit(prev) && unicode.IsDigit(next)
		}
		if !join {
			break
		}
		j += size
	}
	return j
}

func wordKind(w string) tokKind {
	for _, r := range w {
		if unicode.IsLetter(r) {
			return tWord
		}
	}
	return tNumber
}

// letters counts the letters of a word.
func letters(w string) int {
	n := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}
