// Package outcomes counts what residents looked for and found, so that a
// municipality can steer on it: daily counters with no session id, no
// address and no free text, only the content's own ids (topics, villages,
// rungs, questions) and small fixed words (channels, yes and no).
//
// A day's counts are one Redis hash, wz:out:<YYYY-MM-DD>, kept 400 days;
// each field is one figure, its parts joined by "|" (see the Field
// functions). Counting never slows or breaks a page: Recorder.Add only
// queues, and a worker writes the queue in pipelined batches. When the
// queue is full or Redis is down, counts are dropped and the drops
// counted; the pages do not notice.
package outcomes

import (
	"context"
	"strings"
	"time"
)

// Keep is how long a day's counts are kept.
const Keep = 400 * 24 * time.Hour

// DayFormat names a day's counts.
const DayFormat = time.DateOnly

// The fields of a day's counts. An empty part is written as "-".
const (
	kindStart    = "start"    // start|channel|lang: a session started
	kindNeed     = "need"     // need|topic|village: a need, counted when the results are first reached
	kindFor      = "for"      // for|self or for|carer: for whom, once per session
	kindEnough   = "enough"   // enough|topic|village|rung|yes-or-no: "is this enough?", once per session, per topic
	kindUrgent   = "urgent"   // urgent|signal: urgent help shown, once per session and signal
	kindContact  = "contact"  // contact|topic: a contact request sent, per topic
	kindAnswered = "answered" // answered|question: sessions whose last answered question this is (net)
	kindShared   = "shared"   // shared|link or shared|code: a shared link or resume code used
)

// Channels a session starts in.
const (
	Flow = "flow"
	Chat = "chat"
	Desk = "desk"
)

func field(kind string, parts ...string) string {
	for i, p := range parts {
		if p == "" {
			parts[i] = "-"
		}
		parts[i] = strings.ReplaceAll(parts[i], "|", "/")
	}
	return kind + "|" + strings.Join(parts, "|")
}

// Inc is one change to one field of a day's counts.
type Inc struct {
	Field string
	N     int64
}

// Started counts a session started in channel and language.
func Started(channel, lang string) Inc { return Inc{field(kindStart, channel, lang), 1} }

// Need counts a need for topic in village (a place id; "" when unknown).
func Need(topic, village string) Inc { return Inc{field(kindNeed, topic, village), 1} }

// For counts for whom help was sought: "self" or "carer".
func For(who string) Inc { return Inc{field(kindFor, who), 1} }

// Enough counts the answer to "Is this enough?" for topic in village,
// with the highest rung the resident had been shown for it.
func Enough(topic, village, rung, answer string) Inc {
	return Inc{field(kindEnough, topic, village, rung, answer), 1}
}

// Urgent counts urgent help shown because of signal (an urgent topic or
// answer).
func Urgent(signal string) Inc { return Inc{field(kindUrgent, signal), 1} }

// Contact counts a contact request about topic.
func Contact(topic string) Inc { return Inc{field(kindContact, topic), 1} }

// Answered moves a session's last answered question from prev (if any)
// to q: the counts per question are the sessions that stopped there.
func Answered(prev, q string) []Inc {
	incs := []Inc{{field(kindAnswered, q), 1}}
	if prev != "" && prev != q {
		incs = append(incs, Inc{field(kindAnswered, prev), -1})
	}
	return incs
}

// Shared counts a shared link ("link") or resume code ("code") used.
func Shared(kind string) Inc { return Inc{field(kindShared, kind), 1} }

// Day is the name of t's day in loc.
func Day(t time.Time, loc *time.Location) string { return t.In(loc).Format(DayFormat) }

// Store keeps the counts.
type Store interface {
	// Add applies incs to day's counts.
	Add(ctx context.Context, day string, incs []Inc) error
	// Read returns the counts of each day asked for that has any.
	Read(ctx context.Context, days []string) (map[string]map[string]int64, error)
}
