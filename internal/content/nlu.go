package content

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/internal/nlu"
)

// Minimum amounts of training data. Below them the assistant still
// works, but understands residents worse: a warning, not an error.
const (
	minTopicPhrases  = 20
	minSignalPhrases = 10
)

// loadNLU reads nlu/signals.yaml and one nlu/<lang>.yaml per locale.
func (l *loader) loadNLU(c *Content) {
	d := &nlu.Data{}
	var sig struct {
		Signals []nlu.Signal `yaml:"signals"`
	}
	l.decode("nlu/signals.yaml", &sig)
	d.Signals = sig.Signals
	for _, lang := range i18n.Locales {
		file := "nlu/" + lang + ".yaml"
		if _, err := fs.Stat(l.fsys, file); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		p := &nlu.Phrases{}
		l.decode(file, p)
		// The words for the flow's answers live beside the phrases, one
		// file per locale, as they follow the flow rather than the topics.
		if af := "nlu/answers/" + lang + ".yaml"; fileExists(l.fsys, af) {
			var a struct {
				Answers map[string][]string `yaml:"answers"`
			}
			l.decode(af, &a)
			p.Answers = a.Answers
		}
		if p.Lang != lang {
			l.add(file, "lang", "is %q; the file name says %q", p.Lang, lang)
			p.Lang = lang
		}
		d.Langs = append(d.Langs, p)
	}
	if files, _ := fs.Glob(l.fsys, "nlu/*.yaml"); len(files) > len(d.Langs)+1 {
		for _, f := range files {
			name := strings.TrimSuffix(strings.TrimPrefix(f, "nlu/"), ".yaml")
			if name != "signals" && !slices.Contains(i18n.Locales, name) {
				l.add(f, "", "%q is not a locale of the contract (%s)", name, strings.Join(i18n.Locales, ", "))
			}
		}
	}
	if len(d.Langs) == 0 {
		l.add("nlu/", "", "no training phrases for the chat assistant (nlu/nl.yaml, nlu/en.yaml, ...)")
	}
	c.NLU = d
}

// checkNLU checks the training data against the flow and the topics.
func (l *loader) checkNLU(c *Content) {
	d := c.NLU
	seen := map[string]bool{}
	for _, s := range d.Signals {
		item := "signal " + s.ID
		if s.ID == "" || seen[s.ID] {
			l.add("nlu/signals.yaml", item, "needs a unique id")
		}
		seen[s.ID] = true
		if !catalog.IsTopic(s.Topic) {
			l.add("nlu/signals.yaml", item, "topic %q is not one of %s", s.Topic, strings.Join(catalog.Topics, ", "))
		}
		if s.Question == "" && s.Option == "" {
			continue
		}
		q := c.Flow.Question(s.Question)
		switch {
		case q == nil:
			l.add("nlu/signals.yaml", item, "question %q is not in flow.yaml", s.Question)
		case q.Option(s.Option) == nil:
			l.add("nlu/signals.yaml", item, "question %q has no option %q", s.Question, s.Option)
		case !q.Option(s.Option).Urgent:
			l.add("nlu/signals.yaml", item, "option %s.%s is not urgent in flow.yaml", s.Question, s.Option)
		}
	}
	if len(d.Signals) == 0 {
		l.add("nlu/signals.yaml", "", "no urgent signals: the assistant must recognise acute danger")
	}
	for _, p := range d.Langs {
		file := "nlu/" + p.Lang + ".yaml"
		for t := range p.Topics {
			if !catalog.IsTopic(t) {
				l.add(file, "topics."+t, "is not a topic (%s)", strings.Join(catalog.Topics, ", "))
			}
		}
		for _, t := range catalog.Topics {
			if n := len(p.Topics[t]); n < minTopicPhrases {
				l.warn(file, "topics."+t, "has %d phrases; write at least %d so the assistant understands residents", n, minTopicPhrases)
			}
		}
		for s := range p.Urgent {
			if !seen[s] {
				l.add(file, "urgent."+s, "is not a signal in nlu/signals.yaml")
			}
		}
		for _, id := range slices.Sorted(maps.Keys(p.Answers)) {
			qid, oid, _ := strings.Cut(id, ".")
			q := c.Flow.Question(qid)
			switch {
			case q == nil:
				l.add("nlu/answers/"+p.Lang+".yaml", "answers."+id, "question %q is not in flow.yaml", qid)
			case q.Option(oid) == nil:
				l.add("nlu/answers/"+p.Lang+".yaml", "answers."+id, "question %q has no option %q", qid, oid)
			}
		}
		for _, s := range d.Signals {
			if n := len(p.Urgent[s.ID]); n < minSignalPhrases {
				l.warn(file, "urgent."+s.ID, "has %d phrases; write at least %d: missing acute danger is the worst mistake", n, minSignalPhrases)
			}
		}
	}
	for _, lang := range c.Messages.Langs() {
		if !slices.ContainsFunc(d.Langs, func(p *nlu.Phrases) bool { return p.Lang == lang }) {
			l.warn("nlu/"+lang+".yaml", "", "is missing: the assistant will not recognise messages in this language")
		}
	}
}

// Places returns the villages for the assistant to recognise by name:
// in a region, every municipality's, so a resident who names a village
// of another municipality is sent to its portal (and the municipalities
// can share one model).
func (c *Content) Places() []nlu.Place {
	muns := []*Content{c}
	if c.region != nil {
		muns = c.region.Municipalities
	}
	var out []nlu.Place
	for _, m := range muns {
		for _, p := range m.Catalog.Places {
			out = append(out, nlu.Place{ID: p.ID, Names: []string{p.Name}})
		}
	}
	return out
}

// Model trains the chat assistant's model from the content.
func (c *Content) Model() (*nlu.Model, error) {
	m, err := nlu.Train(c.NLU, catalog.Topics, c.Places())
	if err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	return m, nil
}

func fileExists(fsys fs.FS, name string) bool {
	_, err := fs.Stat(fsys, name)
	return err == nil
}

// SameModel reports whether Model would train the same model from o as
// from c: the same phrases and the same places.
func (c *Content) SameModel(o *Content) bool {
	return reflect.DeepEqual(c.NLU, o.NLU) && reflect.DeepEqual(c.Places(), o.Places())
}
