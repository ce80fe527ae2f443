// Package export writes the files branchbot hands to people (CSV and
// XLSX tables) so that no cell taken from a member's text can run as a
// spreadsheet formula when the file is opened.
//
// It lives under bot, beside the features that export, rather than in
// data: the danger is in how spreadsheet programs read a file, not in the
// domain. Every writer here makes every cell inert, headers included, so a
// feature cannot forget one: CSV by a leading apostrophe, XLSX by writing
// text as typed text cells.
package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
)

// formulaStarts are the first characters that make Excel, LibreOffice or
// Google Sheets treat a cell as a formula or split it into one: "=", "+",
// "-" and "@" start formulas (and DDE calls), a tab or carriage return
// before them is skipped by some importers, and a line feed likewise.
const formulaStarts = "=+-@\t\r\n"

// NeutraliseCell returns s so that a spreadsheet shows it as text: a cell
// whose first byte is one of formulaStarts gets a leading apostrophe,
// which spreadsheets take as "text follows". Anything else is returned
// unchanged. The apostrophe stays visible in a plain-text reader; a
// negative number such as "-3" becomes text too, a price we accept since
// none of our exports carries signed numbers.
func NeutraliseCell(s string) string {
	if s != "" && bytes.IndexByte([]byte(formulaStarts), s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// CSV renders header and rows as a UTF-8 CSV file with a byte-order mark
// (so spreadsheet programs read it as UTF-8), every cell neutralised.
func CSV(header []string, rows [][]string) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	for _, rec := range append([][]string{header}, rows...) {
		safe := make([]string, len(rec))
		for i, c := range rec {
			safe[i] = NeutraliseCell(c)
		}
		if err := w.Write(safe); err != nil {
			return nil, fmt.Errorf("write csv: %w", err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("write csv: %w", err)
	}
	return buf.Bytes(), nil
}
