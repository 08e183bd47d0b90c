package main

// The source's own taxonomies: the "Sociale Kaart Veenland" themes
// (hierarchical codes), target groups and types of provision. None of it
// is Wegwijzer's: the mapping (hsds-mapping.yaml) translates it.

type taxonomyDef struct {
	key         string // short name in the mapping file
	name        string // the source's name, in taxonomy_term.taxonomy
	description string
	linkType    string // attribute.link_type for its terms
}

var taxonomies = []taxonomyDef{
	{"voorzieningstype", "Voorzieningstype", "Hoe een voorziening toegankelijk is: vrij, als algemene voorziening, met een beschikking of als crisishulp.", "service_type"},
	{"sociale_kaart", "Sociale Kaart Veenland", "De thema's van de Sociale Kaart Veenland, versie 2024.2.", "category"},
	{"doelgroep", "Doelgroepen Sociale Kaart Veenland", "Voor wie een voorziening bedoeld is.", "audience"},
}

func taxonomyID(key string) string { return newID("taxonomy", key) }

// termDef is a source term and, separately, what the mapping makes of it.
type termDef struct {
	tax    string // taxonomy key
	code   string
	parent string // parent code, "" for a top term
	name   string
	desc   string
	m      termMap
}

// termMap is one entry of hsds-mapping.yaml. matchBy says how the entry
// names the term: "code" (the usual), "id", "both", or "absent" (the
// mapping has no entry: the importer must warn about an unknown term).
type termMap struct {
	rung      string
	topics    []string
	audiences []string
	ignore    bool
	note      string // a comment for the human reader
	matchBy   string
}

func (t termDef) id() string { return newID("taxonomy_term", t.tax, t.code) }

var terms = []termDef{
	// Voorzieningstype: decides the rung.
	{"voorzieningstype", "VT-ALG", "", "Algemene voorziening", "Een voorziening van de gemeente of een partner met lichte toegangsregels, soms met een eigen bijdrage. Geen beschikking nodig.",
		termMap{rung: "general"}},
	{"voorzieningstype", "VT-VRIJ", "", "Voorliggend veld / vrij toegankelijk", "Vrij toegankelijk in dorp of wijk: zonder verwijzing, zonder beschikking, meestal gratis.",
		termMap{rung: "community"}},
	{"voorzieningstype", "VT-MAATWERK", "", "Maatwerkvoorziening (beschikking)", "Ondersteuning op maat na een gesprek met de gemeente. De gemeente besluit met een beschikking.",
		termMap{rung: "custom"}},
	{"voorzieningstype", "VT-INFO", "", "Informatie en advies", "Informatie, tips en advies, vaak online, om zelf verder te kunnen.",
		termMap{rung: "self", note: "information to help oneself; a desk with a person also carries VT-VRIJ, which the prefer order puts first"}},
	{"voorzieningstype", "VT-CRISIS", "", "Crisis (24/7)", "Acute hulp, dag en nacht bereikbaar.",
		termMap{rung: "urgent", matchBy: "id", note: "matched by id, to show the form"}},

	// Doelgroepen: give the audiences.
	{"doelgroep", "DG.OUD", "", "Doelgroep: ouderen", "Voor ouderen, meestal 65 jaar en ouder.",
		termMap{audiences: []string{"resident", "cared_for"}, note: "a carer looks these up for a parent or partner too"}},
	{"doelgroep", "DG.MZ", "", "Doelgroep: mantelzorgers", "Voor mensen die zorgen voor een naaste.",
		termMap{audiences: []string{"carer"}}},
	{"doelgroep", "DG.JONG", "", "Doelgroep: jongeren 12-23", "Voor jongeren van 12 tot 23 jaar.",
		termMap{audiences: []string{"young_person"}, matchBy: "id", note: "matched by id, to show the form"}},
	{"doelgroep", "DG.OUDERS", "", "Doelgroep: ouders", "Voor ouders en verzorgers van kinderen en jongeren.",
		termMap{audiences: []string{"parent"}}},
	{"doelgroep", "DG.ALLEN", "", "Doelgroep: iedereen", "Voor alle inwoners.",
		termMap{audiences: []string{"resident"}}},
	{"doelgroep", "DG.NIEUWK", "", "Doelgroep: nieuwkomers", "Voor statushouders en andere nieuwkomers in Nederland.",
		termMap{matchBy: "absent"}},

	// Sociale Kaart Veenland: give the topics.
	{"sociale_kaart", "SK.01", "", "Financiën", "Geld, inkomen, schulden en regelingen.", termMap{topics: []string{"money"}}},
	{"sociale_kaart", "SK.01.01", "SK.01", "Inkomen en toeslagen", "Uitkeringen, toeslagen, minimaregelingen en kwijtschelding.", termMap{topics: []string{"money"}}},
	{"sociale_kaart", "SK.01.02", "SK.01", "Schulden en betalingsachterstanden", "Hulp bij schulden en achterstanden in betalingen.", termMap{topics: []string{"money"}}},
	{"sociale_kaart", "SK.01.03", "SK.01", "Budgetbeheer en bewind", "Hulp bij het beheren van geld en administratie.", termMap{topics: []string{"money", "paperwork"}}},
	{"sociale_kaart", "SK.01.04", "SK.01", "Voedsel en kleding", "Voedselbank, kledingbank en andere hulp in natura.", termMap{topics: []string{"money"}}},
	{"sociale_kaart", "SK.02", "", "Administratie en regelzaken", "Post, formulieren en contact met instanties.", termMap{topics: []string{"paperwork"}}},
	{"sociale_kaart", "SK.02.01", "SK.02", "Formulieren en post", "Hulp bij brieven, formulieren en aanvragen.", termMap{topics: []string{"paperwork"}}},
	{"sociale_kaart", "SK.02.02", "SK.02", "Digitale overheid", "Hulp bij DigiD en andere digitale zaken met de overheid.", termMap{topics: []string{"paperwork", "language"}}},
	{"sociale_kaart", "SK.03", "", "Meedoen en ontmoeten", "Contact, ontmoeting en activiteiten.", termMap{topics: []string{"loneliness"}}},
	{"sociale_kaart", "SK.03.01", "SK.03", "Ontmoeting en activiteiten", "Buurthuizen, koffie-ochtenden en activiteiten.", termMap{topics: []string{"loneliness"}}},
	{"sociale_kaart", "SK.03.02", "SK.03", "Maatjes en bezoek", "Een maatje of vrijwilliger die op bezoek komt.", termMap{topics: []string{"loneliness"}}},
	{"sociale_kaart", "SK.03.03", "SK.03", "Sport en bewegen", "Sport en bewegen, ook voor wie niet zo fit is.", termMap{topics: []string{"care", "loneliness"}}},
	{"sociale_kaart", "SK.04", "", "Wonen en huishouden", "Het huishouden, klussen en wonen.", termMap{topics: []string{"household", "housing"}}},
	{"sociale_kaart", "SK.04.01", "SK.04", "Huishoudelijke hulp", "Hulp bij schoonmaken en het huishouden.", termMap{topics: []string{"household"}}},
	{"sociale_kaart", "SK.04.02", "SK.04", "Maaltijden en boodschappen", "Maaltijden, eetpunten en boodschappendiensten.", termMap{topics: []string{"household"}}},
	{"sociale_kaart", "SK.04.03", "SK.04", "Woningaanpassing en hulpmiddelen", "Aanpassingen in huis, hulpmiddelen en alarmering.", termMap{topics: []string{"housing"}}},
	{"sociale_kaart", "SK.04.04", "SK.04", "Wonen en huur", "Huren, woonruimte zoeken en dak- en thuisloosheid.", termMap{topics: []string{"housing"}}},
	{"sociale_kaart", "SK.05", "", "Vervoer", "Vervoer en mobiliteit.", termMap{topics: []string{"mobility"}}},
	{"sociale_kaart", "SK.05.01", "SK.05", "Vrijwilligersvervoer", "Vervoer door vrijwilligers en buurtbussen.", termMap{topics: []string{"mobility"}}},
	{"sociale_kaart", "SK.05.02", "SK.05", "Doelgroepenvervoer en Wmo-vervoer", "Regiotaxi, scootmobiel en andere vervoersvoorzieningen.", termMap{topics: []string{"mobility"}}},
	{"sociale_kaart", "SK.06", "", "Zorg en gezondheid", "Lichamelijke en psychische gezondheid.", termMap{topics: []string{"care"}}},
	{"sociale_kaart", "SK.06.01", "SK.06", "Thuiszorg en verpleging", "Verzorging en verpleging thuis.", termMap{topics: []string{"care"}}},
	{"sociale_kaart", "SK.06.02", "SK.06", "Preventie en gezondheidsadvies", "Advies over gezond leven, vaccinaties en voorkomen van vallen.", termMap{topics: []string{"care"}}},
	{"sociale_kaart", "SK.06.03", "SK.06", "Psychische gezondheid", "Somberheid, stress, rouw en psychische problemen.", termMap{topics: []string{"mental"}}},
	{"sociale_kaart", "SK.06.04", "SK.06", "Verslaving", "Alcohol, drugs, gokken en andere verslavingen.", termMap{topics: []string{"mental"}}},
	{"sociale_kaart", "SK.07", "", "Jeugd en gezin", "Opvoeden en opgroeien.", termMap{topics: []string{"parenting"}}},
	{"sociale_kaart", "SK.07.01", "SK.07", "Opvoeden en opgroeien", "Vragen over opvoeden, school en ontwikkeling.", termMap{topics: []string{"parenting"}}},
	{"sociale_kaart", "SK.07.02", "SK.07", "Jeugdgezondheidszorg", "Consultatiebureau en jeugdarts.", termMap{topics: []string{"parenting", "care"}}},
	{"sociale_kaart", "SK.07.03", "SK.07", "Jongerenwerk", "Activiteiten en hulp voor jongeren.", termMap{topics: []string{"parenting"}}},
	{"sociale_kaart", "SK.07.04", "SK.07", "Jeugdhulp", "Jeugdhulp via de gemeente of de huisarts.", termMap{topics: []string{"parenting"}}},
	{"sociale_kaart", "SK.08", "", "Mantelzorg", "Zorgen voor een naaste.", termMap{topics: []string{"caregiving"}}},
	{"sociale_kaart", "SK.08.01", "SK.08", "Ondersteuning mantelzorgers", "Advies, lotgenoten en waardering voor mantelzorgers.", termMap{topics: []string{"caregiving"}}},
	{"sociale_kaart", "SK.08.02", "SK.08", "Respijtzorg en logeren", "De zorg even overdragen: logeeropvang en respijtzorg.", termMap{topics: []string{"caregiving"}}},
	{"sociale_kaart", "SK.09", "", "Veiligheid", "Veiligheid thuis en in de buurt.", termMap{topics: []string{"safety"}}},
	{"sociale_kaart", "SK.09.01", "SK.09", "Crisis en acute hulp", "Direct hulp bij acuut gevaar.",
		termMap{rung: "urgent", topics: []string{"safety"}, note: "gives the rung too, for crisis services the source has not typed"}},
	{"sociale_kaart", "SK.09.02", "SK.09", "Huiselijk geweld en kindermishandeling", "Advies, melding en opvang bij huiselijk geweld.",
		termMap{topics: []string{"safety"}, matchBy: "both", note: "matched by id and code; both must fit the same term"}},
	{"sociale_kaart", "SK.10", "", "Werk en dagbesteding", "Werk, vrijwilligerswerk en dagbesteding.", termMap{topics: []string{"work"}}},
	{"sociale_kaart", "SK.10.01", "SK.10", "Werk en re-integratie", "Werk zoeken en weer aan het werk gaan.", termMap{topics: []string{"work"}}},
	{"sociale_kaart", "SK.10.02", "SK.10", "Vrijwilligerswerk", "Vrijwilligerswerk zoeken en doen.", termMap{topics: []string{"work"}}},
	{"sociale_kaart", "SK.10.03", "SK.10", "Dagbesteding", "Een zinvolle dag met begeleiding.", termMap{topics: []string{"work"}}},
	{"sociale_kaart", "SK.11", "", "Taal en digitale vaardigheden", "Lezen, schrijven, rekenen en de computer.", termMap{topics: []string{"language"}}},
	{"sociale_kaart", "SK.11.01", "SK.11", "Taal leren", "Nederlands leren en oefenen.", termMap{topics: []string{"language"}}},
	{"sociale_kaart", "SK.11.02", "SK.11", "Digitale vaardigheden", "Omgaan met computer, tablet en telefoon.", termMap{topics: []string{"language"}}},
	{"sociale_kaart", "SK.12", "", "Dierenwelzijn", "Dierenambulance, dierenopvang en hulp bij de zorg voor huisdieren.",
		termMap{ignore: true, note: "no Wegwijzer topic: services only under it stay unmapped, on purpose"}},
	{"sociale_kaart", "SK.13", "", "Afval en milieu", "Afval, hergebruik en een schone buurt.",
		termMap{ignore: true, note: "no Wegwijzer topic, on purpose, nor for the two terms under it"}},
	{"sociale_kaart", "SK.13.01", "SK.13", "Grofvuil en milieustraat", "Grofvuil laten ophalen en de milieustraat.",
		termMap{ignore: true}},
	{"sociale_kaart", "SK.13.02", "SK.13", "Kringloop en hergebruik", "Kringloopwinkels en repareren in plaats van weggooien.",
		termMap{ignore: true}},
}

// The mapping's rule for the rung (see renderMapping).
var (
	rungDecidedBy = []string{"voorzieningstype", "sociale_kaart"}
	rungPrefer    = []string{"urgent", "community", "general", "custom", "self"}
	rungDefault   = "" // none: a service without a rung stays unmapped
	defaultAud    = []string{"resident"}
)

// Wegwijzer's fixed ids (the contract in DOMAIN.md), in their order.
var (
	allRungs     = []string{"self", "community", "general", "custom", "urgent"}
	allTopics    = []string{"money", "paperwork", "loneliness", "household", "mobility", "housing", "care", "mental", "caregiving", "parenting", "work", "language", "safety"}
	allAudiences = []string{"resident", "carer", "cared_for", "parent", "young_person"}
)
