package bot

import (
	"context"
	"strconv"
	"strings"
	"time"

	"branchbot/bot/i18n"
	"branchbot/bot/telegram"
	"branchbot/data"
)

// registerAudit: /audit shows a branch's officers what was done, by whom
// and when. The entries themselves are written by the store with each
// action (see audited).
func (b *Bot) registerAudit() {
	b.router.Command(telegram.Command{Name: "audit", Need: data.RoleSecretary, Where: telegram.PrivateOnly, Menu: true, Handle: b.auditLog})
}

// DefaultAuditCount is how many entries /audit shows when not told.
const DefaultAuditCount = 20

// ParseAuditCount reads /audit's argument: empty for the default, else a
// whole number from 1 to data.MaxAuditList, written plainly ("020", "+5",
// "1e2" are refused); full-width digits count as ASCII ones.
func ParseAuditCount(args string) (int, bool) {
	t := normaliseInput(args)
	if t == "" {
		return DefaultAuditCount, true
	}
	n, err := strconv.Atoi(t)
	if err != nil || n < 1 || n > data.MaxAuditList || strconv.Itoa(n) != t {
		return 0, false
	}
	return n, true
}

// auditLog is /audit [n].
func (b *Bot) auditLog(r *request) (reply, error) {
	n, ok := ParseAuditCount(r.Cmd.Args)
	if !ok {
		return say(r.Lang.T(i18n.MsgAuditUsage, esc(r.Cmd.Args), data.MaxAuditList, DefaultAuditCount)), nil
	}
	br, err := b.store.Branch(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	entries, err := b.store.AuditLog(br.ID, n)
	if err != nil {
		return reply{}, err
	}
	if len(entries) == 0 {
		return say(r.Lang.T(i18n.MsgAuditEmpty, esc(br.Name))), nil
	}
	loc := b.zone(br)
	lines := []string{r.Lang.T(i18n.MsgAuditHead, esc(br.Name), len(entries))}
	for _, e := range entries {
		lines = append(lines, auditLine(r.Lang, e, loc))
	}
	return say(strings.Join(lines, "\n")), nil
}

// auditLine is one entry as a reader sees it: when, who, what, on what.
func auditLine(l i18n.Lang, e data.AuditEntry, loc *time.Location) string {
	who := esc(e.ActorName)
	if e.ActorID == 0 {
		who = l.T(i18n.MsgAuditOperator)
	}
	line := l.DateTime(e.At, loc) + " · " + who + " " + l.AuditAction(e.Action)
	switch e.ObjectKind {
	case data.ObjectMeeting, data.ObjectNotice, data.ObjectSeries, data.ObjectGroup:
		if e.ObjectID != 0 {
			line += " " + l.T(i18n.MsgAuditObject, e.ObjectID)
		}
	}
	if d := auditDetail(l, e); d != "" {
		line += " · " + esc(d)
	}
	return line
}

// auditDetail is an entry's detail in the reader's words. A detail is
// stored in no language: the roles and meeting kinds in it are codes
// ("member", "assembly"), named here in the reader's.
func auditDetail(l i18n.Lang, e data.AuditEntry) string {
	role := func(code string) string {
		if data.Role(code).Validate() != nil {
			return code
		}
		return l.RoleName(data.Role(code))
	}
	switch e.Action {
	case data.AuditInviteCreate: // "member"
		return role(e.Detail)
	case data.AuditRoleChange: // "Bob: committee → secretary"; a name may hold ": "
		if i := strings.LastIndex(e.Detail, ": "); i >= 0 {
			if from, to, ok := strings.Cut(e.Detail[i+2:], " → "); ok {
				return e.Detail[:i+2] + role(from) + " → " + role(to)
			}
		}
	case data.AuditMeetingCreate: // "assembly 2026-12-20 15:00 Title"
		if kind, rest, ok := strings.Cut(e.Detail, " "); ok && i18n.Has(l, i18n.Key("kind."+kind)) {
			return l.KindName(data.MeetingKind(kind)) + " " + rest
		}
	}
	return e.Detail
}

// audited is r's context marked as the doing of action on the object
// kind/id (id 0: the object the action creates), so that the store writes
// the audit entry in the action's own transaction. Only the call that does
// the action gets it: an earlier write with it would take the entry.
func (b *Bot) audited(r *request, action data.AuditAction, kind string, id int64, detail string) context.Context {
	return data.WithAudit(r.Ctx, b.auditEntry(r, action, kind, id, detail))
}

func (b *Bot) auditEntry(r *request, action data.AuditAction, kind string, id int64, detail string) data.AuditEntry {
	var branchID uint64
	if r.Member != nil {
		branchID = r.Member.BranchID
	}
	return data.AuditEntry{
		BranchID: branchID, At: b.clock.Now(),
		ActorID: r.Person.UserID, ActorName: r.Person.Name,
		Action: action, ObjectKind: kind, ObjectID: id, Detail: detail,
	}
}

// auditID is an object id as an entry keeps it.
func auditID(id uint64) int64 { return int64(id) }

// auditTime is how an entry's detail writes a time, in the branch's zone.
const auditTime = "2006-01-02 15:04"

// editedFields names what a meeting edit changes, for its entry.
func editedFields(e data.MeetingEdit) string {
	var f []string
	if e.Title != "" {
		f = append(f, "title")
	}
	if e.Place != "" {
		f = append(f, "place")
	}
	if e.Duration != 0 {
		f = append(f, "duration")
	}
	if e.GroupID != 0 {
		f = append(f, "group")
	}
	return strings.Join(f, ", ")
}

// leaveAudit marks the decision on userID's leave from meetingID; the
// entry names the member as they are called now.
func (b *Bot) leaveAudit(r *request, meetingID uint64, userID int64, approve bool) context.Context {
	action := data.AuditLeaveReject
	if approve {
		action = data.AuditLeaveApprove
	}
	who := strconv.FormatInt(userID, 10)
	if m, err := b.store.Member(userID); err == nil {
		who = m.Name
	}
	return b.audited(r, action, data.ObjectMeeting, auditID(meetingID), who)
}
