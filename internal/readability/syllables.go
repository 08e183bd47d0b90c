package readability

import (
	"strings"
	"unicode"
)

// Syllables estimates the syllables of one Dutch word; see the package
// documentation for the rules. It returns 0 for text without letters or
// digits and for the clitics 's, 't and 'n.
func Syllables(word string) int {
	if isClitic(strings.TrimSpace(word)) {
		return 0
	}
	word = strings.TrimFunc(word, func(r rune) bool { return !isLetterOrDigit(r) && r != opaque })
	if word == "" {
		return 0
	}
	if strings.ContainsRune(word, opaque) {
		return 2
	}
	parts := strings.FieldsFunc(word, func(r rune) bool {
		return r == '-' || r == '‐' || r == '‑' || r == '/'
	})
	n, digits := 0, false
	for _, p := range parts {
		if isAcronym(p) {
			n += len([]rune(p))
			continue
		}
		lower := strings.ToLower(p)
		hasLetter := false
		for _, r := range lower {
			if unicode.IsDigit(r) {
				digits = true
			} else if unicode.IsLetter(r) {
				hasLetter = true
			}
		}
		if !hasLetter {
			continue
		}
		if strings.Contains(lower, ".") { // o.a., z.s.m.: one per letter
			n += strings.Count(lower, ".") + 1
			continue
		}
		k := nuclei(loan(lower))
		if k == 0 {
			k = 1
		}
		n += k
	}
	if digits {
		n += 2
	}
	return n
}

func isClitic(w string) bool {
	switch strings.ToLower(w) {
	case "'s", "'t", "'n", "’s", "’t", "’n":
		return true
	}
	return false
}

// isAcronym reports whether w is 2 to 5 capitals, such as GGD or UWV.
func isAcronym(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2 && n <= 5
}

// loanRules respell English loans with a silent e or an English vowel so
// that the Dutch rules count them right.
var loanRules = []struct{ from, to string }{
	{"team", "tim"},
	{"coach", "kootsj"},
	{"service", "servis"},
	{"home", "hoom"},
	{"phone", "foon"},
	{"toilet", "twalet"},
}

// loanSuffixes are English word endings with a silent e.
var loanSuffixes = []struct{ from, to string }{
	{"site", "sait"}, {"sites", "saits"},
	{"line", "lain"}, {"lines", "lains"},
	{"care", "ker"},
	{"time", "taim"},
}

func loan(w string) string {
	for _, r := range loanRules {
		w = strings.ReplaceAll(w, r.from, r.to)
	}
	for _, r := range loanSuffixes {
		if strings.HasSuffix(w, r.from) && len(w) > len(r.from) {
			return strings.TrimSuffix(w, r.from) + r.to
		}
	}
	return w
}

// base maps a vowel with an accent to its plain letter and reports whether
// the accent is a diaeresis (which starts a new syllable).
func base(r rune) (b rune, diaeresis, vowel bool) {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return r, false, true
	case 'á', 'à', 'â':
		return 'a', false, true
	case 'é', 'è', 'ê':
		return 'e', false, true
	case 'í', 'ì', 'î':
		return 'i', false, true
	case 'ó', 'ò', 'ô':
		return 'o', false, true
	case 'ú', 'ù', 'û':
		return 'u', false, true
	case 'ý':
		return 'y', false, true
	case 'ä':
		return 'a', true, true
	case 'ë':
		return 'e', true, true
	case 'ï':
		return 'i', true, true
	case 'ö':
		return 'o', true, true
	case 'ü':
		return 'u', true, true
	case 'ÿ':
		return 'y', true, true
	}
	return r, false, false
}

var (
	trigraphs = set("aai", "ooi", "oei", "eeu", "ieu", "eau")
	digraphs  = set("aa", "ee", "oo", "uu", "ie", "oe", "eu", "ui", "ij", "ei",
		"ou", "au", "ai", "ay", "ey", "oy", "uy")
)

// nuclei counts the vowel nuclei of a lower-case word.
func nuclei(w string) int {
	rs := []rune(w)
	plain := make([]rune, len(rs))
	split := make([]bool, len(rs)) // true where a diaeresis forbids joining
	vowel := make([]bool, len(rs))
	for i, r := range rs {
		plain[i], split[i], vowel[i] = base(r)
	}
	n := 0
	for i := 0; i < len(rs); {
		if !vowel[i] {
			i++
			continue
		}
		// Take the longest trigraph or digraph that starts here. Letters
		// after the first may not carry a diaeresis; the j of ij is the only
		// consonant that joins.
		l := 1
		for _, k := range []int{3, 2} {
			if i+k > len(rs) {
				continue
			}
			ok := true
			for j := i + 1; j < i+k; j++ {
				if split[j] {
					ok = false
				}
			}
			g := string(plain[i : i+k])
			if ok && ((k == 3 && trigraphs[g]) || (k == 2 && digraphs[g])) {
				l = k
				break
			}
		}
		n++
		i += l
	}
	return n
}
