package bidi

import (
	"testing"

	xbidi "golang.org/x/text/unicode/bidi"
)

// TestClassTableAgainstXText compares the generated Unicode 16.0.0 class
// table with x/text's table (15.0.0 before Go 1.27, 17.0.0 from Go 1.27 on):
// they must agree wherever x/text's Unicode version is not older than ours,
// and the code points where an older x/text differs are counted and logged.
func TestClassTableAgainstXText(t *testing.T) {
	differ := 0
	var examples []rune
	for _, cr := range classRanges {
		for r := cr.lo; r <= cr.hi; r++ {
			if r >= 0xD800 && r <= 0xDFFF {
				continue
			}
			p, _ := xbidi.LookupRune(r)
			if p.Class() != cr.class {
				differ++
				if len(examples) < 8 {
					examples = append(examples, r)
				}
			}
		}
	}
	t.Logf("x/text Unicode %s vs UnicodeData.txt %s: %d assigned code points differ (e.g. %U)", xbidi.UnicodeVersion, ucdVersion, differ, examples)
	if xbidi.UnicodeVersion >= ucdVersion && differ != 0 {
		t.Errorf("x/text %s disagrees with Unicode %s on %d code points", xbidi.UnicodeVersion, ucdVersion, differ)
	}
}

// TestLookupClass spot-checks classes, including code points only the
// generated table gets right on x/text 15.0.0 and defaults only x/text has.
func TestLookupClass(t *testing.T) {
	tests := []struct {
		r    rune
		want xbidi.Class
	}{
		{'a', cL}, {'1', cEN}, {'+', cES}, {'%', cET}, {',', cCS}, {'\t', cS}, {'\n', cB},
		{' ', cWS}, {'(', cON}, {0x0627, cAL}, {0x05D0, cR}, {0x0661, cAN}, {0x064E, cNSM},
		{0x200D, cBN}, {0x202E, cRLO}, {0x2067, cRLI}, {0x2069, cPDI}, {0x200F, cR},
		{0x0897, cNSM}, // ARABIC PEPET, new in Unicode 16.0
		{0x10D4A, cR},  // GARAY, new in 16.0
		{0x08A0, cAL},  // assigned Arabic Extended-A
		{0x10EC2, cAL}, // Arabic Extended-C, assigned in 16.0
		{0x07BF, cAL},  // unassigned in the 0600..07BF default-AL range (x/text)
		{0x05FF, cR},   // unassigned Hebrew: default R (x/text)
		{0x20C1, cET},  // unassigned currency symbol: default ET (x/text)
		{0xFDD0, cBN},  // noncharacter: default BN (x/text)
	}
	for _, tt := range tests {
		if got := lookupClass(tt.r); got != tt.want {
			t.Errorf("lookupClass(%U) = %v, want %v", tt.r, got, tt.want)
		}
	}
	if k, open, ok := bracketOf(0x2329); !ok || !open || k != 0x3008 {
		t.Errorf("bracketOf(U+2329) = %U %v %v, want the canonical U+3008, open", k, open, ok)
	}
	if k, open, ok := bracketOf(')'); !ok || open || k != '(' {
		t.Errorf("bracketOf(')') = %U %v %v", k, open, ok)
	}
	if mirror('«') != '»' || mirror('<') != '>' || mirror('a') != 'a' {
		t.Error("mirror")
	}
	if lookupJoining(0x0644) != joinD || lookupJoining(0x0627) != joinR || lookupJoining(0x064E) != joinT ||
		lookupJoining(0x0640) != joinC || lookupJoining(0x200D) != joinC || lookupJoining('a') != joinU {
		t.Error("lookupJoining")
	}
}
