package view

import (
	"html/template"
	"strings"
)

// iconPaths are simple 24×24 line icons, drawn in the text colour and
// inlined, so the page needs no extra request and no icon font. Topics
// have one each; the rest mark actions and states next to their words,
// never instead of them.
var iconPaths = map[string]string{
	"money":      `<circle cx="12" cy="12" r="9"/><path d="M15 8.6a4 4 0 1 0 0 6.8M7 11h6M7 13.5h6"/>`,
	"paperwork":  `<rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3 7 9 6 9-6"/>`,
	"loneliness": `<circle cx="9" cy="8" r="3"/><circle cx="17" cy="9" r="2.5"/><path d="M3 20a6 6 0 0 1 12 0M15 14.5c3 0 6 2 6 5.5"/>`,
	"household":  `<path d="M3 9h18l-2 11H5zM8 9l4-6 4 6M9 13v4M15 13v4"/>`,
	"mobility":   `<rect x="4" y="3" width="16" height="15" rx="2"/><path d="M4 11h16M8 18v3M16 18v3"/><circle cx="8" cy="14.5" r="1"/><circle cx="16" cy="14.5" r="1"/>`,
	"housing":    `<path d="M3 11 12 3l9 8"/><path d="M5 10v10h14V10M10 20v-6h4v6"/>`,
	"care":       `<path d="M12 20s-8-4.5-8-10a4.5 4.5 0 0 1 8-2.8A4.5 4.5 0 0 1 20 10c0 5.5-8 10-8 10z"/><path d="M12 9v5M9.5 11.5h5"/>`,
	"mental":     `<path d="M4 5h16v11H9l-5 4z"/><path d="M8 10h8M8 13h5"/>`,
	"caregiving": `<path d="M12 12s-4-2.2-4-5a2.2 2.2 0 0 1 4-1.3A2.2 2.2 0 0 1 16 7c0 2.8-4 5-4 5z"/><path d="M3 15h4l4 2h4a2 2 0 0 0 0-4h-3M7 21h9l5-5"/>`,
	"parenting":  `<circle cx="8" cy="6" r="2.5"/><circle cx="17" cy="10" r="2"/><path d="M4 21v-6a4 4 0 0 1 8 0v6M14 21v-3a3 3 0 0 1 6 0v3"/>`,
	"work":       `<rect x="3" y="7" width="18" height="13" rx="2"/><path d="M9 7V5a2 2 0 0 1 2-2h2a2 2 0 0 1 2 2v2M3 13h18"/>`,
	"language":   `<path d="M4 4h6a2 2 0 0 1 2 2v14a2 2 0 0 0-2-2H4zM20 4h-6a2 2 0 0 0-2 2v14a2 2 0 0 1 2-2h6z"/>`,
	"safety":     `<path d="M12 3 4 6v6c0 4.5 3.4 8 8 9 4.6-1 8-4.5 8-9V6z"/><path d="m9 12 2 2 4-4"/>`,
	"alert":      `<circle cx="12" cy="12" r="9"/><path d="M12 7v6M12 16.5v.5"/>`,
	"chat":       `<path d="M4 5h16v11H9l-5 4z"/><path d="M8 9h8M8 12h5"/>`,
	"check":      `<circle cx="12" cy="12" r="9"/><path d="m8 12 3 3 5-6"/>`,
	"clock":      `<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>`,
	"phone":      `<path d="M5 3h4l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 5a2 2 0 0 1 2-2"/>`,
	"web":        `<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18"/>`,
	"mail":       `<rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3 7 9 6 9-6"/>`,
	"back":       `<path class="flip" d="M15 18l-6-6 6-6"/>`,
	"print":      `<path d="M7 9V3h10v6M7 17H4v-8h16v8h-3"/><rect x="7" y="14" width="10" height="7"/>`,
	"user":       `<circle cx="12" cy="8" r="4"/><path d="M4 21a8 8 0 0 1 16 0"/>`,
	"refresh":    `<path d="M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7"/>`,
	"mobile":     `<rect x="7" y="2" width="10" height="20" rx="2"/><path d="M11 18h2"/>`,
	"logo":       `<circle cx="12" cy="12" r="9"/><path d="m15.5 8.5-2 5-5 2 2-5z"/>`,
}

// icon renders a decorative icon; it is hidden from screen readers
// because the words next to it say the same.
func icon(name string) template.HTML {
	p, ok := iconPaths[name]
	if !ok {
		return ""
	}
	return template.HTML(`<svg class="icon icon-` + name + `" viewBox="0 0 24 24" aria-hidden="true" focusable="false">` + p + `</svg>`)
}

// tel makes a tel: link from a phone number as written ("0800-2000"),
// keeping only digits and a leading plus.
func tel(number string) template.URL {
	var b strings.Builder
	for i, r := range number {
		if (r >= '0' && r <= '9') || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return template.URL("tel:" + b.String())
}

// langAttr marks catalogue text shown in Dutch because it has no
// translation, so screen readers pronounce it as Dutch.
func langAttr(t Text) template.HTMLAttr {
	if !t.Other || t.Lang == "" {
		return ""
	}
	return template.HTMLAttr(` lang="` + template.HTMLEscapeString(t.Lang) + `"`)
}
