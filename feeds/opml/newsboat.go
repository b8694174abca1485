package opml

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// parseNewsboat reads a newsboat urls file, as newsboat's documentation
// describes it (chapters "Adding Feeds", "Tagging" and "Query Feeds"):
//
//   - one feed per line: the address, then tags separated by spaces or tabs;
//   - a token that starts with a double quote runs to the next unescaped
//     double quote and may contain spaces; inside it \" \\ \n \t \r are
//     escapes and any other escaped character stands for itself;
//   - a token that starts with # begins a comment that runs to the end of
//     the line (a # inside a token, as in a URL fragment, does not);
//   - a tag "~Title" sets the feed's title (the last one wins); a tag starting
//     with "!" hides the feed in newsboat and is kept here as an ordinary tag;
//   - "query:Title:expression" lines are saved searches, kept in
//     List.Searches; "exec:" and "filter:" feeds are skipped with a note.
//
// An unterminated quote, invalid UTF-8 or a NUL byte is a *ParseError.
func parseNewsboat(data []byte, baseDir string) (*List, error) {
	list := &List{Format: FormatNewsboat}
	res := resolver{baseDir: baseDir}
	var m merger
	note := func(line int, format string, args ...any) {
		list.Skipped = append(list.Skipped, fmt.Sprintf("line %d: ", line)+fmt.Sprintf(format, args...))
	}
	for n, raw := range bytes.Split(data, []byte("\n")) {
		line := n + 1
		if i := bytes.IndexByte(raw, 0); i >= 0 {
			return nil, &ParseError{Format: FormatNewsboat, Line: line, Column: utf8.RuneCount(raw[:i]) + 1,
				Msg: "NUL byte: this is not a text file"}
		}
		if !utf8.Valid(raw) {
			col := 1
			for i := 0; i < len(raw); {
				r, size := utf8.DecodeRune(raw[i:])
				if r == utf8.RuneError && size == 1 {
					break
				}
				i += size
				col++
			}
			return nil, &ParseError{Format: FormatNewsboat, Line: line, Column: col, Msg: "invalid UTF-8"}
		}
		tokens, err := tokenizeQuoted(string(raw))
		if err != nil {
			err.Format, err.Line = FormatNewsboat, line
			return nil, err
		}
		if len(tokens) == 0 {
			continue
		}
		addr := tokens[0]
		switch {
		case strings.HasPrefix(addr, "query:"):
			title, expr, ok := strings.Cut(strings.TrimPrefix(addr, "query:"), ":")
			title = cleanName(title)
			if !ok || strings.TrimSpace(expr) == "" || title == "" {
				note(line, "query feed %s has no title or no expression; skipped", quoteNote(addr))
				continue
			}
			list.Searches = append(list.Searches, SavedSearch{Title: title, Query: expr, Line: line})
			if len(tokens) > 1 {
				note(line, "tags on a query feed ignored: %s", quoteNote(strings.Join(tokens[1:], " ")))
			}
			continue
		case strings.HasPrefix(addr, "exec:"), strings.HasPrefix(addr, "filter:"):
			note(line, "%s feeds run a command and are not supported; skipped", addr[:strings.IndexByte(addr, ':')+1])
			continue
		}
		u, err2 := res.normalize(addr)
		if err2 != nil {
			note(line, "%v; skipped", err2)
			continue
		}
		sub := Subscription{URL: u}
		for _, tok := range tokens[1:] {
			switch {
			case strings.HasPrefix(tok, "~"):
				sub.Title = cleanName(tok[1:])
			case strings.HasPrefix(tok, "!"):
				note(line, "tag %s hides this feed in newsboat; kept as a tag", quoteNote(tok))
				sub.Folders = append(sub.Folders, cleanName(tok))
			default:
				sub.Folders = append(sub.Folders, cleanName(tok))
			}
		}
		sub.Title = untitled(sub.Title, addr, u)
		m.add(sub)
	}
	list.Subscriptions = m.subs
	return list, nil
}

// tokenizeQuoted splits one line of a urls file into tokens (see
// parseNewsboat). The error, for an unterminated quote, carries the column of
// the opening quote; the caller fills in the line.
func tokenizeQuoted(line string) ([]string, *ParseError) {
	const delims = " \t\r"
	var tokens []string
	col := 1 // rune column of line[i]
	for i := 0; i < len(line); {
		c := line[i]
		if strings.IndexByte(delims, c) >= 0 {
			i++
			col++
			continue
		}
		if c == '#' {
			break
		}
		if c != '"' {
			j := i
			for j < len(line) && strings.IndexByte(delims, line[j]) < 0 {
				j++
			}
			tokens = append(tokens, line[i:j])
			col += utf8.RuneCountInString(line[i:j])
			i = j
			continue
		}
		start := col
		var b strings.Builder
		i++
		col++
		closed := false
		for i < len(line) {
			r, size := utf8.DecodeRuneInString(line[i:])
			i += size
			col++
			if r == '"' {
				closed = true
				break
			}
			if r != '\\' || i >= len(line) {
				b.WriteRune(r)
				continue
			}
			e, esize := utf8.DecodeRuneInString(line[i:])
			i += esize
			col++
			switch e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			default:
				b.WriteRune(e)
			}
		}
		if !closed {
			return nil, &ParseError{Column: start, Msg: "unterminated quote (a quoted tag needs a closing \")"}
		}
		tokens = append(tokens, b.String())
	}
	return tokens, nil
}
