package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"branchbot/bot/tgtest"
)

// Updates the bot cannot read, in one batch with good ones, are skipped
// and named in the log once each, even when Telegram delivers one again
// and again; the good ones around them are handled in order, and so is
// everything after.
func TestUnreadableUpdatesDoNotStopPolling(t *testing.T) {
	h, owner := newHarness(t)
	h.stop()
	h.realClock = true // the poller backs off on the bot's clock between redeliveries
	h.start(nil)
	h.dm(owner, "/neworg 第一党支部")
	before := len(h.srv.Messages(owner.ID))

	release := h.srv.HoldUpdates()
	h.srv.SendText(owner, owner.PrivateChat(), "/help")
	h.srv.InjectRaw(json.RawMessage(`{"message":{"text":"没有编号的更新","chat":{"id":1,"type":"private"}}}`))
	h.srv.SendText(owner, owner.PrivateChat(), "/members")
	h.srv.InjectRaw(json.RawMessage(`{"update_id":"编号是字符串","message":{"text":"x"}}`))
	// Well numbered, but its message is not an object: recorded and passed
	// over like an update of an unknown kind.
	odd := h.srv.InjectRawFunc(func(id int64) json.RawMessage {
		return json.RawMessage(fmt.Sprintf(`{"update_id":%d,"message":[]}`, id))
	})
	last := h.srv.SendText(owner, owner.PrivateChat(), "/start")
	release()
	h.handled(last)
	got := plains(h.srv.Messages(owner.ID)[before:])
	if len(got) != 3 || !strings.Contains(got[0], "/notice") || !strings.Contains(got[1], "共 1 人") || !strings.Contains(got[2], "你好") {
		t.Fatalf("for /help, /members and /start the bot answered %q", got)
	}

	// Last in its batch, an unreadable update is delivered until a later
	// one confirms it: let Telegram deliver it twice before that comes.
	tail := h.srv.InjectRaw(json.RawMessage(`{"update_id":"队尾的坏更新"}`))
	ctx, cancel := h.waitCtx()
	defer cancel()
	deliveredAt := func(r tgtest.Request) bool {
		return r.Method == "getUpdates" && r.Params["offset"] == itoa(tail) && r.Status == 200
	}
	first, err := h.srv.WaitRequest(ctx, deliveredAt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.srv.WaitRequest(ctx, func(r tgtest.Request) bool { return deliveredAt(r) && r.Time.After(first.Time) }); err != nil {
		t.Fatal(err)
	}
	mustContain(t, h.dm(owner, "/members"), "共 1 人")

	logs := h.logs.String()
	for _, mark := range []string{"没有编号的更新", "编号是字符串", "队尾的坏更新"} {
		n := 0
		for _, line := range strings.Split(logs, "\n") {
			if strings.Contains(line, `msg="update without a readable id, skipped"`) && strings.Contains(line, mark) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("the update with %q is named %d times in the log; want once", mark, n)
		}
	}
	if n := strings.Count(logs, fmt.Sprintf(`msg="update this build cannot read, passed over" update_id=%d`, odd)); n != 1 {
		t.Errorf("the update the build cannot read is named %d times in the log; want once", n)
	}
}
