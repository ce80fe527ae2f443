package bot

import (
	"os"
	"strings"
	"testing"
)

// Every command the bot answers is in the README's command table, so a
// newcomer reading it learns all they can type.
func TestReadmeListsEveryCommand(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(readme), "## Commands")
	if !ok {
		t.Fatal("README has no Commands section")
	}
	table, _, _ = strings.Cut(table, "\n## ")
	h, _ := newHarness(t)
	for _, c := range h.bot.router.Commands() {
		if !strings.Contains(table, "`/"+c.Name) && !strings.Contains(table, ", `/"+c.Name) {
			t.Errorf("/%s is not in the README's command table", c.Name)
		}
	}
}
