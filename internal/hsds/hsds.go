// Package hsds publishes the catalogue as Open Referral HSDS 3.0: the
// services, their organisations, locations, hours and phones, and the
// portal's own concepts (the rung of the ladder, the topics, audiences,
// tags and ways in) as taxonomies attached through attributes.
//
// The mapping is the portal's Dutch profile of HSDS (see Profile):
//   - Ids are UUIDs (version 5, SHA-1) derived from the content ids in a
//     fixed namespace, so a service keeps its id across exports.
//   - Dutch is the records' language. HSDS 3.0 has no translations; a
//     Dataset is built for one language, with Dutch where a text has no
//     translation.
//   - Each service carries one attribute for its rung, one per topic,
//     audience, tag and way in. A tag that a service requires or that
//     excludes it has the value "requires" or "excludes".
//
// Build makes a Dataset from a catalogue; the web package serves it under
// /api/v1/hsds/ and the export command writes it to files.
package hsds

import (
	"strings"

	"github.com/google/uuid"
)

// Version is the HSDS version published.
const Version = "3.0"

// namespace is the UUID namespace of every id the portal derives: the
// version 5 UUID of the project's URL in the URL namespace. It never
// changes: a changed namespace would give every object a new id.
var namespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://github.com/wegwijzer/wegwijzer"))

// ID is the UUID of an object of kind with the given key parts, such as
// ID("service", "geldcafe") or ID("schedule", serviceID, "0").
func ID(kind string, key ...string) string {
	return uuid.NewSHA1(namespace, []byte(kind+":"+strings.Join(key, "/"))).String()
}

// ObjectID is the id of a catalogue object of kind: its content id when
// that is a UUID already (a service imported from another HSDS source
// keeps the id it had there), else the UUID derived from it. The ids of
// the objects inside one (its phones, schedules, address) are derived
// from this id, so they too survive an export and import.
func ObjectID(kind, contentID string) string {
	if IsUUID(contentID) {
		return strings.ToLower(contentID)
	}
	return ID(kind, contentID)
}

// IsUUID reports whether s is a UUID in its usual 36-character form
// (either case), as HSDS writes them.
func IsUUID(s string) bool {
	_, err := uuid.Parse(s)
	return err == nil && len(s) == 36
}
