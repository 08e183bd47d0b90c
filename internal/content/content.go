// Package content loads a municipality's content folder (the question
// flow, the catalogue of services, the places and the content messages)
// and checks it. `wegwijzer validate` prints this package's problems.
//
// Layout of a content folder:
//
//	municipality.yaml    municipality: name, phone, hours, ...
//	places.yaml          places: villages and neighbourhoods with postcodes
//	flow.yaml            questions: the question flow
//	selfhelp.yaml        tips: what residents can do themselves
//	catalog/*.yaml       organizations:, locations:, services: (any mix)
//	locales/<lang>.yaml  the flow's messages, one file per locale
//	nlu/signals.yaml     the urgent signals the chat assistant looks for
//	nlu/<lang>.yaml      the chat assistant's training phrases per locale
package content

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/internal/nlu"
)

// Content is a loaded and checked content folder.
type Content struct {
	Flow     *flow.Def
	Catalog  *catalog.Catalog
	Messages *i18n.Bundle
	// NLU is the chat assistant's training data.
	NLU *nlu.Data
	// Warnings are problems that do not stop the portal, such as a topic
	// without community services.
	Warnings Problems
}

// Problem is one thing wrong with the content, named by file and item.
type Problem struct {
	File    string
	Item    string
	Msg     string
	Warning bool
}

func (p Problem) String() string {
	var b strings.Builder
	if p.Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(p.File)
	if p.Item != "" {
		b.WriteString(": " + p.Item)
	}
	b.WriteString(": " + p.Msg)
	return b.String()
}

// Problems is a list of problems; as an error it lists them all.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Errors returns the problems that are not warnings.
func (ps Problems) Errors() Problems {
	var out Problems
	for _, p := range ps {
		if !p.Warning {
			out = append(out, p)
		}
	}
	return out
}

// Amsterdam is the time zone of every schedule.
func Amsterdam() (*time.Location, error) {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return nil, fmt.Errorf("content: time zone Europe/Amsterdam: %w", err)
	}
	return loc, nil
}

// Load reads and checks the content folder fsys; ui holds the interface
// message files (the locales/ folder). It returns every problem found,
// as Problems, when any of them is an error.
func Load(fsys fs.FS, ui fs.FS) (*Content, error) {
	return load(fsys, ui, time.Now())
}

// load is Load as of the time now, which decides what dates are in the
// future.
func load(fsys fs.FS, ui fs.FS, now time.Time) (*Content, error) {
	l := &loader{fsys: fsys, now: now, serviceFile: map[string]string{}}
	c := &Content{Flow: &flow.Def{}, Catalog: &catalog.Catalog{}}

	var muni struct {
		Municipality catalog.Municipality `yaml:"municipality"`
	}
	l.decode("municipality.yaml", &muni)
	c.Catalog.Municipality = muni.Municipality

	var places struct {
		Places []catalog.Place `yaml:"places"`
	}
	l.decode("places.yaml", &places)
	c.Catalog.Places = places.Places

	l.decode("flow.yaml", c.Flow)
	c.Flow.Topics = catalog.Topics
	if len(c.Flow.UrgentTopics) == 0 {
		c.Flow.UrgentTopics = []string{"safety"}
	}

	var tips struct {
		Tips []catalog.Tip `yaml:"tips"`
	}
	l.decode("selfhelp.yaml", &tips)
	c.Catalog.Tips = tips.Tips

	files, _ := fs.Glob(fsys, "catalog/*.yaml")
	if len(files) == 0 {
		l.add("catalog/", "", "no catalogue files (catalog/*.yaml)")
	}
	for _, f := range files {
		var part struct {
			Organizations []catalog.Organization `yaml:"organizations"`
			Locations     []catalog.Location     `yaml:"locations"`
			Services      []catalog.Service      `yaml:"services"`
		}
		l.decode(f, &part)
		c.Catalog.Organizations = append(c.Catalog.Organizations, part.Organizations...)
		c.Catalog.Locations = append(c.Catalog.Locations, part.Locations...)
		for _, s := range part.Services {
			l.serviceFile[s.ID] = f
			if s.HeldBack() != "" {
				c.Catalog.Held = append(c.Catalog.Held, s)
				continue
			}
			c.Catalog.Services = append(c.Catalog.Services, s)
		}
		for _, o := range part.Organizations {
			l.serviceFile["organization:"+o.ID] = f
		}
		for _, o := range part.Locations {
			l.serviceFile["location:"+o.ID] = f
		}
	}

	l.loadNLU(c)

	var glossary Glossary
	if _, err := fs.Stat(fsys, "glossary.yaml"); err == nil {
		l.decode("glossary.yaml", &glossary)
	}

	msgs, err := fs.Sub(fsys, "locales")
	if err == nil {
		c.Messages, err = i18n.Load(i18n.Source{Name: "locales", FS: ui}, i18n.Source{Name: "content/locales", FS: msgs})
	}
	if err != nil {
		l.add("locales/", "", "%v", err)
	}

	if len(l.problems.Errors()) == 0 {
		c.Flow.Index()
		c.Catalog.Index()
		loc, err := Amsterdam()
		if err != nil {
			return nil, err
		}
		l.checkFlow(c)
		l.checkCatalog(c, loc)
		l.checkNLU(c)
		l.checkPlainDutch(c, glossary)
	}
	sort.SliceStable(l.problems, func(i, j int) bool { return l.problems[i].File < l.problems[j].File })
	for _, p := range l.problems {
		if p.Warning {
			c.Warnings = append(c.Warnings, p)
		}
	}
	if errs := l.problems.Errors(); len(errs) > 0 {
		return c, l.problems
	}
	return c, nil
}

type loader struct {
	fsys        fs.FS
	now         time.Time // when the content is loaded
	problems    Problems
	serviceFile map[string]string // service id, "organization:id" or "location:id" → its file
	// soft turns errors into warnings, for services residents do not see.
	soft bool
}

func (l *loader) add(file, item, format string, args ...any) {
	l.problems = append(l.problems, Problem{File: file, Item: item, Msg: fmt.Sprintf(format, args...), Warning: l.soft})
}

func (l *loader) warn(file, item, format string, args ...any) {
	l.problems = append(l.problems, Problem{File: file, Item: item, Msg: fmt.Sprintf(format, args...), Warning: true})
}

// decode reads a YAML file strictly: an unknown field is an error, so a
// misspelt key does not silently drop a setting.
func (l *loader) decode(file string, v any) {
	data, err := fs.ReadFile(l.fsys, file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			l.add(file, "", "file is missing")
		} else {
			l.add(file, "", "cannot read: %v", err)
		}
		return
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		l.add(file, "", "%s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
}

// fileOf names the file a service (or "organization:id", "location:id")
// came from.
func (l *loader) fileOf(serviceID string) string {
	if f, ok := l.serviceFile[serviceID]; ok {
		return f
	}
	return path.Join("catalog", "*.yaml")
}
