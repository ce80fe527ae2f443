package bot

import (
	"errors"
	"strings"

	"branchbot/data"
)

// minutesField is which part of structured minutes a key names.
type minutesField int

const (
	fieldText minutesField = iota + 1
	fieldHost
	fieldRecorder
	fieldAgenda
	fieldDecision
)

// minutesKeys are the words a line of /minutes may start with, Chinese
// and English, lower case.
var minutesKeys = map[string]minutesField{
	"主持人": fieldHost, "主持": fieldHost, "host": fieldHost, "chair": fieldHost,
	"记录人": fieldRecorder, "记录员": fieldRecorder, "recorder": fieldRecorder,
	"议题": fieldAgenda, "议程": fieldAgenda, "agenda": fieldAgenda, "topic": fieldAgenda,
	"决议": fieldDecision, "决定": fieldDecision, "decision": fieldDecision, "decisions": fieldDecision, "resolution": fieldDecision,
	"内容": fieldText, "正文": fieldText, "记录": fieldText, "text": fieldText, "notes": fieldText,
}

// errMinutesEmpty: the /minutes text says nothing.
var errMinutesEmpty = errors.New("minutes: nothing given")

// minutesAttachWords start the attach step instead of editing.
var minutesAttachWords = map[string]bool{"attach": true, "附件": true, "上传": true, "添加附件": true}

// isMinutesAttach reports whether the text after /minutes <id> asks for
// the attach step: one line whose first word is an attach word. Words
// after it ("attach 签到表", a caption in mind) must not become the
// record in its place.
func isMinutesAttach(text string) bool {
	text = strings.TrimSpace(text)
	if strings.ContainsAny(text, "\r\n") {
		return false
	}
	first, _, _ := strings.Cut(text, " ")
	return minutesAttachWords[strings.ToLower(first)]
}

// parseMinutes reads the text after /minutes <id> as an edit. A line
// "key=value" (or "key：value"; = ＝ : ： all work, so a Chinese keyboard
// needs no switching) whose key is one of minutesKeys sets that field;
// agenda items and decisions may be given several times and keep their
// order. Any other line is the free record, so "/minutes 12 学习了党章"
// still saves a line of text. A key with an empty value clears the field.
// Fields not mentioned are left out of the edit: they keep what the
// minutes said.
func parseMinutes(text string) (data.MinutesEdit, error) {
	var (
		e                    data.MinutesEdit
		notes                []string
		agenda, decisions    []string
		hasAgenda, hasDecide bool
	)
	for _, line := range strings.Split(normaliseNewlines(text), "\n") {
		field, value, ok := minutesLine(line)
		if !ok {
			notes = append(notes, line)
			continue
		}
		switch field {
		case fieldHost:
			e.Host = &value
		case fieldRecorder:
			e.Recorder = &value
		case fieldAgenda:
			hasAgenda = true
			if value != "" {
				agenda = append(agenda, value)
			}
		case fieldDecision:
			hasDecide = true
			if value != "" {
				decisions = append(decisions, value)
			}
		case fieldText:
			notes = append(notes, value)
		}
	}
	if hasAgenda {
		e.Agenda = &agenda
	}
	if hasDecide {
		e.Decisions = &decisions
	}
	if t := strings.TrimSpace(strings.Join(notes, "\n")); t != "" {
		e.Text = &t
	}
	if e.Empty() {
		return data.MinutesEdit{}, errMinutesEmpty
	}
	return e, nil
}

// minutesLine splits "key=value" when key is a minutes key; ok is false
// for a line of free text.
func minutesLine(line string) (field minutesField, value string, ok bool) {
	i := strings.IndexAny(line, "=＝:：")
	if i < 0 {
		return 0, "", false
	}
	field, ok = minutesKeys[strings.ToLower(strings.TrimSpace(line[:i]))]
	if !ok {
		return 0, "", false
	}
	rest := line[i:]
	for _, sep := range []string{"=", "＝", ":", "："} {
		if strings.HasPrefix(rest, sep) {
			rest = rest[len(sep):]
			break
		}
	}
	return field, strings.TrimSpace(rest), true
}

// normaliseNewlines turns \r\n and \r into \n.
func normaliseNewlines(s string) string {
	return strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
}
