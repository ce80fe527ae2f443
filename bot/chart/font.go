package chart

import (
	_ "embed"
	"sync"

	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
)

// ttf is the embedded face: Droid Sans Fallback's hanzi and Roboto's Latin,
// cut down and merged by font/subset.sh.
//
//go:embed font/chartsans.ttf
var ttf []byte

// typeface names the face in the font cache; every text style asks for it.
const typeface font.Typeface = "BranchbotChartSans"

// parsed is the embedded font, parsed once on first use. An *opentype.Font
// is safe for concurrent use as long as each caller brings its own
// sfnt.Buffer, which gonum's faces and Missing do.
var parsed = sync.OnceValue(func() *opentype.Font {
	f, err := opentype.Parse(ttf)
	if err != nil {
		// The bytes are compiled in and a test parses them: a failure here
		// is a broken build, like a bad regexp.MustCompile.
		panic("chart: embedded font: " + err.Error())
	}
	return f
})

// handler is the text handler every text of a chart is drawn with. It owns
// its font cache, holding the embedded face alone, so the chart neither
// reads nor sets gonum's package-level defaults (plot.DefaultFont,
// font.DefaultCache): another user of gonum in the process keeps its fonts,
// and this package needs no set-up order. The cache is only read after it
// is built, under its own lock.
var handler = sync.OnceValue(func() text.Handler {
	return text.Plain{Fonts: font.NewCache(font.Collection{{
		Font: font.Font{Typeface: typeface},
		Face: parsed(),
	}})}
})

// Missing returns the runes of s the embedded font has no glyph for, in
// order of first appearance, without repeats. A line break is not missing:
// it starts a new line rather than drawing a glyph.
func Missing(s string) []rune {
	f := parsed()
	var (
		buf  sfnt.Buffer
		out  []rune
		seen map[rune]bool
	)
	for _, r := range s {
		if r == '\n' || seen[r] {
			continue
		}
		if i, err := f.GlyphIndex(&buf, r); err == nil && i != 0 {
			continue
		}
		if seen == nil {
			seen = map[rune]bool{}
		}
		seen[r] = true
		out = append(out, r)
	}
	return out
}
