package i18n

import (
	"fmt"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	democontent "github.com/wegwijzer/wegwijzer/content"
	"github.com/wegwijzer/wegwijzer/locales"
)

var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// messages reads a message file into id → plural form ("" for a plain
// message) → text.
func messages(t *testing.T, fsys fs.FS, name string) map[string]map[string]string {
	t.Helper()
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := yaml.Unmarshal(data, &raw); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out := map[string]map[string]string{}
	for id, v := range raw {
		switch v := v.(type) {
		case string:
			out[id] = map[string]string{"": v}
		case map[string]any:
			out[id] = map[string]string{}
			for form, s := range v {
				str, _ := s.(string)
				out[id][form] = str
			}
		default:
			t.Errorf("%s: %s is neither a string nor plural forms", name, id)
		}
	}
	return out
}

// samePlaceholder groups placeholders a translation may use in place of
// one another: the forms of the person a carer cares for (see
// content.Person), since languages differ in which case a sentence needs.
var samePlaceholder = map[string]string{"PersonCap": "Person", "PersonOf": "Person", "PersonOfCap": "Person"}

func placeholders(forms map[string]string) []string {
	var ps []string
	for _, s := range forms {
		for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
			p := m[1]
			if same, ok := samePlaceholder[p]; ok {
				p = same
			}
			if !slices.Contains(ps, p) {
				ps = append(ps, p)
			}
		}
	}
	slices.Sort(ps)
	return ps
}

// TestLocalesComplete fails when a message id is missing or empty in any
// locale, or when a translation's placeholders differ from the Dutch one.
func TestLocalesComplete(t *testing.T) {
	content, err := fs.Sub(democontent.Demo, "locales")
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []struct {
		name string
		fsys fs.FS
	}{{"locales", locales.FS}, {"content/locales", content}} {
		files, _ := fs.Glob(src.fsys, "*.yaml")
		nl := messages(t, src.fsys, "nl.yaml")
		if len(files) < 2 {
			t.Errorf("%s: only %v", src.name, files)
		}
		for _, f := range files {
			lang := strings.TrimSuffix(f, ".yaml")
			got := messages(t, src.fsys, f)
			for id, forms := range nl {
				tr, ok := got[id]
				if !ok {
					t.Errorf("%s/%s: %s is missing", src.name, f, id)
					continue
				}
				for form, s := range tr {
					if strings.TrimSpace(s) == "" {
						t.Errorf("%s/%s: %s (%s) is empty", src.name, f, id, form)
					}
				}
				if _, plural := forms["other"]; plural {
					if _, ok := tr["other"]; !ok {
						t.Errorf("%s/%s: %s has no plural form other", src.name, f, id)
					}
				}
				if a, b := placeholders(forms), placeholders(tr); !slices.Equal(a, b) {
					t.Errorf("%s/%s: %s has placeholders %v, Dutch has %v", src.name, f, id, b, a)
				}
			}
			for id := range got {
				if _, ok := nl[id]; !ok {
					t.Errorf("%s/%s: %s is not in nl.yaml", src.name, f, id)
				}
			}
			if lang != "nl" && !slices.Contains(Locales, lang) {
				t.Errorf("%s/%s: not a locale of the contract", src.name, f)
			}
		}
	}
}

func bundle(t *testing.T) *Bundle {
	t.Helper()
	content, _ := fs.Sub(democontent.Demo, "locales")
	b, err := Load(Source{"locales", locales.FS}, Source{"content/locales", content})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPluralFormsComplete: every plural message in every locale has each
// CLDR category that the language uses for whole numbers (Polish and
// Ukrainian one/few/many, Arabic zero/one/two/few/many), so no count is
// ever shown in the wrong form or as a message id.
func TestPluralFormsComplete(t *testing.T) {
	content, _ := fs.Sub(democontent.Demo, "locales")
	names := map[plural.Form]string{plural.Zero: "zero", plural.One: "one", plural.Two: "two", plural.Few: "few", plural.Many: "many", plural.Other: "other"}
	checked := 0
	for _, src := range []fs.FS{locales.FS, content} {
		files, _ := fs.Glob(src, "*.yaml")
		for _, f := range files {
			lang := strings.TrimSuffix(f, ".yaml")
			tag := language.Make(lang)
			needed := map[string]int{}
			for n := 0; n <= 1000; n++ {
				form := names[plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)]
				if _, ok := needed[form]; !ok {
					needed[form] = n
				}
			}
			for id, forms := range messages(t, src, f) {
				if _, ok := forms[""]; ok {
					continue
				}
				checked++
				for form, n := range needed {
					if strings.TrimSpace(forms[form]) == "" {
						t.Errorf("%s: %s has no %q form (used for %d, for example)", f, id, form, n)
					}
				}
			}
		}
	}
	if checked < 7*5 {
		t.Errorf("checked only %d plural messages", checked)
	}
}

// TestPlurals renders counts through the bundle, as pages do.
func TestPlurals(t *testing.T) {
	b := bundle(t)
	for _, tc := range []struct {
		lang  string
		count int
		want  string
	}{
		{"nl", 1, "1 dag."},
		{"nl", 90, "90 dagen."},
		{"en", 1, "1 day."},
		{"en", 90, "90 days."},
		{"pl", 1, "1 dzień."},
		{"pl", 2, "2 dni."},
		{"pl", 22, "22 dni."},
		{"pl", 90, "90 dni."},
		{"uk", 1, "1 день."},
		{"uk", 21, "21 день."},
		{"uk", 3, "3 дні."},
		{"uk", 90, "90 днів."},
		{"ar", 1, "يوم واحد."},
		{"ar", 2, "يومين."},
		{"ar", 3, "3 أيام."},
		{"ar", 90, "90 يومًا."},
		{"ar", 100, "100 يوم."},
		{"tr", 90, "90 gün"},
	} {
		got := b.Localizer(tc.lang).N("contact.privacy.how_long", tc.count)
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s %d: %q does not contain %q", tc.lang, tc.count, got, tc.want)
		}
	}
	// Polish minutes ("przez" takes the accusative): 1 minutę, 2 minuty, 5 minut.
	for n, want := range map[int]string{1: "minutę", 2: "minuty", 5: "minut "} {
		if got := b.Localizer("pl").N("home.privacy", n); !strings.Contains(got, fmt.Sprintf("%d %s", n, want)) {
			t.Errorf("pl %d: %q does not say %d %s", n, got, n, want)
		}
	}
}

func TestFallbackAndNegotiation(t *testing.T) {
	b := bundle(t)
	if got := b.Localizer("en").T("no.such.message"); got != "no.such.message" {
		t.Errorf("missing message = %q, want its id", got)
	}
	if got := b.Localizer("xx").Lang(); got != "nl" {
		t.Errorf("unsupported locale → %q, want nl", got)
	}
	for accept, want := range map[string]string{
		"": "nl", "en-US,en;q=0.9": "en", "de-DE,de;q=0.9": "nl", "fr;q=0.5,en;q=0.8": "en", "garbage;;": "nl",
	} {
		if got := b.Negotiate(accept); got != want {
			t.Errorf("Negotiate(%q) = %q, want %q", accept, got, want)
		}
	}
	if Dir("ar") != "rtl" || Dir("nl") != "ltr" {
		t.Error("text direction")
	}
}

// TestPlainTextsKept: a message without placeholders is kept once made,
// the same text as made afresh; a message with placeholders is made each
// time; an id the bundle does not define is never kept, whatever comes in.
func TestPlainTextsKept(t *testing.T) {
	b := bundle(t)
	l := b.Localizer("en")
	fresh := func(id string) string { return l.localize(&goi18n.LocalizeConfig{MessageID: id}) }
	for _, id := range []string{"nav.skip", "results.heading", "footer.human"} {
		if got, want := l.T(id), fresh(id); got != want || got == id {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
		if got := l.T(id); got != fresh(id) {
			t.Errorf("%s kept: %q", id, got)
		}
	}
	if got := l.T("site.description", map[string]any{"Municipality": "Beekdal"}); !strings.Contains(got, "Beekdal") {
		t.Errorf("placeholders: %q", got)
	}
	for i := range 100 {
		l.T(fmt.Sprintf("made.up.%d", i))
	}
	kept := 0
	l.plain.Range(func(k, _ any) bool {
		if !b.Has("en", k.(string)) && !b.Has(Default, k.(string)) {
			t.Errorf("kept an unknown id %q", k)
		}
		kept++
		return true
	})
	if kept != 3 {
		t.Errorf("%d texts kept, want the 3 asked for", kept)
	}
}
