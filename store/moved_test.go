package store

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nashra-reader/nashra/feeds"
)

// rssDoc is a small RSS 2.0 document titled title with one item per GUID.
func rssDoc(title string, guids ...string) string {
	doc := `<?xml version="1.0"?><rss version="2.0"><channel><title>` + title + `</title>`
	for _, g := range guids {
		doc += `<item><title>Item ` + g + `</title><guid isPermaLink="false">` + g + `</guid><description>About ` + g + `.</description></item>`
	}
	return doc + `</channel></rss>`
}

func serveDoc(doc string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, doc)
	}
}

func redirectTo(path string, code int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, path, code) }
}

func mustFeed(t *testing.T, s *Store, id int64) Feed {
	t.Helper()
	f, err := s.Feed(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func norm(t *testing.T, u string) string {
	t.Helper()
	n, err := feeds.NormalizeURL(u)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRefreshMovedToSubscribedFeed: a second subscription whose address
// redirects permanently to a feed already subscribed stores none of that
// feed's items (they would be duplicates); it keeps its URL, its own
// articles and their read, starred and tag state, and reports the move as
// its error, on every refresh, until the user removes it. The feed it
// points at is untouched.
func TestRefreshMovedToSubscribedFeed(t *testing.T) {
	ctx := context.Background()
	var moved atomic.Bool
	mux := http.NewServeMux()
	mux.HandleFunc("/new", serveDoc(rssDoc("Frontier Models Weekly", "n1", "n2")))
	mux.HandleFunc("/to-existing", func(w http.ResponseWriter, r *http.Request) {
		if moved.Load() {
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
			return
		}
		serveDoc(rssDoc("Mirror", "own1"))(w, r)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	p := feeds.NewPoller(feeds.Config{}, nil)
	s := openTest(t)
	firstPoll := time.Unix(1_780_000_000, 0)
	clock := firstPoll
	s.now = func() time.Time { return clock }
	newURL, oldURL := norm(t, srv.URL+"/new"), norm(t, srv.URL+"/to-existing")
	a := addFeed(t, s, newURL)
	b := addFeed(t, s, oldURL)
	if sum, err := s.Refresh(ctx, p, nil); err != nil || sum.Failed != 0 || sum.New != 3 {
		t.Fatalf("first refresh: %+v, %v", sum, err)
	}
	own := mustArticleID(t, s, b, "own1")
	if err := s.SetStarred(ctx, true, own); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRead(ctx, true, own); err != nil {
		t.Fatal(err)
	}
	if err := s.AddTag(ctx, own, "keep-me"); err != nil {
		t.Fatal(err)
	}

	moved.Store(true)
	wantErr := "moved permanently to " + newURL + `, which is already subscribed (as "Frontier Models Weekly"); remove this feed`
	for round := 1; round <= 2; round++ { // the error stays, and nothing piles up
		clock = clock.Add(time.Hour)
		var evs []RefreshEvent
		sum, err := s.Refresh(ctx, p, func(ev RefreshEvent) { evs = append(evs, ev) })
		if err != nil {
			t.Fatal(err)
		}
		if sum.Failed != 1 || sum.OK != 1 || sum.New != 0 || len(sum.Errors) != 1 {
			t.Fatalf("round %d: summary %+v", round, sum)
		}
		ev := sum.Errors[0]
		if ev.Result.FeedID != b || ev.Result.URL != oldURL {
			t.Fatalf("round %d: the failed feed is %d (%s), want %d (%s)", round, ev.Result.FeedID, ev.Result.URL, b, oldURL)
		}
		if ev.Err == nil || ev.Err.Error() != wantErr {
			t.Fatalf("round %d: error %v\nwant %s", round, ev.Err, wantErr)
		}
		var me *MovedToSubscribedError
		if !errors.Is(ev.Err, ErrAlreadySubscribed) || !errors.As(ev.Err, &me) || me.FeedID != a {
			t.Errorf("round %d: error kind: %#v", round, ev.Err)
		}
		if ev.Saved != (SaveStats{}) {
			t.Errorf("round %d: saved %+v for the moved feed", round, ev.Saved)
		}

		fb := mustFeed(t, s, b)
		if fb.URL != oldURL || len(fb.Aliases) != 0 || fb.LastError != wantErr || fb.FeedTitle != "Mirror" {
			t.Errorf("round %d: moved feed: url %s aliases %v title %q error %q", round, fb.URL, fb.Aliases, fb.FeedTitle, fb.LastError)
		}
		if fb.LastPoll == nil || !fb.LastPoll.Equal(clock) || fb.LastOK == nil || !fb.LastOK.Equal(firstPoll) {
			t.Errorf("round %d: last poll %v, last ok %v; want %v and %v (the refused polls failed)", round, fb.LastPoll, fb.LastOK, clock, firstPoll)
		}
		if got := fmt.Sprint(listGUIDs(t, s, View{FeedID: b}, 100)); got != "[own1]" {
			t.Errorf("round %d: moved feed's articles %s, want only its own", round, got)
		}
		fa := mustFeed(t, s, a)
		if fa.URL != newURL || len(fa.Aliases) != 0 || fa.LastError != "" || fa.Total != 2 {
			t.Errorf("round %d: subscribed feed changed: %+v", round, fa)
		}
		if got := fmt.Sprint(listGUIDs(t, s, View{FeedID: a}, 100)); got != "[n1 n2]" {
			t.Errorf("round %d: subscribed feed's articles %s", round, got)
		}
	}
	got, err := s.Article(ctx, own)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Starred || !got.Read || len(got.Tags) != 1 || got.Tags[0].Name != "keep-me" {
		t.Errorf("user state of the moved feed's article lost: starred %v read %v tags %v", got.Starred, got.Read, got.Tags)
	}
	checkCounters(t, s, "after the refused move")

	// Once the user removes the second subscription, refreshing works.
	if err := s.RemoveFeed(ctx, b); err != nil {
		t.Fatal(err)
	}
	if sum, err := s.Refresh(ctx, p, nil); err != nil || sum.Failed != 0 || sum.Feeds != 1 {
		t.Fatalf("after removal: %+v, %v", sum, err)
	}
}

func mustArticleID(t *testing.T, s *Store, feedID int64, guid string) int64 {
	t.Helper()
	arts, err := s.List(context.Background(), View{FeedID: feedID}, Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if a.GUID == guid {
			return a.ID
		}
	}
	t.Fatalf("feed %d has no article %q", feedID, guid)
	return 0
}

// TestRefreshRedirects: a permanent redirect (301, 308) to an address no
// subscription has moves the feed there, keeping the old address as an
// alias; a temporary one (302, 307) keeps the feed where it is. Either way
// the items are stored and there is no error.
func TestRefreshRedirects(t *testing.T) {
	ctx := context.Background()
	mux := http.NewServeMux()
	mux.HandleFunc("/fresh", serveDoc(rssDoc("Fresh", "f1", "f2")))
	tests := []struct {
		path  string
		code  int
		moves bool
	}{
		{"/p301", http.StatusMovedPermanently, true},
		{"/p308", http.StatusPermanentRedirect, true},
		{"/t302", http.StatusFound, false},
		{"/t307", http.StatusTemporaryRedirect, false},
	}
	for _, tt := range tests {
		mux.HandleFunc(tt.path, redirectTo("/fresh", tt.code))
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	p := feeds.NewPoller(feeds.Config{}, nil)
	fresh := norm(t, srv.URL+"/fresh")
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			s := openTest(t)
			old := norm(t, srv.URL+tt.path)
			id := addFeed(t, s, old)
			sum, err := s.Refresh(ctx, p, nil)
			if err != nil || sum.Failed != 0 || sum.New != 2 {
				t.Fatalf("refresh: %+v, %v", sum, err)
			}
			f := mustFeed(t, s, id)
			wantURL, wantAliases := old, "[]"
			if tt.moves {
				wantURL, wantAliases = fresh, "["+old+"]"
			}
			if f.URL != wantURL || fmt.Sprint(f.Aliases) != wantAliases || f.LastError != "" {
				t.Errorf("feed after %d: url %s aliases %v error %q; want url %s aliases %s",
					tt.code, f.URL, f.Aliases, f.LastError, wantURL, wantAliases)
			}
			if got := fmt.Sprint(listGUIDs(t, s, View{FeedID: id}, 100)); got != "[f1 f2]" {
				t.Errorf("articles %s", got)
			}
		})
	}
}

// TestRefreshTwoFeedsMoveToOneURL is QA's case: two subscriptions whose
// addresses both redirect permanently to one address no subscription has.
// Whichever is saved first moves there; the other is refused as a
// duplicate, so the feed's items are stored once.
func TestRefreshTwoFeedsMoveToOneURL(t *testing.T) {
	ctx := context.Background()
	mux := http.NewServeMux()
	mux.HandleFunc("/new", serveDoc(rssDoc("Moved", "m1")))
	mux.HandleFunc("/old", redirectTo("/new", http.StatusMovedPermanently))
	mux.HandleFunc("/to-existing", redirectTo("/new", http.StatusMovedPermanently))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	s := openTest(t)
	newURL := norm(t, srv.URL+"/new")
	ids := []int64{addFeed(t, s, norm(t, srv.URL+"/old")), addFeed(t, s, norm(t, srv.URL+"/to-existing"))}
	sum, err := s.Refresh(ctx, feeds.NewPoller(feeds.Config{}, nil), nil)
	if err != nil || sum.OK != 1 || sum.Failed != 1 || sum.New != 1 {
		t.Fatalf("refresh: %+v, %v", sum, err)
	}
	var me *MovedToSubscribedError
	if !errors.As(sum.Errors[0].Err, &me) {
		t.Fatalf("error %v, want a *MovedToSubscribedError", sum.Errors[0].Err)
	}
	winner := me.FeedID
	for _, id := range ids {
		f := mustFeed(t, s, id)
		if id == winner {
			if f.URL != newURL || f.LastError != "" || f.Total != 1 {
				t.Errorf("moved feed: %+v", f)
			}
			continue
		}
		want := "moved permanently to " + newURL + `, which is already subscribed (as "Moved"); remove this feed`
		if f.URL == newURL || f.LastError != want || f.Total != 0 {
			t.Errorf("refused feed: url %s error %q total %d", f.URL, f.LastError, f.Total)
		}
	}
}

// TestSaveResultMovedToSubscribed covers what SaveResult does with a move
// to a taken URL without a server: the other feed may hold the URL as an
// alias (an address it moved from), the poll may be a 304, and the other
// feed may have no title yet.
func TestSaveResultMovedToSubscribed(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name        string
		notModified bool
		viaAlias    bool
		titled      bool
		want        string
	}{
		{"by URL", false, false, true,
			`moved permanently to https://c.example/feed, which is already subscribed (as "Example feed"); remove this feed`},
		{"by URL, untitled", false, false, false,
			`moved permanently to https://c.example/feed, which is already subscribed; remove this feed`},
		{"by alias", false, true, true,
			`moved permanently to https://c.example/feed, which is already subscribed (as "Example feed", now at https://c.example/v2); remove this feed`},
		{"by alias, untitled", false, true, false,
			`moved permanently to https://c.example/feed, which is already subscribed (now at https://c.example/v2); remove this feed`},
		{"not modified", true, false, true,
			`moved permanently to https://c.example/feed, which is already subscribed (as "Example feed"); remove this feed`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t)
			c := addFeed(t, s, "https://c.example/feed")
			if tt.titled {
				if _, err := s.SaveResult(ctx, sampleResult(c)); err != nil {
					t.Fatal(err)
				}
			}
			if tt.viaAlias {
				if _, err := s.SaveResult(ctx, feeds.Result{FeedID: c, URL: "https://c.example/feed", NotModified: true,
					MovedTo: "https://c.example/v2"}); err != nil {
					t.Fatal(err)
				}
			}
			b := addFeed(t, s, "https://b.example/feed")
			before := mustFeed(t, s, c)
			res := sampleResult(b)
			res.URL, res.MovedTo, res.ETag = "https://b.example/feed", "https://c.example/feed", `"other"`
			if tt.notModified {
				res.Items, res.NotModified = nil, true
			}
			st, err := s.SaveResult(ctx, res)
			if err == nil || err.Error() != tt.want || !errors.Is(err, ErrAlreadySubscribed) || st != (SaveStats{}) {
				t.Fatalf("SaveResult = %+v, %v\nwant error %s", st, err, tt.want)
			}
			fb := mustFeed(t, s, b)
			if fb.URL != "https://b.example/feed" || fb.LastError != tt.want || fb.Total != 0 || fb.FeedTitle != "" || fb.ETag != "" {
				t.Errorf("moved feed: %+v", fb)
			}
			after := mustFeed(t, s, c)
			if after.URL != before.URL || fmt.Sprint(after.Aliases) != fmt.Sprint(before.Aliases) || after.Total != before.Total {
				t.Errorf("subscribed feed changed: %+v, was %+v", after, before)
			}
			// A later successful poll without the move clears the error.
			if _, err := s.SaveResult(ctx, feeds.Result{FeedID: b, URL: "https://b.example/feed", NotModified: true}); err != nil {
				t.Fatal(err)
			}
			if fb := mustFeed(t, s, b); fb.LastError != "" {
				t.Errorf("error kept after a normal poll: %q", fb.LastError)
			}
		})
	}
}

// TestSaveResultMovesBackToOwnAlias: a feed redirected back to an address
// it moved from is not a duplicate of itself.
func TestSaveResultMovesBackToOwnAlias(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	id := addFeed(t, s, "https://x.example/a")
	for _, step := range []struct{ from, to string }{{"https://x.example/a", "https://x.example/b"}, {"https://x.example/b", "https://x.example/a"}} {
		if _, err := s.SaveResult(ctx, feeds.Result{FeedID: id, URL: step.from, NotModified: true, MovedTo: step.to}); err != nil {
			t.Fatalf("move %s -> %s: %v", step.from, step.to, err)
		}
	}
	f := mustFeed(t, s, id)
	if f.URL != "https://x.example/a" || fmt.Sprint(f.Aliases) != "[https://x.example/b]" || f.LastError != "" {
		t.Errorf("after moving back: url %s aliases %v error %q", f.URL, f.Aliases, f.LastError)
	}
}
