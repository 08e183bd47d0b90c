package web

import (
	"math"
	"slices"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/internal/ladder"
	"github.com/wegwijzer/wegwijzer/internal/web/view"
)

// reasonsShown is how many matching answers a card names: the best one
// (an answer about the need before a shared one such as age).
const reasonsShown = 1

// How much the results page shows per need and rung before "more", so a
// phone screen stays readable; the rest is one tap away.
const (
	tipsPerTopic    = 3
	servicesShown   = 3
	carerShownFirst = 3
)

type tipView struct {
	Title, Text view.Text
	URL         string
}

// topicGroup is one need on one rung: the best services, and More behind
// a disclosure.
type topicGroup struct {
	Topic    string
	Tips     []tipView
	Services []view.Service
	More     []view.Service
}

type resultsView struct {
	page
	Topics   []string
	Place    string // the village or postcode the results are sorted for
	Outside  bool   // a postcode outside the municipality
	Urgent   []view.Service
	Self     []topicGroup
	Local    []topicGroup // community: voorliggend veld
	General  []topicGroup
	Enough   string
	Escalate bool
	// Best is the best match per need, which the printed summary offers
	// when the resident chose nothing.
	Best    []view.Service
	Answers []answerView
	// Person names the person a carer cares for (content.Person); nil
	// when the resident looks for themselves.
	Person map[string]any
	// Carer is the carer's own support, nil for other residents.
	Carer *carerView
	// Share holds the link, QR code and resume code; nil without answers
	// and at the desk.
	Share *shareView
	// StaffPanel is the same results in the staff member's language, at
	// the desk.
	StaffPanel *resultsView
}

func (s *server) results(c *fiber.Ctx) error {
	ss := sessionOf(c)
	if ss.data.Flow.At != flow.AtResults && len(ss.data.Flow.Answers) > 0 && !ss.unavailable {
		ss.setAt(flow.AtResults)
		_ = s.save(c, ss)
	}
	v := s.resultsView(c, ss)
	return s.views.render(c, fiber.StatusOK, "results", v)
}

// advice is the ladder engine's advice for the session's answers: the one
// call every page of the results makes.
func (s *server) advice(ss *sess) (ladder.Advice, flow.Outcome, ladder.Input) {
	d := s.Content.Flow
	out := d.Outcome(ss.data.Flow)
	in := s.Content.Input(out, s.Now())
	in.Enough = ss.data.Enough
	if q := d.Question(d.CarerCheck); q != nil && ss.data.CarerCheck != "" {
		in.CarerCheck = q.Option(ss.data.CarerCheck)
	}
	return s.Content.Advise(in), out, in
}

// resultsView builds the results page. At the desk the share section
// gives way to the hand-over, and the staff member's panel holds the same
// results in their language.
func (s *server) resultsView(c *fiber.Ctx, ss *sess) resultsView {
	v := s.resultsIn(c, ss, s.page(c, "results.title"))
	if v.Desk != nil {
		v.Share = nil
		if o := v.Desk.Other; o != nil && len(v.Topics) > 0 {
			p := v.page
			p.L, p.Lang, p.Dir = o.L, o.Lang, o.Dir
			sv := s.resultsIn(c, ss, p)
			v.StaffPanel = &sv
		}
	}
	return v
}

// resultsIn builds the results in the language of p.
func (s *server) resultsIn(c *fiber.Ctx, ss *sess, p page) resultsView {
	a, out, in := s.advice(ss)
	v := resultsView{page: p, Topics: out.Topics, Enough: ss.data.Enough, Escalate: out.Escalate}
	switch {
	case in.Place != nil:
		v.Place = in.Place.Name
	case out.Place != "" && !in.OutsideRegion: // outside the region: the page's note says so
		v.Place, v.Outside = out.Place, true
	}
	if len(a.Urgent) > 0 {
		v.page.Urgent = true
		v.Urgent = s.serviceViews(v.L, out, a.Urgent)
	}
	for _, tg := range a.Self {
		g := groupFor(&v.Self, tg.Topic)
		for _, ti := range tg.Tips[:min(len(tg.Tips), tipsPerTopic)] {
			g.Tips = append(g.Tips, tipView{Title: view.LocalText(v.Lang, ti.Tip.Title), Text: view.LocalText(v.Lang, ti.Tip.Text), URL: ti.Tip.URL})
		}
	}
	v.Local = s.topicGroups(v.L, out, a.Community)
	v.General = s.topicGroups(v.L, out, a.General)
	v.Best = s.serviceViews(v.L, out, a.Best())
	v.Answers = s.resultAnswers(v.L, v.Root, ss.data.Flow)
	v.Share = s.shareView(c, ss)
	if out.ForCarer() {
		v.Person = s.Content.Person(v.L, out)
		v.Carer = s.carerSupport(v.L, out, a.Carer)
	}
	return v
}

// topicGroups renders the groups of one rung: the best servicesShown of
// each need, the rest behind "more".
func (s *server) topicGroups(l *i18n.Localizer, out flow.Outcome, groups []ladder.Group) []topicGroup {
	var tgs []topicGroup
	for _, g := range groups {
		svcs := s.serviceViews(l, out, g.Items)
		n := min(len(svcs), servicesShown)
		tgs = append(tgs, topicGroup{Topic: g.Topic, Services: svcs[:n], More: svcs[n:]})
	}
	return tgs
}

func (s *server) serviceViews(l *i18n.Localizer, out flow.Outcome, items []ladder.Item) []view.Service {
	views := make([]view.Service, 0, len(items))
	for _, it := range items {
		views = append(views, s.serviceView(l, out, it))
	}
	return views
}

// listed returns the services of the community and general rungs, each
// once, in page order, those behind "more" included.
func (v *resultsView) listed() []view.Service {
	var out []view.Service
	for _, groups := range [][]topicGroup{v.Local, v.General} {
		for _, g := range groups {
			for _, sv := range append(slices.Clip(g.Services), g.More...) {
				if !slices.ContainsFunc(out, func(o view.Service) bool { return o.ID == sv.ID }) {
					out = append(out, sv)
				}
			}
		}
	}
	return out
}

// groupFor returns the group for topic in groups, appending it when new;
// groups keep the order in which topics first appear.
func groupFor(groups *[]topicGroup, topic string) *topicGroup {
	for i := range *groups {
		if (*groups)[i].Topic == topic {
			return &(*groups)[i]
		}
	}
	*groups = append(*groups, topicGroup{Topic: topic})
	return &(*groups)[len(*groups)-1]
}

// serviceView renders one recommendation in l's language, with the
// answers of out it matches.
func (s *server) serviceView(l *i18n.Localizer, out flow.Outcome, r ladder.Item) view.Service {
	svc := r.Service
	lang := l.Lang()
	v := view.Service{
		ID: svc.ID, Level: r.Level,
		Name: view.LocalText(lang, svc.Name), Description: view.LocalText(lang, svc.Description),
		Eligibility: view.LocalText(lang, svc.EligibilityDescription), Fees: view.LocalText(lang, svc.FeesDescription),
		Free: svc.Free, Phone: svc.Phone, Email: svc.Email, URL: svc.URL, Access: svc.Access,
	}
	for _, code := range svc.Languages {
		if name := i18n.Name(code); name != "" {
			v.Languages = append(v.Languages, name)
		} else {
			v.Languages = append(v.Languages, code)
		}
	}
	if loc := r.Location; loc != nil {
		v.Address = loc.Address.Address1
		if p := s.Content.Catalog.Place(loc.Place); p != nil {
			v.Village = p.Name
		} else {
			v.Village = loc.Address.City
		}
	}
	if r.HasDistance {
		v.Distance = l.T("service.distance", map[string]any{"Km": formatKm(lang, r.DistanceKm)})
	}
	v.Open, v.OpenNow = s.openText(l, r.Open)
	v.Hours = hours(lang, r)
	for _, rs := range r.Reasons[:min(len(r.Reasons), reasonsShown)] {
		v.Reasons = append(v.Reasons, s.Content.OptionLabel(l, rs.Option, out))
	}
	return v
}

// formatKm formats a distance with the locale's decimal separator.
func formatKm(lang string, km float64) string {
	p := printer(lang)
	if km < 10 {
		return p.Sprintf("%.1f", math.Round(km*10)/10)
	}
	return p.Sprintf("%.0f", math.Round(km))
}

// printers are the number printers per language, made once: making one
// parses the language tag and looks up its number format.
var printers sync.Map

func printer(lang string) *message.Printer {
	if p, ok := printers.Load(lang); ok {
		return p.(*message.Printer)
	}
	p, _ := printers.LoadOrStore(lang, message.NewPrinter(language.Make(lang)))
	return p.(*message.Printer)
}

// openText says in words whether a service is open now, until when, or
// when it opens next: "today", "tomorrow", a weekday, or a date.
func (s *server) openText(l *i18n.Localizer, st catalog.OpenState) (string, bool) {
	if !st.Known {
		return "", false
	}
	now := s.Now().In(s.loc)
	if st.Open {
		if st.Until.IsZero() {
			return l.T("open.always"), true
		}
		return l.T("open.now_until", map[string]any{"Time": st.Until.In(s.loc).Format("15:04")}), true
	}
	if st.Next.IsZero() {
		return l.T("open.closed"), false
	}
	next := st.Next.In(s.loc)
	tm := next.Format("15:04")
	days := dayDiff(now, next)
	switch {
	case days == 0:
		return l.T("open.next_today", map[string]any{"Time": tm}), false
	case days == 1:
		return l.T("open.next_tomorrow", map[string]any{"Time": tm}), false
	case days < 7:
		return l.T("open.next_day", map[string]any{"Day": l.T(weekdayIDs[next.Weekday()]), "Time": tm}), false
	}
	return l.T("open.next_date", map[string]any{
		"Day": l.T(weekdayIDs[next.Weekday()]), "Date": next.Format("2-1"), "Time": tm}), false
}

var weekdayIDs = [...]string{"day.sunday", "day.monday", "day.tuesday", "day.wednesday", "day.thursday", "day.friday", "day.saturday"}

// dayDiff counts calendar days from a to b in a's location, safe across
// daylight-saving changes (days are not always 24 hours).
func dayDiff(a, b time.Time) int {
	ay, am, ad := a.Date()
	by, bm, bd := b.In(a.Location()).Date()
	da := time.Date(ay, am, ad, 12, 0, 0, 0, time.UTC)
	db := time.Date(by, bm, bd, 12, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours() / 24)
}

// enough takes the answer to "Is this enough for you?". No leads to the
// route to customised support.
func (s *server) enough(c *fiber.Ctx) error {
	ss := sessionOf(c)
	ans := c.FormValue("enough")
	if ans != "yes" && ans != "no" {
		v := s.resultsView(c, ss)
		v.Notice = "error.choose_yes_no"
		return s.views.render(c, fiber.StatusUnprocessableEntity, "results", v)
	}
	ss.setEnough(ans)
	s.countEnough(ss, ans)
	if err := s.save(c, ss); err != nil {
		s.Log.Warn("could not save the answer to is-this-enough", "err", err)
	}
	if ans == "no" {
		return c.Redirect(flowPath(c, pathMaatwerk), fiber.StatusSeeOther)
	}
	return c.Redirect(flowPath(c, pathResults)+"#genoeg", fiber.StatusSeeOther)
}
