package bot

import (
	"net"
	"net/http"
	"strings"
	"testing"

	"branchbot/bot/tgtest"
)

// freeAddr is a 127.0.0.1 address whose port nobody listened on a moment
// ago: the webhook's URL must name the port before the bot binds it.
func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// webhookMode restarts the bot in webhook mode on a free loopback port,
// and waits until Telegram (tgtest) was told the webhook.
func (h *harness) webhookMode() {
	h.t.Helper()
	addr := freeAddr(h.t)
	h.stop()
	h.webhookURL, h.listen = "http://"+addr+"/telegram/hook", addr
	h.start(nil)
	ctx, cancel := h.waitCtx()
	defer cancel()
	_, err := h.srv.WaitRequest(ctx, func(r tgtest.Request) bool {
		return r.Method == "setWebhook" && r.Params["url"] == h.webhookURL && r.Status == http.StatusOK
	})
	if err != nil {
		h.t.Fatalf("webhook not set: %v", err)
	}
}

// pollingMode restarts the bot polling.
func (h *harness) pollingMode() {
	h.t.Helper()
	h.stop()
	h.webhookURL, h.listen = "", ""
	h.start(nil)
}

// A branch run in webhook mode: the secretary creates it, a member joins
// and asks for /help, every update arriving by webhook call.
func TestWebhookModeStory(t *testing.T) {
	h, owner := newHarness(t)
	h.webhookMode()
	polls := h.srv.Calls("getUpdates")

	mustContain(t, h.dm(owner, "/neworg 第一党支部"), "已创建支部「第一党支部」")
	alice := h.srv.NewUser("Alice", "zh-hans")
	mustContain(t, h.dm(alice, "/start "+h.inviteCode(owner, "党员")), "欢迎加入「第一党支部」")
	mustContain(t, h.dm(alice, "/help"), "/help", "第一党支部")

	if n := h.srv.Calls("getUpdates") - polls; n != 0 {
		t.Errorf("%d getUpdates calls in webhook mode", n)
	}
	if st := h.srv.Stats(); st.WebhookCalls < 4 {
		t.Errorf("%d webhook calls for 4 updates", st.WebhookCalls)
	}
}

// Switching modes on one store: polling → webhook sets the webhook with a
// secret that a restart keeps; webhook → polling deletes it, says so in
// the log, and what Telegram held meanwhile arrives by getUpdates.
func TestSwitchBetweenWebhookAndPolling(t *testing.T) {
	h, owner := newHarness(t)
	mustContain(t, h.dm(owner, "/neworg 第一党支部"), "已创建支部")
	if strings.Contains(h.logs.String(), "deleted the webhook") {
		t.Error("polling with no webhook set says it deleted one")
	}

	h.webhookMode()
	url, secret := h.srv.Webhook()
	if url != h.webhookURL || secret == "" {
		t.Fatalf("webhook %q with secret %q; want %q with a secret", url, secret, h.webhookURL)
	}
	mustContain(t, h.dm(owner, "/help"), "第一党支部")
	h.webhookMode() // a restart, on another port
	if _, again := h.srv.Webhook(); again != secret {
		t.Errorf("a restart changed the secret")
	}
	mustContain(t, h.dm(owner, "/help"), "第一党支部")

	// Sent while the bot is down: Telegram keeps calling the webhook in
	// vain until polling takes over.
	h.stop()
	before := len(h.srv.Messages(owner.ID))
	id := h.srv.SendText(owner, owner.PrivateChat(), "/help")
	h.pollingMode()
	h.handled(id)
	if got := h.srv.Messages(owner.ID)[before:]; len(got) != 1 || !strings.Contains(got[0].Plain, "第一党支部") {
		t.Errorf("the update held during the switch got %d replies", len(got))
	}
	if url, _ := h.srv.Webhook(); url != "" {
		t.Errorf("webhook %q still set after starting to poll", url)
	}
	if !strings.Contains(h.logs.String(), "deleted the webhook") {
		t.Error("the log does not say the webhook was deleted")
	}
	mustContain(t, h.dm(owner, "/help"), "第一党支部")
}
