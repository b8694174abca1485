package feeds

import (
	"strings"
)

// Limits on the shape of a feed document, checked before it is parsed. The
// size limits (Config.MaxBodyBytes, MaxDecodedBytes) bound the bytes, not
// what a parser builds from them: gofeed and the item conversion take
// about 1.3 KB per item and up to 1.5 KB per nested extension element, so
// 14 MB of "<item/>" took 2.7 GB and 21 s, 6 MB of JSON "{}" items 1.9 GB,
// and 18 MB of nested namespaced elements 1.8 GB. Real feeds are far below
// these limits (the largest in ../shared/corpus has a few thousand items
// and a nesting depth under 30).
const (
	// MaxItems is the most items (RSS <item>, Atom <entry>, JSON Feed
	// items) a document may have.
	MaxItems = 100_000
	// MaxElements is the most XML elements a document may have.
	MaxElements = 1_000_000
	// MaxDepth is the deepest XML elements may nest.
	MaxDepth = 1024
)

// checkXMLShape scans an XML document and returns an ErrTooLarge error when
// it has more than MaxItems item or entry elements (with any namespace
// prefix), more than MaxElements elements or elements nested deeper than
// MaxDepth; else nil. Comments, CDATA sections, processing instructions and
// declarations are skipped and quoted attribute values are not read as
// markup, as an XML parser does; an end tag closes one level whatever its
// name. It is linear in len(doc) and allocates nothing.
func checkXMLShape(doc string) error {
	depth, elements, items := 0, 0, 0
	for i := 0; i < len(doc); {
		j := strings.IndexByte(doc[i:], '<')
		if j < 0 || i+j+1 >= len(doc) {
			return nil
		}
		i += j + 1
		c := doc[i]
		switch {
		case c == '!' || c == '?':
			end := ">"
			switch {
			case strings.HasPrefix(doc[i:], "!--"):
				end = "-->"
			case strings.HasPrefix(doc[i:], "![CDATA["):
				end = "]]>"
			case c == '?':
				end = "?>"
			}
			k := strings.Index(doc[i:], end)
			if k < 0 {
				return nil
			}
			i += k + len(end)
		case c == '/':
			if depth > 0 {
				depth--
			}
			i++
		case isNameStartByte(c):
			k := i
			for k < len(doc) && isNameByte(doc[k]) {
				k++
			}
			name := doc[i:k]
			if p := strings.LastIndexByte(name, ':'); p >= 0 {
				name = name[p+1:]
			}
			if name == "item" || name == "entry" {
				items++
			}
			elements++
			// The end of the tag, past quoted attribute values.
			for k < len(doc) && doc[k] != '>' {
				if q := doc[k]; q == '"' || q == '\'' {
					e := strings.IndexByte(doc[k+1:], q)
					if e < 0 {
						return nil
					}
					k += e + 1
				}
				k++
			}
			if k >= len(doc) || doc[k-1] != '/' {
				depth++
			}
			switch {
			case items > MaxItems:
				return newErrorf(ErrTooLarge, "feed has more than %d items", MaxItems)
			case elements > MaxElements:
				return newErrorf(ErrTooLarge, "document has more than %d elements", MaxElements)
			case depth > MaxDepth:
				return newErrorf(ErrTooLarge, "elements nested deeper than %d levels", MaxDepth)
			}
			i = k
		}
	}
	return nil
}

// checkJSONItems returns an ErrTooLarge error when the JSON array items
// (the raw "items" member of a JSON Feed) has more than MaxItems elements.
// It counts the commas at the array's top level, outside strings, without
// decoding anything.
func checkJSONItems(items []byte) error {
	depth, n := 0, 0
	inString, escaped, empty := false, false, true
	for _, c := range items {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
		case c == ',' && depth == 1:
			n++
		}
		if depth >= 1 && c != '[' && c != ' ' && c != '\n' && c != '\t' && c != '\r' {
			empty = false
		}
	}
	if !empty {
		n++
	}
	if n > MaxItems {
		return newErrorf(ErrTooLarge, "feed has more than %d items", MaxItems)
	}
	return nil
}
