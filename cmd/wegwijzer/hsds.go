package main

import (
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
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
