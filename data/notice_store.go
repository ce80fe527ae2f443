package data

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// CreateNotice stores a notice, a pending receipt for every member but the
// sender, its messages in the outbox (one copy per member and per bound
// group) and its follow-up timer, all in one transaction: either the whole
// broadcast is on its way or nothing is.
func (s *Store) CreateNotice(ctx context.Context, nn NewNotice) (Notice, error) {
	text := strings.TrimSpace(nn.Text)
	if err := (Notice{Text: text}).Validate(); err != nil {
		return Notice{}, err
	}
	var n Notice
	err := s.update(ctx, func(tx *bolt.Tx) error {
		notices := tx.Bucket(bucketNotices)
		id, err := notices.NextSequence()
		if err != nil {
			return err
		}
		if nn.Draft != 0 {
			if err := endDraft(tx, nn.By, nn.Draft); err != nil {
				return err
			}
		}
		n = Notice{ID: id, BranchID: nn.BranchID, Text: text, CreatedBy: nn.By, CreatedAt: nn.Now, Lang: nn.Lang, Draft: nn.Draft}
		rc := noticeRender(n, nn.Render)
		var out []OutMessage
		members, err := branchMembers(tx, nn.BranchID)
		if err != nil {
			return err
		}
		receipts := tx.Bucket(bucketReceipts)
		for _, m := range members {
			if m.UserID == nn.By {
				continue
			}
			r := Receipt{NoticeID: id, UserID: m.UserID, Name: m.Name, Lang: m.Lang, State: StatePending}
			if err := put(receipts, key2(u64(id), i64(m.UserID)), r); err != nil {
				return err
			}
			n.Recipients++
			n.Pending++
			out = append(out, copies(m.UserID, rc(m.Lang), Purpose{Kind: PurposeNotice, NoticeID: id, UserID: m.UserID})...)
		}
		chats, err := boundChats(tx, nn.BranchID)
		if err != nil {
			return err
		}
		for _, c := range chats {
			out = append(out, copies(c.ChatID, rc(""), Purpose{Kind: PurposeGroupPost, NoticeID: id})...)
		}
		if err := s.enqueue(tx, nn.Now, out); err != nil {
			return err
		}
		if !nn.FollowUpAt.IsZero() {
			if err := setTimer(tx, TimerFollowUp, id, nn.FollowUpAt); err != nil {
				return err
			}
		}
		if err := tx.Bucket(bucketBranchNotices).Put(key2(u64(nn.BranchID), u64(id)), nil); err != nil {
			return err
		}
		return put(notices, u64(id), n)
	})
	if err != nil {
		return Notice{}, fmt.Errorf("create notice: %w", err)
	}
	return n, nil
}

func branchMembers(tx *bolt.Tx, branchID uint64) ([]Member, error) {
	var out []Member
	prefix := u64(branchID)
	c := tx.Bucket(bucketBranchMembers).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		var m Member
		if _, err := get(tx.Bucket(bucketMembers), k[8:], &m); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

func boundChats(tx *bolt.Tx, branchID uint64) ([]ChatBinding, error) {
	return scanWhere(tx.Bucket(bucketChats), func(b ChatBinding) bool { return b.BranchID == branchID })
}

// Notice returns the notice with id.
func (s *Store) Notice(id uint64) (Notice, error) {
	n, err := read(s, func(tx *bolt.Tx) (Notice, error) { return notice(tx, id) })
	if err != nil {
		return Notice{}, fmt.Errorf("get notice %d: %w", id, err)
	}
	return n, nil
}

func notice(tx *bolt.Tx, id uint64) (Notice, error) {
	var n Notice
	ok, err := get(tx.Bucket(bucketNotices), u64(id), &n)
	if err == nil && !ok {
		err = ErrNoticeUnknown
	}
	return n, err
}

// Notices lists a branch's notices, newest first, at most limit.
func (s *Store) Notices(branchID uint64, limit int) ([]Notice, error) {
	var out []Notice
	err := s.db.View(func(tx *bolt.Tx) error {
		prefix := u64(branchID)
		c := tx.Bucket(bucketBranchNotices).Cursor()
		// Seek past the branch's last key, then walk back.
		k, _ := c.Seek(u64(branchID + 1))
		if k == nil {
			k, _ = c.Last()
		} else {
			k, _ = c.Prev()
		}
		for ; k != nil && bytes.HasPrefix(k, prefix) && len(out) < limit; k, _ = c.Prev() {
			n, err := notice(tx, binary.BigEndian.Uint64(k[8:]))
			if err != nil {
				return err
			}
			out = append(out, n)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list notices of branch %d: %w", branchID, err)
	}
	return out, nil
}

// Receipts lists a notice's receipts in member id order.
func (s *Store) Receipts(noticeID uint64) ([]Receipt, error) {
	out, err := read(s, func(tx *bolt.Tx) ([]Receipt, error) { return receiptsOf(tx, noticeID) })
	if err != nil {
		return nil, fmt.Errorf("list receipts of notice %d: %w", noticeID, err)
	}
	return out, nil
}

func receiptsOf(tx *bolt.Tx, noticeID uint64) ([]Receipt, error) {
	return scanPrefix[Receipt](tx.Bucket(bucketReceipts), u64(noticeID))
}

// settleReceipt records a delivery outcome on a receipt and the notice's
// counters. It returns the notice when this was its last pending delivery
// and no report went out yet (marking it reported).
func settleReceipt(tx *bolt.Tx, noticeID uint64, userID int64, outcome Outcome, messageID int, reason string, now time.Time) (*Notice, error) {
	receipts := tx.Bucket(bucketReceipts)
	k := key2(u64(noticeID), i64(userID))
	var r Receipt
	if ok, err := get(receipts, k, &r); err != nil || !ok || r.State != StatePending {
		return nil, err
	}
	n, err := notice(tx, noticeID)
	if err != nil {
		return nil, err
	}
	n.Pending--
	switch outcome {
	case Delivered:
		r.State, r.DeliveredAt, r.MessageID = StateDelivered, now, messageID
		n.Delivered++
	case Unreachable:
		r.State, r.Reason = StateUnreachable, reason
		n.Unreachable++
	default:
		r.State, r.Reason = StateFailed, reason
		n.Failed++
	}
	if err := put(receipts, k, r); err != nil {
		return nil, err
	}
	var settled *Notice
	if n.Pending == 0 && !n.Reported {
		n.Reported = true
		settled = &n
	}
	return settled, put(tx.Bucket(bucketNotices), u64(noticeID), n)
}

// SetNoticeStatus remembers the secretary's status message of a notice.
func (s *Store) SetNoticeStatus(ctx context.Context, noticeID uint64, chatID int64, messageID int) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		n, err := notice(tx, noticeID)
		if err != nil {
			return err
		}
		n.StatusChatID, n.StatusMessageID = chatID, messageID
		return put(tx.Bucket(bucketNotices), u64(noticeID), n)
	})
	if err != nil {
		return fmt.Errorf("set status message of notice %d: %w", noticeID, err)
	}
	return nil
}

// Ack records that a member pressed the notice's 收到 button. The first
// press counts; first is false for any later one, which changes nothing.
func (s *Store) Ack(ctx context.Context, noticeID uint64, userID int64, now time.Time) (r Receipt, n Notice, first bool, err error) {
	err = s.update(ctx, func(tx *bolt.Tx) error {
		if n, err = notice(tx, noticeID); err != nil {
			return err
		}
		k := key2(u64(noticeID), i64(userID))
		ok, err := get(tx.Bucket(bucketReceipts), k, &r)
		switch {
		case err != nil:
			return err
		case !ok:
			return ErrNotRecipient
		case !r.AckAt.IsZero():
			first = false
			return nil
		}
		first = true
		r.AckAt = now
		n.Acked++
		if err := put(tx.Bucket(bucketReceipts), k, r); err != nil {
			return err
		}
		return put(tx.Bucket(bucketNotices), u64(noticeID), n)
	})
	if err != nil {
		return Receipt{}, Notice{}, false, fmt.Errorf("ack notice %d by %d: %w", noticeID, userID, err)
	}
	return r, n, first, nil
}

// SendFollowUp queues a reminder to every member who has the notice but
// has not acknowledged it, and returns how many that is. An automatic
// round also removes its timer and sets the next, in the same transaction.
func (s *Store) SendFollowUp(ctx context.Context, f FollowUp) (Notice, int, error) {
	var (
		n     Notice
		count int
	)
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var err error
		if n, err = notice(tx, f.NoticeID); err != nil {
			return err
		}
		if f.Manual && !n.LastRemindAt.IsZero() && f.Now.Sub(n.LastRemindAt) < f.MinGap {
			return &TooSoonError{Next: n.LastRemindAt.Add(f.MinGap)}
		}
		if !f.Manual {
			if err := deleteTimer(tx, TimerFollowUp, f.NoticeID); err != nil {
				return err
			}
			n.FollowUps++
		}
		reminder := noticeRender(n, f.Render)
		var resend func(lang string) NoticeMessages
		if f.Resend != nil {
			resend = noticeRender(n, f.Resend)
		}
		receipts := tx.Bucket(bucketReceipts)
		prefix := u64(f.NoticeID)
		var (
			out     []OutMessage
			changed []Receipt
		)
		c := receipts.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var r Receipt
			if err := jsonDecode(v, &r); err != nil {
				return err
			}
			switch {
			case r.State == StateDelivered && r.AckAt.IsZero():
				if p, err := member(tx, r.UserID); err == nil && p.Muted {
					continue // follow-ups are optional: a muted member is not nagged
				}
				r.Reminders++
				out = append(out, copies(r.UserID, reminder(r.Lang), Purpose{Kind: PurposeFollowUp, NoticeID: f.NoticeID, UserID: r.UserID})...)
			case r.State == StateUnreachable && resend != nil:
				r.State, r.Reason = StatePending, ""
				n.Unreachable--
				n.Pending++
				n.Reported = false
				out = append(out, copies(r.UserID, resend(r.Lang), Purpose{Kind: PurposeNotice, NoticeID: f.NoticeID, UserID: r.UserID})...)
			default:
				continue
			}
			changed = append(changed, r)
		}
		// Write after the walk: a cursor is not safe across changes to its
		// bucket.
		for _, r := range changed {
			if err := put(receipts, key2(u64(r.NoticeID), i64(r.UserID)), r); err != nil {
				return err
			}
		}
		count = len(changed)
		if err := s.enqueue(tx, f.Now, out); err != nil {
			return err
		}
		if count > 0 {
			n.LastRemindAt = f.Now
		}
		if !f.Manual && !f.Next.IsZero() && count > 0 {
			if err := setTimer(tx, TimerFollowUp, f.NoticeID, f.Next); err != nil {
				return err
			}
		}
		return put(tx.Bucket(bucketNotices), u64(f.NoticeID), n)
	})
	if err != nil {
		return Notice{}, 0, fmt.Errorf("follow up notice %d: %w", f.NoticeID, err)
	}
	return n, count, nil
}
