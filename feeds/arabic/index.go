package arabic

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// IndexTokens analyzes s for the full-text index: the tokens of Tokenize
// with Norm replaced by the index term, Stem(Norm). Offsets are unchanged
// (bytes into s), so a search hit on a term maps back to the original words
// for highlighted snippets.
//
// Documents and queries go through this same function, which is what makes
// كتاب find الكتاب، وكتاب، كِتَابٌ، بالكتاب (all index as كتاب), أحمد find احمد,
// "OpenAI" find "openai", and a Latin word inside an Arabic title be found
// by itself.
//
// One addition to the S-stemmer: the plural of an acronym written in
// capitals with a lower-case "s" (GPUs, LLMs, APIs, TPUs) indexes as the
// acronym, which Harman's "-us" exception would otherwise keep whole
// ("GPUs" would not be found by "GPU").
func IndexTokens(s string) []Token {
	toks := Tokenize(s)
	for i := range toks {
		toks[i].Norm = indexTerm(s, toks[i])
	}
	return toks
}

// isAcronymPlural reports whether w is two or more ASCII capitals followed
// by a lower-case "s", soft hyphens (U+00AD) between them aside (a word
// indexes as it would without them: see Tokenize).
func isAcronymPlural(w string) bool {
	if len(w) < 3 || w[len(w)-1] != 's' {
		return false
	}
	caps := 0
	for i := 0; i < len(w)-1; i++ {
		if w[i] == 0xC2 && w[i+1] == 0xAD {
			i++ // a soft hyphen, before the final s
			continue
		}
		if w[i] < 'A' || w[i] > 'Z' {
			return false
		}
		caps++
	}
	return caps >= 2
}

// IndexText returns the index terms of s (see IndexTokens) joined by single
// spaces: the text to store in an FTS5 column, whose unicode61 tokenizer then
// sees clean words with no harakat, tatweel or alef variants to trip on.
// It returns "" for a text without words.
func IndexText(s string) string {
	return IndexTextTokens(s, Tokenize(s))
}

// IndexTextTokens is IndexText(s) for toks = Tokenize(s), already computed
// (by the tagger, which matches on the same tokens): it returns the same
// string without tokenizing s again. toks is not modified.
func IndexTextTokens(s string, toks []Token) string {
	if len(toks) == 0 {
		return ""
	}
	n := len(toks) - 1
	for _, t := range toks {
		n += len(t.Norm)
	}
	// A Builder grown to the upper bound (a term is never longer than its
	// Norm) returns its bytes as the string: one allocation, no copy.
	var b strings.Builder
	b.Grow(n)
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(indexTerm(s, t))
	}
	return b.String()
}

// indexTerm is the index term of token t of s (see IndexTokens).
func indexTerm(s string, t Token) string { return IndexTerm(s[t.Start:t.End], t.Norm) }

// IndexTerm is the index term (see IndexTokens) of a token whose word as
// written is word (s[Start:End]) and whose matching form is norm (its
// Norm): one word's share of IndexText, for callers that analyze each
// distinct word of a text once.
func IndexTerm(word, norm string) string {
	if isAcronymPlural(word) {
		return norm[:len(norm)-1]
	}
	return Stem(norm)
}

// QueryTerms returns the index terms of a query word or phrase, in order:
// the same analysis as IndexText, so that a query matches exactly what the
// index stores. A phrase query should match its terms as an FTS5 phrase
// ("GPT-4" gives gpt 4, "open-source" gives open source). Query syntax
// (quotes, operators) is the caller's to strip first.
func QueryTerms(s string) []string {
	toks := IndexTokens(s)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Norm
	}
	return out
}

// variantProclitics are the proclitics a document word may carry that
// Stem does not remove: the prepositions ب ك ل and the conjunction ف are
// not light10 prefixes on their own (a bare ب or ل would too often be a
// root letter), nor are ف or و with one of them, and Stem removes one
// prefix only, so و before بال، كال، لل loses the و and keeps the rest
// (وبالكتاب is indexed as بالكتاب).
var variantProclitics = []string{
	"ب", "ك", "ل", "ف", "فب", "فك", "فل", "وب", "وك", "ول",
	"وبال", "وكال", "ولل", "فبال", "فكال", "فلل",
}

// ProcliticVariants returns the index terms (see IndexTokens) of a
// one-word Arabic query's word with a proclitic attached that Stem keeps:
// for جوجل, لجوجل, بجوجل, فلجوجل…; for كتاب or الكتاب, also بالكتاب (the
// term of وبالكتاب). A search that matches these besides the word's own
// term finds the word behind any preposition or conjunction, which light
// stemming alone cannot do without taking root letters off every word
// that starts with ب or ل.
//
// It returns nil unless word is exactly one Arabic word whose letters,
// without a leading light10 prefix (ال، وال، بال، كال، فال، لل، و), number
// at least three; and it leaves out variants under three letters (Stem
// reduces للبنان to بن, which would match every "بن" of a name). The terms
// are distinct and differ from the word's own term.
func ProcliticVariants(word string) []string {
	toks := Tokenize(word)
	if len(toks) != 1 {
		return nil
	}
	norm := toks[0].Norm
	r, _ := utf8.DecodeRuneInString(norm)
	if !IsArabicLetter(r) {
		return nil
	}
	bare, n := stemArabicPrefix(norm, utf8.RuneCountInString(norm))
	if n < 3 {
		return nil
	}
	base := Stem(norm)
	var out []string
	for _, p := range variantProclitics {
		v := Stem(p + bare)
		if v != base && utf8.RuneCountInString(v) >= 3 && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
