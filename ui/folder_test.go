package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/nashra-reader/nashra/store"
)

// folderStore is the fixture with both feeds also in the folder "Mixed"
// (so each feed is in two folders: English or Arabic, and Mixed) and a
// third feed, in no folder, of four articles.
func folderStore(t *testing.T) (*store.Store, []int64) {
	t.Helper()
	s := openStore(t)
	ids, _ := fillStore(t, s)
	ctx := context.Background()
	for _, f := range fixtureFeeds {
		if _, _, err := s.AddFeed(ctx, store.NewFeed{URL: f.url, Folders: []string{"Mixed"}}); err != nil {
			t.Fatal(err)
		}
	}
	fillMany(t, s, 4)
	return s, ids
}

// feedsPaneLine is the drawn line of the feeds pane that holds label.
func feedsPaneLine(t *testing.T, m *Model, label string) string {
	t.Helper()
	for _, l := range strings.Split(ansi.Strip(m.View()), "\n") {
		// The feeds pane is the frame's left column.
		left := ansi.Cut(l, 0, m.feeds.width)
		if strings.Contains(left, label) {
			return strings.TrimSpace(left)
		}
	}
	t.Fatalf("no feeds pane line holds %q:\n%s", label, ansi.Strip(m.View()))
	return ""
}

// A folder's heading is selectable: j stops on it and lists the articles
// of its feeds, newest first, with the folder as the list's title; its
// unread count sums its feeds' and follows reads; `/` filters inside it.
func TestFolderHeadingListsItsFeeds(t *testing.T) {
	s, ids := folderStore(t)
	ctx := context.Background()
	m := syncModel(t, s, 160, 50)
	press(t, m, "esc") // to the feeds pane
	if m.focus != focusFeeds {
		t.Fatalf("focus %v, want the feeds pane", m.focus)
	}
	// j walks down to the Mixed heading, stopping on every feed and folder.
	var passed []string
	for i := 0; i < len(m.feeds.items) && m.feeds.current().key != "folder:Mixed"; i++ {
		press(t, m, "j")
		passed = append(passed, m.feeds.current().key)
	}
	it := m.feeds.current()
	if it.key != "folder:Mixed" || it.kind != itemFolder {
		t.Fatalf("j never reached the Mixed heading; passed %v", passed)
	}
	if !slices.Contains(passed, "folder:Arabic") {
		t.Errorf("j skipped the Arabic heading above: passed %v", passed)
	}
	// Moving onto it listed it (the list is on screen at 160 columns).
	if m.list.view.Folder != "Mixed" || m.list.total != 5 || m.feeds.active != "folder:Mixed" {
		t.Fatalf("on the heading: list view %+v, %d articles, active %q; want Mixed's 5",
			m.list.view, m.list.total, m.feeds.active)
	}
	want, err := s.List(ctx, store.View{}, store.Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var wantIDs, gotIDs []int64
	for _, a := range want {
		if a.FeedID == ids[0] || a.FeedID == ids[1] {
			wantIDs = append(wantIDs, a.ID)
		}
	}
	for _, a := range m.list.rows {
		gotIDs = append(gotIDs, a.ID)
	}
	if !slices.Equal(gotIDs, wantIDs) {
		t.Errorf("Mixed lists %v, want the two feeds' articles newest first %v", gotIDs, wantIDs)
	}
	frame := ansi.Strip(m.View())
	if !strings.Contains(frame, " Mixed") || !strings.Contains(frame, "1/5") {
		t.Errorf("the list's title does not name the folder with its count:\n%s", frame)
	}
	if l := feedsPaneLine(t, m, "Mixed"); !strings.HasSuffix(l, " 5") {
		t.Errorf("the Mixed heading reads %q, want its 5 unread", l)
	}
	if l := feedsPaneLine(t, m, "Arabic"); !strings.HasSuffix(l, " 2") {
		t.Errorf("the Arabic heading reads %q, want its 2 unread", l)
	}

	// tab to the list; m marks the first article (an English one) read:
	// Mixed and English count one less, Arabic does not change.
	press(t, m, "tab")
	if m.focus != focusList {
		t.Fatalf("tab: focus %v, want the list", m.focus)
	}
	first := m.list.current()
	press(t, m, "m")
	if a, err := s.Article(ctx, first.ID); err != nil || !a.Read {
		t.Fatalf("m did not mark %q read (%v)", first.Title, err)
	}
	for label, n := range map[string]int{"Mixed": 4, "English": 2, "Arabic": 2} {
		if it := m.feeds.byKey("folder:" + label); it == nil || it.unread != n {
			t.Errorf("after reading: %s heading %+v, want %d unread", label, it, n)
		}
	}
	if l := feedsPaneLine(t, m, "Mixed"); !strings.HasSuffix(l, " 4") {
		t.Errorf("after reading, the Mixed heading reads %q, want 4", l)
	}

	// `/` filters inside the folder.
	press(t, m, "/")
	typeText(t, m, "lang:ar")
	press(t, m, "enter")
	if m.list.view.Folder != "Mixed" || m.list.total != 2 {
		t.Errorf("filter in Mixed: view %+v, %d articles, want Mixed's 2 Arabic", m.list.view, m.list.total)
	}
	if !strings.Contains(ansi.Strip(m.View()), "Mixed / lang:ar") {
		t.Errorf("the title does not show the folder and the filter:\n%s", ansi.Strip(m.View()))
	}
}

// At a width where the feeds pane is alone, enter on a folder heading
// lists its articles and moves to the list.
func TestFolderHeadingEnterNarrow(t *testing.T) {
	s, _ := folderStore(t)
	m := syncModel(t, s, 60, 30)
	press(t, m, "esc")
	for i := range m.feeds.items {
		if m.feeds.items[i].key == "folder:Arabic" {
			m.feeds.cursor = i
		}
	}
	press(t, m, "enter")
	if m.focus != focusList || m.list.view.Folder != "Arabic" || m.list.total != 2 {
		t.Fatalf("enter on Arabic: focus %v, view %+v, %d articles", m.focus, m.list.view, m.list.total)
	}
	for _, a := range m.list.rows {
		if a.Lang != "ar" {
			t.Errorf("Arabic lists %q of %s", a.Title, a.FeedTitle)
		}
	}
}
