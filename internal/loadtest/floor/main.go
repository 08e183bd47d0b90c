// Command floor is the load test's yardstick: the least a page of the
// portal could cost on this machine. One fiber handler reads one Redis
// key with a TTL (the visitor's, from the cookie "sid"), writes it back
// and renders a tiny html/template. The load test drives it with the same
// load generator as the portal's pages and compares the two.
//
// GET /list?items=N is the same with a page of weight: N list items shaped
// like the portal's service cards (a heading, facts, an inline icon, a
// folded description, a contact list), gzip-compressed at the level the
// portal uses. It is the yardstick for pages that show many services: what
// any html/template page of that size costs, before any of the portal's
// own work.
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
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/redis/go-redis/v9"
)

// ttl is the key's lifetime, as long as a resident's session's.
const ttl = 30 * time.Minute

var page = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body><main><h1>{{.Title}}</h1><p>Bezoek {{.Visits}} van {{.ID}}.</p></main></body></html>
`))

var list = template.Must(template.New("list").Parse(`<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body><main><h1>{{.Title}}</h1><p>Bezoek {{.Visits}} van {{.ID}}.</p>
{{range .Items}}<article class="service" aria-labelledby="s-{{.ID}}">
<h4 id="s-{{.ID}}">{{.Name}}</h4>
<p class="facts"><span class="free">{{.Cost}}</span><span class="is-open"><svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/></svg>{{.Open}}</span></p>
<div class="reach"><a class="btn-small" href="tel:{{.Tel}}"><svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M5 3h4l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 5a2 2 0 0 1 2-2"/></svg><span class="phone" dir="ltr">{{.Phone}}</span></a>
<details class="about"><summary>Meer weten<span class="visually-hidden">: {{.Name}}</span></summary>
<p class="what">{{.What}}</p>
<p><a class="btn-small" href="{{.URL}}" rel="noopener">Website</a></p>
<dl>
<div><dt>Voor wie</dt><dd>{{.ForWhom}}</dd></div>
<div><dt>Kosten</dt><dd>{{.Cost}}</dd></div>
<div><dt>Waar</dt><dd>{{.Address}}</dd></div>
<div><dt>Open</dt><dd>{{.Hours}}</dd></div>
<div><dt>Contact</dt><dd><ul class="how">{{range .How}}<li>{{.}}</li>{{end}}</ul><a class="btn-small" href="mailto:{{.Mail}}">E-mail</a></dd></div>
<div><dt>Talen</dt><dd>{{.Languages}}</dd></div>
</dl>
</details></div>
</article>
{{end}}</main></body></html>
`))

// item is one entry of the list page, with about as much text as a
// service card of the portal.
type item struct {
	ID, Name, Cost, Open, Tel, Phone, What, URL string
	ForWhom, Address, Hours, Mail, Languages    string
	How                                         []string
}

type listData struct {
	pageData
	Items []item
}

// sentences vary the items' text, so that the page compresses about as
// well as a page of real services does.
var sentences = []string{
	"Stel uw vragen over geld, toeslagen en energie.",
	"Vrijwilligers denken met u mee, zonder afspraak.",
	"U kunt ook iemand meenemen die u vertrouwt.",
	"Loopt u vast door stress, ruzie of verlies? Wij helpen u weer op weg.",
	"U heeft geen verwijzing nodig en het kost niets.",
	"Elke week komen buurtbewoners hier samen voor koffie en een praatje.",
	"Samen koken en eten, voor een kleine bijdrage.",
	"Een vrijwilliger komt bij u thuis en helpt met post en formulieren.",
	"Bel gerust als u niet weet waar u moet beginnen.",
	"Voor mensen die voor een naaste zorgen en even op adem willen komen.",
	"Hulp bij het invullen van een aanvraag voor een toeslag of een uitkering.",
	"Wandelen in een groep, in uw eigen tempo, elke dinsdagochtend.",
	"Advies over schulden: samen maken we een plan dat past.",
	"Hulp in huis voor wie tijdelijk niet alles zelf kan.",
	"Een maatje voor een wandeling, een spelletje of een goed gesprek.",
	"Informatie over vervoer naar het ziekenhuis of de huisarts.",
}

func items(n int) []item {
	out := make([]item, n)
	pick := func(i, k int) string { return sentences[(i*7+k*3)%len(sentences)] }
	for i := range out {
		out[i] = item{
			ID: fmt.Sprintf("dienst-%d", i), Name: fmt.Sprintf("Buurtpunt %s %d", pick(i, 5)[:12], i), Cost: "Gratis",
			Open: fmt.Sprintf("Morgen open vanaf %d:00 uur", 9+i%8), Tel: fmt.Sprintf("00001%05d", i*37),
			Phone:   fmt.Sprintf("0000 1%02d %03d", i%100, i*37%1000),
			What:    pick(i, 0) + " " + pick(i, 1) + " " + pick(i, 2) + " " + pick(i, 3),
			URL:     fmt.Sprintf("https://www.buurtpunt%d.example.org/%s", i, []string{"geld", "samen", "thuis", "zorg"}[i%4]),
			ForWhom: "Voor iedereen die in de gemeente woont. " + pick(i, 4) + " " + pick(i, 6),
			Address: fmt.Sprintf("Kerkstraat %d, Dorp-%c", i+1, 'A'+rune(i%20)), Hours: fmt.Sprintf("Maandag tot en met vrijdag %d.00-%d.00 uur", 8+i%3, 15+i%4),
			Mail: fmt.Sprintf("info@buurtpunt%d.example.org", i), Languages: []string{"Nederlands, English, العربية", "Nederlands, Türkçe", "Nederlands, Polski, Українська"}[i%3],
			How: []string{"Binnenlopen zonder afspraak", pick(i, 7)},
		}
	}
	return out
}

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
	// visit reads and writes the visitor's key, as a session would be.
	visit := func(c *fiber.Ctx) (pageData, error) {
		id := c.Cookies("sid")
		if id == "" {
			id = "anonymous"
		}
		key := "floor:" + id
		ctx := c.UserContext()
		n, err := rdb.Get(ctx, key).Int()
		if err != nil && !errors.Is(err, redis.Nil) {
			return pageData{}, err
		}
		n++
		if err := rdb.Set(ctx, key, n, ttl).Err(); err != nil {
			return pageData{}, err
		}
		return pageData{Title: "Vloer", ID: id, Visits: n}, nil
	}
	send := func(c *fiber.Ctx, t *template.Template, data any) error {
		var b bytes.Buffer
		if err := t.Execute(&b, data); err != nil {
			return err
		}
		c.Type("html", "utf-8")
		return c.Send(b.Bytes())
	}
	app.Get("/", func(c *fiber.Ctx) error {
		d, err := visit(c)
		if err != nil {
			return c.Status(fiber.StatusServiceUnavailable).SendString(err.Error())
		}
		return send(c, page, d)
	})
	// The list's items are made once: the yardstick is the page's
	// rendering and compression, not building what it shows.
	all := items(200)
	gz := compress.New(compress.Config{Level: compress.LevelBestSpeed})
	app.Get("/list", gz, func(c *fiber.Ctx) error {
		n := c.QueryInt("items")
		if n < 1 || n > 200 {
			return c.Status(fiber.StatusBadRequest).SendString("items: 1 to 200")
		}
		d, err := visit(c)
		if err != nil {
			return c.Status(fiber.StatusServiceUnavailable).SendString(err.Error())
		}
		return send(c, list, listData{pageData: d, Items: all[:n]})
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
