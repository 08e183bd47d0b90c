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
// ladder. It is written by hand, by the municipality's data people:
//
//	source: regio-veenland      # the source's name; the import writes catalog/hsds-<source>.yaml
//	default_rung: ""            # the rung of a service none of whose terms names one ("" : review)
//	terms:
//	  - match: SK.01.02         # a term's code, id or name (case and accents ignored)
//	    rung: community         # self, community, general, custom or urgent
//	    topics: [money]         # the portal's topics
//	    audiences: [resident]   # resident, carer, cared_for, parent, young_person
//	    tags: [debt]            # tags the flow's answers use
//
// A term without an entry of its own takes its parent's (parent_id), so
// "SK.01" can stand for everything under it. A service whose terms name
// several rungs gets the highest (urgent above custom above general...).
// The portal's own taxonomies (wegwijzer-rung, -topic, ...) need no
// mapping: an export of the portal imports as it is.
type Mapping struct {
	Source      string         `yaml:"source"`
	DefaultRung catalog.Level  `yaml:"default_rung"`
	Terms       []MappingEntry `yaml:"terms"`

	byKey map[string]*MappingEntry
	terms map[string]TaxonomyTerm // the source's terms, for parents
}

// MappingEntry maps one source term.
type MappingEntry struct {
	Match     string             `yaml:"match"`
	Rung      catalog.Level      `yaml:"rung"`
	Topics    []string           `yaml:"topics"`
	Audiences []catalog.Audience `yaml:"audiences"`
	Tags      []string           `yaml:"tags"`
}

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
	if m.DefaultRung != "" && !m.DefaultRung.Valid() {
		errs = append(errs, fmt.Errorf("default_rung %q is not one of self, community, general, custom, urgent", m.DefaultRung))
	}
	m.byKey = map[string]*MappingEntry{}
	for i := range m.Terms {
		e := &m.Terms[i]
		where := fmt.Sprintf("terms[%d] (%s)", i, e.Match)
		if e.Match == "" {
			errs = append(errs, fmt.Errorf("%s: match is empty", where))
		}
		if e.Rung != "" && !e.Rung.Valid() {
			errs = append(errs, fmt.Errorf("%s: rung %q is not one of self, community, general, custom, urgent", where, e.Rung))
		}
		for _, t := range e.Topics {
			if !catalog.IsTopic(t) {
				errs = append(errs, fmt.Errorf("%s: unknown topic %q", where, t))
			}
		}
		for _, a := range e.Audiences {
			if !slices.Contains(catalog.Audiences, a) {
				errs = append(errs, fmt.Errorf("%s: unknown audience %q", where, a))
			}
		}
		k := fold(e.Match)
		if _, dup := m.byKey[k]; dup {
			errs = append(errs, fmt.Errorf("%s: matched twice", where))
		}
		m.byKey[k] = e
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	return nil
}

// entry is the mapping of term t, or of its nearest parent that has one.
func (m *Mapping) entry(t TaxonomyTerm) *MappingEntry {
	for range 16 { // a parent chain deeper than this is a loop
		for _, k := range []string{t.ID, t.Code, t.Name} {
			if k == "" {
				continue
			}
			if e, ok := m.byKey[fold(k)]; ok {
				return e
			}
		}
		p, ok := m.terms[t.ParentID]
		if t.ParentID == "" || !ok {
			return nil
		}
		t = p
	}
	return nil
}

// apply adds what term t means to p; false when the mapping says nothing.
func (m *Mapping) apply(p *placement, t TaxonomyTerm) bool {
	e := m.entry(t)
	if e == nil {
		return false
	}
	if e.Rung != "" && (p.level == "" || e.Rung.Rank() > p.level.Rank()) {
		p.level = e.Rung
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
	return true
}
