package catalog

import "testing"

// FuzzParsePostcode: any input is taken or refused without a panic, and a
// postcode taken reads back as itself.
func FuzzParsePostcode(f *testing.F) {
	for _, s := range []string{"9991 AB", "9991ab", "9991", " 9993  ab ", "0123 AB", "99911", "９９９１ ＡＢ", "9991 SS", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePostcode(s)
		if err != nil {
			return
		}
		again, err := ParsePostcode(p.String())
		if err != nil || again != p {
			t.Fatalf("%q → %q → %q, %v", s, p.String(), again.String(), err)
		}
	})
}
