package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/feeds/topics"
	"github.com/nashra-reader/nashra/store"
)

// entityTopics names some of the generated entities (the others have no
// display name and show by slug).
type entityTopics struct{ fixtureTopics }

func (entityTopics) Entity(slug string) (topics.Topic, bool) {
	if slug == "org:e20" {
		return topics.Topic{Slug: slug, NameEN: "Twentieth Corp", NameAR: "الشركة العشرون"}, true
	}
	if slug == "org:e19" {
		return topics.Topic{Slug: slug, NameAR: "الشركة التاسعة عشرة"}, true
	}
	return topics.Topic{}, false
}

// The feeds pane lists the 15 entities most articles name, with their
// counts and display names; choosing one lists its articles.
func TestEntitiesSection(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	id, _, err := s.AddFeed(ctx, store.NewFeed{URL: "https://ent.example/feed.xml"})
	if err != nil {
		t.Fatal(err)
	}
	// Article i (1..20) names entities e1..ei: entity ek is in 21-k
	// articles, so e1 is the most frequent.
	res := feeds.Result{FeedID: id, URL: "https://ent.example/feed.xml", Meta: feeds.Meta{Title: "Entities"}}
	for i := 1; i <= 20; i++ {
		pub := fixtureBase.Add(-time.Duration(i) * time.Hour)
		it := feeds.Item{GUID: fmt.Sprint(i), Title: fmt.Sprintf("Article %d", i), Published: &pub, Lang: "en", Dir: "ltr"}
		for k := 1; k <= i; k++ {
			it.Tags = append(it.Tags, topics.Tag{Name: fmt.Sprintf("org:e%d", k), Kind: "entity", Terms: []string{"x"}})
		}
		res.Items = append(res.Items, it)
	}
	if _, err := s.SaveResult(ctx, res); err != nil {
		t.Fatal(err)
	}
	m := syncModelWith(t, Options{Store: s, Topics: entityTopics{}, Now: fixtureNow}, 160, 50)

	var got []feedItem
	inSection := false
	for _, it := range m.feeds.items {
		if it.kind == itemHeader {
			inSection = it.label == "Entities"
			continue
		}
		if inSection {
			got = append(got, it)
		}
	}
	if len(got) != maxEntities {
		t.Fatalf("%d entities listed, want %d", len(got), maxEntities)
	}
	for i, it := range got {
		want := 20 - i
		if it.kind != itemEntity || it.total != want || it.unread != want || it.view.Tag != fmt.Sprintf("org:e%d", i+1) {
			t.Errorf("entity %d: %+v, want org:e%d with %d articles", i, it, i+1, want)
		}
	}
	// Names: e20 and e19 are below the top 15; e1 shows by slug.
	if got[0].label != "org:e1" {
		t.Errorf("unnamed entity label %q", got[0].label)
	}
	// Choosing one lists its articles.
	press(t, m, "esc")
	for i := range m.feeds.items {
		if m.feeds.items[i].key == "tag:org:e3" {
			m.feeds.cursor = i
		}
	}
	press(t, m, "enter")
	if m.list.total != 18 || m.list.view.Tag != "org:e3" {
		t.Errorf("org:e3 lists %d articles (view %+v), want 18", m.list.total, m.list.view)
	}
	frame := ansi.Strip(m.View())
	if !strings.Contains(frame, "Entities") || !strings.Contains(frame, "org:e1") {
		t.Errorf("the Entities section is not drawn:\n%s", frame)
	}

	// Display names come from the tagger's Entity.
	m2 := newModel(Options{Store: s, Topics: entityTopics{}, Now: fixtureNow})
	if n := m2.c.tagName("org:e20"); n != "Twentieth Corp" {
		t.Errorf("tagName(org:e20) = %q", n)
	}
	if n := m2.c.tagName("org:e19"); n != "الشركة التاسعة عشرة" {
		t.Errorf("tagName(org:e19) = %q, want the Arabic name", n)
	}
	m2.c.cancel()
}

// Saved searches show with their unread counts and D deletes one after a
// y/n question.
func TestDeleteSavedSearch(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	ctx := context.Background()
	sid, err := s.SaveSearch(ctx, "Arabic news", "lang:ar")
	if err != nil {
		t.Fatal(err)
	}
	m := syncModel(t, s, 160, 50)
	key := fmt.Sprintf("search:%d", sid)
	it := m.feeds.byKey(key)
	if it == nil || it.unread != 2 {
		t.Fatalf("saved search item %+v, want 2 unread", it)
	}
	if !strings.Contains(ansi.Strip(m.View()), "Arabic news") {
		t.Error("the saved search is not drawn")
	}
	press(t, m, "esc")
	for i := range m.feeds.items {
		if m.feeds.items[i].key == key {
			m.feeds.cursor = i
		}
	}
	press(t, m, "enter", "esc") // list it, back to the feeds pane
	if m.list.total != 2 {
		t.Fatalf("the saved search lists %d", m.list.total)
	}
	press(t, m, "D")
	if m.state != stateConfirm || !strings.Contains(ansi.Strip(m.View()), `Delete the saved search "Arabic news"? (y/n)`) {
		t.Fatalf("D did not ask: state %v", m.state)
	}
	press(t, m, "n")
	if got, _ := s.SavedSearches(ctx); len(got) != 1 || m.state != stateBrowse {
		t.Fatalf("n deleted it, or did not close the question: %+v", got)
	}
	press(t, m, "D", "y")
	if got, _ := s.SavedSearches(ctx); len(got) != 0 {
		t.Errorf("y did not delete it: %+v", got)
	}
	if m.feeds.byKey(key) != nil {
		t.Error("the feeds pane still lists it")
	}
	if m.feeds.active != "all" || m.list.total != 5 {
		t.Errorf("after deleting the listed search: active %q, %d articles", m.feeds.active, m.list.total)
	}
	// D elsewhere explains itself and deletes nothing.
	m.feeds.cursor = 0
	press(t, m, "D")
	if m.state != stateBrowse || !m.statusErr {
		t.Errorf("D on All: state %v status %q", m.state, m.status)
	}
}

// M asks first, saying how many articles; n keeps them unread.
func TestMarkAllAsks(t *testing.T) {
	s := openStore(t)
	_, ids := fillStore(t, s)
	ctx := context.Background()
	if err := s.SetRead(ctx, true, ids["en-1"]); err != nil {
		t.Fatal(err)
	}
	m := syncModel(t, s, 160, 50)
	press(t, m, "M")
	if m.state != stateConfirm || !strings.Contains(ansi.Strip(m.View()), "Mark 4 unread articles in All read? (y/n)") {
		t.Fatalf("M: state %v, bottom %q", m.state, lastLine(m.View()))
	}
	press(t, m, "esc")
	if tot, _ := s.Totals(ctx); tot.Unread != 4 {
		t.Errorf("esc marked articles read: %d unread", tot.Unread)
	}
	press(t, m, "/")
	typeText(t, m, "lang:ar")
	press(t, m, "enter", "M")
	if !strings.Contains(lastLine(m.View()), "Mark 2 unread articles in All / lang:ar read? (y/n)") {
		t.Fatalf("M with a filter: %q", lastLine(m.View()))
	}
	press(t, m, "y")
	if tot, _ := s.Totals(ctx); tot.Unread != 2 {
		t.Errorf("y in the Arabic view left %d unread, want 2 (the English ones)", tot.Unread)
	}
	press(t, m, "M")
	if m.state != stateBrowse || m.status != "no unread articles here" {
		t.Errorf("M with nothing unread: state %v status %q", m.state, m.status)
	}
}

func lastLine(frame string) string {
	lines := strings.Split(ansi.Strip(frame), "\n")
	return lines[len(lines)-1]
}

// TestUntitledFeedsShowTheirAddressEnds checks that feeds without a title,
// shown by address in a pane too narrow for it, keep the end of the
// address, where two feeds of one site differ (QA saw every untitled feed
// as "http://127.0.0.1:8765/…"), and drop the scheme.
func TestUntitledFeedsShowTheirAddressEnds(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	urls := []string{"http://127.0.0.1:8765/corpus/english/techcrunch-ai.xml", "http://127.0.0.1:8765/corpus/english/the-verge.xml"}
	for _, u := range urls {
		if _, _, err := s.AddFeed(ctx, store.NewFeed{URL: u}); err != nil {
			t.Fatal(err)
		}
	}
	m := syncModel(t, s, 160, 30) // three panes: the feeds pane is 26 cells wide
	view := ansi.Strip(m.View())
	for _, end := range []string{"crunch-ai.xml", "the-verge.xml"} {
		if !strings.Contains(view, end) {
			t.Errorf("no feed row ends with %s:\n%s", end, view)
		}
	}
	if strings.Contains(view, "http://") {
		t.Errorf("the scheme is shown:\n%s", view)
	}
	for _, c := range []struct {
		in   string
		w    int
		want string
	}{
		{"example.org/feed", 20, "example.org/feed"},
		// 22 cells: 14 (two thirds of 21) from the end, 7 from the start.
		{"127.0.0.1:8765/corpus/english/the-verge.xml", 22, "127.0.0…/the-verge.xml"},
		// 12 cells: 7 from the end, 4 from the start.
		{"news.example/أخبار/تقنية.xml", 12, "news…نية.xml"},
		// A wide character across the cut of the end is left out: 7
		// cells from the end would be half of 订 and "阅.xml".
		{"例子.公司/新闻/频道/订阅.xml", 12, "例子…阅.xml"},
	} {
		got := elideMiddle(c.in, c.w)
		if got != c.want || ansi.StringWidth(got) > c.w {
			t.Errorf("elideMiddle(%q, %d) = %q, want %q", c.in, c.w, got, c.want)
		}
	}
}

// TestDeleteSavedSearchShowsTitleAsTyped checks that D's question shows a
// saved search's title as typed: a title with quotes (a query saved under
// its own text) came out escaped, with backslashes (QA).
func TestDeleteSavedSearchShowsTitleAsTyped(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	title := `nvidia OR "open weights"`
	sid, err := s.SaveSearch(context.Background(), title, title)
	if err != nil {
		t.Fatal(err)
	}
	m := syncModel(t, s, 160, 50)
	key := fmt.Sprintf("search:%d", sid)
	press(t, m, "esc")
	for i := range m.feeds.items {
		if m.feeds.items[i].key == key {
			m.feeds.cursor = i
		}
	}
	press(t, m, "D")
	if want := `Delete the saved search "` + title + `"? (y/n)`; m.state != stateConfirm || !strings.Contains(ansi.Strip(m.View()), want) {
		t.Fatalf("state %v, want the question %s in:\n%s", m.state, want, ansi.Strip(m.View()))
	}
}

// TestHeaderCountsFailingFeeds checks the top bar's "N failed (e)": every
// feed whose last poll failed, as e lists them, from the start (QA: none
// was shown until a refresh, and then only that refresh's failures).
func TestHeaderCountsFailingFeeds(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	ctx := context.Background()
	fs, err := s.Feeds(ctx)
	if err != nil || len(fs) < 2 {
		t.Fatalf("feeds: %d, %v", len(fs), err)
	}
	for _, f := range fs[:2] {
		if _, err := s.SaveResult(ctx, feeds.Result{FeedID: f.ID, URL: f.URL, Err: errors.New("connection refused")}); err != nil {
			t.Fatal(err)
		}
	}
	m := syncModel(t, s, 160, 50)
	if top := strings.SplitN(ansi.Strip(m.View()), "\n", 2)[0]; !strings.Contains(top, "2 failed (e)") {
		t.Errorf("top bar %q, want 2 failed (e)", top)
	}
}

// In the Unread view u has no read articles to show: it must not say it
// shows them, and the empty list must not send the user to u (seen in
// tmux: "no unread articles (u shows read ones)", then u said "showing
// unread articles only" and a second u "showing read and unread articles"
// over a list that still held only unread ones). Elsewhere u works as
// before and the empty list names it.
func TestHideReadInTheUnreadView(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	_, byGUID := fillStore(t, s)
	var ids []int64
	for _, id := range byGUID {
		ids = append(ids, id)
	}
	if err := s.SetRead(ctx, true, ids...); err != nil {
		t.Fatal(err)
	}
	m := syncModel(t, s, 160, 30)
	press(t, m, "esc", "j") // to the feeds pane: All, Unread
	if it := m.feeds.current(); it == nil || it.kind != itemUnread {
		t.Fatalf("the feeds pane's cursor is on %+v", it)
	}
	screen := ansi.Strip(m.View())
	if !strings.Contains(screen, "no unread articles") || strings.Contains(screen, "u shows read ones") {
		t.Errorf("empty Unread view says:\n%s", screen)
	}
	for i := 0; i < 2; i++ {
		press(t, m, "u")
		if strings.Contains(m.status, "showing") || !strings.Contains(m.status, "Unread") {
			t.Errorf("u #%d in the Unread view: status %q", i+1, m.status)
		}
		if m.list.total != 0 {
			t.Errorf("u #%d in the Unread view lists %d articles", i+1, m.list.total)
		}
	}
	// In All, u hides the read articles and the empty list says how to
	// show them again.
	press(t, m, "k", "u")
	if m.status != "showing unread articles only" || m.list.total != 0 {
		t.Errorf("u in All: status %q, %d listed", m.status, m.list.total)
	}
	if screen := ansi.Strip(m.View()); !strings.Contains(screen, "no unread articles (u shows read ones)") {
		t.Errorf("All with read ones hidden says:\n%s", screen)
	}
	press(t, m, "u")
	if m.status != "showing read and unread articles" || m.list.total != len(ids) {
		t.Errorf("second u in All: status %q, %d listed, want %d", m.status, m.list.total, len(ids))
	}
}

// An address is a left-to-right paragraph wherever it is drawn
// (feeds.DisplayURL): the feeds pane's name for an untitled feed with an
// Arabic host read right to left ("ﺔﺻﺎﻠﺧ/example.ﺓﺮﺸﻧ", path first), and
// the e screen named it by its stored ASCII form, punycode and percent
// escapes, where the reader and the status bar show it in Arabic (seen in
// tmux after `nashra add https://نشرة.example/خلاصة` failed).
func TestUntitledArabicAddressReadsLeftToRight(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	u, err := feeds.NormalizeURL("https://نشرة.example/خلاصة")
	if err != nil {
		t.Fatal(err)
	}
	id, _, err := s.AddFeed(ctx, store.NewFeed{URL: u})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveResult(ctx, feeds.Result{FeedID: id, URL: u, Err: errors.New("cannot resolve host")}); err != nil {
		t.Fatal(err)
	}
	m := syncModel(t, s, 160, 30)
	var row string
	for _, ln := range strings.Split(ansi.Strip(m.View()), "\n") {
		if strings.Contains(ln, "example") {
			row = ln
			break
		}
	}
	if !strings.Contains(row, ".example/") {
		t.Errorf("feeds pane row %q: the address is not drawn left to right (host, then path)", row)
	}
	press(t, m, "e")
	screen := ansi.Strip(m.View())
	if strings.Contains(screen, "xn--") || strings.Contains(screen, "%D8") || !strings.Contains(screen, "https://") ||
		!strings.Contains(screen, ".example/") {
		t.Errorf("e screen names the feed by its ASCII form or not left to right:\n%s", screen)
	}
}

// An article of an untitled feed (no <title>) names its feed, in the list's
// feed column and in the reader, by its address as the feeds pane shows it
// (addressLabel, left to right), not by the stored ASCII URL: the feeds
// pane read "/tmp/…/بلا-عنوان.xml" while the list and the reader showed
// "file:///tmp/%D8%A3%D8%AE…" (seen in tmux).
func TestUntitledFeedNamedByItsAddress(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	u, err := feeds.NormalizeURL("file:///news/أخبار.xml")
	if err != nil {
		t.Fatal(err)
	}
	id, _, err := s.AddFeed(ctx, store.NewFeed{URL: u})
	if err != nil {
		t.Fatal(err)
	}
	pub := fixtureBase
	res := feeds.Result{FeedID: id, URL: u, Items: []feeds.Item{{GUID: "u1", URL: "https://u.example/1",
		Title: "An item of an untitled feed", Content: "Body.", Published: &pub, Lang: "en"}}}
	if _, err := s.SaveResult(ctx, res); err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{100, 160} {
		m := syncModel(t, s, w, 30)
		press(t, m, "enter")
		screen := ansi.Strip(m.View())
		if strings.Contains(screen, "%D8") || strings.Contains(screen, "file://") {
			t.Errorf("width %d: the feed is named by its stored URL:\n%s", w, screen)
		}
		if !strings.Contains(screen, "/news/") {
			t.Errorf("width %d: the feed's address is not shown:\n%s", w, screen)
		}
	}
}
