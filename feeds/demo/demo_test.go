package demo

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// bodyContext is the context element for parsing a content fragment.
func bodyContext() *html.Node {
	return &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
}

// expectedFeeds says what each embedded feed must be. Every embedded file
// must appear here (TestCatalogMatchesEmbeddedFiles), so a feed added without
// expectations fails.
var expectedFeeds = map[string]struct {
	feedType string // gofeed FeedType
	lang     string // feed language (primary subtag)
	minItems int
}{
	"ar-rss.xml":  {"rss", "ar", 10},
	"ar-atom.xml": {"atom", "ar", 10},
	"en-rss.xml":  {"rss", "en", 10},
	"en-atom.xml": {"atom", "en", 10},
	"briefs.json": {"json", "en", 3},
}

// englishHeadlines are the items of Arabic feeds whose title is deliberately
// English (an English headline over an Arabic body), by link slug.
var englishHeadlines = []string{"mistral-le-chat-enterprise-arabic"}

// demoItem is one parsed item with what the checks below need.
type demoItem struct {
	file string
	lang string // "ar" or "en": the item's own language (feed language, or JSON Feed item language)
	item *gofeed.Item
	slug string // last path segment of the link
	html string // content, else description, as gofeed returns it
	text string // title + body text with markup removed
}

func parseFeed(t *testing.T, name string) *gofeed.Feed {
	t.Helper()
	b, err := Open(name)
	if err != nil {
		t.Fatalf("Open(%q): %v", name, err)
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return f
}

// allItems parses every feed once per call and returns its items.
func allItems(t *testing.T) []demoItem {
	t.Helper()
	var out []demoItem
	for _, name := range Files() {
		f := parseFeed(t, name)
		feedLang := primaryLang(f.Language)
		// JSON Feed 1.1 items may carry their own language, which gofeed
		// does not expose; read it from the raw items.
		var jsonLangs []string
		if f.FeedType == "json" {
			jsonLangs = jsonItemLanguages(t, name)
		}
		for i, it := range f.Items {
			lang := feedLang
			if i < len(jsonLangs) && jsonLangs[i] != "" {
				lang = primaryLang(jsonLangs[i])
			}
			body := it.Content
			if body == "" {
				body = it.Description
			}
			out = append(out, demoItem{
				file: name,
				lang: lang,
				item: it,
				slug: path.Base(it.Link),
				html: body,
				text: it.Title + "\n" + htmlText(t, body),
			})
		}
	}
	return out
}

func primaryLang(tag string) string {
	l, _, _ := strings.Cut(strings.ToLower(tag), "-")
	return l
}

func jsonItemLanguages(t *testing.T, name string) []string {
	t.Helper()
	b, err := Open(name)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Items []struct {
			Language string `json:"language"`
		} `json:"items"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	langs := make([]string, len(doc.Items))
	for i, it := range doc.Items {
		langs[i] = it.Language
	}
	return langs
}

// htmlText returns the character data of an HTML fragment, blocks separated
// by newlines.
func htmlText(t *testing.T, fragment string) string {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(fragment), bodyContext())
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			sb.WriteString(n.Data)
		case html.ElementNode:
			if n.Data == "p" || n.Data == "li" || n.Data == "div" {
				sb.WriteString("\n")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return sb.String()
}

func hasArabicLetter(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func TestCatalogMatchesEmbeddedFiles(t *testing.T) {
	entries, err := fs.ReadDir(data, "data")
	if err != nil {
		t.Fatal(err)
	}
	var embedded []string
	for _, e := range entries {
		embedded = append(embedded, e.Name())
	}
	listed := slices.Clone(Files())
	slices.Sort(listed)
	if !slices.Equal(embedded, listed) {
		t.Errorf("Files() = %v, embedded data/ holds %v", listed, embedded)
	}
	for _, name := range Files() {
		if _, ok := expectedFeeds[name]; !ok {
			t.Errorf("%s has no entry in expectedFeeds", name)
		}
	}
	if len(expectedFeeds) != len(Files()) {
		t.Errorf("expectedFeeds has %d entries, Files() %d", len(expectedFeeds), len(Files()))
	}
}

func TestOpen(t *testing.T) {
	b, err := Open("ar-rss.xml")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := data.ReadFile("data/ar-rss.xml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, raw) {
		t.Error("Open returned bytes that differ from the embedded file")
	}
	b[0] = 'X' // the caller owns the copy
	if again, _ := Open("ar-rss.xml"); again[0] != '<' {
		t.Error("modifying Open's result changed the embedded feed")
	}
	for _, bad := range []string{"", "nope.xml", "data/ar-rss.xml", "../demo.go", "/ar-rss.xml"} {
		if _, err := Open(bad); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Open(%q) error = %v, want fs.ErrNotExist", bad, err)
		}
	}
}

// TestWellFormed checks the files strictly: gofeed is lenient and would
// accept markup that many other readers reject.
func TestWellFormed(t *testing.T) {
	for _, name := range Files() {
		b, err := Open(name)
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(b) {
			t.Errorf("%s is not valid UTF-8", name)
		}
		if strings.HasSuffix(name, ".json") {
			if !json.Valid(b) {
				t.Errorf("%s is not valid JSON", name)
			}
			continue
		}
		d := xml.NewDecoder(bytes.NewReader(b))
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s: %v", name, err)
				break
			}
		}
	}
}

func TestFeedsParse(t *testing.T) {
	for _, name := range Files() {
		t.Run(name, func(t *testing.T) {
			want := expectedFeeds[name]
			f := parseFeed(t, name)
			if f.FeedType != want.feedType {
				t.Errorf("feed type %q, want %q", f.FeedType, want.feedType)
			}
			if got := primaryLang(f.Language); got != want.lang {
				t.Errorf("language %q, want %q", f.Language, want.lang)
			}
			if f.Title == "" {
				t.Error("feed has no title")
			}
			if len(f.Items) < want.minItems {
				t.Errorf("%d items, want at least %d", len(f.Items), want.minItems)
			}
			guids := map[string]bool{}
			links := map[string]bool{}
			var oldest, newest time.Time
			for _, it := range f.Items {
				if it.Title == "" {
					t.Errorf("item %q has no title", it.Link)
				}
				if !strings.HasPrefix(it.Link, "https://demo.nashra.invalid/") {
					t.Errorf("item %q: link %q is not on the demo domain", it.Title, it.Link)
				}
				if links[it.Link] {
					t.Errorf("duplicate link %q", it.Link)
				}
				links[it.Link] = true
				id := it.GUID
				if id == "" {
					id = it.Link // the poller's GUID fallback
				}
				if guids[id] {
					t.Errorf("duplicate GUID %q", id)
				}
				guids[id] = true
				if it.Content == "" && it.Description == "" {
					t.Errorf("item %q has no body", it.Title)
				}
				p := it.PublishedParsed
				if p == nil {
					t.Errorf("item %q: no parsable date (%q)", it.Title, it.Published)
					continue
				}
				if p.Year() != 2026 {
					t.Errorf("item %q dated %v, want 2026", it.Title, p)
				}
				if u := it.UpdatedParsed; u != nil && u.Before(*p) {
					t.Errorf("item %q updated %v before published %v", it.Title, u, p)
				}
				for _, d := range []*time.Time{p, it.UpdatedParsed} {
					if d != nil && d.After(lastModified) {
						t.Errorf("item %q dated %v, after the Last-Modified the server sends (%v)", it.Title, d, lastModified)
					}
				}
				if oldest.IsZero() || p.Before(oldest) {
					oldest = *p
				}
				if p.After(newest) {
					newest = *p
				}
			}
			if span := newest.Sub(oldest); span < 7*24*time.Hour {
				t.Errorf("items span only %v; want them spread over weeks", span)
			}
		})
	}
}

func TestFeedSetShape(t *testing.T) {
	types := map[string]int{}
	langs := map[string]int{}
	for _, name := range Files() {
		f := parseFeed(t, name)
		types[f.FeedType]++
		langs[primaryLang(f.Language)]++
	}
	if types["rss"] == 0 || types["atom"] == 0 {
		t.Errorf("feed types %v: want at least one RSS and one Atom feed", types)
	}
	if langs["ar"] < 2 || langs["en"] < 2 {
		t.Errorf("feed languages %v: want at least two Arabic and two English feeds", langs)
	}
}

func TestArabicTitles(t *testing.T) {
	sawEnglish := 0
	for _, it := range allItems(t) {
		if it.lang != "ar" {
			continue
		}
		if !hasArabicLetter(it.text) {
			t.Errorf("%s: Arabic item %q has no Arabic letters", it.file, it.slug)
		}
		if slices.Contains(englishHeadlines, it.slug) {
			sawEnglish++
			if hasArabicLetter(it.item.Title) {
				t.Errorf("%s: %q should have an English headline, got %q", it.file, it.slug, it.item.Title)
			}
			continue
		}
		if !hasArabicLetter(it.item.Title) {
			t.Errorf("%s: title %q has no Arabic letters", it.file, it.item.Title)
		}
	}
	if sawEnglish != len(englishHeadlines) {
		t.Errorf("found %d of the %d English headlines in Arabic feeds", sawEnglish, len(englishHeadlines))
	}
}

// TestArabicFeatures pins the things real Arabic news carries and a bidi
// engine must get right, so that editing the sample text cannot silently
// drop one of them.
func TestArabicFeatures(t *testing.T) {
	var titles, texts, htmls []string
	for _, it := range allItems(t) {
		if it.lang == "ar" {
			titles = append(titles, it.item.Title)
			texts = append(texts, it.text)
			htmls = append(htmls, it.html)
		}
	}
	countMatching := func(ss []string, re *regexp.Regexp) int {
		n := 0
		for _, s := range ss {
			if re.MatchString(s) {
				n++
			}
		}
		return n
	}
	arabicWithLatin := func(name string) *regexp.Regexp {
		// the Latin name on a line that also has Arabic letters
		return regexp.MustCompile(`(?m)^.*\p{Arabic}.*` + regexp.QuoteMeta(name) + `|` + regexp.QuoteMeta(name) + `.*\p{Arabic}`)
	}
	cases := []struct {
		name string
		in   []string
		re   *regexp.Regexp
		min  int // items that must match
	}{
		{"Llama 4 inside Arabic", texts, arabicWithLatin("Llama 4"), 1},
		{"GPT-5 inside Arabic", texts, arabicWithLatin("GPT-5"), 1},
		{"H100 inside Arabic", texts, arabicWithLatin("H100"), 1},
		{"ASCII percent 40%", texts, regexp.MustCompile(`\b40%`), 1},
		{"Arabic percent ٤٠٪", texts, regexp.MustCompile(`٤٠٪`), 1},
		{"Arabic-Indic digits", texts, regexp.MustCompile(`[٠-٩]`), 4},
		{"Arabic decimal separator", texts, regexp.MustCompile(`[٠-٩]٫[٠-٩]`), 1},
		{"ISO date", texts, regexp.MustCompile(`\b20\d\d-\d\d-\d\d\b`), 1},
		{"d/m/yyyy date", texts, regexp.MustCompile(`\b\d{1,2}/\d{1,2}/20\d\d\b`), 2},
		{"time hh:mm", texts, regexp.MustCompile(`\b\d{1,2}:\d\d\b`), 2},
		{"parentheses", texts, regexp.MustCompile(`\([^()]+\)`), 6},
		{"square brackets", texts, regexp.MustCompile(`\[[^\]]+\]`), 2},
		{"guillemets «»", texts, regexp.MustCompile(`«[^»]+»`), 8},
		{"straight double quotes", texts, regexp.MustCompile(`"[^"]+"`), 1},
		{"harakat", texts, regexp.MustCompile(`\p{Arabic}[\x{064B}-\x{0652}]`), 5},
		{"shadda with a vowel on one letter", texts, regexp.MustCompile(`[\x{064B}-\x{0650}\x{0652}]\x{0651}|\x{0651}[\x{064B}-\x{0650}\x{0652}]`), 1},
		{"tatweel", texts, regexp.MustCompile(`\x{0640}`), 1},
		{"lam-alef", texts, regexp.MustCompile(`ل[اأإآ]`), 10},
		{"lam-alef with hamza below", texts, regexp.MustCompile(`لإ`), 1},
		{"Arabic question mark", texts, regexp.MustCompile(`؟`), 3},
		{"Arabic comma", texts, regexp.MustCompile(`،`), 10},
		{"title starting with Latin or digits", titles, regexp.MustCompile(`^[A-Za-z0-9]`), 2},
		{"title with a question", titles, regexp.MustCompile(`؟`), 2},
		{"bulleted list", htmls, regexp.MustCompile(`(?s)<ul>.*<li>`), 3},
		{"link in body", htmls, regexp.MustCompile(`<a href="https://`), 3},
	}
	for _, c := range cases {
		if got := countMatching(c.in, c.re); got < c.min {
			t.Errorf("%s: %d Arabic items match %v, want at least %d", c.name, got, c.re, c.min)
		}
	}

	long, short := 0, 0
	for _, title := range titles {
		switch n := utf8.RuneCountInString(title); {
		case n > 90:
			long++
		case n < 50:
			short++
		}
	}
	if long < 2 || short < 4 {
		t.Errorf("Arabic titles: %d longer than 90 runes, %d shorter than 50; want ≥2 and ≥4 (truncation cases)", long, short)
	}
}

// TestBodies checks paragraph structure and that an explicit dir="rtl" on
// the outer element of Atom content survives gofeed, so the poller can see it.
func TestBodies(t *testing.T) {
	rtlOuter := 0
	for _, it := range allItems(t) {
		if n := strings.Count(it.html, "<p"); n < 2 && !strings.Contains(it.html, "\n\n") {
			t.Errorf("%s %s: %d paragraphs, want 2–5", it.file, it.slug, n)
		}
		if n := strings.Count(it.html, "<p>") + strings.Count(it.html, "<p "); n > 6 {
			t.Errorf("%s %s: %d paragraphs, want at most 6", it.file, it.slug, n)
		}
		if it.lang == "ar" && expectedFeeds[it.file].feedType == "atom" && outerDir(t, it.html) == "rtl" {
			rtlOuter++
		}
	}
	if rtlOuter < 1 {
		t.Error(`no Arabic Atom entry whose parsed content has dir="rtl" on its outer element`)
	}
}

// outerDir returns the dir attribute of the single outer element of an HTML
// fragment, or "" when the fragment has no single outer element.
func outerDir(t *testing.T, fragment string) string {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(fragment), bodyContext())
	if err != nil {
		t.Fatal(err)
	}
	var outer *html.Node
	for _, n := range nodes {
		switch {
		case n.Type == html.ElementNode && outer == nil:
			outer = n
		case n.Type == html.ElementNode, n.Type == html.TextNode && strings.TrimSpace(n.Data) != "":
			return ""
		}
	}
	if outer == nil {
		return ""
	}
	for _, a := range outer.Attr {
		if a.Key == "dir" {
			return a.Val
		}
	}
	return ""
}

func TestEnclosuresAndGUIDFallback(t *testing.T) {
	enclosures := map[string]int{}
	guidless := 0
	for _, it := range allItems(t) {
		for _, e := range it.item.Enclosures {
			if e.URL == "" || e.Type == "" || e.Length == "" {
				t.Errorf("%s %s: incomplete enclosure %+v", it.file, it.slug, e)
			}
			enclosures[it.file]++
		}
		if it.item.GUID == "" {
			guidless++
			if it.item.Link == "" {
				t.Errorf("%s: GUID-less item %q has no link either", it.file, it.item.Title)
			}
		}
	}
	if enclosures["ar-rss.xml"] == 0 || enclosures["en-atom.xml"] == 0 {
		t.Errorf("enclosures per feed %v: want one in ar-rss.xml (RSS <enclosure>) and en-atom.xml (Atom rel=enclosure)", enclosures)
	}
	if guidless != 1 {
		t.Errorf("%d GUID-less items, want exactly 1 (exercises the GUID fallback)", guidless)
	}
}
