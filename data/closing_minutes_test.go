package data_test

import (
	"reflect"
	"testing"
	"time"

	"branchbot/data"
)

func strp(s string) *string       { return &s }
func listp(s ...string) *[]string { return &s }

func TestMinutesEditApply(t *testing.T) {
	prev := data.Minutes{Text: "学习了党章", Host: "张三", Recorder: "李四", Agenda: []string{"学习"}, Decisions: []string{"按时交党费"},
		By: 1, At: t0, Earlier: []data.Minutes{{Text: "old"}}}
	at := t0.Add(time.Hour)
	for _, tc := range []struct {
		name string
		edit data.MinutesEdit
		want data.Minutes
	}{
		{"text only keeps the rest", data.MinutesEdit{Text: strp(" 新内容 ")},
			data.Minutes{Text: "新内容", Host: "张三", Recorder: "李四", Agenda: []string{"学习"}, Decisions: []string{"按时交党费"}, By: 2, At: at}},
		{"lists replace as a whole, blanks dropped", data.MinutesEdit{Agenda: listp("一", " ", "二"), Decisions: listp()},
			data.Minutes{Text: "学习了党章", Host: "张三", Recorder: "李四", Agenda: []string{"一", "二"}, By: 2, At: at}},
		{"an empty value clears", data.MinutesEdit{Host: strp(""), Recorder: strp("王五")},
			data.Minutes{Text: "学习了党章", Recorder: "王五", Agenda: []string{"学习"}, Decisions: []string{"按时交党费"}, By: 2, At: at}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.edit.Apply(prev, 2, at); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Apply = %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestMinutesValidate(t *testing.T) {
	many := make([]string, data.MaxMinutesItems+1)
	for i := range many {
		many[i] = "x"
	}
	for _, tc := range []struct {
		name string
		min  data.Minutes
		ok   bool
	}{
		{"host alone is minutes", data.Minutes{Host: "张三"}, true},
		{"blank", data.Minutes{Text: "  ", Agenda: []string{" "}}, false},
		{"too many decisions", data.Minutes{Decisions: many}, false},
		{"broken UTF-8", data.Minutes{Recorder: "\xff"}, false},
	} {
		if err := tc.min.Validate(); (err == nil) != tc.ok {
			t.Errorf("%s: Validate = %v, want ok %v", tc.name, err, tc.ok)
		}
	}
}

// minutesBranch is a branch with one meeting, for minutes and evidence.
func minutesBranch(t *testing.T) (*data.Store, data.Branch, data.Meeting) {
	t.Helper()
	s := openStore(t)
	founder := person(1, "Wang")
	br := mustBranch(t, s, "第一党支部", founder)
	m, err := s.CreateMeeting(t.Context(), data.Meeting{
		BranchID: br.ID, Kind: data.KindCommittee, Title: "支委会", Start: t0.Add(24 * time.Hour), Duration: time.Hour,
		CreatedBy: founder.UserID, CreatedAt: t0,
	}, nil)
	if err != nil {
		t.Fatalf("CreateMeeting: %v", err)
	}
	return s, br, m
}

func TestStructuredMinutesRoundTripAndHistory(t *testing.T) {
	s, br, m := minutesBranch(t)
	ctx := t.Context()
	first := data.MinutesEdit{Host: strp("张三"), Recorder: strp("李四"), Agenda: listp("传达全会精神", "发展党员"), Decisions: listp("同意李某为积极分子"), Text: strp("气氛热烈")}
	saved, replaced, err := s.EditMinutes(ctx, m.ID, br.ID, first, 1, t0)
	if err != nil || replaced != nil {
		t.Fatalf("first EditMinutes = %v, replaced %v", err, replaced)
	}
	got, err := s.Meeting(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*got.Minutes, saved) || got.Minutes.Host != "张三" || len(got.Minutes.Agenda) != 2 {
		t.Fatalf("stored %+v, saved %+v", got.Minutes, saved)
	}
	// The second edit adds a decision; the first version is kept whole.
	_, replaced, err = s.EditMinutes(ctx, m.ID, br.ID, data.MinutesEdit{Decisions: listp("同意李某为积极分子", "下月开展主题党日")}, 2, t0.Add(time.Hour))
	if err != nil || replaced == nil || replaced.By != 1 {
		t.Fatalf("second EditMinutes = %v, replaced %+v", err, replaced)
	}
	got, _ = s.Meeting(m.ID)
	min := got.Minutes
	if min.Host != "张三" || len(min.Decisions) != 2 || min.By != 2 || len(min.Earlier) != 1 {
		t.Fatalf("after the second edit: %+v", min)
	}
	if e := min.Earlier[0]; len(e.Decisions) != 1 || e.Text != "气氛热烈" || e.By != 1 || !e.At.Equal(t0) {
		t.Errorf("earlier version = %+v", e)
	}
	// Replacing every field keeps both earlier versions.
	all := data.MinutesEdit{Text: strp("全文"), Host: strp(""), Recorder: strp(""), Agenda: &[]string{}, Decisions: &[]string{}}
	if _, _, err := s.EditMinutes(ctx, m.ID, br.ID, all, 1, t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Meeting(m.ID)
	if min := got.Minutes; min.Host != "" || min.Text != "全文" || len(min.Earlier) != 2 || len(min.Earlier[1].Decisions) != 2 {
		t.Errorf("after replacing every field: %+v", min)
	}
	// An edit that would leave nothing is refused, and nothing is lost.
	_, _, err = s.EditMinutes(ctx, m.ID, br.ID, data.MinutesEdit{Text: strp("")}, 1, t0)
	wantCode(t, "empty minutes", err, data.EInvalid)
	if got, _ = s.Meeting(m.ID); got.Minutes.Text != "全文" {
		t.Errorf("a refused edit changed the minutes: %+v", got.Minutes)
	}
}

func TestCancelledMeetingMinutesAndEvidenceClosed(t *testing.T) {
	s, br, m := minutesBranch(t)
	ctx := t.Context()
	if _, _, err := s.CancelMeeting(ctx, m.ID, data.MeetingChange{Now: t0, By: 1, Render: func(data.Meeting, string) string { return "x" }}); err != nil {
		t.Fatal(err)
	}
	_, _, err := s.EditMinutes(ctx, m.ID, br.ID, data.MinutesEdit{Text: strp("x")}, 1, t0)
	wantErrIs(t, "minutes of a cancelled meeting", err, data.ErrMeetingCancelled)
	_, err = s.AddEvidence(ctx, br.ID, data.Evidence{MeetingID: m.ID, Kind: data.EvidencePhoto, FileID: "f", FileUniqueID: "u", By: 1, At: t0})
	wantErrIs(t, "evidence of a cancelled meeting", err, data.ErrMeetingCancelled)
	_, err = s.StartAttaching(ctx, br.ID, 1, m.ID, t0)
	wantErrIs(t, "attach step of a cancelled meeting", err, data.ErrMeetingCancelled)
}

func TestEvidenceAttachListAndDuplicates(t *testing.T) {
	s, br, m := minutesBranch(t)
	ctx := t.Context()
	if ev, err := s.MeetingEvidence(m.ID); err != nil || len(ev) != 0 {
		t.Fatalf("a new store's evidence = %v, %v", ev, err)
	}
	photo := data.Evidence{MeetingID: m.ID, Kind: data.EvidencePhoto, FileID: "p1", FileUniqueID: "up1", Caption: "签到表", By: 1, At: t0}
	doc := data.Evidence{MeetingID: m.ID, Kind: data.EvidenceDocument, FileID: "d1", FileUniqueID: "ud1", FileName: "记录.pdf", By: 1, At: t0.Add(time.Minute)}
	for i, e := range []data.Evidence{photo, doc} {
		if n, err := s.AddEvidence(ctx, br.ID, e); err != nil || n != i+1 {
			t.Fatalf("AddEvidence %d = %d, %v", i, n, err)
		}
	}
	again := photo
	again.FileID = "p1-other-copy"
	_, err := s.AddEvidence(ctx, br.ID, again)
	wantErrIs(t, "the same file twice", err, data.ErrEvidenceDuplicate)
	_, err = s.AddEvidence(ctx, br.ID+1, doc)
	wantErrIs(t, "another branch's meeting", err, data.ErrMeetingUnknown)
	_, err = s.AddEvidence(ctx, br.ID, data.Evidence{MeetingID: m.ID, Kind: data.EvidencePhoto, By: 1, At: t0})
	wantCode(t, "no file", err, data.EInvalid)
	ev, err := s.MeetingEvidence(m.ID)
	if err != nil || !reflect.DeepEqual(ev, []data.Evidence{photo, doc}) {
		t.Errorf("MeetingEvidence = %+v, %v", ev, err)
	}
}

func TestAttachStepWindow(t *testing.T) {
	s, br, m := minutesBranch(t)
	if _, ok, err := s.OpenAttaching(1, t0); ok || err != nil {
		t.Fatalf("no step yet: ok %v, %v", ok, err)
	}
	if _, err := s.StartAttaching(t.Context(), br.ID, 1, m.ID, t0); err != nil {
		t.Fatal(err)
	}
	if a, ok, err := s.OpenAttaching(1, t0.Add(data.AttachWindow-time.Second)); !ok || err != nil || a.MeetingID != m.ID {
		t.Errorf("within the window: %+v %v %v", a, ok, err)
	}
	if _, ok, _ := s.OpenAttaching(1, t0.Add(data.AttachWindow)); ok {
		t.Error("the step is still open after its window")
	}
	if _, ok, _ := s.OpenAttaching(2, t0); ok {
		t.Error("another user's step is open")
	}
}
