package data

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ExportJSON writes the data of branch branchID (0: every branch) to w as
// one JSON document in the documented format (docs/export-schema.json).
// It reads in one transaction, so the export is a consistent picture, and
// streams item by item rather than building the document in memory. A
// writer that fails, or ctx cancelled, stops it.
func (s *Store) ExportJSON(ctx context.Context, w io.Writer, branchID uint64) error {
	return s.exportAt(ctx, w, branchID, time.Now())
}

func (s *Store) exportAt(ctx context.Context, w io.Writer, branchID uint64, now time.Time) error {
	bw := bufio.NewWriter(w)
	x := &exportWriter{ctx: ctx, w: bw, enc: json.NewEncoder(bw)}
	x.enc.SetEscapeHTML(false)
	err := s.db.View(func(tx *bolt.Tx) error {
		var ids []uint64
		if branchID != 0 {
			if tx.Bucket(bucketBranches).Get(u64(branchID)) == nil {
				return Errorf(ENotFound, "branch %d not found", branchID)
			}
			ids = []uint64{branchID}
		} else {
			c := tx.Bucket(bucketBranches).Cursor()
			for k, _ := c.First(); k != nil; k, _ = c.Next() {
				ids = append(ids, binary.BigEndian.Uint64(k))
			}
		}
		head, _ := json.Marshal(ExportHeader{Format: ExportFormat, Version: ExportVersion, ExportedAt: now.UTC()})
		x.raw(string(head[:len(head)-1]) + `,"branches":[`)
		for i, id := range ids {
			if i > 0 {
				x.raw(",")
			}
			if err := exportBranch(tx, x, id); err != nil {
				return fmt.Errorf("branch %d: %w", id, err)
			}
		}
		x.raw("]}\n")
		return x.err
	})
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// exportWriter writes the document piece by piece, keeping the first
// error so that the code building it reads straight.
type exportWriter struct {
	ctx context.Context
	w   *bufio.Writer
	enc *json.Encoder
	err error
}

func (x *exportWriter) raw(s string) {
	if x.err == nil {
		_, x.err = x.w.WriteString(s)
	}
}

// value writes one item, checking ctx between items.
func (x *exportWriter) value(v any) {
	if x.err == nil {
		x.err = x.ctx.Err()
	}
	if x.err == nil {
		x.err = x.enc.Encode(v)
	}
}

// field writes "name": v, after a comma unless it is an object's first.
func (x *exportWriter) field(name string, v any, first bool) {
	if !first {
		x.raw(",")
	}
	x.raw(`"` + name + `":`)
	x.value(v)
}

// array writes "name": [items...], each item encoded on its own.
func array[T any](x *exportWriter, name string, items []T) {
	x.raw(`,"` + name + `":[`)
	for i, it := range items {
		if i > 0 {
			x.raw(",")
		}
		x.value(it)
	}
	x.raw("]")
}

func exportBranch(tx *bolt.Tx, x *exportWriter, id uint64) error {
	var br Branch
	if _, err := get(tx.Bucket(bucketBranches), u64(id), &br); err != nil {
		return err
	}
	prefix := u64(id)
	x.raw("{")
	x.field("branch", ExportBranchInfo{ID: br.ID, Name: br.Name, CreatedBy: br.CreatedBy, CreatedAt: br.CreatedAt}, true)
	x.field("settings", br.Settings, false)

	groups, err := scanPrefix[Group](tx.Bucket(bucketGroups), prefix)
	if err != nil {
		return err
	}
	eg := make([]ExportGroup, 0, len(groups))
	for _, g := range groups {
		eg = append(eg, ExportGroup{ID: g.ID, Name: g.Name})
	}
	array(x, "groups", eg)

	members, err := exportMembers(tx, prefix)
	if err != nil {
		return err
	}
	array(x, "members", members)

	// Meetings one at a time: they carry the most.
	x.raw(`,"meetings":[`)
	c := tx.Bucket(bucketBranchMeetings).Cursor()
	n := 0
	calendar := calendarPrefix(id)
	for k, _ := c.Seek(calendar); k != nil && bytes.HasPrefix(k, calendar); k, _ = c.Next() {
		mid, err := calendarMeeting(k)
		if err != nil {
			return err
		}
		m, err := exportMeeting(tx, mid)
		if err != nil {
			return err
		}
		if n > 0 {
			x.raw(",")
		}
		x.value(m)
		n++
	}
	x.raw("]")

	series, err := scanWhere(tx.Bucket(bucketSeries), func(sr Series) bool { return sr.BranchID == id })
	if err != nil {
		return err
	}
	es := make([]ExportSeries, 0, len(series))
	for _, sr := range series {
		es = append(es, ExportSeries{ID: sr.ID, Kind: sr.Kind, Rule: sr.Rule, Title: sr.Title, DurationMinutes: int(sr.Duration / time.Minute),
			Place: sr.Place, GroupID: sr.GroupID, Holiday: sr.Holiday, Active: sr.Active, CreatedBy: sr.CreatedBy, CreatedAt: sr.CreatedAt})
	}
	array(x, "series", es)

	holidays, err := scanPrefix[HolidayEntry](tx.Bucket(bucketHolidays), prefix)
	if err != nil {
		return err
	}
	eh := make([]ExportHoliday, 0, len(holidays))
	for _, h := range holidays {
		eh = append(eh, ExportHoliday(h))
	}
	array(x, "holidays", eh)

	if err := exportNotices(tx, x, prefix); err != nil {
		return err
	}
	if err := exportFeedback(tx, x, id); err != nil {
		return err
	}
	if err := exportSurveys(tx, x, id); err != nil {
		return err
	}
	if err := exportRounds(tx, x, id); err != nil {
		return err
	}
	audit, err := auditOf(tx, id)
	if err != nil {
		return err
	}
	array(x, "audit", audit)
	x.raw("}")
	return x.err
}

func exportMembers(tx *bolt.Tx, prefix []byte) ([]ExportMember, error) {
	out := []ExportMember{}
	c := tx.Bucket(bucketBranchMembers).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		var m Member
		ok, err := get(tx.Bucket(bucketMembers), k[8:16], &m)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		out = append(out, ExportMember{ID: m.UserID, Name: m.Name, Username: m.Username, Role: m.Role, GroupID: m.GroupID, Joined: m.JoinedAt})
	}
	return out, nil
}

func exportMeeting(tx *bolt.Tx, id uint64) (ExportMeeting, error) {
	m, err := meeting(tx, id)
	if err != nil {
		return ExportMeeting{}, err
	}
	e := ExportMeeting{
		ID: m.ID, Kind: m.Kind, Title: m.Title, Start: m.Start, DurationMinutes: int(m.Duration / time.Minute),
		Place: m.Place, GroupID: m.GroupID, SeriesID: m.SeriesID, Status: m.Status,
		CreatedBy: m.CreatedBy, CreatedAt: m.CreatedAt, CancelledBy: m.CancelledBy, CancelledAt: m.CancelledAt,
		Attendance: []ExportAttendance{}, Leaves: []ExportLeave{}, MakeUps: []ExportMakeUp{}, Evidence: []ExportEvidence{},
	}
	if m.Minutes != nil {
		em := exportMinutes(*m.Minutes)
		e.Minutes = &em
	}
	key := u64(id)
	att, err := scanPrefix[Attendance](tx.Bucket(bucketAttendance), key)
	if err != nil {
		return e, err
	}
	for _, a := range att {
		e.Attendance = append(e.Attendance, ExportAttendance{Member: a.UserID, Name: a.Name, At: a.At, Late: a.Late, By: a.By, Reason: a.Reason})
	}
	leaves, err := scanPrefix[Leave](tx.Bucket(bucketLeaves), key)
	if err != nil {
		return e, err
	}
	for _, l := range leaves {
		status := l.Status
		if status == "" {
			status = LeaveApproved // records from before decisions
		}
		e.Leaves = append(e.Leaves, ExportLeave{Member: l.UserID, Name: l.Name, At: l.At, Reason: l.Reason, Status: status, DecidedBy: l.DecidedBy, DecidedAt: l.DecidedAt})
	}
	mus, err := scanPrefix[MakeUp](tx.Bucket(bucketMakeUps), key)
	if err != nil {
		return e, err
	}
	for _, mu := range mus {
		e.MakeUps = append(e.MakeUps, ExportMakeUp{Member: mu.UserID, At: mu.At, Note: mu.Note})
	}
	ev, err := scanPrefix[Evidence](tx.Bucket(bucketEvidence), key)
	if err != nil {
		return e, err
	}
	for _, v := range ev {
		e.Evidence = append(e.Evidence, ExportEvidence{Kind: v.Kind, FileUniqueID: v.FileUniqueID, FileName: v.FileName, Caption: v.Caption, By: v.By, At: v.At})
	}
	return e, nil
}

func exportMinutes(m Minutes) ExportMinutes {
	e := ExportMinutes{Text: m.Text, Host: m.Host, Recorder: m.Recorder, Agenda: m.Agenda, Decisions: m.Decisions, By: m.By, At: m.At}
	for _, old := range m.Earlier {
		e.Earlier = append(e.Earlier, exportMinutes(old))
	}
	return e
}

func exportNotices(tx *bolt.Tx, x *exportWriter, prefix []byte) error {
	x.raw(`,"notices":[`)
	c := tx.Bucket(bucketBranchNotices).Cursor()
	n := 0
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		id := k[len(k)-8:]
		var nt Notice
		ok, err := get(tx.Bucket(bucketNotices), id, &nt)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		receipts, err := scanPrefix[Receipt](tx.Bucket(bucketReceipts), id)
		if err != nil {
			return err
		}
		e := ExportNotice{ID: nt.ID, Text: nt.Text, CreatedBy: nt.CreatedBy, CreatedAt: nt.CreatedAt,
			Recipients: nt.Recipients, Delivered: nt.Delivered, Acked: nt.Acked, Receipts: []ExportReceipt{}}
		for _, r := range receipts {
			e.Receipts = append(e.Receipts, ExportReceipt{Member: r.UserID, Name: r.Name, State: r.State, DeliveredAt: r.DeliveredAt, AckAt: r.AckAt})
		}
		if n > 0 {
			x.raw(",")
		}
		x.value(e)
		n++
	}
	x.raw("]")
	return x.err
}

// exportFeedback writes a branch's feedback. An anonymous item is written
// as ExportFeedback, a type with no author field; the relay bucket, the
// only way back to an anonymous author, is never read.
func exportFeedback(tx *bolt.Tx, x *exportWriter, branchID uint64) error {
	items, err := scanWhere(tx.Bucket(bucketFeedback), func(f Feedback) bool { return f.BranchID == branchID })
	if err != nil {
		return err
	}
	x.raw(`,"feedback":[`)
	for i, f := range items {
		e := ExportFeedback{ID: f.ID, Category: f.Category, Text: f.Text, Anonymous: f.Anonymous, Open: f.Open, CreatedAt: f.CreatedAt, Thread: []ExportPost{}}
		for _, p := range f.Thread {
			e.Thread = append(e.Thread, ExportPost(p))
		}
		if i > 0 {
			x.raw(",")
		}
		if f.Anonymous {
			x.value(e)
		} else {
			x.value(ExportNamedFeedback{ExportFeedback: e, AuthorID: f.AuthorID, Author: f.Author})
		}
	}
	x.raw("]")
	return x.err
}

// exportSurveys writes a branch's surveys with their answers: a named
// survey's answers with the member, an anonymous one's without (their key
// is random, and the map from members to keys is never read), and only
// once it has closed.
func exportSurveys(tx *bolt.Tx, x *exportWriter, branchID uint64) error {
	surveys, err := scanWhere(tx.Bucket(bucketSurveys), func(sv Survey) bool { return sv.BranchID == branchID })
	if err != nil {
		return err
	}
	x.raw(`,"surveys":[`)
	for i, sv := range surveys {
		e := ExportSurvey{ID: sv.ID, Title: sv.Title, Anonymous: sv.Anonymous, Open: sv.Open, Deadline: sv.Deadline, CreatedBy: sv.CreatedBy,
			Questions: []ExportQuestion{}, Answers: []any{}}
		for _, q := range sv.Questions {
			e.Questions = append(e.Questions, ExportQuestion(q))
		}
		prefix := u64(sv.ID)
		c := tx.Bucket(bucketAnswers).Cursor()
		// An anonymous survey's answers are shown only once it closes, as
		// /survey results does: two exports around one member's answer
		// would otherwise show which answer is theirs.
		for k, v := c.Seek(prefix); sv.ResultsVisible() && k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var a Answers
			if err := jsonDecode(v, &a); err != nil {
				return err
			}
			ans := ExportAnswers{Choices: a.Choices, Texts: a.Texts, Done: a.Done}
			if sv.Anonymous || len(k) != 16 {
				e.Answers = append(e.Answers, ans)
				continue
			}
			e.Answers = append(e.Answers, ExportNamedAnswers{Member: fromI64(k[8:]), Name: a.Name, ExportAnswers: ans})
		}
		if i > 0 {
			x.raw(",")
		}
		x.value(e)
	}
	x.raw("]")
	return x.err
}

// exportRounds writes a branch's evaluation rounds with the tallies that
// were published: none while open or when withheld.
func exportRounds(tx *bolt.Tx, x *exportWriter, branchID uint64) error {
	rounds, err := scanWhere(tx.Bucket(bucketRounds), func(r Round) bool { return r.BranchID == branchID })
	if err != nil {
		return err
	}
	out := make([]ExportRound, 0, len(rounds))
	for _, r := range rounds {
		e := ExportRound{ID: r.ID, Open: r.Open, OpenedAt: r.OpenedAt, ClosedAt: r.ClosedAt, Voters: r.Voters, Withheld: r.Withheld, Tallies: []ExportTally{}}
		if !r.Open && !r.Withheld {
			for _, m := range r.Members {
				if t, ok := r.Tallies[m]; ok {
					e.Tallies = append(e.Tallies, ExportTally{Member: m, Name: r.Names[m], Ratings: t})
				}
			}
		}
		if r.Open {
			e.Voters = 0 // not counted until closing
		}
		out = append(out, e)
	}
	array(x, "evaluations", out)
	return x.err
}
