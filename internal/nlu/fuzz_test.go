package nlu

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzNormalize: any text normalises without a panic to valid UTF-8 with
// single spaces, and normalising again changes nothing.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Ik kan de HUUR niet betalen!", "زوجي يضربني", "я не хочу жити", "ik bin 77", "\xff\xfe", "a\u202Eb", "ÇŞĞ çşğ", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if !utf8.ValidString(n) || strings.Contains(n, "  ") || n != strings.TrimSpace(n) {
			t.Fatalf("Normalize(%q) = %q", s, n)
		}
		if again := Normalize(n); again != n {
			t.Fatalf("Normalize(%q) = %q, again %q", s, n, again)
		}
	})
}
