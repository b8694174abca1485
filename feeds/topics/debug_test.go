package topics

import (
	"fmt"
	"strings"

	"github.com/nashra-reader/nashra/feeds/arabic"
)

// debugScores returns the topic scores of an article above 1, for the
// evaluation's verbose output.
func (t *Tagger) debugScores(title, body string) string {
	sc := new(scratch)
	toks := t.analyzeTokens(title, body, arabic.Tokenize(title), arabic.Tokenize(body), sc)
	trace := map[int][]string{}
	_, scores := t.decide(toks, t.matches(toks, sc), title, body, trace, sc)
	if scores == nil {
		return "(domain gate closed)"
	}
	var parts []string
	for i, s := range scores {
		if s >= 1 {
			parts = append(parts, fmt.Sprintf("%s=%.1f", t.topics[i].Slug, s))
			if s >= 5 {
				parts = append(parts, fmt.Sprintf("\n      %s", trace[i]))
			}
		}
	}
	return strings.Join(parts, " ")
}
