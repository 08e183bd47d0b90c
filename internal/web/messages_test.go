package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/templates"
)

var (
	templateID = regexp.MustCompile(`\{\{-?\s*tn? (?:\$?\.L|\$l|\$\.L) "([a-z_.0-9]+)"`)
	goID       = regexp.MustCompile(`"((?:error|notice|contact|open|day|api|service|results|question|home|urgent|maatwerk|confirmation|about|site|nav|footer|place|a11y|date)\.[a-z_.0-9]+)"`)
)

// TestEveryMessageIDExists finds the message ids the templates, this
// package and view use and requires each in every locale, so no page shows an id.
func TestEveryMessageIDExists(t *testing.T) {
	d, _ := testDeps(t)
	ids := map[string]string{}
	files, _ := fs.Glob(templates.FS, "*.html")
	for _, f := range files {
		data, _ := fs.ReadFile(templates.FS, f)
		for _, m := range templateID.FindAllStringSubmatch(string(data), -1) {
			ids[m[1]] = f
		}
	}
	gofiles, _ := filepath.Glob("*.go")
	viewfiles, _ := filepath.Glob("view/*.go")
	gofiles = append(gofiles, viewfiles...)
	for _, f := range gofiles {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, _ := os.ReadFile(f)
		for _, m := range goID.FindAllStringSubmatch(string(data), -1) {
			if strings.HasSuffix(m[1], ".") {
				continue // a prefix; its ids are listed below
			}
			ids[m[1]] = f
		}
	}
	// Ids built at run time.
	for _, a := range []catalog.Access{catalog.WalkIn, catalog.ByPhone, catalog.ByWeb, catalog.ByEmail, catalog.Appointment, catalog.HomeVisit} {
		ids["access."+string(a)] = "view.Service"
	}
	for _, tm := range preferredTimes {
		ids["contact.time."+tm] = "contact.html"
	}
	for m := 1; m <= 12; m++ {
		ids["date.month."+strconv.Itoa(m)] = "view.LocalDate"
	}
	for _, msg := range []string{"error.not_found", "error.server", "error.bad_request", "error.too_large", "error.session_unavailable", "error.form_expired"} {
		ids[msg+".title"] = "errors.go"
	}
	if len(ids) < 150 {
		t.Fatalf("found only %d ids; is the pattern still right?", len(ids))
	}
	for _, lang := range d.Content.Messages.Langs() {
		for id, where := range ids {
			if !d.Content.Messages.Has(lang, id) {
				t.Errorf("%s: message %s (used in %s) is missing", lang, id, where)
			}
		}
	}
}
