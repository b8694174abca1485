package store

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nashra-reader/nashra/feeds"
)

// A feed update's pages reach the database file by the Store's own
// checkpoint, soon after the commit, although the WAL holds far fewer pages
// than the connections' autocheckpoint backstop: the writer did not copy
// them itself. Closing the store stops the checkpointer and leaves the
// database whole.
func TestCheckpointsInBackground(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	fid := addFeed(t, s, "https://example.org/feed")
	size := func() int64 {
		t.Helper()
		fi, err := os.Stat(s.Path())
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	// Let the checkpoint of AddFeed's commit, checkpointDelay after it,
	// finish first.
	time.Sleep(checkpointDelay + 250*time.Millisecond)
	before := size()

	res := feeds.Result{FeedID: fid, URL: "https://example.org/feed"}
	body := strings.Repeat("Compute demand keeps growing across data centres. ", 80) // 4 KB
	for i := range 200 {
		res.Items = append(res.Items, feeds.Item{GUID: fmt.Sprint(i), Title: fmt.Sprint("Item ", i),
			Content: body, Lang: "en", Dir: "ltr"})
	}
	if _, err := s.SaveResult(ctx, res); err != nil {
		t.Fatal(err)
	}
	// 200 articles of 4 KB are about 100 pages: far below the backstop.
	deadline := time.Now().Add(10 * time.Second)
	for size() < before+500_000 {
		if time.Now().After(deadline) {
			t.Fatalf("database file still %d bytes (%d before the update): the update's pages were not checkpointed", size(), before)
		}
		time.Sleep(10 * time.Millisecond)
	}

	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if n, err := s2.Count(ctx, View{}); err != nil || n != 200 {
		t.Fatalf("after reopening: %d articles, %v; want 200", n, err)
	}
	if err := s2.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}
