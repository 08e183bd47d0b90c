// Package view renders the portal's pages. It holds:
//   - the templates: one set per page (pages), each parsed with base.html
//     and the partials, from the built-in templates or a municipality's
//     Overlay of them;
//   - per language, the same sets with their fixed messages folded into
//     plain text (fold.go), and the service cards and language links it
//     rendered, kept for the next page that shows them (fragments.go);
//   - the template functions (t, tn, tx, icon, tel, date, serviceCard,
//     langLinks, ...) and the types they take: Text, Service, Card,
//     LangLink, QR;
//   - the static files, under content-hashed URLs and gzipped once at
//     start-up (Assets).
//
// It knows no HTTP, sessions or routes, and does not import internal/web:
// Render writes a page to an io.Writer. Which page is shown, with which
// data, is internal/web's to decide: the handlers, the view data of each
// page and the page struct they all embed (a Page, which names its
// language) stay there, as does sending the result.
package view
