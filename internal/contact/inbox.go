package contact

import (
	"errors"
	"fmt"
	"time"
)

// State is where a request stands in the staff inbox.
type State string

// A request starts new; a staff member claims it, and marks it done when
// the resident has been contacted. A claim can be given back, and a done
// request reopened.
const (
	New     State = "new"
	Claimed State = "claimed"
	Done    State = "done"
)

// States are the states in the order the inbox shows them.
var States = []State{New, Claimed, Done}

// Allowed reports whether a request may move from one state to another.
func Allowed(from, to State) bool {
	switch from {
	case New:
		return to == Claimed
	case Claimed:
		return to == New || to == Done
	case Done:
		return to == Claimed
	}
	return false
}

// Event is one change of state: to what, by whom, when.
type Event struct {
	State State     `json:"s"`
	By    string    `json:"by"`
	At    time.Time `json:"at"`
}

// Entry is a stored request as staff see it: with its id, its state and
// the history of that state, oldest first.
type Entry struct {
	ID string
	Request
	State   State
	History []Event
}

// Last is the latest change, if any.
func (e Entry) Last() (Event, bool) {
	if len(e.History) == 0 {
		return Event{}, false
	}
	return e.History[len(e.History)-1], true
}

// ErrNotFound: no request with this id (never made, or purged).
var ErrNotFound = errors.New("contact: no such request")

// ConflictError: the request was not in the state the change started from,
// because someone else changed it first.
type ConflictError struct{ Now State }

func (e *ConflictError) Error() string {
	return fmt.Sprintf("contact: request is %s now", e.Now)
}

// checkMove validates a change before it is tried.
func checkMove(from, to State, by string) error {
	if !Allowed(from, to) {
		return fmt.Errorf("contact: cannot move a request from %q to %q", from, to)
	}
	if by == "" {
		return errors.New("contact: a change needs the staff member who makes it")
	}
	return nil
}
