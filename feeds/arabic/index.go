package arabic

import "strings"

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
		if isAcronymPlural(s[toks[i].Start:toks[i].End]) {
			toks[i].Norm = toks[i].Norm[:len(toks[i].Norm)-1]
			continue
		}
		toks[i].Norm = Stem(toks[i].Norm)
	}
	return toks
}

// isAcronymPlural reports whether w is two or more ASCII capitals followed
// by a lower-case "s".
func isAcronymPlural(w string) bool {
	if len(w) < 3 || w[len(w)-1] != 's' {
		return false
	}
	for i := 0; i < len(w)-1; i++ {
		if w[i] < 'A' || w[i] > 'Z' {
			return false
		}
	}
	return true
}

// IndexText returns the index terms of s (see IndexTokens) joined by single
// spaces: the text to store in an FTS5 column, whose unicode61 tokenizer then
// sees clean words with no harakat, tatweel or alef variants to trip on.
// It returns "" for a text without words.
func IndexText(s string) string {
	toks := IndexTokens(s)
	if len(toks) == 0 {
		return ""
	}
	var b strings.Builder
	n := len(toks) - 1
	for _, t := range toks {
		n += len(t.Norm)
	}
	b.Grow(n)
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Norm)
	}
	return b.String()
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
