// Package demo holds the sample feeds behind `nashra --demo` and serves them
// over HTTP on the loopback interface, so that the demo fetches them through
// the same poller (conditional GET, gzip, parsing) as real subscriptions.
//
// The feeds are embedded in the binary (data/): an Arabic RSS 2.0 feed, an
// Arabic Atom 1.0 feed, an English RSS 2.0 feed, an English Atom 1.0 feed and
// a small mixed-language JSON Feed 1.1. All of their text was written for
// nashra: the news is invented, set in 2026, and links point at the reserved
// .invalid domain (RFC 2606), so nothing in them resolves.
package demo

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sync"
	"time"
)

//go:embed data/*
var data embed.FS

// Content types per format: RSS 2.0 (rssboard.org), Atom (RFC 4287 §7) and
// JSON Feed 1.1 (jsonfeed.org/version/1.1), all UTF-8.
const (
	typeRSS  = "application/rss+xml; charset=utf-8"
	typeAtom = "application/atom+xml; charset=utf-8"
	typeJSON = "application/feed+json; charset=utf-8"
)

// catalog lists the embedded feeds in the order Files and URLs return them.
// A test checks that it names exactly the files in data/.
var catalog = []struct {
	name        string
	contentType string
}{
	{"ar-rss.xml", typeRSS},
	{"ar-atom.xml", typeAtom},
	{"en-rss.xml", typeRSS},
	{"en-atom.xml", typeAtom},
	{"briefs.json", typeJSON},
}

// lastModified is the Last-Modified time the server gives every feed: the
// moment the sample feeds were last edited. Conditional GETs that carry the
// ETag are decided by the ETag (If-None-Match takes precedence over
// If-Modified-Since, RFC 9110 §13.2.2), so editing a feed without moving this
// time still never serves a stale 304 to a poller that sends both.
var lastModified = time.Date(2026, time.November, 28, 16, 0, 0, 0, time.UTC)

// Files returns the base names of the embedded feeds ("ar-rss.xml", …) in a
// fixed order: Arabic RSS, Arabic Atom, English RSS, English Atom, JSON Feed.
func Files() []string {
	names := make([]string, len(catalog))
	for i, c := range catalog {
		names[i] = c.name
	}
	return names
}

// Open returns the raw bytes (UTF-8) of the embedded feed called name, one of
// the names Files returns. For any other name it returns an error wrapping
// fs.ErrNotExist. The returned slice is a fresh copy the caller may modify.
func Open(name string) ([]byte, error) {
	f, ok := feeds()[name]
	if !ok {
		return nil, fmt.Errorf("demo feed %q: %w", name, fs.ErrNotExist)
	}
	return bytes.Clone(f.body), nil
}

// feed is one embedded feed prepared for serving.
type feed struct {
	name        string
	contentType string
	body        []byte // identity representation
	etag        string // strong ETag of body
	gz          []byte // gzip representation (RFC 9110 §8.4.1.3)
	gzETag      string // strong ETag of gz; differs from etag as the representations differ
}

var (
	feedsOnce sync.Once
	feedsMap  map[string]*feed
)

// feeds reads and prepares the embedded feeds once. The embedded files are
// part of the binary, so a failure here is a build defect, which the tests
// catch; it panics rather than returning an error no caller could act on.
func feeds() map[string]*feed {
	feedsOnce.Do(func() {
		m := make(map[string]*feed, len(catalog))
		for _, c := range catalog {
			body, err := data.ReadFile(path.Join("data", c.name))
			if err != nil {
				panic(fmt.Sprintf("demo: embedded feed %s: %v", c.name, err))
			}
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			if _, err := zw.Write(body); err != nil {
				panic(fmt.Sprintf("demo: gzip %s: %v", c.name, err))
			}
			if err := zw.Close(); err != nil {
				panic(fmt.Sprintf("demo: gzip %s: %v", c.name, err))
			}
			sum := sha256.Sum256(body)
			tag := hex.EncodeToString(sum[:16])
			m[c.name] = &feed{
				name:        c.name,
				contentType: c.contentType,
				body:        body,
				etag:        `"` + tag + `"`,
				gz:          buf.Bytes(),
				gzETag:      `"` + tag + `-gzip"`,
			}
		}
		feedsMap = m
	})
	return feedsMap
}
