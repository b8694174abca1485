package feeds

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/nashra-reader/nashra/feeds/testcorpus"
)

// hardResult is what polling one file of corpus/hard gave.
type hardResult struct {
	rel   string
	url   string
	meta  Meta
	items []Item
	err   error
}

// TestHardCorpus serves every file of ../shared/corpus/hard (test suites
// and broken feeds from gofeed, feedparser, the W3C feed validator, KDE,
// ROME, newsboat, miniflux and others) over HTTP with a feed Content-Type
// and no charset, and polls each through the real poller. Every file must
// give items or a readable one-line error, without a panic and within a
// deadline. Where the file carries an expected result, the test compares
// (gofeed's .json, KDE's .expected, feedparser's Expect: comments on
// title, link and entry count) and logs the agreement and an error
// histogram (run with -v).
func TestHardCorpus(t *testing.T) {
	root := testcorpus.Dir(t, "corpus/hard")
	srv := serveDir(t, root)
	files := corpusFilesAll(t, root)
	p := NewPoller(Config{Timeout: 20 * time.Second}, nil)

	results := make([]hardResult, len(files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i, rel := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			u := srv.URL + escapePath(rel)
			done := make(chan Result, 1)
			go func() { done <- p.Poll(context.Background(), Request{URL: u}) }()
			select {
			case res := <-done:
				results[i] = hardResult{rel: rel, url: u, meta: res.Meta, items: res.Items, err: res.Err}
			case <-time.After(60 * time.Second):
				t.Errorf("%s: no result after 60s (hang)", rel)
				results[i] = hardResult{rel: rel, url: u, err: errors.New("hang")}
			}
		}()
	}
	wg.Wait()

	byRel := map[string]*hardResult{}
	hist := map[string]int{}
	var withItems, noItems, failed, itemCount int
	for i := range results {
		r := &results[i]
		byRel[r.rel] = r
		if r.err != nil {
			failed++
			msg := r.err.Error()
			if msg == "" || strings.ContainsAny(msg, "\n\r") || utf8.RuneCountInString(msg) > 300 || SanitizeLine(msg) != msg {
				t.Errorf("%s: unreadable error %q", r.rel, msg)
			}
			if strings.HasPrefix(msg, "internal error") {
				t.Errorf("%s: panic: %s", r.rel, msg)
			}
			hist[histKey(msg)]++
			continue
		}
		checkInvariants(t, r.rel, r.meta, r.items)
		itemCount += len(r.items)
		if len(r.items) > 0 {
			withItems++
		} else {
			noItems++
		}
	}
	t.Logf("corpus/hard: %d files: %d with items (%d items), %d parsed with no items, %d errors",
		len(files), withItems, itemCount, noItems, failed)
	keys := make([]string, 0, len(hist))
	for k := range hist {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return hist[keys[i]] > hist[keys[j]] || hist[keys[i]] == hist[keys[j]] && keys[i] < keys[j]
	})
	for _, k := range keys {
		t.Logf("  %4d  %s", hist[k], k)
	}

	g := compareGofeedOracle(t, root, byRel)
	k := compareKDEOracle(t, root, byRel)
	f := compareFeedparserOracle(t, root, byRel)
	for _, o := range []oracleStats{g, k, f} {
		t.Logf("%s", o)
		for _, d := range o.diffs {
			t.Logf("    %s", d)
		}
	}
	// Regression floors, under the agreement measured when this test was
	// written (see the issue note; the remaining differences are by design:
	// entities decoded once, identical entries merged, document order): a
	// drop below them means the pipeline lost items or mangled titles it
	// used to read.
	for _, c := range []struct {
		o     oracleStats
		floor int // percent of files agreeing fully
	}{{g, 95}, {k, 75}, {f, 85}} {
		if c.o.files == 0 || c.o.agree*100 < c.o.files*c.floor {
			t.Errorf("%s: %d of %d files agree, below the %d%% floor", c.o.name, c.o.agree, c.o.files, c.floor)
		}
	}
	// Every feed-looking file (by extension) gives its items: the only
	// acceptable errors are "empty" and "not a feed" (test files that are
	// HTML pages, other XML, empty documents) — never a malformed feed.
	for _, r := range results {
		switch path.Ext(r.rel) {
		case ".xml", ".rss", ".atom", ".rdf":
			if r.err != nil && !errors.Is(r.err, ErrNotFeed) && !errors.Is(r.err, ErrEmpty) {
				t.Errorf("%s: %v", r.rel, r.err)
			}
		}
	}
}

// corpusFilesAll lists every file under root, relative and slash-separated.
func corpusFilesAll(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

var digits = regexp.MustCompile(`[0-9]+`)

// histKey groups error messages: numbers become N, URLs and element names
// are kept short.
func histKey(msg string) string {
	if i := strings.Index(msg, " (found alternate"); i >= 0 {
		msg = msg[:i] + " (found alternate feeds)"
	}
	msg = digits.ReplaceAllString(msg, "N")
	if r := []rune(msg); len(r) > 90 {
		msg = string(r[:90]) + "…"
	}
	return msg
}

// oracleStats counts agreement with one source of expected results. A
// file agrees when the item count and every compared title and link agree.
type oracleStats struct {
	name                                   string
	files, agree, countOK, titleOK, linkOK int
	counts, titles, links                  int // individual values compared
	notParsed                              int // files with an oracle that nashra rejected
	diffs                                  []string
}

func (o oracleStats) String() string {
	return fmt.Sprintf("%s: %d files compared, %d agree fully; item counts %d/%d; titles %d/%d; links %d/%d; rejected %d",
		o.name, o.files, o.agree, o.countOK, o.counts, o.titleOK, o.titles, o.linkOK, o.links, o.notParsed)
}

func (o *oracleStats) diff(format string, args ...any) {
	if len(o.diffs) < 40 {
		o.diffs = append(o.diffs, fmt.Sprintf(format, args...))
	}
}

// compareGofeedOracle compares with gofeed's expected output: X.json next
// to X.xml (X_expected.json next to a JSON input), holding "items" (RSS,
// universal) or "entries" (Atom).
func compareGofeedOracle(t *testing.T, root string, byRel map[string]*hardResult) oracleStats {
	o := oracleStats{name: "gofeed .json"}
	for rel, r := range byRel {
		if !strings.HasPrefix(rel, "gofeed/") {
			continue
		}
		ext := path.Ext(rel)
		stem := strings.TrimSuffix(rel, ext)
		var expRel string
		switch ext {
		case ".xml", ".rss", ".atom", ".rdf":
			expRel = stem + ".json"
		case ".json":
			if strings.HasSuffix(stem, "_expected") {
				continue
			}
			expRel = stem + "_expected.json"
		default:
			continue
		}
		raw, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(expRel)))
		if err != nil {
			continue
		}
		var exp map[string]any
		if json.Unmarshal(raw, &exp) != nil {
			continue
		}
		list, _ := exp["items"].([]any)
		if list == nil {
			list, _ = exp["entries"].([]any)
		}
		o.files++
		if r.err != nil {
			o.notParsed++
			o.diff("%s: rejected: %v", rel, r.err)
			continue
		}
		ok := true
		o.counts++
		if len(list) == len(r.items) {
			o.countOK++
		} else {
			ok = false
			o.diff("%s: %d items, expected %d", rel, len(r.items), len(list))
		}
		base, _ := url.Parse(r.url)
		titlesOK, linksOK := true, true
		htmlTitles := atomHTMLTitlesXML(filepath.Join(root, filepath.FromSlash(rel)))
		for i := 0; i < len(list) && i < len(r.items); i++ {
			m, _ := list[i].(map[string]any)
			if title, has := m["title"].(string); has {
				o.titles++
				want := normExpected(title)
				if i < len(htmlTitles) && htmlTitles[i] {
					// gofeed keeps an HTML or XHTML title as markup:
					// its text is what a reader shows.
					want = normTitle(htmlText(title))
				}
				if want == normTitle(r.items[i].Title) {
					o.titleOK++
				} else {
					titlesOK = false
					o.diff("%s item %d: title %q, expected %q", rel, i, r.items[i].Title, title)
				}
			}
			if link, has := gofeedLink(m); has {
				o.links++
				if normLink(base, link) == r.items[i].URL {
					o.linkOK++
				} else {
					linksOK = false
					o.diff("%s item %d: link %q, expected %q", rel, i, r.items[i].URL, link)
				}
			}
		}
		if ok && titlesOK && linksOK {
			o.agree++
		}
	}
	return o
}

// atomHTMLTitlesXML reads an Atom file with encoding/xml (independently of
// the pipeline's own scan) and reports, for each entry in order, whether
// its title is declared HTML or XHTML (type html, xhtml, text/html or
// application/xhtml+xml). nil when the file is not Atom or not well-formed.
func atomHTMLTitlesXML(file string) []bool {
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	d := xml.NewDecoder(bytes.NewReader(raw))
	d.Strict = false
	var out []bool
	var stack []string
	for {
		tok, err := d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return out
			}
			return nil
		}
		switch e := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(e.Name.Local)
			if len(stack) == 1 && stack[0] == "feed" && name == "entry" {
				out = append(out, false)
			}
			if len(stack) == 2 && stack[1] == "entry" && name == "title" && len(out) > 0 {
				for _, a := range e.Attr {
					if a.Name.Local == "type" {
						switch strings.ToLower(strings.TrimSpace(a.Value)) {
						case "html", "xhtml", "text/html", "application/xhtml+xml":
							out[len(out)-1] = true
						}
					}
				}
			}
			stack = append(stack, name)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
}

// gofeedLink returns an expected item's link: "link", or the first Atom
// link with rel alternate (or no rel).
func gofeedLink(m map[string]any) (string, bool) {
	if l, ok := m["link"].(string); ok {
		return l, true
	}
	links, _ := m["links"].([]any)
	for _, x := range links {
		switch l := x.(type) {
		case map[string]any:
			if rel, _ := l["rel"].(string); rel == "" || rel == "alternate" {
				href, _ := l["href"].(string)
				return href, true
			}
		case string:
			return l, true
		}
	}
	return "", false
}

// kdeItem is one item of a KDE syndication .expected dump.
type kdeItem struct{ title, link string }

// parseKDEExpected reads the fields of a KDE .expected dump: "key: #value#"
// lines (a value may span lines), in "# Item begin"/"# Item end" blocks;
// fields of nested "# Person" and other blocks are skipped.
func parseKDEExpected(s string) (feedTitle string, items []kdeItem) {
	lines := strings.Split(s, "\n")
	inItem, nested := false, 0
	var cur *kdeItem
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case strings.HasPrefix(l, "# Item begin"):
			inItem, nested = true, 0
			items = append(items, kdeItem{})
			cur = &items[len(items)-1]
			continue
		case strings.HasPrefix(l, "# Item end"):
			inItem = false
			continue
		case strings.HasPrefix(l, "# ") && strings.Contains(l, " begin"):
			nested++
			continue
		case strings.HasPrefix(l, "# ") && strings.Contains(l, " end"):
			if nested > 0 {
				nested--
			}
			continue
		}
		colon := strings.Index(l, ": #")
		if colon < 0 {
			continue
		}
		key := l[:colon]
		val := l[colon+3:]
		for !strings.HasSuffix(val, "#") && i+1 < len(lines) {
			i++
			val += "\n" + lines[i]
		}
		val = strings.TrimSuffix(val, "#")
		if nested > 0 {
			continue
		}
		switch {
		case inItem && key == "title":
			cur.title = val
		case inItem && key == "link":
			cur.link = val
		case !inItem && key == "title":
			feedTitle = val
		}
	}
	return feedTitle, items
}

// compareKDEOracle compares with KDE syndication's .expected dumps, whose
// titles are HTML (entities escaped): they are unescaped once before
// comparing.
func compareKDEOracle(t *testing.T, root string, byRel map[string]*hardResult) oracleStats {
	o := oracleStats{name: "KDE .expected"}
	for rel := range byRel {
		if !strings.HasSuffix(rel, ".expected") {
			continue
		}
		r := byRel[strings.TrimSuffix(rel, ".expected")]
		if r == nil {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			continue
		}
		_, exp := parseKDEExpected(string(raw))
		o.files++
		if r.err != nil {
			o.notParsed++
			o.diff("%s: rejected: %v", r.rel, r.err)
			continue
		}
		ok := len(exp) == len(r.items)
		o.counts++
		if ok {
			o.countOK++
		} else {
			o.diff("%s: %d items, expected %d", r.rel, len(r.items), len(exp))
		}
		base, _ := url.Parse(r.url)
		for i := 0; i < len(exp) && i < len(r.items); i++ {
			if exp[i].title != "" {
				o.titles++
				if normTitle(htmlText(exp[i].title)) == normTitle(r.items[i].Title) {
					o.titleOK++
				} else {
					ok = false
					o.diff("%s item %d: title %q, expected %q", r.rel, i, r.items[i].Title, exp[i].title)
				}
			}
			if exp[i].link != "" {
				o.links++
				if normLink(base, htmlText(exp[i].link)) == r.items[i].URL {
					o.linkOK++
				} else {
					ok = false
					o.diff("%s item %d: link %q, expected %q", r.rel, i, r.items[i].URL, exp[i].link)
				}
			}
		}
		if ok {
			o.agree++
		}
	}
	return o
}

// expectLine finds feedparser's "Expect:" expression in a test file's
// leading comment.
var expectLine = regexp.MustCompile(`Expect:\s*(.*)`)

// expectClause matches the comparisons the oracle checks:
// feed['title'], feed.link, entries[0]['title'], entries[1].link … == a
// Python string literal, and len(entries) == N.
var (
	expectValue = regexp.MustCompile(`(feed|entries\[(\d+)\])(?:\[['"](title|link)['"]\]|\.(title|link))\s*==\s*(u?'(?:[^'\\]|\\.)*'|u?"(?:[^"\\]|\\.)*")`)
	expectLen   = regexp.MustCompile(`len\(entries\)\s*==\s*(\d+)`)
)

// pyString decodes a Python string literal (with its quotes, u prefix
// allowed): \uXXXX, \UXXXXXXXX, \xXX, \n, \t, \r, \\, \', \".
func pyString(lit string) (string, bool) {
	lit = strings.TrimPrefix(lit, "u")
	if len(lit) < 2 {
		return "", false
	}
	body := lit[1 : len(lit)-1]
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' || i+1 == len(body) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := body[i]; e {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '\\', '\'', '"':
			b.WriteByte(e)
		case 'x', 'u', 'U':
			n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
			if i+n >= len(body)+1 || i+1+n > len(body) {
				return "", false
			}
			v, err := strconv.ParseUint(body[i+1:i+1+n], 16, 32)
			if err != nil {
				return "", false
			}
			b.WriteRune(rune(v))
			i += n
		default:
			b.WriteByte('\\')
			b.WriteByte(e)
		}
	}
	return b.String(), true
}

// feedparserServer is the address feedparser's own test server used;
// expected values naming it are compared with this test's server.
const feedparserServer = "http://127.0.0.1:8097"

// compareFeedparserOracle checks the title, link and entry-count clauses
// of the Expect: comments (feedparser, the feed validator, gofeed). An
// expression with "or" agrees when one alternative does. Tests of HTTP
// headers (Content-Location …) are skipped: the corpus has no headers.
func compareFeedparserOracle(t *testing.T, root string, byRel map[string]*hardResult) oracleStats {
	o := oracleStats{name: "feedparser Expect:"}
	for rel, r := range byRel {
		if strings.Contains(rel, "/http/headers_") {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			continue
		}
		head := string(raw[:min(len(raw), 2048)])
		m := expectLine.FindStringSubmatch(head)
		if m == nil {
			continue
		}
		expr := strings.TrimSuffix(strings.TrimSpace(m[1]), "-->")
		if !expectValue.MatchString(expr) && !expectLen.MatchString(expr) {
			continue
		}
		o.files++
		if r.err != nil {
			o.notParsed++
			o.diff("%s: rejected: %v (expected %s)", rel, r.err, expr)
			continue
		}
		base, _ := url.Parse(r.url)
		server := base.Scheme + "://" + base.Host
		var firstDiffs []string
		agreed := false
		for _, alt := range strings.Split(expr, " or ") {
			ok, diffs := checkExpect(r, alt, base, server, &o)
			if ok {
				agreed = true
				break
			}
			if firstDiffs == nil {
				firstDiffs = diffs
			}
		}
		if agreed {
			o.agree++
			continue
		}
		for _, d := range firstDiffs {
			o.diff("%s: %s", rel, d)
		}
	}
	return o
}

// checkExpect evaluates the title, link and len(entries) clauses of one
// alternative of an Expect: expression, counting compared values in o.
func checkExpect(r *hardResult, expr string, base *url.URL, server string, o *oracleStats) (bool, []string) {
	ok := true
	var diffs []string
	for _, l := range expectLen.FindAllStringSubmatch(expr, -1) {
		n, _ := strconv.Atoi(l[1])
		o.counts++
		if n == len(r.items) {
			o.countOK++
		} else {
			ok = false
			diffs = append(diffs, fmt.Sprintf("%d entries, expected %d", len(r.items), n))
		}
	}
	for _, v := range expectValue.FindAllStringSubmatch(expr, -1) {
		want, good := pyString(v[5])
		if !good {
			continue
		}
		want = strings.ReplaceAll(want, feedparserServer, server)
		field := v[3] + v[4]
		var got string
		if v[1] == "feed" {
			got = r.meta.Title
			if field == "link" {
				got = r.meta.SiteURL
			}
		} else {
			i, _ := strconv.Atoi(v[2])
			if i >= len(r.items) {
				ok = false
				diffs = append(diffs, fmt.Sprintf("no entry %d (expected %s)", i, v[0]))
				continue
			}
			got = r.items[i].Title
			if field == "link" {
				got = r.items[i].URL
			}
		}
		if field == "title" {
			o.titles++
			if normTitle(got) == normExpected(want) {
				o.titleOK++
				continue
			}
		} else {
			o.links++
			if got == normLink(base, want) {
				o.linkOK++
				continue
			}
		}
		ok = false
		diffs = append(diffs, fmt.Sprintf("%s.%s = %q, expected %q", v[1], field, got, want))
	}
	return ok, diffs
}
