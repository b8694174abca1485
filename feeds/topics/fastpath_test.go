package topics

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// fastPathPieces are what the tagger's byte-level shortcuts must tell
// apart: ASCII, two-byte runes inside and outside the Arabic block (lead
// bytes D8–DB), three-byte runes, and invalid bytes (stray continuation
// bytes, a lone lead byte, C0/C1).
var fastPathPieces = []string{
	"a", "Z", "7", " ", "ا", "ك", "ي", "\u064b", "\u0640", "ۀ", "ے", "é", "ß", "ж", "א",
	"\u0750", "\ufefb", "中", "\u200c", "\x80", "\xd9", "\xdb", "\xc0\x80", "\xc1\xbf", "\xdf\xbf",
}

func randomPieces(r *rand.Rand) string {
	var b strings.Builder
	for n := r.IntN(9); n > 0; n-- {
		b.WriteString(fastPathPieces[r.IntN(len(fastPathPieces))])
	}
	return b.String()
}

// firstRunesSlow is firstRunes by ranging over s.
func firstRunesSlow(s string, n int) string {
	k := 0
	for i := range s {
		if k == n {
			return s[:i]
		}
		k++
	}
	return s
}

// TestFirstRunesFastPaths checks firstRune, firstRunes and first3Runes
// against utf8 and a range over the string, on random strings of the
// pieces above.
func TestFirstRunesFastPaths(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 300000 {
		s := randomPieces(r)
		if want, _ := utf8.DecodeRuneInString(s); firstRune(s) != want {
			t.Fatalf("firstRune(%q) = %U, want %U", s, firstRune(s), want)
		}
		want := firstRunesSlow(s, 3)
		if got := firstRunes(s, 3); got != want {
			t.Fatalf("firstRunes(%q, 3) = %q, want %q", s, got, want)
		}
		if got := first3Runes(s); got != want {
			t.Fatalf("first3Runes(%q) = %q, want %q", s, got, want)
		}
	}
}
