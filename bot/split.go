package bot

import (
	"strings"
	"unicode/utf16"
)

// splitText cuts text into parts of at most limit UTF-16 units (Telegram's
// unit for message length), preferring to cut after a blank line, then a
// line break, then the end of a sentence, then a space. Joined, the parts
// give back text exactly.
func splitText(text string, limit int) []string {
	var parts []string
	for utf16Len(text) > limit {
		cut := cutPoint(text, limit)
		parts = append(parts, text[:cut])
		text = text[cut:]
	}
	if text != "" || len(parts) == 0 {
		parts = append(parts, text)
	}
	return parts
}

// cutPoint returns the byte index at which to end the first part.
func cutPoint(text string, limit int) int {
	// The longest prefix within the limit, on a rune boundary.
	units, end := 0, 0
	for i, r := range text {
		n := utf16.RuneLen(r)
		if n < 0 {
			n = 1
		}
		if units+n > limit {
			break
		}
		units += n
		end = i + len(string(r))
	}
	if end == 0 { // limit smaller than one rune: take one anyway
		for i := range text {
			if i > 0 {
				return i
			}
		}
		return len(text)
	}
	head := text[:end]
	// Don't accept a cut in the first half: better a hard cut than a
	// stream of tiny parts.
	for _, sep := range []string{"\n\n", "\n", "。", "！", "？", ". ", "! ", "? ", "；", "; ", "，", ", ", " "} {
		if i := strings.LastIndex(head, sep); i >= 0 && i+len(sep) > end/2 {
			return i + len(sep)
		}
	}
	return end
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if k := utf16.RuneLen(r); k > 0 {
			n += k
		} else {
			n++
		}
	}
	return n
}
