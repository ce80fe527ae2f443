package data

import (
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Field tags of a stored meeting. They are never reused or renumbered;
// a new field of Meeting takes the next one (meetingFields counts them).
const (
	mfBranch byte = iota + 1
	mfKind
	mfTitle
	mfStart
	mfDuration
	mfPlace
	mfGroup
	mfRemind
	mfSeries
	mfStatus
	mfCreatedBy
	mfCreatedAt
	mfMinutes
	mfCode
	mfRotate
	mfWhere
	mfCancelledBy
	mfCancelledAt
)

// meetingFields is how many fields of Meeting the stored form carries
// (the ID is the key): a test fails when Meeting grows a field this
// encoding does not know of.
const meetingFields = 19

var (
	meetingKinds    = []string{string(KindAssembly), string(KindCommittee), string(KindGroup), string(KindLecture), string(KindThemeDay), string(KindOther)}
	meetingStatuses = []string{string(Scheduled), string(Cancelled)}
)

// encodeMeeting is m's stored form, without its ID (the key). Minutes,
// long and rare, stay JSON inside it.
func encodeMeeting(m Meeting) ([]byte, error) {
	w := recWriter{b: make([]byte, 0, 96)}
	w.uvarintField(mfBranch, m.BranchID)
	if m.Kind != "" {
		w.tag(mfKind)
		w.enum(meetingKinds, string(m.Kind))
	}
	w.strField(mfTitle, m.Title)
	w.timeField(mfStart, m.Start)
	w.durField(mfDuration, m.Duration)
	w.strField(mfPlace, m.Place)
	w.uvarintField(mfGroup, m.GroupID)
	if m.Remind != nil { // nil and empty read back apart, as in JSON
		w.tag(mfRemind)
		w.uvarint(uint64(len(m.Remind)))
		for _, d := range m.Remind {
			w.dur(d)
		}
	}
	w.uvarintField(mfSeries, m.SeriesID)
	if m.Status != "" {
		w.tag(mfStatus)
		w.enum(meetingStatuses, string(m.Status))
	}
	w.varintField(mfCreatedBy, m.CreatedBy)
	w.timeField(mfCreatedAt, m.CreatedAt)
	if m.Minutes != nil {
		buf, err := json.Marshal(m.Minutes)
		if err != nil {
			return nil, fmt.Errorf("encode minutes: %w", err)
		}
		w.tag(mfMinutes)
		w.bytes(buf)
	}
	w.strField(mfCode, m.Code)
	if m.Rotate {
		w.tag(mfRotate)
	}
	if m.Where != nil {
		w.tag(mfWhere)
		w.float(m.Where.Lat)
		w.float(m.Where.Lon)
		w.float(m.Where.Radius)
	}
	w.varintField(mfCancelledBy, m.CancelledBy)
	w.timeField(mfCancelledAt, m.CancelledAt)
	return w.b, nil
}

// decodeMeeting reads the meeting stored under id.
func decodeMeeting(id uint64, buf []byte) (Meeting, error) {
	m := Meeting{ID: id}
	r := recReader{b: buf}
	for r.more() {
		switch tag := r.byte(); tag {
		case mfBranch:
			m.BranchID = r.uvarint()
		case mfKind:
			m.Kind = MeetingKind(r.enum(meetingKinds))
		case mfTitle:
			m.Title = r.str()
		case mfStart:
			m.Start = r.time()
		case mfDuration:
			m.Duration = r.dur()
		case mfPlace:
			m.Place = r.str()
		case mfGroup:
			m.GroupID = r.uvarint()
		case mfRemind:
			n := r.uvarint()
			if n > uint64(len(r.b)) {
				r.fail()
				break
			}
			m.Remind = make([]time.Duration, n)
			for i := range m.Remind {
				m.Remind[i] = r.dur()
			}
		case mfSeries:
			m.SeriesID = r.uvarint()
		case mfStatus:
			m.Status = MeetingStatus(r.enum(meetingStatuses))
		case mfCreatedBy:
			m.CreatedBy = r.varint()
		case mfCreatedAt:
			m.CreatedAt = r.time()
		case mfMinutes:
			buf := r.bytes()
			if r.err == nil {
				m.Minutes = new(Minutes)
				if err := json.Unmarshal(buf, m.Minutes); err != nil {
					return Meeting{}, fmt.Errorf("decode minutes of meeting %d: %w", id, err)
				}
			}
		case mfCode:
			m.Code = r.str()
		case mfRotate:
			m.Rotate = true
		case mfWhere:
			m.Where = &Place{Lat: r.float(), Lon: r.float(), Radius: r.float()}
		case mfCancelledBy:
			m.CancelledBy = r.varint()
		case mfCancelledAt:
			m.CancelledAt = r.time()
		default:
			return Meeting{}, fmt.Errorf("decode meeting %d: %w: field %d", id, errRecord, tag)
		}
	}
	if r.err != nil {
		return Meeting{}, fmt.Errorf("decode meeting %d: %w", id, r.err)
	}
	return m, nil
}

func putMeeting(tx *bolt.Tx, m Meeting) error {
	buf, err := encodeMeeting(m)
	if err != nil {
		return fmt.Errorf("encode meeting %d: %w", m.ID, err)
	}
	return tx.Bucket(bucketMeetings).Put(recordKey(m.ID), buf)
}

// getMeeting reads meeting id, reporting whether it exists.
func getMeeting(tx *bolt.Tx, id uint64) (Meeting, bool, error) {
	buf := tx.Bucket(bucketMeetings).Get(recordKey(id))
	if buf == nil {
		return Meeting{}, false, nil
	}
	m, err := decodeMeeting(id, buf)
	return m, true, err
}

// encodeReminder is r's stored form, without its ID (the key).
func encodeReminder(r Reminder) []byte {
	w := recWriter{b: make([]byte, 0, 24)}
	w.uvarint(r.MeetingID)
	w.dur(r.Offset)
	w.time(r.At)
	return w.b
}

func decodeReminder(id uint64, buf []byte) (Reminder, error) {
	rr := recReader{b: buf}
	r := Reminder{ID: id, MeetingID: rr.uvarint(), Offset: rr.dur(), At: rr.time()}
	if rr.err != nil || len(rr.b) != 0 {
		return Reminder{}, fmt.Errorf("decode reminder %d: %w", id, errRecord)
	}
	return r, nil
}

func putReminder(tx *bolt.Tx, r Reminder) error {
	return tx.Bucket(bucketReminders).Put(recordKey(r.ID), encodeReminder(r))
}

// getReminder reads reminder id, reporting whether it exists.
func getReminder(tx *bolt.Tx, id uint64) (Reminder, bool, error) {
	buf := tx.Bucket(bucketReminders).Get(recordKey(id))
	if buf == nil {
		return Reminder{}, false, nil
	}
	r, err := decodeReminder(id, buf)
	return r, true, err
}
