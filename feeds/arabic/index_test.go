package arabic

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// finds reports whether every query term occurs in the document's index
// terms, in order and adjacent (a phrase match, as FTS5 would do it).
func finds(query, doc string) bool {
	q := QueryTerms(query)
	d := strings.Fields(IndexText(doc))
	if len(q) == 0 {
		return false
	}
	for i := 0; i+len(q) <= len(d); i++ {
		if slices.Equal(d[i:i+len(q)], q) {
			return true
		}
	}
	return false
}

func TestSearchEquivalence(t *testing.T) {
	tests := []struct {
		name, query, doc string
		want             bool
	}{
		{"bare word", "كتاب", "قرأت كتاب اليوم", true},
		{"with article", "كتاب", "قرأت الكتاب اليوم", true},
		{"with conjunction", "كتاب", "قلم وكتاب", true},
		{"fully vowelled", "كتاب", "هذا كِتَابٌ مفيد", true},
		{"with bi+article", "كتاب", "بدأ بالكتاب", true},
		{"query vowelled, doc bare", "كِتَابٌ", "الكتاب", true},
		{"alef with hamza vs bare alef", "أحمد", "قال احمد", true},
		{"bare alef vs alef with hamza", "احمد", "قال أحمد", true},
		{"alef maqsura vs yeh", "مستشفى", "في المستشفي", true},
		{"teh marbuta vs heh", "شركة", "الشركه الجديدة", true},
		{"tatweel", "ميتا", "شركة مـيـتـا", true},
		{"english case-insensitive", "openai", "OpenAI announced", true},
		{"english upper query", "NVIDIA", "Nvidia's chips", true},
		{"english plural", "model", "new models", true},
		{"latin word inside arabic title", "Llama", "ميتا تكشف عن Llama 4 الجديد", true},
		{"arabic word in the same mixed title", "تكشف", "ميتا تكشف عن Llama 4 الجديد", true},
		{"latin word glued to arabic conjunction", "gemini", "نماذج Claude وGemini", true},
		{"hyphenated query as phrase", "open-source", "an open source model", true},
		{"model version", "GPT-4", "GPT-4 and GPT-5", true},
		{"arabic-indic digits", "2025", "عام ٢٠٢٥", true},
		{"different word", "كتاب", "مكتبة كبيرة", false},
		{"no substring match", "ai", "he SAID so", false},
		{"no substring match in arabic", "ليكون", "وادي السيليكون", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := finds(tt.query, tt.doc); got != tt.want {
				t.Errorf("query %q in %q: found=%v, want %v (query terms %q, index %q)",
					tt.query, tt.doc, got, tt.want, QueryTerms(tt.query), IndexText(tt.doc))
			}
		})
	}
}

func TestIndexTokensOffsets(t *testing.T) {
	s := "أطلقت «ميتا» نموذجها الجديد Llama-4."
	toks := IndexTokens(s)
	var orig, terms []string
	for _, tk := range toks {
		orig = append(orig, s[tk.Start:tk.End])
		terms = append(terms, tk.Norm)
	}
	wantOrig := []string{"أطلقت", "ميتا", "نموذجها", "الجديد", "Llama", "4"}
	wantTerms := []string{"اطلقت", "ميتا", "نموذج", "جديد", "llama", "4"}
	if !slices.Equal(orig, wantOrig) || !slices.Equal(terms, wantTerms) {
		t.Errorf("IndexTokens(%q)\n orig %q want %q\nterms %q want %q", s, orig, wantOrig, terms, wantTerms)
	}
	if got := IndexText(s); got != strings.Join(wantTerms, " ") {
		t.Errorf("IndexText = %q", got)
	}
	if IndexText("…،") != "" {
		t.Error("IndexText of punctuation should be empty")
	}
}

func TestIndexAcronymPlurals(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"GPUs", "gpu"},
		{"LLMs", "llm"},
		{"APIs", "api"},
		{"GPU", "gpu"},
		{"Gus", "gus"},       // not an acronym
		{"campus", "campus"}, // Harman's -us exception stays
		{"GPUS", "gpus"},     // all capitals: no plural marker to read
	} {
		if got := IndexText(c.in); got != c.want {
			t.Errorf("IndexText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestProcliticVariants(t *testing.T) {
	tests := []struct {
		word string
		has  []string
		none bool
	}{
		{word: "جوجل", has: []string{"بجوجل", "لجوجل", "كجوجل", "فجوجل", "فلجوجل"}},
		{word: "الكتاب", has: []string{"بالكتاب"}}, // وبالكتاب is indexed as بالكتاب
		{word: "والكتاب", has: []string{"بالكتاب", "لكتاب"}},
		{word: "أبل", has: []string{"لابل"}},
		{word: "يد", none: true},
		{word: "open", none: true},
		{word: "جوجل ميتا", none: true},
	}
	for _, tt := range tests {
		got := ProcliticVariants(tt.word)
		for _, v := range got {
			if utf8.RuneCountInString(v) < 3 {
				t.Errorf("ProcliticVariants(%q) = %q: %q is under three letters", tt.word, got, v)
			}
		}
		if tt.none != (got == nil) {
			t.Errorf("ProcliticVariants(%q) = %q", tt.word, got)
		}
		for _, h := range tt.has {
			if !slices.Contains(got, h) {
				t.Errorf("ProcliticVariants(%q) = %q, lacks %q", tt.word, got, h)
			}
		}
		base := QueryTerms(tt.word)
		for _, v := range got {
			if len(base) == 1 && v == base[0] {
				t.Errorf("ProcliticVariants(%q) repeats the word's own term %q", tt.word, v)
			}
		}
	}
}
