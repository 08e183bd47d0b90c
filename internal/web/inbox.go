package web

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/contact"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/internal/web/view"
)

// inboxPage is how many requests one page of the inbox lists; the counts
// are of every stored request.
const inboxPage = 50

type inboxView struct {
	page
	Staff *staffMember
	// Show is the state listed; Counts the number per state.
	Show    contact.State
	States  []contact.State
	Counts  map[contact.State]int
	Entries []entryView
	// RetentionDays is how long requests are kept.
	RetentionDays int
	// Page is the page shown (from 1) of Pages; Prev and Next link to the
	// pages beside it, "" at either end.
	Page, Pages int
	Prev, Next  string
	// Content is the "Inhoud" section: the content and reloading it.
	Content *contentView
}

type entryView struct {
	contact.Entry
	Created string
	Last    *eventView
	Href    string
	// Municipality names the request's municipality for the region's
	// staff, who see every municipality's; "" otherwise.
	Municipality string
}

type eventView struct {
	contact.Event
	When string
}

func (s *server) when(l *i18n.Localizer, t time.Time) string {
	t = t.In(s.loc)
	return view.LocalDate(l, t.Format(time.DateOnly)) + " " + t.Format("15:04")
}

func (s *server) entryView(l *i18n.Localizer, m *staffMember, e contact.Entry) entryView {
	v := entryView{Entry: e, Created: s.when(l, e.CreatedAt), Href: staffPath(l.Lang(), pathInbox) + "/" + e.ID}
	if m.Regional {
		v.Municipality = s.muniName(e.Municipality)
	}
	if ev, ok := e.Last(); ok {
		v.Last = &eventView{Event: ev, When: s.when(l, ev.At)}
	}
	return v
}

// retention is how long this municipality's requests are kept.
func (s *server) retention() time.Duration {
	longest, own := s.ContactRetention()
	if own != nil {
		return own(s.muniID())
	}
	return longest
}

// inbox lists the requests in one state, newest first, with the number in
// each state.
func (s *server) inbox(c *fiber.Ctx) error {
	v := inboxView{page: s.page(c, "inbox.title"), Staff: staffOf(c), States: contact.States,
		Counts: map[contact.State]int{}, Show: contact.State(c.Query("toon", string(contact.New))),
		RetentionDays: int(s.retention() / (24 * time.Hour))}
	if !slices.Contains(contact.States, v.Show) {
		v.Show = contact.New
	}
	v.Content = s.contentView(c, v.L)
	// Every stored request, so the counts are true and none drops out of
	// sight; the retention and the contact limits keep them few.
	entries, err := s.Contacts.Entries(c.UserContext(), 0)
	if err != nil {
		s.Metrics.RedisError(storeContact)
		s.Log.Warn("inbox: list failed", "err", err)
		v.Notice = "inbox.unavailable"
		return s.views.render(c, fiber.StatusServiceUnavailable, "inbox", v)
	}
	var shown []contact.Entry
	for _, e := range entries {
		if !s.sees(v.Staff, e.Request) {
			continue
		}
		v.Counts[e.State]++
		if e.State == v.Show {
			shown = append(shown, e)
		}
	}
	v.Pages = max(1, (len(shown)+inboxPage-1)/inboxPage)
	v.Page = min(max(1, c.QueryInt("pagina", 1)), v.Pages)
	link := func(p int) string { return "?toon=" + string(v.Show) + "&pagina=" + strconv.Itoa(p) }
	if v.Page > 1 {
		v.Prev = link(v.Page - 1)
	}
	if v.Page < v.Pages {
		v.Next = link(v.Page + 1)
	}
	for _, e := range shown[(v.Page-1)*inboxPage : min(len(shown), v.Page*inboxPage)] {
		v.Entries = append(v.Entries, s.entryView(v.L, v.Staff, e))
	}
	return s.views.render(c, fiber.StatusOK, "inbox", v)
}

type requestView struct {
	page
	Staff   *staffMember
	Entry   entryView
	History []eventView
	// Moves are the changes the staff member can make now.
	Moves []contact.State
	// Changed is the state just set, for a confirmation.
	Changed contact.State
	// Delivery says whether the case system has the request; nil when
	// no webhook is set up or the store does not record deliveries.
	Delivery *deliveryView
}

// deliveryView is a request's hand-over to the case system, for staff.
type deliveryView struct {
	Sent    bool
	When    string // when it was sent
	Refused bool   // tried and refused so far; tried again by itself
}

// deliveryRecorder is a store that records deliveries (contact.Stream).
type deliveryRecorder interface {
	Delivery(ctx context.Context, id string) (contact.DeliveryState, error)
}

// request shows one request with everything the resident gave, and its
// history.
func (s *server) request(c *fiber.Ctx) error {
	return s.renderRequest(c, fiber.StatusOK, "")
}

func (s *server) renderRequest(c *fiber.Ctx, status int, notice string) error {
	v := requestView{page: s.page(c, "request.title"), Staff: staffOf(c)}
	e, err := s.Contacts.Entry(c.UserContext(), c.Params("id"))
	switch {
	case errors.Is(err, contact.ErrNotFound) || err == nil && !s.sees(v.Staff, e.Request):
		return fiber.ErrNotFound
	case err != nil:
		s.Metrics.RedisError(storeContact)
		s.Log.Warn("inbox: read failed", "err", err)
		v.Notice = "inbox.unavailable"
		return s.views.render(c, fiber.StatusServiceUnavailable, "request", v)
	}
	v.Entry = s.entryView(v.L, v.Staff, e)
	if rec, ok := s.Contacts.(deliveryRecorder); ok && (s.Config.ContactWebhookURL != "" || s.Content.Catalog.Municipality.ContactWebhookURL != "") {
		if st, err := rec.Delivery(c.UserContext(), e.ID); err == nil {
			v.Delivery = &deliveryView{Sent: !st.Delivered.IsZero(), Refused: st.Attempts > 0}
			if v.Delivery.Sent {
				v.Delivery.When = s.when(v.L, st.Delivered)
			}
		}
	}
	v.Title = v.L.T("request.title_ref", map[string]any{"Ref": e.Ref})
	for _, ev := range e.History {
		v.History = append(v.History, eventView{Event: ev, When: s.when(v.L, ev.At)})
	}
	for _, to := range contact.States {
		if contact.Allowed(e.State, to) {
			v.Moves = append(v.Moves, to)
		}
	}
	if st := contact.State(c.Query("gewijzigd")); notice == "" && slices.Contains(contact.States, st) && st == e.State {
		v.Changed = st
	}
	v.Notice = notice
	return s.views.render(c, status, "request", v)
}

// moveRequest changes a request's state. The form says which state the
// staff member saw; if someone else changed it since, nothing changes and
// the page says so.
func (s *server) moveRequest(c *fiber.Ctx) error {
	id := c.Params("id")
	from, to := contact.State(c.FormValue("from")), contact.State(c.FormValue("to"))
	if !contact.Allowed(from, to) {
		return s.renderRequest(c, fiber.StatusUnprocessableEntity, "request.error.move")
	}
	m := staffOf(c)
	// Another municipality's request is not there for this staff member.
	e, err := s.Contacts.Entry(c.UserContext(), id)
	if err == nil && !s.sees(m, e.Request) {
		return fiber.ErrNotFound
	}
	if err == nil {
		err = s.Contacts.Move(c.UserContext(), id, from, to, m.User)
	}
	var conflict *contact.ConflictError
	switch {
	case errors.Is(err, contact.ErrNotFound):
		return fiber.ErrNotFound
	case errors.As(err, &conflict):
		return s.renderRequest(c, fiber.StatusConflict, "request.error.conflict")
	case err != nil:
		s.Metrics.RedisError(storeContact)
		s.Log.Warn("inbox: move failed", "err", err)
		return s.renderRequest(c, fiber.StatusServiceUnavailable, "inbox.unavailable")
	}
	s.Log.Info("contact request moved", "id", id, "to", string(to), "user", m.User)
	return c.Redirect(staffPath(langOf(c), pathInbox)+"/"+id+"?gewijzigd="+string(to), fiber.StatusSeeOther)
}

// staffHome sends /{lang}/medewerker/ to the inbox.
func (s *server) staffHome(c *fiber.Ctx) error {
	return c.Redirect(staffPath(langOf(c), pathInbox), fiber.StatusSeeOther)
}
