// Command floor is the load test's yardstick: the least a page of the
// portal could cost on this machine. One fiber handler reads one Redis
// key with a TTL (the visitor's, from the cookie "sid"), writes it back
// and renders a tiny html/template. The load test drives it with the same
// load generator as the portal's pages and compares the two.
//
// It listens on LISTEN_ADDR (default 127.0.0.1:8090) and needs REDIS_URL.
// GET /readyz answers 200 while Redis does.
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/redis/go-redis/v9"
)

// ttl is the key's lifetime, as long as a resident's session's.
const ttl = 30 * time.Minute

var page = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body><main><h1>{{.Title}}</h1><p>Bezoek {{.Visits}} van {{.ID}}.</p></main></body></html>
`))

type pageData struct {
	Title  string
	ID     string
	Visits int
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}

func run() error {
	addr := os.Getenv("LISTEN_ADDR")
	if addr == "" {
		addr = "127.0.0.1:8090"
	}
	opts, err := redis.ParseURL(os.Getenv("REDIS_URL"))
	if err != nil {
		return fmt.Errorf("REDIS_URL: %w", err)
	}
	rdb := redis.NewClient(opts)
	defer rdb.Close()

	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/readyz", func(c *fiber.Ctx) error {
		if err := rdb.Ping(c.UserContext()).Err(); err != nil {
			return c.SendStatus(fiber.StatusServiceUnavailable)
		}
		return c.SendString("ok")
	})
	app.Get("/", func(c *fiber.Ctx) error {
		id := c.Cookies("sid")
		if id == "" {
			id = "anonymous"
		}
		key := "floor:" + id
		ctx := c.UserContext()
		n, err := rdb.Get(ctx, key).Int()
		if err != nil && !errors.Is(err, redis.Nil) {
			return c.Status(fiber.StatusServiceUnavailable).SendString(err.Error())
		}
		n++
		if err := rdb.Set(ctx, key, n, ttl).Err(); err != nil {
			return c.Status(fiber.StatusServiceUnavailable).SendString(err.Error())
		}
		var b bytes.Buffer
		if err := page.Execute(&b, pageData{Title: "Vloer", ID: id, Visits: n}); err != nil {
			return err
		}
		c.Type("html", "utf-8")
		return c.Send(b.Bytes())
	})

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- app.Listen(addr) }()
	log.Printf("floor: listening on %s", addr)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	return app.ShutdownWithTimeout(5 * time.Second)
}
