package opml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/nashra-reader/nashra/feeds"
)

// maxDepth bounds the nesting of outlines; deeper documents are rejected
// rather than building ever longer folder paths.
const maxDepth = 100

// feedTypes are the outline types read as feeds when the outline has an
// xmlUrl (compared case-insensitively). OPML 2.0 names only "rss"; "atom" and
// no type at all are common in exports. Any other type with an xmlUrl
// (Liferea's "vfolder", "rule", ...) is skipped with a note.
var feedTypes = map[string]bool{"": true, "rss": true, "atom": true}

// opmlReader holds the state of one OPML parse.
type opmlReader struct {
	data []byte // the document as UTF-8
	dec  *xml.Decoder
	res  resolver
	list List
	m    merger
}

// frame is one open element below <body>.
type frame struct {
	outline bool
	title   bool   // the head's <title>
	folder  string // the name this outline adds to its descendants' folders, or ""
	line    int
	name    string // text or title, for notes
	typ     string // the type attribute, for notes
	kind    int    // what the outline was, decided at its start tag
	child   bool   // an outline child was seen
}

const (
	kindOther  = iota // not an outline, or an outline without a decision yet
	kindFeed          // taken as a feed
	kindFolder        // candidate folder: no xmlUrl
	kindNoted         // skipped, with a note already written
)

// parseOPML parses an OPML document. A bare "&" that starts no character or
// entity reference is the most common fault of hand-edited and exported
// lists; it is read as a literal ampersand, as an HTML parser would, with a
// note in Skipped. Every other well-formedness error fails the whole file.
func parseOPML(data []byte, baseDir string) (*List, error) {
	fixed, lines := escapeBareAmpersands(data)
	l, err := parseOPMLStrict(fixed, baseDir)
	if err != nil {
		return nil, err
	}
	for _, ln := range lines {
		l.Skipped = append(l.Skipped, fmt.Sprintf("line %d: a bare & was read as text", ln))
	}
	return l, nil
}

// escapeBareAmpersands replaces each "&" that does not begin a character
// reference (&#…; or &#x…;) or a name reference (&name;) with "&amp;", and
// returns the lines (1-based) where it did so. Lengths change, so line
// numbers of later errors are unaffected (no newline is added or removed).
func escapeBareAmpersands(data []byte) ([]byte, []int) {
	if bytes.IndexByte(data, '&') < 0 {
		return data, nil
	}
	var out []byte
	var lines []int
	line := 1
	last := 0
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '\n':
			line++
		case '&':
			if isReference(data[i+1:]) {
				continue
			}
			if out == nil {
				out = make([]byte, 0, len(data)+64)
			}
			out = append(out, data[last:i+1]...)
			out = append(out, "amp;"...)
			last = i + 1
			if len(lines) == 0 || lines[len(lines)-1] != line {
				lines = append(lines, line)
			}
		}
	}
	if out == nil {
		return data, nil
	}
	return append(out, data[last:]...), lines
}

// isReference reports whether b (what follows an "&") is the rest of a
// character or entity reference: "#123;", "#x1F;" or "name;".
func isReference(b []byte) bool {
	i := 0
	if i < len(b) && b[i] == '#' {
		i++
		hex := i < len(b) && (b[i] == 'x' || b[i] == 'X')
		if hex {
			i++
		}
		start := i
		for i < len(b) && (b[i] >= '0' && b[i] <= '9' || hex && (b[i]|0x20 >= 'a' && b[i]|0x20 <= 'f')) {
			i++
		}
		return i > start && i < len(b) && b[i] == ';'
	}
	start := i
	for i < len(b) && i < 40 && (b[i]|0x20 >= 'a' && b[i]|0x20 <= 'z' || i > start && (b[i] >= '0' && b[i] <= '9' || b[i] == '_' || b[i] == '-' || b[i] == '.')) {
		i++
	}
	return i > start && i < len(b) && b[i] == ';'
}

func parseOPMLStrict(data []byte, baseDir string) (*List, error) {
	r := &opmlReader{data: data, res: resolver{baseDir: baseDir}}
	r.list.Format = FormatOPML
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	// toUTF8 has already decoded any declared encoding.
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	r.dec = d
	if err := r.run(); err != nil {
		return nil, err
	}
	r.list.Subscriptions = r.m.subs
	return &r.list, nil
}

func (r *opmlReader) errorf(line, col int, format string, args ...any) *ParseError {
	return &ParseError{Format: FormatOPML, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

// errorAt is errorf at byte offset off of line.
func (r *opmlReader) errorAt(line int, off int64, format string, args ...any) *ParseError {
	return r.errorf(line, r.column(off), format, args...)
}

// column returns the 1-based character column of byte offset off in r.data.
func (r *opmlReader) column(off int64) int {
	if off < 0 || off > int64(len(r.data)) {
		return 0
	}
	start := bytes.LastIndexByte(r.data[:off], '\n') + 1
	return utf8.RuneCount(r.data[start:off]) + 1
}

func (r *opmlReader) syntaxError(err error) error {
	line, _ := r.dec.InputPos()
	col := r.column(r.dec.InputOffset())
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		if se.Line != line {
			col = 0
		}
		return r.errorf(se.Line, col, "%s", se.Msg)
	}
	return r.errorf(line, col, "%v", err)
}

func (r *opmlReader) run() error {
	var (
		rootSeen, rootDone bool
		inHead, inBody     bool
		bodySeen           bool
		headTitle          bool
		titleBuf           strings.Builder
		depth              int // element depth, root = 1
		stack              []frame
	)
	for {
		line, _ := r.dec.InputPos()
		off := r.dec.InputOffset()
		tok, err := r.dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if !rootSeen && looksLikeHTML(r.data) {
				return r.errorf(1, 0, "this is an HTML page, not an OPML subscription list")
			}
			return r.syntaxError(err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			if bytes.Contains(bytes.ToUpper(t), []byte("<!ENTITY")) {
				return r.errorAt(line, off, "DOCTYPE declares entities; entity declarations are not allowed in a subscription list")
			}
		case xml.StartElement:
			depth++
			if depth == 1 {
				if rootDone {
					return r.errorAt(line, off, "element <%s> after the end of <opml>", t.Name.Local)
				}
				rootSeen = true
				if !strings.EqualFold(t.Name.Local, "opml") {
					return r.errorAt(line, off, "root element is <%s>, not <opml>: %s", t.Name.Local, notOPMLHint(t.Name.Local))
				}
				continue
			}
			if depth == 2 {
				switch {
				case strings.EqualFold(t.Name.Local, "head"):
					inHead = true
				case strings.EqualFold(t.Name.Local, "body"):
					inBody, bodySeen = true, true
				}
				continue
			}
			if inHead && depth == 3 && strings.EqualFold(t.Name.Local, "title") && !headTitle {
				headTitle = true
				titleBuf.Reset()
				stack = append(stack, frame{title: true})
				continue
			}
			if !inBody {
				stack = append(stack, frame{})
				continue
			}
			if len(stack) >= maxDepth {
				return r.errorAt(line, off, "outlines nested more than %d deep", maxDepth)
			}
			if !strings.EqualFold(t.Name.Local, "outline") {
				stack = append(stack, frame{})
				continue
			}
			if n := len(stack); n > 0 {
				stack[n-1].child = true
			}
			stack = append(stack, r.startOutline(t, line, stack))
		case xml.EndElement:
			depth--
			switch depth {
			case 0:
				if !bodySeen {
					return r.errorAt(line, off, "<opml> has no <body>")
				}
				rootDone = true
				continue
			case 1:
				inHead, inBody = false, false
				continue
			}
			if len(stack) == 0 {
				continue
			}
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if f.title {
				r.list.Title = cleanName(titleBuf.String())
			}
			if f.outline && f.kind == kindFolder && !f.child {
				if lt := strings.ToLower(f.typ); !feedTypes[lt] && lt != "folder" {
					r.note(f.line, "outline %s is type=%q, not a feed; skipped", quoteNote(f.name), f.typ)
				} else {
					r.note(f.line, "outline %s has no xmlUrl and no outlines inside; skipped", quoteNote(f.name))
				}
			}
		case xml.CharData:
			if len(stack) == 1 && stack[0].title {
				titleBuf.Write(t)
			}
		}
	}
	if !rootSeen {
		return r.errorf(1, 0, "no root element: not an OPML document")
	}
	return nil
}

// startOutline decides what an outline is from its attributes and returns its
// frame: a feed (added to the list), a folder, or a skipped outline (noted).
func (r *opmlReader) startOutline(t xml.StartElement, line int, stack []frame) frame {
	var text, title, xmlURL, htmlURL, typ, category, url, filter string
	for _, a := range t.Attr {
		if a.Name.Space != "" {
			continue
		}
		switch strings.ToLower(a.Name.Local) {
		case "text":
			text = a.Value
		case "title":
			title = a.Value
		case "xmlurl":
			if xmlURL == "" {
				xmlURL = a.Value
			}
		case "htmlurl":
			htmlURL = a.Value
		case "type":
			typ = strings.TrimSpace(a.Value)
		case "category":
			category = a.Value
		case "url":
			url = a.Value
		case "filtercmd":
			filter = a.Value
		}
	}
	name := cleanName(text)
	if name == "" {
		name = cleanName(title)
	}
	f := frame{outline: true, line: line, name: name, typ: typ}
	xmlURL = strings.TrimSpace(xmlURL)
	ltyp := strings.ToLower(typ)

	switch {
	case xmlURL == "" && (ltyp == "link" || ltyp == "include"):
		f.kind = kindNoted
		r.note(line, "outline %s is type=%q (%s), not a feed; skipped", quoteNote(name), typ, quoteNote(url))
		return f
	case xmlURL == "":
		f.kind = kindFolder
		f.folder = name
		return f
	case !feedTypes[ltyp]:
		f.kind = kindNoted
		r.note(line, "outline %s is type=%q, not a feed; skipped (xmlUrl %s)", quoteNote(name), typ, quoteNote(xmlURL))
		return f
	}

	f.kind = kindFeed
	if special := newsboatSpecial(xmlURL); special != "" {
		f.kind = kindNoted
		r.note(line, "outline %s: %s; skipped", quoteNote(name), special)
		return f
	}
	u, err := r.res.normalize(xmlURL)
	if err != nil {
		f.kind = kindNoted
		r.note(line, "outline %s: %v; skipped", quoteNote(name), err)
		return f
	}
	if filter != "" {
		r.note(line, "outline %s: newsboat filtercmd %s ignored; feed imported unfiltered", quoteNote(name), quoteNote(filter))
	}
	feedTitle := untitled(name, xmlURL, u)
	var folders []string
	for _, fr := range stack {
		if fr.outline && fr.folder != "" {
			folders = append(folders, fr.folder)
		}
	}
	folders = append(folders, splitCategory(category)...)
	r.m.add(Subscription{URL: u, Title: feedTitle, Folders: folders, SiteURL: feeds.SanitizeLine(htmlURL)})
	return f
}

// splitCategory returns the entries of an OPML 2.0 category attribute: a
// comma-separated list of categories (OPML 2.0, "category" attribute), each
// kept as one tag. A leading slash (the spec's hierarchical form) is dropped.
func splitCategory(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var out []string
	for _, c := range strings.Split(s, ",") {
		c = cleanName(strings.TrimPrefix(strings.TrimSpace(c), "/"))
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}

// newsboatSpecial describes newsboat's command feeds, which nashra does not
// run: "exec:CMD", "filter:CMD:URL", "query:..." and, in its OPML, "|CMD".
func newsboatSpecial(u string) string {
	switch {
	case strings.HasPrefix(u, "|"):
		return "newsboat command feed " + quoteNote(u) + " is not supported"
	case strings.HasPrefix(u, "exec:"):
		return "newsboat exec: feed " + quoteNote(u) + " is not supported"
	case strings.HasPrefix(u, "filter:"):
		return "newsboat filter: feed " + quoteNote(u) + " is not supported"
	case strings.HasPrefix(u, "query:"):
		return "newsboat query feed " + quoteNote(u) + " is not a feed"
	}
	return ""
}

func (r *opmlReader) note(line int, format string, args ...any) {
	r.list.Skipped = append(r.list.Skipped, fmt.Sprintf("line %d: ", line)+fmt.Sprintf(format, args...))
}

func notOPMLHint(root string) string {
	switch strings.ToLower(root) {
	case "rss", "feed", "rdf", "channel":
		return "this is a feed, not a subscription list (add it as a feed instead)"
	case "html":
		return "this is an HTML page, not a subscription list"
	}
	return "not an OPML subscription list"
}

// looksLikeHTML reports whether data starts like an HTML page.
func looksLikeHTML(data []byte) bool {
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	low := bytes.ToLower(bytes.TrimSpace(head))
	return bytes.HasPrefix(low, []byte("<!doctype html")) || bytes.HasPrefix(low, []byte("<html"))
}
