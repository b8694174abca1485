package hostile

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options sizes what Handler serves. Zero fields take the defaults.
type Options struct {
	// BombSize is how many bytes the gzip bombs decompress to (default
	// 1 GiB).
	BombSize int64
	// LargeItems is the number of items of /large.xml (default 50,000).
	LargeItems int
	// Trickle is the pause between the bytes of the slow responses
	// (default 100 ms).
	Trickle time.Duration
}

func (o Options) withDefaults() Options {
	if o.BombSize <= 0 {
		o.BombSize = 1 << 30
	}
	if o.LargeItems <= 0 {
		o.LargeItems = 50000
	}
	if o.Trickle <= 0 {
		o.Trickle = 100 * time.Millisecond
	}
	return o
}

// Endpoint is one resource Handler serves.
type Endpoint struct {
	Path string
	Desc string
}

// Endpoints lists every path Handler serves, with what it does.
func Endpoints() []Endpoint {
	return []Endpoint{
		{"/rss.xml", "RSS 2.0 with escape sequences, C1 controls and bidi overrides in every field (raw, as XML and as HTML character references)"},
		{"/atom.xml", "Atom 1.0 with the same payloads, in text, html and xhtml constructs"},
		{"/feed.json", "JSON Feed 1.1 with the payloads as JSON \\u escapes"},
		{"/bomb.xml", "gzip bomb with Content-Encoding: gzip (decompresses to Options.BombSize)"},
		{"/bomb-unlabelled.xml", "the same gzip bomb without Content-Encoding"},
		{"/loop/a", "redirect loop /loop/a -> /loop/b -> /loop/a"},
		{"/chain/0", "endless chain of redirects /chain/0 -> /chain/1 -> …"},
		{"/to-file", "redirect to file:///etc/passwd"},
		{"/moved", "permanent redirect to an address whose path and query hold an RLO (U+202E) and a C1 CSI, which serves /rss.xml"},
		{"/large.xml", "RSS 2.0 with Options.LargeItems items"},
		{"/endless.xml", "RSS 2.0 that never ends (chunked, items forever)"},
		{"/lie-short.xml", "Content-Length larger than the body, then the connection closes"},
		{"/lie-long.xml", "Content-Length smaller than the body: the declared length ends inside an item"},
		{"/lie-huge.xml", "Content-Length of 1 TiB in front of a small feed"},
		{"/slow-body.xml", "headers at once, then the body one byte per Options.Trickle (slowloris)"},
		{"/slow-headers.xml", "the status line and headers one byte per Options.Trickle"},
		{"/silent.xml", "reads the request and never answers"},
		{"/status.xml", "503 whose reason phrase carries ESC, a C1 CSI and an RLO, with an absurd Retry-After"},
		{"/headers.xml", "a small valid feed whose ETag, Last-Modified and Content-Type charset carry C1 controls and bidi overrides"},
		{"/many-items.xml", "RSS 2.0 with 2,000,000 empty items in 14 MB (a parser amplifier)"},
		{"/many-items.json", "JSON Feed with 2,000,000 empty items in 6 MB"},
		{"/deep.xml", "RSS 2.0 with an item holding 1,200,000 nested extension elements in 7 MB"},
	}
}

// smallFeed is a valid three-item feed used behind lying headers.
const smallFeed = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Small feed behind a lie</title><link>https://example.com/small</link>
<item><guid>s1</guid><title>Small one</title><link>https://example.com/small/1</link><description>First of three.</description></item>
<item><guid>s2</guid><title>Small two</title><link>https://example.com/small/2</link><description>Second of three.</description></item>
<item><guid>s3</guid><title>Small three</title><link>https://example.com/small/3</link><description>Third of three.</description></item>
</channel></rss>
`

// Handler serves the hostile resources of Endpoints. Close it before
// closing the http.Server that uses it: slow and silent responses last
// until then (or until the client goes away).
type Handler struct {
	opts   Options
	ctx    context.Context // canceled by Close
	cancel context.CancelFunc
	wg     sync.WaitGroup // hijacked connections
}

// NewHandler returns a Handler sized by opts.
func NewHandler(opts Options) *Handler {
	ctx, cancel := context.WithCancel(context.Background())
	return &Handler{opts: opts.withDefaults(), ctx: ctx, cancel: cancel}
}

// Close ends every slow or silent response and waits for the connections
// this Handler took over to close.
func (h *Handler) Close() {
	h.cancel()
	h.wg.Wait()
}

// sleep waits d, and reports false when the handler is closing or ctxDone
// fires first.
func (h *Handler) sleep(d time.Duration, ctxDone <-chan struct{}) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-h.ctx.Done():
	case <-ctxDone:
	}
	return false
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	const rssType = "application/rss+xml"
	p := r.URL.Path
	switch {
	case p == "/rss.xml" || p == "/r\u202egnp\u009b.xml":
		serveBytes(w, rssType, EscapesRSS())
	case p == "/atom.xml":
		serveBytes(w, "application/atom+xml", EscapesAtom())
	case p == "/feed.json":
		serveBytes(w, "application/feed+json", EscapesJSON())
	case p == "/bomb.xml" || p == "/bomb-unlabelled.xml":
		w.Header().Set("Content-Type", rssType)
		if p == "/bomb.xml" {
			w.Header().Set("Content-Encoding", "gzip")
		}
		WriteGzipBomb(w, h.opts.BombSize) // an error means the client left
	case p == "/loop/a":
		http.Redirect(w, r, "/loop/b", http.StatusFound)
	case p == "/loop/b":
		http.Redirect(w, r, "/loop/a", http.StatusMovedPermanently)
	case strings.HasPrefix(p, "/chain/"):
		n, _ := strconv.Atoi(strings.TrimPrefix(p, "/chain/"))
		http.Redirect(w, r, fmt.Sprintf("/chain/%d", n+1), http.StatusFound)
	case p == "/to-file":
		w.Header().Set("Location", "file:///etc/passwd")
		w.WriteHeader(http.StatusFound)
	case p == "/moved":
		w.Header().Set("Location", "/r\u202egnp\u009b.xml?\u009b2J=\u202e")
		w.WriteHeader(http.StatusMovedPermanently)
	case p == "/large.xml":
		w.Header().Set("Content-Type", rssType)
		WriteLarge(w, Large{Title: "Large feed", Items: h.opts.LargeItems, Stamp: "v1", Link: "https://example.com/large"})
	case p == "/endless.xml":
		h.endless(w, r)
	case p == "/lie-short.xml":
		h.raw(w, false, func(c *bufio.ReadWriter) {
			body := smallFeed[:len(smallFeed)/2]
			fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s", rssType, len(smallFeed), body)
		})
	case p == "/lie-long.xml":
		h.raw(w, false, func(c *bufio.ReadWriter) {
			cut := strings.Index(smallFeed, "<item><guid>s3") + 20 // inside the third item
			fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s%s", rssType, cut, smallFeed,
				"<item><guid>extra</guid><title>Sent beyond Content-Length</title></item>")
		})
	case p == "/lie-huge.xml":
		h.raw(w, false, func(c *bufio.ReadWriter) {
			fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s", rssType, int64(1)<<40, smallFeed)
		})
	case p == "/slow-body.xml":
		w.Header().Set("Content-Type", rssType)
		w.WriteHeader(http.StatusOK)
		h.trickle(w, []byte(smallFeed), r.Context().Done())
	case p == "/slow-headers.xml":
		h.raw(w, true, func(c *bufio.ReadWriter) {
			h.trickle(c, []byte("HTTP/1.1 200 OK\r\nContent-Type: "+rssType+"\r\n\r\n"+smallFeed), nil)
		})
	case p == "/silent.xml":
		h.raw(w, true, func(*bufio.ReadWriter) {})
	case p == "/status.xml":
		h.raw(w, false, func(c *bufio.ReadWriter) {
			fmt.Fprintf(c, "HTTP/1.1 503 Busy \x1b]52;c;%s\x07 \u009b2J \u202egnp.exe\r\nRetry-After: 99999999999999999999999\r\nContent-Length: 0\r\n\r\n", clipboardCommand)
		})
	case p == "/headers.xml":
		w.Header().Set("Content-Type", "application/rss+xml; charset=\"utf\u009b8\u202e\"")
		w.Header().Set("ETag", "\"\u009d52;c;"+clipboardCommand+"\u009c\u202e\"")
		w.Header().Set("Last-Modified", "Mon, 02 Jan 2006 15:04:05 GMT \u009b2J\u202e")
		io.WriteString(w, smallFeed)
	case p == "/many-items.xml":
		w.Header().Set("Content-Type", rssType)
		repeatBody(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Many items</title>`, "<item/>", 2_000_000, "</channel></rss>\n")
	case p == "/many-items.json":
		w.Header().Set("Content-Type", "application/feed+json")
		repeatBody(w, `{"version":"https://jsonfeed.org/version/1.1","title":"Many items","items":[{}`, ",{}", 2_000_000-1, "]}\n")
	case p == "/deep.xml":
		w.Header().Set("Content-Type", rssType)
		repeatBody(w, `<?xml version="1.0"?><rss version="2.0" xmlns:x="urn:x"><channel><title>Deep</title><item><guid>deep</guid>`,
			"<x:a>", 1_200_000, "</item></channel></rss>\n")
	default:
		http.NotFound(w, r)
	}
}

// repeatBody writes head, unit n times and tail, through a buffer: the
// amplifier documents are generated on the fly.
func repeatBody(w io.Writer, head, unit string, n int, tail string) {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(head)
	for range n {
		if _, err := bw.WriteString(unit); err != nil {
			return // the client left
		}
	}
	bw.WriteString(tail)
	bw.Flush()
}

func serveBytes(w http.ResponseWriter, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

// trickle writes b one byte at a time, flushing each, until it is all
// written, the client goes away or the handler closes.
func (h *Handler) trickle(w io.Writer, b []byte, ctxDone <-chan struct{}) {
	for i := range b {
		if !h.sleep(h.opts.Trickle, ctxDone) {
			return
		}
		if _, err := w.Write(b[i : i+1]); err != nil {
			return
		}
		switch f := w.(type) {
		case http.Flusher:
			f.Flush()
		case *bufio.ReadWriter:
			if f.Flush() != nil {
				return
			}
		}
	}
}

// endless writes RSS items until the client goes away or the handler
// closes.
func (h *Handler) endless(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/rss+xml")
	io.WriteString(w, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Endless</title>`+"\n")
	var b bytes.Buffer
	for i := 0; ; i++ {
		select {
		case <-h.ctx.Done():
			return
		case <-r.Context().Done():
			return
		default:
		}
		b.Reset()
		for k := range 100 {
			fmt.Fprintf(&b, "<item><guid>e%d</guid><title>Endless item %d</title><description>%s</description></item>\n",
				i*100+k, i*100+k, strings.Repeat("more ", 40))
		}
		if _, err := w.Write(b.Bytes()); err != nil {
			return
		}
	}
}

// raw takes over the connection and lets write answer on it, bypassing
// the server's response machinery so that write may lie about lengths or
// stall. Then, with hold, it keeps the connection open, answering nothing
// more, until the client hangs up or the handler closes; without, it closes
// the connection.
func (h *Handler) raw(w http.ResponseWriter, hold bool, write func(*bufio.ReadWriter)) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "cannot hijack", http.StatusInternalServerError)
		return
	}
	conn, rw, err := hj.Hijack()
	if err != nil {
		return
	}
	h.wg.Add(1)
	// The connection is no longer the server's: this goroutine owns it,
	// and Close waits for it.
	go func() {
		defer h.wg.Done()
		defer conn.Close()
		// Closing the handler unblocks any write or read below.
		stop := context.AfterFunc(h.ctx, func() { conn.SetDeadline(time.Now()) })
		defer stop()
		write(rw)
		if rw.Flush() != nil || !hold {
			return
		}
		io.Copy(io.Discard, conn) // until the client hangs up
	}()
}

// Server is an httptest server running a Handler on 127.0.0.1.
type Server struct {
	*httptest.Server
	h *Handler
}

// NewServer starts a Server sized by opts. Close it when done.
func NewServer(opts Options) *Server {
	h := NewHandler(opts)
	return &Server{Server: httptest.NewServer(h), h: h}
}

// Close ends the slow and silent responses, then shuts the server down.
func (s *Server) Close() {
	s.h.Close()
	s.Server.Close()
}
