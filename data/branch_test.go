package data_test

import (
	"bytes"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"branchbot/data"
)

func TestCreateBranch(t *testing.T) {
	s := openStore(t)
	founder := data.Person{UserID: 42, Name: "Ann", Username: "ann", Lang: "zh"}
	br, err := s.CreateBranch(t.Context(), "  第一支部  ", founder, t0)
	if err != nil {
		t.Fatal(err)
	}
	want := data.Branch{ID: br.ID, Name: "第一支部", CreatedBy: 42, CreatedAt: t0, Settings: data.DefaultSettings()}
	if !reflect.DeepEqual(br, want) || br.ID == 0 {
		t.Fatalf("CreateBranch = %+v; want %+v with a non-zero id", br, want)
	}
	if got, err := s.Branch(br.ID); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("Branch(%d) = %+v, %v; want %+v", br.ID, got, err, want)
	}
	m := mustMember(t, s, 42)
	wantM := data.Member{UserID: 42, BranchID: br.ID, Role: data.RoleSecretary, Name: "Ann", Username: "ann", Lang: "zh", JoinedAt: t0}
	if m != wantM {
		t.Fatalf("founder = %+v; want %+v", m, wantM)
	}
	ms, err := s.Members(br.ID)
	if err != nil || len(ms) != 1 || ms[0] != wantM {
		t.Fatalf("Members = %+v, %v; want [%+v]", ms, err, wantM)
	}

	// The same founder cannot found (or be in) a second branch.
	_, err = s.CreateBranch(t.Context(), "Second", founder, t0)
	wantErrIs(t, "second CreateBranch", err, data.ErrAlreadyMember)
	wantCode(t, "second CreateBranch", err, data.EConflict)
	if got := mustMember(t, s, 42); got != wantM {
		t.Fatalf("founder changed after failed CreateBranch: %+v", got)
	}

	// Another founder gets a different branch.
	br2 := mustBranch(t, s, "Second", person(43, "Bob"))
	if br2.ID == br.ID {
		t.Fatalf("two branches share id %d", br.ID)
	}
	if ms, _ := s.Members(br.ID); len(ms) != 1 {
		t.Fatalf("branch 1 has %d members after branch 2 was founded", len(ms))
	}
}

func TestCreateBranchInvalidName(t *testing.T) {
	for _, tc := range []struct{ name, input string }{
		{"empty", ""},
		{"spaces", "   "},
		{"whitespace mix", " \t\n "},
		{"65 runes", strings.Repeat("x", data.MaxNameLen+1)},
		{"65 wide runes", strings.Repeat("党", data.MaxNameLen+1)},
		{"newline", "Branch\nOne"},
		{"carriage return", "Branch\rOne"},
		{"tab", "Branch\tOne"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openStore(t)
			br, err := s.CreateBranch(update(t, 1), tc.input, person(1, "Ann"), t0)
			if err == nil {
				t.Fatalf("CreateBranch(%q) = %+v; want an error", tc.input, br)
			}
			wantCode(t, "CreateBranch", err, data.EInvalid)
			wantNotMember(t, s, 1)
			if _, err := s.Branch(1); data.ErrorCode(err) != data.ENotFound {
				t.Fatalf("Branch(1) after failed create: %v; want not found", err)
			}
			wantProcessed(t, s, 1, false)
			// The failure consumed no id: the first real branch gets id 1.
			if br := mustBranch(t, s, "Real", person(1, "Ann")); br.ID != 1 {
				t.Fatalf("first branch after failures has id %d; want 1", br.ID)
			}
		})
	}
}

func TestCreateBranchNameLimits(t *testing.T) {
	s := openStore(t)
	for i, name := range []string{
		"a",
		strings.Repeat("x", data.MaxNameLen),
		strings.Repeat("党", data.MaxNameLen),
		"  " + strings.Repeat("y", data.MaxNameLen) + "  ", // trimmed before counting
	} {
		br, err := s.CreateBranch(t.Context(), name, person(int64(i+1), "P"), t0)
		if err != nil {
			t.Fatalf("CreateBranch(%q): %v", name, err)
		}
		if br.Name != strings.TrimSpace(name) {
			t.Errorf("Name = %q; want %q", br.Name, strings.TrimSpace(name))
		}
	}
}

func TestBranchUnknown(t *testing.T) {
	s := openStore(t)
	_, err := s.Branch(99)
	wantCode(t, "Branch(99)", err, data.ENotFound)
}

var inviteCodeRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func TestNewInviteCode(t *testing.T) {
	seen := make(map[string]bool)
	for range 1000 {
		c := data.NewInviteCode()
		if !inviteCodeRE.MatchString(c) {
			t.Fatalf("NewInviteCode() = %q; does not match %s", c, inviteCodeRE)
		}
		if seen[c] {
			t.Fatalf("NewInviteCode() repeated %q", c)
		}
		seen[c] = true
	}
}

func TestCreateInvite(t *testing.T) {
	s := openStore(t)
	br := mustBranch(t, s, "Branch", person(1, "Ann"))
	seen := make(map[string]bool)
	for i, role := range []data.Role{data.RoleMember, data.RoleLeader, data.RoleCommittee, data.RoleSecretary} {
		for range 25 {
			inv, err := s.CreateInvite(t.Context(), br.ID, role, 1, t0)
			if err != nil {
				t.Fatalf("CreateInvite(%q): %v", role, err)
			}
			if !inviteCodeRE.MatchString(inv.Code) {
				t.Fatalf("invite code %q does not match %s", inv.Code, inviteCodeRE)
			}
			if seen[inv.Code] {
				t.Fatalf("invite code %q repeated", inv.Code)
			}
			seen[inv.Code] = true
			want := data.Invite{Code: inv.Code, BranchID: br.ID, Role: role, CreatedBy: 1, CreatedAt: t0, ExpiresAt: t0.Add(data.InviteTTL)}
			if inv != want {
				t.Fatalf("invite %d = %+v; want %+v", i, inv, want)
			}
		}
	}
}

func TestCreateInviteInvalidRole(t *testing.T) {
	s := openStore(t)
	br := mustBranch(t, s, "Branch", person(1, "Ann"))
	for _, role := range []data.Role{"", data.RoleOwner, "admin", "Secretary", "member "} {
		inv, err := s.CreateInvite(update(t, 9), br.ID, role, 1, t0)
		if err == nil {
			t.Fatalf("CreateInvite(%q) = %+v; want an error", role, inv)
		}
		wantCode(t, "CreateInvite("+string(role)+")", err, data.EInvalid)
	}
	wantProcessed(t, s, 9, false)
}

func TestRedeemInvite(t *testing.T) {
	s := openStore(t)
	br := mustBranch(t, s, "Branch", person(1, "Ann"))
	inv := mustInvite(t, s, br.ID, data.RoleLeader, 1)
	bob := data.Person{UserID: 2, Name: "Bob", Username: "bob", Lang: "de"}
	at := t0.Add(time.Hour)

	m, gotBr, err := s.RedeemInvite(t.Context(), inv.Code, bob, at)
	if err != nil {
		t.Fatal(err)
	}
	want := data.Member{UserID: 2, BranchID: br.ID, Role: data.RoleLeader, Name: "Bob", Username: "bob", Lang: "de", JoinedAt: at, InvitedBy: 1}
	if m != want {
		t.Fatalf("RedeemInvite member = %+v; want %+v", m, want)
	}
	if !reflect.DeepEqual(gotBr, br) {
		t.Fatalf("RedeemInvite branch = %+v; want %+v", gotBr, br)
	}
	if got := mustMember(t, s, 2); got != want {
		t.Fatalf("stored member = %+v; want %+v", got, want)
	}
	if ms, _ := s.Members(br.ID); !slices.Equal(memberIDs(ms), []int64{1, 2}) {
		t.Fatalf("Members = %v; want [1 2]", memberIDs(ms))
	}

	// Reuse, by someone else or by the same person, fails.
	_, _, err = s.RedeemInvite(t.Context(), inv.Code, person(3, "Cy"), at)
	wantErrIs(t, "reuse by another", err, data.ErrInviteUsed)
	wantNotMember(t, s, 3)
	_, _, err = s.RedeemInvite(t.Context(), inv.Code, bob, at)
	wantErrIs(t, "reuse by the redeemer", err, data.ErrInviteUsed)
}

func TestRedeemInviteRoles(t *testing.T) {
	s := openStore(t)
	br := mustBranch(t, s, "Branch", person(1, "Ann"))
	for i, role := range []data.Role{data.RoleMember, data.RoleLeader, data.RoleCommittee, data.RoleSecretary} {
		uid := int64(10 + i)
		m := mustJoin(t, s, br.ID, role, 1, person(uid, "P"))
		if m.Role != role || mustMember(t, s, uid).Role != role {
			t.Fatalf("joined with role %q; want %q", m.Role, role)
		}
	}
}

func TestRedeemInviteUnknown(t *testing.T) {
	s := openStore(t)
	br := mustBranch(t, s, "Branch", person(1, "Ann"))
	inv := mustInvite(t, s, br.ID, data.RoleMember, 1)
	for _, code := range []string{"", "nope", strings.ToUpper(inv.Code) + "x", inv.Code[:len(inv.Code)-1], inv.Code + " ", strings.Repeat("a", 70000)} {
		_, _, err := s.RedeemInvite(t.Context(), code, person(2, "Bob"), t0)
		wantErrIs(t, "RedeemInvite(unknown)", err, data.ErrInviteUnknown)
		wantCode(t, "RedeemInvite(unknown)", err, data.ENotFound)
	}
	wantNotMember(t, s, 2)

	// An invite to a branch that does not exist is worthless, and stays unused.
	ghost, err := s.CreateInvite(t.Context(), 999, data.RoleMember, 1, t0)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = s.RedeemInvite(t.Context(), ghost.Code, person(2, "Bob"), t0)
	wantErrIs(t, "RedeemInvite(no branch)", err, data.ErrInviteUnknown)
	wantNotMember(t, s, 2)
}

func TestRedeemInviteExpiry(t *testing.T) {
	for _, tc := range []struct {
		name    string
		at      time.Time
		expired bool
	}{
		{"at creation", t0, false},
		{"one nanosecond before expiry", t0.Add(data.InviteTTL - time.Nanosecond), false},
		{"exactly at expiry", t0.Add(data.InviteTTL), true},
		{"one nanosecond after expiry", t0.Add(data.InviteTTL + time.Nanosecond), true},
		{"a year later", t0.AddDate(1, 0, 0), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openStore(t)
			br := mustBranch(t, s, "Branch", person(1, "Ann"))
			inv := mustInvite(t, s, br.ID, data.RoleMember, 1)
			_, _, err := s.RedeemInvite(update(t, 5), inv.Code, person(2, "Bob"), tc.at)
			if !tc.expired {
				if err != nil {
					t.Fatalf("RedeemInvite: %v", err)
				}
				mustMember(t, s, 2)
				return
			}
			wantErrIs(t, "RedeemInvite", err, data.ErrInviteExpired)
			wantCode(t, "RedeemInvite", err, data.EExpired)
			wantNotMember(t, s, 2)
			wantProcessed(t, s, 5, false)
			// Still expired (not "used") on a second try.
			_, _, err = s.RedeemInvite(t.Context(), inv.Code, person(3, "Cy"), tc.at)
			wantErrIs(t, "RedeemInvite again", err, data.ErrInviteExpired)
		})
	}
}

func TestRedeemInviteAlreadyMemberKeepsCode(t *testing.T) {
	s := openStore(t)
	br := mustBranch(t, s, "Branch", person(1, "Ann"))
	other := mustBranch(t, s, "Other", person(50, "Zed"))
	inv := mustInvite(t, s, br.ID, data.RoleCommittee, 1)

	for _, uid := range []int64{1, 50} { // a member of this branch, and of another
		before := mustMember(t, s, uid)
		_, _, err := s.RedeemInvite(update(t, uid), inv.Code, person(uid, "Changed"), t0)
		wantErrIs(t, "RedeemInvite by a member", err, data.ErrAlreadyMember)
		if got := mustMember(t, s, uid); got != before {
			t.Fatalf("member %d changed: %+v; was %+v", uid, got, before)
		}
		wantProcessed(t, s, uid, false)
	}
	if ms, _ := s.Members(other.ID); len(ms) != 1 {
		t.Fatalf("other branch has %d members; want 1", len(ms))
	}

	// The code was not consumed: someone new can still use it.
	m, _, err := s.RedeemInvite(t.Context(), inv.Code, person(3, "Cy"), t0)
	if err != nil {
		t.Fatalf("RedeemInvite after refused attempts: %v", err)
	}
	if m.Role != data.RoleCommittee || m.BranchID != br.ID {
		t.Fatalf("member = %+v", m)
	}
}

func TestMembersOrder(t *testing.T) {
	s := openStore(t)
	br := mustBranch(t, s, "Branch", person(1, "Mia"))
	other := mustBranch(t, s, "Other", person(2, "Aaron"))
	// Ids deliberately do not follow names, so key order is not name order.
	mustJoin(t, s, br.ID, data.RoleMember, 1, person(3, "Zoe"))
	mustJoin(t, s, br.ID, data.RoleSecretary, 1, person(4, "Yan"))
	mustJoin(t, s, br.ID, data.RoleMember, 1, person(5, "Bea"))
	mustJoin(t, s, br.ID, data.RoleMember, 1, person(-6, "Cal")) // negative ids are ordinary users too
	mustJoin(t, s, br.ID, data.RoleSecretary, 1, person(7, "Abe"))
	mustJoin(t, s, other.ID, data.RoleMember, 2, person(8, "Aardvark"))

	ms, err := s.Members(br.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ms {
		if m.BranchID != br.ID {
			t.Errorf("Members(%d) returned %+v of branch %d", br.ID, m, m.BranchID)
		}
		got = append(got, string(m.Role)+":"+m.Name)
	}
	want := []string{"secretary:Abe", "secretary:Mia", "secretary:Yan", "member:Bea", "member:Cal", "member:Zoe"}
	if !slices.Equal(got, want) {
		t.Fatalf("Members order = %v; want %v", got, want)
	}

	if ms, err := s.Members(other.ID); err != nil || !slices.Equal(memberIDs(ms), []int64{2, 8}) {
		t.Fatalf("Members(other) = %v, %v; want [2 8]", memberIDs(ms), err)
	}
	if ms, err := s.Members(12345); err != nil || len(ms) != 0 {
		t.Fatalf("Members(unknown) = %+v, %v; want none", ms, err)
	}
}

func TestTouchMember(t *testing.T) {
	path := storePath(t)
	s := openAt(t, path)
	ann := data.Person{UserID: 1, Name: "Ann", Username: "ann", Lang: "en"}
	br := mustBranch(t, s, "Branch", ann)
	joined := mustMember(t, s, 1)

	// Unchanged: returns the member and writes nothing at all.
	before := fileBytes(t, path)
	m, err := s.TouchMember(update(t, 10), ann)
	if err != nil {
		t.Fatal(err)
	}
	if m != joined {
		t.Fatalf("TouchMember(unchanged) = %+v; want %+v", m, joined)
	}
	if !bytes.Equal(fileBytes(t, path), before) {
		t.Fatal("TouchMember without changes wrote to the store file")
	}
	wantProcessed(t, s, 10, false)

	// Each field counts as a change.
	for i, p := range []data.Person{
		{UserID: 1, Name: "Annie", Username: "ann", Lang: "en"},
		{UserID: 1, Name: "Annie", Username: "annie", Lang: "en"},
		{UserID: 1, Name: "Annie", Username: "annie", Lang: "fr"},
		{UserID: 1, Name: "", Username: "", Lang: ""},
	} {
		id := int64(20 + i)
		m, err := s.TouchMember(update(t, id), p)
		if err != nil {
			t.Fatalf("TouchMember(%+v): %v", p, err)
		}
		want := joined
		want.Name, want.Username, want.Lang = p.Name, p.Username, p.Lang
		if m != want {
			t.Fatalf("TouchMember(%+v) = %+v; want %+v", p, m, want)
		}
		if got := mustMember(t, s, 1); got != want {
			t.Fatalf("stored after TouchMember = %+v; want %+v", got, want)
		}
		wantProcessed(t, s, id, true)
	}
	if m := mustMember(t, s, 1); m.Role != data.RoleSecretary || m.BranchID != br.ID || m.JoinedAt != t0 {
		t.Fatalf("TouchMember changed more than the profile: %+v", m)
	}

	// Strangers.
	before = fileBytes(t, path)
	_, err = s.TouchMember(update(t, 30), person(404, "Ghost"))
	wantErrIs(t, "TouchMember(stranger)", err, data.ErrNotMember)
	wantNotMember(t, s, 404)
	wantProcessed(t, s, 30, false)
	if !bytes.Equal(fileBytes(t, path), before) {
		t.Fatal("TouchMember of a stranger wrote to the store file")
	}
}

func TestGroups(t *testing.T) {
	s := openStore(t)
	ctx := t.Context()
	br := mustBranch(t, s, "Branch", person(1, "Ann"))
	other := mustBranch(t, s, "Other", person(2, "Bob"))

	if gs, err := s.Groups(br.ID); err != nil || len(gs) != 0 {
		t.Fatalf("Groups before any = %+v, %v", gs, err)
	}

	var want []data.Group
	for _, name := range []string{"Zeta", " Alpha ", "Mid", "第一小组"} {
		g, err := s.AddGroup(ctx, br.ID, name)
		if err != nil {
			t.Fatalf("AddGroup(%q): %v", name, err)
		}
		if g.ID == 0 || g.BranchID != br.ID || g.Name != strings.TrimSpace(name) {
			t.Fatalf("AddGroup(%q) = %+v", name, g)
		}
		want = append(want, g)
	}
	// Duplicates, case-insensitively and after trimming, are refused.
	for _, name := range []string{"Zeta", "zeta", "ZETA", "  alpha", "mID"} {
		_, err := s.AddGroup(update(t, 7), br.ID, name)
		wantErrIs(t, "AddGroup("+name+")", err, data.ErrGroupExists)
		wantCode(t, "AddGroup("+name+")", err, data.EConflict)
	}
	wantProcessed(t, s, 7, false)
	// Invalid names.
	for _, name := range []string{"", "  ", "a\nb", strings.Repeat("g", data.MaxNameLen+1)} {
		_, err := s.AddGroup(ctx, br.ID, name)
		wantCode(t, "AddGroup(invalid)", err, data.EInvalid)
	}
	// The same name is fine in another branch.
	og, err := s.AddGroup(ctx, other.ID, "zeta")
	if err != nil {
		t.Fatalf("AddGroup in other branch: %v", err)
	}

	gs, err := s.Groups(br.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(gs, want) {
		t.Fatalf("Groups = %+v; want creation order %+v", gs, want)
	}
	if gs, err := s.Groups(other.ID); err != nil || !slices.Equal(gs, []data.Group{og}) {
		t.Fatalf("Groups(other) = %+v, %v; want [%+v]", gs, err, og)
	}
	ids := map[uint64]bool{og.ID: true}
	for _, g := range want {
		if ids[g.ID] {
			t.Fatalf("group id %d reused", g.ID)
		}
		ids[g.ID] = true
	}
}

func TestSetMemberGroup(t *testing.T) {
	s := openStore(t)
	ctx := t.Context()
	br := mustBranch(t, s, "Branch", person(1, "Ann"))
	other := mustBranch(t, s, "Other", person(2, "Bob"))
	mustJoin(t, s, br.ID, data.RoleMember, 1, person(3, "Cy"))
	g1, _ := s.AddGroup(ctx, br.ID, "Red")
	g2, _ := s.AddGroup(ctx, br.ID, "Blue")
	if _, err := s.AddGroup(ctx, other.ID, "Green"); err != nil {
		t.Fatal(err)
	}

	m, g, err := s.SetMemberGroup(update(t, 1), br.ID, 3, "  red ")
	if err != nil {
		t.Fatal(err)
	}
	if g != g1 || m.GroupID != g1.ID || mustMember(t, s, 3).GroupID != g1.ID {
		t.Fatalf("SetMemberGroup = %+v, %+v; want group %+v", m, g, g1)
	}
	wantProcessed(t, s, 1, true)
	// Moving to another group.
	if m, _, err := s.SetMemberGroup(ctx, br.ID, 3, "BLUE"); err != nil || m.GroupID != g2.ID {
		t.Fatalf("move to Blue = %+v, %v", m, err)
	}

	for _, tc := range []struct {
		name   string
		branch uint64
		user   int64
		group  string
		target error
	}{
		{"unknown group", br.ID, 3, "Purple", data.ErrGroupUnknown},
		{"group of another branch", br.ID, 3, "Green", data.ErrGroupUnknown},
		{"member of another branch", br.ID, 2, "Red", data.ErrNotMember},
		{"member asked via the wrong branch", other.ID, 3, "Green", data.ErrNotMember},
		{"stranger", br.ID, 404, "Red", data.ErrNotMember},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := s.SetMemberGroup(update(t, 99), tc.branch, tc.user, tc.group)
			wantErrIs(t, "SetMemberGroup", err, tc.target)
			wantProcessed(t, s, 99, false)
		})
	}
	if got := mustMember(t, s, 3).GroupID; got != g2.ID {
		t.Fatalf("failed calls moved member 3 to group %d", got)
	}
	if got := mustMember(t, s, 2).GroupID; got != 0 {
		t.Fatalf("member of another branch got group %d", got)
	}
}

func TestSetRole(t *testing.T) {
	s := openStore(t)
	ctx := t.Context()
	br := mustBranch(t, s, "Branch", person(1, "Ann"))
	other := mustBranch(t, s, "Other", person(2, "Bob"))
	mustJoin(t, s, br.ID, data.RoleMember, 1, person(3, "Cy"))

	// Promote and demote an ordinary member through every role.
	for _, role := range []data.Role{data.RoleLeader, data.RoleCommittee, data.RoleSecretary, data.RoleCommittee, data.RoleMember} {
		m, err := s.SetRole(ctx, br.ID, 3, role)
		if err != nil {
			t.Fatalf("SetRole(3, %q): %v", role, err)
		}
		if m.Role != role || mustMember(t, s, 3).Role != role {
			t.Fatalf("SetRole(3, %q) = %+v", role, m)
		}
	}

	// The last secretary cannot step down (another branch's secretaries do
	// not count)...
	for _, role := range []data.Role{data.RoleMember, data.RoleLeader, data.RoleCommittee} {
		_, err := s.SetRole(update(t, 50), br.ID, 1, role)
		wantErrIs(t, "demote last secretary", err, data.ErrLastSecretary)
		wantCode(t, "demote last secretary", err, data.EConflict)
		if got := mustMember(t, s, 1).Role; got != data.RoleSecretary {
			t.Fatalf("last secretary's role became %q", got)
		}
		wantProcessed(t, s, 50, false)
	}
	// ...but may be "set" to secretary again.
	if m, err := s.SetRole(ctx, br.ID, 1, data.RoleSecretary); err != nil || m.Role != data.RoleSecretary {
		t.Fatalf("SetRole(secretary→secretary) = %+v, %v", m, err)
	}

	// With two secretaries one can go, then the other is the last.
	if _, err := s.SetRole(ctx, br.ID, 3, data.RoleSecretary); err != nil {
		t.Fatal(err)
	}
	if m, err := s.SetRole(ctx, br.ID, 1, data.RoleCommittee); err != nil || m.Role != data.RoleCommittee {
		t.Fatalf("demote one of two secretaries = %+v, %v", m, err)
	}
	_, err := s.SetRole(ctx, br.ID, 3, data.RoleMember)
	wantErrIs(t, "demote the remaining secretary", err, data.ErrLastSecretary)
	if got := mustMember(t, s, 3).Role; got != data.RoleSecretary {
		t.Fatalf("remaining secretary's role became %q", got)
	}

	// Invalid roles are refused before anything is looked up.
	for _, role := range []data.Role{"", data.RoleOwner, "admin", "SECRETARY"} {
		_, err := s.SetRole(ctx, br.ID, 3, role)
		wantCode(t, "SetRole("+string(role)+")", err, data.EInvalid)
	}
	// Members of another branch and strangers.
	_, err = s.SetRole(ctx, br.ID, 2, data.RoleMember)
	wantErrIs(t, "SetRole(other branch)", err, data.ErrNotMember)
	_, err = s.SetRole(ctx, other.ID, 3, data.RoleMember)
	wantErrIs(t, "SetRole(wrong branch)", err, data.ErrNotMember)
	_, err = s.SetRole(ctx, br.ID, 404, data.RoleMember)
	wantErrIs(t, "SetRole(stranger)", err, data.ErrNotMember)
	if got := mustMember(t, s, 2).Role; got != data.RoleSecretary {
		t.Fatalf("other branch's founder role became %q", got)
	}
}

func TestBindChat(t *testing.T) {
	s := openStore(t)
	ctx := t.Context()
	br := mustBranch(t, s, "Branch", person(1, "Ann"))
	other := mustBranch(t, s, "Other", person(2, "Bob"))

	first := data.ChatBinding{ChatID: -1001234567890, BranchID: br.ID, Title: "Old title", BoundBy: 1, BoundAt: t0}
	created, err := s.BindChat(update(t, 1), first)
	if err != nil || !created {
		t.Fatalf("first BindChat = %v, %v; want true, nil", created, err)
	}
	wantProcessed(t, s, 1, true)
	if b, ok, err := s.ChatBinding(first.ChatID); err != nil || !ok || b != first {
		t.Fatalf("ChatBinding = %+v, %v, %v; want %+v", b, ok, err, first)
	}

	// Rebinding to the same branch refreshes the title only.
	again := data.ChatBinding{ChatID: first.ChatID, BranchID: br.ID, Title: "New title", BoundBy: 99, BoundAt: t0.Add(time.Hour)}
	created, err = s.BindChat(ctx, again)
	if err != nil || created {
		t.Fatalf("rebind = %v, %v; want false, nil", created, err)
	}
	want := first
	want.Title = "New title"
	if b, ok, _ := s.ChatBinding(first.ChatID); !ok || b != want {
		t.Fatalf("after rebind ChatBinding = %+v; want %+v", b, want)
	}

	// Another branch cannot take it.
	_, err = s.BindChat(update(t, 2), data.ChatBinding{ChatID: first.ChatID, BranchID: other.ID, Title: "Hijack", BoundBy: 2, BoundAt: t0})
	wantErrIs(t, "BindChat(elsewhere)", err, data.ErrChatBoundElse)
	wantCode(t, "BindChat(elsewhere)", err, data.EConflict)
	wantProcessed(t, s, 2, false)
	if b, _, _ := s.ChatBinding(first.ChatID); b != want {
		t.Fatalf("binding changed by refused bind: %+v", b)
	}

	// Negative and positive ids of the same magnitude are different chats,
	// and extreme ids work.
	chats := []data.ChatBinding{
		{ChatID: -5, BranchID: br.ID, Title: "minus five", BoundBy: 1, BoundAt: t0},
		{ChatID: 5, BranchID: other.ID, Title: "plus five", BoundBy: 2, BoundAt: t0},
		{ChatID: -1 << 63, BranchID: br.ID, Title: "min", BoundBy: 1, BoundAt: t0},
		{ChatID: 1<<63 - 1, BranchID: other.ID, Title: "max", BoundBy: 2, BoundAt: t0},
	}
	for _, c := range chats {
		if created, err := s.BindChat(ctx, c); err != nil || !created {
			t.Fatalf("BindChat(%d) = %v, %v", c.ChatID, created, err)
		}
	}
	for _, c := range chats {
		if b, ok, err := s.ChatBinding(c.ChatID); err != nil || !ok || b != c {
			t.Fatalf("ChatBinding(%d) = %+v, %v, %v; want %+v", c.ChatID, b, ok, err, c)
		}
	}
	if b, ok, err := s.ChatBinding(-6); err != nil || ok || b != (data.ChatBinding{}) {
		t.Fatalf("ChatBinding(unbound) = %+v, %v, %v; want zero, false, nil", b, ok, err)
	}

	wantChats := func(branchID uint64, ids ...int64) {
		t.Helper()
		bs, err := s.BoundChats(branchID)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, b := range bs {
			if b.BranchID != branchID {
				t.Errorf("BoundChats(%d) returned %+v", branchID, b)
			}
			got = append(got, b.ChatID)
		}
		slices.Sort(got)
		slices.Sort(ids)
		if !slices.Equal(got, ids) {
			t.Fatalf("BoundChats(%d) = %v; want %v", branchID, got, ids)
		}
	}
	wantChats(br.ID, first.ChatID, -5, -1<<63)
	wantChats(other.ID, 5, 1<<63-1)
	wantChats(12345)

	// Migration moves the binding to the new id, keeping everything else.
	const newID = -1009999999999
	if err := s.MigrateChat(update(t, 3), first.ChatID, newID); err != nil {
		t.Fatal(err)
	}
	wantProcessed(t, s, 3, true)
	if _, ok, _ := s.ChatBinding(first.ChatID); ok {
		t.Fatal("old chat id still bound after MigrateChat")
	}
	moved := want
	moved.ChatID = newID
	if b, ok, err := s.ChatBinding(newID); err != nil || !ok || b != moved {
		t.Fatalf("ChatBinding(new) = %+v, %v, %v; want %+v", b, ok, err, moved)
	}
	wantChats(br.ID, newID, -5, -1<<63)

	// Migrating an unbound chat is a no-op.
	if err := s.MigrateChat(ctx, -777, -778); err != nil {
		t.Fatalf("MigrateChat(unbound): %v", err)
	}
	for _, id := range []int64{-777, -778} {
		if _, ok, _ := s.ChatBinding(id); ok {
			t.Fatalf("MigrateChat(unbound) created a binding for %d", id)
		}
	}
}
