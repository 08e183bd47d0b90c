package main

import (
	"flag"
	"fmt"
	"io"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/hsds"
	"github.com/wegwijzer/wegwijzer/locales"
)

// exportHSDS is `wegwijzer export-hsds [--lang L] DIR`: the catalogue of
// CONTENT_DIR (or the demo content) as an HSDS 3.0 dataset in DIR.
func exportHSDS(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("export-hsds", flag.ContinueOnError)
	fl.SetOutput(stderr)
	lang := fl.String("lang", "nl", "the language of the texts (Dutch where a text has no translation)")
	fl.Usage = func() {
		fmt.Fprint(stderr, "Usage: wegwijzer export-hsds [--lang nl] DIR\n\n"+
			"Writes the catalogue of CONTENT_DIR (or the embedded demo content) to DIR as an\n"+
			"Open Referral HSDS 3.0 dataset: JSON per object and the tabular form (CSV files\n"+
			"with datapackage.json). DIR must be new, empty, or an earlier export.\n\n")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() != 1 {
		fl.Usage()
		return 2
	}
	dir := fl.Arg(0)
	fsys, name := contentFS(os.Getenv("CONTENT_DIR"))
	c, err := content.Load(fsys, locales.FS)
	if err != nil {
		fmt.Fprintf(stderr, "wegwijzer export-hsds: %s: %v\n(run wegwijzer validate for every problem)\n", name, err)
		return 1
	}
	if !c.Messages.Supported(*lang) {
		fmt.Fprintf(stderr, "wegwijzer export-hsds: --lang %s: the content has %s\n", *lang, strings.Join(c.Messages.Langs(), ", "))
		return 2
	}
	l := c.Messages.Localizer(*lang)
	d := hsds.Build(c.Catalog, *lang, func(id string) string { return l.T(id) })
	sum, err := hsds.Export(dir, d)
	if err != nil {
		fmt.Fprintf(stderr, "wegwijzer export-hsds: %v\n", err)
		return 1
	}
	var parts []string
	for _, t := range slices.Sorted(maps.Keys(sum.Objects)) {
		parts = append(parts, fmt.Sprintf("%s %d", t, sum.Objects[t]))
	}
	fmt.Fprintf(stdout, "%s: wrote %d files to %s (HSDS %s, %s): %s\n", name, sum.Files, dir, hsds.Version, *lang, strings.Join(parts, ", "))
	return 0
}

// importHSDS is `wegwijzer import-hsds [--source NAME] [--mapping FILE]
// SRC DIR`: services of an HSDS 3.0 dataset into the content folder DIR.
func importHSDS(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("import-hsds", flag.ContinueOnError)
	fl.SetOutput(stderr)
	source := fl.String("source", "", "the source's name (default: the mapping's source, else from SRC)")
	mapping := fl.String("mapping", "", "the mapping file (default: DIR/"+hsds.MappingFile+" when it exists)")
	fl.Usage = func() {
		fmt.Fprint(stderr, "Usage: wegwijzer import-hsds [--source NAME] [--mapping FILE] SRC DIR\n\n"+
			"Reads the services of an Open Referral HSDS 3.0 dataset and writes them into the\n"+
			"content folder DIR, as catalog/hsds-NAME.yaml. SRC is a folder written by\n"+
			"export-hsds, a folder with the tabular form (CSV files and datapackage.json), a\n"+
			"JSON file with one full service or a page of them, or an HSDS API's base URL.\n"+
			"The mapping file says which of the source's taxonomy terms mean which rung,\n"+
			"topic and audience. Services it cannot place are kept for review, not shown.\n\n")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() != 2 {
		fl.Usage()
		return 2
	}
	src, dir := fl.Arg(0), fl.Arg(1)
	var m *hsds.Mapping
	path := *mapping
	if path == "" {
		if p := filepath.Join(dir, hsds.MappingFile); fileExists(p) {
			path = p
		}
	}
	if path != "" {
		var err error
		if m, err = hsds.ReadMapping(path); err != nil {
			fmt.Fprintf(stderr, "wegwijzer import-hsds: %v\n", err)
			return 1
		}
	}
	name := *source
	if name == "" && m != nil {
		name = m.Source
	}
	if name == "" {
		name = sourceName(src)
	}
	progress := func(what string) hsds.Progress {
		return func(done, total int) {
			if total > 0 {
				fmt.Fprintf(stderr, "%s: %d of %d services\n", what, done, total)
			} else {
				fmt.Fprintf(stderr, "%s: %d services\n", what, done)
			}
		}
	}
	fmt.Fprintf(stderr, "reading %s\n", src)
	data, err := hsds.Read(src, progress("read"))
	if err != nil {
		fmt.Fprintf(stderr, "wegwijzer import-hsds: %v\n", err)
		return 1
	}
	rep, err := hsds.Import(data, dir, hsds.ImportOptions{Source: name, Mapping: m, Progress: progress("converted")})
	if err != nil {
		fmt.Fprintf(stderr, "wegwijzer import-hsds: %v\n", err)
		return 1
	}
	printImport(stdout, name, rep)
	// The folder must still be valid content.
	c, err := content.Load(os.DirFS(dir), locales.FS)
	if err != nil {
		fmt.Fprintf(stderr, "wegwijzer import-hsds: %s does not validate after the import:\n%v\n", dir, err)
		return 1
	}
	fmt.Fprintf(stdout, "%s validates: %d services shown to residents, %d held back (run wegwijzer validate %s for the list)\n",
		dir, len(c.Catalog.Services), len(c.Catalog.Held), dir)
	return 0
}

func printImport(w io.Writer, source string, r hsds.ImportReport) {
	if r.File == "" {
		fmt.Fprintf(w, "source %s: nothing to write", source)
	} else {
		fmt.Fprintf(w, "source %s: wrote %s", source, r.File)
	}
	fmt.Fprintf(w, " (%d added, %d updated, %d unchanged, %d held back for review, %d withdrawn, %d already in the folder's own files, %d only for other municipalities left out; %d organisations, %d locations)\n",
		len(r.Added), len(r.Updated), len(r.Unchanged), len(r.Review), len(r.Withdrawn), len(r.Own), len(r.Elsewhere), r.Organizations, r.Locations)
	for _, l := range []struct {
		title string
		items []string
	}{{"Held back for review (not shown to residents)", r.Review}, {"Withdrawn (gone from the source)", r.Withdrawn},
		{"Terms the mapping has no entry for (add them to " + hsds.MappingFile + ")", r.UnknownTerms}, {"Notes", r.Notes}} {
		if len(l.items) == 0 {
			continue
		}
		fmt.Fprintf(w, "%s:\n", l.title)
		for _, it := range l.items {
			fmt.Fprintf(w, "  - %s\n", it)
		}
	}
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// sourceName is a name for SRC: the host of a URL, else the file or
// folder's name.
func sourceName(src string) string {
	if u, err := url.Parse(src); err == nil && u.Host != "" {
		return u.Host
	}
	return strings.TrimSuffix(filepath.Base(filepath.Clean(src)), filepath.Ext(src))
}
