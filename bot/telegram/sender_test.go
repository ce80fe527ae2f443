package telegram

import (
	"branchbot/data"
	"context"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

func TestSenderConfigDefaults(t *testing.T) {
	s := newSender(&Transport{clock: nil}, SenderConfig{})
	if s.cfg.Global != 30 || s.cfg.PerChat != 1 || s.cfg.PerGroup != rate.Every(3*time.Second) || s.cfg.Workers == 0 {
		t.Errorf("defaults = %+v", s.cfg)
	}
	if got := s.interval(-100); got != 3*time.Second {
		t.Errorf("group interval = %v", got)
	}
	if got := s.interval(100); got != time.Second {
		t.Errorf("private interval = %v", got)
	}
}

// A message that failed is retried before its chat's next message, even
// when the dispatcher read that next message while the failed one was on
// the wire and only claims it after the failed one is done.
func TestRetryHoldsItsChatBeforeItIsFreed(t *testing.T) {
	store, err := data.Open(filepath.Join(t.TempDir(), "s.db"), data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	t0 := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	s := newSender(&Transport{store: store}, SenderConfig{})
	m := data.OutMessage{ID: 1, ChatID: 100}
	if _, ok := s.take(m, t0); !ok {
		t.Fatal("the first message was not taken")
	}
	// On the wire it times out; the worker parks it for a minute, then
	// frees the chat.
	if err := s.retry(context.Background(), m, t0.Add(time.Minute), "timeout"); err != nil {
		t.Fatal(err)
	}
	s.done(m, t0)
	next := data.OutMessage{ID: 2, ChatID: 100}
	if _, ok := s.take(next, t0.Add(31*time.Second)); ok {
		t.Fatal("the chat's next message went before the retry of the first")
	}
	if _, ok := s.take(data.OutMessage{ID: 3, ChatID: 200}, t0.Add(31*time.Second)); !ok {
		t.Fatal("another chat was held too")
	}
}
