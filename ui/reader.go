package ui

import (
	"fmt"
	"strings"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/store"
	"github.com/nashra-reader/nashra/ui/bidi"
)

// readerPane shows one article: title, feed, author, date, tags, the body
// laid out one bidi paragraph per paragraph (base direction from
// bidi.ResolveBase), then the links — the article's own marked [o], the
// others numbered [1], [2]… as o and 1o, 2o… open them — and the
// enclosures. The laid
// out lines are computed once per article, width and filter and only
// sliced by View.
//
// The article is either opened (enter: it was marked read) or previewed
// (the reader follows the list's cursor while it is on screen and does not
// have the focus; nothing is marked).
type readerPane struct {
	c *common

	art     *store.Article
	opened  bool  // art was opened with enter, not previewed
	want    int64 // the article asked for last (opened or previewed), 0 when none
	loading bool  // want is on its way
	err     error
	// gone: art was deleted from the database (by another process) while
	// shown; it stays readable, but s, m and t have nothing to change.
	gone bool

	hl *highlighter // the list's filter words, highlighted in title and body

	lines   []string // laid-out, styled lines, each exactly width cells
	layoutW int      // the width lines were laid out for
	top     int

	width, height int
}

func newReaderPane(c *common) *readerPane { return &readerPane{c: c} }

// SetSize sets the pane's size in cells, its title line included.
func (r *readerPane) SetSize(w, h int) {
	r.width, r.height = w, h
	r.layout()
}

func (r *readerPane) visible() int { return max(r.height-1, 1) }

// show puts a freshly loaded article in the pane: at the top, or where it
// was when it is the article already shown. opened says it was opened
// with enter rather than previewed.
func (r *readerPane) show(a store.Article, opened bool) {
	same := r.art != nil && r.art.ID == a.ID
	r.opened = opened || (same && r.opened)
	r.art = &a
	r.err, r.gone = nil, false
	r.want = a.ID
	r.loading = false
	r.layoutW = -1
	if !same {
		r.top = 0
	}
	r.layout()
}

// replace shows a new version of the article already shown (its content
// changed in the database), keeping the scroll position as far as the new
// text allows.
func (r *readerPane) replace(a store.Article) {
	r.art = &a
	r.refresh()
}

// clear empties the pane (the list has no article to preview).
func (r *readerPane) clear() {
	r.art, r.opened, r.want, r.loading, r.err, r.gone = nil, false, 0, false, nil, false
	r.lines, r.top = nil, 0
}

// setHighlighter sets the words to highlight (the list's filter).
func (r *readerPane) setHighlighter(h *highlighter) {
	if h == r.hl {
		return
	}
	r.hl = h
	r.refresh()
}

// refresh redraws after the article's flags or tags changed.
func (r *readerPane) refresh() {
	r.layoutW = -1
	r.layout()
}

// scroll moves the view by delta lines.
func (r *readerPane) scroll(delta int) {
	r.top += delta
	r.clamp()
}

func (r *readerPane) clamp() {
	r.top = min(r.top, len(r.lines)-r.visible())
	r.top = max(r.top, 0)
}

// layout lays the article out for the current width when it is not yet.
func (r *readerPane) layout() {
	if r.art == nil || r.width <= 0 {
		r.lines = nil
		return
	}
	if r.layoutW == r.width {
		r.clamp()
		return
	}
	r.layoutW = r.width
	r.lines = r.render(r.art, r.width)
	r.clamp()
}

// render lays article a out in w cells: a one-cell margin on each side and
// the text in between.
func (r *readerPane) render(a *store.Article, w int) []string {
	st := &r.c.styles
	c := r.c
	margin := 1
	if w < 20 {
		margin = 0
	}
	tw := max(w-2*margin, 1)
	pad := blank(margin)
	var out []string
	add := func(s string) { out = append(out, pad+s+pad) }
	addEmpty := func() { out = append(out, blank(w)) }
	layout := func(text string, base bidi.Direction, width int) []bidi.Line {
		return c.layout(text, width, base)
	}

	for _, l := range c.layoutSpans(shownTitle(a), tw, titleBase(a), r.hl.find(shownTitle(a))) {
		add(renderMarked(l, tw, st.Title, st.Highlight))
	}
	if name, dir := articleFeedName(a); name != "" {
		add(st.FeedName.Render(c.cell(name, tw, dir)))
	}
	if a.Author != "" {
		add(st.Meta.Render(c.cell(a.Author, tw, bidi.Auto)))
	}
	meta := a.Time().In(c.now().Location()).Format("Mon 02 Jan 2006 15:04")
	if a.Starred {
		meta += "  ★ starred"
	}
	if !a.Read {
		meta += "  ● unread"
	}
	add(st.Meta.Render(padRight(meta, tw)))
	if len(a.Tags) > 0 {
		names := make([]string, len(a.Tags))
		for i, t := range a.Tags {
			// Each name in its own isolate: an Arabic name and the
			// separators next to it stay one tag, and a name's own
			// bidi characters stay inside it.
			names[i] = "#" + isolateTag(t.Name)
			if t.Source == "user" {
				names[i] += "*"
			}
		}
		for _, l := range layout(strings.Join(names, "  "), bidi.LTR, tw) {
			add(st.Tag.Render(l.Pad(tw)))
		}
	}
	addEmpty()

	for _, p := range splitParagraphs(a.Content) {
		if p == "" {
			addEmpty()
			continue
		}
		p = expandTabs(p)
		base := baseOf(a.ExplicitDir, a.Lang, p)
		if spans := r.hl.find(p); len(spans) > 0 {
			for _, l := range c.layoutSpans(p, tw, base, spans) {
				add(renderMarked(l, tw, lipglossNone, st.Highlight))
			}
			continue
		}
		for _, l := range layout(p, base, tw) {
			add(l.Pad(tw))
		}
	}
	if strings.TrimSpace(a.Content) == "" {
		add(st.Dim.Render(padRight("(no text in the feed: o opens the article)", tw)))
	}

	if len(a.Links) > 0 || a.URL != "" {
		addEmpty()
		add(st.PaneTitle.Render(padRight("Links", tw)))
		if a.URL != "" {
			// The article's own link: o opens it, as [n] before o opens
			// the numbered ones.
			own := "[o] "
			if tw < 10 {
				own = "" // no room for the mark
			}
			ow := ansiWidth(own)
			add(own + st.Link.Render(c.cell(feeds.DisplayURL(a.URL), max(tw-ow, 1), bidi.LTR)))
		}
		for i, ln := range a.Links {
			num := fmt.Sprintf("[%d] ", i+1)
			nw := ansiWidth(num)
			shown := feeds.DisplayURL(ln.URL)
			text := ln.Text
			if strings.TrimSpace(text) == "" {
				text = shown
			}
			for j, l := range layout(text, bidi.Auto, max(tw-nw, 1)) {
				prefix := num
				if j > 0 {
					prefix = blank(nw)
				}
				add(prefix + l.Pad(max(tw-nw, 1)))
			}
			if shown != text {
				add(blank(nw) + st.Link.Render(c.cell(shown, max(tw-nw, 1), bidi.LTR)))
			}
		}
	}
	if len(a.Enclosures) > 0 {
		addEmpty()
		add(st.PaneTitle.Render(padRight("Enclosures", tw)))
		for _, e := range a.Enclosures {
			info := e.Type
			if e.Length > 0 {
				if info != "" {
					info += ", "
				}
				info += humanBytes(e.Length)
			}
			if info != "" {
				info = " (" + info + ")"
			}
			iw := min(bidi.Truncate(info, 0, bidi.Options{Mode: c.bidi}).Width, tw/2)
			add(st.Link.Render(c.cell(feeds.DisplayURL(e.URL), tw-iw, bidi.LTR)) + st.Meta.Render(c.cell(info, iw, bidi.LTR)))
		}
	}
	return out
}

// View draws the pane: a title line, then the visible laid-out lines.
func (r *readerPane) View(focused bool) []string {
	st := &r.c.styles
	lines := make([]string, 0, r.height)
	ts := st.PaneTitle
	if focused {
		ts = st.PaneActive
	}
	pos := ""
	if r.art != nil && len(r.lines) > r.visible() {
		pct := 100
		if d := len(r.lines) - r.visible(); d > 0 {
			pct = r.top * 100 / d
		}
		pos = fmt.Sprintf("%d%% ", pct)
	}
	name := " Article"
	if r.art != nil && !r.opened {
		name = " Preview (enter opens)"
	}
	lines = append(lines, ts.Render(padRight(name, r.width-ansiWidth(pos))+pos))
	switch {
	case r.err != nil:
		lines = append(lines, st.StatusErr.Render(r.c.cell(" "+r.err.Error(), r.width, bidi.LTR)))
	case r.loading && r.art == nil:
		lines = append(lines, st.Dim.Render(padRight(" loading…", r.width)))
	case r.art == nil:
		lines = append(lines, st.Dim.Render(padRight(" no article", r.width)))
	}
	end := min(r.top+r.visible(), len(r.lines))
	for i := r.top; i < end && len(lines) < r.height; i++ {
		lines = append(lines, r.lines[i])
	}
	for len(lines) < r.height {
		lines = append(lines, blank(r.width))
	}
	return lines
}

// humanBytes formats n bytes as B, KB, MB or GB (powers of 1024).
func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "KMGTPE"[exp])
}
