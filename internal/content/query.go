package content

import (
	"strings"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/flow"
)

// PlacePrefix marks a place answer that is a village chosen by name
// ("place:heidehoek") rather than a postcode typed ("9993 AB").
const PlacePrefix = "place:"

// PlaceOf resolves a place answer to a place, or nil when it is unknown
// or outside the municipality.
func (c *Content) PlaceOf(value string) *catalog.Place {
	if id, ok := strings.CutPrefix(value, PlacePrefix); ok {
		return c.Catalog.Place(id)
	}
	if value == "" {
		return nil
	}
	p, err := catalog.ParsePostcode(value)
	if err != nil {
		return nil
	}
	return c.Catalog.PlaceForPostcode(p)
}

// Query is what the answers ask of the catalogue: the same for the
// question flow, the results page and the chat assistant.
func (c *Content) Query(out flow.Outcome, now time.Time) catalog.Query {
	q := catalog.Query{Topics: out.Topics, Tags: out.Tags, AgeMin: out.AgeMin, AgeMax: out.AgeMax, Now: now}
	if out.Who == "carer" {
		q.Audience = catalog.Carer
	}
	q.Place = c.PlaceOf(out.Place)
	return q
}
