package bot

import (
	"testing"

	"branchbot/bot/i18n"
)

// TestEveryCommandHasDescriptions: the menus and /help show a line for
// every command in both languages.
func TestEveryCommandHasDescriptions(t *testing.T) {
	b := &Bot{}
	for _, c := range b.commandList() {
		for _, l := range i18n.Langs {
			if !i18n.Has(l, i18n.CommandKey(c.name)) {
				t.Errorf("/%s: no %s description", c.name, l)
			}
		}
	}
}
