package bot

import (
	"log/slog"
	"path/filepath"
	"testing"

	"branchbot/bot/i18n"
	"branchbot/data"
)

// TestEveryCommandHasDescriptions: the menus and /help show a line for
// every registered command in both languages.
func TestEveryCommandHasDescriptions(t *testing.T) {
	store, err := data.Open(filepath.Join(t.TempDir(), "b.db"), data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	b, err := New(Config{Token: "1:x", APIURL: "http://127.0.0.1:1"}, store, nil, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	cmds := b.router.Commands()
	if len(cmds) < 30 {
		t.Fatalf("only %d commands registered", len(cmds))
	}
	for _, c := range cmds {
		for _, l := range i18n.Langs {
			if !i18n.Has(l, i18n.CommandKey(c.Name)) {
				t.Errorf("/%s: no %s description", c.Name, l)
			}
		}
	}
}
