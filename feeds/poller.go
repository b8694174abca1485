package feeds

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/nashra-reader/nashra/feeds/arabic"
	"github.com/nashra-reader/nashra/feeds/topics"
)

// Version is nashra's version, sent in the User-Agent.
const Version = "0.1.0"

// DefaultUserAgent identifies nashra to servers (RFC 9110 §10.1.5).
const DefaultUserAgent = "nashra/" + Version + " (+https://github.com/nashra-reader/nashra)"

// Tagger assigns automatic topic and entity tags to an article;
// *topics.Tagger implements it. lang is the article's detected ISO 639-1
// code.
type Tagger interface {
	Tag(title, body, lang string) []topics.Tag
}

// TokenTagger is a Tagger that can tag text already split by
// arabic.Tokenize, returning what Tag would; the Poller then tokenizes each
// item once for the tagger and the full-text index. *topics.Tagger
// implements it.
type TokenTagger interface {
	Tagger
	TagTokens(title, body string, titleToks, bodyToks []arabic.Token, lang string) []topics.Tag
}

// fingerprinter is a Tagger that can name its rules (topics.Tagger's
// Fingerprint): items are skipped as unchanged only when the rules they
// were tagged with are known to be the same.
type fingerprinter interface {
	Fingerprint() string
}

// Config sets the Poller's limits. The zero value of a field means its
// default (see DefaultConfig); Validate reports values that make no sense.
type Config struct {
	// ConnectTimeout bounds DNS lookup, TCP connect and TLS handshake.
	ConnectTimeout time.Duration
	// Timeout bounds one whole poll: connect, redirects, headers and the
	// complete body.
	Timeout time.Duration
	// MaxBodyBytes is the most bytes read from a response body (or a local
	// file) as transferred, before any decompression.
	MaxBodyBytes int64
	// MaxDecodedBytes is the most bytes a gzip or deflate body may
	// decompress to: a "gzip bomb" stops there with ErrTooLarge.
	MaxDecodedBytes int64
	// MaxRedirects is the most redirects followed for one poll.
	MaxRedirects int
	// PerHost is the most requests in flight at once to one host:port
	// (counting every Poll of this Poller, and each redirect hop against
	// its own host). Local files count under one key, "file".
	PerHost int
	// Concurrency is the most feeds PollAll polls at once.
	Concurrency int
	// UserAgent is sent with every request.
	UserAgent string
	// DefaultRetryAfter is the backoff after 429 or 503 when the response
	// has no usable Retry-After header; MaxRetryAfter caps any backoff.
	DefaultRetryAfter time.Duration
	MaxRetryAfter     time.Duration
	// Proxy chooses a proxy per request; nil means http.ProxyFromEnvironment
	// (HTTP_PROXY, HTTPS_PROXY, NO_PROXY).
	Proxy func(*http.Request) (*url.URL, error)
	// Transport, when set, replaces the network transport (tests, custom
	// TLS). It must not decompress bodies itself. The per-host limit still
	// applies on top of it.
	Transport http.RoundTripper
	// Now returns the current time (tests); nil means time.Now.
	Now func() time.Time
}

// DefaultConfig returns the defaults: connect timeout 10 s, whole response
// 30 s, body 20 MB, decompressed 64 MB (MB = 2^20 bytes), 5 redirects, 4
// requests per host:port, 16 feeds at once, DefaultUserAgent, 30 minutes of
// backoff after 429/503 without Retry-After and at most 24 hours with one,
// proxies from the environment.
func DefaultConfig() Config {
	return Config{
		ConnectTimeout:    10 * time.Second,
		Timeout:           30 * time.Second,
		MaxBodyBytes:      20 << 20,
		MaxDecodedBytes:   64 << 20,
		MaxRedirects:      5,
		PerHost:           4,
		Concurrency:       16,
		UserAgent:         DefaultUserAgent,
		DefaultRetryAfter: 30 * time.Minute,
		MaxRetryAfter:     24 * time.Hour,
	}
}

// withDefaults fills zero fields from DefaultConfig.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.ConnectTimeout == 0 {
		c.ConnectTimeout = d.ConnectTimeout
	}
	if c.Timeout == 0 {
		c.Timeout = d.Timeout
	}
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = d.MaxBodyBytes
	}
	if c.MaxDecodedBytes == 0 {
		c.MaxDecodedBytes = d.MaxDecodedBytes
	}
	if c.MaxRedirects == 0 {
		c.MaxRedirects = d.MaxRedirects
	}
	if c.PerHost == 0 {
		c.PerHost = d.PerHost
	}
	if c.Concurrency == 0 {
		c.Concurrency = d.Concurrency
	}
	if c.UserAgent == "" {
		c.UserAgent = d.UserAgent
	}
	if c.DefaultRetryAfter == 0 {
		c.DefaultRetryAfter = d.DefaultRetryAfter
	}
	if c.MaxRetryAfter == 0 {
		c.MaxRetryAfter = d.MaxRetryAfter
	}
	if c.Proxy == nil {
		c.Proxy = http.ProxyFromEnvironment
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Validate reports the first setting that is out of range (negative
// durations or limits, MaxRedirects above 50), as an error naming it.
func (c Config) Validate() error {
	switch {
	case c.ConnectTimeout < 0:
		return fmt.Errorf("poller: connect timeout %v is negative", c.ConnectTimeout)
	case c.Timeout < 0:
		return fmt.Errorf("poller: timeout %v is negative", c.Timeout)
	case c.MaxBodyBytes < 0:
		return fmt.Errorf("poller: body size limit %d is negative", c.MaxBodyBytes)
	case c.MaxDecodedBytes < 0:
		return fmt.Errorf("poller: decompression limit %d is negative", c.MaxDecodedBytes)
	case c.MaxRedirects < 0 || c.MaxRedirects > 50:
		return fmt.Errorf("poller: max redirects %d is not in 0..50", c.MaxRedirects)
	case c.PerHost < 0:
		return fmt.Errorf("poller: per-host limit %d is negative", c.PerHost)
	case c.Concurrency < 0:
		return fmt.Errorf("poller: concurrency %d is negative", c.Concurrency)
	case c.DefaultRetryAfter < 0 || c.MaxRetryAfter < 0:
		return fmt.Errorf("poller: retry-after durations must not be negative")
	}
	return nil
}

// Poller fetches and parses feeds. It is safe for concurrent use; all its
// requests share one transport (connection reuse) and one per-host limit.
type Poller struct {
	cfg       Config
	tagger    Tagger
	transport http.RoundTripper
	limiter   *hostLimiter
	// salt is the raw hashes' salt: rawHashVersion and the tagger's
	// fingerprint. canSkip is false when the tagger cannot name its rules.
	salt    string
	canSkip bool
}

// NewPoller returns a Poller with cfg (zero fields take their defaults; the
// caller checks cfg.Validate first) that tags each item with tagger (nil:
// no tags).
func NewPoller(cfg Config, tagger Tagger) *Poller {
	cfg = cfg.withDefaults()
	p := &Poller{cfg: cfg, tagger: tagger, limiter: newHostLimiter(cfg.PerHost), salt: rawHashVersion, canSkip: true}
	if tagger != nil {
		if fp, ok := tagger.(fingerprinter); ok {
			p.salt += "\x00" + fp.Fingerprint()
		} else {
			p.canSkip = false
		}
	}
	base := cfg.Transport
	if base == nil {
		dialer := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second}
		base = &http.Transport{
			Proxy:                 cfg.Proxy,
			DialContext:           dialer.DialContext,
			ForceAttemptHTTP2:     true,
			TLSHandshakeTimeout:   cfg.ConnectTimeout,
			ResponseHeaderTimeout: cfg.Timeout,
			ExpectContinueTimeout: time.Second,
			MaxIdleConns:          100,
			MaxIdleConnsPerHost:   cfg.PerHost,
			IdleConnTimeout:       90 * time.Second,
			// We ask for gzip ourselves and decode it with our limits and
			// truncation checks.
			DisableCompression: true,
		}
	}
	p.transport = &limitTransport{base: base, lim: p.limiter}
	return p
}

// Config returns the configuration in use, defaults filled in.
func (p *Poller) Config() Config { return p.cfg }

// Poll fetches one feed (http, https or file URL), honoring the request's
// ETag and Last-Modified (conditional GET, RFC 9110 §13.1), parses it and
// tags its items (see ParseBody: with req.Known, items the store already
// has as they are are left out, neither cleaned nor tagged). It always
// returns a Result; failures are in Result.Err (one line, without the URL),
// never a panic. See Result for 304, 301/308, 410 and 429/503.
func (p *Poller) Poll(ctx context.Context, req Request) (res Result) {
	return p.poll(ctx, req, nil)
}

// poll is Poll; fetched, when not nil, is called once the download is over
// (or failed), before the body is parsed: PollAll frees the feed's host
// for another request then.
func (p *Poller) poll(ctx context.Context, req Request, fetched func()) (res Result) {
	res = Result{FeedID: req.FeedID, URL: req.URL}
	defer p.finish(&res, req, p.cfg.Now())
	if err := ctx.Err(); err != nil {
		res.Err = ErrCanceled
		return res
	}
	f, err := p.fetch(ctx, req)
	if fetched != nil {
		fetched()
	}
	res.NotModified = f.notModified
	res.ETag, res.LastModified = f.etag, f.lastModified
	res.MovedTo, res.Gone, res.RetryAfter = f.movedTo, f.gone, f.retryAfter
	if err != nil {
		res.Err = err
		return res
	}
	if f.notModified {
		return res
	}
	return p.parseResult(ctx, req, res, f.body, f.contentType, f.finalURL)
}

// finish, deferred by Poll and ParseBody, turns a panic into a Result
// whose Err is "internal error: …" and sets the Duration since start.
func (p *Poller) finish(res *Result, req Request, start time.Time) {
	if r := recover(); r != nil {
		*res = Result{FeedID: req.FeedID, URL: req.URL, Err: fmt.Errorf("internal error: %v", r)}
	}
	res.Duration = p.cfg.Now().Sub(start)
}

// ParseBody does for a document already downloaded what Poll does after
// the download: it parses body (see Parse for contentType and feedURL, and
// for the errors, which are in Result.Err), cleans and tags the items and
// computes their raw hashes and index terms, skipping the unchanged ones
// when req.Known is set. req gives FeedID, URL and Known; the Result has no
// HTTP state (ETag, NotModified, …). It never panics.
func (p *Poller) ParseBody(ctx context.Context, req Request, body []byte, contentType, feedURL string) (res Result) {
	res = Result{FeedID: req.FeedID, URL: req.URL}
	defer p.finish(&res, req, p.cfg.Now())
	return p.parseResult(ctx, req, res, body, contentType, feedURL)
}

// parseResult parses a downloaded body into res (see ParseBody).
func (p *Poller) parseResult(ctx context.Context, req Request, res Result, body []byte, contentType, feedURL string) Result {
	d, err := parseDocument(body, contentType, feedURL, p.cfg.MaxDecodedBytes)
	if err != nil {
		res.Err = err
		return res
	}
	meta := d.meta()
	rh := &rawHasher{salt: p.salt}
	if req.Known != nil && p.canSkip {
		rh.skip = func(guids, hashes []string) []bool {
			known, err := req.Known(ctx, guids)
			if err != nil {
				return nil
			}
			same := make([]bool, len(guids))
			for i, g := range guids {
				h, ok := known[g]
				same[i] = ok && h != "" && h == hashes[i]
			}
			return same
		}
	}
	items, unchanged := d.items(meta, rh)
	for i := range items {
		p.analyze(&items[i])
	}
	res.Meta, res.Items, res.Unchanged = meta, items, unchanged
	return res
}

// analyze tokenizes an item's title and content once, tags the item from
// those tokens and computes its full-text index terms from them.
func (p *Poller) analyze(it *Item) {
	// The tokens are needed only here (the item keeps strings: tags and
	// index terms), so their buffers are recycled through tokenPool.
	buf := tokenPool.Get().(*tokenBufs)
	tt := arabic.AppendTokens(buf.title[:0], it.Title)
	bt := arabic.AppendTokens(buf.body[:0], it.Content)
	var title, body string
	indexed := false
	switch tg := p.tagger.(type) {
	case nil:
	case indexTagger:
		it.Tags, title, body = tg.TagIndexTokens(it.Title, it.Content, tt, bt, it.Lang)
		indexed = true
	case TokenTagger:
		it.Tags = tg.TagTokens(it.Title, it.Content, tt, bt, it.Lang)
	default:
		it.Tags = tg.Tag(it.Title, it.Content, it.Lang)
	}
	if !indexed {
		title, body = arabic.IndexTextTokens(it.Title, tt), arabic.IndexTextTokens(it.Content, bt)
	}
	at := arabic.AppendTokens(buf.author[:0], it.Author)
	it.Index = &IndexTerms{
		Title:  title,
		Body:   body,
		Author: arabic.IndexTextTokens(it.Author, at),
	}
	// Cleared so that the pool holds no article text.
	clear(tt)
	clear(bt)
	clear(at)
	if cap(tt)+cap(bt)+cap(at) <= maxPooledItemTokens {
		buf.title, buf.body, buf.author = tt, bt, at
		tokenPool.Put(buf)
	}
}

// indexTagger is a TokenTagger that also returns the full-text index terms
// of the title and the body (topics.Tagger's TagIndexTokens), computing
// each distinct word's term once.
type indexTagger interface {
	TagIndexTokens(title, body string, titleToks, bodyToks []arabic.Token, lang string) (tags []topics.Tag, titleIndex, bodyIndex string)
}

// tokenBufs are analyze's token buffers, kept in tokenPool while they hold
// at most maxPooledItemTokens tokens together.
type tokenBufs struct{ title, body, author []arabic.Token }

var tokenPool = sync.Pool{New: func() any { return new(tokenBufs) }}

const maxPooledItemTokens = 1 << 14

// PollAll polls every request, at most Config.Concurrency at once and at
// most Config.PerHost downloads at once per host:port, starting them in the
// given order as limits allow. A poll stops counting against its host's
// limit when its download is over, so that the feeds of one host are
// parsed while its next ones download (Concurrency still bounds how many
// polls, parsed results waiting for fn included, are under way). It calls
// fn (may be nil) with each Result as it completes, from one goroutine at
// a time (the caller's), and returns when every request has been reported
// and every goroutine it started has ended. Requests not yet started when
// ctx is canceled are reported with ErrCanceled.
func (p *Poller) PollAll(ctx context.Context, reqs []Request, fn func(Result)) {
	type queue struct {
		key    string
		idx    []int // requests not started yet
		active int   // downloads under way
	}
	var (
		queues  []*queue
		byKey   = map[string]*queue{}
		results = make(chan Result)
		// freed receives a poll's queue when its download is over; it
		// holds one per running poll, so that no poll waits to send it.
		freed    = make(chan *queue, max(1, p.cfg.Concurrency))
		wg       sync.WaitGroup
		active   int
		waiting  = len(reqs)
		reported int
	)
	defer func() {
		// Normally nothing is left; if fn panicked, collect the polls
		// still running so that no goroutine outlives PollAll.
		for ; active > 0; active-- {
			<-results
		}
		wg.Wait()
	}()
	for i, r := range reqs {
		k := hostKey(r.URL)
		q := byKey[k]
		if q == nil {
			q = &queue{key: k}
			byKey[k] = q
			queues = append(queues, q)
		}
		q.idx = append(q.idx, i)
	}
	report := func(r Result) {
		reported++
		if fn != nil {
			fn(r)
		}
	}
	next := 0 // round-robin start among queues
	dispatch := func() {
		for active < p.cfg.Concurrency && waiting > 0 {
			var pick *queue
			for k := 0; k < len(queues); k++ {
				q := queues[(next+k)%len(queues)]
				if len(q.idx) > 0 && q.active < p.cfg.PerHost {
					pick = q
					next = (next + k + 1) % len(queues)
					break
				}
			}
			if pick == nil {
				return
			}
			i := pick.idx[0]
			pick.idx = pick.idx[1:]
			pick.active++
			active++
			waiting--
			wg.Add(1)
			go func(req Request, q *queue) {
				defer wg.Done()
				released := false
				release := func() {
					if !released {
						released = true
						freed <- q
					}
				}
				r := p.poll(ctx, req, release)
				release() // a poll canceled or failed before its download
				results <- r
			}(reqs[i], pick)
		}
	}
	for reported < len(reqs) {
		if ctx.Err() != nil && waiting > 0 {
			for _, q := range queues {
				for _, i := range q.idx {
					waiting--
					report(Result{FeedID: reqs[i].FeedID, URL: reqs[i].URL, Err: ErrCanceled})
				}
				q.idx = nil
			}
			continue
		}
		dispatch()
		var r Result
		select {
		case q := <-freed:
			q.active--
			continue
		case r = <-results:
		}
		active--
		// A poll sends its freed host before its result: take every
		// freed host and start its next download before fn, which may
		// block (a writer catching up), gets this result.
		for drained := false; !drained; {
			select {
			case q := <-freed:
				q.active--
			default:
				drained = true
			}
		}
		dispatch()
		report(r)
	}
}

// hostKey returns the key the per-host limit counts under: "host:port" of
// an http(s) URL (default port filled in, host lower-cased), "file" for
// local files, the raw string otherwise.
func hostKey(raw string) string {
	if _, ok := FilePath(raw); ok || !strings.Contains(raw, "://") {
		return "file"
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	return urlHostKey(u)
}

func urlHostKey(u *url.URL) string {
	port := u.Port()
	if port == "" {
		switch strings.ToLower(u.Scheme) {
		case "https":
			port = "443"
		default:
			port = "80"
		}
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// hostLimiter is a counting semaphore per host:port.
type hostLimiter struct {
	n     int
	mu    sync.Mutex
	slots map[string]*hostSlot
}

type hostSlot struct {
	sem   chan struct{}
	users int // holders and waiters; the slot is freed at zero
}

func newHostLimiter(n int) *hostLimiter {
	return &hostLimiter{n: n, slots: map[string]*hostSlot{}}
}

// acquire waits for a free slot for key, or for ctx to end.
func (l *hostLimiter) acquire(ctx context.Context, key string) error {
	l.mu.Lock()
	s := l.slots[key]
	if s == nil {
		s = &hostSlot{sem: make(chan struct{}, l.n)}
		l.slots[key] = s
	}
	s.users++
	l.mu.Unlock()
	select {
	case s.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		l.done(key, s)
		return ctx.Err()
	}
}

func (l *hostLimiter) release(key string) {
	l.mu.Lock()
	s := l.slots[key]
	l.mu.Unlock()
	if s == nil {
		return
	}
	<-s.sem
	l.done(key, s)
}

func (l *hostLimiter) done(key string, s *hostSlot) {
	l.mu.Lock()
	s.users--
	if s.users == 0 {
		delete(l.slots, key)
	}
	l.mu.Unlock()
}

// limitTransport holds a per-host slot from the start of each request until
// its response body is closed.
type limitTransport struct {
	base http.RoundTripper
	lim  *hostLimiter
}

func (t *limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	key := urlHostKey(req.URL)
	if err := t.lim.acquire(req.Context(), key); err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		t.lim.release(key)
		return nil, err
	}
	resp.Body = &releaseBody{ReadCloser: resp.Body, release: func() { t.lim.release(key) }}
	return resp, nil
}

type releaseBody struct {
	io.ReadCloser
	once    sync.Once
	release func()
}

func (b *releaseBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.release)
	return err
}
