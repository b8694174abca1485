package feeds

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// fetched is what one fetch produced, before parsing.
type fetched struct {
	body         []byte // as transferred, Content-Encoding removed
	contentType  string
	finalURL     string // after redirects: the base for relative links
	etag         string
	lastModified string
	notModified  bool
	movedTo      string
	gone         bool
	retryAfter   time.Time
}

// acceptHeader asks for feeds first.
const acceptHeader = "application/rss+xml, application/atom+xml, application/feed+json, " +
	"application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"

func (p *Poller) fetch(parent context.Context, req Request) (fetched, error) {
	if path, ok := FilePath(req.URL); ok {
		return p.fetchFile(parent, req, path)
	}
	u, err := url.Parse(req.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fetched{}, newErrorf(ErrBadURL, "unsupported address (want an http, https or file URL)")
	}
	ctx, cancel := context.WithTimeout(parent, p.cfg.Timeout)
	defer cancel()

	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, req.URL, nil)
	if err != nil {
		return fetched{}, newErrorf(ErrBadURL, "bad URL: %s", oneLine(err.Error()))
	}
	hreq.Header.Set("User-Agent", p.cfg.UserAgent)
	hreq.Header.Set("Accept", acceptHeader)
	hreq.Header.Set("Accept-Encoding", "gzip, deflate")
	if req.ETag != "" {
		hreq.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hreq.Header.Set("If-Modified-Since", req.LastModified)
	}

	// A permanent redirect (301, 308) moves the feed; the new address is
	// the last one reached through permanent redirects only (a temporary
	// redirect on the way means the old address stays authoritative).
	var moved string
	permanent := true
	client := &http.Client{
		Transport: p.transport,
		CheckRedirect: func(r *http.Request, via []*http.Request) error {
			if len(via) > p.cfg.MaxRedirects {
				return newErrorf(ErrRedirect, "too many redirects (more than %d)", p.cfg.MaxRedirects)
			}
			next := r.URL.String()
			for _, v := range via {
				if v.URL.String() == next {
					return newErrorf(ErrRedirect, "redirect loop (back to %s)", SanitizeLine(next))
				}
			}
			if permanent && r.Response != nil {
				switch r.Response.StatusCode {
				case http.StatusMovedPermanently, http.StatusPermanentRedirect:
					moved = next
				default:
					permanent = false
				}
			}
			return nil
		},
	}
	resp, err := client.Do(hreq)
	if err != nil {
		return fetched{}, p.requestError(parent, ctx, err)
	}
	defer resp.Body.Close()

	f := fetched{
		contentType:  resp.Header.Get("Content-Type"),
		finalURL:     resp.Request.URL.String(),
		etag:         resp.Header.Get("ETag"),
		lastModified: resp.Header.Get("Last-Modified"),
	}
	code := resp.StatusCode
	if (code >= 200 && code < 300) || code == http.StatusNotModified {
		// The new address is stored and shown: normalized like any
		// subscription (a Location header may carry raw controls or bidi
		// characters in its query).
		if n, err := NormalizeURL(moved); moved != "" && err == nil && n != req.URL {
			f.movedTo = n
		}
	}
	switch {
	case code == http.StatusNotModified:
		f.notModified = true
		if f.etag == "" {
			f.etag = req.ETag
		}
		if f.lastModified == "" {
			f.lastModified = req.LastModified
		}
		return f, nil
	case code == http.StatusGone:
		f.gone = true
		return f, statusError(resp)
	case code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable:
		now := p.cfg.Now()
		f.retryAfter = p.retryAfter(resp.Header.Get("Retry-After"), now)
		se := statusError(resp)
		return f, &feedError{kind: se, msg: fmt.Sprintf("%s (retry after %s)", se.Error(), formatDuration(f.retryAfter.Sub(now).Round(time.Second)))}
	case code < 200 || code >= 300:
		return f, statusError(resp)
	}

	limit := p.cfg.MaxBodyBytes
	if resp.ContentLength > limit {
		return f, newErrorf(ErrTooLarge, "response larger than %s", formatSize(limit))
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if int64(len(body)) > limit {
		return f, newErrorf(ErrTooLarge, "response larger than %s", formatSize(limit))
	}
	if err != nil {
		if e := p.contextError(parent, ctx); e != nil {
			return f, e
		}
		return f, truncatedError(err, len(body), resp.ContentLength)
	}
	if resp.ContentLength >= 0 && int64(len(body)) < resp.ContentLength {
		return f, truncatedError(io.ErrUnexpectedEOF, len(body), resp.ContentLength)
	}
	body, err = p.decodeContent(resp.Header.Get("Content-Encoding"), body)
	if err != nil {
		return f, err
	}
	f.body = body
	return f, nil
}

// decodeContent removes a Content-Encoding (RFC 9110 §8.4): gzip (also
// x-gzip) and deflate, within MaxDecodedBytes. A body labelled gzip that is
// not gzip is taken as is; an unknown coding is an error.
func (p *Poller) decodeContent(coding string, body []byte) ([]byte, error) {
	coding = strings.ToLower(strings.TrimSpace(coding))
	switch coding {
	case "", "identity":
		return body, nil
	case "gzip", "x-gzip":
		if len(body) < 2 || body[0] != 0x1f || body[1] != 0x8b {
			return body, nil
		}
		return gunzip(body, p.cfg.MaxDecodedBytes)
	case "deflate":
		return inflate(body, p.cfg.MaxDecodedBytes)
	}
	return nil, newErrorf(ErrMalformed, "unsupported Content-Encoding %q", SanitizeLine(coding))
}

// inflate decompresses a deflate body (zlib-wrapped as RFC 9110 §8.4.1.2
// says, or raw deflate as some servers send), at most limit bytes, counting
// first and then decompressing into a buffer of the counted size, as gunzip
// does.
func inflate(body []byte, limit int64) ([]byte, error) {
	read := func(w io.Writer) (int64, error) {
		var r io.ReadCloser
		if zr, err := zlib.NewReader(bytes.NewReader(body)); err == nil {
			r = zr
		} else {
			r = flate.NewReader(bytes.NewReader(body))
		}
		defer r.Close()
		n, err := io.Copy(w, io.LimitReader(r, limit+1))
		switch {
		case n > limit:
			return 0, newErrorf(ErrTooLarge, "decompressed response larger than %s", formatSize(limit))
		case err == io.ErrUnexpectedEOF:
			return 0, newError(ErrTruncated, "deflate stream ended early")
		case err != nil:
			return 0, newError(ErrMalformed, "corrupt deflate data")
		}
		return n, nil
	}
	n, err := read(io.Discard)
	if err != nil {
		return nil, err
	}
	buf := bytes.NewBuffer(make([]byte, 0, n+bytes.MinRead))
	if _, err := read(buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// fetchFile reads a local feed file with the same limits as a download. Its
// modification time (RFC 3339 with nanoseconds) serves as Last-Modified: an
// unchanged file is "not modified".
func (p *Poller) fetchFile(ctx context.Context, req Request, path string) (fetched, error) {
	f := fetched{finalURL: req.URL}
	if err := p.limiter.acquire(ctx, "file"); err != nil {
		return f, ErrCanceled
	}
	defer p.limiter.release("file")
	fi, err := os.Stat(path)
	if err != nil {
		return f, fileError(err)
	}
	if fi.IsDir() {
		return f, newError(ErrNotFeed, "is a directory")
	}
	if !fi.Mode().IsRegular() {
		// A FIFO, socket or device would block the read forever or never
		// end (/dev/zero); a feed file is a regular file.
		return f, newError(ErrNotFeed, "not a regular file")
	}
	f.lastModified = fi.ModTime().UTC().Format(time.RFC3339Nano)
	if req.LastModified == f.lastModified {
		f.notModified = true
		return f, nil
	}
	limit := p.cfg.MaxBodyBytes
	if fi.Size() > limit {
		return f, newErrorf(ErrTooLarge, "file larger than %s", formatSize(limit))
	}
	// Opened without blocking and checked again: the path may have been
	// replaced by a FIFO since the Stat, and opening a FIFO to read waits
	// for a writer.
	fh, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return f, fileError(err)
	}
	defer fh.Close()
	if fi, err := fh.Stat(); err != nil || !fi.Mode().IsRegular() {
		return f, newError(ErrNotFeed, "not a regular file")
	}
	body, err := io.ReadAll(io.LimitReader(fh, limit+1))
	if err != nil {
		return f, newErrorf(ErrTruncated, "truncated: read error: %s", oneLine(err.Error()))
	}
	if int64(len(body)) > limit {
		return f, newErrorf(ErrTooLarge, "file larger than %s", formatSize(limit))
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return f, newErrorf(ErrEmpty, "empty file")
	}
	f.body = body
	return f, nil
}

func fileError(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("file not found")
	case errors.Is(err, fs.ErrPermission):
		return errors.New("permission denied")
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return errors.New(oneLine(pe.Err.Error()))
	}
	return errors.New(oneLine(err.Error()))
}

// statusError makes the error for a response status that is not success.
func statusError(resp *http.Response) *StatusError {
	reason := strings.TrimSpace(strings.TrimPrefix(resp.Status, strconv.Itoa(resp.StatusCode)))
	reason = SanitizeLine(reason)
	if r := []rune(reason); len(r) > 60 {
		reason = string(r[:60]) + "…"
	}
	if reason == "" {
		reason = http.StatusText(resp.StatusCode)
	}
	return &StatusError{Code: resp.StatusCode, Status: reason}
}

// retryAfter returns when to poll again after 429 or 503, from a
// Retry-After value (RFC 9110 §10.2.3: delay-seconds, or an HTTP-date in
// any of the three formats of §5.6.7); DefaultRetryAfter from now when the
// header is missing or unusable; never more than MaxRetryAfter from now,
// and never before now.
func (p *Poller) retryAfter(h string, now time.Time) time.Time {
	h = strings.TrimSpace(h)
	wait := p.cfg.DefaultRetryAfter
	if h != "" {
		if secs, err := strconv.ParseInt(h, 10, 64); err == nil {
			if secs < 0 {
				secs = 0
			}
			if secs > int64(p.cfg.MaxRetryAfter/time.Second) {
				secs = int64(p.cfg.MaxRetryAfter / time.Second)
			}
			wait = time.Duration(secs) * time.Second
		} else if t, err := http.ParseTime(h); err == nil {
			wait = t.Sub(now)
		}
	}
	wait = max(0, min(wait, p.cfg.MaxRetryAfter))
	return now.Add(wait)
}

// contextError returns the error for an ended context: ErrCanceled when the
// caller's context ended, the poll timeout when ours did, else nil.
func (p *Poller) contextError(parent, ctx context.Context) error {
	if parent.Err() != nil {
		if errors.Is(parent.Err(), context.DeadlineExceeded) {
			return newErrorf(ErrTimeout, "timeout (deadline of the caller)")
		}
		return ErrCanceled
	}
	if ctx.Err() != nil {
		return newErrorf(ErrTimeout, "timeout after %s", formatDuration(p.cfg.Timeout))
	}
	return nil
}

// requestError turns an error from http.Client.Do into a one-line reason.
func (p *Poller) requestError(parent, ctx context.Context, err error) error {
	var fe *feedError
	if errors.As(err, &fe) {
		return fe
	}
	if e := p.contextError(parent, ctx); e != nil {
		return e
	}
	var (
		dnsErr  *net.DNSError
		opErr   *net.OpError
		certErr *tls.CertificateVerificationError
		unknown x509.UnknownAuthorityError
		host    x509.HostnameError
	)
	switch {
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return fmt.Errorf("cannot resolve host %s", SanitizeLine(dnsErr.Name))
		}
		return fmt.Errorf("DNS lookup of %s failed", SanitizeLine(dnsErr.Name))
	case errors.As(err, &opErr) && opErr.Op == "dial" && opErr.Timeout():
		return newErrorf(ErrTimeout, "connect timeout after %s", formatDuration(p.cfg.ConnectTimeout))
	case strings.Contains(err.Error(), "TLS handshake timeout"):
		return newErrorf(ErrTimeout, "TLS handshake timeout after %s", formatDuration(p.cfg.ConnectTimeout))
	case strings.Contains(err.Error(), "timeout awaiting response headers"):
		return newErrorf(ErrTimeout, "timeout after %s", formatDuration(p.cfg.Timeout))
	case errors.Is(err, syscall.ECONNREFUSED):
		return errors.New("connection refused")
	case errors.As(err, &unknown), errors.As(err, &host), errors.As(err, &certErr):
		return fmt.Errorf("TLS certificate not valid: %s", oneLine(innermost(err).Error()))
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("connection closed by the server before a response")
	}
	return errors.New(oneLine(innermost(err).Error()))
}

// innermost strips *url.Error's "Get \"URL\": " prefix.
func innermost(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// truncatedError describes a body that ended early after got bytes (want:
// the Content-Length, -1 if unknown).
func truncatedError(err error, got int, want int64) error {
	var why string
	switch {
	case errors.Is(err, syscall.ECONNRESET):
		why = "connection reset"
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		why = "connection closed"
	default:
		why = oneLine(innermost(err).Error())
	}
	if want >= 0 {
		return newErrorf(ErrTruncated, "truncated: %s after %d of %d bytes", why, got, want)
	}
	return newErrorf(ErrTruncated, "truncated: %s after %d bytes", why, got)
}
