// Package metrics is what the portal tells Prometheus: how requests go,
// whether Redis answers, what becomes of contact requests, chat messages
// and content reloads. main makes one Metrics with a registry of its own
// (never the global default) and serves it on METRICS_ADDR, a listener
// apart from the public one.
//
// Every method may be called on a nil *Metrics and then does nothing, so
// code that runs without metrics (tests, METRICS_ADDR unset) needs no
// checks. Label values come from fixed lists (route templates, status
// codes, the stores, the outcomes), never from what a visitor sends, so
// the number of series stays bounded.
package metrics

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Store names a store in Redis, for wegwijzer_redis_errors_total.
type Store string

// The stores whose Redis errors are counted.
const (
	Sessions Store = "sessions" // residents' and staff sessions
	Contact  Store = "contact"  // the contact requests' stream, the inbox and delivery
	Codes    Store = "codes"    // resume and hand-over codes, wrong codes
	Limits   Store = "limits"   // rate-limit counts
)

var stores = []Store{Sessions, Contact, Codes, Limits}

// Outcomes of a chat message (package chat names them the same).
var chatOutcomes = []string{"understood", "not_understood", "urgent"}

// Triggers of a content reload (package reload names them the same).
var reloadTriggers = []string{"signal", "button", "peer"}

// Metrics holds the portal's collectors and the registry they are in.
type Metrics struct {
	reg *prometheus.Registry

	requests *prometheus.HistogramVec // method, route, code

	redisErrors     *prometheus.CounterVec // store
	degraded        prometheus.Gauge
	degradedSeconds prometheus.Counter

	sessionsSaved       prometheus.Counter
	sessionSaveFailures prometheus.Counter

	contactAccepted    prometheus.Counter
	contactDelivered   prometheus.Counter
	contactRedelivered prometheus.Counter
	contactFailures    prometheus.Counter
	contactLag         prometheus.Histogram
	contactWaiting     prometheus.Gauge
	contactOldest      prometheus.Gauge

	chatMessages *prometheus.CounterVec // outcome
	reloads      *prometheus.CounterVec // trigger, result

	mu   sync.Mutex // guards down and seen
	down bool       // the store did not answer at the last look
	seen time.Time  // when that was
}

// New returns the portal's metrics in a registry of their own, with the
// Go runtime's and the process's collectors.
func New(version string) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "wegwijzer_http_request_duration_seconds",
			Help:    "Time to answer a request, by method, route template (not the path asked for; \"other\" when no route took it) and status code.",
			Buckets: prometheus.DefBuckets,
		}, []string{"method", "route", "code"}),
		redisErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wegwijzer_redis_errors_total",
			Help: "Calls to a store in Redis that failed (it did not answer, or answered with an error), by store.",
		}, []string{"store"}),
		degraded: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "wegwijzer_degraded",
			Help: "1 while the session store (Redis) does not answer and pages run degraded (answers cannot be kept), else 0; looked at every few seconds.",
		}),
		degradedSeconds: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "wegwijzer_degraded_seconds_total",
			Help: "Seconds spent degraded: the session store (Redis) did not answer.",
		}),
		sessionsSaved: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "wegwijzer_sessions_saved_total",
			Help: "Residents' sessions saved to the session store.",
		}),
		sessionSaveFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "wegwijzer_session_save_failures_total",
			Help: "Residents' sessions that could not be saved (the store did not answer).",
		}),
		contactAccepted: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "wegwijzer_contact_requests_accepted_total",
			Help: "Contact requests stored: the resident was given a reference.",
		}),
		contactDelivered: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "wegwijzer_contact_requests_delivered_total",
			Help: "Contact requests every sink (the log, the webhook) took.",
		}),
		contactRedelivered: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "wegwijzer_contact_requests_redelivered_total",
			Help: "Contact requests delivered only after more than one attempt.",
		}),
		contactFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "wegwijzer_contact_delivery_failures_total",
			Help: "Attempts to deliver a contact request that a sink refused; the request is tried again.",
		}),
		contactLag: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "wegwijzer_contact_delivery_lag_seconds",
			Help:    "Time from storing a contact request to its delivery to every sink.",
			Buckets: []float64{0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 4 * 3600},
		}),
		contactWaiting: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "wegwijzer_contact_requests_waiting",
			Help: "Contact requests stored but not yet delivered (pending or unread in the consumer group); with Redis only.",
		}),
		contactOldest: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "wegwijzer_contact_oldest_waiting_seconds",
			Help: "How long the oldest contact request not yet delivered has waited, 0 when none waits; with Redis only.",
		}),
		chatMessages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wegwijzer_chat_messages_total",
			Help: "Messages residents typed to the chat assistant, by outcome: understood, not_understood or urgent (crisis help shown).",
		}, []string{"outcome"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wegwijzer_content_reloads_total",
			Help: "Content reloads on this instance, by trigger (signal, button, peer) and result (ok, failed).",
		}, []string{"trigger", "result"}),
	}
	build := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "wegwijzer_build_info",
		Help:        "Always 1; the version label is the portal's version.",
		ConstLabels: prometheus.Labels{"version": version},
	})
	build.Set(1)
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		build, m.requests, m.redisErrors, m.degraded, m.degradedSeconds,
		m.sessionsSaved, m.sessionSaveFailures,
		m.contactAccepted, m.contactDelivered, m.contactRedelivered, m.contactFailures,
		m.contactLag, m.contactWaiting, m.contactOldest,
		m.chatMessages, m.reloads,
	)
	// The series of every known label value exist from the start, at 0,
	// so a rate or an alert has something to read before the first event.
	for _, s := range stores {
		m.redisErrors.WithLabelValues(string(s))
	}
	for _, o := range chatOutcomes {
		m.chatMessages.WithLabelValues(o)
	}
	for _, t := range reloadTriggers {
		m.reloads.WithLabelValues(t, "ok")
		m.reloads.WithLabelValues(t, "failed")
	}
	return m
}

// Gatherer is the registry, for tests and tools that read it directly.
func (m *Metrics) Gatherer() prometheus.Gatherer { return m.reg }

// Handler serves the metrics in Prometheus's text exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Request records a request answered: method, the route's template
// (never the path asked for), the status code and how long it took.
func (m *Metrics) Request(method, route string, code int, took time.Duration) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(method, route, strconv.Itoa(code)).Observe(took.Seconds())
}

// RedisError counts a call to store that failed.
func (m *Metrics) RedisError(store Store) {
	if m == nil {
		return
	}
	m.redisErrors.WithLabelValues(string(store)).Inc()
}

// SessionSaved counts a resident's session saved, or, when err is not
// nil, one that could not be (a Redis error of the session store too).
func (m *Metrics) SessionSaved(err error) {
	if m == nil {
		return
	}
	if err != nil {
		m.sessionSaveFailures.Inc()
		m.RedisError(Sessions)
		return
	}
	m.sessionsSaved.Inc()
}

// ContactAccepted counts a contact request stored.
func (m *Metrics) ContactAccepted() {
	if m == nil {
		return
	}
	m.contactAccepted.Inc()
}

// ContactDelivered counts a contact request every sink took, lag after
// it was stored, at the attempts-th attempt.
func (m *Metrics) ContactDelivered(lag time.Duration, attempts int) {
	if m == nil {
		return
	}
	m.contactDelivered.Inc()
	m.contactLag.Observe(max(lag, 0).Seconds())
	if attempts > 1 {
		m.contactRedelivered.Inc()
	}
}

// ContactDeliveryFailed counts an attempt a sink refused.
func (m *Metrics) ContactDeliveryFailed() {
	if m == nil {
		return
	}
	m.contactFailures.Inc()
}

// ContactBacklog sets how many contact requests wait to be delivered and
// how long the oldest of them has waited.
func (m *Metrics) ContactBacklog(waiting int64, oldest time.Duration) {
	if m == nil {
		return
	}
	m.contactWaiting.Set(float64(waiting))
	m.contactOldest.Set(max(oldest, 0).Seconds())
}

// ChatMessage counts a typed message by what the assistant made of it:
// "understood", "not_understood" or "urgent". "" (a message refused, or
// a quick reply) is not counted.
func (m *Metrics) ChatMessage(outcome string) {
	if m == nil || outcome == "" {
		return
	}
	m.chatMessages.WithLabelValues(outcome).Inc()
}

// ContentReload counts a reload by its trigger ("signal", "button",
// "peer") and whether the new content is in place.
func (m *Metrics) ContentReload(trigger string, ok bool) {
	if m == nil {
		return
	}
	result := "ok"
	if !ok {
		result = "failed"
	}
	m.reloads.WithLabelValues(trigger, result).Inc()
}

// WatchStore asks ping (the session store's) every interval whether the
// store answers, until ctx ends, and keeps wegwijzer_degraded and
// wegwijzer_degraded_seconds_total up to date: the time between two
// looks counts as degraded when the first found the store down. Pages
// degrade on their own while it is; this only measures it.
func (m *Metrics) WatchStore(ctx context.Context, every time.Duration, ping func(context.Context) error) {
	if m == nil {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		pctx, cancel := context.WithTimeout(ctx, every)
		err := ping(pctx)
		cancel()
		if ctx.Err() != nil {
			return
		}
		m.storeAnswered(err == nil, time.Now())
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// storeAnswered records one look at the session store at now.
func (m *Metrics) storeAnswered(up bool, now time.Time) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down {
		m.degradedSeconds.Add(max(now.Sub(m.seen), 0).Seconds())
	}
	m.down, m.seen = !up, now
	if m.down {
		m.degraded.Set(1)
	} else {
		m.degraded.Set(0)
	}
}
