package data

import (
	"context"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

func dueKey(at time.Time, id uint64) []byte {
	var nanos uint64
	if !at.IsZero() {
		nanos = uint64(at.UnixNano())
	}
	return key2(u64(nanos), u64(id))
}

// enqueue adds messages to the outbox inside tx, assigning their ids. The
// ids come from the bucket's sequence, which also tells the store to wake
// the sender after the commit (see workMark).
func (s *Store) enqueue(tx *bolt.Tx, now time.Time, msgs []OutMessage) error {
	box, due := tx.Bucket(bucketOutbox), tx.Bucket(bucketOutboxDue)
	var split []OutMessage
	for _, m := range msgs {
		split = append(split, splitLong(m)...)
	}
	msgs = split
	for i := range msgs {
		id, err := box.NextSequence()
		if err != nil {
			return err
		}
		m := &msgs[i]
		if m.Purpose.Anonymous && m.ChatID != 0 {
			sealed, err := s.keys.seal(tx, m.ChatID)
			if err != nil {
				return fmt.Errorf("seal an anonymous author's chat: %w", err)
			}
			m.Sealed, m.ChatID = sealed, 0
		}
		// NotBefore stays zero for "now": the sender compares it with the
		// real time, whatever clock the caller used.
		m.ID, m.CreatedAt = id, now
		if err := put(box, u64(id), m); err != nil {
			return err
		}
		if err := due.Put(dueKey(m.NotBefore, id), nil); err != nil {
			return err
		}
	}
	return nil
}

// Enqueue adds messages to the outbox.
func (s *Store) Enqueue(ctx context.Context, now time.Time, msgs ...OutMessage) error {
	if err := s.update(ctx, func(tx *bolt.Tx) error { return s.enqueue(tx, now, msgs) }); err != nil {
		return fmt.Errorf("enqueue %d messages: %w", len(msgs), err)
	}
	return nil
}

// DueOutbox returns up to limit messages due at now, oldest first, leaving
// out those skip names (they are being sent). next is the earliest time a
// message not yet due becomes due, zero if none.
func (s *Store) DueOutbox(now time.Time, limit int, skip func(id uint64) bool) (due []OutMessage, next time.Time, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		box := tx.Bucket(bucketOutbox)
		c := tx.Bucket(bucketOutboxDue).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			at := time.Unix(0, int64(binary.BigEndian.Uint64(k[:8])))
			if at.After(now) {
				next = at
				return nil
			}
			id := binary.BigEndian.Uint64(k[8:])
			if skip != nil && skip(id) {
				continue
			}
			if len(due) == limit {
				return nil
			}
			var m OutMessage
			ok, err := get(box, u64(id), &m)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			if len(m.Sealed) > 0 {
				// A wiped key leaves ChatID 0: Telegram refuses it, and
				// the message fails for good, as it must.
				chat, _, err := s.keys.open(m.Sealed)
				if err != nil {
					return fmt.Errorf("open the chat of message %d: %w", m.ID, err)
				}
				m.ChatID = chat
			}
			due = append(due, m)
		}
		return nil
	})
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("read outbox: %w", err)
	}
	return due, next, nil
}

// OutboxEmpty reports whether no message is waiting, in one seek.
func (s *Store) OutboxEmpty() (bool, error) {
	var empty bool
	err := s.db.View(func(tx *bolt.Tx) error {
		k, _ := tx.Bucket(bucketOutbox).Cursor().First()
		empty = k == nil
		return nil
	})
	return empty, err
}

// RetryOutbox records a failed attempt and when to try again. The message
// keeps its place in the queue (see OutMessage.RetryAt).
func (s *Store) RetryOutbox(ctx context.Context, id uint64, retryAt time.Time, reason string) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		box := tx.Bucket(bucketOutbox)
		var m OutMessage
		if ok, err := get(box, u64(id), &m); err != nil || !ok {
			return err
		}
		m.Attempts++
		m.RetryAt, m.LastError = retryAt, reason
		return put(box, u64(id), m)
	})
	if err != nil {
		return fmt.Errorf("retry outbox message %d: %w", id, err)
	}
	return nil
}

// RedirectOutbox points a pending message at a new chat id, for a group
// that Telegram upgraded to a supergroup.
func (s *Store) RedirectOutbox(ctx context.Context, id uint64, chatID int64) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		box := tx.Bucket(bucketOutbox)
		var m OutMessage
		if ok, err := get(box, u64(id), &m); err != nil || !ok {
			return err
		}
		m.ChatID = chatID
		return put(box, u64(id), m)
	})
	if err != nil {
		return fmt.Errorf("redirect outbox message %d: %w", id, err)
	}
	return nil
}

// CompleteOutbox removes a message from the outbox and records its outcome
// where its purpose says, in one transaction. When that settles a notice's
// last delivery, report's messages (the secretary's delivery report) are
// queued in the same transaction, so the report goes out exactly once.
// Completing a message that is already gone does nothing.
func (s *Store) CompleteOutbox(ctx context.Context, id uint64, outcome Outcome, messageID int, reason string, now time.Time, report func(Notice, []Receipt) []OutMessage) (Completion, error) {
	var (
		c      Completion
		sealed []byte
		keys   *keySlots
	)
	err := s.update(ctx, func(tx *bolt.Tx) error {
		c, sealed, keys = Completion{}, nil, s.keys
		box := tx.Bucket(bucketOutbox)
		var m OutMessage
		if ok, err := get(box, u64(id), &m); err != nil || !ok {
			return err
		}
		sealed = m.Sealed
		if err := box.Delete(u64(id)); err != nil {
			return err
		}
		if err := tx.Bucket(bucketOutboxDue).Delete(dueKey(m.NotBefore, id)); err != nil {
			return err
		}
		p := m.Purpose
		if p.Kind == PurposeMeetingPost && outcome == Delivered && p.Last {
			// Remember the post so the check-in counter can edit it.
			return putU64(tx.Bucket(bucketMeetingPosts), key2(u64(p.MeetingID), i64(m.ChatID)), uint64(messageID))
		}
		if p.Kind != PurposeNotice || p.UserID == 0 || (outcome == Delivered && !p.Last) {
			return nil
		}
		settled, err := settleReceipt(tx, p.NoticeID, p.UserID, outcome, messageID, reason, now)
		if err != nil || settled == nil || report == nil {
			return err
		}
		receipts, err := receiptsOf(tx, p.NoticeID)
		if err != nil {
			return err
		}
		c.Report = true
		return s.enqueue(tx, now, report(*settled, receipts))
	})
	if err != nil {
		return Completion{}, fmt.Errorf("complete outbox message %d: %w", id, err)
	}
	// The message is gone from the outbox: its chat, sealed in the pages
	// it leaves behind, becomes unreadable with its key.
	if slot, ok := slotOf(sealed); ok {
		if err := keys.wipe(slot); err != nil {
			return c, fmt.Errorf("complete outbox message %d: %w", id, err)
		}
	}
	return c, nil
}
