package feeds

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Cleaned is the text of an item's HTML content as the reader shows it.
type Cleaned struct {
	// Text has paragraphs separated by a blank line ("\n\n"), lines within
	// a paragraph by "\n"; list items on their own lines starting with "• "
	// (ordered lists "1. ", "2. " …; nested lists indented by two spaces per
	// level); blockquote lines start with "> "; table cells are separated by
	// " | ", one row per line; preformatted text keeps its spaces, tabs and
	// line breaks; each link is followed by its number in Links as "[n]". It
	// is not yet sanitized (see SanitizeText).
	Text string
	// Links are the http(s) links in reader order, absolute, each listed
	// once (a URL linked twice keeps its first number).
	Links []Link
	// Dir is the dir attribute ("rtl" or "ltr") of the content's outermost
	// element, "" if it has none or the content does not start with one.
	Dir string
}

// CleanHTML converts an HTML fragment (an item's content or description) to
// text for a terminal, parsing it as the HTML5 algorithm does
// (golang.org/x/net/html) so that entities are decoded exactly once and
// broken markup is read as a browser would. Relative link targets are
// resolved against base (nil: kept only when absolute). Scripts, styles,
// embedded objects, forms and comments are dropped; an image becomes its alt
// text, if any. If s contains no markup at all it is read as plain text: its
// line breaks are kept and entities are not decoded. See Cleaned for the
// shape of the result.
func CleanHTML(s string, base *url.URL) Cleaned {
	return cleanHTML(s, base, true)
}

// cleanHTML is CleanHTML; with markLinks false, links are neither numbered
// nor collected (for titles).
func cleanHTML(s string, base *url.URL, markLinks bool) Cleaned {
	if !looksLikeHTML(s) {
		return Cleaned{Text: cleanPlain(s)}
	}
	nodes, fb, err := parseFragment(s)
	if err != nil {
		return Cleaned{Text: cleanPlain(s)}
	}
	w := &textWriter{base: base, noLinks: !markLinks}
	// The text is rarely longer than the markup it comes from (tags and
	// entities shrink to nothing); one allocation up front saves the
	// builder's doublings.
	w.b.Grow(len(s))
	for _, n := range nodes {
		w.walk(n)
	}
	c := Cleaned{Text: w.text(), Links: w.links, Dir: outermostDir(nodes)}
	if fb != nil {
		fb.release()
	}
	return c
}

// looksLikeHTML reports whether s has a tag, a comment or a character
// reference: anything that needs an HTML parser.
func looksLikeHTML(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '<':
			if i+1 < len(s) {
				c := s[i+1]
				if c == '/' || c == '!' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
					return true
				}
			}
		case '&':
			if e := strings.IndexByte(s[i:min(len(s), i+40)], ';'); e > 1 {
				ref := s[i : i+e+1]
				if html.UnescapeString(ref) != ref {
					return true
				}
			}
		}
	}
	return false
}

// cleanPlain tidies plain text: CR LF and CR become LF, trailing spaces on
// lines are removed, runs of blank lines collapse to one, and the ends are
// trimmed.
func cleanPlain(s string) string {
	if s == "" || isTidyPlain(s) {
		return s
	}
	return cleanPlainLines(s)
}

// cleanPlainLines is cleanPlain without the shortcut for tidy text.
func cleanPlainLines(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	var b strings.Builder
	blank := 0
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if strings.TrimSpace(l) == "" {
			blank++
			continue
		}
		if b.Len() > 0 {
			if blank > 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte('\n')
			}
		}
		blank = 0
		b.WriteString(l)
	}
	return b.String()
}

// isTidyPlain reports whether cleanPlain would return s as is: no CR, no
// line ends in a space or tab, and every blank line (white space only, by
// strings.TrimSpace) is empty, alone and neither first nor last. Each
// blank line is then written back as the "\n\n" it stands for and every
// other line unchanged.
func isTidyPlain(s string) bool {
	return s != "" && strings.IndexByte(s, '\r') < 0 &&
		linesTidy(s, func(l string) bool { return strings.TrimSpace(l) == "" })
}

// linesTidy reports whether no line of s ends in a space or tab and every
// line blank reports blank is empty, alone (not next to another blank
// line) and neither first nor last: the form cleanPlain and text() leave
// unchanged (see isTidyPlain and isTidy).
func linesTidy(s string, blank func(line string) bool) bool {
	prevBlank := true // a blank first line is dropped
	for start := 0; start <= len(s); {
		// The line runs to the next '\n' or, for the last line (empty
		// after a final '\n'), to the end.
		i := strings.IndexByte(s[start:], '\n')
		if i < 0 {
			i = len(s)
		} else {
			i += start
		}
		l := s[start:i]
		start = i + 1
		if l == "" {
			if prevBlank {
				return false
			}
			prevBlank = true
			continue
		}
		if l[len(l)-1] == ' ' || l[len(l)-1] == '\t' || blank(l) {
			return false
		}
		prevBlank = false
	}
	return !prevBlank // a blank last line is dropped
}

// outermostDir returns the dir attribute of the first top-level element when
// nothing but white space and comments precede it.
func outermostDir(nodes []*html.Node) string {
	for _, n := range nodes {
		switch n.Type {
		case html.CommentNode:
			continue
		case html.TextNode:
			if strings.TrimSpace(n.Data) == "" {
				continue
			}
			return ""
		case html.ElementNode:
			for _, a := range n.Attr {
				if a.Namespace == "" && a.Key == "dir" {
					switch d := strings.ToLower(strings.TrimSpace(a.Val)); d {
					case "rtl", "ltr":
						return d
					}
				}
			}
			return ""
		}
	}
	return ""
}

type listState struct {
	ordered bool
	n       int
}

// textWriter lays out text with pending breaks: a break is written only
// when text follows it, so empty elements and leading or trailing blocks
// leave no stray blank lines.
type textWriter struct {
	b         strings.Builder
	pendingNL int  // newlines owed before the next text (0, 1 or 2)
	space     bool // a space is owed before the next text on this line
	lineStart bool // nothing written on the current line yet
	quote     int  // blockquote depth
	pre       int  // inside <pre>
	lists     []listState
	cell      int // table cell index in the current row

	base    *url.URL
	noLinks bool
	links   []Link
	linkNum map[string]int // number of each URL in links; built once links outgrow a linear search
}

// text returns the laid-out text with trailing white space removed from
// every line and runs of blank lines (from empty preformatted lines or
// nested blocks) collapsed to one.
func (w *textWriter) text() string {
	s := w.b.String()
	if isTidy(s) {
		return s
	}
	return tidyLines(s)
}

// tidyLines is text() without the shortcut for tidy text.
func tidyLines(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := false
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if strings.TrimRight(l, "> ") == "" {
			blank = true
			continue
		}
		if blank && len(out) > 0 {
			out = append(out, "")
		}
		blank = false
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// isTidy reports whether text() would return s as is: no line ends in a
// space or tab, and every blank line (empty, or only '>' and spaces) is
// empty, alone (not next to another blank line) and neither first nor
// last. text() then trims nothing, keeps every line and writes each blank
// line back as the one empty line it collapses to, so the split lines join
// back to s.
func isTidy(s string) bool {
	return linesTidy(s, func(l string) bool { return strings.TrimRight(l, "> ") == "" })
}

// block asks for n newlines (1: new line, 2: new paragraph) before the next
// text.
func (w *textWriter) block(n int) {
	if n > w.pendingNL {
		w.pendingNL = n
	}
	w.space = false
}

// flush writes owed breaks and the line prefix before new text.
func (w *textWriter) flush() {
	if w.b.Len() == 0 {
		w.pendingNL = 0
		w.space = false
		if !w.lineStart {
			w.lineStart = true
		}
		w.writePrefix()
		return
	}
	if w.pendingNL > 0 {
		for i := 0; i < w.pendingNL; i++ {
			w.b.WriteByte('\n')
		}
		w.pendingNL = 0
		w.space = false
		w.writePrefix()
		return
	}
	if w.space {
		w.b.WriteByte(' ')
		w.space = false
	}
}

func (w *textWriter) writePrefix() {
	for i := 0; i < w.quote; i++ {
		w.b.WriteString("> ")
	}
	w.lineStart = true
}

// write writes a run of visible text (no newlines).
func (w *textWriter) write(s string) {
	if s == "" {
		return
	}
	w.flush()
	w.b.WriteString(s)
	w.lineStart = false
}

// writeCollapsed writes text from a text node outside <pre>, collapsing runs
// of HTML white space (space, tab, LF, FF, CR) into one space.
//
// Words are written in runs: once a word is written, the next word of the
// same node always gets exactly one owed space (nothing between them can
// owe a break), so words separated by a single ' ' are copied as one
// string, which is what writing them one by one would produce.
func (w *textWriter) writeCollapsed(s string) {
	w.collapse(s, len(s) >= 32 && singleSpaced(s))
}

// collapse is writeCollapsed; simple says s is singleSpaced. In such a
// text a word run goes from its first byte to the end, or to a final
// space: collapse finds that without the byte loop (singleSpaced's
// searches are vectorized; for short texts the loop is as fast).
func (w *textWriter) collapse(s string, simple bool) {
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && isHTMLSpace(s[j]) {
			j++
		}
		// The state tested here does not change within a run of white
		// space, so testing it once per run is testing it per character.
		if j > i && !w.lineStart && w.pendingNL == 0 && w.b.Len() > 0 {
			w.space = true
		}
		if j == len(s) {
			return
		}
		k := j
		if simple {
			k = len(s)
			if s[k-1] == ' ' {
				k-- // j < k: s[j] is not a space
			}
		}
		for k < len(s) {
			if !isHTMLSpace(s[k]) {
				k++
				continue
			}
			if s[k] == ' ' && k+1 < len(s) && !isHTMLSpace(s[k+1]) {
				k += 2
				continue
			}
			break
		}
		w.write(s[j:k])
		i = k
	}
}

// singleSpaced reports whether the only HTML white space in s is single
// spaces (no tab, LF, FF or CR, no two spaces in a row).
func singleSpaced(s string) bool {
	// One pass, eight bytes at a time (it was four byte searches and a
	// search for "  ", each over all of s): a word with a byte below 0x20
	// is looked at byte by byte for the four white-space controls; two
	// spaces in a row within the word or across its start fail
	// (doubleSpace).
	i := 0
	prevSpace := false
	for ; i+8 <= len(s); i += 8 {
		w := load64(s, i)
		if (w-0x20*swarOnes)&^w&swarHigh != 0 {
			for _, c := range []byte(s[i : i+8]) {
				if c == '\n' || c == '\t' || c == '\r' || c == '\f' {
					return false
				}
			}
		}
		var double bool
		if double, prevSpace = doubleSpace(w, prevSpace); double {
			return false
		}
	}
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\n' || c == '\t' || c == '\r' || c == '\f':
			return false
		case c == ' ' && i > 0 && s[i-1] == ' ':
			return false
		}
	}
	return true
}

// isHTMLSpace reports whether c is HTML white space (space, tab, LF, FF,
// CR), the characters writeCollapsed collapses.
func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// writePre writes preformatted text, keeping its white space and line
// breaks (each new line gets the blockquote prefix).
func (w *textWriter) writePre(s string) {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			w.b.WriteByte('\n')
			w.writePrefix()
		}
		if line != "" {
			if w.b.Len() == 0 || w.pendingNL > 0 || w.space {
				w.flush()
			}
			w.b.WriteString(line)
			w.lineStart = false
		}
	}
}

// isSkipped reports whether a is an element whose content is never shown.
func isSkipped(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template,
		atom.Head, atom.Title, atom.Meta, atom.Link,
		atom.Iframe, atom.Object, atom.Embed, atom.Svg,
		atom.Math, atom.Canvas, atom.Audio, atom.Video,
		atom.Input, atom.Select, atom.Textarea, atom.Button,
		atom.Map, atom.Frameset:
		return true
	}
	return false
}

// isParagraph reports whether a is a block element separated by a blank
// line; isLine whether it is a block element that starts a new line.
func isParagraph(a atom.Atom) bool {
	switch a {
	case atom.P, atom.H1, atom.H2, atom.H3, atom.H4,
		atom.H5, atom.H6, atom.Blockquote, atom.Pre,
		atom.Table, atom.Figure, atom.Hr, atom.Address,
		atom.Details, atom.Fieldset, atom.Dl:
		return true
	}
	return false
}

func isLine(a atom.Atom) bool {
	switch a {
	case atom.Div, atom.Section, atom.Article, atom.Header,
		atom.Footer, atom.Main, atom.Nav, atom.Aside,
		atom.Dt, atom.Dd, atom.Figcaption, atom.Caption,
		atom.Summary, atom.Form, atom.Center, atom.Hgroup,
		atom.Tbody, atom.Thead, atom.Tfoot:
		return true
	}
	return false
}

// linearLinks is how many links addLink searches linearly before it
// indexes them in a map.
const linearLinks = 8

func (w *textWriter) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		if w.pre > 0 {
			w.writePre(n.Data)
		} else {
			w.writeCollapsed(n.Data)
		}
		return
	case html.ElementNode:
	case html.DocumentNode:
		w.children(n)
		return
	default:
		return
	}
	if isSkipped(n.DataAtom) || n.Namespace == "svg" || n.Namespace == "math" {
		return
	}
	switch a := n.DataAtom; {
	case a == atom.Br:
		if w.b.Len() > 0 {
			w.pendingNL = min(w.pendingNL+1, 2)
			w.space = false
		}
		return
	case a == atom.Img:
		if alt := strings.Join(strings.Fields(attr(n, "alt")), " "); alt != "" {
			w.write(alt)
		}
		return
	case a == atom.A:
		w.children(n)
		if w.noLinks {
			return
		}
		if num := w.addLink(attr(n, "href"), n); num > 0 {
			w.flush()
			w.b.WriteByte('[')
			var buf [20]byte
			w.b.Write(strconv.AppendInt(buf[:0], int64(num), 10))
			w.b.WriteByte(']')
			w.lineStart = false
		}
		return
	case a == atom.Ul || a == atom.Ol || a == atom.Menu:
		if len(w.lists) > 0 {
			w.block(1)
		} else {
			w.block(2)
		}
		ls := listState{ordered: a == atom.Ol}
		if s, err := strconv.Atoi(attr(n, "start")); err == nil && ls.ordered {
			ls.n = s - 1
		}
		w.lists = append(w.lists, ls)
		w.children(n)
		w.lists = w.lists[:len(w.lists)-1]
		if len(w.lists) > 0 {
			w.block(1)
		} else {
			w.block(2)
		}
		return
	case a == atom.Li:
		w.block(1)
		marker := "• "
		depth := len(w.lists)
		if depth > 0 {
			ls := &w.lists[depth-1]
			if ls.ordered {
				ls.n++
				marker = strconv.Itoa(ls.n) + ". "
			}
		} else {
			depth = 1
		}
		w.flush()
		for range depth - 1 {
			w.b.WriteString("  ")
		}
		w.b.WriteString(marker)
		w.lineStart = true
		w.children(n)
		w.block(1)
		return
	case a == atom.Blockquote:
		w.block(2)
		w.quote++
		w.children(n)
		w.quote--
		w.block(2)
		return
	case a == atom.Pre:
		w.block(2)
		w.pre++
		w.children(n)
		w.pre--
		w.block(2)
		return
	case a == atom.Tr:
		w.block(1)
		w.cell = 0
		w.children(n)
		w.block(1)
		return
	case a == atom.Td || a == atom.Th:
		if w.cell > 0 {
			w.space = false
			w.write(" |")
			w.space = true
		}
		w.cell++
		w.children(n)
		return
	case isParagraph(a):
		w.block(2)
		w.children(n)
		w.block(2)
		return
	case isLine(a):
		w.block(1)
		w.children(n)
		w.block(1)
		return
	}
	w.children(n)
}

func (w *textWriter) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
}

// addLink records the link target href (resolved against the base) and
// returns its 1-based number, or 0 when it is not an http(s) link or only
// a fragment ("#top", a place in the same document).
func (w *textWriter) addLink(href string, n *html.Node) int {
	if strings.HasPrefix(strings.TrimSpace(href), "#") {
		return 0
	}
	u := cleanURL(w.base, href)
	if !isWebURL(u) {
		return 0
	}
	if w.linkNum != nil {
		if num, ok := w.linkNum[u]; ok {
			return num
		}
	} else {
		// Few links: a linear search finds the same number (URLs in
		// links are unique) without building a map.
		for i, l := range w.links {
			if l.URL == u {
				return i + 1
			}
		}
	}
	w.links = append(w.links, Link{Text: nodeText(n), URL: u})
	if w.linkNum == nil && len(w.links) > linearLinks {
		w.linkNum = make(map[string]int, 2*len(w.links))
		for i, l := range w.links {
			w.linkNum[l.URL] = i + 1
		}
	} else if w.linkNum != nil {
		w.linkNum[u] = len(w.links)
	}
	return len(w.links)
}

// nodeText returns the visible text inside n on one line (images count as
// their alt text): its words (runs of non-white-space by unicode.IsSpace)
// joined by single spaces, as strings.Join(strings.Fields(text), " ") would
// give, written in one pass.
func nodeText(n *html.Node) string {
	// A link holding only text already in that form (the common case) is
	// its own text: no copy.
	if t := n.FirstChild; t != nil && t.NextSibling == nil && t.Type == html.TextNode && isFieldsJoined(t.Data) {
		return t.Data
	}
	var c wordCollector
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			c.add(n.Data)
		case html.ElementNode:
			if isSkipped(n.DataAtom) {
				return
			}
			if n.DataAtom == atom.Img {
				c.add(attr(n, "alt"))
			}
			for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
				rec(ch)
			}
		}
	}
	rec(n)
	return c.b.String()
}

// isFieldsJoined reports whether strings.Join(strings.Fields(s), " ") is s:
// s has no white space (by unicode.IsSpace) but single ' ' between other
// characters.
func isFieldsJoined(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' && s[i+1] == ' ' || c != ' ' && asciiSpace[c] {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return false
		}
		i += size
	}
	return true
}

// asciiSpace[c] is unicode.IsSpace(rune(c)) for ASCII c.
var asciiSpace = [utf8.RuneSelf]bool{' ': true, '\t': true, '\n': true, '\v': true, '\f': true, '\r': true}

// wordCollector joins the words of the strings added to it by single
// spaces. Pieces are separated as if by white space (as if each piece
// ended in a space), so a word never continues into the next piece.
type wordCollector struct {
	b       strings.Builder
	pending bool // a separator is owed before the next word
}

func (c *wordCollector) add(s string) {
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if unicode.IsSpace(r) {
			c.pending = true
			i += size
			continue
		}
		if c.pending && c.b.Len() > 0 {
			c.b.WriteByte(' ')
		}
		c.pending = false
		// Copy the original bytes (an invalid byte stays as it is, as
		// strings.Fields keeps it).
		c.b.WriteString(s[i : i+size])
		i += size
	}
	c.pending = true
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

// resolveURL returns ref resolved against base (RFC 3986 §5), with
// surrounding white space removed; ref unchanged when base is nil or ref
// cannot be parsed.
func resolveURL(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	if isPlainWebURL(ref) {
		return ref
	}
	return parseResolve(base, ref)
}

// parseResolve is resolveURL for a trimmed, non-empty ref, by net/url.
func parseResolve(base *url.URL, ref string) string {
	u, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	if base == nil || u.IsAbs() {
		return u.String()
	}
	return base.ResolveReference(u).String()
}

// isPlainWebURL reports whether ref is an absolute http or https URL that
// net/url reads and writes back unchanged, so that resolveURL can return it
// without parsing: a lower-case "http://" or "https://", a host of ASCII
// letters, digits, '.' and '-' (no user info, no port, no IPv6 literal),
// then a path, a query and a fragment of unreserved characters (RFC 3986
// §2.3), '/' and percent escapes, the query also of the sub-delimiters
// and ":@/?" (net/url keeps a query verbatim). Such a URL is absolute, so
// the base is never used; its host and path are left alone by net/url's
// unescaping and escaping (an escape net/url would write differently is
// kept as given through RawPath/RawFragment); and a URL it cannot parse
// would be returned as it is too. An empty fragment ("…#") is excluded:
// net/url drops the '#'.
func isPlainWebURL(ref string) bool {
	var i int
	switch {
	case strings.HasPrefix(ref, "https://"):
		i = len("https://")
	case strings.HasPrefix(ref, "http://"):
		i = len("http://")
	default:
		return false
	}
	hostStart := i
	for i < len(ref) {
		c := ref[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' {
			i++
			continue
		}
		break
	}
	if i == hostStart {
		return false
	}
	const (
		inPath = iota
		inQuery
		inFragment
	)
	part := inPath
	if i < len(ref) && ref[i] != '/' && ref[i] != '?' && ref[i] != '#' {
		return false
	}
	for ; i < len(ref); i++ {
		c := ref[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9',
			c == '-' || c == '.' || c == '_' || c == '~' || c == '/':
		case c == '%':
			if i+2 >= len(ref) || !isHex(ref[i+1]) || !isHex(ref[i+2]) {
				return false
			}
			i += 2
		case c == '?':
			if part == inFragment {
				return false
			}
			part = inQuery
		case c == '#':
			if part == inFragment || i == len(ref)-1 {
				return false
			}
			part = inFragment
		case part == inQuery && strings.IndexByte("!$&'()*+,;=:@", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// isWebURL reports whether u is an absolute http or https URL.
func isWebURL(u string) bool {
	low := strings.ToLower(u)
	return strings.HasPrefix(low, "http://") || strings.HasPrefix(low, "https://")
}
