package chat_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	democontent "github.com/wegwijzer/wegwijzer/content"
	"github.com/wegwijzer/wegwijzer/internal/chat"
	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/locales"
)

var (
	once   sync.Once
	engine *chat.Engine
	demo   *content.Content
	err    error
)

func newEngine(t testing.TB) (*chat.Engine, *content.Content) {
	t.Helper()
	once.Do(func() {
		demo, err = content.Load(democontent.Demo, locales.FS)
		if err != nil {
			return
		}
		m, merr := demo.Model()
		if merr != nil {
			err = merr
			return
		}
		loc, _ := time.LoadLocation("Europe/Amsterdam")
		now := func() time.Time { return time.Date(2026, 11, 24, 10, 30, 0, 0, loc) }
		engine = chat.New(demo, m, now)
	})
	if err != nil {
		t.Fatal(err)
	}
	return engine, demo
}

// conversation is one resident talking to the assistant.
type conversation struct {
	t    *testing.T
	e    *chat.Engine
	st   chat.State
	fs   flow.State
	lang string
}

func (c *conversation) say(text string) chat.Output {
	c.t.Helper()
	out := c.e.Handle(&c.st, &c.fs, chat.Input{Lang: c.lang, Text: text})
	if out.Err != "" {
		c.t.Fatalf("%q refused: %s", text, out.Err)
	}
	c.lang = out.Lang
	return out
}

func (c *conversation) choose(value string) chat.Output {
	c.t.Helper()
	out := c.e.Handle(&c.st, &c.fs, chat.Input{Lang: c.lang, Choice: value})
	if out.Err != "" {
		c.t.Fatalf("choice %q refused: %s", value, out.Err)
	}
	return out
}

func (c *conversation) replies() []chat.Reply { return c.e.Replies(&c.st, c.fs, c.lang) }

func lastBot(out chat.Output) chat.Turn {
	for i := len(out.Turns) - 1; i >= 0; i-- {
		if out.Turns[i].Bot {
			return out.Turns[i]
		}
	}
	return chat.Turn{}
}

// TestToResults: a first message in the resident's words, then quick
// replies, ends in the flow's results with the same answers the question
// flow would hold.
func TestToResults(t *testing.T) {
	e, c := newEngine(t)
	conv := &conversation{t: t, e: e, lang: "nl"}
	out := conv.say("ik kan mijn rekeningen niet meer betalen en heb schulden")
	if got := c.Flow.Outcome(conv.fs).Topics; !slices.Equal(got, []string{"money"}) {
		t.Fatalf("topics %v, want [money]", got)
	}
	if out.Turns[0].Bot || out.Turns[0].Text == "" {
		t.Fatalf("first turn is not the resident's: %+v", out.Turns[0])
	}
	for step := 0; conv.fs.At != flow.AtResults; step++ {
		if step > 20 {
			t.Fatalf("no results after 20 answers; asked %q", conv.st.Asked)
		}
		r := conv.replies()
		if len(r) == 0 {
			t.Fatalf("question %q has no quick replies", conv.st.Asked)
		}
		conv.choose(r[0].Value)
	}
	last := conv.st.Turns[len(conv.st.Turns)-1]
	if last.Kind != chat.KindResults || !last.Results || len(last.Services) == 0 || len(last.Tips) == 0 {
		t.Fatalf("last turn is not the results with tips and services: %+v", last)
	}
	for _, id := range last.Services {
		if s := c.Catalog.Service(id); s == nil || s.Level != "community" {
			t.Errorf("results show %s, want community services (voorliggend veld) first", id)
		}
	}
	if len(c.Flow.Outcome(conv.fs).Answers) < 3 {
		t.Errorf("answers not kept in the flow state: %+v", conv.fs)
	}
}

// TestUrgentEveryLocale: acute danger shows urgent help at once, in the
// resident's language, and the assistant waits until they choose to go on.
func TestUrgentEveryLocale(t *testing.T) {
	e, _ := newEngine(t)
	msgs := map[string]string{
		"nl": "mijn man slaat me en ik ben bang",
		"en": "i dont want to live anymore",
		"pl": "mąż mnie bije, boję się wrócić do domu",
		"tr": "kocam beni dövüyor, çok korkuyorum",
		"ar": "زوجي يضربني وأنا خائفة",
		"uk": "я не хочу більше жити",
		"fy": "ik wol net mear libje",
	}
	for _, lang := range i18n.Locales {
		t.Run(lang, func(t *testing.T) {
			conv := &conversation{t: t, e: e, lang: "nl"}
			out := conv.say(msgs[lang])
			if out.Lang != lang {
				t.Errorf("answered in %s, want %s", out.Lang, lang)
			}
			var urgent *chat.Turn
			for i := range out.Turns {
				if out.Turns[i].Kind == chat.KindUrgent {
					urgent = &out.Turns[i]
				}
			}
			if urgent == nil {
				t.Fatalf("no urgent turn for %q: %+v", msgs[lang], out.Turns)
			}
			if urgent.Lang != lang || len(urgent.Services) == 0 {
				t.Errorf("urgent turn in %s with %v", urgent.Lang, urgent.Services)
			}
			if r := conv.replies(); len(r) != 1 || r[0].Value != chat.ChoiceGoOn {
				t.Errorf("replies while urgent help shows: %+v, want only go on", r)
			}
			// A second urgent message keeps the help on top; choosing to go
			// on asks the next question.
			conv.choose(chat.ChoiceGoOn)
			if conv.st.Hold || conv.st.Asked == "" {
				t.Errorf("after go on: hold %v, asked %q", conv.st.Hold, conv.st.Asked)
			}
		})
	}
}

// TestUrgentSetsFlowAnswer: the signal is recorded as the flow's own
// urgent answer, so the results page shows urgent help too.
func TestUrgentSetsFlowAnswer(t *testing.T) {
	e, c := newEngine(t)
	conv := &conversation{t: t, e: e, lang: "nl"}
	conv.say("ik heb vandaag helemaal geen eten in huis voor de kinderen")
	out := c.Flow.Outcome(conv.fs)
	if !out.Urgent || !slices.Contains(out.Topics, "money") {
		t.Fatalf("outcome %+v, want urgent money", out)
	}
}

// TestSlots: who, age group and village come from the message, and
// those questions are not asked again.
func TestSlots(t *testing.T) {
	e, c := newEngine(t)
	conv := &conversation{t: t, e: e, lang: "nl"}
	conv.say("mijn moeder van 84 is eenzaam, ze woont in Heidehoek")
	out := c.Flow.Outcome(conv.fs)
	if out.Who != "carer" || out.AgeMin != 67 || out.Place != content.PlacePrefix+"heidehoek" {
		t.Fatalf("outcome who %q age %d-%d place %q; want carer, senior, heidehoek", out.Who, out.AgeMin, out.AgeMax, out.Place)
	}
	if q := conv.st.Asked; q == "who" || q == "age" || q == "place" {
		t.Errorf("asked %q although the message said it", q)
	}
	for conv.fs.At != flow.AtResults && len(conv.st.Turns) < 40 {
		if q := conv.st.Asked; q == "who" || q == "age" || q == "place" {
			t.Errorf("asked %q although the message said it", q)
		}
		conv.choose(chat.ChoiceSkip)
	}
	// A postcode typed at the place question is the flow's answer.
	conv2 := &conversation{t: t, e: e, lang: "en"}
	conv2.say("I feel lonely, I am 80 years old and live in 9993 AB")
	if p := c.Flow.Outcome(conv2.fs).Place; p != "9993 AB" {
		t.Errorf("place %q, want 9993 AB", p)
	}
}

// TestTypedAnswer: a typed answer to a question picks the option it names.
func TestTypedAnswer(t *testing.T) {
	e, c := newEngine(t)
	conv := &conversation{t: t, e: e, lang: "nl"}
	conv.say("ik zoek hulp voor mezelf met mijn geldzaken")
	for conv.st.Asked != "money_what" && conv.fs.At != flow.AtResults && len(conv.st.Turns) < 40 {
		conv.choose(chat.ChoiceSkip)
	}
	if conv.st.Asked != "money_what" {
		t.Fatalf("money_what never asked")
	}
	conv.say("de stroom is zo duur")
	if got := conv.fs.Answers["money_what"]; !slices.Contains(got, "energy") {
		t.Errorf("money_what = %v after typing about electricity, want energy", got)
	}
	_ = c
}

// TestTwoMisses: the second message not understood in a row says so
// plainly, offers the topics and a person to call.
func TestTwoMisses(t *testing.T) {
	e, c := newEngine(t)
	conv := &conversation{t: t, e: e, lang: "nl"}
	first := lastBot(conv.say("qwerty zxcv"))
	if first.Text == "" || strings.Contains(first.Text, c.Catalog.Municipality.Phone) {
		t.Errorf("first miss: %q", first.Text)
	}
	second := lastBot(conv.say("asdf jkl"))
	if !strings.Contains(second.Text, c.Catalog.Municipality.Phone) {
		t.Errorf("second miss does not offer a person: %q", second.Text)
	}
	r := conv.replies()
	if len(r) != 13 || !strings.HasPrefix(r[0].Value, chat.ChoiceTopic) {
		t.Errorf("second miss replies %+v, want the 13 topics", r)
	}
	conv.choose(chat.ChoiceTopic + "language")
	if conv.st.Misses != 0 || !slices.Contains(c.Flow.Outcome(conv.fs).Topics, "language") {
		t.Errorf("after choosing a topic: misses %d, topics %v", conv.st.Misses, c.Flow.Outcome(conv.fs).Topics)
	}
}

// TestLanguageDetected: a message in another language than the page is
// answered in the resident's language.
func TestLanguageDetected(t *testing.T) {
	e, _ := newEngine(t)
	conv := &conversation{t: t, e: e, lang: "nl"}
	out := conv.say("I received a letter from the municipality and I do not understand it")
	if out.Lang != "en" || lastBot(out).Lang != "en" {
		t.Errorf("answered in %s, want en", out.Lang)
	}
}

// TestRefused: empty and too long messages are refused without changing
// anything.
func TestRefused(t *testing.T) {
	e, _ := newEngine(t)
	var st chat.State
	var fs flow.State
	for _, tc := range []struct{ text, err string }{
		{"   ", "chat.error.empty"},
		{strings.Repeat("a", chat.MaxText+1), "chat.error.too_long"},
	} {
		out := e.Handle(&st, &fs, chat.Input{Lang: "nl", Text: tc.text})
		if out.Err != tc.err || len(st.Turns) != 0 || len(fs.Answers) != 0 {
			t.Errorf("%.10q: err %q, turns %d, answers %v", tc.text, out.Err, len(st.Turns), fs.Answers)
		}
	}
}

// TestBounded: the transcript keeps the last MaxTurns turns.
func TestBounded(t *testing.T) {
	e, _ := newEngine(t)
	conv := &conversation{t: t, e: e, lang: "nl"}
	for range chat.MaxTurns {
		conv.say("hallo")
	}
	if n := len(conv.st.Turns); n != chat.MaxTurns {
		t.Errorf("%d turns kept, want %d", n, chat.MaxTurns)
	}
	// Long messages: at most MaxBytes are kept, the newest turns.
	conv = &conversation{t: t, e: e, lang: "nl"}
	for i := range 30 {
		conv.say(fmt.Sprintf("bericht %d %s", i, strings.Repeat("ik weet het niet meer ", 45)))
	}
	b, _ := json.Marshal(conv.st)
	if len(b) > chat.MaxBytes {
		t.Errorf("conversation of %d bytes stored, want at most %d", len(b), chat.MaxBytes)
	}
	if !slices.ContainsFunc(conv.st.Turns, func(tu chat.Turn) bool { return strings.HasPrefix(tu.Text, "bericht 29 ") }) {
		t.Error("the newest message was dropped")
	}
}

func TestPlain(t *testing.T) {
	for in, want := range map[string]string{
		"Bel <b>112</b>":                 "Bel 112",
		"<script>alert(1)</script>Hallo": "Hallo",
		"Tom &amp; Jerry":                "Tom & Jerry",
		"gewoon tekst":                   "gewoon tekst",
	} {
		if got := chat.Plain(in); got != want {
			t.Errorf("Plain(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSafetyNeedShowsCrisisLines: a message whose needs include safety,
// or the safety topic chosen as a quick reply, shows the crisis lines at
// once, as choosing safety in the question flow does.
func TestSafetyNeedShowsCrisisLines(t *testing.T) {
	e, _ := newEngine(t)
	urgentTurn := func(out chat.Output) []string {
		for _, turn := range out.Turns {
			if turn.Kind == chat.KindUrgent {
				return turn.Services
			}
		}
		return nil
	}
	for _, tc := range []struct{ lang, text string }{
		{"nl", "de kinderen zijn thuis niet veilig"},
		{"en", "the children are not safe at home"},
		{"nl", "ik voel me thuis niet veilig"},
	} {
		conv := &conversation{t: t, e: e, lang: tc.lang}
		lines := urgentTurn(conv.say(tc.text))
		if !slices.Contains(lines, "veilig-thuis") {
			t.Errorf("%q: crisis lines %v, want Veilig Thuis among them", tc.text, lines)
		}
	}
	conv := &conversation{t: t, e: e, lang: "nl"}
	conv.say("hallo")
	if lines := urgentTurn(conv.choose(chat.ChoiceTopic + "safety")); len(lines) == 0 {
		t.Error("choosing safety as a quick reply shows no crisis lines")
	}
}

// TestFourDigitPostcode: asked for the place, four digits are taken as a
// postcode, as the question form takes them.
func TestFourDigitPostcode(t *testing.T) {
	e, c := newEngine(t)
	conv := &conversation{t: t, e: e, lang: "nl"}
	conv.say("ik kan mijn rekeningen niet betalen")
	for conv.st.Asked != "place" && conv.fs.At != flow.AtResults && len(conv.st.Turns) < 40 {
		conv.choose(chat.ChoiceSkip)
	}
	if conv.st.Asked != "place" {
		t.Fatal("the place question was not asked")
	}
	conv.say("9991")
	if p := c.Flow.Outcome(conv.fs).Place; p != "9991" {
		t.Errorf("place %q, want 9991", p)
	}
	if conv.fs.At != flow.AtResults {
		t.Errorf("at %q after the postcode, want the results", conv.fs.At)
	}
}

// TestOutcome: what a typed message came to, as counted in the metrics.
func TestOutcome(t *testing.T) {
	e, _ := newEngine(t)
	conv := &conversation{t: t, e: e, lang: "nl"}
	for _, c := range []struct{ text, want string }{
		{"ik voel me zo alleen", chat.Understood},
		{"qwerty zxcv", chat.NotUnderstood},
		{"ik wil niet meer leven", chat.Urgent},
	} {
		if got := conv.say(c.text).Outcome; got != c.want {
			t.Errorf("%q: outcome %q, want %q", c.text, got, c.want)
		}
	}
	if got := conv.choose(chat.ChoiceGoOn).Outcome; got != "" {
		t.Errorf("quick reply: outcome %q, want none", got)
	}
	if out := e.Handle(&conv.st, &conv.fs, chat.Input{Lang: "nl", Text: " "}); out.Err == "" || out.Outcome != "" {
		t.Errorf("empty message: %+v, want refused without an outcome", out)
	}
}
