package topics

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var _ = strings.Contains
var _ = unicode.IsSpace
var _ = utf8.RuneSelf

func oldHostSpans(s string) [][2]int {
	var spans [][2]int
	start := -1
	mark := false // the chunk has a '.' or ':', without which it is no host
	for i := 0; i < len(s); {
		c := s[i]
		var space bool
		size := 1
		if c < utf8.RuneSelf {
			space = c == ' ' || c >= '\t' && c <= '\r'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			// No white space (unicode.IsSpace) lies between U+00A0 and
			// U+1680: Arabic letters need no table lookup.
			space = r == 0x85 || r == 0xA0 || r >= 0x1680 && unicode.IsSpace(r)
		}
		switch {
		case !space:
			if start < 0 {
				start, mark = i, false
			}
			mark = mark || c == '.' || c == ':'
		case start >= 0:
			if mark && isHostChunk(s[start:i]) {
				spans = append(spans, [2]int{start, i})
			}
			start = -1
		}
		i += size
	}
	if start >= 0 && mark && isHostChunk(s[start:]) {
		spans = append(spans, [2]int{start, len(s)})
	}
	return spans
}

func TestZZHostSpansSame(t *testing.T) {
	parts := []string{"a", "b", "ab", ".", ":", " ", "\n", "\u00a0", "\u0085", "\u2000", "\u3000", "www.", "://", "\xc2", "\xa0", "\xe2\x80", "\xff", "ع", "x.y", "..", "1", "\t"}
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 2000000; n++ {
		var b strings.Builder
		k := r.IntN(12)
		for i := 0; i < k; i++ {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		s := b.String()
		if a, c := oldHostSpans(s), hostSpans(s); !slices.Equal(a, c) {
			t.Fatalf("%q: old %v new %v", s, a, c)
		}
	}
}
