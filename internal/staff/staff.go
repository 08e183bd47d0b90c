// Package staff knows the municipality's staff accounts: who may sign in
// to the desk view and the inbox of contact requests.
//
// Accounts live in a file in the htpasswd format with bcrypt hashes, one
// "name:hash" per line, so a municipality can manage it with the tools it
// has (`htpasswd -B`) or with `wegwijzer hash-password`. Passwords are
// never stored or logged, only compared against their hash.
package staff

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"

	"golang.org/x/crypto/bcrypt"
)

// Cost is the bcrypt cost of new hashes; MinCost is the lowest accepted
// in the accounts file. Each step doubles the work of a guess.
const (
	Cost    = 12
	MinCost = 10
)

// MaxPasswordLen is bcrypt's limit: it ignores anything after 72 bytes,
// so longer passwords are refused rather than silently cut.
const MaxPasswordLen = 72

// Accounts are the staff who may sign in, by name.
type Accounts struct {
	hashes map[string][]byte
	// dummy is compared against when a name is unknown, so a wrong name
	// takes as long as a wrong password and names cannot be found by
	// timing. It has the highest cost of the accounts' hashes.
	dummy []byte
}

// NormalizeName is how names are compared: trimmed and in lower case.
func NormalizeName(name string) string {
	name = strings.ToLower(strings.TrimSpace(name))
	if len(name) > 256 {
		name = name[:256] // longer than any valid name; keeps limiter keys short
	}
	return name
}

// ValidName: letters, digits and . _ @ -, at most 64 characters, so a
// name is safe to show and to log.
func ValidName(name string) bool {
	if name == "" || len(name) > 64 {
		return false
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("._@-", r) {
			return false
		}
	}
	return true
}

// Load reads an accounts file.
func Load(path string) (*Accounts, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("staff accounts: %w", err)
	}
	defer f.Close()
	a, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("staff accounts: %s: %w", path, err)
	}
	return a, nil
}

// Parse reads accounts in the htpasswd format: "name:bcrypt-hash" per
// line; empty lines and lines starting with # are skipped. Every problem
// is reported with its line number.
func Parse(r io.Reader) (*Accounts, error) {
	a := &Accounts{hashes: map[string][]byte{}}
	var errs []error
	maxCost := 0
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, hash, ok := strings.Cut(line, ":")
		name = NormalizeName(name)
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("line %d: want name:hash", n))
			continue
		case !ValidName(name):
			errs = append(errs, fmt.Errorf("line %d: name %q: use letters, digits and . _ @ - (at most 64)", n, name))
			continue
		}
		cost, err := bcrypt.Cost([]byte(hash))
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("line %d (%s): not a bcrypt hash; make one with `wegwijzer hash-password` or `htpasswd -nB %s`", n, name, name))
			continue
		case cost < MinCost:
			errs = append(errs, fmt.Errorf("line %d (%s): bcrypt cost %d is too low, want at least %d", n, name, cost, MinCost))
			continue
		}
		if _, dup := a.hashes[name]; dup {
			errs = append(errs, fmt.Errorf("line %d: %s appears twice", n, name))
			continue
		}
		a.hashes[name] = []byte(hash)
		maxCost = max(maxCost, cost)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, err)
	}
	if len(errs) == 0 && len(a.hashes) == 0 {
		errs = append(errs, errors.New("no accounts"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	var err error
	if a.dummy, err = bcrypt.GenerateFromPassword([]byte("no such account"), maxCost); err != nil {
		return nil, err
	}
	return a, nil
}

// Len is the number of accounts.
func (a *Accounts) Len() int {
	if a == nil {
		return 0
	}
	return len(a.hashes)
}

// Verify reports whether password belongs to name, and returns the name
// as it is known. It takes the same time for unknown names.
func (a *Accounts) Verify(name, password string) (string, bool) {
	name = NormalizeName(name)
	if a == nil {
		return "", false
	}
	hash, ok := a.hashes[name]
	if !ok {
		hash = a.dummy
	}
	if len(password) > MaxPasswordLen {
		password = password[:MaxPasswordLen]
		ok = false
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil || !ok {
		return "", false
	}
	return name, true
}

// Hash returns a bcrypt hash of password for the accounts file.
func Hash(password string) (string, error) {
	switch {
	case len(password) < 12:
		return "", errors.New("a password needs at least 12 characters")
	case len(password) > MaxPasswordLen:
		return "", fmt.Errorf("a password can have at most %d bytes", MaxPasswordLen)
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), Cost)
	if err != nil {
		return "", err
	}
	return string(h), nil
}
