package bot

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"strconv"
	"strings"
	"testing"

	"branchbot/bot/i18n"
	"branchbot/bot/tgtest"
	"branchbot/data"
)

// identities are the byte patterns that would name a member in the store:
// their id as decimal, as 8 bytes big- and little-endian (and big-endian
// with the sign bit flipped, as the store's keys encode ids), their name
// and their username.
func identities(users ...*tgtest.User) map[string][]byte {
	out := map[string][]byte{}
	for _, u := range users {
		id := uint64(u.ID)
		be, le, key := make([]byte, 8), make([]byte, 8), make([]byte, 8)
		binary.BigEndian.PutUint64(be, id)
		binary.LittleEndian.PutUint64(le, id)
		binary.BigEndian.PutUint64(key, id^(1<<63))
		out[u.FirstName+" id"] = []byte(strconv.FormatInt(u.ID, 10))
		out[u.FirstName+" id big-endian"] = be
		out[u.FirstName+" id little-endian"] = le
		out[u.FirstName+" id as a key"] = key
		out[u.FirstName+" name"] = []byte(u.FirstName)
		if u.Username != "" {
			out[u.FirstName+" username"] = []byte(u.Username)
		}
	}
	return out
}

// Item 2, the attack: after an anonymous survey closes, whoever holds the
// store file dumps every bucket to learn who answered what. Before, the
// answers were kept under survey id | member id for ever. Now they sit
// under a random key per member, whose link to the member is dropped at
// close; reminders still reach exactly those who have not finished.
func TestAnonymousSurveyAnswersKeepNoMember(t *testing.T) {
	h, owner, alice, bob, carol, _ := branchOf4(t)
	h.say(owner, owner.PrivateChat(), "/survey 食堂测评 匿名 until=2026-11-28 18:00\n单选：满意吗？｜满意｜不满意\n填空：你的建议")
	h.idle()
	card := h.messagesWith(alice.ID, "食堂测评")[0]
	_, card = h.press(alice, card, "不满意")
	h.press(alice, card, "✍️ 回答")
	mustContain(t, h.dm(alice, "菜太咸了-独有的回答"), "已完成")
	h.press(bob, h.messagesWith(bob.ID, "食堂测评")[0], "满意") // half done

	h.setClock(at(2026, 11, 27, 18, 0)) // a day before: who has not finished?
	if len(h.messagesWith(alice.ID, "明天截止")) != 0 {
		t.Error("Alice finished but was reminded")
	}
	if len(h.messagesWith(carol.ID, "明天截止")) != 1 || len(h.messagesWith(bob.ID, "closes tomorrow")) != 1 || len(h.messagesWith(owner.ID, "明天截止")) != 1 {
		t.Error("those who have not finished were not all reminded")
	}

	h.setClock(at(2026, 11, 28, 18, 0))
	results := h.messagesWith(owner.ID, "📊")
	if len(results) != 1 {
		t.Fatalf("results messages: %d", len(results))
	}
	mustContain(t, results[0].Plain, "1/4 人完成", "满意：1", "不满意：1", "文字回答 1 条")

	ids := identities(owner, alice, bob, carol)
	answers := 0
	err := h.store.Walk(func(bucket string, k, v []byte) error {
		entry := append(append([]byte(nil), k...), v...)
		switch {
		case bucket == "survey_answers":
			answers++
			for what, id := range ids {
				if bytes.Contains(entry, id) {
					t.Errorf("survey_answers %x holds %s: %q", k, what, v)
				}
			}
		case bucket == "surveys" && bytes.Contains(v, []byte("answerers")):
			t.Errorf("the closed survey still maps members to answers: %s", v)
		}
		if bytes.Contains(entry, []byte("独有的回答")) {
			for what, id := range ids {
				if bytes.Contains(entry, id) {
					t.Errorf("%s %x holds the answer beside %s", bucket, k, what)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if answers != 2 {
		t.Errorf("%d answers stored; want Alice's and Bob's", answers)
	}
}

// Item 3, the attack: the creator views /survey results of an anonymous
// survey, a member answers, the creator views again; the one new row is
// that member's answer. Now an anonymous survey's results are shown only
// after it closes, and the reply says why; a named survey's stay live.
func TestAnonymousSurveyLiveResultsCannotBeDifferenced(t *testing.T) {
	h, owner, alice, _, _, _ := branchOf4(t)
	h.say(owner, owner.PrivateChat(), "/survey 匿名调查 匿名\n单选：满意吗？｜满意｜不满意")
	h.idle()
	before := h.dm(owner, "/survey results 1")
	h.press(alice, h.messagesWith(alice.ID, "匿名调查")[0], "不满意")
	after := h.dm(owner, "/survey results 1")
	for _, got := range []string{before, after} {
		mustContain(t, got, "截止后", "两次结果之差")
		if strings.Contains(got, "不满意：") {
			t.Errorf("live results of an anonymous survey: %q", got)
		}
	}
	for _, m := range h.srv.Messages(owner.ID) {
		if m.File != nil {
			t.Errorf("an answers file before close: %q", m.File.Name)
		}
	}
	h.say(owner, owner.PrivateChat(), "/survey close 1")
	h.idle()
	mustContain(t, strings.Join(plains(h.messagesWith(owner.ID, "📊")), "\n"), "不满意：1")

	h.say(owner, owner.PrivateChat(), "/survey 署名调查\n单选：满意吗？｜满意｜不满意")
	h.idle()
	h.press(alice, h.messagesWith(alice.ID, "署名调查")[0], "满意")
	h.say(owner, owner.PrivateChat(), "/survey results 2")
	h.idle()
	mustContain(t, strings.Join(plains(h.messagesWith(owner.ID, "署名调查")), "\n"), "满意：1")
}

// Item 10, the attack: a member's display name, an option and a typed
// answer are spreadsheet formulas; the results file must hold them as text.
func TestSurveyCSVFormulaInjection(t *testing.T) {
	h, owner := newHarness(t)
	h.dm(owner, "/neworg 第一党支部")
	evil := h.srv.NewUser(`=HYPERLINK("http://evil.example","Alice")`, "zh")
	h.dm(evil, "/start "+h.inviteCode(owner, "党员"))
	h.say(owner, owner.PrivateChat(), "/survey 公式\n单选：选哪个？｜+1+1｜@SUM(A1)\n填空：-2+3")
	h.idle()
	card := h.messagesWith(evil.ID, "公式")[0]
	_, card = h.press(evil, card, "@SUM(A1)")
	h.press(evil, card, "✍️ 回答")
	mustContain(t, h.dm(evil, "=WEBSERVICE(\"http://evil.example\")"), "已完成")
	h.say(owner, owner.PrivateChat(), "/survey results 1")
	h.idle()
	var file []byte
	for _, m := range h.srv.Messages(owner.ID) {
		if m.File != nil {
			file = m.File.Data
		}
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(file, []byte("\ufeff")))).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("answers file %q: %v", file, err)
	}
	cells := 0
	for _, rec := range recs {
		for _, c := range rec {
			cells++
			if c != "" && strings.ContainsRune("=+-@\t\r\n", rune(c[0])) {
				t.Errorf("cell %q would run as a formula", c)
			}
		}
	}
	mustContain(t, string(file), `'=HYPERLINK(`, "'@SUM(A1)", "'=WEBSERVICE(")
}

// Item 15: survey text that is not valid UTF-8 is refused with a message
// in the author's language, never stored or sent.
func TestSurveyTextMustBeUTF8(t *testing.T) {
	for _, args := range []string{
		"标题\xff\n单选：问题｜A｜B",
		"标题\n单选：问\xc3题｜A｜B",
		"标题\n单选：问题｜A\xed\xa0\x80｜B",
	} {
		_, ierr := ParseSurvey(args, shanghai, at(2026, 11, 20, 9, 0))
		if ierr == nil || ierr.Problem != i18n.MsgSurveyNotUTF8 {
			t.Errorf("ParseSurvey(%q) = %v; want %s", args, ierr, i18n.MsgSurveyNotUTF8)
		}
	}
	mustContain(t, i18n.ZH.T(i18n.MsgSurveyNotUTF8), "UTF-8", "重新发送")
	mustContain(t, i18n.EN.T(i18n.MsgSurveyNotUTF8), "UTF-8", "send it again")
	sv := data.Survey{ID: 1, Title: "t", Questions: []data.Question{{Kind: data.FreeText, Text: "q"}}}
	var a data.Answers
	if _, err := sv.ApplyText(&a, 0, "ok\xff"); !errors.Is(err, data.ErrNotUTF8) {
		t.Errorf("ApplyText with a bad byte = %v; want ErrNotUTF8", err)
	}
}

// FuzzParseSurvey: whatever /survey is given, a survey it accepts is
// valid, valid UTF-8 throughout.
func FuzzParseSurvey(f *testing.F) {
	f.Add("学习调查 匿名 until=2026-12-01 18:00\n单选：问题｜A｜B\n评分：满意度\n填空：建议")
	f.Add("t\n多选：q|a|b|c")
	f.Add("标题\n单选：问\xc3题｜A｜B") // the crash: a cut rune in a question
	f.Add("\xff\n填空：q")
	f.Fuzz(func(t *testing.T, args string) {
		sv, ierr := ParseSurvey(args, shanghai, at(2026, 11, 20, 9, 0))
		if ierr != nil {
			return
		}
		if err := sv.Validate(); err != nil {
			t.Fatalf("ParseSurvey(%q) accepted an invalid survey: %v", args, err)
		}
	})
}
