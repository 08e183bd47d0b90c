package catalog

import (
	"math"
	"testing"
)

func TestContrast(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#ffffff", 1},
		{"#0b5394", "#ffffff", 7.84},
		{"#767676", "#ffffff", 4.54},
	} {
		got, err := Contrast(tc.a, tc.b)
		if err != nil || math.Abs(got-tc.want) > 0.01 {
			t.Errorf("Contrast(%s, %s) = %.2f, %v; want %.2f", tc.a, tc.b, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "blue", "#fff", "0b5394", "#0b539g"} {
		if _, err := Contrast(bad, "#ffffff"); err == nil {
			t.Errorf("%q is taken as a colour", bad)
		}
	}
}

func TestDefaultID(t *testing.T) {
	for name, want := range map[string]string{
		"Gemeente Beekdal": "beekdal", "Súdwest-Fryslân": "sudwest-fryslan", "Gemeente Bergen (NH)": "bergen-nh", "": "",
	} {
		if got := DefaultID(name); got != want {
			t.Errorf("DefaultID(%q) = %q, want %q", name, got, want)
		}
	}
}
