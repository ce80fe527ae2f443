package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"

	"branchbot/data"
)

// allowedUpdates are the update kinds branchbot handles; Telegram drops the
// rest before they reach us.
var allowedUpdates = []string{"message", "callback_query", "my_chat_member"}

// handleTimeout bounds one update's handling, shutdown included, so a stuck
// call cannot hold the loop forever.
const handleTimeout = 30 * time.Second

// poll is branchbot's own getUpdates loop. The library's poller confirms an
// update as soon as it is queued, so a crash loses whatever was queued or
// in flight. Here an update is confirmed (by asking for the next offset)
// only after its handling is recorded in the store, and an update the store
// already knows is skipped, so after a crash or restart none is lost and
// none is handled twice.
//
// One chat's updates are handled in order; different chats' in parallel
// (see handleBatch).
func (b *Bot) poll(ctx context.Context) error {
	// No stored offset: Telegram keeps unconfirmed updates for a day and
	// update ids can jump after a quiet week, so start from the earliest
	// unconfirmed one and let the store's record skip what was handled.
	var offset int64
	bo := newBackoff()
	pruned := time.Now()
	for {
		if time.Since(pruned) > 6*time.Hour {
			// The record of handled updates needs only a day or two;
			// a long-running bot trims it as it goes.
			if _, err := b.store.PruneUpdates(b.clock.Now().Add(-48 * time.Hour)); err != nil {
				b.log.Warn("prune handled updates", "err", err)
			}
			pruned = time.Now()
		}
		if ctx.Err() != nil {
			b.confirm(offset)
			return nil
		}
		updates, err := b.getUpdates(ctx, offset, int(b.cfg.PollTimeout/time.Second))
		if err != nil {
			if ctx.Err() != nil {
				b.confirm(offset)
				return nil
			}
			var apiErr *apiError
			switch {
			case errors.As(err, &apiErr) && apiErr.Code == http.StatusUnauthorized:
				return fmt.Errorf("telegram rejected the bot token: %w", err)
			case errors.As(err, &apiErr) && apiErr.Code == http.StatusConflict:
				b.log.Error("another branchbot or a webhook is using this token", "err", err)
			default:
				b.log.Warn("get updates", "err", err)
			}
			var retryAfter time.Duration
			if apiErr != nil {
				retryAfter = time.Duration(apiErr.RetryAfter) * time.Second
			}
			if bo.wait(ctx, retryAfter) != nil {
				return nil
			}
			continue
		}
		bo.reset()
		next, err := b.handleBatch(ctx, updates)
		if err != nil {
			// The store could not record an update: do not confirm past
			// it, so Telegram delivers it again once the store recovers.
			b.log.Error("record handled update", "err", err)
			if bo.wait(ctx, 0) != nil {
				return nil
			}
		}
		if next > offset {
			offset = next
		}
	}
}

// maxParallel bounds how many chats' updates are handled at once.
const maxParallel = 100

// handleBatch handles a batch of updates: one chat's updates in order,
// different chats in parallel (so a storm of button presses shares the
// store's commits instead of queueing behind each one's fsync). It
// returns the offset that confirms every update handled, which stops
// before the first one that failed or was left for shutdown.
func (b *Bot) handleBatch(ctx context.Context, updates []*models.Update) (int64, error) {
	if len(updates) == 0 {
		return 0, nil
	}
	byChat := map[int64][]int{}
	var order []int64
	for i, u := range updates {
		k := chatKey(u)
		if _, ok := byChat[k]; !ok {
			order = append(order, k)
		}
		byChat[k] = append(byChat[k], i)
	}
	done := make([]bool, len(updates))
	errs := make([]error, len(updates))
	sem := make(chan struct{}, maxParallel)
	var wg sync.WaitGroup
	for _, k := range order {
		wg.Add(1)
		sem <- struct{}{}
		go func(idx []int) {
			defer func() { <-sem; wg.Done() }()
			for _, i := range idx {
				if ctx.Err() != nil {
					return // shutting down: the rest stay unconfirmed
				}
				if errs[i] = b.handleOnce(ctx, updates[i]); errs[i] != nil {
					return // keep this chat's order: stop at its first failure
				}
				done[i] = true
			}
		}(byChat[k])
	}
	wg.Wait()
	var next int64
	for i, u := range updates {
		if !done[i] {
			return next, errs[i]
		}
		next = u.ID + 1
	}
	return next, nil
}

// chatKey groups updates whose order matters: those of one chat.
func chatKey(u *models.Update) int64 {
	switch {
	case u.Message != nil:
		return u.Message.Chat.ID
	case u.CallbackQuery != nil:
		return u.CallbackQuery.From.ID
	case u.MyChatMember != nil:
		return u.MyChatMember.Chat.ID
	}
	return 0
}

// handleOnce handles u unless the store says it already was, then records it.
func (b *Bot) handleOnce(ctx context.Context, u *models.Update) error {
	done, err := b.store.UpdateProcessed(u.ID)
	if err != nil {
		return err
	}
	if done {
		b.log.Debug("skip update handled before", "update_id", u.ID)
		return nil
	}
	// Let an update that has started finish even during shutdown: its
	// effects and its record then land together.
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), handleTimeout)
	defer cancel()
	b.tg.ProcessUpdate(data.WithUpdate(hctx, u.ID), u)
	return b.store.MarkUpdate(u.ID, b.clock.Now())
}

// confirm tells Telegram that everything below offset is handled, so the
// next start does not receive it again. Best effort: the store's record
// covers a failure.
func (b *Bot) confirm(offset int64) {
	if offset == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if _, err := b.getUpdatesLimit(ctx, offset, 0, 1); err != nil {
		b.log.Debug("confirm updates on shutdown", "err", err)
	}
}

// apiError is a Bot API error envelope.
type apiError struct {
	Method      string
	Code        int
	Description string
	RetryAfter  int
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%s: %d %s", e.Method, e.Code, e.Description)
}

func (b *Bot) getUpdates(ctx context.Context, offset int64, timeout int) ([]*models.Update, error) {
	return b.getUpdatesLimit(ctx, offset, timeout, 100)
}

// getUpdatesLimit calls getUpdates directly: go-telegram/bot keeps its own
// poller's call private.
func (b *Bot) getUpdatesLimit(ctx context.Context, offset int64, timeout, limit int) ([]*models.Update, error) {
	body, err := json.Marshal(map[string]any{
		"offset":          offset,
		"timeout":         timeout,
		"limit":           limit,
		"allowed_updates": allowedUpdates,
	})
	if err != nil {
		return nil, fmt.Errorf("encode getUpdates: %w", err)
	}
	url := strings.TrimRight(b.cfg.APIURL, "/") + "/bot" + b.cfg.Token + "/getUpdates"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("getUpdates: %w", b.redact(err))
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.cfg.HTTPClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("getUpdates: %w", b.redact(err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("getUpdates: read: %w", b.redact(err))
	}
	var env struct {
		OK          bool             `json:"ok"`
		Result      []*models.Update `json:"result"`
		ErrorCode   int              `json:"error_code"`
		Description string           `json:"description"`
		Parameters  struct {
			RetryAfter int `json:"retry_after"`
		} `json:"parameters"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		return nil, fmt.Errorf("getUpdates: decode (HTTP %d): %w", resp.StatusCode, err)
	}
	if !env.OK {
		return nil, &apiError{Method: "getUpdates", Code: env.ErrorCode, Description: env.Description, RetryAfter: env.Parameters.RetryAfter}
	}
	return env.Result, nil
}
