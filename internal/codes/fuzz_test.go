package codes

import "testing"

// FuzzNormalize: whatever a resident types as a resume or hand-over code
// is taken or refused without a panic; a code taken is n characters and
// normalises to itself.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"ABC-234", "abc 234", "abc234", "A B C 2 3 4", "ÄBC234", "", "abc-234-xyz", "0O1Il"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, ok := Normalize(s, 6)
		if !ok {
			return
		}
		if len(code) != 6 {
			t.Fatalf("%q → %q: want 6 characters", s, code)
		}
		if again, ok := Normalize(code, 6); !ok || again != code {
			t.Fatalf("%q → %q → %q", s, code, again)
		}
	})
}
