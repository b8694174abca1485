package demo

import (
	"bytes"
	"compress/gzip"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

// rawClient does not add Accept-Encoding or decompress, so tests see the
// representation exactly as served.
var rawClient = &http.Client{
	Timeout:   10 * time.Second,
	Transport: &http.Transport{DisableCompression: true},
}

func get(t *testing.T, c *http.Client, method, url string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, url, err)
	}
	return resp, body
}

func startServer(t *testing.T) *Server {
	t.Helper()
	s, err := Start()
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestServerURLs(t *testing.T) {
	s := startServer(t)
	urls, files := s.URLs(), Files()
	if len(urls) != len(files) {
		t.Fatalf("URLs() has %d entries, Files() %d", len(urls), len(files))
	}
	for i, u := range urls {
		if !strings.HasPrefix(u, "http://127.0.0.1:") || !strings.HasSuffix(u, "/"+files[i]) {
			t.Errorf("URLs()[%d] = %q, want http://127.0.0.1:PORT/%s", i, u, files[i])
		}
	}
	again := s.URLs()
	for i := range urls {
		if urls[i] != again[i] {
			t.Errorf("URLs() not stable: %q then %q", urls[i], again[i])
		}
	}
}

func TestServerServesFeeds(t *testing.T) {
	s := startServer(t)
	wantType := map[string]string{"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}
	for i, u := range s.URLs() {
		name := Files()[i]
		t.Run(name, func(t *testing.T) {
			resp, body := get(t, rawClient, http.MethodGet, u, nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET: status %d", resp.StatusCode)
			}
			want, _ := Open(name)
			if !bytes.Equal(body, want) {
				t.Errorf("GET body (%d bytes) differs from Open (%d bytes)", len(body), len(want))
			}
			mt, params, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
			if err != nil {
				t.Fatalf("Content-Type %q: %v", resp.Header.Get("Content-Type"), err)
			}
			if want := wantType[expectedFeeds[name].feedType]; mt != want || params["charset"] != "utf-8" {
				t.Errorf("Content-Type %q, want %s; charset=utf-8", resp.Header.Get("Content-Type"), want)
			}
			etag := resp.Header.Get("ETag")
			if !strings.HasPrefix(etag, `"`) || !strings.HasSuffix(etag, `"`) || len(etag) < 10 {
				t.Errorf("ETag %q, want a strong quoted entity tag", etag)
			}
			lm, err := http.ParseTime(resp.Header.Get("Last-Modified"))
			if err != nil {
				t.Errorf("Last-Modified %q: %v", resp.Header.Get("Last-Modified"), err)
			}
			if resp.Header.Get("Content-Encoding") != "" {
				t.Errorf("Content-Encoding %q without Accept-Encoding", resp.Header.Get("Content-Encoding"))
			}

			// Conditional GET with the ETag: 304 and no body.
			resp, body = get(t, rawClient, http.MethodGet, u, map[string]string{"If-None-Match": etag})
			if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
				t.Errorf("If-None-Match: status %d with %d body bytes, want 304 and none", resp.StatusCode, len(body))
			}
			if resp.Header.Get("ETag") != etag {
				t.Errorf("304 ETag %q, want %q", resp.Header.Get("ETag"), etag)
			}
			// Conditional GET by date alone.
			resp, _ = get(t, rawClient, http.MethodGet, u, map[string]string{"If-Modified-Since": lm.Format(http.TimeFormat)})
			if resp.StatusCode != http.StatusNotModified {
				t.Errorf("If-Modified-Since = Last-Modified: status %d, want 304", resp.StatusCode)
			}
			resp, _ = get(t, rawClient, http.MethodGet, u, map[string]string{"If-Modified-Since": lm.Add(-time.Hour).Format(http.TimeFormat)})
			if resp.StatusCode != http.StatusOK {
				t.Errorf("If-Modified-Since an hour earlier: status %d, want 200", resp.StatusCode)
			}
			// If-None-Match takes precedence over If-Modified-Since (RFC 9110 §13.2.2).
			resp, _ = get(t, rawClient, http.MethodGet, u, map[string]string{
				"If-None-Match":     `"stale"`,
				"If-Modified-Since": lm.Format(http.TimeFormat),
			})
			if resp.StatusCode != http.StatusOK {
				t.Errorf("stale If-None-Match with current If-Modified-Since: status %d, want 200", resp.StatusCode)
			}

			// HEAD: headers, no body.
			resp, body = get(t, rawClient, http.MethodHead, u, nil)
			if resp.StatusCode != http.StatusOK || len(body) != 0 || resp.Header.Get("ETag") != etag {
				t.Errorf("HEAD: status %d, %d body bytes, ETag %q", resp.StatusCode, len(body), resp.Header.Get("ETag"))
			}
		})
	}
}

func TestServerGzip(t *testing.T) {
	s := startServer(t)
	u := s.URLs()[0]
	want, _ := Open(Files()[0])

	plain, _ := get(t, rawClient, http.MethodGet, u, nil)
	resp, body := get(t, rawClient, http.MethodGet, u, map[string]string{"Accept-Encoding": "br;q=1.0, gzip;q=0.8"})
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Accept-Encoding gzip: Content-Encoding %q", resp.Header.Get("Content-Encoding"))
	}
	if !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
		t.Errorf("Vary %q, want Accept-Encoding", resp.Header.Get("Vary"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("gunzipped body differs from the feed")
	}
	if len(body) >= len(want) {
		t.Errorf("gzip body %d bytes, identity %d: not compressed", len(body), len(want))
	}
	gzTag := resp.Header.Get("ETag")
	if gzTag == plain.Header.Get("ETag") {
		t.Error("gzip and identity representations share an ETag")
	}
	resp, _ = get(t, rawClient, http.MethodGet, u, map[string]string{"Accept-Encoding": "gzip", "If-None-Match": gzTag})
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("gzip conditional GET: status %d, want 304", resp.StatusCode)
	}
	// The identity ETag does not validate the gzip representation.
	resp, _ = get(t, rawClient, http.MethodGet, u, map[string]string{"Accept-Encoding": "gzip", "If-None-Match": plain.Header.Get("ETag")})
	if resp.StatusCode != http.StatusOK {
		t.Errorf("gzip GET with the identity ETag: status %d, want 200", resp.StatusCode)
	}

	// Go's default transport asks for gzip and decompresses transparently,
	// which is what the poller gets.
	resp, body = get(t, &http.Client{Timeout: 10 * time.Second}, http.MethodGet, u, nil)
	if !resp.Uncompressed || !bytes.Equal(body, want) {
		t.Errorf("default client: Uncompressed=%v, body equal=%v", resp.Uncompressed, bytes.Equal(body, want))
	}
}

func TestAcceptsGzip(t *testing.T) {
	cases := []struct {
		in   []string
		want bool
	}{
		{nil, false},
		{[]string{""}, false},
		{[]string{"gzip"}, true},
		{[]string{"GZIP"}, true},
		{[]string{"x-gzip"}, true},
		{[]string{"deflate, gzip;q=0.5"}, true},
		{[]string{"gzip;q=0"}, false},
		{[]string{"gzip; q=0.000"}, false},
		{[]string{"gzip;q=bogus"}, false},
		{[]string{"gzip;level=1;q=0.1"}, true},
		{[]string{"*"}, false},
		{[]string{"br", "gzip"}, true},
		{[]string{"identity"}, false},
		{[]string{"gzipx"}, false},
	}
	for _, c := range cases {
		if got := acceptsGzip(c.in); got != c.want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestServerErrors(t *testing.T) {
	s := startServer(t)
	base := strings.TrimSuffix(s.URLs()[0], Files()[0])
	for _, p := range []string{"", "nope.xml", "data/ar-rss.xml", "ar-rss.xml/", "AR-RSS.XML", "demo.go"} {
		resp, _ := get(t, rawClient, http.MethodGet, base+p, nil)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET /%s: status %d, want 404", p, resp.StatusCode)
		}
	}
	resp, _ := get(t, rawClient, http.MethodPost, s.URLs()[0], nil)
	if resp.StatusCode != http.StatusMethodNotAllowed || !strings.Contains(resp.Header.Get("Allow"), "GET") {
		t.Errorf("POST: status %d, Allow %q; want 405 with Allow: GET, HEAD", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

func TestServerClose(t *testing.T) {
	s, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	u := s.URLs()[0]
	if resp, _ := get(t, rawClient, http.MethodGet, u, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("before Close: status %d", resp.StatusCode)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	select {
	case <-s.done:
	default:
		t.Error("Close returned before the serving goroutine ended")
	}
	c := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	if resp, err := c.Get(u); err == nil {
		resp.Body.Close()
		t.Errorf("GET after Close succeeded with status %d", resp.StatusCode)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestServedFeedsParse fetches every feed over HTTP the way the poller
// does and parses it.
func TestServedFeedsParse(t *testing.T) {
	s := startServer(t)
	for i, u := range s.URLs() {
		_, body := get(t, &http.Client{Timeout: 10 * time.Second}, http.MethodGet, u, nil)
		f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
		if err != nil {
			t.Errorf("%s: %v", u, err)
			continue
		}
		if len(f.Items) < expectedFeeds[Files()[i]].minItems {
			t.Errorf("%s: %d items", u, len(f.Items))
		}
	}
}

func BenchmarkHandler(b *testing.B) {
	h := Handler()
	f := feeds()["ar-rss.xml"]
	for _, bc := range []struct {
		name   string
		header map[string]string
	}{
		{"full", nil},
		{"gzip", map[string]string{"Accept-Encoding": "gzip"}},
		{"304", map[string]string{"If-None-Match": f.etag}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, "/ar-rss.xml", nil)
			for k, v := range bc.header {
				req.Header.Set(k, v)
			}
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK && w.Code != http.StatusNotModified {
					b.Fatalf("status %d", w.Code)
				}
			}
		})
	}
}
