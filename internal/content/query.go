package content

import (
	"strings"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/ladder"
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

// PlaceValue checks a place answer from a link or a code: a village of
// the catalogue or a well-formed postcode. It returns the flow's value.
func (c *Content) PlaceValue(raw string) (string, bool) {
	if id, ok := strings.CutPrefix(raw, PlacePrefix); ok {
		return raw, c.Catalog.Place(id) != nil
	}
	p, err := catalog.ParsePostcode(raw)
	if err != nil {
		return "", false
	}
	return p.String(), true
}

// Input is what the ladder engine needs to know of the answers, with the
// place answer resolved: the same for the question flow, the results page
// and the chat assistant. Callers add what their page knows (the carer's
// check, "is this enough").
func (c *Content) Input(out flow.Outcome, now time.Time) ladder.Input {
	return ladder.Input{Outcome: out, Place: c.PlaceOf(out.Place), Now: now, OutsideRegion: c.OutsideRegion(out.Place)}
}

// OutsideRegion reports whether a place answer is a postcode outside the
// region this municipality is one of: such a resident is shown the
// region's help and the national lines, not a municipality's own. A
// single municipality has no region, so nothing is outside it.
func (c *Content) OutsideRegion(place string) bool {
	if c.region == nil || place == "" || strings.HasPrefix(place, PlacePrefix) {
		return false
	}
	p, err := catalog.ParsePostcode(place)
	return err == nil && c.region.ByPostcode(p) == nil
}

// Advise is the ladder engine's advice over this content's catalogue.
func (c *Content) Advise(in ladder.Input) ladder.Advice {
	return c.Ladder().Advise(in)
}

// Ladder is the ladder engine over this content.
func (c *Content) Ladder() *ladder.Engine {
	return &ladder.Engine{Catalog: c.Catalog, Flow: c.Flow}
}
