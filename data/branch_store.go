package data

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// CreateBranch creates a branch named name whose secretary is founder.
func (s *Store) CreateBranch(ctx context.Context, name string, founder Person, now time.Time) (Branch, error) {
	br := Branch{Name: strings.TrimSpace(name), CreatedBy: founder.UserID, CreatedAt: now, Settings: DefaultSettings()}
	if err := br.Validate(); err != nil {
		return Branch{}, err
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		if tx.Bucket(bucketMembers).Get(i64(founder.UserID)) != nil {
			return ErrAlreadyMember
		}
		branches := tx.Bucket(bucketBranches)
		id, err := branches.NextSequence()
		if err != nil {
			return err
		}
		br.ID = id
		if err := put(branches, u64(id), br); err != nil {
			return err
		}
		return addMember(tx, founder.member(id, RoleSecretary, now))
	})
	if err != nil {
		return Branch{}, fmt.Errorf("create branch %q: %w", br.Name, err)
	}
	return br, nil
}

// addMember stores a new membership with the next member number of its
// branch. The number lives in the branch index's value (empty in stores
// from before numbers): it is the membership's, so a role or a name that
// changes the order of /members does not change it.
func addMember(tx *bolt.Tx, m Member) error {
	if err := put(tx.Bucket(bucketMembers), i64(m.UserID), m); err != nil {
		return err
	}
	numbers, err := memberNumbers(tx, m.BranchID)
	if err != nil {
		return err
	}
	idx := tx.Bucket(bucketBranchMembers)
	next := 1
	for userID, n := range numbers {
		// Fix the numbers a store from before numbers hands out, so that
		// they never change again; stored ones are left as they are.
		if k := key2(u64(m.BranchID), i64(userID)); len(idx.Get(k)) != 8 {
			if err := idx.Put(k, u64(uint64(n))); err != nil {
				return err
			}
		}
		next = max(next, n+1)
	}
	return idx.Put(key2(u64(m.BranchID), i64(m.UserID)), u64(uint64(next)))
}

// MemberNumbers returns the branch's member numbers by user id: #N in
// /members and in commands that name a member.
func (s *Store) MemberNumbers(branchID uint64) (map[int64]int, error) {
	out, err := read(s, func(tx *bolt.Tx) (map[int64]int, error) { return memberNumbers(tx, branchID) })
	if err != nil {
		return nil, fmt.Errorf("member numbers of branch %d: %w", branchID, err)
	}
	return out, nil
}

// memberNumbers reads the stored numbers; members from before numbers
// (an empty value) get the next ones in the order they joined, the same
// every time until addMember stores them.
func memberNumbers(tx *bolt.Tx, branchID uint64) (map[int64]int, error) {
	out := map[int64]int{}
	var unnumbered []Member
	next := 1
	prefix := u64(branchID)
	c := tx.Bucket(bucketBranchMembers).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		userID := fromI64(k[8:])
		if len(v) == 8 {
			n := int(binary.BigEndian.Uint64(v))
			out[userID] = n
			next = max(next, n+1)
			continue
		}
		m, err := member(tx, userID)
		if err != nil {
			return nil, err
		}
		unnumbered = append(unnumbered, m)
	}
	sort.Slice(unnumbered, func(i, j int) bool {
		a, b := unnumbered[i], unnumbered[j]
		if !a.JoinedAt.Equal(b.JoinedAt) {
			return a.JoinedAt.Before(b.JoinedAt)
		}
		return a.UserID < b.UserID
	})
	for _, m := range unnumbered {
		out[m.UserID] = next
		next++
	}
	return out, nil
}

// Branch returns the branch with id.
func (s *Store) Branch(id uint64) (Branch, error) {
	var br Branch
	err := s.db.View(func(tx *bolt.Tx) error {
		ok, err := get(tx.Bucket(bucketBranches), u64(id), &br)
		if err == nil && !ok {
			err = Errorf(ENotFound, "branch %d not found", id)
		}
		return err
	})
	if err != nil {
		return Branch{}, fmt.Errorf("get branch %d: %w", id, err)
	}
	return br, nil
}

// Member returns the membership of user, or ErrNotMember.
func (s *Store) Member(userID int64) (Member, error) {
	m, err := read(s, func(tx *bolt.Tx) (Member, error) { return member(tx, userID) })
	if err != nil {
		return Member{}, fmt.Errorf("get member %d: %w", userID, err)
	}
	return m, nil
}

func member(tx *bolt.Tx, userID int64) (Member, error) {
	var m Member
	ok, err := get(tx.Bucket(bucketMembers), i64(userID), &m)
	if err == nil && !ok {
		err = ErrNotMember
	}
	return m, err
}

// TouchMember refreshes the display name, username and language a member
// last used, writing only when something changed. It returns the member as
// stored, or ErrNotMember.
func (s *Store) TouchMember(ctx context.Context, p Person) (Member, error) {
	m, err := s.Member(p.UserID)
	if err != nil || (m.Name == p.Name && m.Username == p.Username && m.Lang == p.Lang) {
		return m, err
	}
	// Batched: many members' first presses after a change arrive at once.
	err = s.batch(ctx, func(tx *bolt.Tx) error {
		cur, err := member(tx, p.UserID)
		if err != nil {
			return err
		}
		cur.Name, cur.Username, cur.Lang = p.Name, p.Username, p.Lang
		m = cur
		return put(tx.Bucket(bucketMembers), i64(p.UserID), cur)
	})
	if err != nil {
		return Member{}, fmt.Errorf("touch member %d: %w", p.UserID, err)
	}
	return m, nil
}

// Members lists a branch's members by role, highest first, then by name.
func (s *Store) Members(branchID uint64) ([]Member, error) {
	out, err := read(s, func(tx *bolt.Tx) ([]Member, error) { return branchMembers(tx, branchID) })
	if err != nil {
		return nil, fmt.Errorf("list members of branch %d: %w", branchID, err)
	}
	sortByRank(out)
	return out, nil
}

// sortByRank orders members by role, highest first, then by name.
func sortByRank(ms []Member) {
	sort.SliceStable(ms, func(i, j int) bool {
		if rank[ms[i].Role] != rank[ms[j].Role] {
			return rank[ms[i].Role] > rank[ms[j].Role]
		}
		return ms[i].Name < ms[j].Name
	})
}

// CreateInvite stores a single-use invite to branchID with the given role.
func (s *Store) CreateInvite(ctx context.Context, branchID uint64, role Role, by int64, now time.Time) (Invite, error) {
	if err := role.Validate(); err != nil {
		return Invite{}, err
	}
	inv := Invite{Code: NewInviteCode(), BranchID: branchID, Role: role, CreatedBy: by, CreatedAt: now, ExpiresAt: now.Add(InviteTTL)}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		return put(tx.Bucket(bucketInvites), []byte(inv.Code), inv)
	})
	if err != nil {
		return Invite{}, fmt.Errorf("create invite: %w", err)
	}
	return inv, nil
}

// RedeemInvite makes p a member of the invite's branch and uses the code up.
// An unknown, used or expired code, or a person who already belongs to a
// branch, changes nothing; for the latter it returns ErrAlreadyMember with
// the existing membership and the invite's branch.
func (s *Store) RedeemInvite(ctx context.Context, code string, p Person, now time.Time) (Member, Branch, error) {
	var (
		m  Member
		br Branch
	)
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var inv Invite
		ok, err := get(tx.Bucket(bucketInvites), []byte(code), &inv)
		switch {
		case err != nil:
			return err
		case !ok:
			return ErrInviteUnknown
		case inv.UsedBy != 0:
			return ErrInviteUsed
		case !now.Before(inv.ExpiresAt):
			return ErrInviteExpired
		}
		if ok, err := get(tx.Bucket(bucketBranches), u64(inv.BranchID), &br); err != nil || !ok {
			return ErrInviteUnknown // the branch is gone; the code is worthless
		}
		if existing, err := member(tx, p.UserID); err == nil {
			m = existing // the caller tells "already here" from "in another branch"
			return ErrAlreadyMember
		}
		inv.UsedBy, inv.UsedAt = p.UserID, now
		if err := put(tx.Bucket(bucketInvites), []byte(code), inv); err != nil {
			return err
		}
		m = p.member(inv.BranchID, inv.Role, now)
		m.InvitedBy = inv.CreatedBy
		return addMember(tx, m)
	})
	if err != nil {
		return m, br, fmt.Errorf("redeem invite: %w", err)
	}
	return m, br, nil
}

// AddGroup creates a group in a branch; names are unique per branch.
func (s *Store) AddGroup(ctx context.Context, branchID uint64, name string) (Group, error) {
	name = strings.TrimSpace(name)
	if err := (Group{BranchID: branchID, Name: name}).Validate(); err != nil {
		return Group{}, err
	}
	var g Group
	err := s.update(ctx, func(tx *bolt.Tx) error {
		if _, err := groupByName(tx, branchID, name); err == nil {
			return ErrGroupExists
		}
		b := tx.Bucket(bucketGroups)
		id, err := b.NextSequence()
		if err != nil {
			return err
		}
		g = Group{ID: id, BranchID: branchID, Name: name}
		return put(b, key2(u64(branchID), u64(id)), g)
	})
	if err != nil {
		return Group{}, fmt.Errorf("add group %q: %w", name, err)
	}
	return g, nil
}

// Groups lists a branch's groups in creation order.
func (s *Store) Groups(branchID uint64) ([]Group, error) {
	out, err := read(s, func(tx *bolt.Tx) ([]Group, error) { return groups(tx, branchID) })
	if err != nil {
		return nil, fmt.Errorf("list groups of branch %d: %w", branchID, err)
	}
	return out, nil
}

func groups(tx *bolt.Tx, branchID uint64) ([]Group, error) {
	return scanPrefix[Group](tx.Bucket(bucketGroups), u64(branchID))
}

func groupByName(tx *bolt.Tx, branchID uint64, name string) (Group, error) {
	gs, err := groups(tx, branchID)
	if err != nil {
		return Group{}, err
	}
	for _, g := range gs {
		if strings.EqualFold(g.Name, name) {
			return g, nil
		}
	}
	return Group{}, ErrGroupUnknown
}

// SetMemberGroup puts a member of branchID into the named group.
func (s *Store) SetMemberGroup(ctx context.Context, branchID uint64, userID int64, groupName string) (Member, Group, error) {
	var (
		m Member
		g Group
	)
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var err error
		if m, err = memberOf(tx, branchID, userID); err != nil {
			return err
		}
		if g, err = groupByName(tx, branchID, strings.TrimSpace(groupName)); err != nil {
			return err
		}
		m.GroupID = g.ID
		return put(tx.Bucket(bucketMembers), i64(userID), m)
	})
	if err != nil {
		return Member{}, Group{}, fmt.Errorf("set group of %d: %w", userID, err)
	}
	return m, g, nil
}

func memberOf(tx *bolt.Tx, branchID uint64, userID int64) (Member, error) {
	m, err := member(tx, userID)
	if err == nil && m.BranchID != branchID {
		err = ErrNotMember
	}
	return m, err
}

// SetRole changes a member's role. A branch always keeps at least one
// secretary: demoting the last one fails with ErrLastSecretary.
func (s *Store) SetRole(ctx context.Context, branchID uint64, userID int64, role Role) (Member, error) {
	if err := role.Validate(); err != nil {
		return Member{}, err
	}
	var m Member
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var err error
		if m, err = memberOf(tx, branchID, userID); err != nil {
			return err
		}
		if m.Role == RoleSecretary && role != RoleSecretary {
			n, err := countRole(tx, branchID, RoleSecretary)
			if err != nil {
				return err
			}
			if n <= 1 {
				return ErrLastSecretary
			}
		}
		m.Role = role
		return put(tx.Bucket(bucketMembers), i64(userID), m)
	})
	if err != nil {
		return Member{}, fmt.Errorf("set role of %d: %w", userID, err)
	}
	return m, nil
}

func countRole(tx *bolt.Tx, branchID uint64, role Role) (int, error) {
	people, err := branchMembers(tx, branchID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, m := range people {
		if m.Role == role {
			n++
		}
	}
	return n, nil
}

// BindChat ties a group chat to a branch. Binding a chat again to the same
// branch refreshes its title and reports created=false; a chat bound to
// another branch fails with ErrChatBoundElse.
func (s *Store) BindChat(ctx context.Context, b ChatBinding) (created bool, err error) {
	err = s.update(ctx, func(tx *bolt.Tx) error {
		var cur ChatBinding
		ok, err := get(tx.Bucket(bucketChats), i64(b.ChatID), &cur)
		if err != nil {
			return err
		}
		if ok && cur.BranchID != b.BranchID {
			return ErrChatBoundElse
		}
		created = !ok
		if ok {
			if cur.Title == b.Title {
				return errUnchanged // bound already, as it was
			}
			cur.Title = b.Title
			b = cur
		}
		return put(tx.Bucket(bucketChats), i64(b.ChatID), b)
	})
	if err != nil {
		return false, fmt.Errorf("bind chat %d: %w", b.ChatID, err)
	}
	return created, nil
}

// ChatBinding returns the binding of chatID, reporting whether there is one.
func (s *Store) ChatBinding(chatID int64) (ChatBinding, bool, error) {
	var b ChatBinding
	ok, err := read(s, func(tx *bolt.Tx) (bool, error) { return get(tx.Bucket(bucketChats), i64(chatID), &b) })
	if err != nil {
		return ChatBinding{}, false, fmt.Errorf("get chat %d: %w", chatID, err)
	}
	return b, ok, nil
}

// BoundChats lists the group chats bound to a branch.
func (s *Store) BoundChats(branchID uint64) ([]ChatBinding, error) {
	out, err := read(s, func(tx *bolt.Tx) ([]ChatBinding, error) { return boundChats(tx, branchID) })
	if err != nil {
		return nil, fmt.Errorf("list chats of branch %d: %w", branchID, err)
	}
	return out, nil
}

// MigrateChat moves a binding to the chat's new id when Telegram upgrades a
// group to a supergroup. A chat without a binding is left alone.
func (s *Store) MigrateChat(ctx context.Context, from, to int64) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		chats := tx.Bucket(bucketChats)
		var b ChatBinding
		ok, err := get(chats, i64(from), &b)
		if err != nil || !ok {
			return err
		}
		b.ChatID = to
		if err := put(chats, i64(to), b); err != nil {
			return err
		}
		return chats.Delete(i64(from))
	})
	if err != nil {
		return fmt.Errorf("migrate chat %d to %d: %w", from, to, err)
	}
	return nil
}

// UpdateSettings applies change to a branch's settings and stores them if
// they are valid.
func (s *Store) UpdateSettings(ctx context.Context, branchID uint64, change func(*Settings) error) (Settings, error) {
	var out Settings
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketBranches)
		var br Branch
		ok, err := get(b, u64(branchID), &br)
		if err != nil {
			return err
		}
		if !ok {
			return Errorf(ENotFound, "branch %d not found", branchID)
		}
		if err := change(&br.Settings); err != nil {
			return err
		}
		if err := br.Settings.Validate(); err != nil {
			return err
		}
		out = br.Settings
		return put(b, u64(branchID), br)
	})
	if err != nil {
		return Settings{}, fmt.Errorf("update settings of branch %d: %w", branchID, err)
	}
	return out, nil
}
