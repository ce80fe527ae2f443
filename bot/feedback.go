package bot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"branchbot/bot/i18n"
	"branchbot/bot/telegram"
	"branchbot/data"
)

// registerFeedback: feedback to the secretaries, anonymous if chosen, the
// guided flow, answers relayed back, and the author's follow-ups.
func (b *Bot) registerFeedback() {
	b.router.Command(telegram.Command{Name: "feedback", Need: data.RoleMember, Where: telegram.PrivateOnly, Menu: true, Anonymous: true, Handle: b.feedback})
	b.router.Command(telegram.Command{Name: "followup", Need: data.RoleMember, Where: telegram.PrivateOnly, Menu: true, Anonymous: true, Handle: b.followUp})
	b.router.Command(telegram.Command{Name: "feedbacks", Need: data.RoleSecretary, Where: telegram.PrivateOnly, Menu: true, Handle: b.feedbacks})
	b.router.Command(telegram.Command{Name: "reply", Need: data.RoleSecretary, Where: telegram.PrivateOnly, Menu: true, Handle: func(r *request) (reply, error) { return b.replyFeedback(r, false) }})
	b.router.Command(telegram.Command{Name: "done", Need: data.RoleSecretary, Where: telegram.PrivateOnly, Menu: true, Handle: func(r *request) (reply, error) { return b.replyFeedback(r, true) }})
	telegram.HandleButton(b.router, btnFeedback, b.feedbackButton)
	b.flows[draftFeedback] = func(r *request, d data.Draft, text string) (reply, bool, error) {
		r.Anonymous = true // the author may be anonymous: no log line names them
		rep, err := b.feedbackText(r, d, text)
		return rep, true, err
	}
}

// btnFeedback is a step of the guided /feedback flow: category,
// anonymity, send or drop.
var btnFeedback = stepButton(telegram.ButtonSpec{Action: "fb", Need: data.RoleMember, Anonymous: true}, "casx", 1)

// draftFeedback is the Kind of feedback being written in the guided flow.
const draftFeedback = "feedback"

// feedbackCategories are the kinds of feedback, as catalogue keys.
var feedbackCategories = []string{"fb.cat.advice", "fb.cat.thinking", "fb.cat.trouble", "fb.cat.other"}

// feedback is /feedback [anon] <text>, or /feedback alone for the guided
// flow: category → anonymous or named → text → confirm.
func (b *Bot) feedback(r *request) (reply, error) {
	args := strings.TrimSpace(r.Cmd.Args)
	if args == "" {
		d, err := b.store.StartDraft(r.Ctx, data.Draft{UserID: r.Person.UserID, Kind: draftFeedback, Stage: "category", Fields: map[string]string{}, UpdatedAt: b.clock.Now()})
		if err != nil {
			return reply{}, err
		}
		var rows [][]data.Button
		for i, c := range feedbackCategories {
			rows = append(rows, []data.Button{fbButton(d, "c", strconv.Itoa(i), r.Lang.T(i18n.Key(c)))})
		}
		return reply{Text: r.Lang.T(i18n.MsgFbChooseCategory), Buttons: rows}, nil
	}
	anon, text := anonMarker(args)
	return b.submitFeedback(r, feedbackCategories[0], anon, text, 0)
}

func fbButton(d data.Draft, s, value, label string) data.Button {
	return btnFeedback.Button(label, step{Draft: d.ID, Step: s, Value: value})
}

// feedbackButton is a press in the guided flow.
func (b *Bot) feedbackButton(r *request, s step) (reply, error) {
	id, step, value := s.Draft, s.Step, s.Value
	d, ok, err := b.buttonDraft(r, draftFeedback, id)
	if err != nil || !ok {
		return reply{Toast: r.Lang.T(i18n.MsgButtonStale)}, err
	}
	switch {
	case step == "x":
		if err := b.store.EndDraft(r.Ctx, d.UserID, d.ID); err != nil && !errors.Is(err, data.ErrDraftGone) {
			return reply{}, err
		}
		return reply{Edit: true, Text: r.Lang.T(i18n.MsgCancelled)}, nil
	case step == "c" && d.Stage == "category":
		i, err := strconv.Atoi(value)
		if err != nil || i < 0 || i >= len(feedbackCategories) {
			return reply{Toast: r.Lang.T(i18n.MsgButtonStale)}, nil
		}
		d.Fields["category"], d.Stage = feedbackCategories[i], "anon"
		if err := b.saveDraft(r, d); err != nil {
			return reply{}, err
		}
		return reply{Edit: true, Text: r.Lang.T(i18n.MsgFbChooseAnon), Buttons: [][]data.Button{{
			fbButton(d, "a", "1", r.Lang.T(i18n.MsgFbAnon)), fbButton(d, "a", "0", r.Lang.T(i18n.MsgFbNamed)),
		}}}, nil
	case step == "a" && d.Stage == "anon":
		d.Fields["anon"], d.Stage = value, "text"
		if err := b.saveDraft(r, d); err != nil {
			return reply{}, err
		}
		return reply{Edit: true, Text: r.Lang.T(i18n.MsgFbAskText)}, nil
	case step == "s" && d.Stage == "confirm":
		return b.submitFeedback(r, d.Fields["category"], d.Fields["anon"] == "1", d.Fields["text"], d.ID)
	}
	return reply{Toast: r.Lang.T(i18n.MsgButtonStale)}, nil
}

// feedbackText takes the typed text of the guided flow and asks to confirm.
func (b *Bot) feedbackText(r *request, d data.Draft, text string) (reply, error) {
	if d.Stage != "text" {
		return say(r.Lang.T(i18n.MsgFlowUseButtons)), nil
	}
	if err := (data.Feedback{Text: text}).Validate(); err != nil {
		return say(r.Lang.T(i18n.MsgFbTooLong, data.MaxFeedbackLen)), nil
	}
	d.Fields["text"], d.Stage = strings.TrimSpace(text), "confirm"
	if err := b.saveDraft(r, d); err != nil {
		return reply{}, err
	}
	return reply{
		Text: r.Lang.T(i18n.MsgFbPreview, r.Lang.T(i18n.Key(d.Fields["category"])), anonWord(r.Lang, d.Fields["anon"] == "1"), esc(d.Fields["text"])),
		Buttons: [][]data.Button{{
			fbButton(d, "s", "", r.Lang.T(i18n.MsgBtnSend)), fbButton(d, "x", "", r.Lang.T(i18n.MsgBtnCancel)),
		}},
	}, nil
}

// submitFeedback stores an item and tells the secretaries. An anonymous
// item's note, list entry and log line carry nothing about its author.
func (b *Bot) submitFeedback(r *request, category string, anon bool, text string, draftID uint64) (reply, error) {
	if err := (data.Feedback{Text: text}).Validate(); err != nil {
		return say(r.Lang.T(i18n.MsgFbTooLong, data.MaxFeedbackLen) + "\n\n" + r.Lang.T(i18n.MsgFbUsage)), nil
	}
	undo, refusal, ok := b.limitSend(r)
	if !ok {
		// The draft stays: its Send button works again once allowed.
		return reply{Text: refusal, Edit: draftID != 0}, nil
	}
	br, err := b.store.Branch(r.Member.BranchID)
	if err != nil {
		undo()
		return reply{}, err
	}
	f, err := b.store.SubmitFeedback(r.Ctx, data.Feedback{BranchID: br.ID, Category: category, Text: text, Anonymous: anon, CreatedAt: b.clock.Now()},
		r.Person, br.Settings.StrictAnonymity, draftID, b.feedbackNote)
	if err != nil {
		undo()
		return reply{}, err
	}
	b.log.Info("feedback submitted", "feedback_id", f.ID, "anonymous", f.Anonymous) // never the text or, for anonymous items, who
	text = r.Lang.T(i18n.MsgFbThanks, f.ID, anonWord(r.Lang, anon))
	if anon && !f.Relay {
		text = r.Lang.T(i18n.MsgFbThanksStrict, f.ID)
	}
	return reply{Text: text, Edit: draftID != 0}, nil
}

// anonWord says "anonymous" or "named" (feedback, surveys).
func anonWord(l i18n.Lang, anon bool) string {
	if anon {
		return l.T(i18n.MsgFbAnon)
	}
	return l.T(i18n.MsgFbNamed)
}

// feedbackNote is the secretaries' message about an item: it sees the
// item as stored, which for an anonymous one holds no author.
func (b *Bot) feedbackNote(f data.Feedback, lang string) string {
	l := b.langOf(lang)
	who := l.T(i18n.MsgFbAnon)
	if !f.Anonymous {
		who = esc(f.Author)
	}
	last := f.Text
	if n := len(f.Thread); n > 0 && f.Thread[n-1].FromAuthor {
		last = f.Thread[n-1].Text
		return l.T(i18n.MsgFbFollowNote, f.ID, who, esc(last), f.ID)
	}
	return l.T(i18n.MsgFbNote, f.ID, l.T(i18n.Key(f.Category)), who, esc(last), f.ID, f.ID)
}

// feedbacks lists the open items.
func (b *Bot) feedbacks(r *request) (reply, error) {
	list, err := b.store.OpenFeedback(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	if len(list) == 0 {
		return say(r.Lang.T(i18n.MsgFbNone)), nil
	}
	lines := []string{r.Lang.T(i18n.MsgFbListHead)}
	for _, f := range list {
		who := r.Lang.T(i18n.MsgFbAnon)
		if !f.Anonymous {
			who = esc(f.Author)
		}
		lines = append(lines, fmt.Sprintf("#%d · %s · %s · %s", f.ID, r.Lang.T(i18n.Key(f.Category)), who, esc(excerpt(f.Text, 40))))
	}
	return say(strings.Join(lines, "\n")), nil
}

// replyFeedback is /reply <id> <text> and /done <id> [text].
func (b *Bot) replyFeedback(r *request, close bool) (reply, error) {
	idText, text := firstWord(r.Cmd.Args)
	id, err := parseID(idText)
	if err != nil || (!close && strings.TrimSpace(text) == "") {
		return say(r.Lang.T(i18n.MsgFbReplyUsage)), nil
	}
	f, relayed, err := b.store.ReplyFeedback(r.Ctx, id, r.Member.BranchID, text, close, b.clock.Now(), func(f data.Feedback, lang string) string {
		l := b.langOf(lang)
		if strings.TrimSpace(text) == "" {
			return l.T(i18n.MsgFbClosedNote, f.ID, esc(excerpt(f.Text, 60)))
		}
		head := l.T(i18n.MsgFbAnswer, f.ID, esc(excerpt(f.Text, 60)), esc(strings.TrimSpace(text)))
		if close {
			head += "\n" + l.T(i18n.MsgFbClosedTail)
		} else {
			head += "\n" + l.T(i18n.MsgFbFollowHint, f.ID)
		}
		return head
	})
	switch {
	case errors.Is(err, data.ErrFeedbackUnknown):
		return say(r.Lang.T(i18n.MsgFbUnknown, id)), nil
	case errors.Is(err, data.ErrFeedbackClosed):
		return say(r.Lang.T(i18n.MsgFbIsClosed, id)), nil
	case data.ErrorCode(err) == data.EInvalid:
		return say(r.Lang.T(i18n.MsgFbTooLong, data.MaxFeedbackLen)), nil
	case err != nil:
		return reply{}, err
	}
	switch {
	case close:
		return say(r.Lang.T(i18n.MsgFbDone, f.ID)), nil
	case relayed:
		return say(r.Lang.T(i18n.MsgFbReplied, f.ID)), nil
	}
	return say(r.Lang.T(i18n.MsgFbNoWayBack, f.ID)), nil
}

// followUp is /followup <id> <text>: the author adds to their own item.
func (b *Bot) followUp(r *request) (reply, error) {
	idText, text := firstWord(r.Cmd.Args)
	id, err := parseID(idText)
	if err != nil || strings.TrimSpace(text) == "" {
		return say(r.Lang.T(i18n.MsgFbFollowUsage)), nil
	}
	undo, refusal, ok := b.limitSend(r)
	if !ok {
		return say(refusal), nil
	}
	_, err = b.store.FollowUpFeedback(r.Ctx, id, r.Member.BranchID, r.Person.UserID, text, b.clock.Now(), b.feedbackNote)
	if err != nil {
		undo() // nothing went to the secretaries
	}
	switch {
	case errors.Is(err, data.ErrFeedbackUnknown), errors.Is(err, data.ErrNotAuthor):
		return b.notYours(r, id)
	case errors.Is(err, data.ErrFeedbackClosed):
		return say(r.Lang.T(i18n.MsgFbIsClosed, id)), nil
	case data.ErrorCode(err) == data.EInvalid:
		return say(r.Lang.T(i18n.MsgFbTooLong, data.MaxFeedbackLen)), nil
	case err != nil:
		return reply{}, err
	}
	return say(r.Lang.T(i18n.MsgFbFollowed, id)), nil
}

// notYours answers a follow-up whose sender is not known as the item's
// author. Closing an anonymous item drops its way back to the author, so
// its author is no longer known either: under relay anonymity the answer
// says "closed, or not yours", the same for every sender and whether or
// not the item is closed, so that only the author, who knows it is
// theirs, learns that it is closed. Under strict anonymity no author was
// ever known.
func (b *Bot) notYours(r *request, id uint64) (reply, error) {
	br, err := b.store.Branch(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	if br.Settings.StrictAnonymity {
		return say(r.Lang.T(i18n.MsgFbNotYours, id)), nil
	}
	return say(r.Lang.T(i18n.MsgFbNotYoursRelay, id)), nil
}

// anonMarker reads a leading 匿名 / anon / anonymous however it is
// followed (a space of any width, a line break, a colon or comma): a
// missed marker would send a member's name with what they meant to say
// anonymously.
func anonMarker(args string) (bool, string) {
	args = strings.TrimSpace(args)
	for _, word := range []string{"匿名", "anonymous", "anon"} {
		if len(args) < len(word) || !strings.EqualFold(args[:len(word)], word) {
			continue
		}
		rest := args[len(word):]
		r, size := utf8.DecodeRuneInString(rest)
		if rest == "" || unicode.IsSpace(r) || unicode.IsPunct(r) {
			if unicode.IsPunct(r) {
				rest = rest[size:]
			}
			return true, strings.TrimSpace(rest)
		}
	}
	return false, args
}
