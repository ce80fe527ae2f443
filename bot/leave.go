package bot

import (
	"branchbot/bot/i18n"
	"branchbot/bot/telegram"
	"branchbot/data"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// registerLeave: asking for leave (command, button and the reason typed
// after it) and the organiser's decision.
func (b *Bot) registerLeave() {
	b.router.Command(telegram.Command{Name: "leave", Need: data.RoleMember, Where: telegram.Anywhere, Menu: true, Handle: b.privately(b.leaveCmd)})
	telegram.HandleButton(b.router, btnLeave, b.leave)
	telegram.HandleButton(b.router, btnLeaveApprove, func(r *request, ref leaveRef) (reply, error) { return b.decideLeave(r, ref, true) })
	telegram.HandleButton(b.router, btnLeaveReject, func(r *request, ref leaveRef) (reply, error) { return b.decideLeave(r, ref, false) })
	b.flows[draftLeave] = memberFlow(func(r *request, d data.Draft, text string) (reply, error) {
		id, _ := strconv.ParseUint(d.Fields["meeting"], 10, 64)
		return b.requestLeave(r, id, strings.TrimSpace(text), d.ID)
	})
}

// leaveRef names one member's leave request for one meeting.
type leaveRef struct {
	Meeting uint64
	User    int64
}

// The leave buttons: a reminder's 请假 (it only asks for the reason, so it
// works on old messages), and the organiser's approve and reject.
var (
	btnLeave        = idButton(telegram.ButtonSpec{Action: "lv", Need: data.RoleMember, Old: true})
	btnLeaveApprove = leaveButton("lva")
	btnLeaveReject  = leaveButton("lvr")
)

func leaveButton(action string) *telegram.ButtonKind[leaveRef] {
	return &telegram.ButtonKind[leaveRef]{
		ButtonSpec: telegram.ButtonSpec{Action: action, Need: data.RoleCommittee},
		Encode:     func(l leaveRef) string { return fmt.Sprintf("%d-%d", l.Meeting, l.User) },
		Decode: func(s string) (leaveRef, error) {
			mid, uid, ok := strings.Cut(s, "-")
			m, err1 := decodeID(mid)
			u, err2 := strconv.ParseInt(uid, 10, 64)
			if !ok || err1 != nil || err2 != nil || u <= 0 || strconv.FormatInt(u, 10) != uid {
				return leaveRef{}, fmt.Errorf("leave reference %q: malformed", s)
			}
			return leaveRef{Meeting: m, User: u}, nil
		},
	}
}

// draftLeave is the Kind of a leave request waiting for its reason.
const draftLeave = "leave"

// leave is a reminder's or an announcement's 请假 button: it asks for the
// reason, which the next message gives. Whatever would refuse the request
// refuses the press, before anyone types a reason.
func (b *Bot) leave(r *request, meetingID uint64) (reply, error) {
	m, ok, err := b.ownMeeting(r, meetingID)
	if !ok || err != nil {
		return reply{Toast: r.Lang.T(i18n.MsgCheckInNoMeeting)}, err
	}
	// The store's own rule, asked before anyone types a reason.
	switch err := (data.Leave{At: b.clock.Now()}).CheckRequest(m); {
	case errors.Is(err, data.ErrMeetingCancelled):
		return reply{Toast: r.Lang.T(i18n.MsgStaleCancelled, m.ID)}, nil
	case err != nil:
		return reply{Toast: r.Lang.T(i18n.MsgLeaveTooLate)}, nil
	}
	st, err := b.store.StandingOf(m.ID, r.Person.UserID)
	switch {
	case err != nil:
		return reply{}, err
	case st.CheckedIn:
		return reply{Toast: r.Lang.T(i18n.MsgLeaveCheckedIn)}, nil
	case st.HasLeave && st.Leave.Excuses():
		return reply{Toast: r.Lang.T(i18n.MsgLeaveAgain, r.Lang.LeaveStatus(st.Leave.Status))}, nil
	}
	_, err = b.store.StartDraft(r.Ctx, data.Draft{UserID: r.Person.UserID, Kind: draftLeave, Stage: "reason", Fields: map[string]string{"meeting": fmt.Sprint(meetingID)}, UpdatedAt: b.clock.Now()})
	if err != nil {
		return reply{}, err
	}
	return reply{Toast: r.Lang.T(i18n.MsgLeaveAskToast), Text: r.Lang.T(i18n.MsgLeaveAsk, esc(m.Title))}, nil
}

// leaveCmd is /leave <id> <reason>.
func (b *Bot) leaveCmd(r *request) (reply, error) {
	idText, reason := firstWord(r.Cmd.Args)
	id, err := parseID(idText)
	if err != nil || strings.TrimSpace(reason) == "" {
		return say(r.Lang.T(i18n.MsgLeaveUsage)), nil
	}
	return b.requestLeave(r, id, strings.TrimSpace(reason), 0)
}

// requestLeave files a leave request and says how it went; draftID is the
// draft that asked for the reason, if any.
func (b *Bot) requestLeave(r *request, meetingID uint64, reason string, draftID uint64) (reply, error) {
	if n := len([]rune(reason)); n > data.MaxTitleLen {
		return say(r.Lang.T(i18n.MsgTitleLong, fmt.Sprint(n))), nil
	}
	undo, refusal, ok := b.limitSend(r)
	if !ok {
		return say(refusal), nil
	}
	_, cur, first, err := b.store.RequestLeave(r.Ctx, data.Leave{MeetingID: meetingID, UserID: r.Person.UserID, Name: r.Person.Name, At: b.clock.Now(), Reason: reason}, draftID,
		func(m data.Meeting, l data.Leave, lang string) (string, [][]data.Button) {
			ol := b.langOf(lang)
			ref := leaveRef{Meeting: m.ID, User: l.UserID}
			return ol.T(i18n.MsgLeaveNote, esc(l.Name), esc(m.Title), m.ID, esc(l.Reason)), [][]data.Button{{
				btnLeaveApprove.Button(ol.T(i18n.MsgBtnApprove), ref),
				btnLeaveReject.Button(ol.T(i18n.MsgBtnReject), ref),
			}}
		})
	if err != nil || !first {
		undo() // nothing went to the organisers
	}
	switch {
	case errors.Is(err, data.ErrMeetingUnknown), errors.Is(err, data.ErrMeetingCancelled):
		return say(r.Lang.T(i18n.MsgCheckInNoMeeting)), nil
	case errors.Is(err, data.ErrNotAttendee):
		return say(r.Lang.T(i18n.MsgLeaveNotYours)), nil
	case errors.Is(err, data.ErrLeaveTooLate):
		return say(r.Lang.T(i18n.MsgLeaveTooLate)), nil
	case err != nil:
		return reply{}, err
	case !first:
		return say(r.Lang.T(i18n.MsgLeaveAgain, r.Lang.LeaveStatus(cur.Status))), nil
	}
	b.log.Info("leave requested", "meeting_id", meetingID, "user_id", r.Person.UserID)
	return say(r.Lang.T(i18n.MsgLeaveDone)), nil
}

// decideLeave is the organiser's Approve or Reject button.
func (b *Bot) decideLeave(r *request, ref leaveRef, approve bool) (reply, error) {
	meetingID, userID := ref.Meeting, ref.User
	m, ok, err := b.ownMeeting(r, meetingID)
	if !ok || err != nil {
		return reply{Toast: r.Lang.T(i18n.MsgButtonStale)}, err
	}
	l, err := b.store.DecideLeave(b.leaveAudit(r, meetingID, userID, approve), meetingID, userID, approve, r.Person.UserID, b.clock.Now(), func(m data.Meeting, l data.Leave, lang string) string {
		ml := b.langOf(lang)
		if l.Status == data.LeaveApproved {
			return ml.T(i18n.MsgLeaveApproved, esc(m.Title))
		}
		return ml.T(i18n.MsgLeaveRejected, esc(m.Title))
	})
	switch {
	case errors.Is(err, data.ErrMeetingCancelled):
		// The old 批准 after a cancel approves nothing and asks for no
		// make-up study.
		return reply{Toast: r.Lang.T(i18n.MsgStaleCancelled, m.ID)}, nil
	case errors.Is(err, data.ErrLeaveDecided):
		return reply{Toast: r.Lang.T(i18n.MsgStaleDecided, r.Lang.LeaveStatus(l.Status))}, nil
	case errors.Is(err, data.ErrLeaveUnknown):
		return reply{Toast: r.Lang.T(i18n.MsgLeaveDecidedAlready)}, nil
	case err != nil:
		return reply{}, err
	}
	verdict := r.Lang.LeaveStatus(l.Status)
	return reply{Edit: true, Text: r.Lang.T(i18n.MsgLeaveNote, esc(l.Name), esc(m.Title), m.ID, esc(l.Reason)) + "\n→ " + verdict, Toast: verdict}, nil
}
