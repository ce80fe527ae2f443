package bot

import (
	"errors"
	"strings"
	"time"

	"branchbot/bot/i18n"
	"branchbot/bot/telegram"
	"branchbot/data"
)

// Evidence for the ledger: photos and documents attached to a meeting,
// either in reply to one of the meeting's messages or during the attach
// step that "/minutes <id> attach" opens.

// startAttaching is "/minutes <id> attach": the files the secretary sends
// in the next data.AttachWindow go to that meeting.
func (b *Bot) startAttaching(r *request, id uint64) (reply, error) {
	m, ok, err := b.ownMeeting(r, id)
	if !ok || err != nil {
		return say(r.Lang.T(i18n.MsgMeetingUnknown, id)), err
	}
	_, err = b.store.StartAttaching(r.Ctx, r.Member.BranchID, r.Person.UserID, id, b.clock.Now())
	switch {
	case errors.Is(err, data.ErrMeetingUnknown):
		return say(r.Lang.T(i18n.MsgMeetingUnknown, id)), nil
	case errors.Is(err, data.ErrMeetingCancelled):
		return say(r.Lang.T(i18n.MsgEvidenceCancelled, id)), nil
	case err != nil:
		return reply{}, err
	}
	return say(r.Lang.T(i18n.MsgMinutesAttachOpen, int(data.AttachWindow/time.Minute), id, esc(m.Title))), nil
}

// attachEvidence handles a photo or document: it is attached to the
// meeting it answers, or to the one of the sender's attach step.
func (b *Bot) attachEvidence(r *request) (reply, error) {
	switch {
	case r.Member == nil:
		return say(r.Lang.T(i18n.MsgEvidenceNotMember)), nil
	case !r.Member.Role.AtLeast(data.RoleCommittee):
		return say(r.Lang.T(i18n.MsgEvidenceRole)), nil
	}
	now := b.clock.Now()
	id, ok, err := b.meetingOfReply(r)
	if err != nil {
		return reply{}, err
	}
	if !ok && r.Chat.Private {
		var a data.Attaching
		if a, ok, err = b.store.OpenAttaching(r.Person.UserID, now); err != nil {
			return reply{}, err
		}
		id = a.MeetingID
	}
	if !ok {
		return say(r.Lang.T(i18n.MsgEvidenceWhich)), nil
	}
	at := r.Attachment
	kind := data.EvidencePhoto
	if at.Kind == telegram.AttachmentDocument {
		kind = data.EvidenceDocument
	}
	n, err := b.store.AddEvidence(r.Ctx, r.Member.BranchID, data.Evidence{
		MeetingID: id, Kind: kind, FileID: at.FileID, FileUniqueID: at.FileUniqueID, FileName: at.FileName,
		Caption: strings.TrimSpace(at.Caption), By: r.Person.UserID, At: now,
	})
	switch {
	case errors.Is(err, data.ErrMeetingUnknown):
		return say(r.Lang.T(i18n.MsgEvidenceWhich)), nil
	case errors.Is(err, data.ErrMeetingCancelled):
		return say(r.Lang.T(i18n.MsgEvidenceCancelled, id)), nil
	case errors.Is(err, data.ErrEvidenceDuplicate):
		return say(r.Lang.T(i18n.MsgEvidenceDuplicate, id)), nil
	case err != nil:
		return reply{}, err
	}
	m, err := b.store.Meeting(id)
	if err != nil {
		return reply{}, err
	}
	b.log.Info("evidence attached", "meeting_id", id, "kind", string(kind), "count", n)
	return say(r.Lang.T(i18n.MsgEvidenceAdded, id, esc(m.Title), n)), nil
}

// meetingCommands are the commands whose argument is a meeting's number:
// written in a reminder, a summary or the minutes, they say which
// meeting the message is about.
var meetingCommands = map[string]bool{"minutes": true, "attendance": true, "makeup": true, "checkin": true, "code": true}

// meetingOfReply is the meeting of the bot's message the attachment
// answers: a group's live post, or a message whose meeting buttons or
// commands all name one meeting of the sender's branch. ok is false when
// it answers no such message, or one that names several meetings.
func (b *Bot) meetingOfReply(r *request) (id uint64, ok bool, err error) {
	re := r.Attachment.ReplyTo
	if re == nil || !re.FromBot {
		return 0, false, nil
	}
	if !r.Chat.Private {
		if id, ok, err := b.store.MeetingOfPost(r.Chat.ID, re.MessageID); err != nil || ok {
			return id, ok, err
		}
	}
	found := map[uint64]bool{}
	for _, c := range re.Commands {
		if !meetingCommands[c.Name] {
			continue
		}
		if n, err := parseID(c.Args); err == nil {
			found[n] = true
		}
	}
	for _, cb := range re.Buttons {
		for _, k := range []*telegram.ButtonKind[uint64]{btnCheckIn, btnLeave, btnAttend} {
			if n, ok := k.Match(cb); ok {
				found[n] = true
			}
		}
	}
	for n := range found {
		_, ok, err := b.ownMeeting(r, n)
		if err != nil {
			return 0, false, err
		}
		if !ok {
			delete(found, n)
		}
	}
	if len(found) != 1 {
		return 0, false, nil
	}
	for n := range found {
		id = n
	}
	return id, true, nil
}

// evidenceLines lists a meeting's attachments for /minutes: count, then
// each with its caption (or file name), who added it and when, and how to
// add more.
func (b *Bot) evidenceLines(l i18n.Lang, m data.Meeting, loc *time.Location) (string, error) {
	ev, err := b.store.MeetingEvidence(m.ID)
	if err != nil {
		return "", err
	}
	hint := "\n" + l.T(i18n.MsgEvidenceHint, m.ID)
	if m.Status == data.Cancelled {
		hint = "" // a cancelled meeting takes no more attachments
	}
	if len(ev) == 0 {
		return l.T(i18n.MsgEvidenceNone) + hint, nil
	}
	lines := []string{l.T(i18n.MsgEvidenceHead, len(ev))}
	for i, e := range ev {
		icon, label := "🖼", e.Caption
		if e.Kind == data.EvidenceDocument {
			icon = "📄"
			if label == "" {
				label = e.FileName
			} else if e.FileName != "" {
				label = e.FileName + " — " + label
			}
		}
		if label == "" {
			label = l.T(i18n.MsgEvidenceNoCaption)
		} else {
			label = esc(label)
		}
		lines = append(lines, l.T(i18n.MsgEvidenceLine, i+1, icon, label, esc(b.nameOf(e.By)), l.Moment(e.At, loc)))
	}
	return strings.Join(lines, "\n") + hint, nil
}
