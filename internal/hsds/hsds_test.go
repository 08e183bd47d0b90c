package hsds_test

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	democontent "github.com/wegwijzer/wegwijzer/content"
	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/hsds"
	"github.com/wegwijzer/wegwijzer/locales"
)

var demo = sync.OnceValues(func() (*content.Content, error) { return content.Load(democontent.Demo, locales.FS) })

// dataset is the demo catalogue in HSDS terms in lang.
func dataset(t *testing.T, lang string) (*hsds.Dataset, *content.Content) {
	t.Helper()
	c, err := demo()
	if err != nil {
		t.Fatalf("demo content: %v", err)
	}
	l := c.Messages.Localizer(lang)
	return hsds.Build(c.Catalog, lang, func(id string) string { return l.T(id) }), c
}

// TestIDsStable pins the derivation: a changed namespace or key would give
// every object of every municipality a new id, and break every link and
// import that holds one.
func TestIDsStable(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{hsds.ID("service", "geldcafe"), "3a7aa376-0e37-5c4d-9f38-a859f254b23b"},
		{hsds.TermID(hsds.TaxTopic, "money"), hsds.ID("taxonomy_term", "wegwijzer-topic", "money")},
	} {
		if tc.got != tc.want {
			t.Errorf("id %s, want %s", tc.got, tc.want)
		}
	}
	for s, want := range map[string]bool{
		hsds.ID("service", "x"): true, "3A7AA376-0E37-5C4D-9F38-A859F254B23B": true,
		"geldcafe": false, "urn:uuid:3a7aa376-0e37-5c4d-9f38-a859f254b23b": false, "{3a7aa376-0e37-5c4d-9f38-a859f254b23b}": false,
	} {
		if hsds.IsUUID(s) != want {
			t.Errorf("IsUUID(%q) = %v", s, !want)
		}
	}
}

// TestBuildCoversCatalogue: every service, organisation and location is
// there once, with a UUID; every reference points at an object of the
// dataset; and the attributes say what the content says.
func TestBuildCoversCatalogue(t *testing.T) {
	d, c := dataset(t, "nl")
	cat := c.Catalog
	if len(d.Services) != len(cat.Services) || len(d.Organizations) != len(cat.Organizations) || len(d.Locations) != len(cat.Locations) {
		t.Fatalf("services %d/%d, organisations %d/%d, locations %d/%d", len(d.Services), len(cat.Services),
			len(d.Organizations), len(cat.Organizations), len(d.Locations), len(cat.Locations))
	}
	seen := map[string]string{}
	id := func(kind, v string) {
		t.Helper()
		if !hsds.IsUUID(v) {
			t.Errorf("%s id %q is not a UUID", kind, v)
		}
		if prev, ok := seen[v]; ok && prev != kind {
			t.Errorf("id %s used by a %s and a %s", v, prev, kind)
		}
		seen[v] = kind
	}
	terms := map[string]hsds.TaxonomyTerm{}
	for _, tm := range d.Terms {
		id("taxonomy_term", tm.ID)
		terms[tm.ID] = tm
		if _, ok := d.Taxonomy(tm.TaxonomyID); !ok {
			t.Errorf("term %s: no taxonomy %s", tm.Code, tm.TaxonomyID)
		}
		if tm.Name == "" || tm.Description == "" || strings.HasPrefix(tm.Name, "hsds.") || strings.HasPrefix(tm.Description, "hsds.") {
			t.Errorf("term %s: name %q, description %q", tm.Code, tm.Name, tm.Description)
		}
	}
	for i, s := range d.Services {
		cs := &cat.Services[i]
		id("service", s.ID)
		if s.ID != hsds.ID("service", cs.ID) || s.Status != "active" || s.Name == "" {
			t.Errorf("service %s: id %s, status %q, name %q", cs.ID, s.ID, s.Status, s.Name)
		}
		if s.Organization == nil || s.Organization.ID != s.OrganizationID {
			t.Errorf("service %s: organisation %v / %s", cs.ID, s.Organization, s.OrganizationID)
		} else if _, ok := d.Organization(s.OrganizationID, false, false); !ok {
			t.Errorf("service %s: organisation %s not in the dataset", cs.ID, s.OrganizationID)
		}
		var codes []string
		for _, a := range s.Attributes {
			id("attribute", a.ID)
			tm, ok := terms[a.TaxonomyTermID]
			if !ok || a.TaxonomyTerm == nil || a.TaxonomyTerm.ID != tm.ID || a.LinkID != s.ID {
				t.Errorf("service %s: attribute %+v has no term of the dataset", cs.ID, a)
				continue
			}
			codes = append(codes, tm.Taxonomy+"/"+tm.Code+"/"+a.Value)
		}
		want := []string{hsds.TaxRung + "/" + string(cs.Level) + "/"}
		for _, tp := range cs.Topics {
			want = append(want, hsds.TaxTopic+"/"+tp+"/")
		}
		for _, r := range cs.Requires {
			tax := hsds.TaxTag
			if catalog.IsTopic(r) {
				tax = hsds.TaxTopic
			}
			want = append(want, tax+"/"+r+"/requires")
		}
		for _, w := range want {
			if !slices.Contains(codes, w) {
				t.Errorf("service %s: no attribute %s in %v", cs.ID, w, codes)
			}
		}
		for _, sal := range s.ServiceAtLocations {
			id("service_at_location", sal.ID)
			if sal.Location == nil || sal.Location.ID != sal.LocationID {
				t.Errorf("service %s: location %s missing", cs.ID, sal.LocationID)
			}
			if got, ok := d.ServiceAtLocation(sal.ID); !ok || got.Service == nil || got.Service.ID != s.ID {
				t.Errorf("service %s: service at location %s not listed with its service", cs.ID, sal.ID)
			}
		}
		if len(s.ServiceAreas) == 0 {
			t.Errorf("service %s: no service area", cs.ID)
		}
		if cs.LastModified != "" && !strings.HasPrefix(s.LastModified, cs.LastModified+"T") {
			t.Errorf("service %s: last_modified %q, content %q", cs.ID, s.LastModified, cs.LastModified)
		}
	}
}

// TestLanguages: ids are the same in every language, texts are the
// language's where the content has them and Dutch where not.
func TestLanguages(t *testing.T) {
	nl, c := dataset(t, "nl")
	en, _ := dataset(t, "en")
	translated := 0
	for i := range nl.Services {
		if nl.Services[i].ID != en.Services[i].ID {
			t.Fatalf("service %d: id %s in nl, %s in en", i, nl.Services[i].ID, en.Services[i].ID)
		}
		cs := c.Catalog.Services[i]
		want, _ := cs.Name.In("en")
		if en.Services[i].Name != want {
			t.Errorf("service %s: en name %q, want %q", cs.ID, en.Services[i].Name, want)
		}
		if en.Services[i].Name != nl.Services[i].Name {
			translated++
		}
	}
	if translated == 0 {
		t.Error("no service name differs between nl and en")
	}
	nlTerm, _ := nl.Term(hsds.TermID(hsds.TaxTopic, "money"))
	enTerm, _ := en.Term(hsds.TermID(hsds.TaxTopic, "money"))
	if nlTerm.Name != "Geld en schulden" || enTerm.Name == nlTerm.Name || enTerm.Language != "en" {
		t.Errorf("topic money: nl %q, en %q (%s)", nlTerm.Name, enTerm.Name, enTerm.Language)
	}
}

func TestPaginate(t *testing.T) {
	items := []int{1, 2, 3, 4, 5}
	for _, tc := range []struct {
		page, per          int
		want               []int
		pages              int
		first, last, empty bool
	}{
		{1, 2, []int{1, 2}, 3, true, false, false},
		{3, 2, []int{5}, 3, false, true, false},
		{4, 2, []int{}, 3, false, true, true},
		{1, 5, []int{1, 2, 3, 4, 5}, 1, true, true, false},
		{1, 500, []int{1, 2, 3, 4, 5}, 1, true, true, false},
	} {
		p := hsds.Paginate(items, tc.page, tc.per)
		if !slices.Equal(p.Contents, tc.want) || p.TotalItems != 5 || p.TotalPages != tc.pages || p.PageNumber != tc.page ||
			p.Size != len(tc.want) || p.FirstPage != tc.first || p.LastPage != tc.last || p.Empty != tc.empty {
			t.Errorf("page %d of %d: %+v", tc.page, tc.per, p)
		}
	}
	if p := hsds.Paginate([]int{}, 1, 10); p.TotalPages != 0 || !p.Empty || !p.FirstPage || !p.LastPage || p.Contents == nil {
		t.Errorf("empty list: %+v", p)
	}
}

func TestFilters(t *testing.T) {
	d, c := dataset(t, "nl")
	count := func(f func(*catalog.Service) bool) int {
		n := 0
		for i := range c.Catalog.Services {
			if f(&c.Catalog.Services[i]) {
				n++
			}
		}
		return n
	}
	money := count(func(s *catalog.Service) bool { return slices.Contains(s.Topics, "money") })
	if got := len(d.FindServices(hsds.Filter{TermID: hsds.TermID(hsds.TaxTopic, "money")})); got != money || money == 0 {
		t.Errorf("topic money: %d services, the catalogue has %d", got, money)
	}
	community := count(func(s *catalog.Service) bool { return s.Level == catalog.Community })
	if got := len(d.FindServices(hsds.Filter{TermID: hsds.TermID(hsds.TaxRung, "community")})); got != community || community == 0 {
		t.Errorf("rung community: %d services, the catalogue has %d", got, community)
	}
	if got := len(d.FindServices(hsds.Filter{TaxonomyID: hsds.TaxonomyID(hsds.TaxRung)})); got != len(d.Services) {
		t.Errorf("taxonomy rung: %d services, want all %d", got, len(d.Services))
	}
	since := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	recent := count(func(s *catalog.Service) bool { m, ok := s.Modified(); return ok && !m.Before(since) })
	if got := len(d.FindServices(hsds.Filter{ModifiedAfter: since})); got != recent || recent == 0 || recent == len(d.Services) {
		t.Errorf("modified after %s: %d services, the catalogue has %d of %d", since, got, recent, len(d.Services))
	}
	// Accents and case do not matter: "geldcafe" finds the Geldcafé.
	got := d.FindServices(hsds.Filter{Search: "GELDCAFE"})
	if len(got) != 1 || got[0].ID != hsds.ID("service", "geldcafe") {
		t.Errorf("search GELDCAFE: %d services", len(got))
	}
	if got := d.FindServices(hsds.Filter{Search: "geldcafe zzzz"}); len(got) != 0 {
		t.Errorf("search with a word nowhere: %d services", len(got))
	}
	org := d.Services[0].OrganizationID
	for _, s := range d.FindServices(hsds.Filter{OrganizationID: org}) {
		if s.OrganizationID != org {
			t.Errorf("organization_id: service of %s", s.OrganizationID)
		}
	}
	// A postcode: only services for its village, or for everyone.
	p, _ := catalog.ParsePostcode("9994AB")
	place := c.Catalog.PlaceForPostcode(p)
	if place == nil {
		t.Fatal("9994AB: no place")
	}
	all := d.FindServiceAtLocations(hsds.Filter{}, hsds.Place{})
	there := d.FindServiceAtLocations(hsds.Filter{}, hsds.Place{Place: place})
	close := d.FindServiceAtLocations(hsds.Filter{}, hsds.Place{Place: place, Meters: 1500})
	if !(len(close) < len(there) && len(there) <= len(all) && len(close) > 0) {
		t.Errorf("service at locations: all %d, for %s %d, within 1.5 km %d", len(all), place.ID, len(there), len(close))
	}
	for _, sal := range close {
		l := sal.Location
		if km := catalog.DistanceKm(place.Latitude, place.Longitude, *l.Latitude, *l.Longitude); km > 1.5 {
			t.Errorf("%s at %.1f km", l.Name, km)
		}
	}
}
