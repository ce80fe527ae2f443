package bot

import (
	"fmt"
	"strconv"
	"strings"

	"branchbot/bot/telegram"
)

// The codecs buttons share. Each kind of button is declared by the feature
// that owns it, with one of these as its builder and parser side by side;
// parsers refuse anything the builder would not have made, since a client
// can send any callback data.

// idButton is a kind whose argument is the id of a notice, a meeting or a
// draft.
func idButton(spec telegram.ButtonSpec) *telegram.ButtonKind[uint64] {
	return &telegram.ButtonKind[uint64]{
		ButtonSpec: spec,
		Encode:     func(id uint64) string { return strconv.FormatUint(id, 10) },
		Decode:     decodeID,
	}
}

// decodeID reads an id exactly as encoded: digits, no sign, no leading
// zero, not zero.
func decodeID(s string) (uint64, error) {
	id, err := strconv.ParseUint(s, 10, 64)
	if err != nil || id == 0 || strconv.FormatUint(id, 10) != s {
		return 0, fmt.Errorf("id %q: malformed", s)
	}
	return id, nil
}

// step is a guided flow's button: the draft it belongs to, a letter
// naming the step, and the choice made there.
type step struct {
	Draft uint64
	Step  string // one letter
	Value string // lower-case letters and digits
}

// stepButton is a kind of guided-flow button whose step letters are steps
// and whose choice has at most maxValue characters.
func stepButton(spec telegram.ButtonSpec, steps string, maxValue int) *telegram.ButtonKind[step] {
	return &telegram.ButtonKind[step]{
		ButtonSpec: spec,
		Encode:     func(s step) string { return fmt.Sprintf("%d-%s%s", s.Draft, s.Step, s.Value) },
		Decode: func(arg string) (step, error) {
			idText, choice, ok := strings.Cut(arg, "-")
			id, err := decodeID(idText)
			if !ok || err != nil || len(choice) < 1 || len(choice) > 1+maxValue || !strings.Contains(steps, choice[:1]) || !lowerAlnum(choice[1:]) {
				return step{}, fmt.Errorf("flow step %q: malformed", arg)
			}
			return step{Draft: id, Step: choice[:1], Value: choice[1:]}, nil
		},
	}
}

// lowerAlnum reports whether s has only lower-case ASCII letters and
// digits.
func lowerAlnum(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// card is a press on one card of a deck (an evaluation's member cards, a
// survey's questions): the round or survey, the card, and a short code
// for what was chosen.
type card struct {
	ID    uint64
	Index int
	Code  string
}

// cardButton is a kind of card press whose index has at most maxDigits
// digits and whose code passes validCode.
func cardButton(spec telegram.ButtonSpec, maxDigits int, validCode func(string) bool) *telegram.ButtonKind[card] {
	return &telegram.ButtonKind[card]{
		ButtonSpec: spec,
		Encode:     func(c card) string { return fmt.Sprintf("%d-%d-%s", c.ID, c.Index, c.Code) },
		Decode: func(arg string) (card, error) {
			p := strings.Split(arg, "-")
			if len(p) != 3 || len(p[1]) > maxDigits || !digits(p[1]) || p[2] == "" || !validCode(p[2]) {
				return card{}, fmt.Errorf("card press %q: malformed", arg)
			}
			id, err1 := decodeID(p[0])
			index, err2 := strconv.Atoi(p[1])
			if err1 != nil || err2 != nil || strconv.Itoa(index) != p[1] {
				return card{}, fmt.Errorf("card press %q: malformed", arg)
			}
			return card{ID: id, Index: index, Code: p[2]}, nil
		},
	}
}

// digits reports whether s is one or more ASCII digits.
func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
