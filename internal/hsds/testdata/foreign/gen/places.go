package main

// Regio Veenland and what is in it. Everything here is fictional: the
// municipalities, villages, streets, postcodes (the 9990-9997 block, as in
// the portal's demo), web addresses (.example.org) and phone numbers (area
// code 0000, or 0900-0000 / 0800-0000, which are not in use). The only
// real numbers are the national lines 112, 113 / 0800-0113 and Veilig
// Thuis 0800-2000, as in the portal's own content.

const province = "Drenthe"

type muni struct {
	key      string // one letter, used in template masks
	name     string
	villages [3]string
	lat, lon float64
}

var munis = []muni{
	{"B", "Beekdal", [3]string{"Beekdal", "Heidehoek", "Molenwijk"}, 53.100, 6.600},
	{"O", "Oosterwold", [3]string{"Oosterwold", "Wolderhoek", "Brinkveld"}, 53.130, 6.690},
	{"L", "Lindeveen", [3]string{"Lindeveen", "Lindehorst", "Veenmond"}, 53.060, 6.520},
	{"Z", "Zuidermoer", [3]string{"Zuidermoer", "Turfhoek", "Nieuw-Moer"}, 53.020, 6.640},
}

func muniByKey(k string) muni {
	for _, m := range munis {
		if m.key == k {
			return m
		}
	}
	panic("no municipality " + k)
}

// orgDef is an organisation. Per-municipality organisations have keys
// "<role>/<letter>" ("welzijn/B"); regional ones a plain key.
type orgDef struct {
	key, name, alt, desc, site, email string
	phone                             string // main number, digits only ("0000123456")
	style                             string // how this source writes its numbers (see formatPhone)
}

// site names a fictional web address.
func site(host string) string { return "https://www." + host + ".example.org" }

var orgs = func() []orgDef {
	var os []orgDef
	add := func(o orgDef) {
		if o.phone == "" {
			o.phone = "0000" + digits(6, "org-phone", o.key)
		}
		os = append(os, o)
	}
	type perMuni struct {
		role                 string
		names, alts, hosts   [4]string
		desc                 string
		styles               [4]string
		noSite, noEmailMunis string
	}
	for _, p := range []perMuni{
		{role: "gemeente",
			names:  [4]string{"Gemeente Beekdal", "Gemeente Oosterwold", "Gemeente Lindeveen", "Gemeente Zuidermoer"},
			hosts:  [4]string{"beekdal", "oosterwold", "lindeveen", "zuidermoer"},
			desc:   "De gemeente {M}. Het Wmo-loket en het sociaal team helpen inwoners met vragen over zorg, geld, werk en wonen.",
			styles: [4]string{"plain", "intl", "dashed", "grouped"}},
		{role: "welzijn",
			names:  [4]string{"Stichting Welzijn Beekdal", "WijkWerk Oosterwold", "Welzijnskwartier Lindeveen", "Stichting Samen Zuidermoer"},
			hosts:  [4]string{"welzijnbeekdal", "wijkwerkoosterwold", "welzijnskwartier", "samenzuidermoer"},
			desc:   "Welzijnsorganisatie voor de gemeente {M}: buurtwerk, ouderenwerk, jongerenwerk en vrijwillige hulp dichtbij huis.",
			styles: [4]string{"dashed", "plain", "hours", "slash"}},
		{role: "cjg",
			names:  [4]string{"Centrum voor Jeugd en Gezin Beekdal", "CJG Oosterwold", "Jeugd- en Gezinsteam Lindeveen", "CJG Zuidermoer"},
			alts:   [4]string{"CJG Beekdal", "", "JGT Lindeveen", ""},
			hosts:  [4]string{"cjgbeekdal", "cjgoosterwold", "jgtlindeveen", "cjgzuidermoer"},
			desc:   "Voor alle vragen over opvoeden en opgroeien in {M}, van baby tot jongvolwassene.",
			styles: [4]string{"plain", "dashed", "plain", "dotted"}},
		{role: "vc",
			names:  [4]string{"Vrijwilligerscentrale Beekdal", "Vrijwilligerspunt Oosterwold", "Vrijwilligerscentrale Lindeveen", "Vacaturebank Vrijwilligerswerk Zuidermoer"},
			hosts:  [4]string{"vcbeekdal", "vrijwilligerspuntoosterwold", "vclindeveen", "vrijwilligerswerkzuidermoer"},
			desc:   "Brengt vrijwilligers en organisaties in {M} bij elkaar.",
			styles: [4]string{"plain", "plain", "dashed", "plain"}},
		{role: "sport",
			names:  [4]string{"Sportbedrijf Beekdal", "Sport Oosterwold", "Lindeveen Beweegt", "Sportservice Zuidermoer"},
			hosts:  [4]string{"sportbeekdal", "sportoosterwold", "lindeveenbeweegt", "sportservicezuidermoer"},
			desc:   "Sport en bewegen voor alle inwoners van {M}, met buurtsportcoaches in de dorpen en wijken.",
			styles: [4]string{"dashed", "intlplain", "plain", "plain"}},
		{role: "voedselbank",
			names:  [4]string{"Voedselbank Beekdal", "Voedselbank Oosterwold", "Voedselbank Lindeveen", "Voedselbank Zuidermoer e.o."},
			hosts:  [4]string{"voedselbankbeekdal", "voedselbankoosterwold", "voedselbanklindeveen", "voedselbankzuidermoer"},
			desc:   "Vrijwilligers van de voedselbank geven wekelijks een voedselpakket aan huishoudens in {M} die tijdelijk niet genoeg geld hebben voor eten.",
			styles: [4]string{"plain", "plain", "plain", "dashed"}},
		{role: "repair",
			names:  [4]string{"Repair Café Beekdal", "Repair Café Oosterwold", "Repair Café Lindeveen", "Repair Café Zuidermoer"},
			hosts:  [4]string{"repaircafebeekdal", "repaircafeoosterwold", "repaircafelindeveen", "repaircafezuidermoer"},
			desc:   "Vrijwilligers repareren samen met bezoekers kapotte spullen, zodat ze niet weggegooid hoeven te worden.",
			styles: [4]string{"plain", "plain", "plain", "plain"}, noSite: "O"},
		{role: "ouderen",
			names:  [4]string{"Seniorenvereniging Beekdal", "Ouderenvereniging Oosterwold", "Seniorenvereniging Lindeveen", "Ouderen Samen Zuidermoer"},
			hosts:  [4]string{"seniorenbeekdal", "ouderenoosterwold", "seniorenlindeveen", "ouderensamenzuidermoer"},
			desc:   "Vereniging van en voor ouderen in {M}, met vrijwilligers voor bezoek, belastinghulp en cursussen.",
			styles: [4]string{"hours", "plain", "dashed", "plain"}, noEmailMunis: "Z"},
	} {
		for i, m := range munis {
			o := orgDef{
				key: p.role + "/" + m.key, name: p.names[i], alt: p.alts[i],
				desc:  subst(p.desc, m),
				site:  site(p.hosts[i]),
				email: "info@" + p.hosts[i] + ".example.org",
				style: p.styles[i],
			}
			if contains(p.noSite, m.key) {
				o.site = ""
			}
			if contains(p.noEmailMunis, m.key) {
				o.email = ""
			}
			add(o)
		}
	}
	// Repair Café Oosterwold has no description in the source: the schema
	// requires the field, so the source sends it empty.
	for i := range os {
		if os[i].key == "repair/O" {
			os[i].desc = ""
		}
	}
	for _, o := range []orgDef{
		{key: "mw", name: "Maatschappelijk Werk Veenland", alt: "MWV", desc: "Algemeen maatschappelijk werk voor inwoners van Regio Veenland: hulp bij problemen met geld, relaties, opvoeding of verlies.", site: site("mwveenland"), email: "info@mwveenland.example.org", style: "dashed"},
		{key: "kredietbank", name: "Kredietbank Veenland", desc: "De gemeentelijke kredietbank van de vier Veenland-gemeenten: schuldhulpverlening, budgetbeheer en saneringskredieten.", site: site("kredietbankveenland"), email: "info@kredietbankveenland.example.org", style: "intl"},
		{key: "schuldenmaatje", name: "SchuldenMaatje Veenland", desc: "Getrainde vrijwilligers die mensen met geldzorgen een jaar lang bijstaan.", site: site("schuldenmaatjeveenland"), email: "aanmelden@schuldenmaatjeveenland.example.org", style: "plain"},
		{key: "raadslieden", name: "Raadsliedenwerk Veenland", desc: "Sociaal raadslieden geven gratis advies over regels, brieven, toeslagen en bezwaar maken.", site: site("raadsliedenveenland"), email: "spreekuur@raadsliedenveenland.example.org", style: "hours"},
		{key: "thuiszorg", name: "Thuiszorg Veenland", desc: "Wijkverpleging, persoonlijke verzorging en huishoudelijke ondersteuning in heel Veenland.", site: site("thuiszorgveenland"), email: "info@thuiszorgveenland.example.org", style: "prefixed", phone: "0900" + "0000" + digits(3, "org-phone", "thuiszorg")},
		{key: "delinde", name: "Zorggroep De Linde", desc: "Ouderenzorg in Lindeveen en omstreken: dagbesteding, logeeropvang en zorg in het zorgcentrum.", site: site("zorggroepdelinde"), email: "info@zorggroepdelinde.example.org", style: "plain"},
		{key: "ggd", name: "GGD Veenland", desc: "De gemeentelijke gezondheidsdienst: jeugdgezondheidszorg, vaccinaties, infectieziekten en gezondheidsadvies.", site: site("ggdveenland"), email: "info@ggdveenland.example.org", style: "prefixed", phone: "0900" + "0000" + digits(3, "org-phone", "ggd")},
		{key: "veiligthuis", name: "Veilig Thuis Veenland", desc: "Advies- en meldpunt huiselijk geweld en kindermishandeling voor Regio Veenland.", site: site("veiligthuisveenland"), style: "literal", phone: "0800-2000"},
		{key: "hap", name: "Huisartsenpost Veenland", desc: "Voor dringende medische hulp die niet kan wachten tot uw eigen huisarts weer open is.", site: site("hapveenland"), style: "prefixed", phone: "0900" + "0000" + "112"},
		{key: "crisisdienst", name: "Crisisdienst GGZ Veenland", desc: "Acute psychiatrische hulp, bereikbaar via de huisarts, de huisartsenpost of de politie.", site: site("ggzveenland"), style: "plain"},
		{key: "113", name: "113 Zelfmoordpreventie", desc: "Landelijke hulplijn voor mensen met gedachten aan zelfdoding en hun naasten.", site: "https://www.113.nl", style: "literal", phone: "113"},
		{key: "112", name: "Alarmnummer 112", desc: "Het landelijke alarmnummer voor politie, brandweer en ambulance.", style: "literal", phone: "112"},
		{key: "praatlijn", name: "Praatlijn Veenland", desc: "Vrijwilligers met een luisterend oor, voor iedereen die even met iemand wil praten.", site: site("praatlijnveenland"), style: "prefixed", phone: "0900" + "0000" + digits(3, "org-phone", "praatlijn")},
		{key: "mantelzorg", name: "Steunpunt Mantelzorg Veenland", desc: "Informatie, advies en ontmoeting voor mantelzorgers in de vier Veenland-gemeenten.", site: site("mantelzorgveenland"), email: "steunpunt@mantelzorgveenland.example.org", style: "plain"},
		{key: "regiotaxi", name: "Regiotaxi Veenland", desc: "Vervoer van deur tot deur voor inwoners die niet zelf kunnen reizen.", site: site("regiotaxiveenland"), style: "prefixed", phone: "0900" + "0000" + digits(3, "org-phone", "regiotaxi")},
		{key: "vervoer", name: "Stichting Vrijwilligersvervoer Veenland", desc: "Vrijwillige chauffeurs en de buurtbus brengen mensen waar ze naartoe willen.", site: site("vervoerveenland"), email: "rit@vervoerveenland.example.org", style: "plain"},
		{key: "bieb", name: "Bibliotheek Veenland", desc: "De bibliotheek met vestigingen in Beekdal, Oosterwold, Lindeveen en Zuidermoer. Ook voor taal, digitale vaardigheden en vragen over de overheid.", site: site("bibliotheekveenland"), email: "info@bibliotheekveenland.example.org", style: "plain"},
		{key: "werkplein", name: "Werkplein Veenland", desc: "Werk en inkomen voor de vier Veenland-gemeenten: uitkeringen, werk zoeken en re-integratie.", site: site("werkpleinveenland"), email: "info@werkpleinveenland.example.org", style: "intl"},
		{key: "verslaving", name: "Verslavingszorg Veenland", alt: "VZV", desc: "Hulp bij problemen met alcohol, drugs, gokken en gamen.", site: site("vzveenland"), style: "dashed"},
		{key: "jeugdhulp", name: "Stichting Jeugd & Gezin Veenland", desc: "Jeugdhulp voor kinderen, jongeren en gezinnen, in opdracht van de Veenland-gemeenten.", site: site("jeugdengezinveenland"), email: "info@jeugdengezinveenland.example.org", style: "plain"},
		{key: "meedoen", name: "Stichting Meedoen Veenland", desc: "Zorgt dat kinderen uit gezinnen met weinig geld kunnen sporten, naar muziekles gaan en mee kunnen op schoolreis.", site: site("meedoenveenland"), email: "aanvragen@meedoenveenland.example.org", style: "plain"},
		{key: "nieuwkomers", name: "Stichting Nieuwkomers Veenland", desc: "Begeleidt statushouders en andere nieuwkomers bij hun eerste jaren in Veenland.", site: site("nieuwkomersveenland"), email: "info@nieuwkomersveenland.example.org", style: "hours"},
		{key: "veenwonen", name: "Woningstichting Veenwonen", desc: "Woningcorporatie met huurwoningen in Beekdal, Oosterwold, Lindeveen en Zuidermoer.", site: site("veenwonen"), email: "Klantenservice@Veenwonen.example.org", style: "intl"},
		{key: "clientond", name: "Cliëntondersteuning Veenland", desc: "Onafhankelijke cliëntondersteuners helpen u gratis bij het aanvragen van zorg en ondersteuning.", site: site("clientondersteuningveenland"), email: "info@clientondersteuningveenland.example.org", style: "plain"},
		{key: "slachtoffer", name: "Slachtofferloket Veenland", desc: "Praktische en juridische hulp voor slachtoffers van een misdrijf of een verkeersongeluk.", site: site("slachtofferloketveenland"), style: "plain"},
		{key: "energie", name: "Energieloket Veenland", desc: "Onafhankelijk advies over energie besparen en een lagere energierekening.", site: site("energieloketveenland"), email: "vraag@energieloketveenland.example.org", style: "dashed"},
		{key: "dierenambulance", name: "Dierenambulance Veenland", desc: "Vervoer en eerste hulp voor zieke en gewonde dieren, dag en nacht.", site: site("dierenambulanceveenland"), style: "plain"},
		{key: "veenhoeve", name: "Dierenopvang De Veenhoeve", desc: "Opvang voor zwerfdieren, vermiste en gevonden dieren en tijdelijke opvang van huisdieren.", site: site("veenhoeve"), email: "info@veenhoeve.example.org", style: "plain"},
		{key: "afval", name: "Afvalbedrijf Veenland", alt: "AVL", desc: "Haalt het afval op in de vier Veenland-gemeenten en beheert de milieustraten en de kringloopwinkel.", site: site("afvalveenland"), email: "klant@afvalveenland.example.org", style: "prefixed", phone: "0900" + "0000" + digits(3, "org-phone", "afval")},
		{key: "werkplaats", name: "Dagbesteding De Werkplaats", desc: "Dagbesteding met hout, metaal en groen voor volwassenen met een beperking of psychische kwetsbaarheid.", site: site("dewerkplaats"), email: "info@dewerkplaats.example.org", style: "plain"},
		{key: "schuilplaats", name: "Stichting De Schuilplaats", desc: "Maatschappelijke opvang in Veenland: nachtopvang voor dak- en thuislozen en opvang bij huiselijk geweld.", site: site("schuilplaats"), style: "dashed"},
	} {
		add(o)
	}
	return os
}()

func orgByKey(k string) orgDef {
	for _, o := range orgs {
		if o.key == k {
			return o
		}
	}
	panic("no organisation " + k)
}

// locDef is a building. Per-municipality locations have keys
// "<role>/<letter>"; the roles are gh (town hall), brink (community
// centre), bieb (library), v1 and v2 (the second and third village), gc
// (health centre), sport and kerk (a church hall). org is the owner's key,
// if any.
type locDef struct {
	key, name, street, postcode, city, org string
	noCoords                               bool
	country                                string // "" means "NL"
}

var locations = []locDef{
	{key: "gh/B", name: "Gemeentehuis Beekdal", street: "Raadhuisplein 1", postcode: "9990 AA", city: "Beekdal", org: "gemeente/B"},
	{key: "brink/B", name: "Buurtcentrum De Brink", street: "Brinkstraat 14", postcode: "9990 BC", city: "Beekdal", org: "welzijn/B"},
	{key: "bieb/B", name: "Bibliotheek Beekdal", street: "Stationsweg 3", postcode: "9990CE", city: "Beekdal", org: "bieb"},
	{key: "v1/B", name: "MFC Heidehoek", street: "Heideweg 22", postcode: "9991 AG", city: "Heidehoek"},
	{key: "v2/B", name: "Wijkgebouw Molenwijk", street: "Molenstraat 48", postcode: "9991 BK", city: "Molenwijk", noCoords: true},
	{key: "gc/B", name: "Gezondheidscentrum Beekdal", street: "Esweg 7", postcode: "9990 DH", city: "Beekdal"},
	{key: "sport/B", name: "Sporthal De Beek", street: "Sportlaan 2", postcode: "9990 EJ", city: "Beekdal", org: "sport/B"},
	{key: "kerk/B", name: "Kerkgebouw De Ark", street: "Kerkpad 5", postcode: "9990 el", city: "Beekdal"},

	{key: "gh/O", name: "Gemeentehuis Oosterwold", street: "Markt 1", postcode: "9992 AB", city: "Oosterwold", org: "gemeente/O"},
	{key: "brink/O", name: "Buurtcentrum De Brink", street: "Dorpsstraat 30", postcode: "9992 CD", city: "Oosterwold", org: "welzijn/O"},
	{key: "bieb/O", name: "Bibliotheek Oosterwold", street: "Wolderweg 12", postcode: "9992 EG", city: "Oosterwold", org: "bieb"},
	{key: "v1/O", name: "Dorpshuis Wolderhoek", street: "Hoofdweg 101", postcode: "9993 AH", city: "Wolderhoek"},
	{key: "v2/O", name: "Het Brinkhuis", street: "Brink 2", postcode: "9993BM", city: "Brinkveld", noCoords: true},
	{key: "gc/O", name: "Gezondheidscentrum Oosterwold", street: "Zorgpad 4", postcode: "9992 GK", city: "Oosterwold"},
	{key: "sport/O", name: "Sportpark Oosterwold", street: "Sportweg 10", postcode: "9992 HL", city: "Oosterwold", org: "sport/O"},
	{key: "kerk/O", name: "Ontmoetingskerk", street: "Kerkstraat 9", postcode: "9992 KN", city: "Oosterwold"},

	{key: "gh/L", name: "Gemeentehuis Lindeveen", street: "Lindeplein 1", postcode: "9994 AC", city: "Lindeveen", org: "gemeente/L"},
	{key: "brink/L", name: "Buurtcentrum De Brink", street: "Lindelaan 55", postcode: "9994 CE", city: "Lindeveen", org: "welzijn/L"},
	{key: "bieb/L", name: "Bibliotheek Lindeveen", street: "Markt 8", postcode: "9994 EH", city: "Lindeveen", org: "bieb"},
	{key: "v1/L", name: "Wijkcentrum Lindehorst", street: "Horstweg 3", postcode: "9995ap", city: "Lindehorst"},
	{key: "v2/L", name: "Dorpshuis Veenmond", street: "Turfweg 17", postcode: "9995 CR", city: "Veenmond"},
	{key: "gc/L", name: "Gezondheidscentrum De Linde", street: "Lindelaan 120", postcode: "9994 GT", city: "Lindeveen"},
	{key: "sport/L", name: "Zwembad De Veenplas", street: "Plasweg 1", postcode: "9994 KV", city: "Lindeveen", org: "sport/L"},
	{key: "kerk/L", name: "Kerkelijk centrum Veenmond", street: "Kanaalweg 2", postcode: "9995 EB", city: "Veenmond"},

	{key: "gh/Z", name: "Gemeentehuis Zuidermoer", street: "Moerplein 1", postcode: "9996 AA", city: "Zuidermoer", org: "gemeente/Z"},
	{key: "brink/Z", name: "Dorpshuis De Moerhoek", street: "Moerweg 21", postcode: "9996 BB", city: "Zuidermoer", org: "welzijn/Z"},
	{key: "bieb/Z", name: "Bibliotheek Zuidermoer", street: "Schoolstraat 6", postcode: "9996CD", city: "Zuidermoer", org: "bieb"},
	{key: "v1/Z", name: "MFC Turfhoek", street: "Turfstraat 40", postcode: "9997 AE", city: "Turfhoek"},
	{key: "v2/Z", name: "Ontmoetingsplek Nieuw-Moer", street: "Nieuwe Moerweg 2", postcode: "9997 CG", city: "Nieuw-Moer", country: "Nederland"},
	{key: "gc/Z", name: "Gezondheidscentrum Zuidermoer", street: "Dokterslaan 3", postcode: "9996 EJ", city: "Zuidermoer", noCoords: true},
	{key: "sport/Z", name: "Sporthal Zuidermoer", street: "Sportlaan 11", postcode: "9996 GL", city: "Zuidermoer", org: "sport/Z"},
	{key: "kerk/Z", name: "Het Trefpunt", street: "Kerkweg 1", postcode: "9996 HN", city: "Zuidermoer"},

	{key: "mw", name: "Kantoor Maatschappelijk Werk Veenland", street: "Stationsweg 40", postcode: "9990 CK", city: "Beekdal", org: "mw"},
	{key: "kredietbank", name: "Kredietbank Veenland", street: "Lindeplein 3", postcode: "9994 AD", city: "Lindeveen", org: "kredietbank"},
	{key: "werkplein", name: "Werkplein Veenland", street: "Industrieweg 5", postcode: "9994 LP", city: "Lindeveen", org: "werkplein"},
	{key: "ggd", name: "GGD Veenland", street: "Esweg 9", postcode: "9990 DJ", city: "Beekdal", org: "ggd"},
	{key: "hap", name: "Huisartsenpost Veenland (ingang Ziekenhuis Veenland)", street: "Ziekenhuislaan 1", postcode: "9994 MR", city: "Lindeveen", org: "hap"},
	{key: "delinde", name: "Zorgcentrum De Linde", street: "Lindelaan 200", postcode: "9994 GV", city: "Lindeveen", org: "delinde"},
	{key: "thuiszorgwinkel", name: "Thuiszorgwinkel Veenland", street: "Winkelcentrum Oost 12", postcode: "9992 LM", city: "Oosterwold", org: "thuiszorg"},
	{key: "milieustraat/B", name: "Milieustraat Beekdal", street: "Industrieweg 30", postcode: "9991 EZ", city: "Beekdal", org: "afval"},
	{key: "milieustraat/L", name: "Milieustraat Lindeveen", street: "Bedrijvenpark 4", postcode: "9995 gx", city: "Lindeveen", org: "afval", noCoords: true},
	{key: "kringloop", name: "Kringloopwinkel De Tweede Ronde", street: "Ambachtsweg 7", postcode: "9992 NP", city: "Oosterwold", org: "afval"},
	{key: "veenhoeve", name: "Dierenopvang De Veenhoeve", street: "Veenhoeveweg 1", postcode: "9997 HX", city: "Turfhoek", org: "veenhoeve", noCoords: true},
	{key: "werkplaats", name: "De Werkplaats", street: "Ambachtsweg 15", postcode: "9996 KL", city: "Zuidermoer", org: "werkplaats"},
	{key: "veenwonen", name: "Kantoor Veenwonen", street: "Stationsweg 22", postcode: "9990 CG", city: "Beekdal", org: "veenwonen"},
	{key: "schuilplaats", name: "Nachtopvang De Schuilplaats", street: "Achterstraat 3", postcode: "9994 EK", city: "Lindeveen", org: "schuilplaats"},
	{key: "mantelzorg", name: "Steunpunt Mantelzorg Veenland", street: "Lindelaan 57", postcode: "9994 CF", city: "Lindeveen", org: "mantelzorg"},
}

func locByKey(k string) locDef {
	for _, l := range locations {
		if l.key == k {
			return l
		}
	}
	panic("no location " + k)
}

// coords places a location near its municipality's centre (the region's
// centre for a regional office in a town: the town's own centre).
func coords(l locDef) (lat, lon float64) {
	base := munis[0]
	for _, m := range munis {
		for _, v := range m.villages {
			if v == l.city {
				base = m
			}
		}
	}
	dlat := float64(pick(4001, "lat", l.key)-2000) / 100000 // ±0.02
	dlon := float64(pick(4001, "lon", l.key)-2000) / 100000
	return round5(base.lat + dlat), round5(base.lon + dlon)
}

func round5(x float64) float64 {
	// Rounded to five decimals (about a metre) with integer arithmetic,
	// so the printed value is short and the same on every machine.
	n := int64(x*100000 + 0.5)
	return float64(n) / 100000
}
