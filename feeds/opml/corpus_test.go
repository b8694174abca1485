package opml

import (
	"bufio"
	"bytes"
	"errors"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/feeds/testcorpus"
)

// brokenFile is what the corpus says about a file that must not parse.
type brokenFile struct {
	line     int    // the line the error must name
	minCol   int    // the error's column must be at least this (0: not checked)
	contains string // a word the message must contain ("" : not checked)
}

var expatRow = regexp.MustCompile("^\\| `(opml/[^`]+)` \\|.*NOT well-formed XML \\(expat: .*?line (\\d+), column (\\d+)\\)")

// brokenOPML returns the files of corpus/opml that must fail: those the
// corpus README marks "NOT well-formed" (expat's line is the oracle; expat
// counts columns from 0, so ours, from 1, must be at least one more), and
// newsboat's two "*-missing" documents, broken on purpose (README: "*-missing
// = broken documents"), with the lines read off the files.
func brokenOPML(t *testing.T) map[string]brokenFile {
	t.Helper()
	readme := filepath.Join(testcorpus.Dir(t, "corpus"), "README.md")
	f, err := os.Open(readme)
	if err != nil {
		t.Fatalf("corpus README: %v", err)
	}
	defer f.Close()
	out := map[string]brokenFile{
		// </opml> on line 6 closes a document without <body>.
		"newsboat/body-element-missing.opml": {line: 6, contains: "body"},
		// <not-opml> is the root element, on line 2.
		"newsboat/opml-element-missing.opml": {line: 2, contains: "not-opml"},
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		m := expatRow.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		out[strings.TrimPrefix(m[1], "opml/")] = brokenFile{line: line, minCol: col + 1}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("corpus README: %v", err)
	}
	if len(out) < 3 {
		t.Fatalf("found %d broken files in the corpus README; the table format must have changed", len(out))
	}
	return out
}

func corpusFiles(t *testing.T) (dir string, rel []string) {
	t.Helper()
	dir = testcorpus.Dir(t, "corpus/opml")
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		r, err := filepath.Rel(dir, p)
		rel = append(rel, filepath.ToSlash(r))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(rel)
	return dir, rel
}

// TestCorpus parses every file of corpus/opml: the broken ones must fail on
// the line the corpus names; the others must parse in the format their name
// says, account for every feed address in the file (each is a subscription or
// has a note on its line), and round-trip through Write.
func TestCorpus(t *testing.T) {
	broken := brokenOPML(t)
	dir, files := corpusFiles(t)
	if len(files) < 40 {
		t.Fatalf("only %d files under corpus/opml", len(files))
	}
	for name := range broken {
		if !slices.Contains(files, name) {
			t.Errorf("README names %s as broken, but it is not in corpus/opml", name)
		}
	}
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
			if err != nil {
				t.Fatal(err)
			}
			list, err := Parse(data)
			if want, ok := broken[name]; ok {
				if faultIsBareAmpersand(data, want) {
					// Read as text with a note (see parseOPML); the file
					// then parses, or fails on a later fault.
					checkBareAmpersand(t, data, list, err, want)
					return
				}
				checkBroken(t, list, err, want)
				return
			}
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			wantFormat := FormatNewsboat
			if ext := filepath.Ext(name); ext == ".opml" || ext == ".xml" {
				wantFormat = FormatOPML
			}
			if list.Format != wantFormat {
				t.Errorf("Format = %q, want %q", list.Format, wantFormat)
			}
			if wantFormat == FormatOPML {
				checkOPMLAccounting(t, data, list)
			} else {
				checkNewsboatAccounting(t, data, list)
			}
			checkRoundTrip(t, list)
		})
	}
}

// faultIsBareAmpersand reports whether expat's first fault (want.line,
// want.minCol-1 in characters from 0) is an "&" that starts no reference.
func faultIsBareAmpersand(data []byte, want brokenFile) bool {
	lines := bytes.Split(data, []byte("\n"))
	if want.line < 1 || want.line > len(lines) {
		return false
	}
	runes := []rune(string(lines[want.line-1]))
	col := want.minCol - 1
	// expat points at the "&" or just after it.
	for _, c := range []int{col, col - 1} {
		if c >= 0 && c < len(runes) && runes[c] == '&' {
			return true
		}
	}
	return false
}

func checkBareAmpersand(t *testing.T, data []byte, list *List, err error, want brokenFile) {
	t.Helper()
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("error %v (%T) is not a *ParseError", err, err)
		}
		if pe.Line <= want.line {
			t.Fatalf("error %q: a bare & on line %d must be read as text, so a failure can only come later", err, want.line)
		}
		return
	}
	note := "line " + strconv.Itoa(want.line) + ": a bare & was read as text"
	if !slices.Contains(list.Skipped, note) {
		t.Errorf("no note %q in %q", note, list.Skipped)
	}
	checkOPMLAccounting(t, data, list)
	checkRoundTrip(t, list)
}

func checkBroken(t *testing.T, list *List, err error, want brokenFile) {
	t.Helper()
	if err == nil {
		t.Fatalf("Parse succeeded with %d subscriptions; want an error on line %d", len(list.Subscriptions), want.line)
	}
	if list != nil {
		t.Errorf("Parse returned a list along with the error %v", err)
	}
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *ParseError", err, err)
	}
	if pe.Line != want.line {
		t.Errorf("error %q is on line %d, want %d", err, pe.Line, want.line)
	}
	if want.minCol > 0 && pe.Column < want.minCol {
		t.Errorf("error %q: column %d is before the fault at column %d", err, pe.Column, want.minCol)
	}
	if want.contains != "" && !strings.Contains(pe.Msg, want.contains) {
		t.Errorf("error %q does not mention %q", err, want.contains)
	}
	if !strings.Contains(err.Error(), "line "+strconv.Itoa(pe.Line)) {
		t.Errorf("error text %q does not name the line", err)
	}
}

var (
	outlineTag = regexp.MustCompile(`<outline\b(?:[^>"']|"[^"]*"|'[^']*')*>`) // ">" may occur in quoted values
	attrRe     = regexp.MustCompile(`([A-Za-z:_][-A-Za-z0-9:_.]*)\s*=\s*("[^"]*"|'[^']*')`)
)

// checkOPMLAccounting finds the xmlUrl attributes with regular expressions,
// independently of encoding/xml, and checks that every one is a
// subscription or is explained by a note on its line, and that every
// subscription comes from one of them.
func checkOPMLAccounting(t *testing.T, data []byte, list *List) {
	t.Helper()
	subs := map[string]bool{}
	for _, s := range list.Subscriptions {
		if subs[s.URL] {
			t.Errorf("subscription %s listed twice", s.URL)
		}
		subs[s.URL] = true
	}
	noted := map[int]bool{}
	for _, n := range list.Skipped {
		l, _, ok := strings.Cut(strings.TrimPrefix(n, "line "), ":")
		num, err := strconv.Atoi(l)
		if !strings.HasPrefix(n, "line ") || !ok || err != nil {
			t.Errorf("note %q does not start with its line", n)
			continue
		}
		noted[num] = true
	}
	fromFile := map[string]bool{}
	count := 0
	for _, loc := range outlineTag.FindAllIndex(data, -1) {
		line := 1 + bytes.Count(data[:loc[0]], []byte("\n"))
		for _, a := range attrRe.FindAllSubmatch(data[loc[0]:loc[1]], -1) {
			if !strings.EqualFold(string(a[1]), "xmlUrl") {
				continue
			}
			count++
			raw := html.UnescapeString(string(a[2][1 : len(a[2])-1]))
			u, err := feeds.NormalizeURL(raw)
			switch {
			case err == nil && subs[u]:
				fromFile[u] = true
			case noted[line]:
			default:
				t.Errorf("line %d: xmlUrl %q is neither a subscription nor noted as skipped", line, raw)
			}
		}
	}
	for u := range subs {
		if !fromFile[u] {
			t.Errorf("subscription %s does not come from any xmlUrl in the file", u)
		}
	}
	t.Logf("%d xmlUrl attributes, %d subscriptions, %d notes", count, len(list.Subscriptions), len(list.Skipped))
}

// checkNewsboatAccounting counts feed and query lines with plain string
// functions: every line whose first field is an http(s) address must be a
// subscription, and every "query:" line a saved search.
func checkNewsboatAccounting(t *testing.T, data []byte, list *List) {
	t.Helper()
	urls := map[string]bool{}
	queries := 0
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		first := strings.TrimPrefix(fields[0], `"`)
		switch {
		case strings.HasPrefix(first, "http://"), strings.HasPrefix(first, "https://"):
			u, err := feeds.NormalizeURL(first)
			if err != nil {
				// An address nashra cannot fetch must be reported, not dropped silently.
				if !slices.ContainsFunc(list.Skipped, func(n string) bool { return strings.Contains(n, first) }) {
					t.Errorf("NormalizeURL(%q): %v, and no note says it was skipped", first, err)
				}
				continue
			}
			urls[u] = true
		case strings.HasPrefix(first, "query:"):
			queries++
		}
	}
	got := map[string]bool{}
	for _, s := range list.Subscriptions {
		got[s.URL] = true
	}
	if !mapsEqual(got, urls) {
		t.Errorf("subscriptions %v, want the addresses %v", keys(got), keys(urls))
	}
	if len(list.Searches) != queries {
		t.Errorf("%d saved searches, want %d query lines", len(list.Searches), queries)
	}
}

// checkRoundTrip writes the list as OPML and parses it back: the same
// subscriptions must come back, and writing them again gives the same bytes.
func checkRoundTrip(t *testing.T, list *List) {
	t.Helper()
	var first bytes.Buffer
	if err := Write(&first, list.Title, list.Subscriptions); err != nil {
		t.Fatalf("Write: %v", err)
	}
	back, err := Parse(first.Bytes())
	if err != nil {
		t.Fatalf("Parse(Write(list)): %v\n%s", err, first.Bytes())
	}
	if back.Format != FormatOPML || back.Title != list.Title {
		t.Errorf("round trip: format %q title %q, want opml %q", back.Format, back.Title, list.Title)
	}
	if len(back.Skipped) != 0 {
		t.Errorf("round trip: notes on our own output: %q", back.Skipped)
	}
	want := bySubURL(list.Subscriptions)
	got := bySubURL(back.Subscriptions)
	if len(got) != len(want) {
		t.Errorf("round trip: %d subscriptions, want %d", len(got), len(want))
	}
	for u, w := range want {
		g, ok := got[u]
		switch {
		case !ok:
			t.Errorf("round trip lost %s", u)
		case g.Title != w.Title || g.SiteURL != w.SiteURL || !slices.Equal(g.Folders, w.Folders):
			t.Errorf("round trip changed %s:\n got %+v\nwant %+v", u, g, w)
		}
	}
	var second bytes.Buffer
	if err := Write(&second, back.Title, back.Subscriptions); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Errorf("Write(Parse(Write(list))) differs from Write(list)")
	}
}

// TestCorpusSameListTwoFormats: Almo7aya's OPML export and newsboat urls file
// hold the same feeds (corpus README); the folders of the one must be the
// tags of the other.
func TestCorpusSameListTwoFormats(t *testing.T) {
	dir := testcorpus.Dir(t, "corpus/opml")
	parse := func(rel string) *List {
		data, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		l, err := Parse(data)
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		return l
	}
	o := bySubURL(parse("almo7aya/frontend-feeds.opml").Subscriptions)
	n := bySubURL(parse("newsboat-urls/Almo7aya_dotfiles.urls").Subscriptions)
	// 278 feeds each (corpus README), less the one whose host has a U+2024
	// look-alike dot ("pqina\u2024nl"), which NormalizeURL refuses and the
	// parser reports as skipped.
	if len(o) != 277 || len(n) != 277 {
		t.Fatalf("%d OPML and %d urls subscriptions, want 277 each", len(o), len(n))
	}
	for u, s := range o {
		if !slices.Equal(s.Folders, n[u].Folders) {
			t.Errorf("%s: OPML folders %q, urls tags %q", u, s.Folders, n[u].Folders)
		}
	}
}

// TestCorpusNesting checks folders against the files, read by eye.
func TestCorpusNesting(t *testing.T) {
	dir := testcorpus.Dir(t, "corpus/opml")
	tests := []struct {
		file   string
		subs   int
		url    string
		title  string
		folder []string
	}{
		// <outline text="Blogs" title="should be ignored"> > <outline title="friends"> > feed
		{"newsboat/example.opml", 7, "https://blogs.example.com/~mike/.rss", "Notes by Mike", []string{"Blogs", "friends"}},
		{"newsboat/example.opml", 7, "https://example.com/feed.xml", "example.com website", nil},
		// the feed has text= only
		{"newsboat/example2.opml", 7, "https://example.com/five.atom", "another title", nil},
		{"newsboat/example2.opml", 7, "https://third.example.com/~of/internet.rss", "Really?", []string{"Rant boards", "humans"}},
		// two folder paths tag1/tag2 and tag1/tag3
		{"newsboat/test-urls+.opml", 4, "http://onemorefeed.at/feed/", "One more feed", []string{"tag1", "tag3"}},
		// category="tag one,tag_two,tag/three" and title=""
		{"newsboat/category.opml", 1, "http://feeds.bbci.co.uk/news/business/rss.xml?edition=int", "", []string{"tag one", "tag_two", "tag/three"}},
		// nested folders and a category attribute together
		{"rome/opml_2.0.xml", 11, "http://rss.slashdot.org/slashdot/eqWf", "Slashdot", []string{"Subscriptions", "nerdy", "foo", "bar", "baz"}},
		// 14 feeds + 2 search folders (vfolder) with xmlUrl="vfolder"
		{"liferea/feedlist_en.opml", 14, "https://feeds.arstechnica.com/arstechnica/index", "Ars Technica", []string{"Example Feeds", "News"}},
		// folders are type='rss' outlines without xmlUrl
		{"feeder/Flym_auto_backup.opml", 11, "http://www.smbc-comics.com/rss.php", "SMBC", []string{"black humor"}},
		// newsboat: unquoted ~title, tab-separated quoted "~another title"
		{"newsboat/test-urls.txt", 3, "http://test1.url.cc/feed.xml", "title", []string{"tag1", "tag2"}},
		{"newsboat/test-urls.txt", 3, "http://onemorefeed.at/feed/", "another title", []string{"tag1", "tag3"}},
		// the same URL on two lines: tags united
		{"newsboat/test-duplicate-urls.txt", 1, "http://anotherfeed.com/", "", []string{"tag1", "tag2", "tag3", "tag4"}},
		{"newsboat-urls/LukeSmithxyz_voidrice.urls", 10, "https://github.com/LukeSmithxyz/voidrice/commits/master.atom", "LARBS dotfiles", nil},
	}
	for _, tc := range tests {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(tc.file)))
		if err != nil {
			t.Fatal(err)
		}
		l, err := Parse(data)
		if err != nil {
			t.Errorf("%s: %v", tc.file, err)
			continue
		}
		if len(l.Subscriptions) != tc.subs {
			t.Errorf("%s: %d subscriptions, want %d", tc.file, len(l.Subscriptions), tc.subs)
		}
		s, ok := bySubURL(l.Subscriptions)[tc.url]
		if !ok {
			t.Errorf("%s: no subscription %s", tc.file, tc.url)
			continue
		}
		if s.Title != tc.title || !slices.Equal(s.Folders, tc.folder) {
			t.Errorf("%s: %s has title %q folders %q, want %q %q", tc.file, tc.url, s.Title, s.Folders, tc.title, tc.folder)
		}
	}
}

// TestCorpusNotes checks the notes on files with entries to skip.
func TestCorpusNotes(t *testing.T) {
	dir := testcorpus.Dir(t, "corpus/opml")
	tests := []struct {
		file     string
		searches int
		notes    []string // substrings, one note each, in order
	}{
		{"liferea/feedlist_fa.opml", 0, []string{`line 10:`, `line 41: outline "خوانده\u200cنشده" is type="vfolder"`, `line 42:`, `line 44:`, `line 45:`}},
		{"newsboat/piped.opml", 0, []string{`line 8: outline "Birdsite search": newsboat command feed`}},
		{"newsboat/filtered.opml", 0, []string{`line 11: outline "Firehose": newsboat filtercmd`}},
		{"newsboat/926-urls", 0, []string{`line 1: exec: feeds`}},
		{"newsboat-urls/22mahmoud_dotfiles.urls", 4, nil},
		{"rome/opml_2.0.xml", 0, []string{`line 24: outline "tech people" has no xmlUrl`, `line 26: outline "podcasts"`}},
	}
	for _, tc := range tests {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(tc.file)))
		if err != nil {
			t.Fatal(err)
		}
		l, err := Parse(data)
		if err != nil {
			t.Errorf("%s: %v", tc.file, err)
			continue
		}
		if len(l.Searches) != tc.searches {
			t.Errorf("%s: %d searches, want %d", tc.file, len(l.Searches), tc.searches)
		}
		if len(l.Skipped) != len(tc.notes) {
			t.Errorf("%s: notes %q, want %d", tc.file, l.Skipped, len(tc.notes))
			continue
		}
		for i, want := range tc.notes {
			if !strings.Contains(l.Skipped[i], want) {
				t.Errorf("%s: note %q does not contain %q", tc.file, l.Skipped[i], want)
			}
		}
	}
	// The "hhttps" typo of Liferea's Persian list is skipped, not fatal.
	data, err := os.ReadFile(filepath.Join(dir, "liferea", "feedlist_fa.opml"))
	if err != nil {
		t.Fatal(err)
	}
	l, _ := Parse(data)
	if l != nil && !strings.Contains(l.Skipped[0], `"hhttps"`) {
		t.Errorf("note %q does not name the unsupported scheme", l.Skipped[0])
	}
	// The query lines of 22mahmoud's urls file, with their escaped quotes.
	data, err = os.ReadFile(filepath.Join(dir, "newsboat-urls", "22mahmoud_dotfiles.urls"))
	if err != nil {
		t.Fatal(err)
	}
	if l, err = Parse(data); err != nil {
		t.Fatal(err)
	}
	if got := l.Searches[0]; got.Title != "→ Unread Articles" || got.Query != `unread = "yes"` || got.Line != 1 {
		t.Errorf("first search = %+v", got)
	}
	if got := l.Searches[2]; got.Title != "Reddit" || got.Query != `(tags # "reddit")` || got.Line != 3 {
		t.Errorf("third search = %+v", got)
	}
}

func bySubURL(subs []Subscription) map[string]Subscription {
	m := make(map[string]Subscription, len(subs))
	for _, s := range subs {
		m[s.URL] = s
	}
	return m
}

func mapsEqual(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
