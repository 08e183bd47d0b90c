package web

import (
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/internal/outcomes"
)

// The insights page (/{lang}/medewerker/inzichten): the anonymous
// outcome counts of a period, for the municipality to steer on. Every
// figure under 5 reads "<5"; the charts are SVG made here, labelled, and
// readable without colour; the tables beside them hold the same figures.

const (
	insightsDays    = 30  // the period shown when none is asked for
	insightsMaxDays = 400 // the counts are kept this long
)

type insightsView struct {
	page
	Staff *staffMember
	// Scope names whose figures these are in a region: a municipality's,
	// or the region's for its staff; "" for a single municipality.
	Scope string
	// From and To are the period, as in the form.
	From, To string
	// Error is a message id when the period asked for is not one.
	Error string
	// Unavailable: the counts could not be read.
	Unavailable bool
	Empty       bool
	CSV         string
	Channels    countTable
	Languages   countTable
	Needs       countTable
	ByTopic     stepTable
	ByVillage   stepTable
	ByMonth     stepTable
	Unmet       []unmetRow
	Stopped     barChart
	Other       countTable
}

// countTable is a table of one figure a row; L is the page's localizer,
// for its headings.
type countTable struct {
	L    *i18n.Localizer
	Col  string
	Rows []countRow
}

type countRow struct {
	Label, Value string
}

// stepTable is the afschaling of one grouping, with a chart of the share
// found enough in the neighbourhood.
type stepTable struct {
	L       *i18n.Localizer
	Caption string
	Rows    []stepRow
	Chart   barChart
}

type stepRow struct {
	Label, Low, General, NotEnough, Share string
}

type unmetRow struct {
	Topic, Village, Answers, NotEnough, NoCommunity string
}

// barChart is a horizontal bar chart in SVG units: one bar a row, its
// length in per cent of the chart's width, labelled with its figure.
type barChart struct {
	Height int
	Bars   []bar
}

type bar struct {
	Label, Value string
	// LabelY is the label's baseline, BarY the bar's top; Width the bar's
	// length (0: too few to draw) and ValueX where its figure stands.
	LabelY, BarY  int
	Width, ValueX string
}

func (c *barChart) add(label, value string, width float64) {
	y := len(c.Bars) * 16
	c.Bars = append(c.Bars, bar{Label: label, Value: value, LabelY: y + 5, BarY: y + 7,
		Width: fmt.Sprintf("%.1f", 0.85*width), ValueX: fmt.Sprintf("%.1f", 0.85*width+1.5)})
	c.Height = y + 16
}

// insightsPeriod reads the period asked for: from and to as dates, to on
// or after from, at most insightsMaxDays; none asked: the last 30 days.
func (s *server) insightsPeriod(c *fiber.Ctx) (from, to time.Time, msg string) {
	today := s.Now().In(s.loc)
	to = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	from = to.AddDate(0, 0, 1-insightsDays)
	qf, qt := c.Query("van"), c.Query("tot")
	if qf == "" && qt == "" {
		return from, to, ""
	}
	f, err1 := time.Parse(time.DateOnly, qf)
	t, err2 := time.Parse(time.DateOnly, qt)
	if err1 != nil || err2 != nil || t.Before(f) || t.Sub(f) >= insightsMaxDays*24*time.Hour {
		return from, to, "insights.error.period"
	}
	return f, t, ""
}

func (s *server) insights(c *fiber.Ctx) error {
	v := insightsView{page: s.page(c, "insights.title"), Staff: staffOf(c)}
	from, to, msg := s.insightsPeriod(c)
	v.From, v.To, v.Error = from.Format(time.DateOnly), to.Format(time.DateOnly), msg
	v.CSV = staffPath(langOf(c), pathInsights+".csv") + "?van=" + v.From + "&tot=" + v.To
	store, scope := s.outcomeStore(v.Staff)
	v.Scope = scope
	if store == nil {
		v.Unavailable = true
		return s.views.render(c, fiber.StatusOK, "insights", v)
	}
	f, err := outcomes.Read(c.UserContext(), store, from, to)
	if err != nil {
		s.Log.Warn("insights: counts not read", "err", err)
		v.Unavailable = true
		return s.views.render(c, fiber.StatusServiceUnavailable, "insights", v)
	}
	v.Empty = len(f.ByDay) == 0
	s.fillInsights(&v, f)
	status := fiber.StatusOK
	if msg != "" {
		status = fiber.StatusUnprocessableEntity
	}
	return s.views.render(c, status, "insights", v)
}

// insightsCSV is the period's figures as CSV, every figure under 5 as
// "<5".
func (s *server) insightsCSV(c *fiber.Ctx) error {
	from, to, msg := s.insightsPeriod(c)
	if msg != "" {
		return c.Status(fiber.StatusUnprocessableEntity).SendString(s.Content.Messages.Localizer(langOf(c)).T(msg))
	}
	store, _ := s.outcomeStore(staffOf(c))
	if store == nil {
		return fiber.ErrServiceUnavailable
	}
	f, err := outcomes.Read(c.UserContext(), store, from, to)
	if err != nil {
		s.Log.Warn("insights: counts not read", "err", err)
		return fiber.ErrServiceUnavailable
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="inzichten-%s-%s.csv"`, f.From, f.To))
	return c.Send(f.CSV())
}

func (s *server) fillInsights(v *insightsView, f outcomes.Figures) {
	l := v.L
	topic := func(t string) string { return l.T("topic." + t) }
	village := func(id string) string {
		switch id {
		case "-", "":
			return l.T("insights.village.unknown")
		case "outside":
			return l.T("insights.village.outside")
		}
		if p := s.Content.Catalog.Place(id); p != nil {
			return p.Name
		}
		return id
	}
	channels, langs := map[string]int64{}, map[string]int64{}
	for k, n := range f.Started {
		channels[k[0]] += n
		langs[k[1]] += n
	}
	v.Channels = countTable{L: l, Col: l.T("insights.col.channel")}
	for _, ch := range []string{outcomes.Flow, outcomes.Chat, outcomes.Desk} {
		v.Channels.Rows = append(v.Channels.Rows, countRow{l.T("insights.channel." + ch), outcomes.Show(channels[ch])})
	}
	v.Languages = countTable{L: l, Col: l.T("insights.col.language")}
	for _, code := range s.Content.Messages.Langs() {
		v.Languages.Rows = append(v.Languages.Rows, countRow{i18n.Name(code), outcomes.Show(langs[code])})
	}
	needs := map[string]int64{}
	for k, n := range f.Needs {
		needs[k[0]] += n
	}
	v.Needs = countTable{L: l, Col: l.T("insights.col.topic")}
	for _, t := range s.Content.Flow.Topics {
		v.Needs.Rows = append(v.Needs.Rows, countRow{topic(t), outcomes.Show(needs[t])})
	}
	v.ByTopic = stepsOf(l, l.T("insights.by.topic"), f.Afschaling(outcomes.ByTopic), topic)
	v.ByVillage = stepsOf(l, l.T("insights.by.village"), f.Afschaling(outcomes.ByVillage), village)
	v.ByMonth = stepsOf(l, l.T("insights.by.month"), f.Afschaling(outcomes.ByMonth), func(m string) string { return m })
	for _, u := range f.Unmet() {
		v.Unmet = append(v.Unmet, unmetRow{Topic: topic(u.Topic), Village: village(u.Village), Answers: outcomes.Show(u.Answers),
			NotEnough: outcomes.Show(u.NotEnough), NoCommunity: outcomes.Show(u.NoCommunity)})
	}
	// Where sessions stopped, in the flow's order.
	var most int64
	for _, n := range f.Answered {
		most = max(most, n)
	}
	for _, q := range s.Content.Flow.Questions {
		n := f.Answered[q.ID]
		width := 0.0
		if n >= outcomes.MinShown && most > 0 {
			width = 100 * float64(n) / float64(most)
		}
		v.Stopped.add(s.Content.QuestionText(l, q, flow.Outcome{}), outcomes.Show(n), width)
	}
	var urgent, contacts int64
	for _, n := range f.Urgent {
		urgent += n
	}
	for _, n := range f.Contacts {
		contacts += n
	}
	v.Other = countTable{L: l, Col: l.T("insights.col.what"), Rows: []countRow{
		{l.T("insights.other.self"), outcomes.Show(f.For["self"])},
		{l.T("insights.other.carer"), outcomes.Show(f.For["carer"])},
		{l.T("insights.other.urgent"), outcomes.Show(urgent)},
		{l.T("insights.other.contacts"), outcomes.Show(contacts)},
		{l.T("insights.other.shared_link"), outcomes.Show(f.Shared["link"])},
		{l.T("insights.other.shared_code"), outcomes.Show(f.Shared["code"])},
	}}
}

// stepsOf is a grouping's table, and a chart of each group's share found
// enough in the neighbourhood (groups with too few answers get no bar).
func stepsOf(l *i18n.Localizer, caption string, steps []outcomes.Step, label func(string) string) stepTable {
	t := stepTable{L: l, Caption: caption}
	for _, st := range steps {
		share, width := "–", 0.0
		if sh := st.LowShare(); sh >= 0 {
			share, width = fmt.Sprintf("%.0f%%", 100*sh), 100*sh
		}
		name := label(st.Group)
		t.Rows = append(t.Rows, stepRow{Label: name, Low: outcomes.Show(st.Low), General: outcomes.Show(st.General),
			NotEnough: outcomes.Show(st.NotEnough), Share: share})
		t.Chart.add(name, share, width)
	}
	return t
}

// outcomeStore is where staff member m's figures are read: this
// municipality's counts, or for the region's staff every municipality's
// added up. scope names them in a region; store is nil when nothing is
// counted.
func (s *server) outcomeStore(m *staffMember) (store outcomes.Store, scope string) {
	if !s.inRegion() {
		if s.Outcomes == nil {
			return nil, ""
		}
		return s.Outcomes.Store(), ""
	}
	if !m.Regional || s.site == nil {
		if s.Outcomes == nil {
			return nil, ""
		}
		return s.Outcomes.Store(), s.Content.Catalog.Municipality.Name
	}
	var sum outcomes.Sum
	for _, p := range s.site.cur.Load().portals {
		if p.srv.Outcomes != nil {
			sum = append(sum, p.srv.Outcomes.Store())
		}
	}
	if len(sum) == 0 {
		return nil, ""
	}
	return sum, s.Region.Name
}
