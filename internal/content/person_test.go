package content

import (
	"strings"
	"testing"

	democontent "github.com/wegwijzer/wegwijzer/content"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/locales"
)

// TestCarerWording renders every carer variant of a question or answer in
// every locale, for every relation a carer can choose and for none: each
// must be a finished sentence that names the person cared for. Run it
// with -v to read them all.
func TestCarerWording(t *testing.T) {
	c, err := Load(democontent.Demo, locales.FS)
	if c == nil {
		t.Fatal(err)
	}
	rel := c.Flow.Question(flow.RelationQuestion)
	if rel == nil {
		t.Fatal("the demo flow has no relation question")
	}
	relations := append([]*flow.Option{nil}, rel.Options...)
	for _, lang := range c.Messages.Langs() {
		l := c.Messages.Localizer(lang)
		for _, o := range relations {
			out := flow.Outcome{Who: flow.Carer, Relation: o}
			person := c.Person(l, out)
			name := "(not said)"
			if o != nil {
				name = o.ID
			}
			check := func(id, got string) {
				t.Helper()
				t.Logf("%s %s: %s", lang, name, got)
				switch {
				case got == id || got == "":
					t.Errorf("%s, %s: %s does not translate", lang, name, id)
				case strings.Contains(got, "<no value>") || strings.Contains(got, "{{"):
					t.Errorf("%s, %s: %s renders as %q", lang, name, id, got)
				}
				if nl := c.Messages.Texts("nl", id); len(nl) > 0 && strings.Contains(nl[0], "{{.Person") && !namesPerson(got, person) {
					t.Errorf("%s, %s: %q does not name %q", lang, name, got, person["Person"])
				}
			}
			for _, q := range c.Flow.Questions {
				if q.TextCarer != "" {
					check(q.TextCarer, c.QuestionText(l, q, out))
				}
				for _, op := range q.Options {
					if op.LabelCarer != "" {
						check(op.LabelCarer, c.OptionLabel(l, op, out))
					}
				}
			}
		}
		// Residents looking for themselves never see the carer's words.
		self := flow.Outcome{Who: "self"}
		for _, q := range c.Flow.Questions {
			if got, want := c.QuestionText(l, q, self), l.T(q.Text); got != want {
				t.Errorf("%s: %s for the resident themselves reads %q, want %q", lang, q.ID, got, want)
			}
		}
	}
}

// namesPerson reports whether s contains one of the person's forms,
// ignoring the case of the first letter.
func namesPerson(s string, person map[string]any) bool {
	s = strings.ToLower(s)
	for _, k := range []string{"Person", "PersonOf"} {
		if p, _ := person[k].(string); p != "" && strings.Contains(s, strings.ToLower(p)) {
			return true
		}
	}
	return false
}
