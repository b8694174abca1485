package ui

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/nashra-reader/nashra/feeds"
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
	return c.truncate(logical, w, base).Pad(w)
}

// cellStart is cell with the text at the start of the cell (after w's
// left edge) whatever its direction, for the feeds pane, whose tree
// indentation a right-aligned Arabic name would hide.
func (c *common) cellStart(logical string, w int, base bidi.Direction) string {
	if w <= 0 {
		return ""
	}
	l := c.truncate(logical, w, base)
	return l.Text + blank(w-l.Width)
}

// truncate is bidi.Truncate of text from a feed (termText applied): one
// bidi paragraph cut to at most w cells, unpadded.
func (c *common) truncate(logical string, w int, base bidi.Direction) bidi.Line {
	return bidi.Truncate(termText(logical), w, bidi.Options{Base: base, Mode: c.bidi})
}

// layout is bidi.Layout of text from a feed (termText applied): one bidi
// paragraph in lines of at most w cells.
func (c *common) layout(logical string, w int, base bidi.Direction) []bidi.Line {
	return bidi.Layout(termText(logical), w, bidi.Options{Base: base, Mode: c.bidi})
}

// layoutSpans is bidi.LayoutSpans of text from a feed (termText applied,
// spans moved with it).
func (c *common) layoutSpans(logical string, w int, base bidi.Direction, spans []bidi.Span) []bidi.MarkedLine {
	logical, spans = termTextSpans(logical, spans)
	return bidi.LayoutSpans(logical, w, bidi.Options{Base: base, Mode: c.bidi}, spans)
}

// vs16 is VARIATION SELECTOR-16, which asks for the emoji presentation of
// the character before it; zwj is ZERO WIDTH JOINER.
const (
	vs16 = '\uFE0F'
	zwj  = '\u200D'
)

// termText drops each U+FE0F (VS16) that follows a character whose default
// presentation is text (Emoji_Presentation=No, UTS #51), such as U+269C
// in "⚜️": ansi.StringWidth counts the pair as one 2-cell emoji, while
// terminals that ignore VS16 (xterm, tmux) draw the character in 1 cell,
// so every cell after it would be drawn one column off. Without the
// selector both say 1 cell. A character measures 1 cell alone exactly when
// it is narrow and not Emoji_Presentation (such characters are East Asian
// Wide, UAX #11), which is the test used here. A VS16 inside an emoji ZWJ
// sequence (followed by U+200D) is kept: the sequence is one cluster either
// way. Text without U+FE0F is returned as it is.
func termText(s string) string {
	if !strings.ContainsRune(s, vs16) {
		return s
	}
	t, _ := termTextSpans(s, nil)
	return t
}

// termTextSpans is termText that also moves spans (byte offsets into s) to
// the same text in the result.
func termTextSpans(s string, spans []bidi.Span) (string, []bidi.Span) {
	if !strings.ContainsRune(s, vs16) {
		return s, spans
	}
	var b strings.Builder
	b.Grow(len(s))
	var dropped []int // byte offsets in s of the dropped selectors
	prev := rune(-1)
	for i, r := range s {
		if r == vs16 && prev >= 0 && !strings.HasPrefix(s[i+utf8.RuneLen(vs16):], string(zwj)) &&
			ansi.StringWidth(string(prev)) == 1 {
			dropped = append(dropped, i)
			prev = r
			continue
		}
		b.WriteRune(r)
		prev = r
	}
	if len(dropped) == 0 || len(spans) == 0 {
		return b.String(), spans
	}
	n := utf8.RuneLen(vs16)
	move := func(off int) int {
		k := 0
		for k < len(dropped) && dropped[k] < off {
			k++
		}
		return off - k*n
	}
	out := make([]bidi.Span, len(spans))
	for i, sp := range spans {
		out[i] = bidi.Span{Start: move(sp.Start), End: move(sp.End)}
	}
	return b.String(), out
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
	logical, spans = termTextSpans(logical, spans)
	return bidi.TruncateSpans(logical, w, bidi.Options{Base: base, Mode: c.bidi}, spans)
}

// isolate wraps s, a name from the user or a feed put inside a sentence
// this package writes (a status message), in FIRST STRONG ISOLATE …
// POP DIRECTIONAL ISOLATE (UAX #9, U+2068 … U+2069): its direction comes
// from its own first strong letter, and an Arabic name stays one run
// instead of pulling the text after it (": 0", "(2 feeds)") into its run.
func isolate(s string) string { return "\u2068" + s + "\u2069" }

// isolateTag is isolate for a tag name, without the bidi formatting
// characters (UAX #9 embeddings, overrides, isolates and LRM, RLM, ALM) a
// user's tag could hold before AddTag took them out: a stray U+2069 in an
// older database would otherwise end the isolate early.
func isolateTag(name string) string {
	return isolate(feeds.StripBidiFormatting(name))
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

// untitled stands for an article's empty title in the list and the reader
// (feeds may leave <title> out: RSS 2.0 §"Elements of <item>" requires only
// a title or a description).
const untitled = "(no title)"

// shownTitle is the title to draw for a: its own, or untitled when it has
// nothing visible (white space, format characters such as U+200B, marks).
func shownTitle(a *store.Article) string {
	if !hasVisible(a.Title) {
		return untitled
	}
	return a.Title
}

// hasVisible reports whether s has a character that draws something: not
// white space, not a format character (Cf), not a lone combining mark.
func hasVisible(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool {
		return !unicode.IsSpace(r) && !unicode.In(r, unicode.Cf, unicode.Mn, unicode.Me)
	}) >= 0
}
