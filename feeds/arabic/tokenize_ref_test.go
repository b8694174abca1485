package arabic

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// appendTokensRef is AppendTokens as it was before its word-start and
// plain-word fast paths (commit 73dfa76, its buffers not pooled), with
// the later rule that soft hyphens stay inside a word: the reference
// TestAppendTokensMatchesRef and FuzzTokenizeFastPaths hold the fast paths
// to.
func appendTokensRef(dst []Token, s string) []Token {
	toks := dst
	// Norms that are not a substring of s are built in one buffer and cut
	// from one string at the end: one allocation for all of them instead
	// of one per word. owned[k] is the span in arena of token owned[k].tok.
	// Both buffers are recycled through tokenizePool: growing them anew
	// for every text was an eighth of Tokenize.
	var arena []byte
	var owned []ownedNorm
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
	var scratch []byte
	i := 0
	for i < len(s) {
		// ASCII separators (spaces, punctuation) are most of what lies
		// between words: no ASCII byte but a letter or digit starts one.
		if c := s[i]; c < utf8.RuneSelf && !isASCIILetterOrDigit(c) {
			i++
			continue
		}
		r, size := decodeRune(s, i)
		if r == utf8.RuneError && size <= 1 || !isWordStart(r) {
			i += max(size, 1)
			continue
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
		script := scriptOf(r)
		j := i + size
		next := -1 // where to resume when a possessive 's is skipped
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
					j += 2
					continue
				}
				if cls&clsLetter != 0 {
					if script == scriptNone {
						script = scriptArabic
					} else if script != scriptArabic {
						break scan
					}
					j += 2
					continue
				}
			}
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
				k := j + sz2
				for strings.HasPrefix(s[k:], "\u00ad") {
					k += len("\u00ad")
				}
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
		var same bool
		scratch, same = appendWordNorm(scratch[:0], s[start:j])
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
	return toks
}

// randomText joins random words of fastPathRunes with separators that
// matter to the tokenizer: spaces, dots, apostrophes, hyphens, newlines.
func randomText(r *rand.Rand) string {
	seps := []string{" ", " ", ". ", ".", "'", "’s ", "-", "\n", "، ", ""}
	var b strings.Builder
	for n := 1 + r.IntN(6); n > 0; n-- {
		b.WriteString(randomWord(r))
		b.WriteString(seps[r.IntN(len(seps))])
	}
	return b.String()
}

// TestAppendTokensMatchesRef checks AppendTokens against appendTokensRef
// on random texts, appended to a non-empty slice.
func TestAppendTokensMatchesRef(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 200000 {
		s := randomText(r)
		checkTokensRef(t, s)
	}
}

func checkTokensRef(t *testing.T, s string) {
	t.Helper()
	head := []Token{{Norm: "x", Start: 0, End: 1}}
	got := AppendTokens(slices.Clone(head), s)
	want := appendTokensRef(slices.Clone(head), s)
	if !slices.Equal(got, want) {
		t.Fatalf("AppendTokens(%q) = %v, want %v", s, got[1:], want[1:])
	}
}
