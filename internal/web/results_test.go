package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	democontent "github.com/wegwijzer/wegwijzer/content"
	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/locales"
)

func TestOpenText(t *testing.T) {
	d, _ := testDeps(t)
	loc, _ := time.LoadLocation("Europe/Amsterdam")
	at := func(y int, m time.Month, day, h, min int) time.Time { return time.Date(y, m, day, h, min, 0, 0, loc) }
	// Saturday 2026-10-24, 23:30: the clocks go back in the night.
	d.Now = func() time.Time { return at(2026, 10, 24, 23, 30) }
	s := &server{Deps: d, loc: loc}
	l := d.Content.Messages.Localizer("nl")
	for _, tc := range []struct {
		name string
		st   catalog.OpenState
		want string
		open bool
	}{
		{"unknown", catalog.OpenState{}, "", false},
		{"always", catalog.OpenState{Known: true, Open: true}, "Altijd open, dag en nacht", true},
		{"open until", catalog.OpenState{Known: true, Open: true, Until: at(2026, 10, 24, 23, 59)}, "Nu open, tot 23:59 uur", true},
		{"tomorrow across the DST change", catalog.OpenState{Known: true, Next: at(2026, 10, 25, 10, 0)}, "Morgen open vanaf 10:00 uur", false},
		{"monday", catalog.OpenState{Known: true, Next: at(2026, 10, 26, 9, 0)}, "Weer open op maandag vanaf 09:00 uur", false},
		{"next week", catalog.OpenState{Known: true, Next: at(2026, 11, 3, 9, 0)}, "Weer open op dinsdag 3-11 vanaf 09:00 uur", false},
		{"never", catalog.OpenState{Known: true}, "Op dit moment gesloten", false},
	} {
		got, open := s.openText(l, tc.st)
		if got != tc.want || open != tc.open {
			t.Errorf("%s: %q %v, want %q %v", tc.name, got, open, tc.want, tc.open)
		}
	}
}

func TestDayDiffAcrossDST(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Amsterdam")
	for _, tc := range []struct {
		a, b time.Time
		want int
	}{
		{time.Date(2026, 3, 28, 23, 0, 0, 0, loc), time.Date(2026, 3, 29, 9, 0, 0, 0, loc), 1},
		{time.Date(2026, 3, 29, 0, 30, 0, 0, loc), time.Date(2026, 3, 29, 23, 30, 0, 0, loc), 0},
		{time.Date(2026, 10, 24, 23, 0, 0, 0, loc), time.Date(2026, 10, 26, 0, 0, 0, 0, loc), 2},
		{time.Date(2026, 12, 31, 23, 59, 0, 0, loc), time.Date(2027, 1, 1, 0, 1, 0, 0, loc), 1},
	} {
		if got := dayDiff(tc.a, tc.b); got != tc.want {
			t.Errorf("dayDiff(%v, %v) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestFormatKm(t *testing.T) {
	for _, tc := range []struct {
		lang string
		km   float64
		want string
	}{{"nl", 1.25, "1,3"}, {"en", 1.25, "1.3"}, {"nl", 12.4, "12"}, {"en", 0.04, "0.0"}} {
		if got := formatKm(tc.lang, tc.km); got != tc.want {
			t.Errorf("formatKm(%s, %v) = %q, want %q", tc.lang, tc.km, got, tc.want)
		}
	}
}

// TestUntranslatedCatalogueText: a service without a Polish text shows the
// Dutch, marked lang="nl" so screen readers pronounce it as Dutch, with a
// short note in Polish.
func TestUntranslatedCatalogueText(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, democontent.Demo); err != nil {
		t.Fatal(err)
	}
	urgent := filepath.Join(dir, "catalog", "services-urgent.yaml")
	data, err := os.ReadFile(urgent)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "pl:") {
			kept = append(kept, line)
		}
	}
	if err := os.WriteFile(urgent, []byte(strings.Join(kept, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := content.Load(os.DirFS(dir), locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := testDeps(t)
	d.Content = c
	srv := startServer(t, d)
	r := newBrowser(t, srv.URL).get("/pl/hulp-nu")
	if !regexp.MustCompile(`<h2 id="s-[a-z0-9-]+" lang="nl">Alarmnummer 112</h2>`).MatchString(r.Body) {
		t.Errorf("the Dutch service name is not marked lang=\"nl\":\n%.3000s", r.Body)
	}
	if !strings.Contains(r.Body, `<p class="what" lang="nl">Is er direct gevaar`) {
		t.Error("the Dutch description is not marked lang=\"nl\"")
	}
	if !strings.Contains(r.Body, `<p class="untranslated">Ten tekst jest dostępny tylko po niderlandzku.</p>`) {
		t.Error("no note in Polish that the text is only in Dutch")
	}
	if strings.Contains(newBrowser(t, srv.URL).get("/en/hulp-nu").Body, `class="untranslated"`) {
		t.Error("the note shows in English, which has the translations")
	}
}
