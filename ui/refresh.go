package ui

import (
	"context"
	"fmt"
	"slices"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/nashra-reader/nashra/store"
)

// refreshState is the one refresh that may run at a time (R, r, the
// periodic timer, or RefreshOnStart).
type refreshState struct {
	interval time.Duration
	onStart  bool

	running     bool
	quiet       bool // started by the timer: report only news and failures
	done, total int
	failed      int // feeds that failed in the last (or current) refresh
	// name is the feed polled when the refresh is of one feed (r), for
	// the message at the end; "" for every feed.
	name string
	// folder is the folder whose feeds are polled (r on a folder heading),
	// for the message at the end; "" otherwise.
	folder string
	cancel context.CancelFunc
	events <-chan tea.Msg
}

// startRefresh polls every feed (R).
func (m *Model) startRefresh() tea.Cmd { return m.startRefreshOf("every feed") }

// timedRefresh polls every feed for the timer or RefreshOnStart, without
// taking over the status bar; a refresh already running is left alone.
func (m *Model) timedRefresh() tea.Cmd {
	if m.c.poller == nil || m.refresh.running {
		return nil
	}
	status, isErr := m.status, m.statusErr
	cmd := m.startRefreshOf("every feed")
	m.status, m.statusErr = status, isErr
	m.refresh.quiet = true
	return cmd
}

// refreshCurrentFeed polls the feed of the feeds pane's cursor — every
// feed of the folder on a folder heading — or, from the list, the feed or
// folder the list shows, else the feed of the list's cursor article.
func (m *Model) refreshCurrentFeed() tea.Cmd {
	var id int64
	var name string
	it := m.feeds.current()
	if m.focus == focusFeeds && it != nil && it.kind == itemFolder {
		return m.refreshFolder(it.view.Folder)
	}
	if m.focus == focusFeeds && it != nil && it.feed != nil {
		id, name = it.feed.ID, it.feed.Title()
	} else if m.feedView.Folder != "" {
		return m.refreshFolder(m.feedView.Folder)
	} else if m.feedView.FeedID != 0 {
		id = m.feedView.FeedID
		name = m.feedTitle
	} else if a := m.target(); a != nil {
		id, name = a.FeedID, a.FeedTitle
	}
	if id == 0 {
		m.setStatus("no feed selected: R refreshes every feed", true)
		return nil
	}
	return m.startRefreshOf(name, id)
}

// refreshFolder polls every feed of folder, as the feeds pane lists them
// under its heading.
func (m *Model) refreshFolder(folder string) tea.Cmd {
	var ids []int64
	seen := map[int64]bool{}
	for _, it := range m.feeds.items {
		if f := it.feed; f != nil && !seen[f.ID] && slices.Contains(f.Folders, folder) {
			seen[f.ID] = true
			ids = append(ids, f.ID)
		}
	}
	if len(ids) == 0 {
		m.setStatus("the folder "+isolate(folder)+" has no feeds to refresh", true)
		return nil
	}
	cmd := m.startRefreshOf(folder, ids...)
	if cmd != nil {
		m.refresh.folder = folder // the closing status names it (folder wins over name)
	}
	return cmd
}

// startRefreshOf starts polling the feeds ids (all when none) through the
// store and the poller. The refresh runs in a tea.Cmd; its progress comes
// back through a channel that listen reads one event at a time. m.c.wg
// counts it, so that Run can wait for it after the program ends.
func (m *Model) startRefreshOf(what string, ids ...int64) tea.Cmd {
	if m.c.poller == nil {
		m.setStatus("refresh is not available here (no poller)", true)
		return nil
	}
	if m.refresh.running {
		m.setStatus("a refresh is already running", false)
		return nil
	}
	ctx, cancel := context.WithCancel(m.c.ctx)
	ch := make(chan tea.Msg, 16)
	m.refresh.running = true
	m.refresh.quiet = false
	m.refresh.done, m.refresh.total, m.refresh.failed = 0, 0, 0
	m.refresh.cancel = cancel
	m.refresh.events = ch
	m.refresh.name, m.refresh.folder = "", ""
	if len(ids) == 1 {
		m.refresh.name = what
	}
	m.setStatus("refreshing "+what+"…", false)
	c := m.c
	c.wg.Add(1)
	run := func() tea.Msg {
		defer c.wg.Done()
		defer close(ch)
		defer cancel()
		send := func(msg tea.Msg) {
			select {
			case ch <- msg:
			case <-ctx.Done():
			}
		}
		sum, err := c.store.Refresh(ctx, c.poller, func(ev store.RefreshEvent) {
			send(refreshProgressMsg{ev: ev})
		}, ids...)
		if err != nil {
			err = fmt.Errorf("refresh: %w", err)
		}
		send(refreshDoneMsg{sum: sum, err: err})
		return nil
	}
	return tea.Batch(run, listen(ch))
}

// listen waits for the next event of a refresh.
func listen(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		return msg
	}
}

func (m *Model) updateRefresh(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case refreshProgressMsg:
		ev := msg.ev
		m.refresh.done, m.refresh.total = ev.Done, ev.Total
		if ev.Err != nil {
			m.refresh.failed++
			m.setStatus(fmt.Sprintf("%s: %v", ev.Result.URL, ev.Err), true)
		}
		return listen(m.refresh.events)
	case refreshDoneMsg:
		m.refresh.running = false
		m.refresh.cancel = nil
		s := msg.sum
		what := plural(s.Feeds, "feed")
		switch {
		case m.refresh.folder != "":
			what = isolate(m.refresh.folder) + " (" + what + ")"
		case s.Feeds == 1 && m.refresh.name != "":
			what = isolate(m.refresh.name)
		}
		switch {
		case msg.err != nil:
			m.setStatus(msg.err.Error(), true)
		case s.Failed > 0:
			m.refresh.failed = s.Failed
			m.setStatus(fmt.Sprintf("refreshed %s: %d ok, %d failed, %s — e shows the errors",
				what, s.OK, s.Failed, plural(s.New, "new article")), true)
		case m.refresh.quiet && s.New == 0:
		default:
			m.setStatus(fmt.Sprintf("refreshed %s: %s", what, plural(s.New, "new article")), false)
		}
		cmds := []tea.Cmd{m.reloadCounts()}
		if s.New > 0 || s.Updated > 0 {
			cmds = append(cmds, m.list.reloadAround(nil), m.reloadReader())
		}
		return tea.Batch(cmds...)
	}
	return nil
}

// plural writes n and noun, with an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
