package data_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"branchbot/data"
)

// t0 is the fixed "now" most tests inject. It is in UTC and has no monotonic
// reading, so values survive the store's JSON round trip unchanged and
// compare equal with ==/reflect.DeepEqual.
var t0 = time.Date(2025, time.March, 14, 9, 26, 53, 589793238, time.UTC)

// storePath returns a fresh store file name in a per-test directory.
func storePath(t *testing.T) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "branchbot.db")
}

// openStore opens a fresh store in t.TempDir() and closes it at cleanup.
func openStore(t *testing.T) *data.Store {
	t.Helper()
	return openAt(t, storePath(t))
}

// openAt opens the store at path and closes it at cleanup.
func openAt(t *testing.T, path string) *data.Store {
	t.Helper()
	s, err := data.Open(path, data.Options{})
	if err != nil {
		t.Fatalf("Open(%q): %v", path, err)
	}
	t.Cleanup(func() {
		// A test may have closed it already; bbolt tolerates a double close.
		_ = s.Close()
	})
	return s
}

// person returns a Person with a name derived from id.
func person(id int64, name string) data.Person {
	return data.Person{UserID: id, Name: name, Username: "user" + name, Lang: "en"}
}

// mustBranch creates a branch founded by founder.
func mustBranch(t *testing.T, s *data.Store, name string, founder data.Person) data.Branch {
	t.Helper()
	br, err := s.CreateBranch(t.Context(), name, founder, t0)
	if err != nil {
		t.Fatalf("CreateBranch(%q, %d): %v", name, founder.UserID, err)
	}
	return br
}

// mustInvite creates an invite to branchID with role.
func mustInvite(t *testing.T, s *data.Store, branchID uint64, role data.Role, by int64) data.Invite {
	t.Helper()
	inv, err := s.CreateInvite(t.Context(), branchID, role, by, t0)
	if err != nil {
		t.Fatalf("CreateInvite(%d, %q): %v", branchID, role, err)
	}
	return inv
}

// mustJoin makes p a member of branchID with role via a fresh invite.
func mustJoin(t *testing.T, s *data.Store, branchID uint64, role data.Role, by int64, p data.Person) data.Member {
	t.Helper()
	inv := mustInvite(t, s, branchID, role, by)
	m, _, err := s.RedeemInvite(t.Context(), inv.Code, p, t0.Add(time.Minute))
	if err != nil {
		t.Fatalf("RedeemInvite for %d: %v", p.UserID, err)
	}
	return m
}

// mustMember returns the stored membership of userID.
func mustMember(t *testing.T, s *data.Store, userID int64) data.Member {
	t.Helper()
	m, err := s.Member(userID)
	if err != nil {
		t.Fatalf("Member(%d): %v", userID, err)
	}
	return m
}

// wantNotMember checks that userID has no membership.
func wantNotMember(t *testing.T, s *data.Store, userID int64) {
	t.Helper()
	if m, err := s.Member(userID); !errors.Is(err, data.ErrNotMember) {
		t.Fatalf("Member(%d) = %+v, %v; want ErrNotMember", userID, m, err)
	}
}

// wantErrIs fails unless errors.Is(err, target).
func wantErrIs(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: err = %v; want %v", what, err, target)
	}
}

// wantCode fails unless data.ErrorCode(err) == code.
func wantCode(t *testing.T, what string, err error, code data.Code) {
	t.Helper()
	if got := data.ErrorCode(err); got != code {
		t.Fatalf("%s: ErrorCode(%v) = %q; want %q", what, err, got, code)
	}
}

// wantProcessed checks UpdateProcessed(id).
func wantProcessed(t *testing.T, s *data.Store, id int64, want bool) {
	t.Helper()
	got, err := s.UpdateProcessed(id)
	if err != nil {
		t.Fatalf("UpdateProcessed(%d): %v", id, err)
	}
	if got != want {
		t.Fatalf("UpdateProcessed(%d) = %v; want %v", id, got, want)
	}
}

// fileBytes reads the whole file at path.
func fileBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return b
}

// memberIDs returns the user ids of ms, in order.
func memberIDs(ms []data.Member) []int64 {
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.UserID
	}
	return ids
}

// update returns a context that records Telegram update id.
func update(t *testing.T, id int64) context.Context {
	return data.WithUpdate(t.Context(), id)
}
