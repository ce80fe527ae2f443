package bot

import (
	"fmt"
	"strings"
	"time"

	"branchbot/bot/i18n"
	"branchbot/bot/telegram"
	"branchbot/data"
)

// registerThemeDays: the monthly themed day.
func (b *Bot) registerThemeDays() {
	b.router.Command(telegram.Command{Name: "themeday", Need: data.RoleCommittee, Where: telegram.PrivateOnly, Menu: true, Handle: b.themeday})
}

// themeDayMorning is when members hear about the day's themed day: 08:00,
// or the evening before (20:00) for one that starts earlier.
const themeDayMorning = 8 * 60

func themeDayOffset(at int) time.Duration {
	if at > themeDayMorning {
		return time.Duration(at-themeDayMorning) * time.Minute
	}
	return time.Duration(at+4*60) * time.Minute
}

// themeday sets the branch's monthly themed day (主题党日):
//
//	/themeday monthly:first-fri 09:00 <theme>
//
// It is a series of kind themeday whose one reminder tells every member
// that morning. A branch has one themed-day rule: a new one replaces it;
// /themeday off ends it; /themeday alone shows it.
func (b *Bot) themeday(r *request) (reply, error) {
	args := strings.TrimSpace(r.Cmd.Args)
	list, err := b.store.SeriesOf(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	var current *data.Series
	for i := range list {
		if list[i].Active && list[i].Kind == data.KindThemeDay {
			current = &list[i]
		}
	}
	switch strings.ToLower(args) {
	case "":
		if current == nil {
			return say(r.Lang.T(i18n.MsgThemeDayNone) + "\n\n" + r.Lang.T(i18n.MsgThemeDayUsage)), nil
		}
		return say(r.Lang.T(i18n.MsgThemeDayShow, esc(current.Rule), current.At/60, current.At%60, esc(current.Title))), nil
	case "off", "stop":
		if current == nil {
			return say(r.Lang.T(i18n.MsgThemeDayNone)), nil
		}
		r.Cmd.Args = fmt.Sprintf("stop %d", current.ID)
		return b.series(r)
	}
	f := strings.Fields(args)
	if len(f) < 3 {
		return say(r.Lang.T(i18n.MsgThemeDayUsage)), nil
	}
	at, ok := ParseClock(f[1])
	if !ok {
		return inputError(r.Lang, &InputError{Problem: i18n.MsgBadTime, Value: f[1]}, i18n.MsgThemeDayUsage), nil
	}
	// Build the series command so that rules, titles and errors behave
	// exactly as /series does; the new series replaces the current one in
	// the same transaction.
	r.Cmd.Args = fmt.Sprintf("themeday %s %s remind=%s %s", f[0], f[1], FormatDuration(themeDayOffset(at)), strings.Join(f[2:], " "))
	var replace uint64
	if current != nil {
		replace = current.ID
	}
	rep, err := b.seriesReplacing(r, replace)
	if err != nil || current == nil {
		return rep, err
	}
	// Replaced only if the new series was created: a refused rule leaves
	// the old one running.
	if old, err := b.store.Series(current.ID); err != nil {
		return reply{}, err
	} else if !old.Active {
		rep.Text += "\n" + r.Lang.T(i18n.MsgThemeDayReplaced, current.ID)
	}
	return rep, nil
}
