package bot

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestImportsPointDown keeps the layout honest: cmd → bot →
// {bot/telegram, bot/i18n} → schedule → data, with Telegram known to
// bot/telegram (and the fake, bot/tgtest) alone.
func TestImportsPointDown(t *testing.T) {
	// may lists, for each package of the module, the module's packages it
	// may import; a package not listed may import none.
	may := map[string][]string{
		"branchbot/cmd/branchbot": {"branchbot/bot", "branchbot/bot/i18n", "branchbot/bot/tgtest", "branchbot/data", "branchbot/schedule"},
		"branchbot/bot":           {"branchbot/bot/telegram", "branchbot/bot/i18n", "branchbot/bot/export", "branchbot/bot/chart", "branchbot/schedule", "branchbot/data"},
		"branchbot/bot/export":    nil,
		"branchbot/bot/chart":     nil,
		"branchbot/bot/telegram":  {"branchbot/bot/i18n", "branchbot/schedule", "branchbot/data"},
		"branchbot/bot/i18n":      {"branchbot/data"},
		"branchbot/schedule":      {"branchbot/data"},
		"branchbot/data":          nil,
		"branchbot/bot/tgtest":    {"branchbot/bot/tgtest/botapi"},
	}
	telegramOK := map[string]bool{"branchbot/bot/telegram": true, "branchbot/bot/tgtest": true, "branchbot/bot/tgtest/botapi": true}
	root := ".."
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		pkg := "branchbot/" + filepath.ToSlash(rel)
		seen[pkg] = true
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		allowed, known := may[pkg]
		if !known && pkg != "branchbot/bot/tgtest/botapi" {
			t.Errorf("%s: a package the layout does not know; add it to this test's table", pkg)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			switch {
			case strings.HasPrefix(p, "github.com/go-telegram/") && !telegramOK[pkg]:
				t.Errorf("%s imports %s: only bot/telegram speaks the Bot API", path, p)
			case strings.HasPrefix(p, "branchbot/") && !slices.Contains(allowed, p):
				t.Errorf("%s imports %s: imports point down (cmd → bot → {bot/telegram, bot/i18n} → schedule → data)", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for pkg := range may {
		if !seen[pkg] {
			t.Errorf("%s: no such package; this test's table is stale", pkg)
		}
	}
}
