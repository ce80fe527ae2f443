package bot

import (
	"errors"
	"strconv"
	"strings"

	"branchbot/bot/i18n"
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
	withFields(&d)
	switch d.Kind {
	case draftMeeting:
		rep, err := b.meetingFlowText(r, d, text)
		return rep, true, err
	case draftSurveyText:
		if r.member == nil {
			return say(r.lang.T(i18n.MsgNotMember)), true, nil
		}
		rep, err := b.surveyText(r, d, text)
		return rep, true, err
	case draftFeedback:
		r.anonymous = true
		rep, err := b.feedbackText(r, d, text)
		return rep, true, err
	case draftLeave:
		id, _ := strconv.ParseUint(d.Fields["meeting"], 10, 64)
		if r.member == nil {
			return say(r.lang.T(i18n.MsgNotMember)), true, nil
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

// buttonDraft returns the sender's draft that a guided-flow button belongs
// to; ok is false when it is gone or expired, or the button names another
// draft or one of another kind (a stale or forged button).
func (b *Bot) buttonDraft(r *request, kind string, id uint64) (d data.Draft, ok bool, err error) {
	d, found, err := b.store.CurrentDraft(r.person.UserID, b.clock.Now())
	if err != nil || !found || d.ID != id || d.Kind != kind {
		return data.Draft{}, false, err
	}
	withFields(&d)
	return d, true, nil
}

// saveDraft stores the next step of a guided flow, keeping it fresh.
func (b *Bot) saveDraft(r *request, d data.Draft) error {
	d.UpdatedAt = b.clock.Now()
	return b.store.SaveDraft(r.ctx, d)
}

// withFields gives a draft stored without fields (they are omitted when
// empty) a map to write to, so the flows need not check.
func withFields(d *data.Draft) {
	if d.Fields == nil {
		d.Fields = map[string]string{}
	}
}

// flowStep splits a guided-flow button's argument, "<draft id>-<step
// letter><choice>", as ParseCallback checked it.
func flowStep(arg string) (id uint64, step, value string) {
	idText, choice, _ := strings.Cut(arg, "-")
	id, _ = strconv.ParseUint(idText, 10, 64)
	return id, choice[:1], choice[1:]
}

// cancel drops whatever guided flow the user is in; /cancel <id> cancels a
// meeting.
func (b *Bot) cancel(r *request) (reply, error) {
	if strings.TrimSpace(r.cmd.Args) != "" {
		if r.member == nil {
			return say(r.lang.T(i18n.MsgNotMember)), nil
		}
		return b.cancelMeeting(r)
	}
	d, found, err := b.store.CurrentDraft(r.person.UserID, b.clock.Now())
	if err != nil {
		return reply{}, err
	}
	if !found {
		return say(r.lang.T(i18n.MsgNothingToCancel)), nil
	}
	if err := b.store.EndDraft(r.ctx, r.person.UserID, d.ID); err != nil && !errors.Is(err, data.ErrDraftGone) {
		return reply{}, err
	}
	return say(r.lang.T(i18n.MsgCancelled)), nil
}
