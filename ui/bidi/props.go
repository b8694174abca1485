package bidi

import (
	"sort"

	xbidi "golang.org/x/text/unicode/bidi"
)

// Character properties.
//
// Bidi_Class. The issue asks for classes from golang.org/x/text/unicode/bidi
// (LookupRune). x/text v0.44.0 chooses its table by toolchain: Unicode 15.0.0
// before Go 1.27, 17.0.0 from Go 1.27 on. With Go 1.26 (this module's
// toolchain) the 15.0.0 table disagrees with the Unicode 16.0.0 data in
// ../shared/testdata/unicode for 782 assigned code points (new scripts such as
// Garay (R), new symbols (ON) and marks (NSM), e.g. U+0897 ARABIC PEPET and the
// Arabic Extended-C block). None of them occurs in BidiTest.txt (which names
// classes, not code points) or in the 78 distinct code points of
// BidiCharacterTest.txt 17.0.0, so the conformance files pass with either
// table; the difference shows only on real text in the new characters.
// To get one answer on every toolchain, and the same Unicode version as the
// bracket, mirroring and joining tables generated beside it, lookupClass
// takes the class of every code point that UnicodeData.txt 16.0.0 assigns
// from the generated classRanges, and asks x/text only for the code points
// UnicodeData.txt does not list: their class is the default that
// DerivedBidiClass.txt gives unassigned code points (AL in the Arabic blocks,
// R in the Hebrew ones, BN for noncharacters, ET for the currency block …),
// which UnicodeData.txt does not carry and x/text does. x/text's 17.0.0 table
// agrees with UnicodeData.txt 16.0.0 on every code point 16.0.0 assigns.
// One known gap remains in x/text 15.0.0's defaults: 135 unassigned code
// points (e.g. U+086B, and parts of the Arabic Extended-C and Indic Siyaq
// Numbers blocks) get R where DerivedBidiClass.txt 16.0.0 says AL; both are
// strong right-to-left classes that only rule W2 tells apart, on code points
// no text may carry yet.

// classRange is one entry of the generated Bidi_Class table.
type classRange struct {
	lo, hi rune
	class  xbidi.Class
}

// bracketPair is one entry of the generated BidiBrackets.txt table.
type bracketPair struct {
	r, pair rune
	open    bool
}

// mirrorPair is one entry of the generated BidiMirroring.txt table.
type mirrorPair struct{ r, mirror rune }

// joiningType is a Joining_Type value from ArabicShaping.txt.
type joiningType uint8

const (
	joinU joiningType = iota // Non_Joining (the default)
	joinR                    // Right_Joining: joins the preceding letter only
	joinL                    // Left_Joining: joins the following letter only
	joinD                    // Dual_Joining
	joinC                    // Join_Causing (tatweel, ZWJ)
	joinT                    // Transparent (marks): skipped by joining
)

// joiningRange is one entry of the generated Joining_Type table.
type joiningRange struct {
	lo, hi rune
	t      joiningType
}

// formEntry holds a letter's presentation forms: isolated, final, initial,
// medial (0 when Unicode encodes none).
type formEntry struct {
	r     rune
	forms [4]rune
}

const (
	formIsolated = iota
	formFinal
	formInitial
	formMedial
)

// latinClass caches the class of U+0000–U+08FF (Latin, Greek, Cyrillic,
// Hebrew, Arabic, Syriac …), the code points almost all text is made of.
var latinClass [0x900]xbidi.Class

func init() {
	for r := range latinClass {
		latinClass[r] = searchClass(rune(r))
	}
}

// lookupClass returns the Bidi_Class of r (UAX #9 Table 4), from the
// generated Unicode 16.0.0 table for assigned code points and from x/text's
// DerivedBidiClass defaults for the rest (see the comment above).
func lookupClass(r rune) xbidi.Class {
	if r >= 0 && r < rune(len(latinClass)) {
		return latinClass[r]
	}
	return searchClass(r)
}

func searchClass(r rune) xbidi.Class {
	i := sort.Search(len(classRanges), func(i int) bool { return classRanges[i].hi >= r })
	if i < len(classRanges) && classRanges[i].lo <= r {
		return classRanges[i].class
	}
	p, _ := xbidi.LookupRune(r)
	return p.Class()
}

// Canonical equivalents among paired brackets (UAX #9 BD16 compares brackets
// "or their canonical equivalents"): U+2329/U+232A decompose to U+3008/U+3009.
func canonicalBracket(r rune) rune {
	switch r {
	case 0x2329:
		return 0x3008
	case 0x232A:
		return 0x3009
	}
	return r
}

// bracketOf reports r's Bidi_Paired_Bracket_Type (open or close) and the
// canonical opening bracket a pair is matched on, from BidiBrackets.txt.
func bracketOf(r rune) (key rune, open, ok bool) {
	if r < 0x28 {
		return 0, false, false
	}
	i := sort.Search(len(bracketPairs), func(i int) bool { return bracketPairs[i].r >= r })
	if i == len(bracketPairs) || bracketPairs[i].r != r {
		return 0, false, false
	}
	p := bracketPairs[i]
	if p.open {
		return canonicalBracket(r), true, true
	}
	return canonicalBracket(p.pair), false, true
}

// mirror returns r's Bidi_Mirroring_Glyph (rule L4), or r when it has none.
func mirror(r rune) rune {
	if r < 0x28 {
		return r
	}
	i := sort.Search(len(mirrorPairs), func(i int) bool { return mirrorPairs[i].r >= r })
	if i < len(mirrorPairs) && mirrorPairs[i].r == r {
		return mirrorPairs[i].mirror
	}
	return r
}

// lookupJoining returns r's Joining_Type (ArabicShaping.txt; unlisted Mn, Me
// and Cf are Transparent, everything else Non_Joining).
func lookupJoining(r rune) joiningType {
	if r < 0x300 {
		if r == 0xAD { // SOFT HYPHEN, Cf
			return joinT
		}
		return joinU
	}
	i := sort.Search(len(joiningRanges), func(i int) bool { return joiningRanges[i].hi >= r })
	if i < len(joiningRanges) && joiningRanges[i].lo <= r {
		return joiningRanges[i].t
	}
	return joinU
}

// presentationForms returns the isolated, final, initial and medial forms of
// an Arabic letter (0 where Unicode has none), and false for other runes.
func presentationForms(r rune) ([4]rune, bool) {
	if r < 0x621 || r > 0x6D3 {
		return [4]rune{}, false
	}
	i := sort.Search(len(arabicForms), func(i int) bool { return arabicForms[i].r >= r })
	if i < len(arabicForms) && arabicForms[i].r == r {
		return arabicForms[i].forms, true
	}
	return [4]rune{}, false
}
