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
// repeat everything typed; when every word reads but two say the same
// thing (two periods, two modes), it is the whole input.
func parseFileAsk(s string, modes map[string]string, def data.Period) (ask fileAsk, bad string) {
	ask = fileAsk{Period: def}
	seenMode := false
	s = normaliseInput(s)
	for _, w := range strings.Fields(s) {
		m, isMode := modes[strings.ToLower(w)]
		p, err := data.ParsePeriod(w)
		switch {
		case isMode && seenMode, err == nil && ask.Named:
			// Each word reads, but not together: no one word is at fault.
			return fileAsk{}, s
		case isMode:
			ask.Mode, seenMode = m, true
		case err != nil:
			return fileAsk{}, w
		default:
			ask.Period, ask.Named = p, true
		}
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
