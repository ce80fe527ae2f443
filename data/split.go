package data

import (
	"slices"
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
// rather than refused. Its text is HTML: the limit counts what Telegram
// shows, and no cut falls inside a tag or an entity.
func splitLong(m OutMessage) []OutMessage {
	if RenderedLen(m.Text) <= MaxMessageLen-96 {
		return []OutMessage{m}
	}
	parts := SplitHTML(m.Text, MaxMessageLen-96)
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

// RenderedLen is the length, in UTF-16 units, of the text Telegram shows
// for an HTML message: tags take no room and an entity (&amp;, &lt;, &#39;
// …) one unit. Telegram's 4,096 limit counts this, not the HTML source.
func RenderedLen(html string) int {
	n := 0
	for i := 0; i < len(html); {
		tok, units := htmlToken(html[i:])
		n += units
		i += tok
	}
	return n
}

// htmlToken returns the byte length of the token at the start of s and
// the UTF-16 units it shows: a tag (0 units), an entity (1), or a rune.
// A '<' or '&' that does not start a well-formed tag or entity is text.
func htmlToken(s string) (size, units int) {
	switch s[0] {
	case '<':
		if j := strings.IndexByte(s, '>'); j > 0 && !strings.ContainsAny(s[1:j], "<&") {
			return j + 1, 0
		}
	case '&':
		if j := strings.IndexByte(s, ';'); j > 1 && j <= 10 && isEntityName(s[1:j]) {
			return j + 1, 1
		}
	}
	r, size := utf8.DecodeRuneInString(s)
	if n := utf16.RuneLen(r); n > 0 {
		return size, n
	}
	return size, 1
}

// isEntityName accepts what may stand between '&' and ';': a name or a
// numeric reference.
func isEntityName(s string) bool {
	for i, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '#' && i == 0) {
			return false
		}
	}
	return true
}

// SplitHTML cuts an HTML message into parts that each show at most limit
// UTF-16 units, never inside a tag or an entity, preferring the same
// boundaries as SplitText (a blank line, a line break, a sentence's end, a
// space). Joined, the parts give back html exactly. Our texts open and
// close their tags on one line, so a cut at a line break keeps every part
// well formed.
func SplitHTML(html string, limit int) []string {
	var parts []string
	for {
		cut, whole := htmlCutPoint(html, limit)
		if whole {
			return append(parts, html)
		}
		parts = append(parts, html[:cut])
		html = html[cut:]
	}
}

// htmlCutPoint returns the byte index at which to end the first part of
// html: a token boundary within limit shown units. whole is true when all
// of html fits. It reads no further than the part, so splitting a long
// message takes one pass.
func htmlCutPoint(html string, limit int) (cut int, whole bool) {
	var safe []int // token boundaries, in order
	units, end := 0, 0
	for end < len(html) {
		size, n := htmlToken(html[end:])
		if units+n > limit && end > 0 {
			break
		}
		units += n
		end += size
		safe = append(safe, end)
	}
	if end == len(html) {
		return end, true
	}
	head := html[:end]
	isSafe := func(i int) bool {
		_, found := slices.BinarySearch(safe, i)
		return found
	}
	for _, sep := range []string{"\n\n", "\n", "。", "！", "？", ". ", "! ", "? ", "；", "; ", "，", ", ", " "} {
		for k := len(head); k > 0; {
			i := strings.LastIndex(head[:k], sep)
			if i < 0 || i+len(sep) <= end/2 {
				break
			}
			if isSafe(i + len(sep)) {
				return i + len(sep), false
			}
			k = i
		}
	}
	return end, false
}
