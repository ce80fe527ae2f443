package tgtest

import (
	"strings"
	"testing"
)

func TestParseText(t *testing.T) {
	cases := []struct {
		mode, in, want, err string
	}{
		{"HTML", "a &lt; b &amp;&amp c &quot;d&quot; &#39;e&#x27; &nbsp;", `a < b && c "d" 'e' &nbsp;`, ""},
		{"HTML", "<B>x</B> <a href='https://t.me'>y</a> <span class=\"tg-spoiler\">z</span> <tg-emoji emoji-id=\"1\">👍</tg-emoji>", "x y z 👍", ""},
		{"HTML", "<blockquote expandable>q</blockquote>", "", "Expected equal sign"},
		{"HTML", "<b>x</i>", "", `Unmatched end tag at byte offset 4, expected "</b>", found "</i>"`},
		{"HTML", "x</b>", "", "Unexpected end tag at byte offset 1"},
		{"HTML", "<br>", "", `Unsupported start tag "br" at byte offset 0`},
		{"HTML", "<b", "", "Unclosed start tag at byte offset 0"},
		{"MarkdownV2", `*b* _i_ __u__ ~s~ ||p|| \_ \* [l](https://x.y/\)) ![👍](tg://emoji?id=5)`, "b i u s p _ * l 👍", ""},
		{"MarkdownV2", "`a.b` ```go\nfmt.Println(1)\n```", "a.b fmt.Println(1)\n", ""},
		{"MarkdownV2", ">quote\n>more\n**>long\n>hidden||", "quote\nmore\nlong\nhidden", ""},
		{"MarkdownV2", "a_b", "", "Can't find end of Italic entity at byte offset 1"},
		{"MarkdownV2", "1+1", "", `Character '+' is reserved and must be escaped with the preceding '\'`},
		{"MarkdownV2", "a > b", "", `Character '>' is reserved`},
		{"MarkdownV2", "[x](http://a", "", "Can't find end of a URL at byte offset 4"},
		{"Markdown", "*b* _i_ `c` [l](http://x.y) 2*3", "", "Can't find end of the entity starting at byte offset 29"},
		{"Markdown", "*b* _i_ `c` [l](http://x.y) ```\ncode```", "b i c l code", ""},
		{"markdown", "a\\_b", "a_b", ""},
		{"Textile", "x", "", "unsupported parse_mode"},
	}
	for _, tc := range cases {
		got, err := parseText(tc.in, tc.mode)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s %q: err = %v, want %q", tc.mode, tc.in, err, tc.err)
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("%s %q = %q, %v; want %q", tc.mode, tc.in, got, err, tc.want)
		}
	}
}

func TestBotCommandEntities(t *testing.T) {
	cases := []struct {
		text string
		want [][2]int // offset, length
	}{
		{"/start", [][2]int{{0, 6}}},
		{"/start@branchbot_test_bot now", [][2]int{{0, 25}}},
		{"你好 /help", [][2]int{{3, 5}}},
		{"😀 /help", [][2]int{{3, 5}}},
		{"(/help) x/no /no/ /x@ab /y@", [][2]int{{1, 5}, {24, 2}}},
		{"https://t.me/x", nil},
		{"/", nil},
	}
	for _, tc := range cases {
		var got [][2]int
		for _, e := range botCommandEntities(tc.text) {
			got = append(got, [2]int{e.Offset, e.Length})
		}
		if len(got) != len(tc.want) {
			t.Errorf("%q: %v, want %v", tc.text, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%q: %v, want %v", tc.text, got, tc.want)
				break
			}
		}
	}
}
