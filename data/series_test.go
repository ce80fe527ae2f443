package data_test

import (
	"strings"
	"testing"
	"time"

	"branchbot/data"
)

// validSeries is a themed day on the first Saturday at 09:00.
func validSeries() data.Series {
	return data.Series{
		BranchID: 1, Kind: data.KindThemeDay, Rule: "first saturday", At: 9 * 60,
		Title: "主题党日", Duration: 2 * time.Hour, Remind: []time.Duration{24 * time.Hour},
		Holiday: "move", CreatedBy: 1, CreatedAt: t0,
	}
}

func TestSeriesValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*data.Series)
		ok     bool
	}{
		{"valid", func(*data.Series) {}, true},
		{"midnight", func(s *data.Series) { s.At = 0 }, true},
		{"last minute of the day", func(s *data.Series) { s.At = 24*60 - 1 }, true},
		{"no holiday policy: the rule's default", func(s *data.Series) { s.Holiday = "" }, true},
		{"keep", func(s *data.Series) { s.Holiday = "keep" }, true},
		{"skip", func(s *data.Series) { s.Holiday = "skip" }, true},
		{"no reminders", func(s *data.Series) { s.Remind = nil }, true},
		{"group meeting with its group", func(s *data.Series) { s.Kind, s.GroupID = data.KindGroup, 3 }, true},
		{"rule at its limit", func(s *data.Series) { s.Rule = strings.Repeat("规", data.MaxRuleLen) }, true},
		{"zero duration", func(s *data.Series) { s.Duration = 0 }, true},
		{"unknown kind", func(s *data.Series) { s.Kind = "party" }, false},
		{"no kind", func(s *data.Series) { s.Kind = "" }, false},
		{"empty title", func(s *data.Series) { s.Title = "  " }, false},
		{"long title", func(s *data.Series) { s.Title = strings.Repeat("x", data.MaxTitleLen+1) }, false},
		{"empty rule", func(s *data.Series) { s.Rule = "" }, false},
		{"blank rule", func(s *data.Series) { s.Rule = " \t\n" }, false},
		{"long rule", func(s *data.Series) { s.Rule = strings.Repeat("规", data.MaxRuleLen+1) }, false},
		{"negative time", func(s *data.Series) { s.At = -1 }, false},
		{"24:00", func(s *data.Series) { s.At = 24 * 60 }, false},
		{"unknown holiday policy", func(s *data.Series) { s.Holiday = "ignore" }, false},
		{"holiday policy in capitals", func(s *data.Series) { s.Holiday = "Move" }, false},
		{"group meeting without a group", func(s *data.Series) { s.Kind, s.GroupID = data.KindGroup, 0 }, false},
		{"negative duration", func(s *data.Series) { s.Duration = -time.Minute }, false},
		{"longer than a day", func(s *data.Series) { s.Duration = 24*time.Hour + time.Minute }, false},
		{"too many reminders", func(s *data.Series) { s.Remind = make([]time.Duration, data.MaxReminders+1) }, false},
		{"reminder after the start", func(s *data.Series) { s.Remind = []time.Duration{-time.Hour} }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sr := validSeries()
			tc.change(&sr)
			err := sr.Validate()
			if tc.ok {
				if err != nil {
					t.Fatalf("Validate() = %v; want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil; want an error")
			}
			wantCode(t, "Series.Validate", err, data.EInvalid)
		})
	}
}

// TestCreateSeriesRefusesInvalid: an invalid series is not stored, and it
// neither sets a planning timer nor stops the series it was to replace.
func TestCreateSeriesRefusesInvalid(t *testing.T) {
	s := openStore(t)
	br := mustBranch(t, s, "Branch", person(1, "Sec"))
	old := validSeries()
	old.BranchID = br.ID
	old, err := s.CreateSeries(t.Context(), old, t0, 0)
	if err != nil {
		t.Fatalf("CreateSeries: %v", err)
	}
	bad := validSeries()
	bad.BranchID, bad.Rule = br.ID, ""
	_, err = s.CreateSeries(t.Context(), bad, t0.Add(time.Hour), old.ID)
	wantCode(t, "CreateSeries", err, data.EInvalid)
	all, err := s.SeriesOf(br.ID)
	if err != nil || len(all) != 1 || !all[0].Active {
		t.Fatalf("SeriesOf = %+v, %v; want the first series alone, still active", all, err)
	}
	if tm, ok, err := s.NextTimer(); err != nil || !ok || tm.Kind != data.TimerSeries || tm.Ref != old.ID || !tm.At.Equal(t0) {
		t.Fatalf("NextTimer = %+v, %v, %v; want the first series' planning timer", tm, ok, err)
	}
}
