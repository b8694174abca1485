package arabic

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The analyzer has fast paths for the text news is written in (ASCII,
// Latin-1, the Arabic block): these tests check each against the general
// definition it shortcuts, on random words drawn from the runes where the
// two could part ways.

// fastPathRunes are runes around every boundary the fast paths draw:
// ASCII letters, digits and punctuation, Latin-1 letters and signs, the
// Arabic block with its marks, tatweel, digits and the composing hamza and
// madda, Persian and Urdu letters, presentation forms, combining Latin
// marks, format characters, Greek, Cyrillic, Hebrew and CJK.
var fastPathRunes = []rune(
	"aZz09'.-_ ÀÉßéÿ×÷ª«»·©®µ" +
		"ابتثجحخدذرسشصضطظعغفقكلمنهويءآأؤإئىة" +
		"\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0670\u0640" +
		"٠١٩۰۹،؛؟" + "پچژگیکٹڈڑںےھہۀ" + "\u0675\u0676\u0677\u0678" +
		"\ufe8d\ufefb\ufb56" + "\u0301\u0308" + "\u200c\u200d\u200e\u200f\u202b\u2066\u00ad\ufeff" +
		"αΩжЖשא中\u2013\u2019\u201c\u2022\ufffd")

func randomWord(r *rand.Rand) string {
	var b strings.Builder
	for n := 1 + r.IntN(8); n > 0; n-- {
		b.WriteRune(fastPathRunes[r.IntN(len(fastPathRunes))])
	}
	return b.String()
}

func TestAppendWordNormMatchesWordNorm(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200000; i++ {
		w := randomWord(r)
		want := wordNorm(w)
		buf := []byte("prefix")
		got, same := appendWordNorm(buf, w)
		if string(got[:6]) != "prefix" {
			t.Fatalf("%q: the buffer's start was changed", w)
		}
		gotNorm := string(got[6:])
		if same {
			gotNorm = w
			if len(got) != 6 {
				t.Fatalf("%q: same, but %q appended", w, got[6:])
			}
		}
		if gotNorm != want {
			t.Fatalf("appendWordNorm(%q) = %q (same=%v), wordNorm = %q", w, gotNorm, same, want)
		}
	}
}

func TestDecodeRuneMatchesUTF8(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 100000; i++ {
		b := make([]byte, 1+r.IntN(4))
		for k := range b {
			b[k] = byte(r.UintN(256))
		}
		s := string(b)
		gr, gn := decodeRune(s, 0)
		want, wn := utf8.DecodeRuneInString(s)
		if gr != want || gn != wn {
			t.Fatalf("decodeRune(%x) = %U, %d; want %U, %d", b, gr, gn, want, wn)
		}
	}
}

// countScriptsSlow is countScripts by the unicode tables alone.
func countScriptsSlow(s string) scriptCounts {
	var c scriptCounts
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		switch {
		case unicode.Is(unicode.Arabic, r):
			c.arabic++
			switch r {
			case 'پ', 'چ', 'ژ', 'گ', 'ی', 'ک':
				c.persian++
			case 'ٹ', 'ڈ', 'ڑ', 'ں', 'ے', 'ھ', 'ہ':
				c.urdu++
			}
		case unicode.Is(unicode.Hebrew, r):
			c.hebrew++
		case unicode.Is(unicode.Latin, r):
			c.latin++
		default:
			c.other++
		}
	}
	return c
}

func TestCountScriptsTable(t *testing.T) {
	var all strings.Builder
	for r := rune(0); r < 0x0800; r++ {
		all.WriteRune(r)
	}
	all.WriteString(string(fastPathRunes))
	if got, want := countScripts(all.String()), countScriptsSlow(all.String()); got != want {
		t.Errorf("countScripts = %+v, want %+v", got, want)
	}
	r := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 20000; i++ {
		w := randomWord(r)
		if got, want := countScripts(w), countScriptsSlow(w); got != want {
			t.Fatalf("countScripts(%q) = %+v, want %+v", w, got, want)
		}
	}
}

// unvocalizeSlow is Unvocalize with NFKC always applied.
func unvocalizeSlow(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	for _, r := range s {
		if r >= 0x80 && (isArabicMark(r) || r == tatweel || isIgnorableFormat(r)) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestUnvocalizeFastPath(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 100000; i++ {
		w := randomWord(r) + randomWord(r)
		if got, want := Unvocalize(w), unvocalizeSlow(w); got != want {
			t.Fatalf("Unvocalize(%q) = %q, want %q", w, got, want)
		}
	}
}

// TestIndexTextTokens checks that the index text built from shared tokens
// is the one IndexTokens gives, and that the tokens are left as they were.
func TestIndexTextTokens(t *testing.T) {
	for _, s := range []string{
		"", "OpenAI's GPUs and LLMs: الذكاء الاصطناعي وبالكتاب", "U.S. A.I. rules — كِتَابٌ، مـيـتـا",
		"studies classes gas its AWS 4o Qwen3 GPT-4",
	} {
		toks := Tokenize(s)
		before := append([]Token(nil), toks...)
		var want []string
		for _, tk := range IndexTokens(s) {
			want = append(want, tk.Norm)
		}
		if got := IndexTextTokens(s, toks); got != strings.Join(want, " ") {
			t.Errorf("IndexTextTokens(%q) = %q, want %q", s, got, strings.Join(want, " "))
		}
		for i := range toks {
			if toks[i] != before[i] {
				t.Fatalf("%q: token %d changed", s, i)
			}
		}
	}
}

func TestRuneCountMatchesUTF8(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	// Bytes drawn mostly from ASCII, Arabic lead and continuation bytes,
	// with any byte now and then: valid words and every kind of broken one.
	pick := []byte{'a', 'Z', '1', ' ', 0xD8, 0xD9, 0xA7, 0x84, 0x88, 0xC2, 0xDF, 0xC0, 0xE2, 0x80, 0xF0, 0x9F}
	for i := 0; i < 200000; i++ {
		b := make([]byte, r.IntN(28))
		for k := range b {
			if r.IntN(8) == 0 {
				b[k] = byte(r.UintN(256))
			} else {
				b[k] = pick[r.IntN(len(pick))]
			}
		}
		if got, want := RuneCount(string(b)), utf8.RuneCountInString(string(b)); got != want {
			t.Fatalf("RuneCount(%x) = %d, want %d", b, got, want)
		}
	}
	// Words of whole runes and broken pairs, long enough for the eight-byte
	// steps: runs of Arabic letters and of ASCII, with two-byte sequences
	// that are not runes (C0 and C1 leads, a lead before a lead), Latin-1
	// and three- and four-byte runes among them.
	pieces := []string{"ا", "ك", "ي", "ة", "a", "Z", "7", "é", "ß", "ݐ", "߿",
		"中", "😀", "À", "Á¿", "ÙÙ", "Ù", "", "ÿ"}
	for i := 0; i < 200000; i++ {
		var b strings.Builder
		for n := r.IntN(20); n > 0; n-- {
			p := pieces[r.IntN(len(pieces))]
			if r.IntN(3) > 0 {
				p = pieces[r.IntN(4)] // mostly Arabic letters
			}
			b.WriteString(p)
		}
		s := b.String()
		if got, want := RuneCount(s), utf8.RuneCountInString(s); got != want {
			t.Fatalf("RuneCount(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestCountScriptsWords holds countScripts, which counts eight ASCII
// bytes at a time, equal to the table-free count on long mixed texts.
func TestCountScriptsWords(t *testing.T) {
	var ascii strings.Builder
	for c := 0; c < 0x80; c++ {
		ascii.WriteByte(byte(c))
	}
	pieces := []string{ascii.String(), "Hello, World! ", "AZaz@[`{", "\u0645\u0631\u062d\u0628\u0627 ", "\u067e\u06be",
		"\u05e9\u05dc\u05d5\u05dd", "\u0416", "é", "\xff", "\xc3", "😀", "x"}
	r := rand.New(rand.NewPCG(9, 10))
	for i := 0; i < 50000; i++ {
		var b strings.Builder
		for n := r.IntN(12); n >= 0; n-- {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := countScripts(s), countScriptsSlow(s); got != want {
			t.Fatalf("countScripts(%q) = %+v, want %+v", s, got, want)
		}
	}
}
