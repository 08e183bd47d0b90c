package hsds

import (
	"slices"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
)

// The portal's taxonomies, by their stable codes. A term's code is the
// content id it stands for ("money", "community", "carer").
const (
	TaxRung     = "wegwijzer-rung"     // the ladder: self, community, general, custom, urgent
	TaxTopic    = "wegwijzer-topic"    // the 13 topics of the contract
	TaxAudience = "wegwijzer-audience" // resident, carer, cared_for, parent, young_person
	TaxTag      = "wegwijzer-tag"      // tags linking flow answers to services
	TaxAccess   = "wegwijzer-access"   // ways in: walk_in, phone, web, email, appointment, home_visit
	TaxSchedule = "wegwijzer-schedule" // particulars of hours: open_on_holidays, holidays_only, always_open
)

// Rungs are the ladder's rungs, lowest first.
var Rungs = []catalog.Level{catalog.Self, catalog.Community, catalog.General, catalog.Custom, catalog.Urgent}

// Accesses are the ways into a service.
var Accesses = []catalog.Access{catalog.WalkIn, catalog.ByPhone, catalog.ByWeb, catalog.ByEmail, catalog.Appointment, catalog.HomeVisit}

// ScheduleFlags are the particulars of a schedule that HSDS has no field for.
var ScheduleFlags = []string{"open_on_holidays", "holidays_only", "always_open"}

// taxonomies are the portal's taxonomies in the order they are listed.
var taxonomies = []string{TaxRung, TaxTopic, TaxAudience, TaxTag, TaxAccess, TaxSchedule}

// msgKey is the message id part of a taxonomy: "hsds.taxonomy.<key>.name".
func msgKey(tax string) string { return tax[len("wegwijzer-"):] }

// TermID is the id of the term with code in taxonomy tax.
func TermID(tax, code string) string { return ID("taxonomy_term", tax, code) }

// TaxonomyID is the id of taxonomy tax.
func TaxonomyID(tax string) string { return ID("taxonomy", tax) }

// buildTaxonomies makes the taxonomies and their terms; tags are the
// catalogue's tags in order of first use.
func buildTaxonomies(lang string, label Labels, tags []string) ([]Taxonomy, []TaxonomyTerm) {
	var (
		taxes []Taxonomy
		terms []TaxonomyTerm
	)
	for _, tax := range taxonomies {
		k := msgKey(tax)
		taxes = append(taxes, Taxonomy{
			ID: TaxonomyID(tax), Name: label("hsds.taxonomy." + k + ".name"),
			Description: label("hsds.taxonomy." + k + ".description"), Version: "1",
		})
	}
	term := func(tax, code, name, desc string) {
		terms = append(terms, TaxonomyTerm{
			ID: TermID(tax, code), Code: code, Name: name, Description: desc,
			Taxonomy: tax, TaxonomyID: TaxonomyID(tax), Language: lang,
		})
	}
	for _, r := range Rungs {
		term(TaxRung, string(r), label("hsds.rung."+string(r)), label("hsds.rung."+string(r)+".description"))
	}
	for _, t := range catalog.Topics {
		term(TaxTopic, t, label("topic."+t), label("topic."+t+".hint"))
	}
	for _, a := range catalog.Audiences {
		term(TaxAudience, string(a), label("hsds.audience."+string(a)), label("hsds.audience."+string(a)+".description"))
	}
	for _, t := range tags {
		term(TaxTag, t, t, label("hsds.taxonomy.tag.description"))
	}
	for _, a := range Accesses {
		name := label("access." + string(a))
		term(TaxAccess, string(a), name, name)
	}
	for _, f := range ScheduleFlags {
		name := label("hsds.schedule." + f)
		term(TaxSchedule, f, name, name)
	}
	return taxes, terms
}

// catalogTags are the tags the catalogue uses (services' tags, requires
// and excludes), in order of first use.
func catalogTags(cat *catalog.Catalog) []string {
	var tags []string
	add := func(ts []string) {
		for _, t := range ts {
			if !slices.Contains(tags, t) && !catalog.IsTopic(t) {
				tags = append(tags, t)
			}
		}
	}
	for i := range cat.Services {
		s := &cat.Services[i]
		add(s.Tags)
		add(s.Requires)
		add(s.Excludes)
	}
	return tags
}
