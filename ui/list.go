package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/nashra-reader/nashra/store"
	"github.com/nashra-reader/nashra/ui/bidi"
)

// listPane is the article list. It never holds more than a window of rows
// around the cursor (maxWindow, about three screens): rows are fetched from
// SQLite by keyset (store.Page After/Before) in tea.Cmds as the cursor nears
// either edge of the window, and rows far from the cursor are dropped.
type listPane struct {
	c *common

	view   store.View // what is listed, hide-read and filter included
	title  string     // the view's name for the pane title
	filter string     // the user's `/` filter, shown after the title

	// readHidden: u hides the read articles of a view that has them (the
	// Unread view has none to show, so an empty one does not point to u).
	readHidden bool

	// feedsKnown: the subscriptions were loaded; subscribed: there is at
	// least one (for what an empty All view says).
	feedsKnown, subscribed bool

	// With a filter that has words, each row gets a second line: a snippet
	// of the article's text with the words highlighted (store.Snippets,
	// loaded with every page), and the titles show their matches.
	hl    *highlighter
	snips map[int64]store.Snippet

	gen    int             // bumped on every new view or reload; stale answers are dropped
	rows   []store.Article // the window, newest first
	base   int             // absolute index (in the whole view) of rows[0]
	total  int             // how many articles the view selects
	cursor int             // index in rows
	top    int             // index in rows of the first visible row
	loaded bool            // the first answer for this view arrived
	err    error           // the last load error (a *store.QueryError for a bad filter)

	loadingAfter, loadingBefore bool
	// want is the absolute index a move asked for beyond the window's edge,
	// reached when the page being fetched arrives; -1 when none.
	want int

	width, height int
}

// loadMode says how an articlesLoadedMsg's rows join the window.
type loadMode int

const (
	loadReplace loadMode = iota // the rows become the window
	loadAppend                  // older rows after the window
	loadPrepend                 // newer rows before the window
)

// articlesLoadedMsg is one page (or a whole new window) of the list.
type articlesLoadedMsg struct {
	gen   int
	mode  loadMode
	rows  []store.Article
	total int // for loadReplace: the view's count
	base  int // for loadReplace: absolute index of rows[0]
	// For loadReplace: the row to put the cursor on — the article selectID
	// if present, else index selectIdx (clamped; -1 means the last row) —
	// and which screen line it should stay on (screenRow, -1 for any) —
	// unless showTop asks to go on showing the view's first row and the
	// cursor's row fits below it.
	selectID  int64
	selectIdx int
	screenRow int
	showTop   bool
	// follow: the reload follows the cursor (reloadAround without a
	// cursor given); if the cursor moved while it ran, the answer is
	// placed around where the cursor is when it arrives.
	follow bool
	limit  int                     // for pages: how many rows were asked for
	snips  map[int64]store.Snippet // the rows' snippets, when the view has words
	err    error
}

func newListPane(c *common) *listPane {
	return &listPane{c: c, title: "All", want: -1}
}

// SetSize sets the pane's size in cells, its title line included.
func (l *listPane) SetSize(w, h int) {
	l.width, l.height = w, h
	l.clampTop()
}

// rowHeight is how many lines one article takes: two (title row and
// snippet) when the filter has words.
func (l *listPane) rowHeight() int {
	if l.hl != nil {
		return 2
	}
	return 1
}

// visible is how many rows fit under the title line.
func (l *listPane) visible() int { return max((l.height-1)/l.rowHeight(), 1) }

// pageSize is how many rows one keyset fetch asks for.
func (l *listPane) pageSize() int { return max(l.visible(), 50) }

// maxWindow is how many rows the pane keeps at most.
func (l *listPane) maxWindow() int { return 3 * l.pageSize() }

// current is the article under the cursor, nil when the list is empty.
func (l *listPane) current() *store.Article {
	if l.cursor < 0 || l.cursor >= len(l.rows) {
		return nil
	}
	return &l.rows[l.cursor]
}

// position is the cursor's 1-based index in the whole view (0 when empty).
func (l *listPane) position() int {
	if len(l.rows) == 0 {
		return 0
	}
	return l.base + l.cursor + 1
}

// showsTop reports whether the window shows the view's first rows.
func (l *listPane) showsTop() bool { return l.base == 0 && l.top == 0 }

// SetView lists v from the top. A query with words in v makes the rows
// two lines high, with snippets. The highlighter is kept while the query
// is the same, so that the reader, which shares it, is not laid out again.
func (l *listPane) SetView(v store.View, title string) tea.Cmd {
	if v.Query != l.view.Query {
		l.hl = newHighlighter(v.Query)
	}
	l.view, l.title = v, title
	l.snips = nil
	l.clampTop()
	return l.loadTop()
}

// SetViewAround lists v as SetView does, but around the article at cur
// (see reloadAround) instead of from the top: for a change of view that
// keeps the cursor's article, as showing or hiding read articles does.
func (l *listPane) SetViewAround(v store.View, title string, cur store.Cursor) tea.Cmd {
	l.SetView(v, title) // its command (the first page) is dropped, not run
	return l.reloadAround(&cur)
}

// snippetsOf loads the snippets of rows for view v when the view has words
// (hl); nil otherwise or on an error (the rows are shown without them).
func (c *common) snippetsOf(ctx context.Context, v store.View, hl bool, rows []store.Article) map[int64]store.Snippet {
	if !hl || len(rows) == 0 {
		return nil
	}
	hits, err := c.store.Snippets(ctx, v.Query, rows)
	if err != nil {
		c.log.Warn("snippets", "query", v.Query, "err", err)
		return nil
	}
	m := make(map[int64]store.Snippet, len(hits))
	for _, h := range hits {
		m[h.ID] = h.Snippet
	}
	return m
}

func (l *listPane) newGen() int {
	l.gen++
	l.loadingAfter, l.loadingBefore = false, false
	l.want = -1
	return l.gen
}

// loadTop replaces the window with the first page of the view.
func (l *listPane) loadTop() tea.Cmd {
	gen, v, n := l.newGen(), l.view, l.pageSize()
	c, hl := l.c, l.hl != nil
	return func() tea.Msg {
		ctx, cancel := c.ioCtx()
		defer cancel()
		rows, err := c.store.List(ctx, v, store.Page{Limit: n})
		if err != nil {
			return articlesLoadedMsg{gen: gen, err: err}
		}
		total, err := c.store.Count(ctx, v)
		if err != nil {
			return articlesLoadedMsg{gen: gen, err: err}
		}
		return articlesLoadedMsg{gen: gen, mode: loadReplace, rows: rows, total: total, screenRow: 0,
			snips: c.snippetsOf(ctx, v, hl, rows)}
	}
}

// loadBottom replaces the window with the last page of the view (G).
func (l *listPane) loadBottom() tea.Cmd {
	gen, v, n := l.newGen(), l.view, l.pageSize()
	c, hl := l.c, l.hl != nil
	return func() tea.Msg {
		ctx, cancel := c.ioCtx()
		defer cancel()
		rows, err := c.store.Last(ctx, v, n)
		if err != nil {
			return articlesLoadedMsg{gen: gen, err: err}
		}
		total, err := c.store.Count(ctx, v)
		if err != nil {
			return articlesLoadedMsg{gen: gen, err: err}
		}
		return articlesLoadedMsg{gen: gen, mode: loadReplace, rows: rows, total: total,
			base: max(total-len(rows), 0), selectIdx: -1, screenRow: -1, snips: c.snippetsOf(ctx, v, hl, rows)}
	}
}

// reloadAround replaces the window with rows around the article at cur
// (the cursor's article when cur is nil), keeping the cursor on that article
// — or on its neighbour when it left the view — and on the same screen
// line. It is how the list follows changes made by another process.
func (l *listPane) reloadAround(cur *store.Cursor) tea.Cmd {
	screen, showTop, follow := -1, false, cur == nil
	if cur == nil {
		a := l.current()
		if a == nil {
			return l.loadTop()
		}
		c := a.Cursor
		cur = &c
		screen = l.cursor - l.top
		// The window shows the newest articles: go on showing them, so
		// that what arrived is seen (the cursor's article moves down
		// with the rows above it, while it stays on screen).
		showTop = l.showsTop()
	}
	at := *cur
	gen, v, n := l.newGen(), l.view, l.pageSize()
	c, hl := l.c, l.hl != nil
	return func() tea.Msg {
		ctx, cancel := c.ioCtx()
		defer cancel()
		before, err := c.store.List(ctx, v, store.Page{Before: &at, Limit: n})
		if err != nil {
			return articlesLoadedMsg{gen: gen, err: err}
		}
		// (time, id+1) is just after at in the newest-first order, so the
		// page starts with the article itself when it is still in the view.
		from := store.Cursor{Time: at.Time, ID: at.ID + 1}
		after, err := c.store.List(ctx, v, store.Page{After: &from, Limit: n})
		if err != nil {
			return articlesLoadedMsg{gen: gen, err: err}
		}
		total, err := c.store.Count(ctx, v)
		if err != nil {
			return articlesLoadedMsg{gen: gen, err: err}
		}
		pos, err := c.store.Position(ctx, v, at)
		if err != nil {
			return articlesLoadedMsg{gen: gen, err: err}
		}
		rows := append(before, after...)
		return articlesLoadedMsg{gen: gen, mode: loadReplace, rows: rows, total: total,
			base: max(pos-len(before), 0), selectID: at.ID, selectIdx: len(before), screenRow: screen, showTop: showTop, follow: follow,
			snips: c.snippetsOf(ctx, v, hl, rows)}
	}
}

// fetchMore asks for the next page past the window's edge when the cursor
// is within a screen of it and the view has more rows there.
func (l *listPane) fetchMore() tea.Cmd {
	if !l.loaded || len(l.rows) == 0 {
		return nil
	}
	margin := l.visible()
	var cmds []tea.Cmd
	if !l.loadingAfter && l.cursor >= len(l.rows)-1-margin && l.base+len(l.rows) < l.total {
		l.loadingAfter = true
		after := l.rows[len(l.rows)-1].Cursor
		cmds = append(cmds, l.page(loadAppend, store.Page{After: &after, Limit: l.pageSize()}))
	}
	if !l.loadingBefore && l.cursor <= margin && l.base > 0 {
		l.loadingBefore = true
		before := l.rows[0].Cursor
		cmds = append(cmds, l.page(loadPrepend, store.Page{Before: &before, Limit: l.pageSize()}))
	}
	return tea.Batch(cmds...)
}

func (l *listPane) page(mode loadMode, p store.Page) tea.Cmd {
	gen, v := l.gen, l.view
	c, hl := l.c, l.hl != nil
	return func() tea.Msg {
		ctx, cancel := c.ioCtx()
		defer cancel()
		rows, err := c.store.List(ctx, v, p)
		if err != nil {
			return articlesLoadedMsg{gen: gen, mode: mode, limit: p.Limit, err: err}
		}
		return articlesLoadedMsg{gen: gen, mode: mode, rows: rows, limit: p.Limit, snips: c.snippetsOf(ctx, v, hl, rows)}
	}
}

// loaded applies an answer of the paging commands. It returns a command
// when the cursor is still near an edge.
func (l *listPane) handleLoaded(msg articlesLoadedMsg) tea.Cmd {
	if msg.gen != l.gen {
		return nil
	}
	switch msg.mode {
	case loadAppend:
		l.loadingAfter = false
	case loadPrepend:
		l.loadingBefore = false
	}
	if msg.err != nil {
		l.err = msg.err
		l.want = -1
		if msg.mode == loadReplace {
			l.rows, l.total, l.base, l.cursor, l.top = nil, 0, 0, 0, 0
			l.loaded = true
		}
		return nil
	}
	if msg.mode == loadReplace && msg.follow {
		if a := l.current(); a != nil && a.ID != msg.selectID {
			// Keys moved the cursor while the reload ran: keep the
			// article it is on now, on its screen line, or ask again
			// around it when the answer does not hold it.
			if !slices.ContainsFunc(msg.rows, func(r store.Article) bool { return r.ID == a.ID }) {
				return l.reloadAround(nil)
			}
			msg.selectID, msg.screenRow = a.ID, l.cursor-l.top
			msg.showTop = l.showsTop()
		}
	}
	l.err = nil
	l.addSnippets(msg.mode == loadReplace, msg.snips)
	switch msg.mode {
	case loadReplace:
		l.loaded = true
		l.rows, l.total, l.base = msg.rows, msg.total, msg.base
		l.cursor = -1
		if msg.selectID != 0 {
			for i := range l.rows {
				if l.rows[i].ID == msg.selectID {
					l.cursor = i
					break
				}
			}
		}
		if l.cursor < 0 {
			l.cursor = msg.selectIdx
			if l.cursor < 0 || l.cursor >= len(l.rows) {
				l.cursor = len(l.rows) - 1
			}
		}
		l.cursor = max(l.cursor, 0)
		switch {
		case msg.showTop && l.base == 0 && l.cursor < l.visible():
			l.top = 0
		case msg.screenRow >= 0:
			l.top = l.cursor - msg.screenRow
		default:
			l.top = l.cursor - l.visible() + 1
		}
		l.clampTop()
		if msg.showTop && l.base+l.top > 0 {
			// The newest articles were on screen and what arrived
			// cannot join them without moving the cursor off it.
			more := l.fetchMore()
			note := func() tea.Msg {
				return statusMsg{text: "new articles above the window (g goes to the top)"}
			}
			return tea.Batch(more, note)
		}
	case loadAppend:
		if len(msg.rows) == 0 {
			// The view shrank behind our back: believe what we hold.
			l.total = l.base + len(l.rows)
			l.want = -1
			return nil
		}
		l.rows = append(l.rows, msg.rows...)
		l.applyWant()
		if drop := len(l.rows) - l.maxWindow(); drop > 0 {
			drop = min(drop, max(l.top-l.visible(), 0))
			l.dropFront(drop)
		}
	case loadPrepend:
		if len(msg.rows) == 0 {
			l.base = 0
			l.want = -1
			return nil
		}
		n := len(msg.rows)
		l.rows = append(append(make([]store.Article, 0, n+len(l.rows)), msg.rows...), l.rows...)
		l.base = max(l.base-n, 0)
		if n < msg.limit {
			l.base = 0 // nothing newer is left
		}
		l.cursor += n
		l.top += n
		l.applyWant()
		if drop := len(l.rows) - l.maxWindow(); drop > 0 {
			keep := l.top + 2*l.visible()
			drop = min(drop, max(len(l.rows)-keep, 0))
			l.rows = l.rows[:len(l.rows)-drop]
		}
	}
	return l.fetchMore()
}

// addSnippets keeps the snippets of newly loaded rows (replacing the old
// ones on a new window) and forgets those of rows no longer held.
func (l *listPane) addSnippets(replace bool, snips map[int64]store.Snippet) {
	if replace || l.hl == nil {
		l.snips = nil
	}
	if l.hl == nil || len(snips) == 0 {
		return
	}
	if l.snips == nil {
		l.snips = snips
		return
	}
	for id, s := range snips {
		l.snips[id] = s
	}
	if len(l.snips) > 2*l.maxWindow() {
		held := make(map[int64]bool, len(l.rows))
		for i := range l.rows {
			held[l.rows[i].ID] = true
		}
		for id := range l.snips {
			if !held[id] {
				delete(l.snips, id)
			}
		}
	}
}

func (l *listPane) dropFront(n int) {
	if n <= 0 {
		return
	}
	l.rows = append([]store.Article(nil), l.rows[n:]...)
	l.base += n
	l.cursor -= n
	l.top -= n
}

// move moves the cursor by delta rows and fetches more rows when it nears
// an edge of the window. A move past the edge goes as far as the window
// allows and is completed when the next page arrives, so no key is lost.
func (l *listPane) move(delta int) tea.Cmd {
	if len(l.rows) == 0 {
		return nil
	}
	from := l.base + l.cursor
	if l.want >= 0 {
		from = l.want
	}
	target := min(max(from+delta, 0), max(l.total-1, l.base+len(l.rows)-1))
	l.want = -1
	if target < l.base || target >= l.base+len(l.rows) {
		l.want = target
	}
	l.cursor = min(max(target-l.base, 0), len(l.rows)-1)
	l.ensureVisible()
	return l.fetchMore()
}

// applyWant moves the cursor toward a pending target after a page arrived.
func (l *listPane) applyWant() {
	if l.want < 0 {
		return
	}
	l.cursor = min(max(l.want-l.base, 0), len(l.rows)-1)
	if l.want >= l.base && l.want < l.base+len(l.rows) {
		l.want = -1
	}
	l.ensureVisible()
}

// top goes to the first article of the view.
func (l *listPane) goTop() tea.Cmd {
	if l.base == 0 && len(l.rows) > 0 {
		l.cursor, l.top = 0, 0
		return l.fetchMore()
	}
	return l.loadTop()
}

// goBottom goes to the last article of the view (store.Last).
func (l *listPane) goBottom() tea.Cmd {
	if l.loaded && l.base+len(l.rows) >= l.total && len(l.rows) > 0 {
		l.cursor = len(l.rows) - 1
		l.ensureVisible()
		return l.fetchMore()
	}
	return l.loadBottom()
}

// selectID puts the cursor on article id when it is in the window and
// reports whether it was.
func (l *listPane) selectID(id int64) bool {
	for i := range l.rows {
		if l.rows[i].ID == id {
			l.cursor = i
			l.ensureVisible()
			return true
		}
	}
	return false
}

// update changes the article id in the window with fn.
func (l *listPane) update(id int64, fn func(a *store.Article)) {
	for i := range l.rows {
		if l.rows[i].ID == id {
			fn(&l.rows[i])
		}
	}
}

func (l *listPane) ensureVisible() {
	if l.cursor < l.top {
		l.top = l.cursor
	}
	if l.cursor >= l.top+l.visible() {
		l.top = l.cursor - l.visible() + 1
	}
	l.clampTop()
}

func (l *listPane) clampTop() {
	l.top = min(l.top, len(l.rows)-l.visible())
	l.top = max(l.top, 0)
	if len(l.rows) > 0 && l.cursor >= 0 {
		if l.cursor < l.top {
			l.top = l.cursor
		} else if l.cursor >= l.top+l.visible() {
			l.top = l.cursor - l.visible() + 1
		}
	}
}

// View draws the pane: a title line, then only the visible rows, each
// exactly width cells wide.
func (l *listPane) View(focused bool) []string {
	st := &l.c.styles
	lines := make([]string, 0, l.height)
	title := l.title
	if l.filter != "" {
		// Isolated: the query reads in its own direction, as it was
		// typed, whatever the title's.
		title += " / " + isolate(l.filter)
	}
	count := ""
	if l.loaded {
		count = fmt.Sprintf(" %d/%d", l.position(), l.total)
	}
	if l.view.UnreadOnly {
		count = " unread" + count
	}
	if count != "" {
		count += " " // off the pane's border
	}
	tw := max(l.width-ansiWidth(count)-1, 1)
	ts := st.PaneTitle
	if focused {
		ts = st.PaneActive
	}
	lines = append(lines, ts.Render(" "+l.c.cell(title, tw, bidi.Auto)+padLeft(count, l.width-tw-1)))
	switch {
	case l.err != nil:
		var qe *store.QueryError
		msg := l.err.Error()
		if errors.As(l.err, &qe) {
			msg = "bad filter: " + qe.Error()
		}
		lines = append(lines, st.StatusErr.Render(padRight(" "+msg, l.width)))
	case !l.loaded:
		lines = append(lines, st.Dim.Render(padRight(" loading…", l.width)))
	case len(l.rows) == 0 && l.view == (store.View{}) && l.feedsKnown:
		// Nothing stored at all: say how to get articles, wrapped to
		// the pane.
		hint := []string{"No articles yet: press R to fetch your feeds."}
		if !l.subscribed {
			hint = []string{"No feeds yet. Subscribe from a shell with", "  nashra add URL", "or", "  nashra import FILE",
				"(FILE: an OPML or newsboat urls file), then press R here."}
		}
		for _, para := range hint {
			for _, ln := range l.c.layout(para, max(l.width-2, 1), bidi.LTR) {
				if len(lines) < l.height {
					lines = append(lines, st.Dim.Render(" "+ln.Pad(l.width-1)))
				}
			}
		}
	case len(l.rows) == 0:
		empty := " no articles"
		switch {
		case l.view.Query != "":
			empty = " no matches"
		case l.readHidden:
			empty = " no unread articles (u shows read ones)"
		case l.view.UnreadOnly:
			empty = " no unread articles"
		}
		lines = append(lines, st.Dim.Render(padRight(empty, l.width)))
	}
	end := min(l.top+l.visible(), len(l.rows))
	now := l.c.now()
	// Dates of this year take 6 cells ("Mar 14"), older ones 8 ("Mar 2024").
	dateW := 7
	for i := l.top; i < end; i++ {
		if l.rows[i].Time().In(now.Location()).Year() != now.Year() {
			dateW = 9
			break
		}
	}
	for i := l.top; i < end && len(lines) < l.height; i++ {
		lines = append(lines, l.row(&l.rows[i], i == l.cursor, focused, now, dateW))
		if l.hl != nil && len(lines) < l.height {
			lines = append(lines, l.snippetLine(&l.rows[i]))
		}
	}
	for len(lines) < l.height {
		lines = append(lines, blank(l.width))
	}
	return lines
}

// row draws one article: markers, date, feed and title, each cell its own
// bidi paragraph padded to its column.
func (l *listPane) row(a *store.Article, selected, focused bool, now time.Time, dateW int) string {
	st := &l.c.styles
	w := l.width
	feedW, titleW := listColumns(w, dateW)
	mark := []rune("   ") // star, unread, space
	if a.Starred {
		mark[0] = '★'
	}
	if !a.Read {
		mark[1] = '●'
	}
	var b strings.Builder
	b.Grow(w + 64)
	date := padRight(shortDate(a.Time().In(now.Location()), now), dateW)
	var feed string
	if feedW > 0 {
		// Two cells between the feed name and the title, whatever their
		// directions: a right-aligned Arabic name would otherwise touch
		// an Arabic title and read as its first words.
		name, dir := articleFeedName(a)
		if dir == bidi.LTR {
			name = elideMiddle(name, feedW-1) // an address, as in the feeds pane
		}
		feed = l.c.cell(name, feedW-1, dir) + " "
	}
	// The title's matches, when the filter has words.
	var tspans []bidi.Span
	if l.hl != nil {
		if sn, ok := l.snips[a.ID]; ok {
			tspans = toBidiSpans(sn.Title)
		}
	}
	if selected {
		b.WriteString(string(mark))
		b.WriteString(date)
		if feedW > 0 {
			b.WriteString(feed)
			b.WriteByte(' ')
		}
		s, hs := st.Cursor, st.HighlightCur
		if !focused {
			s, hs = st.CursorDim, st.Highlight
		}
		if len(tspans) > 0 {
			ml := l.c.markedCell(a.Title, titleW, titleBase(a), tspans)
			return s.Render(b.String()) + renderMarked(ml, titleW, s, hs) + s.Render(" ")
		}
		b.WriteString(l.c.cell(shownTitle(a), titleW, titleBase(a)))
		b.WriteByte(' ')
		return s.Render(b.String())
	}
	b.WriteString(st.Starred.Render(string(mark[:1])))
	b.WriteString(string(mark[1:]))
	b.WriteString(st.Date.Render(date))
	if feedW > 0 {
		b.WriteString(st.FeedName.Render(feed))
		b.WriteByte(' ')
	}
	ts := st.Read
	if !a.Read {
		ts = st.Unread
	}
	if len(tspans) > 0 {
		b.WriteString(renderMarked(l.c.markedCell(a.Title, titleW, titleBase(a), tspans), titleW, ts, st.Highlight))
	} else {
		b.WriteString(ts.Render(l.c.cell(shownTitle(a), titleW, titleBase(a))))
	}
	b.WriteByte(' ')
	return b.String()
}

// snippetLine draws the second line of a row in a filter with words: the
// snippet store.Snippets cut from the article's text, its matches
// highlighted, indented under the markers. Blank while the snippet is not
// loaded or the article has no text.
func (l *listPane) snippetLine(a *store.Article) string {
	const indent = 3
	w := l.width - indent - 1
	sn, ok := l.snips[a.ID]
	st := &l.c.styles
	if ok && w > 0 && len(sn.Highlights) == 0 && len(sn.Title) == 0 {
		// The query's words are in neither the title nor the text: the
		// index matched them in the feed's name or the author. Say so,
		// or the row would seem to match nothing.
		name, dir := articleFeedName(a)
		shown := isolate(name)
		if dir == bidi.LTR {
			shown = "\u2066" + name + "\u2069" // LRI: an address reads left to right
		}
		note := "matched feed/author: " + shown
		if a.Author != "" {
			note += " · " + isolate(a.Author)
		}
		return blank(indent) + st.Snippet.Render(l.c.cell(note, w, bidi.LTR)) + " "
	}
	if !ok || sn.Text == "" || w <= 0 {
		return blank(l.width)
	}
	ml := l.c.markedCell(sn.Text, w, baseOf(a.ExplicitDir, a.Lang, sn.Text), toBidiSpans(sn.Highlights))
	return blank(indent) + renderMarked(ml, w, st.Snippet, st.Highlight) + " "
}

// listColumns splits a list row of w cells: 3 cells of markers, dateW of
// date, feedW of feed name (0: no feed column below 70 cells) and a space,
// titleW of title and a trailing space.
func listColumns(w, dateW int) (feedW, titleW int) {
	const markW = 3
	if w >= 70 {
		feedW = min(max(w/5, 12), 20)
	}
	titleW = max(w-markW-dateW-feedW-1, 1)
	if feedW > 0 {
		titleW = max(titleW-1, 1)
	}
	return feedW, titleW
}

// shortDate formats t for a list row in at most 8 cells: the time today,
// the day this year, the month and year before.
func shortDate(t, now time.Time) string {
	switch {
	case t.Year() == now.Year() && t.YearDay() == now.YearDay():
		return t.Format("15:04")
	case t.Year() == now.Year():
		return t.Format("Jan 02")
	default:
		return t.Format("Jan 2006")
	}
}
