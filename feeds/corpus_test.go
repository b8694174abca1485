package feeds

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"

	"github.com/nashra-reader/nashra/feeds/testcorpus"
)

// contentTypeFor is the Content-Type the test servers send for a corpus
// file: a feed type chosen by extension, never a charset parameter (the
// charset must come from the document itself).
func contentTypeFor(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return "application/feed+json"
	case ".atom":
		return "application/atom+xml"
	case ".rss", ".rdf":
		return "application/rss+xml"
	}
	return "application/xml"
}

// serveDir serves every file under root at its slash path, with
// contentTypeFor and no charset. Files are read per request, in place.
func serveDir(t *testing.T, root string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rel := filepath.FromSlash(strings.TrimPrefix(r.URL.Path, "/"))
		b, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", contentTypeFor(rel))
		w.Write(b)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// corpusFiles lists the files under root (relative, slash-separated),
// sorted, skipping READMEs and KDE's .expected dumps.
func corpusFiles(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		base := strings.ToLower(d.Name())
		if strings.HasSuffix(base, ".md") || strings.HasSuffix(base, ".expected") {
			return nil
		}
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// escape builds the request URL path for a corpus file name.
func escapePath(rel string) string {
	return (&url.URL{Path: "/" + rel}).EscapedPath()
}

var looksLikeTag = regexp.MustCompile(`</?[a-zA-Z][a-zA-Z0-9]*[ />]`)

// normTitle reduces a title as nashra stores it (plain text) to what must
// agree with another reader: white space collapsed, invisible format
// characters (which the sanitizer removes from titles) dropped.
func normTitle(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) || unicode.IsControl(r) && !unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// normExpected reduces another reader's title to comparable text: when it
// holds markup (an HTML title kept as HTML), its visible text, by
// x/net/html's tokenizer (which also decodes entities); then normTitle.
func normExpected(s string) string {
	if looksLikeTag.MatchString(s) {
		s = htmlText(s)
	}
	return normTitle(s)
}

// htmlText is the text of the HTML s, entities decoded, tags dropped.
func htmlText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return b.String()
		}
		if tt == html.TextToken {
			b.Write(z.Text())
		}
	}
}

// normLink resolves a link from gofeed against the feed URL, as Parse does.
func normLink(base *url.URL, s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	return base.ResolveReference(u).String()
}

// TestRealFeedsAgainstGofeed polls every feed in the real-feed corpora
// over HTTP and checks the items against gofeed's own parse of the same
// bytes: the same number of items, and item by item the same title and
// link. Where gofeed itself fails (legacy charsets it cannot read), the
// feed must still give items.
func TestRealFeedsAgainstGofeed(t *testing.T) {
	for _, dir := range []string{"corpus/english", "corpus/arabic", "corpus/ai-news"} {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			root := testcorpus.Dir(t, dir)
			srv := serveDir(t, root)
			files := corpusFiles(t, root)
			p := NewPoller(Config{}, nil)
			var items, feedsOK int
			for _, rel := range files {
				raw, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
				if err != nil {
					t.Fatal(err)
				}
				feedURL := srv.URL + escapePath(rel)
				res := p.Poll(context.Background(), Request{URL: feedURL})
				if res.Err != nil {
					// Acceptable only for a file that is not a feed at all:
					// gofeed fails on it too, or finds no item in it.
					if g, gerr := gofeed.NewParser().Parse(bytes.NewReader(raw)); (gerr == nil && len(g.Items) > 0) ||
						!(errors.Is(res.Err, ErrNotFeed) || errors.Is(res.Err, ErrEmpty)) {
						t.Errorf("%s: %v", rel, res.Err)
					} else {
						t.Logf("%s: not a feed, as gofeed agrees: %v", rel, res.Err)
					}
					continue
				}
				feedsOK++
				items += len(res.Items)
				checkInvariants(t, rel, res.Meta, res.Items)

				want, gerr := gofeed.NewParser().Parse(bytes.NewReader(raw))
				if gerr != nil {
					t.Logf("%s: gofeed alone fails (%v); nashra reads %d items", rel, gerr, len(res.Items))
					if len(res.Items) == 0 {
						t.Errorf("%s: no items", rel)
					}
					continue
				}
				if len(res.Items) != len(want.Items) {
					t.Errorf("%s: %d items, gofeed has %d", rel, len(res.Items), len(want.Items))
					continue
				}
				base, _ := url.Parse(feedURL)
				for i, it := range res.Items {
					g := want.Items[i]
					if got, exp := normTitle(it.Title), normExpected(g.Title); got != exp {
						t.Errorf("%s item %d: title %q, gofeed %q", rel, i, got, exp)
					}
					link := g.Link
					if link == "" && len(g.Links) > 0 {
						link = g.Links[0]
					}
					if exp := normLink(base, link); it.URL != exp {
						t.Errorf("%s item %d: link %q, gofeed %q", rel, i, it.URL, exp)
					}
				}
			}
			t.Logf("%s: %d of %d feeds, %d items", dir, feedsOK, len(files), items)
			if feedsOK == 0 {
				t.Errorf("no feed read in %s", dir)
			}
		})
	}
}

// checkInvariants asserts what every parse result must satisfy: every
// display field sanitized, GUIDs present and unique, links absolute.
func checkInvariants(t *testing.T, name string, meta Meta, items []Item) {
	t.Helper()
	line := func(field, v string) {
		if SanitizeLine(v) != v {
			t.Errorf("%s: %s %q is not sanitized", name, field, v)
		}
	}
	line("feed title", meta.Title)
	line("site URL", meta.SiteURL)
	line("language", meta.Language)
	seen := map[string]bool{}
	for i, it := range items {
		if it.GUID == "" || seen[it.GUID] {
			t.Errorf("%s item %d: GUID %q empty or repeated", name, i, it.GUID)
		}
		seen[it.GUID] = true
		line("GUID", it.GUID)
		line("title", it.Title)
		line("URL", it.URL)
		line("author", it.Author)
		if SanitizeText(it.Content) != it.Content {
			t.Errorf("%s item %d: content not sanitized", name, i)
		}
		for _, l := range it.Links {
			line("link text", l.Text)
			line("link URL", l.URL)
			if !isWebURL(l.URL) {
				t.Errorf("%s item %d: content link %q is not absolute http(s)", name, i, l.URL)
			}
		}
		for _, e := range it.Enclosures {
			line("enclosure URL", e.URL)
			line("enclosure type", e.Type)
		}
		if it.Dir != "rtl" && it.Dir != "ltr" {
			t.Errorf("%s item %d: dir %q", name, i, it.Dir)
		}
	}
}
