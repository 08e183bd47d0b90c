package main

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/wegwijzer/wegwijzer/internal/contact"
	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/staff"
)

// Settings of a region's municipalities that are secret never come from
// the content folder: they come from variables ending in the
// municipality's id, upper case with "_" for "-" (beekdal → BEEKDAL).
const (
	// envStaffFile names a municipality's staff accounts file.
	envStaffFile = "STAFF_ACCOUNTS_FILE_"
	// envStaffRegion names the file of the region's staff, who sign in
	// on every municipality's host and see every request.
	envStaffRegion = "STAFF_ACCOUNTS_FILE_REGION"
	// envWebhookSecret signs the requests sent to a municipality's
	// contact_webhook_url.
	envWebhookSecret = "CONTACT_WEBHOOK_SECRET_"
)

// envSuffix is the end of a municipality's variables' names.
func envSuffix(id string) string { return strings.ToUpper(strings.ReplaceAll(id, "-", "_")) }

// regionStaff loads each municipality's staff accounts and the region's,
// from the files the environment names; a municipality without a file of
// its own has none (or, outside a region, STAFF_ACCOUNTS_FILE's).
func regionStaff(region *content.Region, getenv func(string) string) (map[string]*staff.Accounts, *staff.Accounts, error) {
	byID := map[string]*staff.Accounts{}
	for _, c := range region.Municipalities {
		id := c.Catalog.Municipality.ID
		name := envStaffFile + envSuffix(id)
		if f := getenv(name); f != "" {
			a, err := staff.Load(f)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %w", name, err)
			}
			byID[id] = a
		} else if region.IsRegion() {
			byID[id] = nil // no accounts of its own; never another's
		}
	}
	var regional *staff.Accounts
	if f := getenv(envStaffRegion); f != "" {
		a, err := staff.Load(f)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", envStaffRegion, err)
		}
		regional = a
	}
	return byID, regional, nil
}

// regionHooks makes a webhook sink for each municipality whose
// municipality.yaml names a contact_webhook_url, signed with its secret.
func regionHooks(region *content.Region, getenv func(string) string, client *http.Client) (map[string]contact.Sink, []string) {
	hooks := map[string]contact.Sink{}
	var unsigned []string
	for _, c := range region.Municipalities {
		m := c.Catalog.Municipality
		if m.ContactWebhookURL == "" {
			continue
		}
		secret := getenv(envWebhookSecret + envSuffix(m.ID))
		if secret == "" {
			unsigned = append(unsigned, m.ID)
		}
		hooks[m.ID] = contact.NewWebhookSink(m.ContactWebhookURL, secret, client)
	}
	return hooks, unsigned
}
