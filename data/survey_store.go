package data

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// CreateSurvey stores a survey for the branch's current members, queues
// its first card to each of them, and sets its reminder (a day before the
// deadline, if that is still ahead) and closing timers, in one transaction.
// An anonymous survey gives each member a random answer key (see
// Survey.Answerers).
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
		sv.Answerers = nil
		if sv.Anonymous {
			sv.Answerers = map[int64]string{}
			for _, m := range sv.Members {
				if sv.Answerers[m], err = answerToken(); err != nil {
					return err
				}
			}
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
		return s.enqueue(tx, now, out)
	})
	if err != nil {
		return Survey{}, fmt.Errorf("create survey: %w", err)
	}
	return public(sv), nil
}

// answerTokenLen is the length of an anonymous answer key: long enough
// that nobody guesses a member's key, short enough to repeat in every key.
const answerTokenLen = 16

// answerToken makes a random answer key for a member of an anonymous
// survey, hex-encoded for Survey.Answerers.
func answerToken() (string, error) {
	t := make([]byte, answerTokenLen)
	if _, err := rand.Read(t); err != nil {
		return "", fmt.Errorf("answer key: %w", err)
	}
	return hex.EncodeToString(t), nil
}

// public is sv as the store's callers see it: without its answer keys,
// which are nobody's business outside the store.
func public(sv Survey) Survey {
	sv.Answerers = nil
	return sv
}

// Survey returns a survey of the branch.
func (s *Store) Survey(id, branchID uint64) (Survey, error) {
	return read(s, func(tx *bolt.Tx) (Survey, error) {
		sv, err := surveyOf(tx, id, branchID)
		return public(sv), err
	})
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

// answerKey is where a member's answers are stored: under the member for a
// named survey, under their random key for an anonymous one. ok is false
// for a member of an anonymous survey without a key: the survey is closed
// (keys are dropped then) or the member was never asked.
func answerKey(sv Survey, member int64) (k []byte, ok bool, err error) {
	if !sv.Anonymous {
		return key2(u64(sv.ID), i64(member)), true, nil
	}
	tok, found := sv.Answerers[member]
	if !found {
		return nil, false, nil
	}
	raw, err := hex.DecodeString(tok)
	if err != nil || len(raw) != answerTokenLen {
		return nil, false, Errorf(EInternal, "survey %d: damaged answer key", sv.ID)
	}
	return key2(u64(sv.ID), raw), true, nil
}

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
		if sv.Anonymous && sv.Answerers[member.UserID] == "" {
			// A survey stored before answer keys: give the member one now.
			if err := adoptAnswerKey(tx, &sv, member.UserID); err != nil {
				return err
			}
		}
		b := tx.Bucket(bucketAnswers)
		k, _, err := answerKey(sv, member.UserID)
		if err != nil {
			return err
		}
		if _, err := get(b, k, &a); err != nil {
			return err
		}
		initAnswers(&a)
		if err := change(public(sv), &a); err != nil {
			return err
		}
		a.Name = ""
		if !sv.Anonymous {
			a.Name = member.Name
		}
		return put(b, k, a)
	})
	return public(sv), a, err
}

// adoptAnswerKey gives member a random answer key in an open anonymous
// survey stored before there were any, moving answers they gave under
// their member id to it.
func adoptAnswerKey(tx *bolt.Tx, sv *Survey, member int64) error {
	tok, err := answerToken()
	if err != nil {
		return err
	}
	if sv.Answerers == nil {
		sv.Answerers = map[int64]string{}
	}
	sv.Answerers[member] = tok
	if err := put(tx.Bucket(bucketSurveys), u64(sv.ID), *sv); err != nil {
		return err
	}
	b := tx.Bucket(bucketAnswers)
	old := key2(u64(sv.ID), i64(member))
	v := b.Get(old)
	if v == nil {
		return nil
	}
	k, _, err := answerKey(*sv, member)
	if err != nil {
		return err
	}
	if err := b.Put(k, append([]byte(nil), v...)); err != nil {
		return err
	}
	return b.Delete(old)
}

// SurveyResults returns every member's answers: by member id for named
// surveys; in the order of their random keys, without names, for
// anonymous ones. An open anonymous survey's results are refused with
// ErrResultsAfterClose (see Survey.ResultsVisible).
func (s *Store) SurveyResults(id uint64) (Survey, []Answers, error) {
	var (
		sv  Survey
		all []Answers
	)
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		if sv, err = surveyOf(tx, id, 0); err != nil {
			return err
		}
		if !sv.ResultsVisible() {
			return ErrResultsAfterClose
		}
		all, err = surveyAnswers(tx, sv)
		return err
	})
	if err != nil {
		return public(sv), nil, fmt.Errorf("survey %d results: %w", id, err)
	}
	return public(sv), all, nil
}

// surveyAnswers returns every member's answers in key order.
func surveyAnswers(tx *bolt.Tx, sv Survey) ([]Answers, error) {
	return scanPrefix[Answers](tx.Bucket(bucketAnswers), u64(sv.ID))
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
			// While the survey is open an anonymous member's answers are
			// found by their key: the one thing reminders need it for.
			var a Answers
			k, ok, err := answerKey(sv, m)
			if err != nil {
				return err
			}
			if !ok && sv.Anonymous {
				k = key2(u64(id), i64(m)) // stored before answer keys
			}
			if _, err := get(tx.Bucket(bucketAnswers), k, &a); err != nil {
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
		return s.enqueue(tx, now, out)
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
		if sv.Anonymous {
			if err := forgetAnswerers(tx, &sv); err != nil {
				return err
			}
		}
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
		all, err := surveyAnswers(tx, sv)
		if err != nil {
			return err
		}
		out := copies(to, c.Results(public(sv), all, lang), Purpose{Kind: PurposeReport})
		if len(out) > 0 {
			sent = 1
		}
		return s.enqueue(tx, c.Now, out)
	})
	if err != nil {
		return false, 0, fmt.Errorf("close survey %d: %w", c.ID, err)
	}
	return closed, sent, nil
}

// forgetAnswerers drops an anonymous survey's answer keys as it closes, so
// nothing links an answer to a member from then on. Answers stored under a
// member id (before answer keys) move to fresh random keys.
func forgetAnswerers(tx *bolt.Tx, sv *Survey) error {
	sv.Answerers = nil
	b := tx.Bucket(bucketAnswers)
	prefix := u64(sv.ID)
	type entry struct{ k, v []byte }
	var named []entry
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if len(k) == len(prefix)+8 { // survey id | member id
			named = append(named, entry{append([]byte(nil), k...), append([]byte(nil), v...)})
		}
	}
	for _, e := range named {
		var a Answers
		if err := jsonDecode(e.v, &a); err != nil {
			return err
		}
		a.Name = ""
		tok, err := answerToken()
		if err != nil {
			return err
		}
		raw, _ := hex.DecodeString(tok)
		if err := b.Delete(e.k); err != nil {
			return err
		}
		if err := put(b, key2(prefix, raw), a); err != nil {
			return err
		}
	}
	return nil
}
