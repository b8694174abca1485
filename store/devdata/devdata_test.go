package devdata

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/nashra-reader/nashra/store"
)

func TestGenerate(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	gen := func(name string) *store.Store {
		st, err := store.Open(filepath.Join(t.TempDir(), name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		if err := Generate(ctx, st, Options{Articles: 601, Feeds: 12, Seed: 7, Now: now}); err != nil {
			t.Fatal(err)
		}
		return st
	}
	st := gen("a.db")
	var total, arabic, undated, tagged, feeds int
	st.DB().QueryRow(`SELECT count(*), sum(lang = 'ar'), sum(published IS NULL) FROM articles`).Scan(&total, &arabic, &undated)
	st.DB().QueryRow(`SELECT count(DISTINCT article_id) FROM article_tags`).Scan(&tagged)
	st.DB().QueryRow(`SELECT count(*) FROM feeds`).Scan(&feeds)
	if total != 601 || feeds != 12 {
		t.Fatalf("%d articles in %d feeds, want 601 in 12", total, feeds)
	}
	if arabic < 150 || arabic > 250 {
		t.Errorf("%d Arabic articles of 601, want about a third", arabic)
	}
	if undated == 0 || tagged < 300 {
		t.Errorf("undated %d, tagged %d", undated, tagged)
	}
	// Searchable through the analyzer, in both scripts.
	for _, q := range []string{"the", "في", "الذكاء", "model"} {
		n, err := st.Count(ctx, store.View{Query: q})
		if err != nil || n == 0 {
			t.Errorf("%q: %d articles, %v", q, n, err)
		}
	}
	// Deterministic for a seed.
	other := gen("b.db")
	var t1, t2 string
	st.DB().QueryRow(`SELECT group_concat(title, '|') FROM (SELECT title FROM articles ORDER BY id LIMIT 50)`).Scan(&t1)
	other.DB().QueryRow(`SELECT group_concat(title, '|') FROM (SELECT title FROM articles ORDER BY id LIMIT 50)`).Scan(&t2)
	if t1 != t2 || t1 == "" {
		t.Error("two runs with one seed differ")
	}
}
