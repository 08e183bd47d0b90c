package web

import (
	"bytes"
	"hash/maphash"
	"html/template"
	"strconv"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/wegwijzer/wegwijzer/internal/i18n"
)

// Service cards are most of a results page: thirty cards of some sixty
// actions each. A card is the same for every resident who sees that
// service, in that language, at that distance, with that opening time
// and reason, so each is rendered once and kept (the last cardsKept of
// them); a page then costs one lookup per card.
const cardsKept = 2048

// cards renders the "service" template and keeps what it rendered.
type cards struct {
	set  *template.Template
	kept *lru.Cache[cardKey, template.HTML]
	seed [2]maphash.Seed
}

// cardKey is a 128-bit hash of everything a card shows: two 64-bit
// hashes under different seeds, so two different cards never share one
// (odds of about one in 10²⁸ for a full cache).
type cardKey [2]uint64

// newCards renders cards from set, keeping them when keep is set.
func newCards(set *template.Template, keep bool) *cards {
	cs := &cards{set: set, seed: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}}
	if keep {
		cs.kept, _ = lru.New[cardKey, template.HTML](cardsKept)
	}
	return cs
}

// render returns the card of s in l's language with a heading of level
// (2 to 4): the template func {{serviceCard $.L . 4}}.
func (cs *cards) render(l *i18n.Localizer, s serviceView, level int) (template.HTML, error) {
	d := card(l, s, level)
	var k cardKey
	if cs.kept != nil {
		k = cs.key(d)
		if h, ok := cs.kept.Get(k); ok {
			return h, nil
		}
	}
	var b bytes.Buffer
	if err := cs.set.ExecuteTemplate(&b, "service", d); err != nil {
		return "", err
	}
	h := template.HTML(b.String())
	if cs.kept != nil {
		cs.kept.Add(k, h)
	}
	return h, nil
}

func (cs *cards) key(d cardData) cardKey {
	var k cardKey
	for i := range k {
		var h maphash.Hash
		h.SetSeed(cs.seed[i])
		writeCard(&h, d)
		k[i] = h.Sum64()
	}
	return k
}

// writeCard writes every field of a card to h, each ended by a separator
// no field holds (so "ab","c" and "a","bc" differ). A field added to
// serviceView must be added here: TestCardKeyCoversEveryField fails
// until it is.
func writeCard(h *maphash.Hash, d cardData) {
	str := func(s string) {
		h.WriteString(s)
		h.WriteByte(0)
	}
	text := func(t text) {
		str(t.S)
		str(t.Lang)
		str(strconv.FormatBool(t.Other))
	}
	strs := func(ss []string) {
		str(strconv.Itoa(len(ss)))
		for _, s := range ss {
			str(s)
		}
	}
	s := d.S
	str(d.L.Lang())
	str(strconv.Itoa(d.H))
	str(s.ID)
	str(string(s.Level))
	text(s.Name)
	text(s.Description)
	text(s.Eligibility)
	text(s.Fees)
	str(strconv.FormatBool(s.Free))
	str(s.Address)
	str(s.Village)
	str(s.Distance)
	str(s.Open)
	str(strconv.FormatBool(s.OpenNow))
	str(s.Phone)
	str(s.Email)
	str(s.URL)
	str(strconv.Itoa(len(s.Access)))
	for _, a := range s.Access {
		str(string(a))
	}
	strs(s.Languages)
	str(strconv.Itoa(len(s.Hours)))
	for _, t := range s.Hours {
		text(t)
	}
	strs(s.Reasons)
}
