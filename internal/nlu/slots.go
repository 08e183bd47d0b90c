package nlu

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Slots are facts the flow asks about that a message may already state.
type Slots struct {
	// Who is "carer" when the message is about someone else, "self" when
	// it is plainly about the writer, "" when it does not say. A message
	// that names a person who has died is about the writer ("eenzaam
	// sinds mijn man is overleden").
	Who string
	// Relation is the option of the flow's relation question the message
	// names ("mijn moeder" → "mother"), "" when it names none.
	Relation string
	// Age is "young" (under 18), "adult" or "senior" (67 and over), or "".
	Age string
	// Years is the age in years when the message states it ("82 jaar"),
	// 0 when it does not.
	Years int
	// Postcode is a Dutch postcode as written ("9991 AB"), unchecked.
	Postcode string
	// Place is the id of a village named in the message.
	Place string
	// Correction is set when the message starts with a word that
	// corrects what was said before ("nee, ...", "no, ...").
	Correction bool
	// For is set when the message has a word that says for whom ("voor",
	// "for", "dla").
	For bool
}

// Age groups of the flow's age question.
const (
	ageYoung  = "young"
	ageAdult  = "adult"
	ageSenior = "senior"
	// seniorAge and adultAge are where the flow's age options start.
	seniorAge = 67
	adultAge  = 18
)

var postcodeRE = regexp.MustCompile(`\b[1-9][0-9]{3} ?[A-Za-z]{2}\b`)

// Slots reads the facts from text. Word lists of every locale are used,
// since residents mix languages ("mijn moeder" in an English message).
func (m *Model) Slots(text string) Slots {
	var s Slots
	if pc := postcodeRE.FindString(text); pc != "" {
		s.Postcode = pc
	}
	toks := strings.Fields(Normalize(text))
	s.Relation = m.lex.relation(toks)
	switch {
	case m.lex.bereaved.in(toks):
		s.Who, s.Relation = "self", ""
	case s.Relation != "", m.lex.someoneElse.in(toks):
		s.Who = "carer"
	case m.lex.self.in(toks):
		s.Who = "self"
	}
	switch {
	case m.lex.young.in(toks):
		s.Age = ageYoung
	case m.lex.senior.in(toks):
		s.Age = ageSenior
	}
	age, ok := m.lex.age(toks)
	if !ok {
		age, ok = m.lex.personAge(toks)
	}
	if ok {
		s.Years = age
		switch {
		case age < adultAge:
			s.Age = ageYoung
		case age >= seniorAge:
			s.Age = ageSenior
		default:
			s.Age = ageAdult
		}
	}
	s.Place = m.place(toks)
	s.Correction = m.lex.corrections.index(toks) == 0
	s.For = m.lex.forWords.in(toks)
	return s
}

// Stated returns the answers ("question.option") whose words text uses.
func (m *Model) Stated(text string) []string {
	toks := strings.Fields(m.withoutPlaces(Normalize(text)))
	var found []bool
	for i, t := range toks {
		for _, aw := range m.lex.answerStems[stemKey(t)] {
			if (found == nil || !found[aw.answer]) && i+len(aw.words) <= len(toks) && stemsMatch(aw.words, toks[i:i+len(aw.words)]) {
				if found == nil {
					found = make([]bool, len(m.lex.answerIDs))
				}
				found[aw.answer] = true
			}
		}
	}
	var out []string
	for i, f := range found {
		if f {
			out = append(out, m.lex.answerIDs[i])
		}
	}
	return out
}

// SlotsFor reads the facts from text as Slots does, with for whom read
// against the message's needs (best first). A parent asking about their
// own child's upbringing or safety asks for themself: "mijn zoon van 14
// luistert niet" names a child, but its need is parenting, not caring for
// someone (the child stays in Relation, for its age). Someone in danger
// at home from a person they name ("mijn man slaat me", "ik ben 12 en
// heit slacht my") asks for themself.
func (m *Model) SlotsFor(text string, needs []string) Slots {
	s := m.Slots(text)
	first := ""
	if len(needs) > 0 {
		first = needs[0]
	}
	switch {
	case s.Relation == "child" && (first == "parenting" || first == "safety"):
		s.Who = "self"
	case s.Relation != "" && first == "safety":
		s.Who, s.Relation = "self", ""
	}
	return s
}

// place returns the id of a village named in toks, allowing one typo in
// longer names ("Oostervein").
func (m *Model) place(toks []string) string {
	for i := range toks {
		for _, p := range m.places {
			if p.at(toks, i) {
				return p.id
			}
		}
	}
	return ""
}

// placeAt returns how many words of toks, from i, name a village.
func (m *Model) placeAt(toks []string, i int) int {
	for _, p := range m.places {
		if p.at(toks, i) {
			return len(p.tokens)
		}
	}
	return 0
}

// at reports whether toks names the place from i on.
func (p placeName) at(toks []string, i int) bool {
	if i+len(p.tokens) > len(toks) {
		return false
	}
	for j, want := range p.tokens {
		got := toks[i+j]
		// Frisian and older spellings write "y" for the Dutch "ij"
		// ("Molenwyk").
		got = strings.ReplaceAll(got, "ij", "y")
		if want = strings.ReplaceAll(want, "ij", "y"); got != want && (len([]rune(want)) < 6 || !withinOneEdit(got, want)) {
			return false
		}
	}
	return true
}

type placeName struct {
	id     string
	tokens []string
}

// Talk is what a message without a need is, so the assistant answers
// in kind; see Result.Talk.
const (
	TalkGreeting = "greeting"
	TalkThanks   = "thanks"
	TalkBye      = "bye"
	TalkOther    = "other"
)

// lexicon holds the word lists of every locale, normalized.
type lexicon struct {
	someoneElse, self, young, senior phrases
	bereaved, corrections, forWords  phrases
	greetings, thanks, goodbyes      phrases
	relations                        map[string]phrases // relation option → words
	answers                          map[string]stems   // "question.option" → words
	answerIDs                        []string
	// answerStems are the words of every answer by their first stem,
	// each with the index of its answer in answerIDs: Stated looks up
	// each word of a message once, not once per answer.
	answerStems map[string][]answerWords
	relationIDs []string // sorted, for a stable order
	years       map[string]bool
	negations   map[string]bool
	joiners     map[string]map[string]bool // lang → words
}

// relation returns the relation named first in toks.
func (l *lexicon) relation(toks []string) string {
	best, at := "", len(toks)
	for _, id := range l.relationIDs {
		if i := l.relations[id].index(toks); i >= 0 && i < at {
			best, at = id, i
		}
	}
	return best
}

// talk returns the kind of a message without a need: a greeting, thanks
// or goodbye when it has one of their words ("dank u, doei" is thanks).
func (l *lexicon) talk(toks []string) string {
	switch {
	case l.thanks.in(toks):
		return TalkThanks
	case l.goodbyes.in(toks):
		return TalkBye
	case l.greetings.in(toks):
		return TalkGreeting
	}
	return ""
}

func newLexicon(langs []*Phrases) *lexicon {
	l := &lexicon{years: map[string]bool{}, negations: map[string]bool{}, joiners: map[string]map[string]bool{}, relations: map[string]phrases{}, answers: map[string]stems{}}
	for _, p := range langs {
		l.someoneElse.add(p.SomeoneElse...)
		l.bereaved.add(p.Bereaved...)
		l.corrections.add(p.Corrections...)
		l.forWords.add(p.For...)
		l.greetings.add(p.Greetings...)
		l.thanks.add(p.Thanks...)
		l.goodbyes.add(p.Goodbyes...)
		for id, words := range p.Answers {
			ph := l.answers[id]
			ph.add(words...)
			l.answers[id] = ph
		}
		for id, words := range p.Relations {
			ph := l.relations[id]
			ph.add(words...)
			l.relations[id] = ph
		}
		l.self.add(p.Self...)
		l.young.add(p.Age.Young...)
		l.senior.add(p.Age.Senior...)
		for _, w := range p.Negations {
			for _, t := range strings.Fields(Normalize(w)) {
				l.negations[t] = true
			}
		}
		for _, w := range p.Years {
			for _, t := range strings.Fields(Normalize(w)) {
				l.years[t] = true
			}
		}
		j := map[string]bool{}
		for _, w := range p.Joiners {
			if n := Normalize(w); n != "" && !strings.Contains(n, " ") {
				j[n] = true
			}
		}
		l.joiners[p.Lang] = j
	}
	l.relationIDs = slices.Sorted(maps.Keys(l.relations))
	l.answerIDs = slices.Sorted(maps.Keys(l.answers))
	l.answerStems = map[string][]answerWords{}
	for i, id := range l.answerIDs {
		for k, seqs := range l.answers[id] {
			for _, words := range seqs {
				l.answerStems[k] = append(l.answerStems[k], answerWords{answer: i, words: words})
			}
		}
	}
	return l
}

// answerWords are words that state answer (an index into answerIDs).
type answerWords struct {
	answer int
	words  []string
}

func (l *lexicon) joiner(lang, w string) bool { return l.joiners[lang][w] }

// negation reports whether w negates what follows, in any locale.
func (l *lexicon) negation(w string) bool { return l.negations[w] }

// age finds "82 jaar", "jaar 82" or "82-jarige" style ages: a number
// from 1 to 110 next to a word for years.
func (l *lexicon) age(toks []string) (int, bool) {
	for i, t := range toks {
		n, err := strconv.Atoi(t)
		if err != nil || n < 1 || n > 110 || !isDigits(t) {
			continue
		}
		if i+1 < len(toks) && l.years[toks[i+1]] || i > 0 && l.years[toks[i-1]] {
			return n, true
		}
	}
	return 0, false
}

// personAge finds the age of a person named in toks without a word for
// years: "my mother is 88", "mijn vader van 88", "tata ma 80": a number
// from 1 to 110 within three words after a relation.
func (l *lexicon) personAge(toks []string) (int, bool) {
	for _, id := range l.relationIDs {
		i := l.relations[id].index(toks)
		if i < 0 {
			continue
		}
		for _, t := range toks[i+1 : min(len(toks), i+5)] {
			if n, err := strconv.Atoi(t); err == nil && isDigits(t) && n >= 1 && n <= 110 {
				return n, true
			}
		}
	}
	return 0, false
}

// phrases is a list of normalized word sequences, looked up by their
// first word.
type phrases map[string][][]string

func (p *phrases) add(list ...string) {
	if *p == nil {
		*p = phrases{}
	}
	for _, s := range list {
		toks := strings.Fields(Normalize(s))
		if len(toks) > 0 && !slices.ContainsFunc((*p)[toks[0]], func(x []string) bool { return slices.Equal(x, toks) }) {
			(*p)[toks[0]] = append((*p)[toks[0]], toks)
		}
	}
}

// minStem is the shortest answer word that also matches the words it
// starts.
const minStem = 4

// stems is a list of normalized word sequences whose words also match
// the words they start, looked up by the first minStem letters of their
// first word (or the whole word, when shorter).
type stems map[string][][]string

func stemKey(w string) string {
	n := 0
	for i := range w {
		if n == minStem {
			return w[:i]
		}
		n++
	}
	return w
}

func (p *stems) add(list ...string) {
	if *p == nil {
		*p = stems{}
	}
	for _, s := range list {
		if toks := strings.Fields(Normalize(s)); len(toks) > 0 {
			k := stemKey(toks[0])
			(*p)[k] = append((*p)[k], toks)
		}
	}
}

// stemsMatch reports whether toks are the sequence ph, each word of ph
// equal to a word of toks or, from minStem letters, starting it.
func stemsMatch(ph, toks []string) bool {
	for j, w := range ph {
		if toks[j] != w && (utf8.RuneCountInString(w) < minStem || !strings.HasPrefix(toks[j], w)) {
			return false
		}
	}
	return true
}

// in reports whether one of the phrases occurs in toks.
func (p phrases) in(toks []string) bool { return p.index(toks) >= 0 }

// index returns where the first of the phrases occurs in toks, or -1.
func (p phrases) index(toks []string) int {
	for i, t := range toks {
		for _, ph := range p[t] {
			if i+len(ph) <= len(toks) && slices.Equal(toks[i:i+len(ph)], ph) {
				return i
			}
		}
	}
	return -1
}

// withinOneEdit reports whether a and b differ by at most one inserted,
// deleted or replaced letter.
func withinOneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	if len(rb)-len(ra) > 1 {
		return false
	}
	i := 0
	for i < len(ra) && ra[i] == rb[i] {
		i++
	}
	if i == len(ra) {
		return true
	}
	if len(ra) == len(rb) {
		return slices.Equal(ra[i+1:], rb[i+1:])
	}
	return slices.Equal(ra[i:], rb[i+1:])
}
