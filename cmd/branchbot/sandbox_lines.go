package main

import "strings"

// pasteStart and pasteEnd, each alone on a line, enclose one message of
// several lines. A terminal hands the sandbox a line at a time, so without
// them a /survey (one question a line) would reach the bot as a message per
// line. Inside a block every line is kept as typed, backslashes included,
// so text that happens to end in one is pasted safely.
const (
	pasteStart = "<<<"
	pasteEnd   = ">>>"
)

// lineJoiner assembles typed lines into the messages they make:
//
//	text \         a line ending in a backslash goes on in the next line;
//	               the backslash goes and the line break stays
//	<<<            a line of just <<< starts a block, which a line of just
//	…              >>> ends; the lines between are one message, as they are
//	>>>
//
// Any other line is a message of its own. Markers count only alone on a
// line (spaces around them allowed) and <<< only where a message begins,
// so a message may still contain them. The zero value is ready to use.
type lineJoiner struct {
	lines []string // the message so far
	block bool     // inside a paste block
}

// Add takes the next typed line. When it completes a message, Add returns
// the message and true.
func (j *lineJoiner) Add(line string) (string, bool) {
	// A paste from a Windows editor brings its line ends along.
	line = strings.TrimSuffix(line, "\r")
	if j.block {
		if strings.TrimSpace(line) == pasteEnd {
			return j.finish(), true
		}
		j.lines = append(j.lines, line)
		return "", false
	}
	if len(j.lines) == 0 && strings.TrimSpace(line) == pasteStart {
		j.block = true
		return "", false
	}
	// Spaces after the backslash are invisible on screen: they do not
	// stop it from continuing the line.
	if body, ok := strings.CutSuffix(strings.TrimRight(line, " \t"), `\`); ok {
		j.lines = append(j.lines, body)
		return "", false
	}
	j.lines = append(j.lines, line)
	return j.finish(), true
}

// Pending reports the lines of a message begun but not finished, and
// whether they are in a paste block, so the prompt can show that more is
// expected and the end of input can say what was left unsent.
func (j *lineJoiner) Pending() (lines int, block bool) {
	return len(j.lines), j.block
}

func (j *lineJoiner) finish() string {
	msg := strings.Join(j.lines, "\n")
	j.lines, j.block = nil, false
	return msg
}
