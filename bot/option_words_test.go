package bot

import (
	"reflect"
	"strings"
	"testing"
	"unicode"

	"branchbot/bot/i18n"
)

// Quoted option values: a place or group with spaces in it.

func TestParseMeetingArgsQuotedValues(t *testing.T) {
	loc := ipZone(t)
	now := ipNow(loc)
	tests := []struct {
		args, place, group, title string
	}{
		// Without quotes a value ends at the first space: the rest is title.
		{"党员大会 2026-12-05 15:00 at=会议室 B 学习交流", "会议室", "", "B 学习交流"},
		{`党员大会 2026-12-05 15:00 at="会议室 B" 学习交流`, "会议室 B", "", "学习交流"},
		{"党员大会 2026-12-05 15:00 at='会议室 B' 学习交流", "会议室 B", "", "学习交流"},
		{"党员大会 2026-12-05 15:00 at=“会议室 B” 学习交流", "会议室 B", "", "学习交流"},
		{"党员大会 2026-12-05 15:00 at=「会议室 B」 学习交流", "会议室 B", "", "学习交流"},
		{"党员大会 2026-12-05 15:00 at=『会议室 B』 学习交流", "会议室 B", "", "学习交流"},
		{"党员大会 2026-12-05 15:00 at=‘会议室 B’ 学习交流", "会议室 B", "", "学习交流"},
		{"党员大会 2026-12-05 15:00 at=＂会议室 B＂ 学习交流", "会议室 B", "", "学习交流"},
		{"党员大会 2026-12-05 15:00 AT＝“会议室 B” 学习交流", "会议室 B", "", "学习交流"},
		// Glued to the closing quote, as Chinese is often typed.
		{"党员大会 2026-12-05 15:00 at=“会议室 B”学习交流", "会议室 B", "", "学习交流"},
		// Spaces inside are kept as one; quotes of another kind are kept.
		{"党员大会 2026-12-05 15:00 at=“  三楼　会议室  B ” x", "三楼 会议室 B", "", "x"},
		{`党员大会 2026-12-05 15:00 at=“Bob's "big" room” x`, `Bob's "big" room`, "", "x"},
		{"党员大会 2026-12-05 15:00 学习 at=“会议室 B” 交流", "会议室 B", "", "学习 交流"},
		{"党小组会 2026-12-05 15:00 group=“第一 党小组” at=“活动室 2” 学习", "活动室 2", "第一 党小组", "学习"},
		// Quotes in the title, or on a word that is no option, stay as typed.
		{`党员大会 2026-12-05 15:00 学习“二十大”精神`, "", "", "学习“二十大”精神"},
		{`党员大会 2026-12-05 15:00 x="a b" c`, "", "", `x="a b" c`},
		// A quote that is not at the value's start is part of the value.
		{`党员大会 2026-12-05 15:00 at=B"楼 x`, `B"楼`, "", "x"},
	}
	for _, tt := range tests {
		in, ierr := ParseMeetingArgs(tt.args, loc, now)
		if ierr != nil {
			t.Errorf("ParseMeetingArgs(%q): %v", tt.args, ierr)
			continue
		}
		if in.Place != tt.place || in.Group != tt.group || in.Title != tt.title {
			t.Errorf("ParseMeetingArgs(%q) = place %q, group %q, title %q; want %q, %q, %q", tt.args, in.Place, in.Group, in.Title, tt.place, tt.group, tt.title)
		}
	}
}

func TestParseQuotedValuesBadInput(t *testing.T) {
	loc := ipZone(t)
	now := ipNow(loc)
	tests := []struct {
		args    string
		problem i18n.Key
		value   string
	}{
		{`党员大会 2026-12-05 15:00 at="会议室 B 学习交流`, i18n.MsgOpenQuote, "at"},
		{"党员大会 2026-12-05 15:00 at=“会议室 B 学习交流", i18n.MsgOpenQuote, "at"},
		{"党员大会 2026-12-05 15:00 at=“会议室 B“ 学习交流", i18n.MsgOpenQuote, "at"}, // opened twice, never closed
		{"党员大会 2026-12-05 15:00 at=「会议室 B", i18n.MsgOpenQuote, "at"},
		{"党小组会 2026-12-05 15:00 Group=“第一", i18n.MsgOpenQuote, "group"},
		{`党员大会 2026-12-05 15:00 at="" x`, i18n.MsgBadOption, "at="},
		{"党员大会 2026-12-05 15:00 at=“  ” x", i18n.MsgBadOption, "at="},
		{`党员大会 2026-12-05 15:00 at="会议室 B"`, i18n.MsgNoTitle, ""},
	}
	for _, tt := range tests {
		_, ierr := ParseMeetingArgs(tt.args, loc, now)
		if ierr == nil || ierr.Problem != tt.problem || ierr.Value != tt.value {
			t.Errorf("ParseMeetingArgs(%q) = %v; want %s %q", tt.args, ierr, tt.problem, tt.value)
		}
	}
	if _, ierr := ParseSeriesArgs("committee weekly:mon 15:00 at=“三楼 x"); ierr == nil || ierr.Problem != i18n.MsgOpenQuote || ierr.Value != "at" {
		t.Errorf("series with an open quote: %v", ierr)
	}
}

func TestParseSeriesArgsQuotedValues(t *testing.T) {
	in, ierr := ParseSeriesArgs("党小组会 weekly:tue 19:00 group=“第一 党小组” at=「活动室 2」 holiday=\"move\" 学习")
	if ierr != nil {
		t.Fatal(ierr)
	}
	if in.Group != "第一 党小组" || in.Place != "活动室 2" || in.Holiday != "move" || in.Title != "学习" {
		t.Errorf("ParseSeriesArgs = %#v", in)
	}
	if _, ierr := ParseSeriesArgs("committee weekly:mon 15:00 code=“on” x"); ierr == nil || ierr.Problem != i18n.MsgSeriesCheckInOption {
		t.Errorf("a quoted check-in option in a series: %v", ierr)
	}
}

func TestSplitWords(t *testing.T) {
	tests := map[string][]string{
		"":                nil,
		"  a  b ":         {"a", "b"},
		`at="x y" z`:      {"at=x y", "z"},
		`at="x y"z`:       {"at=x y", "z"},
		`at="x y""z"`:     {"at=x y", `"z"`},
		"at=“x”　dur=“1h”": {"at=x", "dur=1h"},
		`t="x y"`:         {`t="x`, `y"`},
		"at=\"\"":         {"at="},
		"a\nat=“b\nc”\nd": {"a", "at=b c", "d"},
		"at=「a」at=「b」":    {"at=a", "at=b"},
		"at=“a” “b”":      {"at=a", "“b”"},
		"AT＝“a b”":        {"at=a b"},
		"at=x\"y z\"":     {`at=x"y`, `z"`},
	}
	for in, want := range tests {
		got, ierr := splitWords(in, meetingOptionKeys)
		if ierr != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("splitWords(%q) = %q, %v; want %q", in, got, ierr, want)
		}
	}
}

func FuzzSplitWords(f *testing.F) {
	for _, s := range []string{`at="x y" z`, "at=“会议室 B”学习", "at=「a", "at=", `"`, "at=\"", "AT＝『a』", "x y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words, ierr := splitWords(s, meetingOptionKeys)
		if ierr != nil {
			if ierr.Problem != i18n.MsgOpenQuote || !meetingOptionKeys[ierr.Value] {
				t.Fatalf("splitWords(%q): %v", s, ierr)
			}
			return
		}
		for _, w := range words {
			if w == "" || w != strings.TrimSpace(w) {
				t.Fatalf("splitWords(%q) = %q: word %q", s, words, w)
			}
			if _, _, opt := cutOption(w); !opt && strings.IndexFunc(w, unicode.IsSpace) >= 0 {
				t.Fatalf("splitWords(%q) = %q: %q has a space but is no option", s, words, w)
			}
		}
		// Without quotes it is strings.Fields.
		if !strings.ContainsAny(s, "\"'“‘「『＂＇＝") && len(words)+len(strings.Fields(s)) > 0 && !reflect.DeepEqual(words, strings.Fields(s)) {
			t.Fatalf("splitWords(%q) = %q; want %q", s, words, strings.Fields(s))
		}
	})
}
