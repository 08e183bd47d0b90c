package catalog

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrPostcode is returned, wrapped, for text that is not a Dutch postcode.
var ErrPostcode = errors.New("not a Dutch postcode like 1234 AB")

// Postcode is a Dutch postcode: four digits (1000-9999) and, optionally,
// two letters.
type Postcode struct {
	Digits  int
	Letters string // "" when only the digits are known
}

// String returns the postcode written the usual way: "1234 AB" or "1234".
func (p Postcode) String() string {
	if p.Letters == "" {
		return strconv.Itoa(p.Digits)
	}
	return strconv.Itoa(p.Digits) + " " + p.Letters
}

// ParsePostcode parses "1234AB", "1234 ab", " 1234  AB " or just "1234".
// The first digit is never 0 and PostNL does not use the letters SA, SD
// and SS. The input is left out of the error: a postcode is personal data.
func ParsePostcode(s string) (Postcode, error) {
	s = strings.TrimSpace(s)
	if len(s) < 4 || !allDigits(s[:4]) || s[0] == '0' {
		return Postcode{}, fmt.Errorf("catalog: parse postcode: %w", ErrPostcode)
	}
	digits, _ := strconv.Atoi(s[:4])
	letters := strings.ToUpper(strings.TrimLeft(s[4:], " "))
	if letters == "" {
		return Postcode{Digits: digits}, nil
	}
	if len(letters) != 2 || !isLetter(letters[0]) || !isLetter(letters[1]) ||
		letters == "SA" || letters == "SD" || letters == "SS" {
		return Postcode{}, fmt.Errorf("catalog: parse postcode: %w", ErrPostcode)
	}
	return Postcode{Digits: digits, Letters: letters}, nil
}

func isLetter(b byte) bool { return 'A' <= b && b <= 'Z' }

// ParseRange parses a range of postcode digits as used in Place.Postcodes:
// "9901-9909", or "9910" for a single one.
func ParseRange(s string) (lo, hi int, err error) {
	lo, hi, err = parseRange(s)
	if err != nil {
		return 0, 0, fmt.Errorf("catalog: %w", err)
	}
	return lo, hi, nil
}

func parseRange(s string) (lo, hi int, err error) {
	a, b, isRange := strings.Cut(s, "-")
	lo, okLo := postcodeDigits(a)
	hi, okHi := lo, true
	if isRange {
		hi, okHi = postcodeDigits(b)
	}
	if !okLo || !okHi {
		return 0, 0, fmt.Errorf("postcode range %q: want four digits like 9901, or a range like 9901-9909", s)
	}
	if lo > hi {
		return 0, 0, fmt.Errorf("postcode range %q: %d comes after %d", s, lo, hi)
	}
	return lo, hi, nil
}

// postcodeDigits parses the four digits of a postcode.
func postcodeDigits(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if len(s) != 4 || !allDigits(s) || s[0] == '0' {
		return 0, false
	}
	n, _ := strconv.Atoi(s)
	return n, true
}

// postcodeRange maps a range of postcode digits to a place.
type postcodeRange struct {
	lo, hi int
	place  *Place
}

// PlaceForPostcode returns the place whose postcode ranges hold p, or nil.
// When ranges overlap, the place listed first wins. It needs Prepare.
func (c *Catalog) PlaceForPostcode(p Postcode) *Place {
	for _, r := range c.postcodeRanges {
		if r.lo <= p.Digits && p.Digits <= r.hi {
			return r.place
		}
	}
	return nil
}
