package hostile_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/feeds/hostile"
)

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

func TestGzipBomb(t *testing.T) {
	for _, size := range []int64{1000, 40 << 10, 64<<20 + 12345} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			var buf bytes.Buffer
			if err := hostile.WriteGzipBomb(&buf, size); err != nil {
				t.Fatal(err)
			}
			zr, err := gzip.NewReader(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			zr.Multistream(false)
			head := make([]byte, 64)
			if _, err := io.ReadFull(zr, head); err != nil {
				t.Fatal(err)
			}
			// Reading to the end checks the CRC-32 and length trailer.
			n, err := io.Copy(io.Discard, zr)
			if err != nil {
				t.Fatalf("decompress: %v", err)
			}
			if got := n + 64; got != size {
				t.Errorf("decompressed %d bytes, want %d", got, size)
			}
			if !bytes.HasPrefix(head, []byte(`<?xml version="1.0"`)) {
				t.Errorf("bomb starts %q", head)
			}
			if size > 1<<20 && int64(buf.Len())*500 > size {
				t.Errorf("%d bytes compress to %d: ratio below 500", size, buf.Len())
			}
		})
	}
}

func TestGzipBombGigabyteIsSmallOnTheWire(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 1 GiB through CRC-32")
	}
	var c countWriter
	if err := hostile.WriteGzipBomb(&c, 1<<30); err != nil {
		t.Fatal(err)
	}
	if c.n > 2<<20 || c.n < 100<<10 {
		t.Errorf("1 GiB bomb is %d bytes compressed, want about 1 MiB", c.n)
	}
}

func TestPayloadsAreHostile(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range hostile.Payloads() {
		if seen[p.Name] {
			t.Errorf("payload name %s repeated", p.Name)
		}
		seen[p.Name] = true
		if hostile.Hazard(p.Text, false) == "" && !strings.ContainsAny(p.Text, "\ufeff\u206a") {
			t.Errorf("%s: %q has no hazard", p.Name, p.Text)
		}
		if !strings.Contains(p.Text, p.Visible) || hostile.Hazard(p.Visible, false) != "" {
			t.Errorf("%s: visible word %q", p.Name, p.Visible)
		}
	}
}

func TestHazard(t *testing.T) {
	for _, c := range []struct {
		s         string
		multiline bool
		bad       bool
	}{
		{"plain", false, false},
		{"عربي \u200f", false, true},
		{"عربي \u200f", true, false},
		{"a\nb\tc", true, false},
		{"a\nb", false, true},
		{"\u009b", true, true},
		{"\x7f", true, true},
		{"x\u202e", true, true},
		{"\u2069", true, true},
		{"\u2028", true, true},
		{"\xff", true, true},
		{"\ufffd", false, false},
	} {
		if got := hostile.Hazard(c.s, c.multiline) != ""; got != c.bad {
			t.Errorf("Hazard(%q, %v) = %q", c.s, c.multiline, hostile.Hazard(c.s, c.multiline))
		}
	}
}

// TestEscapeFeedsParseClean reads the generated hostile feeds through
// feeds.Parse: every item is kept, every field is free of hazards, and the
// plain words around the payloads survive.
func TestEscapeFeedsParseClean(t *testing.T) {
	ps := hostile.Payloads()
	for _, c := range []struct {
		name string
		body []byte
		ct   string
		n    int
		encs []hostile.Encoding
	}{
		{"rss", hostile.EscapesRSS(), "application/rss+xml", len(ps) * 3, hostile.Encodings},
		{"atom", hostile.EscapesAtom(), "application/atom+xml", len(ps) * 3, hostile.Encodings},
		{"json", hostile.EscapesJSON(), "application/feed+json", len(ps), []hostile.Encoding{hostile.Raw}},
	} {
		t.Run(c.name, func(t *testing.T) {
			meta, items, err := feeds.Parse(c.body, c.ct, "https://example.com/hostile")
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != c.n {
				t.Fatalf("%d items, want %d", len(items), c.n)
			}
			check := func(what, s string, multiline bool) {
				t.Helper()
				if h := hostile.Hazard(s, multiline); h != "" {
					t.Errorf("%s: %s in %q", what, h, s)
				}
			}
			check("feed title", meta.Title, false)
			check("site URL", meta.SiteURL, false)
			check("language", meta.Language, false)
			if !strings.HasPrefix(meta.Title, "Hostile ") {
				t.Errorf("feed title %q", meta.Title)
			}
			byMarker := map[string]feeds.Item{}
			for _, it := range items {
				check("title", it.Title, false)
				check("GUID", it.GUID, false)
				check("URL", it.URL, false)
				check("author", it.Author, false)
				check("content", it.Content, true)
				for _, l := range it.Links {
					check("link text", l.Text, false)
					check("link URL", l.URL, false)
				}
				for _, e := range it.Enclosures {
					check("enclosure URL", e.URL, false)
					check("enclosure type", e.Type, false)
				}
				marker, _, _ := strings.Cut(it.Title, " ")
				byMarker[marker] = it
			}
			for _, enc := range c.encs {
				for _, p := range ps {
					it, ok := byMarker[hostile.Marker(p, enc)]
					if !ok {
						t.Errorf("no item titled %s …", hostile.Marker(p, enc))
						continue
					}
					// The text after the payload may be lost: character
					// references to U+0080–U+009F are read as windows-1252,
					// as HTML does, so an escaped C1 ST (&#x9C;) becomes "œ"
					// while an escaped C1 OSC (&#x9D;, unassigned there)
					// stays, and the unterminated control string is
					// removed to the end of the line.
					if !strings.Contains(it.Title, p.Visible) || enc == hostile.Raw && !strings.HasSuffix(it.Title, " end") {
						t.Errorf("%s: title %q lost the text around the payload", hostile.Marker(p, enc), it.Title)
					}
					if !strings.Contains(it.Content, p.Visible) {
						t.Errorf("%s: content %q lost the text around the payload", hostile.Marker(p, enc), it.Content)
					}
				}
			}
		})
	}
}

func TestWriteLarge(t *testing.T) {
	var buf bytes.Buffer
	if err := hostile.WriteLarge(&buf, hostile.Large{Title: "Big", Items: 5000, Stamp: "v7"}); err != nil {
		t.Fatal(err)
	}
	meta, items, err := feeds.Parse(buf.Bytes(), "", "https://example.com/big")
	if err != nil {
		t.Fatal(err)
	}
	if meta.Title != "Big [v7]" || len(items) != 5000 {
		t.Fatalf("title %q, %d items", meta.Title, len(items))
	}
	for i, it := range items {
		if it.GUID != fmt.Sprintf("item-%d", i) || !strings.HasSuffix(it.Title, "[v7]") || !strings.HasPrefix(it.Content, "[v7]") {
			t.Fatalf("item %d: %+v", i, it)
		}
	}
}

// TestServer checks each endpoint's behaviour with a plain client, and
// that Close returns while slow and silent connections are open.
func TestServer(t *testing.T) {
	srv := hostile.NewServer(hostile.Options{BombSize: 8 << 20, LargeItems: 100, Trickle: 20 * time.Millisecond})
	closed := false
	defer func() {
		if !closed {
			srv.Close()
		}
	}()
	client := &http.Client{Timeout: 500 * time.Millisecond, Transport: &http.Transport{DisableCompression: true}}
	get := func(path string) (*http.Response, []byte, error) {
		resp, err := client.Get(srv.URL + path)
		if err != nil {
			return nil, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
		return resp, b, err
	}
	for _, e := range hostile.Endpoints() {
		t.Run(strings.Trim(e.Path, "/"), func(t *testing.T) {
			resp, body, err := get(e.Path)
			switch e.Path {
			case "/rss.xml", "/atom.xml", "/feed.json", "/large.xml", "/headers.xml", "/moved", "/many-items.json", "/deep.xml":
				if err != nil || resp.StatusCode != 200 || len(body) == 0 {
					t.Fatalf("%v %v", resp, err)
				}
			case "/bomb.xml", "/bomb-unlabelled.xml":
				if err != nil || len(body) > 64<<10 || body[0] != 0x1f {
					t.Fatalf("%d bytes, %v", len(body), err)
				}
			case "/loop/a", "/chain/0":
				if err == nil || !strings.Contains(err.Error(), "stopped after 10 redirects") {
					t.Fatalf("err = %v", err)
				}
			case "/to-file":
				if err == nil || !strings.Contains(err.Error(), `unsupported protocol scheme "file"`) {
					t.Fatalf("err = %v", err)
				}
			case "/lie-short.xml":
				if !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Fatalf("err = %v", err)
				}
			case "/lie-long.xml":
				if err != nil || !bytes.HasSuffix(body, []byte("<item><guid>s3</guid")) {
					t.Fatalf("%q %v", body, err)
				}
			case "/lie-huge.xml":
				if !errors.Is(err, io.ErrUnexpectedEOF) || resp.ContentLength != 1<<40 {
					t.Fatalf("err = %v", err)
				}
			case "/endless.xml", "/many-items.xml":
				if err != nil || len(body) != 4<<20 {
					t.Fatalf("%d bytes, %v", len(body), err)
				}
			case "/slow-body.xml", "/slow-headers.xml", "/silent.xml":
				if err == nil || !strings.Contains(err.Error(), "Client.Timeout") {
					t.Fatalf("err = %v", err)
				}
			case "/status.xml":
				if err != nil || resp.StatusCode != 503 || !strings.Contains(resp.Status, "\x1b]52;") {
					t.Fatalf("%v %v", resp, err)
				}
			default:
				t.Fatalf("endpoint %s not covered", e.Path)
			}
		})
	}

	// Slow and silent connections left open: Close must end them.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	defer wg.Wait()
	for _, p := range []string{"/silent.xml", "/slow-headers.xml", "/slow-body.xml", "/endless.xml"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+p, nil)
			if resp, err := http.DefaultTransport.RoundTrip(req); err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	time.Sleep(100 * time.Millisecond)
	done := make(chan struct{})
	go func() { srv.Close(); close(done) }()
	select {
	case <-done:
		closed = true
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return with slow connections open")
	}
}
