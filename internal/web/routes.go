package web

import "github.com/gofiber/fiber/v2"

// Route names, for code that must know which route it runs in
// (c.Route().Name). Middleware in front of the pages runs before fiber
// picks their route; it tells pages apart by path (paths.go).
const (
	// routeAPIChat: the chat limit and the CSRF check answer the chat
	// API in JSON.
	routeAPIChat = "api-chat"
)

// routes is the site map: every path the portal answers, with its
// method, the middleware in front of it (limits, CSRF check, staff
// only) and its handler. The paths are in paths.go; the URL scheme is a
// contract (DOMAIN.md). Order counts where routes overlap: sign-in comes
// before the staff-only group under the same prefix, and notFound last.
func (s *server) routes(app *fiber.App, checkCSRF fiber.Handler) {
	// One count for the chat page and the chat API.
	chatLimit := s.chatLimit()

	// Health and static files.
	app.Get(pathHealth, s.healthz)
	app.Get(pathReady, s.readyz)
	app.Get(pathStatic+"/:file", s.static)
	app.Get(pathFavicon, s.favicon)

	// JSON API (another channel's, and the chat page's script).
	app.Get(pathAPIServices, s.apiServices)
	app.Get(pathAPIMunicipalities, s.municipalities)
	app.Get(pathAPIRecommendations, s.apiRecommendations)
	app.Post(pathAPIChat, csrfIfCookies(checkCSRF), chatLimit, s.apiChat).Name(routeAPIChat)

	// The catalogue as Open Referral HSDS 3.0 (api_hsds.go): every GET
	// path of its OpenAPI description, and the profile.
	app.Get(pathHSDS, s.hsdsRoot)
	app.Get(pathHSDS+"/", s.hsdsRoot)
	app.Get(pathHSDSProfile, s.hsdsProfile)
	app.Get(pathHSDS+"/services", s.hsdsServices)
	app.Get(pathHSDS+"/services/:id", s.hsdsService)
	app.Get(pathHSDS+"/organizations", s.hsdsOrganizations)
	app.Get(pathHSDS+"/organizations/:id", s.hsdsOrganization)
	app.Get(pathHSDS+"/service_at_locations", s.hsdsServiceAtLocations)
	app.Get(pathHSDS+"/service_at_locations/:id", s.hsdsServiceAtLocation)
	app.Get(pathHSDS+"/taxonomies", s.hsdsTaxonomies)
	app.Get(pathHSDS+"/taxonomies/:id", s.hsdsTaxonomy)
	app.Get(pathHSDS+"/taxonomy_terms", s.hsdsTerms)
	app.Get(pathHSDS+"/taxonomy_terms/:id", s.hsdsTerm)

	// The way in: the visitor's language.
	app.Get("/", s.root)

	// Every page is under /{lang}: the language, the session and the
	// CSRF check (forms' tokens, and a token for the page) come first.
	pages := app.Group("/:lang", s.locale, s.loadSession, checkCSRF)

	// Public pages.
	pages.Get(pathHome, s.home)
	pages.Post(pathRestart, s.restart)
	pages.Get(pathUrgent, s.urgent)
	pages.Get(pathAbout, s.about)
	pages.Get(pathA11y, s.accessibility)
	pages.Get(pathChoose, s.chooseForm)
	pages.Post(pathChoose, s.choose)

	// The flow: one question at a time.
	pages.Get(pathQuestion+"/:qid", s.question)
	pages.Post(pathQuestion+"/:qid", s.answer)

	// Results: the advice, "is this enough?", the carer's own check, the
	// summary to print, and saving or sharing the answers.
	pages.Get(pathResults, s.results)
	pages.Post(pathResults, s.enough)
	pages.Post(pathCarer, s.carerCheck)
	pages.Get(pathSummary, s.summary)
	pages.Post(pathSummary, s.summaryPick)
	pages.Get(pathShared, s.openShared)
	pages.Post(pathMakeCode, s.makeResumeCode)
	pages.Get(pathCode, s.codeForm)
	pages.Post(pathCode, s.codeLimit(), s.useCode)

	// Maatwerk and the contact request.
	pages.Get(pathMaatwerk, s.maatwerk)
	pages.Get(pathContact, s.contactForm)
	pages.Post(pathContact, s.contactLimit(true), s.contactLimit(false), s.contactSubmit)
	pages.Get(pathSent, s.confirmation)

	// Chat.
	pages.Get(pathChat, s.chatPage)
	pages.Post(pathChat, chatLimit, s.chatPost)
	pages.Post(pathChatDelete, s.chatDelete)

	// Staff: sign-in (open to all; the address's limit first, so names
	// tried from one address are refused before each name's own count
	// is touched), then the inbox and reloading the content, staff only.
	pages.Get(staffPrefix+pathSignIn, s.signInForm)
	pages.Post(staffPrefix+pathSignIn, s.signInLimit(false), s.signInLimit(true), s.signIn)
	staff := pages.Group(staffPrefix, s.staffOnly)
	staff.Get(pathHome, s.staffHome)
	staff.Post(pathSignOut, s.signOut)
	staff.Get(pathInbox, s.inbox)
	staff.Get(pathInsights, s.insights)
	staff.Get(pathInsights+".csv", s.insightsCSV)
	staff.Get(pathInbox+"/:id", s.request)
	staff.Post(pathInbox+"/:id", s.moveRequest)
	staff.Post(pathContent, s.reloadContent)

	// The desk, staff only: its own pages, then the flow's pages with a
	// resident beside the staff member (no share link, no resume code;
	// the contact request is not limited).
	desk := pages.Group(deskPrefix, s.staffOnly)
	desk.Get(pathHome, s.deskHome)
	desk.Post(pathNextResident, s.nextResident)
	desk.Post(pathDeskLang, s.deskLang)
	desk.Post(pathHandover, s.handover)
	desk.Get(pathQuestion+"/:qid", s.question)
	desk.Post(pathQuestion+"/:qid", s.answer)
	desk.Get(pathResults, s.results)
	desk.Post(pathResults, s.enough)
	desk.Post(pathCarer, s.carerCheck)
	desk.Get(pathSummary, s.summary)
	desk.Post(pathSummary, s.summaryPick)
	desk.Get(pathMaatwerk, s.maatwerk)
	desk.Get(pathContact, s.contactForm)
	desk.Post(pathContact, s.contactSubmit)
	desk.Get(pathSent, s.confirmation)

	// Anything else.
	app.Use(s.notFound)
}
