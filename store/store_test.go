package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/feeds/topics"
)

func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "nashra.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// listGUIDs lists v (at most limit articles) and returns their GUIDs,
// sorted.
func listGUIDs(t testing.TB, s *Store, v View, limit int) []string {
	t.Helper()
	arts, err := s.List(context.Background(), v, Page{Limit: limit})
	if err != nil {
		t.Fatalf("list %+v: %v", v, err)
	}
	var out []string
	for _, a := range arts {
		out = append(out, a.GUID)
	}
	slices.Sort(out)
	return out
}

func tp(s string) *time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func addFeed(t testing.TB, s *Store, u string) int64 {
	t.Helper()
	id, _, err := s.AddFeed(context.Background(), NewFeed{URL: u})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestAddFeedIdempotent(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	id1, c1, err := s.AddFeed(ctx, NewFeed{URL: "https://example.org/feed", Folders: []string{"AI"}})
	if err != nil || !c1 {
		t.Fatalf("first add: id=%d created=%v err=%v", id1, c1, err)
	}
	id2, c2, err := s.AddFeed(ctx, NewFeed{URL: "https://example.org/feed", Title: "Example", Folders: []string{"News"}})
	if err != nil || c2 || id2 != id1 {
		t.Fatalf("second add: id=%d created=%v err=%v", id2, c2, err)
	}
	f, err := s.Feed(ctx, id1)
	if err != nil {
		t.Fatal(err)
	}
	if f.Title() != "Example" || len(f.Folders) != 2 {
		t.Fatalf("feed after re-add: title %q folders %v", f.Title(), f.Folders)
	}
}

// TestUserTextIsSanitized: titles, folders and saved-search names typed by
// the user (nashra add --title/--folder, the TUI) reach the terminal as a
// feed's own title does, so they are cleaned the same way.
func TestUserTextIsSanitized(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	hostile := "Bad\x1b]0;pwn\x07\u202eTitle\u0085"
	id, _, err := s.AddFeed(ctx, NewFeed{URL: "https://example.org/feed", Title: hostile, Folders: []string{"AI\x1b[31m\u202d"}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.Feed(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	clean := func(what, got string) {
		t.Helper()
		if strings.ContainsAny(got, "\x1b\x07\u202e\u202d\u0085") || !strings.Contains(got, "Title") && !strings.HasPrefix(got, "AI") {
			t.Errorf("%s stored as %q", what, got)
		}
	}
	clean("title", f.Title())
	clean("folder", strings.Join(f.Folders, "|"))
	if err := s.SetFeedTitle(ctx, id, hostile); err != nil {
		t.Fatal(err)
	}
	f, _ = s.Feed(ctx, id)
	clean("renamed title", f.Title())
	if _, err := s.SaveSearch(ctx, hostile, "openai"); err != nil {
		t.Fatal(err)
	}
	ss, err := s.SavedSearches(ctx)
	if err != nil || len(ss) != 1 {
		t.Fatalf("saved searches: %v %v", ss, err)
	}
	clean("saved search title", ss[0].Title)
}

func sampleResult(feedID int64) feeds.Result {
	return feeds.Result{
		FeedID: feedID, URL: "https://example.org/feed", ETag: `"v1"`,
		Meta: feeds.Meta{Title: "Example feed", Language: "en"},
		Items: []feeds.Item{
			{GUID: "a", URL: "https://example.org/a", Title: "Nvidia ships more GPUs", Published: tp("2026-03-01T10:00:00Z"),
				Content: "Data centre demand grows.", Lang: "en", Dir: "ltr",
				Tags: []topics.Tag{{Name: "compute", Kind: "topic", Terms: []string{"GPUs"}}, {Name: "org:nvidia", Kind: "entity", Terms: []string{"Nvidia"}}}},
			{GUID: "b", URL: "https://example.org/b", Title: "ميتا تطلق نموذج لاما الجديد", Published: tp("2026-03-02T10:00:00Z"),
				Content: "أطلقت ميتا نموذجها المفتوح.", Lang: "ar", Dir: "rtl",
				Tags: []topics.Tag{{Name: "open-source", Kind: "topic", Terms: []string{"المفتوح"}}}},
			{GUID: "c", URL: "https://example.org/c", Title: "Undated item", Lang: "en", Dir: "ltr"},
		},
	}
}

func TestSaveResultAndUserStateSurvives(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	fid := addFeed(t, s, "https://example.org/feed")
	st, err := s.SaveResult(ctx, sampleResult(fid))
	if err != nil {
		t.Fatal(err)
	}
	if st.New != 3 {
		t.Fatalf("new = %d, want 3", st.New)
	}
	arts, err := s.List(ctx, View{}, Page{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 3 {
		t.Fatalf("listed %d", len(arts))
	}
	// The undated item sorts by first-seen time (now), so it comes first.
	if arts[0].GUID != "c" || arts[1].GUID != "b" || arts[2].GUID != "a" {
		t.Fatalf("order: %s %s %s", arts[0].GUID, arts[1].GUID, arts[2].GUID)
	}
	b := arts[1]
	if err := s.SetStarred(ctx, true, b.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRead(ctx, true, b.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.AddTag(ctx, b.ID, "follow-up"); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveTag(ctx, b.ID, "open-source"); err != nil {
		t.Fatal(err)
	}

	// The same feed again, with b's content changed: nothing new, b updated.
	res := sampleResult(fid)
	res.Items[1].Content = "أطلقت ميتا نموذجها المفتوح للمطورين."
	st, err = s.SaveResult(ctx, res)
	if err != nil {
		t.Fatal(err)
	}
	if st.New != 0 || st.Updated != 1 {
		t.Fatalf("second save: %+v", st)
	}
	got, err := s.Article(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Starred || !got.Read {
		t.Fatalf("state lost: starred=%v read=%v", got.Starred, got.Read)
	}
	if got.Content != res.Items[1].Content {
		t.Fatalf("content not updated: %q", got.Content)
	}
	var names []string
	for _, tg := range got.Tags {
		names = append(names, tg.Name+"/"+tg.Source)
	}
	if fmt.Sprint(names) != "[follow-up/user]" {
		t.Fatalf("tags after refetch: %v (the removed automatic tag must stay removed)", names)
	}
}

func TestSaveResultErrorKeepsArticles(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	fid := addFeed(t, s, "https://example.org/feed")
	if _, err := s.SaveResult(ctx, sampleResult(fid)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveResult(ctx, feeds.Result{FeedID: fid, Err: errors.New("HTTP 500 Internal Server Error")}); err != nil {
		t.Fatal(err)
	}
	f, _ := s.Feed(ctx, fid)
	if f.LastError != "HTTP 500 Internal Server Error" || f.Total != 3 {
		t.Fatalf("feed after error: err=%q total=%d", f.LastError, f.Total)
	}
	if _, err := s.SaveResult(ctx, feeds.Result{FeedID: fid, NotModified: true}); err != nil {
		t.Fatal(err)
	}
	f, _ = s.Feed(ctx, fid)
	if f.LastError != "" || f.ETag != `"v1"` {
		t.Fatalf("after 304: err=%q etag=%q", f.LastError, f.ETag)
	}
}

func TestKeysetPaging(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	fid := addFeed(t, s, "https://example.org/feed")
	res := feeds.Result{FeedID: fid}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 25; i++ {
		p := base.Add(time.Duration(i%5) * time.Hour) // ties on purpose
		res.Items = append(res.Items, feeds.Item{GUID: fmt.Sprint(i), Title: fmt.Sprint("item ", i), Published: &p})
	}
	if _, err := s.SaveResult(ctx, res); err != nil {
		t.Fatal(err)
	}
	var all []Article
	var after *Cursor
	for {
		page, err := s.List(ctx, View{}, Page{After: after, Limit: 7})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		all = append(all, page...)
		after = &page[len(page)-1].Cursor
	}
	if len(all) != 25 {
		t.Fatalf("paged %d articles, want 25", len(all))
	}
	seen := map[int64]bool{}
	for i, a := range all {
		if seen[a.ID] {
			t.Fatalf("article %d twice", a.ID)
		}
		seen[a.ID] = true
		if i > 0 {
			p := all[i-1].Cursor
			if p.Time < a.Cursor.Time || (p.Time == a.Cursor.Time && p.ID < a.ID) {
				t.Fatalf("not newest first at %d", i)
			}
		}
	}
	// Paging backwards from the end gives the same articles.
	back, err := s.List(ctx, View{}, Page{Before: &all[20].Cursor, Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	for i := range back {
		if back[i].ID != all[15+i].ID {
			t.Fatalf("backward page differs at %d", i)
		}
	}
	last, err := s.Last(ctx, View{}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(last) != 3 || last[2].ID != all[24].ID {
		t.Fatalf("Last: %v", last)
	}
	pos, err := s.Position(ctx, View{}, all[10].Cursor)
	if err != nil || pos != 10 {
		t.Fatalf("Position = %d, %v", pos, err)
	}
}

func TestRemoveFeed(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	fid := addFeed(t, s, "https://example.org/feed")
	if _, err := s.SaveResult(ctx, sampleResult(fid)); err != nil {
		t.Fatal(err)
	}
	arts, _ := s.List(ctx, View{}, Page{Limit: 10})
	s.SetStarred(ctx, true, arts[0].ID)
	s.AddTag(ctx, arts[1].ID, "mine")
	st, tg, err := s.UserState(ctx, fid)
	if err != nil || st != 1 || tg != 1 {
		t.Fatalf("UserState = %d, %d, %v", st, tg, err)
	}
	if err := s.RemoveFeed(ctx, fid); err != nil {
		t.Fatal(err)
	}
	n, _ := s.Count(ctx, View{})
	if n != 0 {
		t.Fatalf("%d articles left", n)
	}
	if err := s.RemoveFeed(ctx, fid); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second remove: %v", err)
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestMovedFeedKeepsAlias(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	fid := addFeed(t, s, "https://old.example.org/feed")
	res := sampleResult(fid)
	res.MovedTo = "https://new.example.org/feed"
	if _, err := s.SaveResult(ctx, res); err != nil {
		t.Fatal(err)
	}
	f, err := s.FeedByURL(ctx, "https://old.example.org/feed")
	if err != nil || f.ID != fid || f.URL != "https://new.example.org/feed" {
		t.Fatalf("by old URL: %+v %v", f, err)
	}
	if _, created, _ := s.AddFeed(ctx, NewFeed{URL: "https://old.example.org/feed"}); created {
		t.Fatal("re-adding the old URL created a second feed")
	}
}

func TestGoneAndRetryAfterSkip(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	a := addFeed(t, s, "https://a.example.org/feed")
	b := addFeed(t, s, "https://b.example.org/feed")
	c := addFeed(t, s, "https://c.example.org/feed")
	s.SaveResult(ctx, feeds.Result{FeedID: a, Err: errors.New("HTTP 410 Gone"), Gone: true})
	s.SaveResult(ctx, feeds.Result{FeedID: b, Err: errors.New("HTTP 429"), RetryAfter: time.Now().Add(time.Hour)})
	poll, skip, err := s.PollPlan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(poll) != 1 || poll[0].FeedID != c || len(skip) != 2 {
		t.Fatalf("poll %v skip %d", poll, len(skip))
	}
}

func TestDataVersionSeesOtherConnections(t *testing.T) {
	dir := t.TempDir()
	a, err := Open(filepath.Join(dir, "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(filepath.Join(dir, "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := context.Background()
	v1, err := a.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	addFeed(t, b, "https://example.org/feed")
	v2, _ := a.DataVersion(ctx)
	if v1 == v2 {
		t.Fatal("data_version did not change after another connection wrote")
	}
}

// A database nashra creates has pageSize pages and is in WAL mode; one
// made before with SQLite's 4 KiB pages keeps them (a WAL database cannot
// change its page size) and works as before.
func TestOpenPageSizeAndWAL(t *testing.T) {
	ctx := context.Background()
	pragmas := func(s *Store) (int, string) {
		t.Helper()
		var size int
		var mode string
		if err := s.DB().QueryRow("PRAGMA page_size").Scan(&size); err != nil {
			t.Fatal(err)
		}
		if err := s.DB().QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
			t.Fatal(err)
		}
		return size, mode
	}
	s := openTest(t)
	if size, mode := pragmas(s); size != pageSize || mode != "wal" {
		t.Errorf("new database: page_size %d, journal_mode %s; want %d, wal", size, mode, pageSize)
	}

	// An empty database file with 4 KiB pages, in WAL mode, as an
	// earlier nashra made them.
	p := filepath.Join(t.TempDir(), "old.db")
	old, err := sql.Open("sqlite3", p)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"PRAGMA page_size = 4096", "PRAGMA journal_mode = WAL"} {
		if _, err := old.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()
	s, err = Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if size, mode := pragmas(s); size != 4096 || mode != "wal" {
		t.Errorf("earlier database: page_size %d, journal_mode %s; want 4096, wal", size, mode)
	}
	fid := addFeed(t, s, "https://example.org/feed")
	if _, err := s.SaveResult(ctx, sampleResult(fid)); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Count(ctx, View{}); err != nil || n != 3 {
		t.Fatalf("earlier database: %d articles, %v; want 3", n, err)
	}
}

func TestOpenRefusesForeignDatabase(t *testing.T) {
	p := filepath.Join(t.TempDir(), "other.db")
	s, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	s.DB().Exec("PRAGMA user_version = 999")
	s.Close()
	if _, err := Open(p); err == nil {
		t.Fatal("opened a database from a newer version")
	}
}

// Renaming a feed (by the user or by the feed itself) re-indexes its
// articles' feed-name column: the new name's words match, the old ones no
// longer do.
func TestFeedRenameReindexes(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	fid := addFeed(t, s, "https://example.org/feed")
	res := sampleResult(fid)
	res.Meta.Title = "Zephyr Wire"
	if _, err := s.SaveResult(ctx, res); err != nil {
		t.Fatal(err)
	}
	count := func(q string) int {
		t.Helper()
		n, err := s.Count(ctx, View{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if count("zephyr") != 3 {
		t.Fatalf("feed name not indexed: %d", count("zephyr"))
	}
	res.Meta.Title = "Boreas Daily"
	if _, err := s.SaveResult(ctx, res); err != nil {
		t.Fatal(err)
	}
	if count("zephyr") != 0 || count("boreas") != 3 {
		t.Fatalf("after the feed renamed itself: zephyr %d, boreas %d", count("zephyr"), count("boreas"))
	}
	if err := s.SetFeedTitle(ctx, fid, "نشرة الرياح"); err != nil {
		t.Fatal(err)
	}
	if count("boreas") != 0 || count("الرياح") != 3 {
		t.Fatalf("after the user renamed it: boreas %d, الرياح %d", count("boreas"), count("الرياح"))
	}
}

// TestFutureDatesSortByFirstSeen: an article dated more than a day after
// it was first seen sorts by when it was seen, not at the top of every
// list for eighty years; a few hours ahead (a wrong time zone) is believed.
// The publication date itself is kept as the feed gave it.
func TestFutureDatesSortByFirstSeen(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return now }
	fid := addFeed(t, s, "https://example.org/feed")
	far := time.Date(2106, 2, 9, 0, 0, 0, 0, time.UTC)
	skew := now.Add(3 * time.Hour)
	old := now.Add(-48 * time.Hour)
	if _, err := s.SaveResult(ctx, feeds.Result{FeedID: fid, Items: []feeds.Item{
		{GUID: "far", Title: "Dated 2106", Published: &far, Lang: "en"},
		{GUID: "skew", Title: "Three hours ahead", Published: &skew, Lang: "en"},
		{GUID: "old", Title: "Two days old", Published: &old, Lang: "en"},
		{GUID: "undated", Title: "No date", Lang: "en"},
	}}); err != nil {
		t.Fatal(err)
	}
	arts, err := s.List(ctx, View{}, Page{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, a := range arts {
		order = append(order, a.GUID)
		if a.GUID == "far" && (a.Published == nil || !a.Published.Equal(far)) {
			t.Errorf("the publication date was changed: %v", a.Published)
		}
		if a.GUID == "far" && !a.Time().Equal(now) {
			t.Errorf("the 2106 article shows %v, not the first-seen time it sorts by", a.Time())
		}
		if a.GUID == "skew" && !a.Time().Equal(skew) {
			t.Errorf("the three-hours-ahead article shows %v", a.Time())
		}
	}
	// skew first; far and undated both at first seen (newest id first); old last.
	if got := strings.Join(order, " "); got != "skew undated far old" {
		t.Errorf("order %q, want skew undated far old", got)
	}
}

// reopenAfter runs stmts on s's database (to make it as an older nashra
// left it), closes s and opens the file again, which migrates it; the new
// store is closed when the test ends.
func reopenAfter(t *testing.T, s *Store, stmts ...string) *Store {
	t.Helper()
	for _, q := range stmts {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s2, err := Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s2.Close() })
	return s2
}

// TestMigration5FutureSortTimes: a database written before migration 5
// holds future-dated articles at their publication date; opening it moves
// them (and their tag rows) to their first-seen time.
func TestMigration5FutureSortTimes(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	fid := addFeed(t, s, "https://example.org/feed")
	far := time.Date(2106, 2, 9, 0, 0, 0, 0, time.UTC)
	if _, err := s.SaveResult(ctx, feeds.Result{FeedID: fid, Items: []feeds.Item{
		{GUID: "far", Title: "Dated 2106", Published: &far, Lang: "en",
			Tags: []topics.Tag{{Name: "compute", Kind: "topic", Terms: []string{"GPU"}}}},
	}}); err != nil {
		t.Fatal(err)
	}
	// As an older nashra stored it.
	s = reopenAfter(t, s,
		"UPDATE articles SET sort_time = published",
		"UPDATE article_tags SET sort_time = (SELECT published FROM articles)",
		"PRAGMA user_version = 4",
	)
	var first, sortA, sortT int64
	if err := s.db.QueryRow("SELECT a.first_seen, a.sort_time, t.sort_time FROM articles a JOIN article_tags t ON t.article_id = a.id").Scan(&first, &sortA, &sortT); err != nil {
		t.Fatal(err)
	}
	if sortA != first || sortT != first {
		t.Errorf("after migration 5: first seen %d, article sort time %d, tag sort time %d", first, sortA, sortT)
	}
}

// TestMigration6RenormalizesFeedURLs: feed URLs stored before the RFC 3986
// normalization are rewritten to today's spelling (the old one kept as an
// alias), so `remove` and `add` find them again; a URL whose new spelling
// another feed already has is left alone.
func TestMigration6RenormalizesFeedURLs(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	// As an older nashra stored them (its NormalizeURL kept these).
	for _, u := range []string{"http://example.com/a/../feed", "http://example.com/x?", "http://example.com/%7Euser/rss", "http://example.com/taken", "http://example.com/%74aken"} {
		if _, err := s.db.Exec(`INSERT INTO feeds (url, added) VALUES (?, 0)`, u); err != nil {
			t.Fatal(err)
		}
	}
	s = reopenAfter(t, s, "PRAGMA user_version = 5")
	fs, err := s.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		got = append(got, f.URL)
	}
	slices.Sort(got)
	want := []string{"http://example.com/%74aken", "http://example.com/feed", "http://example.com/taken", "http://example.com/x", "http://example.com/~user/rss"}
	if !slices.Equal(got, want) {
		t.Errorf("feed URLs after migration 6:\n%q\nwant\n%q", got, want)
	}
	for _, old := range []string{"http://example.com/a/../feed", "http://example.com/x?"} {
		if _, err := s.FeedByURL(ctx, old); err != nil {
			t.Errorf("old spelling %s is not an alias: %v", old, err)
		}
	}
}

// TestAddTagCleansName checks what a user's tag name is stored as: bidi
// formatting characters, which would reorder the text drawn after the name
// (QA typed U+202E before "rlo" and the "(your tag)" label came out
// reversed), are taken out; spaces of any kind, quotes and control
// characters are refused.
func TestAddTagCleansName(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	fid, _, err := s.AddFeed(ctx, NewFeed{URL: "https://tags.example/feed"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveResult(ctx, sampleResult(fid)); err != nil {
		t.Fatal(err)
	}
	arts, err := s.List(ctx, View{}, Page{Limit: 10})
	if err != nil || len(arts) == 0 {
		t.Fatalf("List: %v, %d", err, len(arts))
	}
	id := arts[0].ID
	for in, want := range map[string]string{
		"\u202Erlo":         "rlo",
		" \u2067مهم\u2069 ": "مهم",
		"\u200Fقراءة\u200E": "قراءة",
		"می\u200Cخواهم":     "می\u200Cخواهم", // ZWNJ is part of a Persian word
		"open-source":       "open-source",
	} {
		if err := s.AddTag(ctx, id, in); err != nil {
			t.Errorf("AddTag(%+q): %v", in, err)
			continue
		}
		a, err := s.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(a.Tags, func(tg Tag) bool { return tg.Name == want && tg.Source == "user" }) {
			t.Errorf("AddTag(%+q): tags %+v, want %+q", in, a.Tags, want)
		}
	}
	for _, in := range []string{"", "\u202E", "two words", "no\u00A0break", `a"b`, "bell\a", "esc\x1b[31m"} {
		if err := s.AddTag(ctx, id, in); err == nil {
			t.Errorf("AddTag(%+q) accepted", in)
		}
	}
}

// TestImportKeepsTitles checks that importing a list again adds folders but
// renames no feed already subscribed (QA: an OPML imported again turned
// "Frontier AI Report 112" into "X"), while add --title still renames, and
// a feed with no title of any kind yet takes the list's.
func TestImportKeepsTitles(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	own, _, err := s.AddFeed(ctx, NewFeed{URL: "https://keep.example/own"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveResult(ctx, feeds.Result{FeedID: own, URL: "https://keep.example/own", Meta: feeds.Meta{Title: "Frontier AI Report"}}); err != nil {
		t.Fatal(err)
	}
	mine, _, err := s.AddFeed(ctx, NewFeed{URL: "https://keep.example/mine", Title: "My name"})
	if err != nil {
		t.Fatal(err)
	}
	bare, _, err := s.AddFeed(ctx, NewFeed{URL: "https://keep.example/bare"})
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.Import(ctx, []NewFeed{
		{URL: "https://keep.example/own", Title: "X", Folders: []string{"Policy"}},
		{URL: "https://keep.example/mine", Title: "Y"},
		{URL: "https://keep.example/bare", Title: "Z"},
	}, nil)
	if err != nil || n != 0 {
		t.Fatalf("Import: %d new, %v", n, err)
	}
	title := func(id int64) string {
		f, err := s.Feed(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return f.Title()
	}
	if got := title(own); got != "Frontier AI Report" {
		t.Errorf("the feed's own title became %q", got)
	}
	if got := title(mine); got != "My name" {
		t.Errorf("the user's title became %q", got)
	}
	if got := title(bare); got != "Z" {
		t.Errorf("a feed without a title got %q, want the list's Z", got)
	}
	f, err := s.Feed(ctx, own)
	if err != nil || !slices.Contains(f.Folders, "Policy") {
		t.Errorf("the list's folder was not added: %+v, %v", f, err)
	}
	if _, _, err := s.AddFeed(ctx, NewFeed{URL: "https://keep.example/mine", Title: "Renamed"}); err != nil {
		t.Fatal(err)
	}
	if got := title(mine); got != "Renamed" {
		t.Errorf("add --title gave %q, want Renamed", got)
	}
}

// SetRead and SetStarred on an article that does not exist (its feed was
// removed by another process) say so, and change nothing of the others.
func TestSetFlagOnMissingArticle(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	fid := addFeed(t, s, "https://example.org/feed")
	if _, err := s.SaveResult(ctx, sampleResult(fid)); err != nil {
		t.Fatal(err)
	}
	arts, err := s.List(ctx, View{}, Page{Limit: 10})
	if err != nil || len(arts) == 0 {
		t.Fatalf("list: %d, %v", len(arts), err)
	}
	live := arts[0].ID
	const missing = 1 << 40
	if err := s.SetStarred(ctx, true, missing); !errors.Is(err, ErrNotFound) {
		t.Errorf("star a missing article: %v, want ErrNotFound", err)
	}
	if err := s.SetRead(ctx, true, live, missing); !errors.Is(err, ErrNotFound) {
		t.Errorf("mark read a live and a missing article: %v, want ErrNotFound", err)
	}
	if a, err := s.Article(ctx, live); err != nil || a.Read {
		t.Errorf("the live article after the failed SetRead: read %v, %v; want unread", a.Read, err)
	}
	// Setting a flag to the value it has is no error.
	for range 2 {
		if err := s.SetStarred(ctx, true, live); err != nil {
			t.Errorf("star a live article: %v", err)
		}
	}
}
