package tgtest_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"testing"

	tgbot "github.com/go-telegram/bot"
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

// Every sendMessage to one chat fails the way the test says, for as long as
// it says; other chats and other methods go on, and nothing failed is
// stored. The request log shows every call, failed ones included.
func TestFailWhenByChat(t *testing.T) {
	srv, b := newServer(t)
	ctx := ctxT(t)
	alice, bob := srv.NewUser("Alice", "en"), srv.NewUser("Bob", "en")
	send := func(chat int64, text string) error {
		_, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: chat, Text: text})
		return err
	}

	remove := srv.FailWhen(tgtest.Failure{Method: "SENDMESSAGE", ChatID: bob.ID, Code: http.StatusForbidden,
		Description: "Forbidden: bot was blocked by the user"})
	for range 2 {
		if err := send(bob.ID, "to bob"); !errors.Is(err, tgbot.ErrorForbidden) {
			t.Errorf("bob: %v", err)
		}
	}
	if err := send(alice.ID, "to alice"); err != nil {
		t.Errorf("alice: %v", err)
	}
	if _, err := b.SendChatAction(ctx, &tgbot.SendChatActionParams{ChatID: bob.ID, Action: models.ChatActionTyping}); err != nil {
		t.Errorf("another method: %v", err)
	}
	remove()
	remove()
	if err := send(bob.ID, "after remove"); err != nil {
		t.Errorf("after remove: %v", err)
	}

	// A 500 and a dropped connection, on a chat named by number only.
	remove = srv.FailWhen(tgtest.Failure{ChatID: bob.ID, Code: http.StatusInternalServerError})
	if err := send(bob.ID, "500"); err == nil {
		t.Error("500: no error")
	}
	remove()
	drop := srv.FailWhen(tgtest.Failure{Method: "sendMessage", ChatID: bob.ID, Drop: true})
	if err := send(bob.ID, "dropped"); err == nil {
		t.Error("drop: no error")
	}
	drop()

	if msgs := srv.Messages(bob.ID); len(msgs) != 1 || msgs[0].Text != "after remove" {
		t.Errorf("bob's messages = %+v", msgs)
	}
	type seen struct {
		chat   string
		status int
		desc   string
	}
	var got []seen
	for _, r := range srv.Requests() {
		if r.Method == "sendMessage" {
			got = append(got, seen{r.Params["chat_id"], r.Status, r.Description})
		}
	}
	a, o := fmt.Sprint(alice.ID), fmt.Sprint(bob.ID)
	want := []seen{
		{o, 403, "Forbidden: bot was blocked by the user"},
		{o, 403, "Forbidden: bot was blocked by the user"},
		{a, 200, ""},
		{o, 200, ""},
		{o, 500, "Internal Server Error"},
		{o, 0, "connection dropped (fault)"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("sendMessage requests =\n%v\nwant\n%v", got, want)
	}
	if st := srv.Stats(); st.Forbidden != 2 || st.ServerErrors != 1 || st.Dropped != 1 || st.Sent != 2 {
		t.Errorf("Stats = %+v", st)
	}
	noViolations(t, srv)
}

// A 429 with retry_after for the next N calls of a method, in any chat,
// then calls go through again.
func TestFailWhenTimes(t *testing.T) {
	srv, b := newServer(t)
	ctx := ctxT(t)
	grp := srv.NewSupergroup("Branch")
	srv.FailWhen(tgtest.Failure{Method: "sendMessage", Code: http.StatusTooManyRequests, RetryAfter: 5, Times: 2})
	for i := range 3 {
		_, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: grp.ID, Text: fmt.Sprint(i)})
		var tooMany *tgbot.TooManyRequestsError
		switch {
		case i < 2 && (!errors.As(err, &tooMany) || tooMany.RetryAfter != 5):
			t.Errorf("call %d: %v, want a 429 with retry_after 5", i, err)
		case i == 2 && err != nil:
			t.Errorf("call %d: %v", i, err)
		}
	}
	if r := srv.Requests(); len(r) != 3 || r[0].Description != "Too Many Requests: retry after 5" {
		t.Errorf("requests = %+v", r)
	}
	if st := srv.Stats(); st.Rejected429 != 2 || st.LimitHits != 0 || st.Sent != 1 {
		t.Errorf("Stats = %+v", st)
	}
	if n := srv.DeliveredCount(grp.ID); n != 1 {
		t.Errorf("DeliveredCount = %d, want 1", n)
	}
}

// A failure hits only calls that pass the check against the Bot API
// description: a malformed call still gets its 400.
func TestFailWhenAfterSpecCheck(t *testing.T) {
	srv, _ := newServer(t)
	ctx := ctxT(t)
	grp := srv.NewSupergroup("Branch")
	srv.FailWhen(tgtest.Failure{ChatID: grp.ID, Code: http.StatusBadGateway})
	if code, _ := post(ctx, t, srv, "sendMessage", map[string]any{"chat_id": grp.ID}); code != http.StatusBadRequest {
		t.Errorf("malformed: %d, want 400", code)
	}
	if code, _ := post(ctx, t, srv, "sendMessage", map[string]any{"chat_id": grp.ID, "text": "hi"}); code != http.StatusBadGateway {
		t.Errorf("well-formed: %d, want 502", code)
	}
	wantViolation(t, srv, "text")
}

func TestFailWhenRejectsBadRules(t *testing.T) {
	srv, _ := newServer(t)
	for _, f := range []tgtest.Failure{
		{Method: "sendMesage", Code: 500},
		{Method: "sendMessage"},
		{Method: "sendMessage", Code: 200},
		{Method: "sendMessage", Code: 500, Times: -1},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%+v: no panic", f)
				}
			}()
			srv.FailWhen(f)
		}()
	}
}
