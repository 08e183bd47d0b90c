// Package catalog holds the municipality's services, modelled on the Open
// Referral HSDS 3.x objects, and the pure functions that rank them for a
// resident: by rung of the ladder first, then relevance and distance.
package catalog

import (
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Level is a rung of the support ladder. The order of the constants is the
// order in which a resident meets them.
type Level string

// The rungs of the ladder, lowest first; Urgent overrides the ladder.
const (
	Self      Level = "self"
	Community Level = "community"
	General   Level = "general"
	Custom    Level = "custom"
	Urgent    Level = "urgent"
)

// Rank orders levels: self < community < general < custom. Urgent ranks
// first because safety overrides the ladder. Unknown levels rank last.
func (l Level) Rank() int {
	switch l {
	case Urgent:
		return 0
	case Self:
		return 1
	case Community:
		return 2
	case General:
		return 3
	case Custom:
		return 4
	}
	return 9
}

// Valid reports whether l is one of the known levels.
func (l Level) Valid() bool { return l.Rank() < 9 }

// Topics are the stable need areas of the contract, in display order.
var Topics = []string{
	"money", "paperwork", "loneliness", "household", "mobility", "housing",
	"care", "mental", "caregiving", "parenting", "work", "language", "safety",
}

// IsTopic reports whether id is one of the contract's topic ids.
func IsTopic(id string) bool {
	for _, t := range Topics {
		if t == id {
			return true
		}
	}
	return false
}

// Text is a translatable text from the catalogue: one string per locale.
// In YAML it is either a plain string (taken as Dutch, as in an HSDS import)
// or a map from locale to string.
type Text map[string]string

// UnmarshalYAML accepts a plain string (Dutch) or a locale map.
func (t *Text) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*t = Text{"nl": n.Value}
		return nil
	}
	m := map[string]string{}
	if err := n.Decode(&m); err != nil {
		return fmt.Errorf("text: want a string or a map of locale to string: %w", err)
	}
	*t = m
	return nil
}

// In returns the text in lang, or the Dutch text when there is no
// translation; the second result is the locale of the text returned, so a
// page can mark untranslated text with lang="nl".
func (t Text) In(lang string) (string, string) {
	if s := strings.TrimSpace(t[lang]); s != "" {
		return s, lang
	}
	return strings.TrimSpace(t["nl"]), "nl"
}

// Municipality describes the municipality that runs the portal: its name,
// how residents reach the wijkteam, how its pages look, and whether the
// content is a demo.
type Municipality struct {
	// ID names the municipality in a region: the name of its overlay
	// folder (municipalities/<id>/), in service areas, keys and links. A
	// single-municipality folder may leave it out; it is then derived
	// from the name (see DefaultID).
	ID      string `yaml:"id"`
	Name    string `yaml:"name"`
	Demo    bool   `yaml:"demo"`
	Phone   string `yaml:"phone"`
	Email   string `yaml:"email"`
	Website string `yaml:"website"`
	Address string `yaml:"address"`
	// Province is the province (provincie) the municipality lies in, for
	// addresses in the HSDS export.
	Province string `yaml:"province"`
	Hours    Text   `yaml:"hours"` // desk and phone hours, in words
	Wijkteam Text   `yaml:"wijkteam"`
	// ContactRetentionDays tells residents how long a contact request is
	// kept; the server's retention setting must match it.
	ContactRetentionDays int `yaml:"contact_retention_days"`
	// ResponseDays is within how many working days the wijkteam answers a
	// contact request.
	ResponseDays int `yaml:"response_days"`
	// AccessibilityChecked is the date (YYYY-MM-DD) the portal was last
	// checked for accessibility, shown in the accessibility statement.
	AccessibilityChecked string `yaml:"accessibility_checked"`
	// Hosts are the host names (no scheme, no port) whose pages are this
	// municipality's, such as hulp.beekdal.example.org.
	Hosts []string `yaml:"hosts"`
	// Colors are the municipality's colours; empty: the portal's own.
	Colors Colors `yaml:"colors"`
	// Logo is an image file (.svg or .png) in the municipality's folder;
	// empty: none.
	Logo string `yaml:"logo"`
	// PublicURL is the address residents reach the portal at, for share
	// links, QR codes and Secure cookies, such as
	// https://hulp.beekdal.example.org.
	PublicURL string `yaml:"public_url"`
	// ContactWebhookURL is where this municipality's contact requests are
	// delivered; empty: the server's setting. Its secret never lives in
	// the content: it comes from the environment.
	ContactWebhookURL string `yaml:"contact_webhook_url"`
}

// Colors are a municipality's colours as #rrggbb, each with the colour
// of the text it carries: text on a primary button is OnPrimary.
type Colors struct {
	Primary   string `yaml:"primary"`
	OnPrimary string `yaml:"on_primary"`
	Accent    string `yaml:"accent"`
	OnAccent  string `yaml:"on_accent"`
}

// DefaultID derives a municipality id from its name: "Gemeente Beekdal"
// becomes "beekdal", "Súdwest-Fryslân" "sudwest-fryslan".
func DefaultID(name string) string {
	name = strings.TrimSpace(name)
	if rest, ok := strings.CutPrefix(strings.ToLower(name), "gemeente "); ok {
		name = rest
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case strings.ContainsRune("àáâäã", r):
			b.WriteByte('a')
		case strings.ContainsRune("èéêë", r):
			b.WriteByte('e')
		case strings.ContainsRune("ìíîï", r):
			b.WriteByte('i')
		case strings.ContainsRune("òóôöõ", r):
			b.WriteByte('o')
		case strings.ContainsRune("ùúûü", r):
			b.WriteByte('u')
		case b.Len() > 0 && !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// Place is a village or neighbourhood with its postcode ranges and centre.
type Place struct {
	ID        string   `yaml:"id"`
	Name      string   `yaml:"name"`
	Postcodes []string `yaml:"postcodes"` // ranges of the 4 digits, "9901-9909" or "9910"
	Latitude  float64  `yaml:"latitude"`
	Longitude float64  `yaml:"longitude"`
}

// Organization runs services (HSDS organization).
type Organization struct {
	ID          string  `yaml:"id"`
	Name        string  `yaml:"name"`
	Description Text    `yaml:"description"`
	Website     string  `yaml:"website"`
	Email       string  `yaml:"email"`
	Phones      []Phone `yaml:"phones"`
}

// Phone is a phone number (HSDS phone).
type Phone struct {
	Number      string   `yaml:"number"`
	Description Text     `yaml:"description"`
	Languages   []string `yaml:"languages"`
}

// Address is a postal address (HSDS address).
type Address struct {
	Address1   string `yaml:"address_1"`
	PostalCode string `yaml:"postal_code"`
	City       string `yaml:"city"`
}

// Location is a place where services are delivered (HSDS location).
type Location struct {
	ID            string     `yaml:"id"`
	Name          string     `yaml:"name"`
	Description   Text       `yaml:"description"`
	Address       Address    `yaml:"address"`
	Place         string     `yaml:"place"` // Place.ID of the village or neighbourhood
	Latitude      float64    `yaml:"latitude"`
	Longitude     float64    `yaml:"longitude"`
	Accessibility Text       `yaml:"accessibility"`
	Transport     Text       `yaml:"transportation"`
	Schedules     []Schedule `yaml:"schedules"` // the building's own opening hours
}

// Schedule is one recurring opening period (HSDS schedule, RFC 5545 rule
// parts). Times are wall-clock times in Europe/Amsterdam.
type Schedule struct {
	Freq        string `yaml:"freq"`        // WEEKLY or MONTHLY
	Interval    int    `yaml:"interval"`    // default 1
	ByDay       string `yaml:"byday"`       // "MO,WE" or, with MONTHLY, "1TU" / "-1FR"
	ByMonthDay  string `yaml:"bymonthday"`  // "1,15" with MONTHLY
	DTStart     string `yaml:"dtstart"`     // YYYY-MM-DD the rule starts; default 2024-01-01
	Until       string `yaml:"until"`       // YYYY-MM-DD, inclusive
	ValidFrom   string `yaml:"valid_from"`  // YYYY-MM-DD
	ValidTo     string `yaml:"valid_to"`    // YYYY-MM-DD
	OpensAt     string `yaml:"opens_at"`    // "09:00"
	ClosesAt    string `yaml:"closes_at"`   // "12:30"
	Description Text   `yaml:"description"` // "Elke dinsdagochtend"
	// OpenOnHolidays is true for services that stay open on Dutch public
	// holidays (crisis lines); everything else is closed on those days.
	OpenOnHolidays bool `yaml:"open_on_holidays"`
	// HolidaysOnly: this period is open on Dutch public holidays only, such
	// as a GP out-of-hours service that works the whole day then. It takes
	// no freq or byday.
	HolidaysOnly bool `yaml:"holidays_only"`
	// AlwaysOpen marks a 24/7 service; the other fields are then ignored.
	AlwaysOpen bool `yaml:"always_open"`
}

// ServiceAtLocation links a service to a location with its own hours
// (HSDS service_at_location).
type ServiceAtLocation struct {
	Location  string     `yaml:"location"`
	Schedules []Schedule `yaml:"schedules"`
}

// Access is a way to reach a service.
type Access string

// The ways residents reach a service.
const (
	WalkIn      Access = "walk_in"
	ByPhone     Access = "phone"
	ByWeb       Access = "web"
	ByEmail     Access = "email"
	Appointment Access = "appointment"
	HomeVisit   Access = "home_visit"
)

// Audience is who a service is for. A service is shown to a person when
// one of its audiences is theirs (see the ladder package).
type Audience string

// Audiences a service can be for.
const (
	// Resident: anyone, for themselves, within the service's ages; also
	// the person cared for when a carer looks on their behalf.
	Resident Audience = "resident"
	// Carer: support for an informal carer themselves (mantelzorger).
	Carer Audience = "carer"
	// CaredFor: for a person who is looked after by an informal carer,
	// arranged together with that carer (a respite stay, day care).
	CaredFor Audience = "cared_for"
	// Parent: for parents and others who raise a child; the service's ages
	// are the child's.
	Parent Audience = "parent"
	// YoungPerson: for young people themselves; shown only when the person
	// is known to be young.
	YoungPerson Audience = "young_person"
)

// Audiences lists every audience, for validation and documentation.
var Audiences = []Audience{Resident, Carer, CaredFor, Parent, YoungPerson}

// Service is one service in the catalogue (HSDS service plus our level,
// topics, audiences and tags).
type Service struct {
	ID           string     `yaml:"id"`
	Organization string     `yaml:"organization"` // Organization.ID
	Name         Text       `yaml:"name"`
	Description  Text       `yaml:"description"` // one or two B1 sentences
	Level        Level      `yaml:"level"`
	Topics       []string   `yaml:"topics"`
	Audiences    []Audience `yaml:"audiences"`
	// Tags connect answers in the flow to services: an answer option with
	// tag "debt" ranks services tagged "debt" higher.
	Tags []string `yaml:"tags"`
	// Requires names conditions, one of which the resident must have named
	// before the service is shown: a tag of a flow answer (dementia,
	// grief, addiction, violence) or a need (topic id, such as parenting
	// for a tip for parents). A service for one condition is wrong for
	// everyone else.
	Requires []string `yaml:"requires"`
	// Excludes names conditions (tags of flow answers) for which the
	// service is wrong: a talk "before it gets out of hand" is not for
	// someone in danger today (crisis).
	Excludes               []string `yaml:"excludes"`
	EligibilityDescription Text     `yaml:"eligibility_description"` // who it is for
	// MinimumAge and MaximumAge (0: no bound) are the ages of the person
	// the service is for. For a service with the audience parent they are
	// the children's ages, and the resident's own age does not filter it.
	MinimumAge      int      `yaml:"minimum_age"`
	MaximumAge      int      `yaml:"maximum_age"`
	FeesDescription Text     `yaml:"fees_description"` // cost, in words
	Free            bool     `yaml:"free"`
	Languages       []string `yaml:"languages"` // ISO 639-1 codes spoken
	Access          []Access `yaml:"access"`
	Phone           string   `yaml:"phone"`
	Email           string   `yaml:"email"`
	URL             string   `yaml:"url"`
	// ServiceAreas lists Place ids the service is for; empty means the
	// whole municipality (or, for national lines, everyone).
	ServiceAreas []string `yaml:"service_areas"`
	// Area lists the municipalities (ids) a service of a region's shared
	// catalogue serves; empty (or "all" in YAML) means every one.
	Area Area `yaml:"area,omitempty"`
	// Local marks a municipality's own service in a region (from its
	// overlay folder), as against the region's shared ones.
	Local       bool                `yaml:"-"`
	AtLocations []ServiceAtLocation `yaml:"at_locations"`
	// Schedules are the hours of a service without a location, such as a
	// phone line.
	Schedules []Schedule `yaml:"schedules"`
	// LastModified is the date (YYYY-MM-DD) the service's information was
	// last checked or changed by the municipality (HSDS last_modified);
	// empty means unknown.
	LastModified string `yaml:"last_modified"`

	// The fields below are written by `wegwijzer import-hsds` on services
	// it brings in from another HSDS source.

	// Source names that source; empty for the municipality's own services.
	Source string `yaml:"source,omitempty"`
	// Status is the source's HSDS status when it is not active (inactive,
	// defunct, temporarily closed): residents do not see the service.
	Status string `yaml:"status,omitempty"`
	// Review says why the import could not place the service on the
	// ladder (no rung, no topic, no description): residents do not see it
	// until someone completes it and removes this line.
	Review string `yaml:"review,omitempty"`
	// Withdrawn is the date (YYYY-MM-DD) an import found the service gone
	// from its source: residents no longer see it.
	Withdrawn string `yaml:"withdrawn,omitempty"`
}

// Area is the municipalities a regional service serves; nil is all.
type Area []string

// UnmarshalYAML accepts a list of municipality ids, or "all".
func (a *Area) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode && n.Value == "all" {
		*a = nil
		return nil
	}
	var ids []string
	if err := n.Decode(&ids); err != nil {
		return fmt.Errorf("area: want a list of municipality ids, or all: %w", err)
	}
	*a = ids
	return nil
}

// Includes reports whether the area holds municipality id.
func (a Area) Includes(id string) bool {
	if len(a) == 0 {
		return true
	}
	for _, x := range a {
		if x == id {
			return true
		}
	}
	return false
}

// HeldBack says why residents do not see the service: under review,
// withdrawn from its source, or not active there. Empty: it is shown.
func (s *Service) HeldBack() string {
	switch {
	case s.Review != "":
		return "held back for review: " + s.Review
	case s.Withdrawn != "":
		return "withdrawn from its source " + s.Source + " on " + s.Withdrawn
	case s.Status != "" && s.Status != "active":
		return "status " + s.Status + " in its source " + s.Source
	}
	return ""
}

// Modified returns LastModified as midnight UTC of that day; false when
// it is empty or not a valid date.
func (s *Service) Modified() (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s.LastModified)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

// Tip is a self-help suggestion: what residents can do themselves or with
// their own network (the "self" rung).
type Tip struct {
	ID     string   `yaml:"id"`
	Topics []string `yaml:"topics"`
	Tags   []string `yaml:"tags"`
	// Requires and Excludes: as for a Service.
	Requires []string `yaml:"requires"`
	Excludes []string `yaml:"excludes"`
	// Audiences: as Service.Audiences; empty means every resident.
	Audiences []Audience `yaml:"audiences"`
	// MinimumAge and MaximumAge: as for a Service (for a tip for parents,
	// the children's ages); 0 is no bound.
	MinimumAge int    `yaml:"minimum_age"`
	MaximumAge int    `yaml:"maximum_age"`
	Title      Text   `yaml:"title"`
	Text       Text   `yaml:"text"`
	URL        string `yaml:"url"`
}

// Catalog is the whole loaded catalogue with its indexes.
type Catalog struct {
	Municipality  Municipality
	Places        []Place
	Organizations []Organization
	Locations     []Location
	Services      []Service
	// Held are services residents do not see (Service.HeldBack): they stay
	// in the content for the editors and for the next import.
	Held []Service
	Tips []Tip

	placeByID    map[string]*Place
	locationByID map[string]*Location
	orgByID      map[string]*Organization
	serviceByID  map[string]*Service
	tipByID      map[string]*Tip

	// Set by Prepare.
	hours          map[string]Hours // by service id
	postcodeRanges []postcodeRange
}

// Index builds the lookup tables; call it once after loading.
func (c *Catalog) Index() {
	c.placeByID = make(map[string]*Place, len(c.Places))
	for i := range c.Places {
		c.placeByID[c.Places[i].ID] = &c.Places[i]
	}
	c.locationByID = make(map[string]*Location, len(c.Locations))
	for i := range c.Locations {
		c.locationByID[c.Locations[i].ID] = &c.Locations[i]
	}
	c.orgByID = make(map[string]*Organization, len(c.Organizations))
	for i := range c.Organizations {
		c.orgByID[c.Organizations[i].ID] = &c.Organizations[i]
	}
	c.serviceByID = make(map[string]*Service, len(c.Services))
	for i := range c.Services {
		c.serviceByID[c.Services[i].ID] = &c.Services[i]
	}
	c.tipByID = make(map[string]*Tip, len(c.Tips))
	for i := range c.Tips {
		c.tipByID[c.Tips[i].ID] = &c.Tips[i]
	}
}

// Place returns the place with id, or nil.
func (c *Catalog) Place(id string) *Place { return c.placeByID[id] }

// Location returns the location with id, or nil.
func (c *Catalog) Location(id string) *Location { return c.locationByID[id] }

// Organization returns the organization with id, or nil.
func (c *Catalog) Organization(id string) *Organization { return c.orgByID[id] }

// Service returns the service with id, or nil.
func (c *Catalog) Service(id string) *Service { return c.serviceByID[id] }

// Tip returns the self-help tip with id, or nil.
func (c *Catalog) Tip(id string) *Tip { return c.tipByID[id] }
