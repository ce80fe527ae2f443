package data_test

import (
	"testing"

	"branchbot/data"
)

// TestRoundCount: only complete ballots count, self-ratings included, so
// every member's total is the number of counted ballots whether or not
// they voted; below the threshold nothing per member is kept.
func TestRoundCount(t *testing.T) {
	members := []int64{1, 2, 3, 4, 5, 6}
	full := func(g data.Rating) map[int64]data.Rating {
		b := map[int64]data.Rating{}
		for _, m := range members {
			b[m] = g
		}
		return b
	}
	ballots := map[int64]map[int64]data.Rating{
		1: full(data.Excellent), 2: full(data.Qualified), 3: full(data.Qualified),
		4: full(data.Basic), 5: full(data.Excellent),
		6: {1: data.Unqualified}, // incomplete: set aside
	}
	r := data.Round{Members: members}
	r.Count(ballots, data.MinEvalVoters)
	if r.Withheld || r.Voters != 5 || r.SetAside != 1 {
		t.Fatalf("Count = voters %d, set aside %d, withheld %v; want 5, 1, false", r.Voters, r.SetAside, r.Withheld)
	}
	for _, m := range members {
		sum := 0
		for _, n := range r.Tallies[m] {
			sum += n
		}
		if sum != r.Voters {
			t.Errorf("member %d: %d ratings; want %d, the same for voters and non-voters", m, sum, r.Voters)
		}
	}
	if got := r.Tallies[1][data.Unqualified]; got != 0 {
		t.Errorf("the incomplete ballot was counted: %d", got)
	}

	r.Count(ballots, 6)
	if !r.Withheld || r.Tallies != nil || r.MinVoters != 6 {
		t.Errorf("Count below the threshold = %+v; want withheld, no tallies", r)
	}
}

// Item 4 in the store: a round of four in which three vote keeps no
// per-member tally at all, and the ballots are gone.
func TestEvaluationSmallRoundKeepsNoTallies(t *testing.T) {
	s := openStore(t)
	sec := person(1, "Sec")
	br := mustBranch(t, s, "Branch", sec)
	for i := int64(2); i <= 4; i++ {
		mustJoin(t, s, br.ID, data.RoleMember, sec.UserID, person(i, "M"))
	}
	ctx := t.Context()
	r, err := s.OpenRound(ctx, br.ID, t0)
	if err != nil {
		t.Fatal(err)
	}
	for voter := int64(1); voter <= 3; voter++ {
		for target := int64(1); target <= 4; target++ {
			if err := s.Vote(ctx, r.ID, voter, target, data.Qualified); err != nil {
				t.Fatalf("Vote(%d→%d): %v", voter, target, err)
			}
		}
	}
	closed, err := s.CloseRound(ctx, br.ID, t0)
	if err != nil {
		t.Fatal(err)
	}
	if !closed.Withheld || closed.Tallies != nil || closed.Voters != 3 || closed.MinVoters != data.MinEvalVoters {
		t.Fatalf("CloseRound = %+v; want 3 voters, tallies withheld", closed)
	}
	err = s.Walk(func(bucket string, k, v []byte) error {
		if bucket == "eval_ballots" {
			t.Errorf("a ballot survived the closing: %x", k)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The threshold may only be raised.
func TestSettingsEvalThreshold(t *testing.T) {
	for _, tc := range []struct {
		n       int
		ok      bool
		applies int
	}{{0, true, 5}, {5, true, 5}, {12, true, 12}, {4, false, 0}, {-1, false, 0}, {data.MaxEvalVoters + 1, false, 0}} {
		s := data.DefaultSettings()
		s.EvalMinVoters = tc.n
		if err := s.Validate(); (err == nil) != tc.ok {
			t.Errorf("EvalMinVoters %d: Validate = %v; want ok %v", tc.n, err, tc.ok)
		}
		if tc.ok && s.EvalThreshold() != tc.applies {
			t.Errorf("EvalMinVoters %d: threshold %d; want %d", tc.n, s.EvalThreshold(), tc.applies)
		}
	}
}
