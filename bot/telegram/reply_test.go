package telegram

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestToastText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"请发送 /checkin &lt;签到码&gt;", "请发送 /checkin <签到码>"},
		{"<b>已签到</b> 18:45", "已签到 18:45"},
		{"A &amp; B", "A & B"},
		{"1 < 2 and 3 > 2", "1 < 2 and 3 > 2"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := ToastText(tt.in); got != tt.want {
			t.Errorf("ToastText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := ToastText(strings.Repeat("字", 300)); utf8.RuneCountInString(got) != maxToast {
		t.Errorf("a long toast has %d characters, want %d", utf8.RuneCountInString(got), maxToast)
	}
}

func FuzzToastText(f *testing.F) {
	f.Add("请发送 /checkin &lt;签到码&gt;")
	f.Add("<b>x</b><")
	f.Fuzz(func(t *testing.T, s string) {
		got := ToastText(s)
		if utf8.RuneCountInString(got) > maxToast {
			t.Fatalf("%d characters", utf8.RuneCountInString(got))
		}
	})
}
