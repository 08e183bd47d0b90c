package nlu

import (
	"cmp"
	"math"
	"math/bits"
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
//
// The features the model knows are kept as a sorted slice of their
// hashes, row i of w belonging to keys[i], with a directory by the top
// bits of the hash to find a key without searching the whole slice: about
// 9.5 bytes a feature, where a Go map from hash to row took about 33 (the
// demo content has 385,000 features over the three models). The weights
// themselves, float32, are most of the model: 14 MB for the demo.
type linear struct {
	// softmax: the classes exclude each other and probabilities sum to 1;
	// otherwise each class has its own probability (one-vs-rest).
	softmax bool
	classes []string
	keys    []uint64  // feature hashes, sorted
	w       []float32 // len(keys) rows of len(classes)
	bias    []float32
	// The rows of the keys whose top bits are b are dir[b] to dir[b+1];
	// shift is 64 less the bits used. Hashes are spread evenly, so each
	// entry of the directory has a few keys.
	dir   []int32
	shift uint
}

// keysPerDir sets the size of the directory: an entry for every two to
// four keys, so a look-up reads an entry and compares a few keys.
const keysPerDir = 4

// index builds the directory of m.keys.
func (m *linear) index() {
	b := bits.Len(uint(len(m.keys) / keysPerDir))
	m.shift = uint(64 - b)
	m.dir = make([]int32, 1<<b+1)
	i := 0
	for d := range m.dir {
		for i < len(m.keys) && m.keys[i]>>m.shift < uint64(d) {
			i++
		}
		m.dir[d] = int32(i)
	}
}

// row returns the row of feature key, if the model knows it.
func (m *linear) row(key uint64) (int32, bool) {
	d := key >> m.shift
	for i := m.dir[d]; i < m.dir[d+1]; i++ {
		if k := m.keys[i]; k >= key {
			return i, k == key
		}
	}
	return 0, false
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
		if _, ok := m.row(k); ok {
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
	distinct := 0
	counted(keys, func(key uint64, c float32) {
		distinct++
		if row, ok := m.row(key); ok {
			v.idx = append(v.idx, row)
			v.val = append(v.val, c)
		}
	})
	normalize(v.val)
	if distinct == 0 {
		return 0
	}
	return float32(len(v.idx)) / float32(distinct)
}

// counted calls f with each distinct key of sorted keys, in order, and
// how often it occurs.
func counted(keys []uint64, f func(key uint64, count float32)) {
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		f(keys[i], float32(j-i))
		i = j
	}
}

// normalize scales counts to unit length (L2).
func normalize(val []float32) {
	var norm float64
	for _, c := range val {
		norm += float64(c * c)
	}
	if norm > 0 {
		inv := float32(1 / math.Sqrt(norm))
		for i := range val {
			val[i] *= inv
		}
	}
}

// probs writes one probability per class for v into out.
func (m *linear) probs(v *vector, out []float32) {
	n := len(m.classes)
	out = out[:n]
	copy(out, m.bias)
	// Four features at a time: each class's sum is read and written once
	// for four rows of weights, and the four rows are read from memory at
	// the same time. The sums add the same terms in the same order as one
	// feature at a time would, so the result is the same to the bit.
	k := 0
	for ; k+4 <= len(v.idx); k += 4 {
		x0, x1, x2, x3 := v.val[k], v.val[k+1], v.val[k+2], v.val[k+3]
		w0 := m.w[int(v.idx[k])*n:][:len(out)] // as long as out: no bounds checks
		w1 := m.w[int(v.idx[k+1])*n:][:len(out)]
		w2 := m.w[int(v.idx[k+2])*n:][:len(out)]
		w3 := m.w[int(v.idx[k+3])*n:][:len(out)]
		for c := range out {
			out[c] = out[c] + w0[c]*x0 + w1[c]*x1 + w2[c]*x2 + w3[c]*x3
		}
	}
	for ; k < len(v.idx); k++ {
		x := v.val[k]
		w := m.w[int(v.idx[k])*n:][:len(out)]
		for c := range out {
			out[c] += w[c] * x
		}
	}
	if !m.softmax {
		for c := range out {
			out[c] = sigmoid(out[c])
		}
		return
	}
	top := out[0]
	for _, z := range out {
		top = max(top, z)
	}
	var sum float32
	for c := range out {
		out[c] = float32(math.Exp(float64(out[c] - top)))
		sum += out[c]
	}
	for c := range out {
		out[c] /= sum
	}
}

func sigmoid(z float32) float32 { return float32(1 / (1 + math.Exp(-float64(z)))) }

// corpus holds the feature vectors of all training texts, for the three
// models at once, where each example used to have its own slices of
// hashes and of rows and counts. Their ids and counts are a million and a
// half numbers for the demo content, the most training keeps after the
// weights: they fill blocks of a fixed size, so they are allocated once
// (a slice grown by append would be allocated about five times over as
// it grows).
//
// Features are numbered in the order they are first seen, and training
// gives each its row of weights by that number: the features of one
// phrase, most of them seen first there, then lie next to each other in
// memory, and reading a phrase's weights reads a few runs of memory
// rather than a hundred places (numbered in the order of their hashes,
// training took a quarter longer). A vector still lists its features in
// the order of their hashes, as a message's vector does when classified:
// sums of float32 depend on their order, and the model is the same, to
// the bit, as when each example had its own slices.
type corpus struct {
	hashes []uint64 // feature hash by id
	byHash []int32  // the ids in the order of their hashes, once done
	vecs   []vector // windows of the blocks
	block  vector   // what is left of the block being filled
	ids    map[uint64]int32
}

// corpusBlock is how many features a block holds (half a megabyte).
const corpusBlock = 1 << 16

// add appends the vector of a text's feature hashes and returns its
// number. keys is sorted in place.
func (c *corpus) add(keys []uint64) int32 {
	if c.ids == nil {
		c.ids = map[uint64]int32{}
	}
	slices.Sort(keys)
	distinct := 0
	for i, k := range keys {
		if i == 0 || k != keys[i-1] {
			distinct++
		}
	}
	if free := cap(c.block.idx) - len(c.block.idx); free < distinct {
		size := max(corpusBlock, distinct)
		c.block = vector{idx: make([]int32, 0, size), val: make([]float32, 0, size)}
	}
	start := len(c.block.idx)
	counted(keys, func(key uint64, n float32) {
		id, ok := c.ids[key]
		if !ok {
			id = int32(len(c.hashes))
			c.ids[key] = id
			c.hashes = append(c.hashes, key)
		}
		c.block.idx = append(c.block.idx, id)
		c.block.val = append(c.block.val, n)
	})
	end := len(c.block.idx)
	v := vector{idx: c.block.idx[start:end:end], val: c.block.val[start:end:end]}
	normalize(v.val)
	c.vecs = append(c.vecs, v)
	return int32(len(c.vecs) - 1)
}

// done sorts the ids by hash and drops what only adding needed.
func (c *corpus) done() {
	c.byHash = make([]int32, len(c.hashes))
	for i := range c.byHash {
		c.byHash[i] = int32(i)
	}
	slices.SortFunc(c.byHash, func(a, b int32) int { return cmp.Compare(c.hashes[a], c.hashes[b]) })
	c.ids, c.block = nil, vector{}
}

// example is one training text, by its vector in the corpus, with the
// classes it belongs to.
type example struct {
	vec    int32
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
// descent on exs, vectors of data. Training is deterministic: the same
// data gives the same model.
func train(classes []string, exs []example, data *corpus, cfg trainConfig) *linear {
	n := len(classes)
	// While training, every feature of the corpus has a row, numbered by
	// its id; those of features the model's examples lack stay zero and
	// are dropped after.
	m := &linear{classes: classes, softmax: cfg.softmax, bias: make([]float32, n)}
	m.w = make([]float32, len(data.hashes)*n)
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
			v := &data.vecs[exs[i].vec]
			m.probs(v, p)
			// g is the gradient (p - y) of each class, y 1 for the
			// example's classes and 0 for the others.
			copy(g, p)
			for _, l := range exs[i].labels {
				g[l] = (p[l] - 1) * cfg.posWeight
			}
			for c := range g {
				g[c] *= rate
				m.bias[c] -= g[c]
			}
			m.step(v, g)
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
	m.keep(exs, data)
	return m
}

// step moves the weights of v's features against the gradient g (scaled
// by the learning rate already). Like probs it takes four features at a
// time, reading each class's gradient once for four rows; every weight
// changes exactly as it would one feature at a time.
func (m *linear) step(v *vector, g []float32) {
	n := len(m.classes)
	k := 0
	for ; k+4 <= len(v.idx); k += 4 {
		x0, x1, x2, x3 := v.val[k], v.val[k+1], v.val[k+2], v.val[k+3]
		w0 := m.w[int(v.idx[k])*n:][:len(g)] // as long as g: no bounds checks
		w1 := m.w[int(v.idx[k+1])*n:][:len(g)]
		w2 := m.w[int(v.idx[k+2])*n:][:len(g)]
		w3 := m.w[int(v.idx[k+3])*n:][:len(g)]
		for c, gc := range g {
			w0[c] -= gc * x0
			w1[c] -= gc * x1
			w2[c] -= gc * x2
			w3[c] -= gc * x3
		}
	}
	for ; k < len(v.idx); k++ {
		x := v.val[k]
		w := m.w[int(v.idx[k])*n:][:len(g)]
		for c, gc := range g {
			w[c] -= gc * x
		}
	}
}

// keep leaves the model the rows of the features its examples have, in
// the order of their hashes, and indexes them.
func (m *linear) keep(exs []example, data *corpus) {
	used := make([]bool, len(data.hashes))
	features := 0
	for _, ex := range exs {
		for _, id := range data.vecs[ex.vec].idx {
			if !used[id] {
				used[id] = true
				features++
			}
		}
	}
	n := len(m.classes)
	all := m.w
	m.keys, m.w = make([]uint64, 0, features), make([]float32, 0, features*n)
	for _, id := range data.byHash {
		if used[id] {
			m.keys = append(m.keys, data.hashes[id])
			m.w = append(m.w, all[int(id)*n:int(id)*n+n]...)
		}
	}
	m.index()
}
