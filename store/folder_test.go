package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"

	"github.com/nashra-reader/nashra/feeds"
)

// setFolder puts feeds into folder, as an OPML import does.
func setFolder(t testing.TB, s *Store, folder string, feedIDs ...int64) {
	t.Helper()
	for i, id := range feedIDs {
		if _, err := s.db.ExecContext(context.Background(),
			`INSERT INTO feed_folders (feed_id, folder, pos) VALUES (?, ?, ?)`, id, folder, i); err != nil {
			t.Fatal(err)
		}
	}
}

// folderFixture is countFixture's three feeds plus a fourth, with the
// folders Labs (feeds 0 and 2) and News (feeds 1 and 2: feed 2 is in both,
// put there by `nashra add --folder` on a subscribed URL).
func folderFixture(t *testing.T) (*Store, []int64) {
	t.Helper()
	s := openTest(t)
	ctx := context.Background()
	ids := countFixture(t, s)
	u := "https://feed3.example/rss"
	id := addFeed(t, s, u)
	res := feeds.Result{FeedID: id, URL: u, Meta: feeds.Meta{Title: "Feed 3"}}
	for i := 0; i < 15; i++ {
		res.Items = append(res.Items, feeds.Item{GUID: fmt.Sprintf("g%d", i), Title: fmt.Sprintf("item %d of feed 3", i),
			Published: tp(fmt.Sprintf("2026-01-01T%02d:30:00Z", i)), Lang: "en", Dir: "ltr"})
	}
	if _, err := s.SaveResult(ctx, res); err != nil {
		t.Fatal(err)
	}
	ids = append(ids, id)
	setFolder(t, s, "Labs", ids[0], ids[2])
	setFolder(t, s, "News", ids[1])
	if _, _, err := s.AddFeed(ctx, NewFeed{URL: "https://feed2.example/rss", Folders: []string{"News"}}); err != nil {
		t.Fatal(err)
	}
	return s, ids
}

// folderReference lists what a folder view selects without the folder
// SQL: the view without its folder, kept to the articles of feeds.
func folderReference(t *testing.T, s *Store, v View, feedIDs ...int64) []int64 {
	t.Helper()
	feedOf := map[int64]int64{}
	if err := scanEach(context.Background(), s.db, `SELECT id, feed_id FROM articles`, nil, func(r *sql.Rows) error {
		var id, f int64
		if err := r.Scan(&id, &f); err != nil {
			return err
		}
		feedOf[id] = f
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	v.Folder = ""
	var out []int64
	for _, id := range referenceIDs(t, s, v) {
		if slices.Contains(feedIDs, feedOf[id]) {
			out = append(out, id)
		}
	}
	return out
}

// lister reads a page of a view, as List does.
type lister func(context.Context, View, Page) ([]Article, error)

// folderStrategies read a page of a folder view by List's own choice and
// by each way forced.
func folderStrategies(s *Store) map[string]lister {
	forced := func(merge bool) lister {
		return func(ctx context.Context, v View, p Page) ([]Article, error) {
			return s.ListFolderAs(ctx, v, p, merge)
		}
	}
	return map[string]lister{"planned": s.List, "merge": forced(true), "walk": forced(false)}
}

// pageThrough reads v through list 7 articles at a time, by keyset, at
// most 50 pages: forward from the top, or back from the end. It returns
// the IDs newest first.
func pageThrough(t *testing.T, list lister, v View, back bool) []int64 {
	t.Helper()
	var got []int64
	var after, before *Cursor
	if back {
		before = &Cursor{Time: -1 << 62}
	}
	for pages := 0; pages < 50; pages++ {
		page, err := list(context.Background(), v, Page{After: after, Before: before, Limit: 7})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		if back {
			got = append(idsOf(page), got...)
			before = &page[0].Cursor
		} else {
			got = append(got, idsOf(page)...)
			after = &page[len(page)-1].Cursor
		}
	}
	return got
}

// TestFolderView checks a folder view against its reference, alone and
// with unread, starred, a tag and queries, read by each strategy: whole,
// paged forward by keyset across pages of 7, paged back from the end, and
// its Count and Positions.
func TestFolderView(t *testing.T) {
	s, ids := folderFixture(t)
	ctx := context.Background()
	members := map[string][]int64{"Labs": {ids[0], ids[2]}, "News": {ids[1], ids[2]}}
	views := map[string]View{
		"plain":          {},
		"unread":         {UnreadOnly: true},
		"starred":        {Starred: true},
		"starred unread": {Starred: true, UnreadOnly: true},
		"tag":            {Tag: "compute"},
		"tag unread":     {Tag: "research", UnreadOnly: true},
		"query words":    {Query: "item 1"},
		"query is":       {Query: "is:starred OR tag:safety"},
		"query feed":     {Query: `feed:"feed 2"`},
		"query unread":   {Query: "-tag:compute", UnreadOnly: true},
	}
	for folder, feedIDs := range members {
		for vname, v := range views {
			v.Folder = folder
			want := folderReference(t, s, v, feedIDs...)
			if vname == "plain" && len(want) != 80 {
				t.Fatalf("%s: the reference has %d articles, want 80", folder, len(want))
			}
			n, err := s.Count(ctx, v)
			if err != nil {
				t.Fatal(err)
			}
			if n != len(want) {
				t.Errorf("%s %s: Count = %d, want %d", folder, vname, n, len(want))
			}
			for sname, list := range folderStrategies(s) {
				name := folder + " " + vname + " " + sname
				all, err := list(ctx, v, Page{Limit: 1000})
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if got := idsOf(all); !slices.Equal(got, want) {
					t.Errorf("%s: List = %v, want %v", name, got, want)
				}
				if got := pageThrough(t, list, v, false); !slices.Equal(got, want) {
					t.Errorf("%s: paged forward = %v, want %v", name, got, want)
				}
				if got := pageThrough(t, list, v, true); !slices.Equal(got, want) {
					t.Errorf("%s: paged back = %v, want %v", name, got, want)
				}
			}
			arts := all(t, s, v)
			for i := 0; i < len(arts); i += 9 {
				a := arts[i]
				pos, err := s.Position(ctx, v, a.Cursor)
				if err != nil {
					t.Fatal(err)
				}
				if pos != i {
					t.Errorf("%s %s: Position of article %d = %d, want %d", folder, vname, a.ID, pos, i)
				}
			}
		}
	}
}

func all(t *testing.T, s *Store, v View) []Article {
	t.Helper()
	arts, err := s.List(context.Background(), v, Page{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return arts
}

// TestFolderFeedInTwoFolders: a feed in two folders lists its articles in
// both, and a folder's unread count (what the feeds pane's heading shows)
// is the sum over its feeds, from the counters, following reads.
func TestFolderFeedInTwoFolders(t *testing.T) {
	s, ids := folderFixture(t)
	ctx := context.Background()
	f2 := folderReference(t, s, View{}, ids[2])
	f3 := folderReference(t, s, View{}, ids[3])
	for _, folder := range []string{"Labs", "News"} {
		got := idsOf(all(t, s, View{Folder: folder}))
		for _, id := range f2 {
			if !slices.Contains(got, id) {
				t.Errorf("%s misses article %d of the feed in both folders", folder, id)
			}
		}
		if slices.ContainsFunc(got, func(id int64) bool { return slices.Contains(f3, id) }) {
			t.Errorf("%s lists articles of a feed in no folder", folder)
		}
	}
	unread := func(folder string) int {
		t.Helper()
		v := View{Folder: folder, UnreadOnly: true}
		n, ok, err := s.countFromCounters(ctx, v)
		if err != nil || !ok {
			t.Fatalf("Count of %s unread is not read from the counters (%v)", folder, err)
		}
		return n
	}
	fs, err := s.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]int{}
	for _, f := range fs {
		for _, fo := range f.Folders {
			sums[fo] += f.Unread
		}
	}
	labs, news := unread("Labs"), unread("News")
	if labs != sums["Labs"] || news != sums["News"] || labs == 0 {
		t.Fatalf("unread Labs %d News %d, want the feeds' sums %v", labs, news, sums)
	}
	// Reading an unread article of the shared feed lowers both folders.
	u := folderReference(t, s, View{UnreadOnly: true}, ids[2])
	if err := s.SetRead(ctx, true, u[0]); err != nil {
		t.Fatal(err)
	}
	if unread("Labs") != labs-1 || unread("News") != news-1 {
		t.Errorf("after reading %d: unread Labs %d News %d, want %d %d", u[0], unread("Labs"), unread("News"), labs-1, news-1)
	}
	// Reading one of feed 0 lowers Labs only.
	u = folderReference(t, s, View{UnreadOnly: true}, ids[0])
	if err := s.SetRead(ctx, true, u[0]); err != nil {
		t.Fatal(err)
	}
	if unread("Labs") != labs-2 || unread("News") != news-1 {
		t.Errorf("after reading %d: unread Labs %d News %d, want %d %d", u[0], unread("Labs"), unread("News"), labs-2, news-1)
	}
}

// TestFolderUnknown: a folder no feed is in selects nothing.
func TestFolderUnknown(t *testing.T) {
	s, _ := folderFixture(t)
	ctx := context.Background()
	for _, v := range []View{{Folder: "Nowhere"}, {Folder: "labs"}, {Folder: "Nowhere", Query: "item"}} {
		if got := all(t, s, v); len(got) != 0 {
			t.Errorf("%+v lists %d articles", v, len(got))
		}
		if n, err := s.Count(ctx, v); err != nil || n != 0 {
			t.Errorf("%+v: Count = %d, %v", v, n, err)
		}
	}
}

// TestFolderMarkReadAndSearch: marking a folder view read and searching
// in it stay inside the folder.
func TestFolderMarkReadAndSearch(t *testing.T) {
	s, ids := folderFixture(t)
	ctx := context.Background()
	want := folderReference(t, s, View{Query: "item 1"}, ids[0], ids[2])
	hits, err := s.Search(ctx, View{Folder: "Labs", Query: "item 1"}, SortRelevance, 1000, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, h := range hits {
		got = append(got, h.ID)
	}
	slices.Sort(got)
	slices.Sort(want)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("Search in Labs = %v, want %v", got, want)
	}

	newsUnread := len(folderReference(t, s, View{UnreadOnly: true}, ids[1]))
	labsUnread := len(folderReference(t, s, View{UnreadOnly: true}, ids[0], ids[2]))
	n, err := s.MarkViewRead(ctx, View{Folder: "Labs"})
	if err != nil {
		t.Fatal(err)
	}
	if n != labsUnread {
		t.Errorf("MarkViewRead(Labs) = %d, want %d", n, labsUnread)
	}
	if left := len(folderReference(t, s, View{UnreadOnly: true}, ids[0], ids[2])); left != 0 {
		t.Errorf("Labs has %d unread left", left)
	}
	if left := len(folderReference(t, s, View{UnreadOnly: true}, ids[1])); left != newsUnread {
		t.Errorf("feed 1 (News only) has %d unread, want %d untouched", left, newsUnread)
	}
	checkCounters(t, s, "after marking a folder read")
}

// TestMergeCheaper pins planFolder's rule at the cases BenchmarkListFolder
// measured (100,000 articles over 500 feeds of 200; 30% unread, 1%
// starred), where it chose the faster strategy, and at the edges.
func TestMergeCheaper(t *testing.T) {
	const all, unread, starred = 100_000, 30_000, 1_030
	folder := func(feeds int64) folderCounts {
		return folderCounts{total: 200 * feeds, unread: 60 * feeds, starred: 2 * feeds}
	}
	everything := folderCounts{total: all, unread: unread, starred: starred}
	for _, c := range []struct {
		name      string
		v         View
		text      bool
		feeds     int64
		wantMerge bool
	}{
		{"two", View{}, false, 2, true},
		{"two unread", View{UnreadOnly: true}, false, 2, true},
		{"two starred", View{Starred: true}, false, 2, true},
		{"two query", View{Query: "lang:ar"}, false, 2, true},
		{"two words", View{Query: "model"}, true, 2, true},
		{"twenty query", View{Query: "lang:ar"}, false, 20, true},
		{"twenty words", View{Query: "model"}, true, 20, false},
		{"twenty", View{}, false, 20, true},
		{"twenty unread", View{UnreadOnly: true}, false, 20, true},
		{"twenty starred", View{Starred: true}, false, 20, false},
		{"sixty", View{}, false, 60, false},
		{"sixty unread", View{UnreadOnly: true}, false, 60, false},
		{"sixty query", View{Query: "lang:ar"}, false, 60, false},
		{"a third", View{}, false, 167, false},
		{"a third starred", View{Starred: true}, false, 167, false},
	} {
		if got := mergeCheaper(c.v, c.text, int(c.feeds), folder(c.feeds), everything, 50); got != c.wantMerge {
			t.Errorf("%s: merge = %v, want %v", c.name, got, c.wantMerge)
		}
	}
	// Feeds with nothing unread: a walk would read the whole unread index.
	empty := folderCounts{total: 400}
	if !mergeCheaper(View{UnreadOnly: true}, false, 2, empty, everything, 50) {
		t.Error("a folder with nothing unread walks the unread index")
	}
	// One feed holding every article: either way reads a page; no merge
	// needed.
	if mergeCheaper(View{}, false, 1, everything, everything, 50) {
		t.Error("a folder of every article merges")
	}
}

// TestFolderQueryOperator: folder:NAME in the query language selects the
// same articles as the folder view (so a search saved from a folder keeps
// its scope), case-insensitively and by the exact name only.
func TestFolderQueryOperator(t *testing.T) {
	s, _ := folderFixture(t)
	for _, c := range []struct{ folder, query string }{
		{"Labs", "folder:Labs"},
		{"Labs", "folder:labs"},
		{"News", `folder:"NEWS"`},
	} {
		want := idsOf(all(t, s, View{Folder: c.folder}))
		got := idsOf(all(t, s, View{Query: c.query}))
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%s: %d articles, the folder view %s has %d", c.query, len(got), c.folder, len(want))
		}
	}
	if got := all(t, s, View{Query: "folder:Lab"}); len(got) != 0 {
		t.Errorf("folder:Lab matched %d articles; a folder name is matched whole", len(got))
	}
	if _, err := ParseQuery("folder:"); err == nil {
		t.Error("folder: without a name was accepted")
	}
}
