package ui

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/nashra-reader/nashra/feeds/arabic"
	"github.com/nashra-reader/nashra/store"
	"github.com/nashra-reader/nashra/ui/bidi"
)

// highlighter finds a query's words and phrases in a text, the way the
// store's snippets do (store/snippet.go): each positive word or "phrase" of
// the query (not under - or NOT; operators such as tag: and is: are not
// words) becomes the sequence of its index terms, arabic.QueryTerms, and
// an occurrence is a run of consecutive arabic.IndexTokens of the text whose
// Norms equal that sequence. So كتاب highlights كِتَابٌ and بالكتاب, and
// "open weights" highlights the two words together. Offsets are bytes into
// the text shown, never into normalized text.
//
// The query was already accepted by store.ParseQuery; the lexing below
// follows its rules (store/query.go lexQuery) only as far as telling
// words from operators and negations.
type highlighter struct {
	first map[string][]int // first term → indexes into seqs
	seqs  [][]string
}

// queryOps are the query language's operators (op:value).
var queryOps = map[string]bool{"tag": true, "feed": true, "is": true, "lang": true, "since": true, "before": true}

// newHighlighter returns the highlighter of query, nil when the query has no
// positive word or phrase (only operators, or nothing).
func newHighlighter(query string) *highlighter {
	h := &highlighter{first: map[string][]int{}}
	neg := []bool{false} // negation of each open group
	notNext := false     // a - or NOT applies to the next term or group
	for i := 0; i < len(query); {
		r, w := utf8.DecodeRuneInString(query[i:])
		if unicode.IsSpace(r) || r == 0 {
			i += w
			continue
		}
		cur := neg[len(neg)-1]
		switch r {
		case '(':
			neg = append(neg, cur != notNext)
			notNext = false
			i++
			continue
		case ')':
			if len(neg) > 1 {
				neg = neg[:len(neg)-1]
			}
			notNext = false
			i++
			continue
		case '-':
			if i+1 < len(query) {
				n, _ := utf8.DecodeRuneInString(query[i+1:])
				if !unicode.IsSpace(n) && n != ')' {
					notNext = !notNext
					i++
					continue
				}
			}
		}
		// op:value
		op := false
		j := i
		for j < len(query) && (query[j] >= 'a' && query[j] <= 'z' || query[j] >= 'A' && query[j] <= 'Z') {
			j++
		}
		if j < len(query) && query[j] == ':' && j > i && queryOps[strings.ToLower(query[i:j])] {
			op = true
			i = j + 1
		}
		var text string
		quoted := false
		if i < len(query) && query[i] == '"' {
			end := strings.IndexByte(query[i+1:], '"')
			if end < 0 {
				end = len(query) - i - 1
			}
			text, quoted = query[i+1:i+1+end], true
			i = min(i+1+end+1, len(query))
		} else {
			k := i
			for k < len(query) {
				r, w := utf8.DecodeRuneInString(query[k:])
				if unicode.IsSpace(r) || r == 0 || r == '(' || r == ')' || r == '"' {
					break
				}
				k += w
			}
			text = query[i:k]
			i = max(k, i+1)
		}
		if !op && !quoted {
			switch text {
			case "OR", "AND":
				continue
			case "NOT":
				notNext = !notNext
				continue
			}
		}
		negated := cur != notNext
		notNext = false
		if op || negated {
			continue
		}
		if seq := arabic.QueryTerms(text); len(seq) > 0 {
			h.first[seq[0]] = append(h.first[seq[0]], len(h.seqs))
			h.seqs = append(h.seqs, seq)
		}
	}
	if len(h.seqs) == 0 {
		return nil
	}
	return h
}

// find returns the occurrences of the query's words and phrases in text as
// byte spans, in order and without overlaps (at one position the longest
// phrase wins). A nil highlighter finds nothing.
func (h *highlighter) find(text string) []bidi.Span {
	if h == nil || text == "" {
		return nil
	}
	toks := arabic.IndexTokens(text)
	var out []bidi.Span
	for i := 0; i < len(toks); i++ {
		best := 0
		for _, si := range h.first[toks[i].Norm] {
			seq := h.seqs[si]
			if len(seq) <= best || i+len(seq) > len(toks) {
				continue
			}
			ok := true
			for k := 1; k < len(seq); k++ {
				if toks[i+k].Norm != seq[k] {
					ok = false
					break
				}
			}
			if ok {
				best = len(seq)
			}
		}
		if best > 0 {
			out = append(out, bidi.Span{Start: toks[i].Start, End: toks[i+best-1].End})
			i += best - 1
		}
	}
	return out
}

// tabStop is the distance, in cells, between tab stops in article bodies.
const tabStop = 8

// expandTabs replaces each tab of one body paragraph by spaces up to the
// next multiple of tabStop cells, counted in the logical text from the
// start of the paragraph (cells as ansi.StringWidth counts them). This
// keeps columns of tab-separated text (a table, code) aligned on a line
// that is not wrapped; on a wrapped or right-to-left line the stops are
// only approximate. Single-line fields (titles, names) are not expanded:
// the bidi engine draws a tab there as one space.
func expandTabs(p string) string {
	if !strings.Contains(p, "\t") {
		return p
	}
	var b strings.Builder
	b.Grow(len(p) + 16)
	col, start := 0, 0
	for i := 0; i < len(p); i++ {
		if p[i] != '\t' {
			continue
		}
		seg := p[start:i]
		b.WriteString(seg)
		col += ansi.StringWidth(seg)
		n := tabStop - col%tabStop
		b.WriteString(strings.Repeat(" ", n))
		col += n
		start = i + 1
	}
	b.WriteString(p[start:])
	return b.String()
}

// toBidiSpans converts the store's snippet spans (byte offsets) to the
// bidi engine's.
func toBidiSpans(in []store.Span) []bidi.Span {
	if len(in) == 0 {
		return nil
	}
	out := make([]bidi.Span, len(in))
	for i, s := range in {
		out[i] = bidi.Span{Start: s.Start, End: s.End}
	}
	return out
}
