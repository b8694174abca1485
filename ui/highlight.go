package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/nashra-reader/nashra/store"
	"github.com/nashra-reader/nashra/ui/bidi"
)

// highlighter finds the list filter's words and phrases in a text for the
// reader: store.Highlighter, which snippets use too, so the reader marks
// exactly what the list's snippets mark (كتاب marks كِتَابٌ and بالكتاب).
type highlighter struct{ h *store.Highlighter }

// newHighlighter returns the highlighter of query, nil when the query has no
// positive word or phrase (only operators, or nothing) or does not parse.
func newHighlighter(query string) *highlighter {
	h, err := store.NewHighlighter(query)
	if err != nil || h == nil {
		return nil
	}
	return &highlighter{h: h}
}

// find returns the occurrences of the query's words and phrases in text as
// byte spans, in order and without overlaps. A nil highlighter finds
// nothing.
func (h *highlighter) find(text string) []bidi.Span {
	if h == nil || text == "" {
		return nil
	}
	return toBidiSpans(h.h.Find(text))
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
