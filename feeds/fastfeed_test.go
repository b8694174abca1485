package feeds

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/nashra-reader/nashra/feeds/testcorpus"
)

// fastOutcome is everything Parse makes of one document, raw hashes
// included.
type fastOutcome struct {
	meta  Meta
	items []Item
	err   string
}

// parseBoth parses body once with the fast path enabled and once with
// gofeed only, and reports whether the fast path accepted the document
// (in either parseGofeed call of parseXMLDoc).
func parseBoth(body []byte, feedURL string) (fast, slow fastOutcome, accepted bool) {
	run := func() fastOutcome {
		d, err := parseDocument(body, "", feedURL, defaultMaxDecoded)
		if err != nil {
			return fastOutcome{err: err.Error()}
		}
		meta := d.meta()
		items, _ := d.items(meta, &rawHasher{salt: "fastfeed-test"})
		return fastOutcome{meta: meta, items: items}
	}
	fastFeedHook = func(ok bool) { accepted = accepted || ok }
	fast = run()
	fastFeedHook = nil
	useFastFeed = false
	slow = run()
	useFastFeed = true
	return fast, slow, accepted
}

// TestFastFeedSameAsGofeed holds the fast path (fastRSS, fastAtom) to gofeed's
// result on every document of the shared corpus and of testdata: whenever
// the fast path accepts a document, Parse must return the same Meta, the
// same Items (raw hashes included) and the same error as with gofeed
// alone. It logs how many documents the fast path accepted, per directory,
// and requires it to accept most RSS 2.0 and Atom 1.0 documents of the
// real-feed directories.
func TestFastFeedSameAsGofeed(t *testing.T) {
	roots := []string{"testdata"}
	if root, ok := testcorpus.Root(); ok {
		roots = append(roots, filepath.Join(root, "corpus"))
	}
	type tally struct{ docs, rss, accepted, rssAccepted, atom, atomAccepted int }
	counts := map[string]*tally{}
	for _, root := range roots {
		err := filepath.WalkDir(root, func(path string, de fs.DirEntry, err error) error {
			if err != nil || de.IsDir() {
				return err
			}
			body, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			dir := filepath.Join(filepath.Base(root), filepath.Dir(rel))
			fast, slow, accepted := parseBoth(body, "https://example.com/feed.xml")
			if !reflect.DeepEqual(fast, slow) {
				t.Errorf("%s: fast path (accepted %v) differs from gofeed:\nfast %s\nslow %s", path, accepted, describe(fast), describe(slow))
			}
			c := counts[dir]
			if c == nil {
				c = &tally{}
				counts[dir] = c
			}
			c.docs++
			isRSS := isRSS2(body)
			if isRSS {
				c.rss++
			}
			isAtom := isAtom1(body)
			if isAtom {
				c.atom++
			}
			if accepted {
				c.accepted++
				if isRSS {
					c.rssAccepted++
				}
				if isAtom {
					c.atomAccepted++
				}
			}
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
	}
	dirs := make([]string, 0, len(counts))
	for d := range counts {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		c := counts[d]
		t.Logf("%-36s %4d documents, fast path accepted %4d; RSS 2.0: %4d of %4d; Atom 1.0 without xml:base: %4d of %4d", d, c.docs, c.accepted, c.rssAccepted, c.rss, c.atomAccepted, c.atom)
	}
	// The real-feed directories: most of their RSS 2.0 and Atom 1.0
	// documents must take the fast path, or it is not worth having.
	for _, group := range []string{"ai-news", "arabic", "english"} {
		var rss, accepted, atom, atomAccepted int
		for d, c := range counts {
			if parts := strings.Split(filepath.ToSlash(d), "/"); len(parts) > 1 && parts[0] == "corpus" && parts[1] == group {
				rss += c.rss
				accepted += c.rssAccepted
				atom += c.atom
				atomAccepted += c.atomAccepted
			}
		}
		t.Logf("corpus/%s: fast path accepted %d of %d RSS 2.0 documents, %d of %d Atom 1.0 documents without xml:base", group, accepted, rss, atomAccepted, atom)
		if accepted*10 < rss*7 {
			t.Errorf("corpus/%s: the fast path accepted only %d of %d RSS 2.0 documents", group, accepted, rss)
		}
		if atomAccepted*10 < atom*7 {
			t.Errorf("corpus/%s: the fast path accepted only %d of %d Atom 1.0 documents without xml:base", group, atomAccepted, atom)
		}
	}
}

// isRSS2 reports whether a document looks like RSS 2.0 at a glance.
func isRSS2(body []byte) bool {
	head := string(body[:min(len(body), 4096)])
	return strings.Contains(head, "<rss") && strings.Contains(head, "<channel")
}

// isAtom1 reports whether a document looks like Atom 1.0 at a glance and
// has no xml:base, which the fast path declines by design (gofeed then
// resolves relative links against it).
func isAtom1(body []byte) bool {
	head := string(body[:min(len(body), 4096)])
	return strings.Contains(head, "<feed") && strings.Contains(head, `xmlns="http://www.w3.org/2005/Atom"`) &&
		!strings.Contains(string(body), "xml:base")
}

func describe(o fastOutcome) string {
	var b strings.Builder
	b.WriteString("err=" + o.err)
	b.WriteString(" meta=" + strings.Join([]string{o.meta.Title, o.meta.SiteURL, o.meta.Language}, "|"))
	for i, it := range o.items {
		if i >= 3 {
			break
		}
		b.WriteString("\n  item: " + it.GUID + " | " + it.Title + " | " + it.URL + " | " + it.Author + " | " + it.RawHash)
	}
	return b.String()
}

// FuzzFastFeed compares the fast path with gofeed on arbitrary input and
// on mutations of the seeds: whatever the fast path accepts must parse to
// what gofeed makes of it.
func FuzzFastFeed(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T &amp; U</title><link>https://example.com/</link><language>ar</language><item><title><![CDATA[A <b>b</b>]]></title><link>https://example.com/a?x=1&amp;y=2</link><guid isPermaLink="false">g1</guid><pubDate>Mon, 02 Jan 2006 15:04:05 +0300</pubDate><dc:creator>Sam</dc:creator><description>&lt;p&gt;one&lt;/p&gt;</description><content:encoded><![CDATA[<p>two</p>]]></content:encoded><enclosure url="https://example.com/a.mp3" length="12" type="audio/mpeg"/></item></channel></rss>`))
	f.Add([]byte(`<rss><channel><item><guid>https://example.com/p/1</guid><author>me@example.com (Me)</author><pubDate>Tue, 03 Jan 2006 10:00:00 GMT</pubDate><dc:date>2006-01-03T10:00:00Z</dc:date></item><item><title>x</title><link href="/h"/></item></channel></rss>`))
	f.Add([]byte(`<rss version="2.0"><channel><title>x</title><!-- c --><item><title>A &eacute; &#1575; &foo; &amp</title><description><p>raw <b>html</b></p></description></item></channel></rss>`))
	f.Add([]byte(`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en" xmlns:media="http://search.yahoo.com/mrss/"><title type="text">T &amp; U</title><link rel="self" href="https://example.com/feed.xml"/><link href="https://example.com/"/><id>urn:x</id><entry><title type="html">A &lt;b&gt;b&lt;/b&gt;</title><link rel="alternate" type="text/html" href="https://example.com/a?x=1&amp;y=2"/><link rel="enclosure" href="https://example.com/a.mp3" length="12" type="audio/mpeg"/><id>https://example.com/a</id><published>2006-01-02T15:04:05+03:00</published><updated>2006-01-03T10:00:00Z</updated><author><name>Sam</name><email>s@example.com</email></author><summary>one</summary><content type="html"><![CDATA[<p>two</p>]]></content><media:thumbnail url="https://example.com/t.jpg"/></entry></feed>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x &eacute;</title><link href=" /rel"/><updated>2006-01-03T10:00:00.5Z</updated><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x</p></div></content></entry><entry><id>tag:a,2006:1</id><summary type="html">&lt;p&gt;s&lt;/p&gt;</summary><category term="c"/></entry></feed>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		fast, slow, accepted := parseBoth(body, "https://example.com/feed.xml")
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("fast path (accepted %v) differs from gofeed on %q:\nfast %s\nslow %s", accepted, body, describe(fast), describe(slow))
		}
	})
}
