package arabic

import (
	"strings"
	"sync"
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
//   - Soft hyphens (U+00AD) between letters or digits of one script stay
//     inside the word and are dropped from Norm: "hy\u00ADphen\u00ADat\u00ADed"
//     is one word, hyphenated, spanning the soft hyphens.
//
// Tokens with nothing left after normalization (a lone tatweel, a stray
// mark) are dropped. Offsets are strictly increasing and non-overlapping.
// Invalid UTF-8 bytes are separators.
func Tokenize(s string) []Token {
	return AppendTokens(make([]Token, 0, len(s)/6), s)
}

// AppendTokens appends the tokens of s (see Tokenize) to dst and returns
// the extended slice, for callers that recycle their token buffers: the
// appended tokens are those Tokenize(s) returns.
func AppendTokens(dst []Token, s string) []Token {
	toks := dst
	// Norms that are not a substring of s are built in one buffer and cut
	// from one string at the end: one allocation for all of them instead
	// of one per word. owned[k] is the span in arena of token owned[k].tok.
	// Both buffers are recycled through tokenizePool: growing them anew
	// for every text was an eighth of Tokenize.
	tb := tokenizePool.Get().(*tokenizeBufs)
	arena, owned := tb.arena[:0], tb.owned[:0]
	addNorm := func(start, end int, norm []byte, same bool) {
		if same {
			toks = append(toks, Token{Norm: s[start:end], Start: start, End: end})
			return
		}
		if len(norm) == 0 {
			return
		}
		owned = append(owned, ownedNorm{tok: len(toks), from: len(arena), to: len(arena) + len(norm)})
		arena = append(arena, norm...)
		toks = append(toks, Token{Start: start, End: end})
	}
	scratch := tb.scratch[:0]
	i := 0
	for {
		// ASCII separators (spaces, punctuation) are most of what lies
		// between words: no ASCII byte but a letter or digit starts one.
		// They are passed over here rather than by going round the
		// outer loop, whose many variables cost more to carry.
		for i < len(s) && s[i] < utf8.RuneSelf && !isASCIILetterOrDigit(s[i]) {
			i++
		}
		if i >= len(s) {
			break
		}
		// The word's first rune: its size and script, and plain (see
		// below). An ASCII letter or digit (isWordStart) is of
		// scriptOther, a letter of the Arabic block (a two-byte sequence
		// D8–DB xx whose arabicBlock class is clsLetter) of scriptArabic,
		// as scriptOf would find; other runes are decoded.
		var size, script int
		var plain uint8
		switch c := s[i]; {
		case c < utf8.RuneSelf:
			size, script, plain = 1, scriptOther, asciiPlain[c]
		case c >= 0xD8 && c <= 0xDB && i+1 < len(s) && s[i+1]&0xC0 == 0x80 &&
			arabicBlock[int(c&0x03)<<6|int(s[i+1]&0x3F)]&clsLetter != 0:
			size, script, plain = 2, scriptArabic, arabicBlock[int(c&0x03)<<6|int(s[i+1]&0x3F)]&clsPlain
		default:
			r, sz := decodeRune(s, i)
			if r == utf8.RuneError && sz <= 1 || !isWordStart(r) {
				i += max(sz, 1)
				continue
			}
			size, script = sz, scriptOf(r)
			if c >= 0xD8 && c <= 0xDB && sz == 2 {
				plain = arabicBlock[int(c&0x03)<<6|int(s[i+1]&0x3F)] & clsPlain
			}
		}
		// An abbreviation has at least two letters, the first followed
		// by a dot (see abbreviation): no other word start can be one.
		if i+1 < len(s) && s[i+1] == '.' {
			if end, norm, ok := abbreviation(s, i, scratch[:0]); ok {
				scratch = norm
				addNorm(i, end, norm, false)
				i = end
				continue
			}
		}
		start := i
		j := i + size
		next := -1 // where to resume when a possessive 's is skipped
		// plain stays clsPlain while every rune of the word is one that
		// appendWordNorm's unchanged-prefix scan skips (an ASCII
		// lower-case letter or digit, an Arabic-block rune without fold
		// flags): the word is then its own Norm, known without scanning
		// it again. Any other rune clears it, and appendWordNorm decides.
	scan:
		for j < len(s) {
			// The ASCII case of the switch below: a letter or digit is of
			// scriptOther and continues a word of that script (or one
			// that has only marks so far); anything else but the
			// apostrophe ends the word.
			if c := s[j]; c < utf8.RuneSelf && c != '\'' {
				if !isASCIILetterOrDigit(c) {
					break scan
				}
				if script == scriptNone {
					script = scriptOther
				} else if script != scriptOther {
					break scan
				}
				plain &= asciiPlain[c]
				j++
				continue
			}
			// The Arabic block, two bytes D8–DB xx: a mark or a letter
			// settled by one look at arabicBlock. A mark continues any
			// word (the isMark case below); a letter of the block is an
			// Arabic letter (IsArabicLetter), so it continues a word of
			// scriptArabic or one with only marks so far (the
			// isLetterOrDigit case). Digits and the rest take the switch.
			if c := s[j]; c >= 0xD8 && c <= 0xDB && j+1 < len(s) && s[j+1]&0xC0 == 0x80 {
				cls := arabicBlock[int(c&0x03)<<6|int(s[j+1]&0x3F)]
				if cls&clsMark != 0 {
					plain &= cls
					j += 2
					continue
				}
				if cls&clsLetter != 0 {
					if script == scriptNone {
						script = scriptArabic
					} else if script != scriptArabic {
						break scan
					}
					plain &= cls
					j += 2
					continue
				}
			}
			plain = 0
			r2, sz2 := decodeRune(s, j)
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
			case r2 == softHyphen:
				// Soft hyphens (a run of them) inside a word, where a
				// letter or digit of its script follows, are part of it
				// and dropped from Norm, like ZWNJ.
				k := skipSoftHyphens(s, j)
				r3, _ := utf8.DecodeRuneInString(s[k:])
				if !isLetterOrDigit(r3) || scriptOf(r3) != script && script != scriptNone {
					break scan
				}
				j = k
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
		same := plain != 0
		if !same {
			scratch, same = appendWordNorm(scratch[:0], s[start:j])
		}
		addNorm(start, j, scratch, same)
		if next > 0 {
			j = next
		}
		i = j
	}
	if len(owned) > 0 {
		a := string(arena)
		for _, o := range owned {
			toks[o.tok].Norm = a[o.from:o.to]
		}
	}
	if cap(arena) <= maxPooledArena {
		tb.arena, tb.owned, tb.scratch = arena, owned, scratch
		tokenizePool.Put(tb)
	}
	return toks
}

// softHyphen is U+00AD SOFT HYPHEN, a format character (Cf) that marks
// where a word may be broken across lines: text set for print and feeds
// from German and English publishers carry it inside words
// ("hy\u00ADphen\u00ADat\u00ADed"), and it is invisible unless a line
// breaks there. A word keeps it inside (Start and End span it) and indexes
// as if it were not there.
const softHyphen = '\u00AD'

// skipSoftHyphens returns the offset after the soft hyphens (each two
// bytes, C2 AD) that start at s[i:].
func skipSoftHyphens(s string, i int) int {
	for i+1 < len(s) && s[i] == 0xC2 && s[i+1] == 0xAD {
		i += 2
	}
	return i
}

// tokenizeBufs are Tokenize's working buffers, kept in tokenizePool while
// they hold at most maxPooledArena bytes of norms.
type tokenizeBufs struct {
	arena   []byte
	owned   []ownedNorm
	scratch []byte // one word's norm
}

var tokenizePool = sync.Pool{New: func() any { return new(tokenizeBufs) }}

const maxPooledArena = 1 << 16

// ownedNorm places a token's Norm in Tokenize's arena.
type ownedNorm struct{ tok, from, to int }

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
	clsPlain // appendWordNorm keeps the rune as it is (its arabicFolds entry has no flags); set by init
)

// clsPlain is added to arabicBlock once both tables exist (arabicFolds is
// computed with isLetterOrDigit, which reads arabicBlock).
func init() {
	for i := range arabicBlock {
		if arabicFolds[i].flags == 0 {
			arabicBlock[i] |= clsPlain
		}
	}
}

// asciiPlain is clsPlain for the ASCII bytes appendWordNorm keeps as they
// are in a word: the lower-case letters and the digits.
var asciiPlain = func() (t [128]uint8) {
	for c := range t {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			t[c] = clsPlain
		}
	}
	return t
}()

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
// the end offset (after the last letter) and the folded letters, appended
// to buf.
func abbreviation(s string, i int, buf []byte) (end int, norm []byte, ok bool) {
	letters := buf
	j := i
	for j < len(s) && isASCIILetter(s[j]) {
		if j+1 < len(s) {
			r, _ := utf8.DecodeRuneInString(s[j+1:])
			if isLetterOrDigit(r) || isMark(r) || r == '\'' || r == '’' {
				return 0, nil, false // a longer word, not an initial
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
		return 0, nil, false
	}
	// A Latin letter or a digit right after the final dot means a host or
	// file name ("a.b.com"), not an abbreviation.
	if end+1 < len(s) && s[end] == '.' {
		r, _ := utf8.DecodeRuneInString(s[end+1:])
		if isLatinLetter(r) || r >= '0' && r <= '9' {
			return 0, nil, false
		}
	}
	return end, letters, true
}

func isASCIILetterOrDigit(c byte) bool { return asciiAlnum[c] }

// asciiAlnum marks the ASCII letters and digits: one load where the
// tokenizer's loops would test three ranges at every byte.
var asciiAlnum = func() (t [256]bool) {
	for c := range t {
		t[c] = isASCIILetter(byte(c)) || c >= '0' && c <= '9'
	}
	return t
}()

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// appendWordNorm appends wordNorm(w) to buf; same reports that it equals w
// (nothing is appended then). Words in the scripts news is written in —
// every rune one that needsNFKC passes: ASCII, Latin-1, the Arabic block —
// are folded rune by rune here, which is what Normalize does to them
// (NFKC cannot change them); other words go through wordNorm.
func appendWordNorm(buf []byte, w string) (out []byte, same bool) {
	// Most words are their own matching form already (Latin words in
	// lower case, Arabic words without harakat, hamza seats or teh
	// marbuta): it is found without copying the word. The prefix of runes
	// the loop below would append unchanged is skipped: ASCII lower-case
	// letters and digits, and runes of the Arabic block whose arabicFolds
	// entry has no flags (the loop appends out, which is then the rune
	// itself, encoded as the same two bytes, and changes nothing).
	k := 0
	for k < len(w) {
		c := w[k]
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			k++
			continue
		}
		if c >= 0xD8 && c <= 0xDB && k+1 < len(w) && w[k+1]&0xC0 == 0x80 && arabicFolds[(c&0x03)<<6|w[k+1]&0x3F].flags == 0 {
			k += 2
			continue
		}
		break
	}
	if k == len(w) {
		return buf, true
	}
	start := len(buf)
	buf = append(buf, w[:k]...)
	changed := false
	for i := k; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
				buf = append(buf, c)
			case c >= 'A' && c <= 'Z':
				buf = append(buf, c+'a'-'A')
				changed = true
			default:
				changed = true // not a letter or digit: dropped
			}
			i++
			continue
		}
		// The Arabic block, two bytes D8–DB xx, through arabicFolds: the
		// same steps as below, computed once per rune.
		if c >= 0xD8 && c <= 0xDB && i+1 < len(w) && w[i+1]&0xC0 == 0x80 {
			af := arabicFolds[(c&0x03)<<6|w[i+1]&0x3F]
			if af.flags&foldUnstable == 0 {
				i += 2
				if af.flags&foldDrop != 0 {
					changed = true
					continue
				}
				if af.flags&foldChanged != 0 {
					changed = true
				}
				// utf8.AppendRune, with the one- and two-byte encodings
				// written out.
				switch o := af.out; {
				case o < utf8.RuneSelf:
					buf = append(buf, byte(o))
				case o < 0x800:
					buf = append(buf, byte(0xC0|o>>6), byte(0x80|o&0x3F))
				default:
					buf = utf8.AppendRune(buf, rune(o))
				}
				continue
			}
		}
		r, size := decodeRune(w, i)
		i += size
		if nfkcUnstable(r) {
			buf = buf[:start]
			n := wordNorm(w)
			if n == w {
				return buf, true
			}
			return append(buf, n...), false
		}
		f, keep := foldRune(r)
		if !keep || !isLetterOrDigit(f) {
			changed = true
			continue
		}
		if f != r {
			changed = true
		}
		buf = utf8.AppendRune(buf, f)
	}
	if !changed {
		return buf[:start], true
	}
	return buf, false
}

// arabicFolds is what appendWordNorm does with each rune of the Arabic
// block (U+0600–06FF, indexed by r-0x0600), computed with the same
// functions it calls for other runes.
var arabicFolds = func() (t [256]arabicFold) {
	for i := range t {
		r := rune(0x0600 + i)
		f, keep := foldRune(r)
		switch {
		case nfkcUnstable(r):
			t[i].flags = foldUnstable
		case !keep || !isLetterOrDigit(f):
			t[i].flags = foldDrop
		default:
			t[i].out = uint16(f)
			if f != r {
				t[i].flags = foldChanged
			}
		}
	}
	return t
}()

type arabicFold struct {
	out   uint16 // the folded rune (folds of the block stay in it, or are ASCII digits)
	flags uint8
}

const (
	foldUnstable = 1 << iota // nfkcUnstable: the word goes through wordNorm
	foldDrop                 // removed from the matching form
	foldChanged              // out differs from the rune
)

// decodeRune is utf8.DecodeRuneInString(s[i:]) with the one- and two-byte
// sequences (ASCII, Latin-1, Arabic) decoded inline.
func decodeRune(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	if c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
		return rune(c&0x1F)<<6 | rune(s[i+1]&0x3F), 2
	}
	return utf8.DecodeRuneInString(s[i:])
}

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
