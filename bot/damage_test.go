package bot

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"branchbot/data"
)

// TestDamagedPageAfterStartStopsBot damages the page of a running bot's
// store that holds its meetings, then asks for the meetings. The update
// that met the damage is not marked handled: it stays in the inbox; the
// bot stops with ErrDamaged instead of handling (and losing) update after
// update on a file it can no longer trust; and the next start refuses the
// file.
func TestDamagedPageAfterStartStopsBot(t *testing.T) {
	h, owner := newHarness(t)
	h.dm(owner, "/neworg 第一党支部")
	// Enough meetings that their bucket has a page of its own, apart from
	// the small buckets bbolt keeps inline in the root page.
	for day := 1; day <= 8; day++ {
		mustContain(t, h.dm(owner, fmt.Sprintf("/meeting 党员大会 2026-12-%02d 15:00 remind=off DAMAGE-MARKER 第%d次学习会议，讨论年度工作安排和支部建设", day, day)), "已安排会议")
	}
	h.idle()
	garbleLivePages(t, h.path, "DAMAGE-MARKER")

	id := h.srv.SendText(owner, owner.PrivateChat(), "/meetings")
	var runErr error
	select {
	case runErr = <-h.done:
	case <-time.After(30 * time.Second):
		t.Fatal("the bot kept running on a damaged store")
	}
	h.cancel() // Run has returned; the harness must not wait for it again
	h.cancel = nil
	defer h.store.Close()
	if !errors.Is(runErr, data.ErrDamaged) {
		t.Fatalf("Run = %v; want an error wrapping ErrDamaged", runErr)
	}
	if done, err := h.store.UpdateProcessed(id); err != nil || done {
		t.Errorf("update %d marked handled (%v, %v): it is lost", id, done, err)
	}
	if _, waiting, err := h.store.InboxUpdate(id); err != nil || !waiting {
		t.Errorf("update %d is not in the inbox (%v, %v)", id, waiting, err)
	}
	logs := h.logs.String()
	if strings.Contains(logs, "handler panic") {
		t.Errorf("damage logged as a handler panic:\n%s", logs)
	}
	t.Log(runErr)
	if !strings.Contains(logs, "the store is damaged") {
		t.Errorf("the log does not say the store is damaged:\n%s", logs)
	}
	h.store.Close()
	if s, err := data.Open(h.path, data.Options{LockTimeout: 200 * time.Millisecond}); !errors.Is(err, data.ErrDamaged) {
		if err == nil {
			s.Close()
		}
		t.Fatalf("reopening the damaged store: %v; want ErrDamaged", err)
	}
}

// garbleLivePages overwrites, in place, every 4 KiB page past the meta
// pages that holds marker, as a failing disk would under a running bot.
func garbleLivePages(t *testing.T, path, marker string) {
	t.Helper()
	buf, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const page = 4096
	n := 0
	for off := 2 * page; off+page <= len(buf); off += page {
		if !bytes.Contains(buf[off:off+page], []byte(marker)) {
			continue
		}
		junk := bytes.Repeat([]byte{0xA5, 0x5A, 0xFF, 0x13}, page/4)
		if _, err := f.WriteAt(junk, int64(off)); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n == 0 {
		t.Fatalf("no page holds %q", marker)
	}
}
