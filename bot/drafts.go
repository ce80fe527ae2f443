package bot

import (
	"errors"
	"strconv"
	"strings"

	"branchbot/data"
)

// continueDraft takes plain text in a private chat as the next step of the
// sender's draft, if one is waiting for text. ok is false when there is
// none.
func (b *Bot) continueDraft(r *request, text string) (rep reply, ok bool, err error) {
	d, found, err := b.store.CurrentDraft(r.person.UserID, b.clock.Now())
	if err != nil || !found {
		return reply{}, false, err
	}
	switch d.Kind {
	case draftMeeting:
		rep, err := b.meetingFlowText(r, d, text)
		return rep, true, err
	case draftSurveyText:
		if r.member == nil {
			return say(r.lang.T(msgNotMember)), true, nil
		}
		rep, err := b.surveyText(r, d, text)
		return rep, true, err
	case draftFeedback:
		rep, err := b.feedbackText(r, d, text)
		return rep, true, err
	case draftLeave:
		id, _ := strconv.ParseUint(d.Fields["meeting"], 10, 64)
		if r.member == nil {
			return say(r.lang.T(msgNotMember)), true, nil
		}
		rep, err := b.requestLeave(r, id, strings.TrimSpace(text), d.ID)
		return rep, true, err
	}
	if d.Kind != draftNotice || d.Stage != stageText {
		return reply{}, false, nil
	}
	if refusal, allowed := b.allowed(b.cmds["notice"], r); !allowed {
		return say(refusal), true, nil
	}
	rep, err = b.noticePreview(r, text)
	return rep, true, err
}

// cancel drops whatever guided flow the user is in; /cancel <id> cancels a
// meeting.
func (b *Bot) cancel(r *request) (reply, error) {
	if strings.TrimSpace(r.cmd.Args) != "" {
		if r.member == nil {
			return say(r.lang.T(msgNotMember)), nil
		}
		return b.cancelMeeting(r)
	}
	d, found, err := b.store.CurrentDraft(r.person.UserID, b.clock.Now())
	if err != nil {
		return reply{}, err
	}
	if !found {
		return say(r.lang.T(msgNothingToCancel)), nil
	}
	if err := b.store.EndDraft(r.ctx, r.person.UserID, d.ID); err != nil && !errors.Is(err, data.ErrDraftGone) {
		return reply{}, err
	}
	return say(r.lang.T(msgCancelled)), nil
}
