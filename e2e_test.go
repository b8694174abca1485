package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/nashra-reader/nashra/feeds/testcorpus"
	"github.com/nashra-reader/nashra/store"
)

// corpusServer serves files over HTTP the way a plain static server does:
// a feed Content-Type without a charset parameter, a strong ETag, and 304
// for a matching If-None-Match. It counts responses by status, and a file
// can be replaced while it runs.
type corpusServer struct {
	*httptest.Server
	mu       sync.Mutex
	files    map[string][]byte // URL path -> body
	status   map[int]int
	requests atomic.Int64
}

func newCorpusServer(t *testing.T, files map[string][]byte) *corpusServer {
	cs := &corpusServer{files: files, status: map[int]int{}}
	cs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cs.requests.Add(1)
		cs.mu.Lock()
		body, ok := cs.files[r.URL.Path]
		cs.mu.Unlock()
		code := http.StatusOK
		defer func() {
			cs.mu.Lock()
			cs.status[code]++
			cs.mu.Unlock()
		}()
		if !ok {
			code = http.StatusNotFound
			http.NotFound(w, r)
			return
		}
		sum := sha256.Sum256(body)
		etag := `"` + hex.EncodeToString(sum[:8]) + `"`
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			code = http.StatusNotModified
			w.WriteHeader(code)
			return
		}
		ct := "application/xml"
		if strings.HasSuffix(r.URL.Path, ".json") {
			ct = "application/feed+json"
		}
		w.Header().Set("Content-Type", ct)
		w.Write(body)
	}))
	t.Cleanup(cs.Close)
	return cs
}

func (cs *corpusServer) set(path string, body []byte) {
	cs.mu.Lock()
	cs.files[path] = body
	cs.mu.Unlock()
}

func (cs *corpusServer) counts() map[int]int {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	out := map[int]int{}
	for k, v := range cs.status {
		out[k] = v
	}
	return out
}

func (cs *corpusServer) reset() {
	cs.mu.Lock()
	cs.status = map[int]int{}
	cs.mu.Unlock()
}

// nashra runs the command line in-process and returns its exit status and
// output.
func nashra(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, strings.NewReader(""), &o, &e)
	return code, o.String(), e.String()
}

// htmlText is the text of an HTML fragment (a title carrying markup is
// stored as its text).
func htmlText(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return s
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return b.String()
}

// canonicalURL compares links the way a browser would: a raw Unicode path
// and its percent-encoded form are the same URL.
func canonicalURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return s
	}
	return u.String()
}

// collapse folds runs of white space to one space, as the ingest sanitizer
// does for titles.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestEndToEnd is the end-to-end loop on real feeds: import an OPML list of
// corpus feeds served over HTTP, fetch, compare the stored articles with
// what gofeed reads from the same files, fetch again (conditional GET, no
// duplicates), keep user state across a changed item, and report a file
// that is not a feed as that feed's error.
func TestEndToEnd(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	root := testcorpus.Dir(t, "corpus")
	files := map[string][]byte{}
	var paths []string
	for _, dir := range []string{"english", "arabic", "ai-news"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".md") {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			urlPath := "/" + filepath.ToSlash(rel)
			files[urlPath] = data
			paths = append(paths, urlPath)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	sort.Strings(paths)
	srv := newCorpusServer(t, files)

	// What gofeed alone reads from each file: the oracle for counts, titles
	// and links. Files gofeed cannot read are checked only for not being lost.
	type want struct {
		titles, links []string
		n             int
	}
	oracle := map[string]*want{}
	notFeed := map[string]bool{}
	fp := gofeed.NewParser()
	for _, p := range paths {
		if strings.HasSuffix(p, ".expected") {
			notFeed[p] = true // KDE's expected-output dumps: plain text
			continue
		}
		f, err := fp.Parse(bytes.NewReader(files[p]))
		if err != nil || len(f.Items) == 0 {
			// gofeed cannot read it, or reads nothing from it (netnewswire's
			// ScriptingNews.json is RSS written as JSON, not a JSON Feed).
			continue
		}
		w := &want{n: len(f.Items)}
		for _, it := range f.Items {
			w.titles = append(w.titles, collapse(htmlText(it.Title)))
			w.links = append(w.links, canonicalURL(it.Link))
		}
		oracle[p] = w
	}
	if len(notFeed) == 0 || len(oracle) < 60 {
		t.Fatalf("corpus: %d files gofeed reads, %d non-feeds; expected the shared corpus layout", len(oracle), len(notFeed))
	}

	// An OPML list of every served file, in folders by corpus directory.
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<opml version=\"2.0\"><head><title>corpus</title></head><body>\n")
	for _, dir := range []string{"english", "arabic", "ai-news"} {
		fmt.Fprintf(&b, "<outline text=%q>\n", dir)
		for _, p := range paths {
			if strings.HasPrefix(p, "/"+dir+"/") {
				fmt.Fprintf(&b, "  <outline type=\"rss\" text=\"\" xmlUrl=\"%s%s\"/>\n", srv.URL, p)
			}
		}
		b.WriteString("</outline>\n")
	}
	b.WriteString("</body></opml>\n")
	dir := t.TempDir()
	opmlPath := filepath.Join(dir, "subs.opml")
	if err := os.WriteFile(opmlPath, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "nashra.db")

	code, out, errOut := nashra(t, "--db", db, "import", opmlPath)
	if code != 0 || !strings.Contains(out, fmt.Sprintf("imported %d feeds (%d new)", len(paths), len(paths))) {
		t.Fatalf("import: exit %d, %q %q", code, out, errOut)
	}
	code, out, _ = nashra(t, "import", opmlPath, "--db", db) // idempotent; flags after the arguments
	if code != 0 || !strings.Contains(out, fmt.Sprintf("imported %d feeds (0 new)", len(paths))) {
		t.Fatalf("second import: exit %d, %q", code, out)
	}

	// First fetch: the non-feeds fail (exit 3, one stderr line each).
	code, out, errOut = nashra(t, "--db", db, "fetch")
	if code != exitFeedsFailed {
		t.Fatalf("fetch: exit %d, want %d; %s %s", code, exitFeedsFailed, out, errOut)
	}
	for p := range notFeed {
		if !strings.Contains(errOut, srv.URL+p+": ") {
			t.Errorf("fetch stderr has no error line for the non-feed %s:\n%s", p, errOut)
		}
	}

	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	fs, err := st.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byURL := map[string]store.Feed{}
	for _, f := range fs {
		byURL[f.URL] = f
	}
	totalArticles := 0
	for _, p := range paths {
		f, ok := byURL[srv.URL+p]
		if !ok {
			t.Fatalf("feed %s not subscribed", p)
		}
		if notFeed[p] {
			if f.LastError == "" || f.Total != 0 {
				t.Errorf("%s: not a feed, yet error %q and %d articles", p, f.LastError, f.Total)
			}
			continue
		}
		w, ok := oracle[p]
		if !ok {
			// gofeed cannot read it; nashra must either store items or say why.
			if f.LastError == "" && f.Total == 0 {
				t.Errorf("%s: no articles and no error", p)
			}
			continue
		}
		if f.LastError != "" {
			t.Errorf("%s: error %q on a file gofeed reads", p, f.LastError)
			continue
		}
		if f.Total != w.n {
			t.Errorf("%s: %d articles stored, gofeed reads %d items", p, f.Total, w.n)
		}
		arts, err := st.List(ctx, store.View{FeedID: f.ID}, store.Page{Limit: 10000})
		if err != nil {
			t.Fatal(err)
		}
		totalArticles += len(arts)
		gotTitles := map[string]int{}
		gotLinks := map[string]int{}
		for _, a := range arts {
			gotTitles[a.Title]++
			gotLinks[canonicalURL(a.URL)]++
		}
		for i, title := range w.titles {
			if gotTitles[title] == 0 {
				t.Errorf("%s: item %d title %q not stored", p, i, title)
			}
			if l := w.links[i]; l != "" && strings.HasPrefix(l, "http") && gotLinks[l] == 0 {
				t.Errorf("%s: item %d link %q not stored", p, i, l)
			}
		}
	}
	if totalArticles < 500 {
		t.Fatalf("only %d articles stored from the corpus", totalArticles)
	}

	// Second fetch: every feed that succeeded answers 304 (a failed one
	// kept no ETag), nothing new, no duplicates.
	failed := 0
	fs, _ = st.Feeds(ctx)
	for _, f := range fs {
		if f.LastError != "" {
			failed++
		}
	}
	srv.reset()
	code, out, _ = nashra(t, "--db", db, "fetch")
	if code != exitFeedsFailed || !strings.Contains(out, ", 0 new articles") {
		t.Fatalf("second fetch: exit %d, %q", code, out)
	}
	c := srv.counts()
	if c[http.StatusOK] != failed || c[http.StatusNotModified] != len(paths)-failed {
		t.Errorf("second fetch responses %v, want %d × 304 and %d × 200", c, len(paths)-failed, failed)
	}
	n, _ := st.Count(ctx, store.View{})
	if n != totalArticles {
		t.Errorf("%d articles after the second fetch, want %d", n, totalArticles)
	}

	// User state survives a changed item: star, tag, untag an automatic
	// tag, then the feed changes that item's text.
	var target store.Article
	var targetPath string
	for _, p := range paths {
		if !strings.HasPrefix(p, "/ai-news/") {
			continue
		}
		arts, _ := st.List(ctx, store.View{FeedID: byURL[srv.URL+p].ID}, store.Page{Limit: 50})
		for _, a := range arts {
			if a.Lang == "ar" && len(a.Tags) > 0 && a.Tags[0].Kind == "topic" {
				target, targetPath = a, p
				break
			}
		}
		if targetPath != "" {
			break
		}
	}
	if targetPath == "" {
		t.Fatal("no tagged Arabic article in ai-news")
	}
	removed := target.Tags[0].Name
	if err := st.SetStarred(ctx, true, target.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.AddTag(ctx, target.ID, "متابعة"); err != nil {
		t.Fatal(err)
	}
	if err := st.RemoveTag(ctx, target.ID, removed); err != nil {
		t.Fatal(err)
	}
	body := files[targetPath]
	title := []byte("<title>" + target.Title)
	if !bytes.Contains(body, title) {
		t.Fatalf("cannot find the title of %s in %s", target.GUID, targetPath)
	}
	srv.set(targetPath, bytes.Replace(body, title, []byte("<title>عاجل: "+target.Title), 1))
	code, out, _ = nashra(t, "fetch", "--db", db)
	if code != exitFeedsFailed || !strings.Contains(out, ", 0 new articles") {
		t.Fatalf("third fetch: exit %d, %q", code, out)
	}
	got, err := st.Article(ctx, target.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "عاجل: "+target.Title {
		t.Errorf("changed title not stored: %q", got.Title)
	}
	if !got.Starred {
		t.Error("star lost on update")
	}
	var tagNames []string
	for _, tg := range got.Tags {
		tagNames = append(tagNames, tg.Name)
		if tg.Name == removed {
			t.Errorf("automatic tag %s came back after the user removed it", removed)
		}
	}
	if !strings.Contains(strings.Join(tagNames, " "), "متابعة") {
		t.Errorf("user tag lost: %v", tagNames)
	}

	// The command line sees the same state.
	code, out, _ = nashra(t, "articles", "is:starred", "--json", "--db", db)
	if code != 0 {
		t.Fatalf("articles: exit %d", code)
	}
	var j articleJSON
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &j); err != nil {
		t.Fatalf("articles --json: %v: %q", err, out)
	}
	if j.ID != target.ID || !j.Starred || j.Dir != "rtl" || j.Lang == nil || *j.Lang != "ar" {
		t.Errorf("articles --json: %+v", j)
	}
	if err := st.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	_ = time.Second
}
