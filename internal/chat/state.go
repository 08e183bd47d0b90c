// Package chat is the chat assistant: a second door into the same
// question flow. It reads the resident's free text with the nlu model,
// fills the flow's answers from it, asks the flow's remaining questions
// one at a time, and ends in the flow's own results. It never makes up
// advice: every service and tip it shows comes from the catalogue, and
// urgent help comes first whenever a message shows acute danger.
//
// The package knows nothing of HTTP; the web package stores the State in
// the session and renders the turns.
package chat

import (
	"encoding/json"
	"html"
	"strings"

	"github.com/microcosm-cc/bluemonday"
)

// MaxTurns bounds the transcript kept in the session: older turns drop
// off the top.
const MaxTurns = 50

// MaxBytes bounds a stored conversation, as JSON: older turns drop off
// the top first, so a long chat cannot grow a session without end.
const MaxBytes = 16 << 10

// MaxText is the longest message the assistant takes, in characters.
const MaxText = 1000

// State is one conversation. It lives in the resident's session next to
// the flow's answers and expires with it.
type State struct {
	Turns []Turn `json:"t,omitempty"`
	// Misses counts messages in a row that were not understood.
	Misses int `json:"m,omitempty"`
	// Hold is set once urgent help is shown: the assistant does not go on
	// with other help until the resident chooses to.
	Hold bool `json:"h,omitempty"`
	// Asked is the flow question the assistant asked last, "" for none.
	Asked string `json:"q,omitempty"`
	// Skipped are the questions the resident chose not to answer.
	Skipped []string `json:"s,omitempty"`
}

// Kinds of turn, for how a page shows them.
const (
	KindText    = ""
	KindUrgent  = "urgent"
	KindResults = "results"
	KindError   = "error"
)

// Turn is one message in the transcript. The resident's text is kept as
// typed and only ever shown escaped.
type Turn struct {
	Bot  bool   `json:"b,omitempty"`
	Lang string `json:"l,omitempty"`
	Kind string `json:"k,omitempty"`
	// Text is what the resident typed, or the assistant's words (one
	// paragraph per line).
	Text string `json:"x,omitempty"`
	// Services and Tips are catalogue ids the assistant points to,
	// rendered from the catalogue when shown.
	Services []string `json:"sv,omitempty"`
	Tips     []string `json:"tp,omitempty"`
	// Results links to the results page.
	Results bool `json:"r,omitempty"`
}

// add appends turns and drops the oldest beyond MaxTurns and MaxBytes.
func (st *State) add(ts ...Turn) {
	st.Turns = append(st.Turns, ts...)
	if n := len(st.Turns) - MaxTurns; n > 0 {
		st.Turns = append(st.Turns[:0:0], st.Turns[n:]...)
	}
	for len(st.Turns) > 1 && st.size() > MaxBytes {
		st.Turns = append(st.Turns[:0:0], st.Turns[1:]...)
	}
}

// size is how many bytes the conversation takes as JSON.
func (st *State) size() int {
	b, err := json.Marshal(st)
	if err != nil {
		return 0
	}
	return len(b)
}

// Reply is a quick-reply button: Value is posted back as a choice.
type Reply struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// Choice values of the quick replies. An option, topic or place choice
// carries its id after the prefix.
const (
	ChoiceOption = "o:"
	ChoiceTopic  = "t:"
	ChoicePlace  = "p:"
	ChoiceGoOn   = "go"
	ChoiceSkip   = "skip"
)

// strict removes every tag: texts from content files and message files
// (which a municipality edits) reach the chat and the API as plain text,
// whatever they contain. Templates escape them again when shown.
var strict = bluemonday.StrictPolicy()

// Plain returns s without any HTML: tags are removed and entities
// decoded, so the result is text for any channel to escape.
func Plain(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	return html.UnescapeString(strict.Sanitize(s))
}

// StripFormat drops the invisible characters that reorder or hide text:
// bidirectional embeddings, overrides and isolates (U+202A–U+202E,
// U+2066–U+2069), the zero-width space (U+200B), the word joiner
// (U+2060) and the byte order mark (U+FEFF). "‮txt.exe" cannot then show
// as "exe.txt" to staff. Joiners that Arabic and emoji need (U+200C,
// U+200D) and the direction marks (U+200E, U+200F) stay.
func StripFormat(s string) string {
	if !strings.ContainsFunc(s, isHiddenFormat) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isHiddenFormat(r) {
			return -1
		}
		return r
	}, s)
}

func isHiddenFormat(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200B, r == 0x2060, r == 0xFEFF:
		return true
	}
	return false
}
