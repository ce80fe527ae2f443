package tgtest_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	tgbot "github.com/go-telegram/bot"

	"branchbot/bot/tgtest"
)

// hookCall is one webhook call as the receiving end saw it.
type hookCall struct {
	id          int64
	secret      string
	contentType string
	status      int
}

// receiver is a bot's webhook endpoint that fails each update's first
// call: the first update's by dropping the connection, the others' with
// a 500.
type receiver struct {
	mu    sync.Mutex
	calls []hookCall
	tried map[int64]bool
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var u struct {
		ID int64 `json:"update_id"`
	}
	if err := json.NewDecoder(r.Body).Decode(&u); err != nil || r.URL.Path != "/hook" {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	rc.mu.Lock()
	first := !rc.tried[u.ID]
	rc.tried[u.ID] = true
	c := hookCall{id: u.ID, secret: r.Header.Get(tgtest.SecretTokenHeader), contentType: r.Header.Get("Content-Type"), status: http.StatusOK}
	switch {
	case first && len(rc.tried) == 1:
		c.status = 0
	case first:
		c.status = http.StatusInternalServerError
	}
	rc.calls = append(rc.calls, c)
	rc.mu.Unlock()
	if c.status == 0 {
		panic(http.ErrAbortHandler) // the connection closes unanswered
	}
	w.WriteHeader(c.status)
}

// TestWebhookDelivery: with a webhook set, updates are posted to it in
// order with the secret, retried until answered 2xx, and then confirmed;
// getUpdates is refused meanwhile; after deleteWebhook updates wait for
// getUpdates again.
func TestWebhookDelivery(t *testing.T) {
	srv, b := newServer(t)
	ctx := ctxT(t)
	rc := &receiver{tried: map[int64]bool{}}
	hook := httptest.NewServer(rc)
	defer hook.Close()
	alice := srv.NewUser("Alice", "en")

	const secret = "s3cret_-TOKEN"
	ok, err := b.SetWebhook(ctx, &tgbot.SetWebhookParams{URL: hook.URL + "/hook", SecretToken: secret, AllowedUpdates: []string{"message"}})
	if !ok || err != nil {
		t.Fatalf("setWebhook: %v %v", ok, err)
	}
	if url, got := srv.Webhook(); url != hook.URL+"/hook" || got != secret {
		t.Errorf("Webhook() = %q, %q", url, got)
	}
	var ids []int64
	for _, text := range []string{"one", "two", "three"} {
		ids = append(ids, srv.SendText(alice, alice.PrivateChat(), text))
	}
	if err := srv.WaitConfirmed(ctx, ids[2]); err != nil {
		t.Fatal(err)
	}
	if n := srv.Pending(); n != 0 {
		t.Errorf("Pending() = %d after delivery, want 0", n)
	}
	if _, err := fetchUpdates(ctx, srv, map[string]any{"timeout": 0}); err == nil || !strings.Contains(err.Error(), "webhook is active") {
		t.Errorf("getUpdates while a webhook is set: %v", err)
	}

	rc.mu.Lock()
	calls := slices.Clone(rc.calls)
	rc.mu.Unlock()
	var order []int64
	for _, c := range calls {
		order = append(order, c.id)
		if c.secret != secret || c.contentType != "application/json" {
			t.Errorf("call for %d: secret %q, content type %q", c.id, c.secret, c.contentType)
		}
	}
	// Each update twice (failed, then delivered), one at a time, in order.
	if want := []int64{ids[0], ids[0], ids[1], ids[1], ids[2], ids[2]}; !slices.Equal(order, want) {
		t.Errorf("calls in order %v, want %v", order, want)
	}
	if st := srv.Stats(); st.WebhookCalls != 6 || st.WebhookFailures != 3 {
		t.Errorf("stats: %d calls, %d failures; want 6 and 3", st.WebhookCalls, st.WebhookFailures)
	}

	if ok, err := b.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{}); !ok || err != nil {
		t.Fatalf("deleteWebhook: %v %v", ok, err)
	}
	last := srv.SendText(alice, alice.PrivateChat(), "four")
	ups, err := fetchUpdates(ctx, srv, map[string]any{"timeout": 0})
	if err != nil || len(ups) != 1 || ups[0].ID != last {
		t.Fatalf("getUpdates after deleteWebhook: %+v %v", ups, err)
	}
	rc.mu.Lock()
	n := len(rc.calls)
	rc.mu.Unlock()
	if n != len(calls) {
		t.Errorf("%d webhook calls after deleteWebhook", n-len(calls))
	}
	noViolations(t, srv)
}

// TestWebhookNotCalledOffThisMachine: an https URL elsewhere is accepted
// and recorded, and its updates wait in the queue.
func TestWebhookNotCalledOffThisMachine(t *testing.T) {
	srv, b := newServer(t)
	ctx := ctxT(t)
	alice := srv.NewUser("Alice", "en")
	if _, err := b.SetWebhook(ctx, &tgbot.SetWebhookParams{URL: "https://bot.example.org/hook", SecretToken: "abc"}); err != nil {
		t.Fatal(err)
	}
	srv.SendText(alice, alice.PrivateChat(), "hello")
	info, err := b.GetWebhookInfo(ctx)
	if err != nil || info.URL != "https://bot.example.org/hook" || info.PendingUpdateCount != 1 {
		t.Errorf("getWebhookInfo: %+v %v", info, err)
	}
	if st := srv.Stats(); st.WebhookCalls != 0 {
		t.Errorf("%d calls to a host off this machine", st.WebhookCalls)
	}
	noViolations(t, srv)
}

// TestSetWebhookValues: the URL must be https (http only for a loopback
// host) and the secret 1 to 256 of A-Z a-z 0-9 _ -.
func TestSetWebhookValues(t *testing.T) {
	tests := []struct {
		url, secret string
		violation   string
	}{
		{url: "http://bot.example.org/hook", violation: "An HTTPS URL must be provided"},
		{url: "ftp://127.0.0.1/hook", violation: "An HTTPS URL must be provided"},
		{url: "/hook", violation: "Failed to resolve host"},
		{url: "https://bot.example.org/hook", secret: "has space", violation: "secret token contains unallowed characters"},
		{url: "https://bot.example.org/hook", secret: "a.b", violation: "secret token contains unallowed characters"},
		{url: "https://bot.example.org/hook", secret: strings.Repeat("a", 257), violation: "secret token contains unallowed characters"},
		{url: "https://bot.example.org/hook", secret: strings.Repeat("a", 256)},
		{url: "http://127.0.0.1:8080/hook", secret: "A-z_09"},
		{url: "http://localhost/hook"},
		{url: "http://[::1]:8443/"},
	}
	for _, tt := range tests {
		t.Run(tt.url+" "+tt.secret, func(t *testing.T) {
			srv, b := newServer(t)
			_, err := b.SetWebhook(ctxT(t), &tgbot.SetWebhookParams{URL: tt.url, SecretToken: tt.secret})
			if tt.violation == "" {
				if err != nil {
					t.Fatalf("setWebhook: %v", err)
				}
				noViolations(t, srv)
				return
			}
			if err == nil {
				t.Fatal("setWebhook accepted")
			}
			wantViolation(t, srv, tt.violation)
		})
	}
}
