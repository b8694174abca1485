// Package opml reads and writes subscription lists: OPML 1.0, 1.1 and 2.0
// (http://opml.org/spec2.opml) and newsboat "urls" files
// (newsboat documentation, "Adding Feeds", "Tagging" and "Query Feeds":
// https://newsboat.org/releases/2.45/docs/newsboat.html).
//
// Parse detects the format from the content, never from a file name, and is
// all or nothing: a malformed file gives a *ParseError naming the line (and
// the column where known) and no list. Entries that are well-formed but not
// importable (OPML link/include outlines, Liferea search folders, newsboat
// exec:/filter: feeds, addresses feeds.NormalizeURL rejects) are left out and
// each one is described in List.Skipped, so nothing is dropped silently.
//
// Folders. In OPML every enclosing outline of a feed contributes its name, so
// a feed inside <outline text="Tech"><outline text="AI"> has Folders
// ["Tech", "AI"]; in a newsboat file the Folders are the feed's tags in the
// order written. The caller keeps them as feed tags. A feed listed twice is
// one Subscription whose Folders are the union of both places.
//
// Write nests every subscription under its Folders in order (see Write), so
// Parse(Write(Parse(f))) gives back the same subscriptions — URLs, titles,
// folders in the same order, site URLs — as Parse(f).
package opml

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/unicode"

	"github.com/nashra-reader/nashra/feeds"
)

// Subscription is one feed in a subscription list.
type Subscription struct {
	URL     string   // normalized with feeds.NormalizeURL
	Title   string   // "" if none
	Folders []string // OPML: the names of the enclosing outlines, outermost first; newsboat: the tags. Never empty strings, never repeated.
	SiteURL string   // OPML htmlUrl, "" if none
}

// SavedSearch is a newsboat query feed: a line `"query:Title:expression"`.
// Query is newsboat's filter expression exactly as written (for example
// `unread = "yes"`); translating it is up to the caller.
type SavedSearch struct {
	Title, Query string
	Line         int // 1-based line in the urls file
}

// List is a parsed subscription list.
type List struct {
	Format        string // "opml" or "newsboat"
	Title         string // OPML head/title ("" for newsboat)
	Subscriptions []Subscription
	Searches      []SavedSearch
	// Skipped holds one human-readable note per entry left out or changed on
	// the way in, each starting with its line: `line 12: filter: feeds are
	// not supported; skipped`.
	Skipped []string
}

// Formats reported in List.Format and ParseError.Format.
const (
	FormatOPML     = "opml"
	FormatNewsboat = "newsboat"
)

// ParseError reports a malformed subscription list. Line and Column are
// 1-based; Column counts characters (runes) from the start of the line, after
// decoding the file's character encoding, and is 0 when unknown.
type ParseError struct {
	Format string // "opml" or "newsboat"; "" when the content is neither
	Line   int
	Column int
	Msg    string
}

func (e *ParseError) Error() string {
	var b strings.Builder
	if e.Format != "" {
		b.WriteString(e.Format)
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "line %d", e.Line)
	if e.Column > 0 {
		fmt.Fprintf(&b, ", column %d", e.Column)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// Parse detects the format of data by its content and parses it:
//
//   - OPML when the first character after any byte order mark and white space
//     is '<'. The root element must be <opml> (anything else, such as an RSS
//     feed or an HTML page, is an error saying so) and it must have a <body>.
//   - a newsboat urls file otherwise.
//
// Relative file paths among the feed addresses are made absolute against the
// current directory by feeds.NormalizeURL; use ParseWithBase to resolve them
// against the list file's own directory instead.
//
// The text may be UTF-8 (with or without a byte order mark) or UTF-16 with a
// byte order mark; an OPML file may also declare any encoding known to the
// WHATWG Encoding Standard in its XML declaration (windows-1256, ISO-8859-6,
// ...). DOCTYPE declarations of entities are rejected; only XML's predefined
// entities and character references are expanded.
//
// The error, when not nil, is a *ParseError and the list is nil.
func Parse(data []byte) (*List, error) {
	return ParseWithBase(data, "")
}

// ParseWithBase is Parse, with relative file paths among the feed addresses
// (`feeds/local.xml`, not `file://` URLs or `~/` paths) resolved against
// baseDir — usually the directory of the file being imported — instead of
// the current directory. An empty baseDir means the current directory.
func ParseWithBase(data []byte, baseDir string) (*List, error) {
	text, err := toUTF8(data)
	if err != nil {
		return nil, err
	}
	first := bytes.TrimLeft(text, " \t\r\n")
	switch {
	case len(first) > 0 && first[0] == '<':
		return parseOPML(text, baseDir)
	case len(first) > 0 && (first[0] == '{' || first[0] == '['):
		before := text[:len(text)-len(first)]
		line := 1 + bytes.Count(before, []byte("\n"))
		col := 1 + utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:])
		return nil, &ParseError{Line: line, Column: col, Msg: "this looks like JSON, not OPML or a newsboat urls file"}
	}
	return parseNewsboat(text, baseDir)
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// toUTF8 returns data as UTF-8 without a byte order mark. It decodes UTF-16
// given a byte order mark, or the UTF-16 form of "<?" without one (XML 1.0
// Appendix F), and the encoding named in an XML declaration. The number of
// lines is unchanged, so line numbers refer to the original file.
func toUTF8(data []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		return data[len(bomUTF8):], nil
	case bytes.HasPrefix(data, bomUTF16LE), bytes.HasPrefix(data, []byte{'<', 0, '?', 0}):
		return decodeUTF16(data, unicode.LittleEndian)
	case bytes.HasPrefix(data, bomUTF16BE), bytes.HasPrefix(data, []byte{0, '<', 0, '?'}):
		return decodeUTF16(data, unicode.BigEndian)
	case bytes.HasPrefix(data, []byte{0x1f, 0x8b}):
		return nil, &ParseError{Line: 1, Column: 1, Msg: "this is gzip-compressed data; decompress it first"}
	}
	label := declaredEncoding(data)
	if label == "" {
		return data, nil
	}
	enc, name := charset.Lookup(label)
	switch {
	case enc == nil:
		return nil, &ParseError{Format: FormatOPML, Line: 1, Msg: fmt.Sprintf("unsupported character encoding %q", label)}
	case name == "utf-8", strings.HasPrefix(name, "utf-16"):
		// UTF-16 without a byte order mark would not have let us read the
		// declaration as ASCII: the label is wrong and the bytes are UTF-8.
		return data, nil
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return nil, &ParseError{Format: FormatOPML, Line: 1, Msg: fmt.Sprintf("decoding %s: %v", name, err)}
	}
	return out, nil
}

func decodeUTF16(data []byte, order unicode.Endianness) ([]byte, error) {
	out, err := unicode.UTF16(order, unicode.ExpectBOM).NewDecoder().Bytes(data)
	if err != nil {
		// No byte order mark (the "<?" form): decode without expecting one.
		out, err = unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder().Bytes(data)
	}
	if err != nil {
		return nil, &ParseError{Line: 1, Msg: fmt.Sprintf("decoding UTF-16: %v", err)}
	}
	return bytes.TrimPrefix(out, bomUTF8), nil
}

var xmlDeclEncoding = regexp.MustCompile(`^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// declaredEncoding returns the encoding label of an XML declaration at the
// start of data, or "".
func declaredEncoding(data []byte) string {
	head := data
	if len(head) > 512 {
		head = head[:512]
	}
	m := xmlDeclEncoding.FindSubmatch(head)
	if m == nil {
		return ""
	}
	return string(m[1])
}

// resolver normalizes feed addresses for one parse.
type resolver struct{ baseDir string }

// normalize returns the normalized form of a feed address taken from the list,
// resolving a relative file path against the base directory when one is set.
func (r resolver) normalize(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	relative := feeds.IsRelativePath(s)
	if relative && !strings.ContainsAny(s, "./"+string(os.PathSeparator)) {
		// A bare word ("Shopping", "eggs") in a list is text, not an
		// address: a file is written with its extension or a directory
		// (feed.xml, ./feed, feeds/ai).
		if _, err := feeds.NormalizeURL(s); err != nil {
			return "", err
		}
		return "", fmt.Errorf("%q: a bare word, not a URL (a file in this folder is written ./%s): %w", s, s, feeds.ErrBadURL)
	}
	if r.baseDir != "" && relative {
		s = filepath.Join(r.baseDir, s)
	}
	return feeds.NormalizeURL(s)
}

// untitled returns "" for a title that is just the feed's address, as
// written (raw) or normalized (u): it carries nothing, and it is how Write
// marks an untitled feed, since OPML requires a text attribute.
func untitled(title, raw, u string) string {
	if title == strings.TrimSpace(raw) || title == u {
		return ""
	}
	return title
}

// merger collects subscriptions in order of first appearance, merging those
// with the same normalized URL.
type merger struct {
	subs  []Subscription
	index map[string]int
}

func (m *merger) add(s Subscription) {
	if m.index == nil {
		m.index = make(map[string]int)
	}
	i, ok := m.index[s.URL]
	if !ok {
		m.index[s.URL] = len(m.subs)
		s.Folders = addFolders(nil, s.Folders...)
		m.subs = append(m.subs, s)
		return
	}
	old := &m.subs[i]
	if old.Title == "" {
		old.Title = s.Title
	}
	if old.SiteURL == "" {
		old.SiteURL = s.SiteURL
	}
	old.Folders = addFolders(old.Folders, s.Folders...)
}

// addFolders appends the names not yet in list, skipping empty ones.
func addFolders(list []string, names ...string) []string {
	if len(list)+len(names) > 16 {
		// A set, so that a line with thousands of tags stays linear.
		seen := make(map[string]bool, len(list)+len(names))
		for _, n := range list {
			seen[n] = true
		}
		for _, n := range names {
			if n != "" && !seen[n] {
				seen[n] = true
				list = append(list, n)
			}
		}
		return list
	}
	for _, n := range names {
		if n != "" && !slices.Contains(list, n) {
			list = append(list, n)
		}
	}
	return list
}

// cleanName makes a title or folder name safe to store and draw: one line
// (feeds.SanitizeLine: escape sequences, C0/C1 controls, bidi embeddings,
// overrides, isolates and marks removed, runs of white space, line breaks
// included, folded to one space), trimmed.
func cleanName(s string) string {
	return strings.TrimSpace(feeds.SanitizeLine(s))
}

// quoteNote shortens s for a note: at most 60 characters, quoted.
func quoteNote(s string) string {
	if utf8.RuneCountInString(s) > 60 {
		r := []rune(s)
		s = string(r[:59]) + "…"
	}
	return fmt.Sprintf("%q", s)
}
