package view

import "testing"

func TestPhoneNumbersStayTogether(t *testing.T) {
	for in, want := range map[string]string{
		"Bel 113 of 0800-0113. <b>":        `Bel 113 of <bdi class="nowrap">0800-0113</bdi>. &lt;b&gt;`,
		"Veilig Thuis: 0800-2000, gratis.": `Veilig Thuis: <bdi class="nowrap">0800-2000</bdi>, gratis.`,
		"اتصل بالرقم 0000 120 120 الآن":    `اتصل بالرقم <bdi class="nowrap">0000 120 120</bdi> الآن`,
		"Van 8.30 tot 17.00 uur, 18 jaar":  "Van 8.30 tot 17.00 uur, 18 jaar",
	} {
		if got := string(phoneNumbers(in)); got != want {
			t.Errorf("phoneNumbers(%q)\n got %s\nwant %s", in, got, want)
		}
	}
}
