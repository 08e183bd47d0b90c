package codes

import "testing"

// FuzzNormalize: whatever a resident types as a resume or hand-over code
// is taken or refused without a panic; a code taken is Short or Long
// characters, normalises to itself, and does so again when formatted.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"ABC-234", "abc 234", "abc234", "A B C 2 3 4", "ÄBC234", "", "abc-234-xyz", "0O1Il", "abcd-2345", "ABCD 2345 X"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, ok := Normalize(s)
		if !ok {
			return
		}
		if len(code) != Short && len(code) != Long {
			t.Fatalf("%q → %q: want %d or %d characters", s, code, Short, Long)
		}
		if again, ok := Normalize(code); !ok || again != code {
			t.Fatalf("%q → %q → %q", s, code, again)
		}
		if again, ok := Normalize(Format(code)); !ok || again != code {
			t.Fatalf("%q → %q → %q → %q", s, code, Format(code), again)
		}
	})
}
