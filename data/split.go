package data

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// SplitText cuts text into parts of at most limit UTF-16 units (Telegram's
// unit for message length), preferring to cut after a blank line, then a
// line break, then the end of a sentence, then a space. Joined, the parts
// give back text exactly.
func SplitText(text string, limit int) []string {
	var parts []string
	for UTF16Len(text) > limit {
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
		// The rune's width in the text, not re-encoded: an invalid byte
		// reads as U+FFFD, three bytes long.
		_, size := utf8.DecodeRuneInString(text[i:])
		end = i + size
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

// UTF16Len is the length of s in UTF-16 units, Telegram's unit for text
// limits.
func UTF16Len(s string) int {
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

// MaxMessageLen is Telegram's limit on a message's text, in UTF-16 units.
const MaxMessageLen = 4096

// splitLong turns an outbox message whose text is over Telegram's limit
// into parts (buttons on the last), so a long report or digest is split
// rather than refused.
func splitLong(m OutMessage) []OutMessage {
	if UTF16Len(m.Text) <= MaxMessageLen-96 {
		return []OutMessage{m}
	}
	parts := SplitText(m.Text, MaxMessageLen-96)
	out := make([]OutMessage, len(parts))
	for i, p := range parts {
		out[i] = m
		out[i].Text = p
		if i < len(parts)-1 {
			out[i].Buttons, out[i].Purpose.Last = nil, false
		}
	}
	return out
}
