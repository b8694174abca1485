package ui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/store"
	"github.com/nashra-reader/nashra/ui/bidi"
)

// feedItemKind is what one line of the feeds pane stands for.
type feedItemKind int

const (
	itemAll feedItemKind = iota
	itemUnread
	itemStarred
	itemTopic
	itemEntity
	itemUserTag
	itemSearch
	itemFeed
	itemFolder // a folder heading: selectable, it lists its feeds' articles
	itemHeader // a section heading; the cursor skips it
)

// feedItem is one line of the feeds pane.
type feedItem struct {
	kind     feedItemKind
	key      string // stable identity, to keep the cursor across reloads
	label    string
	indent   int
	unread   int
	total    int // -1: not shown
	view     store.View
	feed     *store.Feed // for itemFeed
	searchID int64       // for itemSearch
	err      string      // the feed's last poll error
	bad      bool        // a saved search whose query no longer parses
	urlLabel bool        // label is the feed's address (it has no title)
}

func (it feedItem) selectable() bool { return it.kind != itemHeader }

// maxEntities is how many entity tags the feeds pane lists: the most
// frequent ones.
const maxEntities = 15

// feedPane lists the virtual feeds (All, Unread, Starred, topics, the most
// frequent entities, user tags, saved searches) and the subscriptions,
// grouped by folder.
type feedPane struct {
	c      *common
	items  []feedItem
	cursor int
	top    int
	active string // key of the item whose articles the list shows
	loaded bool
	err    error
	// failing is how many subscriptions' last poll failed (the feeds
	// `e` lists), for the top bar.
	failing int

	width, height int
}

func newFeedPane(c *common) *feedPane {
	p := &feedPane{c: c, active: "all"}
	p.items = []feedItem{{kind: itemAll, key: "all", label: "All", total: -1}}
	return p
}

// SetSize sets the pane's size in cells, its title line included.
func (p *feedPane) SetSize(w, h int) {
	p.width, p.height = w, h
	p.ensureVisible()
}

func (p *feedPane) visible() int { return max(p.height-1, 1) }

// current is the item under the cursor.
func (p *feedPane) current() *feedItem {
	if p.cursor < 0 || p.cursor >= len(p.items) {
		return nil
	}
	return &p.items[p.cursor]
}

// byKey finds an item.
func (p *feedPane) byKey(key string) *feedItem {
	for i := range p.items {
		if p.items[i].key == key {
			return &p.items[i]
		}
	}
	return nil
}

// feedsWithErrors lists the subscriptions whose last poll failed.
func (p *feedPane) feedsWithErrors() []store.Feed {
	var out []store.Feed
	seen := map[int64]bool{}
	for _, it := range p.items {
		if it.feed != nil && it.feed.LastError != "" && !seen[it.feed.ID] {
			seen[it.feed.ID] = true
			out = append(out, *it.feed)
		}
	}
	return out
}

// set rebuilds the items from a load, keeping the cursor on the same item.
func (p *feedPane) set(msg feedsLoadedMsg) {
	if msg.err != nil {
		p.err = msg.err
		return
	}
	p.err = nil
	p.loaded = true
	curKey := ""
	if it := p.current(); it != nil {
		curKey = it.key
	}
	names := p.c.topicNames()
	items := []feedItem{
		{kind: itemAll, key: "all", label: "All", unread: msg.totals.Unread, total: msg.totals.All},
		{kind: itemUnread, key: "unread", label: "Unread", unread: msg.totals.Unread, total: -1,
			view: store.View{UnreadOnly: true}},
		{kind: itemStarred, key: "starred", label: "Starred", unread: msg.totals.StarredUnread, total: msg.totals.Starred,
			view: store.View{Starred: true}},
	}
	var topicItems, entityItems, userItems []feedItem
	for _, t := range msg.tags {
		it := feedItem{key: "tag:" + t.Name, unread: t.Unread, total: t.Total, indent: 1,
			view: store.View{Tag: t.Name}, label: t.Name}
		switch t.Kind {
		case "topic":
			it.kind = itemTopic
			if n, ok := names[t.Name]; ok && n != "" {
				it.label = n
			}
			topicItems = append(topicItems, it)
		case "entity":
			it.kind = itemEntity
			if n := p.c.tagName(t.Name); n != "" {
				it.label = n
			}
			entityItems = append(entityItems, it)
		case "user":
			it.kind = itemUserTag
			userItems = append(userItems, it)
		}
	}
	// The entities most articles name, then by name.
	sort.SliceStable(entityItems, func(i, j int) bool {
		if entityItems[i].total != entityItems[j].total {
			return entityItems[i].total > entityItems[j].total
		}
		return entityItems[i].label < entityItems[j].label
	})
	if len(entityItems) > maxEntities {
		entityItems = entityItems[:maxEntities]
	}
	if len(topicItems) > 0 {
		items = append(items, feedItem{kind: itemHeader, key: "h:topics", label: "Topics", total: -1})
		items = append(items, topicItems...)
	}
	if len(entityItems) > 0 {
		items = append(items, feedItem{kind: itemHeader, key: "h:entities", label: "Entities", total: -1})
		items = append(items, entityItems...)
	}
	if len(userItems) > 0 {
		items = append(items, feedItem{kind: itemHeader, key: "h:tags", label: "Your tags", total: -1})
		items = append(items, userItems...)
	}
	if len(msg.searches) > 0 {
		items = append(items, feedItem{kind: itemHeader, key: "h:searches", label: "Saved searches", total: -1})
		for _, s := range msg.searches {
			it := feedItem{kind: itemSearch, key: fmt.Sprintf("search:%d", s.ID), label: s.Title,
				unread: s.Unread, total: -1, indent: 1, view: store.View{Query: s.Query}, searchID: s.ID}
			if s.Unread < 0 {
				it.bad, it.unread = true, 0
				it.err = "query no longer parses"
			}
			items = append(items, it)
		}
	}
	// Subscriptions: feeds without a folder first, then one heading per
	// folder with its feeds (a feed in two folders shows under both). A
	// folder's heading is selectable: it lists the articles of its feeds.
	folders := map[string][]int{}
	var loose []int
	for i, f := range msg.feeds {
		if len(f.Folders) == 0 {
			loose = append(loose, i)
			continue
		}
		for _, fo := range f.Folders {
			folders[fo] = append(folders[fo], i)
		}
	}
	if len(msg.feeds) > 0 {
		items = append(items, feedItem{kind: itemHeader, key: "h:feeds", label: "Subscriptions", total: -1})
	}
	feedItemOf := func(i int, folder string, indent int) feedItem {
		f := &msg.feeds[i]
		it := feedItem{kind: itemFeed, key: fmt.Sprintf("feed:%d:%s", f.ID, folder), label: f.Title(),
			unread: f.Unread, total: -1, indent: indent, view: store.View{FeedID: f.ID}, feed: f,
			err: f.LastError}
		if f.UserTitle == "" && f.FeedTitle == "" {
			it.label, it.urlLabel = addressLabel(f.URL), true
		}
		return it
	}
	for _, i := range loose {
		items = append(items, feedItemOf(i, "", 1))
	}
	names2 := make([]string, 0, len(folders))
	for fo := range folders {
		names2 = append(names2, fo)
	}
	sort.Slice(names2, func(i, j int) bool { return strings.ToLower(names2[i]) < strings.ToLower(names2[j]) })
	for _, fo := range names2 {
		// The heading's unread count sums its feeds' (store.Feed.Unread,
		// from the counters the store keeps): no article is read.
		unread := 0
		for _, i := range folders[fo] {
			unread += msg.feeds[i].Unread
		}
		items = append(items, feedItem{kind: itemFolder, key: "folder:" + fo, label: fo, indent: 1,
			unread: unread, total: -1, view: store.View{Folder: fo}})
		for _, i := range folders[fo] {
			items = append(items, feedItemOf(i, fo, 2))
		}
	}
	old, oldCursor := p.items, p.cursor
	p.items = items
	p.cursor = p.nearest(old, oldCursor, curKey)
	p.ensureVisible()
	p.failing = 0
	for _, f := range msg.feeds {
		if f.LastError != "" {
			p.failing++
		}
	}
}

// nearest is the index in p.items of the row the cursor goes to after a
// reload: the row of key, else (the row is gone: its feeds were removed,
// its tag is no longer used) the nearest row of the old list, from
// oldCursor, that is still there — the first below it, else the first
// above it — else All (0).
func (p *feedPane) nearest(old []feedItem, oldCursor int, key string) int {
	index := make(map[string]int, len(p.items))
	for i := range p.items {
		if p.items[i].selectable() {
			index[p.items[i].key] = i
		}
	}
	if i, ok := index[key]; ok {
		return i
	}
	// The first row after the gone one takes its place, as in a list
	// that a row was deleted from; at the end, the last one before it.
	for j := oldCursor + 1; j < len(old); j++ {
		if i, ok := index[old[j].key]; ok {
			return i
		}
	}
	for j := min(oldCursor, len(old)) - 1; j >= 0; j-- {
		if i, ok := index[old[j].key]; ok {
			return i
		}
	}
	return 0
}

// move moves the cursor by delta selectable items and reports whether it
// moved.
func (p *feedPane) move(delta int) bool {
	old := p.cursor
	step := 1
	if delta < 0 {
		step, delta = -1, -delta
	}
	for ; delta > 0; delta-- {
		i := p.cursor + step
		for i >= 0 && i < len(p.items) && !p.items[i].selectable() {
			i += step
		}
		if i < 0 || i >= len(p.items) {
			break
		}
		p.cursor = i
	}
	p.ensureVisible()
	return p.cursor != old
}

// moveTo puts the cursor on the first (or last) selectable item.
func (p *feedPane) moveTo(last bool) bool {
	old := p.cursor
	if last {
		p.cursor = len(p.items)
		return p.move(-1) || p.cursor != old
	}
	p.cursor = -1
	p.move(1)
	return p.cursor != old
}

func (p *feedPane) ensureVisible() {
	if p.cursor < p.top {
		p.top = p.cursor
	}
	if p.cursor >= p.top+p.visible() {
		p.top = p.cursor - p.visible() + 1
	}
	p.top = max(min(p.top, len(p.items)-p.visible()), 0)
}

// View draws the pane, only its visible items.
func (p *feedPane) View(focused bool) []string {
	st := &p.c.styles
	lines := make([]string, 0, p.height)
	ts := st.PaneTitle
	if focused {
		ts = st.PaneActive
	}
	lines = append(lines, ts.Render(padRight(" Feeds", p.width)))
	if p.err != nil {
		lines = append(lines, st.StatusErr.Render(padRight(" "+p.err.Error(), p.width)))
	}
	end := min(p.top+p.visible(), len(p.items))
	for i := p.top; i < end && len(lines) < p.height; i++ {
		lines = append(lines, p.line(&p.items[i], i == p.cursor, focused))
	}
	for len(lines) < p.height {
		lines = append(lines, blank(p.width))
	}
	return lines
}

func (p *feedPane) line(it *feedItem, selected, focused bool) string {
	st := &p.c.styles
	w := p.width
	count := ""
	// A lone number is always an unread count; where the total is kept
	// too it is "unread/total" (0/3: three articles, all read); nothing
	// at all when there is nothing to count.
	switch {
	case it.total > 0:
		count = fmt.Sprintf("%d/%d", it.unread, it.total)
	case it.total < 0 && it.unread > 0:
		count = fmt.Sprint(it.unread)
	}
	countW := ansiWidth(count)
	if countW > 0 {
		countW++
	}
	mark := " "
	if it.err != "" {
		mark = "!"
	}
	if p.active == it.key {
		mark = "▸"
		if it.err != "" {
			mark = "!"
		}
	}
	indent := blank(it.indent)
	labelW := max(w-1-it.indent-countW-1, 1)
	text, dir := it.label, bidi.Auto
	if it.urlLabel {
		// An address reads left to right whatever its host's script
		// (feeds.DisplayURL).
		text, dir = elideMiddle(text, labelW), bidi.LTR
	}
	label := p.c.cellStart(text, labelW, dir)
	cnt := padLeft(count, countW)
	if selected {
		s := st.Cursor
		if !focused {
			s = st.CursorDim
		}
		return s.Render(mark + indent + label + cnt + " ")
	}
	ls := lipglossNone
	switch {
	case it.kind == itemHeader, it.kind == itemFolder && it.unread == 0:
		ls = st.Folder
	case it.kind == itemFolder:
		ls = st.Folder.Bold(true)
	case it.unread > 0:
		ls = st.Unread
	}
	ms := st.Dim
	if it.err != "" {
		ms = st.ErrorMark
	}
	return ms.Render(mark) + indent + ls.Render(label) + st.Count.Render(cnt) + " "
}

// addressLabel is how the feeds pane names a feed without a title: its
// address as DisplayURL shows it, without "https://" or "http://", and a
// file's path without "file://".
func addressLabel(u string) string {
	d := feeds.DisplayURL(u)
	for _, scheme := range []string{"https://", "http://", "file://"} {
		if rest, ok := strings.CutPrefix(d, scheme); ok && rest != "" {
			return rest
		}
	}
	return d
}

// articleFeedName is how the list and the reader name an article's feed:
// its title, laid out by its own first strong letter, or, for a feed without
// a title (whose FeedTitle is its stored URL), its address as the feeds pane
// shows it (addressLabel), left to right.
func articleFeedName(a *store.Article) (string, bidi.Direction) {
	if a.FeedTitle == a.FeedURL && a.FeedURL != "" {
		return addressLabel(a.FeedURL), bidi.LTR
	}
	return a.FeedTitle, bidi.Auto
}

// elideMiddle fits s, an address, into w cells by cutting out its middle:
// "…" between its first third and its last two thirds, since what tells
// two addresses of one site apart is usually at their end (the feed's own
// path or file name). Widths are ansi.StringWidth cells.
func elideMiddle(s string, w int) string {
	n := ansi.StringWidth(s)
	if n <= w || w < 8 {
		return s // cellStart cuts the end of what does not fit
	}
	tail := (w - 1) * 2 / 3
	head := w - 1 - tail
	// TruncateLeft keeps a wide character that straddles the cut, one
	// cell more than asked for: cut after it instead.
	cut := n - tail
	end := ansi.TruncateLeft(s, cut, "")
	for ansi.StringWidth(end) > tail {
		cut++
		end = ansi.TruncateLeft(s, cut, "")
	}
	return ansi.Truncate(s, head, "") + "…" + end
}
