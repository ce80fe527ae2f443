package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"branchbot/bot/chart"
	"branchbot/bot/export"
	"branchbot/bot/i18n"
	"branchbot/bot/telegram"
	"branchbot/data"
)

// registerReport: the ledger as files. /report sends a branch's period as
// a workbook (and its chart), as CSV, or as the evidence pack; /overview
// shows owners every branch at once.
func (b *Bot) registerReport() {
	b.router.Command(telegram.Command{Name: "report", Need: data.RoleCommittee, Where: telegram.PrivateOnly, Menu: true, Handle: b.report})
	b.router.Command(telegram.Command{Name: "overview", Need: data.RoleOwner, Where: telegram.PrivateOnly, Menu: true, Handle: b.overview})
}

// report is /report [xlsx|csv|pack] [period].
func (b *Bot) report(r *request) (reply, error) {
	br, err := b.store.Branch(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	loc, now := b.zone(br), b.clock.Now()
	ask, bad := parseFileAsk(r.Cmd.Args, reportModes, data.QuarterOf(now, loc))
	if bad != "" {
		return say(r.Lang.T(i18n.MsgReportUsage, esc(bad))), nil
	}
	led, err := b.store.Ledger(br.ID, ask.Period, loc, now)
	if errors.Is(err, data.ErrPeriodFuture) {
		return say(r.Lang.T(i18n.MsgReportFuture, ask.Period.String())), nil
	}
	if err != nil {
		return reply{}, err
	}
	summary := ledgerSummary(r.Lang, led)
	switch ask.Mode {
	case modeCSV:
		b.tg.Reply(r, say(summary))
		return reply{Nothing: true}, b.sendLedgerCSV(r, led, loc)
	case modePack:
		// The pack's own summary (what went in, what is missing) comes
		// with the ledger's, once the files are fetched.
		return reply{Nothing: true}, b.sendLedgerPack(r, led, loc, summary)
	}
	b.tg.Reply(r, say(summary+"\n\n"+r.Lang.T(i18n.MsgReportFiles, led.Period.String())))
	return reply{Nothing: true}, b.sendLedgerFiles(r, led, loc)
}

// ledgerSummary is the message that comes before the files: enough to
// answer "did we keep up this quarter?" without opening them.
func ledgerSummary(l i18n.Lang, led data.Ledger) string {
	att := led.Attendance()
	held, missed, open := led.Kept()
	lines := []string{
		l.T(i18n.MsgReportHead, led.Period.String(), esc(led.Branch.Name)),
		l.T(i18n.MsgReportBody, len(led.Meetings), attendanceRate(att), att.Present, att.Expected, held, missed, open,
			len(led.Notices), len(led.Surveys), led.Feedback.Total, led.Evidence()),
	}
	if len(led.Meetings) == 0 {
		lines = append(lines, l.T(i18n.MsgReportEmpty))
	}
	return strings.Join(lines, "\n")
}

// attendanceRate is t's rate as a reader sees it: "—" when nobody was
// expected, which is no attendance to rate rather than 0%.
func attendanceRate(t data.Tally) string {
	if t.Expected == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", t.Rate()*100)
}

// sendLedgerFiles sends the workbook, then the chart.
func (b *Bot) sendLedgerFiles(r *request, led data.Ledger, loc *time.Location) error {
	book, err := ledgerWorkbook(r.Lang, led, loc)
	if err != nil {
		return err
	}
	if err := b.tg.SendDocument(r.Ctx, r.Chat.ID, book.Name, book.Data, r.Lang.T(i18n.MsgReportCaption, led.Period.String(), esc(led.Branch.Name))); err != nil {
		return fmt.Errorf("send ledger workbook: %w", err)
	}
	pic, err := ledgerChart(r.Lang, led, loc)
	if err != nil {
		return err
	}
	if err := b.tg.SendPhoto(r.Ctx, r.Chat.ID, pic.Name, pic.Data, r.Lang.T(i18n.MsgChartTitle, led.Period.String())); err != nil {
		return fmt.Errorf("send ledger chart: %w", err)
	}
	return nil
}

// ledgerWorkbook is the XLSX file of the ledger.
func ledgerWorkbook(l i18n.Lang, led data.Ledger, loc *time.Location) (export.File, error) {
	file, err := export.XLSX(ledgerSheets(l, led, loc))
	if err != nil {
		return export.File{}, fmt.Errorf("ledger workbook: %w", err)
	}
	return export.File{Name: l.T(i18n.MsgReportFileName, led.Period.String()) + ".xlsx", Data: file, Modified: led.Now}, nil
}

// ledgerChart draws the attendance rate of each held meeting. Labels are
// the date and the kind, words of the catalogue the chart's font covers;
// a branch name with a character the font lacks is left out of the title
// rather than drawn as boxes.
func ledgerChart(l i18n.Lang, led data.Ledger, loc *time.Location) (export.File, error) {
	title := led.Period.String() + " · " + led.Branch.Name
	if len(chart.Missing(title)) > 0 {
		title = led.Period.String()
	}
	c := chart.Attendance{Title: l.T(i18n.MsgChartTitle, title), YLabel: l.T(i18n.MsgChartYLabel), Empty: l.T(i18n.MsgChartEmpty)}
	for _, lm := range led.Meetings {
		c.Points = append(c.Points, chart.Point{Label: l.MonthDay(lm.Meeting.Start, loc) + " " + l.KindName(lm.Meeting.Kind), Rate: lm.Tally().Rate()})
	}
	png, err := c.PNG()
	if err != nil {
		return export.File{}, fmt.Errorf("ledger chart: %w", err)
	}
	return export.File{Name: l.T(i18n.MsgChartName, led.Period.String()) + ".png", Data: png, Modified: led.Now}, nil
}

// sendLedgerCSV sends the meetings sheet as CSV.
func (b *Bot) sendLedgerCSV(r *request, led data.Ledger, loc *time.Location) error {
	sh := meetingsSheet(r.Lang, led, loc)
	rows := make([][]string, len(sh.Rows))
	for i, row := range sh.Rows {
		for _, v := range row {
			if p, ok := v.(export.Percent); ok {
				rows[i] = append(rows[i], fmt.Sprintf("%.0f%%", float64(p)*100))
				continue
			}
			rows[i] = append(rows[i], fmt.Sprint(v))
		}
	}
	file, err := export.CSV(sh.Header, rows)
	if err != nil {
		return fmt.Errorf("ledger csv: %w", err)
	}
	name := r.Lang.T(i18n.MsgReportFileName, led.Period.String()) + ".csv"
	if err := b.tg.SendDocument(r.Ctx, r.Chat.ID, name, file, r.Lang.T(i18n.MsgReportCSVCaption, led.Period.String(), esc(led.Branch.Name))); err != nil {
		return fmt.Errorf("send ledger csv: %w", err)
	}
	return nil
}

// columns splits a header text into its columns.
func columns(l i18n.Lang, key i18n.Key) []string { return strings.Split(l.T(key), "|") }

// ledgerSheets are the workbook's sheets, headers in the secretary's
// language.
func ledgerSheets(l i18n.Lang, led data.Ledger, loc *time.Location) []export.Sheet {
	return []export.Sheet{
		meetingsSheet(l, led, loc),
		matrixSheet(l, led, loc),
		complianceSheet(l, led, loc),
		noticesSheet(l, led, loc),
		surveysSheet(l, led, loc),
		feedbackSheet(l, led),
	}
}

func meetingsSheet(l i18n.Lang, led data.Ledger, loc *time.Location) export.Sheet {
	groups := groupNames(led.Groups)
	sep := l.T(i18n.MsgListSep)
	sh := export.Sheet{Name: l.T(i18n.MsgSheetMeetings), Header: columns(l, i18n.MsgSheetMeetingsCols),
		Widths: []float64{6, 11, 7, 12, 24, 14, 10, 10, 10, 6, 6, 6, 6, 24, 6, 6, 8, 30, 30, 40, 6}}
	for _, lm := range led.Meetings {
		m, t := lm.Meeting, lm.Tally()
		var reasons []string
		for _, lv := range lm.Roll.Leave {
			if lv.Excuses() {
				reasons = append(reasons, leaveReason(l, lv))
			}
		}
		var min data.Minutes
		if m.Minutes != nil {
			min = *m.Minutes
		}
		sh.Rows = append(sh.Rows, []any{
			int(m.ID), l.Date(m.Start, loc), l.Clock(m.Start, loc), l.KindName(m.Kind), m.Title, m.Place, groups[m.GroupID],
			min.Host, min.Recorder,
			t.Expected, t.Present, t.Late, t.Leave, strings.Join(reasons, sep), t.Absent, t.MadeUp, export.Percent(t.Rate()),
			strings.Join(min.Agenda, "\n"), strings.Join(min.Decisions, "\n"), min.Text, len(lm.Evidence),
		})
	}
	return sh
}

// leaveReason is "name: reason", or the name alone when none was given.
func leaveReason(l i18n.Lang, lv data.Leave) string {
	if lv.Reason == "" {
		return lv.Name
	}
	return l.T(i18n.MsgCellReason, lv.Name, lv.Reason)
}

// matrixSheet is members × meetings, each cell the member's mark.
func matrixSheet(l i18n.Lang, led data.Ledger, loc *time.Location) export.Sheet {
	sh := export.Sheet{Name: l.T(i18n.MsgSheetMatrix), Header: columns(l, i18n.MsgSheetMatrixCols), Widths: []float64{14, 8}}
	for _, lm := range led.Meetings {
		sh.Header = append(sh.Header, fmt.Sprintf("%s %s #%d", l.MonthDay(lm.Meeting.Start, loc), l.KindName(lm.Meeting.Kind), lm.Meeting.ID))
		sh.Widths = append(sh.Widths, 14)
	}
	sh.Header = append(sh.Header, l.T(i18n.MsgCellTotal))
	sh.Widths = append(sh.Widths, 8)
	for _, mem := range led.Members {
		row := []any{mem.Name, l.RoleName(mem.Role)}
		present, expected := 0, 0
		for _, lm := range led.Meetings {
			c := lm.Cell(mem.UserID)
			row = append(row, cellText(l, c))
			if c.Mark != data.MarkNotExpected {
				expected++
			}
			switch c.Mark {
			case data.MarkPresent, data.MarkLate, data.MarkProxy, data.MarkRetro:
				present++
			}
		}
		row = append(row, fmt.Sprintf("%d/%d", present, expected))
		sh.Rows = append(sh.Rows, row)
	}
	return sh
}

// cellText words one mark of the matrix, with its reason and 补学.
func cellText(l i18n.Lang, c data.Cell) string {
	key := map[data.Mark]i18n.Key{
		data.MarkNotExpected: i18n.MsgCellNotExpected, data.MarkPresent: i18n.MsgCellPresent, data.MarkLate: i18n.MsgCellLate,
		data.MarkProxy: i18n.MsgCellProxy, data.MarkRetro: i18n.MsgCellRetro, data.MarkLeave: i18n.MsgCellLeave,
		data.MarkLeavePending: i18n.MsgCellLeavePending, data.MarkAbsent: i18n.MsgCellAbsent,
	}[c.Mark]
	s := l.T(key)
	if c.Reason != "" {
		s = l.T(i18n.MsgCellReason, s, c.Reason)
	}
	if c.MadeUp {
		s += " · " + l.T(i18n.MsgCellMadeUp)
	}
	return s
}

func complianceSheet(l i18n.Lang, led data.Ledger, loc *time.Location) export.Sheet {
	groups := groupNames(led.Groups)
	sep := l.T(i18n.MsgListSep)
	sh := export.Sheet{Name: l.T(i18n.MsgSheetCompliance), Header: columns(l, i18n.MsgSheetComplianceCols), Widths: []float64{12, 10, 10, 8, 24, 10}}
	for _, res := range led.Compliance {
		var dates, ids []string
		for _, m := range res.Held {
			dates = append(dates, l.Date(m.Start, loc))
			ids = append(ids, fmt.Sprintf("#%d", m.ID))
		}
		state := map[data.SlotState]i18n.Key{data.SlotHeld: i18n.MsgSlotHeld, data.SlotMissed: i18n.MsgSlotMissed}[res.State]
		if state == "" {
			state = i18n.MsgSlotOpen
		}
		sh.Rows = append(sh.Rows, []any{l.KindName(res.Kind), groups[res.GroupID], res.Period.String(), l.T(state), strings.Join(dates, sep), strings.Join(ids, sep)})
	}
	return sh
}

// noticeExcerpt is how much of a notice's text the sheet shows.
const noticeExcerpt = 200

func noticesSheet(l i18n.Lang, led data.Ledger, loc *time.Location) export.Sheet {
	sh := export.Sheet{Name: l.T(i18n.MsgSheetNotices), Header: columns(l, i18n.MsgSheetNoticesCols), Widths: []float64{6, 11, 50, 6, 6, 6, 8}}
	for _, n := range led.Notices {
		rate := 0.0
		if n.Recipients > 0 {
			rate = float64(n.Acked) / float64(n.Recipients)
		}
		sh.Rows = append(sh.Rows, []any{int(n.ID), l.Date(n.CreatedAt, loc), truncate(n.Text, noticeExcerpt), n.Recipients, n.Delivered, n.Acked, export.Percent(rate)})
	}
	return sh
}

func surveysSheet(l i18n.Lang, led data.Ledger, loc *time.Location) export.Sheet {
	sh := export.Sheet{Name: l.T(i18n.MsgSheetSurveys), Header: columns(l, i18n.MsgSheetSurveysCols), Widths: []float64{6, 11, 30, 6, 6, 6, 8}}
	for _, s := range led.Surveys {
		anon := l.T(i18n.MsgNo)
		if s.Survey.Anonymous {
			anon = l.T(i18n.MsgYes)
		}
		rate := 0.0
		if s.Invited > 0 {
			rate = float64(s.Answered) / float64(s.Invited)
		}
		sh.Rows = append(sh.Rows, []any{int(s.Survey.ID), l.Date(s.Survey.Deadline, loc), s.Survey.Title, anon, s.Invited, s.Answered, export.Percent(rate)})
	}
	return sh
}

// feedbackSheet counts feedback: no text, no author, so anonymous items
// stay anonymous in every copy of the file.
func feedbackSheet(l i18n.Lang, led data.Ledger) export.Sheet {
	sh := export.Sheet{Name: l.T(i18n.MsgSheetFeedback), Header: columns(l, i18n.MsgSheetFeedbackCols), Widths: []float64{20, 8}}
	fc := led.Feedback
	for i, label := range columns(l, i18n.MsgSheetFeedbackRows) {
		n := []int{fc.Total, fc.Anonymous, fc.Answered, fc.Open}[i]
		sh.Rows = append(sh.Rows, []any{label, n})
	}
	return sh
}

// overview is /overview [xlsx] [period]: every branch, one line each.
func (b *Bot) overview(r *request) (reply, error) {
	now := b.clock.Now()
	ask, bad := parseFileAsk(r.Cmd.Args, overviewModes, data.QuarterOf(now, b.cfg.Location))
	if bad != "" {
		return say(r.Lang.T(i18n.MsgOverviewUsage, esc(bad))), nil
	}
	if err := ask.Period.CheckBegun(now, b.cfg.Location); errors.Is(err, data.ErrPeriodFuture) {
		return say(r.Lang.T(i18n.MsgReportFuture, ask.Period.String())), nil
	}
	ledgers, err := b.ledgers(r.Ctx, ask.Period, now)
	if err != nil {
		return reply{}, err
	}
	if ask.Mode == modeXLSX {
		file, err := export.XLSX([]export.Sheet{overviewSheet(r.Lang, ledgers)})
		if err != nil {
			return reply{}, fmt.Errorf("overview workbook: %w", err)
		}
		name := r.Lang.T(i18n.MsgOverviewFile, ask.Period.String()) + ".xlsx"
		if err := b.tg.SendDocument(r.Ctx, r.Chat.ID, name, file, r.Lang.T(i18n.MsgOverviewHead, ask.Period.String())); err != nil {
			return reply{}, fmt.Errorf("send overview workbook: %w", err)
		}
		return reply{Nothing: true}, nil
	}
	lines := []string{r.Lang.T(i18n.MsgOverviewHead, ask.Period.String()), ""}
	if len(ledgers) == 0 {
		lines = append(lines, r.Lang.T(i18n.MsgOverviewNone))
	}
	for _, led := range ledgers {
		held, missed, _ := led.Kept()
		mark := "✔"
		if missed > 0 {
			mark = "✗"
		}
		lines = append(lines, mark+" "+r.Lang.T(i18n.MsgOverviewLine, esc(led.Branch.Name), held, held+missed, attendanceRate(led.Attendance()), len(led.Meetings)))
	}
	lines = append(lines, "", r.Lang.T(i18n.MsgOverviewFoot, ask.Period.String()))
	return say(strings.Join(lines, "\n")), nil
}

// ledgers draws up every branch's ledger for p, each in its own zone. A
// branch whose period has not begun in its zone yet is left out.
func (b *Bot) ledgers(ctx context.Context, p data.Period, now time.Time) ([]data.Ledger, error) {
	branches, err := b.store.Branches()
	if err != nil {
		return nil, err
	}
	var out []data.Ledger
	for _, br := range branches {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		led, err := b.store.Ledger(br.ID, p, b.zone(br), now)
		if errors.Is(err, data.ErrPeriodFuture) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, led)
	}
	return out, nil
}

func overviewSheet(l i18n.Lang, ledgers []data.Ledger) export.Sheet {
	sh := export.Sheet{Name: l.T(i18n.MsgSheetOverview), Header: columns(l, i18n.MsgSheetOverviewCols), Widths: []float64{20, 6, 8, 6, 6, 8, 8, 8, 8}}
	for _, led := range ledgers {
		att := led.Attendance()
		held, missed, open := led.Kept()
		sh.Rows = append(sh.Rows, []any{led.Branch.Name, len(led.Members), len(led.Meetings), att.Expected, att.Present, export.Percent(att.Rate()), held, missed, open})
	}
	return sh
}
