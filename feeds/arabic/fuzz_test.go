package arabic

import (
	"slices"
	"strings"
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

// FuzzTokenizeFastPaths checks the analyzer's shortcuts against what they
// shortcut, on any input: appendWordNorm (whose unchanged-prefix scan
// skips Latin and Arabic runes it would copy as they are) against
// wordNorm, on s and on each of its words; AppendProclitics against
// appendProcliticsSlow, on s, each Norm and each word unvocalized;
// HasTanween's byte search against a search of the decoded runes; each
// token's Norm (which AppendTokens takes as the word itself, without
// appendWordNorm, when its scan saw only plain runes) against wordNorm;
// AppendTokens against appendTokensRef, the tokenizer before its
// word-start and plain-word fast paths; and the test that lets
// AppendTokens try abbreviation only before a dot.
func FuzzTokenizeFastPaths(f *testing.F) {
	for _, s := range []string{
		"كِتَابٌ وبالكتاب مدرسة أحمد إلى وللبنان فلل ولل لل للذكاء",
		"OpenAI's GPT-4o, U.S. A.I. e.g. a.b.com x. وGemini لـ120",
		"ﻻ ﷺ ＧＰＴ \u200f\u200c ٱلْ ۀ ڤ كتاباً \xd9\xd9\x8b \xe0\xd9\x8c",
	} {
		f.Add(s)
	}
	check := func(t *testing.T, w string) {
		want := wordNorm(w)
		got, same := appendWordNorm([]byte("x"), w)
		norm := string(got[1:])
		if same {
			if len(got) != 1 {
				t.Fatalf("appendWordNorm(%q): same, but %q appended", w, got[1:])
			}
			norm = w
		}
		if norm != want {
			t.Fatalf("appendWordNorm(%q) = %q (same=%v), wordNorm = %q", w, norm, same, want)
		}
	}
	proclitics := func(t *testing.T, w string) {
		got := AppendProclitics([]string{"x"}, w)
		want := appendProcliticsSlow([]string{"x"}, w)
		if !slices.Equal(got, want) {
			t.Fatalf("AppendProclitics(%q) = %q, want %q", w, got[1:], want[1:])
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		check(t, s)
		proclitics(t, s)
		if got, want := HasTanween(s), strings.ContainsAny(s, "\u064B\u064C\u064D"); got != want {
			t.Fatalf("HasTanween(%q) = %v, want %v", s, got, want)
		}
		checkTokensRef(t, s)
		for _, tk := range Tokenize(s) {
			// AppendTokens skips appendWordNorm for a word it saw to be
			// plain while finding its end: the Norm must still be
			// wordNorm of the word.
			if want := wordNorm(s[tk.Start:tk.End]); tk.Norm != want {
				t.Fatalf("Norm of %q = %q, wordNorm = %q", s[tk.Start:tk.End], tk.Norm, want)
			}
			check(t, s[tk.Start:tk.End])
			proclitics(t, tk.Norm)
			proclitics(t, Unvocalize(s[tk.Start:tk.End]))
		}
		for i := range len(s) {
			if _, _, ok := abbreviation(s, i, nil); ok && !(i+1 < len(s) && s[i+1] == '.') {
				t.Fatalf("abbreviation at %d of %q not followed by a dot", i, s)
			}
		}
	})
}

// TestASCIIAlnumTable checks the table behind isASCIILetterOrDigit.
func TestASCIIAlnumTable(t *testing.T) {
	for c := range 256 {
		want := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if isASCIILetterOrDigit(byte(c)) != want {
			t.Errorf("isASCIILetterOrDigit(%#x) = %v", c, !want)
		}
	}
}

// appendProcliticsSlow is AppendProclitics as first written, measuring
// every form with RuneCount: the reference FuzzTokenizeFastPaths checks
// the faster one against.
func appendProcliticsSlow(dst []string, norm string) []string {
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

// FuzzDetectLangTexts checks that DetectLangTexts of parts decides as
// DetectLang of the parts joined by a newline, as Parse called it before.
func FuzzDetectLangTexts(f *testing.F) {
	for _, s := range [][3]string{
		{"OpenAI تطلق نموذجا", "النص الكامل للخبر", "en"},
		{"می\u200cخواهم", "این یک متن فارسی است", ""},
		{"שלום", "Hello world", "yi"},
		{"\xd8", "\x81 broken", "ar-EG"},
	} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, title, content, hint string) {
		if got, want := DetectLangTexts(hint, title, content), DetectLang(title+"\n"+content, hint); got != want {
			t.Fatalf("DetectLangTexts(%q, %q, %q) = %q, DetectLang of the joined text %q", hint, title, content, got, want)
		}
	})
}
