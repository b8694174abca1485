package arabic

import (
	"strings"
	"testing"
)

// TestSoftHyphen checks that soft hyphens (U+00AD) inside a word keep it
// one word, with offsets spanning them, and that the word has the Norm and
// the index term it has without them; a soft hyphen that no letter or
// digit of the word's script follows is not part of the word.
func TestSoftHyphen(t *testing.T) {
	const shy = "\u00ad"
	cases := []struct {
		text string
		want []Token // Norm and offsets into text
	}{
		{"hy" + shy + "phen" + shy + "at" + shy + "ed", []Token{{"hyphenated", 0, 16}}},
		{"Soft" + shy + "hyphen" + shy + "ated pages", []Token{{"softhyphenated", 0, 18}, {"pages", 19, 24}}},
		{"Wort" + shy + shy + "trennung", []Token{{"worttrennung", 0, 16}}},
		{"GP" + shy + "Us are scarce", []Token{{"gpus", 0, 6}, {"are", 7, 10}, {"scarce", 11, 17}}},
		{"gpt" + shy + "4o", []Token{{"gpt4o", 0, 7}}},
		// Arabic: the same, harakat too.
		{"الذ" + shy + "كاء الاصطنا" + shy + "عيّ", []Token{{"الذكاء", 0, 14}, {"الاصطناعي", 15, 37}}},
		// Not inside a word: at its end, at its start, alone, before
		// punctuation or another script.
		{"end" + shy + " next", []Token{{"end", 0, 3}, {"next", 6, 10}}},
		{shy + "start", []Token{{"start", 2, 7}}},
		{"a " + shy + " b", []Token{{"a", 0, 1}, {"b", 5, 6}}},
		{"word" + shy + ".", []Token{{"word", 0, 4}}},
		{"open" + shy + "ذكاء", []Token{{"open", 0, 4}, {"ذكاء", 6, 14}}},
	}
	for _, c := range cases {
		got := Tokenize(c.text)
		if len(got) != len(c.want) {
			t.Errorf("Tokenize(%q) = %v, want %v", c.text, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("Tokenize(%q)[%d] = %+v, want %+v", c.text, i, got[i], c.want[i])
			}
		}
		// The index text is that of the text without its soft hyphens.
		plain := strings.ReplaceAll(c.text, shy, "")
		if got, want := IndexText(c.text), IndexText(plain); got != want {
			t.Errorf("IndexText(%q) = %q, want %q (as %q)", c.text, got, want, plain)
		}
		if got, want := QueryTerms(c.text), QueryTerms(plain); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("QueryTerms(%q) = %q, want %q", c.text, got, want)
		}
	}
	// An acronym plural indexes as the acronym with soft hyphens in it too.
	if got := IndexText("GP" + shy + "Us"); got != "gpu" {
		t.Errorf("IndexText(GP\\u00adUs) = %q, want gpu", got)
	}
}
