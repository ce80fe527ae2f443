package data

import (
	"context"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The evidence buckets come from migration 11.
var (
	bucketEvidence  = []byte("evidence")  // meeting id | seq → Evidence
	bucketAttaching = []byte("attaching") // user id → Attaching
)

// AddEvidence attaches a file to a meeting of branchID. The same file
// (by FileUniqueID) twice is ErrEvidenceDuplicate; a cancelled meeting's
// record is closed (ErrMeetingCancelled). It returns how many files the
// meeting has now.
func (s *Store) AddEvidence(ctx context.Context, branchID uint64, e Evidence) (count int, err error) {
	if err := e.Validate(); err != nil {
		return 0, err
	}
	err = s.update(ctx, func(tx *bolt.Tx) error {
		count = 0
		if _, err := branchMeeting(tx, e.MeetingID, branchID); err != nil {
			return err
		}
		b := tx.Bucket(bucketEvidence)
		have, err := evidenceOf(b, e.MeetingID)
		if err != nil {
			return err
		}
		for _, old := range have {
			if old.FileUniqueID == e.FileUniqueID {
				return ErrEvidenceDuplicate
			}
		}
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		count = len(have) + 1
		return put(b, key2(u64(e.MeetingID), u64(seq)), e)
	})
	if err != nil {
		return 0, fmt.Errorf("attach evidence to meeting %d: %w", e.MeetingID, err)
	}
	return count, nil
}

// MeetingEvidence lists the files attached to a meeting, oldest first.
func (s *Store) MeetingEvidence(meetingID uint64) ([]Evidence, error) {
	out, err := read(s, func(tx *bolt.Tx) ([]Evidence, error) { return evidenceOf(tx.Bucket(bucketEvidence), meetingID) })
	if err != nil {
		return nil, fmt.Errorf("evidence of meeting %d: %w", meetingID, err)
	}
	return out, nil
}

// evidenceOf lists a meeting's files.
func evidenceOf(b *bolt.Bucket, meetingID uint64) ([]Evidence, error) {
	return scanPrefix[Evidence](b, u64(meetingID))
}

// StartAttaching opens userID's attach step for a meeting of branchID
// until now+AttachWindow, replacing any other. A cancelled meeting takes
// no evidence (ErrMeetingCancelled).
func (s *Store) StartAttaching(ctx context.Context, branchID uint64, userID int64, meetingID uint64, now time.Time) (Attaching, error) {
	a := Attaching{MeetingID: meetingID, Until: now.Add(AttachWindow)}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		if _, err := branchMeeting(tx, meetingID, branchID); err != nil {
			return err
		}
		return put(tx.Bucket(bucketAttaching), i64(userID), a)
	})
	if err != nil {
		return Attaching{}, fmt.Errorf("start attaching to meeting %d: %w", meetingID, err)
	}
	return a, nil
}

// OpenAttaching is userID's attach step if one is open at now.
func (s *Store) OpenAttaching(userID int64, now time.Time) (a Attaching, ok bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		found, err := get(tx.Bucket(bucketAttaching), i64(userID), &a)
		ok = found && now.Before(a.Until)
		return err
	})
	if err != nil {
		return Attaching{}, false, fmt.Errorf("attach step of %d: %w", userID, err)
	}
	return a, ok, nil
}

// MeetingOfPost is the meeting whose live group post is messageID in
// chatID; ok is false for any other message.
func (s *Store) MeetingOfPost(chatID int64, messageID int) (meetingID uint64, ok bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		// Each meeting has one post per bound group: a scan, stopped at
		// the match, is cheaper than an index kept in step with the posts.
		c := tx.Bucket(bucketMeetingPosts).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if len(k) == 16 && len(v) == 8 && fromI64(k[8:]) == chatID && int(binary.BigEndian.Uint64(v)) == messageID {
				meetingID, ok = binary.BigEndian.Uint64(k[:8]), true
				return nil
			}
		}
		return nil
	})
	if err != nil {
		return 0, false, fmt.Errorf("meeting of post %d in %d: %w", messageID, chatID, err)
	}
	return meetingID, ok, nil
}
