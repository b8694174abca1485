package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/store"
)

// panesOf returns the pane names on the pane-title line of a frame, left
// to right, and the width of the list pane (0 when it is not shown).
func panesOf(m *Model) []string {
	var out []string
	for _, p := range m.currentLayout().panes {
		out = append(out, map[focus]string{focusFeeds: "feeds", focusList: "list", focusReader: "reader"}[p])
	}
	return out
}

// The layout at the widths people use: at two-pane widths the list takes
// the whole width until an article is opened; one esc in the reader closes
// it again (a second one goes on to the feeds pane); from 120 columns
// three panes, the reader previewing, and esc only moves the focus.
func TestLayoutAtWidths(t *testing.T) {
	type stage struct {
		keys  []string
		panes map[int]string // width → panes, joined by +
	}
	stages := []stage{
		{nil, map[int]string{70: "list", 80: "list", 100: "list", 120: "feeds+list+reader", 160: "feeds+list+reader", 200: "feeds+list+reader"}},
		{[]string{"j", "enter"}, map[int]string{70: "reader", 80: "list+reader", 100: "list+reader", 120: "feeds+list+reader", 160: "feeds+list+reader", 200: "feeds+list+reader"}},
		{[]string{"esc"}, map[int]string{70: "list", 80: "list", 100: "list", 120: "feeds+list+reader", 160: "feeds+list+reader", 200: "feeds+list+reader"}},
		{[]string{"esc"}, map[int]string{70: "feeds", 80: "feeds+list", 100: "feeds+list", 120: "feeds+list+reader", 160: "feeds+list+reader", 200: "feeds+list+reader"}},
	}
	for _, w := range []int{70, 80, 100, 120, 160, 200} {
		s := openStore(t)
		fillStore(t, s)
		m := syncModel(t, s, w, 40)
		for i, st := range stages {
			press(t, m, st.keys...)
			frame := m.View()
			checkFrame(t, frame, w, 40)
			if got := strings.Join(panesOf(m), "+"); got != st.panes[w] {
				t.Errorf("width %d, stage %d (after %q): panes %s, want %s", w, i, st.keys, got, st.panes[w])
			}
			if got := strings.Join(panesOf(m), "+"); got == "list" && m.list.width != w {
				t.Errorf("width %d: the list alone is %d cells wide", w, m.list.width)
			}
			if strings.Contains(ansi.Strip(frame), "enter opens the article under the cursor") {
				t.Errorf("width %d: the empty reader placeholder is back", w)
			}
		}
		if w == 100 {
			// At 100 columns the list alone has room for the feed column.
			if feedW, _ := listColumns(100, 7); feedW == 0 {
				t.Error("no feed column at 100 columns")
			}
		}
	}
}

// The three-pane reader previews the article under the cursor without
// marking it read; enter opens it (focus, marked read).
func TestPreviewFollowsCursor(t *testing.T) {
	s := openStore(t)
	_, ids := fillStore(t, s)
	m := syncModel(t, s, 160, 50)
	ctx := context.Background()
	unread := func(guid string) bool {
		a, err := s.Article(ctx, ids[guid])
		if err != nil {
			t.Fatal(err)
		}
		return !a.Read
	}
	if m.reader.art == nil || m.reader.art.GUID != "en-1" || m.reader.opened {
		t.Fatalf("at start the reader previews %+v, want en-1", m.reader.art)
	}
	if !strings.Contains(paneTitles(m.View()), "Preview") {
		t.Errorf("the previewing reader is not titled Preview: %q", paneTitles(m.View()))
	}
	press(t, m, "j", "j")
	if m.reader.art == nil || m.reader.art.GUID != "ar-1" {
		t.Fatalf("after j j the reader shows %+v, want ar-1", m.reader.art)
	}
	if m.focus != focusList {
		t.Error("previewing moved the focus")
	}
	for _, g := range []string{"en-1", "en-2", "ar-1"} {
		if !unread(g) {
			t.Errorf("previewing marked %s read", g)
		}
	}
	press(t, m, "enter")
	if m.focus != focusReader || !m.reader.opened || m.reader.art.GUID != "ar-1" {
		t.Errorf("enter: focus %v, opened %v, article %s", m.focus, m.reader.opened, m.reader.art.GUID)
	}
	if unread("ar-1") {
		t.Error("enter did not mark ar-1 read")
	}
	if !strings.Contains(paneTitles(m.View()), "Article") {
		t.Errorf("the opened article's pane is not titled Article: %q", paneTitles(m.View()))
	}
	// A change of the list's view lets go of the article being read: hiding
	// read articles takes ar-1 out of the list, so the focus goes back to
	// the list and the reader previews the new cursor row (bug 3).
	press(t, m, "u")
	cur := m.list.current()
	if cur == nil || cur.GUID == "ar-1" {
		t.Fatalf("hide-read left the cursor on %+v", cur)
	}
	if m.focus != focusList || m.reader.art == nil || m.reader.art.ID != cur.ID || m.reader.opened {
		t.Errorf("after hide-read: focus %v, reader %+v, want a preview of %s", m.focus, m.reader.art, cur.GUID)
	}
	press(t, m, "u")
	// An empty list empties the reader.
	press(t, m, "/")
	typeText(t, m, "nothingmatchesthis")
	press(t, m, "enter")
	if m.list.total != 0 || m.reader.art != nil {
		t.Errorf("empty filter result: %d rows, reader %+v", m.list.total, m.reader.art)
	}
}

// Holding j does not load every row: each move only restarts the wait,
// the waits that ended early are dropped, and so is a load that arrives
// after the cursor moved on.
func TestPreviewDebounce(t *testing.T) {
	s := openStore(t)
	_, ids := fillStore(t, s)
	m := syncModel(t, s, 160, 50)
	m.c.noTimers = false // from here, waits are real tea.Ticks we do not run
	var ticks []previewTickMsg
	for range 3 {
		m.Update(keyMsg("j"))
		ticks = append(ticks, previewTickMsg{seq: m.previewSeq, id: m.reader.want})
	}
	if m.reader.art.GUID != "en-1" {
		t.Fatalf("the reader changed before any wait ended: %s", m.reader.art.GUID)
	}
	if m.reader.want != ids["ar-2"] || !m.reader.loading {
		t.Fatalf("want %d loading %v, want ar-2 loading", m.reader.want, m.reader.loading)
	}
	for _, tk := range ticks[:2] {
		if _, cmd := m.Update(tk); cmd != nil {
			t.Errorf("the early wait %+v started a load", tk)
		}
	}
	_, cmd := m.Update(ticks[2])
	if cmd == nil {
		t.Fatal("the last wait did not load the article")
	}
	msg, ok := cmd().(previewLoadedMsg)
	if !ok || msg.id != ids["ar-2"] {
		t.Fatalf("the load answered %+v", msg)
	}
	// A stale answer (for a row the cursor left) is dropped.
	m.Update(previewLoadedMsg{id: ids["en-2"], article: store.Article{ID: ids["en-2"], Title: "stale"}})
	if m.reader.art.GUID != "en-1" {
		t.Errorf("a stale preview was shown: %+v", m.reader.art.Title)
	}
	m.Update(msg)
	if m.reader.art == nil || m.reader.art.GUID != "ar-2" || m.reader.opened {
		t.Errorf("after the load the reader shows %+v", m.reader.art)
	}
}

// When another connection changes the open article, the reader shows the
// new text where the reader was scrolled to.
func TestReaderFollowsChangedArticle(t *testing.T) {
	s := openStore(t)
	_, ids := fillStore(t, s)
	// A long body, to scroll in.
	ctx := context.Background()
	f, err := s.FeedByURL(ctx, fixtureFeeds[0].url)
	if err != nil {
		t.Fatal(err)
	}
	pub := fixtureBase
	long := func(word string) feeds.Result {
		var b strings.Builder
		for i := range 40 {
			b.WriteString("Paragraph " + word + " number " + string(rune('A'+i%26)) + ".\n\n")
		}
		return feeds.Result{FeedID: f.ID, URL: f.URL, Meta: feeds.Meta{Title: fixtureFeeds[0].title},
			Items: []feeds.Item{{GUID: "en-1", Title: fixtureArticles[0].title, Published: &pub, Lang: "en",
				Dir: "ltr", Content: b.String(), URL: "https://tech.example/en-1"}}}
	}
	if _, err := s.SaveResult(ctx, long("old")); err != nil {
		t.Fatal(err)
	}
	m := syncModel(t, s, 160, 30)
	press(t, m, "enter")
	if m.reader.art == nil || m.reader.art.ID != ids["en-1"] {
		t.Fatalf("reader shows %+v", m.reader.art)
	}
	press(t, m, "pgdown")
	top := m.reader.top
	if top == 0 {
		t.Fatal("the reader did not scroll")
	}
	other, err := store.Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.SaveResult(ctx, long("new")); err != nil {
		t.Fatal(err)
	}
	drive(t, m, m.c.dataVersionCmd())
	frame := ansi.Strip(m.View())
	if !strings.Contains(frame, "Paragraph new number") || strings.Contains(frame, "Paragraph old number") {
		t.Errorf("the reader did not show the new text:\n%s", frame)
	}
	if m.reader.top != top {
		t.Errorf("the scroll position moved from %d to %d", top, m.reader.top)
	}
	if !m.reader.opened || m.focus != focusReader {
		t.Error("the refresh changed the reader's state")
	}
}

// At two-pane widths the reader, off screen while the list has the whole
// width, is brought up to date when tab moves the focus to it.
func TestTabToReaderShowsCursorArticle(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	m := syncModel(t, s, 100, 30)
	press(t, m, "enter", "esc") // open en-1; esc closes the reader
	if strings.Join(panesOf(m), "+") != "list" {
		t.Fatalf("panes %v", panesOf(m))
	}
	press(t, m, "j", "j")
	if m.reader.art.GUID != "en-1" {
		t.Fatalf("the hidden reader followed the cursor to %s", m.reader.art.GUID)
	}
	press(t, m, "tab") // list → reader
	if m.focus != focusReader || m.reader.art == nil || m.reader.art.GUID != "ar-1" || m.reader.opened {
		t.Errorf("tab to the reader: focus %v, article %+v", m.focus, m.reader.art)
	}
}

// TestEnterOpensPreview checks that enter in a focused preview opens its
// article, as the pane's title "Preview (enter opens)" says (QA: it did
// nothing there; only the list's enter opened).
func TestEnterOpensPreview(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	m := syncModel(t, s, 160, 40)
	press(t, m, "j", "tab")
	if m.focus != focusReader || m.reader.art == nil || m.reader.opened {
		t.Fatalf("tab to the preview: focus %v, article %+v, opened %v", m.focus, m.reader.art, m.reader.opened)
	}
	id := m.reader.art.ID
	press(t, m, "enter")
	if m.reader.art == nil || m.reader.art.ID != id || !m.reader.opened || !m.reader.art.Read {
		t.Errorf("enter in the preview: article %+v, opened %v", m.reader.art, m.reader.opened)
	}
	if !strings.Contains(m.View(), " Article") {
		t.Errorf("the pane is not titled Article after enter:\n%s", m.View())
	}
}
