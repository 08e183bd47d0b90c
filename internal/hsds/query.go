package hsds

import (
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
)

// Page is one page of a list, with the fields of the OpenAPI description's
// Page schema. Size is the number of items on this page.
type Page[T any] struct {
	TotalItems int  `json:"total_items"`
	TotalPages int  `json:"total_pages"`
	PageNumber int  `json:"page_number"`
	Size       int  `json:"size"`
	FirstPage  bool `json:"first_page"`
	LastPage   bool `json:"last_page"`
	Empty      bool `json:"empty"`
	Contents   []T  `json:"contents"`
}

// Paginate returns page number (from 1) of all, perPage items a page. A
// page past the last is empty, with the totals.
func Paginate[T any](all []T, number, perPage int) Page[T] {
	total := len(all)
	pages := (total + perPage - 1) / perPage
	from := min((number-1)*perPage, total)
	to := min(from+perPage, total)
	contents := all[from:to:to]
	if contents == nil {
		contents = []T{}
	}
	return Page[T]{
		TotalItems: total, TotalPages: pages, PageNumber: number, Size: len(contents),
		FirstPage: number == 1, LastPage: number >= pages, Empty: len(contents) == 0, Contents: contents,
	}
}

// Filter selects services (and services at locations, by their service).
// Zero fields select everything.
type Filter struct {
	// Search: every word must occur in the name, the description, the
	// organisation's name or a term's name (case and accents ignored).
	Search         string
	TermID         string // has an attribute with this taxonomy term
	TaxonomyID     string // has an attribute with a term of this taxonomy
	OrganizationID string
	// ModifiedAfter: last_modified on or after it; services without a
	// last_modified date are left out.
	ModifiedAfter time.Time
}

// FindServices are the services the filter selects, in catalogue order.
func (d *Dataset) FindServices(f Filter) []Service {
	var out []Service
	for i := range d.Services {
		if d.matches(&d.Services[i], f) {
			out = append(out, d.Services[i])
		}
	}
	return out
}

// Place selects services at locations for a postcode: the service is for
// the postcode's place, and with Meters > 0 the location lies within that
// distance of the place's centre.
type Place struct {
	Place  *catalog.Place
	Meters float64
}

// FindServiceAtLocations are those the filter and place select.
func (d *Dataset) FindServiceAtLocations(f Filter, near Place) []ServiceAtLocation {
	var out []ServiceAtLocation
	for _, sal := range d.ServiceAtLocations {
		s := &d.Services[d.index[sal.ServiceID]]
		if !d.matches(s, f) || !d.near(s, sal, near) {
			continue
		}
		out = append(out, sal)
	}
	return out
}

func (d *Dataset) near(s *Service, sal ServiceAtLocation, near Place) bool {
	if near.Place == nil {
		return true
	}
	cs := d.cat.Service(d.source[s.ID])
	if cs == nil {
		return false
	}
	if len(cs.ServiceAreas) > 0 && !slices.Contains(cs.ServiceAreas, near.Place.ID) {
		return false
	}
	if near.Meters <= 0 {
		return true
	}
	l := sal.Location
	if l == nil || l.Latitude == nil || l.Longitude == nil {
		return false
	}
	return catalog.DistanceKm(near.Place.Latitude, near.Place.Longitude, *l.Latitude, *l.Longitude)*1000 <= near.Meters
}

func (d *Dataset) matches(s *Service, f Filter) bool {
	if f.OrganizationID != "" && s.OrganizationID != f.OrganizationID {
		return false
	}
	if f.TermID != "" && !slices.Contains(d.terms[s.ID], f.TermID) {
		return false
	}
	if f.TaxonomyID != "" && !slices.ContainsFunc(s.Attributes, func(a Attribute) bool {
		return a.TaxonomyTerm != nil && a.TaxonomyTerm.TaxonomyID == f.TaxonomyID
	}) {
		return false
	}
	if !f.ModifiedAfter.IsZero() {
		t, ok := d.modified[s.ID]
		if !ok || t.Before(f.ModifiedAfter) {
			return false
		}
	}
	if f.Search != "" {
		hay := []string{s.Name, s.Description}
		if s.Organization != nil {
			hay = append(hay, s.Organization.Name)
		}
		for _, a := range s.Attributes {
			if a.TaxonomyTerm != nil {
				hay = append(hay, a.TaxonomyTerm.Name)
			}
		}
		return containsWords(hay, f.Search)
	}
	return true
}

// FindOrganizations are the organisations whose name or description holds
// every word of search.
func (d *Dataset) FindOrganizations(search string) []Organization {
	var out []Organization
	for _, o := range d.Organizations {
		if search == "" || containsWords([]string{o.Name, o.Description}, search) {
			out = append(out, o)
		}
	}
	return out
}

// FindTaxonomies are the taxonomies whose name or description holds
// every word of search.
func (d *Dataset) FindTaxonomies(search string) []Taxonomy {
	var out []Taxonomy
	for _, t := range d.Taxonomies {
		if search == "" || containsWords([]string{t.Name, t.Description}, search) {
			out = append(out, t)
		}
	}
	return out
}

// TermFilter selects taxonomy terms.
type TermFilter struct {
	Search     string
	TaxonomyID string
	// TopOnly: terms without a parent (all of the portal's are).
	TopOnly  bool
	ParentID string
}

// FindTerms are the terms the filter selects.
func (d *Dataset) FindTerms(f TermFilter) []TaxonomyTerm {
	var out []TaxonomyTerm
	for _, t := range d.Terms {
		switch {
		case f.TaxonomyID != "" && t.TaxonomyID != f.TaxonomyID,
			f.ParentID != "", // no term of the portal's has a parent
			f.Search != "" && !containsWords([]string{t.Name, t.Description, t.Code}, f.Search):
			continue
		}
		out = append(out, t)
	}
	return out
}

// Service returns the full service with id.
func (d *Dataset) Service(id string) (Service, bool) {
	if i, ok := d.index[id]; ok && i < len(d.Services) && d.Services[i].ID == id {
		return d.Services[i], true
	}
	return Service{}, false
}

// ServiceAtLocation returns the full service at location with id.
func (d *Dataset) ServiceAtLocation(id string) (ServiceAtLocation, bool) {
	if i, ok := d.index[id]; ok && i < len(d.ServiceAtLocations) && d.ServiceAtLocations[i].ID == id {
		return d.ServiceAtLocations[i], true
	}
	return ServiceAtLocation{}, false
}

// Organization returns the organisation with id; with services, each of
// its services (full, or brief).
func (d *Dataset) Organization(id string, services, full bool) (Organization, bool) {
	i, ok := d.index[id]
	if !ok || i >= len(d.Organizations) || d.Organizations[i].ID != id {
		return Organization{}, false
	}
	o := d.Organizations[i]
	if services {
		o.Services = d.servicesOf(id, full)
	}
	return o, true
}

// WithServices is o with its services (full, or brief).
func (d *Dataset) WithServices(o Organization, full bool) Organization {
	o.Services = d.servicesOf(o.ID, full)
	return o
}

func (d *Dataset) servicesOf(orgID string, full bool) []Service {
	out := []Service{}
	for _, s := range d.Services {
		if s.OrganizationID != orgID {
			continue
		}
		if !full {
			s = s.Brief()
		}
		out = append(out, s)
	}
	return out
}

// Taxonomy returns the taxonomy with id.
func (d *Dataset) Taxonomy(id string) (Taxonomy, bool) {
	if i, ok := d.index[id]; ok && i < len(d.Taxonomies) && d.Taxonomies[i].ID == id {
		return d.Taxonomies[i], true
	}
	return Taxonomy{}, false
}

// Term returns the taxonomy term with id.
func (d *Dataset) Term(id string) (TaxonomyTerm, bool) {
	if i, ok := d.index[id]; ok && i < len(d.Terms) && d.Terms[i].ID == id {
		return d.Terms[i], true
	}
	return TaxonomyTerm{}, false
}

// containsWords reports whether every word of query occurs in one of the
// texts, ignoring case and accents.
func containsWords(texts []string, query string) bool {
	hay := fold(strings.Join(texts, " \x00 "))
	for _, w := range strings.Fields(fold(query)) {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// fold lowercases s and takes the accents off ("Café" → "cafe").
func fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}
