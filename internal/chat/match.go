package chat

import (
	"slices"
	"strings"

	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/internal/nlu"
)

// Matching a typed answer to a question's options: the message and each
// option's label (in the resident's language, and in Dutch, which
// residents mix in) are cut into character trigrams. A trigram counts
// for an option in inverse proportion to how many options share it, so
// words every label has ("ik", "mijn") decide nothing. The best option
// wins when it covers enough of the message and clearly beats the next.
const (
	minCover = 0.35
	// margin is how much better the best option must score than the next.
	margin = 1.5
	// alsoCover lets a multiple-choice answer take further options that
	// score nearly as well as the best.
	alsoCover = 0.8
)

type optionIndex struct {
	ids []string
	// grams[lang][i] are the trigrams of option i's label in lang.
	grams map[string][]map[string]bool
	// weight[lang][gram] is 1 / the number of options whose label has it.
	weight map[string]map[string]float64
}

func newOptionIndex(q *flow.Question, b *i18n.Bundle) *optionIndex {
	x := &optionIndex{grams: map[string][]map[string]bool{}, weight: map[string]map[string]float64{}}
	for _, o := range q.Options {
		x.ids = append(x.ids, o.ID)
	}
	for _, lang := range b.Langs() {
		l := b.Localizer(lang)
		count := map[string]int{}
		sets := make([]map[string]bool, len(q.Options))
		for i, o := range q.Options {
			sets[i] = trigrams(l.T(o.Label))
			for g := range sets[i] {
				count[g]++
			}
		}
		w := make(map[string]float64, len(count))
		for g, n := range count {
			w[g] = 1 / float64(n)
		}
		x.grams[lang], x.weight[lang] = sets, w
	}
	return x
}

// match returns the options text names, best first, or nil.
func (x *optionIndex) match(text, lang string, multi bool) []string {
	if x == nil {
		return nil
	}
	msg := trigrams(text)
	if len(msg) == 0 {
		return nil
	}
	scores := make([]float64, len(x.ids))
	for _, l := range []string{lang, i18n.Default} {
		sets, ok := x.grams[l]
		if !ok {
			continue
		}
		for i, set := range sets {
			var s float64
			for g := range msg {
				if set[g] {
					s += x.weight[l][g]
				}
			}
			scores[i] = max(scores[i], s/float64(len(msg)))
		}
	}
	order := make([]int, len(scores))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case scores[a] > scores[b]:
			return -1
		case scores[a] < scores[b]:
			return 1
		}
		return 0
	})
	best := scores[order[0]]
	if best < minCover || len(order) > 1 && best < margin*scores[order[1]] && !multi {
		return nil
	}
	out := []string{x.ids[order[0]]}
	if multi {
		for _, i := range order[1:] {
			if scores[i] >= minCover && scores[i] >= alsoCover*best {
				out = append(out, x.ids[i])
			}
		}
		if len(out) > 1 && len(out) == len(order) {
			return nil // everything matches equally: nothing said
		}
	}
	return out
}

// Stating an option in passing: "ik heb schulden en ..." states the
// option "Ik heb schulden" of the money question. An option is stated
// when most of its label's own weight (its trigrams, each weighted as in
// match) is in the message, and the label has enough weight of its own
// that a word or two in common ("nee", "ik heb") cannot do it.
const (
	minStated      = 0.75
	minLabelWeight = 3.0
)

// stated returns the options text states in passing, in option order.
// Unlike match, the message may say much else besides.
func (x *optionIndex) stated(text, lang string) []string {
	if x == nil {
		return nil
	}
	msg := trigrams(text)
	var out []string
	for i, id := range x.ids {
		for _, l := range []string{lang, i18n.Default} {
			sets, ok := x.grams[l]
			if !ok {
				continue
			}
			var have, total float64
			for g := range sets[i] {
				w := x.weight[l][g]
				total += w
				if msg[g] {
					have += w
				}
			}
			if total >= minLabelWeight && have >= minStated*total {
				out = append(out, id)
				break
			}
		}
	}
	return out
}

// trigrams returns the character trigrams of each word of s.
func trigrams(s string) map[string]bool {
	out := map[string]bool{}
	for w := range strings.FieldsSeq(nlu.Normalize(s)) {
		r := []rune("<" + w + ">")
		for i := 0; i+3 <= len(r); i++ {
			out[string(r[i:i+3])] = true
		}
	}
	return out
}
