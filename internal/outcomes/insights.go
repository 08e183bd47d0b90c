package outcomes

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
)

// MinShown is the smallest figure shown as it is: anything under it is
// shown as "<5", on the page and in the CSV, so that no figure points at
// a few people in a small village.
const MinShown = 5

// Show is n as it may be shown.
func Show(n int64) string {
	if n < MinShown {
		return "<" + strconv.Itoa(MinShown)
	}
	return strconv.FormatInt(n, 10)
}

// Step is how the needs of one group (a topic, a village or a month)
// were answered: "enough" with help on the lowest rungs (doing it
// yourself, or help in the neighbourhood), "enough" with general help,
// or "not enough", on to customised support.
type Step struct {
	Group     string
	Low       int64 // enough at self-help or community level
	General   int64 // enough at general help
	NotEnough int64 // on to maatwerk
}

// Total is every answer of the group.
func (s Step) Total() int64 { return s.Low + s.General + s.NotEnough }

// LowShare is the share of the group's answers that found enough on the
// lowest rungs; -1 when it has too few answers to say (under MinShown).
func (s Step) LowShare() float64 {
	if s.Total() < MinShown {
		return -1
	}
	return float64(s.Low) / float64(s.Total())
}

// Afschaling groups the answers to "is this enough?" by by (the topic,
// the village or the month of an answer), largest group first.
func (f Figures) Afschaling(by func(EnoughKey) string) []Step {
	steps := map[string]*Step{}
	for k, n := range f.Enough {
		g := by(k)
		st := steps[g]
		if st == nil {
			st = &Step{Group: g}
			steps[g] = st
		}
		switch {
		case k.Answer == "no":
			st.NotEnough += n
		case k.Rung == "self" || k.Rung == "community" || k.Rung == "none":
			st.Low += n
		default:
			st.General += n
		}
	}
	out := make([]Step, 0, len(steps))
	for _, st := range steps {
		out = append(out, *st)
	}
	slices.SortFunc(out, func(a, b Step) int {
		if d := b.Total() - a.Total(); d != 0 {
			return int(d)
		}
		return strings.Compare(a.Group, b.Group)
	})
	return out
}

// ByTopic, ByVillage and ByMonth group answers for Afschaling.
func ByTopic(k EnoughKey) string   { return k.Topic }
func ByVillage(k EnoughKey) string { return k.Village }
func ByMonth(k EnoughKey) string   { return k.Month }

// Unmet is a topic and village where residents often said the help was
// not enough, or where the portal had nothing nearer than general help.
type Unmet struct {
	Topic, Village string
	NotEnough      int64 // answers "not enough"
	Answers        int64 // all answers
	NoCommunity    int64 // answers by residents shown nothing below general help
}

// Unmet lists topics and villages by "not enough" answers, most first,
// with those that had no help in the neighbourhood; only groups with at
// least MinShown answers, so the list points at no one.
func (f Figures) Unmet() []Unmet {
	m := map[[2]string]*Unmet{}
	for k, n := range f.Enough {
		key := [2]string{k.Topic, k.Village}
		u := m[key]
		if u == nil {
			u = &Unmet{Topic: k.Topic, Village: k.Village}
			m[key] = u
		}
		u.Answers += n
		if k.Answer == "no" {
			u.NotEnough += n
		}
		if k.Rung == "general" || k.Rung == "custom" || k.Rung == "none" {
			u.NoCommunity += n
		}
	}
	var out []Unmet
	for _, u := range m {
		if u.Answers >= MinShown && (u.NotEnough > 0 || u.NoCommunity > 0) {
			out = append(out, *u)
		}
	}
	slices.SortFunc(out, func(a, b Unmet) int {
		ra, rb := float64(a.NotEnough)/float64(a.Answers), float64(b.NotEnough)/float64(b.Answers)
		switch {
		case ra > rb:
			return -1
		case ra < rb:
			return 1
		}
		return strings.Compare(a.Topic+a.Village, b.Topic+b.Village)
	})
	return out
}

// CSV writes the figures as rows of measure, group, subgroup and value,
// every value under MinShown as "<5".
func (f Figures) CSV() []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"measure", "group", "subgroup", "value", "from", "to"})
	row := func(measure, group, sub string, n int64) {
		_ = w.Write([]string{measure, group, sub, Show(n), f.From, f.To})
	}
	for _, by := range []struct {
		name string
		fn   func(EnoughKey) string
	}{{"topic", ByTopic}, {"village", ByVillage}, {"month", ByMonth}} {
		for _, st := range f.Afschaling(by.fn) {
			row("enough_low_rungs_by_"+by.name, st.Group, "", st.Low)
			row("enough_general_by_"+by.name, st.Group, "", st.General)
			row("not_enough_by_"+by.name, st.Group, "", st.NotEnough)
		}
	}
	for _, k := range sortedKeys2(f.Needs) {
		row("needs", k[0], k[1], f.Needs[k])
	}
	for _, k := range sortedKeys2(f.Started) {
		row("sessions_started", k[0], k[1], f.Started[k])
	}
	for _, m := range []struct {
		name string
		vals map[string]int64
	}{{"for_whom", f.For}, {"urgent_help_shown", f.Urgent}, {"contact_requests", f.Contacts}, {"stopped_after_question", f.Answered}, {"shared", f.Shared}} {
		for _, k := range sortedKeys(m.vals) {
			row(m.name, k, "", m.vals[k])
		}
	}
	w.Flush()
	return buf.Bytes()
}

func sortedKeys(m map[string]int64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func sortedKeys2(m map[[2]string]int64) [][2]string {
	keys := make([][2]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int { return strings.Compare(a[0]+"|"+a[1], b[0]+"|"+b[1]) })
	return keys
}
