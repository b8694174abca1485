package feeds

import (
	"html"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/rss"
)

// The fast path. Profiling Parse (issue 6) showed gofeed's RSS parser and
// translator to be most of the parse stage — two thirds of that in
// encoding/xml's tokenizer — and most of its allocations. fastRSS reads the
// shape almost every RSS 2.0 feed has with one byte-level pass over the
// prepared document and builds the *gofeed.Feed fields package feeds reads
// (see fastRSS), taking text as substrings of the document where it can.
// gofeed stays the reference: anything fastRSS does not understand fully
// makes it decline, and the caller then runs gofeed. The differential test
// (fastfeed_test.go) holds the two to identical results over the corpus,
// and FuzzFastFeed over arbitrary input.

// useFastFeed turns the fast path on; the tests turn it off to get gofeed's
// result for the same document.
var useFastFeed = true

// fastFeedHook, when set (by tests only), learns whether fastRSS or
// fastAtom accepted each document it was given.
var fastFeedHook func(accepted bool)

// Namespaces whose elements reach the fields nashra reads, and the key
// gofeed files them under (gofeed's canonical prefix for the namespace).
var fastNamespaces = map[string]string{
	"http://www.w3.org/2005/Atom":                "atom",
	"http://purl.org/atom/ns#":                   "atom03",
	"http://purl.org/rss/1.0/modules/content/":   "content",
	"http://purl.org/dc/elements/1.1/":           "dc",
	"http://www.itunes.com/DTDs/PodCast-1.0.dtd": "itunes",
	"http://example.com/DTDs/PodCast-1.0.dtd":    "itunes",
}

// fastKeys are the extension keys gofeed's RSS translator reads. A prefix
// spelled like one of them but bound to a namespace missing from
// fastNamespaces may be filed under another key by gofeed: the fast path
// declines it.
var fastKeys = map[string]bool{"atom": true, "atom03": true, "atom10": true, "content": true, "dc": true, "itunes": true}

// gofeed's RSS parser treats elements in these namespaces as RSS itself.
var rssNativeNamespaces = map[string]bool{
	"rss": true, // gofeed lists these two names as well: a namespace
	"rdf": true, // literally named so is RSS to it
	"http://www.w3.org/1999/02/22-rdf-syntax-ns#": true,
	"http://purl.org/rss/1.0/":                    true,
	"http://channel.netscape.com/rdf/simple/0.9/": true,
	"http://my.netscape.com/rdf/simple/0.9/":      true,
}

// rssScan is the state of one fastRSS or fastAtom pass over a document.
type rssScan struct {
	s     string
	i     int
	ns    map[string]string // prefix declared on <rss> → key ("" for other namespaces)
	uris  map[string]string // namespace without a canonical prefix → its declared prefix
	stack []string
	atom  bool // reading an Atom document (fastAtom), not RSS
}

// fastRSS parses doc, a document prepared as parseDocument and parseXMLDoc
// prepare it (cleanChars, so that charsClean holds, which fixMarkup,
// wrapRoot, checkXMLShape and repairXML keep: encoding/xml reads its
// characters without change or error; the fast readers do not test it
// again), when it is RSS 2.0 of the common shape: an optional XML
// declaration (UTF-8), comments, one <rss> root with namespace prefixes
// declared on it only, one <channel>, items in it, every
// element well formed and balanced, no DOCTYPE, no xml:base, no default
// namespace. It returns the feed's Title, Link, Language and Items, and of
// each item GUID, Title, Link, Links, Author, Content, Description,
// Enclosures, PublishedParsed and UpdatedParsed, equal to what parseGofeed
// returns for them (times are the same instants; their locations may
// differ, and package feeds only uses them in UTC). ok is false when the
// document is anything else: the caller must then use gofeed.
func fastRSS(doc string) (feed *gofeed.Feed, ok bool) {
	if hasXMLBase(doc) {
		return nil, false
	}
	z := &rssScan{s: doc}
	if !z.prolog() {
		return nil, false
	}
	name, attrs, empty, ok := z.startTag()
	if !ok || name != "rss" || empty || !z.rootNamespaces(attrs) {
		return nil, false
	}
	feed = &gofeed.Feed{Items: []*gofeed.Item{}}
	channels := 0
	for {
		name, attrs, empty, more, ok := z.child("rss")
		if !ok {
			return nil, false
		}
		if !more {
			break
		}
		if name != "channel" || channels > 0 || empty || hasXMLNS(attrs) {
			return nil, false
		}
		channels++
		if !z.channel(feed) {
			return nil, false
		}
	}
	if channels == 0 {
		return nil, false
	}
	return feed, true
}

// prolog skips what may come before the root: white space, processing
// instructions — an XML declaration only with version 1.0 and UTF-8 (or
// no encoding: gofeed would convert the document again) — and comments.
func (z *rssScan) prolog() bool {
	for {
		z.skipSpace()
		rest := z.s[z.i:]
		switch {
		case strings.HasPrefix(rest, "<?"):
			// A processing instruction: a target name, then anything.
			e := strings.Index(rest[2:], "?>") + 2
			if e < 2 || len(rest) < 3 || !xmlNameStart(rest[2]) {
				return false
			}
			pi := rest[2:e]
			target := pi
			for k := 0; k < len(pi); k++ {
				if !xmlNameByte(pi[k]) {
					target = pi[:k]
					break
				}
			}
			if target == "xml" {
				// encoding/xml reads the version and encoding of every
				// <?xml …?> (its target is the run of name bytes, so
				// <?xml"…?> is one too): only the document's first, in
				// the plain form, is taken.
				if z.i != 0 || !plainXMLDecl(pi[3:]) {
					return false
				}
			}
			z.i += e + 2
		case strings.HasPrefix(rest, "<!--"):
			if !z.comment() {
				return false
			}
		case len(rest) > 1 && rest[0] == '<' && xmlNameStart(rest[1]):
			return true
		default:
			return false
		}
	}
}

// plainXMLDecl reports whether params, what follows "xml" in an XML
// declaration, is white space-separated name="value" (or 'value') pairs
// without space around '=', each of version, encoding and standalone at
// most once and nothing else, with version 1.0 and encoding UTF-8 when
// given: a declaration encoding/xml reads as fastRSS does.
func plainXMLDecl(params string) bool {
	seen := map[string]bool{}
	for {
		rest := strings.TrimLeft(params, " \t\r\n")
		if rest == "" {
			return true
		}
		if len(rest) == len(params) {
			return false // no space before a pair
		}
		eq := strings.IndexByte(rest, '=')
		if eq < 0 || eq+1 >= len(rest) || rest[eq+1] != '"' && rest[eq+1] != '\'' {
			return false
		}
		name := rest[:eq]
		end := strings.IndexByte(rest[eq+2:], rest[eq+1])
		if end < 0 || seen[name] {
			return false
		}
		seen[name] = true
		v := rest[eq+2 : eq+2+end]
		switch {
		case name == "version" && v == "1.0":
		case name == "encoding" && strings.EqualFold(v, "utf-8"):
		case name == "standalone" && (v == "yes" || v == "no"):
		default:
			return false
		}
		params = rest[eq+2+end+1:]
	}
}

func (z *rssScan) skipSpace() {
	for z.i < len(z.s) && isSpaceByte(z.s[z.i]) {
		z.i++
	}
}

// comment skips a comment at z.i; encoding/xml rejects "--" inside one.
func (z *rssScan) comment() bool {
	e := strings.Index(z.s[z.i+4:], "--")
	if e < 0 || z.i+4+e+2 >= len(z.s) || z.s[z.i+4+e+2] != '>' {
		return false
	}
	z.i += 4 + e + 3
	return true
}

func xmlNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func xmlNameByte(c byte) bool {
	return xmlNameStart(c) || c >= '0' && c <= '9' || c == '.' || c == '-'
}

// name reads an element or attribute name at z.i: ASCII, at most one
// colon, not at either end.
func (z *rssScan) name() (string, bool) {
	j := z.i
	if j >= len(z.s) || !xmlNameStart(z.s[j]) {
		return "", false
	}
	colon := false
	for j < len(z.s) {
		c := z.s[j]
		if c == ':' {
			if colon || j+1 >= len(z.s) || !xmlNameStart(z.s[j+1]) {
				return "", false
			}
			colon = true
		} else if !xmlNameByte(c) {
			break
		}
		j++
	}
	n := z.s[z.i:j]
	z.i = j
	return n, true
}

// startTag reads a start tag at z.i ('<' followed by a name start): its
// name, the text of its attributes (checked to be well formed: name="value"
// pairs, quoted, no '<' in values) and whether it is empty ("/>").
func (z *rssScan) startTag() (name, attrs string, empty, ok bool) {
	z.i++
	if name, ok = z.name(); !ok {
		return "", "", false, false
	}
	a := z.i
	for {
		start := z.i
		z.skipSpace()
		if z.i >= len(z.s) {
			return "", "", false, false
		}
		switch z.s[z.i] {
		case '>':
			z.i++
			return name, z.s[a : z.i-1], false, true
		case '/':
			if z.i+1 < len(z.s) && z.s[z.i+1] == '>' {
				z.i += 2
				return name, z.s[a : z.i-2], true, true
			}
			return "", "", false, false
		}
		if z.i == start {
			return "", "", false, false // no space before an attribute
		}
		if _, ok := z.name(); !ok {
			return "", "", false, false
		}
		z.skipSpace()
		if z.i >= len(z.s) || z.s[z.i] != '=' {
			return "", "", false, false
		}
		z.i++
		z.skipSpace()
		if z.i >= len(z.s) || z.s[z.i] != '"' && z.s[z.i] != '\'' {
			return "", "", false, false
		}
		q := z.s[z.i]
		e := strings.IndexByte(z.s[z.i+1:], q)
		if e < 0 || strings.IndexByte(z.s[z.i+1:z.i+1+e], '<') >= 0 {
			return "", "", false, false
		}
		z.i += e + 2
	}
}

// eachAttr calls f with the name and raw value of every attribute in
// attrs, as startTag checked them.
func eachAttr(attrs string, f func(name, raw string) bool) bool {
	for i := 0; i < len(attrs); {
		for i < len(attrs) && isSpaceByte(attrs[i]) {
			i++
		}
		if i >= len(attrs) {
			break
		}
		eq := strings.IndexByte(attrs[i:], '=')
		if eq < 0 {
			return false
		}
		name := strings.TrimRight(attrs[i:i+eq], " \t\r\n")
		i += eq + 1
		for i < len(attrs) && isSpaceByte(attrs[i]) {
			i++
		}
		if i >= len(attrs) {
			return false
		}
		q := attrs[i]
		e := strings.IndexByte(attrs[i+1:], q)
		if e < 0 {
			return false
		}
		if !f(name, attrs[i+1:i+1+e]) {
			return false
		}
		i += e + 2
	}
	return true
}

func hasXMLNS(attrs string) bool { return strings.Contains(attrs, "xmlns") }

// hrefLike is an href attribute as gofeed reads it: its tag reader sends
// every href (also src, uri, scheme) through url.Parse, without leading
// spaces, and takes the URL's String when it parses (without xml:base,
// resolved against nothing).
func hrefLike(v string) string {
	if v == "" {
		return v
	}
	if u, err := url.Parse(strings.TrimLeft(v, " ")); err == nil {
		return u.String()
	}
	return v
}

// tagAttr returns the value of the unprefixed attribute name as encoding/xml
// decodes it; ok is false when the tag has the name twice or prefixed
// (goxpp's choice among them is not worth copying), or when the value
// holds what attrValue declines.
func tagAttr(attrs, name string) (val string, ok bool) {
	found := false
	ok = eachAttr(attrs, func(n, raw string) bool {
		local := n
		if c := strings.IndexByte(n, ':'); c >= 0 {
			local = n[c+1:]
		}
		if local != name {
			return true
		}
		if found || local != n {
			return false
		}
		found = true
		var good bool
		val, good = attrValue(raw)
		return good
	})
	return val, ok
}

// attrValue decodes an attribute value as encoding/xml does for the
// references XML predefines (&amp; &lt; &gt; &apos; &quot; and character
// references to characters XML allows); any other '&' or a CR (which
// encoding/xml turns into LF) makes it decline.
func attrValue(raw string) (string, bool) {
	if strings.IndexByte(raw, '\r') >= 0 {
		return "", false
	}
	if strings.IndexByte(raw, '&') < 0 {
		return raw, true
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(raw, '&')
		if i < 0 {
			b.WriteString(raw)
			return b.String(), true
		}
		b.WriteString(raw[:i])
		raw = raw[i:]
		e := strings.IndexByte(raw, ';')
		if e < 0 {
			return "", false
		}
		ref := raw[1:e]
		switch ref {
		case "amp":
			b.WriteByte('&')
		case "lt":
			b.WriteByte('<')
		case "gt":
			b.WriteByte('>')
		case "apos":
			b.WriteByte('\'')
		case "quot":
			b.WriteByte('"')
		default:
			r, ok := charRef(ref)
			if !ok {
				return "", false
			}
			b.WriteRune(r)
		}
		raw = raw[e+1:]
	}
}

// charRef decodes "#123" or "#x7B" when it names a character XML allows.
func charRef(ref string) (rune, bool) {
	if len(ref) < 2 || ref[0] != '#' {
		return 0, false
	}
	var n uint64
	var err error
	if ref[1] == 'x' {
		if len(ref) < 3 || len(ref) > 8 {
			return 0, false
		}
		n, err = strconv.ParseUint(ref[2:], 16, 32)
	} else {
		if len(ref) > 8 {
			return 0, false
		}
		n, err = strconv.ParseUint(ref[1:], 10, 32)
	}
	if err != nil {
		return 0, false
	}
	r := rune(n)
	if r == '\t' || r == '\n' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF {
		return r, true
	}
	return 0, false
}

// rootNamespaces records the prefixes declared on <rss>. It declines a
// default namespace (gofeed may then treat it as RSS's own) and what
// nsKey declines.
func (z *rssScan) rootNamespaces(attrs string) bool {
	z.ns = map[string]string{}
	z.uris = map[string]string{}
	return eachAttr(attrs, func(n, raw string) bool {
		switch {
		case n == "xmlns":
			return false
		case strings.HasPrefix(n, "xmlns:"):
			return z.declare(n[len("xmlns:"):], raw)
		case strings.HasPrefix(n, "xml"):
			return false
		}
		return true
	})
}

// declare records prefix p, declared on the root element for namespace
// raw, under the key nsKey gives it; false for a prefix declared twice or
// what nsKey declines.
func (z *rssScan) declare(p, raw string) bool {
	key, ok := z.nsKey(p, raw)
	if _, dup := z.ns[p]; dup || !ok {
		return false
	}
	z.ns[p] = key
	return true
}

// hasXMLBase reports whether doc may set a base URL: it has "xml:base", or
// binds some prefix to the XML namespace (whose "base" attribute is then
// xml:base to encoding/xml). gofeed resolves links against it; the fast
// readers do not.
func hasXMLBase(doc string) bool {
	return strings.Contains(doc, "xml:base") || containsXMLNamespace(doc)
}

// containsXMLNamespace is strings.Contains(doc, xmlNamespace), searching
// for the namespace's tail, whose first byte 'X' is rare in feeds, and
// testing its head before each match: a search for the whole namespace
// stops at every 'h' of the document.
func containsXMLNamespace(doc string) bool {
	const head, tail = "http://www.w3.org/", "XML/1998/namespace"
	for i := 0; ; {
		j := strings.Index(doc[i:], tail)
		if j < 0 {
			return false
		}
		j += i
		if j >= len(head) && doc[j-len(head):j] == head {
			return true
		}
		i = j + 1
	}
}

// xmlNamespace is the namespace of the xml: prefix; another prefix bound to
// it makes its attributes xml:base and xml:lang to encoding/xml.
const xmlNamespace = "http://www.w3.org/XML/1998/namespace"

// nsKey returns the key gofeed files the elements of prefix p, bound to
// the namespace raw, under — the namespace's canonical prefix when gofeed
// has one, else the prefix declared for it — reduced to the keys in
// fastKeys ("" for any other). It declines an empty namespace, one gofeed
// reads as RSS itself, the reserved prefixes, and a namespace without a
// canonical prefix bound to two prefixes (gofeed's choice between them is
// not worth copying), and any prefix bound to the XML namespace.
func (z *rssScan) nsKey(p, raw string) (string, bool) {
	uri := strings.TrimSpace(raw)
	if uri == "" || strings.ContainsAny(uri, "&\r") || rssNativeNamespaces[uri] || p == "xml" || p == "xmlns" ||
		uri == xmlNamespace {
		return "", false
	}
	if key, ok := fastNamespaces[uri]; ok {
		return key, true
	}
	if canonicalNamespaceURIs[uri] {
		return "", true
	}
	if q, ok := z.uris[uri]; ok && q != p {
		return "", false
	}
	z.uris[uri] = p
	if fastKeys[p] {
		if z.atom {
			// gofeed's Atom parser reads only the Atom namespace's
			// elements: a prefix spelled "atom" bound elsewhere is an
			// extension to it, one fastAtom would read as Atom.
			return "", false
		}
		return p, true
	}
	return "", true
}

// key returns the extension key of a child element's prefix ("" for a
// namespace nashra's fields do not depend on), taking a declaration of
// that prefix in the element's own start tag (attrs) first; ok is false
// for an undeclared prefix, a default namespace declaration, a
// declaration of another prefix in a prefixed element's tag (gofeed may
// then file the element under that one) and what nsKey declines.
func (z *rssScan) key(name, attrs string) (prefix, key, local string, ok bool) {
	local = name
	if c := strings.IndexByte(name, ':'); c >= 0 {
		prefix, local = name[:c], name[c+1:]
	}
	found := false
	if hasXMLNS(attrs) {
		good := eachAttr(attrs, func(n, raw string) bool {
			switch {
			case n == "xmlns":
				return false
			case prefix != "" && n == "xmlns:"+prefix:
				found = true
				key, ok = z.nsKey(prefix, raw)
				return ok
			case prefix != "" && strings.HasPrefix(n, "xmlns:"):
				// gofeed files a prefixed element under a prefix
				// bound to its namespace in scope, which may be this
				// one (an unprefixed element is RSS's own whatever the
				// tag declares).
				return false
			}
			return true
		})
		if !good {
			return "", "", "", false
		}
	}
	if prefix == "" || found {
		return prefix, key, local, true
	}
	key, ok = z.ns[prefix]
	return prefix, key, local, ok
}

// canonicalNamespaceURIs are the namespaces gofeed files under a prefix of
// its own choosing whatever prefix a feed declares (the namespace table
// of Universal Feed Parser, which gofeed uses).
var canonicalNamespaceURIs = map[string]bool{
	"http://www.w3.org/2005/Atom": true, "http://purl.org/atom/ns#": true,
	"http://webns.net/mvcb/": true, "http://purl.org/rss/1.0/modules/aggregation/": true,
	"http://purl.org/rss/1.0/modules/annotate/": true, "http://media.tangent.org/rss/1.0/": true,
	"http://backend.userland.com/blogChannelModule": true, "http://creativecommons.org/ns#license": true,
	"http://web.resource.org/cc/": true, "http://cyber.law.harvard.edu/rss/creativeCommonsRssModule.html": true,
	"http://backend.userland.com/creativeCommonsRssModule": true, "http://purl.org/rss/1.0/modules/company": true,
	"http://purl.org/rss/1.0/modules/content/": true, "http://my.theinfo.org/changed/1.0/rss/": true,
	"http://purl.org/dc/elements/1.1/": true, "http://purl.org/dc/terms/": true,
	"http://purl.org/rss/1.0/modules/email/": true, "http://purl.org/rss/1.0/modules/event/": true,
	"http://rssnamespace.org/feedburner/ext/1.0": true, "http://freshmeat.net/rss/fm/": true,
	"http://xmlns.com/foaf/0.1/": true, "http://www.w3.org/2003/01/geo/wgs84_pos#": true,
	"http://www.georss.org/georss": true, "http://www.opengis.net/gml": true,
	"http://postneo.com/icbm/": true, "http://purl.org/rss/1.0/modules/image/": true,
	"http://www.itunes.com/DTDs/PodCast-1.0.dtd": true, "http://example.com/DTDs/PodCast-1.0.dtd": true,
	"http://purl.org/rss/1.0/modules/link/": true, "http://search.yahoo.com/mrss": true,
	"http://search.yahoo.com/mrss/": true, "http://madskills.com/public/xml/rss/module/pingback/": true,
	"http://prismstandard.org/namespaces/1.2/basic/": true, "http://www.w3.org/1999/02/22-rdf-syntax-ns#": true,
	"http://www.w3.org/2000/01/rdf-schema#": true, "http://purl.org/rss/1.0/modules/reference/": true,
	"http://purl.org/rss/1.0/modules/richequiv/": true, "http://purl.org/rss/1.0/modules/search/": true,
	"http://purl.org/rss/1.0/modules/slash/": true, "http://schemas.xmlsoap.org/soap/envelope/": true,
	"http://purl.org/rss/1.0/modules/servicestatus/": true, "http://hacks.benhammersley.com/rss/streaming/": true,
	"http://purl.org/rss/1.0/modules/subscription/": true, "http://purl.org/rss/1.0/modules/syndication/": true,
	"http://schemas.pocketsoap.com/rss/myDescModule/": true, "http://purl.org/rss/1.0/modules/taxonomy/": true,
	"http://purl.org/rss/1.0/modules/threading/": true, "http://purl.org/rss/1.0/modules/textinput/": true,
	"http://madskills.com/public/xml/rss/module/trackback/": true, "http://wellformedweb.org/commentAPI/": true,
	"http://purl.org/rss/1.0/modules/wiki/": true, "http://www.w3.org/1999/xhtml": true,
	"http://www.w3.org/1999/xlink": true, "http://www.w3.org/XML/1998/namespace": true,
	"http://podlove.org/simple-chapters": true,
}

// child moves to the next child element of parent, skipping white space
// and comments (other text there makes it decline). At parent's end tag it
// returns more false; ok is false for anything else that ends the
// children (another end tag, text, the end of the document).
func (z *rssScan) child(parent string) (name, attrs string, empty, more, ok bool) {
	for {
		z.skipSpace()
		if z.i+1 >= len(z.s) || z.s[z.i] != '<' {
			return "", "", false, false, false
		}
		switch c := z.s[z.i+1]; {
		case c == '/':
			name, ok := z.endTag()
			return "", "", false, false, ok && name == parent
		case c == '!':
			if !strings.HasPrefix(z.s[z.i:], "<!--") || !z.comment() {
				return "", "", false, false, false
			}
		case xmlNameStart(c):
			name, attrs, empty, ok := z.startTag()
			return name, attrs, empty, true, ok
		default:
			return "", "", false, false, false
		}
	}
}

// endTag reads an end tag at z.i.
func (z *rssScan) endTag() (string, bool) {
	z.i += 2
	n, ok := z.name()
	if !ok {
		return "", false
	}
	z.skipSpace()
	if z.i >= len(z.s) || z.s[z.i] != '>' {
		return "", false
	}
	z.i++
	return n, true
}

// content reads the content of the element name, whose start tag was just
// read, and its end tag. It returns the raw content — what gofeed's
// ParseText reads as ",innerxml" — and whether it holds markup other than
// CDATA sections. Nested elements must be well formed and balanced.
func (z *rssScan) content(name string) (inner string, markup, ok bool) {
	start := z.i
	z.stack = z.stack[:0]
	for {
		j := strings.IndexByte(z.s[z.i:], '<')
		if j < 0 {
			return "", false, false
		}
		if strings.Contains(z.s[z.i:z.i+j], "]]>") {
			return "", false, false
		}
		z.i += j
		if z.i+1 >= len(z.s) {
			return "", false, false
		}
		switch c := z.s[z.i+1]; {
		case c == '/':
			at := z.i
			n, ok := z.endTag()
			if !ok {
				return "", false, false
			}
			if len(z.stack) == 0 {
				if n != name {
					return "", false, false
				}
				return z.s[start:at], markup, true
			}
			if n != z.stack[len(z.stack)-1] {
				return "", false, false
			}
			z.stack = z.stack[:len(z.stack)-1]
		case c == '!':
			switch {
			case strings.HasPrefix(z.s[z.i:], "<![CDATA["):
				e := strings.Index(z.s[z.i+9:], "]]>")
				if e < 0 {
					return "", false, false
				}
				z.i += 9 + e + 3
			case strings.HasPrefix(z.s[z.i:], "<!--"):
				markup = true
				if !z.comment() {
					return "", false, false
				}
			default:
				return "", false, false
			}
		case xmlNameStart(c):
			markup = true
			n, _, empty, ok := z.startTag()
			if !ok {
				return "", false, false
			}
			if !empty {
				z.stack = append(z.stack, n)
			}
		default:
			return "", false, false
		}
	}
}

// text reads an element's content as gofeed's ParseText returns it: the
// raw content without surrounding white space, with CDATA sections
// unwrapped and entities decoded as gofeed's DecodeEntities does.
func (z *rssScan) text(name string, empty bool) (string, bool) {
	if empty {
		return "", true
	}
	inner, _, ok := z.content(name)
	if !ok {
		return "", false
	}
	return gofeedText(inner), true
}

func gofeedText(inner string) string {
	s := strings.TrimSpace(inner)
	if strings.Contains(s, "<![CDATA[") {
		return stripCDATALike(s)
	}
	return decodeEntitiesLike(s)
}

// extValue reads an extension element's value as gofeed's extension
// parser does: its character data, CDATA included, entities decoded by
// encoding/xml, without surrounding white space. It declines content with
// markup, a CR, or a reference attrValue declines.
func (z *rssScan) extValue(name string, empty bool) (string, bool) {
	if empty {
		return "", true
	}
	inner, markup, ok := z.content(name)
	if !ok || markup || strings.IndexByte(inner, '\r') >= 0 {
		return "", false
	}
	var b strings.Builder
	for inner != "" {
		i := strings.Index(inner, "<![CDATA[")
		if i < 0 {
			i = len(inner)
		}
		v, ok := attrValue(inner[:i])
		if !ok {
			return "", false
		}
		b.WriteString(v)
		if i == len(inner) {
			break
		}
		e := strings.Index(inner[i+9:], "]]>")
		b.WriteString(inner[i+9 : i+9+e])
		inner = inner[i+9+e+3:]
	}
	return strings.TrimSpace(b.String()), true
}

// skip reads past an element's content and end tag.
func (z *rssScan) skip(name string, empty bool) bool {
	if empty {
		return true
	}
	_, _, ok := z.content(name)
	return ok
}

// link reads an RSS <link> as gofeed does: its text, or when that is
// empty its href attribute (see hrefLike).
func (z *rssScan) link(name, attrs string, empty bool) (string, bool) {
	href, ok := tagAttr(attrs, "href")
	if !ok {
		return "", false
	}
	link, ok := z.text(name, empty)
	if link == "" {
		link = hrefLike(href)
	}
	return link, ok
}

// channel reads a <channel>'s children up to its end tag.
func (z *rssScan) channel(feed *gofeed.Feed) bool {
	var dcTitle, dcLang *string
	atomLinks := false
	for {
		name, attrs, empty, more, ok := z.child("channel")
		if !ok {
			return false
		}
		if !more {
			break
		}
		prefix, key, local, ok := z.key(name, attrs)
		if !ok {
			return false
		}
		if prefix != "" {
			var v string
			switch {
			case key == "dc" && (local == "title" || local == "language"):
				if v, ok = z.extValue(name, empty); !ok {
					return false
				}
				if local == "title" && dcTitle == nil {
					dcTitle = &v
				} else if local == "language" && dcLang == nil {
					dcLang = &v
				}
				continue
			case key == "atom" || key == "atom03" || key == "atom10":
				atomLinks = atomLinks || local == "link"
			}
			if !z.skip(name, empty) {
				return false
			}
			continue
		}
		switch strings.ToLower(name) {
		case "title":
			feed.Title, ok = z.text(name, empty)
		case "language":
			feed.Language, ok = z.text(name, empty)
		case "link":
			feed.Link, ok = z.link(name, attrs, empty)
		case "item":
			// Declarations on <item> would reach its children.
			if hasXMLNS(attrs) {
				return false
			}
			var it *gofeed.Item
			if it, ok = z.item(name, empty); ok {
				feed.Items = append(feed.Items, it)
			}
		case "cloud", "skiphours", "skipdays", "textinput":
			// gofeed reads these with parsers of their own.
			return false
		default:
			// description, pubDate, image … and unknown elements: read
			// into fields nashra does not use, or skipped.
			ok = z.skip(name, empty)
		}
		if !ok {
			return false
		}
	}
	if feed.Title == "" && dcTitle != nil {
		feed.Title = *dcTitle
	}
	if feed.Language == "" && dcLang != nil {
		feed.Language = *dcLang
	}
	// Without <link>, gofeed's translator takes an atom:link's href.
	return feed.Link != "" || !atomLinks
}

// item reads an <item> and translates it as gofeed's DefaultRSSTranslator
// and parseGofeed's permalink rule do, for the fields fastRSS returns.
func (z *rssScan) item(tag string, empty bool) (*gofeed.Item, bool) {
	it := &gofeed.Item{}
	if empty {
		return it, true
	}
	var (
		author, pubDate string
		dc              [5]*string // title, creator, author, date, description
		permalink       string     // a <guid>'s isPermaLink, "true" when absent; "" without <guid>
		pubDates        int
	)
	for {
		name, attrs, empty, more, ok := z.child(tag)
		if !ok {
			return nil, false
		}
		if !more {
			break
		}
		prefix, key, local, ok := z.key(name, attrs)
		if !ok {
			return nil, false
		}
		if prefix != "" {
			switch key {
			case "content":
				if strings.EqualFold(local, "encoded") {
					if it.Content, ok = z.text(name, empty); !ok {
						return nil, false
					}
					continue
				}
			case "dc":
				k := -1
				switch local {
				case "title":
					k = 0
				case "creator":
					k = 1
				case "author":
					k = 2
				case "date":
					k = 3
				case "description":
					k = 4
				}
				if k >= 0 {
					v, ok := z.extValue(name, empty)
					if !ok {
						return nil, false
					}
					if dc[k] == nil {
						dc[k] = &v
					}
					continue
				}
			case "itunes":
				if local == "author" || local == "summary" {
					return nil, false
				}
			case "atom", "atom03", "atom10":
				switch local {
				case "content", "summary", "updated", "published", "author":
					return nil, false
				}
			}
			if !z.skip(name, empty) {
				return nil, false
			}
			continue
		}
		lname := "pubdate" // strings.ToLower("pubDate"), without its allocation
		if name != "pubDate" {
			lname = strings.ToLower(name)
		}
		switch lname {
		case "title":
			it.Title, ok = z.text(name, empty)
		case "description":
			it.Description, ok = z.text(name, empty)
		case "link":
			if it.Link, ok = z.link(name, attrs, empty); ok {
				it.Links = append(it.Links, it.Link)
			}
		case "author":
			author, ok = z.text(name, empty)
		case "pubdate":
			pubDates++
			pubDate, ok = z.text(name, empty)
		case "guid":
			var p string
			p, ok = tagAttr(attrs, "isPermaLink")
			if ok && p == "" {
				p, ok = tagAttr(attrs, "isPermalink")
			}
			if p == "" {
				p = "true"
			}
			if ok {
				permalink = p
				it.GUID, ok = z.text(name, empty)
			}
		case "enclosure":
			e := &gofeed.Enclosure{}
			var ok1, ok2, ok3 bool
			e.URL, ok1 = tagAttr(attrs, "url")
			e.Length, ok2 = tagAttr(attrs, "length")
			e.Type, ok3 = tagAttr(attrs, "type")
			ok = ok1 && ok2 && ok3 && z.skip(name, empty)
			it.Enclosures = append(it.Enclosures, e)
		default:
			// category, comments, source and unknown elements: gofeed
			// reads them into fields nashra does not use.
			ok = z.skip(name, empty)
		}
		if !ok {
			return nil, false
		}
	}
	if pubDates > 1 {
		return nil, false
	}
	first := func(k int) string {
		if dc[k] == nil {
			return ""
		}
		return *dc[k]
	}
	if it.Title == "" {
		it.Title = first(0)
	}
	if it.Description == "" && dc[4] != nil {
		it.Description = *dc[4]
	}
	switch {
	case author != "":
		it.Author = personLike(author)
	case dc[2] != nil:
		it.Author = personLike(*dc[2])
	case dc[1] != nil:
		it.Author = personLike(*dc[1])
	}
	if pubDate != "" {
		t, known := gofeedDate(pubDate)
		if !known {
			return nil, false
		}
		it.PublishedParsed = t
	}
	// dc:date is the item's updated time, and its published time when it
	// has no <pubDate> (gofeed parses it for each; one parse here).
	if date := first(3); date != "" {
		t, known := gofeedDate(date)
		if !known {
			return nil, false
		}
		it.UpdatedParsed = t
		if it.PublishedParsed == nil && t != nil {
			published := *t
			it.PublishedParsed = &published
		}
	}
	// parseGofeed: a permalink <guid> is the URL of an item without <link>.
	if permalink != "" && it.Link == "" && !strings.EqualFold(strings.TrimSpace(permalink), "false") && isWebURL(strings.TrimSpace(it.GUID)) {
		it.Link = strings.TrimSpace(it.GUID)
	}
	return it, true
}

// personLike splits an RSS author text as gofeed's translator does. A
// text without '@', '(' or ')' is a name as it stands (the one form of
// gofeed's four that needs none of them); any other is handed to gofeed's
// own RSS translator as the author of an otherwise empty item, so that
// the "email (name)" and "name (email)" rules are gofeed's, not a copy.
func personLike(s string) *gofeed.Person {
	if s == "" {
		return &gofeed.Person{}
	}
	if strings.IndexByte(s, '@') < 0 && strings.IndexByte(s, '(') < 0 && strings.IndexByte(s, ')') < 0 {
		return &gofeed.Person{Name: s}
	}
	f, err := (&gofeed.DefaultRSSTranslator{DisableContentImageScan: true}).Translate(&rss.Feed{Items: []*rss.Item{{Author: s}}})
	if err != nil || len(f.Items) != 1 || f.Items[0].Author == nil {
		return &gofeed.Person{}
	}
	return f.Items[0].Author
}

// gofeedDate returns the instant gofeed's date parser finds in s (nil when
// it finds none); known is false when s is in a layout fastRSS does not
// know gofeed's answer for. gofeed tries a list of layouts in order and
// takes the first that parses: its first four are RFC 822 with numeric
// zone, RFC 3339, the Ruby date and RFC 1123 with numeric zone. RFC 1123
// with "GMT" or "UTC" parses with none of its numeric-zone layouts and
// with its named-zone layouts as that time in UTC.
//
// Layouts that cannot match d are not tried (a failed time.Parse costs an
// error value): RFC 822 and RFC 3339 begin with digits, so a d that starts
// with a letter fails both; RubyDate has a space after the day name, so a
// d with a ',' there fails it; and each of the first four ends with a
// numeric zone, a year or RFC 3339's "Z", which time.Parse reads up to the
// end of d, so a d ending in any other byte ("… GMT") fails all four.
func gofeedDate(s string) (t *time.Time, known bool) {
	d := strings.TrimSpace(s)
	if d == "" {
		return nil, true
	}
	layouts := [...]string{
		time.RFC822Z, time.RFC3339, time.RubyDate, time.RFC1123Z, // gofeed's first four
		"Mon, 02 Jan 2006 15:04:05 GMT", "Mon, 02 Jan 2006 15:04:05 UTC",
	}
	first := 0
	if last := d[len(d)-1]; !(last >= '0' && last <= '9' || last == 'Z') {
		first = 4
	} else if c := d[0]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
		first = 2
		if len(d) > 3 && d[3] == ',' {
			first = 3
		}
	}
	for _, layout := range layouts[first:] {
		if p, err := time.Parse(layout, d); err == nil {
			u := p.UTC()
			return &u, true
		}
	}
	return nil, false
}

// decodeEntitiesLike decodes references as gofeed's DecodeEntities does
// (it reads ParseText's raw content): see entityAt for what is a
// reference; every other '&' is text.
func decodeEntitiesLike(s string) string {
	if strings.IndexByte(s, '&') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		if dec, n, ok := entityAt(s[i:]); ok {
			b.WriteString(dec)
			s = s[i+n:]
		} else {
			b.WriteByte('&')
			s = s[i+1:]
		}
	}
}

// entityAt reads the reference s starts with ('&'), as gofeed's
// DecodeEntities does: a ';' must follow within the first 64 bytes with no
// white space before it, and html.UnescapeString must decode the ';' as
// part of the reference (it also decodes legacy names without one, as in
// "&copy=2;", which are then left as text). It returns the decoded text
// and the length of the reference, or ok false.
func entityAt(s string) (dec string, n int, ok bool) {
	semi := strings.IndexByte(s[:min(len(s), 64)], ';')
	if semi < 0 || strings.ContainsAny(s[1:semi], " \t\r\n") {
		return "", 0, false
	}
	ref := s[:semi+1]
	dec = html.UnescapeString(ref)
	if dec == html.UnescapeString(ref[:semi])+";" {
		return "", 0, false
	}
	return dec, semi + 1, true
}

// stripCDATALike unwraps CDATA sections as gofeed's StripCDATA does: their
// content verbatim, the text around them through decodeEntitiesLike, an
// unterminated section kept with its marker.
func stripCDATALike(s string) string {
	// One section and nothing around it (the common case): its content,
	// as the loop below writes it, without a copy.
	if strings.HasPrefix(s, "<![CDATA[") && strings.HasSuffix(s, "]]>") &&
		strings.Index(s[len("<![CDATA["):], "]]>") == len(s)-len("<![CDATA[")-len("]]>") {
		return s[len("<![CDATA[") : len(s)-len("]]>")]
	}
	return stripCDATALoop(s)
}

// stripCDATALoop is stripCDATALike without the shortcut for one section.
func stripCDATALoop(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for s != "" {
		i := strings.Index(s, "<![CDATA[")
		if i < 0 {
			b.WriteString(decodeEntitiesLike(s))
			break
		}
		b.WriteString(decodeEntitiesLike(s[:i]))
		e := strings.Index(s[i+9:], "]]>")
		if e < 0 {
			b.WriteString(decodeEntitiesLike(s[i:]))
			break
		}
		b.WriteString(s[i+9 : i+9+e])
		s = s[i+9+e+3:]
	}
	return b.String()
}
