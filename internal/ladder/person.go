package ladder

import (
	"math"
	"slices"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/flow"
)

// person is whom a list is for: the resident, or the person a carer cares
// for, or (for the carer's own support) the carer. The hard rules of
// eligibility read it.
type person struct {
	ageMin, ageMax int // 0, 0: unknown; ageMax 0 with ageMin set: no bound
	// parent: asks about a child (the parenting need, and not only about
	// themselves); childAges are the children's ages when given.
	parent    bool
	childAges [][2]int
	carer     bool // cares for someone (and looks for their own support)
	caredFor  bool // someone looks after them
}

// subjectOf is the person the main lists are for: the resident, or the
// person cared for when a carer looks for someone.
func subjectOf(out flow.Outcome, browse bool) person {
	p := person{ageMin: out.AgeMin, ageMax: out.AgeMax, childAges: out.ChildAges}
	if slices.Contains(out.Topics, ParentingTopic) {
		askedChild := false
		for _, a := range out.Answers {
			for _, o := range a.Question.Options {
				askedChild = askedChild || len(o.ChildAge) > 0
			}
		}
		// A resident who only said "it is about me" (under 18) is not
		// a parent.
		p.parent = browse || !askedChild || len(out.ChildAges) > 0
	}
	p.carer = !out.ForCarer() && slices.Contains(out.Topics, CaringTopic)
	p.caredFor = slices.Contains(out.Tags, CaredForTag)
	return p
}

// young reports whether the person is known to be under 18.
func (p person) young() bool { return p.ageMax > 0 && p.ageMax < 18 }

// audienceOrder is the order in which fits tries a service's audiences:
// the person's own group before everyone.
var audienceOrder = []catalog.Audience{catalog.YoungPerson, catalog.Parent, catalog.Carer, catalog.CaredFor, catalog.Resident}

// fits reports whether s is for p, and through which audience. A service
// without audiences is for every resident. In browse mode only the ages
// count.
func (p person) fits(s *catalog.Service, browse, named bool) (catalog.Audience, bool) {
	auds := s.Audiences
	if len(auds) == 0 {
		auds = []catalog.Audience{catalog.Resident}
	}
	if browse {
		return "", p.fitsAge(s) || slices.Contains(auds, catalog.Parent)
	}
	for _, a := range audienceOrder {
		if !slices.Contains(auds, a) {
			continue
		}
		ok := false
		switch a {
		case catalog.YoungPerson:
			// Young people's services need an age that is known and fits:
			// a young adult of 20 may go to youth work until 23.
			ok = (p.ageMin != 0 || p.ageMax != 0) && p.fitsAge(s)
		case catalog.Parent:
			ok = p.parent && p.childFits(s, named)
		case catalog.Carer:
			ok = p.carer && p.fitsAge(s)
		case catalog.CaredFor:
			ok = p.caredFor && p.fitsAge(s)
		case catalog.Resident:
			ok = p.fitsAge(s)
		}
		if ok {
			return a, true
		}
	}
	return "", false
}

// minAgeShare is how much of a person's age group must be within a
// service's ages for it to fit. Ages are known as groups (18 to 66), so a
// service from 65 fits only the last two years of "adult": not a fit,
// while youth work until 23 fits an adult of the group's first years.
const minAgeShare = 0.1

// fitsAge reports whether enough of the person's age group is within the
// service's ages (minAgeShare); an unknown age fits every service, and a
// 0 bound means no bound.
func (p person) fitsAge(s *catalog.Service) bool {
	if p.ageMin == 0 && p.ageMax == 0 {
		return true
	}
	if !overlaps(p.ageMin, p.ageMax, s.MinimumAge, s.MaximumAge) {
		return false
	}
	return p.ageShare(s) >= minAgeShare
}

// childFits reports whether a service for parents fits the age of one of
// the children asked about. Ages are known as groups ("baby or toddler,
// 0 to 4"), so the service's ages must hold the middle of the group: a
// course for parents of 2-to-11-year-olds is not for the parent of a baby.
// When the resident named what the service is for (its requires, such as
// tantrums for a course on upbringing), half of the group is enough: the
// need they named says the child is likely in its ages. Unknown ages fit.
func (p person) childFits(s *catalog.Service, named bool) bool {
	if len(p.childAges) == 0 {
		return true
	}
	for _, c := range p.childAges {
		mid := c[0]
		if c[1] != 0 {
			mid = (c[0] + c[1]) / 2
		}
		if overlaps(mid, mid, s.MinimumAge, s.MaximumAge) ||
			named && (person{ageMin: c[0], ageMax: c[1]}).ageShare(s) >= 0.5 {
			return true
		}
	}
	return false
}

// ageShare is the share of the person's known age group within the
// service's ages: 1 when all of it fits or the age is unknown, less for
// an adult (18 to 66) and a group from 55.
func (p person) ageShare(s *catalog.Service) float64 {
	if p.ageMin == 0 && p.ageMax == 0 || p.ageMax == 0 {
		return 1
	}
	sMax := s.MaximumAge
	if sMax == 0 {
		sMax = math.MaxInt
	}
	in := min(p.ageMax, sMax) - max(p.ageMin, s.MinimumAge) + 1
	return max(0, min(1, float64(in)/float64(p.ageMax-p.ageMin+1)))
}

// overlaps reports whether [aMin, aMax] and [bMin, bMax] overlap; a max
// of 0 means no upper bound.
func overlaps(aMin, aMax, bMin, bMax int) bool {
	if aMax == 0 {
		aMax = math.MaxInt
	}
	if bMax == 0 {
		bMax = math.MaxInt
	}
	return aMin <= bMax && bMin <= aMax
}
