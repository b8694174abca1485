package arabic

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns the matching form of s: the form the tagger matches rules
// against and the search index stores. It is never shown to the reader.
//
// The steps, in order:
//
//  1. Unicode NFKC (UAX #15), which among other things maps Arabic
//     presentation forms (U+FB50–FDFF, U+FE70–FEFF) and ligatures such as
//     ﻻ to the base letters, and full-width Latin to ASCII.
//  2. Removal of Arabic combining marks: the harakat U+064B–065F (tanween,
//     fatha, damma, kasra, shadda, sukun, hamza above/below, …), the
//     superscript alef U+0670, the Quranic annotation signs U+0610–061A and
//     U+06D6–06ED; and of the tatweel U+0640 (kashida). This is the
//     normalization of Larkey, Ballesteros & Connell, "Light Stemming for
//     Arabic Information Retrieval" (2007), as Lucene's ArabicNormalizer
//     implements it.
//  3. Letter folds from the same source: أ إ آ ٱ (and the wavy-hamza alefs
//     ٲ ٳ) → ا; ى → ي; ة → ه. Persian and Urdu letter shapes that Arabic
//     writers use for the same sound: ی (Farsi yeh) → ي, ک (keheh) → ك,
//     ہ ھ ۀ → ه.
//  4. Arabic-Indic (U+0660–0669) and Eastern Arabic-Indic (U+06F0–06F9)
//     digits → ASCII 0–9.
//  5. Case folding by the Unicode simple lowercase mapping (unicode.ToLower),
//     which folds Latin, Greek and Cyrillic; full case folding (ß → ss) is
//     not applied.
//  6. Removal of format characters that are invisible in text and break
//     matching: ZWNJ/ZWJ, the bidi marks LRM/RLM/ALM and embeddings,
//     isolates and overrides, the soft hyphen, word joiner and BOM.
//
// Normalize is idempotent (Normalize(Normalize(s)) == Normalize(s)) and safe
// on any input, including invalid UTF-8 (invalid bytes become U+FFFD).
// Lengths change: the result is not aligned with s; use Tokenize for byte
// offsets into the original.
func Normalize(s string) string {
	if isPlainASCIILower(s) {
		return s
	}
	if needsNFKC(s) && !norm.NFKC.IsNormalString(s) {
		s = norm.NFKC.String(s)
	}
	out := fold(s)
	// Removing marks can leave a Latin base next to a Latin combining mark
	// that NFKC composes; one more round makes the result stable. (Text
	// that needsNFKC clears is already NFKC once fold has removed the
	// marks, which is nearly every word, so the check is skipped for it.)
	if needsNFKC(out) && !norm.NFKC.IsNormalString(out) {
		out = fold(norm.NFKC.String(out))
	}
	return out
}

// needsNFKC reports whether NFKC could change s in a way that matters
// after fold: false for ASCII and the Arabic block without the combining
// hamza and madda (U+0653–0655, which compose with a preceding letter) and
// the four letters with compatibility decompositions (U+0675–0678). Within
// that set NFKC can only reorder combining marks, which fold removes.
func needsNFKC(s string) bool {
	for _, r := range s {
		if nfkcUnstable(r) {
			return true
		}
	}
	return false
}

// nfkcUnstable reports whether r is outside the set of needsNFKC.
func nfkcUnstable(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
	case r >= 0x0600 && r <= 0x06FF:
		if r >= 0x0653 && r <= 0x0655 || r >= 0x0675 && r <= 0x0678 {
			return true
		}
	case r >= 0x00C0 && r <= 0x00FF, r == 0x00AB, r == 0x00BB, r == 0x00B7, r == 0x00A9, r == 0x00AE:
		// Latin-1 letters and common signs: NFKC-stable, and no
		// combining mark of the Arabic block composes with them.
	case r == 0x2010, r >= 0x2012 && r <= 0x2016, r >= 0x2018 && r <= 0x2023:
		// dashes, quotation marks and bullets: NFKC-stable
	default:
		return true
	}
	return false
}

// isPlainASCIILower reports whether s is ASCII without upper-case letters,
// i.e. already in matching form.
func isPlainASCIILower(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c >= 'A' && c <= 'Z' {
			return false
		}
	}
	return true
}

// fold applies steps 2–6 of Normalize rune by rune.
func fold(s string) string {
	unchanged := true
	for _, r := range s {
		if f, keep := foldRune(r); !keep || f != r {
			unchanged = false
			break
		}
	}
	if unchanged {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r, keep := foldRune(r); keep {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// foldRune maps one rune to its matching form; keep is false when the rune
// is removed.
func foldRune(r rune) (out rune, keep bool) {
	if r < utf8.RuneSelf {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r, true
	}
	switch {
	case isArabicMark(r), r == tatweel, isIgnorableFormat(r):
		return 0, false
	case r >= 0x0660 && r <= 0x0669:
		return '0' + r - 0x0660, true
	case r >= 0x06F0 && r <= 0x06F9:
		return '0' + r - 0x06F0, true
	}
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ', 'ٲ', 'ٳ':
		return 'ا', true
	case 'ى', 'ی':
		return 'ي', true
	case 'ة', 'ہ', 'ھ', 'ۀ':
		return 'ه', true
	case 'ک':
		return 'ك', true
	}
	if r >= 0x0590 && r < 0x0800 || r >= 0x2000 && r < 0x2070 {
		return r, true // Hebrew, Arabic, Syriac, Thaana, NKo, punctuation: no case
	}
	return unicode.ToLower(r), true
}

const tatweel = '\u0640'

// isArabicMark reports whether r is an Arabic combining mark removed by
// Normalize: harakat U+064B–065F, superscript alef U+0670, Quranic signs
// U+0610–061A and U+06D6–06ED (only the nonspacing ones).
func isArabicMark(r rune) bool {
	switch {
	case r >= 0x064B && r <= 0x065F, r == 0x0670, r >= 0x0610 && r <= 0x061A:
		return true
	case r >= 0x06D6 && r <= 0x06ED:
		return unicode.Is(unicode.Mn, r)
	case r >= 0x08D3 && r <= 0x08FF: // Arabic Extended-A marks
		return unicode.Is(unicode.Mn, r)
	}
	return false
}

// isIgnorableFormat reports whether r is an invisible format character that
// Normalize removes.
func isIgnorableFormat(r rune) bool {
	switch {
	case r == 0x00AD, r == 0x061C, r == 0xFEFF:
		return true
	case r >= 0x200B && r <= 0x200F:
		return true
	case r >= 0x202A && r <= 0x202E:
		return true
	case r >= 0x2060 && r <= 0x2069:
		return true
	}
	return false
}

// Unvocalize returns s with NFKC applied and the Arabic combining marks and
// tatweel removed (steps 1–2 of Normalize), letters otherwise unchanged: the
// hamza and madda on alef, alef maqsura and teh marbuta are kept, and Latin
// case is kept. The tagger uses it where the hamza is what tells two words
// apart (آبل "Apple" against ابل "camels"). Invisible format characters are
// removed too.
func Unvocalize(s string) string {
	// Text that needsNFKC clears can only have its Arabic marks reordered
	// by NFKC, and they are removed below: the check is skipped for it.
	if needsNFKC(s) && !norm.NFKC.IsNormalString(s) {
		s = norm.NFKC.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r >= utf8.RuneSelf && (isArabicMark(r) || r == tatweel || isIgnorableFormat(r)) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// HasTanween reports whether s carries a tanween mark (U+064B–064D). Arabic
// writers never put tanween on a transliterated foreign name, so a vowelled
// word with tanween (ميتاً "dead") is not the name it folds to (ميتا "Meta").
func HasTanween(s string) bool {
	// In UTF-8 the three marks are D9 8B, D9 8C and D9 8D, and a lead byte
	// such as D9 never occurs inside another character's encoding, so a
	// byte search finds exactly the decoded marks. (A plain loop: in an
	// Arabic word every other byte is D8 or D9, too often for IndexByte.)
	// The second byte is tested first: every other byte of an Arabic word
	// is D9 or D8, about as often one as the other, which made the first
	// test a coin toss for the branch predictor, while 8B–8D are three of
	// the 64 continuation values.
	for i := 1; i < len(s); i++ {
		if c := s[i]; c >= 0x8B && c <= 0x8D && s[i-1] == 0xD9 {
			return true
		}
	}
	return false
}

// IsArabicLetter reports whether r is a letter of the Arabic script (the
// Arabic, Arabic Supplement, Extended-A and presentation-form blocks), or the
// tatweel.
func IsArabicLetter(r rune) bool {
	if r < 0x0600 {
		return false
	}
	if r <= 0x06FF {
		return arabicBlock[r-0x0600]&clsLetter != 0 // the tatweel is Lm
	}
	return r <= 0x08FF && unicode.IsLetter(r) ||
		r >= 0xFB50 && r <= 0xFDFF && unicode.IsLetter(r) ||
		r >= 0xFE70 && r <= 0xFEFF && unicode.IsLetter(r)
}
