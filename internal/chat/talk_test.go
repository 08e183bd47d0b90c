package chat_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/wegwijzer/wegwijzer/internal/chat"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
)

// urgentShown returns the crisis lines an output shows, nil for none.
func urgentShown(out chat.Output) []string {
	for _, turn := range out.Turns {
		if turn.Kind == chat.KindUrgent {
			return turn.Services
		}
	}
	return nil
}

// TestGreetingsInKind: greetings, thanks and small talk are answered in
// kind in every locale, never taken as a need, and offer the topics as
// buttons. The test clock reads 10:30 in the morning.
func TestGreetingsInKind(t *testing.T) {
	e, c := newEngine(t)
	for _, tc := range []struct{ lang, text, want string }{
		{"nl", "hallo", "chat.talk.morning"},
		{"nl", "goedemiddag", "chat.talk.morning"},
		{"nl", "kunt u mij helpen?", ""},
		{"en", "hello", "chat.talk.morning"},
		{"en", "thanks", "chat.talk.thanks"},
		{"pl", "dzień dobry", "chat.talk.morning"},
		{"tr", "merhaba", "chat.talk.morning"},
		{"ar", "مرحبا", "chat.talk.morning"},
		{"uk", "привіт", "chat.talk.morning"},
		{"fy", "goeie", "chat.talk.morning"},
	} {
		conv := &conversation{t: t, e: e, lang: tc.lang}
		out := conv.say(tc.text)
		if topics := c.Flow.Outcome(conv.fs).Topics; len(topics) > 0 {
			t.Errorf("%s %q: taken as a need: %v", tc.lang, tc.text, topics)
			continue
		}
		reply := lastBot(out).Text
		l := c.Messages.Localizer(tc.lang)
		if tc.want != "" && !strings.HasPrefix(reply, l.T(tc.want)) {
			t.Errorf("%s %q: answered %q, want it to start with %q", tc.lang, tc.text, reply, l.T(tc.want))
		}
		if reply == l.T("chat.miss1") {
			t.Errorf("%s %q: answered as not understood", tc.lang, tc.text)
		}
		r := conv.replies()
		if len(r) < 13 || !strings.HasPrefix(r[0].Value, chat.ChoiceTopic) {
			t.Errorf("%s %q: replies %v, want the topics as buttons", tc.lang, tc.text, r)
		}
	}
	// Thanks at the end is thanks, not a new need.
	conv := &conversation{t: t, e: e, lang: "nl"}
	conv.say("ik kan mijn rekeningen niet betalen")
	for conv.fs.At != flow.AtResults && len(conv.st.Turns) < 40 {
		conv.choose(chat.ChoiceSkip)
	}
	out := conv.say("dank je wel!")
	if got := c.Flow.Outcome(conv.fs).Topics; !slices.Equal(got, []string{"money"}) {
		t.Errorf("after thanks the topics are %v, want [money]", got)
	}
	if reply := lastBot(out).Text; !strings.HasPrefix(reply, c.Messages.Localizer("nl").T("chat.talk.thanks")) {
		t.Errorf("thanks answered %q", reply)
	}
}

// TestRoles: for whom comes from the message when it says it, and is not
// asked again; a lost partner and a parent's own child are the resident
// themself; a correction changes the answer.
func TestRoles(t *testing.T) {
	e, c := newEngine(t)
	for _, tc := range []struct {
		lang, text, who, relation, topic string
	}{
		{"nl", "ik ben zo eenzaam sinds mijn man is overleden", "self", "", "loneliness"},
		{"en", "I feel really lonely since my wife passed away", "self", "", "loneliness"},
		{"nl", "mijn moeder valt steeds", "carer", "mother", ""},
		{"nl", "mijn zoon van 14 luistert niet meer en we hebben steeds ruzie", "self", "", "parenting"},
	} {
		conv := &conversation{t: t, e: e, lang: tc.lang}
		conv.say(tc.text)
		out := c.Flow.Outcome(conv.fs)
		if out.Who != tc.who {
			t.Errorf("%q: who %q, want %q", tc.text, out.Who, tc.who)
		}
		rel := ""
		if out.Relation != nil {
			rel = out.Relation.ID
		}
		if rel != tc.relation {
			t.Errorf("%q: relation %q, want %q", tc.text, rel, tc.relation)
		}
		if tc.topic != "" && (len(out.Topics) == 0 || out.Topics[0] != tc.topic) {
			t.Errorf("%q: topics %v, want %s first", tc.text, out.Topics, tc.topic)
		}
		if q := conv.st.Asked; q == flow.WhoQuestion || q == flow.RelationQuestion {
			t.Errorf("%q: asks %q although the message said it", tc.text, q)
		}
	}
	conv := &conversation{t: t, e: e, lang: "nl"}
	conv.say("ik zoek hulp in het huishouden voor mijn moeder")
	conv.say("nee, voor mijn vader")
	if out := c.Flow.Outcome(conv.fs); out.Relation == nil || out.Relation.ID != "father" || out.Who != "carer" {
		t.Errorf("after the correction: who %q relation %+v, want carer for father", out.Who, out.Relation)
	}
}

// TestNotUrgent: figures of speech, the past and negations raise no
// crisis lines, in every locale; money beats mood in a message about
// bills.
func TestNotUrgent(t *testing.T) {
	e, c := newEngine(t)
	for _, tc := range []struct{ lang, text string }{
		{"nl", "die film was om dood te gaan zo saai"},
		{"nl", "ik werd vroeger geslagen maar nu gaat het goed"},
		{"en", "my feet are killing me after that walk"},
		{"pl", "boję się, że stracę mieszkanie"},
		{"tr", "gülmekten öldüm ya"},
		{"ar", "رح موت من الضحك"},
		{"uk", "я помираю від нудьги"},
		{"fy", "ik gean dea fan de ferfeling"},
	} {
		conv := &conversation{t: t, e: e, lang: tc.lang}
		out := conv.say(tc.text)
		if lines := urgentShown(out); lines != nil {
			t.Errorf("%s %q: crisis lines %v", tc.lang, tc.text, lines)
		}
		if got := c.Flow.Outcome(conv.fs).Topics; slices.Contains(got, "safety") || slices.Contains(got, "money") && tc.lang == "nl" {
			t.Errorf("%s %q: topics %v", tc.lang, tc.text, got)
		}
	}
	conv := &conversation{t: t, e: e, lang: "en"}
	out := conv.say("I lost my job and I'm drowning in bills")
	if lines := urgentShown(out); lines != nil {
		t.Errorf("drowning in bills: crisis lines %v", lines)
	}
	// Money words win over the mood words around them.
	got := c.Flow.Outcome(conv.fs).Topics
	if m := slices.Index(got, "money"); m < 0 || !slices.Contains(got, "work") || slices.Contains(got[:m], "mental") {
		t.Errorf("drowning in bills: topics %v, want money and work, money before mood", got)
	}
}

// TestChildNotSafeEveryLocale: a child not safe at home shows the crisis
// lines with Veilig Thuis at once, in every locale.
func TestChildNotSafeEveryLocale(t *testing.T) {
	e, _ := newEngine(t)
	msgs := map[string]string{
		"nl": "de kinderen zijn thuis niet veilig",
		"en": "the kids are not safe at home",
		"pl": "dzieci nie są bezpieczne w domu",
		"tr": "çocuklar evde güvende değil",
		"ar": "الأطفال مش بأمان في البيت",
		"uk": "діти вдома не в безпеці",
		"fy": "de bern binne thús net feilich",
	}
	for _, lang := range i18n.Locales {
		conv := &conversation{t: t, e: e, lang: lang}
		if lines := urgentShown(conv.say(msgs[lang])); !slices.Contains(lines, "veilig-thuis") {
			t.Errorf("%s %q: crisis lines %v, want Veilig Thuis", lang, msgs[lang], lines)
		}
	}
}

// TestStatedInPassing: an option of a question about the message's need,
// stated in the first message, is answered and not asked again; a typed
// answer to a multiple-choice question takes every option it names; an
// age typed while another question is asked still answers the age.
func TestStatedInPassing(t *testing.T) {
	e, c := newEngine(t)
	conv := &conversation{t: t, e: e, lang: "nl"}
	conv.say("ik heb schulden en weet niet wat ik moet doen")
	if got := conv.fs.Answers["money_what"]; !slices.Equal(got, []string{"debt"}) {
		t.Errorf("money_what = %v, want [debt]", got)
	}
	for conv.fs.At != flow.AtResults && len(conv.st.Turns) < 40 {
		if conv.st.Asked == "money_what" {
			t.Fatal("money_what asked although the message said it")
		}
		conv.choose(chat.ChoiceSkip)
	}

	conv = &conversation{t: t, e: e, lang: "nl"}
	conv.say("mijn moeder kan het huishouden niet meer alleen")
	if conv.st.Asked != "household_what" {
		t.Fatalf("asked %q, want household_what", conv.st.Asked)
	}
	conv.say("schoonmaken en boodschappen doen")
	if got := conv.fs.Answers["household_what"]; !slices.Contains(got, "cleaning") || !slices.Contains(got, "groceries") {
		t.Errorf("household_what = %v, want cleaning and groceries", got)
	}
	if conv.st.Asked != "age" {
		t.Fatalf("asked %q, want age", conv.st.Asked)
	}
	conv.say("ze is 84")
	if out := c.Flow.Outcome(conv.fs); out.AgeMin != 67 {
		t.Errorf("age %d-%d after 'ze is 84', want 67 and over", out.AgeMin, out.AgeMax)
	}
}

// TestUrgentOnce: urgent help shows when an answer calls for it, and not
// again at every later answer once the resident chose to go on.
func TestUrgentOnce(t *testing.T) {
	e, _ := newEngine(t)
	conv := &conversation{t: t, e: e, lang: "nl"}
	conv.say("ik heb geldzorgen")
	for conv.st.Asked != "money_when" && conv.fs.At != flow.AtResults && len(conv.st.Turns) < 40 {
		conv.choose(chat.ChoiceSkip)
	}
	if urgentShown(conv.choose(chat.ChoiceOption+"nofood")) == nil {
		t.Fatal("no urgent help after 'no food today'")
	}
	conv.choose(chat.ChoiceGoOn)
	for conv.fs.At != flow.AtResults && len(conv.st.Turns) < 60 {
		r := conv.replies()
		if len(r) == 0 {
			break
		}
		if out := conv.choose(r[0].Value); urgentShown(out) != nil {
			t.Fatalf("urgent help again after %q", r[0].Value)
		}
	}
}

// TestStripFormat: characters that reorder or hide text are dropped from
// what residents type; joiners Arabic and emoji need stay.
func TestStripFormat(t *testing.T) {
	for in, want := range map[string]string{
		"Anna\u202Egnp.exe":      "Annagnp.exe",
		"\uFEFFhallo\u200B daar": "hallo daar",
		"a\u2066b\u2069c":        "abc",
		"لا\u200Cإله":            "لا\u200Cإله",
		"👩\u200D👧":               "👩\u200D👧",
	} {
		if got := chat.StripFormat(in); got != want {
			t.Errorf("StripFormat(%q) = %q, want %q", in, got, want)
		}
	}
}
