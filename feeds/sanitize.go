package feeds

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The sanitizer is the one gate between text from a feed (a stranger) and
// the user's terminal. Every text field of an Item and of Meta passes it
// before it is stored; `nashra bidi` and the UI use it for typed text.
//
// Sources for the sequences removed: ECMA-48 (5th ed.) §5.3–5.6 (ESC, CSI,
// control strings DCS/OSC/SOS/PM/APC terminated by ST) and §8.3.89 (ST);
// xterm's ctlseqs (OSC terminated by BEL, OSC 8 hyperlinks, OSC 52 clipboard);
// Unicode UAX #9 §2 (explicit embedding, override and isolate formatting
// characters; implicit marks LRM, RLM, ALM); Trojan Source (CVE-2021-42574).

// isBidiFormatting reports the characters of UAX #9 §2 that reorder the
// text around them or mark a direction: the explicit embeddings and
// overrides (U+202A–U+202E), the isolates (U+2066–U+2069) and the implicit
// marks LRM, RLM and ALM (U+200E, U+200F, U+061C). A name that is one word
// (a user's tag) needs none of them.
func isBidiFormatting(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C
}

// StripBidiFormatting returns s without the characters isBidiFormatting
// reports (s itself when it has none).
func StripBidiFormatting(s string) string {
	if !strings.ContainsFunc(s, isBidiFormatting) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isBidiFormatting(r) {
			return -1
		}
		return r
	}, s)
}

// SanitizeText returns s made safe to draw in a terminal, for multi-line
// fields (article bodies):
//
//   - bytes that are not valid UTF-8 become U+FFFD, one per byte;
//   - escape sequences are removed whole: CSI (ESC [ or U+009B, parameters,
//     intermediates, final byte), control strings OSC (ESC ] / U+009D,
//     including OSC 8 links and OSC 52 clipboard writes), DCS (ESC P /
//     U+0090), SOS (ESC X / U+0098), PM (ESC ^ / U+009E) and APC (ESC _ /
//     U+009F) up to their terminator (ST = ESC \ or U+009C, or BEL, CAN, SUB,
//     ESC, or a newline when the string is unterminated), two- and
//     three-byte ESC sequences (ESC 7, ESC c, ESC ( B …), and a lone ESC;
//   - other C0 controls, DEL and C1 controls (U+0080–U+009F) are removed,
//     except: tab and newline are kept; CR, CR LF, VT, FF and NEL (U+0085)
//     become a newline;
//   - U+2028 LINE SEPARATOR becomes "\n" and U+2029 PARAGRAPH SEPARATOR
//     "\n\n";
//   - bidi embeddings, overrides and isolates (U+202A–U+202E,
//     U+2066–U+2069) are removed; the implicit marks LRM (U+200E), RLM
//     (U+200F) and ALM (U+061C) are kept;
//   - invisible characters with no place in displayed text are removed:
//     U+FEFF (BOM / zero-width no-break space), the deprecated format
//     characters U+206A–U+206F, interlinear annotation U+FFF9–U+FFFB and the
//     noncharacters U+FFFE/U+FFFF.
//
// Everything else, including spaces, ZWJ/ZWNJ (needed by Arabic and Persian
// and by emoji) and harakat, is kept as is. The result is valid UTF-8, and
// SanitizeText(SanitizeText(s)) == SanitizeText(s).
func SanitizeText(s string) string {
	return sanitize(s, false)
}

// SanitizeLine is SanitizeText for single-line fields (titles, feed names,
// authors, URLs, MIME types): in addition, LRM, RLM and ALM are removed,
// every white-space character (tab, newlines, U+2028/2029, NBSP and the other
// Unicode White_Space characters) becomes a space, runs of spaces collapse
// to one, and leading and trailing spaces are trimmed.
func SanitizeLine(s string) string {
	return sanitize(s, true)
}

// isPlainASCII reports whether s has only printable ASCII and no doubled
// spaces: such a line needs no change from SanitizeLine but trimming.
func isPlainASCII(s string) bool {
	// Eight bytes at a time: all printable, and no two spaces in a row
	// within the word or across its start (doubleSpace).
	i := 0
	prevSpace := false
	for ; i+8 <= len(s); i += 8 {
		w := load64(s, i)
		if !printableASCII8(w) {
			return false
		}
		var double bool
		if double, prevSpace = doubleSpace(w, prevSpace); double {
			return false
		}
	}
	for ; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || c == ' ' && i > 0 && s[i-1] == ' ' {
			return false
		}
	}
	return true
}

// cleanPrefix returns the length of the longest prefix of s that the
// rune loop of sanitize (sanitizeFrom) copies unchanged and after which it
// carries no state but what it wrote; len(s) when sanitize returns s as is.
//
// A prefix is copied unchanged when it is valid UTF-8 and has none of the
// characters sanitize removes or replaces — no control character but, for
// text, tab and newline; no C1 control; none of U+2028–U+202E (separators,
// embeddings, overrides), U+2066–U+206F (isolates, deprecated format
// characters), U+FEFF or U+FFF9–U+FFFF (a superset of the removed specials;
// U+FFFC and U+FFFD then take the rune loop, which keeps them); and, for a
// line, no LRM/RLM/ALM and no white space but single spaces between
// visible characters. For a line the prefix also does not end in a space,
// so that no space is owed when the rune loop takes over.
func cleanPrefix(s string, line bool) int {
	if !line {
		return cleanTextPrefix(s)
	}
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f || c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ') {
				break
			}
			i++
			continue
		}
		// A valid two-byte rune led by C3–DF (U+00C0–U+07FF: accented
		// Latin, Greek, Cyrillic, Hebrew, Arabic) passes every test below
		// but ALM (U+061C, D8 9C): it has no white space.
		if c >= 0xC3 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80 && (c != 0xD8 || s[i+1] != 0x9C) {
			i += 2
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 ||
			r <= 0x9f ||
			r >= 0x2028 && r <= 0x202e ||
			r >= 0x2066 && r <= 0x206f ||
			r == 0xfeff ||
			r >= 0xfff9 && r <= 0xffff ||
			r == 0x200e || r == 0x200f || r == 0x061c || isSpaceRune(r) {
			break
		}
		i += size
	}
	// A single space before the character that stopped the scan (a
	// Unicode space, a removed character) is left to the rune loop: it is
	// owed, not yet written, when that character is reached. The character
	// before it is not a space (two spaces stop the scan at the first).
	if i < len(s) && i > 0 && s[i-1] == ' ' {
		i--
	}
	return i
}

// isSpaceRune is unicode.IsSpace without the table search for the runes
// from U+0100 to U+167F, none of which is White_Space (Unicode
// PropList.txt: above U+00FF the first is U+1680).
func isSpaceRune(r rune) bool {
	return (r < 0x100 || r >= 0x1680) && unicode.IsSpace(r)
}

// cleanTextPrefix is cleanPrefix(s, false), testing bytes instead of
// decoding runes where it can. In valid UTF-8 every rune cleanPrefix stops
// at has an encoding the loop recognizes: a byte below 0x20 or 0x7F is that
// control character; C1 controls are C2 80–C2 9F; U+2028–U+202E are
// E2 80 A8–AE; U+2066–U+206F are E2 81 A6–AF; U+FEFF is EF BB BF;
// U+FFF9–U+FFFF are EF BF B9–BF. Any other byte sequence encodes some other
// rune. When the prefix found is not valid UTF-8, it is empty.
//
// The scan and the validation are one pass (it was a byte scan followed by
// utf8.ValidString of the prefix, which TestSinglePassScans keeps as the
// reference): the prefix is invalid exactly when the pass meets a byte that
// does not start a valid rune before it stops, and the byte tests above
// stop at such a byte only as C2 before an ASCII byte or as EF BF before a
// byte from C0 up (the E2 and EF BB sequences they stop at are valid
// runes). A word of eight printable ASCII bytes needs no byte test.
func cleanTextPrefix(s string) int {
	i := 0
	for i < len(s) {
		if i+8 <= len(s) && printableASCII8(load64(s, i)) {
			i += 8
			continue
		}
		// Byte by byte up to the next word (a rune may end past it).
		for end := min(i+8, len(s)); i < end; {
			c := s[i]
			if c < utf8.RuneSelf {
				if c >= 0x20 && c < 0x7f || c == '\t' || c == '\n' {
					i++
					continue
				}
				return i
			}
			// Valid two-byte runes but those led by C2 (among them the C1
			// controls C2 80–C2 9F) need no test.
			if n := twoByteRun(s, i, 0xC3); n > i {
				i = n
				continue
			}
			if c == 0xC2 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
				// A valid two-byte rune; C2 80–C2 9F are the C1 controls.
				if s[i+1] <= 0x9F {
					return i
				}
				i += 2
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				// The byte tests stop at some invalid sequences: C2
				// before an ASCII byte, EF BF before a byte from C0 up.
				if c == 0xC2 && i+1 < len(s) && s[i+1] <= 0x9F ||
					c == 0xEF && i+2 < len(s) && s[i+1] == 0xBF && s[i+2] >= 0xB9 {
					return i
				}
				return 0
			}
			if r >= 0x2028 && r <= 0x202E || r >= 0x2066 && r <= 0x206F || r == 0xFEFF || r >= 0xFFF9 && r <= 0xFFFF {
				return i
			}
			i += size
		}
	}
	return i
}

func sanitize(s string, line bool) string {
	if line && isPlainASCII(s) {
		return strings.Trim(s, " ")
	}
	n := cleanPrefix(s, line)
	if n == len(s) {
		return s
	}
	return sanitizeFrom(s, n, line)
}

// sanitizeFrom is sanitize for s whose first n bytes (see cleanPrefix)
// are known to come through unchanged: they are copied, and the rune loop
// starts after them (n = 0: the whole rune loop).
func sanitizeFrom(s string, n int, line bool) string {
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:n])
	pendingSpace := false // line mode: a space is owed before the next visible rune
	emit := func(r rune) {
		if line {
			if pendingSpace && b.Len() > 0 {
				b.WriteByte(' ')
			}
			pendingSpace = false
		}
		b.WriteRune(r)
	}
	space := func() { // white space in line mode
		pendingSpace = true
	}
	for i := n; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			if line && c == ' ' {
				space()
			} else {
				emit(rune(c))
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			emit(utf8.RuneError)
			i++
			continue
		}
		switch {
		case r == 0x1b: // ESC
			i = skipEscape(s, i+1, false)
			continue
		case r == 0x9b: // C1 CSI
			i = skipCSI(s, i+size, false)
			continue
		case r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f: // OSC DCS SOS PM APC
			i = skipControlString(s, i+size, false)
			continue
		case r == '\t':
			if line {
				space()
			} else {
				b.WriteByte('\t')
			}
		case r == '\n' || r == '\v' || r == '\f' || r == 0x85:
			if line {
				space()
			} else {
				b.WriteByte('\n')
			}
		case r == '\r':
			if line {
				space()
			} else {
				b.WriteByte('\n')
				if i+1 < len(s) && s[i+1] == '\n' {
					i++
				}
			}
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			// other C0, DEL, other C1: removed
		case r == 0x2028:
			if line {
				space()
			} else {
				b.WriteByte('\n')
			}
		case r == 0x2029:
			if line {
				space()
			} else {
				b.WriteString("\n\n")
			}
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			// bidi embeddings, overrides, isolates: removed everywhere
		case r == 0x200e || r == 0x200f || r == 0x061c:
			if !line {
				b.WriteRune(r)
			}
		case r == 0xfeff, r >= 0x206a && r <= 0x206f, r >= 0xfff9 && r <= 0xfffb, r == 0xfffe, r == 0xffff:
			// invisible format characters and noncharacters: removed
		case line && unicode.IsSpace(r):
			space()
		default:
			emit(r)
		}
		i += size
	}
	return b.String()
}

// skipEscape returns the index just past the escape sequence whose ESC ended
// at i (ECMA-48 §5.3: ESC, intermediate bytes 0x20–0x2F, final byte
// 0x30–0x7E; ESC [ starts CSI; ESC ] P X ^ _ start control strings). A lone
// ESC followed by anything else is removed alone. With inMarkup (raw XML
// documents), a sequence never swallows a '<', so that markup survives.
func skipEscape(s string, i int, inMarkup bool) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1, inMarkup)
	case ']', 'P', 'X', '^', '_':
		return skipControlString(s, i+1, inMarkup)
	}
	j := i
	for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f {
		j++
	}
	if j < len(s) && s[j] >= 0x30 && s[j] <= 0x7e && !(inMarkup && s[j] == '<') {
		return j + 1
	}
	// Not a complete sequence: drop the ESC (and any intermediates, which
	// are plain punctuation and harmless either way) — keep what follows.
	return i
}

// skipCSI returns the index past a control sequence whose introducer ended at
// i: parameter bytes 0x30–0x3F, intermediate bytes 0x20–0x2F, then one final
// byte 0x40–0x7E (ECMA-48 §5.4). A sequence cut short by any other byte ends
// before that byte.
func skipCSI(s string, i int, inMarkup bool) int {
	for i < len(s) && s[i] >= 0x30 && s[i] <= 0x3f && !(inMarkup && s[i] == '<') {
		i++
	}
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipControlString returns the index past a control string (OSC, DCS, SOS,
// PM, APC) whose introducer ended at i. It ends at ST (ESC \ or U+009C) or
// BEL, which are consumed; at CAN or SUB, which abort it and are consumed; at
// ESC not followed by '\', which starts a new sequence; or, when the string
// is unterminated, at a newline (kept) or the end of s, so that a stray
// introducer cannot swallow more than the rest of its line.
func skipControlString(s string, i int, inMarkup bool) int {
	for i < len(s) {
		switch c := s[i]; c {
		case '<':
			if inMarkup {
				return i
			}
		case 0x07, 0x18, 0x1a:
			return i + 1
		case 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i
		case '\n', '\r':
			return i
		case 0xc2:
			if i+1 < len(s) && s[i+1] == 0x9c { // U+009C ST
				return i + 2
			}
		}
		i++
	}
	return i
}
