package data_test

import (
	"errors"
	"sync"
	"testing"

	"branchbot/data"
)

// race runs n goroutines that all start together (released by closing a
// channel, not by sleeping) and collects their errors by index.
func race(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = fn(i)
		})
	}
	close(start)
	wg.Wait()
	return errs
}

func TestConcurrentRedeemDistinctInvites(t *testing.T) {
	const n = 50
	s := openStore(t)
	br := mustBranch(t, s, "Branch", person(1, "Ann"))
	invites := make([]data.Invite, n)
	for i := range invites {
		invites[i] = mustInvite(t, s, br.ID, data.RoleMember, 1)
	}

	errs := race(n, func(i int) error {
		uid := int64(1000 + i)
		m, _, err := s.RedeemInvite(update(t, uid), invites[i].Code, person(uid, "P"), t0)
		if err == nil && (m.UserID != uid || m.BranchID != br.ID) {
			err = errors.New("wrong member returned")
		}
		return err
	})
	for i, err := range errs {
		if err != nil {
			t.Errorf("goroutine %d: %v", i, err)
		}
	}
	ms, err := s.Members(br.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != n+1 {
		t.Fatalf("branch has %d members; want %d", len(ms), n+1)
	}
	for i := range n {
		uid := int64(1000 + i)
		mustMember(t, s, uid)
		wantProcessed(t, s, uid, true)
	}
}

func TestConcurrentRedeemOneInvite(t *testing.T) {
	const n = 10
	s := openStore(t)
	br := mustBranch(t, s, "Branch", person(1, "Ann"))
	inv := mustInvite(t, s, br.ID, data.RoleLeader, 1)

	errs := race(n, func(i int) error {
		_, _, err := s.RedeemInvite(t.Context(), inv.Code, person(int64(100+i), "P"), t0)
		return err
	})
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil:
			if winner >= 0 {
				t.Fatalf("goroutines %d and %d both redeemed the invite", winner, i)
			}
			winner = i
		case !errors.Is(err, data.ErrInviteUsed):
			t.Errorf("goroutine %d: %v; want ErrInviteUsed", i, err)
		}
	}
	if winner < 0 {
		t.Fatal("nobody redeemed the invite")
	}
	ms, _ := s.Members(br.ID)
	if len(ms) != 2 {
		t.Fatalf("branch has %d members; want 2", len(ms))
	}
	for i := range n {
		_, err := s.Member(int64(100 + i))
		if (err == nil) != (i == winner) {
			t.Errorf("Member(%d) err = %v; winner is %d", 100+i, err, 100+winner)
		}
	}
}

func TestConcurrentRedeemOnePerson(t *testing.T) {
	// One person racing through many invites ends up in exactly one branch,
	// and the invites they did not get stay usable.
	const n = 10
	s := openStore(t)
	br1 := mustBranch(t, s, "One", person(1, "Ann"))
	br2 := mustBranch(t, s, "Two", person(2, "Bob"))
	invites := make([]data.Invite, n)
	for i := range invites {
		br := br1
		if i%2 == 1 {
			br = br2
		}
		invites[i] = mustInvite(t, s, br.ID, data.RoleMember, br.CreatedBy)
	}
	errs := race(n, func(i int) error {
		_, _, err := s.RedeemInvite(t.Context(), invites[i].Code, person(7, "Cy"), t0)
		return err
	})
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil:
			if winner >= 0 {
				t.Fatalf("invites %d and %d both admitted the same person", winner, i)
			}
			winner = i
		case !errors.Is(err, data.ErrAlreadyMember):
			t.Errorf("invite %d: %v; want ErrAlreadyMember", i, err)
		}
	}
	if winner < 0 {
		t.Fatal("nobody got in")
	}
	if m := mustMember(t, s, 7); m.BranchID != invites[winner].BranchID {
		t.Fatalf("member in branch %d; winning invite was for %d", m.BranchID, invites[winner].BranchID)
	}
	m1, _ := s.Members(br1.ID)
	m2, _ := s.Members(br2.ID)
	if len(m1)+len(m2) != 3 {
		t.Fatalf("members: %d + %d; want 3 in total", len(m1), len(m2))
	}
	for i, inv := range invites {
		if i == winner {
			continue
		}
		if _, _, err := s.RedeemInvite(t.Context(), inv.Code, person(int64(500+i), "Q"), t0); err != nil {
			t.Errorf("invite %d was consumed by a refused attempt: %v", i, err)
		}
	}
}

func TestConcurrentCreateBranchSameFounder(t *testing.T) {
	const n = 10
	s := openStore(t)
	errs := race(n, func(i int) error {
		_, err := s.CreateBranch(t.Context(), "Branch", person(1, "Ann"), t0)
		return err
	})
	ok := 0
	for i, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, data.ErrAlreadyMember):
			t.Errorf("goroutine %d: %v", i, err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d CreateBranch calls succeeded; want exactly 1", ok)
	}
	// Only one branch exists: the next one gets id 2.
	if br := mustBranch(t, s, "Next", person(2, "Bob")); br.ID != 2 {
		t.Fatalf("next branch id = %d; want 2", br.ID)
	}
}

func TestConcurrentMixedWorkload(t *testing.T) {
	// Readers and writers of every kind at once, for the race detector.
	const n = 20
	s := openStore(t)
	br := mustBranch(t, s, "Branch", person(1, "Ann"))
	if _, err := s.AddGroup(t.Context(), br.ID, "G"); err != nil {
		t.Fatal(err)
	}
	invites := make([]data.Invite, n)
	for i := range invites {
		invites[i] = mustInvite(t, s, br.ID, data.RoleMember, 1)
	}
	errs := race(n, func(i int) error {
		uid := int64(100 + i)
		ctx := t.Context()
		if _, _, err := s.RedeemInvite(ctx, invites[i].Code, person(uid, "P"), t0); err != nil {
			return err
		}
		if _, err := s.TouchMember(ctx, person(uid, "Renamed")); err != nil {
			return err
		}
		if _, _, err := s.SetMemberGroup(ctx, br.ID, uid, "g"); err != nil {
			return err
		}
		if _, err := s.SetRole(ctx, br.ID, uid, data.RoleLeader); err != nil {
			return err
		}
		if _, err := s.BindChat(ctx, data.ChatBinding{ChatID: -uid, BranchID: br.ID}); err != nil {
			return err
		}
		if err := s.MarkUpdate(uid, t0); err != nil {
			return err
		}
		if _, err := s.Members(br.ID); err != nil {
			return err
		}
		if _, err := s.BoundChats(br.ID); err != nil {
			return err
		}
		_, err := s.UpdateProcessed(uid)
		return err
	})
	for i, err := range errs {
		if err != nil {
			t.Errorf("goroutine %d: %v", i, err)
		}
	}
	ms, _ := s.Members(br.ID)
	if len(ms) != n+1 {
		t.Fatalf("%d members; want %d", len(ms), n+1)
	}
	for _, m := range ms[1:] {
		if m.Role != data.RoleLeader || m.Name != "Renamed" || m.GroupID == 0 {
			t.Errorf("member %+v lost an update", m)
		}
	}
	if cs, _ := s.BoundChats(br.ID); len(cs) != n {
		t.Fatalf("%d chats bound; want %d", len(cs), n)
	}
}
