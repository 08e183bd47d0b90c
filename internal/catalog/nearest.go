package catalog

// Nearest returns the location of s nearest to place and the distance to
// it in km. With place unknown, or without coordinates, it returns the
// first location and no distance; nil for phone and web services.
func (c *Catalog) Nearest(s *Service, place *Place) (loc *Location, km float64, ok bool) {
	for _, at := range s.AtLocations {
		l := c.Location(at.Location)
		if l == nil {
			continue
		}
		if loc == nil {
			loc = l
		}
		if place == nil || !hasCoordinates(place.Latitude, place.Longitude) || !hasCoordinates(l.Latitude, l.Longitude) {
			continue
		}
		d := DistanceKm(place.Latitude, place.Longitude, l.Latitude, l.Longitude)
		if !ok || d < km {
			loc, km, ok = l, d, true
		}
	}
	return loc, km, ok
}
