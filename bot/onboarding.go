package bot

import (
	"errors"
	"fmt"
	"strings"

	"branchbot/bot/i18n"
	"branchbot/bot/telegram"
	"branchbot/data"
)

// registerOnboarding: greeting, help, creating a branch and inviting
// members.
func (b *Bot) registerOnboarding() {
	b.router.Command(telegram.Command{Name: "start", Menu: true, Handle: b.start})
	b.router.Command(telegram.Command{Name: "help", Menu: true, Handle: b.help})
	b.router.Command(telegram.Command{Name: "neworg", Need: data.RoleOwner, Where: telegram.PrivateOnly, Menu: true, Handle: b.newOrg})
	b.router.Command(telegram.Command{Name: "invite", Need: data.RoleSecretary, Where: telegram.PrivateOnly, Menu: true, Handle: b.invite})
	telegram.HandleButton(b.router, btnInvite, b.inviteLink)
}

// btnInvite makes an invite link for the role it carries.
var btnInvite = &telegram.ButtonKind[data.Role]{
	ButtonSpec: telegram.ButtonSpec{Action: "inv", Need: data.RoleSecretary},
	Encode:     func(r data.Role) string { return string(r) },
	Decode: func(s string) (data.Role, error) {
		if role, ok := ParseRole(s); ok && string(role) == s {
			return role, nil
		}
		return "", fmt.Errorf("invite role %q: unknown", s)
	},
}

func (b *Bot) start(r *request) (reply, error) {
	if !r.Chat.Private {
		return say(r.Lang.T(i18n.MsgGreetGroup)), nil
	}
	if r.Cmd.Args == "" {
		if r.Member == nil {
			return say(r.Lang.T(i18n.MsgGreet, esc(r.Person.Name))), nil
		}
		br, err := b.store.Branch(r.Member.BranchID)
		if err != nil {
			return reply{}, err
		}
		return say(r.Lang.T(i18n.MsgGreetMember, esc(r.Person.Name), esc(br.Name), r.Lang.RoleName(r.Member.Role))), nil
	}
	m, br, err := b.store.RedeemInvite(r.Ctx, r.Cmd.Args, r.Person, b.clock.Now())
	switch {
	case errors.Is(err, data.ErrAlreadyMember) && m.BranchID == br.ID:
		return say(r.Lang.T(i18n.MsgAlreadyMember, esc(br.Name))), nil
	case errors.Is(err, data.ErrAlreadyMember):
		cur, err := b.store.Branch(m.BranchID)
		if err != nil {
			return reply{}, err
		}
		return say(r.Lang.T(i18n.MsgAlreadyElsewhere, esc(cur.Name))), nil
	case err != nil:
		return reply{}, err
	}
	b.log.Info("member joined", "branch_id", br.ID, "user_id", m.UserID, "role", m.Role)
	if inviter, err := b.store.Member(m.InvitedBy); err == nil {
		il := b.langOf(inviter.Lang)
		b.post(r.Ctx, inviter.UserID, il.T(i18n.MsgJoinedNotice, esc(m.Name), esc(br.Name), il.RoleName(m.Role)))
	}
	b.tg.PublishUserMenu(r.Ctx, m.UserID, m.Role)
	return say(r.Lang.T(i18n.MsgJoined, esc(br.Name), r.Lang.RoleName(m.Role))), nil
}

func (b *Bot) help(r *request) (reply, error) {
	var sb strings.Builder
	switch {
	case !r.Chat.Private:
		sb.WriteString(r.Lang.T(i18n.MsgHelpGroup))
	case r.Member == nil:
		sb.WriteString(r.Lang.T(i18n.MsgHelpGuest))
	default:
		br, err := b.store.Branch(r.Member.BranchID)
		if err != nil {
			return reply{}, err
		}
		sb.WriteString(r.Lang.T(i18n.MsgHelpHeader, esc(br.Name), r.Lang.RoleName(r.Member.Role)))
	}
	for _, c := range b.router.Commands() {
		if _, ok := b.router.Allowed(c.Name, r); ok && c.Menu {
			fmt.Fprintf(&sb, "\n/%s — %s", c.Name, r.Lang.CommandDesc(c.Name))
		}
	}
	if r.Chat.Private && r.Member != nil && r.Member.Role.AtLeast(data.RoleCommittee) {
		sb.WriteString("\n\n" + r.Lang.T(i18n.MsgHelpReceipts))
	}
	return say(sb.String()), nil
}

func (b *Bot) newOrg(r *request) (reply, error) {
	if r.Cmd.Args == "" {
		return say(r.Lang.T(i18n.MsgNeworgUsage)), nil
	}
	br, err := b.store.CreateBranch(b.audited(r, data.AuditBranchCreate, data.ObjectBranch, 0, r.Cmd.Args), r.Cmd.Args, r.Person, b.clock.Now())
	switch {
	case errors.Is(err, data.ErrAlreadyMember):
		cur, err := b.store.Branch(r.Member.BranchID)
		if err != nil {
			return reply{}, err
		}
		return say(r.Lang.T(i18n.MsgNeworgInBranch, esc(cur.Name))), nil
	case data.ErrorCode(err) == data.EInvalid:
		return say(r.Lang.T(i18n.MsgNameInvalid) + "\n\n" + r.Lang.T(i18n.MsgNeworgUsage)), nil
	case err != nil:
		return reply{}, err
	}
	b.log.Info("branch created", "branch_id", br.ID, "by", r.Person.UserID)
	if err := b.scheduleDigest(r.Ctx, br); err != nil {
		return reply{}, err
	}
	b.tg.PublishUserMenu(r.Ctx, r.Person.UserID, data.RoleSecretary)
	return say(r.Lang.T(i18n.MsgNeworgDone, esc(br.Name))), nil
}

// inviteRoles are offered as buttons, most common first.
var inviteRoles = []data.Role{data.RoleMember, data.RoleLeader, data.RoleCommittee, data.RoleSecretary}

func (b *Bot) invite(r *request) (reply, error) {
	if r.Cmd.Args == "" {
		var row []data.Button
		for _, role := range inviteRoles {
			row = append(row, btnInvite.Button(r.Lang.RoleName(role), role))
		}
		return reply{Text: r.Lang.T(i18n.MsgInviteChoose), Buttons: [][]data.Button{row}}, nil
	}
	role, ok := ParseRole(r.Cmd.Args)
	if !ok {
		return say(r.Lang.T(i18n.MsgRoleUnknown, esc(r.Cmd.Args)) + "\n\n" + r.Lang.T(i18n.MsgInviteUsage)), nil
	}
	return b.inviteLink(r, role)
}

func (b *Bot) inviteLink(r *request, role data.Role) (reply, error) {
	inv, err := b.store.CreateInvite(b.audited(r, data.AuditInviteCreate, "", 0, string(role)), r.Member.BranchID, role, r.Person.UserID, b.clock.Now())
	if err != nil {
		return reply{}, err
	}
	link := b.tg.StartLink(inv.Code)
	until := r.Lang.DateTime(inv.ExpiresAt, b.memberZone(r))
	return reply{Text: r.Lang.T(i18n.MsgInviteLink, r.Lang.RoleName(role), until, esc(link)), Edit: true}, nil
}
