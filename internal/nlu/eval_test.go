package nlu_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	democontent "github.com/wegwijzer/wegwijzer/content"
	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/internal/nlu"
	"github.com/wegwijzer/wegwijzer/locales"
)

// A case is one line of an evaluation set: a message as a resident wrote
// it, with the topics and urgency a person reads in it. No topics means
// the message holds no need (a greeting, thanks, small talk). Who, when
// set, is for whom the message asks ("self" or "carer"); Kind names the
// sort of message (none, role, figure, past, negation, urgent, multi,
// plain), for reading the misses.
type evalCase struct {
	Text   string   `json:"text"`
	Topics []string `json:"topics"`
	Urgent bool     `json:"urgent"`
	Who    string   `json:"who,omitempty"`
	Kind   string   `json:"kind,omitempty"`
}

var (
	demoOnce  sync.Once
	demoModel *nlu.Model
	demoData  *content.Content
	demoErr   error
)

// demo trains the model of the demo content once per test binary.
func demo(tb testing.TB) (*nlu.Model, *content.Content) {
	tb.Helper()
	demoOnce.Do(func() {
		demoData, demoErr = content.Load(democontent.Demo, locales.FS)
		if demoErr == nil {
			demoModel, demoErr = demoData.Model()
		}
	})
	if demoErr != nil {
		tb.Fatal(demoErr)
	}
	return demoModel, demoData
}

func readCases(tb testing.TB, set, lang string) []evalCase {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", set, lang+".jsonl"))
	if err != nil {
		tb.Fatalf("%s set for %s: %v", set, lang, err)
	}
	defer f.Close()
	var out []evalCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		var c evalCase
		err := json.Unmarshal(sc.Bytes(), &c)
		if err == nil && (c.Who != "" && c.Who != "self" && c.Who != "carer" || c.Urgent && len(c.Topics) == 0) {
			err = fmt.Errorf("who %q, urgent %v with topics %v", c.Who, c.Urgent, c.Topics)
		}
		if err != nil || c.Text == "" {
			tb.Fatalf("testdata/%s/%s.jsonl:%d: want {\"text\":..,\"topics\":[..],\"urgent\":..}: %v", set, lang, n, err)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// metrics are the figures the issue asks for, per locale and set. Top-1
// and top-3 count the messages with a need; no-need accuracy the ones
// without (right when no topic and no danger comes out).
type metrics struct {
	n, top1, top3          int
	none, noneRight        int
	urgent, urgentFound    int
	calm, calmFlagged      int
	who, whoRight, whoFlip int
	wrongLang              int
	misses, falseUrgentEx  []string
}

func (m *metrics) add(o metrics) {
	m.n += o.n
	m.top1 += o.top1
	m.top3 += o.top3
	m.none += o.none
	m.noneRight += o.noneRight
	m.urgent += o.urgent
	m.urgentFound += o.urgentFound
	m.calm += o.calm
	m.calmFlagged += o.calmFlagged
	m.who += o.who
	m.whoRight += o.whoRight
	m.whoFlip += o.whoFlip
	m.wrongLang += o.wrongLang
}

func (m metrics) rate(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (m metrics) Top1() float64      { return m.rate(m.top1, m.n) }
func (m metrics) Top3() float64      { return m.rate(m.top3, m.n) }
func (m metrics) NoNeed() float64    { return m.rate(m.noneRight, m.none) }
func (m metrics) Recall() float64    { return m.rate(m.urgentFound, m.urgent) }
func (m metrics) FalsePos() float64  { return 1 - m.rate(m.calm-m.calmFlagged, m.calm) }
func (m metrics) Who() float64       { return m.rate(m.whoRight, m.who) }
func (m metrics) WhoFlip() float64   { return 1 - m.rate(m.who-m.whoFlip, m.who) }
func (m metrics) LangRight() float64 { return m.rate(m.n+m.none-m.wrongLang, m.n+m.none) }

// evaluate classifies each case with the page language as hint.
func evaluate(model *nlu.Model, lang string, cases []evalCase, hint string) metrics {
	var m metrics
	for _, c := range cases {
		res := model.Classify(c.Text, hint)
		got := res.TopicIDs()
		kind := ""
		if c.Kind != "" {
			kind = c.Kind + ": "
		}
		if len(c.Topics) == 0 {
			m.none++
			if len(got) == 0 && !res.Urgent() {
				m.noneRight++
			} else {
				m.misses = append(m.misses, fmt.Sprintf("%sNEED FOUND %q got %v", kind, c.Text, got))
			}
		} else {
			m.n++
			if len(got) > 0 && slices.Contains(c.Topics, got[0]) {
				m.top1++
			} else {
				m.misses = append(m.misses, fmt.Sprintf("%s%q want %v got %v", kind, c.Text, c.Topics, got))
			}
			for _, g := range got[:min(3, len(got))] {
				if slices.Contains(c.Topics, g) {
					m.top3++
					break
				}
			}
		}
		if c.Urgent {
			m.urgent++
			if res.Urgent() {
				m.urgentFound++
			} else {
				m.misses = append(m.misses, fmt.Sprintf("%sURGENT MISSED %q", kind, c.Text))
			}
		} else {
			m.calm++
			if res.Urgent() {
				m.calmFlagged++
				m.misses = append(m.misses, fmt.Sprintf("%sFALSE URGENT %q %v", kind, c.Text, res.Signals))
			}
		}
		if c.Who != "" {
			m.who++
			// As the assistant reads a first message: for whom from the
			// message and its needs, and a need told without naming anyone
			// else is the writer's own.
			needs := res.Needs(demoData.Flow.UrgentTopics)
			w := model.SlotsFor(c.Text, needs).Who
			if w == "" && len(needs) > 0 {
				w = "self"
			}
			if w == c.Who {
				m.whoRight++
			} else {
				if w != "" {
					m.whoFlip++ // the other role: worse than not knowing
				}
				m.misses = append(m.misses, fmt.Sprintf("%sWHO %q want %s got %q", kind, c.Text, c.Who, w))
			}
		}
		if res.Lang != lang {
			m.wrongLang++
		}
	}
	return m
}

// Targets. The development set holds the targets; the held-out
// set (written apart from the training data, never used to tune it) must
// stay within heldoutSlack of the development figures overall, and above
// a floor per locale. Urgent recall on the held-out set is printed and its
// misses named, not held: a held-out miss is fixed by new training phrases
// of its kind, never by tuning on the message.
const (
	devTop1, devTop1Locale = 0.90, 0.85
	devNoNeed              = 0.95
	devRecall              = 1.0
	devFalsePos            = 0.02
	heldoutSlack           = 0.05
	heldoutTop1Locale      = 0.80
)

// sets evaluates every locale of a set, and all of them together.
func sets(model *nlu.Model, set string, tb testing.TB) (map[string]metrics, metrics) {
	per := map[string]metrics{}
	var all metrics
	for _, lang := range i18n.Locales {
		m := evaluate(model, lang, readCases(tb, set, lang), lang)
		per[lang] = m
		all.add(m)
	}
	return per, all
}

func TestAccuracy(t *testing.T) {
	model, _ := demo(t)
	dev, devAll := sets(model, "dev", t)
	held, heldAll := sets(model, "heldout", t)
	for _, lang := range i18n.Locales {
		t.Run("dev/"+lang, func(t *testing.T) {
			m := dev[lang]
			if m.Top1() < devTop1Locale || m.Recall() < devRecall {
				t.Errorf("top-1 %.3f (want ≥ %.2f), urgent recall %.3f (want %.2f)", m.Top1(), devTop1Locale, m.Recall(), devRecall)
			}
			if t.Failed() || testing.Verbose() {
				for _, miss := range m.misses {
					t.Log(miss)
				}
			}
		})
		t.Run("heldout/"+lang, func(t *testing.T) {
			m := held[lang]
			if m.Top1() < heldoutTop1Locale {
				t.Errorf("top-1 %.3f (want ≥ %.2f)", m.Top1(), heldoutTop1Locale)
			}
			if testing.Verbose() {
				for _, miss := range m.misses {
					t.Log(miss)
				}
			}
		})
	}
	if devAll.Top1() < devTop1 || devAll.NoNeed() < devNoNeed || devAll.FalsePos() > devFalsePos {
		t.Errorf("dev overall: top-1 %.3f (want ≥ %.2f), no-need %.3f (want ≥ %.2f), urgent false positives %.3f (want ≤ %.2f)",
			devAll.Top1(), devTop1, devAll.NoNeed(), devNoNeed, devAll.FalsePos(), devFalsePos)
	}
	if heldAll.Top1() < devAll.Top1()-heldoutSlack || heldAll.NoNeed() < devAll.NoNeed()-heldoutSlack || heldAll.FalsePos() > devAll.FalsePos()+heldoutSlack {
		t.Errorf("held-out overall strays more than %.2f from dev: top-1 %.3f vs %.3f, no-need %.3f vs %.3f, urgent false positives %.3f vs %.3f",
			heldoutSlack, heldAll.Top1(), devAll.Top1(), heldAll.NoNeed(), devAll.NoNeed(), heldAll.FalsePos(), devAll.FalsePos())
	}
}

// TestDetectLanguage: with no hint, the model answers in the language the
// message is written in for most messages of every set.
func TestDetectLanguage(t *testing.T) {
	model, _ := demo(t)
	for _, lang := range i18n.Locales {
		cases := readCases(t, "heldout", lang)
		m := evaluate(model, lang, cases, "")
		if m.LangRight() < 0.85 {
			t.Errorf("%s: language right for %.2f of held-out messages without a hint", lang, m.LangRight())
		}
	}
}

// TestSetsApart: no evaluation message is also a training phrase, so the
// figures do not come from memorising the sets.
func TestSetsApart(t *testing.T) {
	_, c := demo(t)
	train := map[string]bool{}
	for _, p := range c.NLU.Langs {
		for _, list := range p.Topics {
			for _, s := range list {
				train[nlu.Normalize(s)] = true
			}
		}
		for _, list := range p.Urgent {
			for _, s := range list {
				train[nlu.Normalize(s)] = true
			}
		}
		for _, s := range p.NotUrgent {
			train[nlu.Normalize(s)] = true
		}
		for _, s := range p.None {
			train[nlu.Normalize(s)] = true
		}
	}
	for _, set := range []string{"dev", "heldout"} {
		for _, lang := range i18n.Locales {
			for _, c := range readCases(t, set, lang) {
				if train[nlu.Normalize(c.Text)] {
					t.Errorf("%s/%s: %q is also a training phrase", set, lang, c.Text)
				}
			}
		}
	}
}

// BenchmarkAccuracy prints, per locale and set, the figures of the
// issue: top-1 and top-3 on messages with a need, accuracy on messages
// without one, urgent recall and false positives, for whom, and language
// detection without a hint.
func BenchmarkAccuracy(b *testing.B) {
	model, _ := demo(b)
	var report strings.Builder
	for range b.N {
		report.Reset()
		fmt.Fprintf(&report, "\n%-8s %-4s %5s %6s %6s %5s %7s %7s %8s %6s %8s %6s\n", "set", "lang", "n", "top1", "top3", "none", "no-need", "recall", "falsepos", "who", "who-flip", "lang")
		for _, set := range []string{"dev", "heldout"} {
			var all, allD metrics
			row := func(name string, m, d metrics) {
				fmt.Fprintf(&report, "%-8s %-4s %5d %6.3f %6.3f %5d %7.3f %7.3f %8.3f %6.3f %8.3f %6.3f\n", set, name, m.n+m.none, m.Top1(), m.Top3(), m.none, m.NoNeed(), m.Recall(), m.FalsePos(), m.Who(), m.WhoFlip(), d.LangRight())
			}
			for _, lang := range i18n.Locales {
				cases := readCases(b, set, lang)
				m := evaluate(model, lang, cases, lang)
				d := evaluate(model, lang, cases, "")
				all.add(m)
				allD.add(d)
				row(lang, m, d)
			}
			row("all", all, allD)
		}
	}
	reportOnce.Do(func() {
		fmt.Print(report.String() + "(top1/top3: messages with a need; none: messages without one, no-need: share of them read as no need;\n who: for whom right, where the message says; who-flip: the other role given; lang: language detected right without a hint)\n")
	})
}

// reportOnce prints the accuracy table once, however often the benchmark
// runs.
var reportOnce sync.Once

// BenchmarkClassify measures throughput on one core over every message
// of the development sets: msgs/s is the figure of the issue.
func BenchmarkClassify(b *testing.B) {
	model, _ := demo(b)
	var texts []string
	for _, lang := range i18n.Locales {
		for _, c := range readCases(b, "dev", lang) {
			texts = append(texts, c.Text)
		}
	}
	b.ResetTimer()
	for i := range b.N {
		model.Classify(texts[i%len(texts)], "")
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

// BenchmarkTrain measures training the model at start-up.
func BenchmarkTrain(b *testing.B) {
	_, c := demo(b)
	for range b.N {
		if _, err := c.Model(); err != nil {
			b.Fatal(err)
		}
	}
}
