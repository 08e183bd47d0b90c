package main

// The awkward but realistic cases, by service key ("<template>/<letter>"
// or the regional template's key). Every one keeps the page valid against
// the HSDS 3.0 schemas; expected.yaml counts each kind from the finished
// services, not from this table.

type tweak struct {
	name, desc string // replace
	status     string
	alert      string
	dropVT     bool // the source never typed it: no Voorzieningstype term
	noDesc     bool
	url        string // replace; "-" for none
	email      string // replace
	addPhones  []phoneSpec
	phones     []phoneSpec // replace all
	apply      string
}

type phoneSpec struct {
	number string // digits, or the literal text for style "literal"
	style  string
	ext    int
	typ    string
	desc   string
}

var tweaks = map[string]tweak{
	// Very long descriptions (over 600 characters), as a municipality's
	// web editor pastes them.
	"wmo-loket/L": {desc: "Wilt u zo lang mogelijk zelfstandig thuis blijven wonen, maar lukt dat niet meer helemaal alleen? Dan kunt u een melding doen bij het Wmo-loket van de gemeente Lindeveen. " +
		"Na uw melding neemt een Wmo-consulent binnen een week contact met u op om een afspraak te maken voor een gesprek, meestal bij u thuis aan de keukentafel. " +
		"In dat gesprek kijken we samen naar uw situatie: wat lukt nog wel, wat lukt niet meer, wie in uw omgeving kan helpen en welke voorzieningen in de buurt u kunnen ondersteunen. " +
		"U mag iemand meenemen naar het gesprek, bijvoorbeeld een familielid, een mantelzorger of een onafhankelijke cliëntondersteuner. " +
		"Na het gesprek krijgt u een verslag. Als u daarna een aanvraag doet, besluit de gemeente binnen twee weken. " +
		"Denk bij ondersteuning aan hulp bij het huishouden, begeleiding, een woningaanpassing of een vervoersvoorziening."},
	"schuldhulpverlening/O": {desc: "Heeft u moeite om rond te komen, krijgt u aanmaningen of brieven van een deurwaarder, of heeft u een achterstand met de huur, de energierekening of de zorgverzekering? Wacht dan niet te lang en neem contact op met de schuldhulpverlening van de gemeente Oosterwold. " +
		"U krijgt binnen drie werkdagen een eerste gesprek met een schuldhulpverlener. Samen brengen we uw inkomsten, uitgaven en schulden in kaart. Neem daarvoor uw post, bankafschriften en loonstroken mee. " +
		"Daarna maken we een plan dat bij u past. Dat kan een betalingsregeling zijn, budgetbeheer, een schuldregeling via de Kredietbank Veenland of, als het nodig is, beschermingsbewind. " +
		"Bij dreigende ontruiming of afsluiting van gas, water of licht helpen we dezelfde dag. De hulp is gratis en vertrouwelijk."},
	"jeugdhulp/B": {desc: "Soms loopt opgroeien of opvoeden niet vanzelf. Uw kind heeft bijvoorbeeld problemen met zijn gedrag, zit niet lekker in zijn vel, heeft een beperking of er is veel spanning in het gezin. " +
		"Voor veel vragen kunt u eerst terecht bij het Centrum voor Jeugd en Gezin, de schoolmaatschappelijk werker of de jeugdverpleegkundige. Is er meer of langer hulp nodig, dan kunt u jeugdhulp aanvragen bij de gemeente Beekdal. " +
		"Een jeugdconsulent van het sociaal team maakt dan een afspraak met u en uw kind. Samen bespreken jullie wat er aan de hand is, wat goed gaat en welke hulp nodig is. " +
		"Daarna besluit de gemeente over de jeugdhulp. Ook de huisarts, de jeugdarts en de medisch specialist kunnen u rechtstreeks doorverwijzen. Jeugdhulp is gratis; er is geen eigen bijdrage."},
	"sociaal-team/Z": {desc: "Het Sociaal Loket Zuidermoer is de plek voor al uw vragen over zorg, welzijn, werk, inkomen, wonen en opvoeden. Achter het loket werkt een team van consulenten, maatschappelijk werkers, een jeugdconsulent, een schuldhulpverlener en een wijkverpleegkundige. " +
		"U kunt zelf contact met ons opnemen; een verwijzing is niet nodig. Ook als u zich zorgen maakt om iemand anders, zoals een buurman, een ouder of een kind, kunt u bij ons terecht. " +
		"We luisteren naar uw vraag en kijken eerst wat u zelf kunt en wie u kan helpen, zoals familie, buren of vrijwilligers. Lukt dat niet, dan zoeken we samen naar passende ondersteuning in het dorp of via de gemeente. " +
		"Op dinsdag- en donderdagochtend is er een inloopspreekuur in het gemeentehuis, zonder afspraak. Wij komen ook bij u thuis."},

	// HTML left over from the source's web editor.
	"opvoedcursus/B":        {desc: "<p>Een cursus van zes avonden voor ouders van kinderen tot 12 jaar.</p><p>U leert hoe u duidelijke grenzen stelt &amp; ruzie thuis voorkomt.</p>"},
	"buurtcentrum/O":        {desc: "Het buurtcentrum is de huiskamer van de wijk.<br>Er zijn cursussen, spelletjesmiddagen en een open inloop voor iedereen.<br />", status: "temporarily closed", alert: "Het buurtcentrum is gesloten wegens een verbouwing. De activiteiten gaan door in Dorpshuis Wolderhoek."},
	"ido/L":                 {desc: "Hulp bij DigiD &amp; toeslagen, of bij het vinden van informatie op websites van de overheid. Zonder afspraak, tijdens de openingstijden."},
	"geldcafe":              {desc: "<p><strong>Elke tweede dinsdag van de maand</strong> een avond over geld: rondkomen, besparen, toeslagen en schulden voorkomen.</p>\n<p>Stel uw vraag aan een expert, ook anoniem.</p>"},
	"bijzondere-bijstand/L": {desc: "Een vergoeding voor noodzakelijke kosten die u zelf niet kunt betalen, bijvoorbeeld:<ul><li>een bril</li><li>een bed</li><li>reiskosten naar het ziekenhuis</li></ul>"},

	// Whitespace around names and descriptions.
	"taalcafe/O":         {name: "Taalcafé "},
	"buurtbemiddeling/Z": {name: " Buurtbemiddeling"},
	"maatjes/L":          {desc: "Een maatje is een vrijwilliger die tijd voor u maakt. Samen doet u iets wat u leuk vindt, bijvoorbeeld naar de markt gaan.\n"},
	"klussendienst/B":    {desc: "Vrijwilligers helpen met kleine klussen in en om het huis, zoals een lamp ophangen of een kraan vervangen.  "},
	"praathuis/O":        {desc: "Een plek om binnen te lopen als het even niet goed gaat.\r\nEr is altijd iemand om mee te praten. U hoeft niets te vertellen als u dat niet wilt. "},

	// No description at all.
	"milieustraat-b": {noDesc: true},
	"milieustraat-l": {noDesc: true, name: "MILIEUSTRAAT LINDEVEEN"},
	"kledingbank/L":  {noDesc: true, status: "inactive"},

	// Web addresses: plain http, and one only in the text (the url field
	// would need a scheme to be valid, so the source leaves it empty).
	"geldplan":      {url: "http://www.kredietbankveenland.example.org/geldplan"},
	"voedselbank/Z": {url: "http://www.voedselbankzuidermoer.example.org/"},
	"repaircafe/O":  {desc: "Neem uw kapotte spullen mee: een broodrooster, een fiets of een broek. Vrijwilligers repareren het samen met u. Meer informatie: www.repaircafeoosterwold.example.org"},
	"huisbezoek/Z":  {url: "-", apply: "Aanmelden via www.ouderensamenzuidermoer.example.org/bezoek of bij de balie van het dorpshuis."},

	// An email address in mixed case.
	"buurtcentrum/B": {email: "Info@WelzijnBeekdal.example.org"},

	// Phones: extensions, a fax, a WhatsApp line, two numbers.
	"wmo-loket/B":           {phones: []phoneSpec{{number: "gemeente/B", style: "org", ext: 2150, typ: "voice", desc: "Vraag naar het Wmo-loket"}}},
	"schuldhulpverlening/Z": {phones: []phoneSpec{{number: "gemeente/Z", style: "org", ext: 3, typ: "voice", desc: "Keuze 3: schulden en geldzorgen"}}},
	"bijstand":              {phones: []phoneSpec{{number: "werkplein", style: "org", ext: 41, typ: "voice"}}},
	"kwijtschelding/B":      {addPhones: []phoneSpec{{number: "0000" + "120121", style: "dashed", typ: "fax", desc: "Fax"}}},
	"bewind":                {addPhones: []phoneSpec{{number: "0000" + "447701", style: "slash", typ: "fax", desc: "Fax (alleen voor bewindvoerders)"}}},
	"jongerenwerk/L":        {addPhones: []phoneSpec{{number: "0000" + "990123", style: "plain", typ: "text", desc: "Alleen WhatsApp"}}},
	"113":                   {phones: []phoneSpec{{number: "113", style: "literal", typ: "voice", desc: "Gratis, dag en nacht"}, {number: "0800-0113", style: "literal", typ: "voice", desc: "Gratis, dag en nacht"}}},
	"112":                   {phones: []phoneSpec{{number: "112", style: "literal", typ: "voice", desc: "Alleen bij spoed"}}},
	"veilig-thuis":          {phones: []phoneSpec{{number: "0800-2000", style: "literal", typ: "voice", desc: "Gratis, dag en nacht"}}},

	// Records the source never typed (no Voorzieningstype term).
	"huiswerk/Z":                   {dropVT: true},
	"buurtsportcoach/L":            {dropVT: true},
	"repaircafe/Z":                 {status: "temporarily closed", alert: "Het Repair Café zoekt nieuwe vrijwilligers en is tot de zomer gesloten."},
	"maaltijdpunt/L":               {status: "temporarily closed", alert: "Tijdelijk geen maaltijden: de keuken wordt vernieuwd."},
	"opvoedcursus/L":               {status: "inactive"},
	"rouwgroep":                    {status: "inactive"},
	"boodschappendienst/O":         {status: "inactive"},
	"vrijwilligerswerk-jongeren/Z": {status: "inactive"},
}

// schedSpec is one schedule of a pattern: a recurrence, or only a text.
type schedSpec struct {
	freq, byday, opens, closes, desc string
	interval                         int
	dtstart, validFrom, validTo      string
}

const allDays = "MO,TU,WE,TH,FR,SA,SU"
const weekdays = "MO,TU,WE,TH,FR"

var schedPatterns = map[string][]schedSpec{
	"office":    {{freq: "WEEKLY", byday: weekdays, opens: "08:30", closes: "17:00"}},
	"office-am": {{freq: "WEEKLY", byday: weekdays, opens: "09:00", closes: "12:30"}},
	"247":       {{freq: "WEEKLY", byday: allDays, opens: "00:00", closes: "23:59", desc: "24 uur per dag, 7 dagen per week"}},
	"hap": {
		{freq: "WEEKLY", byday: weekdays, opens: "17:00", closes: "08:00", desc: "Op werkdagen van 17.00 uur tot 8.00 uur de volgende ochtend"},
		{freq: "WEEKLY", byday: "SA,SU", opens: "00:00", closes: "23:59", desc: "In het weekend de hele dag en nacht"},
		{desc: "Op feestdagen de hele dag en nacht"},
	},
	"afspraak":          {{desc: "Op afspraak"}},
	"text-website":      {{desc: "Vier ochtenden achter elkaar. Kijk op de website voor de startdata."}},
	"brink":             {{freq: "WEEKLY", byday: weekdays, opens: "09:00", closes: "17:00"}, {freq: "WEEKLY", byday: "MO,WE", opens: "19:00", closes: "22:00", desc: "Avondactiviteiten"}},
	"wed-morning":       {{freq: "WEEKLY", byday: "WE", opens: "10:00", closes: "11:30"}},
	"tue-morning":       {{freq: "WEEKLY", byday: "TU", opens: "9:30", closes: "11:30"}},
	"thu-lunch":         {{freq: "WEEKLY", byday: "TH", opens: "12:00", closes: "13:30"}},
	"fri-afternoon":     {{freq: "WEEKLY", byday: "FR", opens: "14:00", closes: "16:00"}},
	"sat-morning":       {{freq: "WEEKLY", byday: "SA", opens: "10:00", closes: "12:00"}},
	"mon-morning":       {{freq: "WEEKLY", byday: "MO", opens: "09:30", closes: "11:30"}},
	"mon-afternoon":     {{freq: "WEEKLY", byday: "MO", opens: "13:00", closes: "15:00"}},
	"wed-afternoon":     {{freq: "WEEKLY", byday: "WE", opens: "13:30", closes: "16:30"}},
	"wed-evening":       {{freq: "WEEKLY", byday: "WE", opens: "19:00", closes: "20:30"}},
	"thu-morning":       {{freq: "WEEKLY", byday: "TH", opens: "09:30", closes: "12:00"}},
	"thu-afternoon":     {{freq: "WEEKLY", byday: "TH", opens: "13:00", closes: "16:00"}},
	"fri-morning":       {{freq: "WEEKLY", byday: "FR", opens: "10:00", closes: "12:00"}},
	"tue-fri-morning":   {{freq: "WEEKLY", byday: "TU,FR", opens: "09:30", closes: "10:30"}},
	"tue-thu-pm":        {{freq: "WEEKLY", byday: "TU,TH", opens: "13:00", closes: "16:00"}},
	"youth":             {{freq: "WEEKLY", byday: "WE", opens: "14:00", closes: "17:00"}, {freq: "WEEKLY", byday: "FR", opens: "19:00", closes: "22:30"}},
	"school-afternoons": {{freq: "WEEKLY", byday: "MO,TU,TH", opens: "15:00", closes: "17:00", desc: "Niet in de schoolvakanties"}},
	"monthly-last-th":   {{freq: "MONTHLY", byday: "-1TH", opens: "19:30", closes: "21:30"}},
	"monthly-1tu":       {{freq: "MONTHLY", byday: "1TU", opens: "19:00", closes: "21:00"}},
	"monthly-2tu":       {{freq: "MONTHLY", byday: "2TU", opens: "19:30", closes: "21:30"}},
	"monthly-2sa":       {{freq: "MONTHLY", byday: "2SA", opens: "10:00", closes: "13:00"}},
	"monthly-4sa":       {{freq: "MONTHLY", byday: "4SA", opens: "10:00", closes: "13:00"}},
	"monthly-1mo":       {{freq: "MONTHLY", byday: "1MO", opens: "10:00", closes: "11:30"}},
	"monthly-1sa":       {{freq: "MONTHLY", byday: "1SA", opens: "10:00", closes: "12:00"}},
	"monthly-3we":       {{freq: "MONTHLY", byday: "3WE", opens: "14:00", closes: "16:00"}},
	"biweekly":          {{freq: "WEEKLY", interval: 2, byday: "TU", opens: "10:00", closes: "12:00", dtstart: "2025-01-07", desc: "Om de week"}},
	"season-tax":        {{freq: "WEEKLY", byday: "MO,WE", opens: "09:00", closes: "12:00", validFrom: "2025-03-01", validTo: "2025-04-30", desc: "Alleen in maart en april, op afspraak"}},
	"bieb": {
		{freq: "WEEKLY", byday: "MO", opens: "13:00:00", closes: "17:00:00"},
		{freq: "WEEKLY", byday: "TU,WE,TH,FR", opens: "10:00:00", closes: "17:00:00"},
		{freq: "WEEKLY", byday: "SA", opens: "10:00:00", closes: "13:00:00"},
	},
	"inloop-mw":    {{freq: "WEEKLY", byday: "TU", opens: "09:00", closes: "11:00"}},
	"raadslieden":  {{freq: "WEEKLY", byday: "WE", opens: "09:00", closes: "12:00"}},
	"shop":         {{freq: "WEEKLY", byday: weekdays, opens: "09:30", closes: "17:30"}, {freq: "WEEKLY", byday: "SA", opens: "10:00", closes: "16:00"}},
	"weekdays-day": {{freq: "WEEKLY", byday: weekdays, opens: "09:00", closes: "16:00"}},
	"milieustraat": {{freq: "WEEKLY", byday: "TU,TH,FR", opens: "08:00", closes: "16:30"}, {freq: "WEEKLY", byday: "SA", opens: "08:00", closes: "12:00"}},
	"night":        {{freq: "WEEKLY", byday: allDays, opens: "21:00", closes: "09:00", desc: "Elke avond vanaf 21.00 uur tot 9.00 uur de volgende ochtend"}},
	"praatlijn":    {{freq: "WEEKLY", byday: allDays, opens: "10:00", closes: "22:00"}},
	"regiotaxi":    {{freq: "WEEKLY", byday: allDays, opens: "07:00", closes: "23:30", desc: "Reserveren en rijden: elke dag van 7.00 tot 23.30 uur"}},
	"buurtbus":     {{freq: "WEEKLY", byday: weekdays, opens: "07:00", closes: "18:30"}},
	"taalhuis":     {{freq: "WEEKLY", byday: "TU,TH", opens: "10:00", closes: "12:00"}, {desc: "Ook op afspraak op een ander moment"}},
}
