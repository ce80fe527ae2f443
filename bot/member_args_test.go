package bot

import (
	"strings"
	"testing"

	"branchbot/bot/i18n"
	"branchbot/data"
)

// Missing arguments are the usage, never an empty name in quotes.

func TestParseRoleArgs(t *testing.T) {
	members := []data.Member{{UserID: 1, Name: "张三"}, {UserID: 2, Name: "Li Wei", Username: "liwei"}, {UserID: 3, Name: "王五"}, {UserID: 4, Name: "王五"}}
	good := []struct {
		args string
		id   int64
		role data.Role
	}{
		{"张三 支委", 1, data.RoleCommittee},
		{"@liwei secretary", 2, data.RoleSecretary},
		{"Li Wei 党员", 2, data.RoleMember},
		{"#1 组长", 1, data.RoleLeader},
	}
	for _, tt := range good {
		m, role, ierr := ParseRoleArgs(tt.args, members)
		if ierr != nil || m.UserID != tt.id || role != tt.role {
			t.Errorf("ParseRoleArgs(%q) = %d, %q, %v; want %d, %q", tt.args, m.UserID, role, ierr, tt.id, tt.role)
		}
	}
	bad := []struct {
		args    string
		problem i18n.Key
		value   string
	}{
		{"", i18n.MsgRoleUsage, ""},
		{"   ", i18n.MsgRoleUsage, ""},
		{"张三", i18n.MsgRoleUsage, ""},
		{"张三　", i18n.MsgRoleUsage, ""},
		{"@liwei", i18n.MsgRoleUsage, ""},
		{"张三 boss", i18n.MsgRoleUnknown, "boss"},
		{"李四 支委", i18n.MsgMemberUnknown, "李四"},
		{"王五 支委", i18n.MsgMemberAmbiguous, "王五"},
	}
	for _, tt := range bad {
		_, _, ierr := ParseRoleArgs(tt.args, members)
		if ierr == nil || ierr.Problem != tt.problem || ierr.Value != tt.value {
			t.Errorf("ParseRoleArgs(%q) = %v; want %s %q", tt.args, ierr, tt.problem, tt.value)
		}
	}
}

func TestParseGroupSetArgs(t *testing.T) {
	members := []data.Member{{UserID: 1, Name: "张三"}}
	if m, g, ierr := ParseGroupSetArgs("张三 第一党小组", members); ierr != nil || m.UserID != 1 || g != "第一党小组" {
		t.Errorf("ParseGroupSetArgs = %d, %q, %v", m.UserID, g, ierr)
	}
	for _, args := range []string{"", " ", "张三", "#1"} {
		if _, _, ierr := ParseGroupSetArgs(args, members); ierr == nil || ierr.Problem != i18n.MsgGroupUsage {
			t.Errorf("ParseGroupSetArgs(%q) = %v; want the usage", args, ierr)
		}
	}
	if _, _, ierr := ParseGroupSetArgs("李四 第一党小组", members); ierr == nil || ierr.Problem != i18n.MsgMemberUnknown || ierr.Value != "李四" {
		t.Errorf("unknown member: %v", ierr)
	}
}

func FuzzParseRoleArgs(f *testing.F) {
	members := []data.Member{{UserID: 1, Name: "张三"}, {UserID: 2, Name: "Li Wei", Username: "liwei"}}
	for _, s := range []string{"张三 支委", "张三", "", "@liwei", "#1 x", "Li Wei"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, args string) {
		m, role, ierr := ParseRoleArgs(args, members)
		if ierr != nil {
			switch ierr.Problem {
			case i18n.MsgRoleUsage:
			case i18n.MsgMemberUnknown, i18n.MsgMemberAmbiguous, i18n.MsgRoleUnknown:
				if strings.TrimSpace(ierr.Value) == "" {
					t.Fatalf("ParseRoleArgs(%q): %s of an empty value", args, ierr.Problem)
				}
			default:
				t.Fatalf("ParseRoleArgs(%q): unexpected %v", args, ierr)
			}
			return
		}
		if m.UserID == 0 || role.Validate() != nil {
			t.Fatalf("ParseRoleArgs(%q) = %d, %q", args, m.UserID, role)
		}
		g, rest, gerr := ParseGroupSetArgs(args, members)
		if gerr != nil || g.UserID != m.UserID || rest == "" {
			t.Fatalf("ParseGroupSetArgs(%q) = %d, %q, %v after ParseRoleArgs found %d", args, g.UserID, rest, gerr, m.UserID)
		}
	})
}
