package view

import (
	"bytes"
	"hash/maphash"
	"html/template"
	"strconv"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/wegwijzer/wegwijzer/internal/i18n"
)

// Some parts of a page are the same for many requests and cost many
// template actions each. They are rendered once and kept (the last
// fragmentsKept of them), under a 128-bit hash of everything they show:
//   - service cards, thirty to a results page at some sixty actions each,
//     the same for everyone shown that service in that language, at that
//     distance, with that opening time and reason;
//   - the language links of a page (seven links, twice: alternates in the
//     head and the switcher), the same for everyone on that path.
const fragmentsKept = 4096

// fragments renders templates of the partials and keeps what it rendered.
type fragments struct {
	set  *template.Template
	kept *lru.Cache[fragmentKey, template.HTML]
	seed [2]maphash.Seed
}

// fragmentKey is a 128-bit hash of a fragment: two 64-bit hashes under
// different seeds, so two different fragments never share one (odds of
// about one in 10²⁸ for a full cache).
type fragmentKey [2]uint64

// newFragments renders from set, keeping fragments when keep is set.
func newFragments(set *template.Template, keep bool) *fragments {
	f := &fragments{set: set, seed: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}}
	if keep {
		f.kept, _ = lru.New[fragmentKey, template.HTML](fragmentsKept)
	}
	return f
}

// render returns template name executed with data; write writes to a
// hash everything the fragment shows.
func (f *fragments) render(name string, data any, write func(*maphash.Hash)) (template.HTML, error) {
	var k fragmentKey
	if f.kept != nil {
		k = f.key(name, write)
		if h, ok := f.kept.Get(k); ok {
			return h, nil
		}
	}
	var b bytes.Buffer
	if err := f.set.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	h := template.HTML(b.String())
	if f.kept != nil {
		f.kept.Add(k, h)
	}
	return h, nil
}

func (f *fragments) key(name string, write func(*maphash.Hash)) fragmentKey {
	var k fragmentKey
	for i := range k {
		var h maphash.Hash
		h.SetSeed(f.seed[i])
		h.WriteString(name)
		h.WriteByte(0)
		write(&h)
		k[i] = h.Sum64()
	}
	return k
}

// card is the card of s in l's language with a heading of level (2 to
// 4): the template func {{serviceCard $.L . 4}}.
func (f *fragments) card(l *i18n.Localizer, s Service, level int) (template.HTML, error) {
	d := card(l, s, level)
	return f.render("service", d, func(h *maphash.Hash) { writeCard(h, d) })
}

// LangLink is a link to the page in another language (or, Current, in
// its own), in the language switcher and the head's hreflang alternates.
type LangLink struct {
	Code, Name, Href string
	Current          bool
}

// langLinks is the template name ("lang-alternates" or "lang-switch")
// for a page's language links: {{langLinks "lang-switch" .Base .Langs}}.
func (f *fragments) langLinks(name, base string, links []LangLink) (template.HTML, error) {
	d := struct {
		Base  string
		Langs []LangLink
	}{base, links}
	return f.render(name, d, func(h *maphash.Hash) {
		hashString(h, base)
		for _, l := range links {
			hashString(h, l.Code)
			hashString(h, l.Name)
			hashString(h, l.Href)
			hashString(h, strconv.FormatBool(l.Current))
		}
	})
}

// hashString writes s to h, ended by a byte no field holds, so "ab","c"
// and "a","bc" differ.
func hashString(h *maphash.Hash, s string) {
	h.WriteString(s)
	h.WriteByte(0)
}

// writeCard writes every field of a card to h. A field added to
// Service must be added here: TestCardKeyCoversEveryField fails
// until it is.
func writeCard(h *maphash.Hash, d Card) {
	str := func(s string) { hashString(h, s) }
	text := func(t Text) {
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
