package data_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"branchbot/data"
)

func validSurvey() data.Survey {
	return data.Survey{
		Title: "Study plan", Deadline: t0.Add(72 * time.Hour), CreatedBy: 1,
		Questions: []data.Question{
			{Kind: data.SingleChoice, Text: "When?", Options: []string{"Mornings", "Evenings"}},
			{Kind: data.MultiChoice, Text: "Topics?", Options: []string{"History", "Theory", "Practice"}},
			{Kind: data.Scale, Text: "How useful was the last one?"},
			{Kind: data.FreeText, Text: "Anything else?"},
		},
	}
}

func TestSurveyValidate(t *testing.T) {
	options := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprint("option ", i)
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		change func(*data.Survey)
		ok     bool
	}{
		{"valid", func(*data.Survey) {}, true},
		{"one question", func(s *data.Survey) { s.Questions = s.Questions[:1] }, true},
		{"most questions", func(s *data.Survey) {
			for len(s.Questions) < data.MaxQuestions {
				s.Questions = append(s.Questions, s.Questions[0])
			}
		}, true},
		{"title at its limit", func(s *data.Survey) { s.Title = strings.Repeat("问", data.MaxTitleLen) }, true},
		{"question at its limit", func(s *data.Survey) { s.Questions[3].Text = strings.Repeat("问", data.MaxQuestionLen) }, true},
		{"fewest options", func(s *data.Survey) { s.Questions[1].Options = options(data.MinOptions) }, true},
		{"most options", func(s *data.Survey) { s.Questions[0].Options = options(data.MaxOptions) }, true},
		{"option at its limit", func(s *data.Survey) { s.Questions[0].Options[0] = strings.Repeat("选", data.MaxOptionLen) }, true},
		{"empty title", func(s *data.Survey) { s.Title = " " }, false},
		{"long title", func(s *data.Survey) { s.Title = strings.Repeat("问", data.MaxTitleLen+1) }, false},
		{"no questions", func(s *data.Survey) { s.Questions = nil }, false},
		{"too many questions", func(s *data.Survey) {
			for len(s.Questions) <= data.MaxQuestions {
				s.Questions = append(s.Questions, s.Questions[0])
			}
		}, false},
		{"unknown question kind", func(s *data.Survey) { s.Questions[2].Kind = "rank" }, false},
		{"no question kind", func(s *data.Survey) { s.Questions[2].Kind = "" }, false},
		{"blank question", func(s *data.Survey) { s.Questions[3].Text = "\n" }, false},
		{"long question", func(s *data.Survey) { s.Questions[3].Text = strings.Repeat("问", data.MaxQuestionLen+1) }, false},
		{"one option", func(s *data.Survey) { s.Questions[0].Options = options(1) }, false},
		{"choice without options", func(s *data.Survey) { s.Questions[1].Options = nil }, false},
		{"too many options", func(s *data.Survey) { s.Questions[0].Options = options(data.MaxOptions + 1) }, false},
		{"blank option", func(s *data.Survey) { s.Questions[0].Options[1] = "  " }, false},
		{"long option", func(s *data.Survey) { s.Questions[0].Options[0] = strings.Repeat("选", data.MaxOptionLen+1) }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sv := validSurvey()
			sv.Questions = append([]data.Question(nil), sv.Questions...)
			for i := range sv.Questions {
				sv.Questions[i].Options = append([]string(nil), sv.Questions[i].Options...)
			}
			tc.change(&sv)
			err := sv.Validate()
			if tc.ok {
				if err != nil {
					t.Fatalf("Validate() = %v; want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil; want an error")
			}
			wantCode(t, "Survey.Validate", err, data.EInvalid)
		})
	}
}

// surveyFixture is a branch whose secretary (1, in Chinese) asks members
// 2 and 3 a survey.
type surveyFixture struct {
	s  *data.Store
	br data.Branch
	sv data.Survey
}

func newSurveyFixture(t *testing.T, anonymous bool) surveyFixture {
	t.Helper()
	s := openStore(t)
	sec := person(1, "Sec")
	sec.Lang = "zh"
	br := mustBranch(t, s, "Branch", sec)
	mustJoin(t, s, br.ID, data.RoleMember, sec.UserID, person(2, "Ann"))
	mustJoin(t, s, br.ID, data.RoleMember, sec.UserID, person(3, "Bob"))
	sv := validSurvey()
	sv.BranchID, sv.Anonymous = br.ID, anonymous
	sv, err := s.CreateSurvey(t.Context(), sv, t0, func(sv data.Survey, lang string) data.NoticeMessages {
		return data.NoticeMessages{Parts: []string{"card " + sv.Title}}
	})
	if err != nil {
		t.Fatalf("CreateSurvey: %v", err)
	}
	drainOutbox(t, s)
	return surveyFixture{s: s, br: br, sv: sv}
}

// drainOutbox completes every message in the outbox and returns them.
func drainOutbox(t *testing.T, s *data.Store) []data.OutMessage {
	t.Helper()
	due, _, err := s.DueOutbox(t0.Add(365*24*time.Hour), 1000, nil)
	if err != nil {
		t.Fatalf("DueOutbox: %v", err)
	}
	for _, m := range due {
		if _, err := s.CompleteOutbox(t.Context(), m.ID, data.Delivered, 1, "", t0, nil); err != nil {
			t.Fatalf("CompleteOutbox: %v", err)
		}
	}
	return due
}

// results renders what it is given, so the test can see it.
func results(sv data.Survey, all []data.Answers, lang string) data.NoticeMessages {
	var names []string
	for _, a := range all {
		names = append(names, a.Name)
	}
	return data.NoticeMessages{Parts: []string{fmt.Sprintf("%s %s: %d answers %v, %d of %d finished", lang, sv.Title, len(all), names, data.Finished(all), len(sv.Members))}}
}

func TestCloseSurveyWithResultsAtTheDeadline(t *testing.T) {
	f := newSurveyFixture(t, false)
	ctx := t.Context()
	_, _, err := f.s.Answer(ctx, f.sv.ID, f.br.ID, person(2, "Ann"), func(sv data.Survey, a *data.Answers) error {
		a.Choices[0], a.Done = []int{1}, true
		return nil
	})
	if err != nil {
		t.Fatalf("Answer: %v", err)
	}
	at := f.sv.Deadline
	closed, sent, err := f.s.CloseSurveyWithResults(ctx, data.SurveyClose{ID: f.sv.ID, Now: at, Results: results})
	if err != nil || !closed || sent != 1 {
		t.Fatalf("CloseSurveyWithResults = %v, %d, %v; want closed, sent to 1", closed, sent, err)
	}
	got := drainOutbox(t, f.s)
	want := "zh Study plan: 1 answers [Ann], 1 of 3 finished"
	if len(got) != 1 || got[0].ChatID != 1 || got[0].Text != want || got[0].Purpose.Kind != data.PurposeReport || !got[0].CreatedAt.Equal(at) {
		t.Fatalf("outbox = %+v; want one report to the creator: %q", got, want)
	}
	for _, kind := range []string{data.TimerSurveyClose, data.TimerSurveyRemind} {
		if ok, err := f.s.HasTimer(kind, f.sv.ID); err != nil || ok {
			t.Errorf("HasTimer(%s) = %v, %v; want the timer consumed", kind, ok, err)
		}
	}
	if sv, err := f.s.Survey(f.sv.ID, f.br.ID); err != nil || sv.Open {
		t.Fatalf("Survey = %+v, %v; want it closed", sv, err)
	}
	if _, _, err := f.s.Answer(ctx, f.sv.ID, f.br.ID, person(3, "Bob"), func(data.Survey, *data.Answers) error { return nil }); !errors.Is(err, data.ErrSurveyClosed) {
		t.Fatalf("Answer after closing = %v; want ErrSurveyClosed", err)
	}

	// Closing again (the timer firing after a close by hand, say) reports
	// nothing twice.
	closed, sent, err = f.s.CloseSurveyWithResults(ctx, data.SurveyClose{ID: f.sv.ID, Now: at, Results: results})
	if err != nil || closed || sent != 0 {
		t.Fatalf("second CloseSurveyWithResults = %v, %d, %v; want not closed, nothing sent", closed, sent, err)
	}
	if got := drainOutbox(t, f.s); len(got) != 0 {
		t.Fatalf("second close queued %+v", got)
	}
}

func TestCloseSurveyWithResultsByHand(t *testing.T) {
	f := newSurveyFixture(t, true)
	ctx := t.Context()
	for _, p := range []data.Person{person(2, "Ann"), person(3, "Bob")} {
		if _, _, err := f.s.Answer(ctx, f.sv.ID, f.br.ID, p, func(sv data.Survey, a *data.Answers) error {
			a.Texts[3], a.Done = "fine", true
			return nil
		}); err != nil {
			t.Fatalf("Answer: %v", err)
		}
	}
	// Another branch's survey id is unknown here, and stays open.
	_, _, err := f.s.CloseSurveyWithResults(ctx, data.SurveyClose{ID: f.sv.ID, BranchID: f.br.ID + 1, To: -100, Now: t0, Results: results})
	wantErrIs(t, "CloseSurveyWithResults from another branch", err, data.ErrSurveyUnknown)
	if sv, err := f.s.Survey(f.sv.ID, f.br.ID); err != nil || !sv.Open {
		t.Fatalf("Survey = %+v, %v; want it still open", sv, err)
	}

	closed, sent, err := f.s.CloseSurveyWithResults(ctx, data.SurveyClose{ID: f.sv.ID, BranchID: f.br.ID, To: -100, Lang: "en", Now: t0, Results: results})
	if err != nil || !closed || sent != 1 {
		t.Fatalf("CloseSurveyWithResults = %v, %d, %v; want closed, sent to 1", closed, sent, err)
	}
	got := drainOutbox(t, f.s)
	want := "en Study plan: 2 answers [ ], 2 of 3 finished" // anonymous: no names
	if len(got) != 1 || got[0].ChatID != -100 || got[0].Text != want {
		t.Fatalf("outbox = %+v; want one message to chat -100: %q", got, want)
	}
}

func TestCloseSurveyWithResultsCreatorGone(t *testing.T) {
	f := newSurveyFixture(t, false)
	sv := validSurvey()
	sv.BranchID, sv.CreatedBy = f.br.ID, 999 // not a member
	sv, err := f.s.CreateSurvey(t.Context(), sv, t0, func(data.Survey, string) data.NoticeMessages { return data.NoticeMessages{} })
	if err != nil {
		t.Fatalf("CreateSurvey: %v", err)
	}
	drainOutbox(t, f.s)
	closed, sent, err := f.s.CloseSurveyWithResults(t.Context(), data.SurveyClose{ID: sv.ID, Now: t0, Results: results})
	if err != nil || !closed || sent != 0 {
		t.Fatalf("CloseSurveyWithResults = %v, %d, %v; want closed, nothing sent", closed, sent, err)
	}
	if got := drainOutbox(t, f.s); len(got) != 0 {
		t.Fatalf("outbox = %+v; want nothing", got)
	}
}

func TestCloseSurveyWithoutResults(t *testing.T) {
	f := newSurveyFixture(t, false)
	c := data.SurveyClose{ID: f.sv.ID, BranchID: f.br.ID, Now: t0}
	closed, sent, err := f.s.CloseSurveyWithResults(t.Context(), c)
	if err != nil || !closed || sent != 0 {
		t.Fatalf("CloseSurveyWithResults = %v, %d, %v; want closed, nothing sent", closed, sent, err)
	}
	if got := drainOutbox(t, f.s); len(got) != 0 {
		t.Fatalf("closing without results queued %+v; want nothing", got)
	}
	if closed, _, err := f.s.CloseSurveyWithResults(t.Context(), c); err != nil || closed {
		t.Fatalf("second CloseSurveyWithResults = %v, %v; want not closed", closed, err)
	}
}
