// Package arabic is nashra's one text analyzer, shared by the tagger and the
// search index: script and language detection, Arabic normalization for
// matching, tokenization with offsets into the original text, and light
// stemming.
package arabic

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Script counts of the letters in a text.
type scriptCounts struct {
	arabic, hebrew, latin, other int
	persian, urdu                int // letters specific to Persian / Urdu orthography
}

func countScripts(s string) scriptCounts {
	// n counts runes by letterKind; kinds make the loop one table lookup
	// and one increment per rune.
	var n [numKinds]int
	for i := 0; i < len(s); {
		// Eight ASCII bytes at a time: the ASCII letters are kLatin, the
		// other ASCII bytes kNone. With the 0x20 bit set a letter's byte
		// is in 'a'–'z' (and no other ASCII byte is), which is tested in
		// every byte at once: adding 0x1F sets the high bit of a byte from
		// 'a' (0x61) up, adding 0x05 of one from '{' (0x7B) up, without a
		// carry out of any byte below 0x80.
		if i+8 <= len(s) {
			w := le64(s, i)
			if w&swarHigh == 0 {
				x := w | 0x20*swarOnes
				letters := (x + 0x1F*swarOnes) &^ (x + 0x05*swarOnes) & swarHigh
				n[kLatin] += int((letters >> 7) * swarOnes >> 56)
				i += 8
				continue
			}
		}
		// Rune by rune up to the next word (a rune may end past it).
		for end := min(i+8, len(s)); i < end; {
			b := s[i]
			if b < utf8.RuneSelf {
				n[letterKind[b]]++
				i++
				continue
			}
			// Decoded as ranging over s would: a lead byte C2–DF and a
			// continuation byte are always a valid two-byte rune (Latin,
			// Greek, Cyrillic, Hebrew, Arabic), decoded here inline.
			// A run of them is counted in a loop of its own (Arabic words).
			if b >= 0xC2 && b <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
				for {
					r := rune(b&0x1F)<<6 | rune(s[i+1]&0x3F)
					if r < rune(len(letterKind)) {
						n[letterKind[r]]++
					} else {
						n[scriptKind(r)]++
					}
					i += 2
					if i+1 >= len(s) {
						break
					}
					if b = s[i]; b < 0xC2 || b > 0xDF || s[i+1]&0xC0 != 0x80 {
						break
					}
				}
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			if r < rune(len(letterKind)) {
				n[letterKind[r]]++ // the common case, by table
			} else {
				n[scriptKind(r)]++
			}
		}
	}
	return scriptCounts{
		arabic:  n[kArabic] + n[kPersian] + n[kUrdu],
		hebrew:  n[kHebrew],
		latin:   n[kLatin],
		other:   n[kOther],
		persian: n[kPersian],
		urdu:    n[kUrdu],
	}
}

// Kinds of rune counted by countScripts: not a letter, a letter of each
// script told apart, with the Arabic letters specific to Persian or to
// Urdu orthography apart from the other Arabic ones.
const (
	kNone = iota // not a letter
	kLatin
	kArabic
	kPersian // Arabic letters of Persian orthography: پ چ ژ گ ی ک
	kUrdu    // Arabic letters of Urdu orthography: ٹ ڈ ڑ ں ے ھ ہ
	kHebrew
	kOther
	numKinds
)

// scriptKind returns the kind of r by the unicode tables, Persian and Urdu
// letters counted as kArabic.
func scriptKind(r rune) uint8 {
	switch {
	case !unicode.IsLetter(r):
		return kNone
	case unicode.Is(unicode.Arabic, r):
		return kArabic
	case unicode.Is(unicode.Hebrew, r):
		return kHebrew
	case unicode.Is(unicode.Latin, r):
		return kLatin
	}
	return kOther
}

// letterKind is the kind of each rune below U+0700 (Latin, Greek,
// Cyrillic, Hebrew, Arabic, and all Persian and Urdu letters), looked up
// instead of searching the unicode tables for the text news is written in.
var letterKind = func() (t [0x0700]uint8) {
	for i := range t {
		t[i] = scriptKind(rune(i))
		if t[i] != kArabic {
			continue
		}
		switch rune(i) {
		case 'پ', 'چ', 'ژ', 'گ', 'ی', 'ک':
			t[i] = kPersian
		case 'ٹ', 'ڈ', 'ڑ', 'ں', 'ے', 'ھ', 'ہ':
			t[i] = kUrdu
		}
	}
	return t
}()

// DetectLang returns the ISO 639-1 code of the language text is written in,
// decided from the script of its letters, with hint (a feed's <language>
// value such as "ar", "ar-EG", "en-us", "fa_IR"; may be "") used where the
// script allows several languages. It returns "" when text has no letters and
// the hint is empty.
//
// Arabic script gives "ar", "fa" or "ur" (the hint decides when it names one
// of them; otherwise letters specific to Persian or Urdu orthography decide),
// Hebrew script "he", Latin script the hint's language when the hint names a
// Latin-script language, else "en". A hint that contradicts the script (an
// "ar" feed whose item is all Latin letters) is ignored.
func DetectLang(text, hint string) string {
	return detectLang(countScripts(text), hint)
}

// DetectLangTexts is DetectLang of texts joined by newlines (an item's
// title and content), without joining them: the script counts of the
// parts add up to those of the joined text, a newline being no letter.
func DetectLangTexts(hint string, texts ...string) string {
	var c scriptCounts
	for _, t := range texts {
		p := countScripts(t)
		c.arabic += p.arabic
		c.hebrew += p.hebrew
		c.latin += p.latin
		c.other += p.other
		c.persian += p.persian
		c.urdu += p.urdu
	}
	return detectLang(c, hint)
}

// detectLang decides DetectLang from the script counts of the text.
func detectLang(c scriptCounts, hint string) string {
	h := normalizeHint(hint)
	total := c.arabic + c.hebrew + c.latin + c.other
	if total == 0 {
		return h
	}
	switch {
	case c.arabic > 0 && c.arabic*3 >= total:
		// An Arabic-script text, even with Latin product names inside.
		switch h {
		case "ar", "fa", "ur", "ps", "ku", "sd", "ug":
			return h
		}
		if c.urdu > 2 && c.urdu >= c.persian {
			return "ur"
		}
		if c.persian > 2 {
			return "fa"
		}
		return "ar"
	case c.hebrew > 0 && c.hebrew*3 >= total:
		if h == "yi" {
			return h
		}
		return "he"
	case c.latin >= c.other:
		if h != "" && !IsRTLLang(h) && !nonLatinLang[h] {
			return h
		}
		return "en"
	}
	return h
}

// nonLatinLang lists common languages written in neither Latin nor a
// right-to-left script, so that their hint is not applied to Latin text.
var nonLatinLang = map[string]bool{
	"ru": true, "uk": true, "bg": true, "sr": true, "el": true, "zh": true, "ja": true,
	"ko": true, "hi": true, "th": true, "ka": true, "hy": true,
}

// IsRTLLang reports whether the ISO 639-1 code names a language written right
// to left (Arabic, Persian, Urdu, Pashto, Sindhi, Kurdish (Sorani), Uyghur,
// Hebrew, Yiddish, Divehi).
func IsRTLLang(lang string) bool {
	switch normalizeHint(lang) {
	case "ar", "fa", "ur", "ps", "sd", "ku", "ug", "he", "yi", "dv":
		return true
	}
	return false
}

// HasRTLLetters reports whether s contains a letter of a right-to-left
// script (Arabic, Hebrew, Syriac, Thaana, NKo).
func HasRTLLetters(s string) bool {
	for _, r := range s {
		if r >= 0x0590 && r <= 0x08FF || r >= 0xFB1D && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF {
			if unicode.IsLetter(r) {
				return true
			}
		}
	}
	return false
}

// normalizeHint reduces a language tag ("ar-EG", "EN_us", " fa ") to its
// lower-case primary subtag.
func normalizeHint(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	if i := strings.IndexAny(h, "-_"); i >= 0 {
		h = h[:i]
	}
	if len(h) < 2 || len(h) > 3 {
		return ""
	}
	return h
}

// Word-at-a-time constants for countScripts: 0x01 and 0x80 in every byte
// of a word (see le64).
const (
	swarOnes = 0x0101010101010101
	swarHigh = 0x8080808080808080
)
