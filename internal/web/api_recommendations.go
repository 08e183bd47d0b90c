package web

import (
	"math"
	"net/url"
	"slices"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/internal/ladder"
)

// Parameters of GET /api/v1/recommendations beside the share query.
const (
	paramLang       = "lang"
	paramEnough     = "enough"      // yes or no: "is this enough for you?"
	paramCarerCheck = "carer_check" // a carer's answer to how they hold up
	// paramMunicipality picks a municipality of the region (also in GET
	// /api/v1/services); without it the place answer or postcode does,
	// else the host.
	paramMunicipality = "municipality"
)

// apiAdvice is the ladder engine's advice as JSON: the same function the
// pages render, so another channel gets the same advice.
type apiAdvice struct {
	// Municipality is the id of the municipality whose help this is.
	Municipality string         `json:"municipality"`
	Lang         string         `json:"lang"`
	Topics       []string       `json:"topics"`
	Place        *apiPlace      `json:"place"`
	Urgent       []apiRec       `json:"urgent"`
	Self         []apiTipGroup  `json:"self"`
	Community    []apiRecGroup  `json:"community"`
	General      []apiRecGroup  `json:"general"`
	Custom       []apiRecGroup  `json:"custom"`
	Carer        *apiCarerGroup `json:"carer"`
	Escalate     bool           `json:"escalate"`
	MaatwerkOpen bool           `json:"maatwerk_open"`
}

type apiPlace struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// apiRec is a service with the answers it matches and its relevance.
type apiRec struct {
	apiService
	Topic   string      `json:"topic,omitempty"`
	Score   float64     `json:"score"`
	Reasons []apiReason `json:"reasons"`
}

// apiReason is an answer a recommendation matches, with its label as the
// resident saw it.
type apiReason struct {
	Question string `json:"question"`
	Option   string `json:"option"`
	Text     string `json:"text"`
}

type apiRecGroup struct {
	Topic    string   `json:"topic"`
	Services []apiRec `json:"services"`
}

type apiTip struct {
	ID      string      `json:"id"`
	Title   string      `json:"title"`
	Text    string      `json:"text"`
	URL     string      `json:"url,omitempty"`
	Lang    string      `json:"lang"`
	Reasons []apiReason `json:"reasons"`
}

type apiTipGroup struct {
	Topic string   `json:"topic"`
	Tips  []apiTip `json:"tips"`
}

type apiCarerGroup struct {
	Answer   string   `json:"answer,omitempty"`
	First    bool     `json:"first"`
	Services []apiRec `json:"services"`
}

// apiRecommendations is GET /api/v1/recommendations?lang=nl&<share
// query>: the advice for answers given as in a shared link
// (who=carer&topics=care.housing&housing_what=falls&place=9991AB), plus
// enough=yes|no and carer_check=<option>. A parameter that names nothing,
// or an answer that does not fit the flow, is a 400 in the requested
// language, so a caller learns about a typo rather than getting advice
// for fewer answers.
func (s *server) apiRecommendations(c *fiber.Ctx) error {
	lang, l, bad := s.apiLang(c)
	q, err := url.ParseQuery(string(c.Request().URI().QueryString()))
	if err != nil {
		return bad("api.error.query")
	}
	d := s.Content.Flow
	for k := range q {
		if k != paramLang && k != paramEnough && k != paramCarerCheck && k != paramMunicipality && d.Question(k) == nil {
			return bad("api.error.query")
		}
	}
	if m := q.Get(paramMunicipality); m != "" && m != s.muniID() {
		return bad("api.error.municipality")
	}
	q.Del(paramMunicipality)
	st, dropped := d.Decode(q, s.placeValue)
	if dropped > 0 {
		return bad("api.error.answers")
	}
	out := d.Outcome(st)
	if len(out.Topics) == 0 {
		return bad("api.error.topics_missing")
	}
	in := s.Content.Input(out, s.Now())
	switch e := q.Get(paramEnough); e {
	case "", "yes", "no":
		in.Enough = e
	default:
		return bad("api.error.query")
	}
	if cc := q.Get(paramCarerCheck); cc != "" {
		check := d.Question(d.CarerCheck)
		if check == nil || !out.ForCarer() || check.Option(cc) == nil {
			return bad("api.error.query")
		}
		in.CarerCheck = check.Option(cc)
	}
	a := s.Content.Advise(in)
	res := apiAdvice{Municipality: s.muniID(), Lang: lang, Topics: out.Topics, Escalate: a.Escalate, MaatwerkOpen: a.MaatwerkOpen,
		Urgent: []apiRec{}, Self: []apiTipGroup{}}
	if in.Place != nil {
		res.Place = &apiPlace{ID: in.Place.ID, Name: in.Place.Name}
	}
	for _, it := range a.Urgent {
		res.Urgent = append(res.Urgent, s.apiRec(l, out, it))
	}
	for _, g := range a.Self {
		tg := apiTipGroup{Topic: g.Topic, Tips: []apiTip{}}
		for _, ti := range g.Tips {
			title, got := ti.Tip.Title.In(lang)
			text, _ := ti.Tip.Text.In(lang)
			tg.Tips = append(tg.Tips, apiTip{ID: ti.Tip.ID, Title: title, Text: text, URL: ti.Tip.URL, Lang: got,
				Reasons: s.apiReasons(l, out, ti.Reasons)})
		}
		res.Self = append(res.Self, tg)
	}
	res.Community = s.apiRecGroups(l, out, a.Community)
	res.General = s.apiRecGroups(l, out, a.General)
	res.Custom = s.apiRecGroups(l, out, a.Custom)
	if ca := a.Carer; ca != nil {
		res.Carer = &apiCarerGroup{First: ca.First, Services: []apiRec{}}
		if ca.Answer != nil {
			res.Carer.Answer = ca.Answer.ID
		}
		for _, it := range ca.Items {
			res.Carer.Services = append(res.Carer.Services, s.apiRec(l, out, it))
		}
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=60")
	return c.JSON(res)
}

func (s *server) apiRecGroups(l *i18n.Localizer, out flow.Outcome, groups []ladder.Group) []apiRecGroup {
	res := []apiRecGroup{}
	for _, g := range groups {
		rg := apiRecGroup{Topic: g.Topic, Services: []apiRec{}}
		for _, it := range g.Items {
			rg.Services = append(rg.Services, s.apiRec(l, out, it))
		}
		res = append(res, rg)
	}
	return res
}

func (s *server) apiRec(l *i18n.Localizer, out flow.Outcome, it ladder.Item) apiRec {
	return apiRec{apiService: s.apiService(l.Lang(), it), Topic: it.Topic, Score: math.Round(it.Score*100) / 100,
		Reasons: s.apiReasons(l, out, it.Reasons)}
}

func (s *server) apiReasons(l *i18n.Localizer, out flow.Outcome, rs []ladder.Reason) []apiReason {
	res := make([]apiReason, 0, len(rs))
	for _, r := range rs {
		if slices.ContainsFunc(res, func(x apiReason) bool { return x.Question == r.Question.ID && x.Option == r.Option.ID }) {
			continue
		}
		res = append(res, apiReason{Question: r.Question.ID, Option: r.Option.ID, Text: s.Content.OptionLabel(l, r.Option, out)})
	}
	return res
}
