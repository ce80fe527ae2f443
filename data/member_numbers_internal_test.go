package data

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Members of a store from before numbers (an empty index value) are
// numbered in the order they joined, and keep those numbers when someone
// new joins.
func TestMemberNumbersOfAnOlderStore(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "store.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	t0 := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	br, err := s.CreateBranch(ctx, "支部", Person{UserID: 30, Name: "老王"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range []Person{{UserID: 10, Name: "Alice"}, {UserID: 20, Name: "Bob"}} {
		inv, err := s.CreateInvite(ctx, br.ID, RoleMember, 30, t0)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.RedeemInvite(ctx, inv.Code, p, t0.Add(time.Duration(i+1)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	// As an older store has them: no numbers.
	err = s.db.Update(func(tx *bolt.Tx) error {
		for _, id := range []int64{10, 20, 30} {
			if err := tx.Bucket(bucketBranchMembers).Put(key2(u64(br.ID), i64(id)), nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]int{30: 1, 10: 2, 20: 3}
	check := func(when string) {
		t.Helper()
		got, err := s.MemberNumbers(br.ID)
		if err != nil {
			t.Fatal(err)
		}
		for id, n := range want {
			if got[id] != n {
				t.Errorf("%s: member %d is #%d, want #%d (%v)", when, id, got[id], n, got)
			}
		}
	}
	check("before anyone joins")
	inv, _ := s.CreateInvite(ctx, br.ID, RoleMember, 30, t0)
	if _, _, err := s.RedeemInvite(ctx, inv.Code, Person{UserID: 5, Name: "Carol"}, t0.Add(5*time.Hour)); err != nil {
		t.Fatal(err)
	}
	want[5] = 4
	check("after a newcomer")
	if _, err := s.SetRole(ctx, br.ID, 20, RoleSecretary); err != nil {
		t.Fatal(err)
	}
	check("after a role change")
}
