package telegram

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"branchbot/data"
	"branchbot/schedule"
)

// Webhook mode: Telegram posts each update to Config.WebhookURL, and a
// reverse proxy terminating TLS forwards it to Config.Listen. An update is
// answered 200 only once it is in the store's inbox, exactly as the poller
// confirms one; any other answer makes Telegram post it again, and the
// inbox's record of update ids makes a repeated post harmless.
//
// The library's WebhookHandler is not used: it answers 200 to everything,
// a wrong secret and a body it could not read included, before the update
// is handled.

// ErrListen means the webhook's listen address could not be bound: in
// use by another process, or not an address of this machine.
var ErrListen = errors.New("cannot listen for webhook calls")

const (
	// secretHeader carries the secret_token given to setWebhook.
	secretHeader = "X-Telegram-Bot-Api-Secret-Token"
	// maxWebhookBody bounds one posted update: Telegram's are a few KiB.
	maxWebhookBody = 1 << 20
)

// webhook is the listener Telegram's calls arrive on, bound before any
// call to Telegram so that an address in use stops the start at once.
type webhook struct {
	t    *Transport
	ln   net.Listener
	path string // the URL's path: calls to any other are not Telegram's
}

// listenWebhook binds Config.Listen.
func (t *Transport) listenWebhook() (*webhook, error) {
	u, err := url.Parse(t.cfg.WebhookURL)
	if err != nil {
		return nil, fmt.Errorf("webhook URL (BRANCHBOT_WEBHOOK_URL): %w", t.redact(err))
	}
	if t.cfg.Listen == "" {
		// net.Listen would pick any port on every interface.
		return nil, fmt.Errorf("%w: no address set (BRANCHBOT_LISTEN)", ErrListen)
	}
	ln, err := net.Listen("tcp", t.cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("%w on %s (BRANCHBOT_LISTEN): %w", ErrListen, t.cfg.Listen, err)
	}
	addr := ln.Addr()
	t.hookAddr.Store(&addr)
	path := u.Path
	if path == "" {
		path = "/"
	}
	return &webhook{t: t, ln: ln, path: path}, nil
}

// WebhookAddr is the address the webhook server listens on: with a Listen
// of "127.0.0.1:0", the port the system picked. It is "" in polling mode
// and before Run has bound it.
func (t *Transport) WebhookAddr() string {
	if a := t.hookAddr.Load(); a != nil {
		return (*a).String()
	}
	return ""
}

// serve answers Telegram's calls until ctx ends, then stops accepting and
// lets the calls in hand finish. The webhook stays set: Telegram keeps the
// updates that come meanwhile for the next start.
func (h *webhook) serve(ctx context.Context) error {
	t := h.t
	secret := webhookSecret(t.cfg.Token)
	t.pruneHandled()
	srv := &http.Server{
		Handler:           h.handler(secret),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(t.log.Handler(), slog.LevelDebug),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(h.ln) }()

	// Serving first: Telegram calls as soon as the webhook is set.
	err := h.register(ctx, secret)
	if err == nil {
		watchCtx, stopWatch := context.WithCancel(ctx)
		var watching sync.WaitGroup
		watching.Go(func() { h.watch(watchCtx, secret) })
		defer watching.Wait()
		defer stopWatch()
		select {
		case <-ctx.Done():
		case err := <-served:
			srv.Close()
			return fmt.Errorf("serve webhook calls: %w", err)
		}
	}
	// Each call in hand only records its update: let them finish.
	sctx, cancel := context.WithTimeout(context.Background(), handleTimeout)
	defer cancel()
	if serr := srv.Shutdown(sctx); serr != nil {
		t.log.Warn("webhook calls still open at shutdown", "err", serr)
		srv.Close()
	}
	<-served
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// register sets the webhook, retrying while Telegram is unreachable; a
// rejected token or URL ends the start.
func (h *webhook) register(ctx context.Context, secret string) error {
	t := h.t
	bo := newBackoff(t.clock)
	for {
		_, err := t.tg.SetWebhook(ctx, &tgbot.SetWebhookParams{
			URL:            t.cfg.WebhookURL,
			SecretToken:    secret,
			AllowedUpdates: allowedUpdates,
		})
		if err == nil {
			t.log.Info("webhook set", "path", h.path)
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var flood *tgbot.TooManyRequestsError
		var floor time.Duration
		switch {
		case errors.Is(err, tgbot.ErrorUnauthorized), errors.Is(err, tgbot.ErrorNotFound):
			return fmt.Errorf("telegram rejected the bot token (check BRANCHBOT_TOKEN): %w", t.redact(err))
		case errors.Is(err, tgbot.ErrorBadRequest):
			return fmt.Errorf("telegram refused the webhook (check BRANCHBOT_WEBHOOK_URL): %w", t.redact(err))
		case errors.As(err, &flood):
			floor = time.Duration(flood.RetryAfter) * time.Second
		}
		t.log.Warn("set webhook, retrying", "err", t.redact(err))
		if err := bo.wait(ctx, floor); err != nil {
			return err
		}
	}
}

// watch asks Telegram about the webhook once a polling timeout, until ctx
// ends. With no updates a webhook bot calls nobody, and its health would
// read as silence; the answer also says what polling would have shown by
// failing: Telegram cannot reach the URL (logged once per new error), or
// the webhook was replaced or deleted (set again).
func (h *webhook) watch(ctx context.Context, secret string) {
	t := h.t
	var lastError int
	for schedule.Sleep(ctx, t.clock, t.cfg.PollTimeout) == nil {
		info, err := t.tg.GetWebhookInfo(ctx)
		switch {
		case err != nil:
			if ctx.Err() == nil {
				t.log.Warn("ask Telegram about the webhook", "err", t.redact(err))
			}
		case info.URL != t.cfg.WebhookURL:
			t.log.Warn("the webhook was changed elsewhere: setting it again")
			if err := h.register(ctx, secret); err != nil && ctx.Err() == nil {
				t.log.Error("set the webhook again", "err", err)
			}
		case info.LastErrorDate > lastError:
			lastError = info.LastErrorDate
			t.log.Warn("Telegram could not deliver to the webhook", "error", info.LastErrorMessage, "pending", info.PendingUpdateCount)
		}
	}
}

// handler answers one call: 404 off the webhook's path, 405 for anything
// but POST, 401 without the secret (never handled), 413 for a body over
// 1 MiB, 400 for one that is not an update, 200 once the update is stored.
func (h *webhook) handler(secret string) http.Handler {
	want := []byte(secret)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != h.path {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		// Constant time: how much of a guess matched must not show.
		if subtle.ConstantTimeCompare([]byte(r.Header.Get(secretHeader)), want) != 1 {
			h.t.log.Warn("webhook call without the right secret, refused", "remote", r.RemoteAddr)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				http.Error(w, "update too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "cannot read the update", http.StatusBadRequest)
			return
		}
		status := h.accept(r.Context(), raw)
		if status != http.StatusOK {
			http.Error(w, http.StatusText(status), status)
			return
		}
		w.WriteHeader(status)
	})
}

// accept records one posted update in the inbox and queues it if it is
// new, and returns the status to answer: 200 only once it is stored (a
// repeated one included, which is not handled again), so that Telegram
// posts it again after any failure.
func (h *webhook) accept(ctx context.Context, raw []byte) int {
	t := h.t
	u, whole, err := decodeUpdate(raw)
	if err != nil {
		t.unreadable(err)
		return http.StatusBadRequest
	}
	if !whole {
		t.log.Warn("update this build cannot read, passed over", "update_id", u.ID)
	}
	err = t.enqueue(ctx, []*models.Update{u}, []data.RawUpdate{{ID: u.ID, Chat: chatKey(u), JSON: raw}})
	switch {
	case errors.Is(err, data.ErrDamaged):
		t.storeDamaged(u.ID, err)
		return http.StatusServiceUnavailable
	case err != nil:
		t.log.Error("record a received update", "update_id", u.ID, "err", err)
		return http.StatusServiceUnavailable
	}
	t.pruneHandled()
	return http.StatusOK
}

// leaveWebhook deletes a webhook a run in webhook mode left behind, and
// says so: polling and a webhook exclude each other, and a leftover one
// makes every getUpdates fail with 409.
func (t *Transport) leaveWebhook(ctx context.Context) error {
	info, err := t.tg.GetWebhookInfo(ctx)
	if err != nil {
		// Delete anyway: cheaper than being unsure.
		t.log.Warn("get webhook info", "err", t.redact(err))
		info = &models.WebhookInfo{}
	} else if info.URL == "" {
		return nil
	}
	if _, err := t.tg.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{}); err != nil {
		return fmt.Errorf("delete webhook: %w", t.redact(err))
	}
	if info.URL != "" {
		t.log.Info("deleted the webhook a run in webhook mode left: polling instead", "pending_updates", info.PendingUpdateCount)
	}
	return nil
}

// webhookSecret is the secret Telegram sends with every webhook call,
// derived from the token: the same across restarts (a call Telegram
// retries after one still passes), in no file (a copy of the store or a
// backup does not let anyone post updates as Telegram), and new with a
// new token. Base64url of an HMAC: the characters Telegram allows.
func webhookSecret(token string) string {
	mac := hmac.New(sha256.New, []byte(token))
	mac.Write([]byte("branchbot webhook secret"))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}
