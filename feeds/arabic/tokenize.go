package arabic

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one word of a text.
type Token struct {
	// Norm is the word's matching form: Normalize of the original word with
	// everything but letters and digits dropped (apostrophes, the dots of an
	// abbreviation, stray combining marks). Never empty.
	Norm string
	// Start and End are byte offsets into the original text: s[Start:End] is
	// the word as written (with its harakat and tatweel), never cut inside a
	// UTF-8 sequence.
	Start, End int
}

// Tokenize splits s into word tokens, in order, with byte offsets into s so
// that callers can cut highlighted snippets from the original text.
//
// Word boundaries follow the spirit of the UAX #29 word rules with the
// changes a bilingual Arabic/English news text needs:
//
//   - A word is a run of letters and digits. Combining marks (the harakat),
//     the tatweel and ZWNJ/ZWJ between letters stay inside the word, so
//     كِتَابٌ and مـيـتـا are one word each.
//   - A change between Arabic script and anything else splits the run: a
//     Latin name glued to an Arabic proclitic (وGemini, لـOpenAI) gives
//     و + gemini, and Arabic letters glued to digits (لـ120) split too.
//     Latin letters and digits stay together: H20, 4o, Qwen3, 23H2.
//   - Punctuation splits, Arabic comma ، semicolon ؛ and question mark ؟
//     included; so does the hyphen: "GPT-4" is gpt + 4, "open-source" is
//     open + source, "Llama-4-Maverick" is llama + 4 + maverick. Searching
//     "open-source" therefore finds "open source" as a phrase.
//   - An apostrophe between Latin letters stays inside the word and is
//     dropped from Norm ("don't" → dont), except the possessive 's, which
//     ends the word before the apostrophe and is skipped: "OpenAI's" →
//     openai, with End before the apostrophe.
//   - Single Latin letters joined by dots form one abbreviation: "U.S." →
//     us, "A.I." → ai (End excludes the final dot). "xAI" is one word, xai.
//   - Decimal numbers split at the point: "2.2" → 2 + 2.
//
// Tokens with nothing left after normalization (a lone tatweel, a stray
// mark) are dropped. Offsets are strictly increasing and non-overlapping.
// Invalid UTF-8 bytes are separators.
func Tokenize(s string) []Token {
	toks := make([]Token, 0, len(s)/6)
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 || !isWordStart(r) {
			i += max(size, 1)
			continue
		}
		if end, norm, ok := abbreviation(s, i); ok {
			toks = append(toks, Token{Norm: norm, Start: i, End: end})
			i = end
			continue
		}
		start := i
		script := scriptOf(r)
		j := i + size
		next := -1 // where to resume when a possessive 's is skipped
	scan:
		for j < len(s) {
			r2, sz2 := utf8.DecodeRuneInString(s[j:])
			switch {
			case r2 == utf8.RuneError && sz2 <= 1:
				break scan
			case isMark(r2):
				j += sz2
			case r2 == 0x200C || r2 == 0x200D:
				// ZWNJ/ZWJ join only between letters of one script.
				r3, _ := utf8.DecodeRuneInString(s[j+sz2:])
				if !isLetterOrDigit(r3) || scriptOf(r3) != script && script != scriptNone {
					break scan
				}
				j += sz2
			case isLetterOrDigit(r2):
				sc := scriptOf(r2)
				if script == scriptNone {
					script = sc
				} else if sc != script {
					break scan
				}
				j += sz2
			case (r2 == '\'' || r2 == '’') && script == scriptOther:
				r3, sz3 := utf8.DecodeRuneInString(s[j+sz2:])
				if !isLatinLetter(r3) {
					break scan
				}
				if r3 == 's' || r3 == 'S' {
					r4, _ := utf8.DecodeRuneInString(s[j+sz2+sz3:])
					if j+sz2+sz3 >= len(s) || !isLetterOrDigit(r4) && !isMark(r4) {
						next = j + sz2 + sz3
						break scan
					}
				}
				j += sz2
			default:
				break scan
			}
		}
		if n := wordNorm(s[start:j]); n != "" {
			toks = append(toks, Token{Norm: n, Start: start, End: j})
		}
		if next > 0 {
			j = next
		}
		i = j
	}
	return toks
}

// Scripts as far as word boundaries care.
const (
	scriptNone   = iota // a combining mark with no base yet
	scriptArabic        // Arabic letters and tatweel
	scriptOther         // every other letter, and all digits
)

func scriptOf(r rune) int {
	switch {
	case IsArabicLetter(r):
		return scriptArabic
	case isMark(r):
		return scriptNone
	}
	return scriptOther
}

func isWordStart(r rune) bool { return isLetterOrDigit(r) || isMark(r) }

func isLetterOrDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	if r >= 0x0600 && r <= 0x06FF {
		return arabicBlock[r-0x0600]&(clsLetter|clsDigit) != 0
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isMark(r rune) bool {
	if r < 0x0300 {
		return false
	}
	if r >= 0x0600 && r <= 0x06FF {
		return arabicBlock[r-0x0600]&clsMark != 0
	}
	return unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me)
}

// Character classes of the Arabic block (U+0600–06FF), precomputed from the
// unicode tables because nearly every rune of an Arabic text is looked up.
const (
	clsLetter = 1 << iota
	clsDigit
	clsMark
)

var arabicBlock = func() (t [256]uint8) {
	for i := range t {
		r := rune(0x0600 + i)
		switch {
		case unicode.IsLetter(r):
			t[i] = clsLetter
		case unicode.IsDigit(r):
			t[i] = clsDigit
		case unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me):
			t[i] = clsMark
		}
	}
	return t
}()

func isLatinLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	return unicode.Is(unicode.Latin, r)
}

// abbreviation recognizes single Latin letters joined by dots at s[i:]
// ("U.S.", "A.I.", "e.g."): at least two letters, each followed by a dot
// except possibly the last, and no letter or digit right after. It returns
// the end offset (after the last letter) and the folded letters.
func abbreviation(s string, i int) (end int, norm string, ok bool) {
	var letters []byte
	j := i
	for j < len(s) && isASCIILetter(s[j]) {
		if j+1 < len(s) {
			r, _ := utf8.DecodeRuneInString(s[j+1:])
			if isLetterOrDigit(r) || isMark(r) || r == '\'' || r == '’' {
				return 0, "", false // a longer word, not an initial
			}
		}
		letters = append(letters, s[j]|0x20)
		end = j + 1
		if j+1 < len(s) && s[j+1] == '.' {
			j += 2
			continue
		}
		break
	}
	if len(letters) < 2 {
		return 0, "", false
	}
	// A Latin letter or a digit right after the final dot means a host or
	// file name ("a.b.com"), not an abbreviation.
	if end+1 < len(s) && s[end] == '.' {
		r, _ := utf8.DecodeRuneInString(s[end+1:])
		if isLatinLetter(r) || r >= '0' && r <= '9' {
			return 0, "", false
		}
	}
	return end, string(letters), true
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// wordNorm is Normalize restricted to letters and digits.
func wordNorm(w string) string {
	n := Normalize(w)
	for _, r := range n {
		if !isLetterOrDigit(r) {
			return strings.Map(func(r rune) rune {
				if isLetterOrDigit(r) {
					return r
				}
				return -1
			}, n)
		}
	}
	return n
}
