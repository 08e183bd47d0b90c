package web

import (
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
// its consumer group delivers (contact.NewDelivery). The caller closes
// d.Outcomes before the client.
func (d *Deps) UseRedis(client redis.UniversalClient) *contact.Stream {
	d.Sessions = session.NewRedis(client, keySessions)
	d.StaffSessions = session.NewRedis(client, keyStaffSessions)
	d.Limits = session.NewRedisCounter(client, keyLimits)
	d.Outcomes = outcomes.NewRecorder(outcomes.NewRedis(client, keyOutcomes), d.Log)
	d.Codes = codes.NewRedis(client, keyResumeCodes, ResumeCodeLen)
	d.Handovers = codes.NewRedis(client, keyHandovers, ResumeCodeLen)
	stream := contact.NewStream(client, keyContacts, d.Config.ContactRetention)
	d.Contacts = stream
	d.ReloadBus = reload.NewRedisBus(client, keyReload)
	d.ReloadBoard = reload.NewRedisBoard(client, keyReloadBoard)
	return stream
}
