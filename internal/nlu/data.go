// Package nlu understands residents' free text: which needs (topics) a
// message is about, whether it shows acute danger, which language it is
// in, and small facts the flow asks for (for whom, age group, place).
//
// Everything it knows comes from data kept next to the content
// (content/nlu/<lang>.yaml): training phrases per topic and per urgent
// signal, hard negatives, and short word lists. A municipality adds its
// own words there; the model is trained from them at start-up in well
// under a second.
package nlu

// Phrases is one locale's training data (content/nlu/<lang>.yaml).
type Phrases struct {
	Lang string `yaml:"lang"`
	// Topics are example messages per topic id.
	Topics map[string][]string `yaml:"topics"`
	// Urgent are example messages per urgent signal id.
	Urgent map[string][]string `yaml:"urgent"`
	// NotUrgent are messages that look alarming but are not acute danger:
	// negations, the past, figures of speech.
	NotUrgent []string `yaml:"not_urgent"`
	// None are messages about nothing the portal helps with: greetings,
	// thanks, yes and no, questions about the assistant itself.
	None []string `yaml:"none"`
	// SomeoneElse are words that show a message is about another person
	// ("mijn moeder"); Self words show it is about the writer.
	SomeoneElse []string `yaml:"someone_else"`
	Self        []string `yaml:"self"`
	Age         struct {
		Young  []string `yaml:"young"`
		Senior []string `yaml:"senior"`
	} `yaml:"age"`
	// Years are the words for "years old" ("jaar", "lat"), so "82 jaar"
	// reads as an age.
	Years []string `yaml:"years"`
	// Negations are the words that negate what follows ("niet", "geen",
	// "nooit"): the urgent model reads the words after them apart.
	Negations []string `yaml:"negations"`
	// Corrections are the words a resident starts a correction with
	// ("nee", "no"): "nee, niet geld maar de post" replaces the needs.
	Corrections []string `yaml:"corrections"`
	// For are the words that say for whom ("voor", "for", "dla"): "nee,
	// voor mijn vader" changes for whom, "nee, ik woon bij mijn ouders"
	// does not.
	For []string `yaml:"for"`
	// Joiners join two needs in one message ("en", "maar").
	Joiners []string `yaml:"joiners"`
	// Relations name the person someone cares for or asks about, per
	// option of the flow's relation question ("mijn moeder" → mother).
	Relations map[string][]string `yaml:"relations"`
	// Bereaved are words that say someone has died: a resident who names
	// a lost partner is asking for themself.
	Bereaved []string `yaml:"bereaved"`
	// Answers are the words residents use for the options of the flow's
	// questions, by "question.option" ("parenting_what.school":
	// "spijbel", "huiswerk"): a message that uses them states that answer.
	// A word of four letters or more also matches the words it starts
	// ("spijbel" matches "spijbelt").
	// They are kept in content/nlu/answers/<lang>.yaml.
	Answers map[string][]string `yaml:"-"`
	// Greetings, Thanks and Goodbyes let the assistant answer a message
	// without a need in kind.
	Greetings []string `yaml:"greetings"`
	Thanks    []string `yaml:"thanks"`
	Goodbyes  []string `yaml:"goodbyes"`
}

// Signal is a kind of acute danger the assistant must recognise in every
// message: the topic it belongs to and, when the flow has one, the
// answer it stands for (so the flow's urgent rules apply unchanged).
type Signal struct {
	ID    string `yaml:"id"`
	Topic string `yaml:"topic"`
	// Tags rank the urgent lines, as option tags do.
	Tags     []string `yaml:"tags"`
	Question string   `yaml:"question,omitempty"`
	Option   string   `yaml:"option,omitempty"`
}

// Data is everything the model is trained from.
type Data struct {
	Signals []Signal
	// Langs holds one entry per locale, in the contract's order.
	Langs []*Phrases
}

// Place is a village or neighbourhood the resident may name.
type Place struct {
	ID    string
	Names []string
}
