package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"branchbot/bot/i18n"
	"branchbot/bot/telegram"
	"branchbot/data"
	"branchbot/schedule"
)

// registerDigest: the weekly agenda, and muting what is optional.
func (b *Bot) registerDigest() {
	b.router.Command(telegram.Command{Name: "mute", Need: data.RoleMember, Where: telegram.PrivateOnly, Menu: true, Handle: b.mute})
	b.router.Command(telegram.Command{Name: "unmute", Need: data.RoleMember, Where: telegram.PrivateOnly, Menu: true, Handle: b.unmute})
	b.engine.Handle(data.TimerDigest, b.fireDigest)
}

// nextDigest is when a branch's weekly agenda goes out next after now, or
// zero when the branch turned it off.
func (b *Bot) nextDigest(br data.Branch, now time.Time) time.Time {
	d := br.Settings.Digest
	if d.Off {
		return time.Time{}
	}
	rule, err := schedule.ParseRule("weekly:"+i18n.WeekdayWord(d.Weekday), d.At, b.zone(br), now)
	if err != nil {
		return time.Time{}
	}
	return rule.Next(now)
}

// scheduleDigest (re)sets a branch's digest timer after its settings
// changed or it was created.
func (b *Bot) scheduleDigest(ctx context.Context, br data.Branch) error {
	next := b.nextDigest(br, b.clock.Now())
	if next.IsZero() {
		return b.store.DeleteTimer(ctx, data.TimerDigest, br.ID)
	}
	if err := b.store.SetTimer(ctx, data.TimerDigest, br.ID, next); err != nil {
		return err
	}
	return nil
}

// ensureDigests gives every branch whose digest is on a digest timer, for
// stores from before digests existed.
func (b *Bot) ensureDigests(ctx context.Context) error {
	branches, err := b.store.Branches()
	if err != nil {
		return err
	}
	for _, br := range branches {
		if has, err := b.store.HasTimer(data.TimerDigest, br.ID); err != nil || has || br.Settings.Digest.Off {
			continue
		}
		if err := b.scheduleDigest(ctx, br); err != nil {
			return err
		}
	}
	return nil
}

// fireDigest sends the week's agenda. It is optional, so it waits for the
// end of quiet hours.
func (b *Bot) fireDigest(ctx context.Context, t data.Timer) error {
	br, ok, err := b.timerBranch(ctx, t)
	if !ok {
		return err
	}
	loc, now := b.zone(br), b.clock.Now()
	if br.Settings.Digest.Off {
		return b.store.DeleteTimer(ctx, t.Kind, t.Ref)
	}
	if q := br.Settings.Quiet; q.Contains(now, loc) {
		return b.store.SetTimer(ctx, t.Kind, t.Ref, q.NextAllowed(now, loc))
	}
	n, err := b.store.SendDigest(ctx, br.ID, now, now.Add(7*24*time.Hour), b.nextDigest(br, now), func(m data.Member, week []data.Meeting) string {
		l := b.langOf(m.Lang)
		lines := []string{l.T(i18n.MsgDigestHead, esc(br.Name))}
		for _, mt := range week {
			line := fmt.Sprintf("#%d · %s · %s · %s", mt.ID, l.When(mt.Start, loc), l.KindName(mt.Kind), esc(mt.Title))
			if mt.Place != "" {
				line += " · " + esc(mt.Place)
			}
			lines = append(lines, line)
		}
		lines = append(lines, "", l.T(i18n.MsgDigestFoot))
		return strings.Join(lines, "\n")
	})
	if err != nil {
		return err
	}
	if n > 0 {
		b.log.Info("weekly digest", "branch_id", br.ID, "members", n)
	}
	return nil
}

// mute and unmute switch a member's optional messages.
func (b *Bot) mute(r *request) (reply, error) {
	if err := b.store.SetMuted(r.Ctx, r.Person.UserID, true); err != nil {
		return reply{}, err
	}
	return say(r.Lang.T(i18n.MsgMuted)), nil
}

func (b *Bot) unmute(r *request) (reply, error) {
	if err := b.store.SetMuted(r.Ctx, r.Person.UserID, false); err != nil {
		return reply{}, err
	}
	return say(r.Lang.T(i18n.MsgUnmuted)), nil
}
