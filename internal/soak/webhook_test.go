package soak

import (
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/wegwijzer/wegwijzer/internal/contact"
)

// failEvery: the webhook refuses every failEvery-th call with 503, so the
// portals' retries are exercised all through the run.
const failEvery = 7

// webhook is the municipality's receiver of contact requests. It checks
// each body's signature, counts deliveries per reference, and now and then
// refuses a call: every failEvery-th, and every call while an outage set
// by failFor lasts.
type webhook struct {
	secret []byte

	mu            sync.Mutex
	calls         int
	outageUntil   time.Time
	refusedOutage int
	refusedEvery  int
	badSignature  int
	badBody       int
	delivered     map[string]int // ref → deliveries answered 2xx
}

func newWebhook(secret string) *webhook {
	return &webhook{secret: []byte(secret), delivered: map[string]int{}}
}

// failFor refuses every call for d from now.
func (h *webhook) failFor(d time.Duration) {
	h.mu.Lock()
	h.outageUntil = time.Now().Add(d)
	h.mu.Unlock()
}

func (h *webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls++
	if r.Header.Get(contact.SignatureHeader) != contact.Sign(h.secret, body) {
		h.badSignature++
		http.Error(w, "bad signature", http.StatusForbidden)
		return
	}
	var req struct {
		Ref string `json:"ref"`
	}
	if err != nil || json.Unmarshal(body, &req) != nil || req.Ref == "" {
		h.badBody++
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	switch {
	case time.Now().Before(h.outageUntil):
		h.refusedOutage++
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
		return
	case h.calls%failEvery == 0:
		h.refusedEvery++
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	h.delivered[req.Ref]++
	w.WriteHeader(http.StatusNoContent)
}

// missing returns the refs of want that have not been delivered.
func (h *webhook) missing(want []string) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, ref := range want {
		if h.delivered[ref] == 0 {
			out = append(out, ref)
		}
	}
	return out
}

// webhookFigures is what the receiver saw.
type webhookFigures struct {
	Calls, RefusedOutage, RefusedEvery, BadSignature, BadBody int
	Refs, Deliveries, Redeliveries                            int
	delivered                                                 map[string]int
}

func (h *webhook) figures() webhookFigures {
	h.mu.Lock()
	defer h.mu.Unlock()
	f := webhookFigures{Calls: h.calls, RefusedOutage: h.refusedOutage, RefusedEvery: h.refusedEvery,
		BadSignature: h.badSignature, BadBody: h.badBody, Refs: len(h.delivered), delivered: map[string]int{}}
	for ref, n := range h.delivered {
		f.Deliveries += n
		f.Redeliveries += n - 1
		f.delivered[ref] = n
	}
	return f
}
