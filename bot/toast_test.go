package bot

import (
	"strings"
	"testing"
)

// TestCheckInPopupIsPlainText: a button's popup is plain text, so the
// code prompt reads "/checkin <签到码>", not "&lt;签到码&gt;".
func TestCheckInPopupIsPlainText(t *testing.T) {
	h, owner, alice, _, _, _ := branchOf4(t)
	mustContain(t, h.dm(owner, "/meeting 党员大会 2026-11-25 19:00 code=on remind=1h 年终总结"), "#1")
	h.advance(at(2026, 11, 25, 18, 40).Sub(h.clock.Now()))
	reminder := h.messagesWith(alice.ID, "年终总结")
	if len(reminder) == 0 {
		t.Fatal("no reminder reached Alice")
	}
	toast, _ := h.press(alice, reminder[len(reminder)-1], "✅ 签到")
	if !strings.Contains(toast, "/checkin <签到码>") || strings.Contains(toast, "&lt;") {
		t.Errorf("popup = %q, want plain text with /checkin <签到码>", toast)
	}
}
