package main

// The HSDS 3.0 objects as this source writes them: its own small structs,
// in the field order of the official schemas. Arrays are always written
// (empty as []), as the source's API does; optional strings and numbers
// are left out when empty.

type page struct {
	TotalItems int        `json:"total_items"`
	TotalPages int        `json:"total_pages"`
	PageNumber int        `json:"page_number"`
	Size       int        `json:"size"`
	FirstPage  bool       `json:"first_page"`
	LastPage   bool       `json:"last_page"`
	Empty      bool       `json:"empty"`
	Contents   []*service `json:"contents"`
}

type service struct {
	ID                     string              `json:"id"`
	OrganizationID         string              `json:"organization_id"`
	Name                   string              `json:"name"`
	Description            string              `json:"description,omitempty"`
	URL                    string              `json:"url,omitempty"`
	Email                  string              `json:"email,omitempty"`
	Status                 string              `json:"status"`
	ApplicationProcess     string              `json:"application_process,omitempty"`
	FeesDescription        string              `json:"fees_description,omitempty"`
	WaitTime               string              `json:"wait_time,omitempty"`
	EligibilityDescription string              `json:"eligibility_description,omitempty"`
	MinimumAge             *int                `json:"minimum_age,omitempty"`
	MaximumAge             *int                `json:"maximum_age,omitempty"`
	Alert                  string              `json:"alert,omitempty"`
	LastModified           string              `json:"last_modified"`
	Phones                 []phone             `json:"phones"`
	Schedules              []schedule          `json:"schedules"`
	ServiceAreas           []serviceArea       `json:"service_areas"`
	ServiceAtLocations     []serviceAtLocation `json:"service_at_locations"`
	Languages              []language          `json:"languages"`
	Organization           *organization       `json:"organization"`
	CostOptions            []costOption        `json:"cost_options"`
	Attributes             []attribute         `json:"attributes"`
}

type organization struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	AlternateName string `json:"alternate_name,omitempty"`
	Description   string `json:"description"` // required by the schema, so present even when empty
	Email         string `json:"email,omitempty"`
	Website       string `json:"website,omitempty"`
}

type phone struct {
	ID          string `json:"id"`
	ServiceID   string `json:"service_id"`
	Number      string `json:"number"`
	Extension   *int   `json:"extension,omitempty"`
	Type        string `json:"type,omitempty"`
	Description string `json:"description,omitempty"`
}

type schedule struct {
	ID                  string `json:"id"`
	ServiceID           string `json:"service_id,omitempty"`
	ServiceAtLocationID string `json:"service_at_location_id,omitempty"`
	ValidFrom           string `json:"valid_from,omitempty"`
	ValidTo             string `json:"valid_to,omitempty"`
	DTStart             string `json:"dtstart,omitempty"`
	Freq                string `json:"freq,omitempty"`
	Interval            *int   `json:"interval,omitempty"`
	ByDay               string `json:"byday,omitempty"`
	Description         string `json:"description,omitempty"`
	OpensAt             string `json:"opens_at,omitempty"`
	ClosesAt            string `json:"closes_at,omitempty"`
}

type serviceArea struct {
	ID          string `json:"id"`
	ServiceID   string `json:"service_id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

type serviceAtLocation struct {
	ID          string     `json:"id"`
	ServiceID   string     `json:"service_id"`
	LocationID  string     `json:"location_id"`
	Description string     `json:"description,omitempty"`
	Schedules   []schedule `json:"schedules"`
	Location    *location  `json:"location"`
}

type location struct {
	ID             string    `json:"id"`
	LocationType   string    `json:"location_type"`
	OrganizationID string    `json:"organization_id,omitempty"`
	Name           string    `json:"name"`
	Description    string    `json:"description,omitempty"`
	Latitude       *float64  `json:"latitude,omitempty"`
	Longitude      *float64  `json:"longitude,omitempty"`
	Addresses      []address `json:"addresses"`
}

type address struct {
	ID            string `json:"id"`
	LocationID    string `json:"location_id"`
	Address1      string `json:"address_1"`
	City          string `json:"city"`
	StateProvince string `json:"state_province"`
	PostalCode    string `json:"postal_code"`
	Country       string `json:"country"`
	AddressType   string `json:"address_type"`
}

type language struct {
	ID        string `json:"id"`
	ServiceID string `json:"service_id"`
	Name      string `json:"name,omitempty"`
	Code      string `json:"code,omitempty"`
}

type costOption struct {
	ID                string   `json:"id"`
	ServiceID         string   `json:"service_id"`
	Option            string   `json:"option,omitempty"`
	Currency          string   `json:"currency,omitempty"`
	Amount            *float64 `json:"amount,omitempty"`
	AmountDescription string   `json:"amount_description,omitempty"`
}

type attribute struct {
	ID             string        `json:"id"`
	LinkID         string        `json:"link_id"`
	LinkType       string        `json:"link_type"`
	LinkEntity     string        `json:"link_entity"`
	TaxonomyTermID string        `json:"taxonomy_term_id"`
	TaxonomyTerm   *taxonomyTerm `json:"taxonomy_term"`
}

type taxonomyTerm struct {
	ID          string `json:"id"`
	Code        string `json:"code"`
	Name        string `json:"name"`
	Description string `json:"description"`
	ParentID    string `json:"parent_id,omitempty"`
	Taxonomy    string `json:"taxonomy"`
	TaxonomyID  string `json:"taxonomy_id"`
	Language    string `json:"language"`
}
