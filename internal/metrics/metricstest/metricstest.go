// Package metricstest reads metrics back in tests.
package metricstest

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// Series returns the series of the family name in g, each as its labels.
func Series(t testing.TB, g prometheus.Gatherer, name string) []map[string]string {
	t.Helper()
	var out []map[string]string
	for _, m := range family(t, g, name) {
		out = append(out, labels(m))
	}
	return out
}

// Value is the value of the series name{labels...} (label names and
// values in turn) in g: a counter's or a gauge's value, a histogram's
// count of observations. A series that does not exist is 0.
func Value(t testing.TB, g prometheus.Gatherer, name string, labelPairs ...string) float64 {
	t.Helper()
	if len(labelPairs)%2 != 0 {
		t.Fatalf("metricstest: labels of %s not in pairs: %q", name, labelPairs)
	}
	for _, m := range family(t, g, name) {
		have := labels(m)
		match := len(have) == len(labelPairs)/2
		for i := 0; match && i < len(labelPairs); i += 2 {
			match = have[labelPairs[i]] == labelPairs[i+1]
		}
		if !match {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		}
	}
	return 0
}

func family(t testing.TB, g prometheus.Gatherer, name string) []*dto.Metric {
	t.Helper()
	mfs, err := g.Gather()
	if err != nil {
		t.Fatalf("metricstest: gather: %v", err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name {
			return mf.Metric
		}
	}
	return nil
}

func labels(m *dto.Metric) map[string]string {
	out := map[string]string{}
	for _, l := range m.Label {
		out[l.GetName()] = l.GetValue()
	}
	return out
}
