package catalog

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rickar/cal/v2/nl"
	"github.com/teambition/rrule-go"
)

const (
	dateLayout = "2006-01-02"
	// defaultDTStart anchors rules without a dtstart: nothing opens before
	// it, and "every other week" counts from its week.
	defaultDTStart = "2024-01-01"
	// maxSearchDays bounds the search for the next opening.
	maxSearchDays = 400
)

// OpenState is whether a service is open at a moment. Known is false when
// the service has no schedules at all, so nobody can tell.
type OpenState struct {
	Known bool
	Open  bool
	// Until is when an open service closes; zero for a service that is
	// always open.
	Until time.Time
	// Next is when a closed service opens again; zero when open, or when it
	// does not open within about 400 days.
	Next time.Time
}

// Check reports the first problem with s in words a content editor can act
// on, e.g. `opens_at "9.00" is not a time like 09:00`, or nil. The message
// has no package prefix, so that the caller can say where the schedule is.
// With always_open the other fields are ignored.
func (s Schedule) Check() error {
	_, err := parseSchedule(s)
	return err
}

// day is a calendar date as yyyymmdd, so that dates compare as integers.
type day int

func dayOf(y int, m time.Month, d int) day { return day(y*10000 + int(m)*100 + d) }

// yearDay returns the day's year and its 1-based day of that year.
func (d day) yearDay() (int, int) {
	y := int(d) / 10000
	return y, time.Date(y, time.Month(int(d)/100%100), int(d)%100, 12, 0, 0, 0, time.UTC).YearDay()
}

const (
	firstDay day = 0
	lastDay  day = 99991231
)

// spec is a checked Schedule.
type spec struct {
	always   bool
	holidays bool // open on public holidays
	// holidaysOnly: open on public holidays only; no recurrence.
	holidaysOnly bool
	freq         rrule.Frequency
	interval     int
	byDay        []rrule.Weekday
	byMonthDay   []int
	dtstart      time.Time // date only, UTC
	first        day       // the first and last date the rule may open
	last         day
	opens        int // minutes after midnight, wall clock
	closes       int // may be 24*60
}

var weekdays = map[string]rrule.Weekday{
	"MO": rrule.MO, "TU": rrule.TU, "WE": rrule.WE, "TH": rrule.TH,
	"FR": rrule.FR, "SA": rrule.SA, "SU": rrule.SU,
}

func parseSchedule(s Schedule) (spec, error) {
	sp := spec{always: s.AlwaysOpen, holidays: s.OpenOnHolidays, holidaysOnly: s.HolidaysOnly}
	if s.AlwaysOpen {
		return sp, nil
	}
	if s.HolidaysOnly {
		if s.Freq != "" || s.ByDay != "" || s.ByMonthDay != "" {
			return sp, errors.New("holidays_only takes no freq, byday or bymonthday: it opens on every public holiday")
		}
		return sp, parseTimes(&sp, s)
	}

	switch strings.ToUpper(strings.TrimSpace(s.Freq)) {
	case "WEEKLY":
		sp.freq = rrule.WEEKLY
	case "MONTHLY":
		sp.freq = rrule.MONTHLY
	case "":
		return sp, errors.New("freq is missing: use WEEKLY or MONTHLY, or always_open: true")
	default:
		return sp, fmt.Errorf("freq %q is not WEEKLY or MONTHLY", s.Freq)
	}
	monthly := sp.freq == rrule.MONTHLY

	sp.interval = s.Interval
	if s.Interval < 0 {
		return sp, fmt.Errorf("interval %d must be 1 or more", s.Interval)
	}
	if s.Interval == 0 {
		sp.interval = 1
	}

	for _, f := range splitList(s.ByDay) {
		wd, err := parseByDay(f, monthly)
		if err != nil {
			return sp, err
		}
		sp.byDay = append(sp.byDay, wd)
	}
	for _, f := range splitList(s.ByMonthDay) {
		if !monthly {
			return sp, fmt.Errorf("bymonthday %q needs freq MONTHLY", s.ByMonthDay)
		}
		n, err := strconv.Atoi(f)
		if err != nil || n == 0 || n < -31 || n > 31 {
			return sp, fmt.Errorf("bymonthday %q is not a day of the month (1 to 31, or -1 for the last day)", f)
		}
		sp.byMonthDay = append(sp.byMonthDay, n)
	}
	// Without byday the rule would silently follow the weekday of dtstart.
	if len(sp.byDay) == 0 && len(sp.byMonthDay) == 0 {
		if monthly {
			return sp, errors.New(`a MONTHLY schedule needs byday (e.g. "1TU") or bymonthday (e.g. "1,15")`)
		}
		return sp, errors.New(`a WEEKLY schedule needs byday, e.g. "MO,WE"`)
	}

	return sp, parseTimes(&sp, s)
}

// parseTimes checks the opening times and the dates that bound the rule.
func parseTimes(sp *spec, s Schedule) error {
	var err error
	if sp.opens, err = parseClock("opens_at", s.OpensAt, false); err != nil {
		return err
	}
	if sp.closes, err = parseClock("closes_at", s.ClosesAt, true); err != nil {
		return err
	}
	if sp.opens >= sp.closes {
		return fmt.Errorf("opens_at %s is not before closes_at %s", s.OpensAt, s.ClosesAt)
	}

	start := s.DTStart
	if strings.TrimSpace(start) == "" {
		start = defaultDTStart
	}
	if sp.dtstart, err = parseDate("dtstart", start); err != nil {
		return err
	}
	until, err := parseOptionalDate("until", s.Until, lastDay)
	if err != nil {
		return err
	}
	from, err := parseOptionalDate("valid_from", s.ValidFrom, firstDay)
	if err != nil {
		return err
	}
	to, err := parseOptionalDate("valid_to", s.ValidTo, lastDay)
	if err != nil {
		return err
	}
	if from > to {
		return fmt.Errorf("valid_from %s is after valid_to %s", s.ValidFrom, s.ValidTo)
	}
	if dayOf(sp.dtstart.Date()) > until {
		return fmt.Errorf("dtstart %s is after until %s", start, s.Until)
	}
	sp.first = max(dayOf(sp.dtstart.Date()), from)
	sp.last = min(until, to)
	return nil
}

// splitList splits "MO, WE" into its non-empty, trimmed parts.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// parseByDay parses "TU", or with MONTHLY "1TU" (first Tuesday) and "-1FR"
// (last Friday).
func parseByDay(f string, monthly bool) (rrule.Weekday, error) {
	u := strings.ToUpper(f)
	if len(u) < 2 {
		return rrule.Weekday{}, fmt.Errorf("byday %q is not a day like MO, TU, WE, TH, FR, SA or SU", f)
	}
	wd, ok := weekdays[u[len(u)-2:]]
	if !ok {
		return rrule.Weekday{}, fmt.Errorf("byday %q is not a day like MO, TU, WE, TH, FR, SA or SU", f)
	}
	ord := u[:len(u)-2]
	if ord == "" {
		return wd, nil
	}
	if !monthly {
		return rrule.Weekday{}, fmt.Errorf("byday %q: a number before the day (1TU, -1FR) needs freq MONTHLY", f)
	}
	n, err := strconv.Atoi(ord)
	if err != nil || n == 0 || n < -5 || n > 5 {
		return rrule.Weekday{}, fmt.Errorf("byday %q: the number before the day must be 1 to 5, or -1 to -5 counting from the end of the month", f)
	}
	return wd.Nth(n), nil
}

// parseClock parses "09:00" (or "9:00") into minutes after midnight;
// "24:00" is allowed as a closing time.
func parseClock(name, s string, closing bool) (int, error) {
	if strings.TrimSpace(s) == "" {
		return 0, fmt.Errorf("%s is missing: give a time like 09:00", name)
	}
	bad := fmt.Errorf("%s %q is not a time like 09:00", name, s)
	hh, mm, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || len(hh) < 1 || len(hh) > 2 || len(mm) != 2 || !allDigits(hh) || !allDigits(mm) {
		return 0, bad
	}
	h, _ := strconv.Atoi(hh)
	m, _ := strconv.Atoi(mm)
	if m > 59 || h > 24 || (h == 24 && (m != 0 || !closing)) {
		return 0, bad
	}
	return h*60 + m, nil
}

// parseOptionalDate parses a date, or returns def when s is empty.
func parseOptionalDate(name, s string, def day) (day, error) {
	if strings.TrimSpace(s) == "" {
		return def, nil
	}
	t, err := parseDate(name, s)
	if err != nil {
		return 0, err
	}
	return dayOf(t.Date()), nil
}

func parseDate(name, s string) (time.Time, error) {
	t, err := time.Parse(dateLayout, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q is not a date like 2026-01-31", name, s)
	}
	return t, nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Hours are compiled opening hours: the rules of one or more schedules,
// parsed once. The zero Hours has no schedules and is never open. Hours are
// safe for concurrent use.
type Hours struct {
	loc    *time.Location
	always bool
	rules  []*rule
}

// Compile checks and compiles schedules whose times are wall-clock times in
// loc (Europe/Amsterdam).
func Compile(ss []Schedule, loc *time.Location) (Hours, error) {
	h, err := compile(ss, loc)
	if err != nil {
		return Hours{}, fmt.Errorf("catalog: compile hours: %w", err)
	}
	return h, nil
}

func compile(ss []Schedule, loc *time.Location) (Hours, error) {
	if loc == nil {
		return Hours{}, errors.New("no time zone")
	}
	h := Hours{loc: loc}
	for i, s := range ss {
		sp, err := parseSchedule(s)
		if err != nil {
			return Hours{}, fmt.Errorf("schedules[%d]: %w", i, err)
		}
		if sp.always {
			h.always = true
			continue
		}
		r, err := newRule(sp, loc)
		if err != nil {
			return Hours{}, fmt.Errorf("schedules[%d]: %w", i, err)
		}
		h.rules = append(h.rules, r)
	}
	return h, nil
}

// Empty reports whether h was compiled from no schedules at all, so that
// nothing is known about when it is open.
func (h Hours) Empty() bool { return !h.always && len(h.rules) == 0 }

// union returns the hours that are open when h or o is open.
func (h Hours) union(o Hours) Hours {
	if h.loc == nil {
		h.loc = o.loc
	}
	h.always = h.always || o.always
	h.rules = append(h.rules[:len(h.rules):len(h.rules)], o.rules...)
	return h
}

// OpenAt reports whether the hours are open at t and, if so, when they
// close; back-to-back periods (09:00-12:00 and 12:00-17:00) count as one.
// closesAt is zero when always open.
func (h Hours) OpenAt(t time.Time) (open bool, closesAt time.Time) {
	if h.always {
		return true, time.Time{}
	}
	end, open := h.periodEnd(t)
	if !open {
		return false, time.Time{}
	}
	for range 7 { // a bound, in case periods chain around the clock
		next, ok := h.periodEnd(end)
		if !ok || !next.After(end) {
			break
		}
		end = next
	}
	return true, end
}

// periodEnd returns the latest closing time of the periods open at t.
func (h Hours) periodEnd(t time.Time) (time.Time, bool) {
	y, m, d := t.In(h.loc).Date()
	var end time.Time
	for _, r := range h.rules {
		if !r.opensOn(y, m, d) {
			continue
		}
		opens, closes := r.period(y, m, d)
		if !t.Before(opens) && t.Before(closes) && closes.After(end) {
			end = closes
		}
	}
	return end, !end.IsZero()
}

// NextOpening returns the start of the first opening period after t,
// searching about 400 days ahead; false if there is none, or when the
// hours are always open (they never open, they never closed).
func (h Hours) NextOpening(t time.Time) (time.Time, bool) {
	if h.always || len(h.rules) == 0 {
		return time.Time{}, false
	}
	y, m, d := t.In(h.loc).Date()
	for i := range maxSearchDays + 1 {
		// Noon is never skipped by a DST switch, so this steps whole days.
		dy, dm, dd := time.Date(y, m, d+i, 12, 0, 0, 0, h.loc).Date()
		var best time.Time
		for _, r := range h.rules {
			if !r.opensOn(dy, dm, dd) {
				continue
			}
			if opens, _ := r.period(dy, dm, dd); opens.After(t) && (best.IsZero() || opens.Before(best)) {
				best = opens
			}
		}
		if !best.IsZero() {
			return best, true
		}
	}
	return time.Time{}, false
}

// State returns the open state at t; Known is false for empty hours.
func (h Hours) State(t time.Time) OpenState {
	if h.Empty() {
		return OpenState{}
	}
	st := OpenState{Known: true}
	st.Open, st.Until = h.OpenAt(t)
	if !st.Open {
		st.Next, _ = h.NextOpening(t)
	}
	return st
}

// rule is one compiled schedule. The recurrence only decides on which
// dates it opens; the opening and closing instants are rebuilt from the
// date and the wall-clock times with time.Date in loc, so they stay at the
// same local time across DST switches whatever the recurrence library does.
// The dates are expanded once per calendar year, on first use.
type rule struct {
	sp  spec
	loc *time.Location
	rr  *rrule.RRule

	mu    sync.Mutex
	years map[int]*yearDays
}

// yearDays has bit n set when the rule opens on day n of the year (1-based).
type yearDays [6]uint64

func (yd *yearDays) set(n int)      { yd[n/64] |= 1 << (n % 64) }
func (yd *yearDays) has(n int) bool { return yd[n/64]&(1<<(n%64)) != 0 }

func newRule(sp spec, loc *time.Location) (*rule, error) {
	if sp.holidaysOnly {
		return &rule{sp: sp, loc: loc, years: map[int]*yearDays{}}, nil
	}
	y, m, d := sp.dtstart.Date()
	rr, err := rrule.NewRRule(rrule.ROption{
		Freq:       sp.freq,
		Interval:   sp.interval,
		Wkst:       rrule.MO,
		Byweekday:  sp.byDay,
		Bymonthday: sp.byMonthDay,
		Dtstart:    time.Date(y, m, d, sp.opens/60, sp.opens%60, 0, 0, loc),
	})
	if err != nil {
		return nil, fmt.Errorf("recurrence rule: %w", err)
	}
	return &rule{sp: sp, loc: loc, rr: rr, years: map[int]*yearDays{}}, nil
}

// opensOn reports whether the rule has an opening period on the date.
func (r *rule) opensOn(y int, m time.Month, d int) bool {
	if dd := dayOf(y, m, d); dd < r.sp.first || dd > r.sp.last {
		return false
	}
	return r.year(y).has(time.Date(y, m, d, 12, 0, 0, 0, time.UTC).YearDay())
}

// period returns the opening and closing instants on the date.
func (r *rule) period(y int, m time.Month, d int) (opens, closes time.Time) {
	return time.Date(y, m, d, 0, r.sp.opens, 0, 0, r.loc),
		time.Date(y, m, d, 0, r.sp.closes, 0, 0, r.loc)
}

func (r *rule) year(y int) *yearDays {
	r.mu.Lock()
	defer r.mu.Unlock()
	if yd, ok := r.years[y]; ok {
		return yd
	}
	yd := new(yearDays)
	switch {
	case int(r.sp.first)/10000 > y || y > int(r.sp.last)/10000:
		// Outside the rule's dates: never open this year.
	case r.sp.holidaysOnly:
		for _, h := range publicHolidays(y) {
			if hy, n := h.yearDay(); hy == y {
				yd.set(n)
			}
		}
	default:
		var closed []day
		if !r.sp.holidays {
			closed = publicHolidays(y)
		}
		from := time.Date(y, 1, 1, 0, 0, 0, 0, r.loc)
		to := time.Date(y+1, 1, 1, 0, 0, 0, 0, r.loc)
		for _, t := range r.rr.Between(from, to, true) {
			ty, tm, td := t.In(r.loc).Date()
			if ty != y || slices.Contains(closed, dayOf(ty, tm, td)) {
				continue
			}
			yd.set(t.In(r.loc).YearDay())
		}
	}
	r.years[y] = yd
	return yd
}

// publicHolidays returns the dates of the Dutch public holidays in year y,
// as observed (Koningsdag moves to Saturday when the 27th is a Sunday).
func publicHolidays(y int) []day {
	out := make([]day, 0, len(nl.Holidays))
	for _, h := range nl.Holidays {
		// cal computes in cal.DefaultLoc; only the date matters here.
		if _, observed := h.Calc(y); !observed.IsZero() {
			out = append(out, dayOf(observed.Date()))
		}
	}
	return out
}

// OpenState returns whether the service is open at now: open when any of
// its schedules, at any of its locations or its own, is open. Known is
// false when the service has no schedules, or before Prepare.
func (c *Catalog) OpenState(s *Service, now time.Time) OpenState {
	return c.hours[s.ID].State(now)
}
