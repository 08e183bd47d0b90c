// Package static embeds the portal's CSS, JavaScript and icons.
package static

import "embed"

// FS holds the static files, served under content-hashed names.
//
//go:embed *.css *.svg *.js
var FS embed.FS
