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
