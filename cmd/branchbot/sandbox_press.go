package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"branchbot/bot/tgtest"
)

// msgKey names a message the bot sent: Telegram numbers them per chat.
type msgKey struct{ chat, id int64 }

// buttonRefUsage says how buttons are named; press's errors end with it.
const buttonRefUsage = "#1 presses the first button of the newest message with buttons here, #3.1 the first button of message #3"

// parseButtonRef reads what a user types to press a button:
//
//	#2     button 2 of the newest message with buttons in this chat (msg 0)
//	#3.1   button 1 of message #3, as the sandbox numbered it when printing
//
// A press must name a button exactly, so anything else is refused.
func parseButtonRef(s string) (msg, button int, err error) {
	ref, ok := strings.CutPrefix(strings.TrimSpace(s), "#")
	if !ok {
		return 0, 0, fmt.Errorf("%q is not a button: %s", s, buttonRefUsage)
	}
	m, b, dotted := strings.Cut(ref, ".")
	if !dotted {
		m, b = "", m
	}
	button, ok = positive(b)
	if ok && dotted {
		msg, ok = positive(m)
	}
	if !ok {
		return 0, 0, fmt.Errorf("%q is not a button: %s", s, buttonRefUsage)
	}
	return msg, button, nil
}

// positive reads a number from 1 up, in digits only: Atoi would also take
// "+3", which no button is called.
func positive(s string) (int, bool) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n > 0
}

// isButtonRef reports whether a typed line means a button rather than text
// for the bot: # and a digit. A hashtag such as #党建 goes to the bot.
func isButtonRef(line string) bool {
	rest, ok := strings.CutPrefix(line, "#")
	return ok && rest != "" && rest[0] >= '0' && rest[0] <= '9'
}

// shownMsg is a message the bot sent, in its latest state, whose buttons
// a press uses, and the chat it is in.
type shownMsg struct {
	*tgtest.Message
	chat *tgtest.Chat
	// hadButtons stays set once the message showed buttons, so that #1
	// still names it after an edit took them away (a decided request,
	// say): it answers that they are gone rather than pressing an older
	// message's, which the user did not mean.
	hadButtons bool
}

// numberLocked gives m the number it is printed with: a new message the
// next one, an edited or deleted one the number it already has. It keeps
// m as the message's latest state.
func (sb *sandbox) numberLocked(m *tgtest.Message, chat *tgtest.Chat) int {
	k := msgKey{m.ChatID, m.ID}
	n, ok := sb.numbers[k]
	if !ok {
		sb.shown = append(sb.shown, shownMsg{})
		n = len(sb.shown)
		sb.numbers[k] = n
	}
	had := sb.shown[n-1].hadButtons || len(m.Buttons()) > 0
	sb.shown[n-1] = shownMsg{m, chat, had}
	return n
}

// press presses the button ref names, as the current user in the current
// chat: in Telegram one presses only what one's own screen shows.
func (sb *sandbox) press(ctx context.Context, ref string) {
	n, i, err := parseButtonRef(ref)
	if err != nil {
		sb.printf("(%v)\n", err)
		return
	}
	here := sb.chat()
	sb.mu.Lock()
	var msg shownMsg
	if n == 0 {
		for j := len(sb.shown) - 1; j >= 0; j-- {
			if m := sb.shown[j]; m.ChatID == here.ID && m.hadButtons {
				n, msg = j+1, m
				break
			}
		}
	} else if n <= len(sb.shown) {
		msg = sb.shown[n-1]
	}
	newest := len(sb.shown)
	sb.mu.Unlock()

	switch {
	case msg.Message == nil && n == 0:
		sb.printf("(no button %s here: no message in this chat has buttons)\n", ref)
		return
	case msg.Message == nil:
		sb.printf("(no message #%d yet: the newest is #%d)\n", n, newest)
		return
	case msg.ChatID != here.ID:
		where := sb.chatName(msg.chat)
		if sb.userOf(msg.ChatID) != "" {
			where = "the private chat of " + where
		}
		sb.printf("(message #%d is in %s: %s to press its buttons)\n", n, where, sb.goTo(msg.ChatID))
		return
	case msg.Deleted:
		sb.printf("(message #%d was deleted by the bot)\n", n)
		return
	}
	btns := msg.Buttons()
	if len(btns) == 0 {
		if msg.hadButtons {
			sb.printf("(message #%d has no buttons now: the bot took them away)\n", n)
		} else {
			sb.printf("(message #%d has no buttons)\n", n)
		}
		return
	}
	if i > len(btns) {
		sb.printf("(no button %s: message #%d has%s)\n", ref, n, buttonList(n, btns))
		return
	}
	btn := btns[i-1]
	if btn.Data == "" {
		sb.printf("(button %q opens %s)\n", btn.Text, btn.URL)
		return
	}
	sb.await(ctx, sb.srv.Press(sb.users[sb.me], msg.Message, btn.Data).UpdateID)
}

// buttonList shows message n's buttons as they print, each with its name.
func buttonList(n int, btns []tgtest.Button) string {
	var b strings.Builder
	for i, btn := range btns {
		fmt.Fprintf(&b, " [#%d.%d %s]", n, i+1, btn.Text)
	}
	return b.String()
}

// userOf is the alias whose private chat is chat id, or "" for a group:
// Telegram numbers a private chat as its user.
func (sb *sandbox) userOf(id int64) string {
	for _, alias := range sb.order {
		if sb.users[alias].ID == id {
			return alias
		}
	}
	return ""
}

// goTo says what to type to be where chat id's messages are seen: a
// private chat is its user's alone, and /as keeps the chat one is in.
func (sb *sandbox) goTo(id int64) string {
	switch alias := sb.userOf(id); {
	case alias == "":
		return "/in group"
	case alias == sb.me:
		return "/dm"
	case sb.inGroup:
		return "/as " + alias + " and /dm"
	default:
		return "/as " + alias
	}
}
