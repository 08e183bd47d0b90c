package view

import (
	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
)

// Service is one recommended service as its card shows it, in the
// resident's language.
type Service struct {
	ID          string
	Level       catalog.Level
	Name        Text
	Description Text
	Eligibility Text
	Fees        Text
	Free        bool
	Address     string
	Village     string
	Distance    string
	Open        string
	OpenNow     bool
	Phone       string
	Email       string
	URL         string
	Access      []catalog.Access
	Languages   []string
	// Hours are the opening hours in words, for the printed summary.
	Hours []Text
	// Reasons are the resident's answers this service matches, as they
	// chose them ("Omdat u zei: …").
	Reasons []string
}

// Card is what the "service" template gets: the localizer, one service,
// and the level of its heading (2 to 4), which depends on where the card
// sits, so headings never skip a level.
type Card struct {
	L *i18n.Localizer
	S Service
	H int
}

// card is the data of s's card, its heading level kept from 2 to 4.
func card(l *i18n.Localizer, s Service, level int) Card {
	return Card{L: l, S: s, H: min(max(level, 2), 4)}
}
