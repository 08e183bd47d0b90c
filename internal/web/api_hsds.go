package web

import (
	"bufio"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/hsds"
)

// The HSDS API: the catalogue as Open Referral HSDS 3.0, read-only, every
// GET path of the specification's OpenAPI description. Dutch is the
// records' language; lang= or Accept-Language picks another, with Dutch
// where a text has no translation (the profile says so).

const (
	hsdsPerPage    = 50  // items a page when per_page is not given
	hsdsMaxPerPage = 500 // the most per_page may ask
	// hsdsOpenAPI is the OpenAPI description the API follows.
	hsdsOpenAPI = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
)

// hsdsSets holds the catalogue in HSDS terms, built once per language.
type hsdsSets struct {
	mu   sync.Mutex
	sets map[string]*hsds.Dataset
}

// dataset is the catalogue in HSDS terms in lang: this municipality's,
// or on a host of the whole region the region's (every municipality's
// services once).
func (s *server) dataset(c *fiber.Ctx, lang string) *hsds.Dataset {
	cat, key := s.Content.Catalog, lang
	if home, ok := homeOf(c); ok && home == "" && s.inRegion() {
		key = "region\x00" + lang
	}
	s.hsds.mu.Lock()
	defer s.hsds.mu.Unlock()
	if d, ok := s.hsds.sets[key]; ok {
		return d
	}
	if key != lang {
		cat = s.Region.Catalog()
	}
	l := s.Content.Messages.Localizer(lang)
	d := hsds.Build(cat, lang, func(id string) string { return l.T(id) })
	if s.hsds.sets == nil {
		s.hsds.sets = map[string]*hsds.Dataset{}
	}
	s.hsds.sets[key] = d
	return d
}

// hsdsRequest is one request to the HSDS API: its language and query.
type hsdsRequest struct {
	c *fiber.Ctx
	// perPage is the page size when per_page is not given.
	perPage int
	s       *server
	lang    string
	d       *hsds.Dataset
	err     error // the first bad parameter, answered with 400
}

func (s *server) hsdsRequest(c *fiber.Ctx) *hsdsRequest {
	lang, _, _ := s.apiLang(c)
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	c.Set(fiber.HeaderContentLanguage, lang)
	return &hsdsRequest{c: c, s: s, lang: lang, d: s.dataset(c, lang), perPage: hsdsPerPage}
}

// bad records the first bad parameter: msg in the request's language.
func (r *hsdsRequest) bad(id string, data map[string]any) {
	if r.err == nil {
		r.err = fiber.NewError(fiber.StatusBadRequest, r.s.Content.Messages.Localizer(r.lang).T(id, data))
	}
}

// answer sends v, or the 400 of a bad parameter.
func (r *hsdsRequest) answer(v any) error {
	if r.err != nil {
		return r.c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": r.err.(*fiber.Error).Message})
	}
	return r.c.JSON(v)
}

func (r *hsdsRequest) notFound(kind string) error {
	return r.c.Status(fiber.StatusNotFound).JSON(fiber.Map{"error": r.s.Content.Messages.Localizer(r.lang).T("api.error.hsds.not_found", map[string]any{"Kind": kind})})
}

func (r *hsdsRequest) boolean(name string) bool {
	switch v := r.c.Query(name); v {
	case "", "false", "0":
		return false
	case "true", "1":
		return true
	}
	r.bad("api.error.hsds.bool", map[string]any{"Name": name})
	return false
}

// id is a parameter that names an object: a UUID, or "".
func (r *hsdsRequest) id(name string) string {
	v := strings.ToLower(r.c.Query(name))
	if v != "" && !hsds.IsUUID(v) {
		r.bad("api.error.hsds.uuid", map[string]any{"Name": name})
	}
	return v
}

func (r *hsdsRequest) paging() (page, perPage int) {
	page, perPage = 1, r.perPage
	if v := r.c.Query("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			r.bad("api.error.hsds.page", nil)
		}
		page = n
	}
	if v := r.c.Query("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > hsdsMaxPerPage {
			r.bad("api.error.hsds.per_page", map[string]any{"Max": hsdsMaxPerPage})
		}
		perPage = n
	}
	return page, perPage
}

// ndjson reports whether the list goes out as newline-delimited JSON,
// every item without paging; format is json (the default) or ndjson.
func (r *hsdsRequest) ndjson() bool {
	switch r.c.Query("format") {
	case "", "json":
		return false
	case "ndjson":
		return true
	}
	r.bad("api.error.hsds.format", nil)
	return false
}

func (r *hsdsRequest) modifiedAfter() time.Time {
	v := r.c.Query("modified_after")
	if v == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t
	}
	r.bad("api.error.hsds.date", nil)
	return time.Time{}
}

func (r *hsdsRequest) filter() hsds.Filter {
	return hsds.Filter{
		Search: r.c.Query("search"), TermID: r.id("taxonomy_term_id"), TaxonomyID: r.id("taxonomy_id"),
		OrganizationID: r.id("organization_id"), ModifiedAfter: r.modifiedAfter(),
	}
}

// list answers a list: a page of it, or every item as NDJSON.
func list[T any](r *hsdsRequest, all []T) error {
	page, perPage := r.paging()
	nd := r.ndjson()
	if r.err != nil {
		return r.answer(nil)
	}
	if !nd {
		return r.answer(hsds.Paginate(all, page, perPage))
	}
	r.c.Set(fiber.HeaderContentType, "application/x-ndjson")
	r.c.Response().SetBodyStreamWriter(func(w *bufio.Writer) {
		enc := json.NewEncoder(w)
		for _, v := range all {
			if enc.Encode(v) != nil {
				return
			}
		}
	})
	return nil
}

// one answers the object of kind the path's id names, or a 404.
func one[T any](r *hsdsRequest, kind string, find func(id string) (T, bool)) error {
	v, ok := find(strings.ToLower(r.c.Params("id")))
	if !ok {
		return r.notFound(kind)
	}
	return r.answer(v)
}

// brief maps f over all: the one-to-one fields unless full is asked.
func brief[T any](all []T, full bool, f func(T) T) []T {
	if full {
		return all
	}
	out := make([]T, len(all))
	for i, v := range all {
		out[i] = f(v)
	}
	return out
}

// hsdsRoot is GET /api/v1/hsds/: the version and the profile.
func (s *server) hsdsRoot(c *fiber.Ctx) error {
	r := s.hsdsRequest(c)
	return r.answer(fiber.Map{"version": hsds.Version, "profile": s.absolute(c, pathHSDSProfile), "openapi_url": hsdsOpenAPI})
}

// hsdsProfile is GET /api/v1/hsds/profile: what the portal adds to HSDS
// and how it uses it.
func (s *server) hsdsProfile(c *fiber.Ctx) error {
	r := s.hsdsRequest(c)
	return r.answer(hsds.NewProfile(r.d, s.absolute(c, pathHSDS)))
}

// absolute is p on this portal's public URL (see baseURL).
func (s *server) absolute(c *fiber.Ctx, p string) string {
	return s.baseURL(c) + p
}

func (s *server) hsdsServices(c *fiber.Ctx) error {
	r := s.hsdsRequest(c)
	f := r.filter()
	full, minimal := r.boolean("full"), r.boolean("minimal")
	all := r.d.FindServices(f)
	if minimal {
		// Just id and last_modified (with the name and status HSDS
		// requires), to see what changed: all of them in one call.
		r.perPage = hsdsMaxPerPage
		out := make([]hsds.Service, len(all))
		for i, sv := range all {
			out[i] = hsds.Service{ID: sv.ID, Name: sv.Name, Status: sv.Status, LastModified: sv.LastModified}
		}
		return list(r, out)
	}
	return list(r, brief(all, full, hsds.Service.Brief))
}

func (s *server) hsdsService(c *fiber.Ctx) error {
	r := s.hsdsRequest(c)
	return one(r, "service", r.d.Service)
}

func (s *server) hsdsOrganizations(c *fiber.Ctx) error {
	r := s.hsdsRequest(c)
	withServices, full := r.boolean("full_service"), r.boolean("full")
	all := r.d.FindOrganizations(r.c.Query("search"))
	if withServices || full {
		for i := range all {
			all[i] = r.d.WithServices(all[i], withServices)
		}
	}
	return list(r, all)
}

func (s *server) hsdsOrganization(c *fiber.Ctx) error {
	r := s.hsdsRequest(c)
	full := r.boolean("full_service")
	return one(r, "organization", func(id string) (hsds.Organization, bool) { return r.d.Organization(id, true, full) })
}

func (s *server) hsdsServiceAtLocations(c *fiber.Ctx) error {
	r := s.hsdsRequest(c)
	f := r.filter()
	full := r.boolean("full")
	var near hsds.Place
	if pc := c.Query("postcode"); pc != "" {
		p, err := catalog.ParsePostcode(pc)
		if err != nil {
			r.bad("error.postcode", nil)
		}
		near.Place = s.Content.Catalog.PlaceForPostcode(p)
		if near.Place == nil && err == nil {
			// Outside the municipality: no service of its is for there.
			return list(r, []hsds.ServiceAtLocation{})
		}
	}
	if v := c.Query("proximity"); v != "" {
		m, err := strconv.ParseFloat(v, 64)
		if err != nil || m <= 0 || near.Place == nil {
			r.bad("api.error.hsds.proximity", nil)
		}
		near.Meters = m
	}
	return list(r, brief(r.d.FindServiceAtLocations(f, near), full, hsds.ServiceAtLocation.Brief))
}

func (s *server) hsdsServiceAtLocation(c *fiber.Ctx) error {
	r := s.hsdsRequest(c)
	return one(r, "service_at_location", r.d.ServiceAtLocation)
}

func (s *server) hsdsTaxonomies(c *fiber.Ctx) error {
	r := s.hsdsRequest(c)
	return list(r, r.d.FindTaxonomies(c.Query("search")))
}

func (s *server) hsdsTaxonomy(c *fiber.Ctx) error {
	r := s.hsdsRequest(c)
	return one(r, "taxonomy", r.d.Taxonomy)
}

func (s *server) hsdsTerms(c *fiber.Ctx) error {
	r := s.hsdsRequest(c)
	f := hsds.TermFilter{Search: c.Query("search"), TaxonomyID: r.id("taxonomy_id"), TopOnly: r.boolean("top_only"), ParentID: r.id("parent_id")}
	return list(r, r.d.FindTerms(f))
}

func (s *server) hsdsTerm(c *fiber.Ctx) error {
	r := s.hsdsRequest(c)
	return one(r, "taxonomy_term", r.d.Term)
}
