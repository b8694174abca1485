package opml

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// Write writes subs to w as an OPML 2.0 document (http://opml.org/spec2.opml),
// UTF-8, indented with two spaces, with title as head/title.
//
// Folders become nested outlines: a subscription is written inside one
// outline per entry of its Folders, in order, outermost first, so Folders
// ["Tech", "AI"] gives
//
//	<outline text="Tech" title="Tech">
//	  <outline text="AI" title="AI">
//	    <outline type="rss" text="…" title="…" xmlUrl="…" htmlUrl="…"/>
//
// and subscriptions whose Folders share a beginning share those outlines.
// Parse reads such a document back as the same Folders in the same order, so
// import ∘ export round-trips. Folders is a list of tags, not a tree: a feed
// that was in two separate folders of an imported file (Folders ["News",
// "Arabic"] after merging) is exported nested as News/Arabic — the same tags
// when read back, not the same tree, and no feed is written twice.
//
// A feed outline has type="rss", text and title set to Title (text set to the
// URL when Title is empty, as OPML requires a text; Parse reads that back as
// no title), xmlUrl set to URL and htmlUrl to SiteURL when there is one.
// Empty folder names and repeated ones within one Folders are ignored;
// subscriptions are written in the order given, grouped by folder.
//
// It returns an error for a subscription without a URL (before writing
// anything) or when writing to w fails.
func Write(w io.Writer, title string, subs []Subscription) error {
	for i, s := range subs {
		if strings.TrimSpace(s.URL) == "" {
			return fmt.Errorf("write opml: subscription %d (%q) has no URL", i, s.Title)
		}
	}
	root := &folderNode{}
	for i := range subs {
		n := root
		for _, name := range addFolders(nil, subs[i].Folders...) {
			n = n.folder(name)
		}
		n.entries = append(n.entries, entry{sub: &subs[i]})
	}

	bw := bufio.NewWriter(w)
	ew := &escWriter{w: bw}
	ew.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n    <title>")
	ew.text(title)
	ew.raw("</title>\n  </head>\n  <body>\n")
	root.write(ew, 2)
	ew.raw("  </body>\n</opml>\n")
	if ew.err != nil {
		return fmt.Errorf("write opml: %w", ew.err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write opml: %w", err)
	}
	return nil
}

// folderNode is one folder outline being written; entries keep the order in
// which subscriptions and subfolders first appeared.
type folderNode struct {
	name    string
	entries []entry
	index   map[string]*folderNode
}

type entry struct {
	sub    *Subscription
	folder *folderNode
}

func (n *folderNode) folder(name string) *folderNode {
	if c, ok := n.index[name]; ok {
		return c
	}
	if n.index == nil {
		n.index = make(map[string]*folderNode)
	}
	c := &folderNode{name: name}
	n.index[name] = c
	n.entries = append(n.entries, entry{folder: c})
	return c
}

func (n *folderNode) write(ew *escWriter, depth int) {
	indent := strings.Repeat("  ", depth)
	for _, e := range n.entries {
		if e.folder != nil {
			ew.raw(indent + "<outline")
			ew.attr("text", e.folder.name)
			ew.attr("title", e.folder.name)
			ew.raw(">\n")
			e.folder.write(ew, depth+1)
			ew.raw(indent + "</outline>\n")
			continue
		}
		s := e.sub
		text := s.Title
		if text == "" {
			text = s.URL
		}
		ew.raw(indent + "<outline type=\"rss\"")
		ew.attr("text", text)
		if s.Title != "" {
			ew.attr("title", s.Title)
		}
		ew.attr("xmlUrl", s.URL)
		if s.SiteURL != "" {
			ew.attr("htmlUrl", s.SiteURL)
		}
		ew.raw("/>\n")
	}
}

// escWriter writes markup and escaped text, keeping the first error.
type escWriter struct {
	w   io.Writer
	err error
}

func (e *escWriter) raw(s string) {
	if e.err == nil {
		_, e.err = io.WriteString(e.w, s)
	}
}

// text writes s escaped for XML character data or a double-quoted attribute
// value; tab, newline and carriage return become character references so that
// attribute-value normalization cannot turn them into spaces, and characters
// XML cannot carry become U+FFFD (encoding/xml.EscapeText).
func (e *escWriter) text(s string) {
	if e.err == nil {
		e.err = xml.EscapeText(e.w, []byte(s))
	}
}

func (e *escWriter) attr(name, value string) {
	e.raw(" " + name + "=\"")
	e.text(value)
	e.raw("\"")
}
