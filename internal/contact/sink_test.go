package contact

import (
	"context"
	"crypto/hmac"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestLogSinkKeepsPersonalDataOut(t *testing.T) {
	var buf strings.Builder
	sink := NewLogSink(slog.New(slog.NewJSONHandler(&buf, nil)))
	if err := sink.Deliver(context.Background(), sample("WZ-7K3M-Q9PD")); err != nil {
		t.Fatalf("Deliver: %v", err)
	}
	out := buf.String()

	var rec map[string]any
	if err := json.Unmarshal([]byte(out), &rec); err != nil {
		t.Fatalf("log line is not JSON: %v\n%s", err, out)
	}
	for _, key := range []string{"ref", "lang", "topics", "who", "created_at"} {
		if _, ok := rec[key]; !ok {
			t.Errorf("log line lacks %q: %s", key, out)
		}
	}
	for _, key := range []string{"name", "phone", "email", "description", "place", "answers"} {
		if _, ok := rec[key]; ok {
			t.Errorf("log line has personal field %q: %s", key, out)
		}
	}
	for _, v := range personal {
		if strings.Contains(out, v) {
			t.Errorf("log line contains personal data %q: %s", v, out)
		}
	}
}

func TestWebhookSink(t *testing.T) {
	const secret = "s3cret"
	tests := []struct {
		name    string
		secret  string
		status  int
		wantErr bool
	}{
		{"signed", secret, http.StatusOK, false},
		{"unsigned", "", http.StatusNoContent, false},
		{"server error", secret, http.StatusInternalServerError, true},
		{"client error", secret, http.StatusBadRequest, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got Request
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
					t.Errorf("got %s with Content-Type %q", r.Method, r.Header.Get("Content-Type"))
				}
				sig := r.Header.Get(SignatureHeader)
				if tt.secret == "" {
					if sig != "" {
						t.Errorf("unsigned sink sent signature %q", sig)
					}
				} else if !hmac.Equal([]byte(sig), []byte(Sign([]byte(tt.secret), body))) {
					t.Errorf("signature %q does not match body", sig)
				}
				if err := json.Unmarshal(body, &got); err != nil {
					t.Errorf("body is not a request: %v", err)
				}
				w.WriteHeader(tt.status)
			}))
			defer srv.Close()

			err := NewWebhookSink(srv.URL, tt.secret, srv.Client()).Deliver(context.Background(), sample("WZ-7K3M-Q9PD"))
			if (err != nil) != tt.wantErr {
				t.Fatalf("Deliver error = %v; want error %v", err, tt.wantErr)
			}
			if got.Ref != "WZ-7K3M-Q9PD" || got.Email != "jantine@example.org" {
				t.Errorf("receiver got %+v", got)
			}
		})
	}
}

func TestSignKnownValue(t *testing.T) {
	// echo -n '{"ref":"x"}' | openssl dgst -sha256 -hmac key
	const want = "sha256=98b2ebc75abbe1b84557592f55d4cea00c0a232a0f963cac4c121fad3727d783"
	if got := Sign([]byte("key"), []byte(`{"ref":"x"}`)); got != want {
		t.Fatalf("Sign = %q; want %q", got, want)
	}
}

func TestWebhookErrorHidesURL(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL + "/hook?token=topsecret"
	srv.Close() // connection refused from here on
	err := NewWebhookSink(url, "", nil).Deliver(context.Background(), sample("WZ-7K3M-Q9PD"))
	if err == nil {
		t.Fatal("Deliver to a closed server: want error")
	}
	if strings.Contains(err.Error(), "topsecret") {
		t.Fatalf("error repeats the URL: %v", err)
	}
}

// TestWebhookThroughDispatcher runs the webhook sink under the dispatcher's
// retries against a server that fails a given number of times.
func TestWebhookThroughDispatcher(t *testing.T) {
	tests := []struct {
		name      string
		failures  int32 // 500s before the server accepts
		attempts  int
		wantCalls int32
		wantOK    bool
	}{
		{"first try", 0, 5, 1, true},
		{"retries on 500 then succeeds", 2, 5, 3, true},
		{"gives up after N attempts", 100, 4, 4, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls, accepted atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if calls.Add(1) <= tt.failures {
					w.WriteHeader(http.StatusInternalServerError)
					return
				}
				accepted.Add(1)
			}))
			defer srv.Close()

			var logs syncBuffer
			d := NewDispatcher(slog.New(slog.NewJSONHandler(&logs, nil)),
				[]Sink{NewWebhookSink(srv.URL, "k", srv.Client())},
				WithRetry(tt.attempts, time.Millisecond))
			d.Enqueue(sample("WZ-7K3M-Q9PD"))
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := d.Close(ctx); err != nil {
				t.Fatalf("Close: %v", err)
			}
			if c := calls.Load(); c != tt.wantCalls {
				t.Errorf("server saw %d calls; want %d", c, tt.wantCalls)
			}
			if ok := accepted.Load() == 1; ok != tt.wantOK {
				t.Errorf("accepted = %v; want %v", ok, tt.wantOK)
			}
			gaveUp := strings.Contains(logs.String(), "contact: delivery failed\"")
			if gaveUp == tt.wantOK {
				t.Errorf("give-up logged = %v; want %v\n%s", gaveUp, !tt.wantOK, logs.String())
			}
			for _, v := range personal {
				if strings.Contains(logs.String(), v) {
					t.Errorf("dispatcher log contains personal data %q", v)
				}
			}
		})
	}
}

// TestMunicipalSink: each request goes to its municipality's sink, or
// the fallback; none of either is no error.
func TestMunicipalSink(t *testing.T) {
	a, b, all := &recordSink{}, &recordSink{}, &recordSink{}
	ctx := context.Background()
	req := func(ref, muni string) Request { r := sample(ref); r.Municipality = muni; return r }
	s := NewMunicipalSink(map[string]Sink{"aa": a, "bee": b}, all)
	for _, r := range []Request{req("WZ-1", "aa"), req("WZ-2", "bee"), req("WZ-3", "cee"), req("WZ-4", "")} {
		if err := s.Deliver(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if strings.Join(a.got(), ",") != "WZ-1" || strings.Join(b.got(), ",") != "WZ-2" || strings.Join(all.got(), ",") != "WZ-3,WZ-4" {
		t.Errorf("aa %v, bee %v, fallback %v", a.got(), b.got(), all.got())
	}
	if s.Name() != "record" {
		t.Errorf("name %q", s.Name())
	}
	if err := NewMunicipalSink(map[string]Sink{"aa": a}, nil).Deliver(ctx, req("WZ-5", "bee")); err != nil {
		t.Errorf("no sink for bee: %v", err)
	}
}
