package tgtest

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// The parsers below follow the Bot API's (TDLib's) parsing of formatted
// text closely enough to reject what Telegram rejects, with its wording,
// and to recover the text users see. They do not build entities.

// parseText returns the visible text of s sent with parseMode, or the
// Telegram error text ("can't parse entities: ...").
func parseText(s, parseMode string) (string, error) {
	var (
		out string
		err error
	)
	switch strings.ToLower(parseMode) {
	case "":
		return s, nil
	case "html":
		out, err = parseHTML(s)
	case "markdownv2":
		out, err = parseMarkdownV2(s)
	case "markdown":
		out, err = parseMarkdown(s)
	default:
		return "", fmt.Errorf("unsupported parse_mode")
	}
	if err != nil {
		return "", fmt.Errorf("can't parse entities: %w", err)
	}
	return out, nil
}

// at returns s[i], or 0 past the end (TDLib's strings are NUL-terminated).
func at(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

// skipPreLanguage steps past the language name and the line break that
// may follow the opening ``` of a pre block, as the server does: a name
// ends at white space or a backtick, and a name running to the end of the
// text is content, not a language.
func skipPreLanguage(s string, i int) int {
	n := len(s)
	langEnd := i
	for langEnd < n && !isSpace(s[langEnd]) && s[langEnd] != '`' {
		langEnd++
	}
	if i != langEnd && langEnd < n && s[langEnd] != '`' {
		i = langEnd
	}
	if b := at(s, i); b == '\n' || b == '\r' {
		if b2 := at(s, i+1); (b2 == '\n' || b2 == '\r') && b != b2 {
			i += 2
		} else {
			i++
		}
	}
	return i
}

func isSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '\v' || b == '\f'
}

func isAlnum(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// htmlTags are the tags Telegram's HTML accepts (plus any "tg-" tag, so
// that newer ones are not rejected).
var htmlTags = map[string]bool{
	"a": true, "b": true, "strong": true, "i": true, "em": true, "s": true, "strike": true, "del": true,
	"u": true, "ins": true, "span": true, "pre": true, "code": true, "blockquote": true,
}

func parseHTML(s string) (string, error) {
	var out strings.Builder
	var stack []string
	n := len(s)
	for i := 0; i < n; {
		c := s[i]
		if c == '&' {
			if r, next := htmlEntity(s, i); r != 0 {
				out.WriteRune(r)
				i = next
				continue
			}
			out.WriteByte(c)
			i++
			continue
		}
		if c != '<' {
			out.WriteByte(c)
			i++
			continue
		}
		begin := i
		i++
		if at(s, i) != '/' {
			// start tag
			for i < n && !isSpace(s[i]) && s[i] != '>' {
				i++
			}
			if i == n {
				return "", fmt.Errorf("Unclosed start tag at byte offset %d", begin)
			}
			tag := strings.ToLower(s[begin+1 : i])
			if !htmlTags[tag] && !strings.HasPrefix(tag, "tg-") {
				return "", fmt.Errorf("Unsupported start tag \"%s\" at byte offset %d", tag, begin)
			}
			for at(s, i) != '>' {
				for i < n && isSpace(s[i]) {
					i++
				}
				if at(s, i) == '>' {
					break
				}
				nameBegin := i
				for i < n && !isSpace(s[i]) && s[i] != '=' {
					i++
				}
				if i == nameBegin {
					return "", fmt.Errorf("Empty attribute name in the tag \"%s\" at byte offset %d", tag, begin)
				}
				for i < n && isSpace(s[i]) {
					i++
				}
				if at(s, i) != '=' {
					return "", fmt.Errorf("Expected equal sign in declaration of an attribute of the tag \"%s\" at byte offset %d", tag, begin)
				}
				i++
				for i < n && isSpace(s[i]) {
					i++
				}
				if i == n {
					return "", fmt.Errorf("Unclosed start tag at byte offset %d", begin)
				}
				if q := s[i]; q != '"' && q != '\'' {
					tokenBegin := i
					for i < n && (isAlnum(s[i]) || s[i] == '.' || s[i] == '-') {
						i++
					}
					if b := at(s, i); !isSpace(b) && b != '>' {
						return "", fmt.Errorf("Unexpected end of name token at byte offset %d", tokenBegin)
					}
				} else {
					i++
					for i < n && s[i] != q {
						i++
					}
					if i < n {
						i++
					}
				}
				if i == n {
					return "", fmt.Errorf("Unclosed start tag at byte offset %d", begin)
				}
			}
			i++ // '>'
			stack = append(stack, tag)
			continue
		}
		// end tag
		if len(stack) == 0 {
			return "", fmt.Errorf("Unexpected end tag at byte offset %d", begin)
		}
		i++
		for i < n && !isSpace(s[i]) && s[i] != '>' {
			i++
		}
		name := s[begin+2 : i]
		for i < n && isSpace(s[i]) {
			i++
		}
		if at(s, i) != '>' {
			return "", fmt.Errorf("Unclosed end tag at byte offset %d", begin)
		}
		i++
		open := stack[len(stack)-1]
		if name != "" && !strings.EqualFold(name, open) {
			return "", fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", begin, open, name)
		}
		stack = stack[:len(stack)-1]
	}
	if len(stack) > 0 {
		return "", fmt.Errorf("Can't find end tag corresponding to start tag \"%s\"", stack[len(stack)-1])
	}
	return out.String(), nil
}

// htmlEntity decodes the character reference at s[i] ('&'): &lt; &gt;
// &amp; &quot; and numeric ones, the ';' being optional. It returns 0 when
// there is none, and the index after it.
func htmlEntity(s string, i int) (rune, int) {
	end := i + 1
	var r rune
	if at(s, end) == '#' {
		end++
		if at(s, end) == 'x' {
			end++
			for {
				b := at(s, end)
				var d rune
				switch {
				case b >= '0' && b <= '9':
					d = rune(b - '0')
				case b >= 'a' && b <= 'f':
					d = rune(b-'a') + 10
				case b >= 'A' && b <= 'F':
					d = rune(b-'A') + 10
				default:
					d = -1
				}
				if d < 0 || r > utf8.MaxRune {
					break
				}
				r = r*16 + d
				end++
			}
		} else {
			for b := at(s, end); b >= '0' && b <= '9'; b = at(s, end) {
				if r <= utf8.MaxRune {
					r = r*10 + rune(b-'0')
				}
				end++
			}
		}
		if r == 0 || r >= 0x10ffff || end-i >= 10 {
			return 0, i
		}
	} else {
		for b := at(s, end); b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'; b = at(s, end) {
			end++
		}
		switch s[i+1 : end] {
		case "lt":
			r = '<'
		case "gt":
			r = '>'
		case "amp":
			r = '&'
		case "quot":
			r = '"'
		default:
			return 0, i
		}
	}
	if at(s, end) == ';' {
		end++
	}
	return r, end
}

type mdEntity struct {
	kind  string // as Telegram names it in errors: Bold, Italic, ...
	begin int    // byte offset of its opening mark
}

func reservedError(c byte) error {
	return fmt.Errorf("Character '%c' is reserved and must be escaped with the preceding '\\'", c)
}

func parseMarkdownV2(s string) (string, error) {
	var out strings.Builder
	var stack []mdEntity
	expandable := false // inside a "**>" expandable block quotation
	n := len(s)
	for i := 0; i < n; i++ {
		c := s[i]
		lineStart := i == 0 || s[i-1] == '\n'
		if lineStart && c != '>' && !strings.HasPrefix(s[i:], "**>") {
			expandable = false
		}
		if next := at(s, i+1); c == '\\' && next > 0 && next <= 126 {
			i++
			out.WriteByte(s[i])
			continue
		}
		reserved := "_*[]()~`>#+-=|{}.!"
		inCode := false
		if len(stack) > 0 {
			switch stack[len(stack)-1].kind {
			case "Code", "Pre":
				reserved, inCode = "`", true
			}
		}
		if !strings.ContainsRune(reserved, rune(c)) {
			out.WriteByte(c)
			continue
		}
		if !inCode && lineStart && strings.HasPrefix(s[i:], "**>") {
			expandable = true
			i += 2
			continue
		}
		if c == '>' && !inCode && lineStart {
			// block quotation mark at the start of a line
			continue
		}
		if c == '|' && expandable && at(s, i+1) == '|' && (at(s, i+2) == '\n' || i+2 == n) &&
			(len(stack) == 0 || stack[len(stack)-1].kind != "Spoiler") {
			// end of an expandable block quotation
			i++
			continue
		}
		isEnd := false
		if len(stack) > 0 {
			switch stack[len(stack)-1].kind {
			case "Bold":
				isEnd = c == '*'
			case "Italic":
				isEnd = c == '_' && at(s, i+1) != '_'
			case "Code":
				isEnd = c == '`'
			case "Pre":
				isEnd = c == '`' && at(s, i+1) == '`' && at(s, i+2) == '`'
			case "TextUrl", "CustomEmoji":
				isEnd = c == ']'
			case "Underline":
				isEnd = c == '_' && at(s, i+1) == '_'
			case "Strikethrough":
				isEnd = c == '~'
			case "Spoiler":
				isEnd = c == '|' && at(s, i+1) == '|'
			}
		}
		if !isEnd {
			e := mdEntity{begin: i}
			switch c {
			case '_':
				if at(s, i+1) == '_' {
					e.kind = "Underline"
					i++
				} else {
					e.kind = "Italic"
				}
			case '*':
				e.kind = "Bold"
			case '~':
				e.kind = "Strikethrough"
			case '|':
				if at(s, i+1) != '|' {
					return "", reservedError(c)
				}
				e.kind = "Spoiler"
				i++
			case '[':
				e.kind = "TextUrl"
			case '`':
				if at(s, i+1) == '`' && at(s, i+2) == '`' {
					e.kind = "Pre"
					i += 3
					i = skipPreLanguage(s, i)
					i--
				} else {
					e.kind = "Code"
				}
			case '!':
				if at(s, i+1) != '[' {
					return "", reservedError(c)
				}
				e.kind = "CustomEmoji"
				i++
			default:
				return "", reservedError(c)
			}
			stack = append(stack, e)
			continue
		}
		kind := stack[len(stack)-1].kind
		switch kind {
		case "Underline", "Spoiler":
			i++
		case "Pre":
			i += 2
		case "TextUrl", "CustomEmoji":
			if at(s, i+1) != '(' {
				if kind == "CustomEmoji" {
					return "", fmt.Errorf("Custom emoji entity must contain a tg://emoji URL")
				}
				break
			}
			i += 2
			urlBegin := i
			for i < n && s[i] != ')' {
				if next := at(s, i+1); s[i] == '\\' && next > 0 && next <= 126 {
					i++
				}
				i++
			}
			if at(s, i) != ')' {
				return "", fmt.Errorf("Can't find end of a URL at byte offset %d", urlBegin)
			}
		}
		stack = stack[:len(stack)-1]
	}
	if len(stack) > 0 {
		e := stack[len(stack)-1]
		return "", fmt.Errorf("Can't find end of %s entity at byte offset %d", e.kind, e.begin)
	}
	return out.String(), nil
}

// parseMarkdown parses the legacy Markdown parse mode.
func parseMarkdown(s string) (string, error) {
	var out strings.Builder
	n := len(s)
	for i := 0; i < n; i++ {
		c := s[i]
		if next := at(s, i+1); c == '\\' && (next == '_' || next == '*' || next == '`' || next == '[') {
			i++
			out.WriteByte(s[i])
			continue
		}
		if c != '_' && c != '*' && c != '`' && c != '[' {
			out.WriteByte(c)
			continue
		}
		begin := i
		end := c
		if c == '[' {
			end = ']'
		}
		i++
		pre := false
		if c == '`' && at(s, i) == '`' && at(s, i+1) == '`' {
			i += 2
			pre = true
			i = skipPreLanguage(s, i)
		}
		for i < n && (s[i] != end || pre && !(at(s, i+1) == '`' && at(s, i+2) == '`')) {
			out.WriteByte(s[i])
			i++
		}
		if i >= n {
			return "", fmt.Errorf("Can't find end of the entity starting at byte offset %d", begin)
		}
		if c == '[' && at(s, i+1) == '(' {
			i += 2
			for i < n && s[i] != ')' {
				i++
			}
		}
		if pre {
			i += 2
		}
	}
	return out.String(), nil
}
