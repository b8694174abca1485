package feeds

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
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

func parse(body []byte, contentType, feedURL string, maxDecoded int64) (meta Meta, items []Item, err error) {
	body, err = gunzipIfGzip(body, maxDecoded)
	if err != nil {
		return Meta{}, nil, err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return Meta{}, nil, ErrEmpty
	}
	text, enc := decodeDocument(body, contentType)
	text = cleanChars(text)
	if strings.TrimSpace(text) == "" {
		return Meta{}, nil, newError(ErrEmpty, "only control characters")
	}
	base, _ := url.Parse(feedURL)
	if base != nil && !base.IsAbs() {
		base = nil
	}

	var (
		feed  *gofeed.Feed
		plain map[*gofeed.Item]bool
	)
	trimmed := strings.TrimLeft(text, " \t\r\n")
	if strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[") {
		feed, plain, err = parseJSONFeed(trimmed)
	} else {
		feed, err = parseXMLFeed(text, base)
	}
	if err != nil {
		return Meta{}, nil, err
	}
	meta, items = convertFeed(feed, base, plain)
	meta.Encoding = enc
	return meta, items, nil
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
// complete gzip member are ignored. It decompresses twice — first only
// counting, then into a buffer of exactly the size counted — so that a gzip
// bomb costs no memory beyond its compressed bytes, and a legitimate body no
// more than its decompressed size (a growing buffer would take up to four
// times the limit while it doubles).
func gunzip(body []byte, limit int64) ([]byte, error) {
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
// fails, it parses the repaired document (see repairXML).
func parseXMLFeed(text string, base *url.URL) (*gofeed.Feed, error) {
	kind, name := sniffRoot(text)
	if kind == rootHTML && name == "html" {
		return nil, htmlPageError(text, base)
	}
	doc := skipJunk(text)
	if kind != rootRSS && kind != rootAtom {
		kind, name = sniffRoot(doc)
	}
	switch kind {
	case rootHTML:
		return nil, htmlPageError(doc, base)
	case rootOPML:
		return nil, newError(ErrNotFeed, "OPML subscription list (import it instead)")
	case rootNone:
		return nil, newError(ErrNotFeed, "no XML element found")
	case rootUnknown:
		if name == "" {
			return nil, newError(ErrNotFeed, "not XML, RSS, Atom or JSON Feed")
		}
		return nil, newError(ErrNotFeed, "XML document with root element <"+SanitizeLine(name)+">")
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
		return nil, err
	}
	feed, err := parseGofeed(kind, doc)
	if err == nil && len(feed.Items) >= countItemTags(doc) {
		return feed, nil
	}
	// gofeed failed, or lost items to broken markup (a stray end tag
	// closes the item early in non-strict mode): parse the repaired
	// document and keep whichever read more items.
	repaired := repairXML(doc)
	feed2, err2 := parseGofeed(kind, repaired)
	switch {
	case err2 == nil && (err != nil || len(feed2.Items) > len(feed.Items)):
		return feed2, nil
	case err == nil:
		return feed, nil
	}
	return nil, newError(ErrMalformed, oneLine(err.Error()))
}

// countItemTags counts the <item> and <entry> start tags (unprefixed) in
// a document: how many items a parse should find at most, give or take
// tags quoted inside CDATA.
func countItemTags(doc string) int {
	n := 0
	for _, tag := range []string{"<item", "<entry"} {
		for i := 0; ; {
			j := strings.Index(doc[i:], tag)
			if j < 0 {
				break
			}
			i += j + len(tag)
			if i < len(doc) && (doc[i] == '>' || isSpaceByte(doc[i]) || doc[i] == '/') {
				n++
			}
		}
	}
	return n
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
		af, err := (&atom.Parser{}).Parse(strings.NewReader(doc))
		if err != nil {
			return nil, err
		}
		return (&gofeed.DefaultAtomTranslator{}).Translate(af)
	default:
		rf, err := (&rss.Parser{}).Parse(strings.NewReader(doc))
		if err != nil {
			return nil, err
		}
		feed, err := (&gofeed.DefaultRSSTranslator{}).Translate(rf)
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

// convertFeed maps gofeed's universal feed to Meta and Items.
func convertFeed(f *gofeed.Feed, base *url.URL, plain map[*gofeed.Item]bool) (Meta, []Item) {
	meta := Meta{
		Title:    cleanTitle(f.Title),
		SiteURL:  cleanURL(base, f.Link),
		Language: SanitizeLine(f.Language),
	}
	items := make([]Item, 0, len(f.Items))
	for _, gi := range f.Items {
		if gi != nil {
			items = append(items, convertItem(gi, base, meta.Language, plain[gi]))
		}
	}
	items = uniqueGUIDs(items)
	return meta, items
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
	exact := make(map[string]bool, len(items))
	out := items[:0]
	for _, it := range items {
		if k := identity(it, 3); !exact[k] {
			exact[k] = true
			out = append(out, it)
		}
	}
	items = out
	groups := make(map[string][]int, len(items))
	for i, it := range items {
		groups[it.GUID] = append(groups[it.GUID], i)
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

func convertItem(gi *gofeed.Item, base *url.URL, feedLang string, plainContent bool) Item {
	it := Item{
		Title:     cleanTitle(gi.Title),
		Published: validTime(gi.PublishedParsed),
		Updated:   validTime(gi.UpdatedParsed),
	}
	link := gi.Link
	if strings.TrimSpace(link) == "" {
		for _, l := range gi.Links {
			if strings.TrimSpace(l) != "" {
				link = l
				break
			}
		}
	}
	it.URL = cleanURL(base, link)
	if gi.Author != nil {
		it.Author = SanitizeLine(gi.Author.Name)
		if it.Author == "" {
			it.Author = SanitizeLine(gi.Author.Email)
		}
	}

	// Content: the longer of content (content:encoded, Atom content, JSON
	// content_html/content_text) and description (summary).
	content := CleanHTML(gi.Content, base)
	if plainContent {
		content = Cleaned{Text: cleanPlain(gi.Content)}
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
	it.Lang = arabic.DetectLang(it.Title+"\n"+it.Content, feedLang)
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

// cleanTitle makes a single-line display text of a title: a title holding
// inline HTML markup (Atom type="html", or RSS titles with <b>, <em>, <a> …)
// is converted to text, which decodes its entities; any other title is taken
// as is, so an entity is never decoded twice ("Cloak&amp;Dagger" in the XML
// is "Cloak&Dagger", not "Cloak‡") and "Why <div> soup?" keeps its "<div>".
func cleanTitle(s string) string {
	if hasInlineMarkup(s) {
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
