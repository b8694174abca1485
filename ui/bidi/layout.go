package bidi

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/rivo/uniseg"
)

// Direction is the base direction of a bidi paragraph.
type Direction int8

const (
	// Auto takes the direction of the first strong character outside
	// isolates (UAX #9 rules P2–P3), LTR when there is none.
	Auto Direction = iota
	// LTR is left to right (paragraph embedding level 0).
	LTR
	// RTL is right to left (paragraph embedding level 1).
	RTL
)

// String returns "auto", "ltr" or "rtl".
func (d Direction) String() string {
	switch d {
	case LTR:
		return "ltr"
	case RTL:
		return "rtl"
	}
	return "auto"
}

// ParseDirection parses "auto", "ltr" or "rtl" (any case, surrounding space
// ignored), as the --base flag takes them.
func ParseDirection(s string) (Direction, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "auto", "":
		return Auto, nil
	case "ltr":
		return LTR, nil
	case "rtl":
		return RTL, nil
	}
	return Auto, fmt.Errorf("bidi: base direction %q: want auto, ltr or rtl", s)
}

// Mode says who orders and shapes right-to-left text.
type Mode int8

const (
	// App: nashra reorders (visual order), shapes Arabic and mirrors; the
	// terminal must print cells as given (no bidi of its own, or switched to
	// explicit mode, see Term).
	App Mode = iota
	// Terminal: for terminals that reorder by themselves and cannot be told
	// not to (Konsole, Apple Terminal, mlterm). Lines stay in logical order
	// and unshaped; nashra still wraps and right-aligns them and puts a mark
	// of the paragraph's direction (RLM for RTL, LRM for LTR) at both ends of
	// each line, so the neutrals at a field's edges (punctuation, digits)
	// keep its direction and do not bind to the next field. Embedding,
	// override and isolate controls are not written. The terminal runs its
	// own bidi over a whole row, so a row made of several fields should
	// start with LRM: its paragraph is then left to right and the columns
	// stay in place.
	Terminal
	// Off: logical order, unshaped, left-aligned; only wrapping and
	// truncation. Embedding, override and isolate controls are not written.
	Off
)

// String returns "app", "terminal" or "off".
func (m Mode) String() string {
	switch m {
	case Terminal:
		return "terminal"
	case Off:
		return "off"
	}
	return "app"
}

// ErrModeAuto is returned by ParseMode for "auto": that setting is resolved
// by DetectMode (or SetupTerm), which asks the terminal.
var ErrModeAuto = errors.New("bidi: mode auto is resolved by terminal detection")

// ParseMode parses "app", "terminal" or "off" (any case). It returns
// ErrModeAuto for "auto" and a descriptive error for anything else.
func ParseMode(s string) (Mode, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "app":
		return App, nil
	case "terminal":
		return Terminal, nil
	case "off":
		return Off, nil
	case "auto":
		return App, ErrModeAuto
	}
	return App, fmt.Errorf("bidi: mode %q: want auto, app, terminal or off", s)
}

// Options control one layout.
type Options struct {
	Base Direction // base direction of the paragraph; Auto applies P2–P3
	Mode Mode
}

// Line is one visual line, ready to print: no further wrapping or truncation
// is allowed (lipgloss Style.Width would re-wrap it; pad with Pad instead).
type Line struct {
	Text  string // the cells to print, left to right; no control characters
	Width int    // width of Text in cells (ansi.StringWidth)
	RTL   bool   // the paragraph is right to left (right-aligned); always false in Off mode
}

// Pad returns the line padded with spaces to width cells: leading spaces for
// an RTL line (right-aligned), trailing spaces otherwise. A line already
// width cells wide or wider is returned unchanged.
func (l Line) Pad(width int) string {
	if l.Width >= width {
		return l.Text
	}
	pad := strings.Repeat(" ", width-l.Width)
	if l.RTL {
		return pad + l.Text
	}
	return l.Text + pad
}

// Layout lays out logical, one bidi paragraph, in lines of at most width
// cells (width <= 0: no wrapping, one line). The logical text is broken
// first, at UAX #14 line-break opportunities (a word longer than width is
// broken between grapheme clusters), then each line is reordered (L1, L2 by
// grapheme cluster, L4 mirroring) and, in App mode, shaped. When wrapping,
// whitespace at the end of each line is dropped. The first logical words are
// on the first line. A paragraph separator inside logical does not start a
// new paragraph: it is drawn as a space. Layout always returns at least one
// line.
func Layout(logical string, width int, o Options) []Line {
	e := getEngine()
	defer putEngine(e)
	e.prepare(logical, o)
	spans := e.wrap(width)
	lines := make([]Line, len(spans))
	for i, sp := range spans {
		lines[i] = e.render(sp.from, sp.to, o.Mode)
		if width > 0 {
			lines[i] = fitWidth(lines[i], width)
		}
	}
	return lines
}

// Visual returns logical laid out as a single line (no wrapping, no padding),
// as Layout(logical, 0, o)[0].Text.
func Visual(logical string, o Options) string {
	e := getEngine()
	defer putEngine(e)
	e.prepare(logical, o)
	return e.render(0, len(e.clusters), o.Mode).Text
}

// ellipsis ends truncated text.
const ellipsis = '…'

// Truncate lays out logical as one line of at most width cells. Text that
// does not fit is cut on the logical text, between grapheme clusters, and
// "…" is appended at its logical end, so the ellipsis lands at the end of the
// reading direction (the left end of an RTL paragraph). The base direction
// is resolved on the whole text before cutting. Embeddings and isolates
// still open at the cut are closed before the ellipsis. width <= 0 means no
// limit.
func Truncate(logical string, width int, o Options) Line {
	e := getEngine()
	defer putEngine(e)
	e.prepare(logical, o)
	if width <= 0 || e.totalWidth() <= width {
		l := e.render(0, len(e.clusters), o.Mode)
		if width <= 0 || l.Width <= width {
			return l
		}
	}
	cut := e.truncateCut(width)
	o.Base = e.base()
	e.prepare(e.truncatedText(cut), o)
	return fitWidth(e.render(0, len(e.clusters), o.Mode), width)
}

// totalWidth is the sum of the cluster widths of the prepared paragraph.
func (e *engine) totalWidth() int {
	total := 0
	for _, c := range e.clusters {
		total += int(c.width)
	}
	return total
}

// truncateCut is where Truncate cuts the prepared paragraph for a box of
// width cells (> 0): the rune index after the last cluster kept, so that
// the kept clusters and the ellipsis fit.
func (e *engine) truncateCut(width int) int {
	budget := width - 1
	w, keep := 0, 0
	for keep < len(e.clusters) && w+int(e.clusters[keep].width) <= budget {
		w += int(e.clusters[keep].width)
		keep++
	}
	for keep > 0 && (e.clusters[keep-1].space || e.clusters[keep-1].drop) {
		keep--
	}
	if keep > 0 {
		return int(e.clusters[keep-1].end)
	}
	return 0
}

// truncatedText is the logical text Truncate lays out: the first cut runes
// of the prepared text, the embeddings and isolates still open there
// closed, and "…". When only isolates are open at the cut (a name isolated
// inside a title), the ellipsis goes inside them, so that it is drawn
// where the text was cut — at the left end of a right-to-left isolate in
// left-to-right text, not beside its first word. When an embedding or
// override is open, it goes after them all, so that it ends the line (an
// override must not carry it into the middle of reversed text).
func (e *engine) truncatedText(cut int) string {
	var b strings.Builder
	opened, embedded := 0, false
	for _, r := range e.text[:cut] {
		b.WriteRune(r)
		switch lookupClass(r) {
		case cLRE, cRLE, cLRO, cRLO:
			opened++
			embedded = true
		case cLRI, cRLI, cFSI:
			opened++
		}
	}
	if !embedded {
		b.WriteRune(ellipsis)
	}
	for range opened { // extra closers are ignored by X6a and X7
		b.WriteRune('\u2069')
	}
	for range opened {
		b.WriteRune('\u202C')
	}
	if embedded {
		b.WriteRune(ellipsis)
	}
	return b.String()
}

// Field lays out typed input (the `/` filter, the tag editor) as one line and
// places the cursor, given as a rune index into logical (clamped to
// [0, rune count]). The line always holds one extra cell at the end of the
// text in reading direction (the right end of LTR text, the left end of RTL
// text) where the cursor stands after the last character. In App mode the
// cursor column is the visual cell of the grapheme cluster at the cursor;
// in Terminal and Off mode, where the terminal orders the text, it is the
// logical cell. When width > 0 the line is exactly width cells (RTL
// right-aligned) and, if the text is wider, scrolled so the cursor is
// visible. It returns the line and the cursor's 0-based column in Line.Text.
func Field(logical string, width int, cursor int, o Options) (Line, int) {
	e := getEngine()
	defer putEngine(e)
	e.prepare(logical, o)
	cursor = max(0, min(cursor, len(e.text)))
	l, cells, col := e.renderField(cursor, o.Mode)
	if width <= 0 {
		return guardField(l, o.Mode), col
	}
	if l.Width > width {
		l, col = scroll(cells, l.RTL, col, width)
		if l.Width > width {
			before := l.Width
			l = fitWidth(l, width)
			if l.RTL {
				col -= before - l.Width
			}
		}
		col = max(0, min(col, width-1))
	}
	if l.Width < width {
		pad := width - l.Width
		if l.RTL {
			col += pad
		}
		l.Text = l.Pad(width)
		l.Width = width
	}
	// The cursor's cell can be swallowed by a preceding prepended
	// concatenation mark (U+0600-0605, UAX #29 GB9b joins it to the space
	// after it into one zero-width cluster); the column stays in the box.
	col = max(0, min(col, width-1))
	return guardField(l, o.Mode), col
}

// guardField puts the Terminal-mode marks around a field line (they take no
// cells; see terminalGuards).
func guardField(l Line, m Mode) Line {
	if m != Terminal {
		return l
	}
	open, close := terminalGuards(l.RTL)
	l.Text = open + l.Text + close
	return l
}

// terminalGuards returns the marks written before and after a Terminal-mode
// line. A terminal that reorders by itself sees a whole screen row as one
// bidi paragraph, several fields side by side, so every field starts with
// LRM: the row's first strong character (UAX #9 P2) is then always L and the
// row keeps its left-to-right column order. An RTL field is then enclosed in
// RLM … RLM, so its own leading and trailing neutrals stay with it, and
// closed with LRM, so that digits and neutrals of the next field (a count,
// a date) are not pulled into its right-to-left run (rules W7 and N1).
func terminalGuards(rtl bool) (open, close string) {
	if rtl {
		return string(lrm) + string(rlm), string(rlm) + string(lrm)
	}
	return string(lrm), string(lrm)
}

// ResolveBase returns the base direction of a field by issue 3's rule: an
// explicit HTML dir attribute ("rtl" or "ltr", any case) wins; then a
// right-to-left language (lang is a BCP 47 tag or ISO 639 code such as "ar",
// "ar-EG", "fa", "he", "ur") when text has at least one R or AL character;
// then the first strong character of text (UAX #9 P2–P3); else LTR. It never
// returns Auto.
func ResolveBase(htmlDir, lang, text string) Direction {
	switch strings.ToLower(strings.TrimSpace(htmlDir)) {
	case "rtl":
		return RTL
	case "ltr":
		return LTR
	}
	rtlText := false
	for _, r := range text {
		if c := lookupClass(r); c == cR || c == cAL {
			rtlText = true
			break
		}
	}
	if rtlText && isRTLLanguage(lang) {
		return RTL
	}
	if !rtlText {
		return LTR
	}
	e := getEngine()
	defer putEngine(e)
	e.prepare(text, Options{Mode: Off})
	return e.base()
}

// isRTLLanguage reports whether the primary subtag of lang names a language
// normally written right to left.
func isRTLLanguage(lang string) bool {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	switch lang {
	case "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "ku", "nqo", "ps", "sd", "syr", "ug", "ur", "yi":
		return true
	}
	return false
}

// engine holds the per-paragraph work arrays; engines are pooled.
type engine struct {
	p        paragraph
	text     []rune  // logical text
	drunes   []rune  // display runes (controls replaced)
	disp     []byte  // display text, UTF-8
	runeAt   []int32 // byte offset of each rune in disp, plus len(disp)
	clusters []cluster
	spans    []span
	lineLv   []int8
	clLv     []int8
	order    []int32
	shaped   []rune
	jflags   []uint8
	out      []byte
	marked   []bool // per rune of text: inside a span (LayoutSpans)
	cols     []int  // per cluster of a line: its first cell (LayoutSpans)
	mode     Mode
}

// cluster is one grapheme cluster of the display text.
type cluster struct {
	start, end int32 // rune indices [start, end)
	width      int32 // cells
	brk        bool  // a line may break before this cluster (UAX #14)
	space      bool  // whitespace: dropped at the end of a wrapped line
	drop       bool  // a bidi control that this mode does not write
	tooWide    bool  // wider than the box: drawn as "…"
	// lig marks the halves of a lam + alef pair written as two cells (see
	// appendVisual): ligAlef on the alef cluster, ligLam on the lam cluster.
	lig uint8
}

const (
	ligAlef = 1 + iota
	ligLam
)

type span struct{ from, to int } // cluster indices [from, to)

var engines = sync.Pool{New: func() any { return new(engine) }}

func getEngine() *engine { return engines.Get().(*engine) }

func putEngine(e *engine) {
	if cap(e.text) > 1<<16 { // do not keep huge buffers alive
		return
	}
	engines.Put(e)
}

// base returns the resolved direction of the prepared paragraph.
func (e *engine) base() Direction {
	if e.p.level&1 == 1 {
		return RTL
	}
	return LTR
}

// displayRune maps characters a terminal must not receive: C0 and C1
// controls, DEL and the line and paragraph separators U+2028/U+2029.
func displayRune(r rune) rune {
	switch {
	case r >= 0x20 && r < 0x7F:
		return r
	case r == '\t', r == '\n', r == '\v', r == '\f', r == '\r', r >= 0x1C && r <= 0x1F, r == 0x85, r == 0x2028, r == 0x2029:
		return ' '
	case r < 0x20, r >= 0x7F && r < 0xA0:
		return utf8.RuneError
	}
	return r
}

// isBidiControl reports the explicit formatting characters (embeddings,
// overrides, isolates, PDF) and, when marks is set, LRM, RLM and ALM.
func isBidiControl(r rune, marks bool) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200E, r == 0x200F, r == 0x061C:
		return marks
	}
	return false
}

// prepare decodes logical, resolves the paragraph and splits the display text
// into grapheme clusters with their widths and break opportunities.
func (e *engine) prepare(logical string, o Options) {
	e.mode = o.Mode
	e.text = e.text[:0]
	for _, r := range logical {
		e.text = append(e.text, r)
	}
	n := len(e.text)
	e.p.setRunes(e.text)
	base := int8(-1)
	switch o.Base {
	case LTR:
		base = 0
	case RTL:
		base = 1
	}
	if o.Mode == App {
		e.p.resolve(base)
	} else {
		e.p.matchIsolates()
		if base < 0 {
			base = 0
			if e.p.firstStrong(0, n) == cR {
				base = 1
			}
		}
		e.p.level = base
	}

	e.drunes = grow(e.drunes, n)
	e.disp = e.disp[:0]
	e.runeAt = grow(e.runeAt, n+1)
	for i, r := range e.text {
		d := displayRune(r)
		e.drunes[i] = d
		e.runeAt[i] = int32(len(e.disp))
		e.disp = utf8.AppendRune(e.disp, d)
	}
	e.runeAt[n] = int32(len(e.disp))

	e.clusters = e.clusters[:0]
	b := e.disp
	ri := 0
	for off := 0; off < len(b); {
		size, w := 1, 1
		if b[off] >= 0x80 || (off+1 < len(b) && b[off+1] >= 0x80) {
			cl, cw := ansi.FirstGraphemeCluster(b[off:], ansi.GraphemeWidth)
			size, w = max(len(cl), 1), clusterWidth(cl, cw)
		}
		start := ri
		for ri < n && int(e.runeAt[ri]) < off+size {
			ri++
		}
		// Soft hyphens and prepended concatenation marks (which lead
		// their cluster, UAX #29 GB9b) are not written; what follows the
		// marks is a cluster of its own.
		if isUnmeasurable(e.drunes[start]) {
			for start < ri && isUnmeasurable(e.drunes[start]) {
				e.clusters = append(e.clusters, cluster{start: int32(start), end: int32(start + 1), drop: true})
				start++
			}
			if start == ri {
				off += size
				continue
			}
			w = ansi.StringWidth(string(e.disp[e.runeAt[start]:e.runeAt[ri]]))
		}
		if ri-start > 1 && w == 2 && e.emojiSequence(start, ri) {
			e.appendEmojiParts(start, ri)
			off += size
			continue
		}
		c := cluster{start: int32(start), end: int32(ri), width: int32(w)}
		c.space = true // whitespace only (a space carrying a mark is not)
		for k := start; k < ri; k++ {
			if e.drunes[k] != ' ' && e.p.initial[k] != cWS {
				c.space = false
				break
			}
		}
		if ri-start == 1 && isBidiControl(e.text[start], o.Mode == App) {
			c.drop = true
			c.width = 0
		}
		e.clusters = append(e.clusters, c)
		off += size
	}
}

// isUnmeasurable reports the format characters that a terminal draws in one
// cell while ansi.StringWidth (and so lipgloss) counts none: the soft hyphen
// U+00AD and the prepended concatenation marks (U+0600..U+0605 ARABIC NUMBER
// SIGN.., U+06DD ARABIC END OF AYAH, U+070F, U+0890..U+0891, U+08E2,
// U+110BD, U+110CD; PropList.txt Prepended_Concatenation_Mark), the two
// exceptions glibc's wcwidth, which tmux and VTE follow, makes to "format
// characters are zero width". StringWidth gives a mark and the character
// after it the width of the mark, zero. Written, they made a row wider on
// screen than counted; they are dropped, as a soft hyphen inside a line is
// invisible anyway.
func isUnmeasurable(r rune) bool {
	return r == 0x00AD || unicode.Is(unicode.Prepended_Concatenation_Mark, r)
}

// emojiSequence reports whether the grapheme cluster of display runes
// [start, end) is an emoji sequence whose width terminals disagree on: an
// emoji ZWJ sequence (a U+200D ZERO WIDTH JOINER followed, inside the
// cluster, by another emoji: UAX #29 rule GB11), an emoji modifier
// sequence (a skin tone, U+1F3FB..U+1F3FF, after its base) or an emoji tag
// sequence (tag characters U+E0020..U+E007F, as in subdivision flags); see
// UTS #51 §2. Terminals that do not join them draw each part (the skin
// tone as a swatch), two cells each, where the cluster counts two in all.
// A ZWJ ending its cluster (as in Arabic, where it asks for a joining form
// of the letter before it) does not count.
func (e *engine) emojiSequence(start, end int) bool {
	for k := start + 1; k < end; k++ {
		switch r := e.drunes[k]; {
		case isEmojiJoinPart(r) && r != zwj, r == zwj && k+1 < end && !isMark(e.drunes[k+1]):
			return true
		}
	}
	return false
}

const zwj = 0x200D

// isEmojiJoinPart reports the characters that only join emoji into one
// picture: ZWJ, the emoji modifiers (skin tones) and the tag characters
// (UTS #51 §1.4.4, §2.2, Annex C).
func isEmojiJoinPart(r rune) bool {
	return r == zwj || r >= 0x1F3FB && r <= 0x1F3FF || r >= 0xE0020 && r <= 0xE007F
}

// isMark reports the characters that stay with the character before them
// when an emoji sequence is split: nonspacing and enclosing marks (as
// U+20E3 of a keycap) and variation selectors (U+FE0F asks for the emoji
// presentation).
func isMark(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Variation_Selector)
}

// appendEmojiParts appends the emoji sequence [start, end) (see
// emojiSequence) as one cluster per emoji, each with the variation
// selectors and marks that follow it, and its joiners, skin tones and tag
// characters as clusters that are not written: the terminal then draws
// separate emoji, whose widths all terminals agree on, where the sequence
// would have been two cells in some and four or six in others.
func (e *engine) appendEmojiParts(start, end int) {
	for k := start; k < end; {
		if isEmojiJoinPart(e.drunes[k]) {
			e.clusters = append(e.clusters, cluster{start: int32(k), end: int32(k + 1), drop: true})
			k++
			continue
		}
		j := k + 1
		for j < end && !isEmojiJoinPart(e.drunes[j]) && isMark(e.drunes[j]) {
			j++
		}
		w := ansi.StringWidth(string(e.disp[e.runeAt[k]:e.runeAt[j]]))
		e.clusters = append(e.clusters, cluster{start: int32(k), end: int32(j), width: int32(w)})
		k = j
	}
}

// breaks marks the UAX #14 line-break opportunities on the clusters.
func (e *engine) breaks() {
	state := -1
	rest := e.disp
	off, ci := 0, 0
	for len(rest) > 0 {
		var seg []byte
		seg, rest, _, state = uniseg.FirstLineSegment(rest, state)
		off += len(seg)
		for ci < len(e.clusters) && int(e.runeAt[e.clusters[ci].start]) < off {
			ci++
		}
		if ci < len(e.clusters) && int(e.runeAt[e.clusters[ci].start]) == off {
			e.clusters[ci].brk = true
		}
	}
}

// wrap splits the clusters into lines of at most width cells (greedy, at
// break opportunities; a cluster run too long for a line is split anywhere).
// Trailing whitespace of each line is dropped. width <= 0: one line.
func (e *engine) wrap(width int) []span {
	cs := e.clusters
	spans := e.spans[:0]
	if width <= 0 || len(cs) == 0 {
		spans = append(spans, span{0, len(cs)})
		e.spans = spans
		return spans
	}
	e.breaks()
	emit := func(from, to int) {
		for to > from && (cs[to-1].space || cs[to-1].drop) {
			to--
		}
		spans = append(spans, span{from, to})
	}
	start, lineW, lastBrk := 0, 0, -1
	for i := 0; i < len(cs); {
		c := &cs[i]
		if i > start && c.brk {
			lastBrk = i
		}
		w := int(c.width)
		if c.space || lineW+w <= width {
			lineW += w
			i++
			continue
		}
		switch {
		case lastBrk > start: // break at the last opportunity
			emit(start, lastBrk)
			start, lastBrk, lineW = lastBrk, -1, 0
			for j := start; j < i; j++ {
				lineW += int(cs[j].width)
			}
		case i > start: // no opportunity: break before this cluster
			emit(start, i)
			start, lastBrk, lineW = i, -1, 0
		default: // one cluster wider than the box
			c.tooWide = true
			emit(i, i+1)
			i++
			start, lastBrk, lineW = i, -1, 0
		}
	}
	if start < len(cs) || len(spans) == 0 {
		emit(start, len(cs))
	}
	e.spans = spans
	return spans
}

// Marks written around Terminal-mode lines.
const (
	lrm = '\u200E'
	rlm = '\u200F'
)

// render draws clusters [from, to) as one line in mode m.
func (e *engine) render(from, to int, m Mode) Line {
	return e.renderCols(from, to, m, nil)
}

// renderCols is render that also stores, when cols is not nil, the cell
// column at which each cluster of [from, to) starts (cols[i] for cluster
// from+i; len(cols) >= to-from).
func (e *engine) renderCols(from, to int, m Mode, cols []int) Line {
	l := Line{RTL: m != Off && e.p.level&1 == 1}
	out := e.out[:0]
	switch m {
	case App:
		out = e.appendVisual(out, from, to, cols)
	default:
		open, close := terminalGuards(l.RTL)
		if m == Terminal {
			out = append(out, open...)
		}
		col := 0
		for i, c := range e.clusters[from:to] {
			if cols != nil {
				cols[i] = col
				col += drawnWidth(c)
			}
			out = e.appendCluster(out, c, nil, nil, 0)
		}
		if m == Terminal {
			out = append(out, close...)
		}
	}
	e.out = out
	l.Text = string(out)
	l.Width = ansi.StringWidth(l.Text)
	return l
}

// appendCluster writes one cluster: its display runes, shaped (shaped is the
// shaped text of the line starting at rune index base) and mirrored at odd
// levels (lv, same indexing), or "…" for a cluster too wide for the box.
func (e *engine) appendCluster(out []byte, c cluster, shaped []rune, lv []int8, base int32) []byte {
	if c.drop {
		return out
	}
	if c.tooWide {
		return utf8.AppendRune(out, ellipsis)
	}
	for k := c.start; k < c.end; k++ {
		r := e.drunes[k]
		if shaped != nil {
			r = shaped[k-base]
			if lv[k-base]&1 == 1 {
				r = mirror(r)
			}
		}
		out = utf8.AppendRune(out, r)
	}
	return out
}

// appendVisual writes clusters [from, to) in visual order (L1, L2 on
// clusters, L4) and shaped. If cols is not nil, it receives for each cluster
// index in [from, to) the cell column at which that cluster starts.
func (e *engine) appendVisual(out []byte, from, to int, cols []int) []byte {
	if from >= to {
		return out
	}
	cs := e.clusters[from:to]
	ra, rb := cs[0].start, cs[len(cs)-1].end
	lv := grow(e.lineLv, int(rb-ra))
	e.p.lineLevels(int(ra), int(rb), lv)
	e.lineLv = lv
	shaped := e.shape(ra, rb, lv)
	e.markLamAlef(cs, ra, lv)
	clLv := grow(e.clLv, len(cs))
	order := grow(e.order, len(cs))
	for i, c := range cs {
		clLv[i] = lv[c.start-ra]
		order[i] = int32(i)
	}
	reorder(clLv, order)
	e.clLv, e.order = clLv, order
	col := 0
	for _, i := range order {
		c := cs[i]
		if cols != nil {
			cols[int(i)] = col
		}
		switch c.lig {
		case ligAlef: // the alef alone; its marks follow the lam
			out = utf8.AppendRune(out, shaped[c.start-ra])
		case ligLam:
			out = e.appendCluster(out, c, shaped, lv, ra)
			alef := cs[i+1]
			for k := alef.start + 1; k < alef.end; k++ {
				out = utf8.AppendRune(out, mirrorAt(shaped, lv, k-ra))
			}
		default:
			out = e.appendCluster(out, c, shaped, lv, ra)
		}
		if !c.drop {
			if c.tooWide {
				col++
			} else {
				col += int(c.width)
			}
		}
	}
	return out
}

// markLamAlef finds lam followed directly by alef (U+0622, U+0623, U+0625,
// U+0627), joined, in one right-to-left run: the pair GNU FriBidi writes as
// one ligature (U+FEF5–U+FEFC). nashra writes it as two cells, final alef
// then initial or medial lam, and, as with the ligature, the marks of the
// alef follow the pair. cs are the clusters of the line starting at rune ra.
func (e *engine) markLamAlef(cs []cluster, ra int32, lv []int8) {
	for i := range cs {
		cs[i].lig = 0
	}
	for i := 0; i+1 < len(cs); i++ {
		lam, alef := cs[i], cs[i+1]
		if lam.end-lam.start != 1 || e.drunes[lam.start] != 0x644 || lam.tooWide || alef.tooWide {
			continue
		}
		switch e.drunes[alef.start] {
		case 0x622, 0x623, 0x625, 0x627:
		default:
			continue
		}
		l := lv[lam.start-ra]
		if l&1 == 0 || lv[alef.start-ra] != l || e.jflags[lam.start-ra]&joinsNext == 0 {
			continue
		}
		cs[i].lig, cs[i+1].lig = ligLam, ligAlef
		i++
	}
}

func mirrorAt(shaped []rune, lv []int8, k int32) rune {
	if lv[k]&1 == 1 {
		return mirror(shaped[k])
	}
	return shaped[k]
}

// renderField draws the whole paragraph for Field with the extra cursor
// cell; it returns the line, the cells of the line (for scrolling) and the
// cursor column.
func (e *engine) renderField(cursor int, m Mode) (Line, []fieldCell, int) {
	l := Line{RTL: m != Off && e.p.level&1 == 1}
	cs := e.clusters
	cols := make([]int, len(cs))
	out := e.out[:0]
	if m == App {
		if l.RTL {
			out = append(out, ' ')
		}
		out = e.appendVisual(out, 0, len(cs), cols)
		if l.RTL {
			for i := range cols {
				cols[i]++
			}
		}
	} else {
		col := 0
		for i, c := range cs {
			cols[i] = col
			out = e.appendCluster(out, c, nil, nil, 0)
			if !c.drop {
				col += int(c.width)
			}
		}
	}
	if m != App || !l.RTL {
		out = append(out, ' ')
	}
	e.out = out
	text := string(out)

	// The cursor column: the cluster holding the cursor rune (the next drawn
	// one when the cursor is on a control that is not drawn), else the end
	// cell.
	col := -1
	for i, c := range cs {
		if int(c.end) > cursor && !c.drop {
			col = cols[i]
			break
		}
	}
	if col < 0 {
		if m == App && l.RTL {
			col = 0
		} else {
			col = ansi.StringWidth(text) - 1
		}
	}
	// A cluster of width 0 (a lone mark) drawn last would put the cursor
	// past the line; keep it on the last cell.
	col = max(0, min(col, ansi.StringWidth(text)-1))
	l.Text = text
	l.Width = ansi.StringWidth(text)
	return l, splitCells(text), col
}

// fieldCell is one grapheme cluster of a drawn line with its width.
type fieldCell struct {
	s string
	w int
}

func splitCells(s string) []fieldCell {
	var cells []fieldCell
	for len(s) > 0 {
		cl, w := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
		if len(cl) == 0 {
			cl = s[:1]
		}
		cells = append(cells, fieldCell{cl, clusterWidth(cl, w)})
		s = s[len(cl):]
	}
	return cells
}

// clusterWidth returns the width ansi.StringWidth gives a grapheme cluster
// whose width by itself is w. They differ in one case: StringWidth counts a
// printable ASCII byte as one cell without looking at what follows, so an
// ASCII letter with a spacing mark ("0" + U+0DDA) counts the mark as well.
func clusterWidth[T string | []byte](cl T, w int) int {
	if len(cl) > 1 && cl[0] < 0x80 {
		return ansi.StringWidth(string(cl))
	}
	return w
}

// fitWidth makes sure a line fits width cells. Widths of grapheme clusters
// add up to the width of the line in all but a few contrived cases (a
// reordering that puts a regional indicator next to a new neighbour; the
// prepended concatenation marks are not written, see isUnmeasurable);
// there, clusters are dropped from the end of the line in reading direction
// until it fits.
func fitWidth(l Line, width int) Line {
	for l.Width > width && l.Text != "" {
		cells := splitCells(l.Text)
		if l.RTL {
			cells = cells[1:]
		} else {
			cells = cells[:len(cells)-1]
		}
		var b strings.Builder
		for _, c := range cells {
			b.WriteString(c.s)
		}
		l.Text = b.String()
		l.Width = ansi.StringWidth(l.Text)
	}
	return l
}

// scroll cuts a window of width cells out of a line too wide for its box,
// keeping the cursor column visible: LTR text keeps its start in view until
// the cursor goes past the right edge; RTL text keeps its (right-hand) start
// in view until the cursor goes past the left edge. A wide cluster cut by an
// edge becomes spaces. It returns the window and the cursor column in it.
func scroll(cells []fieldCell, rtl bool, col, width int) (Line, int) {
	total := 0
	for _, c := range cells {
		total += c.w
	}
	var start int
	if rtl {
		start = min(col, total-width)
	} else {
		start = max(0, col-width+1)
	}
	start = max(0, min(start, total-width))
	var b strings.Builder
	x := 0
	for _, c := range cells {
		switch {
		case x+c.w <= start || x >= start+width:
		case x >= start && x+c.w <= start+width:
			b.WriteString(c.s)
		default: // straddles an edge
			lo, hi := max(x, start), min(x+c.w, start+width)
			b.WriteString(strings.Repeat(" ", hi-lo))
		}
		x += c.w
	}
	text := b.String()
	return Line{Text: text, Width: ansi.StringWidth(text), RTL: rtl}, col - start
}

// shape returns the display runes [ra, rb) with Arabic letters replaced by
// their presentation forms; lv holds the line's levels from ra.
func (e *engine) shape(ra, rb int32, lv []int8) []rune {
	n := int(rb - ra)
	shaped := grow(e.shaped, n)
	copy(shaped, e.drunes[ra:rb])
	e.shaped = shaped
	flags := grow(e.jflags, n)
	clear(flags)
	e.jflags = flags
	shapeArabic(shaped, e.p.initial[ra:rb], lv, flags)
	return shaped
}
