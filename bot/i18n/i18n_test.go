package i18n

import (
	"maps"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"branchbot/data"
)

var verb = regexp.MustCompile(`%(?:\[(\d+)\])?([a-z])`)

// args maps each argument a format string uses to its verb letter,
// following explicit indexes (%[2]s) as fmt does.
func args(format string) map[int]string {
	out := map[int]string{}
	next := 1
	for _, m := range verb.FindAllStringSubmatch(format, -1) {
		if m[1] != "" {
			next, _ = strconv.Atoi(m[1])
		}
		out[next] = m[2]
		next++
	}
	return out
}

// TestCatalogueComplete keeps the languages in step: every text exists in
// both, and both use the same arguments with the same verbs (a language
// may reorder them with %[n]), so no user ever sees a key or a
// %!s(MISSING).
func TestCatalogueComplete(t *testing.T) {
	for key, text := range catalogue {
		if text.ZH == "" || text.EN == "" {
			t.Errorf("%s: zh=%q en=%q: a language is missing", key, text.ZH, text.EN)
			continue
		}
		if zh, en := args(text.ZH), args(text.EN); !maps.Equal(zh, en) {
			t.Errorf("%s: arguments %v in Chinese, %v in English", key, zh, en)
		}
	}
}

func TestEnumNames(t *testing.T) {
	for _, l := range Langs {
		for _, r := range []data.Role{data.RoleMember, data.RoleLeader, data.RoleCommittee, data.RoleSecretary, data.RoleOwner} {
			if !Has(l, Key("role."+string(r))) {
				t.Errorf("role %s: no %s name", r, l)
			}
		}
		for _, k := range []data.MeetingKind{data.KindAssembly, data.KindCommittee, data.KindGroup, data.KindLecture, data.KindThemeDay, data.KindOther} {
			if !Has(l, Key("kind."+string(k))) {
				t.Errorf("kind %s: no %s name", k, l)
			}
		}
		for d := range 7 {
			if !Has(l, Key("wd."+weekdayWords[d])) {
				t.Errorf("weekday %d: no %s name", d, l)
			}
		}
	}
}

func TestFor(t *testing.T) {
	for _, tc := range []struct {
		code string
		def  Lang
		want Lang
	}{
		{"zh-hans", EN, ZH}, {"ZH", EN, ZH}, {"en-GB", ZH, EN}, {"", ZH, ZH}, {"de", EN, EN}, {"ru", ZH, ZH},
	} {
		if got := For(tc.code, tc.def); got != tc.want {
			t.Errorf("For(%q, %s) = %s, want %s", tc.code, tc.def, got, tc.want)
		}
	}
}

func TestTDegrades(t *testing.T) {
	if got := EN.T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key = %q", got)
	}
	if got := ZH.T(MsgInternal, "extra"); got == "" || got != ZH.T(MsgInternal) {
		t.Errorf("a text without verbs must ignore arguments: %q", got)
	}
}

func TestMembersPlural(t *testing.T) {
	for _, tc := range []struct {
		l    Lang
		n    int
		want string
	}{{EN, 1, "1 member"}, {EN, 2, "2 members"}, {EN, 0, "0 members"}, {ZH, 1, "1 人"}, {ZH, 30, "30 人"}} {
		if got := tc.l.Members(tc.n); got != tc.want {
			t.Errorf("%s.Members(%d) = %q, want %q", tc.l, tc.n, got, tc.want)
		}
	}
}

// Every leave state has its words, the empty one of old records too.
func TestLeaveStatusWords(t *testing.T) {
	for _, l := range []Lang{ZH, EN} {
		for _, s := range []data.LeaveStatus{"", data.LeavePending, data.LeaveApproved, data.LeaveRejected} {
			if got := l.LeaveStatus(s); got == "" || strings.HasPrefix(got, "leave.") {
				t.Errorf("%s: LeaveStatus(%q) = %q", l, s, got)
			}
		}
	}
}

// Every audit action has words in every language, so /audit never shows
// a bare code.
func TestAuditActionNames(t *testing.T) {
	for _, l := range Langs {
		for _, a := range data.AuditActions {
			if !Has(l, AuditActionKey(a)) {
				t.Errorf("audit action %s: no %s words", a, l)
			}
		}
	}
}
