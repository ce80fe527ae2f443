package data

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Ledger draws up branchID's ledger for period p as it stands at now, in
// one read transaction so that its sheets agree with each other. A period
// that has not begun is refused (ErrPeriodFuture); an empty branch gives a
// valid, empty ledger.
func (s *Store) Ledger(branchID uint64, p Period, loc *time.Location, now time.Time) (Ledger, error) {
	if err := p.CheckBegun(now, loc); err != nil {
		return Ledger{}, err
	}
	l, err := read(s, func(tx *bolt.Tx) (Ledger, error) { return ledger(tx, branchID, p, loc, now) })
	if err != nil {
		return Ledger{}, fmt.Errorf("ledger of branch %d for %s: %w", branchID, p, err)
	}
	return l, nil
}

func ledger(tx *bolt.Tx, branchID uint64, p Period, loc *time.Location, now time.Time) (Ledger, error) {
	l := Ledger{Period: p, From: p.Start(loc), To: p.End(loc), Now: now}
	ok, err := get(tx.Bucket(bucketBranches), u64(branchID), &l.Branch)
	switch {
	case err != nil:
		return l, err
	case !ok:
		return l, Errorf(ENotFound, "branch %d not found", branchID)
	}
	all, err := branchMembers(tx, branchID)
	if err != nil {
		return l, err
	}
	l.Members = slices.Clone(all)
	sortByRank(l.Members)
	if l.Groups, err = groups(tx, branchID); err != nil {
		return l, err
	}
	if err := ledgerMeetings(tx, &l, all); err != nil {
		return l, err
	}
	if err := ledgerCompliance(tx, &l, loc); err != nil {
		return l, err
	}
	if l.Notices, err = noticesBetween(tx, branchID, l.From, l.To); err != nil {
		return l, err
	}
	if l.Surveys, err = ledgerSurveys(tx, branchID, l.From, l.To); err != nil {
		return l, err
	}
	l.Feedback, err = feedbackCounts(tx, branchID, l.From, l.To)
	return l, err
}

// ledgerMeetings adds the period's meetings that have ended, each with its
// roll and evidence.
func ledgerMeetings(tx *bolt.Tx, l *Ledger, all []Member) error {
	ms, err := meetingsBetween(tx, l.Branch.ID, l.From, l.To)
	if err != nil {
		return err
	}
	evidence := tx.Bucket(bucketEvidence)
	for _, m := range ms {
		if m.End().After(l.Now) {
			continue
		}
		lm := LedgerMeeting{Meeting: m}
		if lm.Roll, err = rollCallAmong(tx, m, all); err != nil {
			return err
		}
		if lm.Evidence, err = evidenceOf(evidence, m.ID); err != nil {
			return err
		}
		l.Meetings = append(l.Meetings, lm)
	}
	return nil
}

// ledgerCompliance checks the period's required meetings from the
// branch's creation on, reaching past the period for a quarterly kind in
// a month's ledger.
func ledgerCompliance(tx *bolt.Tx, l *Ledger, loc *time.Location) (err error) {
	l.Compliance, err = compliance(tx, l.Branch, l.Groups, l.Period, loc, l.Now)
	return err
}

// compliance checks br's required meetings of period p from the branch's
// creation on: one rule for /compliance and the ledger.
func compliance(tx *bolt.Tx, br Branch, groups []Group, p Period, loc *time.Location, now time.Time) ([]SlotResult, error) {
	slots := SlotsSince(Slots(p, loc, br.Settings.CadenceRules(), groups), br.CreatedAt)
	if len(slots) == 0 {
		return nil, nil
	}
	from, to := SlotsSpan(slots)
	ms, err := meetingsBetween(tx, br.ID, from, to)
	if err != nil {
		return nil, err
	}
	return CheckCompliance(slots, ms, now), nil
}

// Compliance checks br's required meetings of period p (see CheckCompliance),
// groups being the branch's groups; none when the cadence requires none.
func (s *Store) Compliance(br Branch, groups []Group, p Period, loc *time.Location, now time.Time) ([]SlotResult, error) {
	out, err := read(s, func(tx *bolt.Tx) ([]SlotResult, error) { return compliance(tx, br, groups, p, loc, now) })
	if err != nil {
		return nil, fmt.Errorf("compliance of branch %d in %s: %w", br.ID, p, err)
	}
	return out, nil
}

// noticesBetween lists the branch's notices created in [from, to), oldest
// first.
func noticesBetween(tx *bolt.Tx, branchID uint64, from, to time.Time) ([]Notice, error) {
	var out []Notice
	prefix := u64(branchID)
	c := tx.Bucket(bucketBranchNotices).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		n, err := notice(tx, binary.BigEndian.Uint64(k[8:]))
		if err != nil {
			return nil, err
		}
		if !n.CreatedAt.Before(from) && n.CreatedAt.Before(to) {
			out = append(out, n)
		}
	}
	return out, nil
}

// ledgerSurveys lists the branch's surveys whose deadline falls in
// [from, to), with how many members finished answering.
func ledgerSurveys(tx *bolt.Tx, branchID uint64, from, to time.Time) ([]LedgerSurvey, error) {
	svs, err := scanWhere(tx.Bucket(bucketSurveys), func(sv Survey) bool {
		return sv.BranchID == branchID && !sv.Deadline.Before(from) && sv.Deadline.Before(to)
	})
	if err != nil {
		return nil, err
	}
	out := make([]LedgerSurvey, 0, len(svs))
	for _, sv := range svs {
		all, err := surveyAnswers(tx, sv)
		if err != nil {
			return nil, err
		}
		ls := LedgerSurvey{Survey: public(sv), Invited: len(sv.Members)}
		for _, a := range all {
			if a.Done {
				ls.Answered++
			}
		}
		out = append(out, ls)
	}
	return out, nil
}

// feedbackCounts counts the branch's feedback received in [from, to).
func feedbackCounts(tx *bolt.Tx, branchID uint64, from, to time.Time) (FeedbackCounts, error) {
	items, err := scanWhere(tx.Bucket(bucketFeedback), func(f Feedback) bool {
		return f.BranchID == branchID && !f.CreatedAt.Before(from) && f.CreatedAt.Before(to)
	})
	fc := FeedbackCounts{Total: len(items)}
	for _, f := range items {
		if f.Anonymous {
			fc.Anonymous++
		}
		if f.Open {
			fc.Open++
		}
		if slices.ContainsFunc(f.Thread, func(p Post) bool { return !p.FromAuthor }) {
			fc.Answered++
		}
	}
	return fc, err
}
