package opml

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nashra-reader/nashra/feeds"
)

func TestNewsboat(t *testing.T) {
	input := strings.Join([]string{
		"# نشرة: my feeds", // 1 comment
		"",                 // 2 blank
		`https://example.org/ai.xml "~Arabic AI news" "machine learning" ai`, // 3 title, quoted tag with a space, plain tag
		"https://example.org/plain.xml",                                      // 4 no tags
		"   # indented comment",                                              // 5
		"https://example.org/frag.xml#top\tsecurity # trailing comment",      // 6 '#' inside a URL, tab, comment
		`"https://example.org/quoted.xml" "~Title with \"quotes\""`,          // 7 quoted URL, escaped quotes
		`query:Unread:unread="yes" ai`,                                       // 8 unquoted query (quotes inside a token are literal)
		`"query:Starred:flags # \"s\""`,                                      // 9 quoted query with escapes
		`exec:~/bin/fetch.sh`,                                                // 10 skipped
		`"filter:~/bin/clean.py:https://example.org/f.xml" news`,             // 11 skipped
		`https://example.org/ai.xml research "machine learning"`,             // 12 duplicate: tags united
		"https://example.org/hidden.xml \"!muted\" \t",                       // 13 hidden
		"HTTPS://Example.ORG:443/plain.xml",                                  // 14 same feed as line 4 once normalized
		"https://example.org/crlf.xml ~CRLF\r",                               // 15 CRLF line ending, unquoted ~title
		`gopher://example.org/old`,                                           // 16 unsupported scheme: skipped
		`https://example.org/ai2.xml "~https://example.org/ai2.xml"`,         // 17 title that is just the URL
		"Shopping list for the weekend",                                      // 18 prose: a bare word is not a path
		"javascript:alert(1)",                                                // 19 not a feed scheme
		"data:text/xml,<rss/>",                                               // 20
		"file:notes/feed.xml",                                                // 21 a file URL needs an absolute path
		"mailto:feeds@example.com",                                           // 22 a scheme, with a dot: still not a path
		"localhost:8080/rss",                                                 // 23 host:port without http://
	}, "\n")
	l, err := Parse([]byte(input))
	if err != nil {
		t.Fatal(err)
	}
	if l.Format != FormatNewsboat || l.Title != "" {
		t.Errorf("format %q title %q", l.Format, l.Title)
	}
	want := []Subscription{
		{URL: "https://example.org/ai.xml", Title: "Arabic AI news", Folders: []string{"machine learning", "ai", "research"}},
		{URL: "https://example.org/plain.xml"},
		{URL: "https://example.org/frag.xml", Folders: []string{"security"}}, // NormalizeURL drops the fragment
		{URL: "https://example.org/quoted.xml", Title: `Title with "quotes"`},
		{URL: "https://example.org/hidden.xml", Folders: []string{"!muted"}},
		{URL: "https://example.org/crlf.xml", Title: "CRLF"},
		{URL: "https://example.org/ai2.xml"},
	}
	checkSubs(t, l.Subscriptions, want)
	wantSearches := []SavedSearch{
		{Title: "Unread", Query: `unread="yes"`, Line: 8},
		{Title: "Starred", Query: `flags # "s"`, Line: 9},
	}
	if !slices.Equal(l.Searches, wantSearches) {
		t.Errorf("searches %+v, want %+v", l.Searches, wantSearches)
	}
	wantNotes := []string{
		`line 8: tags on a query feed ignored`,
		`line 10: exec: feeds run a command`,
		`line 11: filter: feeds run a command`,
		`line 13: tag "!muted" hides this feed in newsboat; kept as a tag`,
		`line 16: "gopher://example.org/old": unsupported scheme "gopher"`,
		`line 18: "Shopping": a bare word, not a URL`,
		`line 19: "javascript:alert(1)": unsupported scheme "javascript"`,
		`line 20: "data:text/xml,<rss/>": unsupported scheme "data"`,
		`line 21: "file:notes/feed.xml": a file URL needs an absolute path (file:///…)`,
		`line 22: "mailto:feeds@example.com": unsupported scheme "mailto"`,
		`line 23: "localhost:8080/rss": unsupported scheme "localhost"`,
	}
	checkNotes(t, l.Skipped, wantNotes)
}

func TestNewsboatErrors(t *testing.T) {
	tests := []struct {
		name, input string
		line, col   int
		msg         string
	}{
		{"unterminated quote", "https://a.example/x \"ok\"\n\nhttps://b.example/y \"Tech news\n", 3, 21, "unterminated quote"},
		{"quoted URL unterminated", "\"https://a.example/x", 1, 1, "unterminated quote"},
		{"backslash at the end", `https://a.example/x "tag\`, 1, 21, "unterminated quote"},
		{"Arabic before the quote", "https://a.example/x عربي \"أخبار", 1, 26, "unterminated quote"},
		{"invalid UTF-8", "https://a.example/x\nhttps://b.example/y ta\xffg\n", 2, 23, "invalid UTF-8"},
		{"NUL byte", "https://a.example/x\x00", 1, 20, "NUL"},
		{"JSON", "\n  {\"feeds\": []}", 2, 3, "JSON"},
		{"gzip", "\x1f\x8b\x08\x00rest", 1, 1, "gzip"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, err := Parse([]byte(tc.input))
			if err == nil {
				t.Fatalf("no error; list %+v", l)
			}
			if l != nil {
				t.Errorf("a list came back with the error")
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("%v is not a *ParseError", err)
			}
			if pe.Line != tc.line || pe.Column != tc.col || !strings.Contains(pe.Msg, tc.msg) {
				t.Errorf("error %q: line %d column %d, want line %d column %d with %q", err, pe.Line, pe.Column, tc.line, tc.col, tc.msg)
			}
		})
	}
}

func TestNewsboatEmptyAndComments(t *testing.T) {
	for _, input := range []string{"", "\n\n", "# only a comment\n   \n\t# another\n", "\xef\xbb\xbf# BOM then a comment\n"} {
		l, err := Parse([]byte(input))
		if err != nil {
			t.Errorf("%q: %v", input, err)
			continue
		}
		if l.Format != FormatNewsboat || len(l.Subscriptions)+len(l.Searches)+len(l.Skipped) != 0 {
			t.Errorf("%q: %+v, want an empty newsboat list", input, l)
		}
	}
}

func TestRelativePaths(t *testing.T) {
	input := []byte("feeds/local.xml \"~Local\"\n./other.xml\n/abs/feed.xml\nfile:///srv/f.xml\n")
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(string(filepath.Separator), "home", "user", "lists")
	tests := []struct {
		base string
		want []string
	}{
		{"", []string{
			"file://" + filepath.ToSlash(filepath.Join(cwd, "feeds", "local.xml")),
			"file://" + filepath.ToSlash(filepath.Join(cwd, "other.xml")),
			"file:///abs/feed.xml",
			"file:///srv/f.xml",
		}},
		{base, []string{
			"file:///home/user/lists/feeds/local.xml",
			"file:///home/user/lists/other.xml",
			"file:///abs/feed.xml",
			"file:///srv/f.xml",
		}},
	}
	for _, tc := range tests {
		l, err := ParseWithBase(input, tc.base)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range l.Subscriptions {
			got = append(got, s.URL)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("base %q: %q, want %q", tc.base, got, tc.want)
		}
	}
	// The same in OPML.
	doc := `<opml version="2.0"><body><outline text="L" xmlUrl="feeds/local.xml"/></body></opml>`
	l, err := ParseWithBase([]byte(doc), base)
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Subscriptions[0].URL; got != "file:///home/user/lists/feeds/local.xml" {
		t.Errorf("OPML relative path: %q", got)
	}
}

func TestTokenizeQuoted(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{`a b`, []string{"a", "b"}},
		{"a\t\tb \r", []string{"a", "b"}},
		{`"a b" c`, []string{"a b", "c"}},
		{`"a\tb\n\\\x"`, []string{"a\tb\n\\x"}},
		{`a"b c`, []string{`a"b`, "c"}}, // a quote inside a token is literal
		{`"a"b`, []string{"a", "b"}},    // a closing quote ends the token
		{`a#b # c`, []string{"a#b"}},
		{`"#not a comment" x`, []string{"#not a comment", "x"}},
		{`""`, []string{""}},
		{`  `, nil},
	}
	for _, tc := range tests {
		got, err := tokenizeQuoted(tc.in)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: %q, want %q", tc.in, got, tc.want)
		}
	}
}

func checkSubs(t *testing.T, got, want []Subscription) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d subscriptions, want %d:\n%+v", len(got), len(want), got)
	}
	for i := range min(len(got), len(want)) {
		g, w := got[i], want[i]
		if g.URL != w.URL || g.Title != w.Title || g.SiteURL != w.SiteURL || !slices.Equal(g.Folders, w.Folders) {
			t.Errorf("subscription %d:\n got %+v\nwant %+v", i, g, w)
		}
		if _, err := feeds.NormalizeURL(g.URL); err != nil {
			t.Errorf("subscription %d URL %q does not normalize: %v", i, g.URL, err)
		}
	}
}

func checkNotes(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("notes %q, want %d", got, len(want))
		return
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("note %d = %q, want it to start with %q", i, got[i], want[i])
		}
	}
}
