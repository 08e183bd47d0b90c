package contact

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"
)

// Sink is a place a stored request is handed to, e.g. a log or a
// municipality's case system.
type Sink interface {
	// Name identifies the sink in logs.
	Name() string
	// Deliver hands r over. It is retried by the Dispatcher on error, so
	// a receiver may see the same request (same Ref) more than once.
	Deliver(ctx context.Context, r Request) error
}

// NewLogSink returns a Sink that records that a request came in. It logs
// only ref, lang, topics, who and created_at: never name, phone, email,
// description, answers or place, which are personal data.
func NewLogSink(log *slog.Logger) Sink {
	return logSink{log: log}
}

type logSink struct{ log *slog.Logger }

func (logSink) Name() string { return "log" }

func (s logSink) Deliver(ctx context.Context, r Request) error {
	s.log.LogAttrs(ctx, slog.LevelInfo, "contact request received",
		slog.String("ref", r.Ref),
		slog.String("lang", r.Lang),
		slog.Any("topics", r.Topics),
		slog.String("who", r.Who),
		slog.Time("created_at", r.CreatedAt),
	)
	return nil
}

// SignatureHeader carries the webhook body's HMAC, see NewWebhookSink.
const SignatureHeader = "X-Wegwijzer-Signature"

// webhookTimeout bounds one delivery when no client is given.
const webhookTimeout = 10 * time.Second

// NewWebhookSink returns a Sink that POSTs each request as JSON to url.
// When secret is not empty, the SignatureHeader is set to
// "sha256=<hex HMAC-SHA256 of the body with secret>", so the receiver can
// check the sender. A response outside 2xx is an error. A nil client means
// one with a 10 s timeout.
func NewWebhookSink(url, secret string, client *http.Client) Sink {
	if client == nil {
		client = &http.Client{Timeout: webhookTimeout}
	}
	return &webhookSink{url: url, secret: []byte(secret), client: client}
}

type webhookSink struct {
	url    string
	secret []byte
	client *http.Client
}

func (*webhookSink) Name() string { return "webhook" }

func (s *webhookSink) Deliver(ctx context.Context, r Request) error {
	body, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("contact: webhook: encode: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("contact: webhook: new request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "wegwijzer")
	if len(s.secret) > 0 {
		req.Header.Set(SignatureHeader, Sign(s.secret, body))
	}
	resp, err := s.client.Do(req)
	if err != nil {
		// *url.Error repeats the URL, which may hold a token; keep it
		// out of error messages and so out of logs.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("contact: webhook: post: %w", err)
	}
	defer resp.Body.Close()
	// Reading a little of the body lets the connection be reused.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("contact: webhook: status %d", resp.StatusCode)
	}
	return nil
}

// Sign returns the SignatureHeader value for body: "sha256=" and the hex
// HMAC-SHA256 of body with secret. Receivers should compare with
// hmac.Equal.
func Sign(secret, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// NewMunicipalSink returns a Sink that hands each request to the sink of
// its municipality (Request.Municipality, by id in byID), or to fallback
// when that municipality has none; a request with neither is delivered
// to nobody, which is no error. Its name is fallback's or that of the
// sinks in byID ("webhook"), so a request's delivery record does not
// depend on which one took it.
func NewMunicipalSink(byID map[string]Sink, fallback Sink) Sink {
	name := "webhook"
	if fallback != nil {
		name = fallback.Name()
	}
	return &municipalSink{name: name, byID: byID, fallback: fallback}
}

type municipalSink struct {
	name     string
	byID     map[string]Sink
	fallback Sink
}

func (s *municipalSink) Name() string { return s.name }

func (s *municipalSink) Deliver(ctx context.Context, r Request) error {
	to, ok := s.byID[r.Municipality]
	if !ok {
		to = s.fallback
	}
	if to == nil {
		return nil
	}
	return to.Deliver(ctx, r)
}
