package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wegwijzer/wegwijzer/internal/web/view"
	"github.com/wegwijzer/wegwijzer/static"
	"github.com/wegwijzer/wegwijzer/templates"
)

// A municipality overrides one template and one static file; everything
// else comes from the built-in assets.
func TestOverlayOverridesSingleFiles(t *testing.T) {
	d, _ := testDeps(t)
	about, err := templates.FS.ReadFile("about.html")
	if err != nil {
		t.Fatal(err)
	}
	d.Templates = view.Overlay{Over: fstest.MapFS{
		"about.html": {Data: []byte(strings.Replace(string(about), `{{define "content"}}`, `{{define "content"}}<p>Eigen tekst van de gemeente</p>`, 1))},
	}, Base: templates.FS}
	d.Static = view.Overlay{Over: fstest.MapFS{"app.css": {Data: []byte("body{color:#123456}")}}, Base: static.FS}
	app := newApp(t, d)

	res, _ := app.Test(httptest.NewRequest(http.MethodGet, "/nl/over", nil), -1)
	body, _ := io.ReadAll(res.Body)
	if !strings.Contains(string(body), "Eigen tekst van de gemeente") {
		t.Error("the overriding template is not used")
	}
	res, _ = app.Test(httptest.NewRequest(http.MethodGet, "/nl/", nil), -1)
	body, _ = io.ReadAll(res.Body)
	if !strings.Contains(string(body), "Waar kunnen we u mee helpen?") {
		t.Error("a template that is not overridden is missing")
	}
	css := cssLink.FindSubmatch(body)
	if css == nil {
		t.Fatal("no stylesheet link")
	}
	res, _ = app.Test(httptest.NewRequest(http.MethodGet, string(css[1]), nil), -1)
	body, _ = io.ReadAll(res.Body)
	if string(body) != "body{color:#123456}" {
		t.Errorf("stylesheet = %.60q, want the override", body)
	}
}
