package staff

import (
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

func TestVerify(t *testing.T) {
	// The lowest accepted cost keeps the test quick; Hash is tested below.
	h, err := bcrypt.GenerateFromPassword([]byte("lang-genoeg-wachtwoord"), MinCost)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Parse(strings.NewReader("# balie Kleiveen\n\nAnna.deVries:" + string(h) + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Len() != 1 {
		t.Fatalf("Len %d", a.Len())
	}
	for _, tc := range []struct {
		name, pw string
		ok       bool
	}{
		{"anna.devries", "lang-genoeg-wachtwoord", true},
		{" ANNA.deVries ", "lang-genoeg-wachtwoord", true},
		{"anna.devries", "lang-genoeg-wachtwoorD", false},
		{"anna.devries", "", false},
		{"bert", "lang-genoeg-wachtwoord", false},
		{"anna.devries", "lang-genoeg-wachtwoord" + strings.Repeat("x", 80), false},
	} {
		name, ok := a.Verify(tc.name, tc.pw)
		if ok != tc.ok || (ok && name != "anna.devries") {
			t.Errorf("Verify(%q, %q) = %q, %v; want %v", tc.name, tc.pw, name, ok, tc.ok)
		}
	}
	var none *Accounts
	if _, ok := none.Verify("anna", "x"); ok {
		t.Error("no accounts verified a password")
	}
}

func TestParseErrors(t *testing.T) {
	weak, _ := bcrypt.GenerateFromPassword([]byte("x"), 4)
	good, _ := bcrypt.GenerateFromPassword([]byte("x"), MinCost)
	in := strings.Join([]string{
		"zonder-dubbele-punt",
		"anna:plaintext",
		"bert:" + string(weak),
		"c d:" + string(good),
		"dirk:" + string(good),
		"DIRK:" + string(good),
	}, "\n")
	_, err := Parse(strings.NewReader(in))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"line 1: want name:hash", "line 2 (anna): not a bcrypt hash", "line 3 (bert): bcrypt cost 4", `line 4: name "c d"`, "line 6: dirk appears twice"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if _, err := Parse(strings.NewReader("# nobody yet\n")); err == nil || !strings.Contains(err.Error(), "no accounts") {
		t.Errorf("empty file: %v", err)
	}
}

func TestHashRefusesWeak(t *testing.T) {
	if _, err := Hash("kort"); err == nil {
		t.Error("a 4-character password was hashed")
	}
	if _, err := Hash(strings.Repeat("a", 73)); err == nil {
		t.Error("a password bcrypt would cut was hashed")
	}
	h, err := Hash("twaalf tekens")
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := bcrypt.Cost([]byte(h)); c != Cost {
		t.Errorf("cost %d", c)
	}
}
