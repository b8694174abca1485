package devfeeds_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/feeds/devfeeds"
)

// TestFeedsParseAsGenerated parses every generated feed with nashra's own
// parser: each has the asked-for items with distinct GUIDs, links, dates
// and text, and every third feed (feed 0, 3, 6, …) is Arabic.
func TestFeedsParseAsGenerated(t *testing.T) {
	set := devfeeds.New(devfeeds.Options{Feeds: 6, Items: 20, Seed: 3})
	guids := map[string]bool{}
	for i := 0; i < set.Len(); i++ {
		meta, items, err := feeds.Parse(set.Body(i), "application/rss+xml", "http://127.0.0.1"+devfeeds.Path(i))
		if err != nil {
			t.Fatalf("feed %d: %v", i, err)
		}
		if len(items) != 20 {
			t.Fatalf("feed %d: %d items, want 20", i, len(items))
		}
		wantLang := "en"
		if i%3 == 0 {
			wantLang = "ar"
		}
		if meta.Language != wantLang || meta.Title == "" {
			t.Errorf("feed %d: language %q title %q, want language %q", i, meta.Language, meta.Title, wantLang)
		}
		var prev time.Time
		for k, it := range items {
			if guids[it.GUID] {
				t.Errorf("feed %d: GUID %q repeats", i, it.GUID)
			}
			guids[it.GUID] = true
			if it.Title == "" || len(it.Content) < 40 || it.URL == "" || it.Published == nil || len(it.Links) == 0 {
				t.Fatalf("feed %d item %d is missing fields: %+v", i, k, it)
			}
			if it.Lang != wantLang {
				t.Errorf("feed %d item %d: detected language %q, want %q", i, k, it.Lang, wantLang)
			}
			if k > 0 && !it.Published.Before(prev) {
				t.Errorf("feed %d: items not newest first at %d", i, k)
			}
			prev = *it.Published
		}
	}
}

// TestDeterministic: the same options give the same bytes; another seed
// gives other text.
func TestDeterministic(t *testing.T) {
	o := devfeeds.Options{Feeds: 3, Items: 5, Seed: 9}
	a, b := devfeeds.New(o), devfeeds.New(o)
	o.Seed = 10
	c := devfeeds.New(o)
	for i := 0; i < 3; i++ {
		if !bytes.Equal(a.Body(i), b.Body(i)) {
			t.Errorf("feed %d differs between two sets of the same seed", i)
		}
		if bytes.Equal(a.Body(i), c.Body(i)) {
			t.Errorf("feed %d is the same under another seed", i)
		}
	}
}

// TestServeConditionalGETAndBump serves a set and checks the HTTP side:
// 200 with an ETag and Last-Modified, gzip when asked for, 304 for the same
// ETag or a Last-Modified not older than the feed, 404 elsewhere; after a
// bump the changed feeds answer 200 again with new items first and the
// others still 304.
func TestServeConditionalGETAndBump(t *testing.T) {
	set := devfeeds.New(devfeeds.Options{Feeds: 4, Items: 10, Seed: 1})
	srv, err := devfeeds.Serve(set, "127.0.0.1:0", 2)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	urls := srv.URLs()
	if len(urls) != 4 || strings.Split(urls[0], "/")[2] == strings.Split(urls[1], "/")[2] {
		t.Fatalf("URLs %v: want 4, feeds 0 and 1 on different ports", urls)
	}
	get := func(u string, h map[string]string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", u, nil)
		for k, v := range h {
			req.Header.Set(k, v)
		}
		// A transport that leaves Accept-Encoding alone.
		resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, body
	}
	resp, body := get(urls[1], nil)
	etag, lm := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if resp.StatusCode != 200 || etag == "" || lm == "" || !bytes.Equal(body, set.Body(1)) {
		t.Fatalf("GET: %d, ETag %q, Last-Modified %q, body equal %v", resp.StatusCode, etag, lm, bytes.Equal(body, set.Body(1)))
	}
	resp, body = get(urls[1], map[string]string{"Accept-Encoding": "gzip, br"})
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("gzip not used: %v", resp.Header)
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !bytes.Equal(plain, set.Body(1)) {
		t.Error("the gzipped body is not the feed")
	}
	if resp, _ := get(urls[1], map[string]string{"Accept-Encoding": "gzip;q=0"}); resp.Header.Get("Content-Encoding") != "" {
		t.Error("gzip sent although refused with q=0")
	}
	if resp, _ := get(urls[1], map[string]string{"If-None-Match": etag}); resp.StatusCode != 304 {
		t.Errorf("If-None-Match: %d, want 304", resp.StatusCode)
	}
	if resp, _ := get(urls[1], map[string]string{"If-None-Match": `"other"`}); resp.StatusCode != 200 {
		t.Errorf("If-None-Match with another tag: %d, want 200", resp.StatusCode)
	}
	if resp, _ := get(urls[1], map[string]string{"If-Modified-Since": lm}); resp.StatusCode != 304 {
		t.Errorf("If-Modified-Since: %d, want 304", resp.StatusCode)
	}
	base := strings.TrimSuffix(urls[0], devfeeds.Path(0))
	if resp, _ := get(base+"/feed/0099.xml", nil); resp.StatusCode != 404 {
		t.Errorf("unknown feed: %d, want 404", resp.StatusCode)
	}

	r2, _ := get(urls[2], nil)
	etag2 := r2.Header.Get("ETag")
	_, oldItems, _ := feeds.Parse(set.Body(1), "", urls[1])
	req, _ := http.NewRequest("POST", base+"/_bump?feeds=2&items=3", nil)
	bresp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	nb, _ := io.ReadAll(bresp.Body)
	bresp.Body.Close()
	if n, _ := strconv.Atoi(strings.TrimSpace(string(nb))); n != 6 {
		t.Fatalf("bump answered %q, want 6", nb)
	}
	if resp, _ := get(urls[1], map[string]string{"If-None-Match": etag}); resp.StatusCode != 200 || resp.Header.Get("ETag") == etag {
		t.Errorf("after a bump, feed 1: %d with ETag %q, want 200 and a new ETag", resp.StatusCode, resp.Header.Get("ETag"))
	}
	_, newItems, _ := feeds.Parse(set.Body(1), "", urls[1])
	if len(newItems) != 10 || newItems[3].GUID != oldItems[0].GUID {
		t.Errorf("after a bump of 3: %d items, fourth %q, want 10 with the old first (%q) fourth",
			len(newItems), newItems[3].GUID, oldItems[0].GUID)
	}
	if resp, _ := get(urls[2], map[string]string{"If-None-Match": etag2}); resp.StatusCode != 304 {
		t.Errorf("feed 2 (not bumped) answers %d to its old ETag, want 304", resp.StatusCode)
	}
}
