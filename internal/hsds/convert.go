package hsds

import (
	"fmt"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/microcosm-cc/bluemonday"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
)

// From HSDS to the catalogue: the conversion of one source service, with
// the mapping of its terms to the portal's rung, topics and audiences.

// strict takes every tag out of a source's text; HSDS allows markup in
// descriptions, and the portal prints plain text only.
var strict = bluemonday.StrictPolicy()

var spaces = regexp.MustCompile(`\s+`)

// plain is s without markup and entities, its white space collapsed.
func plain(s string) string {
	s = strings.NewReplacer("<br>", " ", "<br/>", " ", "<br />", " ", "</p>", " ").Replace(s)
	s = html.UnescapeString(strict.Sanitize(s))
	return strings.TrimSpace(spaces.ReplaceAllString(s, " "))
}

// dutch is the text as the catalogue holds a Dutch text; nil when empty.
func dutch(s string) catalog.Text {
	if s = plain(s); s != "" {
		return catalog.Text{"nl": s}
	}
	return nil
}

// webURL is an absolute http(s) URL, or "" when s is none and cannot be
// made one ("www.example.org" becomes "https://www.example.org").
func webURL(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if !strings.Contains(s, "://") && strings.HasPrefix(strings.ToLower(s), "www.") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return s
}

var (
	phoneWords  = regexp.MustCompile(`(?i)^\s*(tel(efoon)?\.?|phone)\s*:?\s*`)
	phoneRemark = regexp.MustCompile(`\s*\([^)0-9]*\)\s*$`)
	phoneNL     = regexp.MustCompile(`^\+31\s*(\(0\))?\s*`)
)

// phoneNumber is a source's phone number as residents dial it: without
// "tel." in front or a remark behind, "+31 (0)" as 0, with its extension.
func phoneNumber(p Phone) string {
	n := phoneWords.ReplaceAllString(strings.TrimSpace(p.Number), "")
	n = phoneRemark.ReplaceAllString(n, "")
	n = phoneNL.ReplaceAllString(n, "0")
	n = strings.Join(strings.Fields(n), " ")
	if p.Extension != nil && *p.Extension > 0 {
		n += fmt.Sprintf(" toestel %d", int(*p.Extension))
	}
	return n
}

// date is a source's last_modified as a date in Amsterdam, never after
// today.
func date(s string, now time.Time, loc *time.Location) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		if t, err = time.Parse(time.DateOnly, s); err != nil {
			return ""
		}
	}
	if t.After(now) {
		t = now
	}
	return t.In(loc).Format(time.DateOnly)
}

// placement is what the terms of a service say about its place on the
// portal's ladder.
type placement struct {
	level     catalog.Level
	topics    []string
	audiences []catalog.Audience
	tags      []string
	requires  []string
	excludes  []string
	access    []catalog.Access
	flags     []string // schedule particulars
	unknown   []string // source terms the mapping has no entry for
	ignored   bool     // a term the mapping ignores on purpose
}

func addOnce[T comparable](list []T, v T) []T {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

// place reads the attributes: the portal's own taxonomies directly, other
// taxonomies through the mapping.
func (p *placement) place(attrs []Attribute, terms map[string]TaxonomyTerm, m *Mapping) {
	var other []TaxonomyTerm
	for _, a := range attrs {
		t, ok := terms[a.TaxonomyTermID]
		if !ok && a.TaxonomyTerm != nil {
			t = *a.TaxonomyTerm
		}
		code := t.Code
		switch t.Taxonomy {
		case TaxRung:
			if l := catalog.Level(code); l.Valid() && (p.level == "" || l.Rank() > p.level.Rank()) {
				p.level = l
			}
			continue
		case TaxTopic, TaxTag:
			switch a.Value {
			case "requires":
				p.requires = addOnce(p.requires, code)
			case "excludes":
				p.excludes = addOnce(p.excludes, code)
			default:
				if t.Taxonomy == TaxTopic {
					p.topics = addOnce(p.topics, code)
				} else {
					p.tags = addOnce(p.tags, code)
				}
			}
			continue
		case TaxAudience:
			p.audiences = addOnce(p.audiences, catalog.Audience(code))
			continue
		case TaxAccess:
			p.access = addOnce(p.access, catalog.Access(code))
			continue
		case TaxSchedule:
			p.flags = addOnce(p.flags, code)
			continue
		}
		other = append(other, t)
	}
	if m != nil {
		m.resolve(p, other)
		return
	}
	for _, t := range other {
		name := t.Code
		if t.Name != "" {
			name = strings.TrimSpace(name + " " + t.Name)
		}
		if name != "" {
			p.unknown = addOnce(p.unknown, name)
		}
	}
}

// schedule converts a source schedule; it says why when the portal cannot
// read it (a schedule in words only, such as "op afspraak").
func schedule(s Schedule) (catalog.Schedule, error) {
	out := catalog.Schedule{
		Freq: s.Freq, ByDay: s.ByDay, ByMonthDay: s.ByMonthDay, DTStart: dateOnly(s.DTStart), Until: dateOnly(s.Until),
		ValidFrom: dateOnly(s.ValidFrom), ValidTo: dateOnly(s.ValidTo), OpensAt: hhmm(s.OpensAt), ClosesAt: hhmm(s.ClosesAt),
		Description: dutch(s.Description),
	}
	if s.Interval != nil {
		out.Interval = *s.Interval
	}
	for _, a := range s.Attributes {
		if a.TaxonomyTerm == nil || a.TaxonomyTerm.Taxonomy != TaxSchedule {
			continue
		}
		switch a.TaxonomyTerm.Code {
		case "open_on_holidays":
			out.OpenOnHolidays = true
		case "holidays_only":
			out.HolidaysOnly = true
		case "always_open":
			out.AlwaysOpen = true
		}
	}
	if err := out.Check(); err != nil {
		what := s.Description
		if what == "" {
			what = strings.TrimSpace(s.Freq + " " + s.ByDay + " " + s.OpensAt + "-" + s.ClosesAt)
		}
		return out, fmt.Errorf("hours %q not understood: %v", plain(what), err)
	}
	return out, nil
}

// dateOnly keeps the date of an RFC 3339 time or a date.
func dateOnly(s string) string {
	if len(s) >= 10 {
		if _, err := time.Parse(time.DateOnly, s[:10]); err == nil {
			return s[:10]
		}
	}
	return s
}

// hhmm is a time of day as "09:00" ("9:00", "09:00:00" and "09.00" too).
func hhmm(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), ".", ":")
	h, m, ok := strings.Cut(s, ":")
	if !ok {
		return s
	}
	if len(m) > 2 {
		m = m[:2]
	}
	hi, err1 := strconv.Atoi(h)
	mi, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil {
		return s
	}
	return fmt.Sprintf("%02d:%02d", hi, mi)
}
