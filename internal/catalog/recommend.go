package catalog

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"
)

// Query is what is known about a resident's question. Every field but
// Topics may be left unknown.
type Query struct {
	Topics   []string // chosen needs, in the resident's order
	Tags     []string // from the flow's answers
	AgeMin   int      // 0,0 = unknown; AgeMax 0 with AgeMin set = no upper bound
	AgeMax   int
	Audience Audience // "" = unknown; Carer when looking for someone else
	Place    *Place   // nil = unknown
	Now      time.Time
}

// Recommendation is a service offered for a query, with what the page
// shows next to it.
type Recommendation struct {
	Service *Service
	Level   Level
	Topic   string // the chosen need it is listed under (the first one it matches)
	Score   int    // relevance, higher first
	// DistanceKm is from the centre of the query's place to the nearest
	// location of the service, when both are known.
	DistanceKm  float64
	HasDistance bool
	// Location is the nearest location, or the first one when the place is
	// unknown; nil for phone and web services.
	Location *Location
	// Open is the open state at Query.Now; unknown when Now is zero.
	Open OpenState

	topicIndex int // index of Topic in Query.Topics
}

// Relevance points; see Recommend.
const (
	scoreTag        = 3
	scoreAudience   = 2
	scoreExtraTopic = 1
	scoreOpenNow    = 1
)

// Recommend returns the services on the ladder for the query, lowest rung
// first. A service is included when it shares a topic with q.Topics, is
// not urgent (see UrgentServices), is for the age range when that is
// known, and serves q.Place when both are set. The order is that of
// compareRecommendations. Score is 3 per matching tag, 2 when the service
// is for q.Audience, 1 per matching topic beyond the first and 1 when open
// now.
func (c *Catalog) Recommend(q Query) []Recommendation {
	if len(q.Topics) == 0 {
		return nil
	}
	var recs []Recommendation
	for i := range c.Services {
		s := &c.Services[i]
		if s.Level == Urgent || !q.fitsAge(s) || !q.inArea(s) {
			continue
		}
		r := Recommendation{Service: s, Level: s.Level, topicIndex: -1}
		matches := 0
		for _, t := range s.Topics {
			if j := slices.Index(q.Topics, t); j >= 0 {
				matches++
				if r.topicIndex < 0 || j < r.topicIndex {
					r.topicIndex = j
				}
			}
		}
		if matches == 0 {
			continue
		}
		r.Score += (matches - 1) * scoreExtraTopic
		r.Topic = q.Topics[r.topicIndex]
		r.Score += countShared(s.Tags, q.Tags) * scoreTag
		if q.Audience != "" && slices.Contains(s.Audiences, q.Audience) {
			r.Score += scoreAudience
		}
		if !q.Now.IsZero() {
			r.Open = c.OpenState(s, q.Now)
			if r.Open.Open {
				r.Score += scoreOpenNow
			}
		}
		c.nearest(&r, q.Place)
		recs = append(recs, r)
	}
	slices.SortFunc(recs, compareRecommendations)
	return recs
}

// compareRecommendations is the order in which recommendations are shown:
// by rung of the ladder, then by the resident's order of needs, then by
// relevance, then nearest first (unknown distance last), then by id so the
// order is stable.
func compareRecommendations(a, b Recommendation) int {
	if c := cmp.Compare(a.Level.Rank(), b.Level.Rank()); c != 0 {
		return c
	}
	if c := cmp.Compare(a.topicIndex, b.topicIndex); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Score, a.Score); c != 0 {
		return c
	}
	if a.HasDistance != b.HasDistance {
		if a.HasDistance {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(a.DistanceKm, b.DistanceKm); c != 0 {
		return c
	}
	return strings.Compare(a.Service.ID, b.Service.ID)
}

// ForTopic returns the services for one topic on every rung but urgent, in
// the order of Recommend; place may be nil and now zero when unknown.
func (c *Catalog) ForTopic(topic string, place *Place, now time.Time) []Recommendation {
	return c.Recommend(Query{Topics: []string{topic}, Place: place, Now: now})
}

// fitsAge reports whether the service's age range overlaps the query's;
// a 0 bound on the service means no bound.
func (q Query) fitsAge(s *Service) bool {
	if q.AgeMin == 0 && q.AgeMax == 0 {
		return true
	}
	if slices.Contains(s.Audiences, Parent) {
		// The ages of a service for parents are those of the children,
		// not of the resident who asks.
		return true
	}
	qMax := q.AgeMax
	if qMax == 0 {
		qMax = math.MaxInt
	}
	sMax := s.MaximumAge
	if sMax == 0 {
		sMax = math.MaxInt
	}
	return s.MinimumAge <= qMax && q.AgeMin <= sMax
}

// inArea reports whether the service serves the query's place; a service
// without service areas serves everyone.
func (q Query) inArea(s *Service) bool {
	return q.Place == nil || len(s.ServiceAreas) == 0 || slices.Contains(s.ServiceAreas, q.Place.ID)
}

// nearest sets the location of r and, when place is known, the distance
// to the nearest of the service's locations.
func (c *Catalog) nearest(r *Recommendation, place *Place) {
	for _, at := range r.Service.AtLocations {
		l := c.Location(at.Location)
		if l == nil {
			continue
		}
		if r.Location == nil {
			r.Location = l
		}
		if place == nil || !hasCoordinates(place.Latitude, place.Longitude) || !hasCoordinates(l.Latitude, l.Longitude) {
			continue
		}
		d := DistanceKm(place.Latitude, place.Longitude, l.Latitude, l.Longitude)
		if !r.HasDistance || d < r.DistanceKm {
			r.DistanceKm, r.HasDistance, r.Location = d, true, l
		}
	}
}

// UrgentServices returns all urgent services, the most fitting first:
// those matching more of tags (the answer "I think of suicide" carries a
// tag the suicide prevention line has), then those sharing a topic, then
// in catalogue order.
func (c *Catalog) UrgentServices(topics, tags []string) []*Service {
	type ranked struct {
		s           *Service
		tags, topic int
	}
	var rs []ranked
	for i := range c.Services {
		s := &c.Services[i]
		if s.Level != Urgent {
			continue
		}
		r := ranked{s: s, tags: countShared(s.Tags, tags)}
		if sharesTopic(s.Topics, topics) {
			r.topic = 1
		}
		rs = append(rs, r)
	}
	slices.SortStableFunc(rs, func(a, b ranked) int {
		if c := cmp.Compare(b.tags, a.tags); c != 0 {
			return c
		}
		return cmp.Compare(b.topic, a.topic)
	})
	out := make([]*Service, len(rs))
	for i, r := range rs {
		out[i] = r.s
	}
	return out
}

// TipsFor returns the self-help tips for the query's topics: those
// matching more of q.Tags first, then by the resident's order of needs,
// then in catalogue order.
func (c *Catalog) TipsFor(q Query) []*Tip {
	type ranked struct {
		tip        *Tip
		tags       int
		topicIndex int
	}
	var rs []ranked
	for i := range c.Tips {
		t := &c.Tips[i]
		r := ranked{tip: t, topicIndex: -1}
		for _, topic := range t.Topics {
			if j := slices.Index(q.Topics, topic); j >= 0 && (r.topicIndex < 0 || j < r.topicIndex) {
				r.topicIndex = j
			}
		}
		if r.topicIndex < 0 {
			continue
		}
		r.tags = countShared(t.Tags, q.Tags)
		rs = append(rs, r)
	}
	slices.SortStableFunc(rs, func(a, b ranked) int {
		if c := cmp.Compare(b.tags, a.tags); c != 0 {
			return c
		}
		return cmp.Compare(a.topicIndex, b.topicIndex)
	})
	tips := make([]*Tip, len(rs))
	for i, r := range rs {
		tips[i] = r.tip
	}
	return tips
}

// countShared counts the elements of a that are also in b.
func countShared(a, b []string) int {
	n := 0
	for _, x := range a {
		if slices.Contains(b, x) {
			n++
		}
	}
	return n
}

func sharesTopic(a, b []string) bool {
	for _, t := range a {
		if slices.Contains(b, t) {
			return true
		}
	}
	return false
}
