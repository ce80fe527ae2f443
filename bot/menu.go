package bot

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
func (b *Bot) menuFor(role data.Role, private bool, l i18n.Lang) []models.BotCommand {
	var out []models.BotCommand
	for _, c := range b.cmdList {
		if !c.inMenu || (private && c.where == groupOnly) || (!private && c.where == privateOnly) {
			continue
		}
		if c.min != "" && !role.AtLeast(c.min) {
			continue
		}
		if !private && c.name == "start" {
			continue
		}
		out = append(out, models.BotCommand{Command: c.name, Description: l.T(i18n.CommandKey(c.name))})
	}
	return out
}

// langOf is the language for a Telegram language code or a stored
// preference, falling back to the configured default.
func (b *Bot) langOf(code string) i18n.Lang { return i18n.For(code, b.cfg.DefaultLang) }

// publishMenus sets the menus everyone sees: members' commands in private
// chats, and the group commands in groups. Secretaries' and owners' own
// menus are per chat (publishUserMenu).
func (b *Bot) publishMenus(ctx context.Context) error {
	for _, code := range menuLangs {
		l := b.langOf(code)
		if err := b.setMenu(ctx, &models.BotCommandScopeAllPrivateChats{}, code, b.menuFor(data.RoleMember, true, l)); err != nil {
			return err
		}
		// Group menus show what a secretary may do there; Telegram has no
		// per-member scope inside a group short of one per member.
		if err := b.setMenu(ctx, &models.BotCommandScopeAllGroupChats{}, code, b.menuFor(data.RoleSecretary, false, l)); err != nil {
			return err
		}
	}
	for id := range b.owners {
		b.publishUserMenu(ctx, id, data.RoleOwner)
	}
	return nil
}

// publishUserMenu gives one user the private-chat menu of their role, or
// removes their own menu when the members' menu is theirs.
func (b *Bot) publishUserMenu(ctx context.Context, userID int64, role data.Role) {
	if b.owners[userID] {
		role = data.RoleOwner
	}
	scope := &models.BotCommandScopeChat{ChatID: userID}
	for _, code := range menuLangs {
		var err error
		if role.AtLeast(data.RoleCommittee) {
			err = b.setMenu(ctx, scope, code, b.menuFor(role, true, b.langOf(code)))
		} else {
			_, err = b.tg.DeleteMyCommands(ctx, &tgbot.DeleteMyCommandsParams{Scope: scope, LanguageCode: code})
		}
		if err != nil {
			b.log.Warn("publish user menu", "user_id", userID, "err", b.redact(err))
			return
		}
	}
}

func (b *Bot) setMenu(ctx context.Context, scope models.BotCommandScope, code string, cmds []models.BotCommand) error {
	_, err := b.tg.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: cmds, Scope: scope, LanguageCode: code})
	if err != nil {
		return fmt.Errorf("set commands: %w", b.redact(err))
	}
	return nil
}
