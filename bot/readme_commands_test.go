package bot

import (
	"os"
	"regexp"
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
	_, section, ok := strings.Cut(string(readme), "## Commands")
	if !ok {
		t.Fatal("README has no Commands section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	// The first cell of each row: what the table says one can type.
	var table strings.Builder
	for _, line := range strings.Split(section, "\n") {
		if cells := strings.Split(line, " | "); strings.HasPrefix(line, "| `") && len(cells) > 1 {
			table.WriteString(cells[0] + "\n")
		}
	}
	h, _ := newHarness(t)
	for _, c := range h.bot.router.Commands() {
		// The whole name: "`/me`" or "`/me <id>`", not the start of "`/meeting".
		if !regexp.MustCompile("`/" + c.Name + "[`\\s]").MatchString(table.String()) {
			t.Errorf("/%s is not in the README's command table", c.Name)
		}
	}
}
