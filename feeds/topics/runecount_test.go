package topics

import (
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

func TestRuneCountMatchesUTF8(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	// Bytes drawn mostly from ASCII, Arabic lead and continuation bytes,
	// with any byte now and then: valid words and every kind of broken one.
	pick := []byte{'a', 'Z', '1', ' ', 0xD8, 0xD9, 0xA7, 0x84, 0x88, 0xC2, 0xDF, 0xC0, 0xE2, 0x80, 0xF0, 0x9F}
	for i := 0; i < 200000; i++ {
		b := make([]byte, r.IntN(12))
		for k := range b {
			if r.IntN(8) == 0 {
				b[k] = byte(r.UintN(256))
			} else {
				b[k] = pick[r.IntN(len(pick))]
			}
		}
		if got, want := runeCount(string(b)), utf8.RuneCountInString(string(b)); got != want {
			t.Fatalf("runeCount(%x) = %d, want %d", b, got, want)
		}
	}
}
