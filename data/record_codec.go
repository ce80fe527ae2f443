package data

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
)

// The hot records (meetings, reminders, timers: several per meeting, a
// million meetings in a big store) are stored in a compact binary form
// rather than JSON: JSON spelled out every field name and every time as
// text, about three times the bytes. A record is a run of fields, each a
// one-byte tag and its value; a field at its zero value is left out, so
// a field added later reads as zero in older records.

// errRecord means a stored record does not decode.
var errRecord = errors.New("malformed record")

// recWriter appends a record's fields.
type recWriter struct{ b []byte }

func (w *recWriter) tag(t byte)          { w.b = append(w.b, t) }
func (w *recWriter) uvarint(v uint64)    { w.b = binary.AppendUvarint(w.b, v) }
func (w *recWriter) varint(v int64)      { w.b = binary.AppendVarint(w.b, v) }
func (w *recWriter) bytes(p []byte)      { w.uvarint(uint64(len(p))); w.b = append(w.b, p...) }
func (w *recWriter) str(s string)        { w.uvarint(uint64(len(s))); w.b = append(w.b, s...) }
func (w *recWriter) float(f float64)     { w.b = binary.BigEndian.AppendUint64(w.b, math.Float64bits(f)) }
func (w *recWriter) time(t time.Time)    { w.b = appendTime(w.b, t) }
func (w *recWriter) dur(d time.Duration) { w.b = appendDuration(w.b, d) }

// Field helpers that leave a zero value out.
func (w *recWriter) uvarintField(t byte, v uint64) {
	if v != 0 {
		w.tag(t)
		w.uvarint(v)
	}
}

func (w *recWriter) varintField(t byte, v int64) {
	if v != 0 {
		w.tag(t)
		w.varint(v)
	}
}

func (w *recWriter) strField(t byte, s string) {
	if s != "" {
		w.tag(t)
		w.str(s)
	}
}

func (w *recWriter) timeField(t byte, v time.Time) {
	if !v.IsZero() {
		w.tag(t)
		w.time(v)
	}
}

func (w *recWriter) durField(t byte, d time.Duration) {
	if d != 0 {
		w.tag(t)
		w.dur(d)
	}
}

// recReader reads a record's values in turn; the first error sticks.
type recReader struct {
	b   []byte
	err error
}

func (r *recReader) fail() {
	if r.err == nil {
		r.err = errRecord
	}
	r.b = nil
}

func (r *recReader) more() bool { return r.err == nil && len(r.b) > 0 }

func (r *recReader) byte() byte {
	if len(r.b) == 0 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *recReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *recReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *recReader) bytes() []byte {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		r.fail()
		return nil
	}
	p := r.b[:n]
	r.b = r.b[n:]
	return p
}

func (r *recReader) str() string { return string(r.bytes()) }

func (r *recReader) float() float64 {
	if len(r.b) < 8 {
		r.fail()
		return 0
	}
	f := math.Float64frombits(binary.BigEndian.Uint64(r.b))
	r.b = r.b[8:]
	return f
}

func (r *recReader) time() time.Time {
	t, rest, err := readTime(r.b)
	if err != nil {
		r.fail()
		return time.Time{}
	}
	r.b = rest
	return t
}

func (r *recReader) dur() time.Duration {
	d, rest, err := readDuration(r.b)
	if err != nil {
		r.fail()
		return 0
	}
	r.b = rest
	return d
}

// appendTime writes t as Unix seconds, nanoseconds and the zone's offset
// from UTC in seconds: the instant and the offset, which is what the
// store's JSON kept of a time too.
func appendTime(b []byte, t time.Time) []byte {
	_, offset := t.Zone()
	b = binary.AppendVarint(b, t.Unix())
	b = binary.AppendUvarint(b, uint64(t.Nanosecond()))
	return binary.AppendVarint(b, int64(offset))
}

// readTime reads what appendTime wrote. It gives back the location that
// decoding the time from JSON would: UTC for a zero offset, Local when its
// offset at that instant is the stored one, otherwise a fixed zone with
// that offset. So a record reads the same as it did in JSON.
func readTime(b []byte) (time.Time, []byte, error) {
	sec, n := binary.Varint(b)
	if n <= 0 {
		return time.Time{}, nil, errRecord
	}
	b = b[n:]
	nsec, n := binary.Uvarint(b)
	if n <= 0 || nsec >= uint64(time.Second) {
		return time.Time{}, nil, errRecord
	}
	b = b[n:]
	offset, n := binary.Varint(b)
	if n <= 0 || offset < -86400 || offset > 86400 {
		return time.Time{}, nil, errRecord
	}
	b = b[n:]
	return inZone(time.Unix(sec, int64(nsec)), offset), b, nil
}

// inZone gives t the location that decoding it from JSON with that
// offset from UTC (in seconds) would: UTC for a zero offset, Local when
// its offset at that instant is the same, otherwise a fixed zone.
func inZone(t time.Time, offset int64) time.Time {
	if offset == 0 {
		return t.UTC()
	}
	if _, local := t.In(time.Local).Zone(); int64(local) == offset {
		return t.In(time.Local)
	}
	return t.In(time.FixedZone("", int(offset)))
}

// appendDuration writes whole seconds as seconds (the usual case, a few
// bytes shorter) and anything else in nanoseconds; the low bit says which.
// A duration too long to fit beside that bit (centuries) is the marker 1
// and then its nanoseconds.
func appendDuration(b []byte, d time.Duration) []byte {
	switch {
	case d%time.Second == 0:
		return binary.AppendVarint(b, int64(d/time.Second)<<1)
	case d <= math.MaxInt64>>1 && d >= math.MinInt64>>1:
		return binary.AppendVarint(b, int64(d)<<1|1)
	}
	return binary.AppendVarint(binary.AppendVarint(b, 1), int64(d))
}

func readDuration(b []byte) (time.Duration, []byte, error) {
	v, n := binary.Varint(b)
	if n <= 0 {
		return 0, nil, errRecord
	}
	b = b[n:]
	switch {
	case v == 1:
		d, n := binary.Varint(b)
		if n <= 0 {
			return 0, nil, errRecord
		}
		return time.Duration(d), b[n:], nil
	case v&1 == 1:
		return time.Duration(v >> 1), b, nil
	}
	return time.Duration(v>>1) * time.Second, b, nil
}

// appendOrd writes v as its length in bytes and then those bytes, big
// endian: shorter than eight bytes for small numbers, and still sorting
// as the numbers do, so keys built from it keep their order and their
// appends stay at the end of a bucket.
func appendOrd(b []byte, v uint64) []byte {
	n := 8 - leadingZeroBytes(v)
	b = append(b, byte(n))
	for i := n - 1; i >= 0; i-- {
		b = append(b, byte(v>>(8*i)))
	}
	return b
}

func leadingZeroBytes(v uint64) int {
	n := 0
	for n < 8 && v>>(56-8*n)&0xff == 0 {
		n++
	}
	return n
}

// readOrd reads what appendOrd wrote.
func readOrd(b []byte) (uint64, []byte, error) {
	if len(b) == 0 || b[0] > 8 || len(b) < 1+int(b[0]) {
		return 0, nil, errRecord
	}
	n := int(b[0])
	var v uint64
	for _, c := range b[1 : 1+n] {
		v = v<<8 | uint64(c)
	}
	if n > 0 && b[1] == 0 {
		return 0, nil, errRecord // not the shortest form: a key must be unique
	}
	return v, b[1+n:], nil
}

// appendEnum writes s as its 1-based position in known, or as 0 and the
// string itself when it is not there. known lists only ever grow at the
// end: a stored position must keep its meaning.
func appendEnum(b []byte, known []string, s string) []byte {
	if i := slices.Index(known, s); i >= 0 {
		return binary.AppendUvarint(b, uint64(i+1))
	}
	b = append(b, 0)
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func readEnum(b []byte, known []string) (string, []byte, error) {
	i, n := binary.Uvarint(b)
	if n <= 0 {
		return "", nil, errRecord
	}
	b = b[n:]
	if i > 0 {
		if i > uint64(len(known)) {
			return "", nil, fmt.Errorf("%w: unknown code %d", errRecord, i)
		}
		return known[i-1], b, nil
	}
	l, n := binary.Uvarint(b)
	if n <= 0 || l > uint64(len(b)-n) {
		return "", nil, errRecord
	}
	b = b[n:]
	return string(b[:l]), b[l:], nil
}

func (w *recWriter) enum(known []string, s string) { w.b = appendEnum(w.b, known, s) }

func (r *recReader) enum(known []string) string {
	s, rest, err := readEnum(r.b, known)
	if err != nil {
		r.fail()
		return ""
	}
	r.b = rest
	return s
}
