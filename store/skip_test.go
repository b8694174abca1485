package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/feeds/topics"
)

// TestKnownLookupsUseTheIndex checks that the lookups by GUID search the
// (feed_id, guid) index once per GUID, never reading a feed's every
// article: their cost follows the document, not the history.
func TestKnownLookupsUseTheIndex(t *testing.T) {
	s := openTest(t)
	countFixture(t, s)
	list, _ := json.Marshal([]string{"g1", "g2"})
	for name, q := range map[string]string{"known": knownSQL, "stored": storedItemsSQL} {
		plan := explain(t, s, q, []any{1, string(list)})
		t.Logf("%s:\n\t%s", name, strings.Join(plan, "\n\t"))
		found := false
		for _, step := range plan {
			if strings.Contains(step, "SCAN articles") || strings.HasPrefix(step, "SCAN a") {
				t.Errorf("%s: plan step %q reads every article", name, step)
			}
			if strings.Contains(step, "SEARCH articles USING INDEX sqlite_autoindex_articles_1 (feed_id=? AND guid=?)") {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no search of the (feed_id, guid) index in %q", name, plan)
		}
	}
}

// rawHashes reads the stored raw hashes of a feed's articles by GUID.
func rawHashes(t *testing.T, s *Store, feedID int64) map[string]string {
	t.Helper()
	out := map[string]string{}
	if err := scanEach(context.Background(), s.db, `SELECT guid, raw_hash FROM articles WHERE feed_id = ?`, []any{feedID},
		func(r *sql.Rows) error {
			var g, h string
			if err := r.Scan(&g, &h); err != nil {
				return err
			}
			out[g] = h
			return nil
		}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSaveResultKeepsRawHashes(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	id := addFeed(t, s, "https://raw.example/feed")
	item := func(guid, title, raw string) feeds.Item {
		return feeds.Item{GUID: guid, Title: title, Lang: "en", Dir: "ltr", RawHash: raw}
	}
	save := func(items ...feeds.Item) SaveStats {
		t.Helper()
		st, err := s.SaveResult(ctx, feeds.Result{FeedID: id, URL: "u", Items: items})
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	// Stored as an older nashra did: no raw hashes.
	if st := save(item("a", "A", ""), item("b", "B", "")); st.New != 2 {
		t.Fatalf("first save: %+v", st)
	}
	if known, err := s.KnownRawHashes(ctx, id, []string{"a", "b"}); err != nil || len(known) != 0 {
		t.Fatalf("known before raw hashes: %v, %v", known, err)
	}
	// The same items with raw hashes: nothing changes but the raw hash.
	if st := save(item("a", "A", "ra1"), item("b", "B", "rb1")); st != (SaveStats{}) {
		t.Errorf("raw hashes only: %+v, want no new or updated article", st)
	}
	if got := rawHashes(t, s, id); !reflect.DeepEqual(got, map[string]string{"a": "ra1", "b": "rb1"}) {
		t.Errorf("raw hashes = %v", got)
	}
	// A changed item takes its new raw hash with it.
	if st := save(item("a", "A, edited", "ra2"), item("c", "C", "rc1")); st.New != 1 || st.Updated != 1 {
		t.Errorf("edit and new: %+v", st)
	}
	known, err := s.KnownRawHashes(ctx, id, []string{"a", "b", "c", "zzz"})
	if err != nil || !reflect.DeepEqual(known, map[string]string{"a": "ra2", "b": "rb1", "c": "rc1"}) {
		t.Errorf("KnownRawHashes = %v, %v", known, err)
	}
	if other, _ := s.KnownRawHashes(ctx, id+1000, []string{"a"}); len(other) != 0 {
		t.Errorf("another feed's lookup found %v", other)
	}
}

// changingFeed serves an RSS document that a test can change, without ETag
// or Last-Modified, so that every poll parses it (as many servers make
// nashra do).
type changingFeed struct {
	mu    sync.Mutex
	items []string // "guid|title|description"
}

func (f *changingFeed) set(items ...string) {
	f.mu.Lock()
	f.items = items
	f.mu.Unlock()
}

func (f *changingFeed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprint(w, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Changing</title><link>https://example.com/</link>`)
	for _, it := range f.items {
		p := strings.SplitN(it, "|", 3)
		fmt.Fprintf(w, "<item><guid>%s</guid><title>%s</title><description>%s</description></item>", p[0], p[1], p[2])
	}
	fmt.Fprint(w, `</channel></rss>`)
}

// articleRows reads every stored field of a feed's articles, their tags
// and their full-text rows' matches, for comparing two databases.
func articleRows(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	if err := scanEach(context.Background(), s.db, `SELECT a.guid, a.url, a.title, a.content, a.html, a.links, a.lang, a.dir, a.hash,
	(SELECT group_concat(g.name || '=' || t.terms, ';') FROM article_tags t JOIN tags g ON g.id = t.tag_id WHERE t.article_id = a.id)
FROM articles a ORDER BY a.guid`, nil, func(r *sql.Rows) error {
		var f [10]sql.NullString
		if err := r.Scan(&f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7], &f[8], &f[9]); err != nil {
			return err
		}
		out = append(out, fmt.Sprint(f))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRefreshSkipsUnchangedItems fetches a feed that answers 200 every
// time: on a poll where nothing changed no item is cleaned, tagged or
// written; a changed item is updated; and the database ends the same as
// one that saw only the last document.
func TestRefreshSkipsUnchangedItems(t *testing.T) {
	ctx := context.Background()
	feed := &changingFeed{}
	srv := httptest.NewServer(feed)
	defer srv.Close()
	p := feeds.NewPoller(feeds.Config{}, topics.New(topics.DefaultRules()))
	s := openTest(t)
	addFeed(t, s, srv.URL)
	refresh := func() (RefreshSummary, []RefreshEvent) {
		t.Helper()
		var evs []RefreshEvent
		sum, err := s.Refresh(ctx, p, func(ev RefreshEvent) { evs = append(evs, ev) })
		if err != nil || sum.Failed != 0 || len(evs) != 1 {
			t.Fatalf("refresh: %v, %+v", err, sum)
		}
		return sum, evs
	}
	feed.set("1|OpenAI releases GPT-5|&lt;p&gt;The model runs on Nvidia GPUs.&lt;/p&gt;",
		"2|أعلنت ميتا عن نموذج|نموذج جديد للذكاء الاصطناعي", "3|Third|three")
	if sum, _ := refresh(); sum.New != 3 {
		t.Fatalf("first refresh: %+v", sum)
	}
	sum, evs := refresh()
	if sum.New != 0 || sum.Updated != 0 || len(evs[0].Result.Items) != 0 || evs[0].Result.Unchanged != 3 {
		t.Fatalf("nothing changed: %+v, %d items, %d unchanged", sum, len(evs[0].Result.Items), evs[0].Result.Unchanged)
	}
	feed.set("4|Anthropic news|new", "1|OpenAI releases GPT-5|&lt;p&gt;The model runs on Nvidia GPUs and TPUs.&lt;/p&gt;",
		"2|أعلنت ميتا عن نموذج|نموذج جديد للذكاء الاصطناعي", "3|Third|three")
	sum, evs = refresh()
	if sum.New != 1 || sum.Updated != 1 || len(evs[0].Result.Items) != 2 || evs[0].Result.Unchanged != 2 {
		t.Fatalf("one new, one edited: %+v, %d items, %d unchanged", sum, len(evs[0].Result.Items), evs[0].Result.Unchanged)
	}
	checkCounters(t, s, "after skipping")

	// A database that saw only the last document holds the same articles.
	s2 := openTest(t)
	addFeed(t, s2, srv.URL)
	if _, err := s2.Refresh(ctx, p, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := articleRows(t, s), articleRows(t, s2); !reflect.DeepEqual(got, want) {
		t.Errorf("articles after skipping:\n%q\nwant\n%q", got, want)
	}
	for _, q := range []string{"TPUs", "ميتا", "Anthropic"} {
		a, _ := s.List(ctx, View{Query: q}, Page{Limit: 10})
		b, _ := s2.List(ctx, View{Query: q}, Page{Limit: 10})
		if len(a) != 1 || len(b) != 1 {
			t.Errorf("search %q: %d and %d results, want 1", q, len(a), len(b))
		}
	}
}
