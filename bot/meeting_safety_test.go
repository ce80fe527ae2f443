package bot

import (
	"strconv"

	"branchbot/bot/tgtest"
)

// cancelMeeting cancels meeting id as u the way a secretary does: the
// command, then the confirmation's button. It returns the confirmed text.
func cancelMeeting(h *harness, u *tgtest.User, id uint64) string {
	h.t.Helper()
	ask := h.say(u, u.PrivateChat(), "/meeting cancel "+strconv.FormatUint(id, 10))
	if len(ask) != 1 {
		h.t.Fatalf("/meeting cancel %d: %v", id, plains(ask))
	}
	label := "❌ 确认取消"
	if _, ok := ask[0].Button(label); !ok {
		label = "❌ Cancel it"
	}
	_, after := h.press(u, ask[0], label)
	return after.Plain
}
