package chat

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/internal/nlu"
)

// How much the assistant shows in the chat itself; the results page
// shows everything.
const (
	urgentShown    = 3
	tipsShown      = 2
	communityShown = 3
)

// postcodeDigits finds the four digits of a postcode without letters.
var postcodeDigits = regexp.MustCompile(`\b[1-9][0-9]{3}\b`)

// Engine answers messages. It is safe for concurrent use; each
// conversation's State is owned by its caller.
type Engine struct {
	content *content.Content
	model   *nlu.Model
	now     func() time.Time
	signals map[string]nlu.Signal
	match   map[string]*optionIndex // question id → its options' words
	loc     *time.Location          // the municipality's clock, for greetings
}

// New returns an engine over the content and a model trained from it.
func New(c *content.Content, m *nlu.Model, now func() time.Time) *Engine {
	e := &Engine{content: c, model: m, now: now, signals: map[string]nlu.Signal{}, match: map[string]*optionIndex{}, loc: time.Local}
	if loc, err := content.Amsterdam(); err == nil {
		e.loc = loc
	}
	for _, s := range c.NLU.Signals {
		e.signals[s.ID] = s
	}
	for _, q := range c.Flow.Questions {
		if len(q.Options) > 0 {
			e.match[q.ID] = newOptionIndex(q, c.Messages)
		}
	}
	return e
}

// Input is one message: free text, or a quick reply chosen.
type Input struct {
	// Lang is the language of the page the resident is on.
	Lang   string
	Text   string
	Choice string
}

// Output is what a message did.
type Output struct {
	// Lang is the language the assistant answered in: the resident's.
	Lang string
	// Turns are the turns added: the resident's, then the assistant's.
	Turns []Turn
	// Err is a message id when the input was refused; nothing changed.
	Err string
	// Outcome is what a typed message came to, for counting: Understood,
	// NotUnderstood or Urgent; "" for a quick reply or a refused input.
	Outcome string
}

// Outcomes of a typed message.
const (
	Understood    = "understood"
	NotUnderstood = "not_understood" // the assistant said it did not understand
	Urgent        = "urgent"         // crisis help was shown
)

// Handle takes one message, updates the conversation and the flow's
// answers, and returns the new turns.
func (e *Engine) Handle(st *State, fs *flow.State, in Input) Output {
	text := strings.TrimSpace(StripFormat(in.Text))
	lang := in.Lang
	if !e.content.Messages.Supported(lang) {
		lang = i18n.Default
	}
	switch {
	case text == "" && in.Choice == "":
		return Output{Lang: lang, Err: "chat.error.empty"}
	case utf8.RuneCountInString(text) > MaxText:
		return Output{Lang: lang, Err: "chat.error.too_long"}
	}
	c := &conv{e: e, st: st, fs: fs, lang: lang, d: e.content.Flow}
	if fs.Answers == nil {
		fs.Answers = map[string][]string{}
	}
	if text != "" {
		res := e.model.Classify(text, lang)
		if res.Lang != lang && e.content.Messages.Supported(res.Lang) {
			c.lang = res.Lang
		}
		c.turn(Turn{Lang: c.lang, Text: text})
		if c.lang != lang {
			c.say("chat.lang_switched")
		}
		c.text(text, res)
	} else {
		c.turn(Turn{Lang: c.lang, Text: e.Label(st, *fs, in.Choice, c.lang)})
		c.choice(in.Choice)
	}
	return Output{Lang: c.lang, Turns: c.added, Outcome: c.outcome(text)}
}

// outcome is what the typed text came to; "" for a quick reply.
func (c *conv) outcome(text string) string {
	switch {
	case text == "":
		return ""
	case slices.ContainsFunc(c.added, func(t Turn) bool { return t.Kind == KindUrgent }):
		return Urgent
	case c.missed:
		return NotUnderstood
	}
	return Understood
}

// conv is one message being handled.
type conv struct {
	e     *Engine
	d     *flow.Def
	st    *State
	fs    *flow.State
	lang  string
	added []Turn
	// stated are the answers ("question.option") the message's words
	// state, from the content's answer words.
	stated []string
	// urgentNew is set when an answer given in this message is urgent
	// ("I have no food today"); urgent help shows once for it, not again
	// at every later answer.
	urgentNew bool
	// missed: the assistant said it did not understand the message.
	missed bool
}

func (c *conv) turn(t Turn) {
	c.st.add(t)
	c.added = append(c.added, t)
}

func (c *conv) l() *i18n.Localizer { return c.e.content.Messages.Localizer(c.lang) }

// say adds the assistant's words: one paragraph per message id.
func (c *conv) say(ids ...string) { c.sayWith(nil, ids...) }

func (c *conv) sayWith(data map[string]any, ids ...string) {
	l := c.l()
	paras := make([]string, len(ids))
	for i, id := range ids {
		paras[i] = Plain(l.T(id, data))
	}
	c.turn(Turn{Bot: true, Lang: c.lang, Text: strings.Join(paras, "\n")})
}

// text handles free text: urgent help first, then an answer to the
// question asked, then new needs, then small talk answered in kind;
// otherwise it was not understood.
func (c *conv) text(text string, res nlu.Result) {
	needs := res.Needs(c.d.UrgentTopics)
	slots := c.slots(text, needs)
	c.stated = c.e.model.Stated(text)
	if res.Urgent() {
		if slots.Who == "" && len(c.fs.Answers[c.topicsQuestion().ID]) == 0 {
			slots.Who = "self" // as for a first need, below
		}
		c.urgent(res.Signals)
		c.fill(text, needs, slots) // for whom, age, place: not asked again after "go on"
		return
	}
	// Writing on after urgent help is choosing to go on.
	c.st.Hold = false
	if q := c.d.Question(c.st.Asked); q != nil && c.answerFrom(q, text, res, slots) {
		c.understood()
		// "No, it is for my neighbour, she is 90" answers the age and
		// corrects for whom; "no, I live with my parents" only answers.
		if slots.For && c.corrects(text, slots) {
			c.correct(slots)
		}
		c.fill(text, needs, slots)
		c.next()
		return
	}
	// "Nee, voor mijn vader": a short message that says for whom, other
	// than answered before, corrects that answer and names no new need.
	if c.corrects(text, slots) && c.correct(slots) {
		c.understood()
		c.fillOpen(text, nil, slots)
		c.next()
		return
	}
	// "ik bin 77", "Molenwyk": a few words that give an age or a place
	// while a question waits are that answer, whatever else the model
	// reads in them.
	if c.st.Asked != "" && len(strings.Fields(text)) <= shortAnswer {
		said := nlu.Slots{Years: slots.Years, Age: slots.Age, Postcode: slots.Postcode, Place: slots.Place}
		if c.fillOpen(text, nil, said) {
			c.understood()
			c.next()
			return
		}
	}
	if len(needs) > 0 {
		c.understood()
		if slots.Correction && c.replaceTopics(needs) {
			c.fill(text, needs, slots)
			c.next()
			return
		}
		// A first need told without naming anyone else is the writer's
		// own: "czuję się bardzo samotna" says "I" in its verb.
		if slots.Who == "" && len(c.fs.Answers[c.topicsQuestion().ID]) == 0 {
			slots.Who = "self"
		}
		if added := c.addTopics(needs); len(added) > 0 {
			if c.urgentTopic(added) {
				c.fill(text, needs, slots)
				return
			}
			id := "chat.understood"
			if len(c.fs.Answers[c.topicsQuestion().ID]) > len(added) {
				id = "chat.also"
			}
			c.sayWith(map[string]any{"Topics": c.topicList(added)}, id)
		}
		c.fill(text, needs, slots)
		c.next()
		return
	}
	// A village, a postcode or an age said on its own, while another
	// question is asked, still answers its own question.
	if c.fillOpen(text, needs, slots) {
		c.understood()
		c.next()
		return
	}
	// Small talk is answered in kind; while a question waits for its
	// answer, anything but a greeting, thanks or goodbye was an answer not
	// understood.
	if res.Talk != "" && !(res.Talk == nlu.TalkOther && c.st.Asked != "") {
		c.understood()
		c.talk(res.Talk)
		return
	}
	if q := c.d.Question(c.st.Asked); q != nil && q.Kind == flow.Place {
		c.missed = true
		c.say("chat.place_unknown")
		return
	}
	c.miss()
}

// slots are the facts text states, for whom read with its needs.
func (c *conv) slots(text string, needs []string) nlu.Slots {
	return c.e.model.SlotsFor(text, needs)
}

// correctionWords is how many words a message may have to be taken as
// correcting for whom, rather than telling something new: "nee, voor
// mijn vader", "it is for my neighbour"; twice as many when it starts
// with "nee" or "no".
const correctionWords = 6

// shortAnswer is how many words a message may have to be taken as an age
// when it ends in a number ("ik ben 45").
const shortAnswer = 4

// corrects reports whether a message says for whom ("voor", or starting
// with "nee"), differently from the answer already given, in a few
// words.
func (c *conv) corrects(text string, s nlu.Slots) bool {
	have := c.fs.Answers[flow.WhoQuestion]
	if s.Who == "" || len(have) == 0 || !s.For && !s.Correction {
		return false
	}
	if n := len(strings.Fields(text)); n > correctionWords && !(s.Correction && n <= 2*correctionWords) {
		return false
	}
	if have[0] != s.Who {
		return true
	}
	// Another person of the same kind ("mieszka z żoną" about a father
	// cared for) is a fact about them; only "nee, ..." changes whom.
	rel := c.fs.Answers[flow.RelationQuestion]
	return s.Correction && s.Relation != "" && !slices.Equal(rel, []string{s.Relation})
}

// correct replaces the answers for whom with what the message says, and
// reports whether anything changed.
func (c *conv) correct(s nlu.Slots) bool {
	changed := false
	for _, qid := range []string{flow.WhoQuestion, flow.RelationQuestion} {
		q := c.d.Question(qid)
		if q == nil {
			continue
		}
		v := c.slotOption(q, s)
		if v == "" || slices.Equal(c.fs.Answers[qid], []string{v}) {
			continue
		}
		if c.answer(q, []string{v}) {
			changed = true
		}
	}
	if changed {
		c.say("chat.noted")
	}
	return changed
}

// talk answers a message without a need in kind: a greeting with a
// greeting, thanks with "you're welcome", then the question still open,
// or what the resident needs help with.
func (c *conv) talk(kind string) {
	var ids []string
	switch kind {
	case nlu.TalkGreeting:
		ids = append(ids, greeting(c.e.now().In(c.e.loc)))
	case nlu.TalkThanks:
		ids = append(ids, "chat.talk.thanks")
	case nlu.TalkBye:
		c.say("chat.talk.bye")
		return
	default:
		ids = append(ids, "chat.talk.about")
	}
	q := c.d.Question(c.st.Asked)
	switch {
	case q != nil:
	case len(c.fs.Answers[c.topicsQuestion().ID]) == 0:
		ids = append(ids, "chat.ask_topics")
	case c.fs.At == flow.AtResults:
		ids = append(ids, "chat.talk.more")
	}
	c.sayWith(map[string]any{"Municipality": c.e.content.Catalog.Municipality.Name}, ids...)
	if q != nil || c.fs.At != flow.AtResults && len(c.fs.Answers[c.topicsQuestion().ID]) > 0 {
		c.next()
	}
}

// greeting is the message id that greets for the time of day.
func greeting(now time.Time) string {
	switch h := now.Hour(); {
	case h >= 6 && h < 12:
		return "chat.talk.morning"
	case h >= 12 && h < 18:
		return "chat.talk.afternoon"
	case h >= 18:
		return "chat.talk.evening"
	}
	return "chat.talk.hello"
}

func (c *conv) understood() { c.st.Misses = 0 }

// miss says plainly that the message was not understood; the second
// time in a row it offers the topics and a person to talk to.
func (c *conv) miss() {
	c.missed = true
	c.st.Misses++
	if c.st.Misses < 2 {
		c.say("chat.miss1")
		return
	}
	c.st.Asked = ""
	m := c.e.content.Catalog.Municipality
	hours, _ := m.Hours.In(c.lang)
	c.sayWith(map[string]any{"Municipality": m.Name, "Phone": m.Phone, "Hours": hours}, "chat.miss2", "chat.human")
}

// choice handles a quick reply.
func (c *conv) choice(v string) {
	q := c.d.Question(c.st.Asked)
	switch {
	case v == ChoiceGoOn:
		c.st.Hold = false
	case v == ChoiceSkip:
		if q != nil && !slices.Contains(c.st.Skipped, q.ID) {
			c.st.Skipped = append(c.st.Skipped, q.ID)
		}
	case strings.HasPrefix(v, ChoiceTopic):
		c.understood()
		if c.urgentTopic(c.addTopics([]string{strings.TrimPrefix(v, ChoiceTopic)})) {
			return
		}
	case strings.HasPrefix(v, ChoiceOption) && q != nil && q.Option(strings.TrimPrefix(v, ChoiceOption)) != nil:
		c.understood()
		if c.answer(q, []string{strings.TrimPrefix(v, ChoiceOption)}) && c.urgentAnswered() {
			return
		}
	case strings.HasPrefix(v, ChoicePlace) && q != nil && q.Kind == flow.Place:
		if id := strings.TrimPrefix(v, ChoicePlace); c.e.content.Catalog.Place(id) != nil {
			c.answer(q, []string{content.PlacePrefix + id})
		}
	}
	c.next()
}

// answerFrom answers q from free text, when the text answers it.
func (c *conv) answerFrom(q *flow.Question, text string, res nlu.Result, slots nlu.Slots) bool {
	switch q.Kind {
	case flow.Topics:
		topics := res.Needs(c.d.UrgentTopics)
		if len(topics) == 0 {
			return false
		}
		c.urgentTopic(c.addTopics(topics))
		return true
	case flow.Place:
		if v := c.placeValue(slots); v != "" {
			return c.answer(q, []string{v})
		}
		// Asked for a place, four digits are a postcode, as the question
		// form takes them ("9991"); elsewhere they may be a year or an
		// amount.
		if m := postcodeDigits.FindString(text); m != "" {
			if p, err := catalog.ParsePostcode(m); err == nil {
				return c.answer(q, []string{p.String()})
			}
		}
		return false
	}
	if v := c.slotOption(q, slots); v != "" {
		return c.answer(q, []string{v})
	}
	if n := typedAge(text); n > 0 && slices.ContainsFunc(q.Options, func(o *flow.Option) bool { return len(o.Age)+len(o.ChildAge) > 0 }) {
		childQ := slices.ContainsFunc(q.Options, func(o *flow.Option) bool { return len(o.ChildAge) > 0 })
		if v := ageOption(q, n, slots.Relation == "child" || childQ && slots.Who != "self"); v != "" {
			return c.answer(q, []string{v})
		}
	}
	ids := c.e.match[q.ID].match(text, c.lang, q.Kind == flow.Multi)
	if said := c.statedFor(q); len(ids) == 0 && (len(said) == 1 || len(said) > 1 && q.Kind == flow.Multi) {
		ids = said
	}
	if q.Kind == flow.Multi && len(ids) > 0 {
		// "schoonmaken en boodschappen doen": every option named counts.
		for _, id := range c.e.match[q.ID].stated(text, c.lang) {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) > 0 {
		if !c.answer(q, ids) {
			return false
		}
		c.urgentAnswered()
		return true
	}
	return false
}

// answer records values for q through the flow engine, which checks
// them; it reports whether they were taken.
func (c *conv) answer(q *flow.Question, values []string) bool {
	st, _, err := c.d.Answer(*c.fs, q.ID, values)
	if err != nil {
		return false
	}
	for _, v := range values {
		if o := q.Option(v); o != nil && o.Urgent && !slices.Contains(c.fs.Answers[q.ID], v) {
			c.urgentNew = true
		}
	}
	*c.fs = st
	return true
}

// urgentAnswered shows urgent help when an answer just given calls for
// it (an option such as "I have no food today") and it is not shown
// already.
func (c *conv) urgentAnswered() bool {
	out := c.d.Outcome(*c.fs)
	if !out.Urgent || c.st.Hold || !c.urgentNew {
		return false
	}
	c.showUrgent(out.Topics, out.Tags)
	return true
}

// urgentTopic shows urgent help when one of the needs just added is
// urgent by the flow (safety), as choosing it in the question flow does.
func (c *conv) urgentTopic(added []string) bool {
	if !slices.ContainsFunc(added, func(t string) bool { return slices.Contains(c.d.UrgentTopics, t) }) {
		return false
	}
	out := c.d.Outcome(*c.fs)
	c.showUrgent(out.Topics, out.Tags)
	return true
}

// urgent records the signals as the flow answers they stand for and
// shows urgent help at once.
func (c *conv) urgent(signals []nlu.Scored) {
	var topics, tags []string
	for _, s := range signals {
		sig, ok := c.e.signals[s.ID]
		if !ok {
			continue
		}
		topics = append(topics, sig.Topic)
		tags = append(tags, sig.Tags...)
	}
	c.addTopics(topics)
	for _, s := range signals {
		sig := c.e.signals[s.ID]
		if q := c.d.Question(sig.Question); q != nil {
			values := []string{sig.Option}
			if q.Kind == flow.Multi {
				values = append(slices.Clone(c.fs.Answers[q.ID]), sig.Option)
			}
			c.answer(q, values)
		}
	}
	c.understood()
	c.showUrgent(topics, tags)
}

func (c *conv) showUrgent(topics, tags []string) {
	lines := c.e.content.Ladder().UrgentLines(topics, tags)
	ids := make([]string, 0, urgentShown)
	for _, it := range lines[:min(urgentShown, len(lines))] {
		ids = append(ids, it.Service.ID)
	}
	l := c.l()
	c.turn(Turn{Bot: true, Lang: c.lang, Kind: KindUrgent, Text: Plain(l.T("chat.urgent")), Services: ids})
	c.say("chat.urgent.go_on")
	c.st.Hold = true
	c.st.Asked = ""
}

// replaceTopics makes the new needs the flow's topics answer, for a
// correction ("nee, niet geld maar de post"); it reports whether it
// replaced anything.
func (c *conv) replaceTopics(needs []string) bool {
	tq := c.topicsQuestion()
	have := c.fs.Answers[tq.ID]
	if len(have) == 0 || slices.Equal(have, needs) {
		return false
	}
	// What corrects is what is new: "nee, niet geld maar de post" names
	// money too, but the resident takes it back.
	var topics []string
	for _, t := range needs {
		if catalog.IsTopic(t) && !slices.Contains(have, t) {
			topics = append(topics, t)
		}
	}
	if len(topics) == 0 || !c.answer(tq, topics) {
		return false
	}
	if c.urgentTopic(topics) {
		return true
	}
	c.sayWith(map[string]any{"Topics": c.topicList(topics)}, "chat.understood")
	return true
}

// fillOpen answers open questions from the place, age or for whom a
// message states, and reports whether it answered any. A message of
// four digits alone is a postcode.
func (c *conv) fillOpen(text string, needs []string, s nlu.Slots) bool {
	if s.Postcode == "" && s.Place == "" {
		if m := postcodeDigits.FindString(text); m != "" && strings.TrimSpace(text) == m {
			s.Postcode = m
		}
	}
	// "ik ben 45", "ze is 84": a short message, or its last part, that
	// ends in a number.
	parts := strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == '.' || r == ';' })
	if len(parts) == 0 {
		return false
	}
	if w := strings.Fields(parts[len(parts)-1]); s.Years == 0 && len(w) > 0 && len(w) <= shortAnswer {
		if n, err := strconv.Atoi(strings.Trim(w[len(w)-1], "!?")); err == nil && n >= 1 && n <= 110 {
			s.Years = n
		}
	}
	before := len(c.fs.Answers)
	c.fill(text, needs, s)
	return len(c.fs.Answers) > before
}

// addTopics adds needs to the flow's topics answer, keeping the order
// in which the resident named them, and returns the new ones.
func (c *conv) addTopics(topics []string) []string {
	tq := c.topicsQuestion()
	if tq.ID == "" {
		return nil
	}
	have := slices.Clone(c.fs.Answers[tq.ID])
	var added []string
	for _, t := range topics {
		if catalog.IsTopic(t) && !slices.Contains(have, t) {
			have = append(have, t)
			added = append(added, t)
		}
	}
	if len(added) > 0 {
		c.answer(tq, have)
	}
	return added
}

func (c *conv) topicsQuestion() *flow.Question { return c.e.topicsQuestion() }

func (c *conv) topicList(topics []string) string {
	l := c.l()
	names := make([]string, len(topics))
	for i, t := range topics {
		names[i] = l.T("topic." + t)
	}
	return strings.Join(names, ", ")
}

// fill answers questions still open from what the message said: for
// whom, the age group, the place. It never overwrites an answer.
//
// Other questions are answered too when the message states their options
// in passing: in the content's answer words ("mijn zoon spijbelt" answers
// what a parent's question is about), or, for a question about one need
// the message names, in the option's own label ("ik heb schulden en ...").
// The resident is not asked what they just said.
func (c *conv) fill(text string, needs []string, slots nlu.Slots) {
	for _, q := range c.d.Questions {
		if len(c.fs.Answers[q.ID]) > 0 || slices.Contains(c.st.Skipped, q.ID) || !c.d.Asked(q, *c.fs) {
			continue
		}
		var v string
		if q.Kind == flow.Place {
			v = c.placeValue(slots)
		} else {
			v = c.slotOption(q, slots)
		}
		if v != "" {
			c.answer(q, []string{v})
			continue
		}
		ids := c.statedFor(q)
		if len(ids) == 0 && len(q.Topics) == 1 && slices.Contains(needs, q.Topics[0]) {
			ids = c.e.match[q.ID].stated(text, c.lang)
		}
		// Said in passing, an urgent answer is the urgent model's to find
		// (it reads negations and the past: "nie chcę się zabić"); it is
		// recorded when the resident answers its question, or from an
		// urgent signal.
		ids = slices.DeleteFunc(ids, func(id string) bool { return q.Option(id).Urgent })
		if len(ids) == 1 || len(ids) > 1 && q.Kind == flow.Multi {
			c.answer(q, ids)
		}
	}
}

// statedFor returns the options of q the message's words state.
func (c *conv) statedFor(q *flow.Question) []string {
	var ids []string
	for _, id := range c.stated {
		if qid, oid, _ := strings.Cut(id, "."); qid == q.ID && q.Option(oid) != nil {
			ids = append(ids, oid)
		}
	}
	return ids
}

// slotOption returns the option of q a slot fills: "who" and the
// relation from words about someone else, the age questions from an age.
func (c *conv) slotOption(q *flow.Question, s nlu.Slots) string {
	if q.ID == flow.WhoQuestion && s.Who != "" && q.Option(s.Who) != nil {
		return s.Who
	}
	if q.ID == flow.RelationQuestion {
		if s.Who == "carer" && s.Relation != "" && q.Option(s.Relation) != nil {
			return s.Relation
		}
		return ""
	}
	age := s.Years
	if age == 0 {
		age = map[string]int{"young": 12, "adult": 40, "senior": 75}[s.Age]
	}
	if age == 0 {
		return ""
	}
	return ageOption(q, age, s.Relation == "child")
}

// ageOption returns the option of q that holds age: a child's age when
// the message is about a child, else the age of the person the help is
// for.
func ageOption(q *flow.Question, age int, child bool) string {
	in := func(r []int) bool {
		return len(r) == 2 && r[0] <= age && (age <= r[1] || r[1] == 0)
	}
	for _, o := range q.Options {
		if child && in(o.ChildAge) || !child && in(o.Age) {
			return o.ID
		}
	}
	return ""
}

// bareAge finds an age typed on its own ("82", "ik ben 82", "ze is 84")
// when an age question is asked: a number from 1 to 110.
var bareAge = regexp.MustCompile(`(?:^|\D)(\d{1,3})(?:\D|$)`)

func typedAge(text string) int {
	for _, m := range bareAge.FindAllStringSubmatch(text, -1) {
		if n, err := strconv.Atoi(m[1]); err == nil && n >= 1 && n <= 110 {
			return n
		}
	}
	return 0
}

// placeValue turns a postcode or village in the message into the flow's
// place answer.
func (c *conv) placeValue(s nlu.Slots) string {
	if s.Postcode != "" {
		if p, err := catalog.ParsePostcode(s.Postcode); err == nil {
			return p.String()
		}
	}
	if s.Place != "" {
		return content.PlacePrefix + s.Place
	}
	return ""
}

// next asks the first question still open, or shows the results.
func (c *conv) next() {
	if c.st.Hold {
		return
	}
	if len(c.fs.Answers[c.topicsQuestion().ID]) == 0 {
		// Nothing understood yet: ask in the assistant's own words.
		c.st.Asked = ""
		if c.st.Misses < 2 {
			c.say("chat.ask_topics")
		}
		return
	}
	for _, q := range c.d.Questions {
		if len(c.fs.Answers[q.ID]) > 0 || slices.Contains(c.st.Skipped, q.ID) || !c.d.Asked(q, *c.fs) {
			continue
		}
		c.ask(q)
		return
	}
	c.results()
}

func (c *conv) ask(q *flow.Question) {
	c.st.Asked = q.ID
	c.fs.At = q.ID
	l := c.l()
	paras := []string{Plain(c.e.content.QuestionText(l, q, c.d.Outcome(*c.fs)))}
	if q.Hint != "" {
		paras = append(paras, Plain(l.T(q.Hint)))
	}
	if q.Kind == flow.Place {
		paras = append(paras, Plain(l.T("chat.place_how")))
	}
	c.turn(Turn{Bot: true, Lang: c.lang, Text: strings.Join(paras, "\n")})
}

// results ends the flow: the first rungs of the ladder in the chat, the
// whole ladder on the results page.
func (c *conv) results() {
	c.st.Asked = ""
	c.fs.At = flow.AtResults
	out := c.d.Outcome(*c.fs)
	a := c.e.content.Advise(c.e.content.Input(out, c.e.now()))
	t := Turn{Bot: true, Lang: c.lang, Kind: KindResults, Results: true, Text: Plain(c.l().T("chat.results"))}
	// The best of each need first, in the resident's order: one tip and
	// one service per need before the second of any.
	t.Tips = roundRobin(len(a.Self), tipsShown, func(g, i int) (string, bool) {
		if tips := a.Self[g].Tips; i < len(tips) {
			return tips[i].Tip.ID, true
		}
		return "", false
	})
	t.Services = roundRobin(len(a.Community), communityShown, func(g, i int) (string, bool) {
		if items := a.Community[g].Items; i < len(items) {
			return items[i].Service.ID, true
		}
		return "", false
	})
	c.turn(t)
}

// roundRobin takes up to n ids from groups, the first of each group
// before the second of any; at(g, i) is the i-th of group g.
func roundRobin(groups, n int, at func(g, i int) (string, bool)) []string {
	var ids []string
	for i := 0; len(ids) < n; i++ {
		more := false
		for g := 0; g < groups && len(ids) < n; g++ {
			if id, ok := at(g, i); ok {
				ids, more = append(ids, id), true
			}
		}
		if !more {
			break
		}
	}
	return ids
}

// Replies returns the quick replies for the conversation's last turn.
func (e *Engine) Replies(st *State, fs flow.State, lang string) []Reply {
	l := e.content.Messages.Localizer(lang)
	d := e.content.Flow
	switch {
	case st.Hold:
		return []Reply{{Value: ChoiceGoOn, Label: l.T("chat.go_on")}}
	case st.Misses >= 2 || len(st.Turns) > 0 && st.Asked == "" && len(fs.Answers[e.topicsQuestion().ID]) == 0:
		out := make([]Reply, 0, len(catalog.Topics))
		for _, t := range catalog.Topics {
			out = append(out, Reply{Value: ChoiceTopic + t, Label: l.T("topic." + t)})
		}
		return out
	}
	q := d.Question(st.Asked)
	if q == nil {
		return nil
	}
	var out []Reply
	switch q.Kind {
	case flow.Topics:
		for _, t := range catalog.Topics {
			out = append(out, Reply{Value: ChoiceTopic + t, Label: l.T("topic." + t)})
		}
	case flow.Place:
		for _, p := range e.content.Catalog.Places {
			out = append(out, Reply{Value: ChoicePlace + p.ID, Label: p.Name})
		}
	default:
		outcome := d.Outcome(fs)
		for _, o := range q.Options {
			out = append(out, Reply{Value: ChoiceOption + o.ID, Label: e.content.OptionLabel(l, o, outcome)})
		}
	}
	return append(out, Reply{Value: ChoiceSkip, Label: l.T("question.skip")})
}

// topicsQuestion is the flow's question for the needs (content checks
// that there is one).
func (e *Engine) topicsQuestion() *flow.Question {
	for _, q := range e.content.Flow.Questions {
		if q.Kind == flow.Topics {
			return q
		}
	}
	return &flow.Question{}
}

// Label is what a quick reply says, for the transcript.
func (e *Engine) Label(st *State, fs flow.State, choice, lang string) string {
	l := e.content.Messages.Localizer(lang)
	switch {
	case choice == ChoiceGoOn:
		return l.T("chat.go_on")
	case choice == ChoiceSkip:
		return l.T("question.skip")
	case strings.HasPrefix(choice, ChoiceTopic):
		if t := strings.TrimPrefix(choice, ChoiceTopic); catalog.IsTopic(t) {
			return l.T("topic." + t)
		}
	case strings.HasPrefix(choice, ChoicePlace):
		if p := e.content.Catalog.Place(strings.TrimPrefix(choice, ChoicePlace)); p != nil {
			return p.Name
		}
	case strings.HasPrefix(choice, ChoiceOption):
		if q := e.content.Flow.Question(st.Asked); q != nil {
			if o := q.Option(strings.TrimPrefix(choice, ChoiceOption)); o != nil {
				return e.content.OptionLabel(l, o, e.content.Flow.Outcome(fs))
			}
		}
	}
	return l.T("chat.choice_unknown")
}
