// Package content embeds the demo content of the fictional municipality
// Beekdal. A real municipality points CONTENT_DIR at its own folder with
// the same layout (see README.md).
package content

import "embed"

// Demo is the demo content folder.
//
//go:embed *.yaml catalog/*.yaml locales/*.yaml nlu/*.yaml nlu/answers/*.yaml
var Demo embed.FS
