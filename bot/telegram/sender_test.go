package telegram

import (
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
