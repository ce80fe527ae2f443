package bot

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"io"
	"strings"
	"testing"

	"branchbot/bot/tgtest"
)

// unzip reads every entry of a ZIP the bot sent.
func unzip(t *testing.T, f *tgtest.File) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(f.Data), int64(len(f.Data)))
	if err != nil {
		t.Fatalf("open %s: %v", f.Name, err)
	}
	out := map[string][]byte{}
	for _, e := range zr.File {
		rc, err := e.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("read %s: %v", e.Name, err)
		}
		out[e.Name] = body
	}
	return out
}

// lastEvidence is the file id of the newest attachment of a meeting.
func lastEvidence(t *testing.T, h *harness, meetingID uint64) string {
	t.Helper()
	ev, err := h.store.MeetingEvidence(meetingID)
	if err != nil || len(ev) == 0 {
		t.Fatalf("evidence of meeting %d: %v, %v", meetingID, ev, err)
	}
	return ev[len(ev)-1].FileID
}

// The evidence pack: the workbook, the chart and every attachment,
// fetched from Telegram and named by meeting; one Telegram no longer
// serves is named as missing, in the reply and in the pack.
func TestReportPack(t *testing.T) {
	h, owner, _, _, _, _ := branchOf4(t)
	h.dm(owner, "/meeting 党员大会 2026-11-25 19:00 dur=1h remind=off 年终总结")
	h.dm(owner, "/minutes 1 attach")
	sheet := []byte("\xff\xd8\xff sign-in sheet")
	h.fileReply(owner.ID, func() int64 { return h.srv.SendPhoto(owner, owner.PrivateChat(), sheet, "签到表") })
	h.fileReply(owner.ID, func() int64 {
		return h.srv.SendPhoto(owner, owner.PrivateChat(), []byte("\xff\xd8\xff lost"), "合影")
	})
	h.srv.ForgetFile(lastEvidence(t, h, 1))
	scan := []byte("%PDF-1.4 minutes")
	h.fileReply(owner.ID, func() int64 {
		return h.srv.SendDocument(owner, owner.PrivateChat(), "会议记录.pdf", scan, "")
	})
	h.setClock(at(2026, 11, 25, 21, 0))

	got := h.say(owner, owner.PrivateChat(), "/report pack")
	if len(got) != 2 {
		t.Fatalf("/report pack sent %v", plains(got))
	}
	mustContain(t, got[0].Plain, "2026-Q4 台账", "2026-Q4 材料包", "2 个附件", "共 1 个压缩文件", "没有放进材料包", "2026-11-25 #1 支部党员大会 (2) 合影.jpg", "Telegram 已不再提供")
	pack := files(got)["材料包-2026-Q4.zip"]
	if pack == nil {
		t.Fatalf("no pack among %v", plains(got))
	}
	entries := unzip(t, pack)
	for name, want := range map[string][]byte{
		"2026-11-25 #1 支部党员大会 (1) 签到表.jpg":  sheet,
		"2026-11-25 #1 支部党员大会 (3) 会议记录.pdf": scan,
	} {
		if !bytes.Equal(entries[name], want) {
			t.Errorf("%s in the pack = %q; want %q (entries %v)", name, entries[name], want, keys(entries))
		}
	}
	if !bytes.HasPrefix(entries["出勤率-2026-Q4.png"], []byte("\x89PNG")) || !bytes.HasPrefix(entries["台账-2026-Q4.xlsx"], []byte("PK")) {
		t.Errorf("the workbook and the chart: entries %v", keys(entries))
	}
	if list := string(entries["缺少的附件.txt"]); !strings.Contains(list, "(2) 合影.jpg") || !strings.Contains(list, "Telegram 已不再提供") {
		t.Errorf("the list of missing files: %q", list)
	}
	if len(entries) != 5 {
		t.Errorf("pack entries %v; want the workbook, the chart, the list and two files", keys(entries))
	}
}

// Over the upload limit the pack comes in parts, each within it, and a
// file too big for any part is named.
func TestReportPackSplitsAtTheUploadLimit(t *testing.T) {
	h, owner, _, _, _, _ := branchOf4(t)
	h.setup = func(b *Bot) { b.cfg.PackLimit = 400 << 10 }
	h.stop()
	h.start(nil)
	h.dm(owner, "/meeting 党员大会 2026-11-25 19:00 dur=1h remind=off 年终总结")
	h.dm(owner, "/minutes 1 attach")
	for _, size := range []int{150 << 10, 150 << 10, 150 << 10, 500 << 10} {
		body := make([]byte, size)
		rand.Read(body)
		h.fileReply(owner.ID, func() int64 { return h.srv.SendDocument(owner, owner.PrivateChat(), "scan.bin", body, "") })
	}
	h.setClock(at(2026, 11, 25, 21, 0))
	h.srv.SetLanguage(owner, "en")
	got := h.say(owner, owner.PrivateChat(), "/report pack 2026-Q4")
	mustContain(t, got[0].Plain, "Evidence pack 2026-Q4", "attachments (3), in ZIP files (2)", "These attachments are not in the pack", "(4) scan.bin", "more than a bot may send")
	parts := 0
	seen := map[string]bool{}
	for name, f := range files(got) {
		if !strings.HasPrefix(name, "evidence-2026-Q4-") {
			continue
		}
		parts++
		if len(f.Data) > 400<<10 {
			t.Errorf("%s is %d bytes, over the limit", name, len(f.Data))
		}
		for entry := range unzip(t, f) {
			seen[entry] = true
		}
	}
	if parts < 2 {
		t.Fatalf("%d parts; want the pack split: %v", parts, plains(got))
	}
	for _, n := range []int{1, 2, 3} {
		if !seen["2026-11-25 #1 branch assembly ("+string(rune('0'+n))+") scan.bin"] {
			t.Errorf("attachment %d in no part: %v", n, seen)
		}
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
