package data

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// planReminders stores reminders and their timers for a meeting.
func planReminders(tx *bolt.Tx, meetingID uint64, plan []PlannedReminder) error {
	rb := tx.Bucket(bucketReminders)
	for _, p := range plan {
		id, err := rb.NextSequence()
		if err != nil {
			return err
		}
		r := Reminder{ID: id, MeetingID: meetingID, Offset: p.Offset, At: p.At}
		if err := putReminder(tx, r); err != nil {
			return err
		}
		if err := tx.Bucket(bucketMeetingReminders).Put(reminderIndexKey(meetingID, id), nil); err != nil {
			return err
		}
		if err := setTimer(tx, TimerReminder, id, p.At); err != nil {
			return err
		}
	}
	return nil
}

// dropReminders removes a meeting's pending reminders and their timers.
func dropReminders(tx *bolt.Tx, meetingID uint64) error {
	idx := tx.Bucket(bucketMeetingReminders)
	prefix := remindersOf(meetingID)
	var keys [][]byte
	c := idx.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, append([]byte(nil), k...))
	}
	for _, k := range keys {
		id, err := indexedReminder(k)
		if err != nil {
			return err
		}
		if err := deleteTimer(tx, TimerReminder, id); err != nil {
			return err
		}
		if err := tx.Bucket(bucketReminders).Delete(recordKey(id)); err != nil {
			return err
		}
		if err := idx.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// CreateMeeting stores a meeting with its reminders and their timers in one
// transaction, announcing it to nobody: ScheduleMeeting without a draft or
// an announcement, for planning in bulk and for tests.
func (s *Store) CreateMeeting(ctx context.Context, m Meeting, plan []PlannedReminder) (Meeting, error) {
	m, _, err := s.ScheduleMeeting(ctx, NewMeeting{Meeting: m, Plan: plan})
	return m, err
}

// ScheduleMeeting stores a new meeting with its reminders and their
// timers, ends the creator's draft if any, and queues its announcement to
// the attendees, in one transaction: a meeting is announced exactly once.
// It returns the meeting and how many were told.
func (s *Store) ScheduleMeeting(ctx context.Context, nm NewMeeting) (Meeting, int, error) {
	m := nm.Meeting
	m.Title = strings.TrimSpace(m.Title)
	if err := m.Validate(); err != nil {
		return Meeting{}, 0, err
	}
	var told int
	err := s.update(ctx, func(tx *bolt.Tx) error {
		if nm.DraftID != 0 {
			if err := endDraft(tx, m.CreatedBy, nm.DraftID); err != nil {
				return err
			}
		}
		var err error
		if m, err = createMeeting(tx, m, nm.Plan); err != nil {
			return err
		}
		if nm.Announce == nil {
			return nil
		}
		people, err := attendees(tx, m)
		if err != nil {
			return err
		}
		msg := perLang(func(lang string) NoticeMessages { return nm.Announce(m, lang) })
		var out []OutMessage
		told = 0
		for _, p := range people {
			if p.UserID == m.CreatedBy {
				continue
			}
			told++
			out = append(out, copies(p.UserID, msg(p.Lang), Purpose{Kind: PurposeMeeting, UserID: p.UserID})...)
		}
		return s.enqueue(tx, m.CreatedAt, out)
	})
	if err != nil {
		return Meeting{}, 0, fmt.Errorf("schedule meeting: %w", err)
	}
	return m, told, nil
}

func createMeeting(tx *bolt.Tx, m Meeting, plan []PlannedReminder) (Meeting, error) {
	b := tx.Bucket(bucketMeetings)
	id, err := b.NextSequence()
	if err != nil {
		return m, err
	}
	m.ID, m.Status = id, Scheduled
	if err := putMeeting(tx, m); err != nil {
		return m, err
	}
	if err := tx.Bucket(bucketBranchMeetings).Put(meetingKey(m), nil); err != nil {
		return m, err
	}
	if err := setMeetingTimers(tx, m, m.CreatedAt); err != nil {
		return m, err
	}
	return m, planReminders(tx, id, plan)
}

// setMeetingTimers sets the timers every meeting has: check-in opening
// (the groups' post) and the end (summary and make-up prompts).
func setMeetingTimers(tx *bolt.Tx, m Meeting, now time.Time) error {
	var br Branch
	if _, err := get(tx.Bucket(bucketBranches), u64(m.BranchID), &br); err != nil {
		return err
	}
	open, _, _ := CheckInWindow(m, br.Settings)
	if err := setTimer(tx, TimerStart, m.ID, open); err != nil {
		return err
	}
	if at := m.Start.Add(-18 * time.Hour); m.Kind == KindAssembly && at.After(now) {
		// The day before (the evening before a daytime meeting, leaving
		// the usual day-ahead reminder time to answer); an assembly called
		// at shorter notice gets no warning the moment it is created.
		if err := setTimer(tx, TimerQuorum, m.ID, at); err != nil {
			return err
		}
	} else if err := deleteTimer(tx, TimerQuorum, m.ID); err != nil {
		return err
	}
	return setTimer(tx, TimerAfter, m.ID, m.Start.Add(m.Duration))
}

// dropMeetingTimers removes them.
func dropMeetingTimers(tx *bolt.Tx, id uint64) error {
	if err := deleteTimer(tx, TimerStart, id); err != nil {
		return err
	}
	if err := deleteTimer(tx, TimerQuorum, id); err != nil {
		return err
	}
	return deleteTimer(tx, TimerAfter, id)
}

func meeting(tx *bolt.Tx, id uint64) (Meeting, error) {
	m, ok, err := getMeeting(tx, id)
	if err == nil && !ok {
		err = ErrMeetingUnknown
	}
	return m, err
}

// Meeting returns the meeting with id.
func (s *Store) Meeting(id uint64) (Meeting, error) {
	m, err := read(s, func(tx *bolt.Tx) (Meeting, error) { return meeting(tx, id) })
	if err != nil {
		return Meeting{}, fmt.Errorf("get meeting %d: %w", id, err)
	}
	return m, nil
}

// Meetings lists a branch's scheduled meetings starting in [from, to), by
// start time.
func (s *Store) Meetings(branchID uint64, from, to time.Time) ([]Meeting, error) {
	out, err := read(s, func(tx *bolt.Tx) ([]Meeting, error) { return meetingsBetween(tx, branchID, from, to) })
	if err != nil {
		return nil, fmt.Errorf("list meetings of branch %d: %w", branchID, err)
	}
	return out, nil
}

// meetingsBetween lists a branch's scheduled meetings starting in
// [from, to), by start time.
func meetingsBetween(tx *bolt.Tx, branchID uint64, from, to time.Time) ([]Meeting, error) {
	return branchMeetings(tx, branchID, from, to, func(m Meeting) bool { return m.Status == Scheduled })
}

// branchMeetings lists a branch's meetings starting in [from, to) that
// keep accepts (all when keep is nil), by start time: one walk of the
// branch's time index for every view.
func branchMeetings(tx *bolt.Tx, branchID uint64, from, to time.Time, keep func(Meeting) bool) ([]Meeting, error) {
	var out []Meeting
	c := tx.Bucket(bucketBranchMeetings).Cursor()
	start, end := calendarFrom(branchID, from), calendarFrom(branchID, to)
	for k, _ := c.Seek(start); k != nil && bytes.Compare(k, end) < 0; k, _ = c.Next() {
		id, err := calendarMeeting(k)
		if err != nil {
			return nil, err
		}
		m, err := meeting(tx, id)
		if err != nil {
			return nil, err
		}
		if keep == nil || keep(m) {
			out = append(out, m)
		}
	}
	return out, nil
}

// AllMeetings lists a branch's meetings starting in [from, to), cancelled
// ones too, by start time: the organisers' calendar shows what was called
// off.
func (s *Store) AllMeetings(branchID uint64, from, to time.Time) ([]Meeting, error) {
	out, err := read(s, func(tx *bolt.Tx) ([]Meeting, error) { return branchMeetings(tx, branchID, from, to, nil) })
	if err != nil {
		return nil, fmt.Errorf("list all meetings of branch %d: %w", branchID, err)
	}
	return out, nil
}

// maxMeetingLength bounds how far back a meeting that overlaps a time may
// start (Validate allows a day).
const maxMeetingLength = 24 * time.Hour

// Clashes lists the branch's other scheduled meetings that overlap m in
// time and share at least one attendee with it: the same people cannot be
// in two rooms. Nothing is refused; the organiser decides.
func (s *Store) Clashes(m Meeting) ([]Meeting, error) {
	out, err := read(s, func(tx *bolt.Tx) ([]Meeting, error) {
		near, err := meetingsBetween(tx, m.BranchID, m.Start.Add(-maxMeetingLength), m.End())
		if err != nil {
			return nil, err
		}
		people, err := attendees(tx, m)
		if err != nil {
			return nil, err
		}
		var out []Meeting
		for _, o := range near {
			if o.ID == m.ID || !o.Overlaps(m) {
				continue
			}
			for _, p := range people {
				if attends(o, p) {
					out = append(out, o)
					break
				}
			}
		}
		return out, nil
	})
	if err != nil {
		return nil, fmt.Errorf("clashes of meeting %d: %w", m.ID, err)
	}
	return out, nil
}

// CancelMeeting cancels a meeting that has not started, drops its
// reminders and tells its attendees, in one transaction. Its leaves and
// RSVPs stay, so that RestoreMeeting brings it back as it was.
func (s *Store) CancelMeeting(ctx context.Context, id uint64, ch MeetingChange) (Meeting, int, error) {
	m, told, err := s.changeMeeting(ctx, id, ch, func(tx *bolt.Tx, m *Meeting) error {
		if m.Started(ch.Now) {
			// Its check-ins and minutes are the record of a meeting
			// that took place.
			return ErrMeetingStarted
		}
		m.Status, m.CancelledBy, m.CancelledAt = Cancelled, ch.By, ch.Now
		if err := dropMeetingTimers(tx, id); err != nil {
			return err
		}
		return dropReminders(tx, id)
	})
	if err != nil {
		return Meeting{}, 0, fmt.Errorf("cancel meeting %d: %w", id, err)
	}
	return m, told, nil
}

// RestoreMeeting undoes a cancel before the meeting starts: it is
// scheduled again with its leaves and RSVPs as they were, its timers set
// and reminders re-planned (plan), and its attendees are told, in one
// transaction.
func (s *Store) RestoreMeeting(ctx context.Context, id uint64, plan []PlannedReminder, ch MeetingChange) (Meeting, int, error) {
	var (
		m    Meeting
		told int
	)
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var err error
		if m, err = meeting(tx, id); err != nil {
			return err
		}
		switch {
		case m.Status != Cancelled:
			return ErrMeetingNotCancelled
		case m.Started(ch.Now):
			return ErrMeetingStarted
		}
		m.Status, m.CancelledBy, m.CancelledAt = Scheduled, 0, time.Time{}
		if err := putMeeting(tx, m); err != nil {
			return err
		}
		if err := setMeetingTimers(tx, m, ch.Now); err != nil {
			return err
		}
		if err := dropReminders(tx, id); err != nil {
			return err
		}
		if err := planReminders(tx, id, plan); err != nil {
			return err
		}
		told, err = s.tell(tx, m, ch)
		return err
	})
	if err != nil {
		return Meeting{}, 0, fmt.Errorf("restore meeting %d: %w", id, err)
	}
	return m, told, nil
}

// EditMeeting changes a scheduled meeting's title, place, length or group
// before it starts and tells its attendees (those of a group it leaves
// too), in one transaction. The render sees the meeting as it was and as
// it is.
func (s *Store) EditMeeting(ctx context.Context, id uint64, e MeetingEdit, now time.Time, by int64, render func(old, m Meeting, lang string) string) (Meeting, int, error) {
	var (
		m    Meeting
		told int
	)
	err := s.update(ctx, func(tx *bolt.Tx) error {
		old, err := meeting(tx, id)
		switch {
		case err != nil:
			return err
		case old.Status == Cancelled:
			return ErrMeetingCancelled
		case old.Started(now):
			return ErrMeetingStarted
		}
		if m, err = e.Apply(old); err != nil {
			return err
		}
		if err := putMeeting(tx, m); err != nil {
			return err
		}
		if m.Duration != old.Duration {
			// Only the end moves; check-in opening is tied to the start
			// and may have passed already.
			if err := setTimer(tx, TimerAfter, m.ID, m.End()); err != nil {
				return err
			}
		}
		before, err := attendees(tx, old)
		if err != nil {
			return err
		}
		after, err := attendees(tx, m)
		if err != nil {
			return err
		}
		// Those who were expected and those who are now both hear of it.
		told, err = s.notify(tx, append(after, before...), by, now, func(lang string) string { return render(old, m, lang) })
		return err
	})
	if err != nil {
		return Meeting{}, 0, fmt.Errorf("edit meeting %d: %w", id, err)
	}
	return m, told, nil
}

// MoveMeeting gives a meeting a new start, re-plans its reminders and tells
// its attendees, in one transaction.
func (s *Store) MoveMeeting(ctx context.Context, id uint64, start time.Time, plan []PlannedReminder, ch MeetingChange) (Meeting, int, error) {
	m, told, err := s.changeMeeting(ctx, id, ch, func(tx *bolt.Tx, m *Meeting) error {
		if !ch.Now.Before(m.Start) {
			return ErrMeetingStarted
		}
		if err := tx.Bucket(bucketBranchMeetings).Delete(meetingKey(*m)); err != nil {
			return err
		}
		m.Start = start
		if err := tx.Bucket(bucketBranchMeetings).Put(meetingKey(*m), nil); err != nil {
			return err
		}
		if err := setMeetingTimers(tx, *m, ch.Now); err != nil {
			return err
		}
		if err := dropReminders(tx, id); err != nil {
			return err
		}
		return planReminders(tx, id, plan)
	})
	if err != nil {
		return Meeting{}, 0, fmt.Errorf("move meeting %d: %w", id, err)
	}
	return m, told, nil
}

// changeMeeting applies change to a scheduled meeting, stores it and tells
// its attendees, in one transaction; it returns how many were told.
func (s *Store) changeMeeting(ctx context.Context, id uint64, ch MeetingChange, change func(tx *bolt.Tx, m *Meeting) error) (Meeting, int, error) {
	var (
		m    Meeting
		told int
	)
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var err error
		if m, err = meeting(tx, id); err != nil {
			return err
		}
		if m.Status == Cancelled {
			return ErrMeetingCancelled
		}
		if err := change(tx, &m); err != nil {
			return err
		}
		if err := putMeeting(tx, m); err != nil {
			return err
		}
		told, err = s.tell(tx, m, ch)
		return err
	})
	return m, told, err
}

func (s *Store) tell(tx *bolt.Tx, m Meeting, ch MeetingChange) (int, error) {
	if ch.Render == nil {
		return 0, nil
	}
	people, err := attendees(tx, m)
	if err != nil {
		return 0, err
	}
	return s.notify(tx, people, ch.By, ch.Now, func(lang string) string { return ch.Render(m, lang) })
}

// notify queues a meeting's news to people, each once and in their
// language, except by, who made the change and knows.
func (s *Store) notify(tx *bolt.Tx, people []Member, by int64, now time.Time, render func(lang string) string) (int, error) {
	text := perLang(render)
	seen := map[int64]bool{}
	var out []OutMessage
	for _, p := range people {
		if seen[p.UserID] || p.UserID == by {
			continue
		}
		seen[p.UserID] = true
		out = append(out, OutMessage{ChatID: p.UserID, Text: text(p.Lang), Purpose: Purpose{Kind: PurposeMeeting, UserID: p.UserID}})
	}
	return len(out), s.enqueue(tx, now, out)
}

// attendees are who a meeting is for: a group meeting's group, the
// committee's members and secretaries, or everyone.
func attendees(tx *bolt.Tx, m Meeting) ([]Member, error) {
	all, err := branchMembers(tx, m.BranchID)
	if err != nil {
		return nil, err
	}
	return attendeesAmong(m, all), nil
}

// attendeesAmong picks the meeting's attendees out of the branch's
// members, for a caller that has read them once for many meetings.
func attendeesAmong(m Meeting, all []Member) []Member {
	var out []Member
	for _, p := range all {
		if attends(m, p) {
			out = append(out, p)
		}
	}
	return out
}

// attendee returns member userID if the meeting is for them: one lookup,
// not a walk over the branch (a check-in storm makes a thousand of these).
func attendee(tx *bolt.Tx, m Meeting, userID int64) (Member, bool, error) {
	p, err := member(tx, userID)
	if errors.Is(err, ErrNotMember) {
		return Member{}, false, nil
	}
	if err != nil {
		return Member{}, false, err
	}
	return p, attends(m, p), nil
}

// Attendees lists who a meeting is for, as things stand now.
func (s *Store) Attendees(m Meeting) ([]Member, error) {
	out, err := read(s, func(tx *bolt.Tx) ([]Member, error) { return attendees(tx, m) })
	if err != nil {
		return nil, fmt.Errorf("attendees of meeting %d: %w", m.ID, err)
	}
	return out, nil
}

// FireReminder sends a due reminder to the meeting's attendees, or records
// it as missed, and consumes it, all in one transaction: a reminder goes
// into the outbox exactly once. It reports how many attendees it queued,
// and whether it was missed.
func (s *Store) FireReminder(ctx context.Context, f ReminderFire) (sent int, missed bool, err error) {
	err = s.update(ctx, func(tx *bolt.Tx) error {
		sent, missed = 0, false
		if err := deleteTimer(tx, TimerReminder, f.ReminderID); err != nil {
			return err
		}
		r, ok, err := getReminder(tx, f.ReminderID)
		if err != nil || !ok {
			return err
		}
		if err := tx.Bucket(bucketReminders).Delete(recordKey(r.ID)); err != nil {
			return err
		}
		if err := tx.Bucket(bucketMeetingReminders).Delete(reminderIndexKey(r.MeetingID, r.ID)); err != nil {
			return err
		}
		m, err := meeting(tx, r.MeetingID)
		if err != nil || m.Status != Scheduled {
			return nil // gone or cancelled: nothing to remind of
		}
		var br Branch
		if _, err := get(tx.Bucket(bucketBranches), u64(m.BranchID), &br); err != nil {
			return err
		}
		var quietEnd time.Time
		if f.Quiet != nil {
			quietEnd = f.Quiet(br, f.Now)
		}
		d := DecideFiring(r.At, f.Now, m.Start, br.Settings.CatchUp, quietEnd)
		switch d.Action {
		case FiringMissed:
			// Recorded, never dropped: the secretaries learn what their
			// members were not reminded of.
			missed = true
			rec := MissedReminder{MeetingID: m.ID, Title: m.Title, Start: m.Start, At: r.At}
			if err := put(tx.Bucket(bucketMissed), key2(u64(m.BranchID), u64(r.ID)), rec); err != nil {
				return err
			}
			// One summary per branch, after the backlog: the missed
			// timers are all older than now.
			return setTimer(tx, TimerMissed, m.BranchID, f.Now)
		case FiringMoved:
			// The reminder lives on with its new instant, so a restart
			// before the quiet hours end still sends it.
			r.At = d.At
			if err := putReminder(tx, r); err != nil {
				return err
			}
			if err := tx.Bucket(bucketMeetingReminders).Put(reminderIndexKey(r.MeetingID, r.ID), nil); err != nil {
				return err
			}
			return setTimer(tx, TimerReminder, r.ID, d.At)
		}
		people, err := attendees(tx, m)
		if err != nil {
			return err
		}
		msg := perLang(func(lang string) NoticeMessages { return f.Render(br, m, r, lang, d.Late) })
		var out []OutMessage
		for _, p := range people {
			if done, err := excused(tx, m.ID, p.UserID); err != nil || done {
				if err != nil {
					return err
				}
				continue
			}
			out = append(out, copies(p.UserID, msg(p.Lang), Purpose{Kind: PurposeMeeting, UserID: p.UserID})...)
			sent++
		}
		return s.enqueue(tx, f.Now, out)
	})
	if err != nil {
		return 0, false, fmt.Errorf("fire reminder %d: %w", f.ReminderID, err)
	}
	return sent, missed, nil
}

// excused reports whether a reminder has nothing to ask of the member:
// they have checked in already, or their leave is approved.
func excused(tx *bolt.Tx, meetingID uint64, userID int64) (bool, error) {
	k := key2(u64(meetingID), i64(userID))
	if tx.Bucket(bucketAttendance).Get(k) != nil {
		return true, nil
	}
	var l Leave
	ok, err := get(tx.Bucket(bucketLeaves), k, &l)
	return ok && l.Approved(), err
}

// SendMissedSummary tells a branch's secretaries which reminders were
// missed, clears the record and consumes the summary timer, in one
// transaction.
func (s *Store) SendMissedSummary(ctx context.Context, branchID uint64, now time.Time, render func(missed []MissedReminder, lang string) string) (int, error) {
	var n int
	err := s.update(ctx, func(tx *bolt.Tx) error {
		if err := deleteTimer(tx, TimerMissed, branchID); err != nil {
			return err
		}
		b := tx.Bucket(bucketMissed)
		prefix := u64(branchID)
		var (
			missed []MissedReminder
			keys   [][]byte
		)
		c := b.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var mr MissedReminder
			if err := jsonDecode(v, &mr); err != nil {
				return err
			}
			missed = append(missed, mr)
			keys = append(keys, append([]byte(nil), k...))
		}
		for _, k := range keys {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		n = len(missed)
		if n == 0 {
			return nil
		}
		sort.Slice(missed, func(i, j int) bool { return missed[i].At.Before(missed[j].At) })
		people, err := branchMembers(tx, branchID)
		if err != nil {
			return err
		}
		out := reports(people, isSecretary, func(lang string) string { return render(missed, lang) })
		return s.enqueue(tx, now, out)
	})
	if err != nil {
		return 0, fmt.Errorf("missed-reminder summary for branch %d: %w", branchID, err)
	}
	return n, nil
}

// PendingReminders lists a meeting's planned reminders, earliest first.
func (s *Store) PendingReminders(meetingID uint64) ([]Reminder, error) {
	var out []Reminder
	err := s.db.View(func(tx *bolt.Tx) error {
		prefix := remindersOf(meetingID)
		c := tx.Bucket(bucketMeetingReminders).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			id, err := indexedReminder(k)
			if err != nil {
				return err
			}
			r, _, err := getReminder(tx, id)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	if err != nil {
		return nil, fmt.Errorf("reminders of meeting %d: %w", meetingID, err)
	}
	return out, nil
}

// PostMeetingStart queues the "meeting starting" post, with its check-in
// button, to the branch's bound groups and consumes the timer, in one
// transaction.
func (s *Store) PostMeetingStart(ctx context.Context, meetingID uint64, now time.Time, render func(m Meeting, expected int) NoticeMessages) (int, error) {
	var n int
	err := s.update(ctx, func(tx *bolt.Tx) error {
		n = 0
		if err := deleteTimer(tx, TimerStart, meetingID); err != nil {
			return err
		}
		m, err := meeting(tx, meetingID)
		if err != nil || m.Status != Scheduled {
			return nil
		}
		chats, err := boundChats(tx, m.BranchID)
		if err != nil || len(chats) == 0 {
			return err
		}
		people, err := attendees(tx, m)
		if err != nil {
			return err
		}
		msg := render(m, len(people))
		var out []OutMessage
		for _, c := range chats {
			out = append(out, copies(c.ChatID, msg, Purpose{Kind: PurposeMeetingPost, MeetingID: m.ID})...)
		}
		n = len(chats)
		return s.enqueue(tx, now, out)
	})
	if err != nil {
		return 0, fmt.Errorf("post start of meeting %d: %w", meetingID, err)
	}
	return n, nil
}

// MeetingPosts lists a meeting's live group posts.
func (s *Store) MeetingPosts(meetingID uint64) ([]MeetingPost, error) {
	var out []MeetingPost
	err := s.db.View(func(tx *bolt.Tx) error {
		prefix := u64(meetingID)
		c := tx.Bucket(bucketMeetingPosts).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			chat := fromI64(k[8:])
			out = append(out, MeetingPost{ChatID: chat, MessageID: int(binary.BigEndian.Uint64(v))})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("posts of meeting %d: %w", meetingID, err)
	}
	return out, nil
}
