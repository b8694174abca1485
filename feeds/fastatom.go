package feeds

import (
	"strings"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
)

// The Atom side of the fast path (see fastRSS for the idea). fastAtom
// reads Atom 1.0 documents of the common shape with the same byte-level
// scanner and builds what gofeed's atom.Parser and DefaultAtomTranslator
// make of the fields package feeds reads; on anything else it declines and
// the caller runs gofeed.

// atomNamespace is Atom 1.0's namespace (RFC 4287 §2).
const atomNamespace = "http://www.w3.org/2005/Atom"

// fastAtom parses doc, prepared as parseXMLDoc prepares it, when it is an
// Atom 1.0 document of the common shape: an optional XML declaration
// (UTF-8), comments, one <feed> root whose default namespace is Atom 1.0
// with other namespace prefixes declared on it only, entries in it, every
// element well formed and balanced, no DOCTYPE, no xml:base, no prefixed
// Atom elements but <link> (see atomName), no <source> in entries, text
// constructs of type text, html or xhtml (see atomText) and dates in
// layouts gofeedDate knows. It returns the feed's Title, Link, Language
// and Items, and of each item GUID, Title, Link, Links, Author, Content,
// Description, Enclosures, PublishedParsed and UpdatedParsed, equal to
// what parseGofeed returns for them. ok is false when the document is
// anything else: the caller must then use gofeed.
func fastAtom(doc string) (feed *gofeed.Feed, ok bool) {
	if hasXMLBase(doc) {
		return nil, false
	}
	z := &rssScan{s: doc, atom: true}
	if !z.prolog() {
		return nil, false
	}
	name, attrs, empty, ok := z.startTag()
	if !ok || name != "feed" || empty {
		return nil, false
	}
	feed = &gofeed.Feed{Items: []*gofeed.Item{}}
	if feed.Language, ok = z.atomRoot(attrs); !ok {
		return nil, false
	}
	// gofeed's translator: the feed's link is its first link whose rel is
	// "alternate" (the parser gives a link without rel that rel).
	linkSet := false
	for {
		local, name, attrs, empty, more, ok := z.atomChild("feed")
		if !ok {
			return nil, false
		}
		if !more {
			break
		}
		switch local {
		case "title":
			feed.Title, ok = z.atomText(name, attrs, empty)
		case "link":
			var href, rel string
			if href, rel, _, _, ok = z.atomLink(name, attrs, empty); ok && rel == "alternate" && !linkSet {
				feed.Link, linkSet = href, true
			}
		case "entry":
			if hasXMLNS(attrs) {
				return nil, false
			}
			var it *gofeed.Item
			if it, ok = z.atomEntry(name, empty); ok {
				feed.Items = append(feed.Items, it)
			}
		default:
			// id, updated, subtitle, author, generator, icon, logo,
			// rights, category … and unknown elements: read into fields
			// nashra does not use, or skipped.
			ok = z.skip(name, empty)
		}
		if !ok {
			return nil, false
		}
	}
	return feed, true
}

// atomRoot checks the attributes of <feed>: the default namespace must be
// Atom 1.0 exactly, prefixes are recorded as for RSS (see nsKey), and
// xml:lang is the feed's language (gofeed reads the attribute whose local
// name is "lang"; any other such attribute declines).
func (z *rssScan) atomRoot(attrs string) (lang string, ok bool) {
	z.ns = map[string]string{}
	z.uris = map[string]string{}
	atom := false
	langs := 0
	ok = eachAttr(attrs, func(n, raw string) bool {
		local := n
		if c := strings.IndexByte(n, ':'); c >= 0 {
			local = n[c+1:]
		}
		switch {
		case n == "xmlns":
			if raw != atomNamespace || atom {
				return false
			}
			atom = true
		case n == "xmlns:lang":
			// goxpp's Attribute("lang") may take this one for the
			// feed's language.
			return false
		case strings.HasPrefix(n, "xmlns:"):
			return z.declare(n[len("xmlns:"):], raw)
		case local == "lang":
			if n != "xml:lang" {
				return false
			}
			langs++
			var good bool
			lang, good = attrValue(raw)
			return good
		case strings.HasPrefix(n, "xml"):
			return false
		}
		return true
	})
	return lang, ok && atom && langs <= 1
}

// atomText reads a text construct (RFC 4287 §3.1) as gofeed's
// parseAtomText does for type "text", "html", "xhtml" or none (without a
// mode): the raw content trimmed, CDATA unwrapped or entities decoded,
// exactly as gofeedText, but for xhtml without CDATA (see unwrapDiv). For
// type="html" without CDATA gofeed first strips a wrapping <div> through
// an HTML parse, which leaves content without '<' unchanged; content with
// '<' declines. Other types (media types) and modes (Atom 0.3) decline.
func (z *rssScan) atomText(name, attrs string, empty bool) (string, bool) {
	typ, ok1 := tagAttr(attrs, "type")
	mode, ok2 := tagAttr(attrs, "mode")
	if !ok1 || !ok2 || mode != "" {
		return "", false
	}
	typ = strings.ToLower(typ)
	if typ != "" && typ != "text" && typ != "html" && typ != "xhtml" {
		return "", false
	}
	if empty {
		return "", true
	}
	inner, _, ok := z.content(name)
	if !ok {
		return "", false
	}
	// With CDATA, every type reads as gofeedText.
	if s := strings.TrimSpace(inner); !strings.Contains(s, "<![CDATA[") {
		switch typ {
		case "xhtml":
			// gofeed: the raw inner XML, trimmed, without its wrapping
			// <div>, entities left as they are.
			return unwrapDiv(s), true
		case "html":
			if strings.IndexByte(s, '<') >= 0 {
				return "", false
			}
		}
	}
	return gofeedText(inner), true
}

// atomLink reads a <link> as gofeed's parseLink does: its href (as
// gofeed's tag reader rewrites it, see hrefLike), rel ("alternate" when
// absent or empty), type and length.
func (z *rssScan) atomLink(name, attrs string, empty bool) (href, rel, typ, length string, ok bool) {
	var ok1, ok2, ok3, ok4 bool
	href, ok1 = tagAttr(attrs, "href")
	rel, ok2 = tagAttr(attrs, "rel")
	typ, ok3 = tagAttr(attrs, "type")
	length, ok4 = tagAttr(attrs, "length")
	if !ok1 || !ok2 || !ok3 || !ok4 || !z.skip(name, empty) {
		return "", "", "", "", false
	}
	if rel == "" {
		rel = "alternate"
	}
	return hrefLike(href), rel, typ, length, true
}

// atomPerson reads an <author> as gofeed's parsePerson does, its name and
// email (the last of each).
func (z *rssScan) atomPerson(tag string, empty bool) (*gofeed.Person, bool) {
	p := &gofeed.Person{}
	if empty {
		return p, true
	}
	for {
		name, attrs, empty, more, ok := z.child(tag)
		if !ok {
			return nil, false
		}
		if !more {
			return p, true
		}
		// gofeed matches the children by lower-cased local name, in any
		// namespace (Blogger's <gd:image> is skipped as unknown).
		_, _, local, ok := z.key(name, attrs)
		if !ok {
			return nil, false
		}
		switch strings.ToLower(local) {
		case "name":
			p.Name, ok = z.atomText(name, attrs, empty)
		case "email":
			p.Email, ok = z.atomText(name, attrs, empty)
		default:
			ok = z.skip(name, empty)
		}
		if !ok {
			return nil, false
		}
	}
}

// atomEntry reads an <entry> and translates it as DefaultAtomTranslator
// does for the fields fastAtom returns. Repeated elements: the last title,
// id, summary, content and dates win (gofeed assigns each), the first
// author is the item's; links accumulate in document order.
func (z *rssScan) atomEntry(tag string, empty bool) (*gofeed.Item, bool) {
	it := &gofeed.Item{}
	if empty {
		return it, true
	}
	linkSet := false
	for {
		local, name, attrs, empty, more, ok := z.atomChild(tag)
		if !ok {
			return nil, false
		}
		if !more {
			break
		}
		var v string
		switch local {
		case "title":
			it.Title, ok = z.atomText(name, attrs, empty)
		case "id":
			// id is one of gofeed's URI elements: it goes through
			// url.Parse like an href.
			if v, ok = z.atomText(name, attrs, empty); ok {
				it.GUID = hrefLike(v)
			}
		case "summary":
			it.Description, ok = z.atomText(name, attrs, empty)
		case "content":
			it.Content, ok = z.atomText(name, attrs, empty)
		case "updated", "modified", "published", "issued":
			if v, ok = z.atomText(name, attrs, empty); !ok {
				return nil, false
			}
			t, known := gofeedDate(v)
			if !known {
				return nil, false
			}
			if local == "updated" || local == "modified" {
				it.UpdatedParsed = t
			} else {
				it.PublishedParsed = t
			}
		case "author":
			var p *gofeed.Person
			if p, ok = z.atomPerson(name, empty); ok && it.Author == nil {
				it.Author = p
			}
		case "link":
			var href, rel, typ, length string
			if href, rel, typ, length, ok = z.atomLink(name, attrs, empty); ok {
				if rel == "alternate" && !linkSet {
					it.Link, linkSet = href, true
				}
				if rel == "alternate" || rel == "self" {
					it.Links = append(it.Links, href)
				}
				if rel == "enclosure" {
					it.Enclosures = append(it.Enclosures, &gofeed.Enclosure{URL: href, Length: length, Type: typ})
				}
			}
		case "source":
			return nil, false
		default:
			// category, contributor, rights and unknown elements.
			ok = z.skip(name, empty)
		}
		if !ok {
			return nil, false
		}
	}
	// The translator: PublishedParsed falls back to UpdatedParsed when
	// the entry's published date is missing or does not parse.
	if it.PublishedParsed == nil {
		it.PublishedParsed = it.UpdatedParsed
	}
	return it, true
}

// atomChild reads the next child element of tag that is an Atom element,
// skipping extension elements (see atomName): local is its Atom name and
// name, attrs and empty are as child returns them; more is false at tag's
// end tag, and ok false when the reader declines.
func (z *rssScan) atomChild(tag string) (local, name, attrs string, empty, more, ok bool) {
	for {
		if name, attrs, empty, more, ok = z.child(tag); !ok || !more {
			return "", name, attrs, empty, more, ok
		}
		if local, ok = z.atomName(name, attrs, empty); !ok || local != "" {
			return local, name, attrs, empty, more, ok
		}
	}
}

// atomName classifies a child element of <feed> or <entry> as gofeed's
// parser does by namespace: an element outside Atom is an extension
// (gofeed files it in Extensions, which package feeds does not read),
// skipped here, and local is "". An Atom element's local name is returned:
// unprefixed, or a <link> with a prefix bound to Atom 1.0 (FeedBurner's
// <atom10:link>, which gofeed reads as a link). Other prefixed Atom
// elements, Atom 0.3, a default namespace declaration on the element and
// upper-case names (gofeed matches them lower-cased but then expects the
// exact name for some) decline.
func (z *rssScan) atomName(name, attrs string, empty bool) (local string, ok bool) {
	prefix, key, local, ok := z.key(name, attrs)
	if !ok || key == "atom03" {
		return "", false
	}
	if prefix != "" && key != "atom" {
		return "", z.skip(name, empty)
	}
	if prefix != "" && local != "link" || local == "" || strings.ToLower(local) != local {
		return "", false
	}
	return local, true
}

// unwrapDiv returns the content of an xhtml text construct without the
// <div> that wraps it (RFC 4287 §3.1.1.3) as gofeed's parser computes it:
// s is parsed as an HTML document (golang.org/x/net/html, as gofeed); when
// the body's only element child is a div, the rendering of the div's
// children is returned, else s unchanged. Done here with the same library
// calls, so the bytes are the same.
func unwrapDiv(s string) string {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return s
	}
	// The body: the first element so named in document order (html.Parse
	// always makes one, except for a frameset).
	var body *html.Node
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "body" {
			body = n
			break
		}
	}
	if body == nil {
		return s
	}
	var elems []*html.Node
	for c := range body.ChildNodes() {
		if c.Type == html.ElementNode {
			elems = append(elems, c)
		}
	}
	if len(elems) != 1 || elems[0].Data != "div" {
		return s
	}
	var b strings.Builder
	for c := range elems[0].ChildNodes() {
		if err := html.Render(&b, c); err != nil {
			return s
		}
	}
	return b.String()
}
