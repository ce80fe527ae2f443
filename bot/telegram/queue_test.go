package telegram

import (
	"context"
	"slices"
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

// fakeInbox stands in for the store's inbox behind a queue: what was
// parked is read back from it.
type fakeInbox struct {
	mu      sync.Mutex
	updates map[int64]*models.Update
	loads   []parkedUpdate
}

func (f *fakeInbox) put(u *models.Update) *models.Update {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.updates == nil {
		f.updates = map[int64]*models.Update{}
	}
	f.updates[u.ID] = u
	return u
}

func (f *fakeInbox) load(_ context.Context, p parkedUpdate) (*models.Update, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.loads = append(f.loads, p)
	return f.updates[p.id], true
}

// startQueue runs a queue until the test ends.
func startQueue(t *testing.T, handle func(context.Context, *models.Update) bool) (*updateQueue, *fakeInbox, context.CancelFunc) {
	inbox := &fakeInbox{}
	q := newUpdateQueue(handle, inbox.load)
	ctx, cancel := context.WithCancel(t.Context())
	q.start(ctx)
	t.Cleanup(func() { cancel(); q.wait() })
	return q, inbox, cancel
}

// holdingFirst is a handler that holds update 1 until release is closed
// and reports every update it handles on handled.
func holdingFirst(release <-chan struct{}, handled chan<- int64) func(context.Context, *models.Update) bool {
	return func(_ context.Context, u *models.Update) bool {
		if u.ID == 1 {
			<-release
		}
		handled <- u.ID
		return true
	}
}

// Each chat's updates run in the order received, every update once.
func TestUpdateQueueKeepsEachChatsOrder(t *testing.T) {
	var mu sync.Mutex
	seen := map[int64][]int64{}
	q, inbox, _ := startQueue(t, func(_ context.Context, u *models.Update) bool {
		mu.Lock()
		defer mu.Unlock()
		seen[u.Message.Chat.ID] = append(seen[u.Message.Chat.ID], u.ID)
		return true
	})
	const chats, perChat = 7, 400 // more than maxDecoded in all: some park
	for id := int64(1); id <= chats*perChat; id++ {
		q.add(inbox.put(textUpdate(id, id%chats)))
	}
	if err := q.waitHandled(queueWait(t), chats*perChat); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != chats {
		t.Fatalf("updates of %d chats handled; want %d", len(seen), chats)
	}
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

// handledNow reports whether waitHandled(id) would return at once. The
// tests ask while what id waits for is held by the test itself, so the
// answer cannot change under them: no short timeout that a slow machine
// could outlast, or a fast one pass by luck.
func handledNow(q *updateQueue, id int64) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.handledLocked(id)
}

// A slow update holds up its own chat only; waitHandled waits for it even
// when later ones are done.
func TestUpdateQueueSlowChatHoldsUpOnlyItself(t *testing.T) {
	release := make(chan struct{})
	handled := make(chan int64, 10)
	q, _, _ := startQueue(t, holdingFirst(release, handled))
	ctx := queueWait(t)
	for _, u := range []*models.Update{textUpdate(1, 100), textUpdate(2, 100), textUpdate(3, 200), textUpdate(4, 300)} {
		q.add(u)
	}
	got := map[int64]bool{<-handled: true, <-handled: true}
	if !got[3] || !got[4] {
		t.Fatalf("while chat 100 was busy, handled %v; want 3 and 4", got)
	}
	if handledNow(q, 3) { // update 1 is held until release
		t.Fatal("update 3 counts as handled while 1, before it, runs")
	}
	close(release)
	if first, second := <-handled, <-handled; first != 1 || second != 2 {
		t.Fatalf("chat 100 handled %d then %d", first, second)
	}
	if err := q.waitHandled(ctx, 4); err != nil {
		t.Fatal(err)
	}
}

// A chat that floods the bot while its handler is stuck fills the memory
// budget; the rest of its updates and other chats' wait in the inbox, and
// the other chats are still served, read back from there.
func TestUpdateQueueFloodParksInTheInbox(t *testing.T) {
	release := make(chan struct{})
	handled := make(chan int64, 3*maxDecoded)
	q, inbox, _ := startQueue(t, holdingFirst(release, handled))
	ctx := queueWait(t)
	flood := int64(maxDecoded + 200)
	for id := int64(1); id <= flood; id++ {
		q.add(inbox.put(textUpdate(id, 100)))
	}
	other := flood + 1
	q.add(inbox.put(textUpdate(other, 200)))
	if got := <-handled; got != other {
		t.Fatalf("first handled = %d; want the other chat's %d", got, other)
	}
	close(release)
	for want := int64(1); want <= flood; want++ {
		if got := <-handled; got != want {
			t.Fatalf("flooding chat handled %d; want %d", got, want)
		}
	}
	if err := q.waitHandled(ctx, other); err != nil {
		t.Fatal(err)
	}
	inbox.mu.Lock()
	defer inbox.mu.Unlock()
	if len(inbox.loads) != 201 || inbox.loads[0] != (parkedUpdate{id: other}) {
		t.Errorf("read back %d from the inbox (first %v); want 201, the other chat's first", len(inbox.loads), inbox.loads[:1])
	}
}

// An update gone from the inbox when its turn comes (handled already) is
// passed over; a chat whose updates are parked is served while another
// holds all the memory.
func TestUpdateQueueParkedAndGone(t *testing.T) {
	release := make(chan struct{})
	handled := make(chan int64, maxDecoded+2)
	q, inbox, _ := startQueue(t, holdingFirst(release, handled))
	for id := int64(1); id <= maxDecoded; id++ { // memory full, chat 1 stuck
		q.add(inbox.put(textUpdate(id, 1)))
	}
	q.add(textUpdate(5000, 9)) // parked, and then gone from the inbox
	q.add(inbox.put(textUpdate(5001, 9)))
	if got := <-handled; got != 5001 {
		t.Fatalf("first handled = %d; want 5001", got)
	}
	close(release)
	if err := q.waitHandled(queueWait(t), 5001); err != nil {
		t.Fatal(err)
	}
	close(handled)
	n := 0
	for id := range handled {
		if id == 5000 {
			t.Fatal("an update no longer in the inbox was handled")
		}
		n++
	}
	if n != maxDecoded {
		t.Fatalf("chat 1 had %d updates handled; want %d", n, maxDecoded)
	}
}

// Updates left in the inbox by the last run are queued by id; a chat's new
// updates wait behind its resumed ones.
func TestUpdateQueueResumedBeforeNew(t *testing.T) {
	var mu sync.Mutex
	var order []int64
	release := make(chan struct{})
	q, inbox, _ := startQueue(t, func(_ context.Context, u *models.Update) bool {
		if u.ID == 1 {
			<-release // so that 3 arrives while 1 and 2 still wait
		}
		mu.Lock()
		defer mu.Unlock()
		order = append(order, u.ID)
		return true
	})
	inbox.put(textUpdate(1, 5))
	inbox.put(textUpdate(2, 5))
	q.park(1, 5)
	q.park(2, 5)
	q.add(inbox.put(textUpdate(3, 5)))
	close(release)
	if err := q.waitHandled(queueWait(t), 3); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(order) != 3 || order[0] != 1 || order[1] != 2 || order[2] != 3 {
		t.Fatalf("handled %v; want [1 2 3]", order)
	}
	inbox.mu.Lock()
	defer inbox.mu.Unlock()
	want := []parkedUpdate{{id: 1, resumed: true}, {id: 2, resumed: true}, {id: 3}}
	if !slices.Equal(inbox.loads, want) {
		t.Fatalf("read back %v; want %v (resumed ones marked)", inbox.loads, want)
	}
}

// At shutdown the waiting updates are left alone (they stay in the store's
// inbox); the running one finishes; the mark of handled updates stays put.
func TestUpdateQueueShutdownLeavesTheRest(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	var mu sync.Mutex
	var ran []int64
	q, _, stop := startQueue(t, func(ctx context.Context, u *models.Update) bool {
		mu.Lock()
		ran = append(ran, u.ID)
		mu.Unlock()
		if u.ID == 1 {
			close(started)
			<-release
		}
		return true // as handleQueued does for an update it began
	})
	for id := int64(1); id <= 3; id++ {
		q.add(textUpdate(id, 5))
	}
	<-started
	stop()
	close(release)
	q.wait()
	if len(ran) != 1 || ran[0] != 1 {
		t.Fatalf("after shutdown ran %v; want only the running one", ran)
	}
	if handledNow(q, 2) { // every worker has stopped: nothing can handle it
		t.Fatal("update 2 counts as handled after a shutdown that left it waiting")
	}
}

// Updates received but handled before (not queued) count as handled once
// everything older is.
func TestUpdateQueueSawCountsSkippedUpdates(t *testing.T) {
	q, _, _ := startQueue(t, func(context.Context, *models.Update) bool { return true })
	q.add(textUpdate(10, 1))
	q.saw(12) // 11 and 12 were redeliveries of handled updates
	if err := q.waitHandled(queueWait(t), 12); err != nil {
		t.Fatal(err)
	}
}

// Telegram may start ids again from a random one after a quiet week: a
// lower id received after a higher one is waited for on its own terms.
func TestUpdateQueueIdsGoingDown(t *testing.T) {
	release := make(chan struct{})
	q, _, _ := startQueue(t, func(_ context.Context, u *models.Update) bool {
		if u.ID == 3001 {
			<-release
		}
		return true
	})
	ctx := queueWait(t)
	q.add(textUpdate(3001, 1))
	q.add(textUpdate(2002, 2))
	if err := q.waitHandled(ctx, 2002); err != nil {
		t.Fatal(err)
	}
	if handledNow(q, 3001) { // held until release
		t.Fatal("update 3001 counts as handled while it runs")
	}
	close(release)
	if err := q.waitHandled(ctx, 3001); err != nil {
		t.Fatal(err)
	}
}
