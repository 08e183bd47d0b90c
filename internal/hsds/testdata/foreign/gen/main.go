// Command gen writes the foreign HSDS 3.0 test dataset of the fictional
// Regio Veenland, a regional "sociale kaart" that is not Wegwijzer's own:
//
//   - regio.json: one /services page with every full service;
//   - hsds-mapping.yaml: the mapping of the source's taxonomy terms onto
//     Wegwijzer's rungs, topics and audiences;
//   - expected.yaml: the facts an importer must reproduce, computed here
//     from the generator's own tables.
//
// Run it from the repository root:
//
//	go run ./internal/hsds/testdata/foreign/gen
//
// or with -out DIR to write elsewhere. The output is the same, byte for
// byte, on every run: ids and every "random" choice come from SHA-256 of a
// fixed seed and a stable key, never from a clock or math/rand.
//
// The generator deliberately imports nothing from the project (not
// internal/hsds): it is the importer's independent witness.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

// seed is mixed into every id and choice. Changing it changes every id.
const seed = "regio-veenland/sociale-kaart/2025"

func main() {
	out := flag.String("out", filepath.FromSlash("internal/hsds/testdata/foreign"), "directory to write regio.json, hsds-mapping.yaml and expected.yaml to")
	flag.Parse()
	files, err := generate()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(*out, f.name), f.data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
}

type file struct {
	name string
	data []byte
}

// generate builds the dataset and renders the three files.
func generate() ([]file, error) {
	ds, err := build()
	if err != nil {
		return nil, err
	}
	page, err := renderPage(ds)
	if err != nil {
		return nil, err
	}
	return []file{
		{"regio.json", page},
		{"hsds-mapping.yaml", renderMapping(ds)},
		{"expected.yaml", renderExpected(ds)},
	}, nil
}

// renderPage writes the services as one HSDS /services page. HTML
// characters are left as they are (no \u003c), so the leftovers in the
// descriptions read as a real export would show them.
func renderPage(ds *dataset) ([]byte, error) {
	p := page{
		TotalItems: len(ds.services), TotalPages: 1, PageNumber: 1, Size: len(ds.services),
		FirstPage: true, LastPage: true, Empty: len(ds.services) == 0,
	}
	for _, s := range ds.services {
		p.Contents = append(p.Contents, s.out)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(p); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// sum is SHA-256 of the seed and the parts.
func sum(parts ...string) [32]byte {
	h := sha256.New()
	h.Write([]byte(seed))
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	var s [32]byte
	copy(s[:], h.Sum(nil))
	return s
}

// newID is a random-looking version 4 UUID, fixed by the parts.
func newID(parts ...string) string {
	s := sum(parts...)
	b := s[:16]
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	x := hex.EncodeToString(b)
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

// pick is a number in [0, n), fixed by the parts.
func pick(n int, parts ...string) int {
	s := sum(parts...)
	return int(binary.BigEndian.Uint64(s[:8]) % uint64(n))
}
