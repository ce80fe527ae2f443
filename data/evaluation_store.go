package data

import (
	"bytes"
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// OpenRound starts a round with the branch's current members.
func (s *Store) OpenRound(ctx context.Context, branchID uint64, now time.Time) (Round, error) {
	var r Round
	err := s.update(ctx, func(tx *bolt.Tx) error {
		if cur, ok, err := openRound(tx, branchID); err != nil || ok {
			if err == nil {
				r, err = cur, ErrRoundOpen
			}
			return err
		}
		people, err := branchMembers(tx, branchID)
		if err != nil {
			return err
		}
		b := tx.Bucket(bucketRounds)
		id, err := b.NextSequence()
		if err != nil {
			return err
		}
		r = Round{ID: id, BranchID: branchID, Open: true, OpenedAt: now, Names: map[int64]string{}}
		for _, p := range people {
			r.Members = append(r.Members, p.UserID)
			r.Names[p.UserID] = p.Name
		}
		return put(b, u64(id), r)
	})
	if err != nil {
		return r, fmt.Errorf("open evaluation: %w", err)
	}
	return r, nil
}

// openRound returns the branch's open round (the latest, should there be
// more than one), reporting whether there is one.
func openRound(tx *bolt.Tx, branchID uint64) (Round, bool, error) {
	open, err := scanWhere(tx.Bucket(bucketRounds), func(r Round) bool { return r.BranchID == branchID && r.Open })
	if err != nil || len(open) == 0 {
		return Round{}, false, err
	}
	return open[len(open)-1], true, nil
}

// CurrentRound returns the branch's open round, or ErrNoRound.
func (s *Store) CurrentRound(branchID uint64) (Round, error) {
	var r Round
	err := s.db.View(func(tx *bolt.Tx) error {
		var ok bool
		var err error
		r, ok, err = openRound(tx, branchID)
		if err == nil && !ok {
			err = ErrNoRound
		}
		return err
	})
	return r, err
}

func ballotKey(round uint64, voter, target int64) []byte {
	return key2(key2(u64(round), i64(voter)), i64(target))
}

// Vote records (or changes) voter's grade for target in an open round.
func (s *Store) Vote(ctx context.Context, roundID uint64, voter, target int64, rating Rating) error {
	if err := rating.Validate(); err != nil {
		return err
	}
	err := s.batch(ctx, func(tx *bolt.Tx) error {
		var r Round
		ok, err := get(tx.Bucket(bucketRounds), u64(roundID), &r)
		switch {
		case err != nil:
			return err
		case !ok:
			return ErrNoRound
		}
		if err := r.CheckVote(voter, target, rating); err != nil {
			return err
		}
		return tx.Bucket(bucketBallots).Put(ballotKey(roundID, voter, target), []byte(rating))
	})
	if err != nil {
		return fmt.Errorf("vote in round %d: %w", roundID, err)
	}
	return nil
}

// MyBallot returns voter's grades so far (target → rating), for showing
// them their own choices; nobody sees anyone else's.
func (s *Store) MyBallot(roundID uint64, voter int64) (map[int64]Rating, error) {
	out := map[int64]Rating{}
	err := s.db.View(func(tx *bolt.Tx) error {
		prefix := key2(u64(roundID), i64(voter))
		c := tx.Bucket(bucketBallots).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			out[fromI64(k[16:])] = Rating(v)
		}
		return nil
	})
	return out, err
}

// CloseRound ends the round, counts the ballots per member (Round.Count,
// with the branch's threshold) and keeps the tallies in the round for the
// ledger; the ballots themselves (who rated whom) are deleted, so the
// ledger keeps counts and never votes.
func (s *Store) CloseRound(ctx context.Context, branchID uint64, now time.Time) (Round, error) {
	var r Round
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var ok bool
		var err error
		if r, ok, err = openRound(tx, branchID); err != nil || !ok {
			if err == nil {
				err = ErrNoRound
			}
			return err
		}
		r.Open, r.ClosedAt = false, now
		var br Branch
		if _, err := get(tx.Bucket(bucketBranches), u64(branchID), &br); err != nil {
			return err
		}
		ballots := map[int64]map[int64]Rating{}
		b := tx.Bucket(bucketBallots)
		prefix := u64(r.ID)
		var keys [][]byte
		c := b.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			voter, target := fromI64(k[8:16]), fromI64(k[16:])
			if ballots[voter] == nil {
				ballots[voter] = map[int64]Rating{}
			}
			ballots[voter][target] = Rating(v)
			keys = append(keys, append([]byte(nil), k...))
		}
		for _, k := range keys {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		r.Count(ballots, br.Settings.EvalThreshold())
		return put(tx.Bucket(bucketRounds), u64(r.ID), r)
	})
	if err != nil {
		return Round{}, fmt.Errorf("close evaluation: %w", err)
	}
	return r, nil
}

// BallotProgress returns how many targets each voter of a round has
// graded so far. It is for the secretary's count of complete ballots and
// for reminding the others privately; nobody is shown who is behind.
func (s *Store) BallotProgress(roundID uint64) (map[int64]int, error) {
	out := map[int64]int{}
	err := s.db.View(func(tx *bolt.Tx) error {
		prefix := u64(roundID)
		c := tx.Bucket(bucketBallots).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			out[fromI64(k[8:16])]++
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ballot progress of round %d: %w", roundID, err)
	}
	return out, nil
}
