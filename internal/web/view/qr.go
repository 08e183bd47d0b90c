package view

import (
	"fmt"
	"html/template"
	"strconv"

	lru "github.com/hashicorp/golang-lru/v2"
	"rsc.io/qr"
)

// QR is a QR code as inline SVG: one path of dark modules, drawn with
// crisp edges so it scans from a screen and from paper alike.
type QR struct {
	Size int // modules per side, with the quiet zone
	Path string
}

// qrQuiet is the light border a scanner needs, in modules.
const qrQuiet = 4

// qrCodes keeps the codes of the last links drawn: the same answers give
// the same link, and a results page is viewed more than once.
var qrCodes, _ = lru.New[string, QR](512)

// NewQR encodes text (a link) as a QR code with medium error correction,
// which survives a crease or a smudge on a printout. An empty code means
// the text did not fit.
func NewQR(text string) QR {
	if v, ok := qrCodes.Get(text); ok {
		return v
	}
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return QR{}
	}
	b := make([]byte, 0, 4096)
	for y := 0; y < code.Size; y++ {
		for x := 0; x < code.Size; {
			if !code.Black(x, y) {
				x++
				continue
			}
			run := 1
			for code.Black(x+run, y) {
				run++
			}
			// M{x} {y}h{run}v1h-{run}z: one run of dark modules.
			b = append(b, 'M')
			b = strconv.AppendInt(b, int64(x+qrQuiet), 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(y+qrQuiet), 10)
			b = append(b, 'h')
			b = strconv.AppendInt(b, int64(run), 10)
			b = append(b, "v1h-"...)
			b = strconv.AppendInt(b, int64(run), 10)
			b = append(b, 'z')
			x += run
		}
	}
	v := QR{Size: code.Size + 2*qrQuiet, Path: string(b)}
	qrCodes.Add(text, v)
	return v
}

// Empty reports whether there is no code to show.
func (q QR) Empty() bool { return q.Path == "" }

// SVG is the code as an inline SVG element labelled for screen readers.
func (q QR) SVG(label string) template.HTML {
	if q.Empty() {
		return ""
	}
	return template.HTML(fmt.Sprintf(
		`<svg class="qr" viewBox="0 0 %d %d" role="img" aria-label="%s" shape-rendering="crispEdges"><rect width="100%%" height="100%%" fill="#fff"/><path fill="#000" d="%s"/></svg>`,
		q.Size, q.Size, template.HTMLEscapeString(label), q.Path))
}
