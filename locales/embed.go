// Package locales embeds the interface message files, one per locale.
package locales

import "embed"

// FS holds nl.yaml, en.yaml and the other locales' message files.
//
//go:embed *.yaml
var FS embed.FS
