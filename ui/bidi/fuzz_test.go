package bidi

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// nonSpaceCells counts the cells of s that are not whitespace (wrapping may
// drop whitespace at line ends): the width of s less the width of each
// whitespace character. Counting per character, not per grapheme cluster,
// keeps a space that reordering put in front of a lone mark countable.
func nonSpaceCells(s string) int {
	n := ansi.StringWidth(s)
	for _, r := range s {
		if r == ' ' || lookupClass(r) == cWS {
			n -= ansi.StringWidth(string(r))
		}
	}
	return n
}

// FuzzLayout checks, for any text, width, mode and base direction, that the
// engine does not panic, that every line fits its box and reports its true
// width, that nothing a terminal would interpret (C0/C1 controls, and in App
// mode bidi controls) is written, that wrapping loses only whitespace (the
// cells of the wrapped lines add up to the cells of the one-line layout), and
// that Truncate and Field keep to their widths.
func FuzzLayout(f *testing.F) {
	f.Add("علاقة أنظمة النوم بالإنتاجية والنجاح..", 20, uint8(0), uint8(0))
	f.Add("abc\u202Egnp.exe", 5, uint8(0), uint8(1))
	f.Add("من 2024/03/01 إلى 2024-09-30 (تقرير) «جديد»", 11, uint8(1), uint8(2))
	f.Add("\u2067\u202B\u0661\u202C\u2069 x\u0651\u200D\u0644\u0627", 3, uint8(2), uint8(0))
	f.Add("日本語 and عربي 🇸🇦🇪", 1, uint8(0), uint8(2))
	f.Fuzz(func(t *testing.T, s string, width int, mode, base uint8) {
		if len(s) > 4096 {
			return
		}
		width %= 200
		o := Options{Mode: Mode(mode % 3), Base: Direction(base % 3)}
		lines := Layout(s, width, o)
		if len(lines) == 0 {
			t.Fatal("no lines")
		}
		sum := 0
		for i, l := range lines {
			checkLine(t, l, o.Mode)
			if width > 0 && l.Width > width {
				t.Fatalf("line %d %q: %d cells in a box of %d", i, l.Text, l.Width, width)
			}
			sum += nonSpaceCells(l.Text)
		}
		one := Layout(s, 0, o)
		if len(one) != 1 {
			t.Fatalf("width 0 gave %d lines", len(one))
		}
		checkLine(t, one[0], o.Mode)
		if want := nonSpaceCells(one[0].Text); sum != want && !hasTooWide(lines) {
			t.Fatalf("wrapped lines hold %d non-space cells, the single line %d", sum, want)
		}
		if width > 0 {
			tr := Truncate(s, width, o)
			checkLine(t, tr, o.Mode)
			if tr.Width > width {
				t.Fatalf("Truncate: %d cells in %d", tr.Width, width)
			}
			fl, col := Field(s, width, width*7%(len(s)+1), o)
			checkLine(t, fl, o.Mode)
			if fl.Width != width || col < 0 || col >= width {
				t.Fatalf("Field: width %d col %d in a box of %d", fl.Width, col, width)
			}
		}
	})
}

func hasTooWide(lines []Line) bool {
	for _, l := range lines {
		if strings.ContainsRune(l.Text, ellipsis) {
			return true
		}
	}
	return false
}

func checkLine(t *testing.T, l Line, m Mode) {
	t.Helper()
	if w := ansi.StringWidth(l.Text); w != l.Width {
		t.Fatalf("%q: Width %d, measured %d", l.Text, l.Width, w)
	}
	for _, r := range l.Text {
		if r < 0x20 || (r >= 0x7f && r < 0xa0) || r == 0x2028 || r == 0x2029 {
			t.Fatalf("%q holds control %U", l.Text, r)
		}
		if m == App && isBidiControl(r, true) {
			t.Fatalf("%q holds bidi control %U in App mode", l.Text, r)
		}
		if m != App && isBidiControl(r, false) {
			t.Fatalf("%q holds explicit bidi control %U", l.Text, r)
		}
	}
	if m == Off && l.RTL {
		t.Fatal("RTL line in Off mode")
	}
}
