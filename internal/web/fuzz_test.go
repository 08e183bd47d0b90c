package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzShareLink: any query opened as a shared link decodes without a
// panic, keeps only answers the flow knows, and encodes back to itself.
func FuzzShareLink(f *testing.F) {
	for _, s := range []string{"who=self&topics=money.housing&money_when=month&place=9991", "topics=safety&safety_what=child", "place=place%3Aheidehoek",
		"topics=money.money", "who=desk", "age=99&topics=", "%zz", "topics=" + strings.Repeat("money.", 200)} {
		f.Add(s)
	}
	c := demoContent(f)
	place := c.PlaceValue
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		st, _ := c.Flow.Decode(q, place)
		enc := c.Flow.Encode(st)
		again, dropped := c.Flow.Decode(enc, place)
		if dropped != 0 || c.Flow.Encode(again).Encode() != enc.Encode() {
			t.Fatalf("%q → %q → %q (dropped %d)", raw, enc.Encode(), c.Flow.Encode(again).Encode(), dropped)
		}
	})
}

// FuzzChatBody: any body sent to the chat API gets a JSON answer, never a
// panic or a 500.
func FuzzChatBody(f *testing.F) {
	for _, s := range []string{`{"session":"","lang":"nl","text":"ik heb schulden"}`, `{"lang":"ar","text":"زوجي يضربني"}`, `{"choice":"t:money"}`,
		`{"session":"x"}`, `{`, `[]`, `{"text":12}`, `{"lang":"xx","text":"` + strings.Repeat("a", 2000) + `"}`} {
		f.Add(s)
	}
	d, _ := testDeps(f)
	app := newApp(f, d)
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/chat", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		res, err := app.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode >= 500 || !strings.HasPrefix(strings.TrimSpace(string(b)), "{") {
			t.Fatalf("%q: %d %.200s", body, res.StatusCode, b)
		}
	})
}

// FuzzContactForm: any values typed into the contact form are cleaned and
// checked without a panic; what is kept holds no control or hidden format
// characters, and a one-line field no line break.
func FuzzContactForm(f *testing.F) {
	f.Add("Fatima Yilmaz", "0000 123 456", "f@example.org", "Ik krijg steeds aanmaningen.\nBel me.")
	f.Add("Anna\u202Egnp.exe", "+31 (0)6-1234 5678", "not an e-mail", "\x00\x1b[31m")
	f.Add("", "", "", "")
	f.Fuzz(func(t *testing.T, name, phone, email, desc string) {
		form := contactForm{Name: clean(name), Phone: clean(phone), Email: clean(email), Time: "any",
			Description: strings.TrimSpace(stripControl(desc, true)), Consent: true}
		_ = form.Validate()
		for _, v := range []string{form.Name, form.Phone, form.Email} {
			if strings.ContainsAny(v, "\n\r\x00\u202E\u200B") {
				t.Fatalf("one-line field kept %q", v)
			}
		}
		if strings.ContainsAny(form.Description, "\r\x00\u202E\u200B\uFEFF") {
			t.Fatalf("description kept %q", form.Description)
		}
	})
}
