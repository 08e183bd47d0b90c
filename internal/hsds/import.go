package hsds

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
)

// ImportOptions steer an import.
type ImportOptions struct {
	// Source names the source; its services go to
	// catalog/hsds-<Source>.yaml and carry source: <Source>.
	Source  string
	Mapping *Mapping // nil: only the portal's own taxonomies are read
	Now     time.Time
	// Progress reports the services converted so far.
	Progress Progress
}

// ImportReport says what an import did, by service name.
type ImportReport struct {
	File      string   // the file written, relative to the content folder; "" when none
	Added     []string // new services
	Updated   []string // services of an earlier import that changed
	Unchanged []string
	// Review are services kept but held back: what the mapping could not
	// place ("name: why").
	Review []string
	// Withdrawn are services an earlier import brought in that the source
	// no longer has.
	Withdrawn []string
	// Own are services the content folder already has in its own files:
	// left alone.
	Own []string
	// Elsewhere are services only for areas outside the municipality:
	// left out.
	Elsewhere []string
	// UnknownTerms are source terms the mapping has no entry for.
	UnknownTerms []string
	// Notes are what was changed or left out on the way in ("name: why"),
	// such as hours the portal cannot read.
	Notes                    []string
	Organizations, Locations int // written to the file
}

// existing is what a content folder already holds.
type existing struct {
	// munis are the folder's municipality, or a region's, each with the
	// ids of its places.
	munis    []muniPlaces
	places   []catalog.Place
	own      map[string]string // HSDS id of a service in the folder's own files → its file
	orgs     map[string]string // HSDS id of an organisation outside the import file → its content id
	locs     map[string]string // likewise for locations
	previous []catalog.Service // the earlier import of this source
	// prevOrgs and prevLocs are the earlier import's organisations and
	// locations, by content id; ownIDs the content ids of those elsewhere.
	prevOrgs map[string]catalog.Organization
	prevLocs map[string]catalog.Location
	ownIDs   map[string]bool
	// placeCat finds a postcode's village.
	placeCat *catalog.Catalog
}

// muniPlaces is a municipality's name and the ids of its places.
type muniPlaces struct {
	id, name string
	places   []string
}

type importFile struct {
	Organizations []catalog.Organization `yaml:"organizations"`
	Locations     []catalog.Location     `yaml:"locations"`
	Services      []catalog.Service      `yaml:"services"`
}

// ImportPath is the file an import of source writes in a content folder.
func ImportPath(source string) string { return "catalog/hsds-" + slug(source) + ".yaml" }

func readExisting(dir, file string) (*existing, error) {
	fsys := os.DirFS(dir)
	ex := &existing{own: map[string]string{}, orgs: map[string]string{}, locs: map[string]string{},
		prevOrgs: map[string]catalog.Organization{}, prevLocs: map[string]catalog.Location{}, ownIDs: map[string]bool{}}
	// A region keeps its municipalities in municipalities/<id>/; the
	// import goes to the regional catalogue.
	dirs, _ := fs.Glob(fsys, "municipalities/*/municipality.yaml")
	if len(dirs) == 0 {
		dirs = []string{"municipality.yaml"}
	}
	for _, f := range dirs {
		var muni struct {
			Municipality catalog.Municipality `yaml:"municipality"`
		}
		if err := readYAML(fsys, f, &muni); err != nil {
			return nil, fmt.Errorf("%s is not a content folder: %w", dir, err)
		}
		var places struct {
			Places []catalog.Place `yaml:"places"`
		}
		if err := readYAML(fsys, path.Join(path.Dir(f), "places.yaml"), &places); err != nil {
			return nil, err
		}
		mp := muniPlaces{id: path.Base(path.Dir(f)), name: muni.Municipality.Name}
		for _, p := range places.Places {
			mp.places = append(mp.places, p.ID)
		}
		ex.munis = append(ex.munis, mp)
		ex.places = append(ex.places, places.Places...)
	}
	ex.placeCat = &catalog.Catalog{Places: ex.places}
	ex.placeCat.Index()
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return nil, err
	}
	if err := ex.placeCat.Prepare(loc); err != nil {
		return nil, fmt.Errorf("places.yaml: %w", err)
	}
	files, _ := fs.Glob(fsys, "catalog/*.yaml")
	overlays, _ := fs.Glob(fsys, "municipalities/*/catalog/*.yaml")
	for _, f := range append(files, overlays...) {
		var part importFile
		if err := readYAML(fsys, f, &part); err != nil {
			return nil, err
		}
		if f == file {
			ex.previous = part.Services
			for _, o := range part.Organizations {
				ex.prevOrgs[o.ID] = o
			}
			for _, l := range part.Locations {
				ex.prevLocs[l.ID] = l
			}
			continue
		}
		for _, s := range part.Services {
			ex.own[ObjectID("service", s.ID)] = f
		}
		for _, o := range part.Organizations {
			ex.orgs[ObjectID("organization", o.ID)] = o.ID
			ex.ownIDs["organization:"+o.ID] = true
		}
		for _, l := range part.Locations {
			ex.locs[ObjectID("location", l.ID)] = l.ID
			ex.ownIDs["location:"+l.ID] = true
		}
	}
	return ex, nil
}

func readYAML(fsys fs.FS, name string, v any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// Import converts src into the content folder dir: its services, with
// their organisations and locations, into one file for the source
// (ImportPath), which it replaces. Services already in the folder's own
// files are left alone; services of an earlier import of the source are
// updated by id, and those gone from the source are kept, marked
// withdrawn. Services the mapping cannot place are kept, marked for
// review. Nothing is written when the source adds nothing.
func Import(src *Source, dir string, opt ImportOptions) (ImportReport, error) {
	if opt.Source == "" {
		return ImportReport{}, errors.New("the source needs a name")
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return ImportReport{}, err
	}
	file := ImportPath(opt.Source)
	ex, err := readExisting(dir, file)
	if err != nil {
		return ImportReport{}, err
	}
	if opt.Mapping != nil {
		if err := opt.Mapping.CheckTerms(src.Terms); err != nil {
			return ImportReport{}, err
		}
	}
	im := importer{src: src, ex: ex, opt: opt, loc: loc, rep: ImportReport{File: file},
		orgs: map[string]bool{}, locs: map[string]bool{}, unknown: map[string]bool{}}
	previous := map[string]catalog.Service{}
	for _, s := range ex.previous {
		previous[strings.ToLower(s.ID)] = s
	}
	seen := map[string]bool{} // source ids, for ids used twice
	kept := map[string]bool{} // content ids of the services written
	for i, sv := range src.Services {
		if opt.Progress != nil && ((i+1)%50 == 0 || i+1 == len(src.Services)) {
			opt.Progress(i+1, len(src.Services))
		}
		id := strings.ToLower(sv.ID)
		if id == "" || seen[id] {
			im.note(sv.Name, "left out: its id is empty or used twice in the source")
			continue
		}
		seen[id] = true
		if f, ok := ex.own[id]; ok {
			im.rep.Own = append(im.rep.Own, sv.Name+" ("+f+")")
			continue
		}
		cs, ok := im.service(sv)
		if !ok {
			im.rep.Elsewhere = append(im.rep.Elsewhere, plain(sv.Name))
			continue
		}
		kept[cs.ID] = true
		if old, ok := previous[cs.ID]; ok {
			if same(old, cs) {
				cs = old
				im.rep.Unchanged = append(im.rep.Unchanged, cs.Name["nl"])
			} else {
				im.rep.Updated = append(im.rep.Updated, cs.Name["nl"])
			}
		} else {
			im.rep.Added = append(im.rep.Added, cs.Name["nl"])
		}
		if cs.Review != "" {
			im.rep.Review = append(im.rep.Review, cs.Name["nl"]+": "+cs.Review)
		}
		im.out.Services = append(im.out.Services, cs)
	}
	// The source's organisations and locations without a service there.
	for _, o := range src.Organizations {
		if o.ID != "" {
			im.organization(o)
		}
	}
	for _, l := range src.Locations {
		if l.ID != "" {
			im.location(l)
		}
	}
	// Services of the earlier import not written now: gone from the
	// source, or no longer for this municipality.
	for _, old := range ex.previous {
		if kept[strings.ToLower(old.ID)] {
			continue
		}
		if old.Withdrawn == "" {
			old.Withdrawn = opt.Now.In(loc).Format(time.DateOnly)
			im.rep.Withdrawn = append(im.rep.Withdrawn, old.Name["nl"])
		}
		im.keepRefs(old)
		im.out.Services = append(im.out.Services, old)
	}
	im.rep.Organizations, im.rep.Locations = len(im.out.Organizations), len(im.out.Locations)
	im.rep.UnknownTerms = slices.Sorted(maps.Keys(im.unknown))
	if len(im.out.Services) == 0 {
		im.rep.File = ""
		return im.rep, nil
	}
	return im.rep, writeImport(filepath.Join(dir, file), opt, src.Name, im.out)
}

type importer struct {
	src  *Source
	ex   *existing
	opt  ImportOptions
	loc  *time.Location
	rep  ImportReport
	out  importFile
	orgs map[string]bool // content ids of organisations written
	locs map[string]bool
	// unknown are the source terms the mapping has no entry for.
	unknown map[string]bool
}

func (im *importer) note(name, msg string) { im.rep.Notes = append(im.rep.Notes, name+": "+msg) }

// same reports whether two versions of a service say the same, whatever
// the import date.
func same(a, b catalog.Service) bool {
	ya, _ := yaml.Marshal(a)
	yb, _ := yaml.Marshal(b)
	return bytes.Equal(ya, yb)
}

// service converts one source service; false when it is only for
// areas outside the municipality.
func (im *importer) service(sv Service) (catalog.Service, bool) {
	areas, munis, here := im.areas(sv.ServiceAreas)
	if !here {
		return catalog.Service{}, false
	}
	name := plain(sv.Name)
	cs := catalog.Service{
		ID: strings.ToLower(sv.ID), Name: dutch(sv.Name), Description: dutch(sv.Description),
		EligibilityDescription: dutch(sv.EligibilityDescription), FeesDescription: dutch(sv.FeesDescription),
		URL: webURL(sv.URL), Email: strings.TrimSpace(sv.Email), Source: im.opt.Source, ServiceAreas: areas, Area: munis,
		LastModified: date(sv.LastModified, im.opt.Now, im.loc),
	}
	if !IsUUID(sv.ID) {
		cs.ID = slug(sv.ID)
	}
	if sv.URL != "" && cs.URL == "" {
		im.note(name, fmt.Sprintf("url %q is not a web address: left out", sv.URL))
	}
	if sv.Status != "" && sv.Status != "active" {
		cs.Status = sv.Status
	}
	if sv.MinimumAge != nil {
		cs.MinimumAge = *sv.MinimumAge
	}
	if sv.MaximumAge != nil {
		cs.MaximumAge = *sv.MaximumAge
	}
	if len(sv.Phones) > 0 {
		cs.Phone = phoneNumber(sv.Phones[0])
		if cs.Phone != strings.TrimSpace(sv.Phones[0].Number) {
			im.note(name, fmt.Sprintf("phone %q written as %q", sv.Phones[0].Number, cs.Phone))
		}
	}
	for _, l := range sv.Languages {
		code := strings.ToLower(strings.TrimSpace(l.Code))
		if len(code) == 2 {
			cs.Languages = addOnce(cs.Languages, code)
		}
	}
	for _, c := range sv.CostOptions {
		if c.Amount != nil && *c.Amount == 0 {
			cs.Free = true
		}
		if cs.FeesDescription == nil {
			fee := plain(c.AmountDescription)
			if fee == "" && c.Amount != nil && *c.Amount > 0 {
				fee = fmt.Sprintf("€ %.2f", *c.Amount)
				fee = strings.Replace(fee, ".", ",", 1)
			}
			cs.FeesDescription = dutch(fee)
		}
	}
	for _, sc := range sv.Schedules {
		if s, err := schedule(sc); err != nil {
			im.note(name, err.Error())
		} else {
			cs.Schedules = append(cs.Schedules, s)
		}
	}
	if sv.Organization != nil {
		cs.Organization = im.organization(*sv.Organization)
	} else if sv.OrganizationID != "" {
		if id, ok := im.ex.orgs[strings.ToLower(sv.OrganizationID)]; ok {
			cs.Organization = id
		}
	}
	for _, sal := range sv.ServiceAtLocations {
		if sal.Location == nil {
			if id, ok := im.ex.locs[strings.ToLower(sal.LocationID)]; ok {
				cs.AtLocations = append(cs.AtLocations, catalog.ServiceAtLocation{Location: id, Schedules: im.schedules(name, sal.Schedules)})
			}
			continue
		}
		cs.AtLocations = append(cs.AtLocations, catalog.ServiceAtLocation{
			Location: im.location(*sal.Location), Schedules: im.schedules(name, sal.Schedules),
		})
	}

	var p placement
	p.place(sv.Attributes, im.src.Terms, im.opt.Mapping)
	for _, u := range p.unknown {
		im.unknown[u] = true
	}
	cs.Level, cs.Topics, cs.Audiences, cs.Tags, cs.Requires, cs.Excludes, cs.Access =
		p.level, p.topics, p.audiences, p.tags, p.requires, p.excludes, p.access
	if len(cs.Access) == 0 {
		if cs.Phone != "" {
			cs.Access = append(cs.Access, catalog.ByPhone)
		}
		if cs.URL != "" {
			cs.Access = append(cs.Access, catalog.ByWeb)
		}
		if cs.Email != "" {
			cs.Access = append(cs.Access, catalog.ByEmail)
		}
	}
	var why []string
	switch {
	case cs.Level == "" && len(cs.Topics) == 0:
		why = append(why, "no rung and no topic")
	case cs.Level == "":
		why = append(why, "no rung")
	case len(cs.Topics) == 0:
		why = append(why, "no topic")
	}
	if cs.Description == nil {
		why = append(why, "no description")
	}
	if cs.Organization == "" {
		why = append(why, "no organisation")
	}
	if cs.Phone == "" && cs.URL == "" && cs.Email == "" && len(cs.AtLocations) == 0 {
		why = append(why, "no way to reach it")
	}
	if len(why) > 0 {
		cs.Review = strings.Join(why, ", ")
		if len(p.unknown) > 0 {
			cs.Review += " (terms the mapping does not know: " + strings.Join(p.unknown, "; ") + ")"
		}
	}
	return cs, true
}

func (im *importer) schedules(name string, ss []Schedule) []catalog.Schedule {
	var out []catalog.Schedule
	for _, sc := range ss {
		if s, err := schedule(sc); err != nil {
			im.note(name, err.Error())
		} else {
			out = append(out, s)
		}
	}
	return out
}

// organization is the content id of the source's organisation: one the
// folder has, or one written with the import.
func (im *importer) organization(o Organization) string {
	uid := strings.ToLower(o.ID)
	if id, ok := im.ex.orgs[uid]; ok {
		return id
	}
	id := uid
	if !IsUUID(o.ID) {
		id = slug(o.ID)
	}
	if id == "" {
		return ""
	}
	if !im.orgs[id] {
		im.orgs[id] = true
		co := catalog.Organization{ID: id, Name: plain(o.Name), Description: dutch(o.Description), Website: webURL(o.Website), Email: o.Email}
		for _, p := range o.Phones {
			co.Phones = append(co.Phones, catalog.Phone{Number: phoneNumber(p), Description: dutch(p.Description), Languages: languageCodes(p.Languages)})
		}
		im.out.Organizations = append(im.out.Organizations, co)
	}
	return id
}

func languageCodes(ls []Language) []string {
	var out []string
	for _, l := range ls {
		if c := strings.ToLower(strings.TrimSpace(l.Code)); len(c) == 2 {
			out = addOnce(out, c)
		}
	}
	return out
}

// location is the content id of the source's location: one the folder
// has, or one written with the import, in its village when its postcode
// or town is one of the municipality's.
func (im *importer) location(l Location) string {
	uid := strings.ToLower(l.ID)
	if id, ok := im.ex.locs[uid]; ok {
		return id
	}
	id := uid
	if !IsUUID(l.ID) {
		id = slug(l.ID)
	}
	if im.locs[id] {
		return id
	}
	im.locs[id] = true
	cl := catalog.Location{ID: id, Name: plain(l.Name), Description: dutch(l.Description), Transport: dutch(l.Transportation)}
	if cl.Name == "" {
		cl.Name = id
	}
	if l.Latitude != nil && l.Longitude != nil {
		cl.Latitude, cl.Longitude = *l.Latitude, *l.Longitude
	}
	if len(l.Addresses) > 0 {
		a := l.Addresses[0]
		cl.Address = catalog.Address{Address1: plain(a.Address1), PostalCode: postcode(a.PostalCode), City: plain(a.City)}
		cl.Place = im.placeOf(cl.Address)
	}
	for _, a := range l.Accessibility {
		if d := dutch(a.Description); d != nil {
			cl.Accessibility = d
			break
		}
	}
	for _, sc := range l.Schedules {
		if s, err := schedule(sc); err == nil {
			cl.Schedules = append(cl.Schedules, s)
		}
	}
	im.out.Locations = append(im.out.Locations, cl)
	return id
}

// postcode writes a Dutch postcode as "9990 AB"; anything else as it is.
func postcode(s string) string {
	if p, err := catalog.ParsePostcode(s); err == nil {
		return p.String()
	}
	return strings.TrimSpace(s)
}

func (im *importer) placeOf(a catalog.Address) string {
	if p, err := catalog.ParsePostcode(a.PostalCode); err == nil {
		if pl := im.ex.placeCat.PlaceForPostcode(p); pl != nil {
			return pl.ID
		}
	}
	for _, p := range im.ex.places {
		if fold(p.Name) == fold(a.City) {
			return p.ID
		}
	}
	return ""
}

// areas maps the source's service areas to the municipality's places:
// an area named after a village (or with its postcodes) is that village;
// one named after the municipality, or one the mapping says takes it all
// in (the region, the country), is all of it: no areas. In a region, one
// named after a municipality is that municipality (the second result). A
// service with areas, none of them here, is not for this municipality:
// false.
func (im *importer) areas(as []ServiceArea) ([]string, catalog.Area, bool) {
	if len(as) == 0 {
		return nil, nil, true
	}
	var munis catalog.Area
	var inMunis []string // the places of munis
	var whole []string
	if im.opt.Mapping != nil {
		for _, w := range im.opt.Mapping.Areas.Whole {
			whole = append(whole, fold(w))
		}
	}
	var out []string
	all := false
	for _, a := range as {
		n := fold(plain(a.Name))
		if slices.Contains(whole, n) {
			all = true
			continue
		}
		// An area named after the municipality is all of it; in a region,
		// all of that one municipality's places.
		if i := slices.IndexFunc(im.ex.munis, func(m muniPlaces) bool {
			return n == fold(m.name) || n == fold(strings.TrimPrefix(m.name, "Gemeente "))
		}); i >= 0 {
			if len(im.ex.munis) == 1 {
				all = true
			}
			munis = append(munis, im.ex.munis[i].id)
			inMunis = append(inMunis, im.ex.munis[i].places...)
			continue
		}
		for _, p := range im.ex.places {
			if fold(p.Name) == n || (a.Extent != "" && a.Extent == strings.Join(p.Postcodes, ",")) {
				out = addOnce(out, p.ID)
			}
		}
	}
	switch {
	case all:
		return nil, nil, true
	case len(munis) > 0 && len(out) == 0:
		return nil, munis, true
	case len(munis) > 0:
		// Whole municipalities and single villages of others: as villages.
		for _, id := range inMunis {
			out = addOnce(out, id)
		}
		return out, nil, true
	case len(out) > 0:
		return out, nil, true
	}
	return nil, nil, false
}

// keepRefs writes the organisation and locations a withdrawn service of
// an earlier import still names, unless the folder has them elsewhere.
func (im *importer) keepRefs(s catalog.Service) {
	if o, ok := im.ex.prevOrgs[s.Organization]; ok && !im.orgs[o.ID] && !im.ex.ownIDs["organization:"+o.ID] {
		im.orgs[o.ID] = true
		im.out.Organizations = append(im.out.Organizations, o)
	}
	for _, at := range s.AtLocations {
		if l, ok := im.ex.prevLocs[at.Location]; ok && !im.locs[l.ID] && !im.ex.ownIDs["location:"+l.ID] {
			im.locs[l.ID] = true
			im.out.Locations = append(im.out.Locations, l)
		}
	}
}

// writeImport writes the import file, with a header saying where it came
// from and that the next import rewrites it.
func writeImport(path string, opt ImportOptions, from string, f importFile) error {
	var n yaml.Node
	if err := n.Encode(f); err != nil {
		return err
	}
	prune(&n)
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# Imported from %s (Open Referral HSDS) by wegwijzer import-hsds on %s.\n", from, opt.Now.Format(time.DateOnly))
	fmt.Fprintf(&buf, "# The next import of source %q rewrites this file: change the mapping\n", opt.Source)
	fmt.Fprintf(&buf, "# (%s) or the source, not this file. Services marked review or withdrawn\n", MappingFile)
	fmt.Fprintf(&buf, "# are not shown to residents; `wegwijzer validate` lists them.\n")
	var body bytes.Buffer
	enc := yaml.NewEncoder(&body)
	enc.SetIndent(2)
	if err := enc.Encode(&n); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	// The same services again: the file, and its date, stay as they are.
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(withoutHeader(old), body.Bytes()) {
		return nil
	}
	buf.Write(body.Bytes())
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// withoutHeader is an import file without its opening comment.
func withoutHeader(b []byte) []byte {
	for bytes.HasPrefix(b, []byte("#")) {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			return nil
		}
		b = b[i+1:]
	}
	return b
}

// prune drops empty values (nil, "", 0, false, empty lists and maps)
// from mappings, and writes a text with Dutch only as a plain string.
func prune(n *yaml.Node) {
	for _, c := range n.Content {
		prune(c)
	}
	if n.Kind != yaml.MappingNode {
		return
	}
	var kept []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if empty(v) {
			continue
		}
		if v.Kind == yaml.MappingNode && len(v.Content) == 2 && v.Content[0].Value == "nl" && v.Content[1].Kind == yaml.ScalarNode {
			v = v.Content[1]
		}
		kept = append(kept, k, v)
	}
	n.Content = kept
}

func empty(v *yaml.Node) bool {
	switch v.Kind {
	case yaml.ScalarNode:
		return v.Tag == "!!null" || (v.Value == "" && v.Tag == "!!str") || v.Value == "0" || v.Value == "false"
	case yaml.SequenceNode, yaml.MappingNode:
		return len(v.Content) == 0
	}
	return false
}
