package bot

import (
	"strings"
	"testing"
)

// The report: #N from /members changed when a role changed (Bob became
// #1 and 老王 #2).
func TestMemberNumbersStayWhenRolesChange(t *testing.T) {
	h, owner, _, _, _, _ := branchOf4(t)
	before := h.dm(owner, "/members")
	mustContain(t, before, "#1 老王", "#2 Alice", "#3 Bob", "#4 张三")
	h.dm(owner, "/role Bob 书记")
	h.dm(owner, "/role 张三 支委")
	after := h.dm(owner, "/members")
	mustContain(t, after, "#1 老王", "#2 Alice", "#3 Bob", "#4 张三")
	// The list is still by role, and #N names the same person as before.
	if strings.Index(after, "张三") > strings.Index(after, "Alice") {
		t.Errorf("committee members come before members: %q", after)
	}
	mustContain(t, h.dm(owner, "/role #2 支委"), "Alice 的身份已改为：支委")
	mustContain(t, h.dm(owner, "/role #9 支委"), "找不到成员“#9”")
	// A newcomer gets the next number, whatever their role.
	dave := h.srv.NewUser("Dave", "zh")
	h.dm(dave, "/start "+h.inviteCode(owner, "书记"))
	mustContain(t, h.dm(owner, "/members"), "#5 Dave", "#1 老王", "#4 张三")
}

// The report: /group set → "找不到成员“”。", /role 张三 → "不认识身份“”".
func TestMissingArgumentsGetUsage(t *testing.T) {
	h, owner, _, _, _, _ := branchOf4(t)
	got := h.dm(owner, "/group set")
	mustContain(t, got, "用法", "/group set <成员> <党小组>")
	if strings.Contains(got, "找不到成员") {
		t.Errorf("/group set alone: %q", got)
	}
	got = h.dm(owner, "/role 张三")
	mustContain(t, got, "用法：/role")
	if strings.Contains(got, "不认识身份") {
		t.Errorf("/role 张三: %q", got)
	}
}

// The report: role changes spoke of the member in the third person to
// the member ("李四 的身份已改为…"), and English said "Bob is now member."
func TestRoleChangeSpeaksToTheMember(t *testing.T) {
	h, owner, alice, bob, _, _ := branchOf4(t)
	mustContain(t, h.dm(owner, "/role Alice 支委"), "Alice 的身份已改为：支委")
	h.idle()
	note := h.srv.LastMessage(alice.ID).Plain
	mustContain(t, note, "老王 已把你的身份改为：支委")
	if strings.Contains(note, "Alice 的身份") {
		t.Errorf("the member is spoken of in the third person: %q", note)
	}
	h.dm(owner, "/role Bob committee")
	h.idle()
	mustContain(t, h.srv.LastMessage(bob.ID).Plain, "老王 made you a committee member.")
	// An English-speaking secretary reads articles and plurals.
	mustContain(t, h.dm(owner, "/role Bob 书记"), "书记")
	mustContain(t, h.dm(bob, "/role Alice member"), "Alice is now a member.")
	mustContain(t, h.dm(bob, "/members"), "has 4 members")
	mustContain(t, h.dm(bob, "/notice Hello"), "goes privately to 3 members")
}
