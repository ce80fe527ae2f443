package export

import (
	"bytes"
	"fmt"
	"math"

	"github.com/xuri/excelize/v2"
)

// Sheet is one worksheet: a bold, frozen header row, then rows. A row's
// values may be strings, ints or Percents; anything else is written with
// fmt's %v, as text.
type Sheet struct {
	Name   string
	Header []string
	Rows   [][]any
	// Widths are column widths in characters, by column; missing or zero
	// ones get a width from the header.
	Widths []float64
}

// Percent is a ratio from 0 to 1 that the spreadsheet shows as a
// percentage but keeps as a number, so a secretary can sum or chart it.
type Percent float64

// maxSheetName is Excel's limit on a sheet's name, in characters.
const maxSheetName = 31

// XLSX renders sheets as one workbook. Text goes in as text cells, never
// as formulas: in a workbook that is the neutralising, so unlike CSV no
// apostrophe is added and a member's "=1+1" reads as they wrote it.
// Sheets are streamed, so a year of a large branch stays small in memory.
func XLSX(sheets []Sheet) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	if err != nil {
		return nil, fmt.Errorf("xlsx header style: %w", err)
	}
	pct, err := f.NewStyle(&excelize.Style{NumFmt: 9}) // 0%
	if err != nil {
		return nil, fmt.Errorf("xlsx percent style: %w", err)
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return nil, fmt.Errorf("xlsx text style: %w", err)
	}
	first := f.GetSheetName(0)
	for i, sh := range sheets {
		name := sheetName(sh.Name, i)
		if i == 0 {
			if err := f.SetSheetName(first, name); err != nil {
				return nil, fmt.Errorf("xlsx sheet %q: %w", name, err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return nil, fmt.Errorf("xlsx sheet %q: %w", name, err)
		}
		if err := writeSheet(f, name, sh, bold, pct, wrap); err != nil {
			return nil, fmt.Errorf("xlsx sheet %q: %w", name, err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("write xlsx: %w", err)
	}
	return buf.Bytes(), nil
}

func writeSheet(f *excelize.File, name string, sh Sheet, bold, pct, wrap int) error {
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for col := range sh.Header {
		w := 0.0
		if col < len(sh.Widths) {
			w = sh.Widths[col]
		}
		if w <= 0 {
			w = math.Max(8, math.Min(40, float64(displayWidth(sh.Header[col]))+2))
		}
		if err := sw.SetColWidth(col+1, col+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(sh.Header))
	for i, h := range sh.Header {
		header[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	for r, row := range sh.Rows {
		cells := make([]any, len(row))
		for i, v := range row {
			switch v := v.(type) {
			case Percent:
				cells[i] = excelize.Cell{StyleID: pct, Value: float64(v)}
			case int, int64, float64:
				cells[i] = v
			case string:
				cells[i] = excelize.Cell{StyleID: wrap, Value: v}
			default:
				cells[i] = excelize.Cell{StyleID: wrap, Value: fmt.Sprint(v)}
			}
		}
		cell, err := excelize.CoordinatesToCellName(1, r+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// sheetName makes name a valid, unique-enough sheet name: Excel refuses
// []:*?/\ and names over 31 characters.
func sheetName(name string, i int) string {
	out := []rune{}
	for _, r := range name {
		switch r {
		case '[', ']', ':', '*', '?', '/', '\\':
			r = '_'
		}
		out = append(out, r)
	}
	if len(out) > maxSheetName {
		out = out[:maxSheetName]
	}
	if len(out) == 0 {
		return fmt.Sprintf("Sheet%d", i+1)
	}
	return string(out)
}

// displayWidth counts a wide (CJK) character as two columns.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x1100 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
