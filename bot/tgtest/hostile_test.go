package tgtest_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/go-telegram/bot/models"

	"branchbot/bot/tgtest"
)

// A bot that is already polling gets normal updates and unreadable ones in
// one batch, the unreadable ones exactly as the test wrote them, and
// confirming the last normal update confirms them all.
func TestRawUpdatesInABatch(t *testing.T) {
	srv, _ := newServer(t, tgtest.WithFirstUpdateID(700))
	ctx := ctxT(t)
	alice := srv.NewUser("Alice", "en")

	poll := callAsync(ctx, srv, "getUpdates", map[string]any{"timeout": 30})
	if err := srv.WaitPolling(ctx); err != nil {
		t.Fatal(err)
	}
	noID := json.RawMessage(`{"message":{"text":"no update_id"}}`)
	stringID := json.RawMessage(`{"update_id":"702","message":{}}`)
	release := srv.HoldUpdates()
	first := srv.SendText(alice, alice.PrivateChat(), "one")
	bad1 := srv.InjectRaw(noID)
	bad2 := srv.InjectRaw(stringID)
	bad3 := srv.InjectRawFunc(func(id int64) json.RawMessage {
		return json.RawMessage(fmt.Sprintf(`{"update_id":%d,"message":{"message_id":"x"}}`, id))
	})
	last := srv.SendText(alice, alice.PrivateChat(), "two")
	if err := srv.WaitPolling(ctx); err != nil { // still waiting: held
		t.Fatal(err)
	}
	release()
	release() // a second call does nothing

	env := answered(t, <-poll)
	var batch []json.RawMessage
	if err := json.Unmarshal(env.Result, &batch); err != nil {
		t.Fatal(err)
	}
	if len(batch) != 5 {
		t.Fatalf("batch = %s, want 5 elements", env.Result)
	}
	if want := []int64{700, 701, 702, 703, 704}; first != want[0] || bad1 != want[1] || bad2 != want[2] || bad3 != want[3] || last != want[4] {
		t.Errorf("ids = %d %d %d %d %d, want %d", first, bad1, bad2, bad3, last, want)
	}
	if string(batch[1]) != string(noID) || string(batch[2]) != string(stringID) ||
		string(batch[3]) != `{"update_id":703,"message":{"message_id":"x"}}` {
		t.Errorf("raw elements = %s, %s, %s", batch[1], batch[2], batch[3])
	}
	var u models.Update
	if err := json.Unmarshal(batch[4], &u); err != nil || u.ID != last || u.Message.Text != "two" {
		t.Errorf("last element = %s (%v)", batch[4], err)
	}

	// Unconfirmed, the raw elements come again; a bot that skips them
	// confirms them with the update after them.
	if srv.Pending() != 5 {
		t.Errorf("Pending = %d, want 5", srv.Pending())
	}
	if ups := getUpdates(ctx, t, srv, map[string]any{"offset": last + 1}); len(ups) != 0 {
		t.Errorf("after confirming = %+v", ups)
	}
	for _, id := range []int64{bad1, bad2, bad3} {
		if err := srv.WaitConfirmed(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	noViolations(t, srv)
}

// Raw updates are never left out for allowed_updates, and a held queue
// answers a poll without timeout with nothing.
func TestRawUpdateIgnoresAllowedUpdatesAndHold(t *testing.T) {
	srv, _ := newServer(t)
	ctx := ctxT(t)
	getUpdates(ctx, t, srv, map[string]any{"allowed_updates": []string{"callback_query"}})
	release := srv.HoldUpdates()
	id := srv.InjectRaw(json.RawMessage(`{"update_id":1000,"message":{"text":"x"}}`))
	if srv.Dropped(id) {
		t.Error("raw update dropped for allowed_updates")
	}
	if ups := getUpdates(ctx, t, srv, nil); len(ups) != 0 {
		t.Errorf("held queue delivered %+v", ups)
	}
	release()
	if ups := getUpdates(ctx, t, srv, nil); len(ups) != 1 || ups[0].ID != id || ups[0].Message.Text != "x" {
		t.Errorf("after release = %+v", ups)
	}
}

func TestInjectRawRejectsInvalidJSON(t *testing.T) {
	srv, _ := newServer(t)
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
		if srv.Pending() != 0 {
			t.Errorf("Pending = %d after a rejected update", srv.Pending())
		}
	}()
	srv.InjectRaw(json.RawMessage(`{"update_id":`))
}
