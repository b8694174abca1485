// Package bidi turns one logical field of text (a title, a feed name, a
// paragraph of an article body, what the user is typing) into visual lines
// that a terminal can print cell by cell: the Unicode Bidirectional
// Algorithm (UAX #9), line wrapping at UAX #14 break opportunities, Arabic
// shaping to presentation forms, mirroring and alignment.
//
// Each call lays out one bidi paragraph, so text never reorders across pane
// borders or columns. The steps are those of UAX #9 section 3:
//
//  1. Levels for the whole paragraph: P2–P3 (unless the base direction is
//     given), X1–X10, W1–W7, N0 (paired brackets from BidiBrackets.txt),
//     N1–N2, I1–I2. Bidi classes come from golang.org/x/text/unicode/bidi and
//     the Unicode 16.0.0 UnicodeData.txt (see lookupClass).
//  2. The logical text is wrapped at line-break opportunities (rivo/uniseg),
//     measuring cells with github.com/charmbracelet/x/ansi.StringWidth, the
//     function lipgloss and bubbletea measure with.
//  3. Each line gets L1 (separators and trailing whitespace to the paragraph
//     level) and L2 (reversal). L2 reverses grapheme clusters, not code
//     points, so Arabic harakat stay after their letter (the effect of L3);
//     the code-point variant that BidiCharacterTest.txt checks is kept for the
//     conformance tests. L4 replaces characters at odd levels by their
//     Bidi_Mirroring_Glyph (BidiMirroring.txt): brackets, «», ≤ ….
//  4. Arabic letters are shaped to their presentation forms (isolated,
//     final, initial, medial) by the joining types of ArabicShaping.txt,
//     skipping transparent marks. Lam + alef stays two cells (final alef, then
//     initial or medial lam); the one-cell ligatures U+FEF5–U+FEFC are never
//     used, so cell widths never change.
//  5. An RTL paragraph is right-aligned in its box (Line.Pad).
//
// LayoutSpans and TruncateSpans also carry marked ranges of the logical
// text (search matches) through these steps and return, per visual line,
// the cells that show them: after reordering one logical range may be
// several runs of cells.
//
// Three modes serve three kinds of terminals: App (visual order and shaped,
// for terminals that draw cells as they are given, or that nashra switches
// to the explicit mode of the terminal-wg BiDi recommendation), Terminal
// (logical order, unshaped, wrapped and aligned by nashra and guarded with
// LRM/RLM, for terminals that reorder by themselves and cannot be told not
// to) and Off (logical order as it is). term.go detects which one a terminal
// needs and switches it (Term).
//
// Units: widths are terminal cells as ansi.StringWidth counts them; a cursor
// is a rune index into the logical string; a column is a 0-based cell.
//
// The engine never panics on any input: invalid UTF-8 becomes U+FFFD, C0 and
// C1 controls are drawn as a space (tab, line and paragraph separators) or
// U+FFFD (the rest), and bidi controls are handled as UAX #9 says (rule X9
// removes embeddings and overrides from the levels; they are not drawn), so
// a Trojan-Source override stays inside its own field.
package bidi
