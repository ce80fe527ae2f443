package export_test

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"branchbot/bot/export"
)

func TestXLSXKeepsTextAsTextAndNumbersAsNumbers(t *testing.T) {
	file, err := export.XLSX([]export.Sheet{
		{Name: "会议", Header: []string{"日期", "标题", "实到", "出勤率"}, Rows: [][]any{
			{"2026-03-05", "=HYPERLINK(\"x\")", 12, export.Percent(0.75)},
			{"2026-03-12", "学习：党章/党规", 0, export.Percent(0)},
		}},
		{Name: "a/b:c*d?e[f]g\\h 这个名字比三十一个字符还要长很多很多很多很多很多很多", Header: []string{"x"}},
		{Name: "", Header: nil},
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(file))
	if err != nil {
		t.Fatalf("open the workbook: %v", err)
	}
	defer f.Close()
	names := f.GetSheetList()
	if len(names) != 3 || names[0] != "会议" || names[2] != "Sheet3" {
		t.Fatalf("sheets %q", names)
	}
	if n := []rune(names[1]); len(n) != 31 || bytes.ContainsAny([]byte(names[1]), "[]:*?/\\") {
		t.Errorf("sheet name not made safe: %q", names[1])
	}
	get := func(cell string) string {
		t.Helper()
		v, err := f.GetCellValue("会议", cell)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if got := get("B2"); got != "=HYPERLINK(\"x\")" {
		t.Errorf("text cell B2 = %q", got)
	}
	if formula, _ := f.GetCellFormula("会议", "B2"); formula != "" {
		t.Errorf("a member's text became a formula: %q", formula)
	}
	if typ, _ := f.GetCellType("会议", "C2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("count cell type %v", typ)
	}
	if got := get("C2"); got != "12" {
		t.Errorf("C2 = %q", got)
	}
	if got := get("D2"); got != "75%" {
		t.Errorf("percent D2 = %q; want 75%%", got)
	}
	if got := get("A1"); got != "日期" {
		t.Errorf("header A1 = %q", got)
	}
}
