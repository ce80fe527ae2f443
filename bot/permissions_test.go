package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"branchbot/bot/tgtest"
	"branchbot/data"
)

// TestPermissions tries every command that needs more than membership as
// a plain member, a stranger, and (for owner-only ones) a secretary: each
// is refused in the user's language and changes nothing.
func TestPermissions(t *testing.T) {
	h, owner := newHarness(t)
	member := h.srv.NewUser("Member", "en")
	stranger := h.srv.NewUser("陌生人", "zh")
	h.dm(owner, "/neworg 第一党支部")
	h.dm(member, "/start "+h.inviteCode(owner, "member"))
	secretary := h.srv.NewUser("Sec", "zh")
	h.dm(secretary, "/start "+h.inviteCode(owner, "书记"))
	grp := h.srv.NewGroup("branch chat")
	// Records the refused commands below name (#1), so that the snapshot
	// would show a change to them.
	mustContain(t, h.dm(owner, "/meeting 党员大会 2026-12-05 15:00 真会议"), "#1")
	mustContain(t, h.dm(member, "/feedback 食堂太吵"), "#1")
	h.idle() // their announcements leave the outbox

	// Arguments that would change something if the command were allowed.
	args := map[string]string{
		"neworg": " New Branch", "invite": " secretary", "group": " add Sneaky", "role": " Member secretary", "members": "", "bind": "",
		"notice": " 假通知", "notices": "", "acks": " 1", "settings": " quiet=off",
		"meeting": " 党员大会 2026-12-05 15:00 假会议", "move": " 1 2026-12-06 09:00", "series": " 支委会 monthly:1 09:00 假例会", "themeday": " monthly:1 09:00 假主题", "holiday": " add 2026-12-24", "attendance": " 1", "minutes": " 1 假记录", "code": " 1", "feedbacks": "", "reply": " 1 x", "done": " 1", "evaluate": " open", "survey": " 假问卷\n填空：x",
	}
	type caller struct {
		user *tgtest.User
		want string // words of the refusal
	}
	for _, c := range (&Bot{}).commandList() {
		if c.min == "" || c.min == data.RoleMember {
			continue
		}
		if _, ok := args[c.name]; !ok {
			t.Errorf("/%s: add it to this table", c.name)
			continue
		}
		callers := []caller{
			{member, "only a"},
			{stranger, "还没有加入支部"},
		}
		if c.min == data.RoleOwner {
			callers = []caller{{member, "only branchbot's administrators"}, {stranger, "只有 branchbot 的管理员"}, {secretary, "只有 branchbot 的管理员"}}
		}
		for _, who := range callers {
			t.Run(c.name+"/"+who.user.FirstName, func(t *testing.T) {
				chat := who.user.PrivateChat()
				if c.where == groupOnly {
					chat = grp
				}
				before := snapshot(t, h.store)
				got := h.say(who.user, chat, "/"+c.name+args[c.name])
				if len(got) != 1 || !strings.Contains(got[0].Plain, who.want) {
					t.Fatalf("/%s by %s: %v, want a refusal with %q", c.name, who.user.FirstName, plains(got), who.want)
				}
				if after := snapshot(t, h.store); after != before {
					t.Errorf("/%s by %s changed the store:\n%s\n→\n%s", c.name, who.user.FirstName, before, after)
				}
			})
		}
	}
	if _, ok, _ := h.store.ChatBinding(grp.ID); ok {
		t.Error("group got bound by someone not allowed to")
	}

	// A secretary's keyboard pressed by a member (say, forwarded) grants
	// nothing, and forged callback data is turned away.
	prompt := h.say(owner, owner.PrivateChat(), "/invite")[0]
	toast, after := h.press(member, prompt, "书记")
	if !strings.Contains(toast, "only a secretary") || after.Plain != prompt.Plain {
		t.Errorf("member pressing invite button: toast %q, message %q", toast, after.Plain)
	}
	for _, forged := range []string{"inv:owner", "zzz:1", "", strings.Repeat("x", 64)} {
		cb := h.srv.Press(owner, prompt, forged)
		h.handled(cb.UpdateID)
		if ans, ok := h.srv.CallbackAnswer(cb.QueryID); !ok || !strings.Contains(ans.Text, "按钮已失效") {
			t.Errorf("forged %q: answer %+v, %v", forged, ans, ok)
		}
	}
}

// snapshot renders what permissions protect: members with roles, groups,
// bindings, settings, notices, meetings (with their minutes), series,
// holidays, open feedback and the outbox.
func snapshot(t *testing.T, s *data.Store) string {
	t.Helper()
	var sb strings.Builder
	for id := uint64(1); id <= 3; id++ {
		br, err := s.Branch(id)
		if err != nil {
			continue
		}
		sb.WriteString(br.Name + ":")
		ms, _ := s.Members(id)
		for _, m := range ms {
			sb.WriteString(" " + m.Name + "=" + string(m.Role))
		}
		gs, _ := s.Groups(id)
		for _, g := range gs {
			sb.WriteString(" group " + g.Name)
		}
		cs, _ := s.BoundChats(id)
		for _, c := range cs {
			sb.WriteString(" chat " + c.Title)
		}
		fmt.Fprintf(&sb, "\n settings %+v", br.Settings)
		ns, _ := s.Notices(id, 1000)
		for _, n := range ns {
			fmt.Fprintf(&sb, "\n notice %d %q", n.ID, n.Text)
		}
		ms2, _ := s.Meetings(id, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC))
		for _, m := range ms2 {
			fmt.Fprintf(&sb, "\n meeting %+v", m)
		}
		srs, _ := s.SeriesOf(id)
		for _, sr := range srs {
			fmt.Fprintf(&sb, "\n series %+v", sr)
		}
		hs, _ := s.Holidays(id)
		for _, h := range hs {
			fmt.Fprintf(&sb, "\n holiday %+v", h)
		}
		fs, _ := s.OpenFeedback(id)
		for _, f := range fs {
			fmt.Fprintf(&sb, "\n feedback %+v", f)
		}
		sb.WriteString("\n")
	}
	n, _ := s.OutboxLen()
	fmt.Fprintf(&sb, "outbox %d\n", n)
	return sb.String()
}
