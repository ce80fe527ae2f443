package bot

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"branchbot/bot/tgtest"
	"branchbot/data"
)

// scaledLimits are Telegram's limits sped up tenfold, for tests that must
// hit them without taking minutes.
var scaledLimits = tgtest.Limits{Global: 300, PerChat: 10, PerGroup: 2}

var scaledSender = SenderConfig{Workers: 8, Global: 300, PerChat: 10, PerGroup: 2, RetryBase: 5 * time.Millisecond, RetryMax: 50 * time.Millisecond}

// addMembers makes n tgtest users members of the owner's branch directly
// through the store (the invite flow has its own tests). started=false
// users never pressed Start.
func addMembers(t testing.TB, h *harness, n int, name string, started bool) []*tgtest.User {
	t.Helper()
	return joinBranch(t, h, h.owners[0], n, name, started)
}

// joinBranch makes n tgtest users members of the branch whose secretary is
// secretary, by invites the secretary made.
func joinBranch(t testing.TB, h *harness, secretary int64, n int, name string, started bool) []*tgtest.User {
	t.Helper()
	sec, err := h.store.Member(secretary)
	if err != nil {
		t.Fatal(err)
	}
	var out []*tgtest.User
	for i := range n {
		var u *tgtest.User
		if started {
			u = h.srv.NewUser(fmt.Sprintf("%s%d", name, i), "zh")
		} else {
			u = h.srv.NewUserNotStarted(fmt.Sprintf("%s%d", name, i), "zh")
		}
		inv, err := h.store.CreateInvite(context.Background(), sec.BranchID, data.RoleMember, sec.UserID, h.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := h.store.RedeemInvite(context.Background(), inv.Code, data.Person{UserID: u.ID, Name: u.FirstName, Username: u.Username, Lang: "zh"}, h.clock.Now()); err != nil {
			t.Fatal(err)
		}
		out = append(out, u)
	}
	return out
}

// createNotice queues a notice straight through the store, as the Send
// button does, so that faults aimed at the sender don't hit the dialogue.
func createNotice(t testing.TB, h *harness, text string) data.Notice {
	t.Helper()
	return noticeFrom(t, h, h.owners[0], text)
}

// noticeFrom is createNotice for the branch whose secretary is secretary.
func noticeFrom(t testing.TB, h *harness, secretary int64, text string) data.Notice {
	t.Helper()
	sec, err := h.store.Member(secretary)
	if err != nil {
		t.Fatal(err)
	}
	br, err := h.store.Branch(sec.BranchID)
	if err != nil {
		t.Fatal(err)
	}
	n, err := h.store.CreateNotice(context.Background(), data.NewNotice{
		BranchID: br.ID, Text: text, By: sec.UserID, Lang: "zh", Now: h.clock.Now(), Render: h.bot.renderNotice(br),
	})
	if err != nil {
		t.Fatal(err)
	}
	h.bot.tg.Wake()
	return n
}

func copiesOf(h *harness, u *tgtest.User, text string) int { return len(h.messagesWith(u.ID, text)) }

// Under 429s, 10% 5xx, dropped connections and some members who never
// pressed Start, every reachable member gets the notice exactly once, no
// request lands inside a retry_after window, and the secretary learns who
// could not be reached.
func TestBroadcastUnderFaults(t *testing.T) {
	h, owner := newHarness(t, tgtest.WithLimits(scaledLimits))
	h.stop()
	h.sender, h.realClock = scaledSender, true
	h.start(nil)
	h.dm(owner, "/neworg 第一党支部")
	members := addMembers(t, h, 60, "m", true)
	lost := addMembers(t, h, 3, "never", false)

	h.srv.SetFaults(tgtest.Faults{ServerErrorRate: 0.10, DropRate: 0.05, Seed: 7})
	h.srv.FailNext("sendMessage", http.StatusTooManyRequests, "", 1)
	createNotice(t, h, "故障测试通知")
	h.idle()
	h.srv.SetFaults(tgtest.Faults{})

	for _, u := range members {
		if n := copiesOf(h, u, "故障测试通知"); n != 1 {
			t.Errorf("%s got the notice %d times", u.FirstName, n)
		}
	}
	for _, u := range lost {
		if n := copiesOf(h, u, "故障测试通知"); n != 0 {
			t.Errorf("%s never started the bot but got %d copies", u.FirstName, n)
		}
	}
	report := h.messagesWith(owner.ID, "发送完成")
	if len(report) != 1 {
		t.Fatalf("reports: %v", plains(h.srv.Messages(owner.ID)))
	}
	mustContain(t, report[0].Plain, "送达 60/63", "never0", "never1", "never2", "开始")
	st := h.srv.Stats()
	// Faults land on concurrent requests in no fixed order: over ~70 sends
	// both kinds together are as good as certain, each alone is not.
	if st.ServerErrors+st.Dropped == 0 || st.Rejected429 == 0 {
		t.Errorf("faults did not happen: %+v", st)
	}
	if v := h.srv.RequestsInRetryWindow(); v != 0 {
		t.Errorf("%d requests inside a retry_after window", v)
	}
}

// Messages to one chat keep their order and their chat's limit: a long
// notice to a group arrives part by part, never refused with 429.
func TestSenderKeepsPerChatOrderAndLimit(t *testing.T) {
	h, owner := newHarness(t, tgtest.WithLimits(scaledLimits))
	h.stop()
	h.sender, h.realClock = scaledSender, true
	h.start(nil)
	h.dm(owner, "/neworg 第一党支部")
	grp := h.srv.NewGroup("支部群")
	h.say(owner, grp, "/bind")
	var sb strings.Builder
	for i := 1; i <= 5; i++ {
		fmt.Fprintf(&sb, "第%d部分。%s\n\n", i, strings.Repeat("内容", 1800))
	}
	createNotice(t, h, sb.String())
	h.idle()
	parts := h.messagesWith(grp.ID, "部分。")
	if len(parts) != 5 {
		t.Fatalf("group got %d parts", len(parts))
	}
	for i, p := range parts {
		mustContain(t, p.Plain, fmt.Sprintf("(%d/5)", i+1), fmt.Sprintf("第%d部分", i+1))
	}
	if st := h.srv.Stats(); st.Rejected429 != 0 {
		t.Errorf("%d requests refused with 429", st.Rejected429)
	}
}

// crashTransport passes requests through until it has seen `after`
// successful sends; then it lets `inflight` more reach the server but
// loses their answers (the process died while they were on the wire), and
// fails everything after that without reaching the server.
type crashTransport struct {
	after, inflight int
	dead            chan struct{} // closed once a few sends failed after the crash

	mu   sync.Mutex
	sent int
}

func (c *crashTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(r.URL.Path, "/sendMessage") {
		return http.DefaultTransport.RoundTrip(r)
	}
	c.mu.Lock()
	c.sent++
	n := c.sent
	if n == c.after+c.inflight+4 {
		close(c.dead)
	}
	c.mu.Unlock()
	switch {
	case n <= c.after:
		return http.DefaultTransport.RoundTrip(r)
	case n <= c.after+c.inflight:
		resp, err := http.DefaultTransport.RoundTrip(r)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		return nil, io.ErrUnexpectedEOF
	}
	if r.Body != nil {
		r.Body.Close()
	}
	return nil, io.ErrUnexpectedEOF
}

// A broadcast cut off mid-way resumes after a restart without loss; only
// the messages that were on the wire at the crash can arrive twice.
func TestBroadcastResumesAfterCrash(t *testing.T) {
	h, owner := newHarness(t)
	h.dm(owner, "/neworg 第一党支部")
	members := addMembers(t, h, 120, "m", true)
	h.stop()
	crash := &crashTransport{after: 40, inflight: 2, dead: make(chan struct{})}
	h.realClock = true
	h.sender = SenderConfig{Workers: 4, Global: 2000, PerChat: 2000, PerGroup: 2000, RetryBase: time.Hour, RetryMax: time.Hour}
	h.start(&http.Client{Transport: crash})
	createNotice(t, h, "断点续传通知")
	ctx, cancel := h.waitCtx()
	defer cancel()
	select { // every send after the crash fails and is parked for an hour
	case <-crash.dead:
	case <-ctx.Done():
		t.Fatal("the crash never came")
	}
	h.stop()

	// The restarted sender retries what was parked: make it due now,
	// before the restart (the sender holds a chat until its message's
	// retry time as it read it).
	store, err := data.Open(h.path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	due, _, err := store.DueOutbox(time.Now().Add(2*time.Hour), 1000, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range due {
		if err := store.RetryOutbox(context.Background(), m.ID, time.Now(), "test: due now"); err != nil {
			t.Fatal(err)
		}
	}
	store.Close()
	h.sender = fastSender
	h.start(nil)
	h.idle()

	dups := 0
	for _, u := range members {
		switch n := copiesOf(h, u, "断点续传通知"); {
		case n == 0:
			t.Errorf("%s never got the notice", u.FirstName)
		case n > 1:
			dups += n - 1
		}
	}
	if dups > crash.inflight {
		t.Errorf("%d duplicates, more than the %d messages in flight at the crash", dups, crash.inflight)
	}
}
