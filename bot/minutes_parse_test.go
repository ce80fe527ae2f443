package bot

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"branchbot/data"
)

func items(s ...string) *[]string { return &s }

func TestParseMinutes(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want data.MinutesEdit
		err  error
	}{
		{"one line of text, as before", "第一稿：学习了党章。", data.MinutesEdit{Text: ptr("第一稿：学习了党章。")}, nil},
		{"Chinese keys", "主持人=张三\n记录人＝李四\n议题：传达全会精神\n议题：发展党员\n决议=同意李某为积极分子\n大家踊跃发言。",
			data.MinutesEdit{Host: ptr("张三"), Recorder: ptr("李四"), Agenda: items("传达全会精神", "发展党员"), Decisions: items("同意李某为积极分子"), Text: ptr("大家踊跃发言。")}, nil},
		{"English keys, any case, spaces", "Host = Zhang\r\nRECORDER: Li\r\nagenda=Study\r\ndecision = Yes",
			data.MinutesEdit{Host: ptr("Zhang"), Recorder: ptr("Li"), Agenda: items("Study"), Decisions: items("Yes")}, nil},
		{"an empty value clears", "主持人=\n决议=", data.MinutesEdit{Host: ptr(""), Decisions: items()}, nil},
		{"text key and free lines join in order", "内容=第一段\n第二段\ntext: 第三段",
			data.MinutesEdit{Text: ptr("第一段\n第二段\n第三段")}, nil},
		{"an unknown key is free text", "时间：15:00\nhttp://example.com", data.MinutesEdit{Text: ptr("时间：15:00\nhttp://example.com")}, nil},
		{"a value may hold separators", "决议=表决：全票=通过", data.MinutesEdit{Decisions: items("表决：全票=通过")}, nil},
		{"nothing", " \n\n ", data.MinutesEdit{}, errMinutesEmpty},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseMinutes(tc.in)
			if !errors.Is(err, tc.err) || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("parseMinutes(%q) = %s, %v\nwant %s, %v", tc.in, show(got), err, show(tc.want), tc.err)
			}
		})
	}
}

// show prints an edit's set fields, for failure messages.
func show(e data.MinutesEdit) string {
	var parts []string
	for name, p := range map[string]*string{"text": e.Text, "host": e.Host, "recorder": e.Recorder} {
		if p != nil {
			parts = append(parts, name+"="+*p)
		}
	}
	if e.Agenda != nil {
		parts = append(parts, "agenda="+strings.Join(*e.Agenda, "|"))
	}
	if e.Decisions != nil {
		parts = append(parts, "decisions="+strings.Join(*e.Decisions, "|"))
	}
	return "{" + strings.Join(parts, "; ") + "}"
}

func TestIsMinutesAttach(t *testing.T) {
	for in, want := range map[string]bool{"attach": true, " ATTACH ": true, "附件": true, "attach 签到表": true, "附件 照片": true,
		"attach\n会议认真": false, "attachments were read": false, "学习": false, "附件已收到": false} {
		if got := isMinutesAttach(in); got != want {
			t.Errorf("isMinutesAttach(%q) = %v", in, got)
		}
	}
}

// FuzzParseMinutes: any text parses or says it is empty; what it gives
// is trimmed, one line per field, and no empty item.
func FuzzParseMinutes(f *testing.F) {
	for _, s := range []string{"主持人=张三\n议题=学习\n决议：通过", "text", "host=\r\nagenda=", "=\n：", "决议=a\n决议=b\nfree"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		e, err := parseMinutes(in)
		if err != nil {
			if !errors.Is(err, errMinutesEmpty) || !e.Empty() {
				t.Fatalf("parseMinutes(%q) = %v with %s", in, err, show(e))
			}
			return
		}
		if e.Empty() {
			t.Fatalf("parseMinutes(%q) gave an empty edit without an error", in)
		}
		for _, p := range []*string{e.Host, e.Recorder} {
			if p != nil && (strings.ContainsAny(*p, "\r\n") || strings.TrimSpace(*p) != *p) {
				t.Fatalf("parseMinutes(%q): field %q spans lines or is not trimmed", in, *p)
			}
		}
		for _, list := range []*[]string{e.Agenda, e.Decisions} {
			if list == nil {
				continue
			}
			for _, it := range *list {
				if it == "" || strings.TrimSpace(it) != it || strings.ContainsAny(it, "\r\n") {
					t.Fatalf("parseMinutes(%q): bad item %q", in, it)
				}
			}
		}
		if utf8.ValidString(in) && e.Text != nil && !utf8.ValidString(*e.Text) {
			t.Fatalf("parseMinutes(%q): text broke UTF-8", in)
		}
	})
}
