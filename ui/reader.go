package ui

import (
	"fmt"
	"strings"

	"github.com/nashra-reader/nashra/store"
	"github.com/nashra-reader/nashra/ui/bidi"
)

// readerPane shows one article: title, feed, author, date, tags, the body
// laid out one bidi paragraph per paragraph (base direction from
// bidi.ResolveBase), then the numbered links and the enclosures. The laid
// out lines are computed once per article and width and only sliced by
// View.
type readerPane struct {
	c *common

	art       *store.Article
	loadingID int64 // the article being loaded, 0 when none
	err       error

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

// show puts a freshly loaded article in the pane, at the top.
func (r *readerPane) show(a store.Article) {
	same := r.art != nil && r.art.ID == a.ID
	r.art = &a
	r.err = nil
	r.loadingID = 0
	r.layoutW = -1
	if !same {
		r.top = 0
	}
	r.layout()
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
	opts := func(base bidi.Direction) bidi.Options { return bidi.Options{Base: base, Mode: c.bidi} }
	layout := func(text string, base bidi.Direction, width int) []bidi.Line {
		return bidi.Layout(text, width, opts(base))
	}

	for _, l := range layout(a.Title, titleBase(a), tw) {
		add(st.Title.Render(l.Pad(tw)))
	}
	if a.FeedTitle != "" {
		add(st.FeedName.Render(c.cell(a.FeedTitle, tw, bidi.Auto)))
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
			names[i] = "#" + t.Name
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
		for _, l := range layout(p, baseOf(a.ExplicitDir, a.Lang, p), tw) {
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
			add(st.Link.Render(c.cell(a.URL, tw, bidi.LTR)))
		}
		for i, ln := range a.Links {
			num := fmt.Sprintf("[%d] ", i+1)
			nw := ansiWidth(num)
			text := ln.Text
			if strings.TrimSpace(text) == "" {
				text = ln.URL
			}
			for j, l := range layout(text, bidi.Auto, max(tw-nw, 1)) {
				prefix := num
				if j > 0 {
					prefix = blank(nw)
				}
				add(prefix + l.Pad(max(tw-nw, 1)))
			}
			if ln.URL != text {
				add(blank(nw) + st.Link.Render(c.cell(ln.URL, max(tw-nw, 1), bidi.LTR)))
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
			iw := min(ansiWidth(info), tw/2)
			add(st.Link.Render(c.cell(e.URL, tw-iw, bidi.LTR)) + st.Meta.Render(padRight(info, iw)))
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
	lines = append(lines, ts.Render(padRight(" Article", r.width-ansiWidth(pos))+pos))
	switch {
	case r.err != nil:
		lines = append(lines, st.StatusErr.Render(padRight(" "+r.err.Error(), r.width)))
	case r.loadingID != 0 && r.art == nil:
		lines = append(lines, st.Dim.Render(padRight(" loading…", r.width)))
	case r.art == nil:
		lines = append(lines, st.Dim.Render(padRight(" enter opens the article under the cursor", r.width)))
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
