package bot

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/width"
)

// The report: /checkin ０１１８ (full-width digits) was refused.
func TestCheckInWithFullWidthCode(t *testing.T) {
	h, owner, alice, _, _, _ := branchOf4(t)
	reply := h.dm(owner, "/meeting 党员大会 2026-11-25 19:00 code=on remind=off 年终总结")
	m := regexp.MustCompile(`签到码：(\d{4})`).FindStringSubmatch(reply)
	if m == nil {
		t.Fatalf("no code in %q", reply)
	}
	full := width.Widen.String(m[1])
	if full == m[1] || !strings.ContainsRune("０１２３４５６７８９", []rune(full)[0]) {
		t.Fatalf("not full-width: %q", full)
	}
	h.setClock(at(2026, 11, 25, 18, 50))
	mustContain(t, h.dm(alice, "/checkin "+full), "已签到 18:50")
}
