package web

import (
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wegwijzer/wegwijzer/internal/codes"
	"github.com/wegwijzer/wegwijzer/internal/contact"
	"github.com/wegwijzer/wegwijzer/internal/outcomes"
	"github.com/wegwijzer/wegwijzer/internal/reload"
	"github.com/wegwijzer/wegwijzer/internal/session"
)

// Redis key prefixes, one per store. Every key is written alone, or
// with keys of the same hash tag (the contact stream's, see
// contact.Stream), so the same names work on one server, under Sentinel
// and in a Redis Cluster.
const (
	keySessions      = "wz:s:"
	keyStaffSessions = "wz:st:"
	keyLimits        = "wz:rl:"
	keyOutcomes      = "wz:out:"
	keyResumeCodes   = "wz:rc:"
	keyHandovers     = "wz:ho:"
	keyContacts      = "wz:cr"
	keyReload        = "wz:reload"
	keyReloadBoard   = "wz:reload:last"
)

// UseRedis puts every store of d on one Redis client: sessions, limits,
// outcome counts, resume and hand-over codes, staff sessions, contact
// requests and the reload channel. It returns the contact stream, which
// its consumer group delivers (contact.NewDelivery). The caller calls
// d.CloseOutcomes before closing the client.
func (d *Deps) UseRedis(client redis.UniversalClient) *contact.Stream {
	d.Sessions = session.NewRedis(client, keySessions)
	d.StaffSessions = session.NewRedis(client, keyStaffSessions)
	d.Limits = session.NewRedisCounter(client, keyLimits)
	d.CountOutcomes(func(prefix string) outcomes.Store { return outcomes.NewRedis(client, prefix) })
	d.Codes = codes.NewRedis(client, keyResumeCodes, ResumeCodeLen)
	d.Handovers = codes.NewRedis(client, keyHandovers, ResumeCodeLen)
	longest, own := d.ContactRetention()
	stream := contact.NewStream(client, keyContacts, longest)
	stream.RetentionOf = own
	d.Contacts = stream
	d.ReloadBus = reload.NewRedisBus(client, keyReload)
	d.ReloadBoard = reload.NewRedisBoard(client, keyReloadBoard)
	return stream
}

// ContactRetention is how long contact requests are kept:
// CONTACT_RETENTION for a single municipality. In a region, each
// municipality keeps its requests for its contact_retention_days (own;
// CONTACT_RETENTION when it names none), and the store as long as the
// longest of them.
func (d *Deps) ContactRetention() (longest time.Duration, own func(municipality string) time.Duration) {
	longest = d.Config.ContactRetention
	if d.Region == nil || len(d.Region.Municipalities) < 2 {
		return longest, nil
	}
	days := map[string]time.Duration{}
	for _, c := range d.Region.Municipalities {
		m := c.Catalog.Municipality
		if m.ContactRetentionDays > 0 {
			days[m.ID] = time.Duration(m.ContactRetentionDays) * 24 * time.Hour
			longest = max(longest, days[m.ID])
		}
	}
	fallback := d.Config.ContactRetention
	return longest, func(id string) time.Duration {
		if r, ok := days[id]; ok {
			return r
		}
		return fallback
	}
}

// CountOutcomes gives d recorders of the anonymous outcome counts on
// stores made by store from a key prefix: one for a single
// municipality (wz:out:), one per municipality in a region
// (wz:out:<id>:), so each municipality's figures stay its own and the
// region's are their sum.
func (d *Deps) CountOutcomes(store func(prefix string) outcomes.Store) {
	if d.Region == nil || len(d.Region.Municipalities) < 2 {
		d.Outcomes = outcomes.NewRecorder(store(keyOutcomes), d.Log)
		return
	}
	d.MunicipalOutcomes = map[string]*outcomes.Recorder{}
	for _, c := range d.Region.Municipalities {
		id := c.Catalog.Municipality.ID
		d.MunicipalOutcomes[id] = outcomes.NewRecorder(store(keyOutcomes+id+":"), d.Log)
	}
}

// CloseOutcomes writes what the recorders have queued and stops them.
func (d *Deps) CloseOutcomes() {
	if d.Outcomes != nil {
		d.Outcomes.Close()
	}
	for _, r := range d.MunicipalOutcomes {
		r.Close()
	}
}
