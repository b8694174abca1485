package feeds

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/nashra-reader/nashra/feeds/topics"
)

// smallFeed is a two-item RSS document written for these tests.
var smallFeed = []byte(`<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Poller test feed</title><link>https://example.com/</link><language>en</language>
<item><guid>a1</guid><title>First post</title><link>https://example.com/1</link><description>&lt;p&gt;Hello&lt;/p&gt;</description></item>
<item><guid>a2</guid><title>Second post</title><link>https://example.com/2</link><description>World</description></item>
</channel></rss>`)

func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func feedHandler(body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(body)
	}
}

func gzipBytes(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestPollBasicAndHeaders(t *testing.T) {
	var gotUA, gotAccept, gotAE string
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		gotUA, gotAccept, gotAE = r.UserAgent(), r.Header.Get("Accept"), r.Header.Get("Accept-Encoding")
		feedHandler(smallFeed)(w, r)
	})
	p := NewPoller(Config{}, nil)
	res := p.Poll(context.Background(), Request{FeedID: 7, URL: srv.URL + "/feed"})
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if res.FeedID != 7 || res.URL != srv.URL+"/feed" || len(res.Items) != 2 || res.Meta.Title != "Poller test feed" {
		t.Errorf("result = %+v", res)
	}
	if !strings.HasPrefix(gotUA, "nashra/") || !strings.Contains(gotUA, "+https://") {
		t.Errorf("User-Agent = %q", gotUA)
	}
	if !strings.Contains(gotAccept, "application/rss+xml") || !strings.Contains(gotAE, "gzip") {
		t.Errorf("Accept = %q, Accept-Encoding = %q", gotAccept, gotAE)
	}
}

func TestPollConditionalGET(t *testing.T) {
	const etag = `"v1-abc"`
	const lastMod = "Mon, 02 Jun 2025 10:00:00 GMT"
	var full, notMod atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag || r.Header.Get("If-Modified-Since") == lastMod {
			notMod.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		feedHandler(smallFeed)(w, r)
	})
	p := NewPoller(Config{}, nil)
	first := p.Poll(context.Background(), Request{URL: srv.URL})
	if first.Err != nil || first.ETag != etag || first.LastModified != lastMod || first.NotModified {
		t.Fatalf("first poll = %+v", first)
	}
	second := p.Poll(context.Background(), Request{URL: srv.URL, ETag: first.ETag, LastModified: first.LastModified})
	if second.Err != nil || !second.NotModified {
		t.Fatalf("second poll = %+v, want NotModified", second)
	}
	if second.Items != nil || second.Meta != (Meta{}) {
		t.Errorf("304 parsed something: %+v", second)
	}
	if second.ETag != etag || second.LastModified != lastMod {
		t.Errorf("304 lost validators: %q %q", second.ETag, second.LastModified)
	}
	onlyDate := p.Poll(context.Background(), Request{URL: srv.URL, LastModified: lastMod})
	if !onlyDate.NotModified {
		t.Errorf("If-Modified-Since alone: %+v", onlyDate)
	}
	if full.Load() != 1 || notMod.Load() != 2 {
		t.Errorf("server saw %d full and %d conditional answers", full.Load(), notMod.Load())
	}
}

func TestPollGzip(t *testing.T) {
	zipped := gzipBytes(t, smallFeed)
	tests := map[string]http.HandlerFunc{
		"Content-Encoding gzip": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(zipped)
		},
		"gzip bytes without Content-Encoding": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write(zipped)
		},
		"x-gzip": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "x-gzip")
			w.Write(zipped)
		},
		"labelled gzip but plain": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(smallFeed)
		},
	}
	p := NewPoller(Config{}, nil)
	for name, h := range tests {
		t.Run(name, func(t *testing.T) {
			res := p.Poll(context.Background(), Request{URL: serve(t, h).URL})
			if res.Err != nil || len(res.Items) != 2 {
				t.Fatalf("result: %v, %d items", res.Err, len(res.Items))
			}
		})
	}
}

func TestPollGzipBomb(t *testing.T) {
	// 256 MiB of zeros compress to about 250 KB; the limit is 1 MiB.
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zeros := make([]byte, 1<<20)
	for range 256 {
		zw.Write(zeros)
	}
	zw.Close()
	bomb := buf.Bytes()
	for _, header := range []bool{true, false} {
		t.Run(fmt.Sprintf("Content-Encoding=%v", header), func(t *testing.T) {
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				if header {
					w.Header().Set("Content-Encoding", "gzip")
				}
				w.Write(bomb)
			})
			p := NewPoller(Config{MaxDecodedBytes: 1 << 20}, nil)
			res := p.Poll(context.Background(), Request{URL: srv.URL})
			if !errors.Is(res.Err, ErrTooLarge) || res.Err.Error() != "decompressed response larger than 1 MB" {
				t.Fatalf("err = %v, want the decompression limit", res.Err)
			}
			if res.Items != nil {
				t.Error("items from a bomb")
			}
		})
	}
}

func TestPollSizeLimit(t *testing.T) {
	big := bytes.Repeat([]byte("x"), 4096)
	tests := map[string]http.HandlerFunc{
		"with Content-Length": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "4096")
			w.Write(big)
		},
		"chunked": func(w http.ResponseWriter, r *http.Request) {
			for i := 0; i < 4; i++ {
				w.Write(big[:1024])
				w.(http.Flusher).Flush()
			}
		},
		"endless": func(w http.ResponseWriter, r *http.Request) {
			for r.Context().Err() == nil {
				if _, err := w.Write(big); err != nil {
					return
				}
			}
		},
	}
	p := NewPoller(Config{MaxBodyBytes: 2048}, nil)
	for name, h := range tests {
		t.Run(name, func(t *testing.T) {
			res := p.Poll(context.Background(), Request{URL: serve(t, h).URL})
			if !errors.Is(res.Err, ErrTooLarge) || res.Err.Error() != "response larger than 2 KB" {
				t.Fatalf("err = %v", res.Err)
			}
		})
	}
}

func TestPollRedirects(t *testing.T) {
	mux := http.NewServeMux()
	srv := serve(t, mux.ServeHTTP)
	mux.HandleFunc("/feed", feedHandler(smallFeed))
	mux.HandleFunc("/chain/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/chain/"), "%d", &n)
		if n == 0 {
			http.Redirect(w, r, "/feed", http.StatusFound)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/chain/%d", n-1), http.StatusFound)
	})
	mux.HandleFunc("/loop-a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-b", http.StatusFound) })
	mux.HandleFunc("/loop-b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-a", http.StatusFound) })
	mux.HandleFunc("/self", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/self", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/feed", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/old308", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/feed", http.StatusPermanentRedirect)
	})
	mux.HandleFunc("/temp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/feed", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/found", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/feed", http.StatusFound)
	})
	mux.HandleFunc("/perm-then-temp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/temp", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/temp-then-perm", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/old", http.StatusFound) })
	mux.HandleFunc("/moved-to-404", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/missing", http.StatusMovedPermanently)
	})

	p := NewPoller(Config{}, nil)
	tests := []struct {
		path    string
		movedTo string // path, "" for none
		err     string
	}{
		{"/chain/4", "", ""}, // 5 redirects: allowed
		{"/chain/5", "", "too many redirects (more than 5)"},
		{"/loop-a", "", "redirect loop (back to " + srv.URL + "/loop-a)"},
		{"/self", "", "redirect loop (back to " + srv.URL + "/self)"},
		{"/old", "/feed", ""},
		{"/old308", "/feed", ""},
		{"/temp", "", ""},  // 307
		{"/found", "", ""}, // 302
		{"/perm-then-temp", "/temp", ""},
		{"/temp-then-perm", "", ""},
		{"/moved-to-404", "", "HTTP 404 Not Found"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res := p.Poll(context.Background(), Request{URL: srv.URL + tt.path})
			if tt.err != "" {
				if res.Err == nil || res.Err.Error() != tt.err {
					t.Fatalf("err = %v, want %q", res.Err, tt.err)
				}
			} else if res.Err != nil || len(res.Items) != 2 {
				t.Fatalf("err = %v, %d items", res.Err, len(res.Items))
			}
			want := ""
			if tt.movedTo != "" {
				want = srv.URL + tt.movedTo
			}
			if res.MovedTo != want {
				t.Errorf("MovedTo = %q, want %q", res.MovedTo, want)
			}
		})
	}
	if res := p.Poll(context.Background(), Request{URL: srv.URL + "/loop-a"}); !errors.Is(res.Err, ErrRedirect) {
		t.Errorf("loop error kind: %v", res.Err)
	}
	strict := NewPoller(Config{MaxRedirects: 2}, nil)
	if res := strict.Poll(context.Background(), Request{URL: srv.URL + "/chain/2"}); res.Err == nil || res.Err.Error() != "too many redirects (more than 2)" {
		t.Errorf("MaxRedirects=2: %v", res.Err)
	}
}

func TestPollStatus(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	status := func(code int, retryAfter string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if retryAfter != "" {
				w.Header().Set("Retry-After", retryAfter)
			}
			w.WriteHeader(code)
		}
	}
	tests := []struct {
		name  string
		h     http.HandlerFunc
		err   string
		gone  bool
		retry time.Duration // from now; -1 for none
	}{
		{"404", status(404, ""), "HTTP 404 Not Found", false, -1},
		{"500", status(500, ""), "HTTP 500 Internal Server Error", false, -1},
		{"410 Gone", status(410, ""), "HTTP 410 Gone", true, -1},
		{"429 seconds", status(429, "120"), "HTTP 429 Too Many Requests (retry after 2m)", false, 2 * time.Minute},
		{"429 HTTP-date", status(429, "Sun, 01 Jun 2025 15:00:00 GMT"), "HTTP 429 Too Many Requests (retry after 3h)", false, 3 * time.Hour},
		{"503 RFC 850 date", status(503, "Sunday, 01-Jun-25 12:30:00 GMT"), "HTTP 503 Service Unavailable (retry after 30m)", false, 30 * time.Minute},
		{"503 asctime date", status(503, "Sun Jun  1 13:00:00 2025"), "HTTP 503 Service Unavailable (retry after 1h)", false, time.Hour},
		{"429 without header", status(429, ""), "HTTP 429 Too Many Requests (retry after 30m)", false, 30 * time.Minute},
		{"429 garbage header", status(429, "soon"), "HTTP 429 Too Many Requests (retry after 30m)", false, 30 * time.Minute},
		{"429 date in the past", status(429, "Sun, 01 Jun 2025 11:00:00 GMT"), "HTTP 429 Too Many Requests (retry after 0s)", false, 0},
		{"429 ten years", status(429, "315360000"), "HTTP 429 Too Many Requests (retry after 24h)", false, 24 * time.Hour},
		{"odd reason phrase", func(w http.ResponseWriter, r *http.Request) {
			// A status line with its own reason is passed through, sanitized.
			hj, _ := w.(http.Hijacker)
			c, buf, _ := hj.Hijack()
			buf.WriteString("HTTP/1.1 418 Brewing \x1b[31mtea\r\nContent-Length: 0\r\n\r\n")
			buf.Flush()
			c.Close()
		}, "HTTP 418 Brewing tea", false, -1},
	}
	p := NewPoller(Config{Now: func() time.Time { return now }}, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := p.Poll(context.Background(), Request{URL: serve(t, tt.h).URL})
			if res.Err == nil || res.Err.Error() != tt.err {
				t.Fatalf("err = %v, want %q", res.Err, tt.err)
			}
			var se *StatusError
			if !errors.As(res.Err, &se) {
				t.Errorf("err %v is not a *StatusError", res.Err)
			}
			if res.Gone != tt.gone {
				t.Errorf("Gone = %v", res.Gone)
			}
			switch {
			case tt.retry < 0 && !res.RetryAfter.IsZero():
				t.Errorf("RetryAfter = %v, want zero", res.RetryAfter)
			case tt.retry >= 0 && !res.RetryAfter.Equal(now.Add(tt.retry)):
				t.Errorf("RetryAfter = %v, want %v", res.RetryAfter, now.Add(tt.retry))
			}
		})
	}
}

// hijack answers with raw bytes on the connection, then closes it (with
// reset when true, so the peer reads ECONNRESET).
func hijack(t *testing.T, raw []byte, reset bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		hj, ok := w.(http.Hijacker)
		if !ok {
			t.Error("no hijacker")
			return
		}
		c, buf, err := hj.Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		buf.Write(raw)
		buf.Flush()
		if reset {
			if tc, ok := c.(*net.TCPConn); ok {
				tc.SetLinger(0)
			}
		}
		c.Close()
	}
}

func TestPollTruncated(t *testing.T) {
	half := smallFeed[:len(smallFeed)/2]
	zipped := gzipBytes(t, smallFeed)
	zipHalf := zipped[:len(zipped)-20]
	header := func(extra string) []byte {
		return []byte("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n" + extra + "\r\n")
	}
	tests := []struct {
		name string
		h    http.HandlerFunc
		msg  string // error message prefix
	}{
		{"Content-Length lie", hijack(t, append(header(fmt.Sprintf("Content-Length: %d\r\n", len(smallFeed))), half...), false),
			fmt.Sprintf("truncated: connection closed after %d of %d bytes", len(half), len(smallFeed))},
		{"connection reset", hijack(t, append(header(fmt.Sprintf("Content-Length: %d\r\n", len(smallFeed))), half...), true),
			"truncated: connection "},
		{"chunked body cut", hijack(t, append(header("Transfer-Encoding: chunked\r\n"), []byte(fmt.Sprintf("%x\r\n%s\r\n", len(half), half))...), false),
			"truncated: connection closed after"},
		{"gzip stream ended early", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(zipHalf)
		}, "truncated: gzip stream ended early"},
		{"gzip without header ended early", func(w http.ResponseWriter, r *http.Request) {
			w.Write(zipHalf)
		}, "truncated: gzip stream ended early"},
	}
	p := NewPoller(Config{}, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := p.Poll(context.Background(), Request{URL: serve(t, tt.h).URL})
			if !errors.Is(res.Err, ErrTruncated) || !strings.HasPrefix(res.Err.Error(), tt.msg) {
				t.Fatalf("err = %v, want ErrTruncated %q…", res.Err, tt.msg)
			}
			if res.Items != nil || res.Meta != (Meta{}) {
				t.Errorf("a truncated response produced items: %+v", res.Items)
			}
		})
	}
}

func TestPollTimeouts(t *testing.T) {
	stall := make(chan struct{})
	defer close(stall)
	tests := map[string]http.HandlerFunc{
		"no headers": func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-stall:
			case <-r.Context().Done():
			}
		},
		"body stalls": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "1000")
			w.Write([]byte("<rss>"))
			w.(http.Flusher).Flush()
			select {
			case <-stall:
			case <-r.Context().Done():
			}
		},
	}
	p := NewPoller(Config{Timeout: 200 * time.Millisecond}, nil)
	for name, h := range tests {
		t.Run(name, func(t *testing.T) {
			res := p.Poll(context.Background(), Request{URL: serve(t, h).URL})
			if !errors.Is(res.Err, ErrTimeout) || res.Err.Error() != "timeout after 200ms" {
				t.Fatalf("err = %v", res.Err)
			}
		})
	}
	t.Run("caller cancels", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
			cancel()
			<-r.Context().Done()
		})
		res := NewPoller(Config{}, nil).Poll(ctx, Request{URL: srv.URL})
		if !errors.Is(res.Err, ErrCanceled) {
			t.Fatalf("err = %v", res.Err)
		}
	})
}

func TestPollNetworkErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	p := NewPoller(Config{}, nil)
	if res := p.Poll(context.Background(), Request{URL: "http://" + addr + "/feed"}); res.Err == nil || res.Err.Error() != "connection refused" {
		t.Errorf("closed port: %v", res.Err)
	}
	for _, u := range []string{"gopher://example.com/", "not a url", "http://"} {
		if res := p.Poll(context.Background(), Request{URL: u}); !errors.Is(res.Err, ErrBadURL) {
			t.Errorf("%q: %v", u, res.Err)
		}
	}
}

func TestPollHTMLPage(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<!doctype html><html><head><link rel="alternate" type="application/atom+xml" href="/atom.xml"></head><body>hi</body></html>`)
	})
	res := NewPoller(Config{}, nil).Poll(context.Background(), Request{URL: srv.URL + "/blog/"})
	want := "not a feed: HTML page (found alternate feed " + srv.URL + "/atom.xml)"
	if res.Err == nil || res.Err.Error() != want {
		t.Errorf("err = %v, want %q", res.Err, want)
	}
}

func TestPollFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "feed.xml")
	if err := os.WriteFile(path, smallFeed, 0o644); err != nil {
		t.Fatal(err)
	}
	u, err := NormalizeURL(path)
	if err != nil {
		t.Fatal(err)
	}
	p := NewPoller(Config{MaxBodyBytes: 4096}, nil)
	first := p.Poll(context.Background(), Request{URL: u})
	if first.Err != nil || len(first.Items) != 2 || first.LastModified == "" {
		t.Fatalf("first = %+v", first)
	}
	again := p.Poll(context.Background(), Request{URL: u, LastModified: first.LastModified})
	if again.Err != nil || !again.NotModified || again.Items != nil {
		t.Fatalf("unchanged file = %+v, want NotModified", again)
	}
	later := time.Now().Add(time.Minute)
	os.WriteFile(path, bytes.Replace(smallFeed, []byte("Second post"), []byte("Edited post"), 1), 0o644)
	os.Chtimes(path, later, later)
	changed := p.Poll(context.Background(), Request{URL: u, LastModified: first.LastModified})
	if changed.NotModified || changed.Err != nil || changed.Items[1].Title != "Edited post" {
		t.Fatalf("changed file = %+v", changed)
	}

	os.WriteFile(filepath.Join(dir, "big.xml"), bytes.Repeat([]byte(" "), 5000), 0o644)
	os.WriteFile(filepath.Join(dir, "empty.xml"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "feed.xml.gz"), gzipBytes(t, smallFeed), 0o644)
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.xml"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := map[string]string{
		"missing.xml": "file not found",
		"":            "not a feed: is a directory",
		// Reading a FIFO with no writer would wait forever.
		"fifo.xml":  "not a feed: not a regular file",
		"big.xml":   "file larger than 4 KB",
		"empty.xml": "empty file",
	}
	for name, want := range tests {
		fu, _ := NormalizeURL(filepath.Join(dir, name))
		if res := p.Poll(context.Background(), Request{URL: fu}); res.Err == nil || res.Err.Error() != want {
			t.Errorf("%q: err = %v, want %q", name, res.Err, want)
		}
	}
	gz, _ := NormalizeURL(filepath.Join(dir, "feed.xml.gz"))
	if res := p.Poll(context.Background(), Request{URL: gz}); res.Err != nil || len(res.Items) != 2 {
		t.Errorf("gzip file: %v", res.Err)
	}
}

// *topics.Tagger is the Poller's tagger in the product.
var _ Tagger = (*topics.Tagger)(nil)

// recordingTagger tags every item with one topic and counts its calls.
type recordingTagger struct {
	mu    sync.Mutex
	calls []string
}

func (r *recordingTagger) Tag(title, body, lang string) []topics.Tag {
	r.mu.Lock()
	r.calls = append(r.calls, title+"|"+lang)
	r.mu.Unlock()
	return []topics.Tag{{Name: "test-topic", Kind: topics.KindTopic, Terms: []string{title}}}
}

func TestPollTagger(t *testing.T) {
	tagger := &recordingTagger{}
	srv := serve(t, feedHandler(smallFeed))
	res := NewPoller(Config{}, tagger).Poll(context.Background(), Request{URL: srv.URL})
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if fmt.Sprint(tagger.calls) != "[First post|en Second post|en]" {
		t.Errorf("tagger calls = %v", tagger.calls)
	}
	if len(res.Items[0].Tags) != 1 || res.Items[0].Tags[0].Terms[0] != "First post" {
		t.Errorf("tags = %+v", res.Items[0].Tags)
	}
}

// concurrencyServer records the most requests it sees in flight at once.
// Requests wait until `hold` have been in flight together once (or 2 s
// pass), then linger 20 ms, so that a limiter letting more through would
// show a higher count.
type concurrencyServer struct {
	inflight, max atomic.Int32
	reached       chan struct{}
	once          sync.Once
	srv           *httptest.Server
}

func newConcurrencyServer(t *testing.T, hold int32) *concurrencyServer {
	cs := &concurrencyServer{reached: make(chan struct{})}
	cs.srv = serve(t, func(w http.ResponseWriter, r *http.Request) {
		n := cs.inflight.Add(1)
		defer cs.inflight.Add(-1)
		for {
			m := cs.max.Load()
			if n <= m || cs.max.CompareAndSwap(m, n) {
				break
			}
		}
		if n >= hold {
			cs.once.Do(func() { close(cs.reached) })
		}
		select {
		case <-cs.reached:
		case <-time.After(2 * time.Second):
		}
		time.Sleep(20 * time.Millisecond)
		feedHandler(smallFeed)(w, r)
	})
	return cs
}

func TestPollAllLimits(t *testing.T) {
	tests := []struct {
		name               string
		perHost, conc, max int32
	}{
		{"per host", 4, 16, 4},
		{"per host 2", 2, 16, 2},
		{"overall", 8, 3, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := newConcurrencyServer(t, tt.max)
			var reqs []Request
			for i := range 24 {
				reqs = append(reqs, Request{FeedID: int64(i), URL: fmt.Sprintf("%s/feed/%d", cs.srv.URL, i)})
			}
			p := NewPoller(Config{PerHost: int(tt.perHost), Concurrency: int(tt.conc)}, nil)
			seen := map[int64]bool{}
			calls := 0 // not atomic: fn runs on one goroutine at a time (the race detector checks)
			p.PollAll(context.Background(), reqs, func(r Result) {
				calls++
				if r.Err != nil {
					t.Errorf("feed %d: %v", r.FeedID, r.Err)
				}
				seen[r.FeedID] = true
			})
			if calls != len(reqs) || len(seen) != len(reqs) {
				t.Errorf("callback called %d times for %d distinct feeds, want %d", calls, len(seen), len(reqs))
			}
			if got := cs.max.Load(); got != tt.max {
				t.Errorf("at most %d requests in flight, want exactly %d", got, tt.max)
			}
		})
	}
}

func TestPollPerHostLimitAcrossPolls(t *testing.T) {
	// Separate Poll calls (say, the TUI's "refresh this feed" during a
	// refresh of all) share the per-host limit.
	cs := newConcurrencyServer(t, 4)
	p := NewPoller(Config{PerHost: 4}, nil)
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if res := p.Poll(context.Background(), Request{URL: fmt.Sprintf("%s/%d", cs.srv.URL, i)}); res.Err != nil {
				t.Error(res.Err)
			}
		}()
	}
	wg.Wait()
	if got := cs.max.Load(); got != 4 {
		t.Errorf("max in flight = %d, want 4", got)
	}
}

func TestPollAllMixedAndCanceled(t *testing.T) {
	mux := http.NewServeMux()
	srv := serve(t, mux.ServeHTTP)
	mux.HandleFunc("/ok", feedHandler(smallFeed))
	mux.HandleFunc("/bad", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", 500) })
	reqs := []Request{{FeedID: 1, URL: srv.URL + "/ok"}, {FeedID: 2, URL: srv.URL + "/bad"}, {FeedID: 3, URL: srv.URL + "/ok"}}
	got := map[int64]string{}
	NewPoller(Config{}, nil).PollAll(context.Background(), reqs, func(r Result) {
		got[r.FeedID] = fmt.Sprint(len(r.Items), r.Err)
	})
	if fmt.Sprint(got) != "map[1:2 <nil> 2:0 HTTP 500 Internal Server Error 3:2 <nil>]" {
		t.Errorf("results = %v", got)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	n := 0
	NewPoller(Config{}, nil).PollAll(ctx, reqs, func(r Result) {
		n++
		if !errors.Is(r.Err, ErrCanceled) {
			t.Errorf("feed %d after cancel: %v", r.FeedID, r.Err)
		}
	})
	if n != len(reqs) {
		t.Errorf("%d results after cancel, want %d", n, len(reqs))
	}
	NewPoller(Config{}, nil).PollAll(context.Background(), nil, nil) // no requests: returns
}

func TestPollAllCallbackPanic(t *testing.T) {
	srv := serve(t, feedHandler(smallFeed))
	var reqs []Request
	for i := range 10 {
		reqs = append(reqs, Request{FeedID: int64(i), URL: fmt.Sprintf("%s/%d", srv.URL, i)})
	}
	defer func() {
		if r := recover(); r != "boom" {
			t.Errorf("recovered %v, want the callback's panic", r)
		}
	}()
	NewPoller(Config{Concurrency: 4}, nil).PollAll(context.Background(), reqs, func(Result) { panic("boom") })
}

func TestPollExplicitProxy(t *testing.T) {
	var proxied atomic.Value
	proxy := serve(t, func(w http.ResponseWriter, r *http.Request) {
		proxied.Store(r.URL.String())
		feedHandler(smallFeed)(w, r)
	})
	pu, _ := url.Parse(proxy.URL)
	p := NewPoller(Config{Proxy: http.ProxyURL(pu)}, nil)
	res := p.Poll(context.Background(), Request{URL: "http://feeds.example.test/rss"})
	if res.Err != nil || len(res.Items) != 2 {
		t.Fatalf("through proxy: %v", res.Err)
	}
	if proxied.Load() != "http://feeds.example.test/rss" {
		t.Errorf("proxy saw %v", proxied.Load())
	}
}

// TestPollProxyFromEnvironment checks that the default transport honours
// HTTP_PROXY. The standard library reads the environment once per
// process, so the check runs in a child process of this test binary.
func TestPollProxyFromEnvironment(t *testing.T) {
	if os.Getenv("NASHRA_PROXY_CHILD") == "1" {
		res := NewPoller(Config{}, nil).Poll(context.Background(), Request{URL: "http://feeds.example.test/rss"})
		if res.Err != nil || len(res.Items) != 2 {
			fmt.Println("CHILD-FAIL", res.Err)
			os.Exit(1)
		}
		fmt.Println("CHILD-OK")
		return
	}
	var hits atomic.Int32
	proxy := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Host == "feeds.example.test" {
			hits.Add(1)
		}
		feedHandler(smallFeed)(w, r)
	})
	cmd := exec.Command(os.Args[0], "-test.run=^TestPollProxyFromEnvironment$", "-test.count=1")
	cmd.Env = append(os.Environ(), "NASHRA_PROXY_CHILD=1", "HTTP_PROXY="+proxy.URL, "http_proxy="+proxy.URL, "NO_PROXY=", "no_proxy=")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "CHILD-OK") {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if hits.Load() != 1 {
		t.Errorf("proxy saw %d requests for the feed host, want 1", hits.Load())
	}
}

func TestConfig(t *testing.T) {
	d := DefaultConfig()
	if d.MaxRedirects != 5 || d.PerHost != 4 || d.Timeout <= 0 || d.ConnectTimeout <= 0 ||
		d.MaxBodyBytes != 20<<20 || d.MaxDecodedBytes < d.MaxBodyBytes || d.UserAgent != DefaultUserAgent {
		t.Errorf("defaults = %+v", d)
	}
	if err := d.Validate(); err != nil {
		t.Errorf("defaults invalid: %v", err)
	}
	if err := (Config{}).Validate(); err != nil {
		t.Errorf("zero config invalid: %v", err)
	}
	bad := []Config{{Timeout: -1}, {MaxRedirects: 51}, {PerHost: -1}, {MaxBodyBytes: -5}, {DefaultRetryAfter: -time.Second}}
	for _, c := range bad {
		if c.Validate() == nil {
			t.Errorf("Validate(%+v) = nil", c)
		}
	}
	if got := NewPoller(Config{PerHost: 2}, nil).Config(); got.PerHost != 2 || got.MaxRedirects != 5 || got.Proxy == nil {
		t.Errorf("withDefaults: %+v", got)
	}
}

func TestFormatHelpers(t *testing.T) {
	sizes := map[int64]string{20 << 20: "20 MB", 1536 << 10: "1.5 MB", 2048: "2 KB", 100: "100 bytes"}
	for n, want := range sizes {
		if got := formatSize(n); got != want {
			t.Errorf("formatSize(%d) = %q, want %q", n, got, want)
		}
	}
	durs := map[time.Duration]string{30 * time.Second: "30s", 90 * time.Second: "1m30s", 2 * time.Hour: "2h",
		time.Minute: "1m", 10 * time.Second: "10s", 200 * time.Millisecond: "200ms", 0: "0s", 3*time.Hour + 10*time.Second: "3h0m10s"}
	for d, want := range durs {
		if got := formatDuration(d); got != want {
			t.Errorf("formatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

// *topics.Tagger tags from shared tokens, returns the index terms with
// the tags (else Poller.analyze silently takes the slower path) and names
// its rules.
var (
	_ TokenTagger   = (*topics.Tagger)(nil)
	_ indexTagger   = (*topics.Tagger)(nil)
	_ fingerprinter = (*topics.Tagger)(nil)
)

func TestPollAllFreesHostOnceDownloaded(t *testing.T) {
	// Two feeds on one host with PerHost 1: the second download starts
	// once the first is over, without waiting for the first result to be
	// parsed and taken by fn — here fn waits for it, as Refresh's writer
	// may hold fn up while it catches up. Before, the host's slot was held
	// until fn returned, so this waited for ever (here: the timeout).
	secondStarted := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/second" {
			close(secondStarted)
		}
		feedHandler(smallFeed)(w, r)
	}))
	defer srv.Close()
	reqs := []Request{{FeedID: 1, URL: srv.URL + "/first"}, {FeedID: 2, URL: srv.URL + "/second"}}
	var got []int64
	NewPoller(Config{PerHost: 1, Concurrency: 4}, nil).PollAll(context.Background(), reqs, func(r Result) {
		if r.Err != nil {
			t.Errorf("feed %d: %v", r.FeedID, r.Err)
		}
		got = append(got, r.FeedID)
		if r.FeedID == 1 {
			select {
			case <-secondStarted:
			case <-time.After(5 * time.Second):
				t.Error("the second feed's download did not start while the first result waited for fn")
			}
		}
	})
	if len(got) != 2 {
		t.Errorf("results for %v, want both feeds", got)
	}
}
