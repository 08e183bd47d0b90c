package hsds

// The HSDS 3.0 objects the portal publishes, with the fields it fills.
// Optional fields are left out when empty; arrays of a full object are
// left out in the lists, which carry one-to-one fields only.

// Service is an HSDS service.
type Service struct {
	ID                     string              `json:"id"`
	OrganizationID         string              `json:"organization_id,omitempty"`
	Name                   string              `json:"name"`
	Description            string              `json:"description,omitempty"`
	URL                    string              `json:"url,omitempty"`
	Email                  string              `json:"email,omitempty"`
	Status                 string              `json:"status"`
	ApplicationProcess     string              `json:"application_process,omitempty"`
	FeesDescription        string              `json:"fees_description,omitempty"`
	EligibilityDescription string              `json:"eligibility_description,omitempty"`
	MinimumAge             *int                `json:"minimum_age,omitempty"`
	MaximumAge             *int                `json:"maximum_age,omitempty"`
	LastModified           string              `json:"last_modified,omitempty"`
	Phones                 []Phone             `json:"phones,omitempty"`
	Schedules              []Schedule          `json:"schedules,omitempty"`
	ServiceAreas           []ServiceArea       `json:"service_areas,omitempty"`
	ServiceAtLocations     []ServiceAtLocation `json:"service_at_locations,omitempty"`
	Languages              []Language          `json:"languages,omitempty"`
	Organization           *Organization       `json:"organization,omitempty"`
	CostOptions            []CostOption        `json:"cost_options,omitempty"`
	Attributes             []Attribute         `json:"attributes,omitempty"`
}

// Brief is the service with its one-to-one fields only, as lists show it.
func (s Service) Brief() Service {
	s.Phones, s.Schedules, s.ServiceAreas, s.ServiceAtLocations = nil, nil, nil, nil
	s.Languages, s.Organization, s.CostOptions, s.Attributes = nil, nil, nil, nil
	return s
}

// Organization is an HSDS organization. Services is not an HSDS 3.0 field
// of organization; the API adds it on request (full_service), as its
// OpenAPI description says.
type Organization struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Email       string    `json:"email,omitempty"`
	Website     string    `json:"website,omitempty"`
	Phones      []Phone   `json:"phones,omitempty"`
	Services    []Service `json:"services,omitempty"`
}

// Location is an HSDS location: a building where services take place.
type Location struct {
	ID             string          `json:"id"`
	LocationType   string          `json:"location_type"`
	Name           string          `json:"name,omitempty"`
	Description    string          `json:"description,omitempty"`
	Transportation string          `json:"transportation,omitempty"`
	Latitude       *float64        `json:"latitude,omitempty"`
	Longitude      *float64        `json:"longitude,omitempty"`
	Addresses      []Address       `json:"addresses,omitempty"`
	Accessibility  []Accessibility `json:"accessibility,omitempty"`
	Schedules      []Schedule      `json:"schedules,omitempty"`
	Attributes     []Attribute     `json:"attributes,omitempty"`
}

// Address is an HSDS address.
type Address struct {
	ID            string `json:"id"`
	LocationID    string `json:"location_id,omitempty"`
	Address1      string `json:"address_1"`
	City          string `json:"city"`
	StateProvince string `json:"state_province"`
	PostalCode    string `json:"postal_code"`
	Country       string `json:"country"`
	AddressType   string `json:"address_type"`
}

// Accessibility is an HSDS accessibility note of a location.
type Accessibility struct {
	ID          string `json:"id"`
	LocationID  string `json:"location_id,omitempty"`
	Description string `json:"description,omitempty"`
}

// ServiceAtLocation is a service given at a location, with its own hours.
type ServiceAtLocation struct {
	ID         string     `json:"id"`
	ServiceID  string     `json:"service_id,omitempty"`
	LocationID string     `json:"location_id,omitempty"`
	Schedules  []Schedule `json:"schedules,omitempty"`
	Location   *Location  `json:"location,omitempty"`
	// Service is not an HSDS field of service_at_location; the API's
	// full form adds the service (one-to-one fields) so that a list of
	// them can be shown without a second request.
	Service *Service `json:"service,omitempty"`
}

// Brief is the service at location with its one-to-one fields only.
func (s ServiceAtLocation) Brief() ServiceAtLocation {
	s.Schedules, s.Location, s.Service = nil, nil, nil
	return s
}

// Schedule is an HSDS schedule: an iCalendar-style rule with hours.
type Schedule struct {
	ID                  string      `json:"id"`
	ServiceID           string      `json:"service_id,omitempty"`
	LocationID          string      `json:"location_id,omitempty"`
	ServiceAtLocationID string      `json:"service_at_location_id,omitempty"`
	ValidFrom           string      `json:"valid_from,omitempty"`
	ValidTo             string      `json:"valid_to,omitempty"`
	DTStart             string      `json:"dtstart,omitempty"`
	Until               string      `json:"until,omitempty"`
	Freq                string      `json:"freq,omitempty"`
	Interval            *int        `json:"interval,omitempty"`
	ByDay               string      `json:"byday,omitempty"`
	ByMonthDay          string      `json:"bymonthday,omitempty"`
	Description         string      `json:"description,omitempty"`
	OpensAt             string      `json:"opens_at,omitempty"`
	ClosesAt            string      `json:"closes_at,omitempty"`
	Attributes          []Attribute `json:"attributes,omitempty"`
}

// Phone is an HSDS phone number.
type Phone struct {
	ID             string     `json:"id"`
	ServiceID      string     `json:"service_id,omitempty"`
	OrganizationID string     `json:"organization_id,omitempty"`
	Number         string     `json:"number"`
	Extension      *float64   `json:"extension,omitempty"`
	Type           string     `json:"type,omitempty"`
	Description    string     `json:"description,omitempty"`
	Languages      []Language `json:"languages,omitempty"`
}

// Language is a language spoken at a service or on a phone line.
type Language struct {
	ID        string `json:"id"`
	ServiceID string `json:"service_id,omitempty"`
	PhoneID   string `json:"phone_id,omitempty"`
	Name      string `json:"name,omitempty"`
	Code      string `json:"code,omitempty"`
}

// CostOption is what a service costs.
type CostOption struct {
	ID                string   `json:"id"`
	ServiceID         string   `json:"service_id,omitempty"`
	Option            string   `json:"option,omitempty"`
	Currency          string   `json:"currency,omitempty"`
	Amount            *float64 `json:"amount,omitempty"`
	AmountDescription string   `json:"amount_description,omitempty"`
}

// ServiceArea is where a service is for.
type ServiceArea struct {
	ID          string `json:"id"`
	ServiceID   string `json:"service_id,omitempty"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	Extent      string `json:"extent,omitempty"`
	ExtentType  string `json:"extent_type,omitempty"`
}

// Attribute links an object to a taxonomy term.
type Attribute struct {
	ID             string        `json:"id"`
	LinkID         string        `json:"link_id,omitempty"`
	TaxonomyTermID string        `json:"taxonomy_term_id,omitempty"`
	LinkType       string        `json:"link_type,omitempty"`
	LinkEntity     string        `json:"link_entity,omitempty"`
	Value          string        `json:"value,omitempty"`
	TaxonomyTerm   *TaxonomyTerm `json:"taxonomy_term,omitempty"`
}

// Taxonomy is a vocabulary of terms.
type Taxonomy struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	URI         string `json:"uri,omitempty"`
	Version     string `json:"version,omitempty"`
}

// TaxonomyTerm is one term of a taxonomy.
type TaxonomyTerm struct {
	ID          string `json:"id"`
	Code        string `json:"code,omitempty"`
	Name        string `json:"name"`
	Description string `json:"description"`
	ParentID    string `json:"parent_id,omitempty"`
	Taxonomy    string `json:"taxonomy,omitempty"`
	TaxonomyID  string `json:"taxonomy_id,omitempty"`
	Language    string `json:"language,omitempty"`
}
