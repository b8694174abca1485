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
	r, _ := utf8.DecodeRuneInString(norm)
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
	r, _ := utf8.DecodeRuneInString(norm)
	if !IsArabicLetter(r) {
		return dst
	}
	add := func(s string) {
		if RuneCount(s) < MinProcliticStem {
			return
		}
		for _, o := range dst[base:] {
			if o == s {
				return
			}
		}
		dst = append(dst, s)
	}
	for _, conj := range [...]string{"", "و", "ف"} {
		w1, ok := strings.CutPrefix(norm, conj)
		if !ok {
			continue
		}
		if conj != "" {
			if RuneCount(w1) < MinProcliticStem {
				continue
			}
			add(w1)
		}
		for _, prep := range [...]string{"", "ب", "ك", "ل"} {
			w2, ok := strings.CutPrefix(w1, prep)
			if !ok {
				continue
			}
			if prep != "" {
				if RuneCount(w2) < MinProcliticStem {
					continue
				}
				add(w2)
			}
			if prep == "ل" && strings.HasPrefix(w2, "ل") {
				// ل + ال → لل: the article without its alef.
				if w3 := w2[len("ل"):]; RuneCount(w3) >= MinProcliticStem {
					add("ال" + w3)
					add(w3)
				}
			}
			if w3, ok := strings.CutPrefix(w2, "ال"); ok {
				add(w3)
			}
		}
	}
	sortBySpecificity(dst[base:])
	return dst
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
// counted) counted inline; from the first other byte on it counts as utf8
// does. The stemmer and the tagger measure words with it.
func RuneCount(s string) int {
	n := 0
	for i := 0; i < len(s); {
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
