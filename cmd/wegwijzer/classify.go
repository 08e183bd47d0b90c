package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/locales"
)

// maxLine bounds one input line of `wegwijzer classify`.
const maxLine = 1 << 20

type classifyIn struct {
	Lang *string `json:"lang"`
	Text *string `json:"text"`
}

type classifyOut struct {
	Topics []string `json:"topics"`
	Urgent bool     `json:"urgent"`
}

type classifyErr struct {
	Error string `json:"error"`
}

// classify reads JSON Lines {"lang":"nl","text":"..."} and writes one
// line per input line, in order: {"topics":[...],"urgent":false}, or
// {"error":"..."} for a line it cannot read. It uses the content of
// CONTENT_DIR (or the demo), so a municipality can test its own words.
func classify(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintf(stderr, "wegwijzer classify: takes no arguments; it reads JSON Lines on stdin\n")
		return 2
	}
	fsys, name := contentFS(os.Getenv("CONTENT_DIR"))
	c, err := content.Load(fsys, locales.FS)
	if err != nil {
		fmt.Fprintf(stderr, "wegwijzer classify: content (%s) has errors; run `wegwijzer validate`:\n%v\n", name, err)
		return 1
	}
	model, err := c.Model()
	if err != nil {
		fmt.Fprintf(stderr, "wegwijzer classify: %v\n", err)
		return 1
	}
	in := bufio.NewReader(stdin)
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for n := 1; ; n++ {
		line, err := readLine(in)
		if err == io.EOF && line == "" {
			return 0
		}
		if err != nil && err != io.EOF {
			fmt.Fprintf(stderr, "wegwijzer classify: reading stdin: %v\n", err)
			return 1
		}
		if msg := parseLine(line, func(lang, text string) {
			res := model.Classify(text, lang)
			// Urgent whenever the crisis lines would show: a signal of
			// danger, or a need the flow treats as urgent (safety).
			urgentNeed := slices.ContainsFunc(res.Needs(c.Flow.UrgentTopics), func(t string) bool { return slices.Contains(c.Flow.UrgentTopics, t) })
			o := classifyOut{Topics: res.TopicIDs(), Urgent: res.Urgent() || urgentNeed}
			_ = enc.Encode(o)
		}); msg != "" {
			_ = enc.Encode(classifyErr{Error: fmt.Sprintf("line %d: %s", n, msg)})
		}
		if err == io.EOF {
			return 0
		}
	}
}

// readLine reads one line without its line ending. A line longer than
// maxLine is cut there and the rest skipped.
func readLine(r *bufio.Reader) (string, error) {
	var b strings.Builder
	for {
		chunk, isPrefix, err := r.ReadLine()
		if b.Len() < maxLine {
			b.Write(chunk[:min(len(chunk), maxLine-b.Len())])
		}
		if err != nil || !isPrefix {
			return b.String(), err
		}
	}
}

// parseLine decodes one input line and calls do, or returns what is
// wrong with it.
func parseLine(line string, do func(lang, text string)) string {
	var in classifyIn
	dec := json.NewDecoder(strings.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		if strings.TrimSpace(line) == "" {
			return `empty line; expected {"lang":"nl","text":"..."}`
		}
		return "not a JSON object like {\"lang\":\"nl\",\"text\":\"...\"}: " + err.Error()
	}
	if dec.More() {
		return "more than one JSON value on the line"
	}
	if in.Text == nil {
		return `"text" is missing`
	}
	lang := ""
	if in.Lang != nil {
		lang = *in.Lang
	}
	do(lang, *in.Text)
	return ""
}
