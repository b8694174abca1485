package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Server serves the embedded sample feeds over HTTP on 127.0.0.1 (a random
// free port) with correct Content-Types, ETag and Last-Modified, answers
// conditional GETs with 304 Not Modified and gzips the body for clients that
// accept it. It is safe for concurrent use.
type Server struct {
	ln   net.Listener
	srv  *http.Server
	done chan struct{} // closed when the serving goroutine returns
	err  error         // the serving goroutine's error, read after done

	closeOnce sync.Once
	closeErr  error
}

// shutdownTimeout bounds how long Close waits for in-flight requests.
const shutdownTimeout = 5 * time.Second

// Start listens on 127.0.0.1:0 and serves the embedded feeds until Close.
// It returns an error (wrapped, from net.Listen) when no loopback port can be
// opened. Errors the HTTP server meets later (a client hanging up, …) go to
// slog.Default() at Warn level, never to the terminal.
func Start() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("demo server: listen on 127.0.0.1: %w", err)
	}
	s := &Server{
		ln: ln,
		srv: &http.Server{
			Handler:           Handler(),
			ReadHeaderTimeout: 5 * time.Second,
			ReadTimeout:       10 * time.Second,
			WriteTimeout:      10 * time.Second,
			IdleTimeout:       60 * time.Second,
			MaxHeaderBytes:    64 << 10,
			ErrorLog:          slog.NewLogLogger(slog.Default().Handler(), slog.LevelWarn),
		},
		done: make(chan struct{}),
	}
	go func() {
		defer close(s.done)
		if err := s.srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			s.err = err
		}
	}()
	return s, nil
}

// URLs returns one absolute http:// URL per embedded feed, in the order of
// Files, e.g. "http://127.0.0.1:40123/ar-rss.xml".
func (s *Server) URLs() []string {
	base := "http://" + s.ln.Addr().String() + "/"
	names := Files()
	urls := make([]string, len(names))
	for i, n := range names {
		urls[i] = base + n
	}
	return urls
}

// Close stops accepting connections, waits up to five seconds for in-flight
// requests to finish (then drops them) and waits for the serving goroutine
// to return. It returns the first error from shutting down or from serving;
// later calls return the same result.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		defer cancel()
		err := s.srv.Shutdown(ctx)
		if err != nil {
			// Shutdown timed out: force the remaining connections closed.
			err = errors.Join(err, s.srv.Close())
		}
		<-s.done
		if s.err != nil {
			err = errors.Join(fmt.Errorf("demo server: serve: %w", s.err), err)
		} else if err != nil {
			err = fmt.Errorf("demo server: shutdown: %w", err)
		}
		s.closeErr = err
	})
	return s.closeErr
}

// Handler returns the http.Handler that Server uses, for tests that want the
// feeds behind httptest.Server. It serves GET and HEAD of "/NAME" for each
// name in Files:
//   - Content-Type by format (application/rss+xml, application/atom+xml,
//     application/feed+json; charset=utf-8);
//   - a strong ETag (a SHA-256 prefix of the representation) and
//     Last-Modified; If-None-Match, If-Modified-Since and Range are evaluated
//     by http.ServeContent as RFC 9110 §13 prescribes, 304 for a match;
//   - Content-Encoding: gzip when Accept-Encoding allows it (RFC 9110
//     §12.5.3), with its own ETag and "Vary: Accept-Encoding".
//
// Any other path is 404, any other method 405.
func Handler() http.Handler {
	return http.HandlerFunc(serveFeed)
}

func serveFeed(w http.ResponseWriter, r *http.Request) {
	f, ok := feeds()[strings.TrimPrefix(r.URL.Path, "/")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Vary", "Accept-Encoding")
	h.Set("Cache-Control", "no-cache")
	body, etag := f.body, f.etag
	if acceptsGzip(r.Header.Values("Accept-Encoding")) {
		body, etag = f.gz, f.gzETag
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, f.name, lastModified, bytes.NewReader(body))
}

// acceptsGzip reports whether Accept-Encoding field values (RFC 9110
// §12.5.3) accept "gzip" (or its alias "x-gzip") with a non-zero quality.
// Only an explicit coding counts; "*" is not taken as consent, so a client
// that did not name gzip always gets the identity representation.
func acceptsGzip(values []string) bool {
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			coding, params, _ := strings.Cut(part, ";")
			coding = strings.ToLower(strings.TrimSpace(coding))
			if coding != "gzip" && coding != "x-gzip" {
				continue
			}
			q := 1.0
			for _, p := range strings.Split(params, ";") {
				k, val, ok := strings.Cut(strings.TrimSpace(p), "=")
				if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
					parsed, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
					if err != nil {
						parsed = 0 // a malformed weight: do not assume consent
					}
					q = parsed
				}
			}
			if q > 0 {
				return true
			}
		}
	}
	return false
}
