package ui

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/store"
)

// ctrl+z suspends only when a job-control shell can resume nashra; else
// it says why and the program keeps running (no tea.SuspendMsg).
func TestCtrlZRefusedWithoutJobControl(t *testing.T) {
	for _, resumable := range []bool{false, true} {
		s := openStore(t)
		fillStore(t, s)
		m := syncModel(t, s, 100, 24)
		m.c.canSuspend = func() bool { return resumable }
		_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyCtrlZ})
		if suspends := runsSuspend(cmd); suspends != resumable {
			t.Errorf("resumable %v: ctrl+z suspends = %v", resumable, suspends)
		}
		if !resumable {
			if m.status != noSuspendMsg || !m.statusErr {
				t.Errorf("refused ctrl+z: status %q (error %v), want %q", m.status, m.statusErr, noSuspendMsg)
			}
			if last := lastLine(m.View()); !strings.Contains(last, "no shell with job control") {
				t.Errorf("refused ctrl+z: the status bar shows %q", last)
			}
		}
	}
}

// The why (w) and errors (e) screens are laid out for the width they are
// shown at, again after every resize: narrowing cuts nothing (the Arabic
// title keeps its start), widening drops the narrow wrap. The scroll
// position is kept as far as the new text allows.
func TestOverlaysFollowResize(t *testing.T) {
	s := openStore(t)
	feedIDs, _ := fillStore(t, s)
	long := "dial tcp: lookup akhbar.example on 127.0.0.53:53: server misbehaving while fetching the feed a second time"
	if _, err := s.DB().Exec(`UPDATE feeds SET last_error = ?, last_poll = ? WHERE id = ?`, long, fixtureNow().Unix(), feedIDs[1]); err != nil {
		t.Fatal(err)
	}
	// fresh is the screen laid out from the start at w×h.
	fresh := func(w, h int, keys ...string) []string {
		m := syncModel(t, s, w, h)
		press(t, m, keys...)
		return m.overlay
	}
	for _, tc := range []struct {
		name string
		keys []string // from the list at 160 columns
		st   state
	}{
		{"why", []string{"j", "j", "w"}, stateWhy}, // ar-1, the Arabic title
		{"errors", []string{"e"}, stateErrors},
	} {
		m := syncModel(t, s, 160, 24)
		press(t, m, tc.keys...)
		if m.state != tc.st {
			t.Fatalf("%s: the screen is not open (state %v)", tc.name, m.state)
		}
		if tc.st == stateErrors && !strings.Contains(strings.Join(m.overlay, "\n"), "server misbehaving") {
			t.Fatalf("errors: does not show the feed's error:\n%s", ansi.Strip(strings.Join(m.overlay, "\n")))
		}
		if tc.st == stateWhy && !strings.Contains(strings.Join(m.overlay, "\n"), "org:meta") {
			t.Fatalf("why: does not show ar-1's tags:\n%s", ansi.Strip(strings.Join(m.overlay, "\n")))
		}
		for _, size := range [][2]int{{60, 24}, {160, 24}, {45, 24}} {
			drive(t, m, resize(size[0], size[1]))
			want := fresh(size[0], size[1], tc.keys...)
			if !reflect.DeepEqual(m.overlay, want) {
				t.Errorf("%s: after a resize to %d the screen is not laid out for it:\n%s\nwant\n%s",
					tc.name, size[0], ansi.Strip(strings.Join(m.overlay, "\n")), ansi.Strip(strings.Join(want, "\n")))
			}
			for i, l := range m.overlay {
				if w := ansi.StringWidth(l); w > size[0] {
					t.Errorf("%s at %d: line %d is %d cells, cut by the screen: %q", tc.name, size[0], i, w, ansi.Strip(l))
				}
			}
			checkFrame(t, m.View(), size[0], size[1])
		}
	}
	// The scroll position survives a resize that keeps the text long enough.
	m := syncModel(t, s, 45, 8)
	press(t, m, "j", "j", "w", "j", "j")
	drive(t, m, resize(50, 8))
	if m.ovTop != 2 {
		t.Errorf("after a resize the why screen scrolled to %d, want 2", m.ovTop)
	}
}

// The help lists every key at any width from 40 columns: the column groups
// are stacked when they do not fit side by side.
func TestHelpStacksColumnsWhenNarrow(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	for _, w := range []int{40, 50, 60, 79, 80, 100, 160} {
		m := syncModel(t, s, w, 24)
		press(t, m, "?")
		help := m.helpLines()
		for i, l := range help {
			if lw := ansi.StringWidth(l); lw > w {
				t.Errorf("width %d: help line %d is %d cells: %q", w, i, lw, ansi.Strip(l))
			}
		}
		text := ansi.Strip(strings.Join(help, "\n"))
		for _, group := range append(m.c.keys.FullHelp(), defaultPromptKeys().FullHelp()...) {
			for _, b := range group {
				if h := b.Help(); !strings.Contains(text, h.Key+" ") || !strings.Contains(text, h.Desc) {
					t.Errorf("width %d: the help lacks %q %q", w, h.Key, h.Desc)
				}
			}
		}
	}
	// At 160 the three groups stand side by side: one line holds a key of
	// each.
	m := syncModel(t, s, 160, 24)
	if text := ansi.Strip(strings.Join(m.helpLines(), "\n")); !strings.Contains(text, "↑/k") ||
		!regexpLine(text, "↑/k", "s ", "/ ") {
		t.Errorf("at 160 the help groups are not side by side:\n%s", text)
	}
}

// regexpLine reports whether one line of text holds every one of subs.
func regexpLine(text string, subs ...string) bool {
	for _, l := range strings.Split(text, "\n") {
		all := true
		for _, s := range subs {
			all = all && strings.Contains(l, s)
		}
		if all {
			return true
		}
	}
	return false
}

// Tab in the filter completes the value of a tag: term from the tags in
// use, cycling through the matches; elsewhere in the filter it does
// nothing.
func TestFilterTabCompletesTags(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	m := syncModel(t, s, 100, 24)
	if len(m.allTags) == 0 {
		t.Fatal("the model knows no tags")
	}
	press(t, m, "/")
	typeText(t, m, "chip -tag:o")
	press(t, m, "tab")
	if got := m.filter.in.value(); got != "chip -tag:open-source" {
		t.Errorf("tab after -tag:o gave %q", got)
	}
	if hint := ansi.Strip(m.filter.view(100)[1]); !strings.Contains(hint, "open-source") || !strings.Contains(hint, "org:meta") {
		t.Errorf("the completions are not shown: %q", hint)
	}
	press(t, m, "tab")
	if got := m.filter.in.value(); got != "chip -tag:org:meta" {
		t.Errorf("a second tab gave %q", got)
	}
	press(t, m, "tab")
	if got := m.filter.in.value(); got != "chip -tag:open-source" {
		t.Errorf("a third tab gave %q, want the first match again", got)
	}
	press(t, m, "enter")
	if m.query != "chip -tag:open-source" || m.list.err != nil {
		t.Errorf("the completed filter %q gave %v", m.query, m.list.err)
	}
	press(t, m, "/", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace",
		"backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace")
	typeText(t, m, "(TAG:inv")
	press(t, m, "tab")
	if got := m.filter.in.value(); got != "chip (TAG:investment" {
		t.Errorf("tab after (TAG:inv gave %q", got)
	}
	press(t, m, " ")
	typeText(t, m, "model")
	press(t, m, "tab")
	if got := m.filter.in.value(); got != "chip (TAG:investment model" {
		t.Errorf("tab after a plain word changed the text to %q", got)
	}
}

// Space, pgdn, pgup, g and G scroll the help (and the why and errors
// screens), and a line under the text says that more of it is below.
func TestHelpScrollsAndShowsMore(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	m := syncModel(t, s, 60, 12)
	press(t, m, "?")
	n := len(m.helpLines())
	if n <= m.panesHeight() {
		t.Fatalf("the help (%d lines) fits in %d lines: the test needs a smaller screen", n, m.panesHeight())
	}
	rows := m.overlayRows()
	if rows != m.panesHeight()-1 {
		t.Errorf("the help shows %d lines of %d, want one less for the marker", rows, m.panesHeight())
	}
	last := n - rows
	frame := ansi.Strip(m.View())
	checkFrame(t, m.View(), 60, 12)
	if !strings.Contains(frame, "↓ more below") || !strings.Contains(frame, "lines 1–") {
		t.Errorf("the help does not say more is below:\n%s", frame)
	}
	for _, step := range []struct {
		key string
		top int
	}{
		{" ", min(rows, last)},
		{"pgup", 0},
		{"pgdown", min(rows, last)},
		{"G", last},
		{"g", 0},
		{"G", last},
		{"k", last - 1},
	} {
		press(t, m, step.key)
		if m.ovTop != step.top {
			t.Errorf("%q: the help is scrolled to %d, want %d", step.key, m.ovTop, step.top)
		}
	}
	press(t, m, "G")
	frame = ansi.Strip(m.View())
	if !strings.Contains(frame, "since:") || strings.Contains(frame, "↓") || !strings.Contains(frame, "↑") {
		t.Errorf("at the bottom the help does not end with the filter syntax's last row and an ↑ marker only:\n%s", frame)
	}
	if m.state != stateHelp {
		t.Errorf("a scroll key closed the help")
	}
	// A help that fits has no marker.
	m = syncModel(t, s, 160, 50)
	press(t, m, "?")
	if frame := ansi.Strip(m.View()); strings.Contains(frame, "more below") {
		t.Errorf("a help that fits says more is below")
	}
}

// D away from the feeds pane says where it works; s m t w o y with the
// feeds pane focused act on the list's cursor row, or say there is none.
func TestSilentKeysSpeak(t *testing.T) {
	s := openStore(t)
	_, ids := fillStore(t, s)
	for _, w := range []int{100, 160} {
		m := syncModel(t, s, w, 24)
		press(t, m, "D")
		if !strings.Contains(m.status, "D deletes a saved search: select one in the feeds pane") {
			t.Errorf("width %d: D in the list: status %q", w, m.status)
		}
		press(t, m, "enter", "D")
		if m.focus != focusReader || !strings.Contains(m.status, "D deletes a saved search") {
			t.Errorf("width %d: D in the reader (focus %v): status %q", w, m.focus, m.status)
		}
	}
	m := syncModel(t, s, 160, 24)
	press(t, m, "j") // en-2
	m.setFocus(focusFeeds)
	press(t, m, "s")
	if a, err := s.Article(context.Background(), ids["en-2"]); err != nil || !a.Starred {
		t.Errorf("s in the feeds pane did not star the list's row en-2 (%v)", err)
	}
	if m.status != "starred" {
		t.Errorf("s in the feeds pane: status %q", m.status)
	}
	press(t, m, "w")
	if m.state != stateWhy || !strings.Contains(strings.Join(m.overlay, "\n"), "open-source") {
		t.Errorf("w in the feeds pane (state %v) does not show en-2's tags", m.state)
	}
	press(t, m, "esc", "t")
	if m.state != stateTags || m.tagEd.articleID != ids["en-2"] {
		t.Errorf("t in the feeds pane: state %v", m.state)
	}
	press(t, m, "esc")
	// An empty list: the keys say there is nothing selected.
	m.setFocus(focusList)
	press(t, m, "/")
	typeText(t, m, "nothingmatchesthis")
	press(t, m, "enter")
	m.setFocus(focusFeeds)
	for _, k := range []string{"s", "m", "t", "w", "o", "y"} {
		press(t, m, k)
		if m.status != "no article selected" || m.state != stateBrowse {
			t.Errorf("%s in the feeds pane over an empty list: status %q, state %v", k, m.status, m.state)
		}
	}
}

// After esc at the preview width the reader previews at once, and a shrink
// below that width leaves the list alone unless an article is open.
func TestShrinkAfterEscLeavesListAlone(t *testing.T) {
	for _, tc := range []struct {
		name  string
		keys  []string // at 160
		panes string   // at 100
	}{
		{"enter esc", []string{"enter", "esc"}, "list"},
		{"previewing", []string{"j"}, "list"},
		{"enter", []string{"enter"}, "list+reader"},
	} {
		s := openStore(t)
		fillStore(t, s)
		m := syncModel(t, s, 160, 24)
		press(t, m, tc.keys...)
		drive(t, m, resize(100, 24))
		if got := strings.Join(panesOf(m), "+"); got != tc.panes {
			t.Errorf("%s, then 100 columns: panes %s, want %s", tc.name, got, tc.panes)
		}
		checkFrame(t, m.View(), 100, 24)
	}
}

// A filter that matches nothing says so, in the Unread view too.
func TestNoMatchesMessage(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	m := syncModel(t, s, 100, 24)
	press(t, m, "u", "/")
	typeText(t, m, "nothingmatchesthis")
	press(t, m, "enter")
	frame := ansi.Strip(m.View())
	if !strings.Contains(frame, "no matches") || strings.Contains(frame, "no unread articles") {
		t.Errorf("an empty filtered unread list:\n%s", frame)
	}
}

// A first run, with nothing subscribed, says how to subscribe instead of
// only "no articles"; an empty view of a filled database does not.
func TestFirstRunSaysHowToSubscribe(t *testing.T) {
	for _, w := range []int{40, 80, 160} {
		m := syncModel(t, openStore(t), w, 24)
		frame := ansi.Strip(m.View())
		if !strings.Contains(frame, "nashra add URL") || !strings.Contains(frame, "nashra import") || !strings.Contains(frame, "press R") {
			t.Errorf("empty database at %d columns:\n%s", w, frame)
		}
		checkFrame(t, m.View(), w, 24)
	}
	// Subscribed but never fetched: press R.
	s := openStore(t)
	if _, _, err := s.AddFeed(context.Background(), store.NewFeed{URL: "https://unfetched.example/feed"}); err != nil {
		t.Fatal(err)
	}
	m := syncModel(t, s, 80, 24)
	if frame := ansi.Strip(m.View()); !strings.Contains(frame, "press R to fetch") || strings.Contains(frame, "nashra add URL") {
		t.Errorf("subscribed, nothing fetched:\n%s", frame)
	}
	m = filtered(t, 100, 24, "nothingmatchesthis")
	if frame := ansi.Strip(m.View()); strings.Contains(frame, "nashra add URL") || strings.Contains(frame, "press R") {
		t.Errorf("a filter with no match shows the first-run hint:\n%s", frame)
	}
}

// Typed Arabic stays beside the prompt's label on a wide screen (it was
// right-aligned across the whole row, 150 cells from the label), and a
// long text still scrolls within the row.
func TestTypedArabicStaysByTheLabel(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	m := syncModel(t, s, 160, 24)
	press(t, m, "/")
	typeText(t, m, "ذكاء")
	var row string
	for _, l := range strings.Split(ansi.Strip(m.View()), "\n") {
		if strings.HasPrefix(l, "/ ") {
			row = l
		}
	}
	if row == "" {
		t.Fatalf("no prompt row in\n%s", ansi.Strip(m.View()))
	}
	rest := []rune(row[len("/ "):])
	gap := 0
	for gap < len(rest) && rest[gap] == ' ' {
		gap++
	}
	// One cell for the cursor at the left end of the right-to-left text.
	if gap > 1 || gap == len(rest) {
		t.Errorf("typed Arabic starts %d cells after the label: %q", gap, row)
	}
	typeText(t, m, strings.Repeat(" ذكاء", 60))
	checkFrame(t, m.View(), 160, 24)
}

// In the feeds pane a lone number is an unread count, and rows that keep a
// total show unread/total — also when everything is read (0/N), where a
// bare total read like N unread.
func TestFeedPaneCountsSayUnreadOverTotal(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	m := syncModel(t, s, 160, 40)
	press(t, m, "M", "y")
	frame := ansi.Strip(m.View())
	var topicRows int
	for _, l := range strings.Split(frame, "\n") {
		pane, _, ok := strings.Cut(l, "│")
		if !ok {
			continue
		}
		f := strings.Fields(pane)
		if len(f) < 2 {
			continue
		}
		last := f[len(f)-1]
		switch {
		case strings.HasPrefix(last, "0/"):
			topicRows++
		case strings.Trim(last, "0123456789") == "" && last != "":
			t.Errorf("after marking everything read, a bare number: %q", strings.TrimSpace(pane))
		}
		if strings.Contains(pane, "Starred") && strings.Contains(pane, "0") {
			t.Errorf("an empty Starred view shows a count: %q", pane)
		}
	}
	if topicRows == 0 {
		t.Errorf("no unread/total count of 0/N in the feeds pane:\n%s", frame)
	}
}

// The list's title shows an Arabic filter in the direction it was typed
// in (right to left: "lang:ar" drawn left of the Arabic word), as the
// filter line and the saved search do, not reordered by the title's
// left-to-right "All / ".
func TestFilterInTitleKeepsItsDirection(t *testing.T) {
	m := filtered(t, 120, 24, "ميتا lang:ar")
	for _, l := range strings.Split(ansi.Strip(m.View()), "\n") {
		if i := strings.Index(l, "All / "); i >= 0 {
			rest := l[i+len("All / "):]
			lang := strings.Index(rest, "lang:ar")
			ar := strings.IndexFunc(rest, func(r rune) bool { return r >= 0x0600 && r <= 0x06FF || r >= 0xFE70 && r <= 0xFEFF })
			if lang < 0 || ar < 0 || lang > ar {
				t.Errorf("title %q: want lang:ar left of the Arabic word", l)
			}
			return
		}
	}
	t.Errorf("no title with the filter:\n%s", ansi.Strip(m.View()))
}

// When another process stores newer articles while the list shows its
// top, they appear at the top and the cursor stays on its article one row
// lower; deeper in the list the cursor's row stays on its screen line.
func TestNewArticlesShowAtTheTop(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	fillMany(t, s, 40)
	m := syncModel(t, s, 120, 24)
	first := m.list.current().ID
	add := func(guid string, at time.Time) {
		id, _, err := s.AddFeed(ctx, store.NewFeed{URL: "https://late.example/feed"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveResult(ctx, feeds.Result{FeedID: id, URL: "https://late.example/feed",
			Items: []feeds.Item{{GUID: guid, Title: "Breaking " + guid, Published: &at, Lang: "en", Dir: "ltr"}}}); err != nil {
			t.Fatal(err)
		}
		drive(t, m, func() tea.Msg { return dataVersionMsg{v: m.version + 1} })
	}
	add("new-1", fixtureBase.Add(time.Hour))
	if m.list.top != 0 || m.list.current().ID != first || m.list.cursor != 1 {
		t.Errorf("after a new article at the top: top %d, cursor %d on %d; want top 0, cursor 1 on %d",
			m.list.top, m.list.cursor, m.list.current().ID, first)
	}
	if !strings.Contains(ansi.Strip(m.View()), "Breaking new-1") {
		t.Errorf("the new article is not on screen:\n%s", ansi.Strip(m.View()))
	}
	// Deeper: the cursor's article keeps its screen line.
	press(t, m, "G")
	row := m.list.cursor - m.list.top
	id := m.list.current().ID
	add("new-2", fixtureBase.Add(2*time.Hour))
	if m.list.current().ID != id || m.list.cursor-m.list.top != row {
		t.Errorf("deep in the list: cursor on %d at screen row %d, want %d at row %d",
			m.list.current().ID, m.list.cursor-m.list.top, id, row)
	}
}

// An item without a title (RSS 2.0 needs only a title or a description)
// is a row that says so, not a blank one, and the reader says so too.
func TestUntitledArticleSaysSo(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	id, _, err := s.AddFeed(ctx, store.NewFeed{URL: "https://notitle.example/feed"})
	if err != nil {
		t.Fatal(err)
	}
	at := fixtureBase
	if _, err := s.SaveResult(ctx, feeds.Result{FeedID: id, URL: "https://notitle.example/feed",
		Items: []feeds.Item{{GUID: "x", Content: "A description and nothing else.", Published: &at, Lang: "en", Dir: "ltr"}}}); err != nil {
		t.Fatal(err)
	}
	m := syncModel(t, s, 100, 24)
	if frame := ansi.Strip(m.View()); !strings.Contains(frame, untitled) {
		t.Errorf("the list:\n%s", frame)
	}
	press(t, m, "enter")
	frame := ansi.Strip(m.View())
	if strings.Count(frame, untitled) < 2 || !strings.Contains(frame, "A description and nothing else.") {
		t.Errorf("the reader beside the list:\n%s", frame)
	}
}

// A row that matches only through its feed's name (the index holds it, as
// issue 4 asks) says where the words were found, since neither its title
// nor its snippet has anything highlighted.
func TestMatchInFeedNameSaysSo(t *testing.T) {
	s := openStore(t)
	fillMany(t, s, 3) // feed "Bulk Feed"
	m := syncModel(t, s, 120, 24)
	press(t, m, "/")
	typeText(t, m, "bulk")
	press(t, m, "enter")
	frame := ansi.Strip(m.View())
	if strings.Count(frame, "matched feed/author: Bulk Feed") != 3 {
		t.Errorf("rows matched through the feed's name:\n%s", frame)
	}
	press(t, m, "/")
	press(t, m, "ctrl+u")
	typeText(t, m, "accelerators")
	press(t, m, "enter")
	if frame := ansi.Strip(m.View()); strings.Contains(frame, "matched feed/author") {
		t.Errorf("rows matched in their titles say the feed name matched:\n%s", frame)
	}
}

// Starred counts its unread articles too (it read 0/N while they were
// unread).
func TestStarredCountsUnread(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	m := syncModel(t, s, 160, 40)
	press(t, m, "s", "j", "s")
	starred := func() string {
		for _, l := range strings.Split(ansi.Strip(m.View()), "\n") {
			if pane, _, ok := strings.Cut(l, "│"); ok && strings.Contains(pane, "Starred") {
				f := strings.Fields(pane)
				return f[len(f)-1]
			}
		}
		return ""
	}
	if got := starred(); got != "2/2" {
		t.Errorf("two unread articles starred: Starred shows %q, want 2/2", got)
	}
	press(t, m, "m")
	if got := starred(); got != "1/2" {
		t.Errorf("one of them read: Starred shows %q, want 1/2", got)
	}
}

// Keys pressed while a reload that follows another process's write is
// running are not undone by its answer: the cursor stays on the article
// it moved to (it jumped back to where the reload started).
func TestReloadKeepsKeysPressedMeanwhile(t *testing.T) {
	s := openStore(t)
	fillMany(t, s, 60)
	m := syncModel(t, s, 120, 24)
	press(t, m, "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j")
	for _, moves := range [][]string{{"j", "j", "j"}, {"k", "k"}, {"G"}, {"g"}} {
		reload := m.list.reloadAround(nil) // what a data_version change starts
		press(t, m, moves...)
		want, row := m.list.current().ID, m.list.cursor-m.list.top
		msg := reload()
		drive(t, m, func() tea.Msg { return msg })
		if got := m.list.current().ID; got != want || m.list.cursor-m.list.top != row {
			t.Errorf("after %v during a reload: cursor on %d at row %d, want %d at row %d",
				moves, got, m.list.cursor-m.list.top, want, row)
		}
	}
}

// When the newest articles are on screen but the cursor is on the last
// row, an article arriving above cannot be shown without moving the cursor
// off screen: the status says it arrived.
func TestNewArticleAboveTheWindowIsAnnounced(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	fillMany(t, s, 40)
	m := syncModel(t, s, 120, 24)
	for m.list.cursor < m.list.visible()-1 {
		press(t, m, "j")
	}
	if m.list.top != 0 {
		t.Fatalf("top %d before the arrival", m.list.top)
	}
	id, _, err := s.AddFeed(ctx, store.NewFeed{URL: "https://late.example/feed"})
	if err != nil {
		t.Fatal(err)
	}
	at := fixtureBase.Add(time.Hour)
	if _, err := s.SaveResult(ctx, feeds.Result{FeedID: id, URL: "https://late.example/feed",
		Items: []feeds.Item{{GUID: "late", Title: "Breaking late", Published: &at, Lang: "en", Dir: "ltr"}}}); err != nil {
		t.Fatal(err)
	}
	drive(t, m, func() tea.Msg { return dataVersionMsg{v: m.version + 1} })
	if !strings.Contains(m.status, "new articles above") {
		t.Errorf("status %q, want it to say new articles arrived above", m.status)
	}
}

// Tag names in the status after t and in the tag editor's line are each
// drawn in their own direction: mixed Arabic and Latin names did run into
// each other ("OpenAI-2026") and took each other's + and * marks.
func TestTagNamesAreIsolated(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	m := syncModel(t, s, 160, 30)
	press(t, m, "t")
	typeText(t, m, "مهم OpenAI-مهم 2026")
	press(t, m, "enter")
	frame := ansi.Strip(m.View())
	if strings.Contains(frame, "OpenAI-2026") || !strings.Contains(frame, "+2026") {
		t.Errorf("status after adding tags:\n%s", frame)
	}
	press(t, m, "t")
	frame = ansi.Strip(m.View())
	if strings.Contains(frame, "OpenAI-2026") || !strings.Contains(frame, "2026*") {
		t.Errorf("the tag editor's line:\n%s", frame)
	}
	// A name typed with a bidi override is stored without it, and the
	// status says so: "+rlo", not the reversed "+olr".
	press(t, m, "esc", "t")
	typeText(t, m, "\u202Erlo")
	press(t, m, "enter")
	if frame = ansi.Strip(m.View()); !strings.Contains(frame, "tags: +rlo") {
		t.Errorf("status after adding a tag typed with U+202E:\n%s", frame)
	}
}

// A title of nothing but zero-width characters is untitled too.
func TestInvisibleTitleIsUntitled(t *testing.T) {
	if hasVisible("\u200b \u200f\u00a0") || !hasVisible("\u200bx") || !hasVisible("ذ") {
		t.Errorf("hasVisible misjudges")
	}
}

// The reader goes on showing an article another process deleted (nashra
// remove), saying so; s, m and t on it must not report a change that went
// nowhere (seen in tmux: s said "starred" and drew ★ on the deleted article,
// while nothing was stored).
func TestKeysOnADeletedArticleInTheReader(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	fillStore(t, s)
	m := syncModel(t, s, 100, 24)
	press(t, m, "enter")
	a := m.reader.art
	if a == nil || m.focus != focusReader {
		t.Fatalf("enter: reader %+v, focus %v", a, m.focus)
	}
	if err := s.RemoveFeed(ctx, a.FeedID); err != nil {
		t.Fatal(err)
	}
	drive(t, m, func() tea.Msg { return dataVersionMsg{v: m.version + 1} })
	if m.reader.art == nil || m.reader.art.ID != a.ID || !strings.Contains(m.status, "deleted") {
		t.Fatalf("after the delete: reader %+v, status %q", m.reader.art, m.status)
	}
	for _, k := range []string{"s", "m", "t"} {
		press(t, m, k)
		if m.state != stateBrowse || !m.statusErr || !strings.Contains(m.status, "deleted") {
			t.Errorf("%s on the deleted article: state %v, status %q (error %v)", k, m.state, m.status, m.statusErr)
		}
		if m.state != stateBrowse {
			press(t, m, "esc")
		}
	}
	if m.reader.art.Starred != a.Starred || m.reader.art.Read != a.Read {
		t.Errorf("the deleted article's flags changed on screen: %+v", m.reader.art)
	}
	// Another article, opened from the list, takes the keys again.
	press(t, m, "esc")
	press(t, m, "g", "enter")
	if m.reader.art == nil || m.reader.art.ID == a.ID {
		t.Fatalf("enter after the delete: reader %+v", m.reader.art)
	}
	press(t, m, "s")
	if m.statusErr || m.status != "starred" {
		t.Errorf("s on a live article: status %q", m.status)
	}
}

// s and m on a list row whose article another process deleted, before the
// list noticed, say it was deleted (s said "starred"), and the list is
// read again without it.
func TestKeysOnADeletedArticleInTheList(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	fillStore(t, s)
	for _, k := range []string{"s", "m"} {
		m := syncModel(t, s, 100, 24)
		a := m.list.current()
		if a == nil {
			t.Fatal("no article in the list")
		}
		if _, err := s.DB().ExecContext(ctx, `DELETE FROM articles WHERE id = ?`, a.ID); err != nil {
			t.Fatal(err)
		}
		press(t, m, k)
		if !m.statusErr || !strings.Contains(m.status, "deleted") {
			t.Errorf("%s on a deleted row: status %q (error %v)", k, m.status, m.statusErr)
		}
		if c := m.list.current(); c != nil && c.ID == a.ID {
			t.Errorf("%s on a deleted row: the list still shows it", k)
		}
	}
}

// ctrl+s in an empty filter says there is nothing to save and leaves the
// prompt open; it closed it without a word.
func TestSaveEmptyFilterSaysSo(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	m := syncModel(t, s, 100, 24)
	press(t, m, "/", "ctrl+s")
	if m.state != stateFilter {
		t.Fatalf("ctrl+s in an empty filter closed it: state %v", m.state)
	}
	if frame := ansi.Strip(m.View()); !strings.Contains(frame, "nothing to save") {
		t.Errorf("ctrl+s in an empty filter says nothing:\n%s", frame)
	}
	searches, err := s.SavedSearches(context.Background())
	if err != nil || len(searches) != 0 {
		t.Errorf("saved searches after ctrl+s on nothing: %v, %v", searches, err)
	}
	// With words, ctrl+s still saves.
	typeText(t, m, "chip")
	press(t, m, "ctrl+s")
	if m.state != stateBrowse || m.query != "chip" {
		t.Errorf("ctrl+s with words: state %v, query %q", m.state, m.query)
	}
}
