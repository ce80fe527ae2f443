package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"golang.org/x/image/font/opentype"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// meetingKinds are the names a branch's meetings go by.
var meetingKinds = []string{"党员大会", "支委会", "党小组会", "党课", "主题党日"}

// quarter returns a chart of n meetings with rates that vary.
func quarter(n int) Attendance {
	a := Attendance{
		Title:  "出勤率 · 第一党支部 · 2026-Q1",
		YLabel: "出勤率（%）",
		Empty:  "本期没有已召开的会议",
	}
	for i := range n {
		a.Points = append(a.Points, Point{
			Label: fmt.Sprintf("%02d-%02d %s", 1+i/5, 1+i%28, meetingKinds[i%len(meetingKinds)]),
			Rate:  float64((i*37+60)%101) / 100,
		})
	}
	return a
}

// decode renders a and decodes the PNG, checking its size.
func decode(t *testing.T, a Attendance) image.Image {
	t.Helper()
	b, err := a.PNG()
	if err != nil {
		t.Fatalf("PNG: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if got := img.Bounds().Size(); got != image.Pt(Width, Height) {
		t.Fatalf("size %v, want %dx%d", got, Width, Height)
	}
	return img
}

// dark counts the pixels of r darker than mid-grey.
func dark(img image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y < 128 {
				n++
			}
		}
	}
	return n
}

func TestEmbeddedFontParses(t *testing.T) {
	f, err := opentype.Parse(ttf)
	if err != nil {
		t.Fatalf("the embedded font does not parse: %v", err)
	}
	if n := f.NumGlyphs(); n < 3000 {
		t.Errorf("the embedded font has %d glyphs; the subset keeps some 4000", n)
	}
	if len(ttf) > 3<<20 {
		t.Errorf("the embedded font weighs %d bytes, over 3 MB", len(ttf))
	}
}

// TestGlyphsHaveInk draws texts through the chart's own text handler and
// checks each leaves ink: a face that maps a rune to an empty glyph would
// pass Missing and still draw nothing.
func TestGlyphsHaveInk(t *testing.T) {
	for _, s := range []string{"出", "党员大会", "第一党支部", "A", "g", "0", "%", "Q1", "（）", "。"} {
		c := vgimg.NewWith(vgimg.UseWH(200, 60), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))
		dc := draw.New(c)
		dc.FillText(style(32, color.Black, draw.XLeft, draw.YCenter), vg.Point{X: 10, Y: 30}, s)
		if n := dark(c.Image(), c.Image().Bounds()); n < 30*len([]rune(s)) {
			t.Errorf("%q drew %d dark pixels; its glyphs are empty or missing", s, n)
		}
	}
}

func TestMissing(t *testing.T) {
	for _, s := range append(slices.Clone(meetingKinds),
		"出勤率", "第一党支部", "出勤率 · 第一党支部 · 2026-Q1", "本期没有已召开的会议",
		"12-04 党员大会", "出勤率（%）", "ABCxyz 0123456789 %-.:/()", "Ünïcödé «»", "“引号”、，。！？…",
		"two\nlines") {
		if m := Missing(s); len(m) != 0 {
			t.Errorf("Missing(%q) = %q, want none", s, m)
		}
	}
	for _, tc := range []struct {
		s    string
		want []rune
	}{
		{"😀𠀋", []rune{'😀', '𠀋'}},
		{"党😀课😀𠀋😀", []rune{'😀', '𠀋'}},
		{"\t", []rune{'\t'}},
		{"", nil},
	} {
		if got := Missing(tc.s); !slices.Equal(got, tc.want) {
			t.Errorf("Missing(%q) = %q, want %q", tc.s, got, tc.want)
		}
	}
}

// TestCatalogueHanziCovered keeps the subset in step with the message
// catalogue: a hanzi added to bot/i18n that the font lacks means
// font/subset.sh must be run again.
func TestCatalogueHanziCovered(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "i18n", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no catalogue files: %v", err)
	}
	var han strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range string(b) {
			if unicode.Is(unicode.Han, r) {
				han.WriteRune(r)
			}
		}
	}
	if m := Missing(han.String()); len(m) != 0 {
		t.Errorf("the font lacks catalogue hanzi %q: run bot/chart/font/subset.sh", string(m))
	}
}

func TestPNGShapes(t *testing.T) {
	for _, n := range []int{0, 1, 2, 13, 52, 60} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			decode(t, quarter(n))
		})
	}
}

// TestTitleDrawn compares a title of hanzi with one of as many ideographic
// spaces: the layout is the same, so only the glyphs' ink differs.
func TestTitleDrawn(t *testing.T) {
	a := quarter(5)
	a.Title = "出勤率"
	with := decode(t, a)
	a.Title = "\u3000\u3000\u3000"
	without := decode(t, a)
	top := image.Rect(0, 0, Width, 60)
	if n := dark(without, top); n != 0 {
		t.Errorf("a title of spaces left %d dark pixels", n)
	}
	if n := dark(with, top); n < 300 {
		t.Errorf("the title 出勤率 drew %d dark pixels; its glyphs vanished", n)
	}
}

func TestEmptyChart(t *testing.T) {
	a := quarter(0)
	with := decode(t, a)
	a.Empty = ""
	without := decode(t, a)
	mid := image.Rect(Width/4, Height/3, Width*3/4, Height*2/3)
	if n := dark(without, mid); n != 0 {
		t.Errorf("an empty chart without a message has %d dark pixels in the middle", n)
	}
	// The message is grey; count pixels that are not white.
	inked := 0
	for y := mid.Min.Y; y < mid.Max.Y; y++ {
		for x := mid.Min.X; x < mid.Max.X; x++ {
			if color.GrayModel.Convert(with.At(x, y)).(color.Gray).Y < 200 {
				inked++
			}
		}
	}
	if inked < 500 {
		t.Errorf("the empty message drew %d pixels; want it in the middle of the chart", inked)
	}
}

func TestMissingGlyphRefused(t *testing.T) {
	for name, mutate := range map[string]func(*Attendance){
		"label":  func(a *Attendance) { a.Points[1].Label = "党员大会😀" },
		"title":  func(a *Attendance) { a.Title += " 😀" },
		"ylabel": func(a *Attendance) { a.YLabel = "😀" },
		"empty":  func(a *Attendance) { a.Empty = "没有会议😀" },
	} {
		t.Run(name, func(t *testing.T) {
			a := quarter(3)
			mutate(&a)
			b, err := a.PNG()
			if !errors.Is(err, ErrMissingGlyphs) {
				t.Fatalf("PNG() error = %v, want ErrMissingGlyphs", err)
			}
			if b != nil {
				t.Errorf("PNG returned %d bytes with its error", len(b))
			}
			if !strings.Contains(err.Error(), "U+1F600") {
				t.Errorf("error %q does not name the rune", err)
			}
		})
	}
}

// TestRatesClamped: odd rates draw exactly as their clamped values.
func TestRatesClamped(t *testing.T) {
	odd, clamped := quarter(6), quarter(6)
	for i, r := range []float64{math.NaN(), -0.5, 1.7, math.Inf(1), math.Inf(-1), 0.5} {
		odd.Points[i].Rate = r
		clamped.Points[i].Rate = clamp(r)
	}
	for i, want := range []float64{0, 0, 1, 1, 0, 0.5} {
		if got := clamped.Points[i].Rate; got != want {
			t.Errorf("clamp(point %d) = %v, want %v", i, got, want)
		}
	}
	a, err := odd.PNG()
	if err != nil {
		t.Fatal(err)
	}
	b, err := clamped.PNG()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("odd rates draw differently from their clamped values")
	}
}

func TestXLabelLayout(t *testing.T) {
	sty := style(xLabelSize, color.Black, draw.XCenter, draw.YTop)
	every, turned := xLabelLayout([]string{"1月", "2月", "3月"}, sty, minSlots)
	if every != 1 || turned {
		t.Errorf("3 short labels: every %d, turned %v; want every label, level", every, turned)
	}
	labels := make([]string, 60)
	for i := range labels {
		labels[i] = shorten(quarter(60).Points[i].Label)
	}
	every, turned = xLabelLayout(labels, sty, len(labels))
	if !turned || every < 2 || every > 4 {
		t.Errorf("60 labels: every %d, turned %v; want turned, every 2nd to 4th", every, turned)
	}
	slot := vg.Length(plotWidth) / 60
	if gap := vg.Length(every) * slot * math.Sqrt2 / 2; gap < sty.FontExtents().Height {
		t.Errorf("turned labels %v apart, less than a line (%v)", gap, sty.FontExtents().Height)
	}
}

func TestShorten(t *testing.T) {
	for in, want := range map[string]string{
		"12-04 党员大会": "12-04 党员大会",
		"12-04 关于学习贯彻全会精神的专题会": "12-04 关于学习贯彻全…",
		"a\nb": "a b",
	} {
		if got := shorten(in); got != want {
			t.Errorf("shorten(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestConcurrentPNG draws from several goroutines at once (run with -race)
// and checks each gets the same picture as a lone call.
func TestConcurrentPNG(t *testing.T) {
	charts := []Attendance{quarter(0), quarter(7), quarter(52)}
	want := make([][]byte, len(charts))
	for i, a := range charts {
		b, err := a.PNG()
		if err != nil {
			t.Fatal(err)
		}
		want[i] = b
	}
	const workers = 6
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			i := w % len(charts)
			b, err := charts[i].PNG()
			switch {
			case err != nil:
				errs <- err
			case !bytes.Equal(b, want[i]):
				errs <- fmt.Errorf("chart %d drew differently when drawn concurrently", i)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func BenchmarkAttendancePNG(b *testing.B) {
	a := quarter(52)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.PNG(); err != nil {
			b.Fatal(err)
		}
	}
}
