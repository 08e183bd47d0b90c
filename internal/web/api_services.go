package web

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"math"
	"time"

	"github.com/gofiber/fiber/v2"
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/flow"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/internal/ladder"
)

// apiService is one service in GET /api/v1/services. The first fields are
// the contract; the rest help other channels show the service.
type apiService struct {
	ID          string           `json:"id"`
	Name        string           `json:"name"`
	Level       catalog.Level    `json:"level"`
	Topics      []string         `json:"topics"`
	OpenNow     *bool            `json:"open_now"`
	DistanceKm  *float64         `json:"distance_km"`
	Description string           `json:"description"`
	Eligibility string           `json:"eligibility,omitempty"`
	Fees        string           `json:"fees,omitempty"`
	Free        bool             `json:"free"`
	NextOpening *time.Time       `json:"next_opening,omitempty"`
	ClosesAt    *time.Time       `json:"closes_at,omitempty"`
	Phone       string           `json:"phone,omitempty"`
	Email       string           `json:"email,omitempty"`
	URL         string           `json:"url,omitempty"`
	Access      []catalog.Access `json:"access,omitempty"`
	Languages   []string         `json:"languages,omitempty"`
	Address     *apiAddress      `json:"address,omitempty"`
	Lang        string           `json:"lang"` // the language of name and description
}

type apiAddress struct {
	Street     string  `json:"street"`
	PostalCode string  `json:"postal_code"`
	City       string  `json:"city"`
	Place      string  `json:"place,omitempty"`
	Latitude   float64 `json:"latitude"`
	Longitude  float64 `json:"longitude"`
}

// apiLang is the language of an API request (lang=, else the browser's),
// its localizer, and a function that answers 400 with a message in it.
func (s *server) apiLang(c *fiber.Ctx) (string, *i18n.Localizer, func(msgID string) error) {
	lang := c.Query("lang")
	if !s.Content.Messages.Supported(lang) {
		lang = s.Content.Messages.Negotiate(c.Get(fiber.HeaderAcceptLanguage))
	}
	setLang(c, lang)
	l := s.Content.Messages.Localizer(lang)
	return lang, l, func(id string) error {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": l.T(id)})
	}
}

// apiServices is GET /api/v1/services?topic=ID&postcode=1234AB&lang=nl:
// services ordered by level first (urgent first), then relevance and
// distance. A bad topic or postcode is a 400 in the requested language.
func (s *server) apiServices(c *fiber.Ctx) error {
	lang, _, bad := s.apiLang(c)
	topic := c.Query("topic")
	if topic == "" {
		return bad("api.error.topic_missing")
	}
	if !catalog.IsTopic(topic) {
		return bad("api.error.topic_unknown")
	}
	if m := c.Query(paramMunicipality); m != "" && m != s.muniID() {
		return bad("api.error.municipality")
	}
	var place *catalog.Place
	outside := false
	if pc := c.Query("postcode"); pc != "" {
		p, err := catalog.ParsePostcode(pc)
		if err != nil {
			return bad("error.postcode")
		}
		place = s.Content.Catalog.PlaceForPostcode(p)
		outside = s.Content.OutsideRegion(p.String())
	}
	now := s.Now()
	key := lang + "\x00" + topic + "\x00"
	switch {
	case place != nil:
		key += place.ID
	case outside:
		key += "\x00outside"
	}
	a, ok := s.apiKept.get(key, now)
	if !ok {
		var err error
		if a, err = s.apiKept.put(key, now, fiber.Map{"services": s.servicesFor(lang, topic, place, outside, now), "municipality": s.muniID()}); err != nil {
			return err
		}
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=60")
	return a.send(c)
}

// servicesFor lists the services of a need in lang, sorted from place
// when it is known; for a resident outside the region, without a
// municipality's own.
func (s *server) servicesFor(lang, topic string, place *catalog.Place, outside bool, now time.Time) []apiService {
	lad := s.Content.Ladder()
	out := []apiService{}
	for _, it := range lad.WithOpen(lad.UrgentLines([]string{topic}, nil), now) {
		if contains(it.Service.Topics, topic) {
			out = append(out, s.apiService(lang, it))
		}
	}
	// No answers: every service of the need, by the engine's order.
	a := lad.Advise(ladder.Input{Outcome: flow.Outcome{Topics: []string{topic}}, Place: place, Now: now, Browse: true, OutsideRegion: outside})
	for _, groups := range [][]ladder.Group{a.Community, a.General, a.Custom} {
		for _, g := range groups {
			for _, it := range g.Items {
				out = append(out, s.apiService(lang, it))
			}
		}
	}
	return out
}

func (s *server) apiService(lang string, r ladder.Item) apiService {
	svc := r.Service
	name, got := svc.Name.In(lang)
	desc, _ := svc.Description.In(lang)
	elig, _ := svc.EligibilityDescription.In(lang)
	fees, _ := svc.FeesDescription.In(lang)
	a := apiService{
		ID: svc.ID, Name: name, Level: r.Level, Topics: svc.Topics, Description: desc,
		Eligibility: elig, Fees: fees, Free: svc.Free, Phone: svc.Phone, Email: svc.Email,
		URL: svc.URL, Access: svc.Access, Languages: svc.Languages, Lang: got,
	}
	if r.Open.Known {
		open := r.Open.Open
		a.OpenNow = &open
		if open && !r.Open.Until.IsZero() {
			t := r.Open.Until
			a.ClosesAt = &t
		}
		if !open && !r.Open.Next.IsZero() {
			t := r.Open.Next
			a.NextOpening = &t
		}
	}
	if r.HasDistance {
		d := math.Round(r.DistanceKm*10) / 10
		a.DistanceKm = &d
	}
	if loc := r.Location; loc != nil {
		a.Address = &apiAddress{Street: loc.Address.Address1, PostalCode: loc.Address.PostalCode,
			City: loc.Address.City, Place: loc.Place, Latitude: loc.Latitude, Longitude: loc.Longitude}
	}
	return a
}

// The services API answers the same to everyone who asks for a need in
// a language from a place, until the minute turns (whether a service is
// open now is told to the minute). Those answers are kept, encoded and
// compressed once, for the minute they hold: the last apiKeptAnswers of
// them. Its Cache-Control (public, 60 s) lets a proxy do the same.
const apiKeptAnswers = 1024

type apiAnswers struct {
	kept *lru.Cache[string, apiAnswer]
}

// apiAnswer is one answer: its JSON and its gzip encoding, made in minute.
type apiAnswer struct {
	minute   int64
	body, gz []byte
}

func newAPIAnswers() *apiAnswers {
	kept, _ := lru.New[string, apiAnswer](apiKeptAnswers)
	return &apiAnswers{kept: kept}
}

func (k *apiAnswers) get(key string, now time.Time) (apiAnswer, bool) {
	a, ok := k.kept.Get(key)
	return a, ok && a.minute == minuteOf(now)
}

func (k *apiAnswers) put(key string, now time.Time, v any) (apiAnswer, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return apiAnswer{}, err
	}
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(body); err != nil {
		return apiAnswer{}, err
	}
	if err := w.Close(); err != nil {
		return apiAnswer{}, err
	}
	a := apiAnswer{minute: minuteOf(now), body: body, gz: buf.Bytes()}
	k.kept.Add(key, a)
	return a, nil
}

func minuteOf(t time.Time) int64 { return t.Unix() / 60 }

// send writes the answer, compressed when the client takes gzip (the
// compress middleware leaves a body that has its encoding alone).
func (a apiAnswer) send(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Vary(fiber.HeaderAcceptEncoding)
	if c.Context().Request.Header.HasAcceptEncoding("gzip") {
		c.Set(fiber.HeaderContentEncoding, "gzip")
		return c.Send(a.gz)
	}
	return c.Send(a.body)
}
