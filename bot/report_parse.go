package bot

import (
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

// parseFileAsk reads "[mode] [period]" in either order (/compliance,
// with no modes, just "[period]"). modes maps each
// accepted word (lower case, and its Chinese forms) to its mode; a second
// mode, a second period or any other word is refused whole, so a typo
// never silently exports something else. bad is the first word that could
// not be read ("" when all could), so the answer names it rather than
// repeat everything typed.
func parseFileAsk(s string, modes map[string]string, def data.Period) (ask fileAsk, bad string) {
	ask = fileAsk{Period: def}
	seenMode := false
	for _, w := range strings.Fields(normaliseInput(s)) {
		if m, ok := modes[strings.ToLower(w)]; ok && !seenMode {
			ask.Mode, seenMode = m, true
			continue
		}
		p, err := data.ParsePeriod(w)
		if err != nil || ask.Named {
			return fileAsk{}, w
		}
		ask.Period, ask.Named = p, true
	}
	return ask, ""
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
