package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nashra-reader/nashra/feeds/arabic"
	"github.com/nashra-reader/nashra/store"
	"github.com/nashra-reader/nashra/store/devdata"
)

// The benchmark database: 100,000 articles in 500 feeds, a third Arabic,
// generated once by devdata and cached under os.TempDir().
var benchDB = struct {
	once sync.Once
	st   *store.Store
	err  error
}{}

const benchSeed = 1

func openBenchDB(b *testing.B) *store.Store {
	b.Helper()
	benchDB.once.Do(func() {
		ctx := context.Background()
		var path string
		path, benchDB.err = devdata.CachedPath(ctx, devdata.Options{Articles: 100_000, Feeds: 500, Seed: benchSeed})
		if benchDB.err == nil {
			benchDB.st, benchDB.err = store.Open(path)
		}
	})
	if benchDB.err != nil {
		b.Fatal(benchDB.err)
	}
	return benchDB.st
}

// benchTerms picks query words by frequency rank in the generator's
// vocabularies (Zipf-distributed, so rank fixes the class): very common
// (ranks 0–3: the, of, and, to; في، من، على، إلى — each in most of the
// articles of its language), medium (ranks 100–103, in 2–10% of all
// articles) and rare (ranks 15000–15003, in a few dozen).
func benchTerms(class string) []string {
	en := devdata.EnglishVocabulary(benchSeed)
	ar := devdata.ArabicVocabulary(benchSeed)
	from := map[string]int{"common": 0, "medium": 100, "rare": 15000}[class]
	var out []string
	for i := from; i < from+4; i++ {
		out = append(out, en[i], ar[i])
	}
	return out
}

func percentile(d []time.Duration, p float64) float64 {
	s := slices.Clone(d)
	slices.Sort(s)
	i := int(float64(len(s)-1) * p)
	return float64(s[i].Microseconds()) / 1000
}

// BenchmarkSearch measures one search (a page of 50 hits with snippets, as
// the TUI asks for) per iteration over the 100,000-article database, per
// term class and order, and reports the latency percentiles p50-ms and
// p95-ms, and the document frequencies of the class's words (df-min,
// df-max). Run with -benchtime=200x or more for stable percentiles.
func BenchmarkSearch(b *testing.B) {
	st := openBenchDB(b)
	ctx := context.Background()
	for _, class := range []string{"rare", "medium", "common"} {
		terms := benchTerms(class)
		dfMin, dfMax := int64(1)<<62, int64(0)
		for _, w := range terms {
			var df int64
			st.DB().QueryRow(`SELECT doc FROM articles_fts_terms WHERE term = ?`, strings.Join(arabic.QueryTerms(w), " ")).Scan(&df)
			dfMin, dfMax = min(dfMin, df), max(dfMax, df)
		}
		for _, kind := range []string{"relevance", "date", "list"} {
			b.Run(class+"/"+kind, func(b *testing.B) {
				lat := make([]time.Duration, 0, b.N)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					q := terms[i%len(terms)]
					t0 := time.Now()
					var n int
					var err error
					switch kind {
					case "relevance", "date":
						sort := store.SortDate
						if kind == "relevance" {
							sort = store.SortRelevance
						}
						var hits []store.Hit
						hits, err = st.Search(ctx, store.View{Query: q}, sort, 50, 0)
						n = len(hits)
					case "list":
						var arts []store.Article
						arts, err = st.List(ctx, store.View{Query: q}, store.Page{Limit: 50})
						n = len(arts)
					}
					lat = append(lat, time.Since(t0))
					if err != nil || n == 0 {
						b.Fatalf("%s %q: %d hits, %v", kind, q, n, err)
					}
				}
				b.StopTimer()
				b.ReportMetric(percentile(lat, 0.50), "p50-ms")
				b.ReportMetric(percentile(lat, 0.95), "p95-ms")
				b.ReportMetric(float64(dfMin), "df-min")
				b.ReportMetric(float64(dfMax), "df-max")
				b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "procs")
			})
		}
	}
}

// BenchmarkSearchMixed runs a realistic mix: two-word queries, phrases,
// Arabic spelling variants and operators, over both orders.
func BenchmarkSearchMixed(b *testing.B) {
	st := openBenchDB(b)
	ctx := context.Background()
	en := devdata.EnglishVocabulary(benchSeed)
	ar := devdata.ArabicVocabulary(benchSeed)
	queries := []string{
		"الكتاب", "وكتاب", "أحمد", "OpenAI", "nvidia chips", `"open source"`, "model -the",
		"tag:open-source lang:ar", "tag:compute " + ar[120], "is:unread " + en[300], en[50] + " OR " + en[5000],
		"feed:daily " + en[150], "since:2025-01-01 " + ar[60], `"الذكاء الاصطناعي"`,
	}
	lat := make([]time.Duration, 0, b.N)
	for i := 0; i < b.N; i++ {
		q := queries[i%len(queries)]
		sort := store.SortRelevance
		if i/len(queries)%2 == 1 {
			sort = store.SortDate
		}
		t0 := time.Now()
		if _, err := st.Search(ctx, store.View{Query: q}, sort, 50, 0); err != nil {
			b.Fatalf("%q: %v", q, err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	b.ReportMetric(percentile(lat, 0.50), "p50-ms")
	b.ReportMetric(percentile(lat, 0.95), "p95-ms")
}

// BenchmarkSavedSearchCounts measures SavedSearches (the virtual feeds'
// unread counts) with five typical saved searches.
func BenchmarkSavedSearchCounts(b *testing.B) {
	ctx := context.Background()
	// Saving writes: work on a copy of the cached database.
	src, err := devdata.CachedPath(ctx, devdata.Options{Articles: 100_000, Feeds: 500, Seed: benchSeed})
	if err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(src)
	if err != nil {
		b.Fatal(err)
	}
	dst := filepath.Join(b.TempDir(), "copy.db")
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(dst)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	for i, q := range []string{"tag:open-source", "tag:compute lang:ar", "nvidia OR إنفيديا", `"open source" -tag:open-source`, "feed:weekly is:starred"} {
		if _, err := st.SaveSearch(ctx, fmt.Sprint("bench ", i), q); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ss, err := st.SavedSearches(ctx)
		if err != nil || len(ss) < 5 {
			b.Fatal(ss, err)
		}
	}
}
