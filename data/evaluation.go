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

// Round is a democratic evaluation: open, members rate each other member
// by anonymous ballot, closed with per-member tallies for the ledger.
type Round struct {
	ID       uint64                   `json:"id"`
	BranchID uint64                   `json:"branch_id"`
	Open     bool                     `json:"open"`
	OpenedAt time.Time                `json:"opened_at"`
	ClosedAt time.Time                `json:"closed_at,omitzero"`
	Members  []int64                  `json:"members"` // who is rated and who votes, fixed at opening
	Names    map[int64]string         `json:"names"`
	Tallies  map[int64]map[Rating]int `json:"tallies,omitempty"` // set at closing
	Voters   int                      `json:"voters,omitempty"`  // how many cast at least one ballot
}

// CheckVote applies the rules for a ballot in the round: a real grade, an
// open round, nobody rating themselves, and only members fixed at opening
// voting for each other.
func (r Round) CheckVote(voter, target int64, rating Rating) error {
	if err := rating.Validate(); err != nil {
		return err
	}
	switch {
	case !r.Open:
		return ErrRoundClosed
	case voter == target:
		return ErrSelfRating
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
	ErrSelfRating  = &Error{Code: EInvalid, Message: "members do not rate themselves"}
)
