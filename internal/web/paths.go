package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// The site's paths, each written once: routes.go registers them, and
// redirects and links build URLs from them with the helpers below. The
// URL scheme is a contract (DOMAIN.md): a path here never changes.
// Templates write their links literally ({{.Root}}/uitkomst costs one
// template action); TestTemplateLinksAreRoutes checks each is a route.

// The resident's pages, under /{lang}. The flow's pages, from the
// questions to the contact request, are also under /{lang}/balie, the
// desk's root (rootOf).
const (
	pathHome       = "/"
	pathRestart    = "/opnieuw"
	pathQuestion   = "/vraag" // /vraag/{question id}
	pathResults    = "/uitkomst"
	pathCarer      = "/uitkomst/mantelzorger"
	pathSummary    = "/uitkomst/overzicht"
	pathChoose     = "/gemeente" // the regional host: where the resident lives
	pathShared     = "/uitkomst/gedeeld"
	pathMakeCode   = "/uitkomst/code"
	pathCode       = "/code"
	pathMaatwerk   = "/maatwerk"
	pathContact    = "/contact"
	pathSent       = "/contact/verstuurd"
	pathUrgent     = "/hulp-nu"
	pathAbout      = "/over"
	pathA11y       = "/toegankelijkheid"
	pathChat       = "/chat"
	pathChatDelete = "/chat/wissen"
)

// Staff pages, under /{lang}/medewerker, and the desk's own pages, under
// /{lang}/balie.
const (
	staffPrefix = "/medewerker"
	pathSignIn  = "/inloggen"
	pathSignOut = "/uitloggen"
	pathInbox   = "/aanvragen" // and /aanvragen/{id}
	pathContent = "/inhoud"    // reloads the content
	// pathInsights is the outcome figures (and pathInsights+".csv").
	pathInsights = "/inzichten"

	deskPrefix       = "/balie"
	pathNextResident = "/volgende"
	pathDeskLang     = "/taal"
	pathHandover     = "/meegeven"
)

// Paths outside the languages.
const (
	pathHealth             = "/healthz"
	pathReady              = "/readyz"
	pathStatic             = "/static" // /static/{file}
	pathFavicon            = "/favicon.ico"
	apiRoot                = "/api"
	pathAPIServices        = apiRoot + "/v1/services"
	pathAPIMunicipalities  = apiRoot + "/v1/municipalities"
	pathAPIRecommendations = apiRoot + "/v1/recommendations"
	pathAPIChat            = apiRoot + "/v1/chat"
	pathHSDS               = apiRoot + "/v1/hsds" // the HSDS 3.0 API: /, /services, /services/{id}, ...
	pathHSDSProfile        = pathHSDS + "/profile"
)

// langPath is page p in language lang: langPath("nl", pathResults) is
// "/nl/uitkomst".
func langPath(lang, p string) string { return "/" + lang + p }

// flowPath is page p of the flow as this request goes through it: the
// resident's own (/nl/uitkomst), or the desk's (/nl/balie/uitkomst).
func flowPath(c *fiber.Ctx, p string) string { return rootOf(c) + p }

// staffPath is staff page p in lang: "/nl/medewerker/aanvragen".
func staffPath(lang, p string) string { return "/" + lang + staffPrefix + p }

// deskPath is desk page p in the resident's language lang:
// "/nl/balie/volgende".
func deskPath(lang, p string) string { return "/" + lang + deskPrefix + p }

// rootOf is where the flow's pages are for this request.
func rootOf(c *fiber.Ctx) string {
	if isDesk(c) {
		return "/" + langOf(c) + deskPrefix
	}
	return "/" + langOf(c)
}

// langRest is the request's path after its /{lang}: "/contact" for
// /nl/contact, "/balie/contact" at the desk. Middleware in front of the
// pages (the CSRF check) runs before fiber knows the route, so it tells
// pages apart by this.
func langRest(c *fiber.Ctx) string { return strings.TrimPrefix(c.Path(), "/"+langOf(c)) }

// isAPI reports whether the request is for the JSON API, a route or not
// (an unknown API path gets its 404 in JSON too).
func isAPI(c *fiber.Ctx) bool { return strings.HasPrefix(c.Path(), apiRoot+"/") }
