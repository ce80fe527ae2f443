package telegram

import (
	"context"
	"fmt"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"branchbot/bot/i18n"
	"branchbot/data"
)

// menuLangs are the language codes menus are published for; "" is
// Telegram's fallback for every other language.
var menuLangs = []string{"zh", "en", ""}

// menuFor lists the menu commands a user of the given role sees in chats
// of kind private (true) or group (false).
func (t *Transport) menuFor(role data.Role, private bool, l i18n.Lang) []models.BotCommand {
	var out []models.BotCommand
	for _, c := range t.router.commands {
		if !c.Menu || (private && c.Where == GroupOnly) || (!private && c.Where == PrivateOnly) {
			continue
		}
		if c.Need != "" && !role.AtLeast(c.Need) {
			continue
		}
		if !private && c.Name == "start" {
			continue
		}
		out = append(out, models.BotCommand{Command: c.Name, Description: l.CommandDesc(c.Name)})
	}
	return out
}

// publishMenus sets the menus everyone sees: members' commands in private
// chats, and the group commands in groups. Secretaries' and owners' own
// menus are per chat (publishUserMenu).
func (t *Transport) publishMenus(ctx context.Context) error {
	for _, code := range menuLangs {
		l := t.langOf(code)
		if err := t.setMenu(ctx, &models.BotCommandScopeAllPrivateChats{}, code, t.menuFor(data.RoleMember, true, l)); err != nil {
			return err
		}
		// Group menus show what a secretary may do there; Telegram has no
		// per-member scope inside a group short of one per member.
		if err := t.setMenu(ctx, &models.BotCommandScopeAllGroupChats{}, code, t.menuFor(data.RoleSecretary, false, l)); err != nil {
			return err
		}
	}
	for id := range t.owners {
		t.PublishUserMenu(ctx, id, data.RoleOwner)
	}
	return nil
}

// PublishUserMenu gives one user the private-chat menu of their role, or
// removes their own menu when the members' menu is theirs.
func (t *Transport) PublishUserMenu(ctx context.Context, userID int64, role data.Role) {
	if t.owners[userID] {
		role = data.RoleOwner
	}
	scope := &models.BotCommandScopeChat{ChatID: userID}
	for _, code := range menuLangs {
		var err error
		if role.AtLeast(data.RoleCommittee) {
			err = t.setMenu(ctx, scope, code, t.menuFor(role, true, t.langOf(code)))
		} else {
			_, err = t.tg.DeleteMyCommands(ctx, &tgbot.DeleteMyCommandsParams{Scope: scope, LanguageCode: code})
		}
		if err != nil {
			t.log.Warn("publish user menu", "user_id", userID, "err", t.redact(err))
			return
		}
	}
}

func (t *Transport) setMenu(ctx context.Context, scope models.BotCommandScope, code string, cmds []models.BotCommand) error {
	_, err := t.tg.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: cmds, Scope: scope, LanguageCode: code})
	if err != nil {
		return fmt.Errorf("set commands: %w", t.redact(err))
	}
	return nil
}
