package view

import (
	"strconv"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/i18n"
)

// LocalDate writes a YYYY-MM-DD date in words, the way the language writes
// dates ("23 november 2026"); anything else is shown as it is. It is also
// the template function date.
func LocalDate(l *i18n.Localizer, iso string) string {
	d, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return l.T("date.long", map[string]any{
		"Day":   d.Day(),
		"Month": l.T("date.month." + strconv.Itoa(int(d.Month()))),
		"Year":  d.Year(),
	})
}
