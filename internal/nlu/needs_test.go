package nlu

import (
	"slices"
	"testing"
)

// TestNeedsUrgentTopic: a need that shows the crisis lines by itself
// (safety) counts when it is the best need, however unsure the model is
// (safety first), or when it is sure of it; a weak one behind another need
// does not ("die bureaucratie maakt me kapot"). An urgent signal always
// counts.
func TestNeedsUrgentTopic(t *testing.T) {
	urgent := []string{"safety"}
	for _, tc := range []struct {
		name string
		r    Result
		want []string
	}{
		{"weak but best", Result{Topics: []Scored{{"safety", 0.3}, {"mental", 0.2}}}, []string{"safety", "mental"}},
		{"weak behind another", Result{Topics: []Scored{{"paperwork", 0.9}, {"safety", 0.45}}}, []string{"paperwork"}},
		{"sure behind another", Result{Topics: []Scored{{"housing", 0.9}, {"safety", 0.6}}}, []string{"housing", "safety"}},
		{"signal", Result{Topics: []Scored{{"money", 0.9}, {"safety", 0.46}}, signalTopics: []string{"safety"}}, []string{"money", "safety"}},
		{"half the best", Result{Topics: []Scored{{"money", 0.9}, {"work", 0.4}}}, []string{"money"}},
	} {
		if got := tc.r.Needs(urgent); !slices.Equal(got, tc.want) {
			t.Errorf("%s: needs %v, want %v", tc.name, got, tc.want)
		}
	}
}
