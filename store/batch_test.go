package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/feeds/topics"
)

// batchResult is a result of two items for feed id, the second with GUID
// second; its words name the feed (word) so that search can tell which
// feeds' full-text rows were kept.
func batchResult(id int64, word, second string) feeds.Result {
	return feeds.Result{
		FeedID: id, URL: fmt.Sprintf("https://batch.example/%s", word), ETag: `"` + word + `"`,
		Meta: feeds.Meta{Title: "Feed " + word, Language: "en"},
		Items: []feeds.Item{
			{GUID: word + "-1", URL: "https://batch.example/" + word + "/1", Title: word + " opens its model weights",
				Content: "Released under an open licence.", Lang: "en", Dir: "ltr", Published: tp("2026-03-01T10:00:00Z"),
				Tags: []topics.Tag{{Name: "open-source", Kind: "topic", Terms: []string{"open"}}, {Name: "batch-" + word, Kind: "topic"}}},
			{GUID: second, URL: "https://batch.example/" + word + "/2", Title: word + " second story",
				Content: "More text.", Lang: "en", Dir: "ltr", Published: tp("2026-03-02T10:00:00Z")},
		},
	}
}

// A batch of feed updates (SaveResults, and Refresh when results queue up)
// is one transaction: a feed whose writes fail half-way is rolled back —
// its articles, tags, counters, full-text rows and poll state as before —
// while the feeds before and after it in the batch are stored whole (the
// batch is written again, a feed at a time).
func TestBatchRollsBackOnlyTheFailingFeed(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	// The second item of feed "beta" fails to insert, after its first
	// item, its tags (one a new tag) and its poll state were written.
	if _, err := s.db.ExecContext(ctx, `CREATE TRIGGER boom BEFORE INSERT ON articles WHEN NEW.guid = 'boom'
BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END`); err != nil {
		t.Fatal(err)
	}
	alpha, beta, gamma := addFeed(t, s, "https://batch.example/alpha"), addFeed(t, s, "https://batch.example/beta"), addFeed(t, s, "https://batch.example/gamma")
	stats, errs := s.SaveResults(ctx, []feeds.Result{
		batchResult(alpha, "alpha", "alpha-2"),
		batchResult(beta, "beta", "boom"),
		batchResult(gamma, "gamma", "gamma-2"),
	})
	if errs[0] != nil || errs[2] != nil {
		t.Fatalf("errors for the sound feeds: %v, %v", errs[0], errs[2])
	}
	if errs[1] == nil || !strings.Contains(errs[1].Error(), "refused by test trigger") || !strings.Contains(errs[1].Error(), "batch.example/beta") {
		t.Fatalf("beta's error = %v, want the trigger's message and the feed's URL", errs[1])
	}
	if stats[0].New != 2 || stats[1].New != 0 || stats[2].New != 2 {
		t.Errorf("stats = %+v, want 2, 0, 2 new", stats)
	}
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := s.db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, c := range []struct {
		id   int64
		want int
	}{{alpha, 2}, {beta, 0}, {gamma, 2}} {
		if n := count(`SELECT count(*) FROM articles WHERE feed_id = ?`, c.id); n != c.want {
			t.Errorf("feed %d has %d articles, want %d", c.id, n, c.want)
		}
	}
	if n := count(`SELECT count(*) FROM tags WHERE name = 'batch-beta'`); n != 0 {
		t.Errorf("the tag beta's rolled-back update created is still there")
	}
	if n := count(`SELECT count(*) FROM feeds WHERE id = ? AND (last_ok IS NOT NULL OR etag != '')`, beta); n != 0 {
		t.Errorf("beta's poll state was written although its update was rolled back")
	}
	var lastErr string
	if err := s.db.QueryRowContext(ctx, `SELECT last_error FROM feeds WHERE id = ?`, beta).Scan(&lastErr); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(lastErr, "not stored: ") || !strings.Contains(lastErr, "refused by test trigger") {
		t.Errorf("beta's last error = %q, want why its update was not stored", lastErr)
	}
	checkCounters(t, s, "after the batch")
	// Full-text rows: the words of alpha and gamma are found, beta's not.
	for word, want := range map[string]int{"alpha": 2, "gamma": 2, "beta": 0, "weights": 2} {
		arts, err := s.List(ctx, View{Query: word}, Page{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(arts) != want {
			t.Errorf("search %q found %d articles, want %d", word, len(arts), want)
		}
	}
	// The tag cache must not keep the ID of the tag that was rolled back:
	// the next update of beta, without the failing item, stores its tags.
	if _, err := s.db.ExecContext(ctx, `DROP TRIGGER boom`); err != nil {
		t.Fatal(err)
	}
	_, errs = s.SaveResults(ctx, []feeds.Result{batchResult(beta, "beta", "beta-2"), batchResult(alpha, "alpha", "alpha-2")})
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("second batch: %v", errs)
	}
	if n := count(`SELECT count(*) FROM article_tags t JOIN tags g ON g.id = t.tag_id WHERE g.name = 'batch-beta'`); n != 1 {
		t.Errorf("beta's new tag is on %d articles, want 1", n)
	}
	checkCounters(t, s, "after the second batch")
}

// SaveResults splits a long list into batches of at most maxBatchFeeds
// feeds and about maxBatchItems items, each stored whole.
func TestSaveResultsSplitsLongLists(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	var results []feeds.Result
	for i := range maxBatchFeeds + 5 {
		word := fmt.Sprintf("feed%d", i)
		results = append(results, batchResult(addFeed(t, s, "https://batch.example/"+word), word, word+"-2"))
	}
	stats, errs := s.SaveResults(ctx, results)
	for i := range results {
		if errs[i] != nil || stats[i].New != 2 {
			t.Fatalf("result %d: %+v, %v", i, stats[i], errs[i])
		}
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM articles`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 2*len(results) {
		t.Errorf("%d articles stored, want %d", n, 2*len(results))
	}
	checkCounters(t, s, "after the batches")
}

// Fingerprints stored by an older nashra (legacyItemHash, JSON) still
// tell an unchanged item from a changed one, and an unchanged item's
// fingerprint is rewritten in the current form.
func TestLegacyItemHashStillMatches(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	id := addFeed(t, s, "https://example.org/feed")
	res := sampleResult(id)
	if _, err := s.SaveResult(ctx, res); err != nil {
		t.Fatal(err)
	}
	for i := range res.Items {
		it := &res.Items[i]
		if _, err := s.db.ExecContext(ctx, `UPDATE articles SET hash = ? WHERE feed_id = ? AND guid = ?`, legacyItemHash(it), id, it.GUID); err != nil {
			t.Fatal(err)
		}
	}
	res.Items[1].Content += " تحديث"
	st, err := s.SaveResult(ctx, res)
	if err != nil {
		t.Fatal(err)
	}
	if st.Updated != 1 || st.New != 0 {
		t.Errorf("stats = %+v, want the one changed item updated", st)
	}
	var legacy int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM articles WHERE hash NOT LIKE ?`, itemHashVersion+"%").Scan(&legacy); err != nil {
		t.Fatal(err)
	}
	if legacy != 0 {
		t.Errorf("%d articles keep a legacy fingerprint after an update saw them", legacy)
	}
}

// A feed that comes twice in one list is written as SaveResult would write
// it twice in turn: the second update's words replace the first's in the
// full-text index.
func TestSaveResultsSameFeedTwice(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	a, b := addFeed(t, s, "https://batch.example/a"), addFeed(t, s, "https://batch.example/b")
	first, second := batchResult(a, "alphaword", "a-2"), batchResult(a, "alphaword", "a-2")
	first.Meta.Title, second.Meta.Title = "Feed A", "Feed A"
	for i := range second.Items {
		second.Items[i].Title = strings.ReplaceAll(second.Items[i].Title, "alphaword", "betaword")
	}
	_, errs := s.SaveResults(ctx, []feeds.Result{first, batchResult(b, "gammaword", "b-2"), second})
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for word, want := range map[string]int{"alphaword": 0, "betaword": 2, "gammaword": 2} {
		arts, err := s.List(ctx, View{Query: word}, Page{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(arts) != want {
			t.Errorf("search %q found %d articles, want %d", word, len(arts), want)
		}
	}
	checkCounters(t, s, "after the batch")
}

// failCommitOn makes the commit of any transaction fail that runs sql
// matching the trigger's event (a deferred foreign-key violation is only
// checked at COMMIT).
func failCommitOn(t *testing.T, s *Store, trigger string) {
	t.Helper()
	for _, q := range []string{
		`CREATE TABLE fail_at_commit (x INTEGER REFERENCES feeds(id) DEFERRABLE INITIALLY DEFERRED)`,
		trigger,
	} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

// When a batch's commit fails, each feed is written again alone: only the
// feed whose update cannot be committed is lost, with its error recorded.
func TestBatchCommitFailureRetriesEachFeed(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	failCommitOn(t, s, `CREATE TRIGGER late AFTER INSERT ON articles WHEN NEW.guid = 'late'
BEGIN INSERT INTO fail_at_commit VALUES (999999); END`)
	a, b, c := addFeed(t, s, "https://batch.example/a"), addFeed(t, s, "https://batch.example/b"), addFeed(t, s, "https://batch.example/c")
	stats, errs := s.SaveResults(ctx, []feeds.Result{batchResult(a, "a", "a-2"), batchResult(b, "b", "late"), batchResult(c, "c", "c-2")})
	if errs[0] != nil || errs[2] != nil || stats[0].New != 2 || stats[2].New != 2 {
		t.Fatalf("sound feeds: %+v %v", stats, errs)
	}
	if errs[1] == nil || !strings.Contains(errs[1].Error(), "FOREIGN KEY") {
		t.Fatalf("b's error = %v, want the failed commit's", errs[1])
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM articles WHERE feed_id = ?`, b).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("b has %d articles after its commit failed", n)
	}
	checkCounters(t, s, "after the retried batch")
}

// A feed that moved to an address already subscribed records that as its
// error; if the commit of that record fails, the error returned is the
// commit's, not the move's (which was not recorded after all).
func TestMovedFeedCommitFailureReportsTheCommit(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	addFeed(t, s, "https://example.org/new")
	old := addFeed(t, s, "https://example.org/old")
	failCommitOn(t, s, `CREATE TRIGGER late AFTER UPDATE OF last_error ON feeds WHEN NEW.last_error LIKE 'moved%'
BEGIN INSERT INTO fail_at_commit VALUES (999999); END`)
	res := sampleResult(old)
	res.URL, res.MovedTo = "https://example.org/old", "https://example.org/new"
	_, err := s.SaveResult(ctx, res)
	if err == nil || errors.Is(err, ErrAlreadySubscribed) || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Fatalf("SaveResult = %v, want the failed commit's error", err)
	}
}

// TestItemHashIsStable pins the fingerprint of one item to the value the
// released code (itemHashVersion "2:", before itemHash hashed one buffer)
// gave it: databases written by it hold such hashes, and an item whose
// fingerprint changed without its fields changing would be rewritten as
// updated on the next poll. A deliberate change of what is hashed must
// change itemHashVersion instead of this value.
func TestItemHashIsStable(t *testing.T) {
	pub := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	it := &feeds.Item{GUID: "g", URL: "https://pin.example/1", Title: "نموذج مفتوح from Meta", Author: "Salma",
		Published: &pub, Content: "Weights released. الأوزان متاحة.", HTML: "<p>Weights released.</p><p>الأوزان متاحة.</p>",
		Enclosures: []feeds.Enclosure{{URL: "https://pin.example/a.mp3", Type: "audio/mpeg", Length: 1234}},
		Lang:       "ar", Dir: "rtl", Tags: []topics.Tag{{Name: "open-source", Kind: "topic", Terms: []string{"open", "weights"}},
			{Name: "org:meta", Kind: "entity"}}}
	const want = "2:52571baac0408ecf91e09b0cf5863e76"
	if got := itemHash(it, `[{"text":"a","url":"https://pin.example/"}]`); got != want {
		t.Errorf("itemHash = %s, want %s", got, want)
	}
	// Each field takes part: changing any one changes the fingerprint.
	base := *it
	for name, change := range map[string]func(*feeds.Item){
		"title":     func(c *feeds.Item) { c.Title += "!" },
		"content":   func(c *feeds.Item) { c.Content += "!" },
		"html":      func(c *feeds.Item) { c.HTML += "!" },
		"published": func(c *feeds.Item) { p := pub.Add(time.Second); c.Published = &p },
		"enclosure": func(c *feeds.Item) { c.Enclosures = nil },
		"tag terms": func(c *feeds.Item) {
			c.Tags = []topics.Tag{{Name: "open-source", Kind: "topic", Terms: []string{"open"}}}
		},
		"dir": func(c *feeds.Item) { c.Dir = "ltr" },
	} {
		c := base
		change(&c)
		if itemHash(&c, `[{"text":"a","url":"https://pin.example/"}]`) == want {
			t.Errorf("changing the %s leaves the fingerprint as it was", name)
		}
	}
}
