package ui

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/store"
)

// screen follows a running program's output. waitFor polls it (it never
// sleeps a fixed time for the program to get somewhere): each call sees the
// output written since the previous call matched.
type screen struct {
	tm  *teatest.TestModel
	buf bytes.Buffer
}

func startUI(t *testing.T, o Options, w, h int) *screen {
	t.Helper()
	if o.Topics == nil {
		o.Topics = fixtureTopics{}
	}
	if o.Now == nil {
		o.Now = fixtureNow
	}
	tm := teatest.NewTestModel(t, New(o), teatest.WithInitialTermSize(w, h))
	return &screen{tm: tm}
}

// waitFor polls the output until cond holds for the text written since the
// last match (ANSI sequences stripped), or fails after 10 s. Everything
// one action causes is best waited for in one call, since a match consumes
// the output read so far.
func (s *screen) waitFor(t *testing.T, what string, cond func(string) bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := s.buf.ReadFrom(s.tm.Output()); err != nil {
			t.Fatalf("reading the program's output: %v", err)
		}
		text := ansi.Strip(s.buf.String())
		if cond(text) {
			s.buf.Reset()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: not seen; output since the last match:\n%s", what, text)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitText waits until every one of subs has been drawn.
func (s *screen) waitText(t *testing.T, subs ...string) {
	t.Helper()
	s.waitFor(t, fmt.Sprintf("%q", subs), func(text string) bool {
		for _, sub := range subs {
			if !strings.Contains(text, sub) {
				return false
			}
		}
		return true
	})
}

// typeText types s rune by rune (teatest's Type sends bytes, which breaks
// non-ASCII text).
func (s *screen) typeText(text string) {
	for _, r := range text {
		s.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func (s *screen) keys(ks ...string) {
	for _, k := range ks {
		s.tm.Send(keyMsg(k))
	}
}

func (s *screen) quit(t *testing.T) *Model {
	t.Helper()
	s.keys("q")
	return s.tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*Model)
}

// The end-to-end check: open a store, move to an Arabic article,
// star it, tag it, quit; the database has both.
func TestStarAndTagArabicArticle(t *testing.T) {
	s := openStore(t)
	_, ids := fillStore(t, s)
	sc := startUI(t, Options{Store: s}, 160, 50)
	sc.waitText(t, " 1/5", "Chip makers race")

	// Newest first: en-1, en-2, ar-1 (the third row).
	sc.keys("j", "j")
	sc.waitText(t, " 3/5")
	sc.keys("enter")
	sc.waitText(t, "Reporter Amal") // the reader shows ar-1's author
	sc.keys("s")
	sc.waitText(t, "starred")
	sc.keys("t")
	sc.waitText(t, "tags>")
	sc.typeText("مهم ai-watch")
	sc.keys("enter")
	sc.waitText(t, "+ai-watch")
	sc.quit(t)

	a, err := s.Article(context.Background(), ids["ar-1"])
	if err != nil {
		t.Fatal(err)
	}
	if !a.Starred {
		t.Error("the Arabic article is not starred in the database")
	}
	if !a.Read {
		t.Error("opening the article did not mark it read")
	}
	user := map[string]bool{}
	for _, tg := range a.Tags {
		if tg.Source == "user" {
			user[tg.Name] = true
		}
	}
	for _, want := range []string{"مهم", "ai-watch"} {
		if !user[want] {
			t.Errorf("user tag %q missing; tags: %+v", want, a.Tags)
		}
	}
	for _, other := range []string{"en-1", "en-2", "ar-2"} {
		b, err := s.Article(context.Background(), ids[other])
		if err != nil {
			t.Fatal(err)
		}
		if b.Starred || len(b.Tags) > 1 {
			t.Errorf("%s changed too: starred=%v tags=%+v", other, b.Starred, b.Tags)
		}
	}
}

func TestFilter(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	sc := startUI(t, Options{Store: s}, 160, 50)
	sc.waitText(t, " 1/5")

	sc.keys("/")
	sc.waitText(t, "/ ", "enter applies")
	sc.typeText("lang:ar")
	sc.keys("enter")
	sc.waitText(t, "All / lang:ar", " 1/2")

	// A malformed query is reported while typed and not applied.
	sc.keys("/", "ctrl+u")
	sc.typeText("is:bogus")
	sc.waitText(t, "is:bogus: expected is:unread")
	sc.keys("enter") // stays open: the error is still there
	sc.keys("esc")
	sc.waitText(t, "? help")

	m := sc.quit(t)
	if m.query != "lang:ar" {
		t.Errorf("filter after a rejected query = %q, want lang:ar", m.query)
	}
	if m.list.total != 2 {
		t.Errorf("list total = %d, want 2 (the Arabic articles)", m.list.total)
	}
	for _, a := range m.list.rows {
		if a.Lang != "ar" {
			t.Errorf("filtered list holds %q (lang %s)", a.Title, a.Lang)
		}
	}
}

func TestHideRead(t *testing.T) {
	s := openStore(t)
	_, ids := fillStore(t, s)
	if err := s.SetRead(context.Background(), true, ids["en-1"], ids["ar-2"]); err != nil {
		t.Fatal(err)
	}
	sc := startUI(t, Options{Store: s}, 160, 50)
	sc.waitText(t, " 1/5")
	// The cursor keeps its article across u, or goes to the next one when
	// hiding read articles takes it out: en-1 (read) gives way to en-2,
	// which is row 2 of all five again after the second u (QA: u sent
	// the cursor back to the top).
	sc.keys("u")
	sc.waitText(t, " unread 1/3")
	sc.keys("u")
	sc.waitText(t, " 2/5")
	sc.keys("u")
	sc.waitText(t, " unread 1/3")
	m := sc.quit(t)
	if a := m.list.current(); a == nil || a.GUID != "en-2" {
		t.Errorf("cursor on %+v after u u u, want en-2", a)
	}
	for _, a := range m.list.rows {
		if a.Read {
			t.Errorf("hide-read list shows read article %q", a.Title)
		}
	}
}

// fakePoller answers every request from a table of results by feed URL
// and records the URLs it was asked for.
type fakePoller struct {
	results map[string]feeds.Result
	mu      *sync.Mutex
	asked   *[]string
}

func (p fakePoller) PollAll(ctx context.Context, reqs []feeds.Request, each func(feeds.Result)) {
	for _, r := range reqs {
		if p.mu != nil {
			p.mu.Lock()
			*p.asked = append(*p.asked, r.URL)
			p.mu.Unlock()
		}
		res, ok := p.results[r.URL]
		if !ok {
			res = feeds.Result{NotModified: true}
		}
		res.FeedID, res.URL = r.FeedID, r.URL
		each(res)
	}
}

func TestRefreshShowsFeedErrors(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	pub := fixtureBase.Add(time.Hour)
	p := fakePoller{results: map[string]feeds.Result{
		fixtureFeeds[0].url: {Err: errors.New("HTTP 503 Service Unavailable")},
		fixtureFeeds[1].url: {Meta: feeds.Meta{Title: fixtureFeeds[1].title}, Items: []feeds.Item{{
			GUID: "ar-new", Title: "خبر جديد عن الرقائق", Published: &pub, Lang: "ar", Dir: "rtl",
			Content: "نص الخبر.", URL: "https://akhbar.example/ar-new"}}},
	}}
	sc := startUI(t, Options{Store: s, Poller: p}, 160, 50)
	sc.waitText(t, " 1/5")
	sc.keys("R")
	// The new article is listed above the cursor's.
	sc.waitText(t, "refreshed 2 feeds: 1 ok, 1 failed, 1 new article", " 2/6")
	sc.keys("e")
	sc.waitText(t, "Feeds with errors", "HTTP 503 Service Unavailable", fixtureFeeds[0].url)
	sc.keys("q") // closes the errors screen
	sc.waitText(t, "Chip makers race")
	m := sc.quit(t)

	f, err := s.FeedByURL(context.Background(), fixtureFeeds[0].url)
	if err != nil {
		t.Fatal(err)
	}
	if f.LastError == "" {
		t.Error("the failed feed has no error in the store")
	}
	bad := m.feeds.feedsWithErrors()
	if len(bad) != 1 || bad[0].URL != fixtureFeeds[0].url {
		t.Errorf("feeds pane marks %v as failing, want only %s", bad, fixtureFeeds[0].url)
	}
}

func TestPagingManyArticles(t *testing.T) {
	s := openStore(t)
	fillMany(t, s, 500)
	sc := startUI(t, Options{Store: s}, 160, 50)
	sc.waitText(t, " 1/500", "Item 1:")
	sc.keys("G")
	sc.waitText(t, " 500/500", "Item 500:")
	sc.keys("k")
	sc.waitText(t, " 499/500")
	sc.keys("g")
	sc.waitText(t, " 1/500")
	// Ten pages down: the list is 47 rows high at 50 lines (header,
	// pane title and status bar take three), so the cursor lands on 471,
	// whatever the timing of the pages fetched on the way.
	for range 10 {
		sc.keys("pgdown")
	}
	sc.waitText(t, " 471/500")
	for range 10 {
		sc.keys("pgup")
	}
	sc.waitText(t, " 1/500", "Item 1:")
	for range 10 {
		sc.keys("pgdown")
	}
	sc.waitText(t, " 471/500")
	m := sc.quit(t)
	if n := len(m.list.rows); n > m.list.maxWindow() {
		t.Errorf("the list holds %d rows, more than its window of %d", n, m.list.maxWindow())
	}
	if a := m.list.current(); a == nil || a.GUID != "bulk-471" {
		t.Errorf("cursor on %+v, want bulk-471", a)
	}
}

func TestNoticesOtherWriters(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	sc := startUI(t, Options{Store: s}, 160, 50)
	sc.waitText(t, " 1/5")
	sc.keys("j", "j")
	sc.waitText(t, " 3/5")

	// Another connection (as `nashra fetch` from cron would) adds a newer
	// article; the list picks it up and the cursor stays on its article.
	other, err := store.Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	f, err := other.FeedByURL(context.Background(), fixtureFeeds[0].url)
	if err != nil {
		t.Fatal(err)
	}
	pub := fixtureBase.Add(time.Hour)
	if _, err := other.SaveResult(context.Background(), feeds.Result{FeedID: f.ID, URL: f.URL,
		Meta: feeds.Meta{Title: fixtureFeeds[0].title}, Items: []feeds.Item{{GUID: "cron-1",
			Title: "Fetched from cron while the TUI ran", Published: &pub, Lang: "en", Dir: "ltr"}}}); err != nil {
		t.Fatal(err)
	}
	sc.waitText(t, "Fetched from cron", " 4/6")
	m := sc.quit(t)
	if a := m.list.current(); a == nil || a.GUID != "ar-1" {
		t.Errorf("cursor on %+v after the reload, want ar-1", a)
	}
}

func TestWhyShowsTerms(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	sc := startUI(t, Options{Store: s}, 160, 50)
	sc.waitText(t, " 1/5")
	sc.keys("w")
	sc.waitText(t, "Why these tags", "compute — Compute and infrastructure", "accelerators", "data centre")
	sc.keys("esc")
	sc.waitText(t, "Chip makers race")
	sc.quit(t)
}

func TestNextUnreadAndMarkAll(t *testing.T) {
	s := openStore(t)
	_, ids := fillStore(t, s)
	if err := s.SetRead(context.Background(), true, ids["en-1"], ids["en-2"]); err != nil {
		t.Fatal(err)
	}
	sc := startUI(t, Options{Store: s}, 160, 50)
	sc.waitText(t, " 1/5")
	sc.keys("n") // the first unread after en-1 is ar-1
	sc.waitText(t, " 3/5", "Reporter Amal")
	sc.keys("M") // asks first, with the count: ar-2 and en-3
	sc.waitText(t, "Mark 2 unread articles in All read? (y/n)")
	sc.keys("y")
	sc.waitText(t, "marked 2 articles read")
	sc.quit(t)
	tot, err := s.Totals(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if tot.Unread != 0 {
		t.Errorf("%d unread after M", tot.Unread)
	}
}

// syncBuffer is a bytes.Buffer safe for the program's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func TestCopyLinkOSC52(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	var clip syncBuffer
	sc := startUI(t, Options{Store: s, Clipboard: &clip}, 160, 50)
	sc.waitText(t, " 1/5")
	sc.keys("y")
	sc.waitText(t, "copied https://tech.example/en-1")
	sc.quit(t)
	want := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte("https://tech.example/en-1")) + "\a"
	if got := clip.String(); got != want {
		t.Errorf("clipboard got %q, want %q", got, want)
	}
}

func TestOpenLinkRunsBrowserWithArguments(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "args")
	script := filepath.Join(dir, "fake browser")
	// The fake browser records its arguments, one per line.
	if err := os.WriteFile(script, []byte("#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done > \""+out+".tmp\"\nmv \""+out+".tmp\" \""+out+"\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	s := openStore(t)
	fillStore(t, s)
	browser := fmt.Sprintf("'%s' --new-tab 'a b'", script)
	sc := startUI(t, Options{Store: s, Browser: browser}, 160, 50)
	sc.waitText(t, " 1/5")
	sc.keys("enter") // open en-1 in the reader: it has one link in its text
	sc.waitText(t, "the supplier report")
	sc.keys("1", "o")
	sc.waitText(t, "opened https://tech.example/report")
	var got []byte
	deadline := time.Now().Add(10 * time.Second)
	for {
		var err error
		if got, err = os.ReadFile(out); err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	sc.quit(t)
	if want := "--new-tab\na b\nhttps://tech.example/report\n"; string(got) != want {
		t.Errorf("browser got arguments %q, want %q", got, want)
	}
}

func TestRefreshOneFeed(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	var mu sync.Mutex
	var asked []string
	p := fakePoller{mu: &mu, asked: &asked}
	sc := startUI(t, Options{Store: s, Poller: p}, 160, 50)
	sc.waitText(t, " 1/5")
	sc.keys("esc", "G") // the feeds pane, its last item: Compute Weekly
	sc.waitText(t, "Compute Weekly", " 1/3")
	sc.keys("r")
	sc.waitText(t, "refreshed Compute Weekly: 0 new articles") // one feed: named
	sc.quit(t)
	mu.Lock()
	defer mu.Unlock()
	if want := []string{fixtureFeeds[0].url}; !reflect.DeepEqual(asked, want) {
		t.Errorf("r polled %q, want %q", asked, want)
	}
}

func TestRefreshOnStartAndPeriodic(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	var mu sync.Mutex
	var asked []string
	p := fakePoller{mu: &mu, asked: &asked}
	sc := startUI(t, Options{Store: s, Poller: p, RefreshOnStart: true, RefreshInterval: 50 * time.Millisecond}, 160, 50)
	// The start and the timer refresh by themselves (quietly: nothing new).
	sc.waitFor(t, "three refreshes", func(string) bool {
		mu.Lock()
		defer mu.Unlock()
		return len(asked) >= 6
	})
	sc.quit(t)
}

// TestTagNameStaysInItsField checks that a tag name holding bidi
// formatting characters (stored before AddTag took them out) reorders
// nothing: the why screen shows the name as typed and its "(your tag)"
// label as written (QA saw "olr" and "(gat ruoy)"), also when the name
// holds a stray POP DIRECTIONAL ISOLATE that would end its isolate.
func TestTagNameStaysInItsField(t *testing.T) {
	s := openStore(t)
	_, ids := fillStore(t, s)
	db := s.DB()
	if _, err := db.Exec(`INSERT INTO tags (name, kind) VALUES (?, 'user')`, "\u202Erlo\u2069"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO article_tags (article_id, tag_id, source, sort_time)
SELECT a.id, g.id, 'user', a.sort_time FROM articles a, tags g WHERE a.id = ? AND g.name = ?`, ids["en-1"], "\u202Erlo\u2069"); err != nil {
		t.Fatal(err)
	}
	sc := startUI(t, Options{Store: s}, 160, 50)
	sc.waitText(t, " 1/5")
	sc.keys("w")
	sc.waitText(t, "Why these tags", "rlo  (your tag)")
	sc.keys("esc")
	sc.waitText(t, "Chip makers race")
	sc.quit(t)
}
