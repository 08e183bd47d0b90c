// Package codes keeps short codes that people read out over the phone or
// type from a screen: a carer's resume code, the desk's hand-over code.
// A code maps to a small value for a limited time. Codes use an alphabet
// without the characters people confuse (0/O, 1/I/L), are drawn from
// crypto/rand, and are stored with SET NX so two never collide.
//
// A code's length follows its life. A code that lives a day or less (the
// desk's hand-over code: ten minutes, one use) has Short characters; one
// that lives longer (the resume code: RESUME_CODE_TTL, a week by default)
// has Long, since guessers have that much longer to find it: 31^8 is
// almost 1,000 times 31^6. Codes are shown in two halves ("K7M 4PX",
// "K7M4 PX9Q"). Look-ups take either length, so the six-character resume
// codes made before codes got longer work until they expire.
//
// A store also counts the codes typed that matched nothing, per hour over
// everyone who shares it (see Store.Wrong), so that guessing from many
// addresses, which no limit per address stops, shows in the logs.
package codes

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Alphabet is the characters of a code: digits and capitals without 0, 1,
// I, L and O. Six of them give 31^6, almost 900 million codes; eight give
// 31^8, about 850 billion.
const Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// The lengths of codes: Short for a code that lives at most LongAfter,
// Long for one that lives longer.
const (
	Short     = 6
	Long      = 8
	LongAfter = 24 * time.Hour
)

// ErrNotFound: no live code like this (never made, expired, or used).
var ErrNotFound = errors.New("codes: not found")

// Store keeps values under short codes.
type Store interface {
	// Put stores value under a new code, expiring after ttl.
	Put(ctx context.Context, value []byte, ttl time.Duration) (string, error)
	// Get returns the value of a live code.
	Get(ctx context.Context, code string) ([]byte, error)
	// Take returns the value and removes the code in one step, so a code
	// meant for one use works once, even with two tries at the same time.
	Take(ctx context.Context, code string) ([]byte, error)
	// Wrong counts a code typed that matched nothing, in the hour (UTC)
	// of now, and returns the count of that hour so far: over every
	// instance for a Redis store (all stores of one client share it), in
	// this process for a memory one.
	Wrong(ctx context.Context, now time.Time) (int64, error)
}

// Normalize turns what a person typed ("k7m-4px", "K7M4 PX9Q") into a
// code of Short or Long characters, reporting false when it cannot be one.
func Normalize(s string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == ' ' || r == '-' || r == '.' || r == '\u00a0':
			continue
		case strings.ContainsRune(Alphabet, r):
			b.WriteRune(r)
		default:
			return "", false
		}
	}
	if b.Len() != Short && b.Len() != Long {
		return "", false
	}
	return b.String(), true
}

// Format splits a code in two halves for reading out: "K7M 4PX",
// "K7M4 PX9Q". Two even groups are easier to read out and to check than
// groups of three with two left over ("K7M 4PX 9Q").
func Format(code string) string {
	if len(code) < 4 || len(code)%2 != 0 {
		return code
	}
	return code[:len(code)/2] + " " + code[len(code)/2:]
}

// valid reports whether code is a code of length n or Long, as made by a
// store of codes of length n.
func valid(code string, n int) bool {
	if len(code) != n && len(code) != Long {
		return false
	}
	for _, r := range code {
		if !strings.ContainsRune(Alphabet, r) {
			return false
		}
	}
	return true
}

// length is the length of a code that lives ttl, in a store that makes
// codes of length n for a day or less.
func length(n int, ttl time.Duration) int {
	if ttl > LongAfter {
		return Long
	}
	return n
}

// WrongKeyPrefix is the start of the Redis keys that count wrong codes:
// one key per hour, wz:codes:wrong:2026112409 (UTC).
const WrongKeyPrefix = "wz:codes:wrong:"

// wrongKeep is how long an hour's count is kept: past the hour's end, so
// an hour is never counted afresh while it lasts.
const wrongKeep = 2 * time.Hour

func hourOf(now time.Time) string { return now.UTC().Format("2006010215") }

// newCode draws a random code of length n.
func newCode(n int) (string, error) {
	max := big.NewInt(int64(len(Alphabet)))
	b := make([]byte, n)
	for i := range b {
		k, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", fmt.Errorf("codes: random: %w", err)
		}
		b[i] = Alphabet[k.Int64()]
	}
	return string(b), nil
}

// putTries is how often Put draws a new code when the one drawn is taken.
const putTries = 8

// errTaken: the drawn code is in use; Put draws another.
var errTaken = errors.New("codes: taken")

func put(n int, try func(code string) error) (string, error) {
	for range putTries {
		code, err := newCode(n)
		if err != nil {
			return "", err
		}
		switch err := try(code); {
		case err == nil:
			return code, nil
		case !errors.Is(err, errTaken):
			return "", err
		}
	}
	return "", errors.New("codes: no free code found")
}

// Redis keeps codes as keys under a prefix, e.g. "wz:rc:".
type Redis struct {
	client redis.UniversalClient
	prefix string
	n      int
}

var _ Store = (*Redis)(nil)

// NewRedis returns a Store of codes under prefix: n characters (Short)
// for a code that lives a day or less, Long for one that lives longer.
func NewRedis(client redis.UniversalClient, prefix string, n int) *Redis {
	return &Redis{client: client, prefix: prefix, n: n}
}

// Put implements Store.
func (s *Redis) Put(ctx context.Context, value []byte, ttl time.Duration) (string, error) {
	return put(length(s.n, ttl), func(code string) error {
		ok, err := s.client.SetNX(ctx, s.prefix+code, value, ttl).Result()
		switch {
		case err != nil:
			return fmt.Errorf("codes: put: %w", err)
		case !ok:
			return errTaken
		}
		return nil
	})
}

// Get implements Store.
func (s *Redis) Get(ctx context.Context, code string) ([]byte, error) {
	return s.result(s.client.Get(ctx, s.prefix+code), code)
}

// Take implements Store with GETDEL.
func (s *Redis) Take(ctx context.Context, code string) ([]byte, error) {
	return s.result(s.client.GetDel(ctx, s.prefix+code), code)
}

func (s *Redis) result(cmd *redis.StringCmd, code string) ([]byte, error) {
	if !valid(code, s.n) {
		return nil, ErrNotFound
	}
	b, err := cmd.Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("codes: %w", err)
	}
	return b, nil
}

// Wrong implements Store: INCR and EXPIRE on the hour's key, in one
// round trip.
func (s *Redis) Wrong(ctx context.Context, now time.Time) (int64, error) {
	key := WrongKeyPrefix + hourOf(now)
	var incr *redis.IntCmd
	_, err := s.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		incr = p.Incr(ctx, key)
		p.Expire(ctx, key, wrongKeep)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("codes: count wrong: %w", err)
	}
	return incr.Val(), nil
}

// Memory keeps codes in process memory, for running without Redis.
type Memory struct {
	mu      sync.Mutex
	n       int
	entries map[string]entry
	now     func() time.Time
	// wrongHour and wrong count the wrong codes of one hour.
	wrongHour string
	wrong     int64
}

type entry struct {
	value   []byte
	expires time.Time
}

var _ Store = (*Memory)(nil)

// NewMemory returns a Store of codes in memory: n characters (Short) for a
// code that lives a day or less, Long for one that lives longer.
func NewMemory(n int) *Memory {
	return &Memory{n: n, entries: map[string]entry{}, now: time.Now}
}

// Put implements Store; it also drops the expired codes.
func (m *Memory) Put(_ context.Context, value []byte, ttl time.Duration) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	for k, e := range m.entries {
		if !now.Before(e.expires) {
			delete(m.entries, k)
		}
	}
	return put(length(m.n, ttl), func(code string) error {
		if _, ok := m.entries[code]; ok {
			return errTaken
		}
		m.entries[code] = entry{value: append([]byte(nil), value...), expires: now.Add(ttl)}
		return nil
	})
}

// Get implements Store.
func (m *Memory) Get(_ context.Context, code string) ([]byte, error) {
	return m.get(code, false)
}

// Take implements Store.
func (m *Memory) Take(_ context.Context, code string) ([]byte, error) {
	return m.get(code, true)
}

func (m *Memory) get(code string, take bool) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[code]
	if !ok || !m.now().Before(e.expires) {
		delete(m.entries, code)
		return nil, ErrNotFound
	}
	if take {
		delete(m.entries, code)
	}
	return append([]byte(nil), e.value...), nil
}

// Wrong implements Store.
func (m *Memory) Wrong(_ context.Context, now time.Time) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if h := hourOf(now); h != m.wrongHour {
		m.wrongHour, m.wrong = h, 0
	}
	m.wrong++
	return m.wrong, nil
}
