// Package ui is nashra's terminal interface, a bubbletea program: a feeds
// pane (virtual feeds, topics, saved searches, subscriptions), the article
// list and the reader, side by side as the terminal's width allows.
//
// The structure follows glow's: one root model with a small state enum and
// a common struct (store, styles, size, options) shared by the components;
// each component (feedPane, listPane, readerPane) has SetSize and View. All
// database and network work runs in tea.Cmds that answer with small named
// messages (commands.go); Update never blocks and View only draws the rows
// that are visible. Every field of text is laid out by ui/bidi as its own
// bidi paragraph and never re-wrapped or truncated by lipgloss or bubbles.
package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/feeds/topics"
	"github.com/nashra-reader/nashra/store"
	"github.com/nashra-reader/nashra/ui/bidi"
)

// TopicNamer gives the display names of the taxonomy's topics;
// *topics.Tagger implements it. The feeds pane and the why screen show the
// names instead of slugs. If it also has the tagger's
// Entity(slug) (topics.Topic, bool), entity tags get their names too.
type TopicNamer interface {
	Topics() []topics.Topic
}

// entityNamer is the optional part of TopicNamer.
type entityNamer interface {
	Entity(slug string) (topics.Topic, bool)
}

// Options configure the TUI.
type Options struct {
	Store  *store.Store // required
	Poller store.Poller // nil: r and R say that refreshing is not available
	Topics TopicNamer   // nil: topics are shown by slug
	Bidi   bidi.Mode    // how text is handed to the terminal (issue 3); Term's mode wins
	// Term switches the terminal's own bidi mode around the TUI (from
	// bidi.SetupTerm, which must run before the TUI reads the terminal);
	// nil: Run leaves the terminal's bidi mode alone.
	Term *bidi.Term
	// RefreshInterval is how often every feed is polled while the TUI runs;
	// 0 turns periodic refresh off.
	RefreshInterval time.Duration
	// Browser is the command that opens links, with arguments ($BROWSER);
	// "%s" in it is replaced by the URL, else the URL is appended. Empty:
	// xdg-open (open on macOS). It is run directly, never through a shell.
	Browser        string
	RefreshOnStart bool
	Logger         *slog.Logger // nil: discard
	Title          string       // shown in the top bar; "" means "nashra"
	// Clipboard receives the OSC 52 sequence of y. Run sets it to the
	// terminal; nil (New without it) makes y report that it cannot copy.
	Clipboard io.Writer
	// Now is the clock for dates shown relative to today; nil: time.Now.
	Now func() time.Time
}

// state is what the screen shows.
type state int

const (
	stateBrowse  state = iota // the panes
	stateHelp                 // `?`
	stateFilter               // `/` editor at the bottom
	stateTags                 // `t` editor at the bottom
	stateWhy                  // `w`: the terms behind each automatic tag
	stateErrors               // `e`: feeds whose last poll failed
	stateConfirm              // a y/n question in the bottom bar (M, D)
)

// focus is the pane that keys go to.
type focus int

const (
	focusFeeds focus = iota
	focusList
	focusReader
)

// common is what every component shares: options, styles and the size.
type common struct {
	ctx       context.Context
	cancel    context.CancelFunc
	store     *store.Store
	poller    store.Poller
	topics    TopicNamer
	bidi      bidi.Mode
	browser   string
	clipboard io.Writer
	log       *slog.Logger
	now       func() time.Time
	styles    styles
	keys      keyMap
	term      *bidi.Term     // nil when Run does not switch the terminal
	wg        sync.WaitGroup // the refresh goroutine
	noTimers  bool           // tests driving the model synchronously turn tea.Tick off
	// canSuspend reports whether a suspended nashra can be resumed
	// (jobControlCanResume; tests replace it); ctrl+z is refused when not.
	canSuspend func() bool

	width, height int

	topicCache map[string]string
}

// tagName is the display name of a topic or entity slug, "" when unknown.
func (c *common) tagName(slug string) string {
	if n := c.topicNames()[slug]; n != "" {
		return n
	}
	if en, ok := c.topics.(entityNamer); ok {
		if t, ok := en.Entity(slug); ok {
			if t.NameEN != "" {
				return t.NameEN
			}
			return t.NameAR
		}
	}
	return ""
}

// topicNames maps topic slugs to display names (English, else Arabic).
func (c *common) topicNames() map[string]string {
	if c.topicCache != nil || c.topics == nil {
		return c.topicCache
	}
	m := map[string]string{}
	for _, t := range c.topics.Topics() {
		n := t.NameEN
		if n == "" {
			n = t.NameAR
		}
		m[t.Slug] = n
	}
	c.topicCache = m
	return m
}

// Model is the root model of the TUI.
type Model struct {
	c *common

	state  state
	focus  focus
	feeds  *feedPane
	list   *listPane
	reader *readerPane
	help   help.Model

	filter  *filterPrompt
	tagEd   *tagEditor
	overlay []string // the laid-out lines of the help, why and errors screens
	ovTop   int
	whyArt  *store.Article // the article of the why screen, to lay it out again

	feedView  store.View // the view the feeds pane selected
	feedTitle string
	query     string // the `/` filter
	hideRead  bool
	allTags   []string // every tag in use, for the tag editor's completion

	status    string
	statusErr bool

	refresh refreshState

	version       int64 // last PRAGMA data_version seen
	countsLoading bool
	countsDirty   bool

	count int // a number typed before o or y: link n of the reader

	title string // the top bar's name

	// readerOpen: at two-pane widths (80–119 columns) the reader is beside
	// the list; until an article is opened the list takes the width.
	readerOpen bool
	// previewSeq numbers the preview waits; only the last one loads.
	previewSeq int
	confirm    *confirmPrompt // the question of stateConfirm
	// promptNote replaces the hint under an open editor, or follows the
	// y/n question, until the next key (a refused ctrl+z).
	promptNote string
}

// confirmPrompt is a y/n question; yes runs when it is answered y.
type confirmPrompt struct {
	question string
	yes      tea.Cmd
}

// New returns the TUI's root model for o (tests drive it with teatest; Run
// runs it in the terminal).
func New(o Options) tea.Model { return newModel(o) }

func newModel(o Options) *Model {
	ctx, cancel := context.WithCancel(context.Background())
	if o.Term != nil {
		o.Bidi = o.Term.Mode()
	}
	c := &common{
		ctx: ctx, cancel: cancel, store: o.Store, poller: o.Poller, topics: o.Topics, bidi: o.Bidi, term: o.Term,
		browser: o.Browser, clipboard: o.Clipboard, log: o.Logger, now: o.Now,
		styles: defaultStyles(), keys: defaultKeys(), canSuspend: jobControlCanResume,
	}
	if c.log == nil {
		c.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if c.now == nil {
		c.now = time.Now
	}
	m := &Model{c: c, focus: focusList, help: help.New(), feedTitle: "All"}
	m.feeds = newFeedPane(c)
	m.list = newListPane(c)
	m.reader = newReaderPane(c)
	m.refresh.interval = o.RefreshInterval
	m.refresh.onStart = o.RefreshOnStart
	m.title = o.Title
	return m
}

// Init loads the feeds pane and the list and starts the timers.
func (m *Model) Init() tea.Cmd {
	m.countsLoading = true
	cmds := []tea.Cmd{
		m.c.loadFeedsCmd(),
		m.list.SetView(m.listView(), m.feedTitle),
		m.c.dataVersionCmd(),
		m.c.tick(m.refresh.interval, refreshTickMsg{}),
	}
	m.reader.setHighlighter(m.list.hl)
	if m.refresh.onStart {
		cmds = append(cmds, m.timedRefresh())
	}
	return tea.Batch(cmds...)
}

// listView is the view of the list: the feeds pane's choice (a saved
// search's query included), the filter and hide-read together.
func (m *Model) listView() store.View {
	v := m.feedView
	switch {
	case v.Query != "" && m.query != "":
		v.Query = "(" + v.Query + ") " + m.query
	case m.query != "":
		v.Query = m.query
	}
	if m.hideRead {
		v.UnreadOnly = true
	}
	return v
}

// reloadList lists listView from the top, and hands the filter's words to
// the reader to highlight. The reader lets go of its article (viewChanged).
func (m *Model) reloadList() tea.Cmd { return m.reloadListAround(nil) }

// reloadListAround is reloadList keeping the cursor on the article at cur
// (or its neighbour, when the new view leaves it out); nil lists from the
// top.
func (m *Model) reloadListAround(cur *store.Cursor) tea.Cmd {
	m.viewChanged()
	m.list.filter = m.query
	m.list.readHidden = m.hideRead && !m.feedView.UnreadOnly
	var cmd tea.Cmd
	if cur != nil {
		cmd = m.list.SetViewAround(m.listView(), m.feedTitle, *cur)
	} else {
		cmd = m.list.SetView(m.listView(), m.feedTitle)
	}
	m.reader.setHighlighter(m.list.hl)
	return cmd
}

// Update dispatches by message, then by screen; then the reader follows
// the list's cursor when it previews.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	return m, tea.Batch(cmd, m.followCursor())
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		if m.c.width >= wideAt && msg.Width < wideAt && m.focus != focusReader && !m.reader.opened {
			// The permanent reader was previewing: below wideAt the list
			// takes the width until an article is opened.
			m.readerOpen = false
		}
		m.c.width, m.c.height = msg.Width, msg.Height
		m.layout()
		m.relayoutOverlay()
		// A taller window may show more rows than the window holds.
		return m.list.fetchMore()
	case tea.KeyMsg:
		// Keys typed faster than they are read arrive as one message with
		// several runes; each is its own key (one may open an editor that
		// takes the rest).
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste && m.state != stateFilter && m.state != stateTags {
			var cmds []tea.Cmd
			for i, r := range msg.Runes {
				if m.state == stateFilter || m.state == stateTags {
					rest := msg
					rest.Runes = msg.Runes[i:]
					cmds = append(cmds, m.updateKey(rest))
					break
				}
				one := msg
				one.Runes = []rune{r}
				cmds = append(cmds, m.updateKey(one))
			}
			return tea.Batch(cmds...)
		}
		return m.updateKey(msg)
	case tea.ResumeMsg:
		return resumeCmd(m.c)
	}
	return m.updateData(msg)
}

// followCursor makes a reader that is on screen without the focus preview
// the article under the list's cursor: after the cursor has rested for
// previewDelay (previewTickMsg), in a tea.Cmd, without marking it read.
// An empty list empties such a reader.
func (m *Model) followCursor() tea.Cmd {
	r := m.reader
	if m.focus == focusReader || m.state != stateBrowse && m.state != stateFilter || !m.showsPane(focusReader) {
		return nil
	}
	a := m.list.current()
	if a == nil {
		if m.list.loaded && r.want != 0 {
			r.clear()
		}
		return nil
	}
	if a.ID == r.want {
		return nil
	}
	r.want, r.loading, r.err = a.ID, true, nil
	m.previewSeq++
	return m.c.debounce(previewDelay, previewTickMsg{seq: m.previewSeq, id: a.ID})
}

// updateData handles the answers of commands and timers.
func (m *Model) updateData(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case feedsLoadedMsg:
		m.countsLoading = false
		m.feeds.set(msg)
		if msg.err != nil {
			m.setStatus(msg.err.Error(), true)
		} else {
			m.list.feedsKnown, m.list.subscribed = true, len(msg.feeds) > 0
		}
		m.allTags = m.allTags[:0]
		for _, t := range msg.tags {
			m.allTags = append(m.allTags, t.Name)
		}
		var cmds []tea.Cmd
		if msg.err == nil && m.feeds.byKey(m.feeds.active) == nil {
			cmds = append(cmds, m.activeGone())
		}
		if m.countsDirty {
			cmds = append(cmds, m.reloadCounts())
		}
		return tea.Batch(cmds...)
	case articlesLoadedMsg:
		return m.list.handleLoaded(msg)
	case articleLoadedMsg:
		return m.articleLoaded(msg)
	case previewTickMsg:
		if msg.seq != m.previewSeq || msg.id != m.reader.want {
			return nil // the cursor moved on, or an article was opened
		}
		return m.c.previewArticleCmd(msg.id)
	case previewLoadedMsg:
		r := m.reader
		if msg.id != r.want || !r.loading {
			return nil // stale: the cursor moved on
		}
		if msg.err != nil {
			r.loading, r.err = false, msg.err
			return nil
		}
		r.show(msg.article, false)
	case articleRefreshedMsg:
		return m.articleRefreshed(msg)
	case unreadCountMsg:
		switch {
		case msg.err != nil:
			m.setStatus(msg.err.Error(), true)
		case msg.n == 0:
			m.setStatus("no unread articles here", false)
		default:
			m.ask(fmt.Sprintf("Mark %s in %s read?", plural(msg.n, "unread article"), msg.title), m.c.markViewReadCmd(msg.view))
		}
	case searchDeletedMsg:
		if msg.err != nil {
			m.setStatus(msg.err.Error(), true)
			return nil
		}
		m.setStatus("deleted the saved search "+isolate(msg.title), false)
		cmds := []tea.Cmd{m.reloadCounts()}
		if m.feeds.active == fmt.Sprintf("search:%d", msg.id) {
			m.feeds.cursor = 0 // All, which the list shows now
			m.feeds.ensureVisible()
			cmds = append(cmds, m.selectFeedItem())
		}
		return tea.Batch(cmds...)
	case articleFlagMsg:
		return m.flagChanged(msg)
	case tagsChangedMsg:
		return m.tagsChanged(msg)
	case markedViewReadMsg:
		if msg.err != nil {
			m.setStatus(msg.err.Error(), true)
			return nil
		}
		m.noteOwnWrite(msg.version)
		m.setStatus(fmt.Sprintf("marked %s read", plural(msg.n, "article")), false)
		return tea.Batch(m.list.reloadAround(nil), m.reloadCounts(), m.reloadReader())
	case nextUnreadMsg:
		return m.nextUnreadLoaded(msg)
	case savedSearchMsg:
		if msg.err != nil {
			m.setStatus(msg.err.Error(), true)
			return nil
		}
		m.setStatus("saved the search "+isolate(msg.title), false)
		return m.reloadCounts()
	case dataVersionMsg:
		return m.dataVersion(msg)
	case versionTickMsg:
		return m.c.dataVersionCmd()
	case refreshTickMsg:
		return tea.Batch(m.timedRefresh(), m.c.tick(m.refresh.interval, refreshTickMsg{}))
	case refreshProgressMsg, refreshDoneMsg:
		return m.updateRefresh(msg)
	case browserMsg:
		if msg.err != nil {
			m.setStatus(msg.err.Error(), true)
		} else {
			m.setStatus("opened "+feeds.DisplayURL(msg.url), false)
			return waitBrowserCmd(msg.proc, msg.url)
		}
	case copiedMsg:
		if msg.err != nil {
			m.setStatus(msg.err.Error(), true)
		} else {
			m.setStatus("copied "+feeds.DisplayURL(msg.url)+" (OSC 52)", false)
		}
	case statusMsg:
		m.setStatus(msg.text, msg.err)
	}
	return nil
}

// activeGone lists the feeds pane's cursor row when the row the list
// showed is gone from the pane after a reload (its feeds were removed by
// another process, its tag is no longer used): the list does not go on
// showing a view the pane no longer has, and the pane's ▸ is on the row
// listed. feedPane.set has put the cursor on the nearest selectable row
// (All at worst) and scrolled to it.
func (m *Model) activeGone() tea.Cmd {
	gone := m.feedTitle
	it := m.feeds.current()
	cmd := m.selectFeedItem()
	if it != nil && it.err == "" {
		m.setStatus(isolate(gone)+" is gone from the feeds pane: showing "+isolate(it.label), false)
	}
	return cmd
}

func (m *Model) setStatus(s string, isErr bool) {
	m.status, m.statusErr = s, isErr
	if isErr {
		m.c.log.Warn("ui", "error", s)
	}
}

// noteOwnWrite records the data version after one of our own writes so the
// poll does not reload the list for it.
func (m *Model) noteOwnWrite(v int64) {
	if v != 0 {
		m.version = v
	}
}

// reloadCounts reloads the feeds pane's counts; while a load is running it
// only notes that another is needed.
func (m *Model) reloadCounts() tea.Cmd {
	if m.countsLoading {
		m.countsDirty = true
		return nil
	}
	m.countsLoading, m.countsDirty = true, false
	return m.c.loadFeedsCmd()
}

// dataVersion reloads counts and the list (keeping the cursor's article)
// when another connection changed the database, then waits for the next
// poll.
func (m *Model) dataVersion(msg dataVersionMsg) tea.Cmd {
	next := m.c.tick(versionEvery, versionTickMsg{})
	if msg.err != nil {
		m.c.log.Warn("data version", "err", msg.err)
		return next
	}
	if m.version == 0 {
		m.version = msg.v
		return next
	}
	if msg.v == m.version {
		return next
	}
	m.version = msg.v
	return tea.Batch(next, m.reloadCounts(), m.list.reloadAround(nil), m.reloadReader())
}

// reloadReader reads the reader's article again, to show a new version
// of it (articleRefreshed).
func (m *Model) reloadReader() tea.Cmd {
	if m.reader.art == nil {
		return nil
	}
	return m.c.reloadArticleCmd(m.reader.art.ID)
}

// deletedArticleMsg is the status while the reader shows an article that
// was deleted from the database.
const deletedArticleMsg = "the article shown was deleted from the database"

// articleDeleted notes that article id is no longer in the database
// (another process removed it): the reader, if it shows it, keeps it but
// takes no more s, m or t on it, and the status says so.
func (m *Model) articleDeleted(id int64) {
	if m.reader.art != nil && m.reader.art.ID == id {
		m.reader.gone = true
	}
	m.setStatus(deletedArticleMsg, true)
}

// articleRefreshed shows the new version of the reader's article when its
// content changed, keeping the scroll position.
func (m *Model) articleRefreshed(msg articleRefreshedMsg) tea.Cmd {
	r := m.reader
	if r.art == nil || r.art.ID != msg.id || r.want != msg.id {
		return nil // another article is shown now
	}
	if msg.err != nil {
		if errors.Is(msg.err, store.ErrNotFound) {
			m.articleDeleted(msg.id)
		} else {
			m.c.log.Warn("reload article", "id", msg.id, "err", msg.err)
		}
		return nil
	}
	if reflect.DeepEqual(*r.art, msg.article) {
		return nil
	}
	r.replace(msg.article)
	return nil
}

// articleLoaded shows an opened article and marks its row read.
func (m *Model) articleLoaded(msg articleLoadedMsg) tea.Cmd {
	r := m.reader
	if msg.err != nil && msg.article.ID == 0 {
		if r.want == msg.id {
			r.loading, r.err = false, msg.err
		}
		m.setStatus(msg.err.Error(), true)
		return nil
	}
	var cmd tea.Cmd
	if msg.markedRead {
		m.noteOwnWrite(msg.version)
		m.list.update(msg.article.ID, func(a *store.Article) { a.Read = true })
		cmd = m.reloadCounts()
	}
	if msg.err != nil {
		m.setStatus(msg.err.Error(), true)
	}
	if r.want != msg.article.ID {
		return cmd // the user opened or previewed another one meanwhile
	}
	r.show(msg.article, true)
	return cmd
}

// openArticle loads article id into the reader and marks it read (enter,
// n). At two-pane widths it opens the reader beside the list.
func (m *Model) openArticle(id int64) tea.Cmd {
	r := m.reader
	r.want, r.loading, r.err = id, true, nil
	m.readerOpen = true
	m.layout()
	return m.c.openArticleCmd(id)
}

// ask puts a y/n question in the bottom bar; y runs yes.
func (m *Model) ask(question string, yes tea.Cmd) {
	m.confirm = &confirmPrompt{question: question, yes: yes}
	m.state = stateConfirm
}

// target is the article s, m, t, w, o, y and r act on: the one the user
// sees as selected — the reader's when the reader has the focus, else the
// list's cursor row (nil when the list is empty).
func (m *Model) target() *store.Article {
	if m.focus == focusReader {
		return m.reader.art
	}
	return m.list.current()
}

func (m *Model) flagChanged(msg articleFlagMsg) tea.Cmd {
	if errors.Is(msg.err, store.ErrNotFound) {
		// Another process removed it since the list was read: say so
		// and show the list as it is now.
		m.articleDeleted(msg.id)
		return tea.Batch(m.list.reloadAround(nil), m.reloadCounts())
	}
	if msg.err != nil {
		m.setStatus(msg.err.Error(), true)
		return nil
	}
	m.noteOwnWrite(msg.version)
	set := func(a *store.Article) {
		switch msg.flag {
		case flagStarred:
			a.Starred = msg.on
		case flagRead:
			a.Read = msg.on
		}
	}
	m.list.update(msg.id, set)
	if m.reader.art != nil && m.reader.art.ID == msg.id {
		set(m.reader.art)
		m.reader.refresh()
	}
	switch {
	case msg.flag == flagStarred && msg.on:
		m.setStatus("starred", false)
	case msg.flag == flagStarred:
		m.setStatus("unstarred", false)
	case msg.on:
		m.setStatus("marked read", false)
	default:
		m.setStatus("marked unread", false)
	}
	return m.reloadCounts()
}

func (m *Model) tagsChanged(msg tagsChangedMsg) tea.Cmd {
	if msg.err != nil {
		m.setStatus(msg.err.Error(), true)
		return nil
	}
	m.noteOwnWrite(msg.version)
	m.list.update(msg.id, func(a *store.Article) { a.Tags = msg.tags })
	if m.reader.art != nil && m.reader.art.ID == msg.id {
		m.reader.art.Tags = msg.tags
		m.reader.refresh()
	}
	var parts []string
	for _, t := range msg.added {
		parts = append(parts, "+"+isolateTag(t))
	}
	for _, t := range msg.removed {
		parts = append(parts, "-"+isolateTag(t))
	}
	m.setStatus("tags: "+strings.Join(parts, " "), false)
	return m.reloadCounts()
}

func (m *Model) nextUnreadLoaded(msg nextUnreadMsg) tea.Cmd {
	if msg.err != nil {
		m.setStatus(msg.err.Error(), true)
		return nil
	}
	if !msg.found {
		m.setStatus("no more unread articles here", false)
		return nil
	}
	var cmd tea.Cmd
	if !m.list.selectID(msg.article.ID) {
		c := msg.article.Cursor
		cmd = m.list.reloadAround(&c)
	}
	if m.focus == focusFeeds {
		m.setFocus(focusList)
	}
	if m.c.width >= 80 || m.focus == focusReader {
		m.setFocus(focusReader)
	}
	return tea.Batch(cmd, m.list.fetchMore(), m.openArticle(msg.article.ID))
}

// Quit ends the program after stopping the work it owns.
func (m *Model) quit() tea.Cmd {
	if m.refresh.cancel != nil {
		m.refresh.cancel()
	}
	m.c.cancel()
	return tea.Quit
}

// updateKey routes a key by screen. ctrl+z suspends from every screen,
// the editors and the y/n question included (they are there as left on
// resume): there the terminal is raw too, so a ctrl+z they ignored would
// leave the user typing shell commands into them.
func (m *Model) updateKey(msg tea.KeyMsg) tea.Cmd {
	m.promptNote = ""
	if m.state != stateBrowse && key.Matches(msg, m.c.keys.Suspend) {
		return m.suspendKey()
	}
	switch m.state {
	case stateFilter:
		return m.updateFilterKey(msg)
	case stateTags:
		return m.updateTagKey(msg)
	case stateHelp, stateWhy, stateErrors:
		return m.updateOverlayKey(msg)
	case stateConfirm:
		return m.updateConfirmKey(msg)
	}
	return m.updateBrowseKey(msg)
}

// updateConfirmKey answers the y/n question: y (or Y) runs it; n, N, esc
// and ctrl+c cancel; other keys are ignored.
func (m *Model) updateConfirmKey(msg tea.KeyMsg) tea.Cmd {
	pk := defaultPromptKeys()
	switch {
	case key.Matches(msg, pk.Yes):
		yes := m.confirm.yes
		m.confirm, m.state = nil, stateBrowse
		return yes
	case key.Matches(msg, pk.No):
		m.confirm, m.state = nil, stateBrowse
		m.setStatus("cancelled", false)
	}
	return nil
}

// noSuspendMsg is the status when ctrl+z is refused.
const noSuspendMsg = "ctrl+z: no shell with job control here to resume nashra"

// suspendKey is ctrl+z: it suspends nashra when a job-control shell can
// resume it, else it says why not — in the status bar, or under an editor
// or question that hides the status bar (promptNote).
func (m *Model) suspendKey() tea.Cmd {
	if m.c.canSuspend() {
		return suspend(m.c)
	}
	// Suspended, nashra would wait for a SIGCONT nothing sends.
	m.setStatus(noSuspendMsg, true)
	switch m.state {
	case stateFilter, stateTags, stateConfirm:
		m.promptNote = noSuspendMsg
	}
	return nil
}

// updateBrowseKey handles the keys of the panes.
func (m *Model) updateBrowseKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.keys
	// A count typed before o or y selects a link of the reader.
	if s := msg.String(); len(s) == 1 && s[0] >= '0' && s[0] <= '9' {
		if m.count < 1000 {
			m.count = m.count*10 + int(s[0]-'0')
		}
		return nil
	}
	count := m.count
	m.count = 0
	// A message stays until the next key; lasting state (failed feeds,
	// refresh progress) is in the top bar and the feeds pane.
	m.status, m.statusErr = "", false
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Suspend):
		return m.suspendKey()
	case key.Matches(msg, k.Help):
		m.overlay, m.ovTop, m.state = m.helpLines(), 0, stateHelp
		return nil
	case key.Matches(msg, k.Tab):
		return m.cycleFocus(msg.String() == "shift+tab")
	case key.Matches(msg, k.Filter):
		m.filter = newFilterPrompt(m.c, m.query, m.allTags)
		m.state = stateFilter
		m.layout()
		return nil
	case key.Matches(msg, k.HideRead):
		if m.feedView.UnreadOnly {
			// Nothing read to hide or show: say so rather than
			// "showing read and unread articles" over unread ones.
			m.setStatus("Unread lists unread articles only: u hides read ones in the other views", false)
			return nil
		}
		m.hideRead = !m.hideRead
		if m.hideRead {
			m.setStatus("showing unread articles only", false)
		} else {
			m.setStatus("showing read and unread articles", false)
		}
		// The cursor stays on its article (or, when hiding read ones
		// takes it out, on its neighbour), not back at the top (QA).
		if a := m.list.current(); a != nil {
			cur := a.Cursor
			return m.reloadListAround(&cur)
		}
		return m.reloadList()
	case key.Matches(msg, k.RefreshAll):
		return m.startRefresh()
	case key.Matches(msg, k.Refresh):
		return m.refreshCurrentFeed()
	case key.Matches(msg, k.Errors):
		m.showErrors()
		return nil
	case key.Matches(msg, k.NextUnread):
		var cur *store.Cursor
		if a := m.target(); a != nil {
			c := a.Cursor
			cur = &c
		}
		return m.c.nextUnreadCmd(m.list.view, cur)
	case key.Matches(msg, k.MarkAll):
		title := m.list.title
		if m.list.filter != "" {
			title += " / " + isolate(m.list.filter)
		}
		return m.c.countUnreadCmd(m.list.view, title)
	}
	// With the feeds pane focused they act on the list's cursor row
	// (target), as the list shows it selected.
	if cmd, ok := m.articleKey(msg, count); ok {
		return cmd
	}
	if key.Matches(msg, k.Delete) && m.focus != focusFeeds {
		m.setStatus("D deletes a saved search: select one in the feeds pane", true)
		return nil
	}
	switch m.focus {
	case focusFeeds:
		return m.updateFeedsKey(msg)
	case focusList:
		return m.updateListKey(msg)
	default:
		return m.updateReaderKey(msg)
	}
}

// articleKey handles the keys that act on one article (s, m, t, w, o, y).
func (m *Model) articleKey(msg tea.KeyMsg, count int) (tea.Cmd, bool) {
	k := m.c.keys
	if !key.Matches(msg, k.Star, k.Read, k.Tags, k.Why, k.Open, k.Copy) {
		return nil, false
	}
	a := m.target()
	if a == nil {
		m.setStatus("no article selected", true)
		return nil, true
	}
	if a == m.reader.art && m.reader.gone && key.Matches(msg, k.Star, k.Read, k.Tags) {
		// Stored nowhere: "starred" would be a lie.
		m.setStatus(deletedArticleMsg, true)
		return nil, true
	}
	switch {
	case key.Matches(msg, k.Star):
		return m.c.setFlagCmd(a.ID, flagStarred, !a.Starred), true
	case key.Matches(msg, k.Read):
		return m.c.setFlagCmd(a.ID, flagRead, !a.Read), true
	case key.Matches(msg, k.Tags):
		m.tagEd = newTagEditor(m.c, a, m.allTags)
		m.state = stateTags
		m.layout()
		return nil, true
	case key.Matches(msg, k.Why):
		m.showWhy(a)
		return nil, true
	case key.Matches(msg, k.Open), key.Matches(msg, k.Copy):
		u, err := m.linkFor(a, count)
		if err != nil {
			m.setStatus(err.Error(), true)
			return nil, true
		}
		if key.Matches(msg, k.Open) {
			return m.c.openBrowserCmd(u), true
		}
		return m.c.copyCmd(u), true
	}
	return nil, false
}

// linkFor is the URL o and y use: numbered link n of the reader's article
// (shown as [n] under Links) when a count was typed, else the article's own
// link (shown as [o]).
func (m *Model) linkFor(a *store.Article, n int) (string, error) {
	if n > 0 {
		r := m.reader.art
		if r == nil || r.ID != a.ID {
			return "", fmt.Errorf("link %d: open the article first (enter)", n)
		}
		if n > len(r.Links) {
			if len(r.Links) == 0 {
				return "", fmt.Errorf("link %d: the article has no numbered links (o alone opens its own link)", n)
			}
			return "", fmt.Errorf("link %d: the article has %s, [1] to [%d]", n, plural(len(r.Links), "numbered link"), len(r.Links))
		}
		return r.Links[n-1].URL, nil
	}
	if a.URL == "" {
		return "", fmt.Errorf("the article has no link")
	}
	return a.URL, nil
}

func (m *Model) updateFeedsKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.keys
	moved := false
	switch {
	case key.Matches(msg, k.Up):
		moved = m.feeds.move(-1)
	case key.Matches(msg, k.Down):
		moved = m.feeds.move(1)
	case key.Matches(msg, k.Top):
		moved = m.feeds.moveTo(false)
	case key.Matches(msg, k.Bottom):
		moved = m.feeds.moveTo(true)
	case key.Matches(msg, k.PageUp):
		moved = m.feeds.move(-m.feeds.visible())
	case key.Matches(msg, k.PageDown):
		moved = m.feeds.move(m.feeds.visible())
	case key.Matches(msg, k.Enter):
		cmd := m.selectFeedItem()
		m.setFocus(focusList)
		return cmd
	case key.Matches(msg, k.Delete):
		it := m.feeds.current()
		if it == nil || it.kind != itemSearch {
			m.setStatus("D deletes a saved search: put the cursor on one first", true)
			return nil
		}
		// The title as typed, in its own isolate: %q would escape the
		// quotes of a query-like title, and an Arabic title would pull
		// "?" into its run.
		m.ask(`Delete the saved search "`+isolate(it.label)+`"?`, m.c.deleteSearchCmd(it.searchID, it.label))
		return nil
	}
	if moved && m.showsPane(focusList) {
		return m.selectFeedItem()
	}
	return nil
}

// selectFeedItem lists the articles of the feeds pane's cursor item.
func (m *Model) selectFeedItem() tea.Cmd {
	it := m.feeds.current()
	if it == nil || !it.selectable() {
		return nil
	}
	if m.feeds.active == it.key && m.list.loaded {
		return nil
	}
	m.feeds.active = it.key
	m.feedView, m.feedTitle = it.view, it.label
	if it.err != "" {
		m.setStatus(it.label+": "+it.err, true)
	}
	return m.reloadList()
}

func (m *Model) updateListKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.keys
	l := m.list
	switch {
	case key.Matches(msg, k.Up):
		return l.move(-1)
	case key.Matches(msg, k.Down):
		return l.move(1)
	case key.Matches(msg, k.PageUp):
		return l.move(-l.visible())
	case key.Matches(msg, k.PageDown):
		return l.move(l.visible())
	case key.Matches(msg, k.Top):
		return l.goTop()
	case key.Matches(msg, k.Bottom):
		return l.goBottom()
	case key.Matches(msg, k.Enter):
		a := l.current()
		if a == nil {
			return nil
		}
		m.setFocus(focusReader)
		return m.openArticle(a.ID)
	case key.Matches(msg, k.Back):
		if m.query != "" {
			m.query = ""
			m.setStatus("filter cleared", false)
			return m.reloadList()
		}
		if m.readerOpen && m.c.width >= mediumAt && m.c.width < wideAt {
			// Two panes: esc closes the reader, the list takes the width.
			m.readerOpen = false
			m.layout()
			return nil
		}
		m.setFocus(focusFeeds)
	}
	return nil
}

func (m *Model) updateReaderKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.keys
	r := m.reader
	switch {
	case key.Matches(msg, k.Up):
		r.scroll(-1)
	case key.Matches(msg, k.Down):
		r.scroll(1)
	case key.Matches(msg, k.PageUp):
		r.scroll(-max(r.visible()-1, 1))
	case key.Matches(msg, k.PageDown):
		r.scroll(max(r.visible()-1, 1))
	case key.Matches(msg, k.Top):
		r.top = 0
	case key.Matches(msg, k.Bottom):
		r.top = len(r.lines)
		r.clamp()
	case key.Matches(msg, k.Enter):
		// A preview with the focus opens as the list's enter opens it
		// (its title says "enter opens"): read, and kept on screen.
		if r.art != nil && !r.opened {
			return m.openArticle(r.art.ID)
		}
	case key.Matches(msg, k.Back):
		m.closeReader()
	}
	return nil
}

// closeReader is esc in the reader. Below wideAt the reader is on screen
// only while an article is open, so esc closes it and the list takes the
// width (one press, as the README says); from wideAt the reader is a
// permanent pane, so esc only hands the focus back to the list and the
// reader previews the list's cursor again.
//
// Either way the article is no longer open: the reader is a preview now
// (its title says so), and a later shrink below wideAt leaves the list
// alone on screen.
func (m *Model) closeReader() {
	m.readerOpen = false
	m.reader.opened = false
	m.setFocus(focusList)
}

// viewChanged is called when the list's view (feed, filter, hide-read)
// changes: the reader's article may not be in the new list, and s, m, t,
// o, y and r must not act on an article the list no longer shows. Below
// wideAt the reader is closed; from wideAt it previews the new cursor row
// (followCursor). Either way the focus goes to the list, if it was in the
// reader.
func (m *Model) viewChanged() {
	if m.c.width < wideAt {
		m.readerOpen = false
		m.reader.clear()
	}
	if m.focus == focusReader {
		m.focus = focusList
	}
	m.layout()
}

// cycleFocus moves the focus to the next (or previous) pane; the reader
// takes part once it has an article. A reader that was off screen is
// brought up to date with the list's cursor first (a preview).
func (m *Model) cycleFocus(back bool) tea.Cmd {
	order := []focus{focusFeeds, focusList}
	if m.reader.art != nil || m.reader.loading {
		order = append(order, focusReader)
	}
	i := 0
	for j, f := range order {
		if f == m.focus {
			i = j
		}
	}
	if back {
		i = (i + len(order) - 1) % len(order)
	} else {
		i = (i + 1) % len(order)
	}
	if order[i] != focusReader {
		m.setFocus(order[i])
		return nil
	}
	// Going to the reader: it shows the cursor's article, loaded now
	// (a reader that was off screen did not follow the cursor).
	var cmd tea.Cmd
	if a := m.list.current(); a != nil && a.ID != m.reader.want {
		r := m.reader
		r.want, r.loading, r.err = a.ID, true, nil
		m.previewSeq++ // a wait still running is stale
		cmd = m.c.previewArticleCmd(a.ID)
	}
	m.setFocus(focusReader)
	return cmd
}

func (m *Model) setFocus(f focus) {
	m.focus = f
	m.layout()
}

// emptySaveMsg is the status after ctrl+s in an empty filter.
const emptySaveMsg = "nothing to save: type a filter, then ctrl+s keeps it as a saved search"

func (m *Model) updateFilterKey(msg tea.KeyMsg) tea.Cmd {
	pk := defaultPromptKeys()
	switch {
	case key.Matches(msg, pk.Cancel):
		m.filter = nil
		m.state = stateBrowse
		m.layout()
		return nil
	case key.Matches(msg, pk.Save) && strings.TrimSpace(m.filter.in.value()) == "":
		// Nothing to save: say so under the prompt, which stays open
		// for the words (it closed without a word); the next key
		// clears the message.
		m.filter.err = errors.New(emptySaveMsg)
		return nil
	case key.Matches(msg, pk.Accept, pk.Save):
		m.filter.check()
		if m.filter.err != nil {
			return nil // stays open with the error shown
		}
		m.query = strings.TrimSpace(m.filter.in.value())
		m.filter = nil
		m.state = stateBrowse
		if m.focus == focusFeeds {
			m.focus = focusList
		}
		if m.query != "" {
			m.setStatus("filter: "+isolate(m.query)+" (esc in the list clears it)", false)
		}
		var save tea.Cmd
		if key.Matches(msg, pk.Save) && m.query != "" {
			save = m.saveFilter()
		}
		return tea.Batch(save, m.reloadList()) // reloadList lays the panes out
	}
	m.filter.update(msg)
	return nil
}

// saveFilter saves the filter as a search (ctrl+s) in the scope it was
// typed in: titled by the user's words and the place, its query limited to the feeds
// pane's view (scopeQuery), so that it lists what the filter lists there.
func (m *Model) saveFilter() tea.Cmd {
	scope, err := scopeQuery(m.feedView, m.feeds.feedURL)
	if err != nil {
		m.setStatus("not saved: "+err.Error(), true)
		return nil
	}
	title := m.query
	if scope != "" {
		// The place joins the title: "openai" saved in two folders is
		// two searches, not one replacing the other.
		title = m.query + " · " + m.feedTitle
	}
	return m.c.saveSearchCmd(title, scopedQuery(scope, m.query))
}

func (m *Model) updateTagKey(msg tea.KeyMsg) tea.Cmd {
	pk := defaultPromptKeys()
	e := m.tagEd
	switch {
	case key.Matches(msg, pk.Cancel):
		m.tagEd = nil
		m.state = stateBrowse
		m.layout()
		return nil
	case key.Matches(msg, pk.Accept):
		add, remove := e.words()
		m.tagEd = nil
		m.state = stateBrowse
		m.layout()
		if len(add)+len(remove) == 0 {
			return nil
		}
		return m.c.editTagsCmd(e.articleID, add, remove)
	}
	e.update(msg)
	return nil
}

func (m *Model) updateOverlayKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.keys
	switch {
	case key.Matches(msg, k.Quit) && msg.String() == "ctrl+c":
		return m.quit()
	case key.Matches(msg, k.Up):
		m.scrollOverlay(-1)
	case key.Matches(msg, k.Down):
		m.scrollOverlay(1)
	case key.Matches(msg, k.PageUp):
		m.scrollOverlay(-m.overlayRows())
	case key.Matches(msg, k.PageDown):
		m.scrollOverlay(m.overlayRows())
	case key.Matches(msg, k.Top):
		m.ovTop = 0
	case key.Matches(msg, k.Bottom):
		m.scrollOverlay(len(m.overlay))
	case key.Matches(msg, k.Back, k.Quit, k.Help, k.Enter, k.Why, k.Errors):
		m.state = stateBrowse
		m.overlay, m.whyArt = nil, nil
	}
	return nil
}

// overlayRows is how many overlay lines are on screen: the panes' height,
// less the line that says where the view is when they do not all fit.
func (m *Model) overlayRows() int {
	h := m.panesHeight()
	if len(m.overlay) > h {
		return max(h-1, 1)
	}
	return h
}

// scrollOverlay moves the overlay's view by delta lines, within its text.
func (m *Model) scrollOverlay(delta int) {
	last := max(len(m.overlay)-m.overlayRows(), 0)
	m.ovTop = min(max(m.ovTop+delta, 0), last)
}

// relayoutOverlay lays the help, why or errors screen out again for a new
// width, keeping the scroll position as far as the new text allows.
func (m *Model) relayoutOverlay() {
	top := m.ovTop
	switch {
	case m.state == stateHelp:
		m.overlay = m.helpLines()
	case m.state == stateWhy && m.whyArt != nil:
		m.showWhy(m.whyArt)
	case m.state == stateErrors:
		m.showErrors()
	}
	m.ovTop = top
	m.scrollOverlay(0)
}
