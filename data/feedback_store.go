package data

import (
	"context"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// SubmitFeedback stores an item and queues the note to the branch's
// secretaries, in one transaction. strict drops the way back to an
// anonymous author.
//
// draftID, if not zero, is the guided flow's draft: it ends in the same
// transaction.
func (s *Store) SubmitFeedback(ctx context.Context, f Feedback, author Person, strict bool, draftID uint64, note FeedbackNote) (Feedback, error) {
	f.Text = strings.TrimSpace(f.Text)
	if err := f.Validate(); err != nil {
		return Feedback{}, err
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		if draftID != 0 {
			if err := endDraft(tx, author.UserID, draftID); err != nil {
				return err
			}
		}
		b := tx.Bucket(bucketFeedback)
		id, err := b.NextSequence()
		if err != nil {
			return err
		}
		f.ID, f.Open = id, true
		f.Relay = !f.Anonymous || !strict
		if f.Anonymous {
			f.Author, f.AuthorID = "", 0
			if f.Relay {
				// Sealed, never in clear: see keySlots.
				sealed, err := s.keys.seal(tx, author.UserID)
				if err != nil {
					return fmt.Errorf("seal the way back: %w", err)
				}
				if err := tx.Bucket(bucketRelay).Put(u64(id), sealed); err != nil {
					return err
				}
			}
		} else {
			f.Author, f.AuthorID = author.Name, author.UserID
		}
		if err := put(b, u64(id), f); err != nil {
			return err
		}
		return s.notifySecretaries(tx, f, f.CreatedAt, note)
	})
	if err != nil {
		return Feedback{}, fmt.Errorf("submit feedback: %w", err)
	}
	return f, nil
}

// notifySecretaries queues note about f to the branch's secretaries, as of
// now.
func (s *Store) notifySecretaries(tx *bolt.Tx, f Feedback, now time.Time, note FeedbackNote) error {
	people, err := branchMembers(tx, f.BranchID)
	if err != nil {
		return err
	}
	out := reports(people, isSecretary, func(lang string) string { return note(f, lang) })
	return s.enqueue(tx, now, out)
}

func feedbackOf(tx *bolt.Tx, id, branchID uint64) (Feedback, error) {
	var f Feedback
	ok, err := get(tx.Bucket(bucketFeedback), u64(id), &f)
	if err == nil && (!ok || f.BranchID != branchID) {
		err = ErrFeedbackUnknown
	}
	return f, err
}

// authorOf returns whom to relay to: the named author, or the anonymous
// author's chat from the relay bucket; 0 when there is no way back.
func (s *Store) authorOf(tx *bolt.Tx, f Feedback) (int64, error) {
	if !f.Anonymous {
		return f.AuthorID, nil
	}
	v := tx.Bucket(bucketRelay).Get(u64(f.ID))
	switch {
	case v == nil:
		return 0, nil
	case len(v) == 8: // written in clear before sealing
		return fromI64(v), nil
	}
	chat, _, err := s.keys.open(v)
	if err != nil {
		return 0, fmt.Errorf("open the way back: %w", err)
	}
	return chat, nil
}

// dropRelay deletes an item's way back and returns the key slot to wipe
// once the transaction has committed (wiping it before would lose the way
// back of an item whose closing failed).
func dropRelay(tx *bolt.Tx, id uint64) (slot int64, wipe bool, err error) {
	b := tx.Bucket(bucketRelay)
	v := b.Get(u64(id))
	if len(v) > 8 {
		slot, wipe = slotOf(v)
	}
	return slot, wipe, b.Delete(u64(id))
}

// ReplyFeedback adds a secretary's answer and relays it to the author (if
// there is a way back), in one transaction; close also closes the item.
// It reports whether the answer could be relayed.
func (s *Store) ReplyFeedback(ctx context.Context, id, branchID uint64, text string, close bool, now time.Time, relay func(f Feedback, lang string) string) (f Feedback, relayed bool, err error) {
	text = strings.TrimSpace(text)
	if text != "" {
		if err := (Post{Text: text}).Validate(); err != nil {
			return Feedback{}, false, err
		}
	}
	var (
		keys *keySlots
		slot int64
		wipe bool
	)
	err = s.update(ctx, func(tx *bolt.Tx) error {
		keys, wipe = s.keys, false
		if f, err = feedbackOf(tx, id, branchID); err != nil {
			return err
		}
		if !f.Open {
			return ErrFeedbackClosed
		}
		if text != "" {
			f.Thread = append(f.Thread, Post{Text: text, At: now})
		}
		if close {
			f.Open = false
		}
		if err := put(tx.Bucket(bucketFeedback), u64(id), f); err != nil {
			return err
		}
		to, err := s.authorOf(tx, f)
		if err != nil {
			return err
		}
		if close {
			// Closed: nothing more will be relayed, so the way back goes.
			// The answer queued below carries its own sealed copy.
			if slot, wipe, err = dropRelay(tx, id); err != nil {
				return err
			}
		}
		if to == 0 {
			return nil
		}
		lang := ""
		if m, err := member(tx, to); err == nil {
			lang = m.Lang
		}
		relayed = true
		return s.enqueue(tx, now, []OutMessage{{ChatID: to, Text: relay(f, lang), Purpose: Purpose{Kind: PurposeReport, Anonymous: f.Anonymous}}})
	})
	if err != nil {
		return Feedback{}, false, fmt.Errorf("reply to feedback %d: %w", id, err)
	}
	if wipe {
		if err := keys.wipe(slot); err != nil {
			return f, relayed, fmt.Errorf("reply to feedback %d: %w", id, err)
		}
	}
	return f, relayed, nil
}

// FollowUpFeedback lets an author add to their own open item; the secretaries are
// told as before (anonymously if it was anonymous).
func (s *Store) FollowUpFeedback(ctx context.Context, id, branchID uint64, author int64, text string, now time.Time, note FeedbackNote) (Feedback, error) {
	text = strings.TrimSpace(text)
	if err := (Post{Text: text}).Validate(); err != nil {
		return Feedback{}, err
	}
	var f Feedback
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var err error
		if f, err = feedbackOf(tx, id, branchID); err != nil {
			return err
		}
		if by, err := s.authorOf(tx, f); err != nil {
			return err
		} else if by != author || author == 0 {
			return ErrNotAuthor
		}
		if !f.Open {
			return ErrFeedbackClosed
		}
		f.Thread = append(f.Thread, Post{FromAuthor: true, Text: text, At: now})
		if err := put(tx.Bucket(bucketFeedback), u64(id), f); err != nil {
			return err
		}
		return s.notifySecretaries(tx, f, now, note)
	})
	if err != nil {
		return Feedback{}, fmt.Errorf("follow up feedback %d: %w", id, err)
	}
	return f, nil
}

// OpenFeedback lists a branch's open items, oldest first.
func (s *Store) OpenFeedback(branchID uint64) ([]Feedback, error) {
	out, err := read(s, func(tx *bolt.Tx) ([]Feedback, error) {
		return scanWhere(tx.Bucket(bucketFeedback), func(f Feedback) bool { return f.BranchID == branchID && f.Open })
	})
	if err != nil {
		return nil, fmt.Errorf("list feedback of branch %d: %w", branchID, err)
	}
	return out, nil
}

// ForgetAuthors removes every way back to a branch's anonymous authors,
// for a branch that switches to strict anonymity.
func (s *Store) ForgetAuthors(ctx context.Context, branchID uint64) error {
	var (
		keys  *keySlots
		slots []int64
	)
	err := s.update(ctx, func(tx *bolt.Tx) error {
		keys, slots = s.keys, nil
		anon, err := scanWhere(tx.Bucket(bucketFeedback), func(f Feedback) bool { return f.BranchID == branchID && f.Anonymous })
		if err != nil {
			return err
		}
		for _, f := range anon { // relay keys are the items' keys
			slot, wipe, err := dropRelay(tx, f.ID)
			if err != nil {
				return err
			}
			if wipe {
				slots = append(slots, slot)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("forget anonymous authors of branch %d: %w", branchID, err)
	}
	for _, slot := range slots {
		if err := keys.wipe(slot); err != nil {
			return fmt.Errorf("forget anonymous authors of branch %d: %w", branchID, err)
		}
	}
	return nil
}
