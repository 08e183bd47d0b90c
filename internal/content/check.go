package content

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/flow"
)

const flowFile = "flow.yaml"

var kinds = []flow.Kind{flow.Single, flow.Multi, flow.Topics, flow.Place}

// checkFlow checks the questions: ids, kinds, options, references in
// conditions, message ids in every locale, that every question can be
// asked, and that every path through the flow ends in the results.
func (l *loader) checkFlow(c *Content) {
	d := c.Flow
	if len(d.Questions) == 0 {
		l.add(flowFile, "", "no questions")
		return
	}
	seen := map[string]int{}
	var topicsQ, placeQ int
	for i, q := range d.Questions {
		item := fmt.Sprintf("question %d (%s)", i+1, q.ID)
		if q.ID == "" {
			l.add(flowFile, item, "has no id")
		} else if j, dup := seen[q.ID]; dup {
			l.add(flowFile, item, "id is also used by question %d", j+1)
		}
		seen[q.ID] = i
		if !slices.Contains(kinds, q.Kind) {
			l.add(flowFile, item, "kind %q is not one of single, multi, topics, place", q.Kind)
		}
		switch q.Kind {
		case flow.Topics:
			topicsQ++
			if len(q.Options) > 0 {
				l.add(flowFile, item, "a topics question has no options of its own: it offers the topics")
			}
		case flow.Place:
			placeQ++
		case flow.Single, flow.Multi:
			if len(q.Options) < 2 {
				l.add(flowFile, item, "needs at least two options")
			}
		}
		if q.Text == "" {
			l.add(flowFile, item, "has no text (a message id)")
		}
		for _, t := range q.Topics {
			if !catalog.IsTopic(t) {
				l.add(flowFile, item, "unknown topic %q", t)
			}
		}
		opts := map[string]bool{}
		for _, o := range q.Options {
			oitem := item + " option " + o.ID
			if o.ID == "" || opts[o.ID] {
				l.add(flowFile, oitem, "option id is empty or used twice")
			}
			opts[o.ID] = true
			if o.Label == "" {
				l.add(flowFile, oitem, "has no label (a message id)")
			}
			if len(o.Age) != 0 && (len(o.Age) != 2 || o.Age[0] > o.Age[1] || o.Age[0] < 0) {
				l.add(flowFile, oitem, "age must be [min, max] with min <= max")
			}
			if len(o.ChildAge) != 0 && (len(o.ChildAge) != 2 || o.ChildAge[0] < 0 || o.ChildAge[1] != 0 && o.ChildAge[0] > o.ChildAge[1]) {
				l.add(flowFile, oitem, "child_age must be [min, max] with min <= max (max 0: no upper bound)")
			}
			for _, tag := range o.Tags {
				if !l.tags[tag] && !l.tagUsed(c.Catalog, tag) {
					l.warn(flowFile, oitem, "tag %q is on no service or tip, so it changes nothing", tag)
				}
			}
		}
		for _, cond := range q.When {
			l.checkCondition(d, q, i, cond, item)
		}
	}
	if topicsQ != 1 {
		l.add(flowFile, "", "needs exactly one question of kind topics, has %d", topicsQ)
	}
	if placeQ > 1 {
		l.add(flowFile, "", "has %d place questions; one is enough", placeQ)
	}
	for _, t := range d.UrgentTopics {
		if !catalog.IsTopic(t) {
			l.add(flowFile, "urgent_topics", "unknown topic %q", t)
		}
	}
	if len(l.problems.Errors()) > 0 {
		return // reachability needs a well-formed flow
	}
	l.checkMessages(c)
	l.checkCarerCheck(c.Flow)
	for _, q := range d.Questions {
		if !d.Asked(q, witness(d, q)) {
			l.add(flowFile, "question "+q.ID, "is never asked: its topics and conditions cannot all hold")
		}
	}
	l.checkPathsEnd(d)
}

func (l *loader) checkCondition(d *flow.Def, q *flow.Question, i int, cond flow.Condition, item string) {
	j := slices.IndexFunc(d.Questions, func(p *flow.Question) bool { return p.ID == cond.Question })
	if j < 0 {
		l.add(flowFile, item, "condition refers to unknown question %q", cond.Question)
		return
	}
	if j >= i {
		l.add(flowFile, item, "condition refers to question %q, which is asked later; conditions may only look back", cond.Question)
		return
	}
	ref := d.Questions[j]
	for _, v := range append(slices.Clone(cond.In), cond.NotIn...) {
		ok := ref.Option(v) != nil || (ref.Kind == flow.Topics && catalog.IsTopic(v))
		if !ok {
			l.add(flowFile, item, "condition refers to unknown option %q of question %q", v, cond.Question)
		}
	}
}

// witness builds answers under which q should be asked: every topic of q
// chosen and every condition met, recursively through the questions the
// conditions look at. A question not asked under its witness can never be.
func witness(d *flow.Def, q *flow.Question) flow.State {
	st := flow.State{Answers: map[string][]string{}}
	var topics []string
	var need func(q *flow.Question)
	need = func(q *flow.Question) {
		topics = append(topics, q.Topics...)
		for _, c := range q.When {
			ref := d.Question(c.Question)
			if ref == nil {
				continue
			}
			need(ref)
			if len(c.In) > 0 {
				st.Answers[c.Question] = []string{c.In[0]}
				if ref.Kind == flow.Topics {
					topics = append(topics, c.In[0])
				}
			} else if ref.Kind != flow.Topics {
				for _, o := range ref.Options {
					if !slices.Contains(c.NotIn, o.ID) {
						st.Answers[c.Question] = []string{o.ID}
						break
					}
				}
			}
		}
	}
	need(q)
	if len(topics) == 0 {
		topics = []string{d.Topics[0]}
	}
	for _, t := range d.Questions {
		if t.Kind == flow.Topics {
			st.Answers[t.ID] = topics
		}
	}
	return st
}

// checkPathsEnd walks the flow from the start for every single topic and
// for all topics together, answering each question with each of its first
// options and skipping, and requires every walk to reach the results.
func (l *loader) checkPathsEnd(d *flow.Def) {
	starts := [][]string{d.Topics}
	for _, t := range d.Topics {
		starts = append(starts, []string{t})
	}
	for _, topics := range starts {
		for _, skip := range []bool{false, true} {
			var st flow.State
			q := d.First(st)
			for steps := 0; q != nil; steps++ {
				if steps > len(d.Questions) {
					l.add(flowFile, "", "a path through the flow with topics %v does not reach the results", topics)
					return
				}
				var err error
				switch {
				case q.Kind == flow.Topics:
					st, q, err = d.Answer(st, q.ID, topics)
				case q.Kind == flow.Place || skip:
					st, q, err = d.Skip(st, q.ID)
				default:
					st, q, err = d.Answer(st, q.ID, []string{q.Options[0].ID})
				}
				if err != nil {
					l.add(flowFile, "", "walking the flow with topics %v: %v", topics, err)
					return
				}
			}
		}
	}
}

// checkCarerCheck: the carer's check is a single-choice question with a
// topic, whose services are what carers get for themselves.
func (l *loader) checkCarerCheck(d *flow.Def) {
	if d.CarerCheck == "" {
		return
	}
	q := d.Question(d.CarerCheck)
	switch {
	case q == nil:
		l.add(flowFile, "carer_check", "unknown question %q", d.CarerCheck)
	case q.Kind != flow.Single:
		l.add(flowFile, "carer_check", "question %q is not single-choice", d.CarerCheck)
	case len(q.Topics) == 0:
		l.add(flowFile, "carer_check", "question %q has no topic, so there is no support to show", d.CarerCheck)
	}
}

// checkMessages requires every message id the flow uses, and the topic
// labels, in every locale that has message files, non-empty.
func (l *loader) checkMessages(c *Content) {
	if c.Messages == nil {
		return
	}
	var ids []string
	for _, t := range catalog.Topics {
		ids = append(ids, "topic."+t, "topic."+t+".hint")
	}
	for _, q := range c.Flow.Questions {
		for _, id := range []string{q.Text, q.TextCarer, q.Hint} {
			if id != "" {
				ids = append(ids, id)
			}
		}
		for _, o := range q.Options {
			ids = append(ids, o.Label)
			for _, id := range []string{o.LabelCarer, o.Advice} {
				if id != "" {
					ids = append(ids, id)
				}
			}
			if o.Person != "" {
				ids = append(ids, PersonIDs(o.Person)...)
			}
		}
	}
	ids = append(ids, PersonIDs(PersonDefault)...)
	for _, lang := range c.Messages.Langs() {
		for _, id := range ids {
			if strings.HasSuffix(id, ".g") && c.Messages.Has(lang, id) {
				if g := c.Messages.Localizer(lang).T(id); g != "f" && g != "m" && g != "n" {
					l.add("locales/"+lang+".yaml", id, "grammatical gender %q: use f, m or n", g)
				}
			}
			if !c.Messages.Has(lang, id) {
				l.add("locales/"+lang+".yaml", id, "message is missing (used by flow.yaml)%s", l.forMunicipality(c))
			}
		}
	}
}

// tagUsed reports whether a service or tip has tag, or requires it as a
// condition.
func (l *loader) tagUsed(cat *catalog.Catalog, tag string) bool {
	for _, s := range cat.Services {
		if slices.Contains(s.Tags, tag) || slices.Contains(s.Requires, tag) || slices.Contains(s.Excludes, tag) {
			return true
		}
	}
	for _, t := range cat.Tips {
		if slices.Contains(t.Tags, tag) || slices.Contains(t.Requires, tag) || slices.Contains(t.Excludes, tag) {
			return true
		}
	}
	return false
}

var (
	audiences = catalog.Audiences
	accesses  = []catalog.Access{catalog.WalkIn, catalog.ByPhone, catalog.ByWeb, catalog.ByEmail, catalog.Appointment, catalog.HomeVisit}
)

// checkCatalog checks the municipality, places, organisations, locations,
// services and tips: ids, references, levels, last_modified dates,
// topics, schedules, postcodes, and that every topic has a community
// service and a tip.
func (l *loader) checkCatalog(c *Content, loc *time.Location) {
	cat := c.Catalog
	m := cat.Municipality
	mf := l.muniFile()
	if m.Name == "" {
		l.add(mf, "", "name is missing")
	}
	if m.Phone == "" {
		l.add(mf, "", "phone is missing: residents need a human to call")
	}
	l.checkText(mf, "hours", m.Hours, true)
	l.checkText(mf, "wijkteam", m.Wijkteam, true)
	if m.ContactRetentionDays < 1 {
		l.add(mf, "contact_retention_days", "must be at least 1: residents are told how long their contact request is kept")
	}
	if m.ResponseDays < 1 {
		l.add(mf, "response_days", "must be at least 1: residents are told within how many working days they hear back")
	}
	if m.AccessibilityChecked == "" {
		l.add(mf, "accessibility_checked", "is missing: the accessibility statement must say when the portal was last checked (YYYY-MM-DD)")
	} else if _, err := time.Parse(time.DateOnly, m.AccessibilityChecked); err != nil {
		l.add(mf, "accessibility_checked", "%q is not a date like 2026-11-23", m.AccessibilityChecked)
	}
	l.checkLook(m)

	type span struct {
		lo, hi int
		place  string
	}
	var spans []span
	placeIDs := map[string]bool{}
	for _, p := range cat.Places {
		item := "place " + p.ID
		if p.ID == "" || placeIDs[p.ID] {
			l.add(l.placesFile(), item, "id is empty or used twice")
		}
		placeIDs[p.ID] = true
		if p.Name == "" {
			l.add(l.placesFile(), item, "name is missing")
		}
		if !plausibleNL(p.Latitude, p.Longitude) {
			l.add(l.placesFile(), item, "centre %.4f, %.4f is not in the Netherlands", p.Latitude, p.Longitude)
		}
		if len(p.Postcodes) == 0 {
			l.add(l.placesFile(), item, "has no postcodes")
		}
		for _, r := range p.Postcodes {
			lo, hi, err := catalog.ParseRange(r)
			if err != nil {
				l.add(l.placesFile(), item, "%v", err)
				continue
			}
			for _, s := range spans {
				if lo <= s.hi && s.lo <= hi {
					l.add(l.placesFile(), item, "postcodes %s overlap those of %s", r, s.place)
				}
			}
			spans = append(spans, span{lo, hi, p.ID})
		}
	}

	orgs := map[string]bool{}
	for _, o := range cat.Organizations {
		item := "organization " + o.ID
		if o.ID == "" || orgs[o.ID] {
			l.add("catalog/", item, "id is empty or used twice")
		}
		orgs[o.ID] = true
		if o.Name == "" {
			l.add("catalog/", item, "name is missing")
		}
	}
	locs := map[string]bool{}
	for _, lc := range cat.Locations {
		item := "location " + lc.ID
		if lc.ID == "" || locs[lc.ID] {
			l.add("catalog/", item, "id is empty or used twice")
		}
		locs[lc.ID] = true
		if lc.Place != "" && !placeIDs[lc.Place] && !l.places[lc.Place] {
			l.add("catalog/", item, "unknown place %q", lc.Place)
		}
		switch {
		case lc.Latitude == 0 && lc.Longitude == 0:
			// An imported location may come without them; the portal
			// then cannot tell how far away it is.
			l.warn(l.fileOf("location:"+lc.ID), item, "has no coordinates: residents do not see how far away it is")
		case !plausibleNL(lc.Latitude, lc.Longitude):
			l.add("catalog/", item, "coordinates %.4f, %.4f are not in the Netherlands", lc.Latitude, lc.Longitude)
		}
		l.checkSchedules("catalog/", item, lc.Schedules)
	}

	ids := map[string]bool{}
	perTopic := map[string]map[catalog.Level]int{}
	y, mo, d := l.now.In(loc).Date()
	today := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	checkService := func(s catalog.Service, held bool) {
		f, item := l.fileOf(s.ID), "service "+s.ID
		if s.ID == "" || ids[s.ID] {
			l.add(f, item, "id is empty or used twice")
		}
		ids[s.ID] = true
		if !orgs[s.Organization] {
			l.add(f, item, "unknown organization %q", s.Organization)
		}
		if !s.Level.Valid() {
			l.add(f, item, "level %q is not one of self, community, general, custom, urgent", s.Level)
		}
		if s.LastModified == "" {
			l.warn(f, item, "has no last_modified: the HSDS API cannot tell when it changed")
		} else if day, ok := s.Modified(); !ok {
			l.add(f, item, "last_modified %q is not a date like 2026-11-23", s.LastModified)
		} else if day.After(today) {
			l.add(f, item, "last_modified %s is in the future (today is %s)", s.LastModified, today.Format(time.DateOnly))
		}
		if len(s.Topics) == 0 {
			l.add(f, item, "has no topics")
		}
		for _, t := range s.Topics {
			if !catalog.IsTopic(t) {
				l.add(f, item, "unknown topic %q", t)
				continue
			}
			if held {
				continue
			}
			if perTopic[t] == nil {
				perTopic[t] = map[catalog.Level]int{}
			}
			perTopic[t][s.Level]++
		}
		for _, a := range s.Audiences {
			if !slices.Contains(audiences, a) {
				l.add(f, item, "unknown audience %q (resident, carer, cared_for, parent, young_person)", a)
			}
		}
		for _, a := range s.Access {
			if !slices.Contains(accesses, a) {
				l.add(f, item, "unknown access %q (walk_in, phone, web, email, appointment, home_visit)", a)
			}
		}
		for _, lang := range s.Languages {
			if len(lang) != 2 || strings.ToLower(lang) != lang {
				l.add(f, item, "language %q is not a two-letter code like nl", lang)
			}
		}
		if s.MaximumAge != 0 && s.MinimumAge > s.MaximumAge {
			l.add(f, item, "minimum_age %d is above maximum_age %d", s.MinimumAge, s.MaximumAge)
		}
		l.checkRequires(c.Flow, f, item, "requires", s.Requires)
		l.checkRequires(c.Flow, f, item, "excludes", s.Excludes)
		for _, p := range s.ServiceAreas {
			if !placeIDs[p] {
				l.add(f, item, "service_areas: unknown place %q", p)
			}
		}
		l.checkText(f, item+" name", s.Name, true)
		l.checkText(f, item+" description", s.Description, true)
		for i, at := range s.AtLocations {
			if !locs[at.Location] {
				l.add(f, item, "at_locations[%d]: unknown location %q", i, at.Location)
			}
			l.checkSchedules(f, fmt.Sprintf("%s at_locations[%d]", item, i), at.Schedules)
		}
		l.checkSchedules(f, item, s.Schedules)
		if s.Phone == "" && s.URL == "" && s.Email == "" && len(s.AtLocations) == 0 {
			l.add(f, item, "has no phone, url, e-mail or location: residents cannot reach it")
		}
	}
	for _, s := range cat.Services {
		checkService(s, false)
	}
	// Services residents do not see (imported, and under review or gone
	// from their source): what is wrong with them is a warning, as they
	// wait for an editor, and each says why it is held back.
	l.soft = true
	for _, s := range cat.Held {
		l.warn(l.fileOf(s.ID), "service "+s.ID, "residents do not see it: %s", s.HeldBack())
		checkService(s, true)
	}
	l.soft = false

	tipTopics := map[string]int{}
	tipIDs := map[string]bool{}
	for _, t := range cat.Tips {
		item, f := "tip "+t.ID, l.tipFile(t.ID)
		if t.ID == "" || tipIDs[t.ID] {
			l.add(f, item, "id is empty or used twice")
		}
		tipIDs[t.ID] = true
		l.checkRequires(c.Flow, f, item, "requires", t.Requires)
		l.checkRequires(c.Flow, f, item, "excludes", t.Excludes)
		if t.MaximumAge != 0 && t.MinimumAge > t.MaximumAge {
			l.add(f, item, "minimum_age %d is above maximum_age %d", t.MinimumAge, t.MaximumAge)
		}
		for _, a := range t.Audiences {
			if !slices.Contains(audiences, a) {
				l.add(f, item, "unknown audience %q (resident, carer, cared_for, parent, young_person)", a)
			}
		}
		for _, tp := range t.Topics {
			if !catalog.IsTopic(tp) {
				l.add(f, item, "unknown topic %q", tp)
			}
			tipTopics[tp]++
		}
		l.checkText(f, item+" title", t.Title, true)
		l.checkText(f, item+" text", t.Text, true)
	}
	// In a region these name the municipality's folder, where the
	// missing service or tip would go.
	for _, t := range catalog.Topics {
		if t != "safety" && perTopic[t][catalog.Community] == 0 {
			l.warn(l.ownFile("catalog")+"/", "topic "+t, "has no community (voorliggend veld) service")
		}
		if tipTopics[t] == 0 {
			l.warn(l.ownFile("selfhelp.yaml"), "topic "+t, "has no self-help tip")
		}
	}
	if len(l.problems.Errors()) == 0 {
		if err := cat.Prepare(loc); err != nil {
			l.add("catalog/", "", "%v", err)
		}
	}
}

// checkLook checks the municipality's colours (#rrggbb, and text that
// meets WCAG AA contrast, 4.5:1, on the colour it is written on) and the
// addresses it names.
func (l *loader) checkLook(m catalog.Municipality) {
	mf := l.muniFile()
	pairs := []struct{ bg, fg, bgName, fgName string }{
		{m.Colors.Primary, m.Colors.OnPrimary, "primary", "on_primary"},
		{m.Colors.Accent, m.Colors.OnAccent, "accent", "on_accent"},
	}
	for _, p := range pairs {
		if p.bg == "" && p.fg == "" {
			continue
		}
		bad := false
		for _, c := range []struct{ v, name string }{{p.bg, p.bgName}, {p.fg, p.fgName}} {
			if c.v == "" {
				l.add(mf, "colors."+c.name, "is missing: %s and %s go together", p.bgName, p.fgName)
				bad = true
			} else if _, _, _, err := catalog.ParseColor(c.v); err != nil {
				l.add(mf, "colors."+c.name, "%q is not a colour like #0b5394", c.v)
				bad = true
			}
		}
		if bad {
			continue
		}
		if r, _ := catalog.Contrast(p.bg, p.fg); r < minContrast {
			l.add(mf, "colors."+p.fgName, "text %s on %s has contrast %.2f:1; WCAG AA needs %.1f:1", p.fg, p.bg, r, minContrast)
		}
	}
	// The primary colour is also the colour of links and outlined
	// buttons on the white page.
	if _, _, _, err := catalog.ParseColor(m.Colors.Primary); err == nil {
		if r, _ := catalog.Contrast("#ffffff", m.Colors.Primary); r < minContrast {
			l.add(mf, "colors.primary", "links in %s on the white page have contrast %.2f:1; WCAG AA needs %.1f:1", m.Colors.Primary, r, minContrast)
		}
	}
	if m.Colors.Accent != "" && m.Colors.Primary == "" {
		l.add(mf, "colors.primary", "is missing: an accent colour needs a primary one")
	}
	for _, u := range []struct{ v, name string }{{m.PublicURL, "public_url"}, {m.ContactWebhookURL, "contact_webhook_url"}} {
		if u.v == "" {
			continue
		}
		pu, err := url.Parse(u.v)
		switch {
		case err != nil || pu.Host == "" || pu.Scheme != "https" && pu.Scheme != "http":
			l.add(mf, u.name, "%q is not an address like https://hulp.beekdal.example.org", u.v)
		case pu.User != nil:
			l.add(mf, u.name, "holds a user name or password: secrets never go in the content, they come from the environment")
		}
	}
}

// minContrast is WCAG 2's AA contrast for normal text.
const minContrast = 4.5

// forMunicipality names the municipality in a problem of a region whose
// cause may lie in one overlay.
func (l *loader) forMunicipality(c *Content) string {
	if !l.region {
		return ""
	}
	return " in " + c.Catalog.Municipality.ID
}

// tipFile names the file a tip came from.
func (l *loader) tipFile(id string) string {
	if f, ok := l.serviceFile["tip:"+id]; ok {
		return f
	}
	return "selfhelp.yaml"
}

func (l *loader) checkSchedules(file, item string, ss []catalog.Schedule) {
	for i, s := range ss {
		if err := s.Check(); err != nil {
			l.add(file, fmt.Sprintf("%s schedules[%d]", item, i), "%v", err)
		}
	}
}

// checkText requires a Dutch text when required, and no empty
// translations (an empty string would hide the Dutch fallback).
func (l *loader) checkText(file, item string, t catalog.Text, required bool) {
	if required && strings.TrimSpace(t["nl"]) == "" {
		l.add(file, item, "Dutch text (nl) is missing")
	}
	for lang, s := range t {
		if strings.TrimSpace(s) == "" {
			l.add(file, item, "text for %q is empty; leave it out to show Dutch", lang)
		}
	}
}

// plausibleNL reports whether a coordinate lies in a box around the
// Netherlands, which catches swapped or missing coordinates.
func plausibleNL(lat, lon float64) bool {
	return lat > 50.7 && lat < 53.7 && lon > 3.2 && lon < 7.3
}

// checkRequires checks that every condition a service or tip requires is
// a need or named by some answer of the flow; otherwise it could never
// be shown.
func (l *loader) checkRequires(d *flow.Def, file, item, field string, conds []string) {
	for _, cond := range conds {
		named := catalog.IsTopic(cond)
		for _, q := range d.Questions {
			for _, o := range q.Options {
				named = named || slices.Contains(o.Tags, cond)
			}
		}
		if !named {
			l.add(file, item, "%s %q, which is no topic and no tag of an answer in flow.yaml, so it changes nothing", field, cond)
		}
	}
}
