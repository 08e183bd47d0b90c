package readability

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Kind names what a warning is about; the values are stable and meant for
// machines (filters, counts, tests).
type Kind string

// The kinds of warning.
const (
	LongSentence Kind = "long_sentence" // more than MaxSentenceWords words
	ManyClauses  Kind = "many_clauses"  // more than MaxClauses clauses
	LongWord     Kind = "long_word"     // more than LongWordSyllables syllables and LongWordLetters letters
	LowScore     Kind = "low_score"     // Flesch-Douma below MinDouma
)

// Warning is one sign that a text is probably above B1.
type Warning struct {
	Kind Kind
	// Sentence is the 1-based number of the sentence, 0 for LowScore.
	Sentence int
	// Text is the sentence (LongSentence, ManyClauses) or the word
	// (LongWord), with markup removed; empty for LowScore.
	Text string
	// Found is what was measured: words, clauses, syllables or the score.
	Found float64
	// Limit is the limit that Found broke.
	Limit float64
	// Message says it in plain English, with both numbers.
	Message string
}

func (w Warning) String() string { return w.Message }

// Options are the limits of Check. A zero limit switches its check off.
type Options struct {
	// MaxSentenceWords: warn about a sentence of more words.
	MaxSentenceWords int
	// MaxClauses: warn about a sentence of more clauses (see Clauses).
	MaxClauses int
	// LongWordSyllables and LongWordLetters: warn about a word that has
	// more syllables than the one and more letters than the other. Both
	// must be set.
	LongWordSyllables int
	LongWordLetters   int
	// MinDouma: warn when the Flesch-Douma score is below it, for texts of
	// at least MinSentencesForScore sentences or MinWordsForScore words.
	MinDouma             float64
	MinWordsForScore     int
	MinSentencesForScore int
	// Allow lists words that are never long words: terms that the text
	// explains and proper names. Case is ignored; an entry also allows its
	// inflected forms (-s, -'s, -n, -en, -e) and an entry of several words
	// allows each of them.
	Allow []string
}

// Default returns the limits described in the package documentation:
// sentences of at most 20 words and 2 clauses, no words of more than 4
// syllables and 15 letters, and a Flesch-Douma score of at least 60 for
// texts of 3 sentences or 40 words.
func Default() Options {
	return Options{
		MaxSentenceWords:     20,
		MaxClauses:           2,
		LongWordSyllables:    4,
		LongWordLetters:      15,
		MinDouma:             60,
		MinWordsForScore:     40,
		MinSentencesForScore: 3,
	}
}

// Stats are the counts of a text and its scores.
type Stats struct {
	Sentences int
	Words     int
	Syllables int
	// LongestSentence is the number of words of the longest sentence.
	LongestSentence  int
	WordsPerSentence float64
	SyllablesPerWord float64
	// Douma is the Flesch-Douma reading ease: higher is easier, 60 and up
	// is "normaal" or easier. 0 for a text without words.
	Douma float64
	// Brouwer is Brouwer's Leesindex A. 0 for a text without words.
	Brouwer float64
}

// Band returns Douma's label for the Flesch-Douma score, such as
// "normaal" (60–70) or "tamelijk moeilijk" (45–60).
func (s Stats) Band() string { return Band(s.Douma) }

// Band returns Douma's label for a Flesch-Douma score.
func Band(douma float64) string {
	switch {
	case douma >= 90:
		return "zeer gemakkelijk"
	case douma >= 80:
		return "gemakkelijk"
	case douma >= 70:
		return "tamelijk gemakkelijk"
	case douma >= 60:
		return "normaal"
	case douma >= 45:
		return "tamelijk moeilijk"
	case douma >= 30:
		return "moeilijk"
	default:
		return "zeer moeilijk"
	}
}

// Score counts the sentences, words and syllables of a Dutch text and
// computes its Flesch-Douma and Brouwer scores.
func Score(text string) Stats {
	return score(split(text))
}

func score(ss []sentence) Stats {
	var st Stats
	for _, s := range ss {
		ws := s.words()
		st.Sentences++
		st.Words += len(ws)
		st.LongestSentence = max(st.LongestSentence, len(ws))
		for _, w := range ws {
			st.Syllables += Syllables(w.text)
		}
	}
	if st.Words == 0 {
		return st
	}
	st.WordsPerSentence = float64(st.Words) / float64(st.Sentences)
	st.SyllablesPerWord = float64(st.Syllables) / float64(st.Words)
	st.Douma = 206.835 - 0.93*st.WordsPerSentence - 77*st.SyllablesPerWord
	st.Brouwer = 195 - 2*st.WordsPerSentence - 200.0/3*st.SyllablesPerWord
	return st
}

// Sentences returns the sentences of a text, with markup removed and white
// space collapsed; placeholders and addresses show as "{{…}}".
func Sentences(text string) []string {
	ss := split(text)
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.text
	}
	return out
}

// Words returns the words of a text as Check counts them.
func Words(text string) []string {
	var out []string
	for _, s := range split(text) {
		for _, w := range s.words() {
			out = append(out, w.text)
		}
	}
	return out
}

// Clauses estimates the number of finite clauses of a sentence; for a text
// of several sentences it returns the highest count. See the package
// documentation for the heuristic.
func Clauses(text string) int {
	n := 0
	for _, s := range split(text) {
		n = max(n, clauses(s))
	}
	return n
}

// subordinators mark a clause wherever they stand.
var subordinators = set(
	"omdat", "doordat", "terwijl", "zodat", "hoewel", "indien", "wanneer",
	"nadat", "voordat", "tenzij", "zodra", "totdat", "opdat", "alsof", "mits",
	"ofschoon", "zolang",
	"waardoor", "waarbij", "waarin", "waarmee", "waarvoor", "waarop",
	"waarover", "waaraan", "waarnaar", "waarvan", "waaruit", "waarna",
	"want",
)

// commaMarkers mark a clause after a comma or colon only.
var commaMarkers = set(
	"als", "dat", "die", "wat", "waar", "wie", "welke", "of", "toen", "sinds", "maar",
)

// startMarkers mark a clause as the first word of a sentence that is not a
// question. Sentence-initial dat, die, of and maar are left out: there
// they are nearly always a demonstrative ("Dat kan.") or a coordinator.
var startMarkers = set("als", "wat", "waar", "wie", "welke", "toen", "sinds")

func clauses(s sentence) int {
	n := 1
	afterComma, first := false, true
	for _, t := range s.toks {
		switch t.kind {
		case tComma:
			afterComma = true
			continue
		case tOther:
			continue
		}
		w := strings.ToLower(t.text)
		switch {
		case first && s.question: // a question word, not a clause
		case subordinators[w],
			afterComma && commaMarkers[w],
			first && startMarkers[w] && len(s.words()) > 2:
			n++
		}
		afterComma, first = false, false
	}
	// The clause that a sentence-initial marker opens is followed by the
	// main clause, which the 1 above already counts.
	return n
}

// Check returns the warnings for a Dutch text, in the order of the text,
// with the score warning last. A text without words has none.
func Check(text string, o Options) []Warning {
	ss := split(text)
	allow := allowSet(o.Allow)
	var out []Warning
	seen := map[string]bool{}
	for i, s := range ss {
		n := i + 1
		ws := s.words()
		if o.MaxSentenceWords > 0 && len(ws) > o.MaxSentenceWords {
			out = append(out, Warning{
				Kind: LongSentence, Sentence: n, Text: s.text,
				Found: float64(len(ws)), Limit: float64(o.MaxSentenceWords),
				Message: fmt.Sprintf("sentence %d has %d words (limit %d): %q", n, len(ws), o.MaxSentenceWords, excerpt(s.text)),
			})
		}
		if c := clauses(s); o.MaxClauses > 0 && c > o.MaxClauses {
			out = append(out, Warning{
				Kind: ManyClauses, Sentence: n, Text: s.text,
				Found: float64(c), Limit: float64(o.MaxClauses),
				Message: fmt.Sprintf("sentence %d has %d clauses (limit %d): %q", n, c, o.MaxClauses, excerpt(s.text)),
			})
		}
		if o.LongWordSyllables <= 0 || o.LongWordLetters <= 0 {
			continue
		}
		for _, t := range ws {
			if t.kind != tWord {
				continue
			}
			for _, part := range compoundParts(t.text) {
				key := strings.ToLower(part)
				if seen[key] || allowed(key, allow) {
					continue
				}
				syl, let := Syllables(part), letters(part)
				if syl > o.LongWordSyllables && let > o.LongWordLetters {
					seen[key] = true
					out = append(out, Warning{
						Kind: LongWord, Sentence: n, Text: part,
						Found: float64(syl), Limit: float64(o.LongWordSyllables),
						Message: fmt.Sprintf("long word %q: %d syllables, %d letters (limit %d syllables or %d letters); use a shorter word, or explain it and allow it",
							part, syl, let, o.LongWordSyllables, o.LongWordLetters),
					})
				}
			}
		}
	}
	if o.MinDouma > 0 {
		st := score(ss)
		big := (o.MinSentencesForScore > 0 && st.Sentences >= o.MinSentencesForScore) ||
			(o.MinWordsForScore > 0 && st.Words >= o.MinWordsForScore)
		if st.Words > 0 && big && st.Douma < o.MinDouma {
			out = append(out, Warning{
				Kind: LowScore, Found: st.Douma, Limit: o.MinDouma,
				Message: fmt.Sprintf("Flesch-Douma score %.1f (%s) is below %g: %d sentences, %.1f words a sentence, %.2f syllables a word",
					st.Douma, st.Band(), o.MinDouma, st.Sentences, st.WordsPerSentence, st.SyllablesPerWord),
			})
		}
	}
	return out
}

// compoundParts splits a hyphenated compound ("Wmo-cliëntondersteuner"):
// the hyphen shows the reader where the parts are, so each is judged on
// its own.
func compoundParts(w string) []string {
	return strings.FieldsFunc(w, func(r rune) bool {
		return r == '-' || r == '‐' || r == '‑' || r == '/'
	})
}

func allowSet(words []string) map[string]bool {
	m := map[string]bool{}
	for _, e := range words {
		for _, w := range strings.Fields(e) {
			m[strings.ToLower(w)] = true
		}
	}
	return m
}

// allowed reports whether a lower-case word is allowed, directly or as an
// inflected form of an allowed word.
func allowed(w string, allow map[string]bool) bool {
	if allow[w] {
		return true
	}
	for _, suffix := range []string{"s", "'s", "’s", "n", "en", "e"} {
		if stem, ok := strings.CutSuffix(w, suffix); ok && allow[stem] {
			return true
		}
	}
	return false
}

// excerpt shortens a sentence for a message.
func excerpt(s string) string {
	const limit = 60
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	rs := []rune(s)
	return string(rs[:limit]) + "…"
}
