package data

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// CreateSurvey stores a survey for the branch's current members, queues
// its first card to each of them, and sets its reminder (a day before the
// deadline, if that is still ahead) and closing timers, in one transaction.
func (s *Store) CreateSurvey(ctx context.Context, sv Survey, now time.Time, card func(sv Survey, lang string) NoticeMessages) (Survey, error) {
	if err := sv.Validate(); err != nil {
		return Survey{}, err
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSurveys)
		id, err := b.NextSequence()
		if err != nil {
			return err
		}
		sv.ID, sv.Open = id, true
		people, err := branchMembers(tx, sv.BranchID)
		if err != nil {
			return err
		}
		var out []OutMessage
		for _, p := range people {
			sv.Members = append(sv.Members, p.UserID)
			out = append(out, copies(p.UserID, card(sv, p.Lang), Purpose{Kind: PurposeReport})...)
		}
		if err := put(b, u64(id), sv); err != nil {
			return err
		}
		if remind := sv.Deadline.Add(-24 * time.Hour); remind.After(now) {
			if err := setTimer(tx, TimerSurveyRemind, id, remind); err != nil {
				return err
			}
		}
		if err := setTimer(tx, TimerSurveyClose, id, sv.Deadline); err != nil {
			return err
		}
		return enqueue(tx, now, out)
	})
	if err != nil {
		return Survey{}, fmt.Errorf("create survey: %w", err)
	}
	return sv, nil
}

// Survey returns a survey of the branch.
func (s *Store) Survey(id, branchID uint64) (Survey, error) {
	return read(s, func(tx *bolt.Tx) (Survey, error) { return surveyOf(tx, id, branchID) })
}

// surveyOf returns survey id if it belongs to branchID (any branch when
// branchID is 0), or ErrSurveyUnknown.
func surveyOf(tx *bolt.Tx, id, branchID uint64) (Survey, error) {
	var sv Survey
	ok, err := get(tx.Bucket(bucketSurveys), u64(id), &sv)
	if err == nil && (!ok || (branchID != 0 && sv.BranchID != branchID)) {
		err = ErrSurveyUnknown
	}
	return sv, err
}

func answerKey(survey uint64, member int64) []byte { return key2(u64(survey), i64(member)) }

// Answer applies change to a member's answers of an open survey.
func (s *Store) Answer(ctx context.Context, id, branchID uint64, member Person, change func(sv Survey, a *Answers) error) (Survey, Answers, error) {
	var (
		sv Survey
		a  Answers
	)
	err := s.batch(ctx, func(tx *bolt.Tx) error {
		a = Answers{}
		var err error
		sv, err = surveyOf(tx, id, branchID)
		switch {
		case err != nil:
			return err
		case !sv.Open:
			return ErrSurveyClosed
		case !slices.Contains(sv.Members, member.UserID):
			return ErrNotAttendee
		}
		b := tx.Bucket(bucketAnswers)
		k := answerKey(id, member.UserID)
		if _, err := get(b, k, &a); err != nil {
			return err
		}
		initAnswers(&a)
		if err := change(sv, &a); err != nil {
			return err
		}
		a.Name = ""
		if !sv.Anonymous {
			a.Name = member.Name
		}
		return put(b, k, a)
	})
	return sv, a, err
}

// SurveyResults returns every member's answers (by member for named
// surveys; anonymous ones carry no names) and who has not finished.
func (s *Store) SurveyResults(id uint64) (Survey, []Answers, []int64, error) {
	var (
		sv      Survey
		all     []Answers
		pending []int64
	)
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		if sv, err = surveyOf(tx, id, 0); err != nil {
			return err
		}
		all, pending, err = surveyAnswers(tx, sv)
		return err
	})
	return sv, all, pending, err
}

// surveyAnswers returns every member's answers, in member id order, and
// who has not finished.
func surveyAnswers(tx *bolt.Tx, sv Survey) (all []Answers, pending []int64, err error) {
	done := map[int64]bool{}
	prefix := u64(sv.ID)
	c := tx.Bucket(bucketAnswers).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var a Answers
		if err := jsonDecode(v, &a); err != nil {
			return nil, nil, err
		}
		all = append(all, a)
		if a.Done {
			done[fromI64(k[8:])] = true
		}
	}
	for _, m := range sv.Members {
		if !done[m] {
			pending = append(pending, m)
		}
	}
	return all, pending, nil
}

// RemindSurvey queues a reminder to members who have not finished and
// consumes the timer.
func (s *Store) RemindSurvey(ctx context.Context, id uint64, now time.Time, text func(sv Survey, lang string) string) (int, error) {
	var n int
	err := s.update(ctx, func(tx *bolt.Tx) error {
		if err := deleteTimer(tx, TimerSurveyRemind, id); err != nil {
			return err
		}
		sv, err := surveyOf(tx, id, 0)
		if errors.Is(err, ErrSurveyUnknown) {
			return nil // gone: nothing to remind of
		}
		if err != nil || !sv.Open {
			return err
		}
		var out []OutMessage
		for _, m := range sv.Members {
			var a Answers
			if _, err := get(tx.Bucket(bucketAnswers), answerKey(id, m), &a); err != nil {
				return err
			}
			if a.Done {
				continue
			}
			lang := ""
			if p, err := member(tx, m); err == nil {
				lang = p.Lang
			}
			out = append(out, OutMessage{ChatID: m, Text: text(sv, lang), Purpose: Purpose{Kind: PurposeReport}})
		}
		n = len(out)
		return enqueue(tx, now, out)
	})
	return n, err
}

// CloseSurveyWithResults closes a survey (at its deadline or by hand),
// consumes its timers and, if this call closed it, queues its results to
// c.To, in one transaction: a crash or a failed send can no longer lose the
// results between the closing and the sending, and a survey closed twice
// reports once. It reports whether this call closed the survey and to how
// many chats it queued results (0 when the creator has left the branch or
// c.Results is nil).
func (s *Store) CloseSurveyWithResults(ctx context.Context, c SurveyClose) (closed bool, sent int, err error) {
	err = s.update(ctx, func(tx *bolt.Tx) error {
		closed, sent = false, 0
		if err := deleteTimer(tx, TimerSurveyClose, c.ID); err != nil {
			return err
		}
		if err := deleteTimer(tx, TimerSurveyRemind, c.ID); err != nil {
			return err
		}
		sv, err := surveyOf(tx, c.ID, c.BranchID)
		if err != nil {
			return err
		}
		if !sv.Open {
			return nil
		}
		sv.Open, closed = false, true
		if err := put(tx.Bucket(bucketSurveys), u64(c.ID), sv); err != nil {
			return err
		}
		if c.Results == nil {
			return nil
		}
		to, lang := c.To, c.Lang
		if to == 0 {
			creator, err := member(tx, sv.CreatedBy)
			if errors.Is(err, ErrNotMember) || (err == nil && creator.BranchID != sv.BranchID) {
				return nil // the creator has left: nobody to report to
			}
			if err != nil {
				return err
			}
			to, lang = creator.UserID, creator.Lang
		}
		all, pending, err := surveyAnswers(tx, sv)
		if err != nil {
			return err
		}
		out := copies(to, c.Results(sv, all, pending, lang), Purpose{Kind: PurposeReport})
		if len(out) > 0 {
			sent = 1
		}
		return enqueue(tx, c.Now, out)
	})
	if err != nil {
		return false, 0, fmt.Errorf("close survey %d: %w", c.ID, err)
	}
	return closed, sent, nil
}
