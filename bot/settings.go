package bot

import (
	"errors"
	"fmt"
	"strings"

	"branchbot/bot/i18n"
	"branchbot/bot/telegram"
	"branchbot/data"
)

// registerSettings: a branch's settings.
func (b *Bot) registerSettings() {
	b.router.Command(telegram.Command{Name: "settings", Need: data.RoleSecretary, Where: telegram.PrivateOnly, Menu: true, Handle: b.settings})
}

// settings shows or changes the branch's settings.
func (b *Bot) settings(r *request) (reply, error) {
	br, err := b.store.Branch(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	if strings.TrimSpace(r.Cmd.Args) == "" {
		return say(b.settingsText(r.Lang, br.Settings) + "\n\n" + b.settingsUsage(r.Lang)), nil
	}
	// Parsed against the settings as stored in the same transaction: two
	// secretaries changing different keys at once both keep their change.
	saved, err := b.store.UpdateSettings(b.audited(r, data.AuditSettingsChange, data.ObjectBranch, auditID(br.ID), r.Cmd.Args), br.ID, func(s *data.Settings) error {
		next, err := ParseSettings(r.Cmd.Args, *s) // validates too
		*s = next
		return err
	})
	var se *SettingError
	if errors.As(err, &se) {
		text := r.Lang.T(i18n.MsgSettingBad, esc(se.Key+"="+se.Value))
		if allowed, ok := settingRange(r.Lang, se.Key); ok {
			text += "\n" + r.Lang.T(i18n.MsgSettingOutOfRange, esc(se.Key), allowed)
		}
		return say(text + "\n\n" + b.settingsUsage(r.Lang)), nil
	}
	if err != nil {
		return reply{}, err
	}
	br.Settings = saved
	if err := b.scheduleDigest(r.Ctx, br); err != nil {
		return reply{}, err
	}
	if err := b.rearmCadence(r.Ctx, br); err != nil {
		return reply{}, err
	}
	if saved.StrictAnonymity {
		if err := b.store.ForgetAuthors(r.Ctx, br.ID); err != nil {
			return reply{}, err
		}
	}
	return say(r.Lang.T(i18n.MsgSettingsSaved) + "\n" + b.settingsText(r.Lang, saved)), nil
}

// settingRange names the values a setting allows, for a refusal: a
// secretary who typed followups=5 learns it is 0–2 rather than re-reading
// the whole usage. ok is false for an unknown key.
func settingRange(l i18n.Lang, key string) (string, bool) {
	k := i18n.SettingRangeKey(key)
	if !i18n.Has(l, k) {
		return "", false
	}
	switch key {
	case "followups":
		return l.T(k, data.MaxFollowUpsLimit), true
	case "remind":
		return l.T(k, data.MaxReminders), true
	case "evalmin":
		return l.T(k, data.MinEvalVoters, data.MaxEvalVoters), true
	case "perminute":
		return l.T(k, data.MaxSendsPerMinute), true
	case "perday":
		return l.T(k, data.MaxSendsPerDay), true
	}
	return l.T(k), true
}

// usageMore explains the settings the first usage text leaves out.
func (b *Bot) usageMore(l i18n.Lang) string {
	return l.T(i18n.MsgSettingsUsageMore, data.MaxSendsPerMinute, data.MaxSendsPerDay) +
		"\n" + l.T(i18n.MsgSettingsEvalUsage, data.MinEvalVoters, data.MaxEvalVoters) +
		"\n" + l.T(i18n.MsgCadenceUsage)
}

func (b *Bot) settingsText(l i18n.Lang, s data.Settings) string {
	follow := l.T(i18n.MsgOff)
	if s.FollowUpAfter > 0 && s.MaxFollowUps > 0 {
		follow = l.T(i18n.MsgSettingsFollow, FormatDuration(s.FollowUpAfter), s.MaxFollowUps)
	}
	quiet := l.T(i18n.MsgOff)
	if !s.Quiet.Off() {
		quiet = s.Quiet.String()
	}
	remind := l.T(i18n.MsgOff)
	if len(s.Remind) > 0 {
		var parts []string
		for _, d := range s.Remind {
			parts = append(parts, FormatDuration(d))
		}
		remind = strings.Join(parts, ",")
	}
	tz := s.TZ
	if tz == "" {
		tz = b.cfg.Location.String()
	}
	digest := l.T(i18n.MsgOff)
	if !s.Digest.Off {
		digest = fmt.Sprintf("%s %02d:%02d", l.Weekday(s.Digest.Weekday), s.Digest.At/60, s.Digest.At%60)
	}
	perMinute, perDay := s.SendLimits()
	anonymity := l.T(i18n.MsgAnonRelay)
	if s.StrictAnonymity {
		anonymity = l.T(i18n.MsgAnonStrict)
	}
	return l.T(i18n.MsgSettingsShow, follow, quiet, remind, FormatDuration(s.CatchUp), tz, digest) +
		"\n" + l.T(i18n.MsgSettingsMore, FormatDuration(s.CheckInOpen), FormatDuration(s.LateAfter), anonymity) +
		"\n" + l.T(i18n.MsgSettingsEval, s.EvalThreshold()) +
		"\n" + l.T(i18n.MsgSendLimitsShow, perMinute, perDay) +
		"\n" + cadenceSettingsText(l, s)
}

// settingsUsage is how to change the settings, for /settings alone and
// after a value it could not take; a change that was saved shows the
// settings without it.
func (b *Bot) settingsUsage(l i18n.Lang) string {
	return l.T(i18n.MsgSettingsUsage) + "\n" + b.usageMore(l)
}
