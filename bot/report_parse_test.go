package bot

import (
	"testing"

	"branchbot/data"
)

func TestParseFileAsk(t *testing.T) {
	def, _ := data.ParsePeriod("2026-Q4")
	q1, _ := data.ParsePeriod("2026-Q1")
	mar, _ := data.ParsePeriod("2026-03")
	year, _ := data.ParsePeriod("2025")
	tests := []struct {
		in    string
		want  fileAsk
		fails bool
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
		{in: "2026-Q5", fails: true},
		{in: "2026-13", fails: true},
		{in: "csv pack", fails: true},
		{in: "2026-Q1 2026-Q2", fails: true},
		{in: "下个月", fails: true},
		{in: "csv csv", fails: true},
		{in: "1999", fails: true},
	}
	for _, tt := range tests {
		got, err := parseFileAsk(tt.in, reportModes, def)
		if tt.fails {
			if err == nil {
				t.Errorf("parseFileAsk(%q) = %+v; want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("parseFileAsk(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
}

func FuzzParseFileAsk(f *testing.F) {
	for _, s := range []string{"", "csv 2026-Q1", "pack", "2026-13", "材料包 2026", "xlsx 2026-03 x"} {
		f.Add(s)
	}
	def, _ := data.ParsePeriod("2026-Q4")
	f.Fuzz(func(t *testing.T, s string) {
		ask, err := parseFileAsk(s, reportModes, def)
		if err != nil {
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
