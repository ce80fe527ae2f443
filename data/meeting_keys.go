package data

import (
	"encoding/binary"
	"fmt"
	"time"
)

// Index keys of meetings. Ids are written with appendOrd (a length and
// the significant bytes): shorter than eight bytes and still in order, so
// prefix scans and range seeks work as with fixed-width keys.

// recordKey is the key of a meeting or a reminder record: its id.
func recordKey(id uint64) []byte { return appendOrd(make([]byte, 0, 9), id) }

// calendarPrefix is the start of a branch's keys in its calendar
// (branch_meetings), calendarFrom the first key at or after time t.
func calendarPrefix(branchID uint64) []byte { return appendOrd(make([]byte, 0, 16), branchID) }

func calendarFrom(branchID uint64, t time.Time) []byte {
	return binary.BigEndian.AppendUint64(calendarPrefix(branchID), uint64(t.UnixNano()))
}

// meetingKey is a meeting's place in its branch's calendar: branch, start,
// meeting id.
func meetingKey(m Meeting) []byte { return appendOrd(calendarFrom(m.BranchID, m.Start), m.ID) }

// calendarMeeting is the meeting id of a calendar key.
func calendarMeeting(k []byte) (uint64, error) {
	_, rest, err := readOrd(k)
	if err != nil || len(rest) < 8 {
		return 0, fmt.Errorf("calendar key %x: %w", k, errRecord)
	}
	id, rest, err := readOrd(rest[8:])
	if err != nil || len(rest) != 0 {
		return 0, fmt.Errorf("calendar key %x: %w", k, errRecord)
	}
	return id, nil
}

// remindersOf is the prefix of a meeting's keys in meeting_reminders,
// reminderIndexKey one reminder's key.
func remindersOf(meetingID uint64) []byte { return appendOrd(make([]byte, 0, 10), meetingID) }

func reminderIndexKey(meetingID, reminderID uint64) []byte {
	return appendOrd(remindersOf(meetingID), reminderID)
}

// indexedReminder is the reminder id of a meeting_reminders key.
func indexedReminder(k []byte) (uint64, error) {
	_, rest, err := readOrd(k)
	if err == nil {
		var id uint64
		if id, rest, err = readOrd(rest); err == nil && len(rest) == 0 {
			return id, nil
		}
	}
	return 0, fmt.Errorf("reminder index key %x: %w", k, errRecord)
}
