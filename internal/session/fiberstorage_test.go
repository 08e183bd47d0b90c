package session

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"
	"github.com/wegwijzer/wegwijzer/internal/redistest"
)

func TestFiberStorage(t *testing.T) {
	ctx := context.Background()
	c := redistest.Client(t)
	s := NewFiberStorage(c, "wz:csrf:")

	t.Run("missing is nil, nil", func(t *testing.T) {
		got, err := s.Get("nope")
		if got != nil || err != nil {
			t.Fatalf("Get = %q, %v; want nil, nil", got, err)
		}
	})
	t.Run("set get delete", func(t *testing.T) {
		if err := s.Set("tok", []byte("v"), 0); err != nil {
			t.Fatal(err)
		}
		if got, _ := c.Get(ctx, "wz:csrf:tok").Result(); got != "v" {
			t.Fatalf("raw key = %q; want stored under the prefix", got)
		}
		if got, err := s.Get("tok"); err != nil || string(got) != "v" {
			t.Fatalf("Get = %q, %v", got, err)
		}
		if err := s.Delete("tok"); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Get("tok"); got != nil || err != nil {
			t.Fatalf("Get after Delete = %q, %v", got, err)
		}
		if err := s.Delete("tok"); err != nil {
			t.Fatalf("Delete of missing: %v", err)
		}
	})
	t.Run("expiry", func(t *testing.T) {
		tests := []struct {
			exp     time.Duration
			wantTTL time.Duration // -1: no expiry
		}{
			{0, -1},
			{time.Hour, time.Hour},
		}
		for _, tt := range tests {
			key := fmt.Sprintf("exp-%s", tt.exp)
			if err := s.Set(key, []byte("v"), tt.exp); err != nil {
				t.Fatal(err)
			}
			got, err := c.TTL(ctx, "wz:csrf:"+key).Result()
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantTTL < 0 && got != -1 || tt.wantTTL > 0 && (got <= tt.wantTTL-time.Minute || got > tt.wantTTL) {
				t.Errorf("Set exp %v: TTL = %v; want %v", tt.exp, got, tt.wantTTL)
			}
		}
	})
	t.Run("empty key or value ignored", func(t *testing.T) {
		if err := s.Set("", []byte("v"), 0); err != nil {
			t.Fatal(err)
		}
		if err := s.Set("empty", nil, 0); err != nil {
			t.Fatal(err)
		}
		if n, _ := c.Exists(ctx, "wz:csrf:", "wz:csrf:empty").Result(); n != 0 {
			t.Fatalf("%d keys written; want none", n)
		}
	})
}

func TestFiberStorageReset(t *testing.T) {
	ctx := context.Background()
	c := redistest.Client(t)

	tests := []struct {
		name   string
		prefix string
		others []string // keys that must survive
	}{
		{"plain prefix", "wz:csrf:", []string{"wz:s:abc", "wz:csrf", "wz:csrfx:1", "wz:cr"}},
		{"glob characters in prefix", "t[1]*?:", []string{"t1x:1", "t[1]*?", "t1:2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := c.FlushDB(ctx).Err(); err != nil {
				t.Fatal(err)
			}
			for _, k := range tt.others {
				if err := c.Set(ctx, k, "keep", 0).Err(); err != nil {
					t.Fatal(err)
				}
			}
			s := NewFiberStorage(c, tt.prefix)
			// More keys than one SCAN page, so the cursor loop runs.
			for i := range 3 * resetBatch {
				if err := s.Set(fmt.Sprint(i), []byte("v"), time.Hour); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Reset(); err != nil {
				t.Fatalf("Reset: %v", err)
			}
			keys, err := c.Keys(ctx, "*").Result()
			if err != nil {
				t.Fatal(err)
			}
			if len(keys) != len(tt.others) {
				t.Fatalf("after Reset keys = %q; want only %q", keys, tt.others)
			}
			if n, _ := c.Exists(ctx, tt.others...).Result(); int(n) != len(tt.others) {
				t.Fatalf("Reset removed keys outside the prefix: %q left", keys)
			}
		})
	}
}

func TestFiberStorageCloseKeepsClient(t *testing.T) {
	c := redistest.Client(t)
	if err := NewFiberStorage(c, "wz:csrf:").Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Ping(context.Background()).Err(); err != nil {
		t.Fatalf("client unusable after FiberStorage.Close: %v", err)
	}
}

// TestFiberStorageWithCSRF checks the adapter in the middleware it exists
// for: a token issued on GET is kept under the prefix and accepted on POST.
func TestFiberStorageWithCSRF(t *testing.T) {
	ctx := context.Background()
	c := redistest.Client(t)
	app := fiber.New()
	app.Use(csrf.New(csrf.Config{
		Storage:   NewFiberStorage(c, "wz:csrf:"),
		KeyLookup: "form:_csrf",
	}))
	app.Get("/", func(c *fiber.Ctx) error { return c.SendString("form") })
	app.Post("/", func(c *fiber.Ctx) error { return c.SendString("ok") })

	resp, err := app.Test(httptest.NewRequest(http.MethodGet, "/", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	var token string
	for _, ck := range resp.Cookies() {
		if ck.Name == "csrf_" {
			token = ck.Value
		}
	}
	if token == "" {
		t.Fatal("no csrf cookie set")
	}
	if keys, _ := c.Keys(ctx, "wz:csrf:*").Result(); len(keys) == 0 {
		t.Fatal("csrf token not stored under wz:csrf:")
	}

	tests := []struct {
		name  string
		token string
		want  int
	}{
		{"valid token", token, http.StatusOK},
		{"wrong token", token + "x", http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := url.Values{"_csrf": {tt.token}}.Encode()
			req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(form))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(&http.Cookie{Name: "csrf_", Value: token})
			resp, err := app.Test(req, -1)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.want {
				t.Fatalf("status = %d; want %d", resp.StatusCode, tt.want)
			}
		})
	}
}
