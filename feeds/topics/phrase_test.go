package topics

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/nashra-reader/nashra/feeds/arabic"
)

// matchesRef is matches without the phrase filter of indexSecondWords:
// every phrase among a word's candidates is checked with phraseAt at each
// occurrence, as matches did before the filter.
func (t *Tagger) matchesRef(toks []dtok, sc *scratch) []match {
	var ms []match
	words := sc.words
	for i := range toks {
		tk := &toks[i]
		if tk.chrome {
			continue
		}
		wd := &words[tk.word]
		if !wd.prepared {
			t.prepareWord(wd, sc)
		}
		for _, id := range sc.store[wd.candFrom:wd.candTo] {
			term := &t.terms[id]
			if len(term.words) == 1 {
				if isEntityRole(term.role) && (tk.host || wd.tanween) {
					continue
				}
				ms = append(ms, match{term: id, start: i, n: 1})
				continue
			}
			if n, ok := t.phraseAt(toks, i, term, words); ok {
				ms = append(ms, match{term: id, start: i, n: n})
			}
		}
		if tk.host {
			continue
		}
		if i+1 < len(toks) && wd.pairFrom != wd.pairTo {
			ms = t.fuzzyPairAt(toks, i, sc.store[wd.pairFrom:wd.pairTo], ms, words)
		}
		for _, id := range sc.store[wd.fuzzFrom:wd.fuzzTo] {
			ms = append(ms, match{term: id, start: i, n: 1})
		}
	}
	return ms
}

// phraseTestRules adds to the built-in rules phrases whose second word is
// an "=" spelling (always checked) or a * pattern, in Arabic and Latin.
const phraseTestRules = `
[[topic]]
slug = "phrase-test"
name_en = "Phrase test"
  [[topic.terms]]
  weight = 2
  match = ["deep lea*", "open wei*", "data centr*", "نموذج لغو*", "مركز بيانات*", "red xyl*", "غرفة بحث*"]

[[entity]]
slug = "org:phrase-test"
name_en = "Phrase Test"
aliases = ["=شركة أبل", "=مؤسسة الأمل للبحث"]
ambiguous = ["Blue Harbor"]
context = ["harbor model"]
`

func sortedMatches(ms []match) []match {
	ms = slices.Clone(ms)
	slices.SortFunc(ms, func(a, b match) int {
		if a.start != b.start {
			return a.start - b.start
		}
		if a.term != b.term {
			return int(a.term - b.term)
		}
		return a.n - b.n
	})
	return ms
}

// TestPhraseFilterMatchesPhraseAt holds matches, which checks a phrase
// only where the next word's keys carry the bit of its second word, to
// matchesRef, which checks every phrase with phraseAt, on random texts of
// the rules' own words (with proclitics, pronoun suffixes, plurals,
// capitals and diacritics), filler words, breaks and host names.
func TestPhraseFilterMatchesPhraseAt(t *testing.T) {
	user, err := parseRules("phrase-test", phraseTestRules, DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	for _, tg := range []*Tagger{New(DefaultRules()), New(DefaultRules().Merge(user))} {
		var vocab []string
		for _, tm := range tg.terms {
			for _, w := range strings.Fields(tm.text) {
				vocab = append(vocab, strings.Trim(w, "*="))
			}
		}
		vocab = append(vocab, "the", "and", "في", "من", "x", "Harbor", "le", "أبل", "لغة", "بيانات")
		variants := []func(string) string{
			func(w string) string { return w },
			func(w string) string { return w },
			func(w string) string { return "و" + w },
			func(w string) string { return "بال" + w },
			func(w string) string { return "لل" + w },
			func(w string) string { return w + "ها" },
			func(w string) string { return w + "هم" },
			func(w string) string { return w + "ا" },
			func(w string) string { return w + "s" },
			func(w string) string { return w + "ers" },
			func(w string) string { return strings.ToUpper(w) },
			func(w string) string {
				if w == "" {
					return w
				}
				r := []rune(w)
				r[0] = unicode.ToUpper(r[0])
				return string(r)
			},
			func(w string) string { return w + "\u064b" },
			func(w string) string { return "س" + w },
			func(w string) string { return w[:len(w)/2] },
		}
		seps := []string{" ", " ", " ", " ", ", ", ". ", "\n", " - ", " example.com/", "؛ "}
		r := rand.New(rand.NewPCG(13, 17))
		sc := new(scratch)
		for n := range 20000 {
			var title, body strings.Builder
			for k, nw := 0, r.IntN(40); k < nw; k++ {
				b := &body
				if k < 6 && n%3 == 0 {
					b = &title
				}
				b.WriteString(variants[r.IntN(len(variants))](vocab[r.IntN(len(vocab))]))
				b.WriteString(seps[r.IntN(len(seps))])
			}
			ti, bo := title.String(), body.String()
			toks := tg.analyzeTokens(ti, bo, arabic.Tokenize(ti), arabic.Tokenize(bo), sc)
			got := sortedMatches(tg.matches(toks, sc))
			// A fresh analysis: matches prepared the words already.
			toks = tg.analyzeTokens(ti, bo, arabic.Tokenize(ti), arabic.Tokenize(bo), sc)
			want := sortedMatches(tg.matchesRef(toks, sc))
			if !slices.Equal(got, want) {
				t.Fatalf("title %q body %q:\nmatches    %v\nmatchesRef %v", ti, bo, got, want)
			}
		}
	}
}
