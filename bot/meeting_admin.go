package bot

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"branchbot/bot/i18n"
	"branchbot/bot/telegram"
	"branchbot/data"
	"branchbot/schedule"
)

// The organiser's changes to one meeting: /meeting cancel, restore and
// edit. Cancelling has its own word (not /cancel, which leaves a guided
// flow), asks for confirmation, and can be undone until the meeting
// starts.

// The cancel confirmation's buttons, and the undo on what it became.
var (
	btnCancelConfirm = idButton(telegram.ButtonSpec{Action: "mcx", Need: data.RoleCommittee})
	btnCancelKeep    = idButton(telegram.ButtonSpec{Action: "mck", Need: data.RoleCommittee})
	btnRestore       = idButton(telegram.ButtonSpec{Action: "mcr", Need: data.RoleCommittee})
)

func (b *Bot) registerMeetingAdmin() {
	telegram.HandleButton(b.router, btnCancelConfirm, b.cancelConfirmed)
	telegram.HandleButton(b.router, btnCancelKeep, b.cancelKept)
	telegram.HandleButton(b.router, btnRestore, b.restorePressed)
}

// meetingVerb is the word after /meeting that names a change to one
// meeting, in either language.
var meetingVerbs = map[string]string{
	"cancel": "cancel", "取消": "cancel",
	"restore": "restore", "恢复": "restore",
	"edit": "edit", "修改": "edit",
}

// meetingAdmin handles /meeting <verb> <id> …; ok is false when the
// arguments do not start with a verb.
func (b *Bot) meetingAdmin(r *request) (rep reply, ok bool, err error) {
	word, rest := firstWord(r.Cmd.Args)
	verb, isVerb := meetingVerbs[strings.ToLower(word)]
	if !isVerb {
		return reply{}, false, nil
	}
	if refusal, ok := b.needCommittee(r); !ok {
		return say(refusal), true, nil
	}
	idText, rest := firstWord(rest)
	id, perr := parseID(idText)
	if perr != nil {
		if verb == "edit" {
			return say(r.Lang.T(i18n.MsgMtgEditUsage)), true, nil
		}
		return say(r.Lang.T(i18n.MsgMtgAdminUsage)), true, nil
	}
	m, br, rep, found, err := b.branchMeeting(r, id)
	if !found || err != nil {
		return rep, true, err
	}
	if !m.ManagedBy(*r.Member) {
		return say(r.Lang.T(i18n.MsgMtgNotManager, id)), true, nil
	}
	switch verb {
	case "cancel":
		rep, err = b.askCancel(r, br, m)
	case "restore":
		rep, err = b.restore(r, br, m)
	default:
		rep, err = b.edit(r, br, m, rest)
	}
	return rep, true, err
}

// needCommittee refuses someone below the committee what /meeting does
// for organisers, in the router's words, and says what /meeting does for
// them: show a meeting they attend.
func (b *Bot) needCommittee(r *request) (string, bool) {
	if r.Member.Role.AtLeast(data.RoleCommittee) {
		return "", true
	}
	return r.Lang.T(i18n.MsgRefusedRole, r.Lang.RoleName(data.RoleCommittee), "meeting") + "\n" + r.Lang.T(i18n.MsgMeetingForMembers), false
}

// audience says in words who a meeting is for.
func (b *Bot) audience(l i18n.Lang, m data.Meeting) string {
	switch m.Kind {
	case data.KindCommittee:
		return l.T(i18n.MsgMtgAudienceCommittee)
	case data.KindGroup:
		return l.T(i18n.MsgMtgAudienceGroup, esc(b.groupName(m.BranchID, m.GroupID)))
	}
	return l.T(i18n.MsgMtgAudienceAll)
}

// groupName is a group's name, or its number if it is gone.
func (b *Bot) groupName(branchID, id uint64) string {
	groups, err := b.store.Groups(branchID)
	if err == nil {
		for _, g := range groups {
			if g.ID == id {
				return g.Name
			}
		}
	}
	return fmt.Sprintf("#%d", id)
}

// toldCount is how many a change to m tells: its attendees but the one
// making it.
func (b *Bot) toldCount(m data.Meeting, by int64) (int, error) {
	people, err := b.store.Attendees(m)
	if err != nil {
		return 0, err
	}
	n := len(people)
	for _, p := range people {
		if p.UserID == by {
			n--
		}
	}
	return n, nil
}

// askCancel shows what a cancel would do and asks for confirmation: it
// changes nothing yet.
func (b *Bot) askCancel(r *request, br data.Branch, m data.Meeting) (reply, error) {
	now := b.clock.Now()
	switch {
	case m.Status == data.Cancelled:
		return say(r.Lang.T(i18n.MsgMtgAlreadyCancelled, m.ID)), nil
	case m.Started(now):
		return say(r.Lang.T(i18n.MsgMtgStartedNoCancel, m.ID)), nil
	}
	n, err := b.toldCount(m, r.Person.UserID)
	if err != nil {
		return reply{}, err
	}
	text := r.Lang.T(i18n.MsgMtgCancelConfirm, m.ID, esc(m.Title), r.Lang.When(m.Start, b.zone(br)), r.Lang.Members(n), b.audience(r.Lang, m))
	return reply{Text: text, Buttons: [][]data.Button{{
		btnCancelConfirm.Button(r.Lang.T(i18n.MsgBtnConfirmCancel), m.ID),
		btnCancelKeep.Button(r.Lang.T(i18n.MsgBtnKeepMeeting), m.ID),
	}}}, nil
}

// managedMeeting loads the meeting a cancel or restore button names, for
// someone who may change it; rep is the toast when not.
func (b *Bot) managedMeeting(r *request, id uint64) (data.Meeting, data.Branch, reply, bool, error) {
	m, br, _, ok, err := b.branchMeeting(r, id)
	if !ok || err != nil {
		return m, br, reply{Toast: r.Lang.T(i18n.MsgButtonStale)}, false, err
	}
	if !m.ManagedBy(*r.Member) {
		return m, br, reply{Toast: r.Lang.T(i18n.MsgMtgNotManager, id)}, false, nil
	}
	return m, br, reply{}, true, nil
}

// cancelConfirmed is the confirmation's ❌ button: the cancel itself.
func (b *Bot) cancelConfirmed(r *request, id uint64) (reply, error) {
	m, br, rep, ok, err := b.managedMeeting(r, id)
	if !ok || err != nil {
		return rep, err
	}
	loc := b.zone(br)
	m, told, err := b.store.CancelMeeting(b.audited(r, data.AuditMeetingCancel, data.ObjectMeeting, auditID(m.ID), m.Start.In(loc).Format(auditTime)+" "+m.Title), m.ID, data.MeetingChange{Now: b.clock.Now(), By: r.Person.UserID, Render: func(m data.Meeting, lang string) string {
		l := b.langOf(lang)
		return l.T(i18n.MsgMeetingCancelledNote, esc(m.Title), l.When(m.Start, loc))
	}})
	switch {
	case errors.Is(err, data.ErrMeetingCancelled):
		return reply{Toast: r.Lang.T(i18n.MsgStaleCancelled, id)}, nil
	case errors.Is(err, data.ErrMeetingStarted):
		return reply{Toast: r.Lang.T(i18n.MsgMtgStartedNoCancel, id), Edit: true, Text: r.Lang.T(i18n.MsgMtgStartedNoCancel, id)}, nil
	case err != nil:
		return reply{}, err
	}
	b.log.Info("meeting cancelled", "meeting_id", m.ID, "told", told)
	done := r.Lang.T(i18n.MsgMtgCancelDone, m.ID, r.Lang.Members(told))
	return reply{Edit: true, Text: done, Toast: r.Lang.T(i18n.MsgCardCancelled), Buttons: [][]data.Button{{
		btnRestore.Button(r.Lang.T(i18n.MsgBtnRestore), m.ID),
	}}}, nil
}

// cancelKept is the confirmation's other button: nothing happens.
func (b *Bot) cancelKept(r *request, id uint64) (reply, error) {
	return reply{Edit: true, Text: r.Lang.T(i18n.MsgMtgKept, id)}, nil
}

// restorePressed is the undo on a cancel's confirmation.
func (b *Bot) restorePressed(r *request, id uint64) (reply, error) {
	m, br, rep, ok, err := b.managedMeeting(r, id)
	if !ok || err != nil {
		return rep, err
	}
	rep, err = b.restore(r, br, m)
	if err != nil || rep.Text == "" {
		return rep, err
	}
	return reply{Edit: true, Text: rep.Text, Toast: r.Lang.T(i18n.MsgBtnRestore)}, nil
}

// restore brings back a cancelled meeting that has not started, with its
// leaves and RSVPs, and re-plans its reminders.
func (b *Bot) restore(r *request, br data.Branch, m data.Meeting) (reply, error) {
	loc, now := b.zone(br), b.clock.Now()
	plan := schedule.PlanReminders(m.Start, m.Remind, br.Settings.Quiet, loc, now)
	restored, told, err := b.store.RestoreMeeting(b.audited(r, data.AuditMeetingRestore, data.ObjectMeeting, auditID(m.ID), m.Start.In(loc).Format(auditTime)+" "+m.Title), m.ID, plan, data.MeetingChange{Now: now, By: r.Person.UserID, Render: func(m data.Meeting, lang string) string {
		l := b.langOf(lang)
		return l.T(i18n.MsgMtgRestoredNote, esc(m.Title), l.When(m.Start, loc))
	}})
	switch {
	case errors.Is(err, data.ErrMeetingNotCancelled):
		return say(r.Lang.T(i18n.MsgMtgNotCancelled, m.ID)), nil
	case errors.Is(err, data.ErrMeetingStarted):
		return say(r.Lang.T(i18n.MsgMtgStartedNoRestore, m.ID)), nil
	case err != nil:
		return reply{}, err
	}
	b.log.Info("meeting restored", "meeting_id", restored.ID, "told", told)
	return say(r.Lang.T(i18n.MsgMtgRestoreDone, restored.ID, r.Lang.Members(told))), nil
}

// MeetingEditInput is a parsed /meeting edit: the fields given, the rest
// empty.
type MeetingEditInput struct {
	Title    string
	Place    string
	Duration time.Duration
	Group    string
}

// editKeySet are the options of /meeting edit.
var editKeySet = map[string]bool{"title": true, "at": true, "dur": true, "group": true}

// ParseMeetingEdit reads the options of /meeting edit <id>:
//
//	title=… at=… dur=90m group=…
//
// A value runs to the next option, so a title or a place may have spaces
// ("at=会议室 B title=学习交流").
func ParseMeetingEdit(args string) (MeetingEditInput, *InputError) {
	var in MeetingEditInput
	vals := map[string][]string{}
	cur := ""
	// Quoted values ("三楼 会议室", 「…」) and ＝ read as in /meeting.
	words, ierr := splitWords(args, editKeySet)
	if ierr != nil {
		return in, ierr
	}
	for _, w := range words {
		k, v, isOpt := cutOption(w)
		if isOpt && editKeySet[k] {
			cur = k
			if _, twice := vals[cur]; twice {
				return in, &InputError{Problem: i18n.MsgBadOption, Value: w}
			}
			vals[cur] = nil
			if v != "" {
				vals[cur] = append(vals[cur], v)
			}
			continue
		}
		if cur == "" {
			return in, &InputError{Problem: i18n.MsgBadOption, Value: w}
		}
		vals[cur] = append(vals[cur], w)
	}
	if len(vals) == 0 {
		return in, &InputError{Problem: i18n.MsgMtgEditUsage}
	}
	for k, words := range vals {
		v := strings.Join(words, " ")
		switch {
		case v == "":
			return in, &InputError{Problem: i18n.MsgBadOption, Value: k + "="}
		case k == "title":
			if ierr := checkTitle(v); ierr != nil {
				return in, ierr
			}
			in.Title = v
		case k == "at":
			if utf8.RuneCountInString(v) > data.MaxNameLen {
				return in, &InputError{Problem: i18n.MsgBadOption, Value: k + "=" + v}
			}
			in.Place = v
		case k == "dur":
			d, ok := ParseDuration(v)
			if !ok || d < 5*time.Minute || d > 12*time.Hour {
				return in, &InputError{Problem: i18n.MsgBadDuration, Value: k + "=" + v}
			}
			in.Duration = d
		case k == "group":
			in.Group = v
		}
	}
	return in, nil
}

// edit is /meeting edit <id> …: attendees are told what changed.
func (b *Bot) edit(r *request, br data.Branch, m data.Meeting, args string) (reply, error) {
	in, ierr := ParseMeetingEdit(args)
	if ierr != nil {
		return inputError(r.Lang, ierr, i18n.MsgMtgEditUsage), nil
	}
	switch {
	case m.Status == data.Cancelled:
		return say(r.Lang.T(i18n.MsgMtgAlreadyCancelled, m.ID)), nil
	case m.Started(b.clock.Now()):
		return say(r.Lang.T(i18n.MsgMtgStartedNoEdit, m.ID)), nil
	}
	e := data.MeetingEdit{Title: in.Title, Place: in.Place, Duration: in.Duration}
	if in.Group != "" {
		if m.Kind != data.KindGroup {
			return say(r.Lang.T(i18n.MsgMtgGroupOnlyGroup, m.ID)), nil
		}
		g, rep, ok, err := b.groupNamed(r, in.Group)
		if !ok || err != nil {
			return rep, err
		}
		e.GroupID = g.ID
	}
	if after, err := e.Apply(m); err == nil && len(b.changes(r.Lang, m, after)) == 0 {
		return say(r.Lang.T(i18n.MsgMtgEditSame, m.ID)), nil
	}
	loc, now := b.zone(br), b.clock.Now()
	m, told, err := b.store.EditMeeting(b.audited(r, data.AuditMeetingEdit, data.ObjectMeeting, auditID(m.ID), editedFields(e)), m.ID, e, now, r.Person.UserID, func(old, m data.Meeting, lang string) string {
		l := b.langOf(lang)
		return l.T(i18n.MsgMtgEditedNote, esc(m.Title), l.When(m.Start, loc), strings.Join(b.changes(l, old, m), "\n"))
	})
	if err != nil {
		return reply{}, err
	}
	people, err := b.store.Attendees(m)
	if err != nil {
		return reply{}, err
	}
	plan, err := b.plannedReminders(m.ID) // an edit keeps them: show them, not "none"
	if err != nil {
		return reply{}, err
	}
	text := r.Lang.T(i18n.MsgMtgEditDone, m.ID, r.Lang.Members(told)) + "\n" + b.meetingCard(r.Lang, br, m, len(people), plan)
	return say(text + b.clashWarning(r.Lang, br, m)), nil
}

// changes lists, one line each, what differs between two versions of a
// meeting.
func (b *Bot) changes(l i18n.Lang, old, m data.Meeting) []string {
	var out []string
	if old.Title != m.Title {
		out = append(out, l.T(i18n.MsgMtgChangeTitle, esc(old.Title), esc(m.Title)))
	}
	if old.Place != m.Place {
		from := esc(old.Place)
		if from == "" {
			from = l.T(i18n.MsgMtgPlaceNone)
		}
		out = append(out, l.T(i18n.MsgMtgChangePlace, from, esc(m.Place)))
	}
	if old.Duration != m.Duration {
		out = append(out, l.T(i18n.MsgMtgChangeDuration, FormatDuration(old.Duration), FormatDuration(m.Duration)))
	}
	if old.GroupID != m.GroupID {
		out = append(out, l.T(i18n.MsgMtgChangeGroup, esc(b.groupName(m.BranchID, old.GroupID)), esc(b.groupName(m.BranchID, m.GroupID))))
	}
	return out
}

// clashWarning is a line for each scheduled meeting that overlaps m and
// shares attendees with it, or "". A clash is warned of, not refused: a
// secretary may mean it (a lecture inside an assembly's afternoon).
func (b *Bot) clashWarning(l i18n.Lang, br data.Branch, m data.Meeting) string {
	clashes, err := b.store.Clashes(m)
	if err != nil {
		b.log.Warn("look for clashes", "meeting_id", m.ID, "err", err)
		return ""
	}
	var lines []string
	for _, o := range clashes {
		lines = append(lines, l.T(i18n.MsgMtgClash, o.ID, esc(o.Title), l.When(o.Start, b.zone(br))))
	}
	if len(lines) == 0 {
		return ""
	}
	return "\n\n" + strings.Join(lines, "\n")
}

// renderAnnouncement is what attendees get when a meeting is scheduled:
// what, when, where, with 参加 and 请假.
func (b *Bot) renderAnnouncement(br data.Branch, m data.Meeting, lang string) data.NoticeMessages {
	l := b.langOf(lang)
	loc := b.zone(br)
	lines := []string{
		l.T(i18n.MsgMtgAnnounce, esc(m.Title), l.KindName(m.Kind)),
		l.T(i18n.MsgCardWhen, l.When(m.Start, loc), FormatDuration(m.Duration)),
	}
	if m.Place != "" {
		lines = append(lines, l.T(i18n.MsgCardWhere, esc(m.Place)))
	}
	lines = append(lines, l.T(i18n.MsgMtgAnnounceAsk))
	return data.NoticeMessages{Parts: []string{strings.Join(lines, "\n")}, Buttons: [][]data.Button{{
		btnAttend.Button(l.T(i18n.MsgBtnAttend), m.ID),
		btnLeave.Button(l.T(i18n.MsgBtnLeave), m.ID),
	}}}
}

// privately wraps a handler so that, typed in a group, it answers in the
// sender's private chat and says so in the group: a member's calendar
// and leave are theirs, not the group's (a committee member's list shows
// committee meetings; a leave answer names the request).
func (b *Bot) privately(h telegram.HandlerFunc) telegram.HandlerFunc {
	return func(r *request) (reply, error) {
		rep, err := h(r)
		if err != nil || r.Chat.Private || rep.Text == "" {
			return rep, err
		}
		b.post(r.Ctx, r.Person.UserID, rep.Text)
		return say(r.Lang.T(i18n.MsgAnsweredPrivately)), nil
	}
}
