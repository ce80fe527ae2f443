package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"branchbot/bot/i18n"
	"branchbot/bot/telegram"
	"branchbot/data"
)

// registerAttendance: check-in (command, button, code, location), the
// roll and minutes, make-up study and one's own record.
func (b *Bot) registerAttendance() {
	b.router.Command(telegram.Command{Name: "checkin", Need: data.RoleMember, Where: telegram.PrivateOnly, Menu: true, Handle: b.checkin})
	b.router.Command(telegram.Command{Name: "attendance", Need: data.RoleCommittee, Where: telegram.PrivateOnly, Menu: true, Handle: b.attendance})
	b.router.Command(telegram.Command{Name: "code", Need: data.RoleCommittee, Where: telegram.PrivateOnly, Menu: true, Handle: b.showCode})
	b.router.Command(telegram.Command{Name: "minutes", Need: data.RoleCommittee, Where: telegram.PrivateOnly, Menu: true, Handle: b.minutes})
	b.router.Command(telegram.Command{Name: "makeup", Need: data.RoleMember, Where: telegram.PrivateOnly, Menu: true, Handle: b.makeup})
	b.router.Command(telegram.Command{Name: "me", Need: data.RoleMember, Where: telegram.PrivateOnly, Menu: true, Handle: b.myAttendance})
	telegram.HandleButton(b.router, btnCheckIn, func(r *request, id uint64) (reply, error) {
		text, err := b.checkIn(r, id, "")
		return reply{Toast: text}, err
	})
	b.router.Location = b.sharedLocation
	b.router.Attachment = b.attachEvidence // evidence for the minutes (evidence.go)
	b.engine.Handle(data.TimerStart, b.postMeetingStart)
	b.engine.Handle(data.TimerAfter, b.closeMeeting)
}

// btnCheckIn is 签到 on a reminder or a group's post. It only records, so
// it works on messages too old for Telegram to show us.
var btnCheckIn = idButton(telegram.ButtonSpec{Action: "ci", Need: data.RoleMember, Old: true})

// checkIn records a member's 签到 and says how it went, for the button and
// for /checkin alike.
func (b *Bot) checkIn(r *request, meetingID uint64, code string) (string, error) {
	res, err := b.store.CheckIn(r.Ctx, meetingID, r.Member.BranchID, r.Person.UserID, code, b.clock.Now())
	loc := b.zone(res.Branch) // the times in the answer are the branch's
	switch {
	case errors.Is(err, data.ErrMeetingCancelled) && r.Button():
		// The reminder's or post's button outlived its meeting.
		return r.Lang.T(i18n.MsgStaleCancelled, meetingID), nil
	case errors.Is(err, data.ErrMeetingUnknown), errors.Is(err, data.ErrMeetingCancelled):
		return r.Lang.T(i18n.MsgCheckInNoMeeting), nil
	case errors.Is(err, data.ErrNotAttendee):
		return r.Lang.T(i18n.MsgLeaveNotYours), nil
	case errors.Is(err, data.ErrCheckInNotOpen):
		return r.Lang.T(i18n.MsgCheckInNotOpen, r.Lang.Moment(res.Opens, loc)), nil
	case errors.Is(err, data.ErrCheckInClosed):
		return r.Lang.T(i18n.MsgCheckInClosed), nil
	case errors.Is(err, data.ErrCodeNeeded):
		return r.Lang.T(i18n.MsgCodeNeeded), nil
	case errors.Is(err, data.ErrCodeWrong):
		return r.Lang.T(i18n.MsgCodeWrong), nil
	case errors.Is(err, data.ErrCodeLocked):
		return r.Lang.T(i18n.MsgCodeLocked, FormatDuration(data.CodeLockout)), nil
	case err != nil:
		return "", err
	case !res.First:
		return r.Lang.T(i18n.MsgCheckInAgain, r.Lang.Clock(res.At, loc)), nil
	case res.Late:
		b.log.Debug("checked in late", "meeting_id", meetingID, "user_id", res.UserID)
		b.counter.Touch(meetingID)
		return r.Lang.T(i18n.MsgCheckInLate, r.Lang.Clock(res.At, loc)), nil
	}
	b.log.Debug("checked in", "meeting_id", meetingID, "user_id", res.UserID)
	b.counter.Touch(meetingID)
	return r.Lang.T(i18n.MsgCheckInDone, r.Lang.Clock(res.At, loc)), nil
}

// checkin is /checkin [id]: without an id, the meeting whose check-in is
// open for this member.
func (b *Bot) checkin(r *request) (reply, error) {
	idText, who := firstWord(r.Cmd.Args)
	// A Chinese keyboard in full-width mode types ０１１８ for 0118; only
	// the code or id is narrowed, a member's name stays as written.
	idText = normaliseInput(idText)
	if data.IsCheckInCode(idText) && who == "" {
		open, _, err := b.openMeetingsFor(r)
		if err != nil {
			return reply{}, err
		}
		// A 4-digit number is the room's code when a meeting with a code
		// is open for this member; otherwise it may be a meeting's id.
		if target, ok := data.CodeMeeting(open, idText, b.clock.Now()); ok {
			text, err := b.checkIn(r, target.ID, idText)
			return say(text), err
		}
	}
	if id, err := parseID(idText); err == nil {
		if who != "" {
			return b.checkInFor(r, id, who)
		}
		text, err := b.checkIn(r, id, "")
		return say(text), err
	}
	if strings.TrimSpace(r.Cmd.Args) != "" {
		return say(r.Lang.T(i18n.MsgCheckInUsage)), nil
	}
	open, br, err := b.openMeetingsFor(r)
	if err != nil {
		return reply{}, err
	}
	switch len(open) {
	case 0:
		return say(r.Lang.T(i18n.MsgCheckInNone)), nil
	case 1:
		text, err := b.checkIn(r, open[0].ID, "")
		return say(text), err
	}
	lines := []string{r.Lang.T(i18n.MsgCheckInWhich)}
	for _, m := range open {
		lines = append(lines, fmt.Sprintf("/checkin %d · %s · %s", m.ID, r.Lang.When(m.Start, b.zone(br)), esc(m.Title)))
	}
	return say(strings.Join(lines, "\n")), nil
}

// checkInButton is the 签到 button of meeting id.
func checkInButton(l i18n.Lang, id uint64) data.Button {
	return btnCheckIn.Button(l.T(i18n.MsgBtnCheckIn), id)
}

// openMeetingsFor lists the meetings whose check-in is open now for the
// sender, and returns the branch it read for their windows.
func (b *Bot) openMeetingsFor(r *request) ([]data.Meeting, data.Branch, error) {
	br, err := b.store.Branch(r.Member.BranchID)
	if err != nil {
		return nil, br, err
	}
	now := b.clock.Now()
	list, err := b.store.Meetings(br.ID, now.Add(-24*time.Hour), now.Add(br.Settings.CheckInOpen+time.Minute))
	if err != nil {
		return nil, br, err
	}
	var open []data.Meeting
	for _, m := range list {
		o, _, c := data.CheckInWindow(m, br.Settings)
		if now.Before(o) || now.After(c) {
			continue
		}
		people, err := b.store.Attendees(m)
		if err != nil {
			return nil, br, err
		}
		if slices.ContainsFunc(people, func(p data.Member) bool { return p.UserID == r.Person.UserID }) {
			open = append(open, m)
		}
	}
	return open, br, nil
}

// attendance is /attendance <id>: 应到, 实到, 迟到, 请假, 缺席 with names.
func (b *Bot) attendance(r *request) (reply, error) {
	id, err := parseID(r.Cmd.Args)
	if err != nil {
		return say(r.Lang.T(i18n.MsgAttendanceUsage)), nil
	}
	m, br, rep, ok, err := b.branchMeeting(r, id)
	if !ok || err != nil {
		return rep, err
	}
	roll, err := b.store.RollCall(id)
	if err != nil {
		return reply{}, err
	}
	loc, sep := b.zone(br), r.Lang.T(i18n.MsgListSep)
	var present, late, leave, absent []string
	for _, a := range roll.Present {
		entry := fmt.Sprintf("%s %s%s", esc(a.Name), r.Lang.Clock(a.At, loc), b.markOf(r.Lang, a))
		present = append(present, entry)
		if a.Late {
			late = append(late, entry)
		}
	}
	for _, l := range roll.Leave {
		if !l.Excuses() {
			continue // absent unless present
		}
		entry := esc(l.Name)
		if l.Reason != "" {
			entry += "（" + esc(l.Reason) + "）"
		}
		if !l.Approved() {
			entry += r.Lang.T(i18n.MsgRollPending)
		}
		leave = append(leave, entry)
	}
	for _, p := range roll.Absent {
		absent = append(absent, esc(p.Name))
	}
	lines := []string{
		fmt.Sprintf("#%d <b>%s</b> · %s", m.ID, esc(m.Title), r.Lang.When(m.Start, loc)),
		r.Lang.T(i18n.MsgRollExpected, len(roll.Expected)),
		r.Lang.T(i18n.MsgRollPresent, len(roll.Present), strings.Join(present, sep)),
		r.Lang.T(i18n.MsgRollLate, len(late), strings.Join(late, sep)),
		r.Lang.T(i18n.MsgRollLeave, len(leave), strings.Join(leave, sep)),
		r.Lang.T(i18n.MsgRollAbsent, len(absent), strings.Join(absent, sep)),
	}
	if b.clock.Now().Before(m.Start.Add(m.Duration)) {
		// Not over: nobody is absent yet, only not checked in.
		lines[len(lines)-1] = r.Lang.T(i18n.MsgRollNotYet, len(absent), strings.Join(absent, sep))
	}
	lines = append(lines, b.rollExtras(r.Lang, m, roll)...)
	return say(strings.Join(lines, "\n")), nil
}

// checkInFor is /checkin <id> <member> [reason]: a secretary or committee
// member checks someone in on their behalf, during the meeting (代签) or,
// with a reason, afterwards (补签).
func (b *Bot) checkInFor(r *request, id uint64, args string) (reply, error) {
	if refusal, ok := b.router.Allowed("attendance", r); !ok {
		return say(refusal), nil
	}
	m, ok, err := b.ownMeeting(r, id)
	if !ok || err != nil {
		return say(r.Lang.T(i18n.MsgMeetingUnknown, id)), err
	}
	who, reason, rep, ok, err := b.resolveMember(r, args)
	if !ok || err != nil {
		return rep, err
	}
	now := b.clock.Now()
	after := now.After(m.Start.Add(m.Duration))
	if after && strings.TrimSpace(reason) == "" {
		return say(r.Lang.T(i18n.MsgCorrectionReason)), nil
	}
	a, err := b.store.CheckInFor(b.audited(r, data.AuditCheckInFor, data.ObjectMeeting, auditID(id), who.Name), id, r.Member.BranchID, who.UserID, r.Person.UserID, strings.TrimSpace(reason), now)
	switch {
	case errors.Is(err, data.ErrAlreadyCheckedIn):
		return say(r.Lang.T(i18n.MsgProxyAlready, esc(who.Name))), nil
	case errors.Is(err, data.ErrNotAttendee):
		return say(r.Lang.T(i18n.MsgLeaveNotYours)), nil
	case errors.Is(err, data.ErrCheckInNotOpen):
		return say(r.Lang.T(i18n.MsgCheckInNotOpen, "")), nil
	case errors.Is(err, data.ErrMeetingCancelled), errors.Is(err, data.ErrMeetingUnknown):
		return say(r.Lang.T(i18n.MsgCheckInNoMeeting)), nil
	case err != nil:
		return reply{}, err
	}
	b.counter.Touch(id)
	b.log.Info("checked in on behalf", "meeting_id", id, "user_id", who.UserID, "by", r.Person.UserID, "correction", after)
	return say(r.Lang.T(i18n.MsgProxyDone, esc(a.Name), b.markOf(r.Lang, a))), nil
}

// markOf labels a check-in someone else made, for every view.
func (b *Bot) markOf(l i18n.Lang, a data.Attendance) string {
	switch {
	case a.By == 0:
		return ""
	case a.Correction():
		return l.T(i18n.MsgMarkCorrection, esc(a.Reason))
	}
	return l.T(i18n.MsgMarkProxy)
}

// postMeetingStart puts the "meeting starting" post with its check-in
// button in the branch's bound groups when check-in opens.
func (b *Bot) postMeetingStart(ctx context.Context, t data.Timer) error {
	m, loc, ok, err := b.timerMeeting(ctx, t)
	if !ok {
		return err
	}
	l := b.cfg.DefaultLang
	_, err = b.store.PostMeetingStart(ctx, m.ID, b.clock.Now(), func(m data.Meeting, expected int) data.NoticeMessages {
		return data.NoticeMessages{
			Parts:   []string{b.postText(l, loc, m, 0, expected, false)},
			Buttons: [][]data.Button{{checkInButton(l, m.ID)}},
		}
	})
	return err
}

func (b *Bot) postText(l i18n.Lang, loc *time.Location, m data.Meeting, present, expected int, closed bool) string {
	// The post stays in the group's history: once the meeting is over
	// (or called off) it must not still announce it as starting.
	headKey := i18n.MsgPostHead
	switch {
	case m.Status == data.Cancelled:
		headKey = i18n.MsgPostCancelled
	case closed:
		headKey = i18n.MsgPostEnded
	}
	head := l.T(headKey, esc(m.Title), l.When(m.Start, loc))
	if m.Place != "" {
		head += "\n" + l.T(i18n.MsgCardWhere, esc(m.Place))
	}
	if closed {
		return head + "\n" + l.T(i18n.MsgPostClosed, present, expected)
	}
	return head + "\n" + l.T(i18n.MsgPostCount, present, expected)
}

// editMeetingPosts shows the live count on the groups' posts; b.counter
// throttles it to one edit per interval, within a group's 20 a minute.
func (b *Bot) editMeetingPosts(ctx context.Context, meetingID uint64) {
	posts, err := b.store.MeetingPosts(meetingID)
	if err != nil || len(posts) == 0 {
		return
	}
	m, err := b.store.Meeting(meetingID)
	if err != nil {
		return
	}
	br, err := b.store.Branch(m.BranchID)
	if err != nil {
		return
	}
	roll, err := b.store.RollCall(meetingID)
	if err != nil {
		return
	}
	l, loc := b.cfg.DefaultLang, b.zone(br)
	closed := !b.clock.Now().Before(m.Start.Add(m.Duration)) || m.Status != data.Scheduled
	var buttons [][]data.Button
	if !closed {
		buttons = [][]data.Button{{checkInButton(l, m.ID)}}
	}
	text := b.postText(l, loc, m, len(roll.Present), len(roll.Expected), closed)
	for _, p := range posts {
		if err := b.tg.Edit(ctx, p.ChatID, p.MessageID, text, buttons); ctx.Err() != nil {
			return
		} else if err != nil {
			b.log.Warn("edit check-in counter", "meeting_id", meetingID, "chat_id", p.ChatID, "err", err)
		}
	}
}

// showCode is /code <id>: a live message with the meeting's check-in code
// to show in the room. A rotating code is edited every 30 seconds until
// check-in closes, so a code sent out of the room goes stale.
func (b *Bot) showCode(r *request) (reply, error) {
	id, err := parseID(r.Cmd.Args)
	if err != nil {
		return say(r.Lang.T(i18n.MsgCodeUsage)), nil
	}
	m, br, rep, ok, err := b.meetingOfBranch(r, id)
	if !ok || err != nil {
		return rep, err
	}
	if m.Code == "" {
		return say(r.Lang.T(i18n.MsgCodeNone, m.ID)), nil
	}
	if !m.Rotate {
		return say(r.Lang.T(i18n.MsgCodeStatic, esc(m.Title), m.Code)), nil
	}
	now := b.clock.Now()
	_, _, closes := data.CheckInWindow(m, br.Settings)
	sent, err := b.tg.Send(r.Ctx, r.Chat.ID, b.codeText(r.Lang, m, now), nil)
	if err != nil {
		return reply{}, fmt.Errorf("send code: %w", err)
	}
	b.rotateCode(r.Chat.ID, sent, m, closes, r.Lang)
	return reply{Nothing: true}, nil
}

func (b *Bot) codeText(l i18n.Lang, m data.Meeting, now time.Time) string {
	return l.T(i18n.MsgCodeLive, esc(m.Title), data.RotatingCode(m.Code, now), int(data.CodePeriod/time.Second))
}

// rotateCode edits the live code message at each change until closes.
func (b *Bot) rotateCode(chatID int64, messageID int, m data.Meeting, closes time.Time, l i18n.Lang) {
	now := b.clock.Now()
	period := data.CodePeriod
	wait := period - time.Duration(now.UnixNano())%period // to the next change
	b.clock.AfterFunc(wait, func() {
		at := b.clock.Now()
		life := b.tg.Life()
		if life.Err() != nil {
			return
		}
		ctx, cancel := context.WithTimeout(life, 10*time.Second)
		defer cancel()
		text := b.codeText(l, m, at)
		if !at.Before(closes) {
			text = l.T(i18n.MsgCodeOver, esc(m.Title))
		}
		if err := b.tg.Edit(ctx, chatID, messageID, text, nil); err != nil && ctx.Err() == nil {
			b.log.Warn("edit live code", "meeting_id", m.ID, "err", err)
		}
		if at.Before(closes) {
			b.rotateCode(chatID, messageID, m, closes, l)
		}
	})
}

// sharedLocation checks a member in who shares their location in a
// private chat while a meeting with a place is open for them.
//
// Only a live location shared by the member counts: a pin can be dropped
// anywhere and a forwarded location is someone else's. A meeting with a
// code still needs it: the location narrows who can check in, the code
// proves they are in the room.
func (b *Bot) sharedLocation(r *request) (reply, error) {
	switch {
	case r.Member == nil:
		return say(r.Lang.T(i18n.MsgNotMember)), nil
	case r.Location.Forwarded:
		return say(r.Lang.T(i18n.MsgLocationForwarded)), nil
	case r.Location.LivePeriod <= 0:
		return say(r.Lang.T(i18n.MsgLocationNotLive)), nil
	}
	open, _, err := b.openMeetingsFor(r)
	if err != nil {
		return reply{}, err
	}
	loc := r.Location
	var placed bool
	for _, m := range open {
		if m.Where == nil {
			continue
		}
		placed = true
		if !m.Where.Contains(loc.Latitude, loc.Longitude) {
			continue
		}
		text, err := b.checkIn(r, m.ID, "") // a coded meeting answers with how to give the code
		return say(text), err
	}
	if placed {
		return say(r.Lang.T(i18n.MsgLocationFar)), nil
	}
	return say(r.Lang.T(i18n.MsgLocationNone)), nil
}
