package feeds

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// useFastHTML turns fastFragment on; tests turn it off to compare.
var useFastHTML = true

// parseFragment parses an item's HTML as html.ParseFragment does in the
// context of a <body> element (scripting off), through fastFragment when it
// takes s. When fb is not nil the nodes are fastFragment's: the caller
// calls fb.release when done with them, and nothing may refer to them
// after.
func parseFragment(s string) (nodes []*html.Node, fb *fragBuilder, err error) {
	if useFastHTML {
		b := fragPool.Get().(*fragBuilder)
		if nodes, ok := b.build(s); ok {
			return nodes, b, nil
		}
		b.release()
	}
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err = html.ParseFragmentWithOptions(strings.NewReader(s), ctx, html.ParseOptionEnableScripting(false))
	return nodes, nil, err
}

// fragPool recycles fragBuilders with their node slabs: the nodes of an
// item's HTML live only while it is converted to text, and allocating them
// afresh for every item was a fifth of Parse's bytes.
var fragPool = sync.Pool{New: func() any { return new(fragBuilder) }}

// maxPooledNodes bounds the slab a pooled fragBuilder keeps, so that one
// huge item does not pin its nodes' memory.
const maxPooledNodes = 4096

// release clears b (dropping its references to the document's strings)
// and returns it to fragPool.
func (b *fragBuilder) release() {
	clear(b.slab)
	clear(b.stack)
	clear(b.attrs)
	clear(b.out)
	b.slab, b.stack, b.kinds, b.attrs, b.out = b.slab[:0], b.stack[:0], b.kinds[:0], b.attrs[:0], b.out[:0]
	b.root = html.Node{}
	if cap(b.slab) > maxPooledNodes {
		b.slab = nil
		b.attrs = nil
		b.out = nil
	}
	fragPool.Put(b)
}

// fragKind is how the HTML5 tree construction ("in body" insertion mode,
// WHATWG HTML §13.2.6.4.7) treats an element's start and end tags, for the
// elements fastFragment knows.
type fragKind uint8

const (
	kindNone     fragKind = iota
	kindFormat            // a, b, i, em, strong …: the list of active formatting elements
	kindPhrase            // span, sub, sup …: "any other start tag", not special
	kindBlock             // p, div, ul, ol, blockquote …: closes an open <p>; special
	kindHeading           // h1–h6: as kindBlock, and closes an open heading
	kindListItem          // li
	kindVoid              // br, img, wbr: no content, no end tag
	kindVoidP             // hr: no content, closes an open <p>
)

// fragKinds are the elements fastFragment takes, by tag name (lower case).
var fragKinds = map[string]fragKind{
	"a": kindFormat, "b": kindFormat, "i": kindFormat, "em": kindFormat, "strong": kindFormat,
	"u": kindFormat, "s": kindFormat, "small": kindFormat, "code": kindFormat, "font": kindFormat,
	"tt": kindFormat, "big": kindFormat, "strike": kindFormat,
	"span": kindPhrase, "sub": kindPhrase, "sup": kindPhrase, "abbr": kindPhrase, "cite": kindPhrase,
	"mark": kindPhrase, "time": kindPhrase, "q": kindPhrase, "kbd": kindPhrase, "var": kindPhrase,
	"dfn": kindPhrase, "ins": kindPhrase, "del": kindPhrase, "samp": kindPhrase,
	"p": kindBlock, "div": kindBlock, "ul": kindBlock, "ol": kindBlock, "blockquote": kindBlock,
	"figure": kindBlock, "figcaption": kindBlock, "section": kindBlock, "article": kindBlock,
	"header": kindBlock, "footer": kindBlock, "aside": kindBlock, "nav": kindBlock, "main": kindBlock,
	"pre": kindBlock,
	"h1":  kindHeading, "h2": kindHeading, "h3": kindHeading, "h4": kindHeading, "h5": kindHeading, "h6": kindHeading,
	"li": kindListItem,
	"br": kindVoid, "img": kindVoid, "wbr": kindVoid,
	"hr": kindVoidP,
}

// maxOpenElements is the longest stack of open elements (the root <html>
// included) golang.org/x/net/html's parser builds; an element beyond it
// makes the parse fail (x/net v0.62.0 html/parse.go, insertOpenElement).
const maxOpenElements = 512

// fragBuilder builds the nodes of one fragment.
type fragBuilder struct {
	slab  []html.Node // nodes are taken from here: one allocation
	root  html.Node   // stands for the fragment's <html> root
	stack []*html.Node
	kinds []fragKind // kinds[i] is the kind of stack[i]
	attrs []html.Attribute
	out   []*html.Node // the top-level nodes
	// joinLeft is how many more bytes text joins may copy (see text).
	joinLeft int
}

// newNode returns a zeroed node from the slab, or nil when the slab is
// full, which the bound build sizes it by rules out.
func (b *fragBuilder) newNode() *html.Node {
	if len(b.slab) == cap(b.slab) {
		return nil
	}
	b.slab = b.slab[:len(b.slab)+1]
	return &b.slab[len(b.slab)-1]
}

func (b *fragBuilder) top() *html.Node {
	if len(b.stack) == 0 {
		return &b.root
	}
	return b.stack[len(b.stack)-1]
}

func (b *fragBuilder) topKind() fragKind {
	if len(b.kinds) == 0 {
		return kindNone
	}
	return b.kinds[len(b.kinds)-1]
}

func (b *fragBuilder) pop() {
	b.stack = b.stack[:len(b.stack)-1]
	b.kinds = b.kinds[:len(b.kinds)-1]
}

// openP reports whether a <p> is open: "has a p element in button scope",
// as no element fastFragment takes is a scope boundary.
func (b *fragBuilder) openP() bool {
	for _, n := range b.stack {
		if n.DataAtom == atom.P {
			return true
		}
	}
	return false
}

// fastFragment returns the nodes html.ParseFragment returns for s in the
// context of a <body> element, or false when s is outside the subset it
// builds exactly; parseFragment then runs the full HTML5 parser.
//
// The subset, where the tree the HTML5 algorithm builds is the nesting of
// the tags as written: the elements in fragKinds only; tags of ASCII
// letters and digits without white space before the name or around '=',
// attribute values with no character reference other than &amp; &quot;
// &lt; &gt; &#39; (and non-empty when unquoted), "/>" only on void
// elements; no comment, DOCTYPE or NUL; every end tag closing the current
// element, except that a <p> which is the current element is closed by a
// tag that closes an open <p>, as the algorithm closes it; no <a> inside an
// <a>, no heading right inside a heading, no <li> while an <li> is open
// below the nearest special element (as the <li> start tag steps look); no
// other start tag while a <p> is open below the current element. Elements
// still open at the end stay open, as the algorithm leaves them. In this
// subset no misnesting occurs, so the active formatting elements are
// exactly the open ones, reconstructing them does nothing, and every end
// tag pops the current element (the adoption agency's steps 1–2 and "no
// furthest block"); the only state that matters is the stack of open
// elements. Text between tags is one text node (the tokenizer's text
// token), CR LF and CR read as LF and references decoded as
// html.UnescapeString does, less a first newline right inside a <pre>; a
// '<' not followed by a letter, '/', '!' or '?' is text, as the tokenizer
// reads it. Formatting elements get their
// attributes sorted, as the parser's Noah's Ark step sorts them. No
// element is more than maxOpenElements-1 deep (the parser fails there), no
// tag has more than maxTagAttrs attributes, and text joins (text after an
// ignored end tag) copy at most 2·len(s) bytes in all: past these bounds
// the fast path would take time quadratic in len(s).
func fastFragment(s string) ([]*html.Node, bool) {
	return new(fragBuilder).build(s)
}

// build is fastFragment with b's buffers (b is empty).
func (b *fragBuilder) build(s string) ([]*html.Node, bool) {
	if strings.IndexByte(s, 0) >= 0 {
		return nil, false
	}
	// Only a start tag makes an element, at most one, and a text node
	// is new only at the start, after a start tag or after an end tag
	// that closed an element (other text joins the text node before
	// it): at most 3·starts+1 nodes, starts counting every '<' before an
	// ASCII letter. The slab never grows (the nodes are linked by
	// pointer). Counting every '<' instead made text full of stray ones
	// ("<<<<", "1 < 2") or of ignored end tags ("</img>") allocate about
	// 200 bytes of nodes per input byte, 35 times what the parser does.
	if n := 3*startTags(s) + 1; cap(b.slab) < n {
		b.slab = make([]html.Node, 0, max(n, 64))
	}
	b.root = html.Node{Type: html.ElementNode, Data: "html", DataAtom: atom.Html}
	b.joinLeft = 2 * len(s)
	textStart := 0
	i := 0
	for i < len(s) {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			break
		}
		i += lt
		if i+1 >= len(s) {
			return nil, false
		}
		c := s[i+1]
		isLetter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !isLetter && c != '/' && c != '!' && c != '?' {
			i++ // a '<' that starts no tag is text
			continue
		}
		if c == '!' || c == '?' {
			return nil, false
		}
		if textStart < i && !b.text(s[textStart:i]) {
			return nil, false
		}
		var ok bool
		if c == '/' {
			i, ok = b.endTag(s, i+2)
		} else {
			i, ok = b.startTag(s, i+1)
		}
		if !ok {
			return nil, false
		}
		textStart = i
	}
	if textStart < len(s) && !b.text(s[textStart:]) {
		return nil, false
	}
	for n := b.root.FirstChild; n != nil; {
		next := n.NextSibling
		n.Parent, n.PrevSibling, n.NextSibling = nil, nil, nil
		b.out = append(b.out, n)
		n = next
	}
	return b.out, true
}

// startTags counts the '<' in s that a start tag may begin at: those
// followed by an ASCII letter, as the tokenizer reads a start tag.
func startTags(s string) int {
	n := 0
	for i := strings.IndexByte(s, '<'); i >= 0 && i+1 < len(s); {
		if c := s[i+1] | 0x20; c >= 'a' && c <= 'z' {
			n++
		}
		j := strings.IndexByte(s[i+1:], '<')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return n
}

// appendChild adds n as the last child of the current element.
func (b *fragBuilder) appendChild(n *html.Node) {
	p := b.top()
	n.Parent = p
	if p.LastChild != nil {
		p.LastChild.NextSibling = n
		n.PrevSibling = p.LastChild
	} else {
		p.FirstChild = n
	}
	p.LastChild = n
}

// text adds a text node for a text token:
// its CR LF and CR made LF, its references decoded, as the tokenizer does;
// right inside a <pre> a first newline is dropped, as the parser does.
// It returns false when the text would join a text node once too often
// (see joinLeft).
func (b *fragBuilder) text(raw string) bool {
	d := convertCR(raw)
	// html.UnescapeString returns d itself when it has no '&', after
	// looking for one rune by rune; IndexByte looks faster.
	if strings.IndexByte(d, '&') >= 0 {
		d = html.UnescapeString(d)
	}
	if p := b.top(); p.DataAtom == atom.Pre && p.FirstChild == nil {
		d = strings.TrimPrefix(d, "\r")
		d = strings.TrimPrefix(d, "\n")
		if d == "" {
			return true
		}
	}
	if last := b.top().LastChild; last != nil && last.Type == html.TextNode {
		// Text after an ignored end tag joins the text before it, as
		// the parser appends a text token to a text node it ends in.
		// Each join copies the node's text; the parser appends to a
		// buffer instead, so hostile input ("a</img>" repeated) would
		// take the fast path time quadratic in its length where the
		// parser takes linear time: past 2·len(s) bytes copied, leave
		// the input to the parser.
		b.joinLeft -= len(last.Data) + len(d)
		if b.joinLeft < 0 {
			return false
		}
		last.Data += d
		return true
	}
	n := b.newNode()
	if n == nil {
		return false
	}
	n.Type = html.TextNode
	n.Data = d
	b.appendChild(n)
	return true
}

// convertCR replaces CR LF and lone CR by LF.
func convertCR(s string) string {
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// tagName reads an element name of ASCII letters and digits at s[i:] and
// returns it in lower case with the index after it.
func tagName(s string, i int) (string, int) {
	j := i
	lower := true
	for j < len(s) {
		c := s[j]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z':
			lower = false
		default:
			goto done
		}
		j++
	}
done:
	name := s[i:j]
	if !lower {
		name = strings.ToLower(name)
	}
	return name, j
}

// endTag reads "name>" at s[i:] and closes the current element, which
// must be that element (or a current <p> …: see fastFragment).
func (b *fragBuilder) endTag(s string, i int) (int, bool) {
	name, j := tagName(s, i)
	if j >= len(s) || s[j] != '>' || name == "" {
		return 0, false
	}
	k := fragKinds[name]
	if (k == kindVoid || k == kindVoidP) && name != "br" {
		// </img>, </wbr>, </hr>: "any other end tag", and as none of
		// them is ever open, the special element below (the root at
		// least) makes the parser ignore it.
		return j + 1, true
	}
	if k == kindNone || k == kindVoid || len(b.stack) == 0 {
		return 0, false
	}
	if b.top().Data != name {
		return 0, false
	}
	b.pop()
	return j + 1, true
}

// startTag reads a start tag's name, attributes and '>' at s[i:] (after
// the '<') and adds its element.
func (b *fragBuilder) startTag(s string, i int) (int, bool) {
	name, j := tagName(s, i)
	k := fragKinds[name]
	if k == kindNone {
		return 0, false
	}
	attrStart := len(b.attrs)
	selfClosing := false
	for {
		if j >= len(s) {
			return 0, false
		}
		c := s[j]
		if c == '>' {
			j++
			break
		}
		if c == '/' {
			if j+1 >= len(s) || s[j+1] != '>' {
				return 0, false
			}
			selfClosing = true
			j += 2
			break
		}
		if !isTagSpace(c) {
			return 0, false
		}
		for j < len(s) && isTagSpace(s[j]) {
			j++
		}
		if j < len(s) && (s[j] == '>' || s[j] == '/') {
			continue
		}
		var ok bool
		if j, ok = b.attr(s, j, attrStart); !ok {
			return 0, false
		}
	}
	if selfClosing && k != kindVoid && k != kindVoidP {
		return 0, false
	}
	var attrs []html.Attribute
	if n := len(b.attrs) - attrStart; n > 0 {
		attrs = b.attrs[attrStart:len(b.attrs):len(b.attrs)]
	}

	// The "in body" start tag steps, for the subset.
	switch k {
	case kindBlock, kindHeading, kindListItem, kindVoidP:
		if k == kindListItem {
			// An open <li> is closed (with what is open inside it)
			// unless a special element other than address, div and p
			// lies between: leave that case to the parser.
			for d := len(b.stack) - 1; d >= 0; d-- {
				kd := b.kinds[d]
				if kd == kindListItem {
					return 0, false
				}
				if kd == kindFormat || kd == kindPhrase || b.stack[d].DataAtom == atom.P || b.stack[d].DataAtom == atom.Div {
					continue
				}
				break
			}
		}
		if b.openP() {
			if b.top().DataAtom != atom.P {
				return 0, false
			}
			b.pop() // "close a p element"
		}
		if k == kindHeading && b.topKind() == kindHeading {
			return 0, false
		}
	case kindFormat:
		if name == "a" {
			for _, n := range b.stack {
				if n.DataAtom == atom.A {
					return 0, false
				}
			}
		}
		if len(attrs) > 1 {
			slices.SortFunc(attrs, func(x, y html.Attribute) int {
				return cmp.Or(cmp.Compare(x.Key, y.Key), cmp.Compare(x.Val, y.Val))
			})
		}
	}
	if len(b.stack)+2 > maxOpenElements {
		// The parser fails ("open stack of elements exceeds 512
		// nodes") when an element would make its stack of open
		// elements, the root <html> included, longer than
		// maxOpenElements; void elements count, as it pushes and then
		// pops them. CleanHTML then reads the input as plain text: the
		// parser must see it.
		return 0, false
	}
	n := b.newNode()
	if n == nil {
		return 0, false
	}
	n.Type = html.ElementNode
	n.DataAtom = atom.Lookup([]byte(name))
	n.Data = n.DataAtom.String()
	n.Attr = attrs
	b.appendChild(n)
	if k != kindVoid && k != kindVoidP {
		b.stack = append(b.stack, n)
		b.kinds = append(b.kinds, k)
	}
	return j, true
}

// maxTagAttrs is the most attributes fastFragment takes on one tag: each
// attribute is checked against the tag's earlier ones, time quadratic in
// their number (the tokenizer keeps a set), so a hostile tag with
// thousands of them is left to the parser.
const maxTagAttrs = 64

// attr reads one attribute at s[i:]: a name, then ="value" or ='value'
// or nothing (an empty value). As the tokenizer does, an attribute whose
// name the tag's attributes from b.attrs[first:] already have is dropped.
func (b *fragBuilder) attr(s string, i, first int) (int, bool) {
	if len(b.attrs)-first >= maxTagAttrs {
		return 0, false
	}
	j := i
	lower := true
	for j < len(s) {
		c := s[j]
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == ':' || c == '.' {
			j++
			continue
		}
		if c >= 'A' && c <= 'Z' {
			lower = false
			j++
			continue
		}
		break
	}
	if j == i || j >= len(s) {
		return 0, false
	}
	key := s[i:j]
	if !lower {
		key = strings.ToLower(key)
	}
	val := ""
	if s[j] == '=' {
		j++
		if j >= len(s) {
			return 0, false
		}
		var raw string
		switch q := s[j]; q {
		case '"', '\'':
			e := strings.IndexByte(s[j+1:], q)
			if e < 0 {
				return 0, false
			}
			raw = s[j+1 : j+1+e]
			j += e + 2
		default:
			// Unquoted: up to white space or '>' ('/' included).
			e := j
			for e < len(s) && !isTagSpace(s[e]) && s[e] != '>' {
				e++
			}
			if e == j || e == len(s) {
				return 0, false
			}
			raw = s[j:e]
			j = e
		}
		var ok bool
		if val, ok = attrUnescape(convertCR(raw)); !ok {
			return 0, false
		}
	} else if !isTagSpace(s[j]) && s[j] != '>' && s[j] != '/' {
		return 0, false
	}
	for _, a := range b.attrs[first:] {
		if a.Key == key {
			return j, true
		}
	}
	b.attrs = append(b.attrs, html.Attribute{Key: key, Val: val})
	return j, true
}

// attrUnescape decodes an attribute value as the tokenizer does for the
// references it takes: &amp; &quot; &lt; &gt; and &#39;, and an '&' that
// starts no reference — one followed by no letter or digit, or by letters
// and digits and then '=' (WHATWG HTML §13.2.5.73: "historical reasons"),
// stays as it is. It returns false for any other '&'.
func attrUnescape(raw string) (string, bool) {
	if strings.IndexByte(raw, '&') < 0 {
		return raw, true
	}
	var sb strings.Builder
	sb.Grow(len(raw))
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '&' {
			sb.WriteByte(c)
			i++
			continue
		}
		rest := raw[i:]
		if strings.HasPrefix(rest, "&#39;") {
			sb.WriteByte('\'')
			i += len("&#39;")
			continue
		}
		j := 1
		for j < len(rest) && isAlnum(rest[j]) {
			j++
		}
		switch {
		case j < len(rest) && rest[j] == '#' && j == 1:
			return "", false
		case j == 1 || j < len(rest) && rest[j] == '=':
			sb.WriteByte('&') // no reference: the name is copied as text next
			i++
			continue
		case j < len(rest) && rest[j] == ';':
			switch rest[1:j] {
			case "amp":
				sb.WriteByte('&')
			case "quot":
				sb.WriteByte('"')
			case "lt":
				sb.WriteByte('<')
			case "gt":
				sb.WriteByte('>')
			default:
				return "", false
			}
			i += j + 1
			continue
		}
		return "", false
	}
	return sb.String(), true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isTagSpace reports whether c is white space inside a tag for the HTML
// tokenizer.
func isTagSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}
