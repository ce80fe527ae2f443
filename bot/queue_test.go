package bot

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

func textUpdate(id, chat int64) *models.Update {
	return &models.Update{ID: id, Message: &models.Message{Chat: models.Chat{ID: chat}}}
}

// queueWait bounds a wait in these tests; a safety net, not a timing.
func queueWait(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// Each chat's updates run in the order received, every update once.
func TestUpdateQueueKeepsEachChatsOrder(t *testing.T) {
	var mu sync.Mutex
	seen := map[int64][]int64{}
	q := newUpdateQueue(func(_ context.Context, u *models.Update) bool {
		mu.Lock()
		defer mu.Unlock()
		seen[u.Message.Chat.ID] = append(seen[u.Message.Chat.ID], u.ID)
		return true
	})
	ctx := queueWait(t)
	const chats, perChat = 7, 300
	for id := int64(1); id <= chats*perChat; id++ {
		if err := q.add(ctx, textUpdate(id, id%chats)); err != nil {
			t.Fatal(err)
		}
	}
	if err := q.waitHandled(ctx, chats*perChat); err != nil {
		t.Fatal(err)
	}
	q.wait()
	for chat, ids := range seen {
		if len(ids) != perChat {
			t.Errorf("chat %d: %d updates handled, want %d", chat, len(ids), perChat)
		}
		for i := 1; i < len(ids); i++ {
			if ids[i] <= ids[i-1] {
				t.Fatalf("chat %d handled %d after %d", chat, ids[i], ids[i-1])
			}
		}
	}
}

// A slow update holds up its own chat only; waitHandled waits for it even
// when later ones are done.
func TestUpdateQueueSlowChatHoldsUpOnlyItself(t *testing.T) {
	release := make(chan struct{})
	handled := make(chan int64, 10)
	q := newUpdateQueue(func(_ context.Context, u *models.Update) bool {
		if u.ID == 1 {
			<-release
		}
		handled <- u.ID
		return true
	})
	ctx := queueWait(t)
	for _, u := range []*models.Update{textUpdate(1, 100), textUpdate(2, 100), textUpdate(3, 200), textUpdate(4, 300)} {
		if err := q.add(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	got := map[int64]bool{<-handled: true, <-handled: true}
	if !got[3] || !got[4] {
		t.Fatalf("while chat 100 was busy, handled %v; want 3 and 4", got)
	}
	short, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	if err := q.waitHandled(short, 3); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("waitHandled(3) with 1 running = %v; want to wait", err)
	}
	close(release)
	if first, second := <-handled, <-handled; first != 1 || second != 2 {
		t.Fatalf("chat 100 handled %d then %d", first, second)
	}
	if err := q.waitHandled(ctx, 4); err != nil {
		t.Fatal(err)
	}
	q.wait()
}

// At shutdown a chat's waiting updates are left alone (they stay in the
// store's inbox); the running one finishes.
func TestUpdateQueueShutdownLeavesTheRest(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	var mu sync.Mutex
	var ran []int64
	q := newUpdateQueue(func(ctx context.Context, u *models.Update) bool {
		mu.Lock()
		ran = append(ran, u.ID)
		mu.Unlock()
		if u.ID == 1 {
			close(started)
			<-release
		}
		return true
	})
	ctx, cancel := context.WithCancel(t.Context())
	for id := int64(1); id <= 3; id++ {
		if err := q.add(ctx, textUpdate(id, 5)); err != nil {
			t.Fatal(err)
		}
	}
	<-started
	cancel()
	close(release)
	q.wait()
	if len(ran) != 1 || ran[0] != 1 {
		t.Fatalf("after shutdown ran %v; want only the running one", ran)
	}
	if err := q.add(ctx, textUpdate(4, 6)); !errors.Is(err, context.Canceled) {
		t.Fatalf("add after shutdown = %v", err)
	}
}

// Updates received but handled before (not queued) count as handled once
// everything older is.
func TestUpdateQueueSawCountsSkippedUpdates(t *testing.T) {
	q := newUpdateQueue(func(context.Context, *models.Update) bool { return true })
	ctx := queueWait(t)
	if err := q.add(ctx, textUpdate(10, 1)); err != nil {
		t.Fatal(err)
	}
	q.saw(12) // 11 and 12 were redeliveries of handled updates
	if err := q.waitHandled(ctx, 12); err != nil {
		t.Fatal(err)
	}
	q.wait()
}
