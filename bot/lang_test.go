package bot

import (
	"regexp"
	"testing"

	"branchbot/data"
)

var verb = regexp.MustCompile(`%(\[\d+\])?[a-z]`)

// TestCataloguesMatch keeps the catalogues in step: every text exists in
// every language with as many format verbs, so no user ever sees a key or a
// %!s(MISSING).
func TestCataloguesMatch(t *testing.T) {
	for key, zh := range textsZH {
		en, ok := textsEN[key]
		if !ok {
			t.Errorf("%s: missing in English", key)
			continue
		}
		if a, b := len(verb.FindAllString(zh, -1)), len(verb.FindAllString(en, -1)); a != b {
			t.Errorf("%s: %d verbs in Chinese, %d in English", key, a, b)
		}
	}
	for key := range textsEN {
		if _, ok := textsZH[key]; !ok {
			t.Errorf("%s: missing in Chinese", key)
		}
	}
}

func TestEveryCommandHasDescriptionsAndRoles(t *testing.T) {
	b := &Bot{}
	for _, c := range b.commandList() {
		for _, l := range []Lang{LangZH, LangEN} {
			if _, ok := catalogues[l][cmdDesc(c.name)]; !ok {
				t.Errorf("/%s: no %s description", c.name, l)
			}
		}
	}
	for _, r := range []data.Role{data.RoleMember, data.RoleLeader, data.RoleCommittee, data.RoleSecretary, data.RoleOwner} {
		for _, l := range []Lang{LangZH, LangEN} {
			if _, ok := catalogues[l][msg("role."+string(r))]; !ok {
				t.Errorf("role %s: no %s name", r, l)
			}
		}
	}
}
