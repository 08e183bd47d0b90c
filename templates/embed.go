// Package templates embeds the HTML templates of the portal.
package templates

import "embed"

// FS holds the templates; a municipality may override any of them with
// ASSETS_DIR/templates.
//
//go:embed *.html
var FS embed.FS
