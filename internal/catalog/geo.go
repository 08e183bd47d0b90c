package catalog

import "math"

// earthRadiusKm is the mean radius of the earth.
const earthRadiusKm = 6371.0

// DistanceKm returns the great-circle distance in kilometres between two
// points given in degrees (haversine formula).
func DistanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	φ1, φ2 := lat1*math.Pi/180, lat2*math.Pi/180
	dφ := (lat2 - lat1) * math.Pi / 180
	dλ := (lon2 - lon1) * math.Pi / 180
	a := math.Sin(dφ/2)*math.Sin(dφ/2) + math.Cos(φ1)*math.Cos(φ2)*math.Sin(dλ/2)*math.Sin(dλ/2)
	return 2 * earthRadiusKm * math.Asin(math.Min(1, math.Sqrt(a)))
}

// hasCoordinates reports whether a latitude and longitude were filled in;
// 0,0 lies in the ocean off Africa, so it means unknown.
func hasCoordinates(lat, lon float64) bool { return lat != 0 || lon != 0 }
