// Package foreign holds a foreign HSDS 3.0 dataset for the import tests:
// the fictional Regio Veenland's "sociale kaart" (regio.json), the mapping
// of its taxonomy onto Wegwijzer's rungs, topics and audiences
// (hsds-mapping.yaml) and the facts an importer must reproduce
// (expected.yaml). See README.md.
//
// The files are written by the generator in gen; the package's test checks
// them against the official schemas and against a fresh run. Being under
// testdata, the package is outside ./... patterns: run its test by path,
// go test ./internal/hsds/testdata/foreign/.
package foreign

//go:generate go run ./gen -out .
