package catalog

import (
	"errors"
	"fmt"
	"time"
)

// Prepare indexes the catalogue (see Index) and does, once at start-up,
// the parsing that ranking would otherwise repeat on every request: it
// compiles each service's opening hours, with wall-clock times in loc
// (Europe/Amsterdam), and the places' postcode ranges. It returns every
// problem found, each naming the service, place or location and the index
// of the schedule or range. Afterwards the catalogue must not change; it
// is then safe for concurrent use.
func (c *Catalog) Prepare(loc *time.Location) error {
	if loc == nil {
		return errors.New("catalog: prepare: no time zone")
	}
	c.Index()
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("catalog: "+format, args...))
	}

	c.postcodeRanges = nil
	for i := range c.Places {
		p := &c.Places[i]
		for j, s := range p.Postcodes {
			lo, hi, err := parseRange(s)
			if err != nil {
				fail("place %q: postcodes[%d]: %w", p.ID, j, err)
				continue
			}
			c.postcodeRanges = append(c.postcodeRanges, postcodeRange{lo: lo, hi: hi, place: p})
		}
	}

	// Locations' own hours are not used for ranking yet, but an editor
	// should hear about a broken one now.
	for _, l := range c.Locations {
		for j, s := range l.Schedules {
			if err := s.Check(); err != nil {
				fail("location %q: schedules[%d]: %w", l.ID, j, err)
			}
		}
	}

	c.hours = make(map[string]Hours, len(c.Services))
	seen := make(map[string]bool, len(c.Services))
	for i := range c.Services {
		s := &c.Services[i]
		if seen[s.ID] {
			fail("service %q: the id is used twice", s.ID)
			continue
		}
		seen[s.ID] = true
		for _, id := range s.ServiceAreas {
			if c.Place(id) == nil {
				fail("service %q: service_areas: unknown place %q", s.ID, id)
			}
		}
		h, err := compile(s.Schedules, loc)
		if err != nil {
			fail("service %q: %w", s.ID, err)
		}
		for j, at := range s.AtLocations {
			if c.Location(at.Location) == nil {
				fail("service %q: at_locations[%d]: unknown location %q", s.ID, j, at.Location)
			}
			ah, err := compile(at.Schedules, loc)
			if err != nil {
				fail("service %q: at_locations[%d]: %w", s.ID, j, err)
			}
			h = h.union(ah)
		}
		c.hours[s.ID] = h
	}
	return errors.Join(errs...)
}
