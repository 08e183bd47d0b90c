package catalog

import (
	"fmt"
	"math"
	"strconv"
)

// ParseColor parses a colour written #rrggbb into its red, green and blue
// parts (0-255).
func ParseColor(s string) (r, g, b uint8, err error) {
	if len(s) != 7 || s[0] != '#' {
		return 0, 0, 0, fmt.Errorf("catalog: colour %q: want #rrggbb, like #0b5394", s)
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("catalog: colour %q: want #rrggbb, like #0b5394", s)
	}
	return uint8(v >> 16), uint8(v >> 8), uint8(v), nil
}

// Contrast is the WCAG 2 contrast ratio of two colours written #rrggbb,
// from 1 (the same) to 21 (black on white). Text needs 4.5 to meet AA.
func Contrast(a, b string) (float64, error) {
	la, err := luminance(a)
	if err != nil {
		return 0, err
	}
	lb, err := luminance(b)
	if err != nil {
		return 0, err
	}
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05), nil
}

// luminance is a colour's relative luminance as WCAG 2 defines it.
func luminance(s string) (float64, error) {
	r, g, b, err := ParseColor(s)
	if err != nil {
		return 0, err
	}
	lin := func(c uint8) float64 {
		v := float64(c) / 255
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b), nil
}
