package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/store"
)

// selectFeedsItem puts the feeds pane's cursor on the item of key and
// lists it (enter); the focus ends in the list.
func selectFeedsItem(t *testing.T, m *Model, key string) {
	t.Helper()
	if m.focus != focusFeeds {
		press(t, m, "esc")
	}
	found := false
	for i := range m.feeds.items {
		if m.feeds.items[i].key == key {
			m.feeds.cursor, found = i, true
		}
	}
	if !found {
		t.Fatalf("the feeds pane has no item %q", key)
	}
	press(t, m, "enter")
	if m.feeds.active != key || m.focus != focusList {
		t.Fatalf("enter on %q: active %q, focus %v", key, m.feeds.active, m.focus)
	}
}

// listIDs are the IDs of every article of v, newest first.
func listIDs(t *testing.T, s *store.Store, v store.View) []int64 {
	t.Helper()
	arts, err := s.List(context.Background(), v, store.Page{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, a := range arts {
		ids = append(ids, a.ID)
	}
	return ids
}

// ctrl+s saves the filter in the scope it was typed in: the saved search
// is titled by the typed words, and opened later from the feeds pane it
// lists exactly what the filter listed there (the view's articles that
// match), not the matches from every feed.
func TestSaveFilterKeepsScope(t *testing.T) {
	const folder = "أخبار عربية"
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		key    string     // the feeds pane's item the filter is typed in
		view   store.View // its view
		filter string
		query  string // the saved query
		setup  func(t *testing.T, s *store.Store, byGUID map[string]int64)
	}{
		{name: "folder", key: "folder:" + folder, view: store.View{Folder: folder}, filter: "البيانات",
			query: `folder:"` + folder + `" (البيانات)`},
		{name: "feed", key: "feed:%d:", filter: "accelerators",
			query: `feed:"https://bulk.example/feed.xml" (accelerators)`},
		{name: "topic", key: "tag:compute", view: store.View{Tag: "compute"}, filter: "البيانات",
			query: `tag:"compute" (البيانات)`},
		{name: "starred", key: "starred", view: store.View{Starred: true}, filter: "accelerators",
			query: "is:starred (accelerators)",
			setup: func(t *testing.T, s *store.Store, byGUID map[string]int64) {
				if err := s.SetStarred(ctx, true, byGUID["en-1"]); err != nil {
					t.Fatal(err)
				}
			}},
		{name: "unread", key: "unread", view: store.View{UnreadOnly: true}, filter: "accelerators",
			query: "is:unread (accelerators)",
			setup: func(t *testing.T, s *store.Store, byGUID map[string]int64) {
				if err := s.SetRead(ctx, true, byGUID["en-1"]); err != nil {
					t.Fatal(err)
				}
			}},
		{name: "all", key: "all", filter: "accelerators OR البيانات", query: "accelerators OR البيانات"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openStore(t)
			_, byGUID := fillStore(t, s)
			if _, _, err := s.AddFeed(ctx, store.NewFeed{URL: fixtureFeeds[1].url, Folders: []string{folder}}); err != nil {
				t.Fatal(err)
			}
			bulk := fillMany(t, s, 9)
			if tc.name == "feed" {
				tc.key = fmt.Sprintf(tc.key, bulk)
				tc.view = store.View{FeedID: bulk}
			}
			if tc.setup != nil {
				tc.setup(t, s, byGUID)
			}
			want := listIDs(t, s, store.View{FeedID: tc.view.FeedID, Folder: tc.view.Folder, Tag: tc.view.Tag,
				Starred: tc.view.Starred, UnreadOnly: tc.view.UnreadOnly, Query: tc.filter})
			everywhere := listIDs(t, s, store.View{Query: tc.filter})
			if len(want) == 0 || tc.name != "all" && len(want) == len(everywhere) {
				t.Fatalf("fixture: %d matches in the view, %d everywhere; want some, and fewer", len(want), len(everywhere))
			}

			m := syncModel(t, s, 160, 50)
			selectFeedsItem(t, m, tc.key)
			press(t, m, "/")
			typeText(t, m, tc.filter)
			press(t, m, "ctrl+s")
			got, err := s.SavedSearches(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// The title is the typed words, and the place when there is one
			// (so that the same words saved in two places are two searches).
			wantTitle := tc.filter
			if tc.name != "all" {
				wantTitle = tc.filter + " · " + m.feedTitle
			}
			if len(got) != 1 || got[0].Title != wantTitle || got[0].Query != tc.query {
				t.Fatalf("saved %+v, want title %q query %q (status %q)", got, wantTitle, tc.query, m.status)
			}
			if got[0].Unread != len(listIDs(t, s, store.View{Query: tc.query, UnreadOnly: true})) {
				t.Errorf("its unread count %d does not count its query", got[0].Unread)
			}

			press(t, m, "esc") // clears the filter
			if m.query != "" {
				t.Fatalf("esc left the filter %q", m.query)
			}
			selectFeedsItem(t, m, fmt.Sprintf("search:%d", got[0].ID))
			var rows []int64
			for _, a := range m.list.rows {
				rows = append(rows, a.ID)
			}
			if !slices.Equal(rows, want) || m.list.total != len(want) {
				t.Errorf("the saved search lists %v (total %d), want the view's matches %v (everywhere: %v)",
					rows, m.list.total, want, everywhere)
			}
			if m.feedTitle != wantTitle {
				t.Errorf("the list's title is %q, want the saved title %q", m.feedTitle, wantTitle)
			}
		})
	}
}

// scopeQuery quotes every name, so spaces, parentheses and operators in it
// stay part of it; a '"', which the query language cannot quote, splits a
// URL into feed: terms and refuses a folder or tag.
func TestScopeQueryQuotes(t *testing.T) {
	urls := map[int64]string{1: `https://x.example/a"b(c).xml`, 2: ""}
	for _, tc := range []struct {
		view    store.View
		want    string
		wantErr bool
	}{
		{view: store.View{}, want: ""},
		{view: store.View{Folder: "AI (news) OR x"}, want: `folder:"AI (news) OR x"`},
		{view: store.View{Folder: `the "best"`}, wantErr: true},
		{view: store.View{Tag: `a"b`}, wantErr: true},
		{view: store.View{FeedID: 1}, want: `feed:"https://x.example/a" feed:"b(c).xml"`},
		{view: store.View{FeedID: 2}, wantErr: true},
		{view: store.View{Query: "a OR b"}, want: "(a OR b)"},
		{view: store.View{Tag: "org:meta", UnreadOnly: true}, want: `tag:"org:meta" is:unread`},
	} {
		got, err := scopeQuery(tc.view, func(id int64) string { return urls[id] })
		if (err != nil) != tc.wantErr || got != tc.want {
			t.Errorf("scopeQuery(%+v) = %q, %v; want %q (error %v)", tc.view, got, err, tc.want, tc.wantErr)
			continue
		}
		if err == nil {
			if _, err := store.ParseQuery(scopedQuery(got, "x OR y")); err != nil {
				t.Errorf("scope %q does not parse: %v", got, err)
			}
		}
	}
}

// When the row the list shows disappears from the feeds pane (its feeds
// were removed by another process), the cursor goes to the nearest row —
// the one below, else the one above — the pane marks it ▸ and the list
// shows it; j then moves on from there.
func TestFeedsPaneFollowsGoneRow(t *testing.T) {
	ctx := context.Background()
	// The keys of the rows, %[1]d the English feed's ID, %[2]d the Arabic's.
	for _, tc := range []struct {
		name     string
		selected string // the row listed when the feed goes
		remove   int    // the index of the feed removed in fixtureFeeds
		want     string // the row listed after
		next     string // the row j moves to from there
	}{
		{"folder", "folder:Arabic", 1, "folder:English", "feed:%[1]d:English"},
		{"last feed", "feed:%[1]d:English", 0, "feed:%[2]d:Arabic", "feed:%[2]d:Arabic"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openStore(t)
			ids, _ := fillStore(t, s)
			fillMany(t, s, 3) // a feed in no folder, listed above the folders
			key := func(k string) string {
				if !strings.Contains(k, "%") {
					return k
				}
				return fmt.Sprintf(k, ids[0], ids[1])
			}
			selected, want, next := key(tc.selected), key(tc.want), key(tc.next)
			m := syncModel(t, s, 160, 50)
			selectFeedsItem(t, m, selected)
			press(t, m, "esc") // back to the feeds pane
			if err := s.RemoveFeed(ctx, ids[tc.remove]); err != nil {
				t.Fatal(err)
			}
			// What the poll of PRAGMA data_version answers after another
			// connection's write.
			drive(t, m, func() tea.Msg { return dataVersionMsg{v: m.version + 1} })
			if m.feeds.byKey(selected) != nil {
				t.Fatalf("the feeds pane still lists %q", selected)
			}
			cur := m.feeds.current()
			if cur == nil || cur.key != want || m.feeds.active != want {
				t.Fatalf("cursor on %+v, active %q; want both on %q", cur, m.feeds.active, want)
			}
			// The pane's first line is its title.
			lines := m.feeds.View(true)
			if row := m.feeds.cursor - m.feeds.top + 1; row < 1 || row >= len(lines) {
				t.Errorf("the cursor row %d is off the pane", m.feeds.cursor)
			} else if l := ansi.Strip(lines[row]); !strings.HasPrefix(l, "▸") {
				t.Errorf("the row listed is drawn %q, without ▸", l)
			}
			if m.list.view != cur.view || m.feedTitle != cur.label || m.list.total == 0 {
				t.Errorf("the list shows %+v %q (%d articles), want %q's %+v", m.list.view, m.feedTitle, m.list.total, cur.key, cur.view)
			}
			for _, a := range m.list.rows {
				if a.FeedID == ids[tc.remove] {
					t.Errorf("the list still shows %q of the removed feed", a.Title)
				}
			}
			press(t, m, "j")
			if got := m.feeds.current().key; got != next {
				t.Errorf("j moved to %q, want %q", got, next)
			}
		})
	}
}

// ctrl+z works from the `/` filter, the tag editor, the y/n question and
// the help as from the panes: it suspends when a job-control shell can
// resume nashra, leaving the editor open as it was; else it says why where
// the editor hides the status bar, and the editor stays open.
func TestCtrlZFromPrompts(t *testing.T) {
	for _, tc := range []struct {
		name  string
		open  []string // keys that open the screen, from the list
		state state
	}{
		{"filter", []string{"/", "a", "b"}, stateFilter},
		{"tags", []string{"t", "x"}, stateTags},
		{"question", []string{"M"}, stateConfirm},
		{"help", []string{"?"}, stateHelp},
	} {
		for _, resumable := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/resumable=%v", tc.name, resumable), func(t *testing.T) {
				s := openStore(t)
				fillStore(t, s)
				m := syncModel(t, s, 100, 24)
				m.c.canSuspend = func() bool { return resumable }
				press(t, m, tc.open...)
				if m.state != tc.state {
					t.Fatalf("%v opened state %v, want %v", tc.open, m.state, tc.state)
				}
				before := ansi.Strip(m.View())
				_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyCtrlZ})
				if got := runsSuspend(cmd); got != resumable {
					t.Fatalf("ctrl+z suspends = %v", got)
				}
				if m.state != tc.state {
					t.Fatalf("ctrl+z left state %v, want %v still open", m.state, tc.state)
				}
				frame := ansi.Strip(m.View())
				if resumable {
					if frame != before {
						t.Errorf("suspending changed the screen:\n%s\nwas:\n%s", frame, before)
					}
					return
				}
				if tc.state != stateHelp && !strings.Contains(lastLine(frame), "no shell with job control") {
					t.Errorf("refused ctrl+z: the bottom line is %q", lastLine(frame))
				}
				if m.status != noSuspendMsg {
					t.Errorf("refused ctrl+z: status %q", m.status)
				}
				if tc.state == stateFilter {
					press(t, m, "c")
					if v := m.filter.in.value(); v != "abc" {
						t.Errorf("the filter holds %q after typing c, want abc", v)
					}
					if strings.Contains(ansi.Strip(m.View()), "no shell with job control") {
						t.Error("the note stays after the next key")
					}
				}
			})
		}
	}
}

// r on a folder heading — or in the list of a folder — polls every feed of
// the folder, no other, and says how many feeds and new articles.
func TestRefreshFolder(t *testing.T) {
	for _, fromList := range []bool{false, true} {
		t.Run(fmt.Sprintf("fromList=%v", fromList), func(t *testing.T) {
			s, _ := folderStore(t)
			pub := fixtureBase.Add(time.Hour)
			var mu sync.Mutex
			var asked []string
			p := fakePoller{mu: &mu, asked: &asked, results: map[string]feeds.Result{
				fixtureFeeds[1].url: {Meta: feeds.Meta{Title: fixtureFeeds[1].title}, Items: []feeds.Item{{
					GUID: "ar-new", URL: "https://akhbar.example/ar-new", Title: "خبر جديد عن الرقائق",
					Published: &pub, Content: "نص الخبر.", Lang: "ar", Dir: "rtl"}}},
			}}
			m := syncModel(t, s, 160, 50)
			m.c.poller = p
			selectFeedsItem(t, m, "folder:Mixed")
			if !fromList {
				press(t, m, "esc")
			}
			press(t, m, "r")
			slices.Sort(asked)
			want := []string{fixtureFeeds[1].url, fixtureFeeds[0].url}
			slices.Sort(want)
			if !slices.Equal(asked, want) {
				t.Errorf("r polled %v, want the folder's feeds %v", asked, want)
			}
			if got := "refreshed \u2068Mixed\u2069 (2 feeds): 1 new article"; m.status != got {
				t.Errorf("status %q, want %q", m.status, got)
			}
			if m.list.total != 6 {
				t.Errorf("the folder lists %d articles after the refresh, want 6", m.list.total)
			}
		})
	}
}

// The line under an overlay that does not fit names the paging keys as
// the help does: pgdn/space pages down, pgup up (not "space/pgup", which
// reads as two names of one key).
func TestOverlayFooterNamesPagingKeys(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	m := syncModel(t, s, 60, 12)
	press(t, m, "?")
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	footer := lines[len(lines)-2] // above the status bar
	if !strings.Contains(footer, "more below") {
		t.Fatalf("no position line under the help: %q", footer)
	}
	if !strings.Contains(footer, "pgdn/space, pgup") || strings.Contains(footer, "space/pgup") {
		t.Errorf("the position line reads %q, want pgdn/space and pgup named apart", footer)
	}
	for _, k := range []string{" ", "pgdown"} {
		m.ovTop = 0
		press(t, m, k)
		if m.ovTop == 0 {
			t.Errorf("%q, named for paging down, did not scroll", k)
		}
	}
}
