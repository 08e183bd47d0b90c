package catalog

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

// testCatalog is a small municipality: a village (dorp) with a buurthuis
// in its centre, and a town (stad) about 11 km north.
func testCatalog(t *testing.T) *Catalog {
	t.Helper()
	c := &Catalog{
		Places: []Place{
			{ID: "dorp", Postcodes: []string{"9901-9905"}, Latitude: 53.0000, Longitude: 6.0000},
			{ID: "stad", Postcodes: []string{"9910"}, Latitude: 53.1000, Longitude: 6.0000},
			{ID: "gehucht", Postcodes: []string{"9920"}}, // no centre known
		},
		Locations: []Location{
			{ID: "buurthuis", Latitude: 53.0010, Longitude: 6.0000}, // 0.1 km from dorp
			{ID: "bieb", Latitude: 53.0200, Longitude: 6.0000},      // 2.2 km from dorp
			{ID: "stadhuis", Latitude: 53.1000, Longitude: 6.0000},  // 11 km from dorp
		},
		Services: []Service{
			{ID: "app", Level: Self, Topics: []string{"loneliness"}},
			{ID: "koffie", Level: Community, Topics: []string{"loneliness"}, AtLocations: []ServiceAtLocation{{Location: "buurthuis"}}},
			{ID: "maatje", Level: Community, Topics: []string{"loneliness", "mental"}, AtLocations: []ServiceAtLocation{{Location: "stadhuis"}}},
			{ID: "welzijn", Level: General, Topics: []string{"loneliness"}},
			{ID: "begeleiding", Level: Custom, Topics: []string{"loneliness"}},
			{ID: "113", Level: Urgent, Topics: []string{"mental"}, Tags: []string{"low_mood"}},
			{ID: "112", Level: Urgent},
			{ID: "veilig-thuis", Level: Urgent, Topics: []string{"safety"}, Tags: []string{"violence"}},
			{ID: "thuisadmin", Level: Community, Topics: []string{"money", "paperwork"}, AtLocations: []ServiceAtLocation{{Location: "bieb"}}},
			{ID: "schuldhulp", Level: General, Topics: []string{"money"}, Tags: []string{"debt"}},
			{ID: "voedselbank", Level: Community, Topics: []string{"money"}, Tags: []string{"food"}, AtLocations: []ServiceAtLocation{{Location: "stadhuis"}, {Location: "buurthuis"}}},
			{ID: "geldcafe", Level: Community, Topics: []string{"money"}, Tags: []string{"debt"}, Audiences: []Audience{Resident}, AtLocations: []ServiceAtLocation{{Location: "stadhuis"}}},
			{ID: "bewind", Level: Custom, Topics: []string{"money"}},
		},
	}
	if err := c.Prepare(amsterdam(t)); err != nil {
		t.Fatal(err)
	}
	return c
}

func ids(recs []Recommendation) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.Service.ID
	}
	return out
}

func TestRecommendOrder(t *testing.T) {
	c := testCatalog(t)
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		{"ladder for one need", Query{Topics: []string{"loneliness"}},
			[]string{"app", "koffie", "maatje", "welzijn", "begeleiding"}},
		{"resident's first need first on each rung", Query{Topics: []string{"money", "loneliness"}},
			[]string{"app", "geldcafe", "thuisadmin", "voedselbank", "koffie", "maatje", "schuldhulp", "welzijn", "bewind", "begeleiding"}},
		{"the other order of needs", Query{Topics: []string{"loneliness", "money"}},
			[]string{"app", "koffie", "maatje", "geldcafe", "thuisadmin", "voedselbank", "welzijn", "schuldhulp", "begeleiding", "bewind"}},
		{"extra matching topic scores", Query{Topics: []string{"loneliness", "mental"}},
			[]string{"app", "maatje", "koffie", "welzijn", "begeleiding"}},
		{"tag relevance within a rung", Query{Topics: []string{"money"}, Tags: []string{"food"}},
			[]string{"voedselbank", "geldcafe", "thuisadmin", "schuldhulp", "bewind"}},
		{"audience counts", Query{Topics: []string{"money"}, Audience: Resident},
			[]string{"geldcafe", "thuisadmin", "voedselbank", "schuldhulp", "bewind"}},
		{"distance orders equal scores, unknown last", Query{Topics: []string{"money"}, Place: c.Place("dorp")},
			[]string{"voedselbank", "thuisadmin", "geldcafe", "schuldhulp", "bewind"}},
		{"place without a centre: no distances", Query{Topics: []string{"money"}, Place: c.Place("gehucht")},
			[]string{"geldcafe", "thuisadmin", "voedselbank", "schuldhulp", "bewind"}},
		{"no topics", Query{}, nil},
		{"unknown topic", Query{Topics: []string{"nonsense"}}, nil},
		{"urgent only", Query{Topics: []string{"safety"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Recommend(tt.q)
			if !slices.Equal(ids(got), tt.want) {
				t.Fatalf("Recommend() = %v, want %v", ids(got), tt.want)
			}
			assertLadder(t, got)
		})
	}
}

// assertLadder checks the ladder's promise: never a higher rung before a
// lower one, and never urgent.
func assertLadder(t *testing.T, recs []Recommendation) {
	t.Helper()
	for i, r := range recs {
		if r.Level == Urgent {
			t.Errorf("%s: urgent service in the recommendations", r.Service.ID)
		}
		if i > 0 && recs[i-1].Level.Rank() > r.Level.Rank() {
			t.Errorf("%s (%s) comes after %s (%s)", r.Service.ID, r.Level, recs[i-1].Service.ID, recs[i-1].Level)
		}
	}
}

func TestRecommendFields(t *testing.T) {
	c := testCatalog(t)
	recs := c.Recommend(Query{Topics: []string{"paperwork", "money"}, Tags: []string{"debt", "food"}, Place: c.Place("dorp")})
	byID := map[string]Recommendation{}
	for _, r := range recs {
		byID[r.Service.ID] = r
	}
	tests := []struct {
		id       string
		topic    string
		score    int
		location string  // "" for none
		km       float64 // -1 for unknown
	}{
		{"thuisadmin", "paperwork", 1, "bieb", 2.22},
		{"voedselbank", "money", 3, "buurthuis", 0.11}, // the nearest of two
		{"geldcafe", "money", 3, "stadhuis", 11.12},
		{"schuldhulp", "money", 3, "", -1},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			r, ok := byID[tt.id]
			if !ok {
				t.Fatalf("%s not recommended", tt.id)
			}
			if r.Topic != tt.topic || r.Score != tt.score {
				t.Errorf("topic, score = %q, %d; want %q, %d", r.Topic, r.Score, tt.topic, tt.score)
			}
			if got := ""; r.Location != nil {
				got = r.Location.ID
				if got != tt.location {
					t.Errorf("location = %q, want %q", got, tt.location)
				}
			} else if tt.location != "" {
				t.Errorf("location = nil, want %q", tt.location)
			}
			if r.HasDistance != (tt.km >= 0) || (tt.km >= 0 && math.Abs(r.DistanceKm-tt.km) > 0.01) {
				t.Errorf("distance = %.2f, %v; want %.2f", r.DistanceKm, r.HasDistance, tt.km)
			}
		})
	}

	// Without a place, the first location is shown, without a distance.
	for _, r := range c.Recommend(Query{Topics: []string{"money"}}) {
		if r.Service.ID == "voedselbank" && (r.Location == nil || r.Location.ID != "stadhuis" || r.HasDistance) {
			t.Errorf("without a place: location %v, has distance %v; want stadhuis, false", r.Location, r.HasDistance)
		}
	}
}

func TestRecommendFilters(t *testing.T) {
	c := &Catalog{
		Places: []Place{{ID: "dorp"}, {ID: "stad"}},
		Services: []Service{
			{ID: "iedereen", Level: Community, Topics: []string{"care"}},
			{ID: "jongeren", Level: Community, Topics: []string{"care"}, MinimumAge: 12, MaximumAge: 23},
			{ID: "kinderen", Level: Community, Topics: []string{"care"}, MaximumAge: 12},
			{ID: "ouderen", Level: Community, Topics: []string{"care"}, MinimumAge: 65},
			// For parents: the ages are the children's, so never filtered.
			{ID: "ouders", Level: Community, Topics: []string{"care"}, MaximumAge: 4, Audiences: []Audience{Parent}},
			{ID: "in-dorp", Level: General, Topics: []string{"care"}, ServiceAreas: []string{"dorp"}},
			{ID: "in-stad", Level: General, Topics: []string{"care"}, ServiceAreas: []string{"stad"}},
			{ID: "in-beide", Level: General, Topics: []string{"care"}, ServiceAreas: []string{"stad", "dorp"}},
		},
	}
	if err := c.Prepare(amsterdam(t)); err != nil {
		t.Fatal(err)
	}
	all := []string{"iedereen", "jongeren", "kinderen", "ouderen", "ouders"}
	areas := []string{"in-beide", "in-dorp", "in-stad"}
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		{"age unknown", Query{}, append(all, areas...)},
		{"age 70", Query{AgeMin: 70, AgeMax: 70}, append([]string{"iedereen", "ouderen", "ouders"}, areas...)},
		{"age 16", Query{AgeMin: 16, AgeMax: 16}, append([]string{"iedereen", "jongeren", "ouders"}, areas...)},
		{"age 0 to 4", Query{AgeMin: 0, AgeMax: 4}, append([]string{"iedereen", "kinderen", "ouders"}, areas...)},
		{"age 12 touches both bounds", Query{AgeMin: 12, AgeMax: 12}, append([]string{"iedereen", "jongeren", "kinderen", "ouders"}, areas...)},
		{"age 20 and up", Query{AgeMin: 20}, append([]string{"iedereen", "jongeren", "ouderen", "ouders"}, areas...)},
		{"in the village", Query{Place: c.Place("dorp")}, append(all, "in-beide", "in-dorp")},
		{"in the town", Query{Place: c.Place("stad")}, append(all, "in-beide", "in-stad")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.q.Topics = []string{"care"}
			if got := ids(c.Recommend(tt.q)); !slices.Equal(got, tt.want) {
				t.Fatalf("Recommend() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRecommendOpenNow(t *testing.T) {
	c := &Catalog{Services: []Service{
		{ID: "a-dicht", Level: Community, Topics: []string{"money"}, Schedules: []Schedule{sundays10to12}},
		{ID: "b-open", Level: Community, Topics: []string{"money"}, Schedules: []Schedule{mondays9to12}},
		{ID: "c-onbekend", Level: Community, Topics: []string{"money"}},
	}}
	if err := c.Prepare(amsterdam(t)); err != nil {
		t.Fatal(err)
	}
	monday := local(t, "2026-03-02 10:00")
	recs := c.Recommend(Query{Topics: []string{"money"}, Now: monday})
	if got, want := ids(recs), []string{"b-open", "a-dicht", "c-onbekend"}; !slices.Equal(got, want) {
		t.Fatalf("Recommend() = %v, want %v", got, want)
	}
	if o := recs[0].Open; !o.Known || !o.Open || !o.Until.Equal(local(t, "2026-03-02 12:00")) {
		t.Errorf("b-open: %+v", o)
	}
	if o := recs[1].Open; !o.Known || o.Open || !o.Next.Equal(local(t, "2026-03-08 10:00")) {
		t.Errorf("a-dicht: %+v", o)
	}
	if o := recs[2].Open; o.Known {
		t.Errorf("c-onbekend: %+v, want unknown", o)
	}
	// Without a time nothing is known about opening hours.
	for _, r := range c.Recommend(Query{Topics: []string{"money"}}) {
		if r.Open.Known {
			t.Errorf("%s: open state known without Now", r.Service.ID)
		}
	}
}

func TestForTopic(t *testing.T) {
	c := testCatalog(t)
	got := ids(c.ForTopic("mental", nil, time.Time{}))
	if want := []string{"maatje"}; !slices.Equal(got, want) {
		t.Fatalf("ForTopic(mental) = %v, want %v", got, want)
	}
	got = ids(c.ForTopic("money", c.Place("dorp"), time.Time{}))
	if want := []string{"voedselbank", "thuisadmin", "geldcafe", "schuldhulp", "bewind"}; !slices.Equal(got, want) {
		t.Fatalf("ForTopic(money) = %v, want %v", got, want)
	}
}

func TestUrgentServices(t *testing.T) {
	c := testCatalog(t)
	tests := []struct {
		topics, tags []string
		want         []string
	}{
		{nil, nil, []string{"113", "112", "veilig-thuis"}},
		{[]string{"safety"}, nil, []string{"veilig-thuis", "113", "112"}},
		{[]string{"money", "mental"}, nil, []string{"113", "112", "veilig-thuis"}},
		{[]string{"safety", "mental"}, nil, []string{"113", "veilig-thuis", "112"}},
		// A tag from the answer outranks the topic order.
		{[]string{"safety"}, []string{"low_mood"}, []string{"113", "veilig-thuis", "112"}},
		{[]string{"mental"}, []string{"violence"}, []string{"veilig-thuis", "113", "112"}},
	}
	for _, tt := range tests {
		t.Run(fmtTopics(tt.topics)+"/"+fmtTopics(tt.tags), func(t *testing.T) {
			var got []string
			for _, s := range c.UrgentServices(tt.topics, tt.tags) {
				got = append(got, s.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("UrgentServices(%v, %v) = %v, want %v", tt.topics, tt.tags, got, tt.want)
			}
		})
	}
}

func TestTipsFor(t *testing.T) {
	c := &Catalog{Tips: []Tip{
		{ID: "overzicht", Topics: []string{"money"}},
		{ID: "buren", Topics: []string{"loneliness"}},
		{ID: "energie", Topics: []string{"money", "housing"}, Tags: []string{"energy"}},
		{ID: "brieven", Topics: []string{"paperwork"}, Tags: []string{"debt", "letters"}},
		{ID: "toeslagen", Topics: []string{"money"}, Tags: []string{"debt"}},
	}}
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		{"one need", Query{Topics: []string{"money"}}, []string{"overzicht", "energie", "toeslagen"}},
		{"needs in order", Query{Topics: []string{"paperwork", "money"}}, []string{"brieven", "overzicht", "energie", "toeslagen"}},
		{"tag matches first", Query{Topics: []string{"money", "paperwork"}, Tags: []string{"debt", "letters"}}, []string{"brieven", "toeslagen", "overzicht", "energie"}},
		{"no needs", Query{Tags: []string{"debt"}}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := []string{}
			for _, tip := range c.TipsFor(tt.q) {
				got = append(got, tip.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("TipsFor() = %v, want %v", got, tt.want)
			}
		})
	}
}

func fmtTopics(ts []string) string {
	if len(ts) == 0 {
		return "none"
	}
	return strings.Join(ts, ",")
}

func BenchmarkRecommend(b *testing.B) {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		b.Fatal(err)
	}
	c := &Catalog{
		Places:    []Place{{ID: "dorp", Latitude: 53, Longitude: 6}},
		Locations: []Location{{ID: "buurthuis", Latitude: 53.01, Longitude: 6.01}},
	}
	levels := []Level{Self, Community, General, Custom}
	for i := range 100 {
		c.Services = append(c.Services, Service{
			ID:          string(rune('a'+i%26)) + string(rune('a'+i/26)),
			Level:       levels[i%4],
			Topics:      []string{Topics[i%len(Topics)], Topics[(i+3)%len(Topics)]},
			Tags:        []string{"debt"},
			AtLocations: []ServiceAtLocation{{Location: "buurthuis", Schedules: []Schedule{weekdays9to17, firstWed}}},
		})
	}
	if err := c.Prepare(loc); err != nil {
		b.Fatal(err)
	}
	q := Query{Topics: []string{"money", "loneliness", "care"}, Tags: []string{"debt"}, Place: c.Place("dorp"),
		Now: time.Date(2026, 3, 7, 12, 0, 0, 0, loc)}
	for b.Loop() {
		c.Recommend(q)
	}
}
