// Package i18n loads the interface and content message files into one
// go-i18n bundle and hands out per-request localizers. A missing message
// falls back to Dutch, then to its id; it never panics while serving.
package i18n

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
)

// Default is the default locale and the fallback for missing messages.
const Default = "nl"

// Locales are the locales of the contract, in the order the language
// switcher shows them. A locale is offered when it has a message file.
var Locales = []string{"nl", "en", "pl", "tr", "ar", "uk", "fy"}

// names are each language in its own name and script.
var names = map[string]string{
	"nl": "Nederlands", "en": "English", "pl": "Polski", "tr": "Türkçe",
	"ar": "العربية", "uk": "Українська", "fy": "Frysk",
}

// Name returns the language's name in its own language.
func Name(lang string) string { return names[lang] }

// Dir returns the text direction of lang: "rtl" or "ltr".
func Dir(lang string) string {
	if lang == "ar" {
		return "rtl"
	}
	return "ltr"
}

// Bundle holds all messages of all locales.
type Bundle struct {
	b       *goi18n.Bundle
	langs   []string                       // locales with a message file, in Locales order
	ids     map[string]map[string]string   // lang → id → file that defines it
	texts   map[string]map[string][]string // lang → id → its texts (plural forms in CLDR order)
	matcher language.Matcher
	locs    sync.Map // lang → *Localizer
}

// Source is a folder of message files named by locale (nl.yaml, en.yaml).
type Source struct {
	Name string // for error messages, e.g. "locales" or "content/locales"
	FS   fs.FS
}

// Load reads every *.yaml message file from each source. Later sources
// override earlier ones, so a municipality's content can reword the
// interface.
func Load(sources ...Source) (*Bundle, error) {
	b := &Bundle{
		b:     goi18n.NewBundle(language.Dutch),
		ids:   map[string]map[string]string{},
		texts: map[string]map[string][]string{},
	}
	b.b.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	for _, src := range sources {
		files, err := fs.Glob(src.FS, "*.yaml")
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", src.Name, err)
		}
		for _, f := range files {
			lang := strings.TrimSuffix(f, ".yaml")
			if !slices.Contains(Locales, lang) {
				return nil, fmt.Errorf("i18n: %s/%s: %q is not a locale of the contract (%s)", src.Name, f, lang, strings.Join(Locales, ", "))
			}
			data, err := fs.ReadFile(src.FS, f)
			if err != nil {
				return nil, fmt.Errorf("i18n: %s/%s: %w", src.Name, f, err)
			}
			mf, err := b.b.ParseMessageFileBytes(data, f)
			if err != nil {
				return nil, fmt.Errorf("i18n: %s/%s: %w", src.Name, f, err)
			}
			if b.ids[lang] == nil {
				b.ids[lang] = map[string]string{}
				b.texts[lang] = map[string][]string{}
			}
			for _, m := range mf.Messages {
				b.ids[lang][m.ID] = path.Join(src.Name, f)
				var forms []string
				for _, s := range []string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
					if s != "" {
						forms = append(forms, s)
					}
				}
				b.texts[lang][m.ID] = forms
			}
		}
	}
	if b.ids[Default] == nil {
		return nil, fmt.Errorf("i18n: no %s.yaml message file: Dutch is the fallback and must exist", Default)
	}
	var tags []language.Tag
	for _, l := range Locales {
		if b.ids[l] != nil {
			b.langs = append(b.langs, l)
			tags = append(tags, language.Make(l))
		}
	}
	b.matcher = language.NewMatcher(tags)
	return b, nil
}

// Langs returns the locales that have messages, in switcher order.
func (b *Bundle) Langs() []string { return b.langs }

// Supported reports whether lang is a locale with messages.
func (b *Bundle) Supported(lang string) bool { return slices.Contains(b.langs, lang) }

// Has reports whether lang defines id.
func (b *Bundle) Has(lang, id string) bool { _, ok := b.ids[lang][id]; return ok }

// IDs returns the ids lang defines, sorted.
func (b *Bundle) IDs(lang string) []string {
	out := make([]string, 0, len(b.ids[lang]))
	for id := range b.ids[lang] {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Texts returns the message's texts as written in the file, placeholders
// and all: one text, or one per plural form.
func (b *Bundle) Texts(lang, id string) []string { return b.texts[lang][id] }

// File returns the file that defines id in lang, for error messages.
func (b *Bundle) File(lang, id string) string { return b.ids[lang][id] }

// Negotiate picks the best supported locale for an Accept-Language header,
// or Default.
func (b *Bundle) Negotiate(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return Default
	}
	_, i, conf := b.matcher.Match(tags...)
	if conf == language.No {
		return Default
	}
	return b.langs[i]
}

// Localizer translates into one language. It only reads the bundle, so
// one per language serves every request.
type Localizer struct {
	lang string
	l    *goi18n.Localizer
	// known says which ids the bundle defines (in lang or Dutch), and
	// plain keeps their text without placeholders once made: a page asks
	// for dozens, and making one runs go-i18n's lookup and template.
	// Unknown ids are never kept, so no input can grow it.
	known func(id string) bool
	plain sync.Map // id → string
}

// Localizer returns the localizer for lang with Dutch as fallback, made
// once per language (making one parses language tags: a page asked for it
// on every request).
func (b *Bundle) Localizer(lang string) *Localizer {
	if !b.Supported(lang) {
		lang = Default
	}
	if l, ok := b.locs.Load(lang); ok {
		return l.(*Localizer)
	}
	known := func(id string) bool { return b.Has(lang, id) || b.Has(Default, id) }
	l, _ := b.locs.LoadOrStore(lang, &Localizer{lang: lang, l: goi18n.NewLocalizer(b.b, lang, Default), known: known})
	return l.(*Localizer)
}

// Lang returns the localizer's locale.
func (l *Localizer) Lang() string { return l.lang }

// T translates id with optional template data (a map of placeholders).
func (l *Localizer) T(id string, data ...map[string]any) string {
	if len(data) == 0 || len(data[0]) == 0 {
		if s, ok := l.plain.Load(id); ok {
			return s.(string)
		}
		s := l.localize(&goi18n.LocalizeConfig{MessageID: id})
		if l.known != nil && l.known(id) {
			l.plain.Store(id, s)
		}
		return s
	}
	return l.localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data[0]})
}

// N translates id with CLDR plural rules for count; the template data gets
// {{.Count}} as well as anything in data.
func (l *Localizer) N(id string, count int, data ...map[string]any) string {
	td := map[string]any{"Count": count}
	if len(data) > 0 {
		for k, v := range data[0] {
			td[k] = v
		}
	}
	return l.localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: td})
}

func (l *Localizer) localize(cfg *goi18n.LocalizeConfig) string {
	s, err := l.l.Localize(cfg)
	if err != nil || s == "" {
		// A missing message is caught by a test over the locale files; the
		// resident sees the id rather than a broken page.
		return cfg.MessageID
	}
	return s
}
