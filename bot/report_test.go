package bot

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"branchbot/bot/chart"
	"branchbot/bot/i18n"
	"branchbot/bot/tgtest"
	"branchbot/data"
)

// files returns the documents among msgs, by name.
func files(msgs []*tgtest.Message) map[string]*tgtest.File {
	out := map[string]*tgtest.File{}
	for _, m := range msgs {
		if m.Kind == "document" && m.File != nil {
			out[m.File.Name] = m.File
		}
	}
	return out
}

// workbook opens an XLSX the bot sent.
func workbook(t *testing.T, f *tgtest.File) *excelize.File {
	t.Helper()
	if f == nil {
		t.Fatal("no workbook was sent")
	}
	wb, err := excelize.OpenReader(bytes.NewReader(f.Data))
	if err != nil {
		t.Fatalf("open %s: %v", f.Name, err)
	}
	t.Cleanup(func() { wb.Close() })
	return wb
}

// cells reads a sheet's rows.
func cells(t *testing.T, wb *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := wb.GetRows(sheet)
	if err != nil {
		t.Fatalf("sheet %s: %v", sheet, err)
	}
	return rows
}

// column finds a header's column in a sheet's first row.
func column(t *testing.T, rows [][]string, header string) int {
	t.Helper()
	for i, h := range rows[0] {
		if h == header {
			return i
		}
	}
	t.Fatalf("no column %q in %q", header, rows[0])
	return -1
}

// A quarter's ledger as the secretary gets it: a summary, then the
// workbook whose sheets hold the meeting with host, leave reasons and
// attachments, each member's mark, the cadence and the notices.
func TestReportWorkbook(t *testing.T) {
	h, owner, alice, bob, carol, _ := branchOf4(t)
	h.dm(owner, "/meeting 党员大会 2026-11-25 19:00 dur=1h remind=off 年终总结")
	h.setClock(at(2026, 11, 25, 18, 50))
	h.dm(alice, "/checkin 1")
	mustContain(t, h.dm(bob, "/leave 1 travelling"), "secretary decides")
	h.idle()
	h.press(owner, h.srv.LastMessage(owner.ID), "批准")
	h.setClock(at(2026, 11, 25, 19, 20))
	h.dm(owner, "/checkin 1")
	h.setClock(at(2026, 11, 25, 20, 30))
	mustContain(t, h.dm(carol, "/makeup 1 已学习会议材料"), "已记录")
	mustContain(t, h.dm(owner, "/minutes 1 主持人=老王\n记录人=Alice\n议题=年度总结\n决议==通过"), "已保存")
	h.dm(owner, "/minutes 1 attach")
	h.fileReply(owner.ID, func() int64 { return h.srv.SendPhoto(owner, owner.PrivateChat(), []byte("jpeg"), "签到表") })
	sendNotice(t, h, owner, "周五交党费")
	h.idle()

	got := h.say(owner, owner.PrivateChat(), "/report 2026-Q4")
	if len(got) != 3 {
		t.Fatalf("/report sent %d messages, want the summary, the workbook and the chart: %v", len(got), plains(got))
	}
	if pic := got[2]; pic.Kind != "photo" || pic.File == nil || !bytes.HasPrefix(pic.File.Data, []byte("\x89PNG\r\n")) || !strings.Contains(pic.Plain, "出勤率") {
		t.Errorf("the chart: %+v", pic)
	} else if img, err := png.Decode(bytes.NewReader(pic.File.Data)); err != nil || img.Bounds().Dx() != chart.Width {
		t.Errorf("the chart is not a %d px wide PNG: %v", chart.Width, err)
	}
	mustContain(t, got[0].Plain, "2026-Q4 台账", "第一党支部", "已召开会议：1 次", "出勤率 50%（实到 2 / 应到 4）", "通知 1 条", "附件 1 个", "/report pack 2026-Q4")
	wb := workbook(t, files(got)["台账-2026-Q4.xlsx"])
	if names := wb.GetSheetList(); strings.Join(names, ",") != "会议,出勤明细,规定会议,通知,问卷,意见" {
		t.Fatalf("sheets %q", names)
	}
	meetings := cells(t, wb, "会议")
	if len(meetings) != 2 {
		t.Fatalf("meetings sheet has %d rows, want header + 1", len(meetings))
	}
	row := meetings[1]
	for header, want := range map[string]string{
		"日期": "2026-11-25", "类型": "支部党员大会", "标题": "年终总结", "主持人": "老王", "记录人": "Alice",
		"应到": "4", "实到": "2", "迟到": "1", "请假": "1", "请假事由": "Bob：travelling", "缺席": "1", "补学": "1",
		"出勤率": "50%", "议题": "年度总结", "决议": "=通过", "附件": "1",
	} {
		if got := row[column(t, meetings, header)]; got != want {
			t.Errorf("会议 %s = %q; want %q", header, got, want)
		}
	}
	matrix := cells(t, wb, "出勤明细")
	marks := map[string]string{}
	for _, r := range matrix[1:] {
		marks[r[0]] = r[2] + " | " + r[3]
	}
	for name, want := range map[string]string{
		"老王": "迟到 | 1/1", "Alice": "✔ | 1/1", "Bob": "请假：travelling | 0/1", "张三": "缺席 · 补学 | 0/1",
	} {
		if marks[name] != want {
			t.Errorf("出勤明细 %s = %q; want %q", name, marks[name], want)
		}
	}
	if !strings.Contains(matrix[0][2], "支部党员大会 #1") {
		t.Errorf("matrix header %q", matrix[0])
	}
	compliance := cells(t, wb, "规定会议")
	if len(compliance) < 2 {
		t.Fatalf("compliance sheet %q", compliance)
	}
	notices := cells(t, wb, "通知")
	if len(notices) != 2 || notices[1][column(t, notices, "内容")] != "周五交党费" || notices[1][column(t, notices, "应收")] != "3" {
		t.Errorf("notices sheet %q", notices)
	}
	feedback := cells(t, wb, "意见")
	if feedback[1][0] != "收到" || feedback[1][1] != "0" {
		t.Errorf("feedback sheet %q", feedback)
	}

	// An English secretary gets English headers and words.
	h.srv.SetLanguage(owner, "en")
	got = h.say(owner, owner.PrivateChat(), "/report 2026-Q4")
	mustContain(t, got[0].Plain, "Ledger 2026-Q4", "attendance 50%")
	wb = workbook(t, files(got)["ledger-2026-Q4.xlsx"])
	meetings = cells(t, wb, "Meetings")
	if got := meetings[1][column(t, meetings, "Leave reasons")]; got != "Bob: travelling" {
		t.Errorf("Leave reasons = %q", got)
	}
	matrix = cells(t, wb, "Attendance")
	if matrix[0][0] != "Member" {
		t.Errorf("matrix header %q", matrix[0])
	}
}

// The meetings sheet as CSV, with the BOM Excel needs, and the bad input
// of /report answered in the user's language.
func TestReportCSVAndBadInput(t *testing.T) {
	h, owner, _, bob, _, _ := branchOf4(t)
	got := h.say(owner, owner.PrivateChat(), "/report csv")
	if len(got) != 2 {
		t.Fatalf("/report csv sent %v", plains(got))
	}
	mustContain(t, got[0].Plain, "本期还没有已召开的会议")
	// Nobody was expected: no rate, not 0%.
	mustContain(t, h.say(owner, owner.PrivateChat(), "/report 2026-Q1")[0].Plain, "出勤率 —（实到 0 / 应到 0）")
	csv := files(got)["台账-2026-Q4.csv"]
	if csv == nil || !bytes.HasPrefix(csv.Data, []byte("\ufeff编号,日期")) {
		t.Fatalf("csv file %v", csv)
	}
	for _, c := range []struct{ in, want string }{
		{"/report 2026-Q5", "看不懂“2026-Q5”"},
		{"/report 2026-13", "用法"},
		{"/report 2027", "还没有开始"},
		{"/report csv pack", "看不懂“csv pack”"},
		{"/report 下个月", "用法"},
	} {
		mustContain(t, h.dm(owner, c.in), c.want)
	}
	mustContain(t, h.dm(bob, "/report"), "only a")
	h.srv.SetLanguage(owner, "en")
	mustContain(t, h.dm(owner, "/report 2026-Q5"), "I can't read")
}

// Owners see every branch, one line each, and the same as a workbook.
func TestOverview(t *testing.T) {
	h, owner, _, _, _, _ := branchOf4(t)
	other := h.srv.NewUser("李书记", "zh")
	h.secondBranch(other)
	reply := h.dm(owner, "/overview 2026-Q4")
	mustContain(t, reply, "各支部一览", "第一党支部：规定会议", "第二党支部", "/overview xlsx 2026-Q4")
	got := h.say(owner, owner.PrivateChat(), "/overview xlsx")
	wb := workbook(t, files(got)["各支部一览-2026-Q4.xlsx"])
	rows := cells(t, wb, "各支部")
	if len(rows) != 3 || rows[1][0] != "第一党支部" || rows[1][1] != "4" {
		t.Errorf("overview sheet %q", rows)
	}
	mustContain(t, h.dm(owner, "/overview 2026-Q9"), "用法")
	mustContain(t, h.dm(owner, "/overview 2030"), "还没有开始")
}

// Every word the chart draws is in its font, in both languages: the kind
// names, the title, the axis and the empty chart's text.
func TestChartFontCoversTheChartWords(t *testing.T) {
	for _, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
		words := []string{l.T(i18n.MsgChartTitle, "2026-Q1 · 第一党支部"), l.T(i18n.MsgChartYLabel), l.T(i18n.MsgChartEmpty), "12-31"}
		for _, k := range []data.MeetingKind{data.KindAssembly, data.KindCommittee, data.KindGroup, data.KindLecture, data.KindThemeDay, data.KindOther} {
			words = append(words, l.KindName(k))
		}
		for _, w := range words {
			if m := chart.Missing(w); len(m) > 0 {
				t.Errorf("%s: the chart font lacks %q of %q", l, string(m), w)
			}
		}
	}
}
