package tgtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"branchbot/bot/tgtest"
)

// echoBot is a minimal bot: it long-polls, handles one update at a time and
// confirms an update only after handling it, then answers text with a
// button and button presses with a toast.
func echoBot(ctx context.Context, apiURL string) {
	b, err := tgbot.New("123:abc", tgbot.WithServerURL(apiURL), tgbot.WithSkipGetMe())
	if err != nil {
		panic(err)
	}
	var offset int64
	for ctx.Err() == nil {
		body, _ := json.Marshal(map[string]any{"offset": offset, "timeout": 30})
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, apiURL+"/bot123:abc/getUpdates", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return
		}
		var env struct{ Result []models.Update }
		err = json.NewDecoder(resp.Body).Decode(&env)
		resp.Body.Close()
		if err != nil {
			return
		}
		for _, u := range env.Result {
			switch {
			case u.Message != nil:
				_, _ = b.SendMessage(ctx, &tgbot.SendMessageParams{
					ChatID:    u.Message.Chat.ID,
					Text:      "You said: <b>" + u.Message.Text + "</b>",
					ParseMode: models.ParseModeHTML,
					ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
						{{Text: "Again", CallbackData: "again"}},
					}},
				})
			case u.CallbackQuery != nil:
				_, _ = b.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{
					CallbackQueryID: u.CallbackQuery.ID,
					Text:            "Pressed " + u.CallbackQuery.Data,
				})
			}
			offset = u.ID + 1
		}
	}
}

func Example() {
	srv := tgtest.NewServer()
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		echoBot(ctx, srv.URL)
	}()
	defer func() { cancel(); <-stopped }()

	alice := srv.NewUser("Alice", "en")
	id := srv.SendText(alice, alice.PrivateChat(), "hello")
	if err := srv.WaitConfirmed(ctx, id); err != nil {
		panic(err)
	}
	msg := srv.LastMessage(alice.ID)
	fmt.Println(msg.Plain)
	fmt.Println(msg.Buttons())

	cb, err := srv.PressButton(alice, msg, "Again")
	if err != nil {
		panic(err)
	}
	if err := srv.WaitConfirmed(ctx, cb.UpdateID); err != nil {
		panic(err)
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
