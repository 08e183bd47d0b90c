package chat_test

import (
	"bytes"
	"fmt"
	"maps"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/wegwijzer/wegwijzer/internal/chat"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
)

// Whole conversations, judged: testdata/conversations.yaml holds scripts
// of residents talking to the assistant, each with the share query a
// careful human assistant would end on. TestConversations drives them all
// and holds the share of conversations that end fully right to target.
const (
	conversationsFile = "testdata/conversations.yaml"
	// target is the share of conversations that must end exactly on
	// their want.
	target = 0.90
	// maxRest bounds the quick replies tapped after a script's turns.
	maxRest = 25
)

// Rest policies: what the resident does after the scripted turns, until
// the results show.
const (
	restSkip  = "skip"  // skip every question left (the default)
	restFirst = "first" // tap the first quick reply
)

// convScript is one scripted conversation of conversationsFile.
type convScript struct {
	Name  string     `yaml:"name"`
	Lang  string     `yaml:"lang"`
	Turns []convTurn `yaml:"turns"`
	Rest  string     `yaml:"rest"`
	Want  string     `yaml:"want"`
}

// convTurn is one message: text typed (Say) or a quick reply tapped
// (Choose).
type convTurn struct {
	Say    string `yaml:"say"`
	Choose string `yaml:"choose"`
}

func readScripts(tb testing.TB) []convScript {
	tb.Helper()
	raw, err := os.ReadFile(conversationsFile)
	if err != nil {
		tb.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	var scripts []convScript
	if err := dec.Decode(&scripts); err != nil {
		tb.Fatalf("%s: %v", conversationsFile, err)
	}
	names := map[string]bool{}
	for i, s := range scripts {
		where := fmt.Sprintf("%s: script %d (%q)", conversationsFile, i+1, s.Name)
		switch {
		case s.Name == "" || names[s.Name]:
			tb.Fatalf("%s: name missing or used twice", where)
		case !slices.Contains(i18n.Locales, s.Lang):
			tb.Fatalf("%s: lang %q is not a locale", where, s.Lang)
		case len(s.Turns) == 0:
			tb.Fatalf("%s: no turns", where)
		case s.Rest != "" && s.Rest != restSkip && s.Rest != restFirst:
			tb.Fatalf("%s: rest %q, want %s or %s", where, s.Rest, restSkip, restFirst)
		}
		names[s.Name] = true
		for j, t := range s.Turns {
			if (t.Say == "") == (t.Choose == "") {
				tb.Fatalf("%s: turn %d needs exactly one of say and choose", where, j+1)
			}
		}
		if _, err := url.ParseQuery(s.Want); err != nil || s.Want == "" {
			tb.Fatalf("%s: want %q is not a query: %v", where, s.Want, err)
		}
	}
	return scripts
}

// playedScript is how a script ended.
type playedScript struct {
	got url.Values
	// lines is the transcript: the question asked before each input, the
	// resident's input and the assistant's lines.
	lines []string
	// stuck says why the conversation did not reach the results, "" when
	// it did.
	stuck string
}

// playScript drives one script through the engine with a fresh
// conversation. Inputs go to Engine.Handle as conversation.say and
// .choose send them, the page language following the assistant's as it
// does in say, but a refused input ends this conversation (wrong)
// instead of the test: the suite judges the share, and the benchmark has
// no *testing.T.
func playScript(e *chat.Engine, d *flow.Def, s convScript) playedScript {
	conv := &conversation{e: e, lang: s.Lang}
	var p playedScript
	send := func(in chat.Input) bool {
		in.Lang = conv.lang
		asked := conv.st.Asked
		if asked == "" {
			asked = "-"
		}
		if conv.st.Hold {
			asked += ", hold"
		}
		if in.Text != "" {
			p.lines = append(p.lines, fmt.Sprintf("[%s] resident: %s", asked, in.Text))
		} else {
			p.lines = append(p.lines, fmt.Sprintf("[%s] resident taps %s", asked, in.Choice))
		}
		out := e.Handle(&conv.st, &conv.fs, in)
		if out.Err != "" {
			p.stuck = fmt.Sprintf("input refused: %s", out.Err)
			return false
		}
		if in.Text != "" {
			conv.lang = out.Lang
		}
		for _, t := range out.Turns {
			if !t.Bot {
				continue
			}
			kind := t.Lang
			if t.Kind != chat.KindText {
				kind += " " + t.Kind
			}
			line := fmt.Sprintf("    bot (%s): %s", kind, strings.ReplaceAll(t.Text, "\n", " / "))
			if len(t.Services) > 0 {
				line += fmt.Sprintf(" %v", t.Services)
			}
			p.lines = append(p.lines, line)
		}
		return true
	}
	ok := true
	for _, t := range s.Turns {
		if ok = send(chat.Input{Text: t.Say, Choice: t.Choose}); !ok {
			break
		}
	}
	for step := 0; ok && conv.fs.At != flow.AtResults; step++ {
		if step == maxRest {
			p.stuck = fmt.Sprintf("no results after %d quick replies (asked %q)", maxRest, conv.st.Asked)
			break
		}
		replies := conv.replies()
		var v string
		switch s.Rest {
		case restFirst:
			if len(replies) == 0 {
				p.stuck = fmt.Sprintf("no quick reply to tap (asked %q)", conv.st.Asked)
				ok = false
				continue
			}
			v = replies[0].Value
		default:
			// A resident who is only offered "go on" (urgent help on
			// screen) taps it: there is no skip to tap.
			v = chat.ChoiceSkip
			if len(replies) == 1 && replies[0].Value == chat.ChoiceGoOn {
				v = chat.ChoiceGoOn
			}
		}
		ok = send(chat.Input{Choice: v})
	}
	p.got = d.Encode(conv.fs)
	return p
}

// valueSets reads a share query as a set of values per key: the values of
// one answer are joined by "." (see flow.Def.Encode), and their order
// does not matter.
func valueSets(v url.Values) map[string][]string {
	out := map[string][]string{}
	for k, vs := range v {
		var set []string
		for _, joined := range vs {
			for part := range strings.SplitSeq(joined, ".") {
				if part = strings.TrimSpace(part); part != "" && !slices.Contains(set, part) {
					set = append(set, part)
				}
			}
		}
		slices.Sort(set)
		out[k] = set
	}
	return out
}

// shareDiff returns what differs between got and want, key by key, or nil
// when the conversation ended fully right.
func shareDiff(got, want url.Values) []string {
	g, w := valueSets(got), valueSets(want)
	keys := map[string]bool{}
	for k := range g {
		keys[k] = true
	}
	for k := range w {
		keys[k] = true
	}
	var out []string
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		gv, inG := g[k]
		wv, inW := w[k]
		switch {
		case !inG:
			out = append(out, fmt.Sprintf("%s missing (want %s)", k, strings.Join(wv, ".")))
		case !inW:
			out = append(out, fmt.Sprintf("%s=%s not wanted", k, strings.Join(gv, ".")))
		case !slices.Equal(gv, wv):
			out = append(out, fmt.Sprintf("%s=%s, want %s", k, strings.Join(gv, "."), strings.Join(wv, ".")))
		}
	}
	return out
}

// judgeScripts plays every script and returns how many ended fully
// right, with a report of each that did not.
func judgeScripts(e *chat.Engine, d *flow.Def, scripts []convScript) (right int, wrong []string) {
	for _, s := range scripts {
		p := playScript(e, d, s)
		want, _ := url.ParseQuery(s.Want) // checked by readScripts
		diffs := shareDiff(p.got, want)
		if len(diffs) == 0 && p.stuck == "" {
			right++
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "WRONG %q (%s)\n", s.Name, s.Lang)
		if p.stuck != "" {
			fmt.Fprintf(&b, "  stuck: %s\n", p.stuck)
		}
		fmt.Fprintf(&b, "  got:  %s\n  want: %s\n", p.got.Encode(), want.Encode())
		for _, d := range diffs {
			fmt.Fprintf(&b, "  - %s\n", d)
		}
		for _, l := range p.lines {
			fmt.Fprintf(&b, "  %s\n", l)
		}
		wrong = append(wrong, b.String())
	}
	return right, wrong
}

// TestConversations drives every script and fails when fewer than
// target of them end fully right. Each wrong conversation is logged with what it
// got, what it wanted and its transcript. It is fast, so it runs under
// -short too.
func TestConversations(t *testing.T) {
	e, c := newEngine(t)
	scripts := readScripts(t)
	right, wrong := judgeScripts(e, c.Flow, scripts)
	for _, w := range wrong {
		t.Log(w)
	}
	share := float64(right) / float64(len(scripts))
	t.Logf("conversations fully right: %d/%d (%.2f)", right, len(scripts), share)
	if share < target {
		t.Errorf("%d of %d conversations fully right (%.2f), want at least %.2f", right, len(scripts), share, target)
	}
}

// BenchmarkConversations times the whole set and prints, once, the share
// of conversations that end fully right.
func BenchmarkConversations(b *testing.B) {
	e, c := newEngine(b)
	scripts := readScripts(b)
	var right int
	for b.Loop() {
		right, _ = judgeScripts(e, c.Flow, scripts)
	}
	conversationsOnce.Do(func() {
		fmt.Printf("conversations fully right: %d/%d (%.2f)\n", right, len(scripts), float64(right)/float64(len(scripts)))
	})
}

// conversationsOnce prints the benchmark's figure once, however often it
// runs.
var conversationsOnce sync.Once
