package bidi

import xbidi "golang.org/x/text/unicode/bidi"

// Arabic shaping: cursive joining (the Unicode Standard, chapter 9.2,
// "Arabic", rules R1–R7) by the Joining_Type of ArabicShaping.txt, then the
// choice of presentation form (isolated, final, initial, medial) from the
// <isolated>/<final>/<initial>/<medial> decompositions of UnicodeData.txt.
//
// Joining is done on logical text, one laid-out line at a time, before
// reordering. Transparent characters (harakat and other marks, Joining_Type
// T) are skipped (R1). Two letters join only when they are at the same
// embedding level, as in GNU FriBidi; characters removed by rule X9 (ZWJ,
// embedding controls) match any level. Lam followed by alef gets the
// ordinary forms (alef final, lam initial or medial): two cells, never the
// one-cell ligatures U+FEF5–U+FEFC.

const (
	joinsPrev uint8 = 1 << iota // joins the preceding letter (right side in RTL)
	joinsNext                   // joins the following letter (left side in RTL)
)

const anyLevel = -1

// shapeArabic replaces, in place, each letter of text that has presentation
// forms by the form its joining calls for. classes and lv are the Bidi_Class
// and resolved level of each character; flags is scratch (len(text), zeroed).
func shapeArabic(text []rune, classes []xbidi.Class, lv []int8, flags []uint8) {
	hasArabic := false
	for _, r := range text {
		if r >= 0x600 && r <= 0x6FF {
			hasArabic = true
			break
		}
	}
	if !hasArabic {
		return
	}
	saved := -1      // last non-transparent character
	canJoin := false // saved can join the following character
	savedLevel := int8(anyLevel)
	for i, r := range text {
		jt := lookupJoining(r)
		level := lv[i]
		if removedByX9(classes[i]) {
			level = anyLevel
		}
		if canJoin && savedLevel != anyLevel && level != anyLevel && savedLevel != level {
			canJoin = false
		}
		if jt == joinT {
			continue
		}
		if canJoin && (jt == joinD || jt == joinR || jt == joinC) {
			flags[saved] |= joinsNext
			flags[i] |= joinsPrev
		}
		canJoin = jt == joinD || jt == joinL || jt == joinC
		saved, savedLevel = i, level
	}
	for i, r := range text {
		forms, ok := presentationForms(r)
		if !ok {
			continue
		}
		f := formIsolated
		switch flags[i] {
		case joinsPrev | joinsNext:
			f = formMedial
		case joinsPrev:
			f = formFinal
		case joinsNext:
			f = formInitial
		}
		// Fall back to a form Unicode encodes: medial → final, initial →
		// isolated, final → isolated; keep the letter if none.
		for forms[f] == 0 && f != formIsolated {
			if f == formMedial {
				f = formFinal
			} else {
				f = formIsolated
			}
		}
		if forms[f] != 0 {
			text[i] = forms[f]
		}
	}
}
