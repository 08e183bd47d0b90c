// Package contact keeps residents' requests to be contacted by the
// municipality and hands them to the places where staff pick them up.
//
// A request is first stored durably (Store: a Redis stream in production),
// then delivered to sinks (a log line without personal data, a webhook) by a
// Dispatcher in the background, so a slow or failing sink never holds up the
// resident's page.
package contact

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"
)

// Request is one resident's request to be contacted.
type Request struct {
	Ref           string    `json:"ref"` // human-friendly reference, e.g. "WZ-7K3M-Q9PD"
	CreatedAt     time.Time `json:"created_at"`
	Lang          string    `json:"lang"`
	Name          string    `json:"name"`
	Phone         string    `json:"phone,omitempty"`
	Email         string    `json:"email,omitempty"`
	PreferredTime string    `json:"preferred_time,omitempty"` // option id, e.g. "morning"
	Description   string    `json:"description,omitempty"`
	Who           string    `json:"who,omitempty"` // self / carer / desk
	Topics        []string  `json:"topics"`
	Answers       []Answer  `json:"answers,omitempty"`
	Place         string    `json:"place,omitempty"`
	Consent       bool      `json:"consent"`
	// Desk is the staff member who made the request with the resident at
	// the desk; empty when the resident made it themselves.
	Desk string `json:"desk,omitempty"`
	// Municipality is the id of the municipality of the region the
	// request is for, whose staff see it and whose case system gets it.
	Municipality string `json:"municipality,omitempty"`
}

// Answer is one question from the flow with the options the resident chose,
// so staff see what was asked without the flow definition at hand.
type Answer struct {
	Question string   `json:"question"`
	Options  []string `json:"options"`
}

// Store keeps contact requests durably.
type Store interface {
	// Add stores r and returns the store's id for it. r.Ref must be set;
	// a zero r.CreatedAt is set to the current time.
	Add(ctx context.Context, r Request) (id string, err error)
}

// Inbox is a Store that staff work from: requests with their state and
// who changed it when, and a purge of everything past the retention.
type Inbox interface {
	Store
	// Entries returns up to n requests, newest first; n <= 0 returns all.
	Entries(ctx context.Context, n int) ([]Entry, error)
	// Entry returns one request, or ErrNotFound.
	Entry(ctx context.Context, id string) (Entry, error)
	// Move changes the state of request id from one state to another,
	// recording by whom. When the request is no longer in state from, it
	// returns a *ConflictError and changes nothing.
	Move(ctx context.Context, id string, from, to State, by string) error
	// Purge removes requests older than the retention, with their state
	// and history.
	Purge(ctx context.Context) error
}

// refAlphabet leaves out 0, O, 1, I and L, which are easily confused when a
// reference is read out over the phone or typed from a note.
const refAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// NewRef returns a new reference in the form WZ-XXXX-XXXX from crypto/rand.
// With 31⁸ (about 8.5·10¹¹) possibilities a clash is unlikely at a
// municipality's volume, but a reference is a label for people, not a key:
// stores do not rely on it being unique.
func NewRef() (string, error) {
	const n = 8
	// Bytes at or above this limit are rejected so that every letter is
	// equally likely (248 = 8·31).
	const limit = 256 - 256%len(refAlphabet)
	out := make([]byte, 0, n)
	buf := make([]byte, 16)
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			return "", fmt.Errorf("contact: new ref: %w", err)
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, refAlphabet[int(b)%len(refAlphabet)])
			}
		}
	}
	return "WZ-" + string(out[:4]) + "-" + string(out[4:]), nil
}

// prepare checks r before storing it and fills in CreatedAt.
func prepare(r Request, now time.Time) (Request, error) {
	if r.Ref == "" {
		return r, fmt.Errorf("request has no ref")
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = now.UTC()
	}
	return r, nil
}
