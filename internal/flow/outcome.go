package flow

import "slices"

// Outcome is what the answers mean for the advice: the resident's needs
// and everything that ranks or escalates it. Only answers to questions
// that are asked in the current state count.
type Outcome struct {
	Who string // option id of the question with id "who", if any
	// Relation is the chosen option of the question with id "relation":
	// whom a carer cares for.
	Relation *Option
	Topics   []string // chosen needs, in the order chosen
	Tags     []string // tags of every chosen option, without duplicates
	AgeMin   int      // age range from an answer with Age; 0, 0 when unknown
	AgeMax   int
	// ChildAges are the age ranges of the children a parent asks about,
	// from answers with ChildAge; [min, max], max 0 for no upper bound.
	ChildAges [][2]int
	Place     string // the place answer as given, normalised by the caller
	Urgent    bool   // acute danger: urgent help goes above everything
	Escalate  bool   // the need cannot be met lower down: show maatwerk
	Answers   []Answered
}

// Answered is one counted answer, for summaries and contact requests.
type Answered struct {
	Question *Question
	Options  []*Option // chosen options (empty for topics and place)
	Values   []string  // the raw values
}

// WhoQuestion is the id of the question that says for whom help is sought,
// and RelationQuestion of the one that says whom a carer cares for.
const (
	WhoQuestion      = "who"
	RelationQuestion = "relation"
)

// Carer is the answer to the "who" question of a carer looking for
// someone else, and Desk of staff helping a resident at a desk (the desk
// view knows this, and leaves the answer out).
const (
	Carer = "carer"
	Desk  = "desk"
)

// ForCarer reports whether the resident looks for help for someone they
// care for, so the questions speak about that person.
func (o Outcome) ForCarer() bool { return o.Who == Carer }

// Outcome computes the Outcome of st.
func (d *Def) Outcome(st State) Outcome {
	var out Outcome
	for _, q := range d.Questions {
		vals := st.Answers[q.ID]
		if len(vals) == 0 || !d.Asked(q, st) {
			continue
		}
		a := Answered{Question: q, Values: vals}
		switch q.Kind {
		case Topics:
			out.Topics = append(out.Topics, vals...)
			if overlaps(vals, d.UrgentTopics) {
				out.Urgent = true
			}
		case Place:
			out.Place = vals[0]
		default:
			if q.ID == WhoQuestion {
				out.Who = vals[0]
			}
			for _, v := range vals {
				o := q.Option(v)
				if o == nil {
					continue // content changed under a live session
				}
				a.Options = append(a.Options, o)
				if q.ID == RelationQuestion && out.Relation == nil {
					out.Relation = o
				}
				out.Urgent = out.Urgent || o.Urgent
				out.Escalate = out.Escalate || o.Escalate
				for _, t := range o.Tags {
					if !slices.Contains(out.Tags, t) {
						out.Tags = append(out.Tags, t)
					}
				}
				if len(o.Age) == 2 && out.AgeMax == 0 {
					out.AgeMin, out.AgeMax = o.Age[0], o.Age[1]
				}
				if len(o.ChildAge) == 2 {
					out.ChildAges = append(out.ChildAges, [2]int{o.ChildAge[0], o.ChildAge[1]})
				}
			}
		}
		out.Answers = append(out.Answers, a)
	}
	return out
}
