// Package content embeds the demo content: the fictional Regio Beekdal,
// with the municipalities Beekdal and Veenhoven. A real region or
// municipality points CONTENT_DIR at its own folder with the same layout
// (see README.md).
package content

import "embed"

// Demo is the demo content folder.
//
//go:embed *.yaml catalog/*.yaml locales/*.yaml nlu/*.yaml nlu/answers/*.yaml municipalities
var Demo embed.FS
