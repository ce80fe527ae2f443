package tgtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"branchbot/bot/tgtest"
)

// echoBot is a minimal bot: it long-polls, handles one update at a time and
// confirms an update only after handling it, then answers text with a
// button and button presses with a toast. It runs until ctx is done, then
// returns nil; any other way it stops is an error for its caller to report,
// since it runs on a goroutine of its own.
func echoBot(ctx context.Context, apiURL string) error {
	b, err := tgbot.New("123:abc", tgbot.WithServerURL(apiURL), tgbot.WithSkipGetMe())
	if err != nil {
		return err
	}
	var offset int64
	for {
		body, err := json.Marshal(map[string]any{"offset": offset, "timeout": 30})
		if err != nil {
			return err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, apiURL+"/bot123:abc/getUpdates", bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			return err
		}
		var env struct{ Result []models.Update }
		err = json.NewDecoder(resp.Body).Decode(&env)
		resp.Body.Close()
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			return err
		}
		for _, u := range env.Result {
			switch {
			case u.Message != nil:
				_, err = b.SendMessage(ctx, &tgbot.SendMessageParams{
					ChatID:    u.Message.Chat.ID,
					Text:      "You said: <b>" + u.Message.Text + "</b>",
					ParseMode: models.ParseModeHTML,
					ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
						{{Text: "Again", CallbackData: "again"}},
					}},
				})
			case u.CallbackQuery != nil:
				_, err = b.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{
					CallbackQueryID: u.CallbackQuery.ID,
					Text:            "Pressed " + u.CallbackQuery.Data,
				})
			}
			if ctx.Err() != nil {
				return nil
			}
			if err != nil {
				return err
			}
			offset = u.ID + 1
		}
	}
}

func Example() {
	srv := tgtest.NewServer()
	defer srv.Close()
	// A bot that stops early cancels ctx with its error, so the waits
	// below end with that error instead of blocking.
	ctx, cancel := context.WithCancelCause(context.Background())
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		err := echoBot(ctx, srv.URL)
		if err == nil {
			err = errors.New("bot stopped")
		}
		cancel(err)
	}()
	defer func() { cancel(nil); <-stopped }()

	alice := srv.NewUser("Alice", "en")
	id := srv.SendText(alice, alice.PrivateChat(), "hello")
	if err := srv.WaitConfirmed(ctx, id); err != nil {
		panic(context.Cause(ctx))
	}
	msg := srv.LastMessage(alice.ID)
	fmt.Println(msg.Plain)
	fmt.Println(msg.Buttons())

	cb, err := srv.PressButton(alice, msg, "Again")
	if err != nil {
		panic(err)
	}
	if err := srv.WaitConfirmed(ctx, cb.UpdateID); err != nil {
		panic(context.Cause(ctx))
	}
	answer, _ := srv.CallbackAnswer(cb.QueryID)
	fmt.Println(answer.Text)
	fmt.Println(len(srv.SpecViolations()), "violations")
	// Output:
	// You said: hello
	// [{Again again }]
	// Pressed again
	// 0 violations
}
