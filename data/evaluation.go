package data

import (
	"slices"
	"time"
)

// Rating is a democratic-evaluation grade (民主评议).
type Rating string

// The four grades.
const (
	Excellent   Rating = "excellent"   // 优秀
	Qualified   Rating = "qualified"   // 合格
	Basic       Rating = "basic"       // 基本合格
	Unqualified Rating = "unqualified" // 不合格
)

// Ratings lists the grades, best first.
var Ratings = []Rating{Excellent, Qualified, Basic, Unqualified}

// Validate checks that r is one of Ratings.
func (r Rating) Validate() error {
	if !slices.Contains(Ratings, r) {
		return Errorf(EInvalid, "rating %q", r)
	}
	return nil
}

// Round is a democratic evaluation: open, members rate every member,
// themselves included (自评), by anonymous ballot, closed with per-member
// tallies for the ledger.
//
// Only complete ballots (every member rated) are counted, and a self-rating
// is part of one, so every member's tally sums to Voters: the number of a
// member's ratings cannot tell whether they voted, as it could when
// members did not rate themselves (a voter's total was Voters − 1). In a
// round with fewer than the branch's threshold of voters, no per-member
// tally is published or kept: a handful of ballots would show each grade.
type Round struct {
	ID       uint64                   `json:"id"`
	BranchID uint64                   `json:"branch_id"`
	Open     bool                     `json:"open"`
	OpenedAt time.Time                `json:"opened_at"`
	ClosedAt time.Time                `json:"closed_at,omitzero"`
	Members  []int64                  `json:"members"` // who is rated and who votes, fixed at opening
	Names    map[int64]string         `json:"names"`
	Tallies  map[int64]map[Rating]int `json:"tallies,omitempty"` // set at closing, unless Withheld
	Voters   int                      `json:"voters,omitempty"`  // how many complete ballots were counted
	// SetAside counts the incomplete ballots left out at closing.
	SetAside int `json:"set_aside,omitempty"`
	// MinVoters is the branch's threshold in force at closing; Withheld
	// says Voters fell short of it, so no per-member tally exists.
	MinVoters int  `json:"min_voters,omitempty"`
	Withheld  bool `json:"withheld,omitempty"`
}

// Count tallies the round's ballots (voter → target → grade) as it
// closes: a ballot counts only when it rates every member of the round,
// the voter included; the rest are set aside. With fewer than minVoters
// counted ballots the tallies are withheld (nil).
func (r *Round) Count(ballots map[int64]map[int64]Rating, minVoters int) {
	r.Tallies, r.Voters, r.SetAside, r.MinVoters, r.Withheld = nil, 0, 0, minVoters, false
	tallies := map[int64]map[Rating]int{}
	for _, m := range r.Members {
		tallies[m] = map[Rating]int{}
	}
	for _, voter := range r.Members {
		ballot, ok := ballots[voter]
		if !ok {
			continue
		}
		complete := true
		for _, m := range r.Members {
			if _, rated := ballot[m]; !rated {
				complete = false
				break
			}
		}
		if !complete {
			r.SetAside++
			continue
		}
		r.Voters++
		for _, m := range r.Members {
			tallies[m][ballot[m]]++
		}
	}
	if r.Voters < minVoters {
		r.Withheld = true
		return
	}
	r.Tallies = tallies
}

// CheckVote applies the rules for a ballot in the round: a real grade, an
// open round, and only members fixed at opening voting, for each other
// and for themselves.
func (r Round) CheckVote(voter, target int64, rating Rating) error {
	if err := rating.Validate(); err != nil {
		return err
	}
	switch {
	case !r.Open:
		return ErrRoundClosed
	case !slices.Contains(r.Members, voter) || !slices.Contains(r.Members, target):
		return ErrNotVoter
	}
	return nil
}

// Evaluation errors.
var (
	ErrRoundOpen   = &Error{Code: EConflict, Message: "an evaluation round is already open"}
	ErrNoRound     = &Error{Code: ENotFound, Message: "no open evaluation round"}
	ErrRoundClosed = &Error{Code: EConflict, Message: "the evaluation round is closed"}
	ErrNotVoter    = &Error{Code: EForbidden, Message: "not a voter in this round"}
)
