package main

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// svc is a finished service and what the generator knows about it.
type svc struct {
	key   string
	out   *service
	terms []termDef // the terms of its attributes, in order
}

type dataset struct {
	services []*svc
}

func build() (*dataset, error) {
	ds := &dataset{}
	for k := range tweaks {
		if !tweakUsed(k) {
			return nil, fmt.Errorf("tweak %q names no service", k)
		}
	}
	seen := map[string]bool{}
	for _, t := range templates {
		if t.munis == "" {
			s, err := makeService(t, nil, 0)
			if err != nil {
				return nil, err
			}
			ds.services = append(ds.services, s)
			continue
		}
		for i, letter := range t.munis {
			m := muniByKey(string(letter))
			s, err := makeService(t, &m, i)
			if err != nil {
				return nil, err
			}
			ds.services = append(ds.services, s)
		}
	}
	for _, s := range ds.services {
		if seen[s.key] {
			return nil, fmt.Errorf("service key %q twice", s.key)
		}
		seen[s.key] = true
	}
	return ds, nil
}

func tweakUsed(k string) bool {
	for _, t := range templates {
		if t.munis == "" && t.key == k {
			return true
		}
		for _, l := range t.munis {
			if t.key+"/"+string(l) == k {
				return true
			}
		}
	}
	return false
}

func makeService(t tmpl, m *muni, i int) (*svc, error) {
	key := t.key
	if m != nil {
		key += "/" + m.key
	}
	tw := tweaks[key]
	id := newID("service", key)
	sub := func(s string) string {
		if m == nil {
			return s
		}
		return subst(s, *m)
	}
	at := func(list []string) string {
		if len(list) == 0 {
			return ""
		}
		return list[i%len(list)]
	}

	org := resolveOrg(t.org, m)
	s := &service{
		ID: id, OrganizationID: newID("organization", org.key),
		Name:        sub(at(t.names)),
		Description: sub(at(t.descs)),
		Status:      "active",
		Organization: &organization{
			ID: newID("organization", org.key), Name: org.name, AlternateName: org.alt,
			Description: org.desc, Email: org.email, Website: org.site,
		},
		ApplicationProcess:     sub(t.apply),
		FeesDescription:        t.fees,
		WaitTime:               t.wait,
		EligibilityDescription: sub(t.elig),
		LastModified:           lastModified(key),
		Phones:                 []phone{},
		Schedules:              []schedule{},
		ServiceAreas:           []serviceArea{},
		ServiceAtLocations:     []serviceAtLocation{},
		Languages:              []language{},
		CostOptions:            []costOption{},
		Attributes:             []attribute{},
	}
	if tw.name != "" {
		s.Name = tw.name
	}
	if tw.desc != "" {
		s.Description = tw.desc
	}
	if tw.noDesc {
		s.Description = ""
	}
	if tw.status != "" {
		s.Status = tw.status
	}
	s.Alert = tw.alert
	if tw.apply != "" {
		s.ApplicationProcess = tw.apply
	}

	// Web address and email.
	switch {
	case t.path == "-" || org.site == "":
	case t.path == "":
		s.URL = org.site
	default:
		s.URL = org.site + "/" + t.path
	}
	if tw.url == "-" {
		s.URL = ""
	} else if tw.url != "" {
		s.URL = tw.url
	}
	if t.email {
		s.Email = org.email
	}
	if tw.email != "" {
		s.Email = tw.email
	}

	// Ages.
	if t.ages != "" {
		lo, hi, _ := strings.Cut(t.ages, "-")
		if lo != "" {
			v, err := strconv.Atoi(lo)
			if err != nil {
				return nil, err
			}
			s.MinimumAge = &v
		}
		if hi != "" {
			v, err := strconv.Atoi(hi)
			if err != nil {
				return nil, err
			}
			s.MaximumAge = &v
		}
	}

	// Phones.
	var specs []phoneSpec
	switch t.phone {
	case "", "org":
		specs = []phoneSpec{{number: org.key, style: "org", typ: "voice"}}
	case "own":
		num := "0000" + digits(6, "service-phone", key)
		specs = []phoneSpec{{number: num, style: org.style, typ: "voice"}}
	case "none":
	default:
		return nil, fmt.Errorf("%s: phone %q", key, t.phone)
	}
	if tw.phones != nil {
		specs = tw.phones
	}
	specs = append(specs, tw.addPhones...)
	for j, p := range specs {
		num, style := p.number, p.style
		if style == "org" {
			o := orgByKey(p.number)
			num, style = o.phone, o.style
		}
		text, err := formatPhone(num, style)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", key, err)
		}
		ph := phone{ID: newID("phone", key, strconv.Itoa(j)), ServiceID: id, Number: text, Type: p.typ, Description: p.desc}
		if p.ext != 0 {
			e := p.ext
			ph.Extension = &e
		}
		s.Phones = append(s.Phones, ph)
	}

	// Schedules of the service itself.
	if t.sched != "" {
		sc, err := schedules(t.sched, "service", key)
		if err != nil {
			return nil, err
		}
		for _, x := range sc {
			x.ServiceID = id
			s.Schedules = append(s.Schedules, x)
		}
	}

	// Locations and their schedules.
	locs := t.locs
	lsched := t.lsched
	if m != nil {
		if l, ok := t.locsFor[m.key]; ok {
			locs = l
		}
		if p, ok := t.schedFor[m.key]; ok {
			lsched = p
		}
	}
	for _, role := range locs {
		l := resolveLoc(role, m)
		salID := newID("service_at_location", key, l.key)
		sal := serviceAtLocation{ID: salID, ServiceID: id, LocationID: newID("location", l.key), Schedules: []schedule{}, Location: makeLocation(l)}
		if lsched != "" {
			sc, err := schedules(lsched, "sal", key, l.key)
			if err != nil {
				return nil, err
			}
			for _, x := range sc {
				x.ServiceAtLocationID = salID
				sal.Schedules = append(sal.Schedules, x)
			}
		}
		s.ServiceAtLocations = append(s.ServiceAtLocations, sal)
	}

	// Service areas.
	for j, a := range areas(t.areas, m) {
		s.ServiceAreas = append(s.ServiceAreas, serviceArea{ID: newID("service_area", key, strconv.Itoa(j)), ServiceID: id, Name: a})
	}

	// Languages.
	for j, l := range strings.Fields(t.langs) {
		lang := language{ID: newID("language", key, strconv.Itoa(j)), ServiceID: id}
		if name, ok := strings.CutPrefix(l, "="); ok {
			lang.Name = name
		} else {
			name, ok := languageNames[l]
			if !ok {
				return nil, fmt.Errorf("%s: language %q", key, l)
			}
			lang.Code, lang.Name = l, name
		}
		s.Languages = append(s.Languages, lang)
	}

	// Costs.
	for j, c := range t.costs {
		co := costOption{ID: newID("cost_option", key, strconv.Itoa(j)), ServiceID: id, Option: c.option, AmountDescription: c.desc}
		if c.amount >= 0 {
			a := c.amount
			co.Amount, co.Currency = &a, "EUR"
		}
		s.CostOptions = append(s.CostOptions, co)
	}

	// Attributes: the source's own terms.
	codes := t.terms
	if m != nil {
		if c, ok := t.termsFor[m.key]; ok {
			codes = c
		}
	}
	var used []termDef
	for _, code := range codes {
		if tw.dropVT && strings.HasPrefix(code, "VT-") {
			continue
		}
		td, ok := termByCode(code)
		if !ok {
			return nil, fmt.Errorf("%s: no term %q", key, code)
		}
		used = append(used, td)
		s.Attributes = append(s.Attributes, attribute{
			ID: newID("attribute", key, code), LinkID: id, LinkType: taxByKey(td.tax).linkType, LinkEntity: "service",
			TaxonomyTermID: td.id(), TaxonomyTerm: makeTerm(td),
		})
	}
	return &svc{key: key, out: s, terms: used}, nil
}

func resolveOrg(role string, m *muni) orgDef {
	if m != nil {
		for _, o := range orgs {
			if o.key == role+"/"+m.key {
				return o
			}
		}
	}
	return orgByKey(role)
}

func resolveLoc(role string, m *muni) locDef {
	if m != nil {
		for _, l := range locations {
			if l.key == role+"/"+m.key {
				return l
			}
		}
	}
	return locByKey(role)
}

func makeLocation(l locDef) *location {
	id := newID("location", l.key)
	country := l.country
	if country == "" {
		country = "NL"
	}
	loc := &location{
		ID: id, LocationType: "physical", Name: l.name,
		Addresses: []address{{
			ID: newID("address", l.key), LocationID: id, Address1: l.street, City: l.city,
			StateProvince: province, PostalCode: l.postcode, Country: country, AddressType: "physical",
		}},
	}
	if l.org != "" {
		loc.OrganizationID = newID("organization", l.org)
	}
	if !l.noCoords {
		lat, lon := coords(l)
		loc.Latitude, loc.Longitude = &lat, &lon
	}
	return loc
}

func makeTerm(t termDef) *taxonomyTerm {
	tt := &taxonomyTerm{
		ID: t.id(), Code: t.code, Name: t.name, Description: t.desc,
		Taxonomy: taxByKey(t.tax).name, TaxonomyID: taxonomyID(t.tax), Language: "nl",
	}
	if t.parent != "" {
		p, ok := termByCode(t.parent)
		if !ok {
			panic("no parent " + t.parent)
		}
		tt.ParentID = p.id()
	}
	return tt
}

func termByCode(code string) (termDef, bool) {
	for _, t := range terms {
		if t.code == code {
			return t, true
		}
	}
	return termDef{}, false
}

func taxByKey(k string) taxonomyDef {
	for _, t := range taxonomies {
		if t.key == k {
			return t
		}
	}
	panic("no taxonomy " + k)
}

func schedules(pattern string, key ...string) ([]schedule, error) {
	specs, ok := schedPatterns[pattern]
	if !ok {
		return nil, fmt.Errorf("%v: no schedule pattern %q", key, pattern)
	}
	var out []schedule
	for j, p := range specs {
		x := schedule{
			ID:   newID(append([]string{"schedule"}, append(key, strconv.Itoa(j))...)...),
			Freq: p.freq, ByDay: p.byday, OpensAt: p.opens, ClosesAt: p.closes, Description: p.desc,
			DTStart: p.dtstart, ValidFrom: p.validFrom, ValidTo: p.validTo,
		}
		if p.interval != 0 {
			v := p.interval
			x.Interval = &v
		}
		out = append(out, x)
	}
	return out, nil
}

// areas are the names of a service's service areas, written as each
// municipality's editors write them.
func areas(spec string, m *muni) []string {
	switch spec {
	case "":
		if m == nil {
			return []string{"Regio Veenland"}
		}
		switch m.key {
		case "O":
			return []string{m.name}
		case "Z":
			return []string{"gemeente " + m.name}
		}
		return []string{"Gemeente " + m.name}
	case "region":
		return []string{"Regio Veenland"}
	case "national":
		return []string{"Nederland"}
	case "munis":
		var out []string
		for _, x := range munis {
			out = append(out, "Gemeente "+x.name)
		}
		return out
	}
	return strings.Split(spec, "|")
}

var languageNames = map[string]string{
	"nl": "Nederlands", "en": "Engels", "de": "Duits", "ar": "Arabisch", "tr": "Turks", "pl": "Pools",
	"uk": "Oekraïens", "so": "Somalisch", "ti": "Tigrinya", "fy": "Fries",
	"nld": "Nederlands", "eng": "Engels", "ara": "Arabisch", "tir": "Tigrinya",
}

// formatPhone writes a number the way a source's editors do. num is the
// digits ("0000123456", or "09000000123" for a 0900 line), or the text
// itself for "literal".
func formatPhone(num, style string) (string, error) {
	if style == "literal" {
		return num, nil
	}
	for _, r := range num {
		if r < '0' || r > '9' {
			return "", fmt.Errorf("phone %q is not digits", num)
		}
	}
	if len(num) == 11 && style == "prefixed" { // 0900-0000 123
		return "tel. " + num[0:4] + "-" + num[4:8] + " " + num[8:], nil
	}
	if len(num) != 10 {
		return "", fmt.Errorf("phone %q: want 10 digits for style %s", num, style)
	}
	pairs := num[4:6] + " " + num[6:8] + " " + num[8:10]
	switch style {
	case "plain":
		return num[0:4] + " " + num[4:], nil
	case "dashed":
		return num[0:4] + "-" + num[4:], nil
	case "intl":
		return "+31 (0)" + num[1:4] + " " + num[4:7] + " " + num[7:], nil
	case "intlplain":
		return "+31" + num[1:], nil
	case "grouped":
		return num[0:4] + " " + pairs, nil
	case "hours":
		return num[0:4] + " " + pairs + " (ma-vr)", nil
	case "slash":
		return num[0:4] + "/" + num[4:], nil
	case "dotted":
		return num[0:4] + "." + strings.ReplaceAll(pairs, " ", "."), nil
	case "prefixed":
		return "tel. " + num[0:4] + "-" + num[4:], nil
	}
	return "", fmt.Errorf("phone style %q", style)
}

// lastModified is a fixed moment between February 2022 and June 2025,
// written in one of the RFC 3339 forms real exports use.
func lastModified(key string) string {
	s := sum("last_modified", key)
	u := binary.BigEndian.Uint64(s[:8])
	start := time.Date(2022, 2, 1, 0, 0, 0, 0, time.UTC)
	t := start.AddDate(0, 0, int(u%1215)).
		Add(time.Duration(7+int(u>>12%11)) * time.Hour).
		Add(time.Duration(int(u>>20%60)) * time.Minute).
		Add(time.Duration(int(u>>28%60)) * time.Second)
	ms := int(u >> 36 % 1000)
	switch u >> 48 % 5 {
	case 0:
		return t.Format("2006-01-02T15:04:05Z")
	case 1:
		return t.In(time.FixedZone("", 3600)).Format("2006-01-02T15:04:05-07:00")
	case 2:
		return t.In(time.FixedZone("", 7200)).Format("2006-01-02T15:04:05-07:00")
	case 3:
		return t.Add(time.Duration(ms) * time.Millisecond).Format("2006-01-02T15:04:05.000Z")
	default:
		return t.Add(time.Duration(ms) * time.Millisecond).In(time.FixedZone("", 3600)).Format("2006-01-02T15:04:05.000000-07:00")
	}
}

// digits is n decimal digits, fixed by the parts.
func digits(n int, parts ...string) string {
	s := sum(parts...)
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteByte('0' + s[i]%10)
	}
	return b.String()
}

// subst fills in {M}, {V1} and {V2}.
func subst(s string, m muni) string {
	return strings.NewReplacer("{M}", m.name, "{V1}", m.villages[1], "{V2}", m.villages[2]).Replace(s)
}

func contains(s, letter string) bool { return letter != "" && strings.Contains(s, letter) }
