package bidi

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Span is a marked range of a logical string (a search match, say): byte
// offsets into that string, Start inclusive, End exclusive.
type Span struct {
	Start, End int
}

// CellRange is a range of cells of a visual line: 0-based columns into
// Line.Text (before any padding), From inclusive, To exclusive.
type CellRange struct {
	From, To int
}

// MarkedLine is a visual line together with the cells that show marked
// logical text. After reordering, one contiguous logical range can show as
// several ranges of cells (an Arabic word inside an English line, a span
// that crosses a direction change), so Marks may hold several ranges per
// span. Marks are in ascending order, neither overlapping nor touching.
type MarkedLine struct {
	Line
	Marks []CellRange
}

// Segment is a run of a padded visual line that is either all marked or all
// unmarked; see MarkedLine.Segments.
type Segment struct {
	Text   string
	Marked bool
}

// LayoutSpans lays out logical exactly as Layout does and also returns, for
// each visual line, the cells that show a rune inside one of spans. A
// grapheme cluster is marked when any of its runes overlaps a span (so a
// letter and its harakat are marked together); bidi controls take no cells
// and are never marked; a cluster too wide for the box, drawn as "…", is
// marked as one cell. The mapping from logical clusters to cells is the
// engine's own (L2 reordering by cluster, the two-cell lam + alef), so the
// cells are exact in every mode: in Terminal and Off modes, where the line
// stays in logical order, they are the logical cells. spans are byte
// offsets into logical, in any order, and may overlap; ranges outside
// logical are ignored.
func LayoutSpans(logical string, width int, o Options, spans []Span) []MarkedLine {
	e := getEngine()
	defer putEngine(e)
	e.prepare(logical, o)
	e.markRunes(logical, spans)
	segs := e.wrap(width)
	lines := make([]MarkedLine, len(segs))
	for i, sp := range segs {
		lines[i] = e.renderMarked(sp.from, sp.to, o.Mode, width)
	}
	return lines
}

// TruncateSpans is Truncate with marks: logical laid out as one line of at
// most width cells, cut on the logical text with "…" at its logical end,
// and the cells that show runes inside spans (byte offsets into logical).
// The ellipsis is never marked.
func TruncateSpans(logical string, width int, o Options, spans []Span) MarkedLine {
	e := getEngine()
	defer putEngine(e)
	e.prepare(logical, o)
	e.markRunes(logical, spans)
	if width <= 0 || e.totalWidth() <= width {
		l := e.renderMarked(0, len(e.clusters), o.Mode, 0)
		if width <= 0 || l.Width <= width {
			return l
		}
	}
	cut := e.truncateCut(width)
	marks := append([]bool(nil), e.marked[:cut]...)
	o.Base = e.base()
	e.prepare(e.truncatedText(cut), o)
	e.marked = append(e.marked[:0], marks...)
	for len(e.marked) < len(e.text) {
		e.marked = append(e.marked, false)
	}
	return e.renderMarked(0, len(e.clusters), o.Mode, width)
}

// Segments returns the line padded to width cells as Line.Pad pads it
// (leading spaces for an RTL line, trailing ones otherwise) and split into
// runs of marked and unmarked cells, in visual order; the padding is
// unmarked. Joining the Texts gives Pad(width). Zero-width marks (the
// Terminal-mode LRM/RLM guards) go with the cell they precede.
func (l MarkedLine) Segments(width int) []Segment {
	pad := ""
	if width > l.Width {
		pad = strings.Repeat(" ", width-l.Width)
	}
	var segs []Segment
	add := func(s string, marked bool) {
		if s == "" {
			return
		}
		if n := len(segs); n > 0 && segs[n-1].Marked == marked {
			segs[n-1].Text += s
			return
		}
		segs = append(segs, Segment{Text: s, Marked: marked})
	}
	if l.RTL {
		add(pad, false)
	}
	if len(l.Marks) == 0 {
		add(l.Text, false)
	} else {
		s := l.Text
		col, start, mi := 0, 0, 0
		cur := false
		for off := 0; off < len(s); {
			cl, w := ansi.FirstGraphemeCluster(s[off:], ansi.GraphemeWidth)
			size := max(len(cl), 1)
			w = clusterWidth(s[off:off+size], w)
			for mi < len(l.Marks) && l.Marks[mi].To <= col {
				mi++
			}
			in := w > 0 && mi < len(l.Marks) && l.Marks[mi].From <= col
			if w == 0 {
				in = cur // a zero-width cell stays with the run it is in
			}
			if in != cur && off > start {
				add(s[start:off], cur)
				start = off
			}
			cur = in
			col += w
			off += size
		}
		add(s[start:], cur)
	}
	if !l.RTL {
		add(pad, false)
	}
	return segs
}

// markRunes sets e.marked for the runes of the prepared text that overlap
// spans (byte offsets into logical).
func (e *engine) markRunes(logical string, spans []Span) {
	n := len(e.text)
	e.marked = grow(e.marked, n)
	clear(e.marked)
	if len(spans) == 0 {
		return
	}
	sp := make([]Span, 0, len(spans))
	for _, s := range spans {
		if s.End > s.Start && s.Start < len(logical) && s.End > 0 {
			sp = append(sp, s)
		}
	}
	if len(sp) == 0 {
		return
	}
	slices.SortFunc(sp, func(a, b Span) int { return a.Start - b.Start })
	k, j := 0, 0
	for bi := 0; bi < len(logical) && k < n; k++ {
		_, size := utf8.DecodeRuneInString(logical[bi:])
		end := bi + size
		for j < len(sp) && sp[j].End <= bi {
			j++
		}
		for q := j; q < len(sp) && sp[q].Start < end; q++ {
			if sp[q].End > bi {
				e.marked[k] = true
				break
			}
		}
		bi = end
	}
}

// clusterMarked reports whether any rune of c is marked.
func (e *engine) clusterMarked(c cluster) bool {
	for k := c.start; k < c.end; k++ {
		if e.marked[k] {
			return true
		}
	}
	return false
}

// renderMarked draws clusters [from, to) as render does, fits the line to
// width (width > 0) and computes the marked cells.
func (e *engine) renderMarked(from, to int, m Mode, width int) MarkedLine {
	cols := grow(e.cols, to-from)
	e.cols = cols
	l := MarkedLine{Line: e.renderCols(from, to, m, cols)}
	var marks []CellRange
	for i, c := range e.clusters[from:to] {
		if w := drawnWidth(c); w > 0 && e.clusterMarked(c) {
			marks = append(marks, CellRange{cols[i], cols[i] + w})
		}
	}
	if width > 0 && l.Width > width {
		before := l.Width
		l.Line = fitWidth(l.Line, width)
		if l.RTL { // fitWidth dropped cells on the left
			shift := before - l.Width
			for i := range marks {
				marks[i].From -= shift
				marks[i].To -= shift
			}
		}
	}
	l.Marks = mergeRanges(marks, l.Width)
	return l
}

// drawnWidth is how many cells a cluster takes when drawn.
func drawnWidth(c cluster) int {
	switch {
	case c.drop:
		return 0
	case c.tooWide:
		return 1
	}
	return int(c.width)
}

// mergeRanges sorts ranges, clips them to [0, width) and joins those that
// overlap or touch.
func mergeRanges(rs []CellRange, width int) []CellRange {
	if len(rs) == 0 {
		return nil
	}
	slices.SortFunc(rs, func(a, b CellRange) int { return a.From - b.From })
	out := rs[:0]
	for _, r := range rs {
		r.From, r.To = max(r.From, 0), min(r.To, width)
		if r.To <= r.From {
			continue
		}
		if n := len(out); n > 0 && r.From <= out[n-1].To {
			out[n-1].To = max(out[n-1].To, r.To)
			continue
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
