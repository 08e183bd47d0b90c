package nlu

import (
	"errors"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// Thresholds turn probabilities into decisions. They were chosen on the
// development set (internal/nlu/testdata/dev) with urgent recall first:
// missing acute danger is far worse than showing crisis lines once too
// often.
const (
	// TopicMin is the lowest probability for a topic to be listed.
	TopicMin = 0.20
	// UrgentMin is the lowest probability for an urgent signal.
	UrgentMin = 0.25
	// minKnown is the share of a message's features the model must know
	// for its topics to count.
	minKnown = 0.35
	// minClauseWords is the shortest clause read for urgent signals on
	// its own (the whole message always is).
	minClauseWords = 3
	// langSure is how sure language detection must be to overrule the
	// language the resident's page is in.
	langSure = 0.80
	// talkMin is how sure the model must be that a message without a need
	// is small talk (rather than not understood) to answer it in kind.
	talkMin = 0.5
	// notUrgentWeight is how often each not_urgent phrase is trained on.
	notUrgentWeight = 2
)

// Model classifies messages. It is safe for concurrent use.
type Model struct {
	topics  *linear
	signals *linear
	langs   *linear
	// signalTopic is the topic of each signal, by class index.
	signalTopic []string
	nSignals    int // the signal model's classes; a last one means "none"
	nTopics     int // likewise for the topic model
	lex         *lexicon
	places      []placeName
	bufs        sync.Pool
}

// Scored is a class with its probability.
type Scored struct {
	ID    string  `json:"id"`
	Score float32 `json:"score"`
}

// Result is what a message means.
type Result struct {
	// Lang is the language to answer in: the hint, unless the message is
	// clearly in another locale (or there was no hint).
	Lang string
	// Topics are the needs, most likely first; empty when nothing was
	// understood.
	Topics []Scored
	// Signals are the urgent signals found, most likely first.
	Signals []Scored
	// Talk is set when the message holds no need and no danger but was
	// understood: a greeting, thanks, a goodbye (TalkGreeting, TalkThanks,
	// TalkBye) or other small talk and questions about the assistant
	// (TalkOther). The assistant answers those in kind.
	Talk string
	// signalTopics are the topics of Signals.
	signalTopics []string
}

// Urgent reports whether the message shows acute danger.
func (r Result) Urgent() bool { return len(r.Signals) > 0 }

// TopicIDs returns the topic ids, best first.
// How many needs one message names, and how strong a second or third
// must be relative to the first; see Needs.
const (
	needsMax    = 3
	needsSecond = 0.5
)

// UrgentNeedMin is how sure the model must be of a need that brings the
// crisis lines by itself (safety) when no urgent signal says so and it is
// not the best need: "die bureaucratie maakt me kapot" must not read as
// danger at home. As the best need it always counts: safety first.
// Urgent signals are never held back by it.
const UrgentNeedMin = 0.5

// Needs are the needs a message names: the best topic, and others
// nearly as strong (at least half its score), at most three. A need in
// urgentTopics (the flow's topics that show the crisis lines, safety)
// behind another counts only when an urgent signal names it or the model
// is sure of it (UrgentNeedMin). The chat takes these, and an urgent need
// among them shows the crisis lines.
func (r Result) Needs(urgentTopics []string) []string {
	var out []string
	var best float32
	for _, t := range r.Topics {
		if slices.Contains(urgentTopics, t.ID) && t.Score < UrgentNeedMin && !r.signalFor(t.ID) && len(out) > 0 {
			continue
		}
		if len(out) >= needsMax || len(out) > 0 && t.Score < best*needsSecond {
			break
		}
		if len(out) == 0 {
			best = t.Score
		}
		out = append(out, t.ID)
	}
	return out
}

// signalFor reports whether an urgent signal brought topic.
func (r Result) signalFor(topic string) bool {
	return slices.Contains(r.signalTopics, topic)
}

// TopicIDs are the ids of all listed topics, best first.
func (r Result) TopicIDs() []string {
	ids := make([]string, len(r.Topics))
	for i, t := range r.Topics {
		ids[i] = t.ID
	}
	return ids
}

// Train builds a model from data. topics are the topic ids of the
// contract; places are the villages residents may name.
func Train(d *Data, topics []string, places []Place) (*Model, error) {
	if len(d.Langs) == 0 {
		return nil, errors.New("nlu: no training data")
	}
	m := &Model{lex: newLexicon(d.Langs)}
	m.bufs.New = func() any { return &scratch{} }
	var signals []string
	for _, s := range d.Signals {
		signals = append(signals, s.ID)
		m.signalTopic = append(m.signalTopic, s.Topic)
	}
	var langs []string
	var topicEx, signalEx, langEx []example
	// Each text is turned into features once: a vector the topic and
	// language models read, and the urgent model's, the same one unless
	// the text negates words. The three models' examples share them.
	var data corpus
	var keys []uint64
	type vectors struct{ plain, urgent int32 }
	vectorize := func(text string) (v vectors, ok bool) {
		norm := Normalize(text)
		keys = extract(norm, keys[:0])
		if len(keys) == 0 {
			return v, false
		}
		n := len(keys)
		keys = negated(norm, keys, m.lex.negation)
		v.plain = data.add(keys[:n])
		v.urgent = v.plain
		if len(keys) > n {
			v.urgent = data.add(keys)
		}
		return v, true
	}
	for li, p := range d.Langs {
		langs = append(langs, p.Lang)
		add := func(v vectors, topic, signal int) {
			if topic >= 0 {
				topicEx = append(topicEx, example{vec: v.plain, labels: []int{topic}})
			}
			var sl []int
			if signal >= 0 {
				sl = []int{signal}
			}
			// Greetings and small talk are calm too.
			signalEx = append(signalEx, example{vec: v.urgent, labels: sl})
			langEx = append(langEx, example{vec: v.plain, labels: []int{li}})
		}
		addText := func(text string, topic, signal int) {
			if v, ok := vectorize(text); ok {
				add(v, topic, signal)
			}
		}
		for ti, t := range topics {
			for _, text := range p.Topics[t] {
				addText(text, ti, -1)
			}
		}
		for si, s := range d.Signals {
			ti := slices.Index(topics, s.Topic)
			for _, text := range p.Urgent[s.ID] {
				addText(text, ti, si)
			}
		}
		// Look-alikes count twice: a false alarm costs trust, and they are
		// fewer than the urgent phrases they must hold back.
		var notUrgent []vectors
		for _, text := range p.NotUrgent {
			if v, ok := vectorize(text); ok {
				notUrgent = append(notUrgent, v)
			}
		}
		for range notUrgentWeight {
			for _, v := range notUrgent {
				add(v, -1, -1)
			}
		}
		for _, text := range p.None {
			addText(text, len(topics), -1)
		}
	}
	data.done()
	if len(topicEx) == 0 {
		return nil, errors.New("nlu: no topic phrases")
	}
	var wg sync.WaitGroup
	tc := trainConfig{epochs: 24, rate: 0.8, decay: 0.002, posWeight: 1, seed: 1, softmax: true}
	sc := trainConfig{epochs: 24, rate: 0.8, decay: 0.002, posWeight: 1, seed: 2, softmax: true}
	m.nTopics = len(topics)
	topicClasses := append(slices.Clone(topics), "") // "" = about nothing the portal helps with
	wg.Go(func() {
		m.topics = train(topicClasses, topicEx, &data, tc)
	})
	if sc.softmax {
		// "none" competes with the signals: a message is calm unless a
		// signal beats it.
		none := len(signals)
		for i := range signalEx {
			if len(signalEx[i].labels) == 0 {
				signalEx[i].labels = []int{none}
			}
		}
		signals = append(signals, "")
	}
	m.nSignals = len(d.Signals)
	wg.Go(func() {
		m.signals = train(signals, signalEx, &data, sc)
	})
	wg.Go(func() {
		m.langs = train(langs, langEx, &data, trainConfig{epochs: 12, rate: 0.8, decay: 0.002, posWeight: 1, seed: 3, softmax: true})
	})
	wg.Wait()
	for _, p := range places {
		for _, n := range p.Names {
			if toks := strings.Fields(Normalize(n)); len(toks) > 0 {
				m.places = append(m.places, placeName{id: p.ID, tokens: toks})
			}
		}
	}
	// Training needs three times the heap the model keeps (the corpus,
	// and the weights twice while they are averaged), in one burst at
	// start-up. That memory is handed back to the system now: the runtime
	// would keep it until its first forced GC, two minutes on, and the
	// portal would sit at nearly twice the size it needs till then. It
	// costs one GC of a small heap, under 10 ms.
	debug.FreeOSMemory()
	return m, nil
}

// Langs returns the locales the model was trained on.
func (m *Model) Langs() []string { return m.langs.classes }

// scratch holds per-call buffers, reused through a pool so classifying
// allocates little.
type scratch struct {
	keys  []uint64
	vec   vector
	probs []float32
	best  []float32
	bestS []float32
}

// Classify finds the topics and urgent signals of text. hint is the
// language the resident is using the portal in; it may be empty or
// wrong, and is then replaced by the language detected.
func (m *Model) Classify(text, hint string) Result {
	norm := Normalize(text)
	res := Result{Lang: m.pickLang(text, norm, hint)}
	if norm == "" {
		return res
	}
	sc := m.bufs.Get().(*scratch)
	defer m.bufs.Put(sc)
	nt, ns := m.nTopics, m.nSignals
	sc.best = grow(sc.best, nt)
	sc.bestS = grow(sc.bestS, ns)
	sc.probs = grow(sc.probs, max(len(m.topics.classes), len(m.signals.classes)))
	// A long message with several needs is scored whole and clause by
	// clause; each class keeps its best score, so a need mentioned in one
	// clause is not drowned by the rest of the message.
	var none float32 // how likely the whole message is about no need
	for u, unit := range m.units(text, norm, res.Lang) {
		// Letter trigrams are too common to show a message was understood:
		// the share of known words and longer n-grams decides.
		sc.keys = extractFrom(unit, sc.keys[:0], minGram+1)
		understood := m.topics.known(sc.keys) >= minKnown
		sc.keys = extract(unit, sc.keys[:0])
		if m.topics.vectorize(sc.keys, &sc.vec) > 0 && understood {
			m.topics.probs(&sc.vec, sc.probs)
			for i, p := range sc.probs[:nt] {
				sc.best[i] = max(sc.best[i], p)
			}
			if u == 0 {
				none = sc.probs[nt]
			}
		}
		// Urgent signals are read in the whole message and in clauses
		// long enough to say something: "no is der" is no emergency.
		if u > 0 && strings.Count(unit, " ") < minClauseWords-1 {
			continue
		}
		sc.keys = negated(unit, sc.keys, m.lex.negation)
		if m.signals.vectorize(sc.keys, &sc.vec) == 0 {
			continue
		}
		m.signals.probs(&sc.vec, sc.probs)
		for i, p := range sc.probs[:ns] {
			sc.bestS[i] = max(sc.bestS[i], p)
		}
	}
	res.Topics = ranked(m.topics.classes[:nt], sc.best, TopicMin)
	res.Signals = ranked(m.signals.classes[:ns], sc.bestS, UrgentMin)
	// An urgent signal always brings its topic, at the front.
	for i := len(res.Signals) - 1; i >= 0; i-- {
		topic := m.signalTopic[slices.Index(m.signals.classes, res.Signals[i].ID)]
		res.Topics = promote(res.Topics, topic, res.Signals[i].Score)
		res.signalTopics = append(res.signalTopics, topic)
	}
	if len(res.Topics) == 0 {
		res.Talk = m.lex.talk(strings.Fields(norm))
		if res.Talk == "" && none >= talkMin {
			res.Talk = TalkOther
		}
	}
	return res
}

func grow(b []float32, n int) []float32 {
	if cap(b) < n {
		return make([]float32, n)
	}
	b = b[:n]
	clear(b)
	return b
}

func ranked(classes []string, probs []float32, minP float32) []Scored {
	var out []Scored
	for i, p := range probs {
		if p >= minP {
			out = append(out, Scored{ID: classes[i], Score: p})
		}
	}
	slices.SortStableFunc(out, func(a, b Scored) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return 0
	})
	return out
}

// promote moves topic to the front of ts, adding it when missing.
func promote(ts []Scored, topic string, score float32) []Scored {
	if i := slices.IndexFunc(ts, func(s Scored) bool { return s.ID == topic }); i >= 0 {
		score = max(score, ts[i].Score)
		ts = slices.Delete(ts, i, i+1)
	}
	return slices.Insert(ts, 0, Scored{ID: topic, Score: score})
}

// units returns the normalized message and, when it has more than one,
// its clauses: split at sentence marks and at the locale's joining words.
func (m *Model) units(raw, norm, lang string) []string {
	units := []string{m.withoutPlaces(norm)}
	var clauses []string
	for part := range strings.FieldsFuncSeq(raw, isClauseMark) {
		var cur []string
		for w := range strings.FieldsSeq(m.withoutPlaces(Normalize(part))) {
			if m.lex.joiner(lang, w) {
				if len(cur) > 0 {
					clauses = append(clauses, strings.Join(cur, " "))
				}
				cur = cur[:0]
				continue
			}
			cur = append(cur, w)
		}
		if len(cur) > 0 {
			clauses = append(clauses, strings.Join(cur, " "))
		}
	}
	if len(clauses) > 1 {
		units = append(units, clauses...)
	}
	return units
}

// withoutPlaces drops the names of villages and postcodes from a
// normalized text: where someone lives says nothing about their needs,
// and "woont in Heidehoek" should not read as transport.
func (m *Model) withoutPlaces(norm string) string {
	toks := strings.Fields(norm)
	out := toks[:0]
	for i := 0; i < len(toks); i++ {
		if n := m.placeAt(toks, i); n > 0 {
			i += n - 1
			continue
		}
		if isDigits(toks[i]) && len(toks[i]) == 4 && i+1 < len(toks) && len(toks[i+1]) == 2 {
			i++ // a postcode: 9993 ab
			continue
		}
		out = append(out, toks[i])
	}
	return strings.Join(out, " ")
}

func isClauseMark(r rune) bool {
	switch r {
	case '.', ',', ';', '!', '?', '\n', ':', '،', '؛', '؟':
		return true
	}
	return false
}

// Detect returns the most likely locale of text and how sure the model
// is (0 to 1). Arabic and Cyrillic script decide by themselves.
func (m *Model) Detect(text string) (string, float32) {
	return m.detect(text, Normalize(text))
}

func (m *Model) detect(raw, norm string) (string, float32) {
	switch scriptOf(raw) {
	case arabic:
		if slices.Contains(m.langs.classes, "ar") {
			return "ar", 1
		}
	case cyrillic:
		if slices.Contains(m.langs.classes, "uk") {
			return "uk", 1
		}
	}
	if norm == "" {
		return "", 0
	}
	sc := m.bufs.Get().(*scratch)
	defer m.bufs.Put(sc)
	sc.keys = extract(norm, sc.keys[:0])
	m.langs.vectorize(sc.keys, &sc.vec)
	if len(sc.vec.idx) == 0 {
		return "", 0
	}
	sc.probs = grow(sc.probs, len(m.langs.classes))
	m.langs.probs(&sc.vec, sc.probs)
	best, sum := 0, float32(0)
	for i, p := range sc.probs[:len(m.langs.classes)] {
		sum += p
		if p > sc.probs[best] {
			best = i
		}
	}
	return m.langs.classes[best], sc.probs[best] / sum
}

// pickLang keeps the resident's language unless the message is clearly
// written in another one. One or two words are too little to overrule a
// hint ("DigiD" is no language).
func (m *Model) pickLang(raw, norm, hint string) string {
	known := slices.Contains(m.langs.classes, hint)
	lang, sure := m.detect(raw, norm)
	switch {
	case lang == "":
		if known {
			return hint
		}
		return m.langs.classes[0]
	case !known:
		return lang
	case lang == hint:
		return hint
	case sure == 1, sure >= langSure && len(strings.Fields(norm)) >= 3:
		return lang
	}
	return hint
}

// isDigits reports whether s is all ASCII digits.
func isDigits(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII || !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}
