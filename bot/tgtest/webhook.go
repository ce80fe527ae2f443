package tgtest

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

// Webhook delivery: while a webhook is set, queued updates are posted to
// its URL as JSON, one at a time and in order, with the secret_token given
// to setWebhook in the X-Telegram-Bot-Api-Secret-Token header. A 2xx answer
// confirms the update (it leaves the queue, as a getUpdates offset above it
// would: WaitConfirmed works the same); any other answer or a failed
// connection is retried after a short pause, as Telegram does (only
// sooner). Only a URL on a loopback host is called: the server never
// reaches further than this machine, and updates for any other URL stay
// queued.

// SecretTokenHeader is the header a webhook call carries its secret in.
const SecretTokenHeader = "X-Telegram-Bot-Api-Secret-Token"

// Pauses between attempts at one update: real time, kept short.
const (
	hookRetryMin = 10 * time.Millisecond
	hookRetryMax = 200 * time.Millisecond
)

// hookClient calls webhooks. Close ends its calls through hookCtx.
type hookClient struct {
	ctx    context.Context
	cancel context.CancelFunc
	http   *http.Client
}

func newHookClient() *hookClient {
	ctx, cancel := context.WithCancel(context.Background())
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil // loopback only, never through a proxy
	return &hookClient{ctx: ctx, cancel: cancel, http: &http.Client{Timeout: 30 * time.Second, Transport: tr}}
}

func (h *hookClient) close() {
	h.cancel()
	h.http.CloseIdleConnections()
}

// Webhook returns the webhook's URL and secret_token as setWebhook set
// them; both empty while none is set.
func (s *Server) Webhook() (url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhook, s.hookSecret
}

// startDeliveryLocked starts posting updates to the webhook unless that
// is going on already.
func (s *Server) startDeliveryLocked() {
	if s.delivering || s.closed {
		return
	}
	s.delivering = true
	s.deliveries.Add(1)
	go s.deliver()
}

// deliver posts queued updates to the webhook until it is deleted or the
// server closes.
func (s *Server) deliver() {
	defer s.deliveries.Done()
	pause := hookRetryMin
	for {
		q, target, secret, ok := s.nextDelivery()
		if !ok {
			return
		}
		status, err := s.post(target, secret, q.raw)
		delivered := err == nil && status >= 200 && status < 300
		s.mu.Lock()
		s.stats.WebhookCalls++
		if !delivered {
			s.stats.WebhookFailures++
		} else if len(s.queue) > 0 && s.queue[0].id == q.id {
			s.queue = s.queue[1:]
			s.confirmed = max(s.confirmed, q.id)
			s.broadcastLocked()
		}
		s.mu.Unlock()
		if delivered {
			pause = hookRetryMin
			continue
		}
		select {
		case <-s.done:
		case <-time.After(pause):
		}
		pause = min(2*pause, hookRetryMax)
	}
}

// nextDelivery waits for an update to post; false when delivery is to
// stop (the webhook deleted or the server closed).
func (s *Server) nextDelivery() (q queuedUpdate, target, secret string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if s.closed || s.webhook == "" {
			s.delivering = false
			return queuedUpdate{}, "", "", false
		}
		if len(s.queue) > 0 && s.held == 0 && isLoopbackURL(s.webhook) {
			return s.queue[0], s.webhook, s.hookSecret, true
		}
		ch := s.changed
		s.mu.Unlock()
		<-ch // Close broadcasts too
		s.mu.Lock()
	}
}

// post makes one webhook call and returns the answer's status.
func (s *Server) post(target, secret string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(s.hooks.ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set(SecretTokenHeader, secret)
	}
	resp, err := s.hooks.http.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return resp.StatusCode, nil
}

// isLoopbackURL reports whether raw names a host on this machine.
func isLoopbackURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
