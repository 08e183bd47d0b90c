package hsds

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
)

// MappingFile is the mapping's usual name, in the content folder.
const MappingFile = "hsds-mapping.yaml"

// Mapping says what another source's taxonomy terms mean on the portal's
// ladder. It is written by hand, by the municipality's data people; the
// layout (format 1) is explained at the top of an example,
// internal/hsds/testdata/foreign/hsds-mapping.yaml:
//
//	format: 1
//	source: Sociale Kaart Veenland
//	taxonomies:                      # the source's taxonomies, under short keys
//	  voorzieningstype: {id: 17cd437e-..., name: Voorzieningstype}
//	  sociale_kaart: {name: Sociale Kaart Veenland}
//	rung:
//	  decided_by: [voorzieningstype, sociale_kaart]   # the first with a rung decides
//	  prefer: [urgent, community, general, custom, self]
//	  default: ""                    # "" : no rung, the service waits for review
//	defaults:
//	  audiences: [resident]          # when no term gives one
//	areas:
//	  whole: [Regio Veenland, Nederland]   # service areas that take in all of the municipality
//	terms:
//	  - code: VT-VRIJ                # the term's code, or id:, or both
//	    rung: community
//	  - code: SK.01.02
//	    topics: [money]
//	    tags: [debt]
//	  - code: SK.12
//	    ignore: true                 # known, means nothing here
//
// A service's topics, audiences and tags are those of all its terms. A
// service with no rung or no topic is kept for review. A term the mapping
// has no entry for is reported, so that new terms in the source get
// noticed. The portal's own taxonomies (wegwijzer-rung, -topic, ...) need
// no mapping: an export of the portal imports as it is.
type Mapping struct {
	Format     int                        `yaml:"format"`
	Source     string                     `yaml:"source"`
	Taxonomies map[string]MappingTaxonomy `yaml:"taxonomies"`
	Rung       struct {
		DecidedBy []string        `yaml:"decided_by"`
		Prefer    []catalog.Level `yaml:"prefer"`
		Default   catalog.Level   `yaml:"default"`
	} `yaml:"rung"`
	Defaults struct {
		Audiences []catalog.Audience `yaml:"audiences"`
	} `yaml:"defaults"`
	Areas struct {
		// Whole are service areas (by name) that take in all of the
		// municipality: the region, the province, the country.
		Whole []string `yaml:"whole"`
	} `yaml:"areas"`
	Terms []MappingEntry `yaml:"terms"`

	byID, byCode map[string]*MappingEntry
}

// MappingTaxonomy names one of the source's taxonomies by its id or name.
type MappingTaxonomy struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
}

// MappingEntry maps one source term.
type MappingEntry struct {
	Code      string             `yaml:"code"`
	ID        string             `yaml:"id"`
	Rung      catalog.Level      `yaml:"rung"`
	Topics    []string           `yaml:"topics"`
	Audiences []catalog.Audience `yaml:"audiences"`
	Tags      []string           `yaml:"tags"`
	Ignore    bool               `yaml:"ignore"`
}

// defaultPrefer is the order of rungs when a mapping gives none: the
// more help a term says a service is, the more it counts.
var defaultPrefer = []catalog.Level{catalog.Urgent, catalog.Custom, catalog.General, catalog.Community, catalog.Self}

// ReadMapping reads and checks a mapping file.
func ReadMapping(path string) (*Mapping, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m Mapping
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := m.check(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &m, nil
}

func (m *Mapping) check() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if m.Format != 1 {
		bad("format %d: this program reads format 1", m.Format)
	}
	for _, k := range m.Rung.DecidedBy {
		if _, ok := m.Taxonomies[k]; !ok {
			bad("rung.decided_by: %q is not one of taxonomies", k)
		}
	}
	for k, t := range m.Taxonomies {
		if t.ID == "" && t.Name == "" {
			bad("taxonomies.%s: give its id, its name or both", k)
		}
	}
	if len(m.Rung.Prefer) == 0 {
		m.Rung.Prefer = defaultPrefer
	}
	for _, r := range m.Rung.Prefer {
		if !r.Valid() {
			bad("rung.prefer: %q is not one of self, community, general, custom, urgent", r)
		}
	}
	for _, r := range Rungs {
		if !slices.Contains(m.Rung.Prefer, r) {
			bad("rung.prefer: %s is missing; list all five rungs", r)
		}
	}
	if m.Rung.Default != "" && !m.Rung.Default.Valid() {
		bad("rung.default %q is not one of self, community, general, custom, urgent", m.Rung.Default)
	}
	for _, a := range m.Defaults.Audiences {
		if !slices.Contains(catalog.Audiences, a) {
			bad("defaults.audiences: unknown audience %q", a)
		}
	}
	m.byID, m.byCode = map[string]*MappingEntry{}, map[string]*MappingEntry{}
	for i := range m.Terms {
		e := &m.Terms[i]
		where := fmt.Sprintf("terms[%d] (%s%s)", i, e.Code, e.ID)
		switch {
		case e.Code == "" && e.ID == "":
			bad("%s: give the term's code, its id or both", where)
		case e.Rung == "" && len(e.Topics) == 0 && len(e.Audiences) == 0 && len(e.Tags) == 0 && !e.Ignore:
			bad("%s: says nothing; give a rung, topics, audiences, tags, or ignore: true", where)
		case e.Ignore && (e.Rung != "" || len(e.Topics)+len(e.Audiences)+len(e.Tags) > 0):
			bad("%s: ignore: true and a mapping at once", where)
		}
		if e.Rung != "" && !e.Rung.Valid() {
			bad("%s: rung %q is not one of self, community, general, custom, urgent", where, e.Rung)
		}
		for _, t := range e.Topics {
			if !catalog.IsTopic(t) {
				bad("%s: unknown topic %q", where, t)
			}
		}
		for _, a := range e.Audiences {
			if !slices.Contains(catalog.Audiences, a) {
				bad("%s: unknown audience %q", where, a)
			}
		}
		if e.ID != "" {
			if _, dup := m.byID[e.ID]; dup {
				bad("%s: id mapped twice", where)
			}
			m.byID[e.ID] = e
		}
		if e.Code != "" && e.ID == "" {
			if _, dup := m.byCode[e.Code]; dup {
				bad("%s: code mapped twice", where)
			}
			m.byCode[e.Code] = e
		}
	}
	return errors.Join(errs...)
}

// CheckTerms checks the entries against the source's terms: an entry
// with both an id and a code must name one term.
func (m *Mapping) CheckTerms(terms map[string]TaxonomyTerm) error {
	var errs []error
	for _, e := range m.Terms {
		if e.ID == "" || e.Code == "" {
			continue
		}
		if t, ok := terms[e.ID]; ok && t.Code != e.Code {
			errs = append(errs, fmt.Errorf("mapping: term %s has code %q, not %q", e.ID, t.Code, e.Code))
		}
	}
	return errors.Join(errs...)
}

// entry is the mapping of term t, or nil.
func (m *Mapping) entry(t TaxonomyTerm) *MappingEntry {
	if e, ok := m.byID[t.ID]; ok && (e.Code == "" || e.Code == t.Code) {
		return e
	}
	if e, ok := m.byCode[t.Code]; ok && t.Code != "" {
		return e
	}
	return nil
}

// taxonomyKey is the key under which the mapping names t's taxonomy.
func (m *Mapping) taxonomyKey(t TaxonomyTerm) string {
	for k, tx := range m.Taxonomies {
		if (tx.ID != "" && tx.ID == t.TaxonomyID) || (tx.Name != "" && tx.Name == t.Taxonomy) {
			return k
		}
	}
	return ""
}

// resolve adds to p what the source terms mean: topics, audiences and
// tags of every term, and the rung the mapping's precedence gives.
func (m *Mapping) resolve(p *placement, terms []TaxonomyTerm) {
	rungs := map[string][]catalog.Level{}
	for _, t := range terms {
		e := m.entry(t)
		if e == nil {
			name := t.Code
			if name == "" {
				name = t.ID
			}
			if t.Name != "" {
				name += " " + t.Name
			}
			p.unknown = addOnce(p.unknown, name)
			continue
		}
		if e.Ignore {
			p.ignored = true
			continue
		}
		if e.Rung != "" {
			k := m.taxonomyKey(t)
			rungs[k] = append(rungs[k], e.Rung)
		}
		for _, tp := range e.Topics {
			p.topics = addOnce(p.topics, tp)
		}
		for _, a := range e.Audiences {
			p.audiences = addOnce(p.audiences, a)
		}
		for _, tg := range e.Tags {
			p.tags = addOnce(p.tags, tg)
		}
	}
	if p.level == "" {
		for _, k := range m.Rung.DecidedBy {
			if rs := rungs[k]; len(rs) > 0 {
				p.level = slices.MinFunc(rs, func(a, b catalog.Level) int {
					return slices.Index(m.Rung.Prefer, a) - slices.Index(m.Rung.Prefer, b)
				})
				break
			}
		}
	}
	if p.level == "" {
		p.level = m.Rung.Default
	}
	if len(p.audiences) == 0 {
		p.audiences = slices.Clone(m.Defaults.Audiences)
	}
}

// Place is what the mapping makes of a source service: its rung, topics,
// audiences and tags, and the terms it has no entry for.
func (m *Mapping) Place(s Service, terms map[string]TaxonomyTerm) (catalog.Level, []string, []catalog.Audience, []string, []string) {
	var p placement
	p.place(s.Attributes, terms, m)
	return p.level, p.topics, p.audiences, p.tags, p.unknown
}
