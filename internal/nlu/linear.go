package nlu

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// The features of a text are its words, its pairs of neighbouring words
// and the character 3- to 5-grams of every word (with a mark for the
// start and end of the word). Character n-grams carry the meaning of a
// word through typos, inflections and compounds ("huurachterstand"
// shares "huur" and "achter" with "huur" and "achterstand"); word pairs
// let the model see "niet in gevaar" apart from "gevaar". Features are
// hashed to 64 bits, so no vocabulary has to be kept beyond the weights.
const (
	minGram = 3
	maxGram = 5
)

// Kinds of feature, mixed into the hash so a word and an n-gram with the
// same letters differ.
const (
	kindWord uint64 = iota + 1
	kindPair
	kindGram
	kindNegated
)

// Negation: the words after "niet", "not", "nie", "değil", "ما", "не"
// get a feature of their own, so "ik wil mezelf niets aandoen" and "ik
// wil mezelf iets aandoen" differ in more than one word. negScope is how
// many words a negation reaches; negWeight how much each such feature
// counts against the word's letters and pairs, which still say what the
// message is about.
const (
	negScope  = 4
	negWeight = 2
)

// negated appends the negation features of a normalized text.
func negated(text string, dst []uint64, isNeg func(string) bool) []uint64 {
	left := 0
	for w := range strings.FieldsSeq(text) {
		if isNeg(w) {
			left = negScope
			continue
		}
		if left > 0 {
			h := hashWord(kindNegated, w)
			for range negWeight {
				dst = append(dst, h)
			}
			left--
		}
	}
	return dst
}

const (
	fnvOffset uint64 = 14695981039346656037
	fnvPrime  uint64 = 1099511628211
)

func mix(h uint64, r rune) uint64 {
	h ^= uint64(r)
	return h * fnvPrime
}

func hashWord(kind uint64, w string) uint64 {
	h := mix(fnvOffset, rune(kind))
	for _, r := range w {
		h = mix(h, r)
	}
	return h
}

// extract appends the feature hashes of a normalized text to dst.
func extract(text string, dst []uint64) []uint64 { return extractFrom(text, dst, minGram) }

// extractFrom is extract with n-grams from minN letters up.
func extractFrom(text string, dst []uint64, minN int) []uint64 {
	var prev string
	var runes []rune
	for w := range strings.FieldsSeq(text) {
		dst = append(dst, hashWord(kindWord, w))
		if prev != "" {
			h := hashWord(kindPair, prev)
			h = mix(h, ' ')
			for _, r := range w {
				h = mix(h, r)
			}
			dst = append(dst, h)
		}
		prev = w
		runes = append(runes[:0], '<')
		runes = append(runes, []rune(w)...)
		runes = append(runes, '>')
		for n := minN; n <= maxGram && n <= len(runes); n++ {
			for i := 0; i+n <= len(runes); i++ {
				h := mix(fnvOffset, rune(kindGram))
				for _, r := range runes[i : i+n] {
					h = mix(h, r)
				}
				dst = append(dst, h)
			}
		}
	}
	return dst
}

// linear is a one-vs-rest logistic regression over sparse features: one
// independent probability per class, so a message can belong to several
// classes at once ("alone and cannot pay the bills": loneliness and
// money). Weights are stored feature by feature for all classes, so a
// prediction touches each feature's weights once.
type linear struct {
	// softmax: the classes exclude each other and probabilities sum to 1;
	// otherwise each class has its own probability (one-vs-rest).
	softmax bool
	classes []string
	index   map[uint64]int32 // feature hash → row
	w       []float32        // len(index) rows of len(classes)
	bias    []float32
}

// vector is a text as the model sees it: the rows of the features it
// knows, with L2-normalised counts.
type vector struct {
	idx []int32
	val []float32
}

// known returns the share of distinct keys the model has weights for.
func (m *linear) known(keys []uint64) float32 {
	if len(keys) == 0 {
		return 0
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	n := 0
	for _, k := range keys {
		if _, ok := m.index[k]; ok {
			n++
		}
	}
	return float32(n) / float32(len(keys))
}

// vectorize turns feature hashes into a vector, dropping features the
// model has no weights for, and returns the share of distinct features it
// knows. keys is sorted in place.
func (m *linear) vectorize(keys []uint64, v *vector) (known float32) {
	v.idx, v.val = v.idx[:0], v.val[:0]
	slices.Sort(keys)
	var norm float64
	distinct := 0
	for i := 0; i < len(keys); {
		j := i
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		distinct++
		if row, ok := m.index[keys[i]]; ok {
			c := float32(j - i)
			v.idx = append(v.idx, row)
			v.val = append(v.val, c)
			norm += float64(c * c)
		}
		i = j
	}
	if norm > 0 {
		inv := float32(1 / math.Sqrt(norm))
		for i := range v.val {
			v.val[i] *= inv
		}
	}
	if distinct == 0 {
		return 0
	}
	return float32(len(v.idx)) / float32(distinct)
}

// probs writes one probability per class for v into out.
func (m *linear) probs(v *vector, out []float32) {
	n := len(m.classes)
	copy(out, m.bias)
	for k, row := range v.idx {
		x := v.val[k]
		w := m.w[int(row)*n : int(row)*n+n]
		for c := range out[:n] {
			out[c] += w[c] * x
		}
	}
	if !m.softmax {
		for c := range out[:n] {
			out[c] = sigmoid(out[c])
		}
		return
	}
	top := out[0]
	for _, z := range out[:n] {
		top = max(top, z)
	}
	var sum float32
	for c := range out[:n] {
		out[c] = float32(math.Exp(float64(out[c] - top)))
		sum += out[c]
	}
	for c := range out[:n] {
		out[c] /= sum
	}
}

func sigmoid(z float32) float32 { return float32(1 / (1 + math.Exp(-float64(z)))) }

// example is one training text with the classes it belongs to.
type example struct {
	keys   []uint64
	labels []int
}

// trainConfig tunes training. The defaults were chosen on the
// development set and checked on the held-out set (see the README).
type trainConfig struct {
	epochs    int
	rate      float32
	decay     float32 // L2 shrink per epoch
	posWeight float32 // weight of a positive example against a negative one
	seed      uint64
	softmax   bool
}

// train fits a one-vs-rest logistic regression with stochastic gradient
// descent. Training is deterministic: the same data gives the same model.
func train(classes []string, exs []example, cfg trainConfig) *linear {
	m := &linear{classes: classes, softmax: cfg.softmax, index: map[uint64]int32{}, bias: make([]float32, len(classes))}
	for _, ex := range exs {
		for _, k := range ex.keys {
			if _, ok := m.index[k]; !ok {
				m.index[k] = int32(len(m.index))
			}
		}
	}
	n := len(classes)
	m.w = make([]float32, len(m.index)*n)
	vecs := make([]vector, len(exs))
	ys := make([][]float32, len(exs))
	for i, ex := range exs {
		m.vectorize(slices.Clone(ex.keys), &vecs[i])
		ys[i] = make([]float32, n)
		for _, l := range ex.labels {
			ys[i][l] = 1
		}
	}
	order := make([]int, len(exs))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(cfg.seed, cfg.seed^0x9e3779b97f4a7c15))
	p := make([]float32, n)
	g := make([]float32, n)
	var avgW, avgB []float32
	avgN := 0
	for epoch := range cfg.epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		rate := cfg.rate / (1 + 0.2*float32(epoch))
		for _, i := range order {
			v, y := &vecs[i], ys[i]
			m.probs(v, p)
			for c := range g {
				g[c] = p[c] - y[c]
				if y[c] == 1 {
					g[c] *= cfg.posWeight
				}
				g[c] *= rate
				m.bias[c] -= g[c]
			}
			for k, row := range v.idx {
				x := v.val[k]
				w := m.w[int(row)*n : int(row)*n+n]
				for c := range w {
					w[c] -= g[c] * x
				}
			}
		}
		if cfg.decay > 0 {
			shrink := 1 - cfg.decay*rate
			for i := range m.w {
				m.w[i] *= shrink
			}
		}
		// The weights of the second half of the epochs are averaged: the
		// model then depends less on the order of the last examples seen,
		// and a small change to the phrases moves it less.
		if epoch >= cfg.epochs/2 {
			if avgW == nil {
				avgW, avgB = make([]float32, len(m.w)), make([]float32, n)
			}
			for i, x := range m.w {
				avgW[i] += x
			}
			for i, x := range m.bias {
				avgB[i] += x
			}
			avgN++
		}
	}
	if avgN > 0 {
		inv := 1 / float32(avgN)
		for i := range avgW {
			avgW[i] *= inv
		}
		for i := range avgB {
			avgB[i] *= inv
		}
		m.w, m.bias = avgW, avgB
	}
	return m
}
