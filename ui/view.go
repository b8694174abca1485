package ui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/store"
	"github.com/nashra-reader/nashra/ui/bidi"
)

// Widths (in cells) at which the layout changes: three panes side by side
// from wideAt (the reader previews the list's cursor); from mediumAt two —
// the feeds pane and the list while the feeds pane has the focus, the list
// and the reader once an article was opened (enter; one esc closes it
// again, as does a change of the list's view), else the list alone over
// the whole width; below mediumAt one pane, the focused one.
const (
	wideAt   = 120
	mediumAt = 80
)

// paneLayout is which panes are on screen and how wide each is.
type paneLayout struct {
	panes  []focus
	widths []int
}

// currentLayout decides the panes for the terminal's width and the focus.
func (m *Model) currentLayout() paneLayout {
	w := m.c.width
	switch {
	case w >= wideAt:
		fw := min(max(w/6, 22), 32)
		rest := w - fw - 2
		lw := rest * 45 / 100
		return paneLayout{[]focus{focusFeeds, focusList, focusReader}, []int{fw, lw, rest - lw}}
	case w >= mediumAt:
		switch {
		case m.focus == focusFeeds:
			fw := min(max(w/3, 22), 32)
			return paneLayout{[]focus{focusFeeds, focusList}, []int{fw, w - fw - 1}}
		case m.focus == focusReader || m.readerOpen:
			lw := (w - 1) * 45 / 100
			return paneLayout{[]focus{focusList, focusReader}, []int{lw, w - 1 - lw}}
		}
		return paneLayout{[]focus{focusList}, []int{w}}
	default:
		return paneLayout{[]focus{m.focus}, []int{max(w, 1)}}
	}
}

// showsPane reports whether pane f is on screen.
func (m *Model) showsPane(f focus) bool {
	for _, p := range m.currentLayout().panes {
		if p == f {
			return true
		}
	}
	return false
}

// bottomHeight is how many lines the bottom area (status bar or editor)
// takes.
func (m *Model) bottomHeight() int {
	switch m.state {
	case stateFilter:
		return 2
	case stateTags:
		return 3
	}
	return 1
}

// panesHeight is the height of the panes, their title lines included.
func (m *Model) panesHeight() int {
	return max(m.c.height-1-m.bottomHeight(), 1)
}

// layout hands every pane its size after a resize or a focus change.
func (m *Model) layout() {
	h := m.panesHeight()
	pl := m.currentLayout()
	for i, p := range pl.panes {
		m.paneSize(p, pl.widths[i], h)
	}
	// Panes off screen keep a sensible size for paging decisions.
	if !m.showsPane(focusList) {
		m.list.SetSize(max(m.c.width, 1), h)
	}
	if !m.showsPane(focusFeeds) {
		m.feeds.SetSize(max(m.c.width/3, 1), h)
	}
	m.help.Width = m.c.width - 1 // the help is drawn one cell in
}

func (m *Model) paneSize(p focus, w, h int) {
	switch p {
	case focusFeeds:
		m.feeds.SetSize(w, h)
	case focusList:
		m.list.SetSize(w, h)
	case focusReader:
		m.reader.SetSize(w, h)
	}
}

// View draws the screen: top bar, panes (or an overlay), bottom area. It
// does no I/O and draws only what is visible.
func (m *Model) View() string {
	if m.c.width <= 0 || m.c.height <= 0 {
		return ""
	}
	st := &m.c.styles
	w := m.c.width
	h := m.panesHeight()
	lines := make([]string, 0, m.c.height)
	lines = append(lines, m.header())

	switch m.state {
	case stateHelp, stateWhy, stateErrors:
		body := m.overlay
		rows := m.overlayRows()
		top := min(m.ovTop, max(len(body)-rows, 0))
		end := min(top+rows, len(body))
		lines = append(lines, box(body[top:end], w, rows)...)
		if rows < h {
			lines = append(lines, m.overlayPosition(top, end, len(body)))
		}
	default:
		pl := m.currentLayout()
		blocks := make([][]string, len(pl.panes))
		for i, p := range pl.panes {
			focused := p == m.focus
			switch p {
			case focusFeeds:
				blocks[i] = m.feeds.View(focused)
			case focusList:
				blocks[i] = m.list.View(focused)
			case focusReader:
				blocks[i] = m.reader.View(focused)
			}
		}
		lines = append(lines, joinColumns(st.Border.Render("│"), blocks...)...)
	}

	note := func(bottom []string) []string {
		if m.promptNote != "" {
			bottom[len(bottom)-1] = st.StatusErr.Render(m.c.cell(" "+m.promptNote, w, bidi.LTR))
		}
		return bottom
	}
	switch m.state {
	case stateFilter:
		lines = append(lines, note(m.filter.view(w))...)
	case stateTags:
		lines = append(lines, note(m.tagEd.view(w))...)
	case stateConfirm:
		q := " " + m.confirm.question + " (y/n)"
		if m.promptNote != "" {
			q += " · " + m.promptNote
		}
		lines = append(lines, st.Confirm.Render(m.c.cell(q, w, bidi.LTR)))
	default:
		lines = append(lines, m.statusLine())
	}
	// A terminal too small for the bars gets what fits: exactly height
	// lines of exactly width cells (a guard; the panes are built to size).
	if len(lines) > m.c.height {
		lines = lines[:m.c.height]
	}
	for i, l := range lines {
		if ansiWidth(l) != w {
			lines[i] = padRight(l, w)
		}
	}
	return strings.Join(lines, "\n")
}

// overlayPosition is the line under an overlay that does not fit: which
// of its n lines are shown (top to end, end exclusive), an arrow for each
// direction with more, and the keys that scroll.
func (m *Model) overlayPosition(top, end, n int) string {
	arrows := ""
	if top > 0 {
		arrows += "↑"
	}
	if end < n {
		arrows += "↓"
	}
	more := "more above"
	if end < n {
		more = "more below"
	}
	text := fmt.Sprintf(" %s %s · lines %d–%d of %d · j/k, pgdn/space, pgup, g/G", arrows, more, top+1, end, n)
	return m.c.styles.Dim.Render(m.c.cell(text, m.c.width, bidi.LTR))
}

// helpLines is the `?` screen: every binding of the panes (keyMap), then
// those of the editors and questions (promptKeys), drawn by bubbles/help
// from the same key maps the keys are matched with.
func (m *Model) helpLines() []string {
	pk := defaultPromptKeys()
	w := m.c.width - 1 // the help is drawn one cell in
	heading := func(text string) []string {
		var out []string
		for _, l := range m.c.layout(text, max(w, 1), bidi.LTR) {
			out = append(out, " "+l.Text)
		}
		return out
	}
	body := []string{""}
	body = append(body, heading("Keys (esc closes)")...)
	body = append(body, "")
	body = append(body, indent(m.helpColumns(m.c.keys.FullHelp(), w), " ")...)
	body = append(body, "")
	body = append(body, heading("In the filter (/) and the tag editor (t); answering y/n questions")...)
	body = append(body, "")
	body = append(body, indent(m.helpColumns(pk.FullHelp(), w), " ")...)
	body = append(body, "")
	body = append(body, heading("Filter syntax (/, saved searches, nashra articles); terms combine with AND")...)
	body = append(body, "")
	for _, row := range filterSyntax {
		for i, l := range m.c.layout(row[1], max(w-20, 1), bidi.LTR) {
			lead := ""
			if i == 0 {
				lead = row[0]
			}
			body = append(body, "  "+padRight(lead, 18)+l.Text)
		}
	}
	return body
}

// filterSyntax is the `?` screen's summary of the query language
// (store.ParseQuery documents it in full): a term and what it matches.
var filterSyntax = [][2]string{
	{"words", "every word, in any spelling: harakat, alef and yeh forms, ال and و/ب/ل before a word (كتاب finds الكتاب، وكتاب، بالكتاب), English case and plurals; in the title, text, author or feed name"},
	{`"a phrase"`, "the words next to each other, in this order"},
	{"-term", "without it (also NOT term, -(a OR b))"},
	{"a OR b  ( )", "either; group with parentheses"},
	{"tag:SLUG", "carries the tag (open-source, org:meta, your own); tab completes"},
	{"feed:TEXT", "the feed's title or address contains TEXT"},
	{"folder:NAME", "a feed of folder NAME"},
	{"is:unread", "also is:read, is:starred, is:unstarred"},
	{"lang:ar", "the article's language (lang:en, …)"},
	{"since:2026-01-31", "published (else first seen) on or after that day; before: the day before it"},
}

// helpColumns draws the groups of bindings as columns side by side when
// they fit in w cells, else as many per row as fit (at least one), the rows
// stacked with a blank line between them: every binding is listed at any
// width (bubbles/help alone drops the columns that do not fit).
func (m *Model) helpColumns(groups [][]key.Binding, w int) []string {
	h := m.help
	h.Width = 0 // no limit: the fit is decided here
	var out []string
	for per := len(groups); per >= 1; per-- {
		out = out[:0]
		fits := true
		for i := 0; i < len(groups); i += per {
			block := strings.Split(h.FullHelpView(groups[i:min(i+per, len(groups))]), "\n")
			if i > 0 {
				out = append(out, "")
			}
			for _, l := range block {
				fits = fits && ansiWidth(l) <= w
			}
			out = append(out, block...)
		}
		if fits {
			break
		}
	}
	return out
}

func indent(lines []string, pre string) []string {
	for i := range lines {
		lines[i] = pre + lines[i]
	}
	return lines
}

// header is the top bar: the program's name, the view and the refresh.
func (m *Model) header() string {
	st := &m.c.styles
	title := m.title
	if title == "" {
		title = "nashra"
	}
	right := ""
	switch {
	case m.refresh.running && m.refresh.total > 0:
		right = fmt.Sprintf("refreshing %d/%d %s ", m.refresh.done, m.refresh.total, progressBar(m.refresh.done, m.refresh.total, 10))
	case m.refresh.running:
		right = "refreshing… "
	}
	// While a refresh runs, the feeds it has seen fail; otherwise every
	// feed whose last poll failed, as `e` lists them (QA: the count was
	// the last refresh's only, and none at start).
	failed := m.feeds.failing
	if m.refresh.running {
		failed = m.refresh.failed
	}
	if failed > 0 {
		right += fmt.Sprintf("%d failed (e) ", failed)
	}
	left := " " + title
	if all := m.feeds.byKey("all"); all != nil && m.feeds.loaded {
		left += fmt.Sprintf(" · %d unread of %d", all.unread, all.total)
	}
	rw := ansiWidth(right)
	return st.Header.Render(padRight(left, max(m.c.width-rw, 0))) + st.Status.Render(right)
}

// progressBar draws done/total in n cells.
func progressBar(done, total, n int) string {
	if total <= 0 {
		return ""
	}
	f := min(done*n/total, n)
	return "[" + strings.Repeat("█", f) + strings.Repeat("·", n-f) + "]"
}

// statusLine is the bottom bar: the last message, else the short help.
func (m *Model) statusLine() string {
	st := &m.c.styles
	w := m.c.width
	if m.status != "" {
		s := st.Status
		if m.statusErr {
			s = st.StatusErr
		}
		return s.Render(m.c.cell(" "+m.status, w, bidi.LTR))
	}
	return padRight(" "+m.help.ShortHelpView(m.c.keys.ShortHelp()), w)
}

// showWhy lays out the `w` screen for article a: each automatic tag with
// the terms that fired it.
func (m *Model) showWhy(a *store.Article) {
	st := &m.c.styles
	w := max(m.c.width-2, 10)
	c := m.c
	out := []string{""}
	for _, l := range c.layout(shownTitle(a), w, titleBase(a)) {
		out = append(out, " "+st.Title.Render(l.Pad(w)))
	}
	out = append(out, "", " "+st.PaneTitle.Render("Why these tags (esc closes)"), "")
	auto := 0
	for _, t := range a.Tags {
		label := isolateTag(t.Name)
		if n := c.tagName(t.Name); n != "" {
			label += " — " + isolate(n)
		}
		if t.Source == "user" {
			out = append(out, " "+st.UserTag.Render(c.cell(label+"  (your tag)", w, bidi.LTR)))
			continue
		}
		auto++
		out = append(out, " "+st.Tag.Render(c.cell(label+"  ("+t.Kind+")", w, bidi.LTR)))
		if len(t.Terms) == 0 {
			out = append(out, "   "+st.Dim.Render(padRight("(no terms recorded)", w-2)))
			continue
		}
		terms := append([]string(nil), t.Terms...)
		sort.Strings(terms)
		for _, term := range terms {
			// Each term is its own bidi paragraph: an Arabic term is
			// shaped and reads right to left, beside its bullet.
			out = append(out, "   • "+c.truncate(term, w-4, bidi.Auto).Text)
		}
	}
	if auto == 0 {
		out = append(out, " "+st.Dim.Render("The tagger put no automatic tag on this article."))
	}
	art := *a
	m.overlay, m.ovTop, m.whyArt = out, 0, &art
	m.state = stateWhy
}

// showErrors lays out the `e` screen: every feed whose last poll failed,
// with its error.
func (m *Model) showErrors() {
	st := &m.c.styles
	c := m.c
	w := max(c.width-2, 10)
	out := []string{"", " " + st.PaneTitle.Render("Feeds with errors (esc closes)"), ""}
	bad := m.feeds.feedsWithErrors()
	if len(bad) == 0 {
		out = append(out, " "+st.Dim.Render("No feed reported an error at its last poll."))
	}
	for _, f := range bad {
		// An untitled feed is named by its address as a person reads it,
		// left to right, as the feeds pane names it.
		name, dir := f.Title(), bidi.Auto
		if name == f.URL {
			name, dir = feeds.DisplayURL(f.URL), bidi.LTR
		}
		out = append(out, " "+st.ErrorMark.Render("! ")+c.cell(name, w-2, dir))
		if f.Title() != f.URL {
			out = append(out, "   "+st.Link.Render(c.cell(feeds.DisplayURL(f.URL), w-2, bidi.LTR)))
		}
		for _, l := range c.layout(f.LastError, w-2, bidi.LTR) {
			out = append(out, "   "+st.StatusErr.Render(l.Pad(w-2)))
		}
		if f.LastPoll != nil {
			out = append(out, "   "+st.Dim.Render("last tried "+f.LastPoll.In(c.now().Location()).Format("2006-01-02 15:04")))
		}
		out = append(out, "")
	}
	m.overlay, m.ovTop = out, 0
	m.state = stateErrors
}
