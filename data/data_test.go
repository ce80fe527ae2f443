package data_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"branchbot/data"
)

func TestRoleValidate(t *testing.T) {
	for _, tc := range []struct {
		role data.Role
		want bool
	}{
		{data.RoleMember, true},
		{data.RoleLeader, true},
		{data.RoleCommittee, true},
		{data.RoleSecretary, true},
		{data.RoleOwner, false}, // never stored on a member
		{"", false},
		{"admin", false},
		{"Member", false},
		{" member", false},
	} {
		err := tc.role.Validate()
		if (err == nil) != tc.want {
			t.Errorf("Role(%q).Validate() = %v; want ok %v", tc.role, err, tc.want)
		}
		if err != nil {
			wantCode(t, "Role.Validate", err, data.EInvalid)
		}
	}
}

func TestRoleAtLeast(t *testing.T) {
	ordered := []data.Role{data.RoleMember, data.RoleLeader, data.RoleCommittee, data.RoleSecretary, data.RoleOwner}
	for i, r := range ordered {
		for j, min := range ordered {
			if got, want := r.AtLeast(min), i >= j; got != want {
				t.Errorf("%q.AtLeast(%q) = %v; want %v", r, min, got, want)
			}
		}
	}
	// Unknown roles rank below everything, even below another unknown role.
	for _, r := range []data.Role{"", "admin", "Secretary"} {
		for _, min := range append(ordered, "", "admin") {
			if r.AtLeast(min) {
				t.Errorf("%q.AtLeast(%q) = true; want false", r, min)
			}
		}
	}
}

// TestNameValidate checks the one name rule branches and groups share.
func TestNameValidate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		input string
		ok    bool
	}{
		{"simple", "Branch One", true},
		{"cjk", "第一支部", true},
		{"emoji", "🚩 Branch", true},
		{"surrounding space", "  padded  ", true},
		{"surrounding newlines are trimmed", "\nBranch\n", true},
		{"one rune", "x", true},
		{"64 ascii", strings.Repeat("a", data.MaxNameLen), true},
		{"64 cjk", strings.Repeat("党", data.MaxNameLen), true},
		{"64 after trimming", "   " + strings.Repeat("a", data.MaxNameLen) + "   ", true},
		{"empty", "", false},
		{"spaces", "     ", false},
		{"whitespace only", "\t\r\n \u00a0\u3000", false},
		{"65 ascii", strings.Repeat("a", data.MaxNameLen+1), false},
		{"65 cjk", strings.Repeat("党", data.MaxNameLen+1), false},
		{"inner newline", "a\nb", false},
		{"inner CR", "a\rb", false},
		{"inner CRLF", "a\r\nb", false},
		{"inner tab", "a\tb", false},
		{"inner NUL", "a\x00b", false},
		{"line separator", "a\u2028b", false},
		{"broken UTF-8", "a\xffb", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for what, err := range map[string]error{
				"Branch": data.Branch{Name: tc.input}.Validate(),
				"Group":  data.Group{Name: tc.input}.Validate(),
			} {
				if tc.ok {
					if err != nil {
						t.Fatalf("%s{Name: %q}.Validate() = %v; want nil", what, tc.input, err)
					}
					continue
				}
				if err == nil {
					t.Fatalf("%s{Name: %q}.Validate() = nil; want an error", what, tc.input)
				}
				wantCode(t, what+".Validate", err, data.EInvalid)
			}
		})
	}
}

func TestErrorCode(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want data.Code
	}{
		{"nil", nil, ""},
		{"plain", errors.New("boom"), data.EInternal},
		{"domain", data.Errorf(data.EForbidden, "no %s", "way"), data.EForbidden},
		{"wrapped domain", fmt.Errorf("ctx: %w", data.Errorf(data.EExpired, "late")), data.EExpired},
		{"wrapped sentinel", fmt.Errorf("a: %w", fmt.Errorf("b: %w", data.ErrInviteUsed)), data.EConflict},
		{"not member", data.ErrNotMember, data.ENotFound},
		{"store sentinel", data.ErrLocked, data.EInternal},
		{"joined", errors.Join(errors.New("x"), data.ErrGroupUnknown), data.ENotFound},
	} {
		if got := data.ErrorCode(tc.err); got != tc.want {
			t.Errorf("%s: ErrorCode(%v) = %q; want %q", tc.name, tc.err, got, tc.want)
		}
	}
	e := data.Errorf(data.EInvalid, "name %q", "x")
	if e.Code != data.EInvalid || e.Message != `name "x"` || e.Error() != `invalid: name "x"` {
		t.Errorf("Errorf = %#v (%q)", e, e.Error())
	}
}

func TestSentinelsAreDistinct(t *testing.T) {
	sentinels := []error{
		data.ErrNotMember, data.ErrAlreadyMember, data.ErrInviteUnknown, data.ErrInviteUsed,
		data.ErrInviteExpired, data.ErrGroupExists, data.ErrGroupUnknown, data.ErrChatBoundElse,
		data.ErrLastSecretary, data.ErrSchemaNewer, data.ErrLocked, data.ErrNotAStore,
	}
	for i, a := range sentinels {
		for j, b := range sentinels {
			if i != j && errors.Is(fmt.Errorf("wrap: %w", a), b) {
				t.Errorf("errors.Is(%v, %v) = true", a, b)
			}
		}
	}
}

func FuzzNameValidate(f *testing.F) {
	for _, seed := range []string{
		"", " ", "Branch", "  Branch  ", "a\nb", "a\rb", "a\tb", "\n", "\t x \t",
		strings.Repeat("a", data.MaxNameLen), strings.Repeat("a", data.MaxNameLen+1),
		strings.Repeat("党", data.MaxNameLen), strings.Repeat("党", data.MaxNameLen+1),
		"\xff\xfe", "a\x00b", "\u2028", "a\u2028b", "\u00a0", "🚩",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, name string) {
		err := data.Group{Name: name}.Validate() // must not panic
		trimmed := strings.TrimSpace(name)
		acceptable := trimmed != "" &&
			utf8.RuneCountInString(trimmed) <= data.MaxNameLen &&
			utf8.ValidString(trimmed) &&
			strings.IndexFunc(trimmed, func(r rune) bool { return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' }) < 0
		if err == nil && !acceptable {
			t.Fatalf("Group{Name: %q}.Validate() accepted a name that is empty, too long, not UTF-8 or has a line break or control character", name)
		}
		if err != nil && acceptable {
			t.Fatalf("Group{Name: %q}.Validate() = %v; want it accepted", name, err)
		}
		if err != nil && data.ErrorCode(err) != data.EInvalid {
			t.Fatalf("Group{Name: %q}.Validate() error code = %q; want %q", name, data.ErrorCode(err), data.EInvalid)
		}
		// Validation is insensitive to surrounding whitespace.
		if (data.Group{Name: trimmed}.Validate() == nil) != (err == nil) {
			t.Fatalf("Validate of %q and of %q disagree", name, trimmed)
		}
		if (data.Branch{Name: name}.Validate() == nil) != (err == nil) {
			t.Fatalf("Branch and Group disagree on %q", name)
		}
	})
}

// FuzzRedeemInvite feeds arbitrary codes to RedeemInvite: it never panics,
// and anything but the real code is unknown and changes nothing.
func FuzzRedeemInvite(f *testing.F) {
	s, err := data.Open(filepath.Join(f.TempDir(), "fuzz.db"), data.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	br, err := s.CreateBranch(f.Context(), "Branch", data.Person{UserID: 1, Name: "Ann"}, t0)
	if err != nil {
		f.Fatal(err)
	}
	inv, err := s.CreateInvite(f.Context(), br.ID, data.RoleMember, 1, t0)
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{"", "x", inv.Code[1:], inv.Code + "=", strings.ToLower(inv.Code), "\x00", "../../etc/passwd", strings.Repeat("A", 64)} {
		f.Add(seed, int64(2))
	}
	f.Add("", int64(1)) // an existing member
	f.Fuzz(func(t *testing.T, code string, uid int64) {
		if code == inv.Code {
			t.Skip("the real code")
		}
		m, gotBr, err := s.RedeemInvite(t.Context(), code, data.Person{UserID: uid, Name: "P"}, t0)
		if !errors.Is(err, data.ErrInviteUnknown) {
			t.Fatalf("RedeemInvite(%q) = %+v, %+v, %v; want ErrInviteUnknown", code, m, gotBr, err)
		}
		if uid != 1 {
			if _, err := s.Member(uid); !errors.Is(err, data.ErrNotMember) {
				t.Fatalf("user %d became a member via code %q", uid, code)
			}
		}
	})
}
