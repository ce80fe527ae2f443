package bot

import (
	"branchbot/bot/i18n"
	"branchbot/bot/telegram"
	"branchbot/data"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// registerMembers: the member list, groups, roles and the group chat.
func (b *Bot) registerMembers() {
	b.router.Command(telegram.Command{Name: "members", Need: data.RoleCommittee, Where: telegram.PrivateOnly, Menu: true, Handle: b.members})
	b.router.Command(telegram.Command{Name: "group", Need: data.RoleSecretary, Where: telegram.PrivateOnly, Menu: true, Handle: b.group})
	b.router.Command(telegram.Command{Name: "role", Need: data.RoleSecretary, Where: telegram.PrivateOnly, Menu: true, Handle: b.setRole})
	b.router.Command(telegram.Command{Name: "bind", Need: data.RoleSecretary, Where: telegram.GroupOnly, Menu: true, Handle: b.bind})
}

func (b *Bot) bind(r *request) (reply, error) {
	br, err := b.store.Branch(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	created, err := b.store.BindChat(b.audited(r, data.AuditChatBind, data.ObjectChat, r.Chat.ID, r.Chat.Title), data.ChatBinding{
		ChatID: r.Chat.ID, BranchID: br.ID, Title: r.Chat.Title, BoundBy: r.Person.UserID, BoundAt: b.clock.Now(),
	})
	switch {
	case err != nil:
		return reply{}, err
	case !created:
		return say(r.Lang.T(i18n.MsgBindAgain, esc(br.Name))), nil
	}
	b.log.Info("chat bound", "branch_id", br.ID, "chat_id", r.Chat.ID)
	return say(r.Lang.T(i18n.MsgBindDone, esc(br.Name))), nil
}

func (b *Bot) group(r *request) (reply, error) {
	sub, rest := firstWord(r.Cmd.Args)
	switch strings.ToLower(sub) {
	case "":
		return b.listGroups(r)
	case "add", "新建", "添加":
		if rest == "" {
			return say(r.Lang.T(i18n.MsgGroupUsage)), nil
		}
		g, err := b.store.AddGroup(b.audited(r, data.AuditGroupCreate, data.ObjectGroup, 0, rest), r.Member.BranchID, rest)
		switch {
		case errors.Is(err, data.ErrGroupExists):
			return say(r.Lang.T(i18n.MsgGroupExists, esc(rest))), nil
		case data.ErrorCode(err) == data.EInvalid:
			return say(r.Lang.T(i18n.MsgNameInvalid)), nil
		case err != nil:
			return reply{}, err
		}
		return say(r.Lang.T(i18n.MsgGroupAdded, esc(g.Name), esc(g.Name))), nil
	case "set", "分配", "设置":
		if strings.TrimSpace(rest) == "" {
			return say(r.Lang.T(i18n.MsgGroupUsage)), nil
		}
		m, groupName, rep, ok, err := b.resolveMember(r, rest)
		if !ok || err != nil {
			return rep, err
		}
		if groupName == "" {
			return say(r.Lang.T(i18n.MsgGroupUsage)), nil
		}
		m, g, err := b.store.SetMemberGroup(b.audited(r, data.AuditGroupSet, data.ObjectMember, m.UserID, m.Name+" → "+groupName), r.Member.BranchID, m.UserID, groupName)
		switch {
		case errors.Is(err, data.ErrGroupUnknown):
			return say(r.Lang.T(i18n.MsgGroupUnknown, esc(groupName))), nil
		case err != nil:
			return reply{}, err
		}
		return say(r.Lang.T(i18n.MsgGroupSet, esc(m.Name), esc(g.Name))), nil
	}
	return say(r.Lang.T(i18n.MsgGroupUsage)), nil
}

func (b *Bot) listGroups(r *request) (reply, error) {
	groups, err := b.store.Groups(r.Member.BranchID)
	if err != nil || len(groups) == 0 {
		return say(r.Lang.T(i18n.MsgGroupNone)), err
	}
	members, err := b.store.Members(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	count := map[uint64]int{}
	for _, m := range members {
		count[m.GroupID]++
	}
	var lines []string
	for _, g := range groups {
		lines = append(lines, fmt.Sprintf("• %s (%d)", esc(g.Name), count[g.ID]))
	}
	return say(r.Lang.T(i18n.MsgGroupList, strings.Join(lines, "\n"))), nil
}

// resolveMember finds the member a secretary named at the start of args.
// When it cannot, ok is false and rep says why.
func (b *Bot) resolveMember(r *request, args string) (m data.Member, rest string, rep reply, ok bool, err error) {
	members, err := b.store.Members(r.Member.BranchID)
	if err != nil {
		return m, "", reply{}, false, err
	}
	if m, rest, found, ok, err := b.memberByNumber(r.Member.BranchID, args, members); err != nil || found {
		if !ok {
			first, _ := firstWord(args)
			return m, "", say(r.Lang.T(i18n.MsgMemberUnknown, esc(first))), false, err
		}
		return m, rest, reply{}, true, nil
	}
	m, rest, matches := MemberQuery(args, members)
	switch {
	case len(matches) > 1:
		first, _ := firstWord(args)
		return m, "", say(r.Lang.T(i18n.MsgMemberAmbiguous, esc(first))), false, nil
	case len(matches) == 0:
		first, _ := firstWord(args)
		return m, "", say(r.Lang.T(i18n.MsgMemberUnknown, esc(first))), false, nil
	}
	return m, rest, reply{}, true, nil
}

// memberByNumber reads a leading #N as the member's stable number in the
// branch (the one /members shows), not as a place in a list whose order
// changes with roles and names. found says whether args began with #N,
// ok whether a member has that number.
func (b *Bot) memberByNumber(branchID uint64, args string, members []data.Member) (m data.Member, rest string, found, ok bool, err error) {
	first, rest := firstWord(strings.TrimSpace(args))
	digits, isNumber := strings.CutPrefix(first, "#")
	n, convErr := strconv.Atoi(digits)
	if !isNumber || convErr != nil {
		return m, "", false, false, nil
	}
	numbers, err := b.store.MemberNumbers(branchID)
	if err != nil {
		return m, "", true, false, err
	}
	for _, p := range members {
		if numbers[p.UserID] == n {
			return p, rest, true, true, nil
		}
	}
	return m, rest, true, false, nil
}

func (b *Bot) members(r *request) (reply, error) {
	br, err := b.store.Branch(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	members, err := b.store.Members(br.ID)
	if err != nil {
		return reply{}, err
	}
	groups, err := b.store.Groups(br.ID)
	if err != nil {
		return reply{}, err
	}
	groupName := map[uint64]string{0: r.Lang.T(i18n.MsgNoGroup)}
	for _, g := range groups {
		groupName[g.ID] = esc(g.Name)
	}
	numbers, err := b.store.MemberNumbers(br.ID)
	if err != nil {
		return reply{}, err
	}
	lines := []string{r.Lang.T(i18n.MsgMembersHeader, esc(br.Name), r.Lang.Members(len(members)))}
	for _, m := range members {
		name := esc(m.Name)
		if m.Username != "" {
			name += " @" + esc(m.Username)
		}
		lines = append(lines, r.Lang.T(i18n.MsgMembersLine, numbers[m.UserID], name, r.Lang.RoleName(m.Role), groupName[m.GroupID]))
	}
	return say(strings.Join(lines, "\n")), nil
}

func (b *Bot) setRole(r *request) (reply, error) {
	if r.Cmd.Args == "" {
		return say(r.Lang.T(i18n.MsgRoleUsage)), nil
	}
	m, roleWord, rep, ok, err := b.resolveMember(r, r.Cmd.Args)
	if !ok || err != nil {
		return rep, err
	}
	if strings.TrimSpace(roleWord) == "" {
		return say(r.Lang.T(i18n.MsgRoleUsage)), nil
	}
	role, ok := ParseRole(roleWord)
	if !ok {
		return say(r.Lang.T(i18n.MsgRoleUnknown, esc(roleWord)) + "\n\n" + r.Lang.T(i18n.MsgRoleUsage)), nil
	}
	updated, err := b.store.SetRole(b.audited(r, data.AuditRoleChange, data.ObjectMember, m.UserID, m.Name+": "+string(m.Role)+" → "+string(role)), r.Member.BranchID, m.UserID, role)
	switch {
	case errors.Is(err, data.ErrLastSecretary):
		return say(r.Lang.T(i18n.MsgRoleLast, esc(m.Name))), nil
	case err != nil:
		return reply{}, err
	}
	if updated.Role != m.Role {
		b.log.Info("role changed", "branch_id", m.BranchID, "user_id", m.UserID, "from", m.Role, "to", updated.Role)
		b.tg.PublishUserMenu(r.Ctx, m.UserID, updated.Role)
		if m.UserID != r.Person.UserID {
			// The note speaks to the member about their own role.
			ml := b.langOf(m.Lang)
			b.post(r.Ctx, m.UserID, ml.T(i18n.MsgRoleYours, esc(r.Person.Name), ml.RoleName(updated.Role)))
		}
	}
	return say(r.Lang.T(i18n.MsgRoleDone, esc(m.Name), r.Lang.RoleName(updated.Role))), nil
}

// groupNames maps each group's id to its name (plain text), for views
// that name a meeting's or a slot's group.
func groupNames(groups []data.Group) map[uint64]string {
	names := make(map[uint64]string, len(groups))
	for _, g := range groups {
		names[g.ID] = g.Name
	}
	return names
}
