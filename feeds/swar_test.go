package feeds

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// charsCleanBytes is charsClean as a byte test followed by
// utf8.ValidString, the form it had before the single pass.
func charsCleanBytes(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
		if c == 0xEF && i+2 < len(s) && s[i+1] == 0xBF && (s[i+2] == 0xBE || s[i+2] == 0xBF) {
			return false
		}
	}
	return utf8.ValidString(s)
}

// cleanTextPrefixBytes is cleanTextPrefix as a byte scan followed by
// utf8.ValidString of the prefix found, the form it had before the single
// pass.
func cleanTextPrefixBytes(s string) int {
	i := 0
scan:
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x20 && c < 0x7f || c == '\t' || c == '\n':
		case c < 0x80:
			break scan
		case c == 0xC2:
			if i+1 < len(s) && s[i+1] <= 0x9F {
				break scan
			}
		case c == 0xE2:
			if i+2 < len(s) && (s[i+1] == 0x80 && s[i+2] >= 0xA8 && s[i+2] <= 0xAE ||
				s[i+1] == 0x81 && s[i+2] >= 0xA6 && s[i+2] <= 0xAF) {
				break scan
			}
		case c == 0xEF:
			if i+2 < len(s) && (s[i+1] == 0xBB && s[i+2] == 0xBF || s[i+1] == 0xBF && s[i+2] >= 0xB9) {
				break scan
			}
		}
	}
	if !utf8.ValidString(s[:i]) {
		return 0
	}
	return i
}

// scanPieces are the pieces randomScanText joins: ASCII words and
// controls, the byte sequences the scans stop at, valid runes next to
// them and broken UTF-8.
var scanPieces = []string{
	"a", "Z", "word ", " ", "  ", "\t", "\n", "\r", "\x00", "\x1b", "\x7f", "{", "@", "`", "~",
	"é", "\u0645", "\u05d0", "\u0085", "\u009f", "\u00a0", "\u2028", "\u202e", "\u202f", "\u2066",
	"\u206f", "\u2070", "\ufeff", "\ufff8", "\ufff9", "\ufffd", "\ufffe", "\uffff", "😀", "\u200f",
	"\xc2", "\xc2A", "\xc2\xc2", "\xe2\x80", "\xef\xbf", "\xef\xbb", "\xff", "\x80", "\xed\xa0\x80",
	"\xf4\x90\x80\x80", "\xc0\xaf", "\xe0\x80\xaf",
	"\u0645\u0631\u062d\u0628\u0627", "\u00a0\u00a0\u00a0\u00a0", "ééééé", "\u05d0\u05d1\u05d2\u05d3\u05d4\u05d5",
	"\u0645\u0645\u0645\u0085", "\u061c", "\u0645\u061c\u0645", "\u061b", "\u1680", "\u167f", "\u3000", "\u0645\u0645\u0645\xc1\x81", "\u0645\u0645\u0645\xc2\xa0", "\u07ff\u07ff\u0080\u0080",
}

// randomScanText returns a text of up to 40 pieces, mostly long ASCII
// runs so that the word-at-a-time paths are taken, with pieces of
// scanPieces at random offsets.
func randomScanText(r *rand.Rand) string {
	var b strings.Builder
	for n := r.IntN(40); n >= 0; n-- {
		if r.IntN(3) == 0 {
			run := strings.Repeat("The quick brown fox. ", 3)
			b.WriteString(run[:r.IntN(len(run))])
		}
		b.WriteString(scanPieces[r.IntN(len(scanPieces))])
	}
	return b.String()
}

func checkScans(t *testing.T, s string) {
	t.Helper()
	if got, want := charsClean(s), charsCleanBytes(s); got != want {
		t.Errorf("charsClean(%q) = %v, byte test and ValidString %v", s, got, want)
	}
	if got, want := singleSpaced(s), singleSpacedSearch(s); got != want {
		t.Errorf("singleSpaced(%q) = %v, by searches %v", s, got, want)
	}
	if got, want := isPlainASCII(s), isPlainASCIIBytes(s); got != want {
		t.Errorf("isPlainASCII(%q) = %v, byte by byte %v", s, got, want)
	}
	if got, want := cleanPrefix(s, true), cleanLinePrefixRunes(s); got != want {
		t.Errorf("cleanPrefix(%q, true) = %d, decoding every rune %d", s, got, want)
	}
	if got, want := cleanTextPrefix(s), cleanTextPrefixBytes(s); got != want {
		t.Errorf("cleanTextPrefix(%q) = %d, byte scan and ValidString %d", s, got, want)
	}
}

// TestSinglePassScans holds the single-pass scans equal to the byte scan
// and validation they replace, on random texts and on every short text
// around a word boundary.
func TestSinglePassScans(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for range 200000 {
		checkScans(t, randomScanText(r))
	}
	for _, p := range scanPieces {
		for _, q := range scanPieces {
			for pad := range 10 {
				checkScans(t, strings.Repeat("x", pad)+p+q)
				checkScans(t, strings.Repeat("x", pad)+p+strings.Repeat("y", 9)+q)
			}
		}
	}
}

func FuzzSinglePassScans(f *testing.F) {
	for _, s := range scanPieces {
		f.Add("abcdefg" + s + "hijklmnopq")
	}
	f.Fuzz(checkScans)
}

// countItemTagsEach is countItemTags searching for each tag in turn, the
// form it had before the single pass.
func countItemTagsEach(doc string) int {
	n := 0
	for _, tag := range []string{"<item", "<entry"} {
		for i := 0; ; {
			j := strings.Index(doc[i:], tag)
			if j < 0 {
				break
			}
			i += j + len(tag)
			if i < len(doc) && (doc[i] == '>' || isSpaceByte(doc[i]) || doc[i] == '/') {
				n++
			}
		}
	}
	return n
}

func TestCountItemTagsOnePass(t *testing.T) {
	pieces := []string{"<item>", "<item", "<entry ", "<entry", "<items>", "<entryx>", "<", "<<item/>", "<item\t",
		"<entry\n/>", "</item>", "text", " ", "<ite", "m>", "<en", "try>", "<![CDATA[<item>]]>", ">"}
	r := rand.New(rand.NewPCG(15, 16))
	for range 50000 {
		var b strings.Builder
		for n := r.IntN(12); n >= 0; n-- {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := countItemTags(s), countItemTagsEach(s); got != want {
			t.Fatalf("countItemTags(%q) = %d, tag by tag %d", s, got, want)
		}
	}
}

// isPlainASCIIBytes is isPlainASCII byte by byte, the form it had before
// it tested words.
func isPlainASCIIBytes(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || c == ' ' && i > 0 && s[i-1] == ' ' {
			return false
		}
	}
	return true
}

func TestIsPlainASCIIWords(t *testing.T) {
	pieces := []string{"a", "word", " ", "  ", "!", "\x1f", "\x7f", "~", "\x80", "é", "\t", "\x21\x20", "\x20\x21", "\n", "\r", "\f", "\x0b", "\x01"}
	r := rand.New(rand.NewPCG(17, 18))
	for range 100000 {
		var b strings.Builder
		for n := r.IntN(16); n >= 0; n-- {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := singleSpaced(s), singleSpacedSearch(s); got != want {
			t.Errorf("singleSpaced(%q) = %v, by searches %v", s, got, want)
		}
		if got, want := isPlainASCII(s), isPlainASCIIBytes(s); got != want {
			t.Fatalf("isPlainASCII(%q) = %v, byte by byte %v", s, got, want)
		}
	}
}

// singleSpacedSearch is singleSpaced by byte searches, the form it had
// before the single pass.
func singleSpacedSearch(s string) bool {
	return strings.IndexByte(s, '\n') < 0 && strings.IndexByte(s, '\t') < 0 &&
		strings.IndexByte(s, '\r') < 0 && strings.IndexByte(s, '\f') < 0 &&
		!strings.Contains(s, "  ")
}

// copyTagBytes is copyTag writing byte by byte, the form it had before it
// copied runs.
func copyTagBytes(b *docWriter, s string, i int) int {
	b.WriteByte('<')
	i++
	var quote byte
	for i < len(s) {
		c := s[i]
		switch {
		case quote != 0 && c == quote:
			quote = 0
			b.WriteByte(c)
		case quote != 0 && c == '&':
			i = writeEntity(b, s, i)
			continue
		case quote != 0 && c == '<':
			b.WriteString("&lt;")
		case quote != 0:
			b.WriteByte(c)
		case c == '"' || c == '\'':
			quote = c
			b.WriteByte(c)
		case c == '>':
			b.WriteByte(c)
			return i + 1
		case c == '<':
			b.WriteByte('>')
			return i
		case c == '&':
			i = writeEntity(b, s, i)
			continue
		default:
			b.WriteByte(c)
		}
		i++
	}
	return i
}

// TestCopyTagRuns holds copyTag and indexMarkup equal to the byte loops
// they replace, writing into a docWriter that has not diverged from its
// source and into one that has.
func TestCopyTagRuns(t *testing.T) {
	pieces := []string{"a", "item", " ", `"`, "'", "=", ">", "<", "&", "&amp;", "&nbsp;", "&#233;", "&#x0;", "&bogus",
		"/", "é", "\u0645", "href", "\n", "x<y", "a&b", "&lt;"}
	r := rand.New(rand.NewPCG(19, 20))
	for range 100000 {
		var b strings.Builder
		b.WriteByte('<')
		for n := r.IntN(16); n >= 0; n-- {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		for _, src := range []string{s, ""} {
			fast, slow := docWriter{src: src}, docWriter{src: src}
			fi, si := copyTag(&fast, s, 0), copyTagBytes(&slow, s, 0)
			if fi != si || fast.String() != slow.String() {
				t.Fatalf("copyTag(%q) = %d, %q; byte by byte %d, %q", s, fi, fast.String(), si, slow.String())
			}
		}
		for j := 0; j <= len(s); j++ {
			want := j
			for want < len(s) && s[want] != '&' && s[want] != '<' {
				want++
			}
			if got := indexMarkup(s, j); got != want {
				t.Fatalf("indexMarkup(%q, %d) = %d, want %d", s, j, got, want)
			}
		}
	}
}

func TestContainsXMLNamespace(t *testing.T) {
	if xmlNamespace != "http://www.w3.org/"+"XML/1998/namespace" {
		t.Fatalf("xmlNamespace = %q, not the head and tail containsXMLNamespace searches for", xmlNamespace)
	}
	pieces := []string{xmlNamespace, "http://www.w3.org/", "XML/1998/namespace", "XML/1998/namespac", "ttp://www.w3.org/XML/1998/namespace",
		"x", "h", "X", "http://www.w3.org/XML/1998/", " xmlns:x=\""}
	r := rand.New(rand.NewPCG(21, 22))
	for range 50000 {
		var b strings.Builder
		for n := r.IntN(6); n >= 0; n-- {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := containsXMLNamespace(s), strings.Contains(s, xmlNamespace); got != want {
			t.Fatalf("containsXMLNamespace(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestIsSpaceRune(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if got, want := isSpaceRune(r), unicode.IsSpace(r); got != want {
			t.Fatalf("isSpaceRune(%U) = %v, unicode.IsSpace %v", r, got, want)
		}
	}
}

// cleanLinePrefixRunes is cleanPrefix(s, true) decoding every rune, the
// form it had before its two-byte shortcut.
func cleanLinePrefixRunes(s string) int {
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f || c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ') {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 || r <= 0x9f || r >= 0x2028 && r <= 0x202e ||
			r >= 0x2066 && r <= 0x206f || r == 0xfeff || r >= 0xfff9 && r <= 0xffff ||
			r == 0x200e || r == 0x200f || r == 0x061c || unicode.IsSpace(r) {
			break
		}
		i += size
	}
	if i < len(s) && i > 0 && s[i-1] == ' ' {
		i--
	}
	return i
}
