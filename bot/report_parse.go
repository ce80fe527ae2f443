package bot

import (
	"errors"
	"strings"

	"branchbot/data"
)

// fileAsk is what /report and /overview were asked for: a mode word (""
// for the default) and a period, this quarter when none was named.
type fileAsk struct {
	Mode   string
	Period data.Period
	Named  bool // a period was written
}

var errFileAsk = errors.New("unreadable arguments")

// parseFileAsk reads "[mode] [period]" in either order. modes maps each
// accepted word (lower case, and its Chinese forms) to its mode; a second
// mode, a second period or any other word is refused whole, so a typo
// never silently exports something else.
func parseFileAsk(s string, modes map[string]string, def data.Period) (fileAsk, error) {
	ask := fileAsk{Period: def}
	seenMode := false
	for _, w := range strings.Fields(normaliseInput(s)) {
		if m, ok := modes[strings.ToLower(w)]; ok && !seenMode {
			ask.Mode, seenMode = m, true
			continue
		}
		p, err := data.ParsePeriod(strings.ToUpper(w))
		if err != nil || ask.Named {
			return fileAsk{}, errFileAsk
		}
		ask.Period, ask.Named = p, true
	}
	return ask, nil
}

// The modes of /report and /overview.
const (
	modeXLSX = "xlsx"
	modeCSV  = "csv"
	modePack = "pack"
)

var reportModes = map[string]string{
	"xlsx": modeXLSX, "excel": modeXLSX, "表格": modeXLSX,
	"csv":  modeCSV,
	"pack": modePack, "zip": modePack, "材料包": modePack, "材料": modePack,
}

var overviewModes = map[string]string{"xlsx": modeXLSX, "excel": modeXLSX, "表格": modeXLSX}
