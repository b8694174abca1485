package feeds

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	gjson "github.com/mmcdole/gofeed/json"
	"github.com/mmcdole/gofeed/rss"
	"golang.org/x/net/html"
	hatom "golang.org/x/net/html/atom"

	"github.com/nashra-reader/nashra/feeds/arabic"
)

// defaultMaxDecoded is the decompression limit Parse applies to gzip bytes
// it is given directly (the Poller applies Config.MaxDecodedBytes).
const defaultMaxDecoded = 64 << 20

// Parse reads one feed document — RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON
// Feed 1.0/1.1 — from body (the bytes as received; gzip bytes are
// decompressed first) and returns what the feed says about itself and its
// items, cleaned and sanitized, in document order. It does no I/O.
//
// contentType is the HTTP Content-Type ("" if unknown); its charset
// parameter is the second rule of the charset decision (see decodeDocument:
// BOM, HTTP charset, XML declaration, UTF-8 if valid, windows-1252).
// feedURL is the address the document was fetched from (after redirects);
// relative links are resolved against xml:base, else against it, and stored
// absolute ("" leaves them relative).
//
// The document is read leniently (see fixMarkup): undeclared HTML entities
// and bare '&' as HTML reads them, entities decoded exactly once, forbidden
// control characters and junk before the document removed, a DOCTYPE never
// expanded. When the XML is cut off or broken, the complete items are kept
// (see repairXML). Every item gets a GUID (see ItemGUID), unique within the
// result (see uniqueGUIDs).
//
// Errors (one line, see the Err* sentinels): ErrEmpty for an empty body;
// ErrNotFeed for an HTML page (naming the feeds its <link rel="alternate">
// elements point to), OPML, other XML or JSON, or unrecognized bytes;
// ErrMalformed when no feed can be read; ErrTruncated or ErrTooLarge for
// gzip bytes that end early or decompress beyond 64 MB; ErrTooLarge for a
// document beyond MaxItems, MaxElements or MaxDepth (see checkXMLShape).
func Parse(body []byte, contentType, feedURL string) (Meta, []Item, error) {
	return parse(body, contentType, feedURL, defaultMaxDecoded)
}

func parse(body []byte, contentType, feedURL string, maxDecoded int64) (Meta, []Item, error) {
	d, err := parseDocument(body, contentType, feedURL, maxDecoded)
	if err != nil {
		return Meta{}, nil, err
	}
	meta := d.meta()
	items, _ := d.items(meta, nil)
	return meta, items, nil
}

// document is a feed document parsed by gofeed, before its items are
// cleaned.
type document struct {
	feed   *gofeed.Feed
	base   *url.URL              // the feed's URL, nil when not absolute
	plain  map[*gofeed.Item]bool // JSON Feed items whose content is content_text
	titles atomTitles            // Atom: which titles are HTML
	enc    string                // the charset decoded from
}

// parseDocument is the first half of Parse: decompression, charset
// decoding, markup repair and gofeed; see Parse for the errors.
func parseDocument(body []byte, contentType, feedURL string, maxDecoded int64) (*document, error) {
	body, err := gunzipIfGzip(body, maxDecoded)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, ErrEmpty
	}
	text, enc := decodeDocument(body, contentType)
	text = cleanChars(text)
	if strings.TrimSpace(text) == "" {
		return nil, newError(ErrEmpty, "only control characters")
	}
	d := &document{enc: enc}
	d.base, _ = url.Parse(feedURL)
	if d.base != nil && !d.base.IsAbs() {
		d.base = nil
	}
	trimmed := strings.TrimLeft(text, " \t\r\n")
	if strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[") {
		d.feed, d.plain, err = parseJSONFeed(trimmed)
	} else {
		d.feed, d.titles, err = parseXMLFeed(text, d.base)
	}
	if err != nil {
		return nil, err
	}
	return d, nil
}

// meta returns what the feed says about itself, cleaned.
func (d *document) meta() Meta {
	return Meta{
		Title:    cleanTitle(d.feed.Title, d.titles.feed),
		SiteURL:  cleanURL(d.base, d.feed.Link),
		Language: SanitizeLine(d.feed.Language),
		Encoding: d.enc,
	}
}

// gunzipIfGzip decompresses body when it starts with the gzip magic bytes
// (servers send gzip without Content-Encoding, and files are stored
// compressed), up to maxDecoded bytes; a gzip inside gzip is unwrapped once
// more. Other bodies are returned unchanged.
func gunzipIfGzip(body []byte, maxDecoded int64) ([]byte, error) {
	for range 2 {
		if len(body) < 2 || body[0] != 0x1f || body[1] != 0x8b {
			return body, nil
		}
		out, err := gunzip(body, maxDecoded)
		if err != nil {
			return nil, err
		}
		body = out
	}
	return body, nil
}

// gunzip decompresses the gzip stream in body, at most limit decompressed
// bytes. A stream that ends early is ErrTruncated; more than limit bytes is
// ErrTooLarge; a corrupt stream is ErrMalformed. Trailing bytes after a
// complete gzip member are ignored.
//
// The output buffer never grows by doubling (which would take up to four
// times the limit for a "gzip bomb"): its size is taken from the stream's
// trailer (ISIZE, RFC 1952 §2.3.1) when that is plausible — at most
// maxGzipRatio times the compressed size, and within limit — and the
// stream is decompressed once into it; otherwise, or when the trailer lied,
// it is decompressed twice, first only counting, then into a buffer of
// exactly the size counted. So a bomb costs no memory beyond its compressed
// bytes (and a plausible trailer's claim), and a legitimate body no more
// than its decompressed size.
func gunzip(body []byte, limit int64) ([]byte, error) {
	if hint := gzipSizeHint(body); hint > 0 && hint <= limit && hint <= maxGzipRatio*int64(len(body)) {
		w := &fixedBuffer{buf: make([]byte, 0, hint)}
		if _, err := gunzipTo(w, body, limit); !w.full {
			if err != nil {
				return nil, err
			}
			return w.buf, nil
		}
	}
	n, err := gunzipTo(io.Discard, body, limit)
	if err != nil {
		return nil, err
	}
	buf := bytes.NewBuffer(make([]byte, 0, n+bytes.MinRead))
	if _, err := gunzipTo(buf, body, limit); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// maxGzipRatio is the most decompressed bytes per compressed byte that
// gunzip believes a gzip trailer about (feeds compress 4–15 times).
const maxGzipRatio = 32

// gzipSizeHint returns the size a gzip stream's trailer announces (ISIZE,
// the decompressed size modulo 2^32: the last four bytes, little-endian),
// 0 when body is too short to hold one.
func gzipSizeHint(body []byte) int64 {
	if len(body) < 18 {
		return 0
	}
	t := body[len(body)-4:]
	return int64(uint32(t[0]) | uint32(t[1])<<8 | uint32(t[2])<<16 | uint32(t[3])<<24)
}

// fixedBuffer collects bytes up to its capacity and refuses more, setting
// full.
type fixedBuffer struct {
	buf  []byte
	full bool
}

func (f *fixedBuffer) Write(p []byte) (int, error) {
	if len(f.buf)+len(p) > cap(f.buf) {
		f.full = true
		return 0, errBufferFull
	}
	f.buf = append(f.buf, p...)
	return len(p), nil
}

var errBufferFull = errors.New("buffer full")

// gunzipTo decompresses body into w (see gunzip) and returns the number of
// bytes written.
func gunzipTo(w io.Writer, body []byte, limit int64) (int64, error) {
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return 0, newError(ErrTruncated, "gzip stream ended early")
		}
		return 0, newError(ErrMalformed, "corrupt gzip data")
	}
	defer zr.Close()
	n, err := io.Copy(w, io.LimitReader(zr, limit+1))
	if n > limit {
		return 0, newErrorf(ErrTooLarge, "decompressed response larger than %s", formatSize(limit))
	}
	switch {
	case err == nil:
	case err == io.ErrUnexpectedEOF:
		return 0, newError(ErrTruncated, "gzip stream ended early")
	case err == gzip.ErrHeader && n > 0:
		// junk after the first member: keep what was decoded
	default:
		return 0, newError(ErrMalformed, "corrupt gzip data: "+SanitizeLine(err.Error()))
	}
	return n, nil
}

// parseXMLFeed prepares the decoded document (see fixMarkup) and parses it
// with gofeed's RSS or Atom parser, chosen by the root element; when that
// fails, it parses the repaired document (see repairXML). For Atom it also
// returns the types of the titles in the document it kept (see
// scanAtomTitles).
func parseXMLFeed(text string, base *url.URL) (*gofeed.Feed, atomTitles, error) {
	feed, doc, kind, err := parseXMLDoc(text, base)
	if err != nil || kind != rootAtom {
		return feed, atomTitles{}, err
	}
	titles := scanAtomTitles(doc)
	if len(titles.entries) < len(feed.Items) {
		// The scan and gofeed disagree on the entries: trust neither's
		// pairing (titles are then judged by their markup alone).
		titles.entries = nil
	}
	return feed, titles, nil
}

// parseXMLDoc is parseXMLFeed without the title scan; it also returns the
// document gofeed read and its kind (rootRSS or rootAtom).
func parseXMLDoc(text string, base *url.URL) (*gofeed.Feed, string, rootKind, error) {
	kind, name := sniffRoot(text)
	if kind == rootHTML && name == "html" {
		return nil, "", 0, htmlPageError(text, base)
	}
	doc := skipJunk(text)
	if kind != rootRSS && kind != rootAtom {
		kind, name = sniffRoot(doc)
	}
	switch kind {
	case rootHTML:
		return nil, "", 0, htmlPageError(doc, base)
	case rootOPML:
		return nil, "", 0, newError(ErrNotFeed, "OPML subscription list (import it instead)")
	case rootNone:
		return nil, "", 0, newError(ErrNotFeed, "no XML element found")
	case rootUnknown:
		if name == "" {
			return nil, "", 0, newError(ErrNotFeed, "not XML, RSS, Atom or JSON Feed")
		}
		return nil, "", 0, newError(ErrNotFeed, "XML document with root element <"+SanitizeLine(name)+">")
	}
	doc = fixMarkup(doc)
	switch kind {
	case rootChannel:
		doc = wrapRoot(doc, `<rss version="2.0">`, `</rss>`)
		kind = rootRSS
	case rootEntry:
		doc = wrapRoot(doc, `<feed xmlns="http://www.w3.org/2005/Atom">`, `</feed>`)
		kind = rootAtom
	}
	if err := checkXMLShape(doc); err != nil {
		return nil, "", 0, err
	}
	feed, err := parseGofeed(kind, doc)
	if err == nil && len(feed.Items) >= countItemTags(doc) {
		return feed, doc, kind, nil
	}
	// gofeed failed, or lost items to broken markup (a stray end tag
	// closes the item early in non-strict mode): parse the repaired
	// document and keep whichever read more items.
	repaired := repairXML(doc)
	feed2, err2 := parseGofeed(kind, repaired)
	switch {
	case err2 == nil && (err != nil || len(feed2.Items) > len(feed.Items)):
		return feed2, repaired, kind, nil
	case err == nil:
		return feed, doc, kind, nil
	}
	return nil, "", 0, newError(ErrMalformed, oneLine(err.Error()))
}

// countItemTags counts the <item> and <entry> start tags (unprefixed) in
// a document: how many items a parse should find at most, give or take
// tags quoted inside CDATA.
func countItemTags(doc string) int {
	// One pass over the '<'s finds both tags: no "<item" starts inside an
	// "<entry" or the other way round, so this counts what a search for
	// each tag in turn counts.
	n := 0
	for i := 0; ; {
		j := strings.IndexByte(doc[i:], '<')
		if j < 0 {
			return n
		}
		i += j + 1
		rest := doc[i:]
		k := 0
		switch {
		case strings.HasPrefix(rest, "item"):
			k = len("item")
		case strings.HasPrefix(rest, "entry"):
			k = len("entry")
		default:
			continue
		}
		if k < len(rest) && (rest[k] == '>' || isSpaceByte(rest[k]) || rest[k] == '/') {
			n++
		}
	}
}

// wrapRoot puts a document whose root is a bare RSS <channel> or Atom
// <entry> inside the root element the parsers expect.
func wrapRoot(doc, open, close string) string {
	if strings.HasPrefix(doc, "<?xml") {
		if e := strings.Index(doc, "?>"); e >= 0 {
			doc = doc[e+2:]
		}
	}
	return open + doc + close
}

// parseGofeed runs gofeed's format parser and default translator, turning a
// panic inside them into an error: a crash on one feed must not take the
// others down.
func parseGofeed(kind rootKind, doc string) (feed *gofeed.Feed, err error) {
	defer func() {
		if r := recover(); r != nil {
			feed, err = nil, fmt.Errorf("parser failed: %v", r)
		}
	}()
	switch kind {
	case rootAtom:
		// The fast path first (see fastAtom); gofeed when it declines.
		if feed, ok := fastPath(fastAtom, doc); ok {
			return feed, nil
		}
		af, err := (&atom.Parser{}).Parse(strings.NewReader(doc))
		if err != nil {
			return nil, err
		}
		return (&gofeed.DefaultAtomTranslator{}).Translate(af)
	default:
		// The fast path first (see fastRSS); gofeed when it declines.
		if feed, ok := fastPath(fastRSS, doc); ok {
			return feed, nil
		}
		rf, err := (&rss.Parser{}).Parse(strings.NewReader(doc))
		if err != nil {
			return nil, err
		}
		// The translator's image scan parses every item's HTML once more
		// to find a picture nashra does not use (a tenth of Parse).
		feed, err := (&gofeed.DefaultRSSTranslator{DisableContentImageScan: true}).Translate(rf)
		if err != nil {
			return nil, err
		}
		// RSS 2.0: a <guid> that is a permalink (isPermaLink is not
		// "false") is the item's URL when it has no <link>.
		for i, ri := range rf.Items {
			if i < len(feed.Items) && ri != nil && ri.GUID != nil && feed.Items[i].Link == "" &&
				!strings.EqualFold(strings.TrimSpace(ri.GUID.IsPermalink), "false") && isWebURL(strings.TrimSpace(ri.GUID.Value)) {
				feed.Items[i].Link = strings.TrimSpace(ri.GUID.Value)
			}
		}
		return feed, nil
	}
}

// fastPath runs a fast reader (fastRSS, fastAtom) on doc unless the tests
// turned the fast path off, and tells fastFeedHook whether it took doc.
func fastPath(read func(string) (*gofeed.Feed, bool), doc string) (*gofeed.Feed, bool) {
	if !useFastFeed {
		return nil, false
	}
	feed, ok := read(doc)
	if fastFeedHook != nil {
		fastFeedHook(ok)
	}
	return feed, ok
}

// parseJSONFeed parses a JSON Feed (jsonfeed.org, versions 1.0 and 1.1).
// Raw control characters inside strings, which JSON forbids but feeds
// contain, are escaped and the parse retried. plain marks the items whose
// content is content_text (plain text, never read as HTML).
func parseJSONFeed(text string) (feed *gofeed.Feed, plain map[*gofeed.Item]bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			feed, plain, err = nil, nil, newError(ErrMalformed, fmt.Sprintf("JSON parser failed: %v", r))
		}
	}()
	var probe struct {
		Version string          `json:"version"`
		Items   json.RawMessage `json:"items"`
	}
	data := []byte(text)
	if err := json.Unmarshal(data, &probe); err != nil {
		fixed := escapeJSONControls(text)
		if err2 := json.Unmarshal([]byte(fixed), &probe); err2 != nil {
			return nil, nil, newError(ErrMalformed, "JSON: "+oneLine(err.Error()))
		}
		data = []byte(fixed)
	}
	if err := checkJSONItems(probe.Items); err != nil {
		return nil, nil, err
	}
	isFeed := strings.Contains(probe.Version, "jsonfeed.org")
	if !isFeed && len(probe.Items) == 0 {
		return nil, nil, newError(ErrNotFeed, "JSON document that is not a JSON Feed")
	}
	jf, err := (&gjson.Parser{}).Parse(bytes.NewReader(data))
	if err != nil {
		if !isFeed {
			// "items" but no JSON Feed version: some other JSON document.
			return nil, nil, newError(ErrNotFeed, "JSON document that is not a JSON Feed")
		}
		return nil, nil, newError(ErrMalformed, "JSON Feed: "+oneLine(err.Error()))
	}
	feed, err = (&gofeed.DefaultJSONTranslator{}).Translate(jf)
	if err != nil {
		return nil, nil, newError(ErrMalformed, "JSON Feed: "+oneLine(err.Error()))
	}
	plain = map[*gofeed.Item]bool{}
	for i, ji := range jf.Items {
		if i < len(feed.Items) && ji != nil && ji.ContentHTML == "" && ji.ContentText != "" {
			plain[feed.Items[i]] = true
		}
	}
	return feed, plain, nil
}

// escapeJSONControls escapes raw tab, LF and CR inside JSON strings.
func escapeJSONControls(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	in, esc := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case esc:
			esc = false
		case in && c == '\\':
			esc = true
		case c == '"':
			in = !in
		case in && c == '\n':
			b.WriteString(`\n`)
			continue
		case in && c == '\r':
			b.WriteString(`\r`)
			continue
		case in && c == '\t':
			b.WriteString(`\t`)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// oneLine makes an error text from a library fit one display line.
func oneLine(s string) string {
	s = SanitizeLine(s)
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return s
}

// feedLinkTypes are the MIME types of <link rel="alternate"> elements that
// point to feeds.
var feedLinkTypes = map[string]bool{
	"application/rss+xml": true, "application/atom+xml": true, "application/rdf+xml": true,
	"application/feed+json": true, "application/json": true, "application/xml": true, "text/xml": true,
}

// htmlPageError returns the ErrNotFeed error for an HTML page, naming the
// feeds its <link rel="alternate"> elements point to (resolved against
// <base href> or the page URL), at most three.
func htmlPageError(page string, base *url.URL) error {
	feeds := alternateFeeds(page, base)
	switch {
	case len(feeds) == 0:
		return newError(ErrNotFeed, "HTML page (no alternate feed link in it)")
	case len(feeds) == 1:
		return newError(ErrNotFeed, "HTML page (found alternate feed "+feeds[0]+")")
	case len(feeds) <= 3:
		return newError(ErrNotFeed, "HTML page (found alternate feeds "+strings.Join(feeds, ", ")+")")
	}
	return newError(ErrNotFeed, fmt.Sprintf("HTML page (found alternate feeds %s and %d more)",
		strings.Join(feeds[:3], ", "), len(feeds)-3))
}

// alternateFeeds lists the absolute, sanitized URLs of the feeds an HTML
// page announces with <link rel="alternate" type="application/rss+xml" …>.
func alternateFeeds(page string, base *url.URL) []string {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case hatom.Base:
				if h := attr(n, "href"); h != "" {
					if u, err := url.Parse(resolveURL(base, h)); err == nil && u.IsAbs() {
						base = u
					}
				}
			case hatom.Link:
				rel := " " + strings.ToLower(attr(n, "rel")) + " "
				typ := strings.ToLower(strings.TrimSpace(attr(n, "type")))
				if i := strings.IndexByte(typ, ';'); i >= 0 {
					typ = strings.TrimSpace(typ[:i])
				}
				if strings.Contains(strings.Join(strings.Fields(rel), " ")+" ", "alternate ") && feedLinkTypes[typ] {
					if u := SanitizeLine(resolveURL(base, attr(n, "href"))); u != "" && !seen[u] {
						seen[u] = true
						out = append(out, u)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// ItemGUID returns the identity of an item within its feed: id (the RSS
// <guid>, Atom <id> or JSON Feed id) when it is not empty; else link (the
// item's absolute URL); else "sha256:" and the first 32 hex digits of the
// SHA-256 of title, or — for an item with neither title nor link — of
// content. Dates never take part, so an item without a GUID keeps its
// identity when only its date changes (newsboat and Miniflux do the same);
// an item without GUID or link whose title changes becomes a new item.
// Inputs are used as given (the caller sanitizes them).
func ItemGUID(id, link, title, content string) string {
	if id = strings.TrimSpace(id); id != "" {
		return id
	}
	if link = strings.TrimSpace(link); link != "" {
		return link
	}
	src := "title\x00" + strings.TrimSpace(title)
	if strings.TrimSpace(title) == "" {
		src = "content\x00" + strings.TrimSpace(content)
	}
	return hashID(src)
}

func hashID(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256:" + hex.EncodeToString(sum[:16])
}

// skipFunc tells which items of a document need no work: given the GUIDs
// of items and the raw hashes (see rawHasher) they have now, it reports
// for each whether the store already holds it with that raw hash. It may
// return nil (nothing is known).
type skipFunc func(guids, rawHashes []string) []bool

// items cleans the document's items, in document order, with GUIDs unique
// within the document (see uniqueGUIDs). With a rawHasher (rh not nil)
// every item gets its RawHash; when rh.skip is set too, the items it
// reports as stored with that raw hash are left out — neither cleaned nor
// returned — and counted in the second result.
//
// An item can be judged before it is cleaned only when its GUID is known
// without cleaning its content (it has a guid/id, a link or a title) and no
// other item of the document has the same GUID (uniqueGUIDs derives the
// GUIDs of such items from their cleaned text); every other item is always
// cleaned.
func (d *document) items(meta Meta, rh *rawHasher) ([]Item, int) {
	f := d.feed
	type entry struct {
		gi    *gofeed.Item
		htmlT bool   // the title is HTML by its declared type
		guid  string // "" until known
		raw   string // raw hash, "" without a hasher
	}
	es := make([]entry, 0, len(f.Items))
	for i, gi := range f.Items {
		if gi != nil {
			es = append(es, entry{gi: gi, htmlT: d.titles.entry(i)})
		}
	}
	out := make([]Item, 0, len(es))
	convert := func(e *entry) {
		it := convertItem(e.gi, d.base, meta.Language, d.plain[e.gi], e.htmlT)
		it.RawHash = e.raw
		out = append(out, it)
	}
	if rh == nil {
		for k := range es {
			convert(&es[k])
		}
		return uniqueGUIDs(out), 0
	}

	// The GUIDs known without cleaning, and the raw hashes.
	rh.start(d, meta.Language)
	for k := range es {
		e := &es[k]
		id := SanitizeLine(e.gi.GUID)
		if id != "" {
			e.guid = SanitizeLine(ItemGUID(id, "", "", ""))
		} else {
			// As convertItem derives it: the link, else the title.
			link := cleanURL(d.base, itemLink(e.gi))
			title := cleanTitle(e.gi.Title, e.htmlT)
			if link != "" || strings.TrimSpace(title) != "" {
				e.guid = SanitizeLine(ItemGUID("", link, title, ""))
			}
		}
		e.raw = rh.hash(e.gi, d.plain[e.gi], e.htmlT)
	}
	// Which items may be skipped: a known GUID shared with no other item.
	count := make(map[string]int, len(es))
	for k := range es {
		if es[k].guid != "" {
			count[es[k].guid]++
		}
	}
	var guids, hashes []string
	var cand []int
	for k := range es {
		if g := es[k].guid; g != "" && count[g] == 1 {
			guids = append(guids, g)
			hashes = append(hashes, es[k].raw)
			cand = append(cand, k)
		}
	}
	var same []bool
	if rh.skip != nil && len(guids) > 0 {
		same = rh.skip(guids, hashes)
	}
	skipped := make([]bool, len(es))
	for j, k := range cand {
		skipped[k] = j < len(same) && same[j]
	}
	// Clean the rest, in document order. (An item whose GUID is derived
	// from its content, "sha256:…", could share it with a skipped item only
	// if a feed gave that very string as an item's own GUID.)
	n := 0
	for k := range es {
		if skipped[k] {
			n++
			continue
		}
		convert(&es[k])
	}
	return uniqueGUIDs(out), n
}

// itemLink is the item's link: its <link>, else its first non-empty link.
func itemLink(gi *gofeed.Item) string {
	link := gi.Link
	if strings.TrimSpace(link) == "" {
		for _, l := range gi.Links {
			if strings.TrimSpace(l) != "" {
				return l
			}
		}
	}
	return link
}

// uniqueGUIDs makes every GUID unique within one document. Items whose
// GUID occurs more than once (a feed reusing one <guid>, or items without
// GUIDs sharing one link) all get a GUID derived from it and their title;
// when titles are equal too, from title, link and content; when those are
// equal too, from everything stored (author, dates, enclosures as well).
// The derivation is the same on every fetch as long as the items do not
// change, whatever their order. Items equal in every field are one item:
// only the first is kept.
func uniqueGUIDs(items []Item) []Item {
	seen := make(map[string]bool, len(items))
	dup := false
	for _, it := range items {
		if seen[it.GUID] {
			dup = true
			break
		}
		seen[it.GUID] = true
	}
	if !dup {
		return items
	}
	// Items equal in every field share their GUID (it is one of the
	// fields), so exact duplicates are looked for within GUID groups only.
	groups := make(map[string][]int, len(items))
	for i, it := range items {
		groups[it.GUID] = append(groups[it.GUID], i)
	}
	drop := map[int]bool{}
	for _, idx := range groups {
		if len(idx) < 2 {
			continue
		}
		exact := make(map[string]bool, len(idx))
		for _, i := range idx {
			if k := identity(items[i], 3); exact[k] {
				drop[i] = true
			} else {
				exact[k] = true
			}
		}
	}
	if len(drop) > 0 {
		out := items[:0]
		for i, it := range items {
			if !drop[i] {
				out = append(out, it)
			}
		}
		items = out
		clear(groups)
		for i, it := range items {
			groups[it.GUID] = append(groups[it.GUID], i)
		}
	}
	for _, idx := range groups {
		if len(idx) < 2 {
			continue
		}
		// The first level at which the items sharing this GUID differ.
		level := 1
		for ; level < 3; level++ {
			seen := make(map[string]bool, len(idx))
			for _, i := range idx {
				seen[identity(items[i], level)] = true
			}
			if len(seen) == len(idx) {
				break
			}
		}
		for _, i := range idx {
			items[i].GUID += "#" + hashID(identity(items[i], level))[len("sha256:"):][:16]
		}
	}
	return items
}

// identity is the text an item's derived GUID hashes at a level: 1 title;
// 2 title, link and content; 3 every stored field, the GUID included.
func identity(it Item, level int) string {
	var b strings.Builder
	b.WriteString("title\x00" + it.Title)
	if level >= 2 {
		b.WriteString("\x00url\x00" + it.URL + "\x00content\x00" + it.Content)
	}
	if level >= 3 {
		fmt.Fprintf(&b, "\x00guid\x00%s\x00author\x00%s\x00html\x00%s", it.GUID, it.Author, it.HTML)
		for _, t := range []*time.Time{it.Published, it.Updated} {
			if t != nil {
				b.WriteString("\x00" + t.Format(time.RFC3339Nano))
			} else {
				b.WriteString("\x00-")
			}
		}
		for _, e := range it.Enclosures {
			fmt.Fprintf(&b, "\x00enc\x00%s\x00%s\x00%d", e.URL, e.Type, e.Length)
		}
	}
	return b.String()
}

// convertItem cleans one gofeed item. htmlTitle says the title is HTML by
// its declared type (Atom type="html" or "xhtml").
func convertItem(gi *gofeed.Item, base *url.URL, feedLang string, plainContent, htmlTitle bool) Item {
	it := Item{
		Title:     cleanTitle(gi.Title, htmlTitle),
		Published: validTime(gi.PublishedParsed),
		Updated:   validTime(gi.UpdatedParsed),
	}
	it.URL = cleanURL(base, itemLink(gi))
	if gi.Author != nil {
		it.Author = SanitizeLine(gi.Author.Name)
		if it.Author == "" {
			it.Author = SanitizeLine(gi.Author.Email)
		}
	}

	// Content: the longer of content (content:encoded, Atom content, JSON
	// content_html/content_text) and description (summary).
	var content Cleaned
	if plainContent {
		content = Cleaned{Text: cleanPlain(gi.Content)}
	} else {
		content = CleanHTML(gi.Content, base)
	}
	desc := CleanHTML(gi.Description, base)
	chosen, raw := content, gi.Content
	if len(desc.Text) > len(content.Text) {
		chosen, raw = desc, gi.Description
	}
	it.HTML = raw
	it.Content = SanitizeText(chosen.Text)
	it.ExplicitDir = chosen.Dir
	for _, l := range chosen.Links {
		l.Text, l.URL = SanitizeLine(l.Text), SanitizeLine(l.URL)
		it.Links = append(it.Links, l)
	}

	for _, e := range gi.Enclosures {
		if e == nil || strings.TrimSpace(e.URL) == "" {
			continue
		}
		n, _ := strconv.ParseInt(strings.TrimSpace(e.Length), 10, 64)
		if n < 0 {
			n = 0
		}
		it.Enclosures = append(it.Enclosures, Enclosure{
			URL:    cleanURL(base, e.URL),
			Type:   SanitizeLine(e.Type),
			Length: n,
		})
	}

	it.GUID = SanitizeLine(ItemGUID(SanitizeLine(gi.GUID), it.URL, it.Title, it.Content))
	it.Lang = arabic.DetectLangTexts(feedLang, it.Title, it.Content)
	it.Dir = it.ExplicitDir
	if it.Dir == "" {
		if arabic.IsRTLLang(it.Lang) {
			it.Dir = "rtl"
		} else {
			it.Dir = "ltr"
		}
	}
	return it
}

// cleanTitle makes a single-line display text of a title. A title whose
// declared type is HTML (Atom type="html" or "xhtml", RFC 4287 §3.1.1) is
// converted from HTML to text, which decodes its entities a second time as
// that type asks ("Q&amp;amp;A" in the XML is the HTML "Q&amp;A", the text
// "Q&A"). Any other title (RSS, Atom type="text", JSON Feed) is text once
// the XML is decoded, except that one holding inline HTML markup (<b>, <em>,
// <a> … with their end tags) is converted too; so an entity is never decoded
// twice ("Cloak&amp;Dagger" in the XML is "Cloak&Dagger", not "Cloak‡")
// and "Why <div> soup?" keeps its "<div>".
func cleanTitle(s string, isHTML bool) string {
	if isHTML || hasInlineMarkup(s) {
		s = cleanHTML(s, nil, false).Text
	}
	return SanitizeLine(s)
}

// titleTags are the HTML elements that make a title markup; void ones
// count alone, the others only with their end tag present.
var titleTags = map[string]bool{
	"p": false, "div": false, "html": false, "body": false, "h1": false, "h2": false,
	"h3": false, "h4": false, "blockquote": false, "ul": false, "ol": false, "li": false,
	"a": false, "abbr": false, "b": false, "bdi": false, "cite": false, "code": false,
	"del": false, "dfn": false, "em": false, "font": false, "i": false, "ins": false,
	"kbd": false, "mark": false, "q": false, "s": false, "samp": false, "small": false,
	"span": false, "strike": false, "strong": false, "sub": false, "sup": false,
	"time": false, "tt": false, "u": false, "var": false,
	"script": false, "style": false, "iframe": false, "object": false, "title": false,
	"br": true, "img": true, "wbr": true, "meta": true, "link": true, "base": true,
	"input": true, "embed": true, "hr": true,
}

// hasInlineMarkup reports whether s has a start tag of an element in
// titleTags that is void or whose end tag is also in s. It is linear in
// len(s).
func hasInlineMarkup(s string) bool {
	if strings.IndexByte(s, '<') < 0 {
		return false
	}
	low := asciiLower(s)
	lastGT := strings.LastIndexByte(low, '>')
	var starts []string
	ends := map[string]bool{}
	for i := strings.IndexByte(low, '<'); i >= 0 && i < len(low)-1; {
		j := i + 1
		end := low[j] == '/'
		if end {
			j++
		}
		k := j
		for k < len(low) && (low[k] >= 'a' && low[k] <= 'z' || k > j && low[k] >= '1' && low[k] <= '6') {
			k++
		}
		if k > j && k < len(low) && (low[k] == '>' || low[k] == ' ' || low[k] == '/') {
			if name := low[j:k]; end {
				ends[name] = true
			} else if _, ok := titleTags[name]; ok && lastGT >= k {
				starts = append(starts, name)
			}
		}
		n := strings.IndexByte(low[i+1:], '<')
		if n < 0 {
			break
		}
		i += 1 + n
	}
	for _, name := range starts {
		if titleTags[name] || ends[name] {
			return true
		}
	}
	return false
}

// cleanURL returns raw sanitized, resolved against base, as one line:
// sanitizing first removes bidi marks and controls instead of
// percent-encoding them. A URL still holding "&amp;" after XML decoding was
// escaped twice by its feed (no real URL separates parameters with
// "&amp;"), so "&amp;" is read as "&" in URLs — and only in URLs.
func cleanURL(base *url.URL, raw string) string {
	raw = SanitizeLine(raw)
	if strings.Contains(raw, "&amp;") {
		raw = strings.ReplaceAll(raw, "&amp;", "&")
	}
	return SanitizeLine(resolveURL(base, raw))
}

// validTime returns t in UTC, or nil for a missing or zero time.
func validTime(t *time.Time) *time.Time {
	if t == nil || t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}
