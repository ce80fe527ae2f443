package bot

import (
	"log/slog"
	"strings"
	"testing"

	"branchbot/bot/telegram"
	"branchbot/data"
)

// codec is a button kind seen from its wire format: decode an argument
// and encode it again.
type codec struct {
	action string
	again  func(arg string) (string, error)
}

func codecOf[A any](k *telegram.ButtonKind[A]) codec {
	return codec{action: k.Action, again: func(arg string) (string, error) {
		a, err := k.Parse(arg)
		if err != nil {
			return "", err
		}
		return strings.TrimPrefix(k.Button("", a).Data, k.Action+":"), nil
	}}
}

// buttonCodecs lists every kind of button branchbot makes.
var buttonCodecs = []codec{
	codecOf(btnInvite), codecOf(btnAck), codecOf(btnRemind), codecOf(btnUnread),
	codecOf(btnNoticeSend), codecOf(btnNoticeDrop), codecOf(btnLeave), codecOf(btnAttend),
	codecOf(btnCheckIn), codecOf(btnMeetFlow), codecOf(btnFeedback), codecOf(btnEvaluate),
	codecOf(btnSurvey), codecOf(btnLeaveApprove), codecOf(btnLeaveReject),
	codecOf(btnEvalClose), codecOf(btnEvalRemind), codecOf(btnCancelConfirm), codecOf(btnCancelKeep), codecOf(btnRestore),
}

func codecFor(t testing.TB, action string) codec {
	for _, c := range buttonCodecs {
		if c.action == action {
			return c
		}
	}
	t.Fatalf("no button kind %q", action)
	return codec{}
}

// TestButtonCodecs: what a builder makes, its parser reads back; what it
// would not make (a forged or damaged press), its parser refuses.
func TestButtonCodecs(t *testing.T) {
	tests := []struct {
		action string
		good   []string
		bad    []string
	}{
		{"inv", []string{"member", "secretary", "committee", "leader"}, []string{"", "boss", "书记", "owner ", "Member"}},
		{"ack", []string{"1", "18446744073709551615"}, []string{"", "0", "01", "+1", "-1", "1e3", "#1", "12abc", "18446744073709551616"}},
		{"ci", []string{"7"}, []string{"7 ", "x"}},
		{"mf", []string{"7-kassembly", "7-d20261210", "7-t0900", "7-c", "7-x", "12-g3"}, []string{"7", "7-", "7-z", "0-c", "7-kAssembly", "7-k" + strings.Repeat("a", 17), "x-c"}},
		{"fb", []string{"3-c0", "3-a1", "3-s", "3-x"}, []string{"3-c10", "3-k", "3-", "3-cX"}},
		{"ev", []string{"2-0-e", "2-5-n", "2-999999-u"}, []string{"2-0", "2-0-z", "0-0-e", "2-x-e", "2-1234567-e", "2-0-ee"}},
		{"sv", []string{"4-0-1", "4-2-d", "4-1-t", "4-3-12"}, []string{"4-0", "4-0-x", "4-1234-1", "4-0-123", "4--1-1", "0-0-1"}},
		{"lva", []string{"5-100002"}, []string{"5", "5-0", "5--1", "0-1", "5-01", "5-1-2"}},
		{"lvr", []string{"5-100002"}, []string{"5-x"}},
	}
	for _, tt := range tests {
		c := codecFor(t, tt.action)
		for _, arg := range tt.good {
			if again, err := c.again(arg); err != nil || again != arg {
				t.Errorf("%s:%s = %q, %v; want it read back", tt.action, arg, again, err)
			}
		}
		for _, arg := range tt.bad {
			if _, err := c.again(arg); err == nil {
				t.Errorf("%s:%s accepted", tt.action, arg)
			}
		}
	}
}

// TestEveryButtonKindRegistered: a kind a feature builds must reach a
// handler, or its presses would all be "stale".
func TestEveryButtonKindRegistered(t *testing.T) {
	store, err := data.Open(t.TempDir()+"/b.db", data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	b, err := New(Config{Token: "1:x", APIURL: "http://127.0.0.1:1"}, store, nil, discardLog())
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, c := range buttonCodecs {
		listed[c.action] = true
		if _, _, err := b.router.ParseCallback(c.action + ":x"); err != nil {
			t.Errorf("button kind %q is not registered: %v", c.action, err)
		}
	}
	// And the other way: a kind added later must join buttonCodecs, or
	// the codec and fuzz tests would never see it.
	for _, action := range b.router.ButtonActions() {
		if !listed[action] {
			t.Errorf("button kind %q is registered but not in buttonCodecs", action)
		}
	}
	if _, _, err := b.router.ParseCallback("zzz:1"); err == nil {
		t.Error("an unknown action was accepted")
	}
}

// FuzzButtonCodecs: no callback data makes a parser panic, and what one
// accepts is exactly what its builder would make, within Telegram's 64
// bytes.
func FuzzButtonCodecs(f *testing.F) {
	for _, s := range []string{"ack:1", "inv:member", "mf:7-kassembly", "ev:2-0-e", "sv:4-0-d", "lva:5-100002", "fb:3-c0", "x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		action, arg, _ := strings.Cut(data, ":")
		for _, c := range buttonCodecs {
			if c.action != action {
				continue
			}
			again, err := c.again(arg)
			if err != nil {
				return
			}
			if again != arg {
				t.Fatalf("%q read as %q", data, again)
			}
			if len(action)+1+len(again) > 64 && len(data) <= 64 {
				t.Fatalf("%q: over 64 bytes", data)
			}
		}
	})
}

func discardLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

// TestButtonKindMatch: a kind recognises whole callback data of its own,
// and nothing of another kind or malformed.
func TestButtonKindMatch(t *testing.T) {
	for _, tc := range []struct {
		data string
		id   uint64
		ok   bool
	}{{"ci:7", 7, true}, {"ci:07", 0, false}, {"ci:x", 0, false}, {"at:7", 0, false}, {"ci7", 0, false}, {"", 0, false}} {
		if id, ok := btnCheckIn.Match(tc.data); ok != tc.ok || id != tc.id {
			t.Errorf("Match(%q) = %d, %v; want %d, %v", tc.data, id, ok, tc.id, tc.ok)
		}
	}
}
