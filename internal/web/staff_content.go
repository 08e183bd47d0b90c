package web

import (
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/internal/reload"
)

// Reloading the content from the staff page (/{lang}/medewerker/inhoud):
// the "Inhoud" section of the inbox shows where the content comes from,
// when this instance loaded it and how the last reloads went; its button
// reloads every instance (see Site and package reload).

// pressWait is how long the button's request waits for this instance's
// reload, to show how it went. The reload itself runs apart from the
// request and goes on after it.
const pressWait = 15 * time.Second

// reloadsShown is how many instances' last reloads the section lists.
const reloadsShown = 5

// The outcome of pressing the button, in the query of the page after it
// (?inhoud=…).
const (
	pressParam   = "inhoud"
	pressOK      = "geladen"
	pressFailed  = "fouten"
	pressRunning = "bezig"
	// pressAlone: the other instances could not be told.
	pressAloneParam = "alleen"
)

// contentView is the "Inhoud" section.
type contentView struct {
	// Source is the content folder, "" for the embedded demo content.
	Source   string
	Loaded   string
	Instance string
	Running  bool
	// Pressed is the outcome of the button just pressed (a message id),
	// Alone set when the other instances could not be told.
	Pressed string
	Alone   bool
	Reloads []reloadView
	// Unavailable: the outcomes of other instances cannot be read.
	Unavailable bool
}

// reloadView is one instance's last reload.
type reloadView struct {
	When     string
	Instance string
	// How is a message id: the button, another instance's button, or a
	// signal; Staff who pressed it and From where.
	How   string
	Staff string
	From  string
	OK    bool
	// Errors are the first errors; More says the log has the rest.
	Errors []string
	More   bool
}

// contentView builds the section for the staff member's page.
func (s *server) contentView(c *fiber.Ctx, l *i18n.Localizer) *contentView {
	r := s.site.reloads
	v := &contentView{Source: s.Config.ContentDir, Loaded: s.when(l, s.loaded), Instance: r.Instance(), Running: r.Running()}
	switch c.Query(pressParam) {
	case pressOK:
		v.Pressed = "staff.content.pressed.ok"
	case pressFailed:
		v.Pressed = "staff.content.pressed.failed"
	case pressRunning:
		v.Pressed = "staff.content.pressed.running"
	}
	v.Alone = v.Pressed != "" && c.Query(pressAloneParam) != ""
	outcomes, err := r.Outcomes(c.UserContext())
	if err != nil {
		s.Log.Warn("content reload: outcomes not read", "err", err)
		v.Unavailable = true
		// This instance's own outcome is known without the store.
		if last := r.Last(); last != nil {
			outcomes = []reload.Outcome{*last}
		}
	}
	for _, o := range outcomes[:min(len(outcomes), reloadsShown)] {
		rv := reloadView{When: s.when(l, o.At), Instance: o.Instance, How: "staff.content.how." + string(o.Trigger),
			Staff: o.Staff, From: o.From, OK: o.OK(), Errors: o.Errors, More: o.ErrorCount > len(o.Errors)}
		v.Reloads = append(v.Reloads, rv)
	}
	return v
}

// reloadContent is the button: every instance loads the content again.
// This instance's outcome is shown on the page it goes back to.
func (s *server) reloadContent(c *fiber.Ctx) error {
	m := staffOf(c)
	done, err := s.site.reloads.Press(c.UserContext(), m.User)
	q := url.Values{}
	if err != nil {
		q.Set(pressAloneParam, "1")
	}
	select {
	case o := <-done:
		if o.OK() {
			q.Set(pressParam, pressOK)
		} else {
			q.Set(pressParam, pressFailed)
		}
	case <-time.After(pressWait):
		q.Set(pressParam, pressRunning)
	}
	return c.Redirect(staffPath(langOf(c), pathInbox)+"?"+q.Encode()+"#inhoud", fiber.StatusSeeOther)
}
