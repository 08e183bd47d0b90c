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
// it, with the topics and urgency a person reads in it.
type evalCase struct {
	Text   string   `json:"text"`
	Topics []string `json:"topics"`
	Urgent bool     `json:"urgent"`
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
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil || c.Text == "" || len(c.Topics) == 0 {
			tb.Fatalf("testdata/%s/%s.jsonl:%d: want {\"text\":..,\"topics\":[..],\"urgent\":..}: %v", set, lang, n, err)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// metrics are the figures the issue asks for, per locale and set.
type metrics struct {
	n, top1, top3         int
	urgent, urgentFound   int
	calm, calmFlagged     int
	wrongLang             int
	misses, falseUrgentEx []string
}

func (m metrics) rate(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (m metrics) Top1() float64      { return m.rate(m.top1, m.n) }
func (m metrics) Top3() float64      { return m.rate(m.top3, m.n) }
func (m metrics) Recall() float64    { return m.rate(m.urgentFound, m.urgent) }
func (m metrics) FalsePos() float64  { return 1 - m.rate(m.calm-m.calmFlagged, m.calm) }
func (m metrics) LangRight() float64 { return m.rate(m.n-m.wrongLang, m.n) }

// evaluate classifies each case with the page language as hint.
func evaluate(model *nlu.Model, lang string, cases []evalCase, hint string) metrics {
	var m metrics
	for _, c := range cases {
		res := model.Classify(c.Text, hint)
		got := res.TopicIDs()
		m.n++
		if len(got) > 0 && slices.Contains(c.Topics, got[0]) {
			m.top1++
		} else {
			m.misses = append(m.misses, fmt.Sprintf("%q want %v got %v", c.Text, c.Topics, got))
		}
		for _, g := range got[:min(3, len(got))] {
			if slices.Contains(c.Topics, g) {
				m.top3++
				break
			}
		}
		if c.Urgent {
			m.urgent++
			if res.Urgent() {
				m.urgentFound++
			} else {
				m.misses = append(m.misses, fmt.Sprintf("URGENT MISSED %q", c.Text))
			}
		} else {
			m.calm++
			if res.Urgent() {
				m.calmFlagged++
				m.misses = append(m.misses, fmt.Sprintf("FALSE URGENT %q %v", c.Text, res.Signals))
			}
		}
		if res.Lang != lang {
			m.wrongLang++
		}
	}
	return m
}

// The targets hold on the development set. The held-out set (written
// apart from the training data, never used to tune it) is held to a floor
// that catches a model that only memorised the development set; both sets'
// figures are printed by BenchmarkAccuracy.
type targets struct{ top1Main, top1Other, recall, falsePos float64 }

var (
	devTargets     = targets{top1Main: 0.90, top1Other: 0.80, recall: 1, falsePos: 0.02}
	heldoutTargets = targets{top1Main: 0.85, top1Other: 0.80, recall: 0.85, falsePos: 0.10}
)

func TestAccuracy(t *testing.T) {
	model, _ := demo(t)
	for _, set := range []string{"dev", "heldout"} {
		want := devTargets
		if set == "heldout" {
			want = heldoutTargets
		}
		for _, lang := range i18n.Locales {
			t.Run(set+"/"+lang, func(t *testing.T) {
				cases := readCases(t, set, lang)
				m := evaluate(model, lang, cases, lang)
				minTop1 := want.top1Other
				if lang == "nl" || lang == "en" {
					minTop1 = want.top1Main
				}
				bad := m.Top1() < minTop1 || m.Recall() < want.recall || m.FalsePos() > want.falsePos
				if bad {
					t.Errorf("top-1 %.3f (want ≥ %.2f), urgent recall %.3f (want ≥ %.2f), urgent false positives %.3f (want ≤ %.2f)",
						m.Top1(), minTop1, m.Recall(), want.recall, m.FalsePos(), want.falsePos)
				}
				if (bad && set == "dev") || testing.Verbose() {
					for _, miss := range m.misses {
						t.Log(miss)
					}
				}
			})
		}
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
// issue: top-1 and top-3 accuracy, urgent recall and urgent false
// positive rate.
func BenchmarkAccuracy(b *testing.B) {
	model, _ := demo(b)
	var report strings.Builder
	fmt.Fprintf(&report, "\n%-8s %-4s %5s %6s %6s %7s %8s %6s\n", "set", "lang", "n", "top1", "top3", "recall", "falsepos", "lang")
	for range b.N {
		report.Reset()
		fmt.Fprintf(&report, "\n%-8s %-4s %5s %6s %6s %7s %8s %6s\n", "set", "lang", "n", "top1", "top3", "recall", "falsepos", "lang")
		for _, set := range []string{"dev", "heldout"} {
			for _, lang := range i18n.Locales {
				cases := readCases(b, set, lang)
				m := evaluate(model, lang, cases, lang)
				d := evaluate(model, lang, cases, "")
				fmt.Fprintf(&report, "%-8s %-4s %5d %6.3f %6.3f %7.3f %8.3f %6.3f\n", set, lang, m.n, m.Top1(), m.Top3(), m.Recall(), m.FalsePos(), d.LangRight())
			}
		}
	}
	reportOnce.Do(func() {
		fmt.Print(report.String() + "(lang: share of messages whose language is detected right without a hint)\n")
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
