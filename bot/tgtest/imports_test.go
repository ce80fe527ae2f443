package tgtest_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// tgtest fakes Telegram for the bot's tests, so it must not import the bot
// or anything else of the project: a fake built on the code it tests would
// share its mistakes, and an import cycle would follow as soon as the bot
// imported it. Only its own subpackage botapi is allowed. The check reads
// the source, test files included, rather than running go list.
func TestImportsNothingOfTheProject(t *testing.T) {
	allowed := map[string]bool{"branchbot/bot/tgtest": true, "branchbot/bot/tgtest/botapi": true}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	sub, err := filepath.Glob(filepath.Join("botapi", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, sub...)
	if len(files) < 2 {
		t.Fatalf("found only %q", files)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				t.Fatal(err)
			}
			if (path == "branchbot" || strings.HasPrefix(path, "branchbot/")) && !allowed[path] {
				t.Errorf("%s imports %s", name, path)
			}
		}
	}
}
