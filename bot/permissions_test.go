package bot

import (
	"fmt"
	"strings"
	"testing"

	"branchbot/bot/telegram"
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
		"meeting": " 党员大会 2026-12-05 15:00 假会议", "move": " 1 2026-12-06 09:00", "series": " 支委会 monthly:1 09:00 假例会", "themeday": " monthly:1 09:00 假主题", "holiday": " add 2026-12-24", "attendance": " 1", "minutes": " 1 假记录", "code": " 1", "feedbacks": "", "reply": " 1 x", "done": " 1", "evaluate": " open", "survey": " 假问卷\n填空：x", "compliance": " 2026-11", "report": " 2026-Q4", "overview": " xlsx", "audit": " 5", "export": "",
	}
	type caller struct {
		user *tgtest.User
		want string // words of the refusal
	}
	for _, c := range h.bot.router.Commands() {
		if c.Need == "" || c.Need == data.RoleMember {
			continue
		}
		if _, ok := args[c.Name]; !ok {
			t.Errorf("/%s: add it to this table", c.Name)
			continue
		}
		callers := []caller{
			{member, "only a"},
			{stranger, "还没有加入支部"},
		}
		if c.Need == data.RoleOwner {
			callers = []caller{{member, "only branchbot's administrators"}, {stranger, "只有 branchbot 的管理员"}, {secretary, "只有 branchbot 的管理员"}}
		}
		for _, who := range callers {
			t.Run(c.Name+"/"+who.user.FirstName, func(t *testing.T) {
				chat := who.user.PrivateChat()
				if c.Where == telegram.GroupOnly {
					chat = grp
				}
				before := snapshot(t, h.store)
				got := h.say(who.user, chat, "/"+c.Name+args[c.Name])
				if len(got) != 1 || !strings.Contains(got[0].Plain, who.want) {
					t.Fatalf("/%s by %s: %v, want a refusal with %q", c.Name, who.user.FirstName, plains(got), who.want)
				}
				if after := snapshot(t, h.store); after != before {
					t.Errorf("/%s by %s changed the store:\n%s\n→\n%s", c.Name, who.user.FirstName, before, after)
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

// snapshot renders the whole store but the record of updates received
// and handled (which every update changes): a refused command must leave
// every other bucket as it was, invites, rounds and surveys included.
func snapshot(t *testing.T, s *data.Store) string {
	t.Helper()
	var sb strings.Builder
	err := s.Walk(func(bucket string, k, v []byte) error {
		if bucket == "updates" || bucket == "inbox" {
			return nil
		}
		fmt.Fprintf(&sb, "%s %x %q\n", bucket, k, v)
		return nil
	})
	if err != nil {
		t.Fatalf("snapshot: %v", err)
	}
	return sb.String()
}
