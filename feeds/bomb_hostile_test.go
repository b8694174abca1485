package feeds_test

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/feeds/hostile"
)

// TestBombCostsNoMemory polls gzip and deflate bombs and checks that they
// are refused at the decompression limit without the poller allocating
// anything near that limit: decompressing into a growing buffer used to
// cost up to four times the limit per bomb (287 MB of RSS for one bomb
// under the default 64 MB limit), so that a list of bomb feeds polled 16 at
// a time could exhaust memory.
func TestBombCostsNoMemory(t *testing.T) {
	const limit = 32 << 20
	var gz, zl bytes.Buffer
	if err := hostile.WriteGzipBomb(&gz, 4*limit); err != nil {
		t.Fatal(err)
	}
	zw, _ := zlib.NewWriterLevel(&zl, zlib.BestCompression)
	zeros := make([]byte, 1<<20)
	for range 2 * limit >> 20 {
		zw.Write(zeros)
	}
	zw.Close()
	for _, c := range []struct {
		name, coding string
		body         []byte
	}{
		{"gzip", "gzip", gz.Bytes()},
		{"gzip unlabelled", "", gz.Bytes()},
		{"deflate", "deflate", zl.Bytes()},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if c.coding != "" {
					w.Header().Set("Content-Encoding", c.coding)
				}
				w.Write(c.body)
			}))
			defer srv.Close()
			p := feeds.NewPoller(feeds.Config{MaxDecodedBytes: limit}, nil)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			res := p.Poll(context.Background(), feeds.Request{URL: srv.URL})
			runtime.ReadMemStats(&after)
			if !errors.Is(res.Err, feeds.ErrTooLarge) || res.Err.Error() != "decompressed response larger than 32 MB" {
				t.Fatalf("err = %v", res.Err)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > limit/4 {
				t.Errorf("polling a %d-byte bomb allocated %d bytes (limit %d)", len(c.body), alloc, limit)
			}
		})
	}
}

// TestGzipWithinLimit checks the two-pass decompression on bodies just
// under and just over the limit, through Parse.
func TestGzipWithinLimit(t *testing.T) {
	var doc bytes.Buffer
	if err := hostile.WriteLarge(&doc, hostile.Large{Title: "Within", Items: 3000}); err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	gw := gzip.NewWriter(&gz)
	gw.Write(doc.Bytes())
	gw.Close()
	srvAt := func(limit int64) feeds.Result {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(gz.Bytes())
		}))
		defer srv.Close()
		return feeds.NewPoller(feeds.Config{MaxDecodedBytes: limit}, nil).Poll(context.Background(), feeds.Request{URL: srv.URL})
	}
	n := int64(doc.Len())
	if res := srvAt(n); res.Err != nil || len(res.Items) != 3000 {
		t.Errorf("limit = size: %v, %d items", res.Err, len(res.Items))
	}
	if res := srvAt(n - 1); !errors.Is(res.Err, feeds.ErrTooLarge) {
		t.Errorf("limit = size-1: %v", res.Err)
	}
}

// TestPollMovedToIsNormalized: the new address after a permanent redirect
// replaces the stored feed URL, so it is normalized like a subscription:
// the hostile server's Location carries an RLO and a C1 CSI in its path
// and query.
func TestPollMovedToIsNormalized(t *testing.T) {
	srv := hostile.NewServer(hostile.Options{})
	defer srv.Close()
	res := feeds.NewPoller(feeds.Config{}, nil).Poll(context.Background(), feeds.Request{URL: srv.URL + "/moved"})
	if res.Err != nil || len(res.Items) == 0 {
		t.Fatalf("%v, %d items", res.Err, len(res.Items))
	}
	if want := srv.URL + "/r%E2%80%AEgnp%C2%9B.xml?%C2%9B2J=%E2%80%AE"; res.MovedTo != want {
		t.Errorf("MovedTo = %q, want %q", res.MovedTo, want)
	}
}
