package bot

import (
	"context"
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
	b.engine.Handle(data.TimerThemeMonth, b.applyMonthTheme)
}

// monthTheme is /themeday theme 2027-01 <theme>: that month's themed day
// takes the theme instead of the rule's. Themes of the meetings already
// planned change now; later ones when their month begins (the series
// plans weeks ahead, so the month's themed day is planned by then).
func (b *Bot) monthTheme(r *request, args string) (reply, error) {
	monthText, theme := firstWord(args)
	br, err := b.store.Branch(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	loc := b.zone(br)
	from, err := time.ParseInLocation("2006-01", strings.ReplaceAll(monthText, "/", "-"), loc)
	if err != nil || strings.TrimSpace(theme) == "" {
		return say(r.Lang.T(i18n.MsgThemeMonthUsage)), nil
	}
	to := from.AddDate(0, 1, 0)
	if !to.After(b.clock.Now()) {
		return say(r.Lang.T(i18n.MsgThemeMonthPast, from.Format("2006-01"))), nil
	}
	n, err := b.store.SetMonthTheme(r.Ctx, br.ID, from, to, theme)
	if data.ErrorCode(err) == data.EInvalid {
		return say(r.Lang.T(i18n.MsgNameInvalid)), nil
	}
	if err != nil {
		return reply{}, err
	}
	return say(r.Lang.T(i18n.MsgThemeMonthSet, from.Format("2006-01"), esc(strings.TrimSpace(theme)), n)), nil
}

// applyMonthTheme is the timer at the start of a month with its own
// theme.
func (b *Bot) applyMonthTheme(ctx context.Context, t data.Timer) error {
	branchID, year, month := data.SplitThemeMonthRef(t.Ref)
	br, err := b.store.Branch(branchID)
	if err != nil {
		return b.store.DeleteTimer(ctx, t.Kind, t.Ref) // the branch is gone
	}
	from := time.Date(year, month, 1, 0, 0, 0, 0, b.zone(br))
	return b.store.ApplyMonthTheme(ctx, branchID, from, from.AddDate(0, 1, 0))
}

// monthThemesText lists the months with a theme of their own, from this
// month on.
func (b *Bot) monthThemesText(r *request) (string, error) {
	themes, err := b.store.MonthThemes(r.Member.BranchID)
	if err != nil || len(themes) == 0 {
		return "", err
	}
	br, err := b.store.Branch(r.Member.BranchID)
	if err != nil {
		return "", err
	}
	this := b.clock.Now().In(b.zone(br)).Format("2006-01")
	var lines []string
	for _, t := range themes {
		if t.Month >= this {
			lines = append(lines, t.Month+" · "+esc(t.Theme))
		}
	}
	if len(lines) == 0 {
		return "", nil
	}
	return "\n" + r.Lang.T(i18n.MsgThemeMonthList) + "\n" + strings.Join(lines, "\n"), nil
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
		months, err := b.monthThemesText(r)
		if err != nil {
			return reply{}, err
		}
		return say(r.Lang.T(i18n.MsgThemeDayShow, esc(current.Rule), current.At/60, current.At%60, esc(current.Title)) + months), nil
	case "off", "stop":
		if current == nil {
			return say(r.Lang.T(i18n.MsgThemeDayNone)), nil
		}
		r.Cmd.Args = fmt.Sprintf("stop %d", current.ID)
		return b.series(r)
	}
	if sub, rest := firstWord(args); strings.EqualFold(sub, "theme") || sub == "主题" {
		return b.monthTheme(r, rest)
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
