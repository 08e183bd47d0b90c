package content

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/readability"
)

// Glossary lists words residents meet in letters and at the desk, which
// texts keep (and explain) rather than avoid.
type Glossary struct {
	Terms []Term `yaml:"terms"`
}

// Term is one glossary word and its plain Dutch explanation.
type Term struct {
	Term        string `yaml:"term"`
	Explanation string `yaml:"explanation"`
}

// plainOptions are the B1 limits of validate: the readability package's
// defaults, with the glossary and every proper name of the catalogue
// allowed as long words.
func plainOptions(c *Content, g Glossary) readability.Options {
	o := readability.Default()
	for _, t := range g.Terms {
		o.Allow = append(o.Allow, t.Term)
	}
	cat := c.Catalog
	o.Allow = append(o.Allow, cat.Municipality.Name)
	for _, org := range cat.Organizations {
		o.Allow = append(o.Allow, org.Name)
	}
	for _, loc := range cat.Locations {
		o.Allow = append(o.Allow, loc.Name)
	}
	for _, p := range cat.Places {
		o.Allow = append(o.Allow, p.Name)
	}
	return o
}

// informal finds the informal "you" (je, jij, jouw, jullie). The portal
// says "u" to residents; only texts for young people may say "je".
var informal = regexp.MustCompile(`(?i)(^|[^\pL])(jij|jou|jouw|je|jullie)([^\pL]|$)`)

// checkPlainDutch warns about Dutch texts that are probably above language
// level B1 (see package readability), and about texts that say "je" where
// the portal says "u": the interface and flow messages and the catalogue's
// texts. It warns and never fails: a formula cannot judge a text, an editor
// can.
func (l *loader) checkPlainDutch(c *Content, g Glossary) {
	for i, t := range g.Terms {
		if strings.TrimSpace(t.Term) == "" || strings.TrimSpace(t.Explanation) == "" {
			l.add("glossary.yaml", fmt.Sprintf("terms[%d]", i), "needs both a term and an explanation")
		}
	}
	o := plainOptions(c, g)
	youngOK := false // set while checking a service for young people
	check := func(file, item, text string) {
		for _, w := range readability.Check(text, o) {
			l.warn(file, item, "probably above B1: %s", w.Message)
		}
		if m := informal.FindStringSubmatch(text); m != nil && !youngOK {
			l.warn(file, item, "says %q: address residents as \"u\" (only texts for young people may say \"je\")", m[2])
		}
	}
	if c.Messages != nil {
		ids := c.Messages.IDs("nl")
		slices.Sort(ids)
		for _, id := range ids {
			for _, s := range c.Messages.Texts("nl", id) {
				check(c.Messages.File("nl", id), id, s)
			}
		}
	}
	cat := c.Catalog
	text := func(file, item string, t catalog.Text) { check(file, item, t["nl"]) }
	text(l.muniFile(), "hours", cat.Municipality.Hours)
	text(l.muniFile(), "wijkteam", cat.Municipality.Wijkteam)
	for _, s := range cat.Services {
		youngOK = slices.Contains(s.Audiences, catalog.YoungPerson)
		f := l.fileOf(s.ID)
		text(f, s.ID+".name", s.Name)
		text(f, s.ID+".description", s.Description)
		text(f, s.ID+".eligibility_description", s.EligibilityDescription)
		text(f, s.ID+".fees_description", s.FeesDescription)
	}
	youngOK = false
	for _, t := range cat.Tips {
		text(l.tipFile(t.ID), t.ID+".title", t.Title)
		text(l.tipFile(t.ID), t.ID+".text", t.Text)
	}
	for _, org := range cat.Organizations {
		text(l.fileOf("organization:"+org.ID), org.ID+".description", org.Description)
	}
	for _, loc := range cat.Locations {
		f := l.fileOf("location:" + loc.ID)
		text(f, loc.ID+".description", loc.Description)
		text(f, loc.ID+".accessibility", loc.Accessibility)
		text(f, loc.ID+".transportation", loc.Transport)
	}
}
