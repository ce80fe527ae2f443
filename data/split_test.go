package data

import (
	"strings"
	"testing"
)

func TestSplitText(t *testing.T) {
	para := strings.Repeat("支部通知内容。", 100) // 700 characters
	tests := []struct {
		name  string
		text  string
		limit int
		parts int
		first string // suffix the first part must end with, if any
	}{
		{"short", "hello", 10, 1, ""},
		{"empty", "", 10, 1, ""},
		{"paragraphs", para + "\n\n" + para, 1000, 2, "\n\n"},
		{"lines", para + "\n" + para, 1000, 2, "\n"},
		{"sentences", para, 500, 2, "。"},
		{"words", strings.Repeat("word ", 300), 1000, 2, " "},
		{"no break", strings.Repeat("x", 2500), 1000, 3, ""},
		{"emoji", strings.Repeat("🚩", 1000), 1001, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := SplitText(tt.text, tt.limit)
			if len(parts) != tt.parts {
				t.Fatalf("%d parts, want %d", len(parts), tt.parts)
			}
			if strings.Join(parts, "") != tt.text {
				t.Fatal("parts do not join back to the text")
			}
			for i, p := range parts {
				if UTF16Len(p) > tt.limit {
					t.Errorf("part %d has %d units", i, UTF16Len(p))
				}
			}
			if tt.first != "" && !strings.HasSuffix(parts[0], tt.first) {
				t.Errorf("first part ends %q, want a cut after %q", parts[0][max(0, len(parts[0])-9):], tt.first)
			}
		})
	}
}

func FuzzSplitText(f *testing.F) {
	f.Add("支部通知。\n\nsecond paragraph 🚩", 7)
	f.Add("", 2)
	f.Fuzz(func(t *testing.T, text string, limit int) {
		if limit < 2 || limit > 5000 || len(text) > 20000 {
			return
		}
		parts := SplitText(text, limit)
		if strings.Join(parts, "") != text {
			t.Fatal("parts do not join back")
		}
		for _, p := range parts {
			if UTF16Len(p) > limit {
				t.Fatalf("part of %d units over %d", UTF16Len(p), limit)
			}
			if p == "" && text != "" {
				t.Fatal("empty part")
			}
		}
	})
}

func TestSplitHTML(t *testing.T) {
	amps := strings.Repeat("a&amp;b ", 500) // 2,000 shown units, 4,000 bytes of source
	tests := []struct {
		name  string
		html  string
		limit int
		parts int
	}{
		{"entities count as one unit", amps, 4000, 1},
		{"tags take no room", "<b>" + strings.Repeat("字", 100) + "</b>", 100, 1},
		{"cut at a line, not in an entity", strings.Repeat("x&lt;y\n", 100), 50, 9},
		{"empty", "", 10, 1},
	}
	for _, tt := range tests {
		parts := SplitHTML(tt.html, tt.limit)
		if len(parts) != tt.parts {
			t.Errorf("%s: %d parts, want %d", tt.name, len(parts), tt.parts)
		}
		checkHTMLParts(t, tt.html, tt.limit, parts)
	}
	if got := RenderedLen("<b>A&amp;B</b> 😀"); got != 6 {
		t.Errorf("RenderedLen = %d, want 6 (A, &, B, a space and a two-unit emoji)", got)
	}
}

// checkHTMLParts: the parts join back to html, each shows at most limit
// units (unless one token alone is wider), and no cut falls inside a tag
// or an entity.
func checkHTMLParts(t *testing.T, html string, limit int, parts []string) {
	t.Helper()
	if strings.Join(parts, "") != html {
		t.Fatalf("parts do not join back to the text")
	}
	for i, p := range parts {
		if n := RenderedLen(p); n > limit && len(p) > 12 {
			t.Fatalf("part %d shows %d units, over %d", i, n, limit)
		}
	}
	// A cut inside a tag or an entity would make the parts read otherwise
	// than the whole: their shown lengths would not add up.
	sum := 0
	for _, p := range parts {
		sum += RenderedLen(p)
	}
	if want := RenderedLen(html); sum != want {
		t.Fatalf("a cut fell inside a tag or an entity: parts show %d units, the whole %d", sum, want)
	}
}

func FuzzSplitHTML(f *testing.F) {
	f.Add("<b>标题</b>\n&amp;&lt;x&gt; 😀 text. more", 5)
	f.Add(strings.Repeat("&amp;", 20), 3)
	f.Add("<a href=\"x y\">link</a> & < >", 2)
	f.Fuzz(func(t *testing.T, html string, limit int) {
		if limit < 1 || limit > 5000 || len(html) > 20000 {
			return
		}
		checkHTMLParts(t, html, limit, SplitHTML(html, limit))
	})
}
