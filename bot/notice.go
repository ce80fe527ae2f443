package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"branchbot/bot/i18n"
	"branchbot/bot/telegram"
	"branchbot/data"
)

// draftNotice is the Kind of a notice being written.
const draftNotice = "notice"

// Draft stages.
const (
	stageText    = "text"    // waiting for the notice's text
	stageConfirm = "confirm" // preview shown, waiting for Send or Cancel
)

// partLimit leaves room for the header and footer around each part of a
// notice within Telegram's 4,096.
const partLimit = 3800

// notice starts a notice: with text, straight to the preview; without,
// the bot asks for the text.
// registerNotices: notices with read receipts, their follow-ups and
// delivery reports.
func (b *Bot) registerNotices() {
	b.router.Command(telegram.Command{Name: "notice", Need: data.RoleCommittee, Where: telegram.PrivateOnly, Menu: true, Handle: b.notice})
	b.router.Command(telegram.Command{Name: "notices", Need: data.RoleCommittee, Where: telegram.PrivateOnly, Menu: true, Handle: b.notices})
	b.router.Command(telegram.Command{Name: "acks", Need: data.RoleCommittee, Where: telegram.PrivateOnly, Menu: true, Handle: b.acks})
	telegram.HandleButton(b.router, btnAck, b.ack)
	telegram.HandleButton(b.router, btnRemind, b.remindAgain)
	telegram.HandleButton(b.router, btnUnread, b.unreadList)
	telegram.HandleButton(b.router, btnNoticeSend, b.sendNotice)
	telegram.HandleButton(b.router, btnNoticeDrop, b.dropNotice)
	b.flows[draftNotice] = b.noticeFlow
	b.engine.Handle(data.TimerFollowUp, b.fireFollowUp)
}

// The notices' buttons: a member's 收到 (it only records, so it works on
// messages too old for Telegram to show us), the secretary's status
// buttons and the preview's send and cancel.
var (
	btnAck        = idButton(telegram.ButtonSpec{Action: "ack", Old: true})
	btnRemind     = idButton(telegram.ButtonSpec{Action: "rem", Need: data.RoleCommittee})
	btnUnread     = idButton(telegram.ButtonSpec{Action: "unr", Need: data.RoleCommittee})
	btnNoticeSend = idButton(telegram.ButtonSpec{Action: "nts", Need: data.RoleCommittee})
	btnNoticeDrop = idButton(telegram.ButtonSpec{Action: "ntx", Need: data.RoleCommittee})
)

// noticeFlow takes the text of a notice typed after /notice alone.
func (b *Bot) noticeFlow(r *request, d data.Draft, text string) (reply, bool, error) {
	if d.Stage != stageText {
		return reply{}, false, nil
	}
	if refusal, allowed := b.router.Allowed("notice", r); !allowed {
		return say(refusal), true, nil
	}
	rep, err := b.noticePreview(r, text)
	return rep, true, err
}

func (b *Bot) notice(r *request) (reply, error) {
	text := strings.TrimSpace(r.Cmd.Args)
	if text == "" {
		_, err := b.store.StartDraft(r.Ctx, data.Draft{UserID: r.Person.UserID, Kind: draftNotice, Stage: stageText, UpdatedAt: b.clock.Now()})
		if err != nil {
			return reply{}, err
		}
		return say(r.Lang.T(i18n.MsgNoticeAsk)), nil
	}
	return b.noticePreview(r, text)
}

// noticePreview stores the text in a fresh draft and shows what members
// will get, with Send and Cancel.
func (b *Bot) noticePreview(r *request, text string) (reply, error) {
	if err := (data.Notice{Text: text}).Validate(); err != nil {
		return say(r.Lang.T(i18n.MsgNoticeTooLong, data.MaxNoticeLen, utf8.RuneCountInString(text))), nil
	}
	d, err := b.store.StartDraft(r.Ctx, data.Draft{UserID: r.Person.UserID, Kind: draftNotice, Stage: stageConfirm, Text: text, UpdatedAt: b.clock.Now()})
	if err != nil {
		return reply{}, err
	}
	members, err := b.store.Members(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	chats, err := b.store.BoundChats(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	parts := len(data.SplitText(text, partLimit))
	head := r.Lang.T(i18n.MsgNoticePreview, r.Lang.Members(len(members)-1), len(chats), parts)
	body := text
	if utf8.RuneCountInString(body) > 1500 {
		body = string([]rune(body)[:1500]) + "…"
	}
	return reply{
		Text: head + "\n\n" + esc(body),
		Buttons: [][]data.Button{{
			btnNoticeSend.Button(r.Lang.T(i18n.MsgBtnSend), d.ID),
			btnNoticeDrop.Button(r.Lang.T(i18n.MsgBtnCancel), d.ID),
		}},
	}, nil
}

// sendNotice is the preview's Send button.
func (b *Bot) sendNotice(r *request, draftID uint64) (reply, error) {
	d, ok, err := b.buttonDraft(r, draftNotice, draftID)
	if err != nil || !ok || d.Stage != stageConfirm {
		if err != nil {
			return reply{}, err
		}
		return b.stalePreview(r, draftID)
	}
	br, err := b.store.Branch(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	now := b.clock.Now()
	var followUp time.Time
	if st := br.Settings; st.FollowUpAfter > 0 && st.MaxFollowUps > 0 {
		followUp = st.Quiet.NextAllowed(now.Add(st.FollowUpAfter), b.zone(br))
	}
	// The delivery report must not reach the secretary before the status
	// message it completes: hold their chat until the status is sent.
	release := b.tg.Hold(r.Person.UserID)
	defer release()
	n, err := b.store.CreateNotice(b.audited(r, data.AuditNoticeSend, data.ObjectNotice, 0, ""), data.NewNotice{
		BranchID: br.ID, Text: d.Text, By: r.Person.UserID, Lang: string(r.Lang), Draft: d.ID,
		Now: now, FollowUpAt: followUp, Render: b.renderNotice(br),
	})
	if err != nil {
		return reply{}, err
	}
	b.log.Info("notice created", "branch_id", br.ID, "notice_id", n.ID, "recipients", n.Recipients)
	status, err := b.tg.Send(r.Ctx, r.Person.UserID, b.statusText(n, r.Lang), b.statusButtons(n, r.Lang))
	if err != nil {
		b.log.Warn("send notice status", "err", err)
	} else if err := b.store.SetNoticeStatus(r.Ctx, n.ID, r.Person.UserID, status); err != nil {
		return reply{}, err
	}
	b.status.Touch(n.ID)
	return reply{Edit: true, Text: r.Lang.T(i18n.MsgNoticeSent, n.ID, r.Lang.Members(n.Recipients)), Toast: r.Lang.T(i18n.MsgNoticeSentToast)}, nil
}

// stalePreview answers a preview's button once the preview is no longer
// the sender's draft, and changes nothing: if the notice went out it says
// which; a dropped or replaced draft (or another flow's) is just stale.
func (b *Bot) stalePreview(r *request, draftID uint64) (reply, error) {
	recent, err := b.store.Notices(r.Member.BranchID, 100)
	if err != nil {
		return reply{}, err
	}
	for _, n := range recent {
		if n.Draft == draftID && n.CreatedBy == r.Person.UserID {
			return reply{Toast: r.Lang.T(i18n.MsgNoticeDraftSent, n.ID)}, nil
		}
	}
	return reply{Toast: r.Lang.T(i18n.MsgButtonStale)}, nil
}

// dropNotice is the preview's Cancel button.
func (b *Bot) dropNotice(r *request, draftID uint64) (reply, error) {
	if _, ok, err := b.buttonDraft(r, draftNotice, draftID); err != nil || !ok {
		if err != nil {
			return reply{}, err
		}
		// A sent notice's preview must not turn into "cancelled".
		return b.stalePreview(r, draftID)
	}
	err := b.store.EndDraft(r.Ctx, r.Person.UserID, draftID)
	if err != nil {
		return reply{}, err
	}
	return reply{Edit: true, Text: r.Lang.T(i18n.MsgCancelled)}, nil
}

// renderNotice makes the messages members get for a notice.
func (b *Bot) renderNotice(br data.Branch) func(data.Notice, string) data.NoticeMessages {
	return func(n data.Notice, lang string) data.NoticeMessages {
		l := b.langOf(lang)
		chunks := data.SplitText(n.Text, partLimit)
		parts := make([]string, len(chunks))
		for i, c := range chunks {
			head := l.T(i18n.MsgNoticeHeader, n.ID, esc(br.Name))
			if len(chunks) > 1 {
				head += fmt.Sprintf(" (%d/%d)", i+1, len(chunks))
			}
			parts[i] = head + "\n\n" + esc(strings.TrimSpace(c))
		}
		parts[len(parts)-1] += "\n\n" + l.T(i18n.MsgNoticeFooter)
		return data.NoticeMessages{Parts: parts, Buttons: ackButton(n.ID, l)}
	}
}

// renderFollowUp makes the reminder sent to members who have not
// acknowledged a notice.
func (b *Bot) renderFollowUp(br data.Branch) func(data.Notice, string) data.NoticeMessages {
	return func(n data.Notice, lang string) data.NoticeMessages {
		l := b.langOf(lang)
		text := l.T(i18n.MsgFollowUp, n.ID, esc(br.Name), esc(excerpt(n.Text, 300)))
		return data.NoticeMessages{Parts: []string{text}, Buttons: ackButton(n.ID, l)}
	}
}

func ackButton(id uint64, l i18n.Lang) [][]data.Button {
	return [][]data.Button{{btnAck.Button(l.T(i18n.MsgBtnAck), id)}}
}

// excerpt shortens s to at most n characters on one line.
func excerpt(s string, n int) string {
	return truncate(strings.Join(strings.Fields(s), " "), n)
}

// truncate shortens s to at most n characters, marking a cut with "…".
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// deliveryReport tells the notice's sender how delivery went, once the
// last copy has been delivered or given up on. It runs inside the store's
// transaction, so it must only format.
func (b *Bot) deliveryReport(n data.Notice, receipts []data.Receipt) []data.OutMessage {
	l := b.langOf(n.Lang)
	var unreachable, failed []string
	for _, r := range receipts {
		switch r.State {
		case data.StateUnreachable:
			unreachable = append(unreachable, esc(r.Name))
		case data.StateFailed:
			failed = append(failed, esc(r.Name))
		}
	}
	text := l.T(i18n.MsgReportAll, n.ID, n.Delivered, n.Recipients)
	if len(unreachable)+len(failed) > 0 {
		text = l.T(i18n.MsgReportSome, n.ID, n.Delivered, n.Recipients)
		if len(unreachable) > 0 {
			text += "\n\n" + l.T(i18n.MsgReportUnreachable, strings.Join(unreachable, l.T(i18n.MsgListSep)), b.tg.StartLink(""))
		}
		if len(failed) > 0 {
			text += "\n\n" + l.T(i18n.MsgReportFailed, strings.Join(failed, l.T(i18n.MsgListSep)))
		}
	}
	return []data.OutMessage{{ChatID: n.CreatedBy, Text: text, Purpose: data.Purpose{Kind: data.PurposeReport, NoticeID: n.ID}}}
}

// statusText is the secretary's live view of a notice.
func (b *Bot) statusText(n data.Notice, l i18n.Lang) string {
	text := l.T(i18n.MsgStatus, n.ID, esc(excerpt(n.Text, 40)), n.Delivered, n.Recipients, n.Acked, n.Recipients)
	if n.Pending > 0 {
		text += "\n" + l.T(i18n.MsgStatusPending, n.Pending)
	}
	if n.Unreachable+n.Failed > 0 {
		text += "\n" + l.T(i18n.MsgStatusUnreachable, n.Unreachable+n.Failed)
	}
	return text
}

func (b *Bot) statusButtons(n data.Notice, l i18n.Lang) [][]data.Button {
	return [][]data.Button{{
		btnRemind.Button(l.T(i18n.MsgBtnRemind), n.ID),
		btnUnread.Button(l.T(i18n.MsgBtnUnread), n.ID),
	}}
}

// editNoticeStatus shows a notice's counts on the secretary's status
// message; b.status throttles it.
func (b *Bot) editNoticeStatus(ctx context.Context, id uint64) {
	n, err := b.store.Notice(id)
	if err != nil || n.StatusMessageID == 0 {
		return
	}
	l := b.langOf(n.Lang)
	err = b.tg.Edit(ctx, n.StatusChatID, n.StatusMessageID, b.statusText(n, l), b.statusButtons(n, l))
	if err != nil && ctx.Err() == nil {
		b.log.Warn("edit notice status", "notice_id", id, "err", err)
	}
}

// ack is a member's 收到.
func (b *Bot) ack(r *request, id uint64) (reply, error) {
	rec, _, first, err := b.store.Ack(r.Ctx, id, r.Person.UserID, b.clock.Now())
	switch {
	case err != nil:
		return reply{}, err
	case !first:
		return reply{Toast: r.Lang.T(i18n.MsgAckAgain, r.Lang.Moment(rec.AckAt, b.memberZone(r)))}, nil
	}
	b.status.Touch(id)
	rep := reply{Toast: r.Lang.T(i18n.MsgAckThanks)}
	if r.Chat.Private {
		// The button has done its job in this chat; a group's copy keeps
		// it for the others. The router answers the press first: Telegram
		// drops answers that come late, and the edit can follow.
		rep.Edit, rep.Buttons = true, [][]data.Button{{btnAck.Button(r.Lang.T(i18n.MsgBtnAcked), id)}}
	}
	return rep, nil
}

// noticeOfBranch loads a notice and checks it belongs to the user's branch.
func (b *Bot) noticeOfBranch(r *request, id uint64) (data.Notice, bool, error) {
	n, err := b.store.Notice(id)
	if errors.Is(err, data.ErrNoticeUnknown) || (err == nil && n.BranchID != r.Member.BranchID) {
		return data.Notice{}, false, nil
	}
	return n, err == nil, err
}

// remindAgain is the status message's button: it reminds non-readers and
// resends to members who could not be reached, at most once per gap and
// never in quiet hours.
func (b *Bot) remindAgain(r *request, id uint64) (reply, error) {
	n, ok, err := b.noticeOfBranch(r, id)
	if err != nil || !ok {
		return reply{Toast: r.Lang.T(i18n.MsgAckUnknown)}, err
	}
	br, err := b.store.Branch(n.BranchID)
	if err != nil {
		return reply{}, err
	}
	now := b.clock.Now()
	loc := b.zone(br)
	if q := br.Settings.Quiet; q.Contains(now, loc) {
		return reply{Toast: r.Lang.T(i18n.MsgQuietNow, q.String(), r.Lang.Clock(q.NextAllowed(now, loc), loc))}, nil
	}
	n, count, err := b.store.SendFollowUp(r.Ctx, data.FollowUp{
		NoticeID: id, Now: now, Manual: true, MinGap: b.cfg.RemindGap,
		Render: b.renderFollowUp(br), Resend: b.renderNotice(br),
	})
	var tooSoon *data.TooSoonError
	switch {
	case errors.As(err, &tooSoon):
		return reply{Toast: r.Lang.T(i18n.MsgRemindTooSoon, FormatDuration(b.cfg.RemindGap), r.Lang.Clock(tooSoon.Next, loc))}, nil
	case err != nil:
		return reply{}, err
	case count == 0:
		return reply{Toast: r.Lang.T(i18n.MsgRemindNobody)}, nil
	}
	b.status.Touch(id)
	return reply{Toast: r.Lang.T(i18n.MsgRemindDone, r.Lang.Members(count))}, nil
}

// acks names who has not read a notice: /acks <id>, or the status
// message's button.
func (b *Bot) acks(r *request) (reply, error) {
	id, err := parseID(r.Cmd.Args)
	if err != nil {
		return say(r.Lang.T(i18n.MsgAcksUsage)), nil
	}
	return b.unreadList(r, id)
}

func (b *Bot) unreadList(r *request, id uint64) (reply, error) {
	n, ok, err := b.noticeOfBranch(r, id)
	if err != nil {
		return reply{}, err
	}
	if !ok {
		return say(r.Lang.T(i18n.MsgNoticeUnknown, id)), nil
	}
	receipts, err := b.store.Receipts(id)
	if err != nil {
		return reply{}, err
	}
	var unread, unreachable, pending []string
	for _, rc := range receipts {
		switch {
		case rc.State == data.StateUnreachable || rc.State == data.StateFailed:
			unreachable = append(unreachable, esc(rc.Name))
		case rc.State == data.StatePending:
			pending = append(pending, esc(rc.Name))
		case rc.AckAt.IsZero():
			unread = append(unread, esc(rc.Name))
		}
	}
	sep := r.Lang.T(i18n.MsgListSep)
	text := r.Lang.T(i18n.MsgAcksHeader, n.ID, esc(excerpt(n.Text, 40)), n.Acked, n.Recipients)
	if len(unread) > 0 {
		text += "\n" + r.Lang.T(i18n.MsgAcksUnread, len(unread), strings.Join(unread, sep))
	}
	if len(pending) > 0 {
		text += "\n" + r.Lang.T(i18n.MsgAcksPending, len(pending), strings.Join(pending, sep))
	}
	if len(unreachable) > 0 {
		text += "\n" + r.Lang.T(i18n.MsgAcksUnreachable, len(unreachable), strings.Join(unreachable, sep))
	}
	if len(unread)+len(pending)+len(unreachable) == 0 {
		text += "\n" + r.Lang.T(i18n.MsgAcksAll)
	}
	return say(text), nil
}

// notices lists recent notices with their read rates.
func (b *Bot) notices(r *request) (reply, error) {
	list, err := b.store.Notices(r.Member.BranchID, 10)
	if err != nil {
		return reply{}, err
	}
	if len(list) == 0 {
		return say(r.Lang.T(i18n.MsgNoticesNone)), nil
	}
	lines := []string{r.Lang.T(i18n.MsgNoticesHeader)}
	loc := b.memberZone(r) // a branch read: once, not per line
	for _, n := range list {
		lines = append(lines, r.Lang.T(i18n.MsgNoticesLine, n.ID, r.Lang.Moment(n.CreatedAt, loc), n.Acked, n.Recipients, esc(excerpt(n.Text, 30))))
	}
	lines = append(lines, r.Lang.T(i18n.MsgNoticesHint))
	return say(strings.Join(lines, "\n")), nil
}

// fireFollowUp reminds a notice's non-readers, unless the branch turned
// follow-ups off or it is quiet time (then it waits for the quiet hours to
// end).
func (b *Bot) fireFollowUp(ctx context.Context, t data.Timer) error {
	n, err := b.store.Notice(t.Ref)
	if errors.Is(err, data.ErrNoticeUnknown) {
		return b.store.DeleteTimer(ctx, t.Kind, t.Ref)
	}
	if err != nil {
		return err
	}
	br, err := b.store.Branch(n.BranchID)
	if err != nil {
		return err
	}
	st, now := br.Settings, b.clock.Now()
	if st.FollowUpAfter == 0 || n.FollowUps >= st.MaxFollowUps {
		return b.store.DeleteTimer(ctx, t.Kind, t.Ref)
	}
	loc := b.zone(br)
	if st.Quiet.Contains(now, loc) {
		return b.store.SetTimer(ctx, t.Kind, t.Ref, st.Quiet.NextAllowed(now, loc))
	}
	var next time.Time
	if n.FollowUps+1 < st.MaxFollowUps {
		next = st.Quiet.NextAllowed(now.Add(st.FollowUpAfter), loc)
	}
	_, count, err := b.store.SendFollowUp(ctx, data.FollowUp{NoticeID: n.ID, Now: now, Next: next, Render: b.renderFollowUp(br)})
	if err != nil {
		return err
	}
	b.log.Info("notice follow-up", "notice_id", n.ID, "round", n.FollowUps+1, "members", count)
	b.status.Touch(n.ID)
	return nil
}
