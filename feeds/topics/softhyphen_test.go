package topics

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// withSoftHyphens puts a soft hyphen (U+00AD) after the first letter of
// each word of s that has at least two letters, as text hyphenated for
// print has them: inside the word, which arabic.Tokenize keeps whole.
func withSoftHyphens(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		if r, n := utf8.DecodeRuneInString(w); utf8.RuneCountInString(w) >= 2 && r != utf8.RuneError {
			words[i] = w[:n] + "\u00ad" + w[n:]
		}
	}
	return strings.Join(words, " ")
}

// TestCasedSpellingWithSoftHyphens: a word written with soft hyphens is
// the word without them (arabic.Tokenize), for the cased spellings too
// ("An\u00ADthropic" is Anthropic, as "Zucker\u00ADberg" is Zuckerberg):
// every cased spelling of the built-in rules, hyphenated, tags what it
// tags without the hyphens.
func TestCasedSpellingWithSoftHyphens(t *testing.T) {
	tg := New(DefaultRules())
	names := func(tags []Tag) []string {
		var out []string
		for _, g := range tags {
			out = append(out, g.Name)
		}
		return out
	}
	n := 0
	for _, tm := range tg.terms {
		cased := false
		if tm.role != roleAlias {
			continue // cased topic terms weigh in a score; an alias tags alone
		}
		for _, w := range tm.words {
			cased = cased || w.cased != ""
		}
		if !cased {
			continue
		}
		plain := "Yesterday " + tm.text + " said so."
		shy := "Yesterday " + withSoftHyphens(tm.text) + " said so."
		want := names(tg.Tag("", plain, "en"))
		if !slices.Contains(want, tg.entities[tm.owner].Slug) {
			continue // a spelling that needs more than itself ("X.AI": a dot is a break)
		}
		n++
		if got := names(tg.Tag("", shy, "en")); !slices.Equal(got, want) {
			t.Errorf("%q tags %v, without its soft hyphens %v", shy, got, want)
		}
	}
	if n < 4 {
		t.Fatalf("only %d cased spellings of the built-in rules tag alone", n)
	}
}
