package ui

// Benchmarks for issue 6 on a generated 100,000-article, 500-feed
// database (store/devdata, cached under os.TempDir()): the cost of one key
// press — Update, any page of rows it makes the list fetch (run here
// synchronously; the program runs it in a tea.Cmd) and View of the whole
// 160×50 frame — at the top of the list and deep in it, and the first
// frame after start.

import (
	"context"
	"fmt"
	"testing"

	"github.com/nashra-reader/nashra/store"
	"github.com/nashra-reader/nashra/store/devdata"
)

func openDevDB(b *testing.B, n int) *store.Store {
	b.Helper()
	path, err := devdata.CachedPath(context.Background(), devdata.Options{Articles: n, Feeds: 500, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	s, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkKeyPress100k moves through the list of all 100,000 articles
// one key at a time, rendering the frame after each key. "top" starts at
// the first article, "deep" at the last (after G); when a run reaches the
// other end it jumps back, outside the timer.
func BenchmarkKeyPress100k(b *testing.B) {
	s := openDevDB(b, 100_000)
	cases := []struct {
		name, key string
		deep      bool
	}{
		{"j/top", "j", false},
		{"pgdown/top", "pgdown", false},
		{"k/deep", "k", true},
		{"pgup/deep", "pgup", true},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			m := syncModel(b, s, 160, 50)
			start := func() {
				if c.deep {
					press(b, m, "G")
				} else {
					press(b, m, "g")
				}
			}
			start()
			if c.deep && m.list.position() != m.list.total {
				b.Fatalf("G went to %d of %d", m.list.position(), m.list.total)
			}
			b.ReportAllocs()
			for b.Loop() {
				if p := m.list.position(); (!c.deep && p > m.list.total-200) || (c.deep && p < 200) {
					b.StopTimer()
					start()
					b.StartTimer()
				}
				press(b, m, c.key)
				_ = m.View()
			}
		})
	}
}

// BenchmarkFirstFrame100k builds the model, loads the feeds pane and the
// first screen of the list (Init's commands, run synchronously) and
// renders the first frame: the work between start and the first complete
// frame, without the process start and the terminal.
func BenchmarkFirstFrame100k(b *testing.B) {
	s := openDevDB(b, 100_000)
	b.ReportAllocs()
	for b.Loop() {
		m := syncModel(b, s, 160, 50)
		if !m.feeds.loaded || !m.list.loaded {
			b.Fatal("not loaded")
		}
		_ = m.View()
		m.c.cancel()
	}
}

// BenchmarkFeedsPaneCounts10kVs100k loads the feeds pane (feeds, totals,
// tags, saved searches) on 10,000 and 100,000 articles: the two should
// cost about the same.
func BenchmarkFeedsPaneCounts10kVs100k(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		s := openDevDB(b, n)
		c := &common{ctx: context.Background(), store: s}
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				msg := c.loadFeedsCmd()().(feedsLoadedMsg)
				if msg.err != nil {
					b.Fatal(msg.err)
				}
			}
		})
	}
}
