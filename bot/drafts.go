package bot

import (
	"errors"
	"strings"

	"branchbot/bot/i18n"
	"branchbot/bot/telegram"
	"branchbot/data"
)

// flowFunc takes the text typed at a draft's current step; ok is false
// when the draft is not waiting for text.
type flowFunc func(r *request, d data.Draft, text string) (rep reply, ok bool, err error)

// registerFlows: leaving a guided flow.
func (b *Bot) registerFlows() {
	b.router.Command(telegram.Command{Name: "cancel", Where: telegram.PrivateOnly, Menu: true, Handle: b.cancel})
}

// continueDraft takes plain text in a private chat as the next step of the
// sender's draft, through the flow its feature registered. ok is false
// when there is no draft waiting for text.
func (b *Bot) continueDraft(r *request) (rep reply, ok bool, err error) {
	d, found, err := b.store.CurrentDraft(r.Person.UserID, b.clock.Now())
	if err != nil || !found {
		return reply{}, false, err
	}
	withFields(&d)
	flow, ok := b.flows[d.Kind]
	if !ok {
		return reply{}, false, nil
	}
	return flow(r, d, r.Text)
}

// memberFlow wraps a flow that only members may continue.
func memberFlow(flow func(r *request, d data.Draft, text string) (reply, error)) flowFunc {
	return func(r *request, d data.Draft, text string) (reply, bool, error) {
		if r.Member == nil {
			return say(r.Lang.T(i18n.MsgNotMember)), true, nil
		}
		rep, err := flow(r, d, text)
		return rep, true, err
	}
}

// buttonDraft returns the sender's draft that a guided-flow button belongs
// to; ok is false when it is gone or expired, or the button names another
// draft or one of another kind (a stale or forged button).
func (b *Bot) buttonDraft(r *request, kind string, id uint64) (d data.Draft, ok bool, err error) {
	d, found, err := b.store.CurrentDraft(r.Person.UserID, b.clock.Now())
	if err != nil || !found || d.ID != id || d.Kind != kind {
		return data.Draft{}, false, err
	}
	withFields(&d)
	return d, true, nil
}

// saveDraft stores the next step of a guided flow, keeping it fresh.
func (b *Bot) saveDraft(r *request, d data.Draft) error {
	d.UpdatedAt = b.clock.Now()
	return b.store.SaveDraft(r.Ctx, d)
}

// withFields gives a draft stored without fields (they are omitted when
// empty) a map to write to, so the flows need not check.
func withFields(d *data.Draft) {
	if d.Fields == nil {
		d.Fields = map[string]string{}
	}
}

// cancel drops whatever guided flow the user is in. It cancels no
// meeting: /cancel <id> typed inside a flow whose prompt says "send
// /cancel" once called off someone's meeting. It answers with the word
// that does, and leaves the flow as it is.
func (b *Bot) cancel(r *request) (reply, error) {
	if args := strings.TrimSpace(r.Cmd.Args); args != "" {
		if id, err := parseID(args); err == nil {
			return say(r.Lang.T(i18n.MsgMtgCancelHint, id)), nil
		}
		return say(r.Lang.T(i18n.MsgMtgAdminUsage)), nil
	}
	d, found, err := b.store.CurrentDraft(r.Person.UserID, b.clock.Now())
	if err != nil {
		return reply{}, err
	}
	if !found {
		return say(r.Lang.T(i18n.MsgNothingToCancel)), nil
	}
	if err := b.store.EndDraft(r.Ctx, r.Person.UserID, d.ID); err != nil && !errors.Is(err, data.ErrDraftGone) {
		return reply{}, err
	}
	return say(r.Lang.T(i18n.MsgCancelled)), nil
}
