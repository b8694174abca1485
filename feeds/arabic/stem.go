package arabic

import (
	"strings"
	"unicode/utf8"
)

// Stem returns the light stem of one word already in matching form (a
// Token's Norm, or the result of Normalize), for search recall.
//
// An Arabic word is stemmed as Lucene's ArabicStemmer defines it, which
// implements the light8/light10 stemmer of Larkey, Ballesteros & Connell,
// "Light Stemming for Arabic Information Retrieval" (2007):
//
//   - at most one prefix is removed, the first of ال وال بال كال فال لل و
//     that matches, provided at least two letters remain (three for the
//     one-letter prefix و, i.e. the word has at least four letters);
//   - then the suffixes ها ان ات ون ين يه ية ه ة ي are tried in that order,
//     each removed when it matches and at least two letters remain.
//
// A Latin word is stemmed by the S-stemmer of Harman, "How effective is
// suffixing?" (JASIS 42(1), 1991), which removes plural endings only:
// -ies → -y (not after a or e), -es → -e (not after a, e, o), -s → "" (not
// after u or s). Words under four letters are left alone, so that AWS, gas
// and its keep their last letter.
//
// Any other word (digits, other scripts) is returned unchanged. Stem works
// on runes; the result is a prefix-and-suffix trimmed substring of norm.
func Stem(norm string) string {
	if norm == "" {
		return norm
	}
	r, _ := decodeRune(norm, 0)
	switch {
	case IsArabicLetter(r):
		return stemArabicSuffix(stemArabicPrefix(norm, RuneCount(norm)))
	case isLatinLetter(r):
		return sStem(norm)
	}
	return norm
}

// Prefixes and suffixes of Lucene's ArabicStemmer, in its order, with
// their lengths in runes.
var (
	lightPrefixes = affixes("ال", "وال", "بال", "كال", "فال", "لل", "و")
	lightSuffixes = affixes("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")
)

// suffixLastByte marks the last bytes of the light suffixes (affix.last).
var suffixLastByte = func() (t [256]bool) {
	for _, s := range lightSuffixes {
		t[s.last] = true
	}
	return t
}()

type affix struct {
	s string
	n int // runes
	// s[1] and s[len(s)-1]: a word that differs from the affix in that byte
	// cannot start (end) with it. Every affix is Arabic, two bytes a
	// letter, so s[1] tells its first letter apart where s[0] (D8 or D9)
	// would not.
	second, last byte
}

func affixes(list ...string) []affix {
	out := make([]affix, len(list))
	for i, s := range list {
		out[i] = affix{s, utf8.RuneCountInString(s), s[1], s[len(s)-1]}
	}
	return out
}

// stemArabicPrefix removes the first light prefix that fits from w, of n
// runes; it returns the rest and its length in runes.
func stemArabicPrefix(w string, n int) (string, int) {
	for _, p := range lightPrefixes {
		if p.n == 1 && n < 4 || n < p.n+2 {
			continue
		}
		if len(w) > 1 && w[1] == p.second && strings.HasPrefix(w, p.s) {
			return w[len(p.s):], n - p.n
		}
	}
	return w, n
}

// stemArabicSuffix removes the light suffixes that fit from w, of n runes.
func stemArabicSuffix(w string, n int) string {
	// A word whose last byte ends no light suffix keeps its end.
	if len(w) == 0 || !suffixLastByte[w[len(w)-1]] {
		return w
	}
	for _, s := range lightSuffixes {
		if n < s.n+2 {
			continue
		}
		if w[len(w)-1] == s.last && strings.HasSuffix(w, s.s) {
			w = w[:len(w)-len(s.s)]
			n -= s.n
		}
	}
	return w
}

// sStem is Harman's S-stemmer on a lower-case Latin word.
func sStem(w string) string {
	// Every rule below removes a final "s"; a word of under four bytes
	// has under four runes.
	if len(w) < 4 || w[len(w)-1] != 's' || utf8.RuneCountInString(w) < 4 {
		return w
	}
	// Harman's rules in order; the first whose exceptions do not apply wins.
	if strings.HasSuffix(w, "ies") && !strings.HasSuffix(w, "eies") && !strings.HasSuffix(w, "aies") {
		return w[:len(w)-3] + "y"
	}
	if strings.HasSuffix(w, "es") && !strings.HasSuffix(w, "aes") && !strings.HasSuffix(w, "ees") && !strings.HasSuffix(w, "oes") {
		return w[:len(w)-1]
	}
	if strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "ss") {
		return w[:len(w)-1]
	}
	return w
}

// MinProcliticStem is the fewest letters (runes) StripProclitics leaves.
const MinProcliticStem = 3

// StripProclitics returns the forms of an Arabic word (in matching form)
// with its proclitics removed, for matching tag rules, most specific first:
// the word itself, then the forms with more and more proclitics removed.
// Suffixes are never touched, unlike Stem.
//
// The proclitics are those of Arabic orthography that attach to the next
// word, in their only possible order: a conjunction (و "and", ف "so"), then
// a preposition (ب "with", ك "like", ل "for"), then the article ال; after ل
// the article's alef is dropped (لل, as in للذكاء = ل + الذكاء), and for
// that form both الذكاء and ذكاء are returned. These are the prefix
// combinations of Larkey et al. (2007) light10 (و ال وال بال كال فال لل),
// generalised to every combination, without stripping suffixes.
//
// A form is returned only if at least MinProcliticStem letters remain, so
// short words are not destroyed (ولد stays; وكتاب gives كتاب). A word that
// does not start with an Arabic letter is returned alone.
func StripProclitics(norm string) []string {
	return AppendProclitics(nil, norm)
}

// AppendProclitics appends the forms StripProclitics(norm) returns to dst
// and returns the extended slice (dst[len(dst):] holds exactly those
// forms, in the same order), so that a caller analyzing many words can keep
// their forms in one reused buffer instead of a slice per word.
func AppendProclitics(dst []string, norm string) []string {
	base := len(dst)
	dst = append(dst, norm)
	if norm == "" {
		return dst
	}
	if r, _ := decodeRune(norm, 0); !IsArabicLetter(r) || !mayStartProclitic(r) {
		// A word starting with none of و ف ب ك ل and the alef of ال has
		// no proclitic to remove.
		return dst
	}
	// Each proclitic is one Arabic letter (one rune, two bytes in UTF-8)
	// and the article ال two: cutting one off the front of a string
	// lowers its rune count by as many (what follows decodes as before),
	// so the word's runes are counted once, not once per form.
	n := RuneCount(norm)
	for ci := range len(conjunctions) {
		conj := conjunctions[ci]
		w1, n1 := norm, n
		if ci > 0 {
			if !strings.HasPrefix(norm, conj) {
				continue
			}
			w1, n1 = norm[len(conj):], n-1
			if n1 < MinProcliticStem {
				continue
			}
			dst = addProcliticForm(dst, base, w1, n1)
		}
		for pi := range len(prepositions) {
			prep := prepositions[pi]
			w2, n2 := w1, n1
			if pi > 0 {
				if !strings.HasPrefix(w1, prep) {
					continue
				}
				w2, n2 = w1[len(prep):], n1-1
				if n2 < MinProcliticStem {
					continue
				}
				dst = addProcliticForm(dst, base, w2, n2)
			}
			if prep == "ل" && strings.HasPrefix(w2, "ل") {
				// ل + ال → لل: the article without its alef.
				if w3, n3 := w2[len("ل"):], n2-1; n3 >= MinProcliticStem {
					dst = addProcliticForm(dst, base, "ال"+w3, n3+2)
					dst = addProcliticForm(dst, base, w3, n3)
				}
			}
			if strings.HasPrefix(w2, "ال") {
				dst = addProcliticForm(dst, base, w2[len("ال"):], n2-2)
			}
		}
	}
	sortBySpecificity(dst[base:])
	return dst
}

// The proclitics of AppendProclitics, in the order it removes them, each
// list after "" (none). Package-level arrays: ranging over a composite
// literal copied it onto the stack at every loop.
var (
	conjunctions = [...]string{"", "و", "ف"}
	prepositions = [...]string{"", "ب", "ك", "ل"}
)

// mayStartProclitic reports whether r is the first letter of a proclitic
// of AppendProclitics (a conjunction, a preposition or the article ال).
func mayStartProclitic(r rune) bool {
	return r == 'و' || r == 'ف' || r == 'ب' || r == 'ك' || r == 'ل' || r == 'ا'
}

// addProcliticForm appends form s, of n runes, to dst unless it has under
// MinProcliticStem runes or dst[base:] holds it already.
func addProcliticForm(dst []string, base int, s string, n int) []string {
	if n < MinProcliticStem {
		return dst
	}
	for _, o := range dst[base:] {
		if o == s {
			return dst
		}
	}
	return append(dst, s)
}

// sortBySpecificity orders forms longest first (fewest letters removed),
// keeping the original word first; stable for equal lengths.
func sortBySpecificity(forms []string) {
	for i := 2; i < len(forms); i++ {
		for j := i; j > 1 && len(forms[j]) > len(forms[j-1]); j-- {
			forms[j], forms[j-1] = forms[j-1], forms[j]
		}
	}
}

// RuneCount is utf8.RuneCountInString(s), in runes, with the one- and
// two-byte sequences (ASCII, Latin-1, Arabic: nearly all the words
// counted) counted inline, eight bytes at once where it can; from the
// first other byte on it counts as utf8 does. The stemmer and the tagger
// measure words with it.
func RuneCount(s string) int {
	n := 0
	for i := 0; i < len(s); {
		// Eight bytes at a time while they are ASCII or four two-byte
		// runes (lead bytes C2–DF, each followed by a continuation byte),
		// what utf8 counts as eight runes or four.
		if i+8 <= len(s) {
			x := le64(s, i)
			if x&0x8080808080808080 == 0 {
				n, i = n+8, i+8
				continue
			}
			// Leads 110xxxxx at the even bytes, continuations 10xxxxxx
			// at the odd ones; a lead's bits 1–4 not all zero (no C0 or
			// C1): adding 7F to them (at most 1E) sets their byte's top
			// bit exactly when they are not zero.
			if x&0xC0E0C0E0C0E0C0E0 == 0x80C080C080C080C0 &&
				(x&0x001E001E001E001E+0x007F007F007F007F)&0x0080008000800080 == 0x0080008000800080 {
				n, i = n+4, i+8
				continue
			}
		}
		c := s[i]
		switch {
		case c < utf8.RuneSelf:
			i++
		case c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			i += 2
		default:
			return n + utf8.RuneCountInString(s[i:])
		}
		n++
	}
	return n
}

// le64 is the little-endian uint64 of s[i:i+8] (RuneCount and
// countScripts read eight bytes at a time with it); i+8 <= len(s). The
// compiler merges the byte loads into one.
func le64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}
