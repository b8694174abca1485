package feeds

import (
	"bytes"
	"encoding/xml"
	"errors"
	"html"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file turns a decoded document into XML that gofeed's non-strict
// encoding/xml decoder reads the way a forgiving reader (and the HTML
// parsers feeds are written for) would, and recovers the complete items of a
// document whose XML is cut off or broken.

// cleanChars returns s with every byte that is not valid UTF-8 replaced by
// U+FFFD, and the characters XML 1.0 §2.2 forbids removed: C0 controls other
// than tab, LF and CR, and the noncharacters U+FFFE and U+FFFF. An escape
// sequence introduced by ESC is removed whole (as SanitizeText would, but
// never past a '<'), so that its parameters do not survive as text once the
// ESC is gone. A byte order mark (U+FEFF) at the start is removed too.
func cleanChars(s string) string {
	s = strings.TrimPrefix(s, "\uFEFF")
	if charsClean(s) {
		return s
	}
	return cleanCharsCopy(s)
}

// cleanCharsCopy is cleanChars, after the byte order mark, without the
// shortcut for a clean document.
func cleanCharsCopy(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			if c == 0x1b {
				i = skipEscape(s, i+1, true)
				continue
			}
			if c >= 0x20 || c == '\t' || c == '\n' || c == '\r' {
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError)
		case r == 0xFFFE || r == 0xFFFF:
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// charsClean reports whether cleanChars has nothing to change in s: it is
// valid UTF-8 with no C0 control but tab, LF and CR (so no ESC either) and
// no U+FFFE or U+FFFF. The loop of cleanChars would copy every byte and
// every rune of such a string as it is.
//
// It tests bytes: in valid UTF-8, U+FFFE and U+FFFF are the only runes
// encoded as EF BF BE and EF BF BF, and a byte below 0x20 is always that
// control character.
//
// Such text is what encoding/xml reads without change or error: the fast
// feed readers (fastRSS, fastAtom) rely on it of every document, which
// cleanChars has made so.
func charsClean(s string) bool {
	// One pass tests the characters and the UTF-8 validity together (in
	// valid UTF-8 a byte below 0x20 is that control character and U+FFFE
	// and U+FFFF are the only runes encoded as EF BF BE and EF BF BF, so
	// testing runes is testing those bytes). A word of eight printable
	// ASCII bytes needs no byte test.
	for i := 0; i < len(s); {
		if i+8 <= len(s) && printableASCII8(load64(s, i)) {
			i += 8
			continue
		}
		// Byte by byte up to the next word (a rune may end past it).
		for end := min(i+8, len(s)); i < end; {
			c := s[i]
			if c < utf8.RuneSelf {
				if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
					return false
				}
				i++
				continue
			}
			// A lead byte C2–DF and a continuation byte are a valid two-byte
			// rune (U+0080–U+07FF), never U+FFFE or U+FFFF.
			if n := twoByteRun(s, i, 0xC2); n > i {
				i = n
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF {
				return false
			}
			i += size
		}
	}
	return true
}

// feedRoots are the start tags of the root elements of RSS 0.9x/2.0, RSS 1.0
// (RDF) and Atom documents, lower case, as searched for when text precedes
// the document.
var feedRoots = []string{"<rss", "<feed", "<rdf:rdf", "<channel"}

// skipJunk removes text that precedes the document: white space, and a
// server's warning or other junk printed before the XML declaration or the
// feed's root element. Comments, processing instructions and a DOCTYPE before
// the root are not junk but are not needed either, so cutting at the root is
// safe.
func skipJunk(s string) string {
	t := strings.TrimLeft(s, " \t\r\n")
	if strings.HasPrefix(t, "<?xml") || strings.HasPrefix(t, "{") {
		return t
	}
	if kind, _ := sniffRoot(t); kind == rootRSS || kind == rootAtom || kind == rootChannel || kind == rootEntry {
		return t
	}
	low := asciiLower(t[:min(len(t), 1<<16)])
	rootIdx := -1
	for _, r := range feedRoots {
		for off := 0; ; {
			i := strings.Index(low[off:], r)
			if i < 0 {
				break
			}
			i += off
			if e := i + len(r); e < len(low) && (isSpaceByte(low[e]) || low[e] == '>' || low[e] == '/') {
				if rootIdx < 0 || i < rootIdx {
					rootIdx = i
				}
				break
			}
			off = i + 1
		}
	}
	declIdx := strings.Index(low, "<?xml")
	switch {
	case declIdx >= 0 && (rootIdx < 0 || declIdx < rootIdx):
		return t[declIdx:]
	case rootIdx > 0:
		return t[rootIdx:]
	}
	return t
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

type rootKind int

const (
	rootUnknown rootKind = iota
	rootRSS              // <rss> or <rdf:RDF>
	rootAtom             // <feed>
	rootChannel          // a bare <channel>, wrapped in <rss> before parsing
	rootEntry            // an Atom entry document (RFC 4287 §4.1.2), wrapped in <feed>
	rootHTML             // <html> or <!DOCTYPE html>
	rootOPML             // <opml>
	rootNone             // no element at all
)

// sniffRoot returns the kind and (lower-case, prefix-less) name of the
// document's first element, skipping white space, the XML declaration,
// processing instructions, comments and a DOCTYPE. A DOCTYPE naming html
// makes the document HTML.
func sniffRoot(s string) (rootKind, string) {
	i := 0
	htmlDoctype := false
	for i < len(s) {
		for i < len(s) && (isSpaceByte(s[i]) || s[i] == 0xEF && strings.HasPrefix(s[i:], "\uFEFF")) {
			if s[i] == 0xEF {
				i += 3
			} else {
				i++
			}
		}
		if i >= len(s) {
			break
		}
		if s[i] != '<' {
			return rootUnknown, ""
		}
		rest := s[i:]
		switch {
		case strings.HasPrefix(rest, "<?"):
			e := strings.Index(rest, "?>")
			if e < 0 {
				return rootNone, ""
			}
			i += e + 2
		case strings.HasPrefix(rest, "<!--"):
			e := strings.Index(rest[4:], "-->")
			if e < 0 {
				return rootNone, ""
			}
			i += 4 + e + 3
		case len(rest) >= 9 && strings.EqualFold(rest[:9], "<!DOCTYPE"):
			name := strings.TrimLeft(rest[9:], " \t\r\n")
			if len(name) >= 4 && strings.EqualFold(name[:4], "html") &&
				(len(name) == 4 || !isNameByte(name[4])) {
				htmlDoctype = true
			}
			i += skipDoctype(rest)
		case strings.HasPrefix(rest, "<!"):
			e := strings.IndexByte(rest, '>')
			if e < 0 {
				return rootNone, ""
			}
			i += e + 1
		default:
			j := 1
			for j < len(rest) && isNameByte(rest[j]) {
				j++
			}
			name := asciiLower(rest[1:j])
			if k := strings.LastIndexByte(name, ':'); k >= 0 {
				name = name[k+1:]
			}
			switch name {
			case "rss", "rdf":
				return rootRSS, name
			case "feed":
				return rootAtom, name
			case "entry":
				return rootEntry, name
			case "channel":
				return rootChannel, name
			case "opml":
				return rootOPML, name
			}
			if htmlDoctype || htmlRoots[name] {
				return rootHTML, name
			}
			return rootUnknown, name
		}
	}
	if htmlDoctype {
		return rootHTML, ""
	}
	return rootNone, ""
}

// htmlRoots are first elements that make a document an HTML page (also
// pages without <html>, and server error pages).
var htmlRoots = map[string]bool{
	"html": true, "head": true, "body": true, "meta": true, "title": true, "link": true,
	"script": true, "style": true, "div": true, "p": true, "table": true, "center": true,
	"h1": true, "h2": true, "h3": true, "font": true, "b": true, "a": true, "iframe": true,
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == ':' || c == '-' || c == '.' || c >= 0x80
}

func isNameStartByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= 0x80
}

// skipDoctype returns the length of the DOCTYPE declaration at the start of
// s, including an internal subset in brackets (with its quoted strings and
// comments); len(s) when it never ends.
func skipDoctype(s string) int {
	depth := 0
	var quote byte
	for i := 2; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[':
			depth++
		case c == ']':
			if depth > 0 {
				depth--
			}
		case c == '<' && strings.HasPrefix(s[i:], "<!--"):
			e := strings.Index(s[i+4:], "-->")
			if e < 0 {
				return len(s)
			}
			i += 4 + e + 2
		case c == '>' && depth == 0:
			return i + 1
		}
	}
	return len(s)
}

// xmlPredefined are the five entities every XML document declares (XML 1.0
// §4.6).
var xmlPredefined = map[string]bool{"amp": true, "lt": true, "gt": true, "quot": true, "apos": true}

// fixMarkup rewrites the decoded document so that it is well-formed where
// real feeds commonly are not, without changing what a forgiving reader
// would make of it:
//
//   - the XML declaration is replaced by one that names UTF-8 (the text is
//     UTF-8 now);
//   - a DOCTYPE (with any internal subset and entity declarations) is
//     removed: entities it declares are never expanded, so a "billion laughs"
//     document cannot grow, and their references stay visible as text;
//   - HTML named entities XML does not declare (&nbsp;, &ecirc;, … — the
//     HTML5 list, via html.UnescapeString) become numeric character
//     references; other unknown entities and bare '&' become "&amp;", so they
//     read as the literal text they are, as HTML would read them;
//   - numeric character references to U+0000, surrogates, U+FFFE/U+FFFF or
//     beyond U+10FFFF become U+FFFD; those to C0 controls XML forbids are
//     removed; those to U+0080–U+009F are read as windows-1252, as HTML does;
//   - a '<' that cannot start markup ("a < b") becomes "&lt;", and '<' inside
//     an attribute value becomes "&lt;".
//
// Entities are never decoded here, only made well-formed, so that each is
// decoded exactly once later. CDATA sections, comments and processing
// instructions are copied unchanged.
func fixMarkup(s string) string {
	b := docWriter{src: s}
	i := 0
	if strings.HasPrefix(s, "<?xml") && len(s) > 5 && (isSpaceByte(s[5]) || s[5] == '?') {
		e := strings.Index(s, "?>")
		if e < 0 {
			e = strings.IndexByte(s, '>')
			if e < 0 {
				e = len(s) - 2
			}
			e--
		}
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>`)
		i = e + 2
	}
	for i < len(s) {
		c := s[i]
		switch c {
		case '&':
			// The references every document uses for escaped HTML are
			// copied as they are, as writeEntity would copy them (an XML
			// predefined entity name directly followed by ';').
			rest := s[i:]
			if n := predefinedRef(rest); n > 0 {
				b.WriteString(rest[:n])
				i += n
				continue
			}
			i = writeEntity(&b, s, i)
		case '<':
			rest := s[i:]
			switch {
			case strings.HasPrefix(rest, "<![CDATA["):
				n := copyUntil(&b, rest, 9, "]]>")
				i += n
			case strings.HasPrefix(rest, "<!--"):
				i += copyUntil(&b, rest, 4, "-->")
			case len(rest) >= 9 && strings.EqualFold(rest[:9], "<!DOCTYPE"):
				i += skipDoctype(rest)
			case strings.HasPrefix(rest, "<!"):
				// Another markup declaration outside a DTD (<!ENTITY …>,
				// <![if …]>): not XML here; drop it.
				e := strings.IndexByte(rest, '>')
				if e < 0 {
					e = len(rest) - 1
				}
				i += e + 1
			case strings.HasPrefix(rest, "<?"):
				i += copyUntil(&b, rest, 2, "?>")
			case len(rest) > 1 && isNameStartByte(rest[1]),
				len(rest) > 2 && rest[1] == '/' && isNameStartByte(rest[2]):
				i = copyTag(&b, s, i)
			default:
				b.WriteString("&lt;")
				i++
			}
		default:
			// Text up to the next markup or reference is copied as is.
			j := indexMarkup(s, i+1)
			b.WriteString(s[i:j])
			i = j
		}
	}
	return b.String()
}

// docWriter collects fixMarkup's output, which is most often its input
// unchanged: as long as what is written equals the input at the same
// offset, nothing is copied (a piece of the input written back where it
// was compares equal at once), and the output is that prefix of the input;
// from the first difference on, the output is built in a strings.Builder.
// The bytes of the output are the same either way.
type docWriter struct {
	src  string
	n    int  // bytes written while they equal src[:n]
	diff bool // the output differs from src: it is in b
	b    strings.Builder
}

func (w *docWriter) WriteString(p string) {
	if !w.diff {
		if len(p) <= len(w.src)-w.n && w.src[w.n:w.n+len(p)] == p {
			w.n += len(p)
			return
		}
		w.diverge()
	}
	w.b.WriteString(p)
}

func (w *docWriter) WriteByte(c byte) error {
	if !w.diff {
		if w.n < len(w.src) && w.src[w.n] == c {
			w.n++
			return nil
		}
		w.diverge()
	}
	return w.b.WriteByte(c)
}

// diverge moves the output written so far into the builder.
func (w *docWriter) diverge() {
	w.diff = true
	w.b.Grow(len(w.src) + len(w.src)/32)
	w.b.WriteString(w.src[:w.n])
}

func (w *docWriter) String() string {
	if !w.diff {
		return w.src[:w.n]
	}
	return w.b.String()
}

// predefinedRef returns the length of the reference to an XML predefined
// entity ("&lt;", "&gt;", "&amp;", "&quot;", "&apos;") at the start of s,
// or 0 if s does not start with one.
func predefinedRef(s string) int {
	if len(s) < 4 {
		return 0
	}
	switch s[1] {
	case 'l', 'g':
		if s[2] == 't' && s[3] == ';' {
			return 4
		}
	case 'a':
		if strings.HasPrefix(s, "&amp;") {
			return 5
		}
		if strings.HasPrefix(s, "&apos;") {
			return 6
		}
	case 'q':
		if strings.HasPrefix(s, "&quot;") {
			return 6
		}
	}
	return 0
}

// copyUntil copies s[:end of the first term after from] to b and returns the
// number of bytes copied (all of s if term never occurs).
func copyUntil(b *docWriter, s string, from int, term string) int {
	e := strings.Index(s[from:], term)
	if e < 0 {
		b.WriteString(s)
		return len(s)
	}
	n := from + e + len(term)
	b.WriteString(s[:n])
	return n
}

// copyTag copies the start or end tag at s[i] to b, fixing entities and '<'
// in attribute values, and returns the index after it. A tag cut short by a
// '<' outside quotes is closed before it.
func copyTag(b *docWriter, s string, i int) int {
	b.WriteByte('<')
	i++
	var quote byte
	for i < len(s) {
		// A run of bytes the switch below copies one by one as they are
		// (inside quotes: all but the quote, '&' and '<'; outside: all but
		// quotes, '>', '<' and '&') is copied at once: docWriter writes the
		// same bytes either way.
		j := i
		if quote != 0 {
			for j < len(s) && s[j] != quote && s[j] != '&' && s[j] != '<' {
				j++
			}
		} else {
			for j < len(s) && s[j] != '"' && s[j] != '\'' && s[j] != '>' && s[j] != '<' && s[j] != '&' {
				j++
			}
		}
		if j > i {
			b.WriteString(s[i:j])
			if i = j; i == len(s) {
				break
			}
		}
		c := s[i]
		switch {
		case quote != 0 && c == quote:
			quote = 0
			b.WriteByte(c)
		case quote != 0 && c == '&':
			i = writeEntity(b, s, i)
			continue
		case quote != 0 && c == '<':
			b.WriteString("&lt;")
		case quote != 0:
			b.WriteByte(c)
		case c == '"' || c == '\'':
			quote = c
			b.WriteByte(c)
		case c == '>':
			b.WriteByte(c)
			return i + 1
		case c == '<':
			b.WriteByte('>')
			return i
		case c == '&':
			i = writeEntity(b, s, i)
			continue
		default:
			b.WriteByte(c)
		}
		i++
	}
	return i
}

// writeEntity writes the entity or character reference starting at s[i]
// ('&') in well-formed form (see fixMarkup) and returns the index after it.
func writeEntity(b *docWriter, s string, i int) int {
	j := i + 1
	if j < len(s) && s[j] == '#' {
		k := j + 1
		hex := k < len(s) && (s[k] == 'x' || s[k] == 'X')
		if hex {
			k++
		}
		start := k
		for k < len(s) && (s[k] >= '0' && s[k] <= '9' || hex && (s[k] >= 'a' && s[k] <= 'f' || s[k] >= 'A' && s[k] <= 'F')) {
			k++
		}
		if k == start {
			b.WriteString("&amp;")
			return i + 1
		}
		digits := s[start:k]
		end := k
		if k < len(s) && s[k] == ';' {
			end = k + 1
		}
		base := 10
		if hex {
			base = 16
		}
		v, err := strconv.ParseUint(strings.TrimLeft(digits, "0"), base, 32)
		if digits != "" && strings.TrimLeft(digits, "0") == "" {
			v, err = 0, nil
		}
		writeCharRef(b, v, err != nil)
		return end
	}
	k := j
	for k < len(s) && k-j < 40 && (s[k] >= 'a' && s[k] <= 'z' || s[k] >= 'A' && s[k] <= 'Z' || s[k] >= '0' && s[k] <= '9') {
		k++
	}
	if k == j || k >= len(s) || s[k] != ';' {
		b.WriteString("&amp;")
		return i + 1
	}
	name := s[j:k]
	if xmlPredefined[name] {
		b.WriteString(s[i : k+1])
		return k + 1
	}
	ref := s[i : k+1]
	dec := html.UnescapeString(ref)
	if dec == ref {
		b.WriteString("&amp;")
		return i + 1
	}
	for _, r := range dec {
		b.WriteString("&#")
		b.WriteString(strconv.Itoa(int(r)))
		b.WriteByte(';')
	}
	return k + 1
}

// writeCharRef writes a numeric character reference to v, mapped as
// fixMarkup describes.
func writeCharRef(b *docWriter, v uint64, overflow bool) {
	switch {
	case overflow, v == 0, v > utf8.MaxRune, v >= 0xD800 && v <= 0xDFFF, v == 0xFFFE, v == 0xFFFF:
		b.WriteString("&#65533;")
	case v < 0x20 && v != '\t' && v != '\n' && v != '\r':
		// forbidden in XML 1.0; removed like the raw characters
	case v >= 0x80 && v <= 0x9F:
		// HTML's windows-1252 reading of these references.
		for _, r := range html.UnescapeString("&#" + strconv.FormatUint(v, 10) + ";") {
			b.WriteString("&#")
			b.WriteString(strconv.Itoa(int(r)))
			b.WriteByte(';')
		}
	default:
		b.WriteString("&#")
		b.WriteString(strconv.FormatUint(v, 10))
		b.WriteByte(';')
	}
}

// itemElements are the (lower-case, local) names of the elements that hold
// one item.
func isItemElement(local string) bool {
	switch strings.ToLower(local) {
	case "item", "entry":
		return true
	}
	return false
}

// repairXML re-serializes a document that gofeed could not parse into
// well-formed XML, reading it as leniently as encoding/xml's non-strict mode
// allows: end tags that do not match are resolved (the elements they close
// are closed, a stray end tag is dropped), after a syntax error reading
// resumes at the next '<', and at the end every open element is closed. An
// item or entry still open when the document ends (a document cut off in
// the middle of an item) is dropped, so only complete items remain. Comments,
// processing instructions and directives are dropped; CDATA becomes escaped
// text, which gofeed decodes to the same string.
func repairXML(s string) string {
	type open struct {
		name    string // raw, with prefix
		outLen  int    // output length before its start tag
		isEntry bool
	}
	var (
		out   bytes.Buffer
		stack []open
	)
	out.WriteString(`<?xml version="1.0" encoding="UTF-8"?>`)
	rawName := func(n xml.Name) string {
		if n.Space != "" {
			return n.Space + ":" + n.Local
		}
		return n.Local
	}
	pos := 0
	for resyncs := 0; pos < len(s) && resyncs < 10000; resyncs++ {
		d := xml.NewDecoder(strings.NewReader(s[pos:]))
		d.Strict = false
		var err error
		for {
			var tok xml.Token
			tok, err = d.RawToken()
			if err != nil {
				break
			}
			switch t := tok.(type) {
			case xml.StartElement:
				name := rawName(t.Name)
				stack = append(stack, open{name: name, outLen: out.Len(), isEntry: isItemElement(t.Name.Local)})
				out.WriteByte('<')
				out.WriteString(name)
				for _, a := range t.Attr {
					out.WriteByte(' ')
					out.WriteString(rawName(a.Name))
					out.WriteString(`="`)
					_ = xml.EscapeText(&out, []byte(a.Value))
					out.WriteByte('"')
				}
				out.WriteByte('>')
			case xml.EndElement:
				name := rawName(t.Name)
				k := len(stack) - 1
				for k >= 0 && stack[k].name != name {
					k--
				}
				if k < 0 {
					continue // stray end tag
				}
				for len(stack) > k {
					top := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					out.WriteString("</")
					out.WriteString(top.name)
					out.WriteByte('>')
				}
			case xml.CharData:
				if len(stack) > 0 {
					_ = xml.EscapeText(&out, t)
				}
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		// A syntax error: resume at the next '<' after the error, unless
		// the error is the document ending early.
		off := int(d.InputOffset())
		next := -1
		if from := pos + max(off, 1); from < len(s) {
			if n := strings.IndexByte(s[from:], '<'); n >= 0 {
				next = from + n
			}
		}
		if next < 0 {
			break
		}
		pos = next
	}
	// Close what is still open, dropping an unfinished item.
	for k, o := range stack {
		if o.isEntry {
			out.Truncate(o.outLen)
			stack = stack[:k]
			break
		}
	}
	for k := len(stack) - 1; k >= 0; k-- {
		out.WriteString("</")
		out.WriteString(stack[k].name)
		out.WriteByte('>')
	}
	return out.String()
}
