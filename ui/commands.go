package ui

import (
	"context"
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/nashra-reader/nashra/store"
)

// All database and network work happens in the tea.Cmds of this file (and
// the paging commands of list.go); each reports back with one small message
// type. Update and View never touch the store.

// feedsLoadedMsg carries everything the feeds pane shows.
type feedsLoadedMsg struct {
	feeds    []store.Feed
	totals   store.Totals
	tags     []store.TagCount
	searches []store.SavedSearch
	err      error
}

// articleLoadedMsg is one article opened in the reader (with content);
// markedRead says opening it changed it to read.
type articleLoadedMsg struct {
	id         int64 // the article asked for
	article    store.Article
	markedRead bool
	version    int64
	err        error
}

// previewTickMsg ends the wait before the reader previews the article
// under the list's cursor; seq tells the last wait from earlier ones.
type previewTickMsg struct {
	seq int
	id  int64
}

// previewLoadedMsg is an article loaded for the preview (not marked read).
type previewLoadedMsg struct {
	id      int64
	article store.Article
	err     error
}

// articleRefreshedMsg is the reader's article read again after another
// connection changed the database.
type articleRefreshedMsg struct {
	id      int64
	article store.Article
	err     error
}

// unreadCountMsg answers M: how many unread articles the view holds.
type unreadCountMsg struct {
	view  store.View
	title string
	n     int
	err   error
}

// searchDeletedMsg reports D on a saved search.
type searchDeletedMsg struct {
	id    int64
	title string
	err   error
}

// flagKind names the boolean an articleFlagMsg changed.
type flagKind int

const (
	flagStarred flagKind = iota
	flagRead
)

// articleFlagMsg reports that an article was starred/unstarred or marked
// read/unread.
type articleFlagMsg struct {
	id      int64
	flag    flagKind
	on      bool
	version int64
	err     error
}

// tagsChangedMsg reports the tags of an article after the tag editor's
// changes were applied.
type tagsChangedMsg struct {
	id      int64
	tags    []store.Tag
	added   []string
	removed []string
	version int64
	err     error
}

// markedViewReadMsg reports M (mark all in view read).
type markedViewReadMsg struct {
	n       int
	version int64
	err     error
}

// savedSearchMsg reports ctrl+s in the filter editor.
type savedSearchMsg struct {
	title string // the saved search's title
	err   error
}

// nextUnreadMsg is the answer to n.
type nextUnreadMsg struct {
	article store.Article
	found   bool
	err     error
}

// dataVersionMsg carries PRAGMA data_version, polled every versionEvery.
type dataVersionMsg struct {
	v   int64
	err error
}

// versionTickMsg and refreshTickMsg are the two timers.
type versionTickMsg struct{}
type refreshTickMsg struct{}

// refreshProgressMsg is one feed finished during a refresh.
type refreshProgressMsg struct{ ev store.RefreshEvent }

// refreshDoneMsg ends a refresh.
type refreshDoneMsg struct {
	sum store.RefreshSummary
	err error
}

// statusMsg puts a line in the status bar (errors in the error style).
type statusMsg struct {
	text string
	err  bool
}

// versionEvery is how often the UI asks SQLite whether another connection
// (a `nashra fetch` from cron, or a refresh) changed the database.
const versionEvery = 2 * time.Second

// ioTimeout bounds one database call made for the UI.
const ioTimeout = 30 * time.Second

func (c *common) ioCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(c.ctx, ioTimeout)
}

// loadFeedsCmd reads the feeds pane's data: feeds with counts, totals, tag
// counts and saved searches.
func (c *common) loadFeedsCmd() tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := c.ioCtx()
		defer cancel()
		var msg feedsLoadedMsg
		var err error
		if msg.feeds, err = c.store.Feeds(ctx); err != nil {
			return feedsLoadedMsg{err: fmt.Errorf("load feeds: %w", err)}
		}
		if msg.totals, err = c.store.Totals(ctx); err != nil {
			return feedsLoadedMsg{err: fmt.Errorf("load totals: %w", err)}
		}
		if msg.tags, err = c.store.Tags(ctx); err != nil {
			return feedsLoadedMsg{err: fmt.Errorf("load tags: %w", err)}
		}
		if msg.searches, err = c.store.SavedSearches(ctx); err != nil {
			return feedsLoadedMsg{err: fmt.Errorf("load saved searches: %w", err)}
		}
		return msg
	}
}

// version reads the data version after one of our own writes, so that the
// poll does not mistake our write for another process's.
func (c *common) version(ctx context.Context) int64 {
	v, err := c.store.DataVersion(ctx)
	if err != nil {
		return 0
	}
	return v
}

// openArticleCmd loads article id for the reader and marks it read.
func (c *common) openArticleCmd(id int64) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := c.ioCtx()
		defer cancel()
		a, err := c.store.Article(ctx, id)
		if err != nil {
			return articleLoadedMsg{id: id, err: fmt.Errorf("open article: %w", err)}
		}
		msg := articleLoadedMsg{id: id, article: a}
		if !a.Read {
			if err := c.store.SetRead(ctx, true, id); err != nil {
				msg.err = fmt.Errorf("mark read: %w", err)
			} else {
				msg.article.Read = true
				msg.markedRead = true
				msg.version = c.version(ctx)
			}
		}
		return msg
	}
}

// setFlagCmd stars/unstars or marks read/unread one article.
func (c *common) setFlagCmd(id int64, f flagKind, on bool) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := c.ioCtx()
		defer cancel()
		var err error
		switch f {
		case flagStarred:
			err = c.store.SetStarred(ctx, on, id)
		case flagRead:
			err = c.store.SetRead(ctx, on, id)
		}
		msg := articleFlagMsg{id: id, flag: f, on: on, err: err}
		if err == nil {
			msg.version = c.version(ctx)
		}
		return msg
	}
}

// editTagsCmd adds and removes user tags on one article and reads back its
// tags.
func (c *common) editTagsCmd(id int64, add, remove []string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := c.ioCtx()
		defer cancel()
		msg := tagsChangedMsg{id: id, added: add, removed: remove}
		for _, t := range add {
			if err := c.store.AddTag(ctx, id, t); err != nil {
				msg.err = fmt.Errorf("add tag %s: %w", t, err)
				return msg
			}
		}
		for _, t := range remove {
			if err := c.store.RemoveTag(ctx, id, t); err != nil {
				msg.err = fmt.Errorf("remove tag %s: %w", t, err)
				return msg
			}
		}
		a, err := c.store.Article(ctx, id)
		if err != nil {
			msg.err = err
			return msg
		}
		msg.tags = a.Tags
		msg.version = c.version(ctx)
		return msg
	}
}

// markViewReadCmd marks every article of v read.
func (c *common) markViewReadCmd(v store.View) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := c.ioCtx()
		defer cancel()
		n, err := c.store.MarkViewRead(ctx, v)
		if err != nil {
			return markedViewReadMsg{err: fmt.Errorf("mark all read: %w", err)}
		}
		return markedViewReadMsg{n: n, version: c.version(ctx)}
	}
}

// nextUnreadCmd finds the unread article after cur (nil: from the top).
func (c *common) nextUnreadCmd(v store.View, cur *store.Cursor) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := c.ioCtx()
		defer cancel()
		a, found, err := c.store.NextUnread(ctx, v, cur)
		if err != nil {
			return nextUnreadMsg{err: fmt.Errorf("next unread: %w", err)}
		}
		return nextUnreadMsg{article: a, found: found}
	}
}

// dataVersionCmd reads PRAGMA data_version.
func (c *common) dataVersionCmd() tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := c.ioCtx()
		defer cancel()
		v, err := c.store.DataVersion(ctx)
		return dataVersionMsg{v: v, err: err}
	}
}

// tick returns a timer command, or nil when timers are off (the
// synchronous test driver turns them off).
func (c *common) tick(d time.Duration, msg tea.Msg) tea.Cmd {
	if c.noTimers || d <= 0 {
		return nil
	}
	return tea.Tick(d, func(time.Time) tea.Msg { return msg })
}

// saveSearchCmd keeps query as a saved search titled title.
func (c *common) saveSearchCmd(title, query string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := c.ioCtx()
		defer cancel()
		if _, err := c.store.SaveSearch(ctx, title, query); err != nil {
			return savedSearchMsg{err: fmt.Errorf("save search %q: %w", title, err)}
		}
		return savedSearchMsg{title: title}
	}
}

// previewDelay is how long the list's cursor must rest on an article before
// the reader loads it for the preview: holding j does not load every row.
const previewDelay = 120 * time.Millisecond

// debounce returns a command that delivers msg after d. With timers off
// (the synchronous test driver) it delivers msg at once: a debounce is one
// message, not a loop.
func (c *common) debounce(d time.Duration, msg tea.Msg) tea.Cmd {
	if c.noTimers {
		return func() tea.Msg { return msg }
	}
	return tea.Tick(d, func(time.Time) tea.Msg { return msg })
}

// previewArticleCmd loads article id for the preview, without marking it
// read.
func (c *common) previewArticleCmd(id int64) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := c.ioCtx()
		defer cancel()
		a, err := c.store.Article(ctx, id)
		if err != nil {
			err = fmt.Errorf("preview article: %w", err)
		}
		return previewLoadedMsg{id: id, article: a, err: err}
	}
}

// reloadArticleCmd reads article id again (after a change by another
// connection), without marking it read.
func (c *common) reloadArticleCmd(id int64) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := c.ioCtx()
		defer cancel()
		a, err := c.store.Article(ctx, id)
		return articleRefreshedMsg{id: id, article: a, err: err}
	}
}

// countUnreadCmd counts the unread articles of v, for M's question.
func (c *common) countUnreadCmd(v store.View, title string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := c.ioCtx()
		defer cancel()
		u := v
		u.UnreadOnly = true
		n, err := c.store.Count(ctx, u)
		if err != nil {
			err = fmt.Errorf("count unread: %w", err)
		}
		return unreadCountMsg{view: v, title: title, n: n, err: err}
	}
}

// deleteSearchCmd deletes saved search id.
func (c *common) deleteSearchCmd(id int64, title string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := c.ioCtx()
		defer cancel()
		if err := c.store.DeleteSearch(ctx, id); err != nil {
			return searchDeletedMsg{id: id, title: title, err: fmt.Errorf("delete saved search %q: %w", title, err)}
		}
		return searchDeletedMsg{id: id, title: title}
	}
}
