package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	democontent "github.com/wegwijzer/wegwijzer/content"
	"github.com/wegwijzer/wegwijzer/internal/staff"
)

// writeDemo copies the demo content into a temporary folder.
func writeDemo(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(dir, democontent.Demo); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestValidateCommand(t *testing.T) {
	t.Setenv("CONTENT_DIR", "")
	var out, errOut bytes.Buffer
	if code := run([]string{"validate"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("demo content: exit %d\n%s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "ok:") {
		t.Errorf("no summary: %q", out.String())
	}
	for _, want := range []string{"municipality beekdal (Gemeente Beekdal):", "municipality veenhoven (Gemeente Veenhoven):", "region regio-beekdal"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no line %q in:\n%s", want, out.String())
		}
	}

	dir := writeDemo(t)
	out.Reset()
	errOut.Reset()
	if code := run([]string{"validate", dir}, nil, &out, &errOut); code != 0 {
		t.Fatalf("copy of the demo: exit %d\n%s", code, errOut.String())
	}

	// Break it: a service refers to a location that does not exist.
	f := filepath.Join(dir, "catalog", "services-money.yaml")
	data, _ := os.ReadFile(f)
	broken := strings.Replace(string(data), "location: ", "location: nowhere-", 1)
	if broken == string(data) {
		t.Fatal("no location to break")
	}
	if err := os.WriteFile(f, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	errOut.Reset()
	if code := run([]string{"validate", dir}, nil, &out, &errOut); code != 1 {
		t.Fatalf("broken copy: exit %d, want 1", code)
	}
	msg := errOut.String()
	if !strings.Contains(msg, filepath.Join(dir, "catalog", "services-money.yaml")) || !strings.Contains(msg, `unknown location "nowhere-`) {
		t.Errorf("message does not name the file and the item:\n%s", msg)
	}
	if !strings.Contains(msg, ": 1 error, 0 warnings") {
		t.Errorf("no count: %s", msg)
	}
}

func TestUnknownCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"frobnicate"}, nil, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "Usage") {
		t.Errorf("exit %d, %q", code, errOut.String())
	}
	if code := run([]string{"validate", "/no/such/folder"}, nil, &out, &errOut); code != 1 {
		t.Errorf("missing folder: exit %d", code)
	}
}

// TestClassify: JSON Lines in, one line out per line in order; a bad
// line gets an error line and the rest go on.
func TestClassify(t *testing.T) {
	in := strings.Join([]string{
		`{"lang":"nl","text":"ik kan de huur niet meer betalen"}`,
		`{"lang":"","text":"I feel so lonely since my wife died"}`,
		`not json`,
		`{"lang":"nl"}`,
		`{"lang":"en","text":"i dont want to live anymore"}`,
		`{"lang":"nl","text":"xyzzy plugh"}`,
		`{"lang":"nl","text":"ik voel me thuis niet veilig"}`,
		`{"lang":"nl","text":"goedemiddag"}`,
		`{"lang":"en","text":"thanks!"}`,
	}, "\n")
	var out, errOut bytes.Buffer
	if code := run([]string{"classify"}, strings.NewReader(in), &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 9 {
		t.Fatalf("%d output lines for 9 input lines:\n%s", len(lines), out.String())
	}
	type line struct {
		Topics []string `json:"topics"`
		Urgent *bool    `json:"urgent"`
		Error  string   `json:"error"`
	}
	var got []line
	for _, l := range lines {
		var x line
		if err := json.Unmarshal([]byte(l), &x); err != nil {
			t.Fatalf("output %q is not JSON: %v", l, err)
		}
		got = append(got, x)
	}
	if len(got[0].Topics) == 0 || got[0].Topics[0] != "money" || *got[0].Urgent {
		t.Errorf("line 1: %s", lines[0])
	}
	if len(got[1].Topics) == 0 || got[1].Topics[0] != "loneliness" && got[1].Topics[0] != "mental" {
		t.Errorf("line 2: %s", lines[1])
	}
	if got[2].Error == "" || got[3].Error == "" || !strings.Contains(got[3].Error, "text") {
		t.Errorf("bad lines: %s / %s", lines[2], lines[3])
	}
	if got[4].Urgent == nil || !*got[4].Urgent || got[4].Topics[0] != "mental" {
		t.Errorf("line 5: %s", lines[4])
	}
	if got[5].Topics == nil || len(got[5].Topics) != 0 || *got[5].Urgent {
		t.Errorf("line 6 (nothing understood) should be {\"topics\":[],\"urgent\":false}: %s", lines[5])
	}
	// A need for safety shows the crisis lines, so it is urgent.
	if len(got[6].Topics) == 0 || got[6].Topics[0] != "safety" || got[6].Urgent == nil || !*got[6].Urgent {
		t.Errorf("line 7 (safety) should be urgent: %s", lines[6])
	}
	// Greetings and thanks hold no need.
	for i := 7; i < 9; i++ {
		if got[i].Topics == nil || len(got[i].Topics) != 0 || *got[i].Urgent {
			t.Errorf("line %d (no need) should be {\"topics\":[],\"urgent\":false}: %s", i+1, lines[i])
		}
	}
}

// TestHashPassword: the printed line goes into the accounts file as is,
// and the password signs in; a short password is refused.
func TestHashPassword(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"hash-password"}, strings.NewReader("een lange zin als wachtwoord\n"), &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	a, err := staff.Parse(strings.NewReader("anna:" + out.String()))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := a.Verify("anna", "een lange zin als wachtwoord"); !ok {
		t.Error("the hash does not verify its password")
	}
	out.Reset()
	if code := run([]string{"hash-password"}, strings.NewReader("kort\n"), &out, &errOut); code != 1 || out.Len() != 0 || !strings.Contains(errOut.String(), "12 characters") {
		t.Errorf("short password: exit %d, out %q, err %q", code, out.String(), errOut.String())
	}
}

// TestExportHSDSCommand: the command writes the demo catalogue, says
// what it wrote, and refuses bad arguments with its usage.
func TestExportHSDSCommand(t *testing.T) {
	t.Setenv("CONTENT_DIR", "")
	dir := filepath.Join(t.TempDir(), "hsds")
	var out, errOut bytes.Buffer
	if code := run([]string{"export-hsds", dir}, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "service 98") || !strings.Contains(out.String(), "HSDS 3.0, nl") {
		t.Errorf("output %q", out.String())
	}
	files, _ := filepath.Glob(filepath.Join(dir, "services", "*.json"))
	if len(files) != 98 {
		t.Errorf("%d service files", len(files))
	}
	for _, args := range [][]string{{"export-hsds"}, {"export-hsds", "--lang", "xx", dir}, {"export-hsds", "a", "b"}} {
		out.Reset()
		errOut.Reset()
		if code := run(args, nil, &out, &errOut); code != 2 || errOut.Len() == 0 {
			t.Errorf("%v: exit %d, %q", args, code, errOut.String())
		}
	}
}

// TestImportHSDSCommand: the command imports the foreign test dataset
// into a copy of the demo content with its mapping, reports progress and
// what it did, and leaves a folder that validates.
func TestImportHSDSCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(dir, democontent.Demo); err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join("..", "..", "internal", "hsds", "testdata", "foreign")
	var out, errOut bytes.Buffer
	code := run([]string{"import-hsds", "--mapping", filepath.Join(foreign, "hsds-mapping.yaml"), "--source", "veenland",
		filepath.Join(foreign, "regio.json"), dir}, nil, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errOut.String(), out.String())
	}
	for _, want := range []string{"wrote catalog/hsds-veenland.yaml", "Held back for review", "DG.NIEUWK", "validates"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if !strings.Contains(errOut.String(), "converted: 252 of 252 services") {
		t.Errorf("no progress: %s", errOut.String())
	}
	for _, args := range [][]string{{"import-hsds", dir}, {"import-hsds", "/nonexistent.json", dir}} {
		out.Reset()
		errOut.Reset()
		if code := run(args, nil, &out, &errOut); code == 0 || errOut.Len() == 0 {
			t.Errorf("%v: exit %d, %q", args, code, errOut.String())
		}
	}
}
