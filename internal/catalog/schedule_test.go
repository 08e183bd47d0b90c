package catalog

import (
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // the tests must not depend on the machine's zoneinfo
)

func amsterdam(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// local parses "2026-03-30 09:00" as Amsterdam wall-clock time.
func local(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.ParseInLocation("2006-01-02 15:04", s, amsterdam(t))
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// utc parses "2026-03-30 07:00" as UTC.
func utc(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func mustCompile(t *testing.T, ss ...Schedule) Hours {
	t.Helper()
	h, err := Compile(ss, amsterdam(t))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

var (
	weekdays9to17 = Schedule{Freq: "WEEKLY", ByDay: "MO,TU,WE,TH,FR", OpensAt: "09:00", ClosesAt: "17:00"}
	mondays9to12  = Schedule{Freq: "WEEKLY", ByDay: "MO", OpensAt: "09:00", ClosesAt: "12:00"}
	sundays10to12 = Schedule{Freq: "WEEKLY", ByDay: "SU", OpensAt: "10:00", ClosesAt: "12:00"}
	firstWed      = Schedule{Freq: "MONTHLY", ByDay: "1WE", OpensAt: "09:00", ClosesAt: "11:00"}
)

func TestScheduleCheck(t *testing.T) {
	tests := []struct {
		name    string
		s       Schedule
		wantErr string // "" for valid
	}{
		{"weekly", weekdays9to17, ""},
		{"monthly ordinal", Schedule{Freq: "MONTHLY", ByDay: "1TU,-1FR", OpensAt: "09:00", ClosesAt: "12:30"}, ""},
		{"monthly day of month", Schedule{Freq: "MONTHLY", ByMonthDay: "1, 15,-1", OpensAt: "9:00", ClosesAt: "24:00"}, ""},
		{"lower case", Schedule{Freq: "weekly", ByDay: "mo,we", OpensAt: "09:00", ClosesAt: "12:00"}, ""},
		{"bounded", Schedule{Freq: "WEEKLY", ByDay: "MO", OpensAt: "09:00", ClosesAt: "12:00", DTStart: "2026-01-05", Until: "2026-12-31", ValidFrom: "2026-02-01", ValidTo: "2026-06-30"}, ""},
		{"always open ignores the rest", Schedule{AlwaysOpen: true, Freq: "DAILY"}, ""},
		{"no freq", Schedule{ByDay: "MO", OpensAt: "09:00", ClosesAt: "12:00"}, "freq is missing"},
		{"daily", Schedule{Freq: "DAILY", OpensAt: "09:00", ClosesAt: "12:00"}, `freq "DAILY" is not WEEKLY or MONTHLY`},
		{"dot in time", Schedule{Freq: "WEEKLY", ByDay: "MO", OpensAt: "9.00", ClosesAt: "12:00"}, `opens_at "9.00" is not a time like 09:00`},
		{"hour 25", Schedule{Freq: "WEEKLY", ByDay: "MO", OpensAt: "09:00", ClosesAt: "25:00"}, `closes_at "25:00" is not a time like 09:00`},
		{"opens at 24:00", Schedule{Freq: "WEEKLY", ByDay: "MO", OpensAt: "24:00", ClosesAt: "24:00"}, `opens_at "24:00" is not a time`},
		{"minute 60", Schedule{Freq: "WEEKLY", ByDay: "MO", OpensAt: "09:60", ClosesAt: "12:00"}, `opens_at "09:60"`},
		{"missing closes", Schedule{Freq: "WEEKLY", ByDay: "MO", OpensAt: "09:00"}, "closes_at is missing"},
		{"closes before opens", Schedule{Freq: "WEEKLY", ByDay: "MO", OpensAt: "17:00", ClosesAt: "09:00"}, "opens_at 17:00 is not before closes_at 09:00"},
		{"bad day", Schedule{Freq: "WEEKLY", ByDay: "MA", OpensAt: "09:00", ClosesAt: "12:00"}, `byday "MA" is not a day like MO`},
		{"ordinal with weekly", Schedule{Freq: "WEEKLY", ByDay: "1TU", OpensAt: "09:00", ClosesAt: "12:00"}, `byday "1TU": a number before the day (1TU, -1FR) needs freq MONTHLY`},
		{"ordinal 6", Schedule{Freq: "MONTHLY", ByDay: "6TU", OpensAt: "09:00", ClosesAt: "12:00"}, `byday "6TU": the number before the day must be 1 to 5`},
		{"ordinal 0", Schedule{Freq: "MONTHLY", ByDay: "0TU", OpensAt: "09:00", ClosesAt: "12:00"}, `byday "0TU"`},
		{"weekly without byday", Schedule{Freq: "WEEKLY", OpensAt: "09:00", ClosesAt: "12:00"}, "a WEEKLY schedule needs byday"},
		{"monthly without days", Schedule{Freq: "MONTHLY", OpensAt: "09:00", ClosesAt: "12:00"}, "a MONTHLY schedule needs byday"},
		{"monthday 32", Schedule{Freq: "MONTHLY", ByMonthDay: "32", OpensAt: "09:00", ClosesAt: "12:00"}, `bymonthday "32" is not a day of the month`},
		{"monthday 0", Schedule{Freq: "MONTHLY", ByMonthDay: "0", OpensAt: "09:00", ClosesAt: "12:00"}, `bymonthday "0"`},
		{"monthday with weekly", Schedule{Freq: "WEEKLY", ByDay: "MO", ByMonthDay: "1", OpensAt: "09:00", ClosesAt: "12:00"}, "bymonthday \"1\" needs freq MONTHLY"},
		{"negative interval", Schedule{Freq: "WEEKLY", ByDay: "MO", Interval: -1, OpensAt: "09:00", ClosesAt: "12:00"}, "interval -1 must be 1 or more"},
		{"bad dtstart", Schedule{Freq: "WEEKLY", ByDay: "MO", OpensAt: "09:00", ClosesAt: "12:00", DTStart: "1-1-2026"}, `dtstart "1-1-2026" is not a date like 2026-01-31`},
		{"bad valid_to", Schedule{Freq: "WEEKLY", ByDay: "MO", OpensAt: "09:00", ClosesAt: "12:00", ValidTo: "2026-02-30"}, `valid_to "2026-02-30" is not a date`},
		{"valid_from after valid_to", Schedule{Freq: "WEEKLY", ByDay: "MO", OpensAt: "09:00", ClosesAt: "12:00", ValidFrom: "2026-05-01", ValidTo: "2026-04-01"}, "valid_from 2026-05-01 is after valid_to 2026-04-01"},
		{"until before dtstart", Schedule{Freq: "WEEKLY", ByDay: "MO", OpensAt: "09:00", ClosesAt: "12:00", DTStart: "2026-05-01", Until: "2026-04-01"}, "dtstart 2026-05-01 is after until 2026-04-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.s.Check()
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Check() = %v, want nil", err)
			case tt.wantErr != "" && err == nil:
				t.Fatalf("Check() = nil, want %q", tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Fatalf("Check() = %q, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestCompileNamesSchedule(t *testing.T) {
	_, err := Compile([]Schedule{weekdays9to17, {Freq: "WEEKLY", ByDay: "MO", OpensAt: "9.00", ClosesAt: "12:00"}}, amsterdam(t))
	want := `catalog: compile hours: schedules[1]: opens_at "9.00" is not a time like 09:00`
	if err == nil || err.Error() != want {
		t.Fatalf("Compile() error = %v, want %s", err, want)
	}
	if _, err := Compile(nil, nil); err == nil {
		t.Fatal("Compile without a location: want an error")
	}
}

func TestHoursOpenAt(t *testing.T) {
	tests := []struct {
		name      string
		schedules []Schedule
		at        time.Time
		wantOpen  bool
		wantUntil time.Time
	}{
		{"weekday morning", []Schedule{weekdays9to17}, local(t, "2026-03-04 10:00"), true, local(t, "2026-03-04 17:00")},
		{"at opening time", []Schedule{weekdays9to17}, local(t, "2026-03-04 09:00"), true, local(t, "2026-03-04 17:00")},
		{"at closing time", []Schedule{weekdays9to17}, local(t, "2026-03-04 17:00"), false, time.Time{}},
		{"weekday early", []Schedule{weekdays9to17}, local(t, "2026-03-04 08:59"), false, time.Time{}},
		{"saturday", []Schedule{weekdays9to17}, local(t, "2026-03-07 10:00"), false, time.Time{}},
		{"first wednesday", []Schedule{firstWed}, local(t, "2026-04-01 10:00"), true, local(t, "2026-04-01 11:00")},
		{"second wednesday", []Schedule{firstWed}, local(t, "2026-04-08 10:00"), false, time.Time{}},
		{"last friday", []Schedule{{Freq: "MONTHLY", ByDay: "-1FR", OpensAt: "14:00", ClosesAt: "16:00"}}, local(t, "2026-04-24 15:00"), true, local(t, "2026-04-24 16:00")},
		{"not the last friday", []Schedule{{Freq: "MONTHLY", ByDay: "-1FR", OpensAt: "14:00", ClosesAt: "16:00"}}, local(t, "2026-04-17 15:00"), false, time.Time{}},
		{"day of month", []Schedule{{Freq: "MONTHLY", ByMonthDay: "15", OpensAt: "09:00", ClosesAt: "10:00"}}, local(t, "2026-06-15 09:30"), true, local(t, "2026-06-15 10:00")},
		{"every other week, on", []Schedule{{Freq: "WEEKLY", Interval: 2, ByDay: "MO", DTStart: "2026-03-02", OpensAt: "09:00", ClosesAt: "12:00"}}, local(t, "2026-03-16 10:00"), true, local(t, "2026-03-16 12:00")},
		{"every other week, off", []Schedule{{Freq: "WEEKLY", Interval: 2, ByDay: "MO", DTStart: "2026-03-02", OpensAt: "09:00", ClosesAt: "12:00"}}, local(t, "2026-03-09 10:00"), false, time.Time{}},
		{"back to back periods", []Schedule{mondays9to12, {Freq: "WEEKLY", ByDay: "MO", OpensAt: "12:00", ClosesAt: "17:00"}}, local(t, "2026-03-02 11:00"), true, local(t, "2026-03-02 17:00")},
		{"until midnight", []Schedule{{Freq: "WEEKLY", ByDay: "FR", OpensAt: "20:00", ClosesAt: "24:00"}}, local(t, "2026-03-06 23:30"), true, local(t, "2026-03-07 00:00")},

		// Summer time starts on Sunday 2026-03-29 and ends on Sunday
		// 2026-10-25: opening hours stay at the same wall-clock time.
		{"monday after spring switch 09:00 CEST", []Schedule{mondays9to12}, utc(t, "2026-03-30 07:00"), true, utc(t, "2026-03-30 10:00")},
		{"monday after spring switch 08:00 CEST", []Schedule{mondays9to12}, utc(t, "2026-03-30 06:30"), false, time.Time{}},
		{"monday after autumn switch 09:00 CET", []Schedule{mondays9to12}, utc(t, "2026-10-26 08:00"), true, utc(t, "2026-10-26 11:00")},
		{"monday after autumn switch 08:30 CET", []Schedule{mondays9to12}, utc(t, "2026-10-26 07:30"), false, time.Time{}},
		{"spring switch sunday 10:30 CEST", []Schedule{sundays10to12}, utc(t, "2026-03-29 08:30"), true, utc(t, "2026-03-29 10:00")},
		{"spring switch sunday 09:30 CEST", []Schedule{sundays10to12}, utc(t, "2026-03-29 07:30"), false, time.Time{}},
		{"autumn switch sunday 10:30 CET", []Schedule{sundays10to12}, utc(t, "2026-10-25 09:30"), true, utc(t, "2026-10-25 11:00")},
		{"autumn switch sunday 09:30 CET", []Schedule{sundays10to12}, utc(t, "2026-10-25 08:30"), false, time.Time{}},
		{"night across the spring switch", []Schedule{{Freq: "WEEKLY", ByDay: "SU", OpensAt: "01:00", ClosesAt: "04:00"}}, utc(t, "2026-03-29 01:30"), true, utc(t, "2026-03-29 02:00")},

		// Dutch public holidays.
		{"koningsdag", []Schedule{weekdays9to17}, local(t, "2026-04-27 10:00"), false, time.Time{}},
		{"day after koningsdag", []Schedule{weekdays9to17}, local(t, "2026-04-28 10:00"), true, local(t, "2026-04-28 17:00")},
		{"hemelvaart", []Schedule{weekdays9to17}, local(t, "2026-05-14 10:00"), false, time.Time{}},
		{"tweede kerstdag", []Schedule{{Freq: "WEEKLY", ByDay: "SA", OpensAt: "10:00", ClosesAt: "12:00"}}, local(t, "2026-12-26 11:00"), false, time.Time{}},
		{"koningsdag on a sunday moves to saturday", []Schedule{{Freq: "WEEKLY", ByDay: "SA", OpensAt: "10:00", ClosesAt: "12:00"}}, local(t, "2025-04-26 11:00"), false, time.Time{}},
		{"open on holidays", []Schedule{{Freq: "WEEKLY", ByDay: "MO", OpensAt: "09:00", ClosesAt: "17:00", OpenOnHolidays: true}}, local(t, "2026-04-27 10:00"), true, local(t, "2026-04-27 17:00")},

		{"always open", []Schedule{{AlwaysOpen: true}}, local(t, "2026-12-25 03:00"), true, time.Time{}},
		{"valid_to in the past", []Schedule{{Freq: "WEEKLY", ByDay: "MO", OpensAt: "09:00", ClosesAt: "12:00", ValidTo: "2026-01-31"}}, local(t, "2026-03-02 10:00"), false, time.Time{}},
		{"last day of valid_to", []Schedule{{Freq: "WEEKLY", ByDay: "MO", OpensAt: "09:00", ClosesAt: "12:00", ValidTo: "2026-03-02"}}, local(t, "2026-03-02 10:00"), true, local(t, "2026-03-02 12:00")},
		{"before valid_from", []Schedule{{Freq: "WEEKLY", ByDay: "MO", OpensAt: "09:00", ClosesAt: "12:00", ValidFrom: "2026-03-03"}}, local(t, "2026-03-02 10:00"), false, time.Time{}},
		{"after until", []Schedule{{Freq: "WEEKLY", ByDay: "MO", OpensAt: "09:00", ClosesAt: "12:00", Until: "2026-03-01"}}, local(t, "2026-03-02 10:00"), false, time.Time{}},
		{"no schedules", nil, local(t, "2026-03-02 10:00"), false, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := mustCompile(t, tt.schedules...)
			open, until := h.OpenAt(tt.at)
			if open != tt.wantOpen || !until.Equal(tt.wantUntil) {
				t.Fatalf("OpenAt(%v) = %v, %v; want %v, %v", tt.at, open, until, tt.wantOpen, tt.wantUntil)
			}
		})
	}
}

func TestHoursNextOpening(t *testing.T) {
	tests := []struct {
		name      string
		schedules []Schedule
		after     time.Time
		want      time.Time // zero: none
	}{
		{"across a weekend", []Schedule{weekdays9to17}, local(t, "2026-03-06 17:30"), local(t, "2026-03-09 09:00")},
		{"later today", []Schedule{weekdays9to17}, local(t, "2026-03-04 07:00"), local(t, "2026-03-04 09:00")},
		{"while open, the next period", []Schedule{weekdays9to17}, local(t, "2026-03-04 10:00"), local(t, "2026-03-05 09:00")},
		{"next first wednesday", []Schedule{firstWed}, local(t, "2026-04-02 10:00"), local(t, "2026-05-06 09:00")},
		{"over the spring switch", []Schedule{mondays9to12}, local(t, "2026-03-27 18:00"), utc(t, "2026-03-30 07:00")},
		{"over the autumn switch", []Schedule{mondays9to12}, local(t, "2026-10-23 18:00"), utc(t, "2026-10-26 08:00")},
		{"on the spring switch sunday", []Schedule{sundays10to12}, local(t, "2026-03-28 18:00"), utc(t, "2026-03-29 08:00")},
		{"on the autumn switch sunday", []Schedule{sundays10to12}, local(t, "2026-10-24 18:00"), utc(t, "2026-10-25 09:00")},
		{"skips koningsdag", []Schedule{mondays9to12}, local(t, "2026-04-21 10:00"), local(t, "2026-05-04 09:00")},
		{"skips hemelvaart", []Schedule{{Freq: "WEEKLY", ByDay: "TH", OpensAt: "09:00", ClosesAt: "12:00"}}, local(t, "2026-05-08 10:00"), local(t, "2026-05-21 09:00")},
		{"over tweede kerstdag into the new year", []Schedule{{Freq: "WEEKLY", ByDay: "SA", OpensAt: "10:00", ClosesAt: "12:00"}}, local(t, "2026-12-20 10:00"), local(t, "2027-01-02 10:00")},
		{"the earliest of two schedules", []Schedule{mondays9to12, sundays10to12}, local(t, "2026-03-07 12:00"), local(t, "2026-03-08 10:00")},
		{"from valid_from", []Schedule{{Freq: "WEEKLY", ByDay: "MO", OpensAt: "09:00", ClosesAt: "12:00", ValidFrom: "2026-06-01"}}, local(t, "2026-03-02 10:00"), local(t, "2026-06-01 09:00")},
		{"valid_to in the past", []Schedule{{Freq: "WEEKLY", ByDay: "MO", OpensAt: "09:00", ClosesAt: "12:00", ValidTo: "2026-01-31"}}, local(t, "2026-03-02 10:00"), time.Time{}},
		{"beyond the horizon", []Schedule{{Freq: "WEEKLY", ByDay: "MO", OpensAt: "09:00", ClosesAt: "12:00", ValidFrom: "2028-01-01"}}, local(t, "2026-03-02 10:00"), time.Time{}},
		{"always open", []Schedule{{AlwaysOpen: true}}, local(t, "2026-03-02 10:00"), time.Time{}},
		{"no schedules", nil, local(t, "2026-03-02 10:00"), time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := mustCompile(t, tt.schedules...)
			got, ok := h.NextOpening(tt.after)
			if ok != !tt.want.IsZero() || !got.Equal(tt.want) {
				t.Fatalf("NextOpening(%v) = %v, %v; want %v", tt.after, got, ok, tt.want)
			}
		})
	}
}

func TestHoursState(t *testing.T) {
	tests := []struct {
		name      string
		schedules []Schedule
		at        time.Time
		want      OpenState
	}{
		{"no schedules", nil, local(t, "2026-03-04 10:00"), OpenState{}},
		{"open", []Schedule{weekdays9to17}, local(t, "2026-03-04 10:00"), OpenState{Known: true, Open: true, Until: local(t, "2026-03-04 17:00")}},
		{"closed", []Schedule{weekdays9to17}, local(t, "2026-03-04 18:00"), OpenState{Known: true, Next: local(t, "2026-03-05 09:00")}},
		{"always open", []Schedule{{AlwaysOpen: true}}, local(t, "2026-03-04 03:00"), OpenState{Known: true, Open: true}},
		{"expired", []Schedule{{Freq: "WEEKLY", ByDay: "MO", OpensAt: "09:00", ClosesAt: "12:00", ValidTo: "2025-12-31"}}, local(t, "2026-03-02 10:00"), OpenState{Known: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustCompile(t, tt.schedules...).State(tt.at)
			if got.Known != tt.want.Known || got.Open != tt.want.Open || !got.Until.Equal(tt.want.Until) || !got.Next.Equal(tt.want.Next) {
				t.Fatalf("State() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestHoursConcurrent runs under -race: the per-year expansion is shared.
func TestHoursConcurrent(t *testing.T) {
	h := mustCompile(t, weekdays9to17, firstWed)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			at := local(t, "2026-01-01 10:00").AddDate(0, 0, 50*i)
			h.OpenAt(at)
			h.NextOpening(at)
		})
	}
	wg.Wait()
}

func BenchmarkHoursState(b *testing.B) {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		b.Fatal(err)
	}
	h, err := Compile([]Schedule{weekdays9to17, firstWed}, loc)
	if err != nil {
		b.Fatal(err)
	}
	at := time.Date(2026, 3, 7, 12, 0, 0, 0, loc) // Saturday: searches ahead
	for b.Loop() {
		h.State(at)
	}
}

// A GP out-of-hours service: evenings and nights on working days, and the
// whole day on public holidays.
func TestHolidaysOnly(t *testing.T) {
	h := mustCompile(t,
		Schedule{Freq: "WEEKLY", ByDay: "MO,TU,WE,TH,FR", OpensAt: "17:00", ClosesAt: "24:00", OpenOnHolidays: true},
		Schedule{HolidaysOnly: true, OpensAt: "08:00", ClosesAt: "17:00"},
	)
	for _, tc := range []struct {
		at   string
		open bool
	}{
		{"2026-05-13 10:00", false}, // the Wednesday before Hemelvaart
		{"2026-05-14 10:00", true},  // Hemelvaart, a Thursday
		{"2026-05-14 18:00", true},  // and its evening
		{"2026-12-26 12:00", true},  // Tweede Kerstdag, a Saturday
		{"2026-12-28 12:00", false}, // an ordinary Monday
	} {
		if open, _ := h.OpenAt(local(t, tc.at)); open != tc.open {
			t.Errorf("open at %s = %v, want %v", tc.at, open, tc.open)
		}
	}
	next, ok := h.NextOpening(local(t, "2026-05-13 12:00"))
	if !ok || !next.Equal(local(t, "2026-05-13 17:00")) {
		t.Errorf("next opening = %v, want the Wednesday evening", next)
	}
	if err := (Schedule{HolidaysOnly: true, Freq: "WEEKLY", ByDay: "MO", OpensAt: "08:00", ClosesAt: "17:00"}).Check(); err == nil {
		t.Error("holidays_only with a recurrence accepted")
	}
}
