package bot

import (
	"bytes"
	"encoding/binary"
	"os"
	"regexp"
	"strconv"
	"testing"
)

// In relay mode the way back to an anonymous author is kept only while the
// item is open. bbolt does not wipe the pages it frees, so after /done
// the raw store file is searched for the author's chat id in every form
// the store writes ids in: the outbox's JSON, the 8-byte keys (big- and
// little-endian, with and without the sign flip of signed ids) beside the
// item's id, and the plain 8-byte forms anywhere. The member record and
// the invite it used name the member openly, as they must: their decimal
// id there is the only one allowed.
func TestRelayLeavesNoChatAtRest(t *testing.T) {
	h, owner, alice, bob, _, _ := branchOf4(t)
	// Item 3, so that its id is not the branch's (1): the branch's
	// member index is keyed branch id | signed user id.
	mustContain(t, h.dm(bob, "/feedback 网点人手不足"), "#1")
	mustContain(t, h.dm(bob, "/feedback 希望多组织学习"), "#2")
	mark := h.logMark()
	mustContain(t, h.dm(alice, "/feedback 匿名 食堂中午太吵"), "已匿名提交（#3）")
	h.idle()
	mustContain(t, h.dm(owner, "/reply 3 已反映"), "回复已转给")
	h.idle()
	mustContain(t, h.srv.LastMessage(alice.ID).Plain, "已反映")
	mustContain(t, h.dm(alice, "/followup 3 谢谢"), "已补充")
	mustContain(t, h.dm(owner, "/done 3 已处理"), "已关闭")
	h.idle()
	mustContain(t, h.srv.LastMessage(alice.ID).Plain, "已处理")
	h.assertLogOmits(mark, alice.ID)
	h.stop()

	raw, err := os.ReadFile(h.path)
	if err != nil {
		t.Fatal(err)
	}
	id := alice.ID
	signed := func(v int64) []byte { return binary.BigEndian.AppendUint64(nil, uint64(v)^(1<<63)) }
	be := binary.BigEndian.AppendUint64(nil, uint64(id))
	le := binary.LittleEndian.AppendUint64(nil, uint64(id))
	item := binary.BigEndian.AppendUint64(nil, 3)
	// The probe can see: the member record is keyed by the signed form.
	if !bytes.Contains(raw, signed(id)) {
		t.Fatal("the store does not hold the member's key: the search reads the wrong file")
	}
	for name, b := range map[string][]byte{
		"big-endian":                   be,
		"little-endian":                le,
		"item id then signed chat":     append(bytes.Clone(item), signed(id)...),
		"item id then big-endian chat": append(bytes.Clone(item), be...),
		"item id then little-endian":   append(bytes.Clone(item), le...),
	} {
		if bytes.Contains(raw, b) {
			t.Errorf("the store file holds the author's chat as %s", name)
		}
	}
	dec := strconv.FormatInt(id, 10)
	allowed := regexp.MustCompile(`"(user_id|used_by)":` + dec + `\D`)
	for _, at := range regexp.MustCompile(`\D`+dec+`\D`).FindAllIndex(raw, -1) {
		ctx := raw[max(at[0]-12, 0):min(at[1]+1, len(raw))]
		if !allowed.Match(ctx) {
			t.Errorf("the store file holds the author's chat in decimal: %q", raw[max(at[0]-60, 0):min(at[1]+60, len(raw))])
		}
	}
}
