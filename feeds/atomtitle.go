package feeds

import "strings"

// Atom says what kind of text a <title> holds with its type attribute (RFC
// 4287 §3.1.1): "text" (the default), "html" (escaped HTML) or "xhtml" (an
// XHTML div); Atom 0.3 used MIME types ("text/plain", "text/html",
// "application/xhtml+xml"). gofeed's Atom parser reads the attribute to decode
// the title but does not keep it, and an HTML title after its XML decoding is
// still HTML: "Q&amp;amp;A" in the document is the HTML "Q&amp;A", the text
// "Q&A". atomTitles recovers the types with a light scan of the document
// gofeed parsed, so that each title is decoded exactly as its type says.

// atomTitles records which titles of an Atom document are HTML.
type atomTitles struct {
	feed    bool   // the feed's own <title>
	entries []bool // each entry's <title>, in document order
	ok      bool   // the document was scanned
}

// entry reports whether the title of entry i is HTML; false when unknown.
func (t atomTitles) entry(i int) bool {
	return i < len(t.entries) && t.entries[i]
}

// atomNamespaces are the namespace names of Atom 1.0 and Atom 0.3, whose
// elements gofeed reads as Atom (with the empty namespace).
var atomNamespaces = map[string]bool{
	"http://www.w3.org/2005/Atom": true,
	"http://purl.org/atom/ns#":    true,
}

// isHTMLTextType reports whether an Atom text construct's type attribute
// value says HTML or XHTML (RFC 4287 §3.1.1; Atom 0.3 MIME types).
func isHTMLTextType(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "html", "xhtml", "text/html", "application/xhtml+xml":
		return true
	}
	return false
}

// scanAtomTitles finds the type of the feed's title and of each entry's
// title in doc, an Atom document as prepared for gofeed (see fixMarkup and
// repairXML): the children of the root element named title (local name,
// any case, as gofeed matches them) and the title children of its entry
// children. An element counts when it has no prefix or a prefix bound to an
// Atom namespace; comments, CDATA sections, processing instructions and
// declarations are skipped. When an element has several titles the last
// one counts, as in gofeed. It is linear in len(doc) and never fails: text
// it cannot read ends the scan with what was found so far.
func scanAtomTitles(doc string) atomTitles {
	t := atomTitles{ok: true}
	var (
		stack    []string // local names of the open elements, lower case
		atomPfx  = map[string]bool{}
		inEntry  = -1 // index of the entry being read, -1 outside entries
		entryTop = 0  // stack depth of that entry
	)
	for i := 0; i < len(doc); {
		lt := strings.IndexByte(doc[i:], '<')
		if lt < 0 {
			break
		}
		i += lt
		rest := doc[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			i = skipPast(doc, i+4, "-->")
			continue
		case strings.HasPrefix(rest, "<![CDATA["):
			i = skipPast(doc, i+9, "]]>")
			continue
		case strings.HasPrefix(rest, "<?"):
			i = skipPast(doc, i+2, "?>")
			continue
		case strings.HasPrefix(rest, "<!"):
			i = skipPast(doc, i+2, ">")
			continue
		case strings.HasPrefix(rest, "</"):
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
				if inEntry >= 0 && len(stack) < entryTop {
					inEntry = -1
				}
			}
			i = skipPast(doc, i+2, ">")
			continue
		}
		tag, end, selfClosing := readStartTag(doc, i)
		if end < 0 {
			break
		}
		i = end
		if tag.name == "" {
			continue
		}
		for _, a := range tag.attrs {
			if p, ok := strings.CutPrefix(a.name, "xmlns:"); ok && atomNamespaces[strings.TrimSpace(a.value)] {
				atomPfx[p] = true
			}
		}
		prefix, local, hasPrefix := strings.Cut(tag.name, ":")
		if !hasPrefix {
			local, prefix = prefix, ""
		}
		local = strings.ToLower(local)
		isAtom := prefix == "" || atomPfx[prefix]
		if xmlns, ok := tag.attr("xmlns"); ok && prefix == "" && strings.TrimSpace(xmlns) != "" && !atomNamespaces[strings.TrimSpace(xmlns)] {
			isAtom = false
		}
		depth := len(stack)
		switch {
		case !isAtom:
		case depth == 1 && local == "entry":
			t.entries = append(t.entries, false)
			if !selfClosing {
				inEntry, entryTop = len(t.entries)-1, depth+1
			}
		case depth == 1 && local == "title":
			typ, _ := tag.attr("type")
			t.feed = isHTMLTextType(typ)
		case depth == 2 && inEntry >= 0 && local == "title":
			typ, _ := tag.attr("type")
			t.entries[inEntry] = isHTMLTextType(typ)
		}
		if !selfClosing {
			stack = append(stack, local)
		}
	}
	return t
}

// skipPast returns the offset just after the first term at or after from,
// or len(s) when there is none.
func skipPast(s string, from int, term string) int {
	if from > len(s) {
		return len(s)
	}
	if e := strings.Index(s[from:], term); e >= 0 {
		return from + e + len(term)
	}
	return len(s)
}

type xmlAttr struct{ name, value string }

type startTag struct {
	name  string
	attrs []xmlAttr
}

func (t startTag) attr(name string) (string, bool) {
	for _, a := range t.attrs {
		if a.name == name {
			return a.value, true
		}
	}
	return "", false
}

// readStartTag reads the start tag at s[i] ('<' followed by a name) with
// its attributes (values as written, entities not decoded). It returns the
// offset after the tag's '>' and whether it ends with "/>"; end is -1 when
// the tag never ends. A '<' not followed by a name gives an empty name.
func readStartTag(s string, i int) (tag startTag, end int, selfClosing bool) {
	j := i + 1
	for j < len(s) && isNameByte(s[j]) {
		j++
	}
	if j == i+1 {
		return startTag{}, i + 1, false
	}
	tag.name = s[i+1 : j]
	for j < len(s) {
		for j < len(s) && isSpaceByte(s[j]) {
			j++
		}
		if j >= len(s) {
			break
		}
		switch s[j] {
		case '>':
			return tag, j + 1, false
		case '/':
			if j+1 < len(s) && s[j+1] == '>' {
				return tag, j + 2, true
			}
			j++
			continue
		}
		k := j
		for k < len(s) && isNameByte(s[k]) {
			k++
		}
		if k == j {
			j++ // a stray character inside the tag
			continue
		}
		name := s[j:k]
		for k < len(s) && isSpaceByte(s[k]) {
			k++
		}
		if k >= len(s) || s[k] != '=' {
			tag.attrs = append(tag.attrs, xmlAttr{name: name})
			j = k
			continue
		}
		k++
		for k < len(s) && isSpaceByte(s[k]) {
			k++
		}
		if k >= len(s) {
			break
		}
		if q := s[k]; q == '"' || q == '\'' {
			e := strings.IndexByte(s[k+1:], q)
			if e < 0 {
				return tag, -1, false
			}
			tag.attrs = append(tag.attrs, xmlAttr{name: name, value: s[k+1 : k+1+e]})
			j = k + 1 + e + 1
			continue
		}
		v := k
		for v < len(s) && !isSpaceByte(s[v]) && s[v] != '>' {
			v++
		}
		tag.attrs = append(tag.attrs, xmlAttr{name: name, value: s[k:v]})
		j = v
	}
	return tag, -1, false
}
