package web

import (
	"math"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
)

// How much the results page shows per need, so a phone screen stays
// readable; the API returns everything.
const (
	tipsPerTopic      = 3
	communityPerTopic = 4
	generalPerTopic   = 3
)

type serviceView struct {
	ID          string
	Level       catalog.Level
	Name        text
	Description text
	Eligibility text
	Fees        text
	Free        bool
	Address     string
	Village     string
	Distance    string
	Open        string
	OpenNow     bool
	Phone       string
	Email       string
	URL         string
	Access      []catalog.Access
	Languages   []string
	// Hours are the opening hours in words, for the printed summary.
	Hours []text
}

type tipView struct {
	Title, Text text
	URL         string
}

type topicGroup struct {
	Topic    string
	Tips     []tipView
	Services []serviceView
}

type resultsView struct {
	page
	Topics   []string
	Place    string // the village or postcode the results are sorted for
	Outside  bool   // a postcode outside the municipality
	Urgent   []serviceView
	Self     []topicGroup
	Local    []topicGroup // community: voorliggend veld
	General  []topicGroup
	Enough   string
	Escalate bool
	Answers  []answerView
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
		ss.data.Flow.At = flow.AtResults
		_ = s.save(c, ss)
	}
	v := s.resultsView(c, ss)
	return s.views.render(c, fiber.StatusOK, "results", v)
}

func (s *server) query(out flow.Outcome) (catalog.Query, *catalog.Place) {
	q := s.Content.Query(out, s.Now())
	return q, q.Place
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
	d := s.Content.Flow
	cat := s.Content.Catalog
	out := d.Outcome(ss.data.Flow)
	v := resultsView{page: p, Topics: out.Topics, Enough: ss.data.Enough, Escalate: out.Escalate}
	q, place := s.query(out)
	switch {
	case place != nil:
		v.Place = place.Name
	case out.Place != "":
		v.Place, v.Outside = out.Place, true
	}
	if out.Urgent {
		v.page.Urgent = true
		for _, svc := range cat.UrgentServices(out.Topics, out.Tags) {
			v.Urgent = append(v.Urgent, s.serviceView(v.L, catalog.Recommendation{Service: svc, Level: catalog.Urgent, Open: cat.OpenState(svc, q.Now)}))
		}
	}
	perTopic := map[string]int{}
	for _, t := range cat.TipsFor(q) {
		topic := firstShared(t.Topics, out.Topics)
		if perTopic[topic] >= tipsPerTopic {
			continue
		}
		perTopic[topic]++
		g := groupFor(&v.Self, topic)
		g.Tips = append(g.Tips, tipView{Title: localText(v.Lang, t.Title), Text: localText(v.Lang, t.Text), URL: t.URL})
	}
	counts := map[catalog.Level]map[string]int{catalog.Community: {}, catalog.General: {}}
	for _, r := range cat.Recommend(q) {
		var dst *[]topicGroup
		limit := 0
		switch r.Level {
		case catalog.Community:
			dst, limit = &v.Local, communityPerTopic
		case catalog.General:
			dst, limit = &v.General, generalPerTopic
		default:
			continue // custom: only on the maatwerk page
		}
		if counts[r.Level][r.Topic] >= limit {
			continue
		}
		counts[r.Level][r.Topic]++
		g := groupFor(dst, r.Topic)
		g.Services = append(g.Services, s.serviceView(v.L, r))
	}
	v.Answers = s.resultAnswers(v.L, v.Root, ss.data.Flow)
	v.Share = s.shareView(c, ss)
	if out.ForCarer() {
		v.Person = s.Content.Person(v.L, out)
		var shown []string
		for _, sv := range v.listed(0) {
			shown = append(shown, sv.ID)
		}
		v.Carer = s.carerSupport(v.L, ss, out, q, shown)
	}
	return v
}

// listed returns the services of the community and general rungs, each
// once, in page order; perGroup > 0 takes only the first of each group.
func (v *resultsView) listed(perGroup int) []serviceView {
	var out []serviceView
	for _, groups := range [][]topicGroup{v.Local, v.General} {
		for _, g := range groups {
			svcs := g.Services
			if perGroup > 0 {
				svcs = svcs[:min(perGroup, len(svcs))]
			}
			for _, sv := range svcs {
				if !slices.ContainsFunc(out, func(o serviceView) bool { return o.ID == sv.ID }) {
					out = append(out, sv)
				}
			}
		}
	}
	return out
}

func firstShared(a, order []string) string {
	for _, t := range order {
		for _, x := range a {
			if x == t {
				return t
			}
		}
	}
	return ""
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

func (s *server) serviceView(l *i18n.Localizer, r catalog.Recommendation) serviceView {
	svc := r.Service
	lang := l.Lang()
	v := serviceView{
		ID: svc.ID, Level: r.Level,
		Name: localText(lang, svc.Name), Description: localText(lang, svc.Description),
		Eligibility: localText(lang, svc.EligibilityDescription), Fees: localText(lang, svc.FeesDescription),
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
	return v
}

// formatKm formats a distance with the locale's decimal separator.
func formatKm(lang string, km float64) string {
	p := message.NewPrinter(language.Make(lang))
	if km < 10 {
		return p.Sprintf("%.1f", math.Round(km*10)/10)
	}
	return p.Sprintf("%.0f", math.Round(km))
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
	ss.data.Enough = ans
	if err := s.save(c, ss); err != nil {
		s.Log.Warn("could not save the answer to is-this-enough", "err", err)
	}
	if ans == "no" {
		return c.Redirect(rootOf(c)+"/maatwerk", fiber.StatusSeeOther)
	}
	return c.Redirect(rootOf(c)+"/uitkomst#genoeg", fiber.StatusSeeOther)
}
