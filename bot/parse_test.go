package bot

import (
	"strconv"
	"strings"
	"testing"

	"branchbot/bot/i18n"
	"branchbot/data"
)

func TestParseRole(t *testing.T) {
	tests := map[string]data.Role{
		"secretary": data.RoleSecretary, "书记": data.RoleSecretary, " Committee ": data.RoleCommittee,
		"支委": data.RoleCommittee, "组长": data.RoleLeader, "leader": data.RoleLeader, "党员": data.RoleMember, "member": data.RoleMember,
	}
	for in, want := range tests {
		if got, ok := ParseRole(in); !ok || got != want {
			t.Errorf("ParseRole(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "owner", "boss", "书记员"} {
		if got, ok := ParseRole(in); ok {
			t.Errorf("ParseRole(%q) = %q, want refusal", in, got)
		}
	}
}

func TestMemberQuery(t *testing.T) {
	members := []data.Member{
		{UserID: 1, Name: "Li Wei", Username: "liwei"},
		{UserID: 2, Name: "Li", Username: "li"},
		{UserID: 3, Name: "张三"},
		{UserID: 4, Name: "王五"},
		{UserID: 5, Name: "王五"},
	}
	tests := []struct {
		args     string
		wantID   int64
		wantRest string
		matches  int
	}{
		{"@liwei 支委", 1, "支委", 1},
		{"@LIWEI 支委", 1, "支委", 1},
		{"@nobody 支委", 0, "", 0},
		{"#3 支委", 3, "支委", 1},
		{"#9 支委", 0, "", 0},
		{"#0", 0, "", 0},
		{"3 支委", 3, "支委", 1},
		{"Li Wei committee", 1, "committee", 1},
		{"li wei committee", 1, "committee", 1},
		{"Li committee", 2, "committee", 1},
		{"张三 第一党小组", 3, "第一党小组", 1},
		{"张三丰 x", 0, "", 0},
		{"王五 支委", 0, "", 2},
		{"", 0, "", 0},
	}
	for _, tt := range tests {
		m, rest, matches := MemberQuery(tt.args, members)
		if m.UserID != tt.wantID || (tt.wantID != 0 && rest != tt.wantRest) || len(matches) != tt.matches {
			t.Errorf("MemberQuery(%q) = %d, %q, %d matches; want %d, %q, %d", tt.args, m.UserID, rest, len(matches), tt.wantID, tt.wantRest, tt.matches)
		}
	}
}

func FuzzMemberQuery(f *testing.F) {
	members := []data.Member{{UserID: 1, Name: "Li Wei", Username: "liwei"}, {UserID: 3, Name: "张三"}}
	f.Add("Li Wei 支委")
	f.Add("#1")
	f.Add("@")
	f.Fuzz(func(t *testing.T, args string) {
		m, _, matches := MemberQuery(args, members)
		if m.UserID != 0 && len(matches) != 1 {
			t.Fatalf("resolved %d with %d matches", m.UserID, len(matches))
		}
	})
}

func TestLangFor(t *testing.T) {
	tests := map[string]i18n.Lang{"zh-hans": i18n.ZH, "zh-CN": i18n.ZH, "zh": i18n.ZH, "en": i18n.EN, "en-GB": i18n.EN, "ru": i18n.EN, "": i18n.EN}
	for code, want := range tests {
		if got := i18n.For(code, i18n.EN); got != want {
			t.Errorf("i18n.For(%q) = %q, want %q", code, got, want)
		}
	}
}

func TestFirstWord(t *testing.T) {
	tests := map[string][2]string{
		"3 回复内容":     {"3", "回复内容"},
		"3\n回复\n第二行": {"3", "回复\n第二行"},
		"3　全角空格":     {"3", "全角空格"},
		"  3  ":      {"3", ""},
		"":           {"", ""},
	}
	for in, want := range tests {
		if a, b := firstWord(in); a != want[0] || b != want[1] {
			t.Errorf("firstWord(%q) = %q, %q; want %q, %q", in, a, b, want[0], want[1])
		}
	}
}

func TestParseID(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want uint64
		ok   bool
	}{
		{"12", 12, true}, {"#12", 12, true}, {" 7 ", 7, true}, {"18446744073709551615", 1<<64 - 1, true},
		{"", 0, false}, {"0", 0, false}, {"#", 0, false}, {"12abc", 0, false}, {"1e3", 0, false},
		{"+5", 0, false}, {"-5", 0, false}, {"012", 0, false}, {"12,", 0, false}, {"12\n3", 0, false},
		{"1 2", 0, false}, {"１２", 12, true}, {"＃１２", 12, true}, {"　#3　", 3, true}, {"１２a", 0, false}, {"18446744073709551616", 0, false}, {"##3", 0, false},
	} {
		got, err := parseID(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseID(%q) = %d, %v; want %d, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func FuzzParseID(f *testing.F) {
	for _, s := range []string{"12", "#12", "12abc", " 7 ", "＃１２", "１２ｂ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := parseID(s)
		if err != nil {
			return
		}
		if id == 0 || strconv.FormatUint(id, 10) != strings.TrimPrefix(normaliseInput(s), "#") {
			t.Fatalf("parseID(%q) = %d", s, id)
		}
	})
}
