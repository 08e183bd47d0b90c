package nlu

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// fold maps letters that Unicode does not decompose, or that residents
// write interchangeably, to one form. Combining marks are dropped
// separately, so é, ë and e (and Arabic أ, إ and ا) already meet.
var fold = map[rune]rune{
	'ł': 'l', 'ø': 'o', 'đ': 'd', 'ı': 'i', 'ß': 's', 'æ': 'a', 'œ': 'o',
	// Arabic: taa marbuta, alef maqsura and the Persian yeh and kaf that
	// phones often produce.
	'ة': 'ه', 'ى': 'ي', 'ی': 'ي', 'ک': 'ك',
	// Ukrainian written with Russian letters, as on many phones.
	'ы': 'и', 'э': 'е', 'ё': 'е', 'ъ': 'ь',
}

// Normalize lowercases text, drops accents and other combining marks,
// folds letters residents use interchangeably and turns everything but
// letters and digits into single spaces. Training phrases and messages go
// through the same function, so "Schuldhulpverlening", "schuldhulp-
// verlening" and "schúldhulpverlening" look alike to the model.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // no leading space
	// Broken bytes become a space first: decomposition would pass the
	// letters after them through unchanged ("\xf5ğ" kept its ğ).
	for _, r := range norm.NFKD.String(strings.ToValidUTF8(s, " ")) {
		switch {
		case unicode.Is(unicode.Mn, r), r == 'ـ': // combining marks, Arabic tatweel
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
			if f, ok := fold[r]; ok {
				r = f
			}
			b.WriteRune(r)
			space = false
		case r == '\'' || r == '’' || r == 'ʼ' || r == '`':
			// m'n, d'r: keep the word together.
			continue
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// script is the writing system of a text, for language detection:
// Arabic and Cyrillic each belong to one locale of the contract.
type script int

const (
	latin script = iota
	arabic
	cyrillic
)

// scriptOf returns the script most letters of s are written in.
func scriptOf(s string) script {
	var n [3]int
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		switch {
		case unicode.Is(unicode.Arabic, r):
			n[arabic]++
		case unicode.Is(unicode.Cyrillic, r):
			n[cyrillic]++
		case unicode.IsLetter(r):
			n[latin]++
		}
	}
	best := latin
	for sc := arabic; sc <= cyrillic; sc++ {
		if n[sc] > n[best] {
			best = sc
		}
	}
	return best
}
