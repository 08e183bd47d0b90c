package main

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/crypto/bcrypt"

	democontent "github.com/wegwijzer/wegwijzer/content"
	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/staff"
	"github.com/wegwijzer/wegwijzer/locales"
)

// TestRegionStaff: each municipality's accounts come from its own
// variable, the region's from theirs; a municipality without a file has
// no accounts, never another's.
func TestRegionStaff(t *testing.T) {
	region, err := content.LoadRegion(democontent.Demo, locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, user string) string {
		// The lowest cost the accounts file takes, to keep the test quick.
		hash, err := bcrypt.GenerateFromPassword([]byte("correct horse battery staple"), staff.MinCost)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(user+":"+string(hash)+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	env := map[string]string{
		"STAFF_ACCOUNTS_FILE_VEENHOVEN": write("veenhoven", "vera"),
		"STAFF_ACCOUNTS_FILE_REGION":    write("region", "rob"),
	}
	byID, regional, err := regionStaff(region, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := byID["veenhoven"]; !ok || a.Len() != 1 {
		t.Errorf("Veenhoven's accounts: %v", a.Len())
	}
	if a, ok := byID["beekdal"]; !ok || a != nil {
		t.Errorf("Beekdal without a file has accounts: %v, %v", ok, a.Len())
	}
	if _, ok := regional.Verify("rob", "correct horse battery staple"); !ok {
		t.Error("the region's account does not sign in")
	}
	env["STAFF_ACCOUNTS_FILE_BEEKDAL"] = filepath.Join(dir, "missing")
	if _, _, err := regionStaff(region, func(k string) string { return env[k] }); err == nil {
		t.Error("a missing file is no error")
	}
	if envSuffix("sint-anna") != "SINT_ANNA" {
		t.Error(envSuffix("sint-anna"))
	}
}
