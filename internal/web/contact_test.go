package web

import (
	"slices"
	"strings"
	"testing"
)

func TestContactFormValidate(t *testing.T) {
	ok := contactForm{Name: "Ans", Phone: "06 12345678", Time: "any", Consent: true}
	tests := []struct {
		name string
		edit func(*contactForm)
		want []string // fields with an error, in form order
	}{
		{"valid with phone", func(*contactForm) {}, nil},
		{"valid with e-mail only", func(f *contactForm) { f.Phone, f.Email = "", "ans@example.org" }, nil},
		{"international phone", func(f *contactForm) { f.Phone = "+48 601 234 567" }, nil},
		{"Dutch +31", func(f *contactForm) { f.Phone = "+31 6 12345678" }, nil},
		{"landline with dash", func(f *contactForm) { f.Phone = "0599-123456" }, nil},
		{"no name", func(f *contactForm) { f.Name = "" }, []string{"name"}},
		{"long name", func(f *contactForm) { f.Name = strings.Repeat("a", maxName+1) }, []string{"name"}},
		{"no way to reach", func(f *contactForm) { f.Phone = "" }, []string{"phone"}},
		{"short phone", func(f *contactForm) { f.Phone = "06 1234" }, []string{"phone"}},
		{"letters in phone", func(f *contactForm) { f.Phone = "06 1234567x" }, []string{"phone"}},
		{"+31 too long", func(f *contactForm) { f.Phone = "+31 6 123456789" }, []string{"phone"}},
		{"bad e-mail", func(f *contactForm) { f.Email = "ans@" }, []string{"email"}},
		{"e-mail with a name", func(f *contactForm) { f.Email = "Ans <ans@example.org>" }, []string{"email"}},
		{"e-mail without dot", func(f *contactForm) { f.Email = "ans@localhost" }, []string{"email"}},
		{"unknown time", func(f *contactForm) { f.Time = "midnight" }, []string{"time-any"}},
		{"long description", func(f *contactForm) { f.Description = strings.Repeat("é", maxDescription+1) }, []string{"description"}},
		{"description at the limit", func(f *contactForm) { f.Description = strings.Repeat("é", maxDescription) }, nil},
		{"no consent", func(f *contactForm) { f.Consent = false }, []string{"consent"}},
		{"everything wrong", func(f *contactForm) { *f = contactForm{Email: "x"} }, []string{"name", "email", "consent"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := ok
			tt.edit(&f)
			var got []string
			for _, e := range f.Validate() {
				got = append(got, e.Field)
				if e.MsgID == "" {
					t.Error("error without a message")
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("errors on %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCleanDropsControlCharacters(t *testing.T) {
	if got := clean(" Ans\x00\x1b[31m de\r Vries\n"); got != "Ans[31m de Vries" {
		t.Errorf("clean = %q", got)
	}
	if got := stripControl("regel 1\r\nregel 2\x07", true); got != "regel 1\nregel 2" {
		t.Errorf("stripControl = %q", got)
	}
}
