package telegram

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
// InboxMaxAttempts times (it may be what kills the process: a fatal error
// no recover catches). Updates handled alongside it when the process died
// are counted too; the log names each one passed over.
const (
	inboxMaxAge      = 24 * time.Hour
	InboxMaxAttempts = 3
)

// Handled updates are remembered for keepHandled (Telegram redelivers an
// unconfirmed one for at most a day), pruned every pruneEvery.
const (
	keepHandled = 48 * time.Hour
	pruneEvery  = 6 * time.Hour
)

// receive runs the update queue while fetch brings updates in (the
// getUpdates loop or the webhook server), until fetch returns. Whichever
// way they come, an update is first recorded in the store's inbox (see
// enqueue) and only then confirmed to Telegram; it leaves the inbox in the
// same transaction that records its handling (or right after a handler
// that stores nothing, such as a reply to /help: a crash in between
// repeats that reply). So a crash or restart loses none (the inbox is
// handled first) and repeats no stored effect, and receiving never waits
// for handling: a slow command in one chat holds up nobody else.
//
// One chat's updates are handled in order; different chats' in parallel
// (see updateQueue).
func (t *Transport) receive(parent context.Context, fetch func(ctx context.Context) error) (err error) {
	// A damaged store ends receiving from wherever it is met (see
	// storeDamaged), and Run returns the damage.
	ctx, stopReceiving := context.WithCancelCause(parent)
	t.stopPolling = stopReceiving
	defer func() {
		if cause := context.Cause(ctx); err == nil && errors.Is(cause, data.ErrDamaged) {
			err = fmt.Errorf("stop handling updates: %w", cause)
		}
		stopReceiving(nil)
	}()
	// The queue stops with any return, not only a shutdown: after a
	// rejected token its updates should wait for the next start.
	qctx, stopQueue := context.WithCancel(ctx)
	q := t.queue
	q.start(qctx)
	defer func() {
		stopQueue()
		q.wait() // updates in hand finish; the rest stay in the inbox
	}()
	if err := t.resumeInbox(); err != nil {
		return err
	}
	return fetch(ctx)
}

// enqueue records received updates in the inbox, in one commit, and queues
// those that are new (neither handled before nor already waiting). Once it
// returns nil the updates may be confirmed to Telegram.
func (t *Transport) enqueue(ctx context.Context, updates []*models.Update, raws []data.RawUpdate) error {
	fresh, err := t.store.Receive(ctx, raws, time.Now())
	if err != nil {
		return err
	}
	isFresh := make(map[int64]bool, len(fresh))
	for _, r := range fresh {
		isFresh[r.ID] = true
	}
	var last int64
	for _, u := range updates {
		if isFresh[u.ID] { // else handled before, or queued from the inbox
			t.queue.add(u)
		}
		last = max(last, u.ID)
	}
	t.queue.saw(last)
	return nil
}

// pruneHandled forgets handled updates older than keepHandled, at most
// once every pruneEvery: the record of handled updates needs only a day or
// two. Wall time, not the bot's clock: Telegram's retention runs on real
// time.
func (t *Transport) pruneHandled() {
	t.pruneMu.Lock()
	due := time.Since(t.pruned) > pruneEvery
	if due {
		t.pruned = time.Now()
	}
	t.pruneMu.Unlock()
	if !due {
		return
	}
	if n, err := t.store.PruneUpdates(time.Now().Add(-keepHandled)); err != nil {
		t.log.Warn("prune handled updates", "err", err)
	} else if n > 0 {
		t.log.Debug("pruned handled updates", "count", n)
	}
}

// poll is branchbot's own getUpdates loop. The library's poller confirms an
// update as soon as it is queued in memory, so a crash loses whatever was
// queued or in flight. Here each batch is first recorded in the store's
// inbox (one commit), and only then confirmed, by asking for the next
// offset.
func (t *Transport) poll(ctx context.Context) error {
	// No stored offset: Telegram keeps unconfirmed updates for a day and
	// update ids can jump after a quiet week, so start from the earliest
	// unconfirmed one and let the store skip what it has.
	var offset int64
	bo := newBackoff(t.clock)
	for {
		t.pruneHandled()
		if ctx.Err() != nil {
			t.confirm(offset)
			return nil
		}
		batch, err := t.getUpdates(ctx, offset, int(t.cfg.PollTimeout/time.Second))
		updates, raws := batch.updates, batch.raws
		if err != nil {
			if ctx.Err() != nil {
				t.confirm(offset)
				return nil
			}
			var apiErr *apiError
			switch {
			case errors.As(err, &apiErr) && apiErr.Code == http.StatusUnauthorized:
				return fmt.Errorf("telegram rejected the bot token: %w", err)
			case errors.As(err, &apiErr) && apiErr.Code == http.StatusConflict:
				t.log.Error("another branchbot or a webhook is using this token", "err", err)
			default:
				t.log.Warn("get updates", "err", err)
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
			if batch.skipped > 0 {
				// Only unreadable updates: Telegram answers again at
				// once, so do not ask in a tight loop.
				if bo.wait(ctx, 0) != nil {
					return nil
				}
				continue
			}
			bo.reset()
			continue
		}
		err = t.enqueue(ctx, updates, raws)
		if errors.Is(err, data.ErrDamaged) {
			return fmt.Errorf("record received updates: %w", err)
		}
		if err != nil {
			// Not recorded: do not confirm, so Telegram delivers the batch
			// again once the store recovers.
			t.log.Error("record received updates", "err", err)
			if bo.wait(ctx, 0) != nil {
				return nil
			}
			continue
		}
		bo.reset()
		offset = updates[len(updates)-1].ID + 1
	}
}

// storeDamaged stops the bot after update id met a damaged store. A
// damaged page is not a passing failure: every later update touching it
// would fail the same way and be lost, and every write lands in a file
// that can no longer be trusted. So the first one stops receiving, the
// update stays in the inbox, and the next start's check of the store
// refuses it until a backup is restored.
func (t *Transport) storeDamaged(id int64, err error) {
	t.log.Error("the store is damaged: stopping; restore a backup", "update_id", id, "err", err)
	if t.stopPolling != nil {
		t.stopPolling(err)
	}
}

// resumeInbox queues the updates a previous run received and did not
// handle. They are queued by id and read from the store in their turn, so
// a large inbox after a long outage does not fill memory.
func (t *Transport) resumeInbox() error {
	waiting, err := t.store.Waiting()
	if err != nil {
		return err
	}
	if len(waiting) == 0 {
		return nil
	}
	t.log.Info("handling updates received before the last stop", "count", len(waiting))
	for _, w := range waiting {
		t.queue.park(w.ID, w.Chat)
	}
	return nil
}

// handleQueued handles u and records it, retrying the record while the
// store fails. It returns false if ctx ends before u was begun, or while
// the record keeps failing; u then stays in the inbox.
func (t *Transport) handleQueued(ctx context.Context, u *models.Update) bool {
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
	if err := t.router.dispatch(data.WithUpdate(hctx, u.ID), u); err != nil {
		t.storeDamaged(u.ID, err)
		return false
	}
	// Only the record is retried: handling again would repeat replies.
	for bo := newBackoff(t.clock); ; {
		err := t.store.MarkUpdate(u.ID, time.Now())
		if err == nil {
			return true
		}
		if errors.Is(err, data.ErrDamaged) {
			t.storeDamaged(u.ID, err)
			return false
		}
		t.log.Error("record handled update", "update_id", u.ID, "err", err)
		if bo.wait(ctx, 0) != nil {
			return false
		}
	}
}

// loadParked reads back an update that waited in the inbox rather than in
// memory, retrying while the store fails. nil means it is to be passed
// over: no longer there, unreadable, too old, or tried too often after
// restarts (see InboxMaxAttempts); false, that ctx ended first.
func (t *Transport) loadParked(ctx context.Context, p parkedUpdate) (*models.Update, bool) {
	id := p.id
	for bo := newBackoff(t.clock); ; {
		var (
			raw data.RawUpdate
			ok  bool
			err error
		)
		if p.resumed {
			raw, ok, err = t.store.AttemptUpdate(id)
		} else {
			raw, ok, err = t.store.InboxUpdate(id)
		}
		if err == nil && !ok {
			return nil, true
		}
		if err == nil {
			return t.decodeParked(raw), true
		}
		if errors.Is(err, data.ErrDamaged) {
			t.storeDamaged(id, err)
			return nil, false
		}
		t.log.Error("read a waiting update", "update_id", id, "err", err)
		if bo.wait(ctx, 0) != nil {
			return nil, false
		}
	}
}

// decodeParked decodes an update read back from the inbox, or passes it
// over (recording it as handled) and returns nil.
func (t *Transport) decodeParked(raw data.RawUpdate) *models.Update {
	var why string
	var u *models.Update
	switch {
	case raw.JSON == nil:
		why = "damaged in the store"
	case time.Since(raw.ReceivedAt) > inboxMaxAge:
		why = "received more than a day ago"
	case raw.Attempts > InboxMaxAttempts:
		why = fmt.Sprintf("begun %d times after restarts: it may be what stops the bot", raw.Attempts-1)
	default:
		var whole bool
		var err error
		if u, whole, err = decodeUpdate(raw.JSON); err != nil {
			why = err.Error()
		} else if !whole {
			t.log.Warn("update this build cannot read, passed over", "update_id", u.ID)
		}
	}
	if why == "" {
		return u
	}
	t.log.Error("pass over an update from the inbox", "update_id", raw.ID, "why", why)
	if err := t.store.MarkUpdate(raw.ID, time.Now()); err != nil {
		// It stays in the inbox and is looked at again at the next start.
		t.log.Error("record passed-over update", "update_id", raw.ID, "err", err)
	}
	return nil
}

// confirm tells Telegram that everything below offset is handled, so the
// next start does not receive it again. Best effort: the store's record
// covers a failure.
func (t *Transport) confirm(offset int64) {
	if offset == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if _, err := t.getUpdatesLimit(ctx, offset, 0, 1); err != nil {
		t.log.Debug("confirm updates on shutdown", "err", err)
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

// updateBatch is one answer of getUpdates: the updates read, their raw
// form for the inbox, and how many elements had no readable update_id.
type updateBatch struct {
	updates []*models.Update
	raws    []data.RawUpdate
	skipped int
}

func (t *Transport) getUpdates(ctx context.Context, offset int64, timeout int) (updateBatch, error) {
	return t.getUpdatesLimit(ctx, offset, timeout, 100)
}

// getUpdatesLimit calls getUpdates directly: go-telegram/bot keeps its own
// poller's call private.
func (t *Transport) getUpdatesLimit(ctx context.Context, offset int64, timeout, limit int) (updateBatch, error) {
	body, err := json.Marshal(map[string]any{
		"offset":          offset,
		"timeout":         timeout,
		"limit":           limit,
		"allowed_updates": allowedUpdates,
	})
	if err != nil {
		return updateBatch{}, fmt.Errorf("encode getUpdates: %w", err)
	}
	url := strings.TrimRight(t.cfg.APIURL, "/") + "/bot" + t.cfg.Token + "/getUpdates"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return updateBatch{}, fmt.Errorf("getUpdates: %w", t.redact(err))
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := t.cfg.HTTPClient.Do(req)
	if err != nil {
		return updateBatch{}, fmt.Errorf("getUpdates: %w", t.redact(err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return updateBatch{}, fmt.Errorf("getUpdates: read: %w", t.redact(err))
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
		// Not the body: a proxy's error page may echo the request path,
		// token and all.
		return updateBatch{}, fmt.Errorf("getUpdates: decode a %d-byte answer (HTTP %d): %w", len(raw), resp.StatusCode, t.redact(err))
	}
	if !env.OK {
		// The description is the server's text: scrubbed and cut like an
		// error, for it may echo the request.
		desc := t.redact(errors.New(env.Description)).Error()
		return updateBatch{}, &apiError{Method: "getUpdates", Code: env.ErrorCode, Description: desc, RetryAfter: env.Parameters.RetryAfter}
	}
	var skipped int
	updates := make([]*models.Update, 0, len(env.Result))
	raws := make([]data.RawUpdate, 0, len(env.Result))
	for _, r := range env.Result {
		u, whole, err := decodeUpdate(r)
		if err != nil {
			// Without an id it can be neither recorded nor confirmed on
			// its own; the next readable update's offset confirms it.
			// Failing the batch instead would fail every later call too.
			t.unreadable(err)
			skipped++
			continue
		}
		if !whole {
			t.log.Warn("update this build cannot read, passed over", "update_id", u.ID)
		}
		updates = append(updates, u)
		raws = append(raws, data.RawUpdate{ID: u.ID, Chat: chatKey(u), JSON: r})
	}
	return updateBatch{updates: updates, raws: raws, skipped: skipped}, nil
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

// unreadable logs an update without a readable update_id, once per
// distinct update: Telegram delivers it again until a later update
// confirms it.
func (t *Transport) unreadable(err error) {
	t.skipMu.Lock()
	defer t.skipMu.Unlock()
	key := err.Error()
	if t.skipped[key] {
		return
	}
	if len(t.skipped) >= 100 {
		clear(t.skipped)
	}
	t.skipped[key] = true
	t.log.Error("update without a readable id, skipped", "err", err)
}
