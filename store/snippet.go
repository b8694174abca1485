package store

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nashra-reader/nashra/feeds/arabic"
)

// Span is a highlighted range of a string: byte offsets, Start inclusive,
// End exclusive, on rune boundaries.
type Span struct {
	Start, End int
}

// Snippet is what a search result shows of an article: a line of its text
// and where the query's words are. It is cut from the original text — the
// text shown to the reader, never the normalized index text — by mapping
// each matched index term back to the byte offsets of the word as written
// (arabic.IndexTokens keeps them), so كِتَابٌ is highlighted with its harakat
// when the query was كتاب.
type Snippet struct {
	// Text is about the snippet length in runes (SetSnippetRunes) of the
	// article's body, cut on word boundaries with "…" where text was cut,
	// whitespace runs (line and paragraph breaks included) collapsed to one
	// space. It is taken around the part of the body with the most
	// distinct query words; from the start when the body has none. "" for
	// an empty body.
	Text string
	// Highlights are the matched words and phrases in Text: byte offsets
	// into Text, in order, not overlapping.
	Highlights []Span
	// Title are the matched words and phrases in the article's Title: byte
	// offsets into Article.Title.
	Title []Span
}

// matcher finds the query's positive words and phrases (as index terms) in
// a text.
type matcher struct {
	first map[string][]int // first term → indexes into seqs
	seqs  [][]string
}

func newMatcher(hl [][]string) *matcher {
	m := &matcher{first: map[string][]int{}}
	for _, seq := range hl {
		if len(seq) == 0 {
			continue
		}
		m.first[seq[0]] = append(m.first[seq[0]], len(m.seqs))
		m.seqs = append(m.seqs, seq)
	}
	return m
}

// match is one occurrence: a span of the original text and the index of
// the query word or phrase it matched.
type match struct {
	Span
	seq int
}

// find returns the occurrences of the matcher's sequences in text, in
// order, without overlaps (at one position the longest sequence wins).
func (m *matcher) find(text string) []match {
	if len(m.seqs) == 0 || text == "" {
		return nil
	}
	toks := arabic.IndexTokens(text)
	var out []match
	for i := 0; i < len(toks); i++ {
		best, bestLen := -1, 0
		for _, si := range m.first[toks[i].Norm] {
			seq := m.seqs[si]
			if len(seq) <= bestLen || i+len(seq) > len(toks) {
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
				best, bestLen = si, len(seq)
			}
		}
		if best >= 0 {
			out = append(out, match{Span{toks[i].Start, toks[i+bestLen-1].End}, best})
			i += bestLen - 1
		}
	}
	return out
}

// snippet cuts the snippet of body (about width runes) and the title
// highlights.
func (m *matcher) snippet(title, body string, width int) Snippet {
	sn := Snippet{Title: spansOf(m.find(title))}
	scan := body
	if len(scan) > snippetScanBytes {
		// Only the start of a long body is searched for the words.
		cut := snippetScanBytes
		for cut > 0 && !utf8.RuneStart(scan[cut]) {
			cut--
		}
		scan = scan[:cut]
	}
	sn.Text, sn.Highlights = cutSnippet(body, m.find(scan), width)
	return sn
}

// snippetScanBytes bounds the work of a snippet: the words are looked for
// in the first 16 KiB of the body (a long article's snippet comes from its
// start when they first occur later).
const snippetScanBytes = 16 << 10

const ellipsis = "…"

// cutSnippet cuts about width runes of text around the densest group of
// matches (the window of width runes, starting at a match, holding the most
// distinct query words, then the most matches; the earliest wins ties) and
// returns it with the matches' spans translated into it.
func cutSnippet(text string, ms []match, width int) (string, []Span) {
	if strings.TrimSpace(text) == "" {
		return "", nil
	}
	width = max(width, 10)
	// Choose the first match of the best window.
	first, last := 0, -1
	if len(ms) > 0 {
		bestDistinct, bestCount := -1, -1
		for i := 0; i < len(ms) && i < 64; i++ {
			seen := map[int]bool{}
			j := i
			for ; j < len(ms) && runeLen(text[ms[i].Start:ms[j].End]) <= width*3/4; j++ {
				seen[ms[j].seq] = true
			}
			if j == i { // one match longer than the window: alone
				seen[ms[i].seq] = true
				j = i + 1
			}
			if len(seen) > bestDistinct || len(seen) == bestDistinct && j-i > bestCount {
				bestDistinct, bestCount, first, last = len(seen), j-i, i, j-1
			}
		}
	}
	// Start: a little context before the first match, from a word start.
	start := 0
	if last >= 0 {
		used := runeLen(text[ms[first].Start:ms[last].End])
		lead := min(max((width-used)/3, 0), width/4)
		start = wordStartBefore(text, ms[first].Start, lead)
	}
	start = skipSpace(text, start)
	budget := width
	if start > 0 {
		budget -= 1 // the leading "…"
	}
	end := wordEndWithin(text, start, budget-1) // keep a rune for a trailing "…"
	if rest := strings.TrimRightFunc(text[end:], unicode.IsSpace); rest == "" {
		end = len(text)
	} else if runeLen(text[start:]) <= budget {
		end = len(text)
	}
	if last >= 0 && end < ms[first].End {
		// Nothing fits around the match (a huge word): cut it anyway.
		end = ms[first].End
	}
	// Build the line, collapsing whitespace and moving the spans.
	var b strings.Builder
	b.Grow(end - start + 8)
	if start > 0 {
		b.WriteString(ellipsis)
	}
	var spans []Span
	mi := 0
	for mi < len(ms) && ms[mi].Start < start {
		mi++
	}
	open := -1 // output offset of the span being copied
	space := false
	for i := start; i < end; {
		if mi < len(ms) && i == ms[mi].Start && ms[mi].End <= end {
			if space {
				b.WriteByte(' ')
				space = false
			}
			open = b.Len()
		}
		r, w := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) && open < 0 {
			space = b.Len() > 0 && !strings.HasSuffix(b.String(), ellipsis)
		} else {
			if space {
				b.WriteByte(' ')
				space = false
			}
			if unicode.IsSpace(r) {
				b.WriteByte(' ')
			} else {
				b.WriteString(text[i : i+w])
			}
		}
		i += w
		if open >= 0 && i == ms[mi].End {
			spans = append(spans, Span{open, b.Len()})
			open = -1
			mi++
		}
	}
	out := strings.TrimRightFunc(b.String(), unicode.IsSpace)
	if end < len(text) {
		out += ellipsis
	}
	return out, spans
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// wordStartBefore returns the start of the earliest word that begins at
// most lead runes before pos (pos itself when none does), or 0 when that
// reaches the text's first word.
func wordStartBefore(text string, pos, lead int) int {
	best := pos
	i, n := pos, 0
	for i > 0 && n < lead {
		r, w := utf8.DecodeLastRuneInString(text[:i])
		i -= w
		n++
		if !isWordRune(r) {
			continue
		}
		if i == 0 {
			return 0
		}
		if p, _ := utf8.DecodeLastRuneInString(text[:i]); !isWordRune(p) {
			best = i
		}
	}
	if noWordBefore(text[:best]) {
		return 0
	}
	return best
}

func noWordBefore(s string) bool { return strings.IndexFunc(s, isWordRune) < 0 }

// wordEndWithin returns the end of the last word that ends within n runes
// after start (or start+n runes when no word ends there).
func wordEndWithin(text string, start, n int) int {
	i, k := start, 0
	lastEnd := -1
	for i < len(text) && k < n {
		r, w := utf8.DecodeRuneInString(text[i:])
		i += w
		k++
		if isWordRune(r) {
			nx, _ := utf8.DecodeRuneInString(text[i:])
			if i >= len(text) || !isWordRune(nx) {
				lastEnd = i
			}
		} else if r != ' ' && !unicode.IsSpace(r) && lastEnd >= 0 && lastEnd == i-w {
			lastEnd = i // keep punctuation that closes a word: "word," "word."
		}
	}
	if i >= len(text) {
		return len(text)
	}
	if lastEnd <= start {
		return i
	}
	return lastEnd
}

func skipSpace(text string, i int) int {
	for i < len(text) {
		r, w := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += w
	}
	return i
}

// isWordRune: letters, digits and combining marks (harakat) and the
// tatweel, which belong to the word they are in.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc) || r == 0x0640
}

// Highlighter finds a query's positive words and phrases (not under - or
// NOT; operators such as tag: are not words) in any text, exactly as
// snippets do: كتاب finds كِتَابٌ and بالكتاب, "open weights" the two words
// together. The reader uses it to highlight a whole article.
type Highlighter struct{ m *matcher }

// NewHighlighter parses query and returns its highlighter, nil when the
// query has no positive word or phrase. Errors are *QueryError.
func NewHighlighter(query string) (*Highlighter, error) {
	q, err := ParseQuery(query)
	if err != nil {
		return nil, err
	}
	hl := q.highlights()
	if len(hl) == 0 {
		return nil, nil
	}
	return &Highlighter{m: newMatcher(hl)}, nil
}

// Find returns the matches in text: byte offsets into text, in order, not
// overlapping. A nil Highlighter finds nothing.
func (h *Highlighter) Find(text string) []Span {
	if h == nil {
		return nil
	}
	return spansOf(h.m.find(text))
}

// spansOf returns the spans of ms, nil for none.
func spansOf(ms []match) []Span {
	if len(ms) == 0 {
		return nil
	}
	out := make([]Span, len(ms))
	for i, x := range ms {
		out[i] = x.Span
	}
	return out
}
