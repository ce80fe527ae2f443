package export_test

import (
	"encoding/csv"
	"strings"
	"testing"

	"branchbot/bot/export"
)

func TestNeutraliseCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"满意", "满意"},
		{"a=1", "a=1"},
		{"'=1", "'=1"},
		{" =1", " =1"},
		{"=HYPERLINK(\"http://x\",\"点我\")", "'=HYPERLINK(\"http://x\",\"点我\")"},
		{"+1+1", "'+1+1"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"\n=1", "'\n=1"},
		{"=", "'="},
	} {
		if got := export.NeutraliseCell(tc.in); got != tc.want {
			t.Errorf("NeutraliseCell(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

// A display name, an option text or an answer that is a formula comes out
// as text in every cell of the file, the header included.
func TestCSVFormulaInjection(t *testing.T) {
	out, err := export.CSV([]string{"成员", "=cmd|' /C calc'!A0"}, [][]string{
		{"=HYPERLINK(\"http://evil\",\"Alice\")", "+1"},
		{"@Bob", "-1; =2"},
		{"Carol", "普通回答"},
	})
	if err != nil {
		t.Fatal(err)
	}
	text := strings.TrimPrefix(string(out), "\ufeff")
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatalf("read back: %v", err)
	}
	for _, rec := range recs {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r\n", rune(cell[0])) {
				t.Errorf("cell %q would run as a formula", cell)
			}
		}
	}
	if recs[3][1] != "普通回答" || recs[1][0] != "'=HYPERLINK(\"http://evil\",\"Alice\")" {
		t.Errorf("cells changed beyond the apostrophe: %q", recs)
	}
}

// FuzzNeutraliseCell: no output starts a formula, safe input is kept as
// is, and the only change ever made is one leading apostrophe.
func FuzzNeutraliseCell(f *testing.F) {
	for _, s := range []string{"", "=1+1", "+", "-", "@", "\t", "\r", "\n", "'", "满意", "\xff=", "=\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := export.NeutraliseCell(s)
		if got != "" && strings.ContainsRune("=+-@\t\r\n", rune(got[0])) {
			t.Fatalf("NeutraliseCell(%q) = %q starts a formula", s, got)
		}
		if got != s && got != "'"+s {
			t.Fatalf("NeutraliseCell(%q) = %q: more than a leading apostrophe", s, got)
		}
		if got != s && (s == "" || !strings.ContainsRune("=+-@\t\r\n", rune(s[0]))) {
			t.Fatalf("NeutraliseCell(%q) = %q changed a safe cell", s, got)
		}
		if export.NeutraliseCell(got) != got {
			t.Fatalf("NeutraliseCell is not idempotent on %q", s)
		}
	})
}
