// Package chart draws the attendance-rate chart sent with a branch's
// quarterly report, as a PNG.
//
// The caller passes texts already in the reader's language, Chinese as a
// rule. gonum's plotting library draws text with whatever font it is given
// and silently leaves out any character that font lacks; its default font
// (Liberation) has no hanzi at all, and the fonts a server may have
// installed cannot be counted on. So the package embeds its own font, and
// refuses (ErrMissingGlyphs) a text it cannot draw rather than send a chart
// with holes in its words.
//
// The font is a subset: the hanzi of Droid Sans Fallback, which has no
// Latin letters or digits, merged with the Latin of Roboto, cut down to
// ASCII and Latin-1, the common punctuation and full-width forms, the 3755
// level-1 hanzi of GB2312 and every character of the bot's message
// catalogue. The two whole fonts weigh some 4 MB; the subset about 0.7 MB
// of the binary. font/subset.sh regenerates it and says what it needs.
// Both fonts are Google's, under the Apache License 2.0: font/LICENSE
// holds the licence, font/NOTICE the copyright lines and what was changed.
package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Width and Height are the size of every chart, in pixels: wide enough for
// a year of weekly meetings, and readable on a phone, where Telegram shows
// it the width of the screen.
const (
	Width  = 1200
	Height = 700
)

// The canvas works at 72 dots per inch, so one point is one pixel and the
// sizes below are pixels.
const (
	dpi           = 72
	titleSize     = 28
	axisLabelSize = 20
	tickSize      = 17
	xLabelSize    = 16
	valueSize     = 15
	emptySize     = 26
	// margin keeps the axes and labels off the picture's edges.
	margin = 16
	// maxLabelRunes cuts longer x labels short with an ellipsis, so one long
	// meeting name cannot squeeze the bars.
	maxLabelRunes = 14
	// maxValueLabels is the most bars that get their rate written on top;
	// past it the numbers would touch.
	maxValueLabels = 16
	// minSlots is the fewest bar widths the x axis is divided into.
	minSlots = 6
	// plotWidth estimates the data area's width, to decide whether the x
	// labels fit side by side.
	plotWidth = Width - 2*margin - 160
)

var (
	barColor   = color.RGBA{R: 0x2f, G: 0x6d, B: 0xb5, A: 0xff}
	gridColor  = color.RGBA{R: 0xdd, G: 0xdd, B: 0xdd, A: 0xff}
	emptyColor = color.RGBA{R: 0x77, G: 0x77, B: 0x77, A: 0xff}
)

// ErrMissingGlyphs is wrapped by the error PNG returns when a text holds a
// character the embedded font cannot draw.
var ErrMissingGlyphs = errors.New("chart: no glyph in the chart font")

// Point is one meeting: its label on the x axis (e.g. "12-04 党员大会") and
// its attendance rate, 0..1. A rate outside 0..1 is clamped; NaN counts as 0.
type Point struct {
	Label string
	Rate  float64
}

// Attendance is the chart: a title ("出勤率 · 第一党支部 · 2026-Q1"), the y
// axis label, the text shown instead of bars when there are no points
// ("本期没有已召开的会议"), and the points in time order.
type Attendance struct {
	Title, YLabel, Empty string
	Points               []Point
}

// PNG draws the chart as a Width×Height PNG: one bar per point, the y axis
// from 0 to 100 %, each rate written on its bar while there are few. With
// many points the x labels are turned and only every k-th is written, so
// they do not overlap.
//
// Every text, Empty included, is checked against the embedded font first:
// if one holds a character the font lacks, PNG draws nothing and returns an
// error wrapping ErrMissingGlyphs that names the characters.
//
// PNG is safe for concurrent use.
func (a Attendance) PNG() ([]byte, error) {
	if err := a.check(); err != nil {
		return nil, err
	}
	p := a.plot()
	c := vgimg.NewWith(vgimg.UseWH(Width, Height), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))
	p.Draw(draw.Crop(draw.New(c), margin, -margin, margin, -margin))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart: encode png: %w", err)
	}
	return buf.Bytes(), nil
}

// check returns an error naming the characters of a's texts the font lacks.
func (a Attendance) check() error {
	texts := []string{a.Title, a.YLabel, a.Empty}
	for _, pt := range a.Points {
		texts = append(texts, pt.Label)
	}
	miss := Missing(strings.Join(texts, "\n"))
	if len(miss) == 0 {
		return nil
	}
	names := make([]string, len(miss))
	for i, r := range miss {
		names[i] = fmt.Sprintf("%q (U+%04X)", r, r)
	}
	return fmt.Errorf("%w: %s", ErrMissingGlyphs, strings.Join(names, ", "))
}

// style is a text style of the embedded font.
func style(size vg.Length, c color.Color, x text.XAlignment, y text.YAlignment) text.Style {
	return text.Style{
		Color:   c,
		Font:    font.Font{Typeface: typeface, Size: size},
		XAlign:  x,
		YAlign:  y,
		Handler: handler(),
	}
}

// plot lays the chart out. Every text style is replaced, so no text is
// drawn with gonum's default font.
func (a Attendance) plot() *plot.Plot {
	p := plot.New()
	h := handler()
	p.TextHandler = h
	p.Legend.TextStyle.Handler = h
	p.Legend.TextStyle.Font = font.Font{Typeface: typeface, Size: tickSize}

	p.Title.Text = a.Title
	p.Title.TextStyle = style(titleSize, color.Black, draw.XCenter, draw.YTop)
	p.Title.Padding = 28 // room for a rate written above a full bar

	p.Y.Label.Text = a.YLabel
	p.Y.Label.TextStyle = style(axisLabelSize, color.Black, draw.XCenter, draw.YBottom)
	p.Y.Tick.Label = style(tickSize, color.Black, draw.XRight, draw.YCenter)
	p.Y.Min, p.Y.Max = 0, 100
	p.X.Padding, p.Y.Padding = 0, 0 // the axes meet at 0 %
	var yTicks plot.ConstantTicks
	for v := 0; v <= 100; v += 10 {
		t := plot.Tick{Value: float64(v)}
		if v%20 == 0 {
			t.Label = fmt.Sprintf("%d%%", v)
		}
		yTicks = append(yTicks, t)
	}
	p.Y.Tick.Marker = yTicks

	grid := plotter.NewGrid()
	grid.Vertical.Color = nil
	grid.Horizontal.Color = gridColor
	grid.Horizontal.Width = 1
	p.Add(grid)

	p.X.Tick.Label = style(xLabelSize, color.Black, draw.XCenter, draw.YTop)
	n := len(a.Points)
	if n == 0 {
		p.X.Min, p.X.Max = 0, 1
		p.X.Tick.Marker = plot.ConstantTicks{}
		p.Add(message{text: a.Empty, style: style(emptySize, emptyColor, draw.XCenter, draw.YCenter)})
		return p
	}

	rates := make([]float64, n)
	labels := make([]string, n)
	for i, pt := range a.Points {
		rates[i] = clamp(pt.Rate)
		labels[i] = shorten(pt.Label)
	}
	// Fewer points than minSlots sit in the middle, as wide as in a chart
	// of minSlots, rather than one bar filling the picture.
	pad := max(0, float64(minSlots-n)/2)
	p.X.Min, p.X.Max = -0.5-pad, float64(n)-0.5+pad
	every, turned := xLabelLayout(labels, p.X.Tick.Label, max(n, minSlots))
	if turned {
		p.X.Tick.Label.Rotation = math.Pi / 4
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YCenter
	}
	var xTicks plot.ConstantTicks
	for i, l := range labels {
		t := plot.Tick{Value: float64(i)}
		if i%every == 0 {
			t.Label = l
		}
		xTicks = append(xTicks, t)
	}
	p.X.Tick.Marker = xTicks

	b := bars{rates: rates, color: barColor}
	if n <= maxValueLabels {
		b.values = style(valueSize, color.Black, draw.XCenter, draw.YBottom)
	}
	p.Add(b)
	return p
}

// xLabelLayout decides how the x labels fit: side by side when the widest
// fits its slot, else turned by 45° with every k-th label written, k the
// fewest slots whose spacing keeps turned lines of text apart.
func xLabelLayout(labels []string, sty text.Style, slots int) (every int, turned bool) {
	slot := vg.Length(plotWidth) / vg.Length(slots)
	var widest vg.Length
	for _, l := range labels {
		widest = max(widest, sty.Width(l))
	}
	if widest+8 <= slot {
		return 1, false
	}
	// Turned by 45°, neighbouring labels are slot·sin 45° apart; they need a
	// line's height.
	line := sty.FontExtents().Height * 1.1
	every = int(math.Ceil(float64(line / (slot * math.Sqrt2 / 2))))
	return max(every, 1), true
}

// clamp makes a rate a number from 0 to 1.
func clamp(r float64) float64 {
	switch {
	case math.IsNaN(r) || r < 0:
		return 0
	case r > 1:
		return 1
	}
	return r
}

// shorten cuts a label to maxLabelRunes, marking the cut with an ellipsis.
func shorten(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	r := []rune(s)
	if len(r) <= maxLabelRunes {
		return s
	}
	return string(r[:maxLabelRunes-1]) + "…"
}

// bars draws one bar per rate at x = 0, 1, …, in percent, and writes the
// rate above each bar when values has a handler.
type bars struct {
	rates  []float64
	color  color.Color
	values text.Style
}

// barWidth is a bar's share of its slot.
const barWidth = 0.7

// Plot implements plot.Plotter.
func (b bars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i, r := range b.rates {
		x := float64(i)
		if r > 0 {
			x0, x1 := trX(x-barWidth/2), trX(x+barWidth/2)
			y0, y1 := trY(0), trY(r*100)
			c.FillPolygon(b.color, []vg.Point{{X: x0, Y: y0}, {X: x0, Y: y1}, {X: x1, Y: y1}, {X: x1, Y: y0}})
		}
		if b.values.Handler != nil {
			c.FillText(b.values, vg.Point{X: trX(x), Y: trY(r*100) + 4}, fmt.Sprintf("%.0f%%", r*100))
		}
	}
}

// message writes a text in the middle of the data area.
type message struct {
	text  string
	style text.Style
}

// Plot implements plot.Plotter.
func (m message) Plot(c draw.Canvas, _ *plot.Plot) {
	c.FillText(m.style, c.Center(), m.text)
}
