package bot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"branchbot/data"
)

// exportDoc is the export read back, as far as the test compares it.
type exportDoc struct {
	Format   string `json:"format"`
	Version  int    `json:"version"`
	Branches []struct {
		Branch   data.ExportBranchInfo `json:"branch"`
		Settings data.Settings         `json:"settings"`
		Groups   []data.ExportGroup    `json:"groups"`
		Members  []data.ExportMember   `json:"members"`
		Meetings []data.ExportMeeting  `json:"meetings"`
		Notices  []data.ExportNotice   `json:"notices"`
		Feedback []map[string]any      `json:"feedback"`
		Surveys  []struct {
			Title     string           `json:"title"`
			Anonymous bool             `json:"anonymous"`
			Answers   []map[string]any `json:"answers"`
		} `json:"surveys"`
		Audit []data.AuditEntry `json:"audit"`
	} `json:"branches"`
}

// validateExport checks doc against docs/export-schema.json.
func validateExport(t *testing.T, doc []byte) {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile("../docs/export-schema.json")
	if err != nil {
		t.Fatalf("compile the export schema: %v", err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("the export is not JSON: %v", err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("the export does not follow its schema: %v", err)
	}
}

// TestExportRoundTrip: a branch with a bit of everything is exported by
// /export; the file follows the documented schema, reads back to what
// was done, and never names the anonymous author, who is in it only as a
// member.
func TestExportRoundTrip(t *testing.T) {
	h, owner := newHarness(t)
	alice := h.srv.NewUser("Alice", "zh")
	bob := h.srv.NewUser("Bob", "en")
	h.dm(owner, "/neworg 第一党支部")
	h.dm(alice, "/start "+h.inviteCode(owner, "member"))
	h.dm(bob, "/start "+h.inviteCode(owner, "member"))
	h.dm(owner, "/group add 第一党小组")
	h.dm(owner, "/group set Alice 第一党小组")
	sendNotice(t, h, owner, "周五下午开会")
	h.idle()
	h.press(alice, h.messagesWith(alice.ID, "周五下午开会")[0], "✅ 收到")
	// Carol joins after the notice: from here on she does nothing but
	// answer anonymously.
	carol := h.srv.NewUser("Zhao Carol", "zh")
	h.dm(carol, "/start "+h.inviteCode(owner, "member"))

	h.dm(owner, "/meeting 党课 2026-11-25 09:20 remind=off 党课：学习")
	h.dm(owner, "/meeting 党员大会 2026-12-05 15:00 remind=off 党员大会")
	mustContain(t, h.dm(alice, "/checkin 1"), "签到")
	h.dm(bob, "/leave 2 travel")
	h.idle()
	h.press(owner, h.srv.LastMessage(owner.ID), "批准")
	mustContain(t, h.dm(owner, "/minutes 1 传达学习了全会精神"), "已保存")
	h.dm(owner, "/series 支委会 monthly:1 09:00 支委例会")

	h.say(owner, owner.PrivateChat(), "/survey 匿名调查 匿名\n单选：满意吗？｜满意｜不满意")
	h.say(owner, owner.PrivateChat(), "/survey 署名调查\n单选：满意吗？｜满意｜不满意")
	h.idle()
	h.press(carol, h.messagesWith(carol.ID, "匿名调查")[0], "不满意")
	h.press(alice, h.messagesWith(alice.ID, "署名调查")[0], "满意")
	secret := "食堂的菜太咸了"
	mustContain(t, h.dm(carol, "/feedback 匿名 "+secret), "#1")
	h.dm(alice, "/feedback 会议太长")
	h.idle()
	mustContain(t, h.dm(owner, "/reply 1 已转告食堂"), "已转")

	got := h.say(owner, owner.PrivateChat(), "/export")
	fs := files(got)
	if len(got) != 1 || len(fs) != 1 {
		t.Fatalf("/export sent %v", plains(got))
	}
	var out []byte
	for name, f := range fs {
		if !strings.HasPrefix(name, "branchbot-export-2026-11-25") || !strings.HasSuffix(name, ".json") {
			t.Errorf("file name %q", name)
		}
		out = f.Data
	}
	mustContain(t, got[0].Plain, "第一党支部", "格式版本 1", "妥善保管")
	validateExport(t, out)

	var doc exportDoc
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Format != data.ExportFormat || doc.Version != data.ExportVersion || len(doc.Branches) != 1 {
		t.Fatalf("export head: %q v%d with %d branches", doc.Format, doc.Version, len(doc.Branches))
	}
	br := doc.Branches[0]
	if br.Branch.Name != "第一党支部" || br.Branch.CreatedBy != owner.ID || len(br.Groups) != 1 || br.Groups[0].Name != "第一党小组" {
		t.Errorf("branch %+v, groups %+v", br.Branch, br.Groups)
	}
	if br.Settings.CheckInOpen == 0 {
		t.Errorf("settings did not come through: %+v", br.Settings)
	}
	roles := map[int64]data.Role{}
	for _, m := range br.Members {
		roles[m.ID] = m.Role
		if m.ID == alice.ID && m.GroupID != br.Groups[0].ID {
			t.Errorf("Alice's group = %d; want %d", m.GroupID, br.Groups[0].ID)
		}
	}
	if len(roles) != 4 || roles[owner.ID] != data.RoleSecretary || roles[carol.ID] != data.RoleMember {
		t.Errorf("members %+v", br.Members)
	}
	if len(br.Meetings) < 2 {
		t.Fatalf("meetings %+v", br.Meetings)
	}
	var lecture, assembly data.ExportMeeting
	for _, m := range br.Meetings {
		switch m.Title {
		case "党课：学习":
			lecture = m
		case "党员大会":
			assembly = m
		}
	}
	if lecture.Title != "党课：学习" || len(lecture.Attendance) != 1 || lecture.Attendance[0].Member != alice.ID || lecture.Minutes == nil || lecture.Minutes.Text != "传达学习了全会精神" {
		t.Errorf("the lecture came back as %+v", lecture)
	}
	if len(assembly.Leaves) != 1 || assembly.Leaves[0].Member != bob.ID || assembly.Leaves[0].Status != data.LeaveApproved || assembly.Leaves[0].DecidedBy != owner.ID {
		t.Errorf("the assembly's leaves: %+v", assembly.Leaves)
	}
	if len(br.Notices) != 1 || br.Notices[0].Text != "周五下午开会" || br.Notices[0].Acked != 1 || len(br.Notices[0].Receipts) != 2 {
		t.Errorf("notices %+v", br.Notices)
	}
	if len(br.Feedback) != 2 {
		t.Fatalf("feedback %+v", br.Feedback)
	}
	anon, named := br.Feedback[0], br.Feedback[1]
	if anon["text"] != secret || anon["anonymous"] != true || anon["author"] != nil || anon["author_id"] != nil {
		t.Errorf("anonymous feedback came back as %v", anon)
	}
	if thread, _ := anon["thread"].([]any); len(thread) != 1 || !strings.Contains(string(mustJSON(t, thread)), "已转告食堂") {
		t.Errorf("the answer to the anonymous feedback: %v", anon["thread"])
	}
	if named["author"] != "Alice" || named["author_id"] != float64(alice.ID) {
		t.Errorf("named feedback came back as %v", named)
	}
	// An open anonymous survey's answers are not shown yet, as in /survey
	// results: two exports around one answer would point to its author.
	if len(br.Surveys) != 2 || len(br.Surveys[0].Answers) != 0 || len(br.Surveys[1].Answers) != 1 {
		t.Fatalf("surveys %+v", br.Surveys)
	}
	if a := br.Surveys[1].Answers[0]; a["member"] != float64(alice.ID) || a["name"] != "Alice" {
		t.Errorf("a named survey's answer: %v", a)
	}
	if n := len(br.Audit); n == 0 || br.Audit[0].Action != data.AuditBranchCreate || br.Audit[n-1].Action != data.AuditSurveyCreate {
		t.Errorf("audit in the export: %+v", br.Audit)
	}

	// Carol is in the file once, as a member: her id and her name appear
	// exactly once each, so nothing she wrote or answered points to her.
	for _, s := range []string{strconv.FormatInt(carol.ID, 10), "Zhao Carol"} {
		if n := bytes.Count(out, []byte(s)); n != 1 {
			t.Errorf("%q appears %d times in the export; want once (the member list)", s, n)
		}
	}

	// The export itself is in the log, and the next export shows it.
	if e := auditEntries(t, h, br.Branch.ID)[0]; e.Action != data.AuditExport || e.ActorID != owner.ID {
		t.Errorf("last entry %+v; want the export", e)
	}

	// Closed (the default deadline is a week on), the anonymous survey's
	// answer is exported, without its author.
	h.advance(8 * 24 * time.Hour)
	var closed []byte
	for _, f := range files(h.say(owner, owner.PrivateChat(), "/export")) {
		closed = f.Data
	}
	validateExport(t, closed)
	doc = exportDoc{}
	if err := json.Unmarshal(closed, &doc); err != nil {
		t.Fatal(err)
	}
	if sv := doc.Branches[0].Surveys[0]; len(sv.Answers) != 1 || sv.Answers[0]["member"] != nil || sv.Answers[0]["name"] != nil {
		t.Errorf("the closed anonymous survey's answers: %v", sv.Answers)
	}
	if n := bytes.Count(closed, []byte(strconv.FormatInt(carol.ID, 10))); n != 1 {
		t.Errorf("Carol's id appears %d times once the survey closed; want once", n)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The schema itself refuses what must never be exported, and names every
// audit action this build records.
func TestExportSchemaGuards(t *testing.T) {
	c := jsonschema.NewCompiler()
	sch, err := c.Compile("../docs/export-schema.json")
	if err != nil {
		t.Fatal(err)
	}
	doc := func(feedback string) any {
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(`{"format":"branchbot-export","version":1,"exported_at":"2026-11-25T09:00:00Z","branches":[{
			"branch":{"id":1,"name":"b","created_by":1,"created_at":"2026-11-25T09:00:00Z"},"settings":{},
			"groups":[],"members":[],"meetings":[],"series":[],"holidays":[],"notices":[],"surveys":[],"evaluations":[],"audit":[],
			"feedback":[` + feedback + `]}]}`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	const item = `{"id":1,"category":"c","text":"t","anonymous":%s,"open":true,"created_at":"2026-11-25T09:00:00Z","thread":[]%s}`
	for _, tt := range []struct {
		name, anonymous, extra string
		ok                     bool
	}{
		{"anonymous", "true", "", true},
		{"named", "false", `,"author_id":7,"author":"A"`, true},
		{"anonymous with an author", "true", `,"author_id":7,"author":"A"`, false},
		{"anonymous with an author id only", "true", `,"author_id":7`, false},
		{"named without its author", "false", "", false},
	} {
		err := sch.Validate(doc(fmt.Sprintf(item, tt.anonymous, tt.extra)))
		if (err == nil) != tt.ok {
			t.Errorf("%s: Validate = %v; want ok=%v", tt.name, err, tt.ok)
		}
	}

	raw, err := os.ReadFile("../docs/export-schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Defs struct {
			AuditEntry struct {
				Properties struct {
					Action struct {
						Enum []data.AuditAction `json:"enum"`
					} `json:"action"`
				} `json:"properties"`
			} `json:"auditEntry"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	if got := s.Defs.AuditEntry.Properties.Action.Enum; !slices.Equal(got, data.AuditActions) {
		t.Errorf("the schema's audit actions %v; this build records %v", got, data.AuditActions)
	}
}
