package bot

import (
	"strings"
	"testing"

	"branchbot/data"
)

func TestParseFileAsk(t *testing.T) {
	def, _ := data.ParsePeriod("2026-Q4")
	q1, _ := data.ParsePeriod("2026-Q1")
	mar, _ := data.ParsePeriod("2026-03")
	year, _ := data.ParsePeriod("2025")
	tests := []struct {
		in   string
		want fileAsk
		bad  string // the word named as unreadable
	}{
		{in: "", want: fileAsk{Period: def}},
		{in: "2026-Q1", want: fileAsk{Period: q1, Named: true}},
		{in: "2026-q1", want: fileAsk{Period: q1, Named: true}},
		{in: "２０２６－Ｑ１", want: fileAsk{Period: q1, Named: true}},
		{in: "csv", want: fileAsk{Mode: modeCSV, Period: def}},
		{in: "CSV 2026-03", want: fileAsk{Mode: modeCSV, Period: mar, Named: true}},
		{in: "2026-03 csv", want: fileAsk{Mode: modeCSV, Period: mar, Named: true}},
		{in: "pack 2025", want: fileAsk{Mode: modePack, Period: year, Named: true}},
		{in: "材料包", want: fileAsk{Mode: modePack, Period: def}},
		{in: "  xlsx   2026-Q1  ", want: fileAsk{Mode: modeXLSX, Period: q1, Named: true}},
		{in: "2026-Q5", bad: "2026-Q5"},
		{in: "2026-13", bad: "2026-13"},
		{in: "csv pack", bad: "csv pack"},
		{in: "2026-Q1 2026-Q2", bad: "2026-Q1 2026-Q2"},
		{in: "下个月", bad: "下个月"},
		{in: "csv csv", bad: "csv csv"},
		{in: "csv 2026-Q1 下月", bad: "下月"},
		{in: "1999", bad: "1999"},
		{in: "pack Q4", bad: "Q4"},
	}
	for _, tt := range tests {
		got, bad := parseFileAsk(tt.in, reportModes, def)
		if bad != tt.bad || (bad == "" && got != tt.want) {
			t.Errorf("parseFileAsk(%q) = %+v, bad %q; want %+v, bad %q", tt.in, got, bad, tt.want, tt.bad)
		}
	}
}

func FuzzParseFileAsk(f *testing.F) {
	for _, s := range []string{"", "csv 2026-Q1", "pack", "2026-13", "材料包 2026", "xlsx 2026-03 x"} {
		f.Add(s)
	}
	def, _ := data.ParsePeriod("2026-Q4")
	f.Fuzz(func(t *testing.T, s string) {
		ask, bad := parseFileAsk(s, reportModes, def)
		if bad != "" {
			if !strings.Contains(normaliseInput(s), bad) {
				t.Fatalf("bad word %q is not in %q", bad, s)
			}
			return
		}
		if ask.Mode != "" && ask.Mode != modeXLSX && ask.Mode != modeCSV && ask.Mode != modePack {
			t.Fatalf("unknown mode %q from %q", ask.Mode, s)
		}
		if _, err := data.ParsePeriod(ask.Period.String()); err != nil {
			t.Fatalf("period %v from %q does not read back: %v", ask.Period, s, err)
		}
	})
}
