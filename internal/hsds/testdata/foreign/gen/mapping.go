package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// mapped is what the mapping makes of one service.
type mapped struct {
	rung      string
	topics    []string
	audiences []string
}

func (m mapped) unmapped() bool { return m.rung == "" || len(m.topics) == 0 }

// mapService applies the rules that hsds-mapping.yaml documents, to the
// generator's own record of the service's terms.
func mapService(ts []termDef) mapped {
	var out mapped
	known := func(t termDef) bool { return t.m.matchBy != "absent" && !t.m.ignore }
	for _, tax := range rungDecidedBy {
		got := map[string]bool{}
		for _, t := range ts {
			if t.tax == tax && known(t) && t.m.rung != "" {
				got[t.m.rung] = true
			}
		}
		for _, r := range rungPrefer {
			if got[r] {
				out.rung = r
				break
			}
		}
		if out.rung != "" {
			break
		}
	}
	if out.rung == "" {
		out.rung = rungDefault
	}
	for _, t := range ts {
		if !known(t) {
			continue
		}
		for _, x := range t.m.topics {
			if !slices.Contains(out.topics, x) {
				out.topics = append(out.topics, x)
			}
		}
		for _, x := range t.m.audiences {
			if !slices.Contains(out.audiences, x) {
				out.audiences = append(out.audiences, x)
			}
		}
	}
	if len(out.audiences) == 0 {
		out.audiences = slices.Clone(defaultAud)
	}
	return out
}

// q quotes s for YAML: a JSON string is a valid YAML double-quoted scalar.
func q(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		panic(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func list(xs []string) string { return "[" + strings.Join(xs, ", ") + "]" }

const mappingHeader = `# hsds-mapping.yaml: how the taxonomy of one HSDS 3.0 source maps onto
# Wegwijzer's ladder, for "wegwijzer import-hsds SRC DIR".
#
# This one is for the Sociale Kaart Veenland (testdata: regio.json). It is
# written by gen/main.go; a municipality keeps its own by hand.
#
# HOW IT WORKS
#
# A source service carries attributes, each pointing at a term of one of
# the source's taxonomies (attribute.taxonomy_term_id, with the term nested
# in attribute.taxonomy_term). This file says, per source term, what it
# means for Wegwijzer: a rung of the ladder, topics, audiences. The
# importer reads each service's terms and adds them up:
#
#   rung       One per service. The taxonomies in rung.decided_by are
#              tried in order; the first one of them in which the service
#              has a term with a rung decides. If those terms give several
#              rungs, the one that comes first in rung.prefer wins. If no
#              taxonomy gives a rung, the service gets rung.default; when
#              that is "" the service has no rung.
#   topics     Every topic of every matched term, without duplicates, in
#              the order of the service's attributes.
#   audiences  The same for audiences; when no term gives one, the service
#              gets defaults.audiences.
#
# A service with no rung or no topic is UNMAPPED: the importer does not
# place it on the ladder, and lists it (id and name) so that someone can
# extend this file or fix the source.
#
# THE PARTS
#
# format          Always 1 (this layout).
# source          The source's name, for people.
# taxonomies      The source's taxonomies that this file mentions, each
#                 under a short key of your choice. id is the taxonomy's
#                 UUID (a term's taxonomy_id); name is its name as in a
#                 term's "taxonomy" field. Give either or both: with both,
#                 a term belongs to the taxonomy when either matches.
# rung            decided_by: taxonomy keys, in order of precedence.
#                 prefer: all five rungs, most wanted first.
#                 default: a rung, or "" for none.
# defaults        audiences: the audiences of a service whose terms give
#                 none.
# areas           whole: names of service areas that take in all of the
#                 municipality (the region, the country). A service whose
#                 areas are all elsewhere is not imported; one named after
#                 a village of the municipality is for that village.
# terms           One entry per source term:
#                   code: the term's code (taxonomy_term.code), exactly, or
#                   id:   the term's UUID (attribute.taxonomy_term_id), or
#                         both; with both, both must belong to the same
#                         term (a check against typing errors).
#                   rung:      one of self, community, general, custom,
#                              urgent (only counts for a taxonomy in
#                              rung.decided_by).
#                   topics:    a list of Wegwijzer topic ids.
#                   audiences: a list of Wegwijzer audience ids.
#                   ignore:    true for a term that is known and means
#                              nothing for Wegwijzer; the importer stays
#                              quiet about it.
#                 An entry gives at least one of rung, topics, audiences or
#                 ignore. A term the source uses that no entry matches is
#                 unknown: it adds nothing, and the importer warns once per
#                 term, so that new terms in the source get noticed.
#                 A name after # is only a reminder for people.
#
# Wegwijzer's ids (DOMAIN.md):
#   rungs:     self, community, general, custom, urgent
#   topics:    money, paperwork, loneliness, household, mobility, housing,
#              care, mental, caregiving, parenting, work, language, safety
#   audiences: resident, carer, cared_for, parent, young_person
`

func renderMapping(ds *dataset) []byte {
	var b strings.Builder
	b.WriteString(mappingHeader)
	b.WriteString("\nformat: 1\nsource: Sociale Kaart Veenland (Regio Veenland)\n\ntaxonomies:\n")
	for _, t := range taxonomies {
		fmt.Fprintf(&b, "  %s:\n    id: %s\n    name: %s\n", t.key, taxonomyID(t.key), q(t.name))
	}
	b.WriteString("\n# The Voorzieningstype decides; a crisis theme without a type still makes\n# a service urgent; anything else without a type stays without a rung.\n")
	fmt.Fprintf(&b, "rung:\n  decided_by: %s\n  prefer: %s\n  default: %s\n", list(rungDecidedBy), list(rungPrefer), q(rungDefault))
	fmt.Fprintf(&b, "\ndefaults:\n  audiences: %s\n", list(defaultAud))
	b.WriteString("\n# Regional and national services are for Beekdal too.\nareas:\n  whole: [\"Regio Veenland\", \"Nederland\"]\n\nterms:\n")
	for _, tax := range taxonomies {
		fmt.Fprintf(&b, "\n  # --- %s ---\n", tax.name)
		for _, t := range terms {
			if t.tax != tax.key {
				continue
			}
			writeTerm(&b, t)
		}
	}
	return []byte(b.String())
}

func writeTerm(b *strings.Builder, t termDef) {
	label := t.code + " " + t.name
	if t.m.matchBy == "absent" {
		fmt.Fprintf(b, "  # %s: no entry on purpose, so that the importer warns about an unknown term.\n", label)
		return
	}
	if t.m.note != "" {
		fmt.Fprintf(b, "  # %s: %s.\n", label, t.m.note)
	}
	switch t.m.matchBy {
	case "id":
		fmt.Fprintf(b, "  - id: %s   # %s\n", t.id(), label)
	case "both":
		fmt.Fprintf(b, "  - code: %s\n    id: %s   # %s\n", t.code, t.id(), t.name)
	default:
		fmt.Fprintf(b, "  - code: %s   # %s\n", t.code, t.name)
	}
	if t.m.rung != "" {
		fmt.Fprintf(b, "    rung: %s\n", t.m.rung)
	}
	if len(t.m.topics) > 0 {
		fmt.Fprintf(b, "    topics: %s\n", list(t.m.topics))
	}
	if len(t.m.audiences) > 0 {
		fmt.Fprintf(b, "    audiences: %s\n", list(t.m.audiences))
	}
	if t.m.ignore {
		b.WriteString("    ignore: true\n")
	}
}

var (
	htmlLeftover     = regexp.MustCompile(`<[a-zA-Z/][^>]*>|&[a-zA-Z]+;|&#[0-9]+;`)
	canonicalPC      = regexp.MustCompile(`^[1-9][0-9]{3} [A-Z]{2}$`)
	bareWebAddress   = regexp.MustCompile(`(^|[^/])www\.`)
	phoneOnlyDigits  = regexp.MustCompile(`^[0-9 ]+$`)
	timeNotHHMM      = regexp.MustCompile(`^[0-9]{2}:[0-9]{2}$`)
	languageTwoLower = regexp.MustCompile(`^[a-z]{2}$`)
)

// oddPhone is the rule expected.yaml states: anything but digits and
// spaces, or an extension.
func oddPhone(p phone) bool { return !phoneOnlyDigits.MatchString(p.Number) || p.Extension != nil }

func renderExpected(ds *dataset) []byte {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	w(`# The facts an importer of regio.json under hsds-mapping.yaml must
# reproduce. Computed by gen/main.go from its own tables (the terms it gave
# each service and the mapping it wrote), not by any importer.
# Regenerate: go run ./internal/hsds/testdata/foreign/gen

`)
	svcs := ds.services
	orgIDs, locIDs := map[string]bool{}, map[string]int{}
	status := map[string]int{}
	for _, s := range svcs {
		orgIDs[s.out.OrganizationID] = true
		status[s.out.Status]++
		seen := map[string]bool{}
		for _, l := range s.out.ServiceAtLocations {
			if !seen[l.LocationID] {
				locIDs[l.LocationID]++
				seen[l.LocationID] = true
			}
		}
	}
	termIDs := map[string]bool{}
	for _, t := range terms {
		termIDs[t.id()] = true
	}
	w("services: %d\n", len(svcs))
	w("organizations: %d\n", len(orgIDs))
	w("locations: %d   # distinct location ids\n", len(locIDs))
	w("taxonomies: %d\n", len(taxonomies))
	w("taxonomy_terms: %d   # in the source's taxonomies; %d used by some service\n", len(terms), countUsedTerms(ds))
	w("status:\n  active: %d\n  inactive: %d\n  temporarily closed: %d\n", status["active"], status["inactive"], status["temporarily closed"])
	if status["active"]+status["inactive"]+status["temporarily closed"] != len(svcs) {
		panic("a status outside the three")
	}

	maps := make([]mapped, len(svcs))
	for i, s := range svcs {
		maps[i] = mapService(s.terms)
	}
	count := func(active bool) (map[string]int, map[string]int, map[string]int) {
		r, t, a := map[string]int{}, map[string]int{}, map[string]int{}
		for i, s := range svcs {
			if active && s.out.Status != "active" {
				continue
			}
			m := maps[i]
			if m.rung == "" {
				r["none"]++
			} else {
				r[m.rung]++
			}
			for _, x := range m.topics {
				t[x]++
			}
			for _, x := range m.audiences {
				a[x]++
			}
		}
		return r, t, a
	}
	section := func(title string, ids []string, c map[string]int, withNone bool) {
		w("%s\n", title)
		for _, id := range ids {
			w("    %s: %d\n", id, c[id])
		}
		if withNone {
			w("    none: %d\n", c["none"])
		}
	}
	w("\n# Per rung, topic and audience: the number of services the mapping gives\n# (a service counts once under each of its topics and audiences). Unmapped\n# services are counted too: a service with a rung but no topic counts\n# under its rung; \"none\" is the services with no rung.\n")
	for _, pass := range []struct {
		name   string
		active bool
	}{{"all_services", false}, {"active_services", true}} {
		r, t, a := count(pass.active)
		w("%s:\n", pass.name)
		section("  by_rung:", allRungs, r, true)
		section("  by_topic:", allTopics, t, false)
		section("  by_audience:", allAudiences, a, false)
	}

	w("\n# Services with no rung or no topic: the importer must list these.\nunmapped:\n")
	nUnmapped := 0
	for i, s := range svcs {
		m := maps[i]
		if !m.unmapped() {
			continue
		}
		nUnmapped++
		reason := "no rung and no topic"
		switch {
		case m.rung != "" && len(m.topics) == 0:
			reason = "no topic"
		case m.rung == "" && len(m.topics) > 0:
			reason = "no rung"
		}
		w("  - {id: %s, name: %s, reason: %s}\n", s.out.ID, q(s.out.Name), reason)
	}
	w("unmapped_count: %d\n", nUnmapped)

	w("\n# Source terms that services use but the mapping has no entry for (the\n# importer warns), and terms the mapping ignores on purpose.\nunknown_terms: %s\nignored_terms: %s\n", list(termCodes(func(t termDef) bool { return t.m.matchBy == "absent" })), list(termCodes(func(t termDef) bool { return t.m.ignore })))

	// Schedules and phones.
	noSched, textOnly := 0, 0
	withPhone, oddSvc, phones, oddPhones := 0, 0, 0, 0
	for _, s := range svcs {
		all := allSchedules(s.out)
		if len(all) == 0 {
			noSched++
		} else {
			only := true
			for _, x := range all {
				if x.Freq != "" {
					only = false
				}
			}
			if only {
				textOnly++
			}
		}
		if len(s.out.Phones) > 0 {
			withPhone++
		}
		odd := false
		for _, p := range s.out.Phones {
			phones++
			if oddPhone(p) {
				oddPhones++
				odd = true
			}
		}
		if odd {
			oddSvc++
		}
	}
	w("\n# A schedule is any of service.schedules or service_at_locations[].schedules.\nschedules:\n  services_without_schedule: %d\n  services_with_text_only_schedules: %d   # every schedule only a description, no freq\n", noSched, textOnly)
	w("\n# An odd phone number has anything but digits and spaces in it (+, -, /,\n# ., brackets, words), or an extension.\nphones:\n  services_with_phone: %d\n  services_with_odd_phone: %d\n  phone_numbers: %d\n  odd_phone_numbers: %d\n", withPhone, oddSvc, phones, oddPhones)

	// Awkward cases.
	w("\n# The awkward cases: the number of services with each (README.md lists them).\nawkward:\n")
	for _, a := range awkwardCounts(ds) {
		w("  %s: %d\n", a.key, a.n)
	}

	// Every service.
	w("\n# Every service, in the order of regio.json, as the mapping places it.\nservices_mapped:\n")
	for i, s := range svcs {
		m := maps[i]
		w("  - {id: %s, name: %s, status: %s, rung: %s, topics: %s, audiences: %s}\n",
			s.out.ID, q(s.out.Name), q(s.out.Status), q(m.rung), list(m.topics), list(m.audiences))
	}
	return []byte(b.String())
}

func countUsedTerms(ds *dataset) int {
	used := map[string]bool{}
	for _, s := range ds.services {
		for _, t := range s.terms {
			used[t.code] = true
		}
	}
	return len(used)
}

func termCodes(f func(termDef) bool) []string {
	var out []string
	for _, t := range terms {
		if f(t) {
			out = append(out, t.code)
		}
	}
	return out
}

func allSchedules(s *service) []schedule {
	all := slices.Clone(s.Schedules)
	for _, l := range s.ServiceAtLocations {
		all = append(all, l.Schedules...)
	}
	return all
}

type awkwardCount struct {
	key string
	n   int
}

// awkwardCase is one kind of awkward record and how to recognise it in a
// finished service.
type awkwardCase struct {
	key string
	is  func(s *service, names map[string]int) bool
}

var awkwardCases = []awkwardCase{
	{"duplicate_name", func(s *service, names map[string]int) bool { return names[strings.TrimSpace(s.Name)] > 1 }},
	{"long_description", func(s *service, _ map[string]int) bool { return len([]rune(s.Description)) > 600 }},
	{"html_in_description", func(s *service, _ map[string]int) bool { return htmlLeftover.MatchString(s.Description) }},
	{"surrounding_whitespace", func(s *service, _ map[string]int) bool {
		return s.Name != strings.TrimSpace(s.Name) || s.Description != strings.TrimSpace(s.Description)
	}},
	{"line_break_in_description", func(s *service, _ map[string]int) bool {
		return strings.ContainsAny(strings.TrimSpace(s.Description), "\r\n")
	}},
	{"all_caps_name", func(s *service, _ map[string]int) bool {
		return s.Name == strings.ToUpper(s.Name) && s.Name != strings.ToLower(s.Name) && len(s.Name) > 5
	}},
	{"no_description", func(s *service, _ map[string]int) bool { return s.Description == "" }},
	{"empty_organization_description", func(s *service, _ map[string]int) bool { return s.Organization.Description == "" }},
	{"not_active", func(s *service, _ map[string]int) bool { return s.Status != "active" }},
	{"alert", func(s *service, _ map[string]int) bool { return s.Alert != "" }},
	{"no_url", func(s *service, _ map[string]int) bool { return s.URL == "" }},
	{"http_url", func(s *service, _ map[string]int) bool { return strings.HasPrefix(s.URL, "http://") }},
	{"web_address_only_in_text", func(s *service, _ map[string]int) bool {
		return s.URL == "" && (bareWebAddress.MatchString(s.Description) || bareWebAddress.MatchString(s.ApplicationProcess))
	}},
	{"email_not_lowercase", func(s *service, _ map[string]int) bool { return s.Email != strings.ToLower(s.Email) }},
	{"no_phone", func(s *service, _ map[string]int) bool { return len(s.Phones) == 0 }},
	{"several_phones", func(s *service, _ map[string]int) bool { return len(s.Phones) > 1 }},
	{"odd_phone", func(s *service, _ map[string]int) bool { return slices.ContainsFunc(s.Phones, oddPhone) }},
	{"phone_extension", func(s *service, _ map[string]int) bool {
		return slices.ContainsFunc(s.Phones, func(p phone) bool { return p.Extension != nil })
	}},
	{"phone_fax_or_text", func(s *service, _ map[string]int) bool {
		return slices.ContainsFunc(s.Phones, func(p phone) bool { return p.Type == "fax" || p.Type == "text" })
	}},
	{"no_location", func(s *service, _ map[string]int) bool { return len(s.ServiceAtLocations) == 0 }},
	{"several_locations", func(s *service, _ map[string]int) bool { return len(s.ServiceAtLocations) > 1 }},
	{"location_without_coordinates", func(s *service, _ map[string]int) bool {
		return slices.ContainsFunc(s.ServiceAtLocations, func(l serviceAtLocation) bool { return l.Location.Latitude == nil })
	}},
	{"postal_code_not_canonical", func(s *service, _ map[string]int) bool {
		return slices.ContainsFunc(s.ServiceAtLocations, func(l serviceAtLocation) bool {
			return !canonicalPC.MatchString(l.Location.Addresses[0].PostalCode)
		})
	}},
	{"country_not_iso", func(s *service, _ map[string]int) bool {
		return slices.ContainsFunc(s.ServiceAtLocations, func(l serviceAtLocation) bool { return l.Location.Addresses[0].Country != "NL" })
	}},
	{"no_schedule", func(s *service, _ map[string]int) bool { return len(allSchedules(s)) == 0 }},
	{"monthly_schedule", func(s *service, _ map[string]int) bool {
		return slices.ContainsFunc(allSchedules(s), func(x schedule) bool { return x.Freq == "MONTHLY" })
	}},
	{"schedule_with_interval_or_validity", func(s *service, _ map[string]int) bool {
		return slices.ContainsFunc(allSchedules(s), func(x schedule) bool { return x.Interval != nil || x.ValidFrom != "" })
	}},
	{"schedule_past_midnight", func(s *service, _ map[string]int) bool {
		return slices.ContainsFunc(allSchedules(s), func(x schedule) bool {
			return x.OpensAt != "" && x.ClosesAt != "" && normTime(x.ClosesAt) < normTime(x.OpensAt)
		})
	}},
	{"schedule_time_not_hh_mm", func(s *service, _ map[string]int) bool {
		return slices.ContainsFunc(allSchedules(s), func(x schedule) bool {
			return x.OpensAt != "" && (!timeNotHHMM.MatchString(x.OpensAt) || !timeNotHHMM.MatchString(x.ClosesAt))
		})
	}},
	{"language_code_not_iso639_1", func(s *service, _ map[string]int) bool {
		return slices.ContainsFunc(s.Languages, func(l language) bool { return !languageTwoLower.MatchString(l.Code) })
	}},
	{"cost_without_amount", func(s *service, _ map[string]int) bool {
		return slices.ContainsFunc(s.CostOptions, func(c costOption) bool { return c.Amount == nil })
	}},
	{"ages", func(s *service, _ map[string]int) bool { return s.MinimumAge != nil || s.MaximumAge != nil }},
	{"several_service_areas", func(s *service, _ map[string]int) bool { return len(s.ServiceAreas) > 1 }},
	{"no_voorzieningstype", func(s *service, _ map[string]int) bool {
		return !slices.ContainsFunc(s.Attributes, func(a attribute) bool { return strings.HasPrefix(a.TaxonomyTerm.Code, "VT-") })
	}},
	{"no_attributes", func(s *service, _ map[string]int) bool { return len(s.Attributes) == 0 }},
	{"mapped_and_ignored_terms", func(s *service, _ map[string]int) bool {
		ign, top := false, false
		for _, a := range s.Attributes {
			t, _ := termByCode(a.TaxonomyTerm.Code)
			ign = ign || t.m.ignore
			top = top || len(t.m.topics) > 0
		}
		return ign && top
	}},
}

// normTime pads "9:30" to "09:30" so times compare as text.
func normTime(t string) string {
	if len(t) >= 2 && t[1] == ':' {
		return "0" + t
	}
	return t
}

func awkwardCounts(ds *dataset) []awkwardCount {
	names := map[string]int{}
	for _, s := range ds.services {
		names[strings.TrimSpace(s.out.Name)]++
	}
	var out []awkwardCount
	for _, c := range awkwardCases {
		n := 0
		for _, s := range ds.services {
			if c.is(s.out, names) {
				n++
			}
		}
		out = append(out, awkwardCount{c.key, n})
	}
	return out
}
