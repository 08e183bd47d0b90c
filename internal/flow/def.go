// Package flow is the question engine: which question comes next, skips,
// back steps, conditions, and what the answers mean for the advice. It is
// pure: no HTTP, no storage, no templates. Text is referred to by message
// id and translated by the caller.
package flow

// Kind is how a question is answered.
type Kind string

// Question kinds.
const (
	// Single: choose one option.
	Single Kind = "single"
	// Multi: choose one or more options.
	Multi Kind = "multi"
	// Topics: choose one or more of the contract's topics; the options are
	// the topics themselves, labelled by the message ids "topic.<id>".
	Topics Kind = "topics"
	// Place: a postcode or a village; the caller normalises the value.
	Place Kind = "place"
)

// Def is a whole flow as loaded from content: the questions in the order
// they are asked. A question is asked only while its conditions hold.
type Def struct {
	Questions []*Question `yaml:"questions"`
	// UrgentTopics are topics whose choice alone shows urgent help first
	// (the contract: safety).
	UrgentTopics []string `yaml:"urgent_topics"`
	// CarerCheck is the id of a single-choice question about how a carer
	// is holding up. Carers are asked it on their results, beside the
	// advice for the person they care for, and its answer ranks the
	// support for the carer themselves: services of the question's first
	// topic for the audience carer.
	CarerCheck string `yaml:"carer_check"`
	// Topics are the topic ids a Topics question offers, in display order;
	// the loader sets them from the contract.
	Topics []string `yaml:"-"`

	byID map[string]int
}

// Question is one question of the flow.
type Question struct {
	ID   string `yaml:"id"`
	Kind Kind   `yaml:"kind"`
	// Text and Hint are message ids. A question may have a variant of its
	// text for carers: TextCarer is used when the resident chose "carer".
	Text      string `yaml:"text"`
	TextCarer string `yaml:"text_carer"`
	Hint      string `yaml:"hint"`
	// Topics: the question is asked only when the resident chose at least
	// one of these topics. Empty means it is asked for every need.
	Topics []string `yaml:"topics"`
	// When: further conditions, all of which must hold.
	When    []Condition `yaml:"when"`
	Options []*Option   `yaml:"options"`
}

// Condition holds when the answer to Question includes one of In (and,
// with NotIn, none of NotIn).
type Condition struct {
	Question string   `yaml:"question"`
	In       []string `yaml:"in"`
	NotIn    []string `yaml:"not_in"`
}

// Option is one answer option and what choosing it means for the advice.
type Option struct {
	ID    string `yaml:"id"`
	Label string `yaml:"label"` // message id
	// LabelCarer is the label for carers, for an option that speaks in the
	// first person ("Ik heb vandaag geen eten"): a message id whose text
	// names the person cared for, as TextCarer does.
	LabelCarer string `yaml:"label_carer"`
	// Tags rank services with the same tags higher.
	Tags []string `yaml:"tags"`
	// Urgent: this answer signals acute danger; urgent help goes on top.
	Urgent bool `yaml:"urgent"`
	// Escalate: the need cannot be met lower down the ladder; the route to
	// customised support (maatwerk) is shown without asking first.
	Escalate bool `yaml:"escalate"`
	// Age is the age of the person the help is for, as [min, max] in
	// years; it narrows services by age.
	Age []int `yaml:"age"`
	// ChildAge is the age of a child a parent asks about, as [min, max]
	// in years (max 0: no upper bound); it narrows services for parents.
	ChildAge []int `yaml:"child_age"`
	// Person names the person cared for, on the options of the question
	// with id "relation": a message id whose text ("uw moeder") the carer
	// variants of the questions use. See content.Person.
	Person string `yaml:"person"`
	// Advice is a message id said to the resident after choosing this
	// option, on the carer's check (Def.CarerCheck).
	Advice string `yaml:"advice"`
	// Strain, on the carer's check: the care weighs on the carer, so their
	// own support comes first on the results.
	Strain bool `yaml:"strain"`
}

// Question returns the question with id, or nil.
func (d *Def) Question(id string) *Question {
	if i, ok := d.byID[id]; ok {
		return d.Questions[i]
	}
	return nil
}

// Index builds the lookup table; call it once after loading.
func (d *Def) Index() {
	d.byID = make(map[string]int, len(d.Questions))
	for i, q := range d.Questions {
		d.byID[q.ID] = i
	}
}

// Option returns the option with id, or nil.
func (q *Question) Option(id string) *Option {
	for _, o := range q.Options {
		if o.ID == id {
			return o
		}
	}
	return nil
}
