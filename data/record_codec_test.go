package data

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"testing"
	"time"
)

// jsonRoundTrip is what storing v as JSON and reading it back gave: the
// compact records must read back exactly that.
func jsonRoundTrip[T any](t *testing.T, v T) T {
	t.Helper()
	buf, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out T
	if err := json.Unmarshal(buf, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMeetingFieldsAllEncoded(t *testing.T) {
	if n := reflect.TypeOf(Meeting{}).NumField(); n != meetingFields {
		t.Fatalf("Meeting has %d fields, its stored form knows %d: give the new field a tag in meeting_codec.go (and a case in this test's meetings)", n, meetingFields)
	}
}

var codecZones = []*time.Location{time.UTC, time.FixedZone("CST", 8*3600), time.FixedZone("", -(3*3600 + 30*60)), time.Local}

func codecMeetings() []Meeting {
	start := time.Date(2026, time.November, 20, 14, 0, 0, 0, codecZones[1])
	full := Meeting{
		ID: 7, BranchID: 3, Kind: KindGroup, Title: "党小组会 \"quoted\"", Start: start.Add(17 * time.Nanosecond),
		Duration: 45*time.Minute + time.Millisecond, Place: "线上", GroupID: 9, Remind: []time.Duration{24 * time.Hour, -time.Second, 1},
		SeriesID: 4, Status: Cancelled, CreatedBy: -100123, CreatedAt: start.Add(-time.Hour).In(codecZones[2]),
		Minutes: &Minutes{Text: "纪要", Agenda: []string{"a", "b"}, By: 5, At: start, Earlier: []Minutes{{Text: "old", At: start.UTC()}}},
		Code:    "4821", Rotate: true, Where: &Place{Lat: 39.9042, Lon: -116.4074, Radius: 150.5},
		CancelledBy: 1001, CancelledAt: start.Add(time.Minute).In(time.Local),
	}
	return []Meeting{
		{ID: 1},
		{ID: 2, BranchID: 1, Kind: KindAssembly, Title: "大会", Start: start.UTC(), Duration: 90 * time.Minute, Remind: []time.Duration{}, Status: Scheduled, CreatedBy: 1, CreatedAt: start},
		{ID: 3, Kind: "future-kind", Status: "future-status", Start: time.Date(1900, 1, 1, 0, 0, 0, 1, time.UTC), Duration: math.MaxInt64},
		{ID: 4, Duration: math.MinInt64 + 1, Start: time.Date(9999, 12, 31, 23, 59, 59, 999999999, codecZones[1])},
		full,
	}
}

func TestMeetingCodecReadsAsJSONDid(t *testing.T) {
	for _, m := range codecMeetings() {
		buf, err := encodeMeeting(m)
		if err != nil {
			t.Fatalf("encodeMeeting(%d): %v", m.ID, err)
		}
		got, err := decodeMeeting(m.ID, buf)
		if err != nil {
			t.Fatalf("decodeMeeting(%d): %v", m.ID, err)
		}
		if want := jsonRoundTrip(t, m); !reflect.DeepEqual(got, want) {
			t.Errorf("meeting %d reads back\n %#v\nwant (as from JSON)\n %#v", m.ID, got, want)
		}
		old, _ := json.Marshal(m)
		t.Logf("meeting %d: %d bytes, %d as JSON", m.ID, len(buf), len(old))
	}
}

func TestReminderCodecReadsAsJSONDid(t *testing.T) {
	for i, z := range codecZones {
		r := Reminder{ID: uint64(i + 1), MeetingID: 1 << 40, Offset: 24*time.Hour + time.Duration(i), At: time.Date(2030, 1, 2, 3, 4, 5, i, z)}
		got, err := decodeReminder(r.ID, encodeReminder(r))
		if err != nil {
			t.Fatal(err)
		}
		if want := jsonRoundTrip(t, r); !reflect.DeepEqual(got, want) {
			t.Errorf("reminder reads back %#v; want %#v", got, want)
		}
	}
}

func TestTimerCodecReadsAsJSONDid(t *testing.T) {
	for i, z := range codecZones {
		for _, kind := range append([]string{"", "made-up"}, timerKinds...) {
			tm := Timer{At: time.Date(2030, 1, 2, 3, 4, 5, 6, z), Kind: kind, Ref: uint64(i) << 33}
			got, err := decodeTimer(timerKey(tm.At, tm.Kind, tm.Ref), encodeTimer(tm))
			if err != nil {
				t.Fatal(err)
			}
			if want := jsonRoundTrip(t, tm); !reflect.DeepEqual(got, want) {
				t.Errorf("timer reads back %#v; want %#v", got, want)
			}
		}
	}
}

func TestOrdKeepsOrder(t *testing.T) {
	vals := []uint64{0, 1, 2, 255, 256, 65535, 65536, 1<<24 - 1, 1 << 24, 1<<56 - 1, 1 << 56, math.MaxUint64}
	for i, v := range vals {
		b := appendOrd(nil, v)
		got, rest, err := readOrd(b)
		if err != nil || got != v || len(rest) != 0 {
			t.Errorf("readOrd(appendOrd(%d)) = %d, %x, %v", v, got, rest, err)
		}
		if i > 0 && bytes.Compare(appendOrd(nil, vals[i-1]), b) >= 0 {
			t.Errorf("appendOrd(%d) does not sort before appendOrd(%d)", vals[i-1], v)
		}
	}
	for _, bad := range [][]byte{nil, {9}, {2, 1}, {1, 0}, {2, 0, 5}} {
		if _, _, err := readOrd(bad); !errors.Is(err, errRecord) {
			t.Errorf("readOrd(%x) = %v; want errRecord", bad, err)
		}
	}
}

func TestIndexKeysKeepOrder(t *testing.T) {
	at := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	keys := [][]byte{
		meetingKey(Meeting{BranchID: 1, Start: at, ID: 300}),
		meetingKey(Meeting{BranchID: 1, Start: at.Add(time.Nanosecond), ID: 2}),
		meetingKey(Meeting{BranchID: 256, Start: at.Add(-time.Hour), ID: 1}),
	}
	for i := 1; i < len(keys); i++ {
		if bytes.Compare(keys[i-1], keys[i]) >= 0 {
			t.Errorf("calendar key %d does not sort before %d", i-1, i)
		}
	}
	if id, err := calendarMeeting(keys[0]); err != nil || id != 300 {
		t.Errorf("calendarMeeting = %d, %v; want 300", id, err)
	}
	if id, err := indexedReminder(reminderIndexKey(70000, 5)); err != nil || id != 5 {
		t.Errorf("indexedReminder = %d, %v; want 5", id, err)
	}
	if !bytes.HasPrefix(reminderIndexKey(256, 1), remindersOf(256)) || bytes.HasPrefix(reminderIndexKey(2560, 1), remindersOf(256)) {
		t.Errorf("remindersOf is not the prefix of exactly its meeting's keys")
	}
}

func TestDecodeRejectsMalformed(t *testing.T) {
	good, err := encodeMeeting(codecMeetings()[4])
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]byte{{0}, {99}, {mfTitle, 5, 'a'}, good[:len(good)-1], {mfRemind, 200}, {mfKind, 9}} {
		if _, err := decodeMeeting(1, bad); !errors.Is(err, errRecord) {
			t.Errorf("decodeMeeting(%x) = %v; want errRecord", bad, err)
		}
	}
	if _, err := decodeReminder(1, append(encodeReminder(Reminder{MeetingID: 1}), 0)); !errors.Is(err, errRecord) {
		t.Errorf("decodeReminder with a trailing byte = %v; want errRecord", err)
	}
	if _, err := decodeTimer([]byte{1, 2}, encodeTimer(Timer{Kind: TimerStart})); !errors.Is(err, errRecord) {
		t.Errorf("decodeTimer with a short key = %v; want errRecord", err)
	}
}

// FuzzDecodeMeeting: any bytes either give an error or decode into a
// meeting whose stored form then stays the same through another decode
// and encode (after one pass, since minutes are JSON and JSON has its
// own quirks: a year-0 time does not come back the same); never a panic.
func FuzzDecodeMeeting(f *testing.F) {
	for _, m := range codecMeetings() {
		buf, err := encodeMeeting(m)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(buf)
	}
	f.Fuzz(func(t *testing.T, buf []byte) {
		m, err := decodeMeeting(1, buf)
		if err != nil {
			return
		}
		again, err := encodeMeeting(m)
		if err != nil {
			t.Fatalf("decoded meeting does not encode: %v", err)
		}
		back, err := decodeMeeting(1, again)
		if err != nil {
			t.Fatalf("re-encoded meeting does not decode: %v", err)
		}
		third, err := encodeMeeting(back)
		if err != nil || !bytes.Equal(third, again) {
			t.Fatalf("stored form changed on a second pass: %x, %v; want %x", third, err, again)
		}
	})
}

// FuzzDecodeTimer: the same for a timer's key and value, and for a
// reminder.
func FuzzDecodeTimer(f *testing.F) {
	at := time.Date(2030, 1, 2, 3, 4, 5, 6, codecZones[1])
	f.Add(timerKey(at, TimerQuorum, 12), encodeTimer(Timer{At: at, Kind: TimerQuorum, Ref: 12}))
	f.Add(timerKey(at, "other", 1<<40), encodeTimer(Timer{At: at.UTC(), Kind: "other", Ref: 1 << 40}))
	f.Add([]byte{}, encodeReminder(Reminder{MeetingID: 3, Offset: time.Hour, At: at}))
	f.Fuzz(func(t *testing.T, k, v []byte) {
		if tm, err := decodeTimer(k, v); err == nil {
			back, err := decodeTimer(k, encodeTimer(tm))
			if err != nil || !reflect.DeepEqual(back, tm) {
				t.Fatalf("re-encoded timer reads back %#v, %v; want %#v", back, err, tm)
			}
		}
		if r, err := decodeReminder(1, v); err == nil {
			back, err := decodeReminder(1, encodeReminder(r))
			if err != nil || !reflect.DeepEqual(back, r) {
				t.Fatalf("re-encoded reminder reads back %#v, %v; want %#v", back, err, r)
			}
		}
		if n, rest, err := readOrd(v); err == nil {
			if again := appendOrd(nil, n); !bytes.Equal(again, v[:len(v)-len(rest)]) {
				t.Fatalf("appendOrd(%d) = %x; read from %x", n, again, v)
			}
		}
	})
}
