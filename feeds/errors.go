package feeds

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors, for callers that must tell failures apart
// (errors.Is(res.Err, feeds.ErrNotFeed)). The errors returned by Parse and
// in Result.Err wrap one of them (or are a *StatusError) and read as one
// line without the feed URL, for display as "URL: reason".
var (
	// ErrEmpty: the response or file had no content (or only white space).
	ErrEmpty = errors.New("empty response")
	// ErrNotFeed: the document is not RSS, Atom or JSON Feed (an HTML page,
	// an OPML list, another XML or JSON document, binary data).
	ErrNotFeed = errors.New("not a feed")
	// ErrMalformed: a feed that could not be parsed even leniently.
	ErrMalformed = errors.New("malformed feed")
	// ErrTruncated: the transfer ended before the whole body arrived (body
	// shorter than Content-Length, connection reset, gzip stream ended
	// early). Nothing from the response is usable.
	ErrTruncated = errors.New("truncated")
	// ErrTooLarge: the body, or its decompressed form, exceeded the limit.
	ErrTooLarge = errors.New("response too large")
	// ErrTimeout: the connection or the whole response took too long.
	ErrTimeout = errors.New("timeout")
	// ErrRedirect: too many redirects, or a redirect loop.
	ErrRedirect = errors.New("redirect failed")
	// ErrCanceled: the caller's context was canceled.
	ErrCanceled = errors.New("canceled")
)

// feedError is an error of one of the kinds above with its own one-line
// message.
type feedError struct {
	kind error
	msg  string
}

func (e *feedError) Error() string { return e.msg }
func (e *feedError) Unwrap() error { return e.kind }

// newError returns an error of the given kind reading "kind: detail", or
// the kind's text alone when detail is "".
func newError(kind error, detail string) error {
	if detail == "" {
		return &feedError{kind: kind, msg: kind.Error()}
	}
	return &feedError{kind: kind, msg: kind.Error() + ": " + detail}
}

// newErrorf returns an error of the given kind whose whole message is the
// formatted text.
func newErrorf(kind error, format string, args ...any) error {
	return &feedError{kind: kind, msg: fmt.Sprintf(format, args...)}
}

// StatusError is an HTTP response status that is not success (nor 304). Its
// message is "HTTP 404 Not Found".
type StatusError struct {
	Code   int
	Status string // the reason phrase as sent, sanitized
}

func (e *StatusError) Error() string {
	if e.Status == "" {
		return fmt.Sprintf("HTTP %d", e.Code)
	}
	return fmt.Sprintf("HTTP %d %s", e.Code, e.Status)
}

// formatSize writes a byte count the way limits are shown: "20 MB"
// (MB = 2^20 bytes), "512 KB", "100 bytes".
func formatSize(n int64) string {
	const kb, mb = 1 << 10, 1 << 20
	switch {
	case n >= mb && n%mb == 0:
		return fmt.Sprintf("%d MB", n/mb)
	case n >= mb:
		return fmt.Sprintf("%.1f MB", float64(n)/mb)
	case n >= kb && n%kb == 0:
		return fmt.Sprintf("%d KB", n/kb)
	}
	return fmt.Sprintf("%d bytes", n)
}

// formatDuration writes a duration briefly: "30s", "1m30s", "2h", "1.5s".
func formatDuration(d time.Duration) string {
	if d >= time.Second && d%time.Second == 0 {
		s := d.String() // "1m30s", "2h0m0s"
		for len(s) > 2 && (s[len(s)-2:] == "0s" || s[len(s)-2:] == "0m") && !isDigit(s[len(s)-3]) {
			s = s[:len(s)-2]
		}
		return s
	}
	return d.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
