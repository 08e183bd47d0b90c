package web

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wegwijzer/wegwijzer/internal/ladder"
)

// maxResultsHeight is how tall the results may be on a 390 px phone for a
// carer with two needs: about seven screens, every service still one tap
// away.
const maxResultsHeight = 6000

// TestResultsFitAPhone opens the results of a carer with two needs on a
// 390 px phone and prints their height. Every service the ladder engine
// recommends is on the page: in view, or inside a closed disclosure whose
// summary is in view. The anchors other pages and tools link to are there.
func TestResultsFitAPhone(t *testing.T) {
	t.Parallel() // a tab of its own in the shared browser
	d, _ := testDeps(t)
	srv := startServer(t, d)
	ctx := chromium(t)
	for _, tt := range []struct{ name, query string }{
		{"carer, care and housing", "who=carer&relation=mother&topics=care.housing&care_what=washing&housing_when=later&housing_what=falls&age=senior&live_alone=alone&place=9991AB"},
		{"carer, care and own care, too much", "who=carer&relation=mother&topics=care.caregiving&care_what=washing&caregiving_load=toomuch&age=senior&live_alone=alone&place=9991AB"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			st, _ := d.Content.Flow.Decode(v, d.Content.PlaceValue)
			out := d.Content.Flow.Outcome(st)
			a := d.Content.Advise(d.Content.Input(out, time.Now()))
			var want []string
			for _, groups := range [][]ladder.Group{a.Community, a.General} {
				for _, g := range groups {
					for _, it := range g.Items {
						want = append(want, it.Service.ID)
					}
				}
			}
			if a.Carer != nil {
				for _, it := range a.Carer.Items {
					want = append(want, it.Service.ID)
				}
			}

			var height int
			var missing, hidden []string
			var anchors, topicHeads int
			var shot []byte
			err = chromedp.Run(ctx,
				chromedp.EmulateViewport(390, 844),
				chromedp.Navigate(srv.URL+"/nl/uitkomst/gedeeld?"+tt.query),
				chromedp.WaitVisible("#h-local", chromedp.ByID),
				chromedp.Evaluate(`document.documentElement.scrollHeight`, &height),
				chromedp.Evaluate(`(ids => ids.filter(id => !document.getElementById('s-' + id)))(`+jsonString(want)+`)`, &missing),
				// One tap away: shown, or in a closed <details> whose
				// summary is shown.
				chromedp.Evaluate(`(ids => ids.filter(id => {
					const el = document.getElementById('s-' + id);
					if (!el) return false;
					if (el.getClientRects().length > 0) return false;
					const d = el.closest('details');
					return !(d && !d.open && d.querySelector(':scope > summary').getClientRects().length > 0);
				}))(`+jsonString(want)+`)`, &hidden),
				chromedp.Evaluate(`['h-self','h-local','h-general','genoeg','mantelzorger'].filter(id => document.getElementById(id)).length`, &anchors),
				chromedp.Evaluate(`[...document.querySelectorAll('#h-local ~ h3 svg[class*="icon-"]')].length`, &topicHeads),
				chromedp.FullScreenshot(&shot, 80),
			)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("results at 390 px, %s: %d px high, %d services", tt.name, height, len(want))
			if height > maxResultsHeight {
				t.Errorf("the results are %d px high at 390 px, want at most %d", height, maxResultsHeight)
			}
			if len(missing) > 0 {
				t.Errorf("services of the advice missing from the page: %v", missing)
			}
			if len(hidden) > 0 {
				t.Errorf("services more than one tap away: %v", hidden)
			}
			if anchors != 5 {
				t.Errorf("%d of the anchors h-self, h-local, h-general, genoeg, mantelzorger", anchors)
			}
			if topicHeads == 0 {
				t.Error("no topic headings with their icon under the local help")
			}
			name := "results-390-" + strings.NewReplacer(" ", "-", ",", "").Replace(tt.name) + ".jpg"
			if err := os.WriteFile(filepath.Join(t.ArtifactDir(), name), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}
