package bot

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"branchbot/bot/i18n"
	"branchbot/data"
)

// closeMeeting runs when a meeting ends: the summary to the secretaries
// and the make-up prompt to members absent without leave.
func (b *Bot) closeMeeting(ctx context.Context, t data.Timer) error {
	m, loc, ok, err := b.timerMeeting(ctx, t)
	if !ok {
		return err
	}
	absent, err := b.store.CloseMeeting(ctx, m.ID, data.Closing{
		Now: b.clock.Now(),
		Summary: func(m data.Meeting, r data.Roll, lang string) string {
			l := b.langOf(lang)
			t := r.Tally()
			var names []string
			for _, p := range r.Absent {
				names = append(names, esc(p.Name))
			}
			text := l.T(i18n.MsgSummary, esc(m.Title), l.When(m.Start, loc), t.Expected, t.Present, t.Late, t.Leave, t.Absent)
			if len(names) > 0 {
				text += "\n" + l.T(i18n.MsgSummaryAbsent, strings.Join(names, l.T(i18n.MsgListSep)))
			}
			// Minutes already kept need no prompt to write them.
			if m.Minutes != nil {
				return text + "\n" + l.T(i18n.MsgSummaryNextMinuted, m.ID, m.ID)
			}
			return text + "\n" + l.T(i18n.MsgSummaryNext, m.ID, m.ID)
		},
		MakeUp: func(m data.Meeting, lang string) string {
			l := b.langOf(lang)
			return l.T(i18n.MsgMakeUpPrompt, esc(m.Title), l.When(m.Start, loc), m.ID)
		},
	})
	if err != nil {
		return err
	}
	b.log.Info("meeting closed", "meeting_id", m.ID, "absent", absent)
	b.counter.Touch(m.ID) // the groups' posts show the final count, without the button
	return nil
}

// makeup is /makeup <id> [note]: a member records their make-up study.
func (b *Bot) makeup(r *request) (reply, error) {
	idText, note := firstWord(r.Cmd.Args)
	id, err := parseID(idText)
	if err != nil {
		return say(r.Lang.T(i18n.MsgMakeUpUsage)), nil
	}
	m, ok, err := b.ownMeeting(r, id)
	if !ok || err != nil {
		return say(r.Lang.T(i18n.MsgMeetingUnknown, id)), err
	}
	first, err := b.store.RecordMakeUp(r.Ctx, data.MakeUp{MeetingID: id, UserID: r.Person.UserID, At: b.clock.Now(), Note: strings.TrimSpace(note)})
	switch {
	case errors.Is(err, data.ErrNoMakeUpNeeded):
		return say(r.Lang.T(i18n.MsgMakeUpNotNeeded)), nil
	case err != nil:
		return reply{}, err
	case !first:
		return say(r.Lang.T(i18n.MsgMakeUpAgain)), nil
	}
	return say(r.Lang.T(i18n.MsgMakeUpDone, esc(m.Title))), nil
}

// minutes is /minutes <id> [lines]: the meeting's record for the ledger.
// Lines of key=value set its host, recorder, agenda and decisions, other
// lines its free record (see parseMinutes); an edit keeps the version it
// replaces. "/minutes <id> attach" opens the attach step; /minutes <id>
// alone shows the record, its attendance and attachments, and every
// earlier version.
func (b *Bot) minutes(r *request) (reply, error) {
	idText, text := firstWord(r.Cmd.Args)
	id, err := parseID(idText)
	if err != nil {
		return say(r.Lang.T(i18n.MsgMinutesUsageStructured)), nil
	}
	if strings.TrimSpace(text) == "" {
		return b.showMinutes(r, id)
	}
	if isMinutesAttach(text) {
		return b.startAttaching(r, id)
	}
	edit, err := parseMinutes(text)
	if err != nil {
		return say(r.Lang.T(i18n.MsgMinutesUsageStructured)), nil
	}
	_, prev, err := b.store.EditMinutes(b.audited(r, data.AuditMinutesEdit, data.ObjectMeeting, auditID(id), ""), id, r.Member.BranchID, edit, r.Person.UserID, b.clock.Now())
	switch {
	case errors.Is(err, data.ErrMeetingUnknown):
		return say(r.Lang.T(i18n.MsgMeetingUnknown, id)), nil
	case errors.Is(err, data.ErrMeetingCancelled):
		return say(r.Lang.T(i18n.MsgMinutesCancelled, id)), nil
	case data.ErrorCode(err) == data.EInvalid:
		return say(r.Lang.T(i18n.MsgMinutesInvalid, data.MaxMinutesLen, data.MaxMinutesItems)), nil
	case err != nil:
		return reply{}, err
	}
	if prev == nil {
		return say(r.Lang.T(i18n.MsgMinutesSaved, id)), nil
	}
	return say(r.Lang.T(i18n.MsgMinutesReplaced, id, esc(b.nameOf(prev.By)), r.Lang.Moment(prev.At, b.memberZone(r)), len(prev.Earlier)+1, id)), nil
}

// showMinutes is /minutes <id>: the record with its attendance (from the
// check-in records) and attachments, then the earlier versions, newest
// first. A long record goes out in several messages.
func (b *Bot) showMinutes(r *request, id uint64) (reply, error) {
	m, br, rep, ok, err := b.branchMeeting(r, id)
	if !ok || err != nil {
		return rep, err
	}
	loc := b.zone(br)
	evidence, err := b.evidenceLines(r.Lang, m, loc)
	if err != nil {
		return reply{}, err
	}
	if m.Minutes == nil {
		if m.Status == data.Cancelled {
			// No invitation to write or attach what would be refused.
			return say(r.Lang.T(i18n.MsgMinutesCancelled, id) + "\n\n" + evidence), nil
		}
		return say(r.Lang.T(i18n.MsgMinutesNone, id, id) + "\n\n" + evidence), nil
	}
	roll, err := b.store.RollCall(id)
	if err != nil {
		return reply{}, err
	}
	min := m.Minutes
	body := minutesLines(r.Lang, *min, esc) + "\n\n" + attendanceLine(r.Lang, roll) + "\n\n" + evidence
	text := r.Lang.T(i18n.MsgMinutesShow, id, esc(m.Title), esc(b.nameOf(min.By)), r.Lang.Moment(min.At, loc), body)
	if n := len(min.Earlier); n > 0 {
		text += "\n\n" + r.Lang.T(i18n.MsgMinutesEarlier, n)
		for i := n - 1; i >= 0; i-- {
			v := min.Earlier[i]
			text += "\n\n" + r.Lang.T(i18n.MsgMinutesVersion, i+1, esc(b.nameOf(v.By)), r.Lang.Moment(v.At, loc), minutesLines(r.Lang, v, esc))
		}
	}
	return say(text), nil
}

// minutesLines lays the minutes out a line a field (the fields an
// inspection looks for first, then the free record), each value passed
// through esc (HTML escaping, or none for an excerpt escaped later).
func minutesLines(l i18n.Lang, min data.Minutes, esc func(string) string) string {
	var lines []string
	if min.Host != "" {
		lines = append(lines, l.T(i18n.MsgMinutesHost, esc(min.Host)))
	}
	if min.Recorder != "" {
		lines = append(lines, l.T(i18n.MsgMinutesRecorder, esc(min.Recorder)))
	}
	list := func(head i18n.Key, items []string) {
		if len(items) == 0 {
			return
		}
		lines = append(lines, l.T(head))
		for i, it := range items {
			lines = append(lines, l.T(i18n.MsgMinutesItem, i+1, esc(it)))
		}
	}
	list(i18n.MsgMinutesAgenda, min.Agenda)
	list(i18n.MsgMinutesDecisions, min.Decisions)
	if min.Text != "" {
		if len(lines) > 0 {
			lines = append(lines, l.T(i18n.MsgMinutesNotes))
		}
		lines = append(lines, esc(min.Text))
	}
	return strings.Join(lines, "\n")
}

// attendanceLine is the roll in one line, as the minutes show it.
func attendanceLine(l i18n.Lang, roll data.Roll) string {
	t := roll.Tally()
	return l.T(i18n.MsgMinutesAttendance, t.Expected, t.Present, t.Late, t.Leave, t.Absent)
}

// nameOf is a member's display name, or their user id once they have
// left: a record outlives its authors.
func (b *Bot) nameOf(userID int64) string {
	if p, err := b.store.Member(userID); err == nil {
		return p.Name
	}
	return "#" + strconv.FormatInt(userID, 10)
}

// myAttendance is /me: the member's own attendance this quarter, by kind. It is
// theirs alone: no ranking, no comparison with others.
func (b *Bot) myAttendance(r *request) (reply, error) {
	br, err := b.store.Branch(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	loc, now := b.zone(br), b.clock.Now()
	q := data.QuarterOf(now, loc)
	tallies, err := b.store.MemberAttendance(br.ID, r.Person.UserID, q.Start(loc), now)
	if err != nil {
		return reply{}, err
	}
	if len(tallies) == 0 {
		return say(r.Lang.T(i18n.MsgMeNone, q.Year, q.N)), nil
	}
	lines := []string{r.Lang.T(i18n.MsgMeHead, q.Year, q.N)}
	for _, t := range tallies {
		lines = append(lines, r.Lang.T(i18n.MsgMeLine, r.Lang.KindName(t.Kind), t.Expected, t.Present, t.Late, t.Leave, t.Absent, t.MadeUp))
	}
	return say(strings.Join(lines, "\n") + "\n" + r.Lang.T(i18n.MsgMePrivate)), nil
}

// rollExtras adds make-ups and minutes to /attendance.
func (b *Bot) rollExtras(l i18n.Lang, m data.Meeting, roll data.Roll) []string {
	var lines []string
	if len(roll.MadeUp) > 0 {
		names := map[int64]string{}
		for _, p := range roll.Expected {
			names[p.UserID] = p.Name
		}
		var done []string
		for _, mu := range roll.MadeUp {
			done = append(done, esc(names[mu.UserID]))
		}
		lines = append(lines, l.T(i18n.MsgRollMadeUp, len(done), strings.Join(done, l.T(i18n.MsgListSep))))
	}
	if m.Minutes != nil {
		// Structured minutes may have no free text: the excerpt is of
		// what they show, tags dropped.
		lines = append(lines, l.T(i18n.MsgRollMinutes, esc(excerpt(minutesLines(l, *m.Minutes, func(s string) string { return s }), 200))))
	}
	return lines
}
