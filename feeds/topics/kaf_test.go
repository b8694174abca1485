package topics

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nashra-reader/nashra/feeds/arabic"
)

// TestMayHaveKafMatchesKafForms checks mayHaveKaf, wordForms' shortcut,
// against kafForms on random words of proclitics, Arabic letters and other
// pieces: where kafForms finds a form reached by removing a bare ك,
// mayHaveKaf is true.
func TestMayHaveKafMatchesKafForms(t *testing.T) {
	pieces := []string{"و", "ف", "ب", "ك", "ل", "ال", "لل", "ا", "كت", "ب", "ة", "ي", "م", "ن", "ه", "ها", "ك", "a", "ۀ", "\u064b", "\xd9"}
	r := rand.New(rand.NewPCG(31, 32))
	hits := 0
	for range 300000 {
		var b strings.Builder
		for n := 1 + r.IntN(7); n > 0; n-- {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		norm := b.String()
		kaf := kafForms(arabic.AppendProclitics(nil, norm), norm)
		if kaf != 0 {
			hits++
			if !mayHaveKaf(norm) {
				t.Fatalf("mayHaveKaf(%q) = false, kafForms = %b", norm, kaf)
			}
		}
	}
	if hits == 0 {
		t.Fatal("no word with a bare ك")
	}
}
