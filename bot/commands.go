package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"branchbot/bot/i18n"
	"branchbot/data"
)

// commandList is every command branchbot knows, in menu and /help order.
func (b *Bot) commandList() []*command {
	return []*command{
		{name: "start", where: anywhere, inMenu: true, handle: b.start},
		{name: "help", where: anywhere, inMenu: true, handle: b.help},
		{name: "neworg", min: data.RoleOwner, where: privateOnly, inMenu: true, handle: b.newOrg},
		{name: "invite", min: data.RoleSecretary, where: privateOnly, inMenu: true, handle: b.invite},
		{name: "members", min: data.RoleCommittee, where: privateOnly, inMenu: true, handle: b.members},
		{name: "group", min: data.RoleSecretary, where: privateOnly, inMenu: true, handle: b.group},
		{name: "role", min: data.RoleSecretary, where: privateOnly, inMenu: true, handle: b.setRole},
		{name: "bind", min: data.RoleSecretary, where: groupOnly, inMenu: true, handle: b.bind},
		{name: "notice", min: data.RoleCommittee, where: privateOnly, inMenu: true, handle: b.notice},
		{name: "notices", min: data.RoleCommittee, where: privateOnly, inMenu: true, handle: b.notices},
		{name: "acks", min: data.RoleCommittee, where: privateOnly, inMenu: true, handle: b.acks},
		{name: "settings", min: data.RoleSecretary, where: privateOnly, inMenu: true, handle: b.settings},
		{name: "meeting", min: data.RoleCommittee, where: privateOnly, inMenu: true, handle: b.meeting},
		{name: "meetings", min: data.RoleMember, where: privateOnly, inMenu: true, handle: b.meetings},
		{name: "move", min: data.RoleCommittee, where: privateOnly, inMenu: true, handle: b.move},
		{name: "series", min: data.RoleCommittee, where: privateOnly, inMenu: true, handle: b.series},
		{name: "holiday", min: data.RoleCommittee, where: privateOnly, inMenu: true, handle: b.holiday},
		{name: "themeday", min: data.RoleCommittee, where: privateOnly, inMenu: true, handle: b.themeday},
		{name: "leave", min: data.RoleMember, where: privateOnly, inMenu: true, handle: b.leaveCmd},
		{name: "checkin", min: data.RoleMember, where: privateOnly, inMenu: true, handle: b.checkin},
		{name: "attendance", min: data.RoleCommittee, where: privateOnly, inMenu: true, handle: b.attendance},
		{name: "code", min: data.RoleCommittee, where: privateOnly, inMenu: true, handle: b.showCode},
		{name: "minutes", min: data.RoleCommittee, where: privateOnly, inMenu: true, handle: b.minutes},
		{name: "makeup", min: data.RoleMember, where: privateOnly, inMenu: true, handle: b.makeup},
		{name: "me", min: data.RoleMember, where: privateOnly, inMenu: true, handle: b.myAttendance},
		{name: "cancel", where: privateOnly, inMenu: true, handle: b.cancel},
		{name: "feedback", min: data.RoleMember, where: privateOnly, inMenu: true, handle: b.feedback, anon: true},
		{name: "followup", min: data.RoleMember, where: privateOnly, inMenu: true, handle: b.followUp, anon: true},
		{name: "feedbacks", min: data.RoleSecretary, where: privateOnly, inMenu: true, handle: b.feedbacks},
		{name: "reply", min: data.RoleSecretary, where: privateOnly, inMenu: true, handle: func(r *request) (reply, error) { return b.replyFeedback(r, false) }},
		{name: "done", min: data.RoleSecretary, where: privateOnly, inMenu: true, handle: func(r *request) (reply, error) { return b.replyFeedback(r, true) }},
		{name: "survey", min: data.RoleCommittee, where: privateOnly, inMenu: true, handle: b.survey},
		{name: "evaluate", min: data.RoleSecretary, where: privateOnly, inMenu: true, handle: b.evaluate},
		{name: "mute", min: data.RoleMember, where: privateOnly, inMenu: true, handle: b.mute},
		{name: "unmute", min: data.RoleMember, where: privateOnly, inMenu: true, handle: b.unmute},
	}
}

// register hands every handler to go-telegram/bot's dispatcher. Command
// matching is ours (ParseCommand): the library's matcher mistakes UTF-16
// offsets for byte offsets and misses /cmd@botname.
func (b *Bot) register() {
	b.cmdList = b.commandList()
	b.cmds = map[string]*command{}
	for _, c := range b.cmdList {
		b.cmds[c.name] = c
	}
	b.tg.RegisterHandlerMatchFunc(func(u *models.Update) bool {
		_, ok := b.commandOf(u)
		return ok
	}, b.onCommand)
	b.tg.RegisterHandlerMatchFunc(func(u *models.Update) bool { return u.CallbackQuery != nil }, b.onButton)
	b.tg.RegisterHandlerMatchFunc(func(u *models.Update) bool {
		return u.Message != nil && u.Message.MigrateToChatID != 0
	}, b.onMigrate)
	b.tg.RegisterHandlerMatchFunc(addedToGroup, b.onAddedToGroup)
	b.tg.RegisterHandlerMatchFunc(func(u *models.Update) bool {
		return u.Message != nil && u.Message.Location != nil && u.Message.From != nil && u.Message.Chat.Type == models.ChatTypePrivate
	}, b.sharedLocation)
	b.tg.RegisterHandlerMatchFunc(func(u *models.Update) bool {
		return u.Message != nil && u.Message.Text != "" && u.Message.Chat.Type == models.ChatTypePrivate && u.Message.From != nil
	}, b.plainText)
}

func (b *Bot) commandOf(u *models.Update) (Command, bool) {
	if u.Message == nil || u.Message.From == nil || u.Message.Text == "" {
		return Command{}, false
	}
	return ParseCommand(u.Message.Text, u.Message.Entities, b.me.Username)
}

func (b *Bot) start(r *request) (reply, error) {
	if !r.private() {
		return say(r.lang.T(i18n.MsgGreetGroup)), nil
	}
	if r.cmd.Args == "" {
		if r.member == nil {
			return say(r.lang.T(i18n.MsgGreet, esc(r.person.Name))), nil
		}
		br, err := b.store.Branch(r.member.BranchID)
		if err != nil {
			return reply{}, err
		}
		return say(r.lang.T(i18n.MsgGreetMember, esc(r.person.Name), esc(br.Name), r.lang.RoleName(r.member.Role))), nil
	}
	m, br, err := b.store.RedeemInvite(r.ctx, r.cmd.Args, r.person, b.clock.Now())
	switch {
	case errors.Is(err, data.ErrInviteUnknown):
		return say(r.lang.T(i18n.MsgInviteUnknown)), nil
	case errors.Is(err, data.ErrInviteUsed):
		return say(r.lang.T(i18n.MsgInviteUsed)), nil
	case errors.Is(err, data.ErrInviteExpired):
		return say(r.lang.T(i18n.MsgInviteExpired)), nil
	case errors.Is(err, data.ErrAlreadyMember) && m.BranchID == br.ID:
		return say(r.lang.T(i18n.MsgAlreadyMember, esc(br.Name))), nil
	case errors.Is(err, data.ErrAlreadyMember):
		cur, err := b.store.Branch(m.BranchID)
		if err != nil {
			return reply{}, err
		}
		return say(r.lang.T(i18n.MsgAlreadyElsewhere, esc(cur.Name))), nil
	case err != nil:
		return reply{}, err
	}
	b.log.Info("member joined", "branch_id", br.ID, "user_id", m.UserID, "role", m.Role)
	if inviter, err := b.store.Member(m.InvitedBy); err == nil {
		il := b.langOf(inviter.Lang)
		b.sendText(r.ctx, inviter.UserID, il.T(i18n.MsgJoinedNotice, esc(m.Name), esc(br.Name), il.RoleName(m.Role)), nil)
	}
	b.publishUserMenu(r.ctx, m.UserID, m.Role)
	return say(r.lang.T(i18n.MsgJoined, esc(br.Name), r.lang.RoleName(m.Role))), nil
}

func (b *Bot) help(r *request) (reply, error) {
	var sb strings.Builder
	switch {
	case !r.private():
		sb.WriteString(r.lang.T(i18n.MsgHelpGroup))
	case r.member == nil:
		sb.WriteString(r.lang.T(i18n.MsgHelpGuest))
	default:
		br, err := b.store.Branch(r.member.BranchID)
		if err != nil {
			return reply{}, err
		}
		sb.WriteString(r.lang.T(i18n.MsgHelpHeader, esc(br.Name), r.lang.RoleName(r.member.Role)))
	}
	for _, c := range b.cmdList {
		if _, ok := b.allowed(c, r); ok && c.inMenu {
			fmt.Fprintf(&sb, "\n/%s — %s", c.name, r.lang.T(i18n.CommandKey(c.name)))
		}
	}
	if r.private() && r.member != nil && r.member.Role.AtLeast(data.RoleCommittee) {
		sb.WriteString("\n\n" + r.lang.T(i18n.MsgHelpReceipts))
	}
	return say(sb.String()), nil
}

func (b *Bot) newOrg(r *request) (reply, error) {
	if r.cmd.Args == "" {
		return say(r.lang.T(i18n.MsgNeworgUsage)), nil
	}
	br, err := b.store.CreateBranch(r.ctx, r.cmd.Args, r.person, b.clock.Now())
	switch {
	case errors.Is(err, data.ErrAlreadyMember):
		cur, err := b.store.Branch(r.member.BranchID)
		if err != nil {
			return reply{}, err
		}
		return say(r.lang.T(i18n.MsgNeworgInBranch, esc(cur.Name))), nil
	case data.ErrorCode(err) == data.EInvalid:
		return say(r.lang.T(i18n.MsgNameInvalid) + "\n\n" + r.lang.T(i18n.MsgNeworgUsage)), nil
	case err != nil:
		return reply{}, err
	}
	b.log.Info("branch created", "branch_id", br.ID, "by", r.person.UserID)
	if err := b.scheduleDigest(r.ctx, br); err != nil {
		return reply{}, err
	}
	b.publishUserMenu(r.ctx, r.person.UserID, data.RoleSecretary)
	return say(r.lang.T(i18n.MsgNeworgDone, esc(br.Name))), nil
}

// inviteRoles are offered as buttons, most common first.
var inviteRoles = []data.Role{data.RoleMember, data.RoleLeader, data.RoleCommittee, data.RoleSecretary}

func (b *Bot) invite(r *request) (reply, error) {
	if r.cmd.Args == "" {
		var row []models.InlineKeyboardButton
		for _, role := range inviteRoles {
			row = append(row, models.InlineKeyboardButton{
				Text:         r.lang.RoleName(role),
				CallbackData: Callback{Action: cbInvite, Arg: string(role)}.String(),
			})
		}
		return reply{text: r.lang.T(i18n.MsgInviteChoose), markup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{row}}}, nil
	}
	role, ok := ParseRole(r.cmd.Args)
	if !ok {
		return say(r.lang.T(i18n.MsgRoleUnknown, esc(r.cmd.Args)) + "\n\n" + r.lang.T(i18n.MsgInviteUsage)), nil
	}
	return b.inviteLink(r, role)
}

func (b *Bot) inviteLink(r *request, role data.Role) (reply, error) {
	inv, err := b.store.CreateInvite(r.ctx, r.member.BranchID, role, r.person.UserID, b.clock.Now())
	if err != nil {
		return reply{}, err
	}
	link := "https://t.me/" + b.me.Username + "?start=" + inv.Code
	until := inv.ExpiresAt.In(b.memberZone(r)).Format("2006-01-02 15:04")
	return reply{text: r.lang.T(i18n.MsgInviteLink, r.lang.RoleName(role), until, esc(link)), edit: true}, nil
}

func (b *Bot) bind(r *request) (reply, error) {
	br, err := b.store.Branch(r.member.BranchID)
	if err != nil {
		return reply{}, err
	}
	created, err := b.store.BindChat(r.ctx, data.ChatBinding{
		ChatID: r.chat.ID, BranchID: br.ID, Title: r.chat.Title, BoundBy: r.person.UserID, BoundAt: b.clock.Now(),
	})
	switch {
	case errors.Is(err, data.ErrChatBoundElse):
		return say(r.lang.T(i18n.MsgBindElsewhere)), nil
	case err != nil:
		return reply{}, err
	case !created:
		return say(r.lang.T(i18n.MsgBindAgain, esc(br.Name))), nil
	}
	b.log.Info("chat bound", "branch_id", br.ID, "chat_id", r.chat.ID)
	return say(r.lang.T(i18n.MsgBindDone, esc(br.Name))), nil
}

func (b *Bot) group(r *request) (reply, error) {
	sub, rest := firstWord(r.cmd.Args)
	switch strings.ToLower(sub) {
	case "":
		return b.listGroups(r)
	case "add", "新建", "添加":
		if rest == "" {
			return say(r.lang.T(i18n.MsgGroupUsage)), nil
		}
		g, err := b.store.AddGroup(r.ctx, r.member.BranchID, rest)
		switch {
		case errors.Is(err, data.ErrGroupExists):
			return say(r.lang.T(i18n.MsgGroupExists, esc(rest))), nil
		case data.ErrorCode(err) == data.EInvalid:
			return say(r.lang.T(i18n.MsgNameInvalid)), nil
		case err != nil:
			return reply{}, err
		}
		return say(r.lang.T(i18n.MsgGroupAdded, esc(g.Name), esc(g.Name))), nil
	case "set", "分配", "设置":
		m, groupName, rep, ok, err := b.resolveMember(r, rest)
		if !ok || err != nil {
			return rep, err
		}
		if groupName == "" {
			return say(r.lang.T(i18n.MsgGroupUsage)), nil
		}
		m, g, err := b.store.SetMemberGroup(r.ctx, r.member.BranchID, m.UserID, groupName)
		switch {
		case errors.Is(err, data.ErrGroupUnknown):
			return say(r.lang.T(i18n.MsgGroupUnknown, esc(groupName))), nil
		case err != nil:
			return reply{}, err
		}
		return say(r.lang.T(i18n.MsgGroupSet, esc(m.Name), esc(g.Name))), nil
	}
	return say(r.lang.T(i18n.MsgGroupUsage)), nil
}

func (b *Bot) listGroups(r *request) (reply, error) {
	groups, err := b.store.Groups(r.member.BranchID)
	if err != nil || len(groups) == 0 {
		return say(r.lang.T(i18n.MsgGroupNone)), err
	}
	members, err := b.store.Members(r.member.BranchID)
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
	return say(r.lang.T(i18n.MsgGroupList, strings.Join(lines, "\n"))), nil
}

// resolveMember finds the member a secretary named at the start of args.
// When it cannot, ok is false and rep says why.
func (b *Bot) resolveMember(r *request, args string) (m data.Member, rest string, rep reply, ok bool, err error) {
	members, err := b.store.Members(r.member.BranchID)
	if err != nil {
		return m, "", reply{}, false, err
	}
	m, rest, matches := MemberQuery(args, members)
	switch {
	case len(matches) > 1:
		first, _ := firstWord(args)
		return m, "", say(r.lang.T(i18n.MsgMemberAmbiguous, esc(first))), false, nil
	case len(matches) == 0:
		first, _ := firstWord(args)
		return m, "", say(r.lang.T(i18n.MsgMemberUnknown, esc(first))), false, nil
	}
	return m, rest, reply{}, true, nil
}

func (b *Bot) members(r *request) (reply, error) {
	br, err := b.store.Branch(r.member.BranchID)
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
	groupName := map[uint64]string{0: r.lang.T(i18n.MsgNoGroup)}
	for _, g := range groups {
		groupName[g.ID] = esc(g.Name)
	}
	lines := []string{r.lang.T(i18n.MsgMembersHeader, esc(br.Name), len(members))}
	for i, m := range members {
		name := esc(m.Name)
		if m.Username != "" {
			name += " @" + esc(m.Username)
		}
		lines = append(lines, r.lang.T(i18n.MsgMembersLine, i+1, name, r.lang.RoleName(m.Role), groupName[m.GroupID]))
	}
	return say(strings.Join(lines, "\n")), nil
}

func (b *Bot) setRole(r *request) (reply, error) {
	if r.cmd.Args == "" {
		return say(r.lang.T(i18n.MsgRoleUsage)), nil
	}
	m, roleWord, rep, ok, err := b.resolveMember(r, r.cmd.Args)
	if !ok || err != nil {
		return rep, err
	}
	role, ok := ParseRole(roleWord)
	if !ok {
		return say(r.lang.T(i18n.MsgRoleUnknown, esc(roleWord)) + "\n\n" + r.lang.T(i18n.MsgRoleUsage)), nil
	}
	updated, err := b.store.SetRole(r.ctx, r.member.BranchID, m.UserID, role)
	switch {
	case errors.Is(err, data.ErrLastSecretary):
		return say(r.lang.T(i18n.MsgRoleLast, esc(m.Name))), nil
	case err != nil:
		return reply{}, err
	}
	if updated.Role != m.Role {
		b.log.Info("role changed", "branch_id", m.BranchID, "user_id", m.UserID, "from", m.Role, "to", updated.Role)
		b.publishUserMenu(r.ctx, m.UserID, updated.Role)
		if m.UserID != r.person.UserID {
			ml := b.langOf(m.Lang)
			b.sendText(r.ctx, m.UserID, ml.T(i18n.MsgRoleDone, esc(m.Name), ml.RoleName(updated.Role)), nil)
		}
	}
	return say(r.lang.T(i18n.MsgRoleDone, esc(m.Name), r.lang.RoleName(updated.Role))), nil
}

// unknownCommand answers a command branchbot does not have. In a group it
// answers only when addressed by name: there the command may be another
// bot's.
// onCommand runs the command a message carries, or says it is unknown.
func (b *Bot) onCommand(ctx context.Context, _ *tgbot.Bot, u *models.Update) {
	cmd, _ := b.commandOf(u)
	if c, ok := b.cmds[cmd.Name]; ok {
		b.runCommand(ctx, c, cmd, u.Message)
		return
	}
	b.unknownCommand(ctx, cmd, u)
}

func (b *Bot) unknownCommand(ctx context.Context, cmd Command, u *models.Update) {
	if u.Message.Chat.Type != models.ChatTypePrivate && cmd.Mention == "" {
		return
	}
	l := b.langOf(u.Message.From.LanguageCode)
	b.sendText(ctx, u.Message.Chat.ID, l.T(i18n.MsgUnknownCommand, esc(cmd.Name)), nil)
}

// plainText is a message without a command in a private chat: the next
// step of a guided flow, or a hint.
func (b *Bot) plainText(ctx context.Context, _ *tgbot.Bot, u *models.Update) {
	r, err := b.newRequest(ctx, u.Message, u.Message.From)
	if err != nil {
		b.fail(r, err)
		return
	}
	rep, ok, err := b.continueDraft(r, u.Message.Text)
	if err != nil {
		b.fail(r, err)
		return
	}
	if !ok {
		rep = say(r.lang.T(i18n.MsgPlainText))
	}
	b.send(r, rep)
}

// onButton handles inline keyboard presses. The press is checked like a
// command: a forwarded or stale keyboard must not grant anything.
func (b *Bot) onButton(ctx context.Context, _ *tgbot.Bot, u *models.Update) {
	q := u.CallbackQuery
	r, err := b.newRequest(ctx, q.Message.Message, &q.From)
	r.query = q
	r.anonymous = strings.HasPrefix(q.Data, cbFeedback+":")
	if err != nil {
		b.fail(r, err)
		return
	}
	cb, err := ParseCallback(q.Data)
	if err != nil {
		b.answer(r, r.lang.T(i18n.MsgButtonStale))
		return
	}
	if q.Message.Message == nil {
		// Telegram no longer shows us the message (it is old). Actions
		// that only record something still work; those that edit it don't.
		if cb.Action != cbAck && cb.Action != cbCheckIn && cb.Action != cbLeave && cb.Action != cbAttend {
			b.answer(r, r.lang.T(i18n.MsgButtonStale))
			return
		}
		r.chat = models.Chat{ID: q.From.ID, Type: models.ChatTypePrivate}
	}
	// Each action is checked like the command it belongs to: a forwarded
	// or stale keyboard must not grant anything.
	if name, ok := buttonGuard[cb.Action]; ok {
		if refusal, ok := b.allowedButton(b.cmds[name], r); !ok {
			b.answer(r, refusal)
			return
		}
	}
	if memberButtons[cb.Action] && r.member == nil {
		b.answer(r, r.lang.T(i18n.MsgNotMember))
		return
	}
	var rep reply
	switch cb.Action {
	case cbInvite:
		role, _ := ParseRole(cb.Arg)
		rep, err = b.inviteLink(r, role)
	case cbAck:
		rep, err = b.ack(r, cb.ID())
	case cbRemind:
		rep, err = b.remindAgain(r, cb.ID())
	case cbUnread:
		rep, err = b.unreadList(r, cb.ID())
	case cbNoticeSend:
		rep, err = b.sendNotice(r, cb.ID())
	case cbNoticeDrop:
		rep, err = b.dropNotice(r, cb.ID())
	case cbLeave:
		rep, err = b.leave(r, cb.ID())
	case cbMeetFlow:
		rep, err = b.meetingFlowButton(r, cb.Arg)
	case cbFeedback:
		rep, err = b.feedbackButton(r, cb.Arg)
	case cbEvaluate:
		rep, err = b.evalButton(r, cb.Arg)
	case cbSurvey:
		rep, err = b.surveyButton(r, cb.Arg)
	case cbAttend:
		rep, err = b.attend(r, cb.ID())
	case cbLeaveApprove, cbLeaveReject:
		rep, err = b.decideLeave(r, cb.Arg, cb.Action == cbLeaveApprove)
	case cbCheckIn:
		var text string
		text, err = b.checkIn(r, cb.ID(), "")
		rep = reply{toast: text}
	}
	if err != nil {
		b.fail(r, err)
		return
	}
	b.send(r, rep)
}

// buttonGuard names the command whose permission each guarded button
// action needs.
var buttonGuard = map[string]string{cbInvite: "invite", cbRemind: "notice", cbUnread: "acks", cbNoticeSend: "notice", cbNoticeDrop: "notice", cbMeetFlow: "meeting", cbLeaveApprove: "meeting", cbLeaveReject: "meeting"}

// memberButtons are the actions only a branch member can take (check in,
// reply ahead, leave, feedback, ballots, survey answers).
var memberButtons = map[string]bool{cbCheckIn: true, cbAttend: true, cbLeave: true, cbFeedback: true, cbEvaluate: true, cbSurvey: true}

// allowedButton checks a button like its command, but the chat rule is
// the message's own: the button was put there by the bot.
func (b *Bot) allowedButton(c *command, r *request) (string, bool) {
	cc := *c
	cc.where = anywhere
	return b.allowed(&cc, r)
}

// onMigrate follows a group that Telegram upgraded to a supergroup.
func (b *Bot) onMigrate(ctx context.Context, _ *tgbot.Bot, u *models.Update) {
	if err := b.store.MigrateChat(ctx, u.Message.Chat.ID, u.Message.MigrateToChatID); err != nil {
		b.log.Error("migrate chat", "err", err)
	}
}

func addedToGroup(u *models.Update) bool {
	m := u.MyChatMember
	if m == nil || m.Chat.Type == models.ChatTypePrivate || m.Chat.Type == models.ChatTypeChannel {
		return false
	}
	was := m.OldChatMember.Type
	now := m.NewChatMember.Type
	return (was == models.ChatMemberTypeLeft || was == models.ChatMemberTypeBanned) &&
		(now == models.ChatMemberTypeMember || now == models.ChatMemberTypeAdministrator)
}

func (b *Bot) onAddedToGroup(ctx context.Context, _ *tgbot.Bot, u *models.Update) {
	l := b.langOf(u.MyChatMember.From.LanguageCode)
	b.sendText(ctx, u.MyChatMember.Chat.ID, l.T(i18n.MsgAddedToGroup), nil)
}
