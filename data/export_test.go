package data_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"

	"branchbot/data"
)

// exportOf exports branchID and decodes the result loosely.
func exportOf(t *testing.T, s *data.Store, branchID uint64) map[string]any {
	t.Helper()
	var buf bytes.Buffer
	if err := s.ExportJSON(t.Context(), &buf, branchID); err != nil {
		t.Fatalf("ExportJSON(%d): %v", branchID, err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, buf.String())
	}
	return doc
}

// An evaluation round's published tallies are exported; an open round
// and a withheld one show none, and no ballot ever appears.
func TestExportEvaluationTalliesOnly(t *testing.T) {
	s := openStore(t)
	sec := person(1, "Sec")
	br := mustBranch(t, s, "Branch", sec)
	members := []int64{1}
	for i := int64(2); i <= 5; i++ {
		mustJoin(t, s, br.ID, data.RoleMember, sec.UserID, person(i, "M"))
		members = append(members, i)
	}
	ctx := t.Context()
	r, err := s.OpenRound(ctx, br.ID, t0)
	if err != nil {
		t.Fatal(err)
	}
	for _, voter := range members {
		for _, target := range members {
			if err := s.Vote(ctx, r.ID, voter, target, data.Qualified); err != nil {
				t.Fatal(err)
			}
		}
	}
	open := exportOf(t, s, br.ID)["branches"].([]any)[0].(map[string]any)["evaluations"].([]any)[0].(map[string]any)
	if open["open"] != true || len(open["tallies"].([]any)) != 0 || open["voters"] != float64(0) {
		t.Errorf("an open round exported as %v", open)
	}
	if _, err := s.CloseRound(ctx, br.ID, t0); err != nil {
		t.Fatal(err)
	}
	closed := exportOf(t, s, br.ID)["branches"].([]any)[0].(map[string]any)["evaluations"].([]any)[0].(map[string]any)
	tallies := closed["tallies"].([]any)
	if closed["open"] != false || len(tallies) != 5 || closed["voters"] != float64(5) {
		t.Fatalf("a closed round exported as %v", closed)
	}
	if got := tallies[0].(map[string]any)["ratings"].(map[string]any)["qualified"]; got != float64(5) {
		t.Errorf("tally %v; want 5 × qualified", tallies[0])
	}
}

// 0 exports every branch in id order; an unknown branch is not found; a
// failing writer and a cancelled context stop the export with an error.
func TestExportBranchesAndFailures(t *testing.T) {
	s := openStore(t)
	a := mustBranch(t, s, "A", person(1, "A"))
	b := mustBranch(t, s, "B", person(2, "B"))
	doc := exportOf(t, s, 0)
	if doc["format"] != data.ExportFormat || doc["version"] != float64(data.ExportVersion) {
		t.Errorf("head %v", doc)
	}
	brs := doc["branches"].([]any)
	if len(brs) != 2 || brs[0].(map[string]any)["branch"].(map[string]any)["id"] != float64(a.ID) || brs[1].(map[string]any)["branch"].(map[string]any)["id"] != float64(b.ID) {
		t.Errorf("branches %v", brs)
	}
	if got := exportOf(t, s, b.ID)["branches"].([]any); len(got) != 1 {
		t.Errorf("one branch: %d exported", len(got))
	}
	if err := s.ExportJSON(t.Context(), &bytes.Buffer{}, 99); data.ErrorCode(err) != data.ENotFound {
		t.Errorf("unknown branch: %v; want not found", err)
	}
	broken := errors.New("disk full")
	if err := s.ExportJSON(t.Context(), failWriter{broken}, 0); !errors.Is(err, broken) {
		t.Errorf("failing writer: %v; want %v", err, broken)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := s.ExportJSON(ctx, &bytes.Buffer{}, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }
