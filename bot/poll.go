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
	"time"

	"github.com/go-telegram/bot/models"

	"branchbot/data"
)

// allowedUpdates are the update kinds branchbot handles; Telegram drops the
// rest before they reach us.
var allowedUpdates = []string{"message", "callback_query", "my_chat_member"}

// handleTimeout bounds one update's handling, shutdown included, so a stuck
// call cannot hold a worker (and its chat) forever.
const handleTimeout = 30 * time.Second

// Updates from the inbox that are passed over rather than handled: one
// received more than a day ago (Telegram itself drops an update it could
// not deliver for a day, and a command that old would act on a stale
// state), and one whose handling was begun after a restart more than
// inboxMaxAttempts times (it may be what kills the process: a fatal error
// no recover catches). Updates handled alongside it when the process died
// are counted too; the log names each one passed over.
const (
	inboxMaxAge      = 24 * time.Hour
	inboxMaxAttempts = 3
)

// Handled updates are remembered for keepHandled (Telegram redelivers an
// unconfirmed one for at most a day), pruned every pruneEvery.
const (
	keepHandled = 48 * time.Hour
	pruneEvery  = 6 * time.Hour
)

// poll is branchbot's own getUpdates loop. The library's poller confirms an
// update as soon as it is queued in memory, so a crash loses whatever was
// queued or in flight. Here each batch is first recorded in the store's
// inbox (one commit), and only then confirmed, by asking for the next
// offset; an update leaves the inbox in the same transaction that records
// its handling (or right after a handler that stores nothing, such as a
// reply to /help: a crash in between repeats that reply). So a crash or
// restart loses none (the inbox is handled first) and repeats no stored
// effect, and fetching never waits for handling: a slow command in one
// chat holds up nobody else.
//
// One chat's updates are handled in order; different chats' in parallel
// (see updateQueue).
func (b *Bot) poll(ctx context.Context) error {
	// The queue stops with any return, not only a shutdown: after a
	// rejected token its updates should wait for the next start.
	qctx, stopQueue := context.WithCancel(ctx)
	q := b.queue
	q.start(qctx)
	defer func() {
		stopQueue()
		q.wait() // updates in hand finish; the rest stay in the inbox
	}()
	if err := b.resumeInbox(); err != nil {
		return err
	}

	// No stored offset: Telegram keeps unconfirmed updates for a day and
	// update ids can jump after a quiet week, so start from the earliest
	// unconfirmed one and let the store skip what it has.
	var offset int64
	bo := newBackoff()
	var pruned time.Time // prune at once, then every pruneEvery
	for {
		if time.Since(pruned) > pruneEvery {
			// The record of handled updates needs only a day or two.
			// Wall time, not the bot's clock: Telegram's retention runs
			// on real time.
			if n, err := b.store.PruneUpdates(time.Now().Add(-keepHandled)); err != nil {
				b.log.Warn("prune handled updates", "err", err)
			} else if n > 0 {
				b.log.Debug("pruned handled updates", "count", n)
			}
			pruned = time.Now()
		}
		if ctx.Err() != nil {
			b.confirm(offset)
			return nil
		}
		updates, raws, err := b.getUpdates(ctx, offset, int(b.cfg.PollTimeout/time.Second))
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
		if len(updates) == 0 {
			bo.reset()
			continue
		}
		fresh, err := b.store.Receive(ctx, raws, time.Now())
		if err != nil {
			// Not recorded: do not confirm, so Telegram delivers the batch
			// again once the store recovers.
			b.log.Error("record received updates", "err", err)
			if bo.wait(ctx, 0) != nil {
				return nil
			}
			continue
		}
		bo.reset()
		offset = updates[len(updates)-1].ID + 1
		isFresh := make(map[int64]bool, len(fresh))
		for _, r := range fresh {
			isFresh[r.ID] = true
		}
		for _, u := range updates {
			if isFresh[u.ID] { // else handled before, or queued from the inbox
				q.add(u)
			}
		}
		q.saw(offset - 1)
	}
}

// resumeInbox queues the updates a previous run received and did not
// handle. They are queued by id and read from the store in their turn, so
// a large inbox after a long outage does not fill memory.
func (b *Bot) resumeInbox() error {
	waiting, err := b.store.Waiting()
	if err != nil {
		return err
	}
	if len(waiting) == 0 {
		return nil
	}
	b.log.Info("handling updates received before the last stop", "count", len(waiting))
	for _, w := range waiting {
		b.queue.park(w.ID, w.Chat)
	}
	return nil
}

// handleQueued handles u and records it, retrying the record while the
// store fails. It returns false if ctx ends before u was begun, or while
// the record keeps failing; u then stays in the inbox.
func (b *Bot) handleQueued(ctx context.Context, u *models.Update) bool {
	if ctx.Err() != nil {
		return false
	}
	// No check that u was handled before: it was not. A fresh update is one
	// Receive found neither handled nor waiting, a parked one was still in
	// the inbox when read, and recording an update takes it out of the
	// inbox in the same transaction.
	//
	// Let an update that has started finish even during shutdown: its
	// effects and its record then land together.
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), handleTimeout)
	defer cancel()
	b.tg.ProcessUpdate(data.WithUpdate(hctx, u.ID), u)
	// Only the record is retried: handling again would repeat replies.
	for bo := newBackoff(); ; {
		err := b.store.MarkUpdate(u.ID, time.Now())
		if err == nil {
			return true
		}
		b.log.Error("record handled update", "update_id", u.ID, "err", err)
		if bo.wait(ctx, 0) != nil {
			return false
		}
	}
}

// loadParked reads back an update that waited in the inbox rather than in
// memory, retrying while the store fails. nil means it is to be passed
// over: no longer there, unreadable, too old, or tried too often after
// restarts (see inboxMaxAttempts); false, that ctx ended first.
func (b *Bot) loadParked(ctx context.Context, p parkedUpdate) (*models.Update, bool) {
	id := p.id
	for bo := newBackoff(); ; {
		var (
			raw data.RawUpdate
			ok  bool
			err error
		)
		if p.resumed {
			raw, ok, err = b.store.AttemptUpdate(id)
		} else {
			raw, ok, err = b.store.InboxUpdate(id)
		}
		if err == nil && !ok {
			return nil, true
		}
		if err == nil {
			return b.decodeParked(raw), true
		}
		b.log.Error("read a waiting update", "update_id", id, "err", err)
		if bo.wait(ctx, 0) != nil {
			return nil, false
		}
	}
}

// decodeParked decodes an update read back from the inbox, or passes it
// over (recording it as handled) and returns nil.
func (b *Bot) decodeParked(raw data.RawUpdate) *models.Update {
	var why string
	var u *models.Update
	switch {
	case raw.JSON == nil:
		why = "damaged in the store"
	case time.Since(raw.ReceivedAt) > inboxMaxAge:
		why = "received more than a day ago"
	case raw.Attempts > inboxMaxAttempts:
		why = fmt.Sprintf("begun %d times after restarts: it may be what stops the bot", raw.Attempts-1)
	default:
		var whole bool
		var err error
		if u, whole, err = decodeUpdate(raw.JSON); err != nil {
			why = err.Error()
		} else if !whole {
			b.log.Warn("update this build cannot read, passed over", "update_id", u.ID)
		}
	}
	if why == "" {
		return u
	}
	b.log.Error("pass over an update from the inbox", "update_id", raw.ID, "why", why)
	if err := b.store.MarkUpdate(raw.ID, time.Now()); err != nil {
		// It stays in the inbox and is looked at again at the next start.
		b.log.Error("record passed-over update", "update_id", raw.ID, "err", err)
	}
	return nil
}

// WaitHandled blocks until update id and every update received before it
// are handled. The sandbox uses it to print the bot's replies before the
// next prompt; tests use it as their sync point.
func (b *Bot) WaitHandled(ctx context.Context, id int64) error {
	return b.queue.waitHandled(ctx, id)
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
	if _, _, err := b.getUpdatesLimit(ctx, offset, 0, 1); err != nil {
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

func (b *Bot) getUpdates(ctx context.Context, offset int64, timeout int) ([]*models.Update, []data.RawUpdate, error) {
	return b.getUpdatesLimit(ctx, offset, timeout, 100)
}

// getUpdatesLimit calls getUpdates directly: go-telegram/bot keeps its own
// poller's call private.
func (b *Bot) getUpdatesLimit(ctx context.Context, offset int64, timeout, limit int) ([]*models.Update, []data.RawUpdate, error) {
	body, err := json.Marshal(map[string]any{
		"offset":          offset,
		"timeout":         timeout,
		"limit":           limit,
		"allowed_updates": allowedUpdates,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("encode getUpdates: %w", err)
	}
	url := strings.TrimRight(b.cfg.APIURL, "/") + "/bot" + b.cfg.Token + "/getUpdates"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, nil, fmt.Errorf("getUpdates: %w", b.redact(err))
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.cfg.HTTPClient.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("getUpdates: %w", b.redact(err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, nil, fmt.Errorf("getUpdates: read: %w", b.redact(err))
	}
	var env struct {
		OK          bool              `json:"ok"`
		Result      []json.RawMessage `json:"result"`
		ErrorCode   int               `json:"error_code"`
		Description string            `json:"description"`
		Parameters  struct {
			RetryAfter int `json:"retry_after"`
		} `json:"parameters"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		return nil, nil, fmt.Errorf("getUpdates: decode (HTTP %d): %w", resp.StatusCode, err)
	}
	if !env.OK {
		return nil, nil, &apiError{Method: "getUpdates", Code: env.ErrorCode, Description: env.Description, RetryAfter: env.Parameters.RetryAfter}
	}
	updates := make([]*models.Update, 0, len(env.Result))
	raws := make([]data.RawUpdate, 0, len(env.Result))
	for _, r := range env.Result {
		u, whole, err := decodeUpdate(r)
		if err != nil {
			return nil, nil, fmt.Errorf("getUpdates: %w", err)
		}
		if !whole {
			b.log.Warn("update this build cannot read, passed over", "update_id", u.ID)
		}
		updates = append(updates, u)
		raws = append(raws, data.RawUpdate{ID: u.ID, Chat: chatKey(u), JSON: r})
	}
	return updates, raws, nil
}

// decodeUpdate decodes one update. One whose body this build cannot read
// (a field's type changed) keeps just its id, and whole is false: it is
// recorded and passed over like an unknown kind, instead of stalling every
// update after it.
func decodeUpdate(raw []byte) (u *models.Update, whole bool, err error) {
	u = &models.Update{}
	if err := json.Unmarshal(raw, u); err == nil && u.ID > 0 {
		return u, true, nil
	}
	var id struct {
		ID int64 `json:"update_id"`
	}
	if err := json.Unmarshal(raw, &id); err != nil || id.ID <= 0 {
		return nil, false, fmt.Errorf("update without a readable update_id: %.60q", raw)
	}
	return &models.Update{ID: id.ID}, false, nil
}
