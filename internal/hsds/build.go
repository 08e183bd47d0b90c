package hsds

import (
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
)

// Labels gives the words for the portal's concepts in the Dataset's
// language: a message id (such as "topic.money") to its text.
type Labels func(id string) string

// Dataset is the catalogue in HSDS terms, in one language.
type Dataset struct {
	Lang          string
	Taxonomies    []Taxonomy
	Terms         []TaxonomyTerm
	Organizations []Organization // without their services
	Locations     []Location
	// Services are full services: organisation, locations, hours, phones,
	// languages, costs, areas and attributes.
	Services []Service
	// ServiceAtLocations are full: each with its location.
	ServiceAtLocations []ServiceAtLocation

	cat      *catalog.Catalog
	index    map[string]int       // object id to its index in its list
	source   map[string]string    // service id to its content id
	modified map[string]time.Time // service id to its last_modified
	terms    map[string][]string  // service id to the ids of its terms
}

// Build maps the catalogue to HSDS in lang (Dutch where a text has no
// translation). Every object of the catalogue is in it; a service that
// is hidden from residents would have status inactive.
func Build(cat *catalog.Catalog, lang string, label Labels) *Dataset {
	d := &Dataset{
		Lang: lang, cat: cat, index: map[string]int{}, source: map[string]string{},
		modified: map[string]time.Time{}, terms: map[string][]string{},
	}
	b := builder{d: d, cat: cat, lang: lang, label: label, terms: map[string]TaxonomyTerm{}}
	d.Taxonomies, d.Terms = buildTaxonomies(lang, label, catalogTags(cat))
	for i, t := range d.Taxonomies {
		d.index[t.ID] = i
	}
	for i, t := range d.Terms {
		d.index[t.ID] = i
		b.terms[t.ID] = t
	}
	for i := range cat.Organizations {
		o := b.organization(&cat.Organizations[i])
		d.index[o.ID] = len(d.Organizations)
		d.Organizations = append(d.Organizations, o)
	}
	for i := range cat.Locations {
		l := b.location(&cat.Locations[i])
		d.index[l.ID] = len(d.Locations)
		d.Locations = append(d.Locations, l)
	}
	for i := range cat.Services {
		cs := &cat.Services[i]
		s := b.service(cs)
		d.index[s.ID] = len(d.Services)
		d.source[s.ID] = cs.ID
		if t, ok := modified(cs.LastModified); ok {
			d.modified[s.ID] = t
		}
		for _, a := range s.Attributes {
			d.terms[s.ID] = append(d.terms[s.ID], a.TaxonomyTermID)
		}
		d.Services = append(d.Services, s)
		for _, sal := range s.ServiceAtLocations {
			d.index[sal.ID] = len(d.ServiceAtLocations)
			brief := s.Brief()
			sal.Service = &brief
			d.ServiceAtLocations = append(d.ServiceAtLocations, sal)
		}
	}
	return d
}

// modified reads a last_modified date (YYYY-MM-DD) of the content.
func modified(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

type builder struct {
	d     *Dataset
	cat   *catalog.Catalog
	lang  string
	label Labels
	terms map[string]TaxonomyTerm
}

func (b *builder) text(t catalog.Text) string {
	s, _ := t.In(b.lang)
	return s
}

func (b *builder) organization(o *catalog.Organization) Organization {
	id := ObjectID("organization", o.ID)
	out := Organization{ID: id, Name: o.Name, Description: b.text(o.Description), Email: o.Email, Website: o.Website}
	for i, p := range o.Phones {
		out.Phones = append(out.Phones, b.phone(p, ID("phone", id, strconv.Itoa(i)), "", id))
	}
	return out
}

func (b *builder) phone(p catalog.Phone, id, serviceID, orgID string) Phone {
	out := Phone{ID: id, ServiceID: serviceID, OrganizationID: orgID, Number: p.Number, Description: b.text(p.Description)}
	for _, code := range p.Languages {
		out.Languages = append(out.Languages, Language{ID: ID("language", id, code), PhoneID: id, Name: languageName(code), Code: code})
	}
	return out
}

func (b *builder) location(l *catalog.Location) Location {
	id := ObjectID("location", l.ID)
	out := Location{
		ID: id, LocationType: "physical", Name: l.Name, Description: b.text(l.Description),
		Transportation: b.text(l.Transport),
	}
	if l.Latitude != 0 || l.Longitude != 0 {
		lat, lon := l.Latitude, l.Longitude
		out.Latitude, out.Longitude = &lat, &lon
	}
	if a := l.Address; a.Address1 != "" || a.City != "" {
		out.Addresses = []Address{{
			ID: ID("address", id), LocationID: id, Address1: a.Address1, City: a.City,
			StateProvince: b.cat.Municipality.Province, PostalCode: a.PostalCode, Country: "NL", AddressType: "physical",
		}}
	}
	if s := b.text(l.Accessibility); s != "" {
		out.Accessibility = []Accessibility{{ID: ID("accessibility", id), LocationID: id, Description: s}}
	}
	for i, s := range l.Schedules {
		out.Schedules = append(out.Schedules, b.schedule(s, ID("schedule", id, strconv.Itoa(i)), func(sc *Schedule) { sc.LocationID = id }))
	}
	return out
}

func (b *builder) schedule(s catalog.Schedule, id string, link func(*Schedule)) Schedule {
	out := Schedule{
		ID: id, ValidFrom: s.ValidFrom, ValidTo: s.ValidTo, DTStart: s.DTStart, Until: s.Until,
		Freq: s.Freq, ByDay: s.ByDay, ByMonthDay: s.ByMonthDay, Description: b.text(s.Description),
		OpensAt: s.OpensAt, ClosesAt: s.ClosesAt,
	}
	if s.Interval > 0 {
		n := s.Interval
		out.Interval = &n
	}
	link(&out)
	for _, f := range []struct {
		on   bool
		code string
	}{{s.OpenOnHolidays, "open_on_holidays"}, {s.HolidaysOnly, "holidays_only"}, {s.AlwaysOpen, "always_open"}} {
		if f.on {
			out.Attributes = append(out.Attributes, b.attribute("schedule", id, TaxSchedule, f.code, ""))
		}
	}
	return out
}

// attribute links the object id of entity to the term code of tax.
func (b *builder) attribute(entity, linkID, tax, code, value string) Attribute {
	termID := TermID(tax, code)
	a := Attribute{
		ID: ID("attribute", entity, linkID, termID, value), LinkID: linkID, TaxonomyTermID: termID,
		LinkType: tax, LinkEntity: entity, Value: value,
	}
	if t, ok := b.terms[termID]; ok {
		a.TaxonomyTerm = &t
	}
	return a
}

func (b *builder) service(s *catalog.Service) Service {
	id := ObjectID("service", s.ID)
	out := Service{
		ID: id, Name: b.text(s.Name), Description: b.text(s.Description), URL: s.URL, Email: s.Email,
		Status: "active", FeesDescription: b.text(s.FeesDescription), EligibilityDescription: b.text(s.EligibilityDescription),
	}
	if s.MinimumAge > 0 {
		n := s.MinimumAge
		out.MinimumAge = &n
	}
	if s.MaximumAge > 0 {
		n := s.MaximumAge
		out.MaximumAge = &n
	}
	if t, ok := modified(s.LastModified); ok {
		out.LastModified = t.UTC().Format(time.RFC3339)
	}
	if o := b.cat.Organization(s.Organization); o != nil {
		org := b.organization(o)
		out.OrganizationID, out.Organization = org.ID, &org
	}
	var ways []string
	for _, a := range s.Access {
		ways = append(ways, b.label("access."+string(a)))
	}
	out.ApplicationProcess = strings.Join(ways, "; ")
	if s.Phone != "" {
		out.Phones = []Phone{b.phone(catalog.Phone{Number: s.Phone}, ID("phone", id), id, "")}
	}
	for i, sc := range s.Schedules {
		out.Schedules = append(out.Schedules, b.schedule(sc, ID("schedule", id, strconv.Itoa(i)), func(x *Schedule) { x.ServiceID = id }))
	}
	out.ServiceAreas = b.areas(s, id)
	for _, at := range s.AtLocations {
		locID := ObjectID("location", at.Location)
		salID := ID("service_at_location", id, locID)
		sal := ServiceAtLocation{ID: salID, ServiceID: id, LocationID: locID}
		for i, sc := range at.Schedules {
			sal.Schedules = append(sal.Schedules, b.schedule(sc, ID("schedule", salID, strconv.Itoa(i)),
				func(x *Schedule) { x.ServiceAtLocationID = salID }))
		}
		if l := b.cat.Location(at.Location); l != nil {
			loc := b.location(l)
			sal.Location = &loc
		}
		out.ServiceAtLocations = append(out.ServiceAtLocations, sal)
	}
	for _, code := range s.Languages {
		out.Languages = append(out.Languages, Language{ID: ID("language", id, code), ServiceID: id, Name: languageName(code), Code: code})
	}
	if s.Free {
		zero := 0.0
		out.CostOptions = []CostOption{{ID: ID("cost_option", id), ServiceID: id, Option: b.label("service.free"),
			Currency: "EUR", Amount: &zero, AmountDescription: out.FeesDescription}}
	} else if out.FeesDescription != "" {
		out.CostOptions = []CostOption{{ID: ID("cost_option", id), ServiceID: id, Currency: "EUR", AmountDescription: out.FeesDescription}}
	}
	out.Attributes = b.serviceAttributes(s, id)
	return out
}

// areas are the service's areas: its places with their postcode ranges,
// or the whole municipality.
func (b *builder) areas(s *catalog.Service, id string) []ServiceArea {
	if len(s.ServiceAreas) == 0 {
		return []ServiceArea{{ID: ID("service_area", id, ""), ServiceID: id, Name: b.cat.Municipality.Name,
			Description: b.label("hsds.area.municipality"), Extent: strings.Join(b.municipalityPostcodes(), ","), ExtentType: "text"}}
	}
	var out []ServiceArea
	for _, pid := range s.ServiceAreas {
		a := ServiceArea{ID: ID("service_area", id, pid), ServiceID: id, Name: pid, ExtentType: "text"}
		if p := b.cat.Place(pid); p != nil {
			a.Name, a.Extent = p.Name, strings.Join(p.Postcodes, ",")
		}
		out = append(out, a)
	}
	return out
}

func (b *builder) municipalityPostcodes() []string {
	var out []string
	for _, p := range b.cat.Places {
		out = append(out, p.Postcodes...)
	}
	return out
}

// serviceAttributes are the service's rung, topics, audiences, tags (with
// the conditions it requires or excludes) and ways in.
func (b *builder) serviceAttributes(s *catalog.Service, id string) []Attribute {
	var out []Attribute
	add := func(tax, code, value string) { out = append(out, b.attribute("service", id, tax, code, value)) }
	add(TaxRung, string(s.Level), "")
	for _, t := range s.Topics {
		add(TaxTopic, t, "")
	}
	for _, a := range s.Audiences {
		add(TaxAudience, string(a), "")
	}
	for _, t := range s.Tags {
		add(tagTax(t), t, "")
	}
	for _, t := range s.Requires {
		add(tagTax(t), t, "requires")
	}
	for _, t := range s.Excludes {
		add(tagTax(t), t, "excludes")
	}
	for _, a := range s.Access {
		add(TaxAccess, string(a), "")
	}
	return out
}

// tagTax is the taxonomy of a condition: a topic id is a topic term.
func tagTax(t string) string {
	if catalog.IsTopic(t) {
		return TaxTopic
	}
	return TaxTag
}

// languageName is a language's name in itself ("Nederlands", "Türkçe").
func languageName(code string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	if n := display.Self.Name(tag); n != "" {
		return n
	}
	return code
}
