package topics

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nashra-reader/nashra/feeds/arabic"
)

// last3RunesSlow is last3Runes without its shortcuts.
func last3RunesSlow(s string) string {
	i := len(s)
	for k := 0; k < 3 && i > 0; k++ {
		_, sz := utf8.DecodeLastRuneInString(s[:i])
		i -= sz
	}
	return s[i:]
}

// fuzzyEdit returns k with one random edit (a rune deleted, inserted or
// changed, or two neighbours swapped), the edit near the start, near the
// end or anywhere, the runes inserted drawn from pieces.
func fuzzyEdit(r *rand.Rand, k string, pieces []string) string {
	rs := []rune(k)
	p := r.IntN(len(rs))
	switch r.IntN(3) {
	case 0:
		p = min(p, 3)
	case 1:
		p = max(len(rs)-1-r.IntN(4), 0)
	}
	piece := []rune(pieces[r.IntN(len(pieces))])
	switch r.IntN(4) {
	case 0:
		rs = slices.Delete(rs, p, p+1)
	case 1:
		rs = slices.Insert(rs, p, piece...)
	case 2:
		rs = slices.Replace(rs, p, p+1, piece...)
	default:
		if p+1 < len(rs) {
			rs[p], rs[p+1] = rs[p+1], rs[p]
		}
	}
	return string(rs)
}

// TestFuzzyEndsFilter holds fuzzyWord's shortcut (mayBeFuzzy: a form
// one edit away from a fuzzy alias shares its first or its last three
// runes) to fuzzyWord without it (fuzzAll), on words one or two random
// edits away from the built-in aliases' keys, with proclitics and bytes
// that are not valid UTF-8; and last3Runes to decoding from the end.
func TestFuzzyEndsFilter(t *testing.T) {
	tg := New(DefaultRules())
	slow := New(DefaultRules())
	slow.fuzzAll = true
	var keys []string
	for _, tm := range tg.terms {
		if tm.role == roleAlias && len(tm.words) == 1 && fuzzyEligible(tm.words[0]) {
			keys = append(keys, tm.words[0].key)
		}
	}
	if len(keys) < 20 {
		t.Fatalf("only %d fuzzy aliases", len(keys))
	}
	r := rand.New(rand.NewPCG(21, 22))
	found := 0
	for range 200000 {
		k := keys[r.IntN(len(keys))]
		w := fuzzyEdit(r, k, fastPathPieces)
		if r.IntN(3) == 0 {
			w = fuzzyEdit(r, w, fastPathPieces)
		}
		if r.IntN(4) == 0 {
			w = "و" + w
		}
		if got, want := last3Runes(w), last3RunesSlow(w); got != want {
			t.Fatalf("last3Runes(%q) = %q, want %q", w, got, want)
		}
		if !tg.mayBeFuzzy(w) {
			for _, k := range keys {
				if osaWithin1(w, k) {
					t.Fatalf("mayBeFuzzy(%q) = false, but it is one edit from %q", w, k)
				}
			}
		}
		norm := arabic.Normalize(w)
		if norm == "" {
			continue
		}
		if tk := arabic.Tokenize(w); len(tk) == 1 {
			norm = tk[0].Norm
		}
		var fast, ref dword
		for _, d := range []*dword{&fast, &ref} {
			*d = dword{norm: norm, orig: w}
			d.forms, d.kaf, d.latin, d.tanween = wordForms(nil, norm, w)
		}
		got, want := tg.fuzzyWord(&fast, nil), slow.fuzzyWord(&ref, nil)
		if !slices.Equal(got, want) {
			t.Fatalf("fuzzyWord(%q) = %v, without the shortcut %v", w, got, want)
		}
		found += len(want)
	}
	if found == 0 {
		t.Fatal("no fuzzy match among the edited words")
	}
	for range 100000 {
		s := randomPieces(r) + strings.Repeat(fastPathPieces[r.IntN(len(fastPathPieces))], r.IntN(3))
		if got, want := last3Runes(s), last3RunesSlow(s); got != want {
			t.Fatalf("last3Runes(%q) = %q, want %q", s, got, want)
		}
	}
}
