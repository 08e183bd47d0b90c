package readability

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// syllableList holds common Dutch words of the social domain with their
// syllable counts by the rules of hyphenation (Woordenlijst), plus hard
// cases: diaeresis, vowel clashes, loans, acronyms.
var syllableList = []struct {
	word string
	want int
}{
	{"huis", 1}, {"hulp", 1}, {"geld", 1}, {"straat", 1}, {"vrouw", 1},
	{"leeuw", 1}, {"mooi", 1}, {"uur", 1}, {"kracht", 1}, {"jaar", 1},
	{"eten", 2}, {"buren", 2}, {"schulden", 2}, {"aanvraag", 2}, {"toeslag", 2},
	{"buurthuis", 2}, {"wijkteam", 2}, {"rolstoel", 2}, {"vervoer", 2},
	{"afspraak", 2}, {"nieuwe", 2}, {"moeilijk", 2}, {"mooie", 2}, {"haaien", 2},
	{"zeeën", 2}, {"knieën", 2}, {"auto", 2}, {"euro", 2}, {"niveau", 2},
	{"bureau", 2}, {"milieu", 2}, {"baby", 2}, {"hobby", 2}, {"eigen", 2},
	{"netwerk", 2}, {"thuiszorg", 2}, {"huisarts", 2}, {"website", 2},
	{"online", 2}, {"uitleg", 2}, {"reizen", 2}, {"toilet", 2}, {"cadeau", 2},
	{"groeien", 2}, {"bijstand", 2}, {"e-mail", 2}, {"duizend", 2},
	{"gemeente", 3}, {"formulier", 3}, {"uitkering", 3}, {"huishouden", 3},
	{"boodschappen", 3}, {"verzorging", 3}, {"gezondheid", 3}, {"opvoeden", 3},
	{"kinderen", 3}, {"ouderen", 3}, {"jongeren", 3}, {"België", 3},
	{"ideeën", 3}, {"sociaal", 3}, {"politie", 3}, {"familie", 3},
	{"scootmobiel", 3}, {"telefoon", 3}, {"computer", 3}, {"eenvoudig", 3},
	{"reactie", 3}, {"theater", 3}, {"radio", 3}, {"video", 3},
	{"bijeenkomst", 3}, {"energie", 3}, {"verslaving", 3}, {"schoonmaken", 3},
	{"verhuizen", 3}, {"zelfstandig", 3}, {"apotheek", 3}, {"ziekenhuis", 3},
	{"psycholoog", 3}, {"therapie", 3}, {"augustus", 3}, {"ruïne", 3},
	{"poëzie", 3}, {"reünie", 3}, {"geëindigd", 3}, {"huurtoeslag", 3},
	{"opgroeien", 3}, {"museum", 3}, {"GGD", 3}, {"UWV", 3}, {"eenzaamheid", 3},
	{"mantelzorger", 4}, {"vrijwilliger", 4}, {"situatie", 4}, {"medicijnen", 4},
	{"dagbesteding", 4}, {"cafeïne", 4}, {"materiaal", 4}, {"aanpassingen", 4},
	{"ondersteuning", 4}, {"bewindvoering", 4}, {"maatschappelijk", 4},
	{"beoordelen", 4}, {"januari", 4}, {"tweeëntwintig", 4}, {"prioriteit", 4},
	{"Oekraïne", 4}, {"hygiëne", 4}, {"verzekering", 4}, {"kinderopvang", 4},
	{"begeleiding", 4}, {"belastingdienst", 4}, {"schuldhulpmaatje", 4},
	{"geïnteresseerd", 5}, {"financiële", 5}, {"coördinator", 5},
	{"individueel", 5}, {"zorgverzekeraar", 5}, {"vrijwilligerswerk", 5},
	{"schuldhulpverlening", 5}, {"politieagent", 5},
	{"keukentafelgesprek", 6}, {"cliëntondersteuner", 6},
	{"mantelzorgwaardering", 6}, {"thuisadministratie", 6},
}

func TestSyllablesAccuracy(t *testing.T) {
	if len(syllableList) < 60 {
		t.Fatalf("the list has %d words, want at least 60", len(syllableList))
	}
	exact, near := 0, 0
	for _, c := range syllableList {
		got := Syllables(c.word)
		switch d := got - c.want; {
		case d == 0:
			exact++
			near++
		case d == 1 || d == -1:
			near++
			t.Logf("%s: got %d, want %d (off by one)", c.word, got, c.want)
		default:
			t.Errorf("%s: got %d syllables, want %d", c.word, got, c.want)
		}
	}
	n := float64(len(syllableList))
	t.Logf("%d words: %.1f%% exact, %.1f%% within ±1", len(syllableList), 100*float64(exact)/n, 100*float64(near)/n)
	if float64(near)/n < 0.9 {
		t.Errorf("within ±1 for %.1f%% of the words, want at least 90%%", 100*float64(near)/n)
	}
	if float64(exact)/n < 0.85 {
		t.Errorf("exact for %.1f%% of the words, want at least 85%%", 100*float64(exact)/n)
	}
}

func TestSyllablesSpecial(t *testing.T) {
	cases := map[string]int{
		"":             0,
		"'s":           0,
		"’t":           0,
		"112":          2,
		"9.30":         2,
		"t/m":          2,
		"en/of":        2,
		"GGD-arts":     4,
		"18-jarige":    5,
		"o.a.":         2,
		"één":          1,
		"\uE000":       2,
		"Wijkteam.":    2,
		"wijkteams":    2,
		"homecare":     2,
		"fulltime":     2,
		"bbq":          1,
		"(gratis)":     2,
		"Beekdal":      2,
		"Heidebloem":   3,
		"welzijnshuis": 3,
		// A diaeresis starts a syllable.
		"ideeën":             3,
		"België":             3,
		"geïnteresseerd":     5,
		"cliëntondersteuner": 6,
		"coördinator":        5,
	}
	for w, want := range cases {
		if got := Syllables(w); got != want {
			t.Errorf("Syllables(%q) = %d, want %d", w, got, want)
		}
	}
}

func TestSentences(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"Bel ons. Wij helpen u!", []string{"Bel ons.", "Wij helpen u!"}},
		{"Kunt u niet betalen? Bel meteen", []string{"Kunt u niet betalen?", "Bel meteen"}},
		{"Open van 9.00 tot 12.30 uur. Kom langs.", []string{"Open van 9.00 tot 12.30 uur.", "Kom langs."}},
		{"Het kost € 2,50 per rit. Dat is 2.500 euro per jaar.", []string{"Het kost € 2,50 per rit.", "Dat is 2.500 euro per jaar."}},
		{"Neem bijv. uw paspoort mee. Of o.a. uw pas.", []string{"Neem bijv. uw paspoort mee.", "Of o.a. uw pas."}},
		{"Bel bijv. Welzijn Beekdal. Of i.v.m. Kerst later.", []string{"Bel bijv. Welzijn Beekdal.", "Of i.v.m. Kerst later."}},
		{"Bel ons.Dan kom ik.", []string{"Bel ons.", "Dan kom ik."}},
		{"Open ma t/m vr. Bel ca. 10 minuten van tevoren.", []string{"Open ma t/m vr.", "Bel ca. 10 minuten van tevoren."}},
		{"Bel z.s.m. de huisarts. Doe het z.s.m.", []string{"Bel z.s.m. de huisarts.", "Doe het z.s.m."}},
		{"Denk aan huur, energie enz. Maak een lijst.", []string{"Denk aan huur, energie enz.", "Maak een lijst."}},
		{"Vraag naar J. de Vries. Zij helpt u.", []string{"Vraag naar J. de Vries.", "Zij helpt u."}},
		{"Kijk op www.beekdal.example.org. Of mail naar info@beekdal.example.org.", []string{"Kijk op {{…}}.", "Of mail naar {{…}}."}},
		{"Kijk op beekdal.example.org/hulp voor meer.", []string{"Kijk op {{…}} voor meer."}},
		{"Eerst dit; daarna dat.", []string{"Eerst dit;", "daarna dat."}},
		{"Stap 1\nStap 2\n\nStap 3", []string{"Stap 1", "Stap 2", "Stap 3"}},
		{"Wacht even... Dan verder.", []string{"Wacht even...", "Dan verder."}},
		{"Zij zei: \"Kom maar.\" Toen ging ik.", []string{"Zij zei: \"Kom maar.\"", "Toen ging ik."}},
		{"<p>Bel <b>ons</b>.</p><p>Wij helpen.</p>", []string{"Bel ons .", "Wij helpen."}},
		{"Lees [de uitleg](https://x.example.org/a). **Let op**: gratis.", []string{"Lees de uitleg.", "Let op: gratis."}},
		{"U heeft {{.Count}} minuten.", []string{"U heeft {{…}} minuten."}},
		{"Tom &amp; Jerry helpen.", []string{"Tom & Jerry helpen."}},
		{"  ", nil},
		{"...", nil},
	}
	for _, c := range cases {
		got := Sentences(c.text)
		if len(got) == 0 && len(c.want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("Sentences(%q)\n got %q\nwant %q", c.text, got, c.want)
		}
	}
}

func TestWords(t *testing.T) {
	got := Words("'s Avonds e-mail naar het Wmo-loket, auto's, t/m 2,5 of 9:30 (o.a. z.s.m. en/of).")
	want := []string{"'s", "Avonds", "e-mail", "naar", "het", "Wmo-loket", "auto's", "t/m", "2,5", "of", "9:30", "o.a", "z.s.m", "en/of"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Words:\n got %q\nwant %q", got, want)
	}
	// A quotation mark is not a clitic, and a hyphen between words is not
	// inside a word.
	got = Words("'Stop' zei ze - zorg- en welzijn")
	want = []string{"Stop", "zei", "ze", "zorg", "en", "welzijn"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Words:\n got %q\nwant %q", got, want)
	}
}

func TestClauses(t *testing.T) {
	cases := []struct {
		text string
		want int
	}{
		{"Bel het wijkteam.", 1},
		{"Wanneer kunt u komen?", 1},
		{"Waarmee kunnen we u helpen?", 1},
		{"Bel ons als vrijwilliger.", 1},
		{"Dat heet een melding.", 1},
		{"Waar", 1},
		{"Die leent u bij het uitleenpunt.", 1},
		{"Of kies uw dorp.", 1},
		{"Wat u vertelt, blijft geheim.", 2},
		{"Bel Veilig Thuis, dat mag ook zonder uw naam.", 2},
		{"Als u hulp nodig heeft, belt u het wijkteam.", 2},
		{"Bel meteen, want wachten maakt de schuld hoger.", 2},
		{"Bel het bedrijf zodra u weet dat u niet kunt betalen.", 2},
		{"Begin met vaste lasten, zoals huur en energie.", 1},
		{"Ik help u graag, maar ik heb weinig tijd.", 2},
		{"Als u hulp nodig heeft, bel dan het wijkteam, dat u verder helpt omdat het de weg kent.", 4},
		{"Weet u niet wanneer u moet bellen, omdat de brief onduidelijk is?", 3},
		{"De buurvrouw, die alleen woont, krijgt hulp waardoor zij thuis kan blijven.", 3},
		{"Kort. Als u belt, helpen wij u omdat het moet.", 3}, // the highest of the sentences
	}
	for _, c := range cases {
		if got := Clauses(c.text); got != c.want {
			t.Errorf("Clauses(%q) = %d, want %d", c.text, got, c.want)
		}
	}
}

func TestScoreKnownExample(t *testing.T) {
	// 2 sentences, 7 words (bel de ge-meen-te wij hel-pen u graag), 10
	// syllables: 206.835 − 0.93 × 3.5 − 77 × 10/7 = 93.58; Brouwer
	// 195 − 2 × 3.5 − 200/3 × 10/7 = 92.762.
	st := Score("Bel de gemeente. Wij helpen u graag.")
	if st.Sentences != 2 || st.Words != 7 || st.Syllables != 10 || st.LongestSentence != 4 {
		t.Fatalf("Score = %+v, want 2 sentences, 7 words, 10 syllables, longest 4", st)
	}
	if math.Abs(st.Douma-93.58) > 0.01 {
		t.Errorf("Douma = %.3f, want 93.580", st.Douma)
	}
	if math.Abs(st.Brouwer-92.762) > 0.01 {
		t.Errorf("Brouwer = %.3f, want 92.762", st.Brouwer)
	}
	if st.Band() != "zeer gemakkelijk" {
		t.Errorf("Band = %q", st.Band())
	}
	if z := Score(""); z != (Stats{}) {
		t.Errorf("Score(\"\") = %+v, want zero", z)
	}
	// Official prose: 1 sentence of 23 words and 42 syllables scores 44.8.
	hard := Score("Indien u in aanmerking wenst te komen voor een maatwerkvoorziening, dient u een aanvraagformulier in te vullen en te ondertekenen bij de gemeente.")
	if hard.Words != 23 || math.Abs(hard.Douma-44.8) > 1 {
		t.Errorf("hard text: %d words, score %.1f (%s), want 23 words and about 44.8", hard.Words, hard.Douma, hard.Band())
	}
}

func TestBand(t *testing.T) {
	for score, want := range map[float64]string{
		95: "zeer gemakkelijk", 85: "gemakkelijk", 75: "tamelijk gemakkelijk", 65: "normaal",
		60: "normaal", 59.9: "tamelijk moeilijk", 40: "moeilijk", 10: "zeer moeilijk", -5: "zeer moeilijk",
	} {
		if got := Band(score); got != want {
			t.Errorf("Band(%v) = %q, want %q", score, got, want)
		}
	}
}

func kinds(ws []Warning) []Kind {
	var ks []Kind
	for _, w := range ws {
		ks = append(ks, w.Kind)
	}
	return ks
}

func TestCheckGoodB1Text(t *testing.T) {
	good := "Heeft u vragen over geld? Bel het wijkteam. Wij helpen u graag. " +
		"U kunt ook langskomen. Als u wilt, komen wij bij u thuis. Dat is gratis."
	if ws := Check(good, Default()); len(ws) != 0 {
		t.Errorf("good B1 text gets warnings: %v", ws)
	}
}

func TestCheckLongSentence(t *testing.T) {
	long := "U kunt elke maandag en woensdag tussen negen en twaalf uur zonder afspraak langskomen in het buurthuis aan de Dorpsstraat in het centrum van het dorp."
	ws := Check(long, Default())
	if len(ws) != 1 || ws[0].Kind != LongSentence {
		t.Fatalf("got %v, want one long_sentence", ws)
	}
	w := ws[0]
	if w.Sentence != 1 || w.Found != 26 || w.Limit != 20 || !strings.Contains(w.Message, "26 words (limit 20)") {
		t.Errorf("warning = %+v", w)
	}
	if ws := Check("Kom langs in het buurthuis. "+long, Options{MaxSentenceWords: 30}); len(ws) != 0 {
		t.Errorf("limit 30: got %v", ws)
	}
	if ws := Check("Eerst dit. "+long, Default()); len(ws) != 1 || ws[0].Sentence != 2 {
		t.Errorf("second sentence: got %v", ws)
	}
}

func TestCheckManyClauses(t *testing.T) {
	text := "Als u hulp nodig heeft, bel dan het wijkteam, dat u helpt omdat het de weg kent."
	ws := Check(text, Default())
	if !reflect.DeepEqual(kinds(ws), []Kind{ManyClauses}) {
		t.Fatalf("got %v, want many_clauses", ws)
	}
	if ws[0].Found != 4 || ws[0].Limit != 2 || !strings.Contains(ws[0].Message, "4 clauses (limit 2)") {
		t.Errorf("warning = %+v", ws[0])
	}
	if ws := Check("Als u hulp nodig heeft, bel dan het wijkteam.", Default()); len(ws) != 0 {
		t.Errorf("two clauses: got %v", ws)
	}
}

func TestCheckLongWord(t *testing.T) {
	text := "Vraag de mantelzorgwaardering aan. Het is een zorgverzekeraar."
	ws := Check(text, Default())
	if !reflect.DeepEqual(kinds(ws), []Kind{LongWord}) {
		t.Fatalf("got %v, want one long_word", ws)
	}
	if ws[0].Text != "mantelzorgwaardering" || ws[0].Found != 6 || !strings.Contains(ws[0].Message, "6 syllables, 20 letters") {
		t.Errorf("warning = %+v", ws[0])
	}
	o := Default()
	o.MinDouma = 0 // three sentences of long words score low too
	// Each word once per text.
	if ws := Check(text+" Die mantelzorgwaardering is gratis.", o); len(ws) != 1 {
		t.Errorf("repeated word: got %v", ws)
	}
	o.Allow = []string{"Mantelzorgwaardering", "Sociaal Wijkteam Beekdal"}
	if ws := Check(text+" Twee mantelzorgwaarderingen.", o); len(ws) != 0 {
		t.Errorf("allowed word and its plural: got %v", ws)
	}
	// Hyphenated parts are judged one by one.
	if ws := Check("Vraag het Wmo-cliëntondersteuner.", Default()); len(ws) != 1 || ws[0].Text != "cliëntondersteuner" {
		t.Errorf("hyphenated: got %v", ws)
	}
	if ws := Check("Bel {{.Municipality}} via https://www.beekdal.example.org/hulp-bij-mantelzorgondersteuning.", Default()); len(ws) != 0 {
		t.Errorf("placeholders and addresses are not long words: got %v", ws)
	}
}

func TestCheckLowScore(t *testing.T) {
	hard := "Indien u in aanmerking wenst te komen voor een maatwerkvoorziening, dient u een aanvraag in te dienen. " +
		"De beoordeling geschiedt op basis van een individuele afweging. " +
		"Aanvullende informatie ontvangt u na registratie."
	o := Default()
	o.MaxSentenceWords, o.MaxClauses, o.LongWordSyllables = 0, 0, 0
	ws := Check(hard, o)
	if !reflect.DeepEqual(kinds(ws), []Kind{LowScore}) {
		t.Fatalf("got %v, want low_score", ws)
	}
	if ws[0].Found >= 60 || ws[0].Limit != 60 || ws[0].Sentence != 0 || !strings.Contains(ws[0].Message, "is below 60") {
		t.Errorf("warning = %+v", ws[0])
	}
	// Too short to score: 1 sentence of fewer than 40 words.
	if ws := Check("Aanvullende informatie ontvangt u na registratie.", o); len(ws) != 0 {
		t.Errorf("short text: got %v", ws)
	}
	// 40 words in one sentence are enough.
	o.MinSentencesForScore = 0
	if ws := Check(strings.Repeat("aanvullende informatie ", 20), o); len(ws) != 1 {
		t.Errorf("40 words: got %v", ws)
	}
}

func TestCheckEmptyAndZeroOptions(t *testing.T) {
	if ws := Check("", Default()); ws != nil {
		t.Errorf("empty text: %v", ws)
	}
	hard := "Indien u in aanmerking wenst te komen voor een maatwerkvoorziening met betrekking tot huishoudelijke ondersteuning, dient u, omdat dat verplicht is, een aanvraag in te dienen, waarna de gemeente beslist."
	if ws := Check(hard, Options{}); ws != nil {
		t.Errorf("all checks off: %v", ws)
	}
	if got := kinds(Check(hard, Default())); !reflect.DeepEqual(got, []Kind{LongSentence, ManyClauses, LongWord}) {
		t.Errorf("kinds = %v", got)
	}
}
