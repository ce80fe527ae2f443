package main

import (
	"slices"
	"strings"
	"testing"
)

// joinAll feeds lines to a fresh lineJoiner and returns the messages they
// made and what was left pending.
func joinAll(lines []string) (msgs []string, pending int, block bool) {
	var j lineJoiner
	for _, l := range lines {
		if m, ok := j.Add(l); ok {
			msgs = append(msgs, m)
		}
	}
	pending, block = j.Pending()
	return msgs, pending, block
}

func TestLineJoiner(t *testing.T) {
	for _, tc := range []struct {
		name    string
		lines   []string
		want    []string
		pending int
		block   bool
	}{
		{name: "a line is a message", lines: []string{"/help", "", "hi"}, want: []string{"/help", "", "hi"}},
		{
			name:  "backslash continues",
			lines: []string{`/survey 午餐 \`, `单选：吃什么｜面｜饭\`, "填空：建议"},
			want:  []string{"/survey 午餐 \n单选：吃什么｜面｜饭\n填空：建议"},
		},
		{name: "spaces after the backslash", lines: []string{"a\\  \t", "b"}, want: []string{"a\nb"}},
		{name: "a backslash inside a line stays", lines: []string{`C:\dir x`}, want: []string{`C:\dir x`}},
		{name: "a lone backslash is an empty line", lines: []string{`\`, `\`, "end"}, want: []string{"\n\nend"}},
		{name: "windows line ends", lines: []string{"a\\\r", "b\r"}, want: []string{"a\nb"}},
		{
			name:  "paste block",
			lines: []string{"<<<", "/survey 晚餐", "评分：好吃吗", "", "填空：建议", ">>>", "/help"},
			want:  []string{"/survey 晚餐\n评分：好吃吗\n\n填空：建议", "/help"},
		},
		{
			name:  "a block keeps backslashes and <<<",
			lines: []string{" <<< ", `ends in \`, "<<<", "  indented", " >>>\t"},
			want:  []string{"ends in \\\n<<<\n  indented"},
		},
		{name: "an empty block is an empty message", lines: []string{"<<<", ">>>"}, want: []string{""}},
		{name: ">>> alone is text", lines: []string{">>>"}, want: []string{">>>"}},
		{name: "<<< after a continuation is text", lines: []string{`a\`, "<<<"}, want: []string{"a\n<<<"}},
		{name: "a marker with text is text", lines: []string{"<<< /survey", "x"}, want: []string{"<<< /survey", "x"}},
		{name: "unfinished continuation", lines: []string{"/help", `a\`, `b\`}, want: []string{"/help"}, pending: 2},
		{name: "unfinished block", lines: []string{"<<<", "a"}, pending: 1, block: true},
		{name: "block just begun", lines: []string{"<<<"}, block: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			msgs, pending, block := joinAll(tc.lines)
			if !slices.Equal(msgs, tc.want) {
				t.Errorf("messages %q, want %q", msgs, tc.want)
			}
			if pending != tc.pending || block != tc.block {
				t.Errorf("pending %d lines (block %v), want %d (block %v)", pending, block, tc.pending, tc.block)
			}
		})
	}
}

// FuzzLineJoiner checks that any message survives being typed either way:
// as a paste block, and with a backslash at the end of every line but the
// last. And that no input, however odd, makes a message out of thin air.
func FuzzLineJoiner(f *testing.F) {
	for _, s := range []string{"", "/help", "/survey 午餐\n单选：吃什么｜面｜饭\n填空：建议", "a\\\nb", "<<<\n>>>", " >>> ", "x\r\ny", "\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lines := strings.Split(s, "\n")

		// Any input: each message is made of input lines, and every line
		// is used once, in a message, as a marker, or pending.
		msgs, pending, _ := joinAll(lines)
		used := pending
		for _, m := range msgs {
			used += strings.Count(m, "\n") + 1
		}
		if used > len(lines) {
			t.Fatalf("%q made messages %q (+%d pending) from %d lines", lines, msgs, pending, len(lines))
		}

		if strings.Contains(s, "\r") {
			return // line ends are dropped by design
		}
		ends := false
		for _, l := range lines {
			if strings.TrimSpace(l) == pasteEnd {
				ends = true
			}
		}
		if !ends {
			block := append(append([]string{pasteStart}, lines...), pasteEnd)
			if got, p, _ := joinAll(block); !slices.Equal(got, []string{s}) || p != 0 {
				t.Errorf("as a block %q gives %q (%d pending), want %q", block, got, p, s)
			}
		}

		last := lines[len(lines)-1]
		if strings.HasSuffix(strings.TrimRight(last, " \t"), `\`) || len(lines) == 1 && strings.TrimSpace(last) == pasteStart {
			return // that text needs a block
		}
		cont := slices.Clone(lines)
		for i := range cont[:len(cont)-1] {
			cont[i] += `\`
		}
		if got, p, _ := joinAll(cont); !slices.Equal(got, []string{s}) || p != 0 {
			t.Errorf("continued %q gives %q (%d pending), want %q", cont, got, p, s)
		}
	})
}
