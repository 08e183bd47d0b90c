package content

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
)

// PersonDefault is the message id that names the person cared for when
// the carer did not say who it is ("de persoon voor wie u zorgt").
const PersonDefault = "carer.person"

// Person is the template data with which a carer's texts name the person
// they care for: "Woont {{.Person}} alleen?" becomes "Woont uw moeder
// alleen?". The words come from the locale, from the message id on the
// chosen relation option (flow.Option.Person), in three parts:
//
//	<id>       Person: the name as a subject, mid-sentence ("uw moeder")
//	<id>.of    PersonOf: the form a language needs after a preposition or
//	           as a possessor (Turkish "annenizin", Ukrainian "вашої мами");
//	           in Dutch the same words
//	<id>.g     G: the grammatical gender of those words in this language,
//	           "f", "m" or "n", for the agreement of verbs and adjectives
//	           ({{if eq .G "f"}}sama{{else}}sam{{end}})
//
// PersonCap and PersonOfCap start with a capital, for a sentence that
// starts with the person.
func (c *Content) Person(l *i18n.Localizer, out flow.Outcome) map[string]any {
	id := PersonDefault
	if out.Relation != nil && out.Relation.Person != "" {
		id = out.Relation.Person
	}
	person, of := l.T(id), l.T(id+".of")
	return map[string]any{
		"Person": person, "PersonCap": capitalize(person),
		"PersonOf": of, "PersonOfCap": capitalize(of),
		"G": l.T(id + ".g"),
	}
}

// PersonIDs are the message ids Person reads for one person message id.
func PersonIDs(id string) []string { return []string{id, id + ".of", id + ".g"} }

// QuestionText is the question in the resident's language: the carer's
// variant, naming the person cared for, when the resident is a carer.
func (c *Content) QuestionText(l *i18n.Localizer, q *flow.Question, out flow.Outcome) string {
	if q.TextCarer != "" && out.ForCarer() {
		return l.T(q.TextCarer, c.Person(l, out))
	}
	return l.T(q.Text)
}

// OptionLabel is an option's label in the resident's language: the
// carer's variant when there is one and the resident is a carer.
func (c *Content) OptionLabel(l *i18n.Localizer, o *flow.Option, out flow.Outcome) string {
	if o.LabelCarer != "" && out.ForCarer() {
		return l.T(o.LabelCarer, c.Person(l, out))
	}
	return l.T(o.Label)
}

// capitalize upper-cases the first letter: "uw moeder" → "Uw moeder".
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || unicode.IsUpper(r) {
		return s
	}
	var b strings.Builder
	b.WriteRune(unicode.ToUpper(r))
	b.WriteString(s[n:])
	return b.String()
}
