package store_test

// Benchmarks for issue 6 ("Fast at any size"): ingest (parse, clean, tag,
// store), one screen of the article list at the top and deep in it, and the
// feeds pane's counts, on generated databases of 10,000 and 100,000
// articles (store/devdata), so that `make bench` shows whether a cost grows
// with the number of stored articles.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/feeds/arabic"
	"github.com/nashra-reader/nashra/feeds/devfeeds"
	"github.com/nashra-reader/nashra/feeds/testcorpus"
	"github.com/nashra-reader/nashra/feeds/topics"
	"github.com/nashra-reader/nashra/store"
	"github.com/nashra-reader/nashra/store/devdata"
)

// sizedDBs holds one open store per generated size, opened once.
var sizedDBs = struct {
	sync.Mutex
	m map[int]*store.Store
}{m: map[int]*store.Store{}}

// openSized opens (generating and caching it first, see devdata.CachedPath)
// a database of n articles over 500 feeds. Benchmarks only read it.
func openSized(b *testing.B, n int) *store.Store {
	b.Helper()
	sizedDBs.Lock()
	defer sizedDBs.Unlock()
	if st := sizedDBs.m[n]; st != nil {
		return st
	}
	path, err := devdata.CachedPath(context.Background(), devdata.Options{Articles: n, Feeds: 500, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	sizedDBs.m[n] = st
	return st
}

var benchSizes = []int{10_000, 100_000}

// listViews are the views the TUI's feeds pane offers, plus a saved-search
// style query.
func listViews(b *testing.B, st *store.Store) []struct {
	name string
	v    store.View
} {
	fs, err := st.Feeds(context.Background())
	if err != nil || len(fs) == 0 {
		b.Fatalf("feeds: %v (%d)", err, len(fs))
	}
	return []struct {
		name string
		v    store.View
	}{
		{"all", store.View{}},
		{"unread", store.View{UnreadOnly: true}},
		{"starred", store.View{Starred: true}},
		{"feed", store.View{FeedID: fs[len(fs)/2].ID}},
		{"topic", store.View{Tag: "compute"}},
		{"topic-unread", store.View{Tag: "compute", UnreadOnly: true}},
		{"query", store.View{Query: "tag:compute is:unread"}},
	}
}

// BenchmarkListScreen fetches one screen (50 rows, with their tags) of each
// view the way the TUI pages: from the top, and by keyset from the cursor
// of the view's last screen (as deep as the view goes).
func BenchmarkListScreen(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes {
		st := openSized(b, n)
		for _, vc := range listViews(b, st) {
			last, err := st.Last(ctx, vc.v, 50)
			if err != nil || len(last) == 0 {
				b.Fatalf("%s: last page: %v", vc.name, err)
			}
			deep := last[0].Cursor
			for _, at := range []struct {
				name string
				p    store.Page
			}{{"top", store.Page{Limit: 50}}, {"deep", store.Page{After: &deep, Limit: 50}}} {
				b.Run(fmt.Sprintf("n=%d/%s/%s", n, vc.name, at.name), func(b *testing.B) {
					for b.Loop() {
						if _, err := st.List(ctx, vc.v, at.p); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}

// BenchmarkViewCount counts each view (what the list's title shows) and
// the position of the view's last screen (what following the cursor after
// a change costs at the bottom of the view).
func BenchmarkViewCount(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes {
		st := openSized(b, n)
		for _, vc := range listViews(b, st) {
			b.Run(fmt.Sprintf("n=%d/%s/count", n, vc.name), func(b *testing.B) {
				for b.Loop() {
					if _, err := st.Count(ctx, vc.v); err != nil {
						b.Fatal(err)
					}
				}
			})
			last, err := st.Last(ctx, vc.v, 50)
			if err != nil || len(last) == 0 {
				b.Fatalf("%s: last page: %v", vc.name, err)
			}
			b.Run(fmt.Sprintf("n=%d/%s/position-deep", n, vc.name), func(b *testing.B) {
				for b.Loop() {
					if _, err := st.Position(ctx, vc.v, last[0].Cursor); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkFeedsPane loads what the TUI's feeds pane shows: every feed with
// its counts, the totals, the tag counts and two saved searches' unread
// counts (ui's loadFeedsCmd).
func BenchmarkFeedsPane(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes {
		st := openSized(b, n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := st.Feeds(ctx); err != nil {
					b.Fatal(err)
				}
				if _, err := st.Totals(ctx); err != nil {
					b.Fatal(err)
				}
				if _, err := st.Tags(ctx); err != nil {
					b.Fatal(err)
				}
				// The saved searches' counts, without writing to the
				// shared cached database.
				for _, q := range []string{"tag:compute is:unread", "lang:ar"} {
					if _, err := st.Count(ctx, store.View{Query: q, UnreadOnly: true}); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// ingestFeed is one downloaded feed.
type ingestFeed struct {
	url  string
	body []byte
}

// corpusFeeds reads every feed of the shared real-feed corpora that parses.
func corpusFeeds(b *testing.B) []ingestFeed {
	b.Helper()
	var out []ingestFeed
	for _, dir := range []string{"corpus/ai-news", "corpus/arabic", "corpus/english"} {
		root := testcorpus.Dir(b, dir)
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".expected") {
				return err
			}
			body, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if _, items, err := feeds.Parse(body, "", "https://example.com/feed"); err == nil && len(items) > 0 {
				out = append(out, ingestFeed{"https://example.com/feed", body})
			}
			return nil
		})
	}
	return out
}

// generatedFeeds returns n generated feeds of k items (devfeeds, with the
// devdata vocabularies), as `nashra dev serve` serves them.
func generatedFeeds(n, k int) []ingestFeed {
	set := devfeeds.New(devfeeds.Options{Feeds: n, Items: k, Seed: 1,
		EnglishWords: devdata.EnglishVocabulary(1), ArabicWords: devdata.ArabicVocabulary(1)})
	out := make([]ingestFeed, n)
	for i := range out {
		out[i] = ingestFeed{"http://127.0.0.1" + devfeeds.Path(i), set.Body(i)}
	}
	return out
}

// bodyPoller is a store.Poller over feeds already downloaded: PollAll
// answers each request with ParseBody of the body kept for its URL (parse,
// clean, tag, analyze), one after another, with the store's raw hashes
// (Request.Known) as Refresh passes them.
type bodyPoller struct {
	p      *feeds.Poller
	bodies map[string][]byte
}

func (bp bodyPoller) PollAll(ctx context.Context, reqs []feeds.Request, each func(feeds.Result)) {
	for _, r := range reqs {
		each(bp.p.ParseBody(ctx, r, bp.bodies[r.URL], "", r.URL))
	}
}

// BenchmarkIngest measures the whole ingest of already-downloaded feeds as
// `nashra fetch` does it after the download, through Store.Refresh — parse
// (charset, gofeed, GUIDs, HTML to text, sanitizing, language), tag with
// the built-in rules and analyze for the full-text index
// (Poller.ParseBody), prepare, and store (each feed all or nothing, batched
// as Refresh batches them; full-text index and tags included) — in items
// per second, into new subscriptions each iteration so that every item is
// new. "corpus" is every feed of the shared real-feed corpora (few items
// per feed); "generated" is 20 feeds of 50 items of the kind `nashra dev
// serve` serves; "generated-unchanged" ingests the same 20 feeds again and
// again into the same subscriptions, with the store's raw hashes telling
// the poller which items it already has: what a fetch costs for a feed that
// answers 200 with nothing new. Run with -cpu 1 for the one-core figure of
// issue 6 (make bench does).
func BenchmarkIngest(b *testing.B) {
	p := feeds.NewPoller(feeds.DefaultConfig(), topics.New(topics.DefaultRules()))
	ctx := context.Background()
	sets := []struct {
		name  string
		feeds func() []ingestFeed
		again bool
	}{
		{"corpus", func() []ingestFeed { return corpusFeeds(b) }, false},
		{"generated", func() []ingestFeed { return generatedFeeds(20, 50) }, false},
		{"generated-unchanged", func() []ingestFeed { return generatedFeeds(20, 50) }, true},
	}
	for _, set := range sets {
		b.Run(set.name, func(b *testing.B) {
			fs := set.feeds()
			st, err := store.Open(filepath.Join(b.TempDir(), "ingest.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			ingest := func(round int) (items int) {
				bp := bodyPoller{p, map[string][]byte{}}
				var ids []int64
				for j, f := range fs {
					u := fmt.Sprintf("%s?round=%d&feed=%d", f.url, round, j)
					bp.bodies[u] = f.body
					id, _, err := st.AddFeed(ctx, store.NewFeed{URL: u})
					if err != nil {
						b.Fatal(err)
					}
					ids = append(ids, id)
				}
				sum, err := st.Refresh(ctx, bp, func(ev store.RefreshEvent) {
					items += len(ev.Result.Items) + ev.Result.Unchanged
				}, ids...)
				if err != nil {
					b.Fatal(err)
				}
				if sum.Failed > 0 {
					b.Fatalf("%d feeds failed: %v", sum.Failed, sum.Errors[0].Err)
				}
				return items
			}
			if set.again {
				ingest(0)
			}
			items := 0
			round := 0
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if !set.again {
					round++
				}
				items += ingest(round)
			}
			b.ReportMetric(float64(items)/b.Elapsed().Seconds(), "items/s")
		})
	}
}

// BenchmarkIngestStages splits BenchmarkIngest/generated into its stages,
// each in items per second: "parse" (feeds.Parse: charset, gofeed, GUIDs,
// cleaning), "tag" (what the Poller adds: one tokenization of title and
// body shared by the tagger and the full-text analysis, as ParseBody does
// it), "store" (SaveResult of parsed, tagged, analyzed items, all new),
// SQLite's own share of storing them ("sqlite-floor…", see there) and
// "refetch-unchanged" (SaveResult of the same items again, without the
// poller's raw-hash skip: the store compares its own hashes).
func BenchmarkIngestStages(b *testing.B) {
	tg := topics.New(topics.DefaultRules())
	p := feeds.NewPoller(feeds.DefaultConfig(), tg)
	ctx := context.Background()
	fs := generatedFeeds(20, 50)
	type parsed struct {
		meta  feeds.Meta
		items []feeds.Item
	}
	var ps []parsed
	total := 0
	for _, f := range fs {
		res := p.ParseBody(ctx, feeds.Request{URL: f.url}, f.body, "", f.url)
		if res.Err != nil {
			b.Fatal(res.Err)
		}
		ps = append(ps, parsed{res.Meta, res.Items})
		total += len(res.Items)
	}
	b.Run("parse", func(b *testing.B) {
		for b.Loop() {
			for _, f := range fs {
				if _, _, err := feeds.Parse(f.body, "", f.url); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(total*b.N)/b.Elapsed().Seconds(), "items/s")
	})
	b.Run("tag", func(b *testing.B) {
		// What Poller.analyze does per item, its pooled token buffers
		// held here.
		var tt, bt, at []arabic.Token
		for b.Loop() {
			for _, p := range ps {
				for _, it := range p.items {
					tt = arabic.AppendTokens(tt[:0], it.Title)
					bt = arabic.AppendTokens(bt[:0], it.Content)
					tg.TagIndexTokens(it.Title, it.Content, tt, bt, it.Lang)
					at = arabic.AppendTokens(at[:0], it.Author)
					arabic.IndexTextTokens(it.Author, at)
					clear(tt)
					clear(bt)
					clear(at)
				}
			}
		}
		b.ReportMetric(float64(total*b.N)/b.Elapsed().Seconds(), "items/s")
	})
	// "store" writes each feed through SaveResult (a transaction each);
	// "store-batched" the 20 feeds through SaveResults (one
	// transaction), as Refresh writes them when results arrive faster
	// than they are written.
	for _, batched := range []bool{false, true} {
		name := map[bool]string{false: "store", true: "store-batched"}[batched]
		b.Run(name, func(b *testing.B) {
			st, err := store.Open(filepath.Join(b.TempDir(), "ingest.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			round := 0
			for b.Loop() {
				round++
				var results []feeds.Result
				for j, p := range ps {
					u := fmt.Sprintf("https://bench.example/%d/%d", round, j)
					id, _, err := st.AddFeed(ctx, store.NewFeed{URL: u})
					if err != nil {
						b.Fatal(err)
					}
					results = append(results, feeds.Result{FeedID: id, URL: u, Meta: p.meta, Items: p.items})
				}
				if !batched {
					for _, r := range results {
						if _, err := st.SaveResult(ctx, r); err != nil {
							b.Fatal(err)
						}
					}
					continue
				}
				_, errs := st.SaveResults(ctx, results)
				for _, err := range errs {
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(total*b.N)/b.Elapsed().Seconds(), "items/s")
		})
	}
	// "sqlite-floor", "sqlite-floor-fts" and "sqlite-floor-all" store the
	// same items with nothing of nashra's Go code around SQLite: one plain
	// INSERT per article into the real schema (its indexes and triggers);
	// in the second also its full-text row; in the third also its tag rows
	// (article_tags, as SaveResult writes them for a new article), each
	// in one transaction per 1,000 items. "sqlite-floor-all" is what SQLite
	// itself costs for everything a new article writes; what "store-batched"
	// costs beyond it is nashra's own (counters, fingerprints, statements
	// through database/sql).
	for _, floor := range []string{"sqlite-floor", "sqlite-floor-fts", "sqlite-floor-all"} {
		fts, tags := floor != "sqlite-floor", floor == "sqlite-floor-all"
		b.Run(floor, func(b *testing.B) {
			st, err := store.Open(filepath.Join(b.TempDir(), "floor.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			feedID, _, err := st.AddFeed(ctx, store.NewFeed{URL: "https://bench.example/floor"})
			if err != nil {
				b.Fatal(err)
			}
			tagIDs := map[string]int64{}
			for _, p := range ps {
				for _, it := range p.items {
					for _, t := range it.Tags {
						if _, ok := tagIDs[t.Name]; ok {
							continue
						}
						r, err := st.DB().ExecContext(ctx, `INSERT INTO tags (name, kind) VALUES (?, ?)`, t.Name, t.Kind)
						if err != nil {
							b.Fatal(err)
						}
						tagIDs[t.Name], _ = r.LastInsertId()
					}
				}
			}
			round := 0
			for b.Loop() {
				round++
				tx, err := st.DB().BeginTx(ctx, nil)
				if err != nil {
					b.Fatal(err)
				}
				ins, err := tx.PrepareContext(ctx, `INSERT INTO articles (feed_id, guid, url, title, author, published,
					first_seen, sort_time, content, html, links, lang, dir, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, '')`)
				if err != nil {
					b.Fatal(err)
				}
				insFTS, err := tx.PrepareContext(ctx, `INSERT INTO articles_fts (rowid, title, body, feed, author) VALUES (?, ?, ?, ?, ?)`)
				if err != nil {
					b.Fatal(err)
				}
				insTag, err := tx.PrepareContext(ctx, `INSERT INTO article_tags (article_id, tag_id, source, terms, sort_time) VALUES (?, ?, 'auto', '[]', ?)`)
				if err != nil {
					b.Fatal(err)
				}
				var ids []int64
				var its []*feeds.Item
				for _, p := range ps {
					for k := range p.items {
						it := &p.items[k]
						t := it.Published.Unix()
						r, err := ins.ExecContext(ctx, feedID, fmt.Sprintf("%d/%s", round, it.GUID), it.URL, it.Title, it.Author,
							t, t, t, it.Content, it.HTML, it.Lang, it.Dir)
						if err != nil {
							b.Fatal(err)
						}
						id, _ := r.LastInsertId()
						ids, its = append(ids, id), append(its, it)
						if !tags {
							continue
						}
						for _, g := range it.Tags {
							if _, err := insTag.ExecContext(ctx, id, tagIDs[g.Name], t); err != nil {
								b.Fatal(err)
							}
						}
					}
				}
				if fts {
					for k, id := range ids {
						ix := its[k].Index
						if _, err := insFTS.ExecContext(ctx, id, ix.Title, ix.Body, "feed", ix.Author); err != nil {
							b.Fatal(err)
						}
					}
				}
				ins.Close()
				insFTS.Close()
				insTag.Close()
				if err := tx.Commit(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(total*b.N)/b.Elapsed().Seconds(), "items/s")
		})
	}
	b.Run("refetch-unchanged", func(b *testing.B) {
		// The same items again: the store compares hashes and writes
		// nothing but the feed's poll state.
		st, err := store.Open(filepath.Join(b.TempDir(), "ingest.db"))
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		ids := make([]int64, len(ps))
		for j, p := range ps {
			u := fmt.Sprintf("https://bench.example/%d", j)
			ids[j], _, err = st.AddFeed(ctx, store.NewFeed{URL: u})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := st.SaveResult(ctx, feeds.Result{FeedID: ids[j], URL: u, Meta: p.meta, Items: p.items}); err != nil {
				b.Fatal(err)
			}
		}
		b.ResetTimer()
		for b.Loop() {
			for j, p := range ps {
				if _, err := st.SaveResult(ctx, feeds.Result{FeedID: ids[j], URL: "u", Meta: p.meta, Items: p.items}); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(total*b.N)/b.Elapsed().Seconds(), "items/s")
	})
}

// fetchFixture serves n generated feeds of k items on 127.0.0.1 and
// returns the set, the server and the poller to fetch them with (the
// built-in tagging rules, default limits).
func fetchFixture(b *testing.B, n, k int) (*devfeeds.Set, *devfeeds.Server, *feeds.Poller) {
	b.Helper()
	set := devfeeds.New(devfeeds.Options{Feeds: n, Items: k, Seed: 1,
		EnglishWords: devdata.EnglishVocabulary(1), ArabicWords: devdata.ArabicVocabulary(1)})
	srv, err := devfeeds.Serve(set, "127.0.0.1:0", 1)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { srv.Close() })
	return set, srv, feeds.NewPoller(feeds.DefaultConfig(), topics.New(topics.DefaultRules()))
}

// subscribe opens a new database subscribed to urls.
func subscribe(b *testing.B, urls []string) *store.Store {
	b.Helper()
	st, err := store.Open(filepath.Join(b.TempDir(), fmt.Sprintf("fetch-%d.db", len(urls))))
	if err != nil {
		b.Fatal(err)
	}
	var subs []store.NewFeed
	for _, u := range urls {
		subs = append(subs, store.NewFeed{URL: u})
	}
	if _, err := st.Import(context.Background(), subs, nil); err != nil {
		b.Fatal(err)
	}
	return st
}

func refresh(b *testing.B, st *store.Store, p *feeds.Poller) store.RefreshSummary {
	b.Helper()
	sum, err := st.Refresh(context.Background(), p, nil)
	if err != nil {
		b.Fatal(err)
	}
	if sum.Failed > 0 {
		b.Fatalf("%d feeds failed: %v", sum.Failed, sum.Errors[0].Err)
	}
	return sum
}

// BenchmarkFetch polls 100 generated feeds of 50 items on loopback through
// the real poller (HTTP, gzip, parse, tag) into the store, as `nashra
// fetch` does: "new" into an empty database (5,000 new items), "304" again
// when every server answers Not Modified, and "changed=K" when K feeds
// each gained one item (the others answer 304): the cost should grow with
// K, the number of changed items, not with the number of feeds or stored
// articles.
func BenchmarkFetch(b *testing.B) {
	set, srv, p := fetchFixture(b, 100, 50)
	urls := srv.URLs()
	b.Run("new", func(b *testing.B) {
		items := 0
		for b.Loop() {
			b.StopTimer()
			st := subscribe(b, urls)
			b.StartTimer()
			items += refresh(b, st, p).New
			b.StopTimer()
			st.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(items)/b.Elapsed().Seconds(), "items/s")
	})
	st := subscribe(b, urls)
	defer st.Close()
	refresh(b, st, p)
	b.Run("304", func(b *testing.B) {
		for b.Loop() {
			if sum := refresh(b, st, p); sum.New != 0 {
				b.Fatalf("%d new", sum.New)
			}
		}
	})
	for _, k := range []int{1, 10, 100} {
		b.Run(fmt.Sprintf("changed=%d", k), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				set.Bump(k, 1)
				b.StartTimer()
				if sum := refresh(b, st, p); sum.New != k {
					b.Fatalf("%d new, want %d", sum.New, k)
				}
			}
		})
	}
}

// BenchmarkSaveLargeFeed saves one feed of 20,000 items (parsed, tagged and
// analyzed ahead, as Refresh hands them to its writer) and reports how
// long the write transaction holds the database's write lock: what another
// writer — the TUI marking an article read, a second fetch — waits at most
// behind it (see store.Open's busy timeout). "new" stores them into a new
// feed; "changed" stores them again over the same feed with every item
// edited, so that each one is rewritten (article, full-text row, tags).
func BenchmarkSaveLargeFeed(b *testing.B) {
	const n = 20000
	p := feeds.NewPoller(feeds.DefaultConfig(), topics.New(topics.DefaultRules()))
	ctx := context.Background()
	set := devfeeds.New(devfeeds.Options{Feeds: 1, Items: n, Seed: 1,
		EnglishWords: devdata.EnglishVocabulary(1), ArabicWords: devdata.ArabicVocabulary(1)})
	res := p.ParseBody(ctx, feeds.Request{URL: "http://127.0.0.1/feed"}, set.Body(0), "", "http://127.0.0.1/feed")
	if res.Err != nil || len(res.Items) != n {
		b.Fatalf("%v, %d items", res.Err, len(res.Items))
	}
	edited := func(round int) []feeds.Item {
		items := make([]feeds.Item, len(res.Items))
		for i, it := range res.Items {
			it.Title = fmt.Sprintf("%s (%d)", it.Title, round)
			items[i] = it
		}
		return items
	}
	for _, changed := range []bool{false, true} {
		name := "new"
		if changed {
			name = "changed"
		}
		b.Run(name, func(b *testing.B) {
			st, err := store.Open(filepath.Join(b.TempDir(), "large.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			id, _, err := st.AddFeed(ctx, store.NewFeed{URL: "http://127.0.0.1/feed"})
			if err != nil {
				b.Fatal(err)
			}
			if changed {
				if _, err := st.SaveResult(ctx, feeds.Result{FeedID: id, URL: "u", Items: res.Items}); err != nil {
					b.Fatal(err)
				}
			}
			round := 0
			var held time.Duration
			for b.Loop() {
				round++
				r := feeds.Result{FeedID: id, URL: "u", Items: edited(round)}
				if !changed {
					b.StopTimer()
					u := fmt.Sprintf("http://127.0.0.1/feed?%d", round)
					if r.FeedID, _, err = st.AddFeed(ctx, store.NewFeed{URL: u}); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				d, err := st.SaveTimed(ctx, r)
				if err != nil {
					b.Fatal(err)
				}
				held += d
			}
			b.ReportMetric(float64(held.Milliseconds())/float64(b.N), "ms-locked/feed")
		})
	}
}
