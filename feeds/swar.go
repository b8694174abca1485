package feeds

import "math/bits"

// Word-at-a-time byte tests for the scans that look at every byte of a
// document or a text (charsClean, cleanTextPrefix, isPlainASCII,
// singleSpaced, fixMarkup's indexMarkup): eight bytes are
// tested at once, and only a word holding a byte of interest is looked at
// byte by byte.

const (
	swarOnes = 0x0101010101010101
	swarHigh = 0x8080808080808080
)

// load64 returns the eight bytes of s from i on as a little-endian word;
// i+8 <= len(s). The compiler merges the byte loads into one.
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// printableASCII8 reports whether every byte of w is in 0x20–0x7E: none
// has its high bit set, none is below 0x20 (the classic "has a byte less
// than n" test: subtracting 0x20 from a byte below it borrows into its high
// bit, which ^w keeps only when the byte was below 0x80) and none is 0x7F
// (w ^ 0x7F… has a zero byte there).
func printableASCII8(w uint64) bool {
	below := (w - 0x20*swarOnes) &^ w
	d := w ^ 0x7F*swarOnes
	del := (d - swarOnes) &^ d
	return (w|below|del)&swarHigh == 0
}

// zeroBytes returns w with the high bit of each zero byte set and every
// other bit clear. Adding 0x7F to the low seven bits of a byte carries into
// its high bit exactly when one of them is set, and never out of the byte,
// so (unlike the shorter borrow test) every byte is told exactly.
func zeroBytes(w uint64) uint64 {
	return ^((w&(0x7F*swarOnes) + 0x7F*swarOnes) | w) & swarHigh
}

// doubleSpace reports whether w, eight bytes of a text (its first byte in
// the low byte of w), holds two spaces in a row, or starts with a space
// when prevSpace (the byte before it is one); endsSpace is whether its
// last byte is a space, the next word's prevSpace. For isPlainASCII and
// singleSpaced.
func doubleSpace(w uint64, prevSpace bool) (double, endsSpace bool) {
	spaces := zeroBytes(w ^ ' '*swarOnes) // the high bit of each ' '
	return spaces&(spaces>>8) != 0 || prevSpace && spaces&0x80 != 0, spaces>>63 != 0
}

// indexMarkup returns the index of the first '&' or '<' in s from j on,
// len(s) if there is none.
func indexMarkup(s string, j int) int {
	for ; j+8 <= len(s); j += 8 {
		w := load64(s, j)
		if m := zeroBytes(w^'&'*swarOnes) | zeroBytes(w^'<'*swarOnes); m != 0 {
			return j + bits.TrailingZeros64(m)/8
		}
	}
	for j < len(s) && s[j] != '&' && s[j] != '<' {
		j++
	}
	return j
}

// twoByteRun returns the index after the run of two-byte runes that starts
// at s[i], each a lead byte from minLead (at least C2) to DF and a
// continuation byte: valid UTF-8 for U+0080–U+07FF (Arabic, Hebrew, Greek,
// Cyrillic, accented Latin); i when s[i] starts none.
func twoByteRun(s string, i int, minLead byte) int {
	for i+1 < len(s) {
		if c := s[i]; c < minLead || c > 0xDF || s[i+1]&0xC0 != 0x80 {
			break
		}
		i += 2
	}
	return i
}
