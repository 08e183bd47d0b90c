package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wegwijzer/wegwijzer/internal/outcomes"
)

// TestOutcomeCounts: a walk through the flow, "not enough", a contact
// request, a shared link with an urgent need and a resume code are each
// counted once, in the day the session started; looking at pages again
// counts nothing; and no count holds anything of the resident but the
// content's ids.
// countOutcomes gives d a recorder on a store in memory, closed when the
// test ends, and returns the store.
func countOutcomes(t *testing.T, d *Deps) *outcomes.Memory {
	store := outcomes.NewMemory()
	d.Outcomes = outcomes.NewRecorder(store, d.Log)
	t.Cleanup(d.Outcomes.Close)
	return store
}

func TestOutcomeCounts(t *testing.T) {
	d, _ := testDeps(t)
	store := countOutcomes(t, &d)
	srv := startServer(t, d)

	a := newBrowser(t, srv.URL)
	walk(t, a, "nl", carerSteps...)
	a.get("/nl/uitkomst")
	a.post("/nl/uitkomst", url.Values{"enough": {"no"}})
	a.get("/nl/contact")
	a.post("/nl/contact", url.Values{"name": {"Fenna Jansen"}, "phone": {"0000 123 456"}, "time": {"any"}, "consent": {"yes"}})
	a.post("/nl/uitkomst", url.Values{"enough": {"yes"}}) // changed mind: the first answer counts

	b := newBrowser(t, srv.URL)
	b.follow("/en/uitkomst/gedeeld?who=self&topics=safety.money&place=9991AB")
	b.post("/en/uitkomst/code", nil)

	d.Outcomes.Flush()
	day := d.Now().Format(outcomes.DayFormat)
	before, _ := store.Read(context.Background(), []string{day})
	// Looking again changes nothing.
	a.get("/nl/uitkomst")
	a.get("/nl/uitkomst/overzicht")
	b.get("/en/uitkomst")
	d.Outcomes.Flush()
	after, _ := store.Read(context.Background(), []string{day})
	if len(before[day]) == 0 || len(after[day]) != len(before[day]) {
		t.Fatalf("counts %v, then %v", before[day], after[day])
	}
	for k, v := range before[day] {
		if after[day][k] != v {
			t.Errorf("%s: %d, after looking at pages %d", k, v, after[day][k])
		}
	}

	now := d.Now()
	f, err := outcomes.Read(context.Background(), store, now.AddDate(0, 0, -1), now)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		what      string
		got, want int64
	}{
		{"sessions started in the flow, nl", f.Started[[2]string{"flow", "nl"}], 1},
		{"sessions started in the flow, en", f.Started[[2]string{"flow", "en"}], 1},
		{"need care in heidehoek", f.Needs[[2]string{"care", "heidehoek"}], 1},
		{"need household in heidehoek", f.Needs[[2]string{"household", "heidehoek"}], 1},
		{"need safety, in a village", sumTopic(f.Needs, "safety") - f.Needs[[2]string{"safety", "-"}], 1},
		{"for a carer", f.For["carer"], 1},
		{"for oneself", f.For["self"], 1},
		{"not enough (care)", enoughFor(f, "care", "no"), 1},
		{"enough (care): the second answer does not count", enoughFor(f, "care", "yes"), 0},
		{"urgent: the topic safety", f.Urgent["topic-safety"], 1},
		{"contact request (care)", f.Contacts["care"], 1},
		{"contact request (household)", f.Contacts["household"], 1},
		{"shared link used", f.Shared["link"], 1},
		{"stopped after the place question", f.Answered["place"], 1},
		{"stopped after the who question", f.Answered["who"], 0},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.what, c.got, c.want)
		}
	}
	if f.Unknown != 0 {
		t.Errorf("%d counts of no known kind", f.Unknown)
	}
	// Nothing personal: no name, phone or session id in any field.
	for field := range after[day] {
		for _, personal := range []string{"Fenna", "0000 123 456", "Jansen"} {
			if strings.Contains(field, personal) {
				t.Errorf("field %q holds %q", field, personal)
			}
		}
	}
}

func sumTopic(m map[[2]string]int64, topic string) int64 {
	var n int64
	for k, v := range m {
		if k[0] == topic {
			n += v
		}
	}
	return n
}

func enoughFor(f outcomes.Figures, topic, answer string) int64 {
	var n int64
	for k, v := range f.Enough {
		if k.Topic == topic && k.Answer == answer {
			n += v
		}
	}
	return n
}

// TestOutcomeCountsChat: a conversation through the chat API starts one
// session of the chat channel, in its language.
func TestOutcomeCountsChat(t *testing.T) {
	d, _ := testDeps(t)
	store := countOutcomes(t, &d)
	srv := startServer(t, d)
	api := srv.URL + "/api/v1/chat"
	c := &http.Client{}
	status, r := postJSON(t, c, api, map[string]string{"session": "", "lang": "tr", "text": "yalnız hissediyorum"}, nil)
	if status != http.StatusOK {
		t.Fatalf("chat: %d", status)
	}
	postJSON(t, c, api, map[string]string{"session": r.Session, "lang": "tr", "text": "hâlâ yalnızım"}, nil)
	d.Outcomes.Flush()
	f, err := outcomes.Read(context.Background(), store, d.Now(), d.Now())
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Started[[2]string{"chat", "tr"}]; got != 1 {
		t.Errorf("chat sessions in Turkish: %d, want 1 (started: %v)", got, f.Started)
	}
	if got := f.Started[[2]string{"flow", "tr"}]; got != 0 {
		t.Errorf("the chat counted as the flow: %d", got)
	}
}

// TestOutcomeNeedsFromChat: a chat conversation that ends on the results
// counts its needs once, as the flow's do, and as a session of the chat.
func TestOutcomeNeedsFromChat(t *testing.T) {
	d, _ := testDeps(t)
	store := countOutcomes(t, &d)
	srv := startServer(t, d)
	b := newBrowser(t, srv.URL)
	b.get("/nl/chat")
	b.post("/nl/chat", url.Values{"text": {"Ik kan de huur niet meer betalen"}})
	chatToEnd(t, b, "nl", b.get("/nl/chat"))
	b.get("/nl/uitkomst")
	b.get("/nl/uitkomst") // looking again counts nothing
	d.Outcomes.Flush()
	f, err := outcomes.Read(context.Background(), store, d.Now(), d.Now())
	if err != nil {
		t.Fatal(err)
	}
	var needs int64
	for k, n := range f.Needs {
		if k[0] != "money" {
			t.Errorf("a need counted for %v", k)
		}
		needs += n
	}
	if needs != 1 || f.Started[[2]string{"chat", "nl"}] != 1 || f.Started[[2]string{"flow", "nl"}] != 0 {
		t.Errorf("needs %v, started %v: want money once, in one chat session", f.Needs, f.Started)
	}
}
