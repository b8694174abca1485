package arabic

import (
	"testing"
	"unicode/utf8"
)

// FuzzAnalyzer checks the analyzer's invariants on any input: no panic;
// token offsets inside s, covering whole valid runes, increasing and not
// overlapping; every Norm non-empty and already normalized; Normalize
// idempotent; index terms never empty. Seeds: testdata/fuzz/FuzzAnalyzer.
func FuzzAnalyzer(f *testing.F) {
	for _, s := range []string{
		"كِتَابٌ وبالكتاب",
		"OpenAI's GPT-4o, U.S. A.I. وGemini لـ120",
		"ﻻ ﷺ ＧＰＴ \u200f\u200c",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if nn := Normalize(n); nn != n {
			t.Fatalf("Normalize not idempotent: %q → %q → %q", s, n, nn)
		}
		prevEnd := 0
		for _, tk := range Tokenize(s) {
			if tk.Start < prevEnd || tk.End <= tk.Start || tk.End > len(s) {
				t.Fatalf("bad offsets %d..%d after %d in %q", tk.Start, tk.End, prevEnd, s)
			}
			if w := s[tk.Start:tk.End]; !utf8.ValidString(w) || !utf8.RuneStart(w[0]) {
				t.Fatalf("offsets %d..%d cut a rune in %q", tk.Start, tk.End, s)
			}
			if tk.Norm == "" {
				t.Fatalf("empty Norm for %q", s[tk.Start:tk.End])
			}
			if Normalize(tk.Norm) != tk.Norm {
				t.Fatalf("Norm %q of %q is not normalized", tk.Norm, s[tk.Start:tk.End])
			}
			for _, c := range StripProclitics(tk.Norm) {
				if c == "" {
					t.Fatalf("empty proclitic form of %q", tk.Norm)
				}
			}
			prevEnd = tk.End
		}
		for _, tk := range IndexTokens(s) {
			if tk.Norm == "" {
				t.Fatalf("empty index term in %q", s)
			}
		}
	})
}
