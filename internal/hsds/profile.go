package hsds

// Profile describes the portal's Dutch profile of HSDS 3.0: what it adds
// and how it uses the fields. The API's root links to it.
type Profile struct {
	Name        string            `json:"name"`
	Version     string            `json:"hsds_version"`
	API         string            `json:"api"`
	Description string            `json:"description"`
	Language    string            `json:"language"`
	IDs         string            `json:"ids"`
	Conventions []string          `json:"conventions"`
	Additions   []string          `json:"additions"`
	Taxonomies  []ProfileTaxonomy `json:"taxonomies"`
}

// ProfileTaxonomy is one of the portal's taxonomies with its terms' codes.
type ProfileTaxonomy struct {
	ID    string   `json:"id"`
	Code  string   `json:"code"`
	Name  string   `json:"name"`
	Terms []string `json:"terms"`
}

// NewProfile describes the profile, with d's taxonomies; api is the API's
// base URL.
func NewProfile(d *Dataset, api string) Profile {
	p := Profile{
		Name:    "wegwijzer-nl",
		Version: Version,
		API:     api,
		Description: "The catalogue of a Dutch municipality's social domain: self-help, open neighbourhood facilities (voorliggend veld), " +
			"general facilities, customised support (maatwerk) and urgent help. Read-only; every GET path of the HSDS 3.0 OpenAPI description.",
		Language: "Records are in Dutch, the catalogue's own language. HSDS 3.0 has no translations: ?lang= (nl, en, pl, tr, ar, uk, fy) " +
			"or Accept-Language gives the same records with texts in that language, Dutch where a text has no translation; " +
			"Content-Language says which was used. Ids are the same in every language.",
		IDs: "Every id is a version 5 UUID derived from the content id (kind and id, such as service:geldcafe) in the namespace " +
			namespace.String() + ", so an object keeps its id across exports and languages.",
		Conventions: []string{
			"Lists are paged with page (from 1) and per_page (default 50, at most 500); size is the number of items on the page. format=ndjson gives every item, one JSON object a line, without paging.",
			"A list of services carries their one-to-one fields; full=true gives full services. minimal=true gives id, name, status and last_modified of every match.",
			"last_modified is the date the municipality last checked the service (midnight UTC); modified_after takes a date or an RFC 3339 time and leaves out services without a date.",
			"search matches every word, ignoring case and accents, in the name, the description, the organisation's name and the names of the service's terms.",
			"Each service has an attribute for its rung (taxonomy wegwijzer-rung), and one for each topic, audience, tag and way in. A tag or topic the service requires of a resident has the value requires; one that rules it out has the value excludes.",
			"Particulars of hours that HSDS has no field for (open on public holidays, on public holidays only, always open) are attributes of the schedule (taxonomy wegwijzer-schedule). Times are wall-clock times in Europe/Amsterdam.",
			"A service area is a village with its postcode ranges (extent_type text, four-digit ranges such as 9990-9991), or the whole municipality.",
			"Errors are JSON {\"error\": \"...\"} in the request's language: 400 for a bad parameter, 404 for an unknown id.",
		},
		Additions: []string{
			"organization.services: the organisation's services (brief, or full with full_service=true), on /organizations/{id} and with full_service or full on /organizations.",
			"service_at_location.service: the service's one-to-one fields, in the full form.",
		},
	}
	for _, t := range d.Taxonomies {
		pt := ProfileTaxonomy{ID: t.ID, Name: t.Name}
		for _, term := range d.Terms {
			if term.TaxonomyID == t.ID {
				pt.Code = term.Taxonomy
				pt.Terms = append(pt.Terms, term.Code)
			}
		}
		p.Taxonomies = append(p.Taxonomies, pt)
	}
	return p
}
