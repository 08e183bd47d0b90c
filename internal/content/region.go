package content

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/internal/nlu"
)

const (
	regionFile = "region.yaml"
	// overlaysDir holds one folder per municipality of a region.
	overlaysDir = "municipalities"
)

// Region is a loaded and checked content folder: a region of
// municipalities, or a single municipality (a region of one).
type Region struct {
	// ID and Name come from region.yaml; for a single-municipality folder
	// they are the municipality's.
	ID, Name string
	// Municipalities are each one whole and checked: the regional part
	// merged with the municipality's overlay, in region.yaml's order.
	Municipalities []*Content
	// Warnings are the problems of the whole region that do not stop
	// the portal.
	Warnings Problems

	hosts    []string            // region.yaml's hosts
	byHost   map[string]*Content // host name → municipality
	byID     map[string]*Content
	regional bool
}

// regionDef is region.yaml.
type regionDef struct {
	Region struct {
		ID    string   `yaml:"id"`
		Name  string   `yaml:"name"`
		Hosts []string `yaml:"hosts"`
		// Municipalities are the overlay folders' names in the order the
		// portal lists them; empty: every folder under municipalities/,
		// by name.
		Municipalities []string `yaml:"municipalities"`
	} `yaml:"region"`
}

// LoadRegion reads and checks the content folder fsys, a region with
// region.yaml or a single municipality; ui holds the interface message
// files. It returns every problem found, as Problems, when any of them is
// an error; the region it returns then holds what could be read.
func LoadRegion(fsys fs.FS, ui fs.FS) (*Region, error) {
	return loadRegion(fsys, ui, time.Now())
}

// Municipality returns the municipality with id, or nil.
func (r *Region) Municipality(id string) *Content { return r.byID[id] }

// ByPostcode returns the municipality whose places hold the postcode, or
// nil when it lies outside the region.
func (r *Region) ByPostcode(pc catalog.Postcode) *Content {
	for _, c := range r.Municipalities {
		if c.Catalog.PlaceForPostcode(pc) != nil {
			return c
		}
	}
	return nil
}

// ByHost returns the municipality whose pages host serves (a host name
// without port, in any case), or nil.
func (r *Region) ByHost(host string) *Content {
	return r.byHost[strings.ToLower(strings.TrimSuffix(host, "."))]
}

// RegionalHosts are the host names from region.yaml that show the whole
// region.
func (r *Region) RegionalHosts() []string { return slices.Clone(r.hosts) }

// IsRegion reports whether the folder is a region (with region.yaml),
// rather than a single municipality.
func (r *Region) IsRegion() bool { return r.regional }

// Single is a region of one made of c, for callers that hold one
// municipality's content (tests, tools).
func Single(c *Content) *Region {
	m := c.Catalog.Municipality
	r := &Region{ID: m.ID, Name: m.Name, Municipalities: []*Content{c},
		byHost: map[string]*Content{}, byID: map[string]*Content{m.ID: c}}
	for _, h := range m.Hosts {
		r.byHost[strings.ToLower(h)] = c
	}
	return r
}

// ByPlace returns the municipality a place answer lies in: a village
// chosen by name ("place:<id>") or a postcode. It returns nil when the
// answer is empty, unknown or outside the region.
func (r *Region) ByPlace(value string) *Content {
	if id, ok := strings.CutPrefix(value, PlacePrefix); ok {
		for _, c := range r.Municipalities {
			if c.Catalog.Place(id) != nil {
				return c
			}
		}
		return nil
	}
	p, err := catalog.ParsePostcode(value)
	if value == "" || err != nil {
		return nil
	}
	return r.ByPostcode(p)
}

// catFile is one catalogue file as read.
type catFile struct {
	name     string // path in the content folder
	regional bool
	orgs     []catalog.Organization
	locs     []catalog.Location
	services []catalog.Service
}

// shared is the regional part: for a single municipality, everything but
// municipality.yaml and places.yaml.
type shared struct {
	flow     *flow.Def
	tips     []catalog.Tip
	catalog  []catFile
	nlu      *nlu.Data
	glossary Glossary
	locales  fs.FS // nil when missing
}

// overlay is one municipality's own part.
type overlay struct {
	dir     string // "" in a single-municipality folder
	muni    catalog.Municipality
	places  []catalog.Place
	tips    []catalog.Tip
	catalog []catFile
	locales fs.FS // nil when it has none
	logo    []byte
}

func loadRegion(fsys fs.FS, ui fs.FS, now time.Time) (*Region, error) {
	l := &loader{fsys: fsys, now: now, serviceFile: map[string]string{}, places: map[string]bool{}, tags: map[string]bool{}}
	r := &Region{byHost: map[string]*Content{}, byID: map[string]*Content{}}
	dirs := []string{""}
	if fileExists(fsys, regionFile) {
		l.region, r.regional = true, true
		dirs = l.readRegion(r)
	}
	sh := l.readShared()
	var ovs []*overlay
	for _, dir := range dirs {
		ovs = append(ovs, l.readOverlay(dir))
	}
	if !l.region {
		r.ID, r.Name = ovs[0].muni.ID, ovs[0].muni.Name
	}

	var bases *i18n.Bundle // the messages without any overlay's
	for _, ov := range ovs {
		if ov.locales != nil && bases == nil && sh.locales != nil {
			bases, _ = i18n.Load(i18n.Source{Name: "locales", FS: ui}, i18n.Source{Name: "content/locales", FS: sh.locales})
		}
		c := l.assemble(sh, ov, ui, bases)
		if r.regional {
			c.region = r
		}
		r.Municipalities = append(r.Municipalities, c)
		r.byID[ov.muni.ID] = c
		for _, h := range ov.muni.Hosts {
			r.byHost[strings.ToLower(h)] = c
		}
	}
	if len(r.Municipalities) == 0 { // a region without any: keep Load's promise of a Content
		r.Municipalities = []*Content{{Flow: sh.flow, Catalog: &catalog.Catalog{}, NLU: sh.nlu}}
	}

	// The checks need content that could be read; what spans the
	// municipalities is checked in any case.
	if len(l.problems.Errors()) == 0 {
		loc, err := Amsterdam()
		if err != nil {
			return r, err
		}
		for _, c := range r.Municipalities {
			for _, s := range c.Catalog.Services {
				l.addTags(s.Tags, s.Requires, s.Excludes)
			}
			for _, t := range c.Catalog.Tips {
				l.addTags(t.Tags, t.Requires, t.Excludes)
			}
		}
		for i, c := range r.Municipalities {
			l.dir = ovs[i].dir
			from := len(l.problems)
			c.Flow.Index()
			c.Catalog.Index()
			l.checkFlow(c)
			l.checkCatalog(c, loc)
			l.checkNLU(c)
			l.checkPlainDutch(c, sh.glossary)
			for _, p := range unique(l.problems[from:]) {
				if p.Warning {
					c.Warnings = append(c.Warnings, p)
				}
			}
			sortProblems(c.Warnings)
		}
	}
	l.checkRegion(r, sh, ovs)
	l.problems = unique(l.problems)
	sortProblems(l.problems)
	for _, p := range l.problems {
		if p.Warning {
			r.Warnings = append(r.Warnings, p)
		}
	}
	if errs := l.problems.Errors(); len(errs) > 0 {
		return r, l.problems
	}
	return r, nil
}

func (l *loader) addTags(lists ...[]string) {
	for _, list := range lists {
		for _, t := range list {
			l.tags[t] = true
		}
	}
}

// unique drops repeated problems: a regional file is checked once per
// municipality.
func unique(ps Problems) Problems {
	seen := map[Problem]bool{}
	var out Problems
	for _, p := range ps {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

func sortProblems(ps Problems) {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].File < ps[j].File })
}

// readRegion reads region.yaml and returns the overlay folders in order.
func (l *loader) readRegion(r *Region) []string {
	var def regionDef
	l.decode(regionFile, &def)
	rd := def.Region
	r.ID, r.Name, r.hosts = rd.ID, rd.Name, rd.Hosts
	if rd.ID == "" {
		l.add(regionFile, "id", "is missing")
	}
	if rd.Name == "" {
		l.add(regionFile, "name", "is missing")
	}
	for _, f := range []string{"municipality.yaml", "places.yaml"} {
		if fileExists(l.fsys, f) {
			l.add(f, "", "in a region it belongs in the municipality's folder, %s/<id>/%s", overlaysDir, f)
		}
	}
	var found []string
	entries, _ := fs.ReadDir(l.fsys, overlaysDir)
	for _, e := range entries {
		if e.IsDir() {
			found = append(found, e.Name())
		}
	}
	ids := rd.Municipalities
	if len(ids) == 0 {
		ids = found
	}
	var dirs []string
	for i, id := range ids {
		item := fmt.Sprintf("municipalities[%d] (%s)", i, id)
		switch {
		case slices.Contains(ids[:i], id):
			l.add(regionFile, item, "is listed twice")
		case !slices.Contains(found, id):
			l.add(regionFile, item, "has no folder %s/%s", overlaysDir, id)
		default:
			dirs = append(dirs, path.Join(overlaysDir, id))
		}
	}
	for _, f := range found {
		if !slices.Contains(ids, f) {
			l.add(path.Join(overlaysDir, f), "", "is not listed under municipalities in %s", regionFile)
		}
	}
	if len(ids) == 0 {
		l.add(regionFile, "municipalities", "a region needs at least one municipality, each in %s/<id>/", overlaysDir)
	}
	return dirs
}

// readShared reads the regional part (all of a single municipality's
// folder but municipality.yaml and places.yaml).
func (l *loader) readShared() *shared {
	sh := &shared{flow: &flow.Def{}}
	l.decode(flowFile, sh.flow)
	sh.flow.Topics = catalog.Topics
	if len(sh.flow.UrgentTopics) == 0 {
		sh.flow.UrgentTopics = []string{"safety"}
	}
	sh.tips = l.readTips("selfhelp.yaml", true)
	sh.catalog = l.readCatalog("", true)
	if len(sh.catalog) == 0 && !l.region {
		l.add("catalog/", "", "no catalogue files (catalog/*.yaml)")
	}
	c := &Content{}
	l.loadNLU(c)
	sh.nlu = c.NLU
	if fileExists(l.fsys, "glossary.yaml") {
		l.decode("glossary.yaml", &sh.glossary)
	}
	if sub, err := fs.Sub(l.fsys, "locales"); err == nil {
		sh.locales = sub
	}
	return sh
}

// readTips reads a self-help file; an overlay may leave it out.
func (l *loader) readTips(file string, required bool) []catalog.Tip {
	if !required && !fileExists(l.fsys, file) {
		return nil
	}
	var tips struct {
		Tips []catalog.Tip `yaml:"tips"`
	}
	l.decode(file, &tips)
	for _, t := range tips.Tips {
		l.serviceFile["tip:"+t.ID] = file
	}
	return tips.Tips
}

// readCatalog reads dir/catalog/*.yaml.
func (l *loader) readCatalog(dir string, regional bool) []catFile {
	files, _ := fs.Glob(l.fsys, path.Join(dir, "catalog", "*.yaml"))
	var out []catFile
	for _, f := range files {
		var part struct {
			Organizations []catalog.Organization `yaml:"organizations"`
			Locations     []catalog.Location     `yaml:"locations"`
			Services      []catalog.Service      `yaml:"services"`
		}
		l.decode(f, &part)
		out = append(out, catFile{name: f, regional: regional, orgs: part.Organizations, locs: part.Locations, services: part.Services})
		for _, s := range part.Services {
			l.serviceFile[s.ID] = f
		}
		for _, o := range part.Organizations {
			l.serviceFile["organization:"+o.ID] = f
		}
		for _, o := range part.Locations {
			l.serviceFile["location:"+o.ID] = f
		}
	}
	return out
}

// readOverlay reads a municipality's own part: dir is "" for a single
// municipality's folder, whose catalogue readShared has read.
func (l *loader) readOverlay(dir string) *overlay {
	ov := &overlay{dir: dir}
	l.dir = dir
	var muni struct {
		Municipality catalog.Municipality `yaml:"municipality"`
	}
	l.decode(l.muniFile(), &muni)
	ov.muni = muni.Municipality
	var places struct {
		Places []catalog.Place `yaml:"places"`
	}
	l.decode(l.placesFile(), &places)
	ov.places = places.Places
	for _, p := range ov.places {
		l.places[p.ID] = true
	}
	m := &ov.muni
	if dir == "" && m.ID == "" {
		m.ID = catalog.DefaultID(m.Name)
	}
	if m.Logo != "" {
		f := path.Join(dir, m.Logo)
		ext := path.Ext(m.Logo)
		data, err := fs.ReadFile(l.fsys, f)
		switch {
		case m.Logo != path.Base(m.Logo) || ext != ".svg" && ext != ".png":
			l.add(l.muniFile(), "logo", "%q: name an .svg or .png file in the municipality's folder", m.Logo)
		case errors.Is(err, fs.ErrNotExist):
			l.add(l.muniFile(), "logo", "file %s is missing", f)
		case err != nil:
			l.add(l.muniFile(), "logo", "cannot read %s: %v", f, err)
		default:
			ov.logo = data
		}
	}
	if dir == "" {
		return ov
	}
	ov.tips = l.readTips(path.Join(dir, "selfhelp.yaml"), false)
	ov.catalog = l.readCatalog(dir, false)
	if sub, err := fs.Sub(l.fsys, path.Join(dir, "locales")); err == nil {
		if files, _ := fs.Glob(sub, "*.yaml"); len(files) > 0 {
			ov.locales = sub
		}
	}
	return ov
}

// assemble merges the regional part with a municipality's overlay. The
// catalogue files are taken in the order of their names, the regional
// file before the overlay's of the same name; the regional services are
// those whose area includes the municipality, with their service areas
// cut to its places.
func (l *loader) assemble(sh *shared, ov *overlay, ui fs.FS, bases *i18n.Bundle) *Content {
	l.dir = ov.dir
	cat := &catalog.Catalog{Municipality: ov.muni, Places: ov.places}
	cat.Tips = append(slices.Clip(sh.tips), ov.tips...)
	files := append(slices.Clip(sh.catalog), ov.catalog...)
	slices.SortStableFunc(files, func(a, b catFile) int {
		if c := cmp.Compare(path.Base(a.name), path.Base(b.name)); c != 0 {
			return c
		}
		return cmp.Compare(boolRank(!a.regional), boolRank(!b.regional))
	})
	own := map[string]bool{}
	for _, p := range ov.places {
		own[p.ID] = true
	}
	for _, f := range files {
		cat.Organizations = append(cat.Organizations, f.orgs...)
		cat.Locations = append(cat.Locations, f.locs...)
		for _, s := range f.services {
			if l.region && f.regional {
				if !s.Area.Includes(ov.muni.ID) {
					continue
				}
				if len(s.ServiceAreas) > 0 {
					areas := slices.DeleteFunc(slices.Clone(s.ServiceAreas), func(p string) bool { return !own[p] })
					if len(areas) == 0 {
						continue // for villages of other municipalities only
					}
					s.ServiceAreas = areas
				}
			}
			s.Local = l.region && !f.regional
			if s.HeldBack() != "" {
				cat.Held = append(cat.Held, s)
				continue
			}
			cat.Services = append(cat.Services, s)
		}
	}
	c := &Content{Flow: sh.flow, Catalog: cat, NLU: sh.nlu, Logo: ov.logo}
	if sh.locales == nil {
		l.add("locales/", "", "no message files")
		return c
	}
	sources := []i18n.Source{{Name: "locales", FS: ui}, {Name: "content/locales", FS: sh.locales}}
	if ov.locales != nil {
		sources = append(sources, i18n.Source{Name: path.Join(ov.dir, "locales"), FS: ov.locales})
	}
	var err error
	c.Messages, err = i18n.Load(sources...)
	if err != nil {
		l.add("locales/", "", "%v", err)
		return c
	}
	if ov.locales != nil && bases != nil {
		l.checkOverrides(c, ov, bases)
	}
	return c
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// checkOverrides requires every message an overlay rewords to exist in
// the regional part or the interface: an unknown id is a typo that
// changes nothing.
func (l *loader) checkOverrides(c *Content, ov *overlay, bases *i18n.Bundle) {
	src := path.Join(ov.dir, "locales")
	for _, lang := range c.Messages.Langs() {
		for _, id := range c.Messages.IDs(lang) {
			if c.Messages.File(lang, id) != path.Join(src, lang+".yaml") {
				continue
			}
			if !bases.Has(lang, id) && !bases.Has(i18n.Default, id) {
				l.add(path.Join(src, lang+".yaml"), id, "rewords a message that does not exist in locales/ or the interface")
			}
		}
	}
}

// checkRegion checks what spans the municipalities: their ids and
// folders, host names, postcodes that two municipalities claim, ids used
// by two overlays, and the areas of regional services.
func (l *loader) checkRegion(r *Region, sh *shared, ovs []*overlay) {
	hosts := map[string]string{} // host → who claims it
	claim := func(file, item, host, who string) {
		h := strings.ToLower(strings.TrimSpace(host))
		if h == "" || strings.ContainsAny(h, ":/ ") || strings.HasSuffix(h, ".") {
			l.add(file, item, "host %q: want a host name without scheme, port or path, like hulp.beekdal.example.org", host)
			return
		}
		if other, dup := hosts[h]; dup {
			l.add(file, item, "host %s is also claimed by %s", h, other)
			return
		}
		hosts[h] = who
	}
	for i, h := range r.hosts {
		claim(regionFile, fmt.Sprintf("hosts[%d]", i), h, "the region ("+regionFile+")")
	}
	ids := map[string]bool{}
	type span struct {
		lo, hi int
		place  string
		file   string
	}
	var spans []span
	seen := map[string]string{} // "service:id" and so on → the overlay file that has it
	for _, ov := range ovs {
		l.dir = ov.dir
		m := ov.muni
		ids[m.ID] = true
		if l.region {
			if want := path.Base(ov.dir); m.ID != want {
				l.add(l.muniFile(), "id", "is %q; it must be the folder's name, %q", m.ID, want)
			}
		}
		for i, h := range m.Hosts {
			claim(l.muniFile(), fmt.Sprintf("hosts[%d]", i), h, l.muniFile())
		}
		for _, p := range ov.places {
			for _, pr := range p.Postcodes {
				lo, hi, err := catalog.ParseRange(pr)
				if err != nil {
					continue // checkCatalog names it
				}
				for _, s := range spans {
					if lo <= s.hi && s.lo <= hi && s.file != l.placesFile() {
						l.add(l.placesFile(), "place "+p.ID, "postcodes %s overlap those of place %s in %s", pr, s.place, s.file)
					}
				}
				spans = append(spans, span{lo, hi, p.ID, l.placesFile()})
			}
		}
		if !l.region {
			continue
		}
		mark := func(kind, id, file string) {
			key := kind + ":" + id
			if other, dup := seen[key]; dup && other != file {
				l.add(file, kind+" "+id, "id is also used in %s: ids are unique in the region", other)
			}
			seen[key] = file
		}
		for _, p := range ov.places {
			mark("place", p.ID, l.placesFile())
		}
		for _, f := range ov.catalog {
			for _, s := range f.services {
				mark("service", s.ID, f.name)
				if len(s.Area) > 0 {
					l.add(f.name, "service "+s.ID, "area is for the regional catalogue; a municipality's own services serve it alone")
				}
			}
			for _, o := range f.orgs {
				mark("organization", o.ID, f.name)
			}
			for _, o := range f.locs {
				mark("location", o.ID, f.name)
			}
		}
	}
	l.dir = ""
	if !l.region {
		return
	}
	for _, f := range sh.catalog {
		for _, s := range f.services {
			for _, a := range s.Area {
				if !ids[a] {
					l.add(f.name, "service "+s.ID, "area: unknown municipality %q", a)
				}
			}
			for _, p := range s.ServiceAreas {
				if !l.places[p] {
					l.add(f.name, "service "+s.ID, "service_areas: unknown place %q", p)
				}
			}
		}
	}
}

// Catalog is the whole region's catalogue, for the region's open data:
// every municipality's services, organisations, locations and places
// once, a regional service with the villages of every municipality it
// serves. Its municipality is the region.
func (r *Region) Catalog() *catalog.Catalog {
	first := r.Municipalities[0].Catalog
	cat := &catalog.Catalog{Municipality: catalog.Municipality{ID: r.ID, Name: r.Name,
		Demo: first.Municipality.Demo, Province: first.Municipality.Province}}
	services := map[string]int{}
	orgs, locs := map[string]bool{}, map[string]bool{}
	for _, c := range r.Municipalities {
		cat.Places = append(cat.Places, c.Catalog.Places...)
		for _, o := range c.Catalog.Organizations {
			if !orgs[o.ID] {
				orgs[o.ID] = true
				cat.Organizations = append(cat.Organizations, o)
			}
		}
		for _, l := range c.Catalog.Locations {
			if !locs[l.ID] {
				locs[l.ID] = true
				cat.Locations = append(cat.Locations, l)
			}
		}
		for _, s := range c.Catalog.Services {
			i, seen := services[s.ID]
			if !seen {
				services[s.ID] = len(cat.Services)
				cat.Services = append(cat.Services, s)
				continue
			}
			// The same regional service, cut to each municipality's
			// villages: together, the villages of all (none: everyone).
			have := &cat.Services[i]
			if len(have.ServiceAreas) > 0 && len(s.ServiceAreas) > 0 {
				have.ServiceAreas = append(slices.Clone(have.ServiceAreas), s.ServiceAreas...)
			} else {
				have.ServiceAreas = nil
			}
		}
	}
	cat.Index()
	return cat
}
