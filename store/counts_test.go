package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/feeds/topics"
)

// countFixture fills a store with three feeds of articles with several
// tags each, a mix of read and starred, dates with ties and undated items,
// and returns the feed IDs.
func countFixture(t *testing.T, s *Store) []int64 {
	t.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(6, 6))
	tagPool := []topics.Tag{
		{Name: "compute", Kind: "topic"}, {Name: "research", Kind: "topic"},
		{Name: "org:meta", Kind: "entity"}, {Name: "safety", Kind: "topic"},
	}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var ids []int64
	for f := 0; f < 3; f++ {
		u := fmt.Sprintf("https://feed%d.example/rss", f)
		id := addFeed(t, s, u)
		ids = append(ids, id)
		res := feeds.Result{FeedID: id, URL: u, Meta: feeds.Meta{Title: fmt.Sprintf("Feed %d", f)}}
		for i := 0; i < 40; i++ {
			it := feeds.Item{GUID: fmt.Sprintf("g%d", i), Title: fmt.Sprintf("item %d of feed %d", i, f), Lang: "en", Dir: "ltr"}
			if i%10 != 9 { // some undated: they sort by first seen
				// Hours repeat across feeds, so sort times tie and IDs break the ties.
				p := base.Add(time.Duration(i%25) * time.Hour)
				it.Published = &p
			}
			for _, tg := range tagPool {
				if r.IntN(3) == 0 {
					tg.Terms = []string{tg.Name}
					it.Tags = append(it.Tags, tg)
				}
			}
			res.Items = append(res.Items, it)
		}
		if _, err := s.SaveResult(ctx, res); err != nil {
			t.Fatal(err)
		}
	}
	var all []int64
	if err := scanEach(ctx, s.db, `SELECT id FROM articles ORDER BY id`, nil, func(r *sql.Rows) error {
		var id int64
		all = append(all, id)
		return r.Scan(&all[len(all)-1])
	}); err != nil {
		t.Fatal(err)
	}
	for i, id := range all {
		if i%3 == 0 {
			if err := s.SetRead(ctx, true, id); err != nil {
				t.Fatal(err)
			}
		}
		if i%7 == 0 {
			if err := s.SetStarred(ctx, true, id); err != nil {
				t.Fatal(err)
			}
		}
	}
	return ids
}

// checkCounters compares feed_counts and tag_counts with counts computed
// from the articles and their tags.
func checkCounters(t *testing.T, s *Store, step string) {
	t.Helper()
	ctx := context.Background()
	type row struct{ total, unread, starred int }
	read := func(q string) map[int64]row {
		m := map[int64]row{}
		if err := scanEach(ctx, s.db, q, nil, func(r *sql.Rows) error {
			var id int64
			var x row
			if err := r.Scan(&id, &x.total, &x.unread, &x.starred); err != nil {
				return err
			}
			m[id] = x
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return m
	}
	wantFeeds := read(`SELECT f.id, count(a.id), coalesce(sum(a.read = 0), 0), coalesce(sum(a.starred = 1), 0)
FROM feeds f LEFT JOIN articles a ON a.feed_id = f.id GROUP BY f.id`)
	gotFeeds := read(`SELECT feed_id, total, unread, starred FROM feed_counts`)
	if !reflect.DeepEqual(gotFeeds, wantFeeds) {
		t.Errorf("%s: feed_counts = %v, want %v", step, gotFeeds, wantFeeds)
	}
	wantTags := read(`SELECT g.id, count(a.id), coalesce(sum(a.read = 0), 0), 0
FROM tags g LEFT JOIN article_tags t ON t.tag_id = g.id AND t.removed = 0
LEFT JOIN articles a ON a.id = t.article_id GROUP BY g.id`)
	gotTags := read(`SELECT tag_id, total, unread, 0 FROM tag_counts`)
	if !reflect.DeepEqual(gotTags, wantTags) {
		t.Errorf("%s: tag_counts = %v, want %v", step, gotTags, wantTags)
	}
}

// referenceCount counts v the straightforward way, through where.
func referenceCount(t *testing.T, s *Store, v View) int {
	t.Helper()
	w, args, err := s.where(v)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE `+w, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// referenceIDs lists the IDs v selects, newest first, the straightforward way.
func referenceIDs(t *testing.T, s *Store, v View) []int64 {
	t.Helper()
	w, args, err := s.where(v)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	if err := scanEach(context.Background(), s.db, `SELECT a.id FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE `+w+
		` ORDER BY a.sort_time DESC, a.id DESC`, args, func(r *sql.Rows) error {
		var id int64
		ids = append(ids, id)
		return r.Scan(&ids[len(ids)-1])
	}); err != nil {
		t.Fatal(err)
	}
	return ids
}

func testViews(feedID int64) map[string]View {
	return map[string]View{
		"all":             {},
		"unread":          {UnreadOnly: true},
		"starred":         {Starred: true},
		"starred unread":  {Starred: true, UnreadOnly: true},
		"feed":            {FeedID: feedID},
		"feed unread":     {FeedID: feedID, UnreadOnly: true},
		"feed starred":    {FeedID: feedID, Starred: true},
		"tag":             {Tag: "compute"},
		"tag unread":      {Tag: "compute", UnreadOnly: true},
		"entity":          {Tag: "org:meta"},
		"tag feed":        {Tag: "research", FeedID: feedID},
		"tag starred":     {Tag: "safety", Starred: true},
		"user tag":        {Tag: "later"},
		"no such tag":     {Tag: "nope"},
		"query tag":       {Query: "tag:compute is:unread"},
		"query feed":      {Query: "feed:\"feed 1\""},
		"query words":     {Query: "item -feed"},
		"query or":        {Query: "tag:research OR is:starred"},
		"tag with query":  {Tag: "compute", Query: "feed:feed2"},
		"unread with not": {UnreadOnly: true, Query: "-tag:safety"},
	}
}

// TestCountersFollowEveryChange checks that the counters the triggers keep
// equal the counts computed from the data after each kind of change, and
// that Count, List and Position agree with straightforward queries for every
// kind of view.
func TestCountersFollowEveryChange(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	fids := countFixture(t, s)
	checkCounters(t, s, "after ingest")

	all := referenceIDs(t, s, View{})
	a, b, c := all[0], all[5], all[17]
	steps := []struct {
		name string
		do   func() error
	}{
		{"read", func() error { return s.SetRead(ctx, true, a, b, c) }},
		{"read again (no change)", func() error { return s.SetRead(ctx, true, a) }},
		{"unread", func() error { return s.SetRead(ctx, false, b) }},
		{"star", func() error { return s.SetStarred(ctx, true, a, c) }},
		{"unstar", func() error { return s.SetStarred(ctx, false, c) }},
		{"user tag", func() error { return s.AddTag(ctx, a, "later") }},
		{"user tag on read article", func() error { return s.AddTag(ctx, c, "later") }},
		{"remove auto tag", func() error {
			for _, id := range all[:10] {
				if err := s.RemoveTag(ctx, id, "compute"); err != nil {
					return err
				}
			}
			return nil
		}},
		{"restore removed tag", func() error { return s.AddTag(ctx, all[1], "compute") }},
		{"user tag over automatic ones", func() error {
			// Some of these carry "safety" automatically (the row becomes
			// the user's), the others get a new row.
			for _, id := range all[20:32] {
				if err := s.AddTag(ctx, id, "safety"); err != nil {
					return err
				}
			}
			return nil
		}},
		{"remove user tag", func() error { return s.RemoveTag(ctx, a, "later") }},
		{"refetch with changed tags", func() error {
			res := feeds.Result{FeedID: fids[1], URL: "https://feed1.example/rss", Meta: feeds.Meta{Title: "Feed 1"}}
			for i := 0; i < 40; i++ {
				res.Items = append(res.Items, feeds.Item{GUID: fmt.Sprintf("g%d", i), Title: fmt.Sprintf("item %d of feed 1, edited", i),
					Lang: "en", Dir: "ltr", Tags: []topics.Tag{{Name: "safety", Kind: "topic", Terms: []string{"x"}}}})
			}
			res.Items = append(res.Items, feeds.Item{GUID: "new", Title: "a new one", Lang: "en", Dir: "ltr",
				Tags: []topics.Tag{{Name: "compute", Kind: "topic", Terms: []string{"y"}}}})
			_, err := s.SaveResult(ctx, res)
			return err
		}},
		{"retag", func() error {
			_, err := s.Retag(ctx, View{FeedID: fids[0]}, func(title, body, lang string) []topics.Tag {
				if len(title)%2 == 0 {
					return []topics.Tag{{Name: "research", Kind: "topic", Terms: []string{"z"}}}
				}
				return nil
			}, false)
			return err
		}},
		{"mark view read", func() error { _, err := s.MarkViewRead(ctx, View{Tag: "research"}); return err }},
		{"remove feed", func() error { return s.RemoveFeed(ctx, fids[2]) }},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		checkCounters(t, s, st.name)
		checkViews(t, s, fids[1], st.name)
	}
}

// checkViews compares Count, every page of List (both directions) and
// Position with the reference queries.
func checkViews(t *testing.T, s *Store, feedID int64, step string) {
	t.Helper()
	ctx := context.Background()
	for name, v := range testViews(feedID) {
		want := referenceIDs(t, s, v)
		n, err := s.Count(ctx, v)
		if err != nil {
			t.Fatalf("%s: %s: count: %v", step, name, err)
		}
		if n != len(want) || n != referenceCount(t, s, v) {
			t.Errorf("%s: %s: Count = %d, want %d", step, name, n, len(want))
		}
		// Forward, 7 at a time.
		var got []int64
		var after *Cursor
		for pages := 0; pages <= len(want)/7+1; pages++ {
			page, err := s.List(ctx, v, Page{After: after, Limit: 7})
			if err != nil {
				t.Fatalf("%s: %s: list: %v", step, name, err)
			}
			if len(page) == 0 {
				break
			}
			for i, a := range page {
				got = append(got, a.ID)
				pos, err := s.Position(ctx, v, a.Cursor)
				if err != nil {
					t.Fatal(err)
				}
				if pos != len(got)-1 {
					t.Errorf("%s: %s: Position of row %d = %d", step, name, len(got)-1, pos)
				}
				if i == len(page)-1 {
					c := a.Cursor
					after = &c
				}
			}
		}
		if !reflect.DeepEqual(got, want) && (len(got) > 0 || len(want) > 0) {
			t.Errorf("%s: %s: forward pages = %v, want %v", step, name, got, want)
		}
		// Backward from the end, 5 at a time.
		var back []int64
		last, err := s.Last(ctx, v, 5)
		if err != nil {
			t.Fatal(err)
		}
		for pages := 0; len(last) > 0 && pages <= len(want)/5+1; pages++ {
			back = append(append([]int64{}, idsOf(last)...), back...)
			first := last[0].Cursor
			last, err = s.List(ctx, v, Page{Before: &first, Limit: 5})
			if err != nil {
				t.Fatal(err)
			}
		}
		if !reflect.DeepEqual(back, want) && (len(back) > 0 || len(want) > 0) {
			t.Errorf("%s: %s: backward pages = %v, want %v", step, name, back, want)
		}
	}
}

func idsOf(arts []Article) []int64 {
	ids := make([]int64, len(arts))
	for i, a := range arts {
		ids[i] = a.ID
	}
	return ids
}

// TestCountersMigrationBackfills opens a database written before the
// counters existed and checks the migration fills them from the data.
func TestCountersMigrationBackfills(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	countFixture(t, s)
	if err := s.AddTag(ctx, 1, "later"); err != nil {
		t.Fatal(err)
	}
	// Take the counters out (and what later migrations added) and mark the
	// database as one version older.
	perf := -1
	for i, m := range migrations {
		if containsAll(m, "CREATE TABLE feed_counts", "CREATE TABLE tag_counts") {
			perf = i
		}
	}
	if perf < 0 {
		t.Fatal("no migration creates the counters")
	}
	undoMigrationsAfter(t, s, perf+1)
	var objs []string
	if err := scanEach(ctx, s.db, `SELECT type, name FROM sqlite_schema WHERE name LIKE '%count%' AND type IN ('table', 'trigger')`, nil,
		func(r *sql.Rows) error {
			var typ, name string
			if err := r.Scan(&typ, &name); err != nil {
				return err
			}
			objs = append(objs, "DROP "+typ+" "+name)
			return nil
		}); err != nil {
		t.Fatal(err)
	}
	if len(objs) < 4 {
		t.Fatalf("found only %v", objs)
	}
	s2 := reopenAfter(t, s, append(objs, fmt.Sprintf("PRAGMA user_version = %d", perf))...)
	checkCounters(t, s2, "after migration")
	tot, err := s2.Totals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if tot.All != 120 {
		t.Errorf("Totals().All = %d, want 120", tot.All)
	}
}

// migrationUndo takes out what each migration after the counters' added,
// by migration number (1-based), so that a test can make a database as an
// older nashra left it. A new migration adds its entry here.
var migrationUndo = map[int][]string{
	4: {`ALTER TABLE articles DROP COLUMN raw_hash`,
		`CREATE TRIGGER articles_count_ins AFTER INSERT ON articles BEGIN
	UPDATE feed_counts SET total = total + 1, unread = unread + (NEW.read = 0),
		starred = starred + (NEW.starred = 1) WHERE feed_id = NEW.feed_id;
END`,
		`CREATE TRIGGER article_tags_count_ins AFTER INSERT ON article_tags WHEN NEW.removed = 0 BEGIN
	UPDATE tag_counts SET total = total + 1,
		unread = unread + coalesce((SELECT read = 0 FROM articles WHERE id = NEW.article_id), 0)
	WHERE tag_id = NEW.tag_id;
END`},
	5: {}, // data only: sort times of future-dated articles
	6: {}, // data only: feed URLs normalized again
}

// undoMigrationsAfter undoes migrations v+1 … SchemaVersion (see
// migrationUndo); the caller sets PRAGMA user_version.
func undoMigrationsAfter(t *testing.T, s *Store, v int) {
	t.Helper()
	for m := len(migrations); m > v; m-- {
		undo, ok := migrationUndo[m]
		if !ok {
			t.Fatalf("migration %d has no entry in migrationUndo", m)
		}
		for _, q := range undo {
			if _, err := s.db.Exec(q); err != nil {
				t.Fatalf("undo migration %d: %v", m, err)
			}
		}
	}
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
