package data_test

import (
	"testing"
	"time"

	"branchbot/data"
)

// TestMeetingVisibleTo: members see the meetings they are expected at;
// the committee and secretaries see every meeting of their branch; nobody
// sees another branch's.
func TestMeetingVisibleTo(t *testing.T) {
	start := time.Date(2026, 12, 10, 19, 0, 0, 0, time.UTC)
	member := data.Member{BranchID: 1, UserID: 10, Role: data.RoleMember, GroupID: 3}
	leader := data.Member{BranchID: 1, UserID: 11, Role: data.RoleLeader, GroupID: 4}
	committee := data.Member{BranchID: 1, UserID: 12, Role: data.RoleCommittee}
	secretary := data.Member{BranchID: 1, UserID: 13, Role: data.RoleSecretary}
	outsider := data.Member{BranchID: 2, UserID: 14, Role: data.RoleSecretary}
	late := data.Member{BranchID: 1, UserID: 15, Role: data.RoleMember, JoinedAt: start.Add(time.Hour)}
	tests := []struct {
		name string
		m    data.Meeting
		want map[int64]bool // user id → visible
	}{
		{"assembly", data.Meeting{BranchID: 1, Kind: data.KindAssembly, Start: start},
			map[int64]bool{10: true, 11: true, 12: true, 13: true, 14: false, 15: false}},
		{"committee agenda", data.Meeting{BranchID: 1, Kind: data.KindCommittee, Start: start, Title: "研究张三的处分意见"},
			map[int64]bool{10: false, 11: false, 12: true, 13: true, 14: false, 15: false}},
		{"another group's meeting", data.Meeting{BranchID: 1, Kind: data.KindGroup, GroupID: 4, Start: start},
			map[int64]bool{10: false, 11: true, 12: true, 13: true, 14: false}},
		{"own group's meeting", data.Meeting{BranchID: 1, Kind: data.KindGroup, GroupID: 3, Start: start},
			map[int64]bool{10: true, 11: false, 12: true, 13: true}},
	}
	people := map[int64]data.Member{10: member, 11: leader, 12: committee, 13: secretary, 14: outsider, 15: late}
	for _, tt := range tests {
		for id, want := range tt.want {
			if got := tt.m.VisibleTo(people[id]); got != want {
				t.Errorf("%s: visible to %d (%s) = %v, want %v", tt.name, id, people[id].Role, got, want)
			}
		}
	}
}
