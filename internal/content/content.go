// Package content loads a content folder and checks it: a region of
// municipalities, or a single municipality (a region of one). It holds
// the question flow, the catalogue of services, the places and the
// content messages. `wegwijzer validate` prints this package's problems.
//
// Layout of a single municipality's folder:
//
//	municipality.yaml    municipality: name, phone, hours, ...
//	places.yaml          places: villages and neighbourhoods with postcodes
//	flow.yaml            questions: the question flow
//	selfhelp.yaml        tips: what residents can do themselves
//	glossary.yaml        terms: words texts keep and explain (optional)
//	catalog/*.yaml       organizations:, locations:, services: (any mix)
//	locales/<lang>.yaml  the flow's messages, one file per locale
//	nlu/signals.yaml     the urgent signals the chat assistant looks for
//	nlu/<lang>.yaml      the chat assistant's training phrases per locale
//
// A region is that folder without municipality.yaml and places.yaml (its
// top is the regional part, shared by all), plus:
//
//	region.yaml                 region: id, name, hosts (that show the
//	                            whole region), municipalities (the overlay
//	                            folders in order; the first is the default;
//	                            empty: every folder, by name)
//	municipalities/<id>/        one overlay per municipality:
//	  municipality.yaml         as above, with id (the folder's name),
//	                            hosts, colors, logo, public_url, ...
//	  places.yaml               its villages; postcodes unique in the region
//	  catalog/*.yaml            its own organisations, locations, services
//	  selfhelp.yaml             extra tips (optional)
//	  locales/<lang>.yaml       its wording of existing messages (optional)
//	  logo.svg                  the file municipality.yaml's logo names
//
// A municipality's content is the regional part merged with its overlay:
// the regional services whose area (area: [ids], absent or all: every
// municipality) includes it, and those whose service_areas name one of its
// places, cut to those places; its own services, organisations, locations
// and tips; its messages over the regional ones. Catalogue files merge in
// the order of their names, the regional file before the overlay's.
//
// References must resolve within every municipality a service serves: an
// overlay's services may use the regional organisations and locations and
// its own, never another overlay's; a regional service uses regional
// ones (or, limited by area to one municipality, that one's). A location
// may lie in a place of any municipality of the region. Ids of services,
// organisations, locations and places are unique in the whole region.
package content

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
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
	// region is the region this municipality is one of; nil for a
	// single municipality.
	region *Region
	// Logo is the municipality's logo file (Catalog.Municipality.Logo);
	// nil when it has none.
	Logo []byte
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
// as Problems, when any of them is an error. For a region folder it
// checks the whole region and returns the region's first municipality
// (the first in region.yaml); LoadRegion returns them all.
func Load(fsys fs.FS, ui fs.FS) (*Content, error) {
	return load(fsys, ui, time.Now())
}

// load is Load as of the time now, which decides what dates are in the
// future.
func load(fsys fs.FS, ui fs.FS, now time.Time) (*Content, error) {
	r, err := loadRegion(fsys, ui, now)
	return r.Municipalities[0], err
}

type loader struct {
	fsys     fs.FS
	now      time.Time // when the content is loaded
	problems Problems
	// serviceFile maps a service id, "organization:id", "location:id" or
	// "tip:id" to its file.
	serviceFile map[string]string
	// soft turns errors into warnings, for services residents do not see.
	soft bool

	// region is set for a region folder (with region.yaml).
	region bool
	// dir is the folder of the municipality being checked: "" in a
	// single-municipality folder, municipalities/<id> in a region.
	dir string
	// places are the place ids of every municipality of the region:
	// a location may lie in a neighbouring municipality.
	places map[string]bool
	// tags are those on any service or tip of the region, which the
	// flow's answers may name.
	tags map[string]bool
}

// muniFile and placesFile name the municipality's files being checked.
func (l *loader) muniFile() string   { return path.Join(l.dir, "municipality.yaml") }
func (l *loader) placesFile() string { return path.Join(l.dir, "places.yaml") }

// ownFile names a file of the municipality's own part: its overlay in a
// region, the folder itself otherwise.
func (l *loader) ownFile(name string) string { return path.Join(l.dir, name) }

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
