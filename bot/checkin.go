package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"branchbot/bot/i18n"
	"branchbot/data"
)

// checkIn records a member's 签到 and says how it went, for the button and
// for /checkin alike.
func (b *Bot) checkIn(r *request, meetingID uint64, code string) (string, error) {
	res, err := b.store.CheckIn(r.ctx, meetingID, r.member.BranchID, r.person.UserID, code, b.clock.Now())
	loc := b.zone(res.Branch) // the times in the answer are the branch's
	switch {
	case errors.Is(err, data.ErrMeetingUnknown), errors.Is(err, data.ErrMeetingCancelled):
		return r.lang.T(i18n.MsgCheckInNoMeeting), nil
	case errors.Is(err, data.ErrNotAttendee):
		return r.lang.T(i18n.MsgLeaveNotYours), nil
	case errors.Is(err, data.ErrCheckInNotOpen):
		return r.lang.T(i18n.MsgCheckInNotOpen, res.Opens.In(loc).Format("01-02 15:04")), nil
	case errors.Is(err, data.ErrCheckInClosed):
		return r.lang.T(i18n.MsgCheckInClosed), nil
	case errors.Is(err, data.ErrCodeNeeded):
		return r.lang.T(i18n.MsgCodeNeeded), nil
	case errors.Is(err, data.ErrCodeWrong):
		return r.lang.T(i18n.MsgCodeWrong), nil
	case errors.Is(err, data.ErrCodeLocked):
		return r.lang.T(i18n.MsgCodeLocked, FormatDuration(data.CodeLockout)), nil
	case err != nil:
		return "", err
	case !res.First:
		return r.lang.T(i18n.MsgCheckInAgain, res.At.In(loc).Format("15:04")), nil
	case res.Late:
		b.log.Debug("checked in late", "meeting_id", meetingID, "user_id", res.UserID)
		b.counter.touch(meetingID)
		return r.lang.T(i18n.MsgCheckInLate, res.At.In(loc).Format("15:04")), nil
	}
	b.log.Debug("checked in", "meeting_id", meetingID, "user_id", res.UserID)
	b.counter.touch(meetingID)
	return r.lang.T(i18n.MsgCheckInDone, res.At.In(loc).Format("15:04")), nil
}

// checkin is /checkin [id]: without an id, the meeting whose check-in is
// open for this member.
func (b *Bot) checkin(r *request) (reply, error) {
	idText, who := firstWord(r.cmd.Args)
	if isCode(idText) && who == "" {
		open, _, err := b.openMeetingsFor(r)
		if err != nil {
			return reply{}, err
		}
		// A 4-digit number is the room's code when a meeting with a code
		// is open for this member: the meeting whose code it is, or (a
		// wrong code) the first coded one, where the miss is counted.
		var coded []data.Meeting
		for _, m := range open {
			if m.Code != "" {
				coded = append(coded, m)
			}
		}
		if len(coded) > 0 {
			target := coded[0]
			now := b.clock.Now()
			for _, m := range coded {
				if data.CodeAccepted(m, idText, now) {
					target = m
					break
				}
			}
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
	if strings.TrimSpace(r.cmd.Args) != "" {
		return say(r.lang.T(i18n.MsgCheckInUsage)), nil
	}
	open, br, err := b.openMeetingsFor(r)
	if err != nil {
		return reply{}, err
	}
	switch len(open) {
	case 0:
		return say(r.lang.T(i18n.MsgCheckInNone)), nil
	case 1:
		text, err := b.checkIn(r, open[0].ID, "")
		return say(text), err
	}
	lines := []string{r.lang.T(i18n.MsgCheckInWhich)}
	for _, m := range open {
		lines = append(lines, fmt.Sprintf("/checkin %d · %s · %s", m.ID, r.lang.When(m.Start, b.zone(br)), esc(m.Title)))
	}
	return say(strings.Join(lines, "\n")), nil
}

// checkInButton is the 签到 button of meeting id.
func checkInButton(l i18n.Lang, id uint64) data.Button {
	return data.Button{Text: l.T(i18n.MsgBtnCheckIn), Data: Callback{Action: cbCheckIn, Arg: fmt.Sprint(id)}.String()}
}

func isCode(s string) bool {
	if len(s) != 4 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// openMeetingsFor lists the meetings whose check-in is open now for the
// sender, and returns the branch it read for their windows.
func (b *Bot) openMeetingsFor(r *request) ([]data.Meeting, data.Branch, error) {
	br, err := b.store.Branch(r.member.BranchID)
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
		if slices.ContainsFunc(people, func(p data.Member) bool { return p.UserID == r.person.UserID }) {
			open = append(open, m)
		}
	}
	return open, br, nil
}

// attendance is /attendance <id>: 应到, 实到, 迟到, 请假, 缺席 with names.
func (b *Bot) attendance(r *request) (reply, error) {
	id, err := parseID(r.cmd.Args)
	if err != nil {
		return say(r.lang.T(i18n.MsgAttendanceUsage)), nil
	}
	m, br, rep, ok, err := b.branchMeeting(r, id)
	if !ok || err != nil {
		return rep, err
	}
	roll, err := b.store.RollCall(id)
	if err != nil {
		return reply{}, err
	}
	loc, sep := b.zone(br), r.lang.T(i18n.MsgListSep)
	var present, late, leave, absent []string
	for _, a := range roll.Present {
		entry := fmt.Sprintf("%s %s%s", esc(a.Name), a.At.In(loc).Format("15:04"), b.markOf(r.lang, a))
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
			entry += r.lang.T(i18n.MsgRollPending)
		}
		leave = append(leave, entry)
	}
	for _, p := range roll.Absent {
		absent = append(absent, esc(p.Name))
	}
	lines := []string{
		fmt.Sprintf("#%d <b>%s</b> · %s", m.ID, esc(m.Title), r.lang.When(m.Start, loc)),
		r.lang.T(i18n.MsgRollExpected, len(roll.Expected)),
		r.lang.T(i18n.MsgRollPresent, len(roll.Present), strings.Join(present, sep)),
		r.lang.T(i18n.MsgRollLate, len(late), strings.Join(late, sep)),
		r.lang.T(i18n.MsgRollLeave, len(leave), strings.Join(leave, sep)),
		r.lang.T(i18n.MsgRollAbsent, len(absent), strings.Join(absent, sep)),
	}
	if b.clock.Now().Before(m.Start.Add(m.Duration)) {
		// Not over: nobody is absent yet, only not checked in.
		lines[len(lines)-1] = r.lang.T(i18n.MsgRollNotYet, len(absent), strings.Join(absent, sep))
	}
	lines = append(lines, b.rollExtras(r.lang, m, roll)...)
	return say(strings.Join(lines, "\n")), nil
}

// checkInFor is /checkin <id> <member> [reason]: a secretary or committee
// member checks someone in on their behalf, during the meeting (代签) or,
// with a reason, afterwards (补签).
func (b *Bot) checkInFor(r *request, id uint64, args string) (reply, error) {
	if refusal, ok := b.allowed(b.cmds["attendance"], r); !ok {
		return say(refusal), nil
	}
	m, err := b.store.Meeting(id)
	if err != nil || m.BranchID != r.member.BranchID {
		return say(r.lang.T(i18n.MsgMeetingUnknown, id)), nil
	}
	who, reason, rep, ok, err := b.resolveMember(r, args)
	if !ok || err != nil {
		return rep, err
	}
	now := b.clock.Now()
	after := now.After(m.Start.Add(m.Duration))
	if after && strings.TrimSpace(reason) == "" {
		return say(r.lang.T(i18n.MsgCorrectionReason)), nil
	}
	a, err := b.store.CheckInFor(r.ctx, id, r.member.BranchID, who.UserID, r.person.UserID, strings.TrimSpace(reason), now)
	switch {
	case errors.Is(err, data.ErrAlreadyCheckedIn):
		return say(r.lang.T(i18n.MsgProxyAlready, esc(who.Name))), nil
	case errors.Is(err, data.ErrNotAttendee):
		return say(r.lang.T(i18n.MsgLeaveNotYours)), nil
	case errors.Is(err, data.ErrCheckInNotOpen):
		return say(r.lang.T(i18n.MsgCheckInNotOpen, "")), nil
	case errors.Is(err, data.ErrMeetingCancelled), errors.Is(err, data.ErrMeetingUnknown):
		return say(r.lang.T(i18n.MsgCheckInNoMeeting)), nil
	case err != nil:
		return reply{}, err
	}
	b.counter.touch(id)
	b.log.Info("checked in on behalf", "meeting_id", id, "user_id", who.UserID, "by", r.person.UserID, "correction", after)
	return say(r.lang.T(i18n.MsgProxyDone, esc(a.Name), b.markOf(r.lang, a))), nil
}

// markOf labels a check-in someone else made, for every view.
func (b *Bot) markOf(l i18n.Lang, a data.Attendance) string {
	switch {
	case a.By == 0:
		return ""
	case a.Reason != "":
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
	n, err := b.store.PostMeetingStart(ctx, m.ID, b.clock.Now(), func(m data.Meeting, expected int) data.NoticeMessages {
		return data.NoticeMessages{
			Parts:   []string{b.postText(l, loc, m, 0, expected, false)},
			Buttons: [][]data.Button{{checkInButton(l, m.ID)}},
		}
	})
	if n > 0 {
		b.sender.Wake()
	}
	return err
}

func (b *Bot) postText(l i18n.Lang, loc *time.Location, m data.Meeting, present, expected int, closed bool) string {
	head := l.T(i18n.MsgPostHead, esc(m.Title), l.When(m.Start, loc))
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
	var markup models.ReplyMarkup
	if !closed {
		markup = inline([][]data.Button{{checkInButton(l, m.ID)}})
	}
	text := b.postText(l, loc, m, len(roll.Present), len(roll.Expected), closed)
	for _, p := range posts {
		if err := b.editText(ctx, p.ChatID, p.MessageID, text, markup); ctx.Err() != nil {
			return
		} else if err != nil {
			b.log.Warn("edit check-in counter", "meeting_id", meetingID, "chat_id", p.ChatID, "err", b.redact(err))
		}
	}
}

// showCode is /code <id>: a live message with the meeting's check-in code
// to show in the room. A rotating code is edited every 30 seconds until
// check-in closes, so a code sent out of the room goes stale.
func (b *Bot) showCode(r *request) (reply, error) {
	id, err := parseID(r.cmd.Args)
	if err != nil {
		return say(r.lang.T(i18n.MsgCodeUsage)), nil
	}
	m, br, rep, ok, err := b.meetingOfBranch(r, id)
	if !ok || err != nil {
		return rep, err
	}
	if m.Code == "" {
		return say(r.lang.T(i18n.MsgCodeNone, m.ID)), nil
	}
	if !m.Rotate {
		return say(r.lang.T(i18n.MsgCodeStatic, esc(m.Title), m.Code)), nil
	}
	now := b.clock.Now()
	_, _, closes := data.CheckInWindow(m, br.Settings)
	sent, err := b.tg.SendMessage(r.ctx, &tgbot.SendMessageParams{ChatID: r.chat.ID, Text: b.codeText(r.lang, m, now), ParseMode: models.ParseModeHTML})
	if err != nil {
		return reply{}, fmt.Errorf("send code: %w", b.redact(err))
	}
	b.rotateCode(r.chat.ID, sent.ID, m, closes, r.lang)
	return reply{nothing: true}, nil
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
		if b.bg.Err() != nil {
			return
		}
		ctx, cancel := context.WithTimeout(b.bg, 10*time.Second)
		defer cancel()
		text := b.codeText(l, m, at)
		if !at.Before(closes) {
			text = l.T(i18n.MsgCodeOver, esc(m.Title))
		}
		if err := b.editText(ctx, chatID, messageID, text, nil); err != nil && ctx.Err() == nil {
			b.log.Warn("edit live code", "meeting_id", m.ID, "err", b.redact(err))
		}
		if at.Before(closes) {
			b.rotateCode(chatID, messageID, m, closes, l)
		}
	})
}

// sharedLocation checks a member in who shares their location in a
// private chat while a meeting with a place is open for them: being in
// the room is the proof, in place of a code.
func (b *Bot) sharedLocation(ctx context.Context, _ *tgbot.Bot, u *models.Update) {
	r, err := b.newRequest(ctx, u.Message, u.Message.From)
	if err != nil {
		b.fail(r, err)
		return
	}
	if r.member == nil {
		b.send(r, say(r.lang.T(i18n.MsgNotMember)))
		return
	}
	open, _, err := b.openMeetingsFor(r)
	if err != nil {
		b.fail(r, err)
		return
	}
	loc := u.Message.Location
	var placed bool
	for _, m := range open {
		if m.Where == nil {
			continue
		}
		placed = true
		if !m.Where.Contains(loc.Latitude, loc.Longitude) {
			continue
		}
		code := m.Code
		if m.Rotate {
			code = data.RotatingCode(m.Code, b.clock.Now())
		}
		text, err := b.checkIn(r, m.ID, code)
		if err != nil {
			b.fail(r, err)
			return
		}
		b.send(r, say(text))
		return
	}
	if placed {
		b.send(r, say(r.lang.T(i18n.MsgLocationFar)))
		return
	}
	b.send(r, say(r.lang.T(i18n.MsgLocationNone)))
}
