package view

import (
	"hash/maphash"
	"reflect"
	"testing"

	"github.com/wegwijzer/wegwijzer/internal/catalog"
	"github.com/wegwijzer/wegwijzer/internal/i18n"
	"github.com/wegwijzer/wegwijzer/locales"
)

// TestCardKeyCoversEveryField: changing any one field of a card, however
// deep, gives it another key, so a kept card is never shown for another.
func TestCardKeyCoversEveryField(t *testing.T) {
	msgs, err := i18n.Load(i18n.Source{Name: "locales", FS: locales.FS})
	if err != nil {
		t.Fatal(err)
	}
	cs := newFragments(nil, true)
	l := msgs.Localizer("nl")
	full := func() Card {
		tx := Text{S: "s", Lang: "nl", Other: true}
		return card(l, Service{
			ID: "id", Level: "community", Name: tx, Description: tx, Eligibility: tx, Fees: tx, Free: true,
			Address: "a", Village: "v", Distance: "d", Open: "o", OpenNow: true, Phone: "p", Email: "e", URL: "u",
			Access: []catalog.Access{"walk_in"}, Languages: []string{"nl"}, Hours: []Text{tx}, Reasons: []string{"r"},
		}, 3)
	}
	key := func(d Card) fragmentKey { return cs.key("service", func(h *maphash.Hash) { writeCard(h, d) }) }
	base := key(full())
	changed := 0
	// walk calls apply with a change to each leaf under v; apply makes a
	// fresh card, makes the change to it and checks its key.
	type applyFunc func(path string, change func(reflect.Value))
	var walk func(path string, v reflect.Value, apply applyFunc)
	walk = func(path string, v reflect.Value, apply applyFunc) {
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				f := v.Type().Field(i)
				walk(path+"."+f.Name, v.Field(i), func(leaf string, change func(reflect.Value)) {
					apply(leaf, func(p reflect.Value) { change(p.Field(i)) })
				})
			}
			return
		case reflect.Slice:
			walk(path+"[0]", v.Index(0), func(leaf string, change func(reflect.Value)) {
				apply(leaf, func(p reflect.Value) {
					c := reflect.MakeSlice(p.Type(), p.Len(), p.Len())
					reflect.Copy(c, p)
					p.Set(c)
					change(c.Index(0))
				})
			})
			apply(path+" (one more)", func(p reflect.Value) { p.Set(reflect.Append(p, p.Index(0))) })
		case reflect.String:
			apply(path, func(p reflect.Value) { p.SetString(p.String() + "x") })
		case reflect.Bool:
			apply(path, func(p reflect.Value) { p.SetBool(!p.Bool()) })
		case reflect.Int:
			apply(path, func(p reflect.Value) { p.SetInt(p.Int() - 1) })
		default:
			return
		}
		changed++
	}
	var paths []string
	s := full()
	walk("S", reflect.ValueOf(&s.S).Elem(), func(path string, change func(reflect.Value)) {
		c := full()
		change(reflect.ValueOf(&c.S).Elem())
		if key(c) == base {
			paths = append(paths, path)
		}
	})
	h := full()
	h.H--
	if key(h) == base {
		t.Error("the heading level does not change the key")
	}
	if len(paths) > 0 {
		t.Errorf("%d changed cards keep the key: %v", len(paths), paths)
	}
	if changed < 25 {
		t.Errorf("only %d fields changed; the walk missed the card", changed)
	}
}
