package outcomes

import (
	"context"
	"strings"
	"time"
)

// Figures are the counts of a period, added up by what they count.
type Figures struct {
	From, To  string                      // the period's first and last day
	Started   map[[2]string]int64         // channel, language
	Needs     map[[2]string]int64         // topic, village
	For       map[string]int64            // self, carer
	Enough    map[EnoughKey]int64         // the answers to "is this enough?"
	Urgent    map[string]int64            // signal
	Contacts  map[string]int64            // topic
	Answered  map[string]int64            // the sessions that stopped after each question
	Shared    map[string]int64            // link, code
	Unknown   int64                       // fields of another version, left out
	ByDay     map[string]map[string]int64 // the counts as stored
	DaysCount int
}

// EnoughKey is one answer to "is this enough?": for a topic in a village
// and month, after being shown help up to rung.
type EnoughKey struct {
	Topic, Village, Rung, Answer string
	Month                        string // YYYY-MM
}

// Days are the names of the days from from to to, inclusive.
func Days(from, to time.Time) []string {
	var out []string
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		out = append(out, d.Format(DayFormat))
	}
	return out
}

// Read adds up the counts of the days from from to to in store.
func Read(ctx context.Context, store Store, from, to time.Time) (Figures, error) {
	days := Days(from, to)
	raw, err := store.Read(ctx, days)
	if err != nil {
		return Figures{}, err
	}
	f := Figures{
		From: from.Format(DayFormat), To: to.Format(DayFormat), DaysCount: len(days),
		Started: map[[2]string]int64{}, Needs: map[[2]string]int64{}, For: map[string]int64{},
		Enough: map[EnoughKey]int64{}, Urgent: map[string]int64{}, Contacts: map[string]int64{},
		Answered: map[string]int64{}, Shared: map[string]int64{}, ByDay: raw,
	}
	for day, counts := range raw {
		month := day[:7]
		for field, n := range counts {
			p := strings.Split(field, "|")
			switch {
			case p[0] == kindStart && len(p) == 3:
				f.Started[[2]string{p[1], p[2]}] += n
			case p[0] == kindNeed && len(p) == 3:
				f.Needs[[2]string{p[1], p[2]}] += n
			case p[0] == kindFor && len(p) == 2:
				f.For[p[1]] += n
			case p[0] == kindEnough && len(p) == 5:
				f.Enough[EnoughKey{Topic: p[1], Village: p[2], Rung: p[3], Answer: p[4], Month: month}] += n
			case p[0] == kindUrgent && len(p) == 2:
				f.Urgent[p[1]] += n
			case p[0] == kindContact && len(p) == 2:
				f.Contacts[p[1]] += n
			case p[0] == kindAnswered && len(p) == 2:
				f.Answered[p[1]] += n
			case p[0] == kindShared && len(p) == 2:
				f.Shared[p[1]] += n
			default:
				f.Unknown += n
			}
		}
	}
	return f, nil
}
