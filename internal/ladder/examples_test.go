package ladder_test

import (
	"net/url"
	"slices"
	"testing"

	"github.com/wegwijzer/wegwijzer/internal/ladder"
)

// The problems that showed the need for one engine, each as residents met
// them on the demo content, and what they get now.
func TestReportedExamples(t *testing.T) {
	c := demo(t)
	advise := func(t *testing.T, query, carerCheck string) ladder.Advice {
		t.Helper()
		in, _ := input(t, c, persona{ID: query, Query: query, CarerCheck: carerCheck})
		return c.Advise(in)
	}
	ids := func(items []ladder.Item) []string {
		var out []string
		for _, it := range items {
			out = append(out, it.Service.ID)
		}
		return out
	}
	group := func(gs []ladder.Group, topic string) []string {
		for _, g := range gs {
			if g.Topic == topic {
				return ids(g.Items)
			}
		}
		return nil
	}
	tips := func(a ladder.Advice, topic string) []string {
		var out []string
		for _, g := range a.Self {
			if g.Topic == topic {
				for _, ti := range g.Tips[:min(3, len(g.Tips))] {
					out = append(out, ti.Tip.ID)
				}
			}
		}
		return out
	}
	top3 := func(s []string) []string { return s[:min(3, len(s))] }

	t.Run("a carer of a mother over 67 for whom it is too much gets carer support, not the young carers' group", func(t *testing.T) {
		a := advise(t, "who=carer&relation=mother&topics=care&care_what=washing&age=senior&place=9991AB", "toomuch")
		own := ids(a.Carer.Items)
		if slices.Contains(own, "jonge-mantelzorgers") || !slices.Contains(top3(own), "mantelzorgconsulent") || !slices.Contains(top3(own), "respijtzorg") {
			t.Errorf("carer's own support %v", own)
		}
		if !a.Carer.First {
			t.Error("'too much' does not put the carer's support first")
		}
	})
	t.Run("the best match for a mother who keeps falling is about falling, not the memory café", func(t *testing.T) {
		a := advise(t, "who=carer&relation=mother&topics=housing&housing_when=later&housing_what=falls&age=senior&place=9991AB", "")
		best := ids(a.Best())
		if len(best) == 0 || best[0] != "cursus-stevig-staan" {
			t.Errorf("best match %v, want the falls course", best)
		}
		if slices.Contains(group(a.Community, "housing"), "geheugencafe") {
			t.Error("the memory café is shown, though memory was never mentioned")
		}
	})
	t.Run("falls: the course before the housing advisers; no energy saving tip", func(t *testing.T) {
		a := advise(t, "who=self&topics=housing&housing_when=later&housing_what=falls&age=senior&place=9991AB", "")
		g := group(a.Community, "housing")
		course := slices.Index(g, "cursus-stevig-staan")
		if course != 0 || slices.Index(g, "woonadviseur") < course || slices.Index(g, "woonspreekuur") < course {
			t.Errorf("housing %v", g)
		}
		if slices.Contains(tips(a, "housing"), "tip-energie-besparen") {
			t.Errorf("tips %v", tips(a, "housing"))
		}
	})
	t.Run("a bailiff coming: debt help first, no energy coach in the top three", func(t *testing.T) {
		a := advise(t, "who=self&topics=money&money_when=bailiff&money_what=debt&place=9991AB", "")
		g := top3(group(a.Community, "money"))
		if slices.Contains(g, "energiecoach") || !slices.Contains(g, "geldmaatje") {
			t.Errorf("money %v", g)
		}
		if gen := group(a.General, "money"); len(gen) == 0 || gen[0] != "schuldhulpverlening" {
			t.Errorf("general money %v", gen)
		}
	})
	t.Run("a resident under 18: youth work first, no outing group for older people", func(t *testing.T) {
		a := advise(t, "who=self&topics=loneliness&loneliness_what=meet&age=young&place=9991AB", "")
		g := group(a.Community, "loneliness")
		if len(g) == 0 || g[0] != "jongerenwerk" || slices.Contains(g, "samen-eropuit") || slices.Contains(g, "beweeggroep-ouderen") {
			t.Errorf("loneliness %v", g)
		}
	})
	t.Run("the mother of a baby: no school social work, no course for parents of 2 to 12", func(t *testing.T) {
		a := advise(t, "who=self&topics=parenting&parenting_what=growth&child_age=baby&place=9991AB", "")
		all := append(group(a.Community, "parenting"), group(a.General, "parenting")...)
		if slices.Contains(all, "schoolmaatschappelijk-werk") || slices.Contains(all, "cursus-opvoeden-met-plezier") || !slices.Contains(all, "consultatiebureau") {
			t.Errorf("parenting %v", all)
		}
	})
	t.Run("a toddler's tantrums (baby or toddler, upbringing): the course on upbringing; a school-age service is not", func(t *testing.T) {
		a := advise(t, "who=self&topics=parenting&parenting_what=upbringing&child_age=baby&place=9991AB", "")
		all := append(group(a.Community, "parenting"), group(a.General, "parenting")...)
		if !slices.Contains(all, "cursus-opvoeden-met-plezier") || slices.Contains(all, "schoolmaatschappelijk-werk") || slices.Contains(all, "huiswerkbegeleiding") {
			t.Errorf("parenting %v", all)
		}
	})
	t.Run("a parent whose teenager drinks or games too much: the advice line on addiction", func(t *testing.T) {
		a := advise(t, "who=self&topics=parenting&parenting_what=use&child_age=teen&place=9991AB", "")
		if g := group(a.General, "parenting"); len(g) == 0 || g[0] != "verslavingszorg-advies" {
			t.Errorf("general parenting %v", g)
		}
	})
	t.Run("cannot read the post: help with letters is listed, high", func(t *testing.T) {
		a := advise(t, "who=self&topics=paperwork&paperwork_what=letters&place=9991AB", "")
		g := top3(group(a.Community, "paperwork"))
		if !slices.Contains(g, "hulp-thuisadministratie") && !slices.Contains(g, "formulierenhulp") {
			t.Errorf("paperwork %v", g)
		}
	})
	t.Run("a partner who threatens: social work, not a group for those who are safe now, nor neighbour mediation", func(t *testing.T) {
		a := advise(t, "who=self&topics=safety&safety_what=violence&safety_now=again&place=9991AB", "")
		g := group(a.Community, "safety")
		if slices.Contains(g, "groep-sterk-verder") || slices.Contains(g, "buurtbemiddeling") || len(g) == 0 || g[0] != "maatschappelijk-werk" {
			t.Errorf("safety %v", g)
		}
		if len(a.Urgent) == 0 {
			t.Error("no crisis lines")
		}
	})
	t.Run("neighbour trouble: mediation", func(t *testing.T) {
		a := advise(t, "who=self&topics=safety&safety_what=neighbours&safety_now=unsure&place=9991AB", "")
		if g := group(a.Community, "safety"); len(g) == 0 || g[0] != "buurtbemiddeling" {
			t.Errorf("safety %v", g)
		}
	})
	t.Run("a shared link with one bad value keeps the valid topics", func(t *testing.T) {
		v, _ := url.ParseQuery("topics=money.nonsense.care")
		st, dropped := c.Flow.Decode(v, c.PlaceValue)
		if got := c.Flow.Outcome(st).Topics; !slices.Equal(got, []string{"money", "care"}) || dropped != 1 {
			t.Errorf("topics %v, dropped %d", got, dropped)
		}
	})
}
