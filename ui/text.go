package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/nashra-reader/nashra/store"
	"github.com/nashra-reader/nashra/ui/bidi"
)

// cell lays out one field — a feed name, a title, a tag — as its own bidi
// paragraph in a cell of w terminal cells: truncated on the logical text
// (the ellipsis lands at the end of the reading direction), then padded to
// exactly w cells, RTL right-aligned and LTR left-aligned. base is the
// field's base direction (bidi.Auto: from its first strong character).
func (c *common) cell(logical string, w int, base bidi.Direction) string {
	if w <= 0 {
		return ""
	}
	return bidi.Truncate(logical, w, bidi.Options{Base: base, Mode: c.bidi}).Pad(w)
}

// renderMarked draws a laid-out line padded to w cells, its marked cells
// (search matches) in style mark and the rest in plain. Styles only color
// whole cells of the line; nothing is re-wrapped or cut.
func renderMarked(l bidi.MarkedLine, w int, plain, mark lipgloss.Style) string {
	if len(l.Marks) == 0 {
		return plain.Render(l.Pad(w))
	}
	var b strings.Builder
	for _, s := range l.Segments(w) {
		if s.Marked {
			b.WriteString(mark.Render(s.Text))
		} else {
			b.WriteString(plain.Render(s.Text))
		}
	}
	return b.String()
}

// markedCell is cell with the ranges spans (byte offsets into logical)
// marked: one field truncated to w cells.
func (c *common) markedCell(logical string, w int, base bidi.Direction, spans []bidi.Span) bidi.MarkedLine {
	if w <= 0 {
		return bidi.MarkedLine{}
	}
	return bidi.TruncateSpans(logical, w, bidi.Options{Base: base, Mode: c.bidi}, spans)
}

// padRight pads s, text this package wrote itself (counts, dates, labels:
// no bidi paragraph of its own), to w cells, cutting it when it is wider.
// Widths are measured with ansi.StringWidth, the function lipgloss and
// bubbletea use.
func padRight(s string, w int) string {
	if w <= 0 {
		return ""
	}
	n := ansi.StringWidth(s)
	if n > w {
		s = ansi.Truncate(s, w, "…")
		n = ansi.StringWidth(s)
	}
	if n < w {
		s += strings.Repeat(" ", w-n)
	}
	return s
}

// padLeft right-aligns s (our own text, like padRight) in w cells.
func padLeft(s string, w int) string {
	if w <= 0 {
		return ""
	}
	n := ansi.StringWidth(s)
	if n > w {
		return ansi.Truncate(s, w, "…")
	}
	return strings.Repeat(" ", w-n) + s
}

// blank is w spaces.
func blank(w int) string {
	if w <= 0 {
		return ""
	}
	return strings.Repeat(" ", w)
}

// box fits lines into a w×h block: it keeps the first h lines, pads each
// (already laid out) line to w cells and adds blank lines below. Lines are
// never re-wrapped.
func box(lines []string, w, h int) []string {
	out := make([]string, h)
	for i := range out {
		if i < len(lines) {
			out[i] = padRight(lines[i], w)
		} else {
			out[i] = blank(w)
		}
	}
	return out
}

// joinColumns puts blocks of equal height side by side with sep between
// them, line by line, and returns the joined lines.
func joinColumns(sep string, blocks ...[]string) []string {
	if len(blocks) == 0 {
		return nil
	}
	h := len(blocks[0])
	out := make([]string, h)
	var b strings.Builder
	for i := 0; i < h; i++ {
		b.Reset()
		for j, blk := range blocks {
			if j > 0 {
				b.WriteString(sep)
			}
			if i < len(blk) {
				b.WriteString(blk[i])
			}
		}
		out[i] = b.String()
	}
	return out
}

// baseOf is the base direction of one of an article's fields: an explicit
// HTML dir wins, then the article's language when the text has Arabic
// letters, then the first strong character (bidi.ResolveBase, issue 3).
func baseOf(explicitDir, lang, text string) bidi.Direction {
	return bidi.ResolveBase(explicitDir, lang, text)
}

// titleBase is the base direction of an article's title. The HTML dir
// attribute belongs to the content it was found on, not to the title, so
// only the language and the title's own letters decide (an English headline
// in an Arabic feed stays left to right).
func titleBase(a *store.Article) bidi.Direction {
	return baseOf("", a.Lang, a.Title)
}

// splitParagraphs turns an article's cleaned text (paragraphs separated by a
// blank line, list items one per line) into bidi paragraphs: every
// non-empty line is one; an empty string marks a paragraph break.
func splitParagraphs(content string) []string {
	content = strings.ReplaceAll(content, "\r\n", "\n")
	var out []string
	for _, para := range strings.Split(content, "\n\n") {
		para = strings.Trim(para, "\n")
		if strings.TrimSpace(para) == "" {
			continue
		}
		if len(out) > 0 {
			out = append(out, "")
		}
		for _, line := range strings.Split(para, "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			out = append(out, line)
		}
	}
	return out
}

// ansiWidth is the width of s in terminal cells, ANSI sequences ignored.
func ansiWidth(s string) int { return ansi.StringWidth(s) }
