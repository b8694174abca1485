package feeds

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// rssItems wraps item elements in a minimal RSS 2.0 document.
func rssItems(items ...string) []byte {
	return []byte(`<?xml version="1.0" encoding="utf-8"?>` + "\n" +
		`<rss version="2.0"><channel><title>Test feed</title><link>https://example.com/</link>` +
		strings.Join(items, "\n") + `</channel></rss>`)
}

func mustParse(t *testing.T, body []byte, feedURL string) (Meta, []Item) {
	t.Helper()
	meta, items, err := Parse(body, "", feedURL)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return meta, items
}

func TestParseEntities(t *testing.T) {
	tests := []struct {
		name, title, want string
	}{
		{"escaped ampersand decoded once", "Cloak&amp;Dagger", "Cloak&Dagger"},
		{"double escaped stays escaped once", "AT&amp;amp;T", "AT&amp;T"},
		{"undeclared HTML entities", "caf&eacute; &mdash; na&iuml;ve&hellip;", "café — naïve…"},
		{"nbsp", "a&nbsp;b", "a b"}, // SanitizeLine turns NBSP into a space in titles
		{"bare ampersand", "Q&A and R & D", "Q&A and R & D"},
		{"ampersand in a word", "Tom&Jerry", "Tom&Jerry"},
		{"unknown entity shown literally", "testing &doesnotexist; entity", "testing &doesnotexist; entity"},
		{"numeric references", "&#1575;&#x644;&#1584;&#x643;&#1575;&#1569;", "الذكاء"},
		{"reference beyond Unicode", "a&#x110000;b", "a\ufffdb"},
		{"reference to a surrogate", "a&#xD800;b", "a\ufffdb"},
		{"reference to NUL", "a&#0;b", "a\ufffdb"},
		{"huge reference", "a&#99999999999999999999;b", "a\ufffdb"},
		{"reference to a C0 control is removed", "a&#27;b&#x7;c", "abc"},
		{"C1 references read as windows-1252", "don&#146;t &#150; &#147;q&#148;", "don’t – “q”"},
		{"predefined entities", "&lt;tag&gt; &quot;x&quot; &apos;y&apos;", "<tag> \"x\" 'y'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, items := mustParse(t, rssItems(`<item><title>`+tt.title+`</title><guid>1</guid></item>`), "")
			if len(items) != 1 {
				t.Fatalf("got %d items", len(items))
			}
			if items[0].Title != tt.want {
				t.Errorf("title = %q, want %q", items[0].Title, tt.want)
			}
		})
	}
}

func TestParseEntitiesInContent(t *testing.T) {
	_, items := mustParse(t, rssItems(
		`<item><guid>1</guid><description>&lt;p&gt;Cloak&amp;amp;Dagger &amp;nbsp;&amp;copy; 2024&lt;/p&gt;</description></item>`,
		`<item><guid>2</guid><description><![CDATA[<p>Fish &amp; chips&nbsp;&eacute;</p>]]></description></item>`,
		`<item><guid>3</guid><description>Tom &amp; Jerry &nbsp; plain</description></item>`,
	), "")
	want := []string{"Cloak&Dagger \u00a0© 2024", "Fish & chips\u00a0é", "Tom & Jerry \u00a0 plain"}
	for i, w := range want {
		if items[i].Content != w {
			t.Errorf("item %d content = %q, want %q", i+1, items[i].Content, w)
		}
	}
}

func TestParseControlCharacters(t *testing.T) {
	body := rssItems("<item><guid>1</guid><title>bad\x00 \x01chars\x0b\x1f here</title>"+
		"<description>ok\x08 text\ufffe</description></item>",
		"<item><guid>2</guid><title>second</title></item>")
	_, items := mustParse(t, body, "")
	if len(items) != 2 {
		t.Fatalf("got %d items, want 2", len(items))
	}
	if items[0].Title != "bad chars here" || items[0].Content != "ok text" {
		t.Errorf("got %q / %q", items[0].Title, items[0].Content)
	}
}

func TestParseDoctypeNotExpanded(t *testing.T) {
	// A "billion laughs" document: nine levels of ten references each.
	var dtd strings.Builder
	dtd.WriteString(`<!DOCTYPE rss [<!ENTITY lol0 "lol">`)
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&dtd, `<!ENTITY lol%d "%s">`, i, strings.Repeat(fmt.Sprintf("&lol%d;", i-1), 10))
	}
	dtd.WriteString(`]>`)
	body := []byte(`<?xml version="1.0"?>` + dtd.String() +
		`<rss version="2.0"><channel><title>&lol9;</title>` +
		`<item><guid>1</guid><title>x &lol9; y</title><description>&lol3;</description></item></channel></rss>`)
	meta, items := mustParse(t, body, "")
	if meta.Title != "&lol9;" {
		t.Errorf("feed title = %q, want the reference unexpanded", meta.Title)
	}
	if items[0].Title != "x &lol9; y" || items[0].Content != "&lol3;" {
		t.Errorf("item = %q / %q, want references unexpanded", items[0].Title, items[0].Content)
	}
}

func TestParseJunkBeforeDocument(t *testing.T) {
	tests := map[string]string{
		"PHP warning before declaration": "<br />\n<b>Warning</b>:  Cannot modify header information in <b>/var/www/feed.php</b> on line <b>12</b><br />\n",
		"text before declaration":        "Deprecated: function is deprecated\n\n",
		"blank lines":                    "\n\n   \n",
		"BOM then spaces":                "\ufeff  ",
	}
	for name, junk := range tests {
		t.Run(name, func(t *testing.T) {
			_, items := mustParse(t, append([]byte(junk), rssItems(`<item><guid>1</guid><title>Hi</title></item>`)...), "")
			if len(items) != 1 || items[0].Title != "Hi" {
				t.Fatalf("items = %+v", items)
			}
		})
	}
	// Junk before a root without a declaration.
	_, items := mustParse(t, []byte("garbage\n<rss version=\"2.0\"><channel><item><guid>1</guid><title>Hi</title></item></channel></rss>"), "")
	if len(items) != 1 {
		t.Errorf("without declaration: got %d items", len(items))
	}
}

func TestParseNotAFeed(t *testing.T) {
	page := `<!DOCTYPE html><html><head><title>Blog</title>
<link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.xml">
<link rel="alternate" type="application/atom+xml" href="https://example.com/atom.xml">
<link rel="stylesheet" href="/style.css">
<link rel="alternate" hreflang="fr" href="/fr/">
</head><body><p>Hello</p></body></html>`
	tests := []struct {
		name    string
		body    string
		kind    error
		message string
	}{
		{"empty", "", ErrEmpty, "empty response"},
		{"white space", " \n\t ", ErrEmpty, "empty response"},
		{"HTML page with feeds", page, ErrNotFeed,
			"not a feed: HTML page (found alternate feeds https://example.com/feed.xml, https://example.com/atom.xml)"},
		{"HTML page without feeds", "<html><body>Nothing</body></html>", ErrNotFeed,
			"not a feed: HTML page (no alternate feed link in it)"},
		{"XHTML page", `<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x"><html xmlns="http://www.w3.org/1999/xhtml"><head><link rel="alternate" type="application/atom+xml" href="a.xml"/></head></html>`,
			ErrNotFeed, "not a feed: HTML page (found alternate feed https://example.com/blog/a.xml)"},
		{"OPML", `<?xml version="1.0"?><opml version="2.0"><body><outline xmlUrl="https://x"/></body></opml>`,
			ErrNotFeed, "not a feed: OPML subscription list (import it instead)"},
		{"other XML", `<?xml version="1.0"?><catalog><book/></catalog>`, ErrNotFeed,
			"not a feed: XML document with root element <catalog>"},
		{"other JSON", `{"name": "x", "list": [1, 2]}`, ErrNotFeed, "not a feed: JSON document that is not a JSON Feed"},
		{"plain text", "just some text", ErrNotFeed, "not a feed: not XML, RSS, Atom or JSON Feed"},
		{"only a comment", "<!-- nothing -->", ErrNotFeed, "not a feed: no XML element found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, items, err := Parse([]byte(tt.body), "", "https://example.com/blog/")
			if !errors.Is(err, tt.kind) {
				t.Fatalf("err = %v, want kind %v", err, tt.kind)
			}
			if err.Error() != tt.message {
				t.Errorf("message = %q, want %q", err.Error(), tt.message)
			}
			if items != nil {
				t.Errorf("items = %v, want none", items)
			}
		})
	}
}

func TestParseTruncatedXMLKeepsCompleteItems(t *testing.T) {
	var items []string
	for i := 1; i <= 5; i++ {
		items = append(items, fmt.Sprintf(`<item><guid>id-%d</guid><title>Title %d</title><description><![CDATA[<p>Body %d</p>]]></description></item>`, i, i, i))
	}
	doc := rssItems(items...)
	cut := bytes.Index(doc, []byte("<title>Title 4")) + 10 // inside item 4's title
	tests := []struct {
		name string
		body []byte
		want int
	}{
		{"cut inside an item", doc[:cut], 3},
		{"cut inside a CDATA section", doc[:bytes.Index(doc, []byte("Body 4"))+2], 3},
		{"cut just after an item", doc[:bytes.Index(doc, []byte("<item><guid>id-4"))], 3},
		{"cut inside an item start tag", doc[:bytes.Index(doc, []byte("<item><guid>id-4"))+3], 3},
		// Item 3's end tag is incomplete, so item 3 is not complete either.
		{"cut inside an end tag", doc[:bytes.Index(doc, []byte("</item>\n<item><guid>id-4"))+4], 2},
		{"cut before the first item", doc[:bytes.Index(doc, []byte("<item>"))+2], 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := mustParse(t, tt.body, "")
			if len(got) != tt.want {
				t.Fatalf("got %d items, want the %d complete ones", len(got), tt.want)
			}
			for i, it := range got {
				if want := fmt.Sprintf("Title %d", i+1); it.Title != want {
					t.Errorf("item %d title = %q, want %q", i, it.Title, want)
				}
				if want := fmt.Sprintf("Body %d", i+1); it.Content != want {
					t.Errorf("item %d content = %q, want %q", i, it.Content, want)
				}
			}
		})
	}
}

func TestParseBrokenMarkupRecovers(t *testing.T) {
	body := []byte(`<rss version="2.0"><channel><title>T</title>
<item><guid>1</guid><title>a < b</title><description>Unclosed <p>para <b>bold</description></item>
<item><guid>2</guid><title>Second</title></foo></item>
<item><guid>3</guid><title>Third</title><link>https://example.com/3?a=1&b=2</link></item>
</channel></rss>`)
	_, items := mustParse(t, body, "")
	if len(items) != 3 {
		t.Fatalf("got %d items, want 3", len(items))
	}
	if items[0].Title != "a < b" || items[0].Content != "Unclosed\n\npara bold" {
		t.Errorf("item 1 = %q / %q", items[0].Title, items[0].Content)
	}
	if items[2].URL != "https://example.com/3?a=1&b=2" {
		t.Errorf("item 3 link = %q", items[2].URL)
	}
}

func TestParseRelativeLinks(t *testing.T) {
	t.Run("RSS against the feed URL", func(t *testing.T) {
		meta, items := mustParse(t, []byte(`<rss version="2.0"><channel><title>T</title><link>/</link>
<item><title>A</title><link>/posts/a.html</link><description>&lt;a href="b.html"&gt;b&lt;/a&gt; &lt;a href="//cdn.example.org/c"&gt;c&lt;/a&gt;</description>
<enclosure url="../media/a.mp3" type="audio/mpeg" length="1234"/></item>
</channel></rss>`), "https://example.com/blog/feed.xml")
		if meta.SiteURL != "https://example.com/" {
			t.Errorf("site = %q", meta.SiteURL)
		}
		it := items[0]
		if it.URL != "https://example.com/posts/a.html" {
			t.Errorf("link = %q", it.URL)
		}
		if it.GUID != it.URL {
			t.Errorf("GUID = %q, want the absolute link", it.GUID)
		}
		wantLinks := []Link{{"b", "https://example.com/blog/b.html"}, {"c", "https://cdn.example.org/c"}}
		if fmt.Sprint(it.Links) != fmt.Sprint(wantLinks) {
			t.Errorf("links = %v, want %v", it.Links, wantLinks)
		}
		if it.Content != "b[1] c[2]" {
			t.Errorf("content = %q", it.Content)
		}
		if len(it.Enclosures) != 1 || it.Enclosures[0] != (Enclosure{"https://example.com/media/a.mp3", "audio/mpeg", 1234}) {
			t.Errorf("enclosures = %+v", it.Enclosures)
		}
	})
	t.Run("Atom xml:base", func(t *testing.T) {
		_, items := mustParse(t, []byte(`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://base.example/dir/">
<title>T</title>
<entry xml:base="sub/"><id>urn:1</id><title>A</title><link href="post.html"/>
<content type="html">&lt;a href="img.html"&gt;x&lt;/a&gt;</content></entry>
<entry><id>urn:2</id><title>B</title><link rel="alternate" href="/root.html"/></entry>
</feed>`), "https://feeds.example/atom.xml")
		if items[0].URL != "https://base.example/dir/sub/post.html" {
			t.Errorf("entry 1 link = %q", items[0].URL)
		}
		if len(items[0].Links) != 1 || items[0].Links[0].URL != "https://base.example/dir/sub/img.html" {
			t.Errorf("entry 1 content links = %v", items[0].Links)
		}
		if items[1].URL != "https://base.example/root.html" {
			t.Errorf("entry 2 link = %q", items[1].URL)
		}
	})
	t.Run("relative xml:base resolved against the feed URL", func(t *testing.T) {
		_, items := mustParse(t, []byte(`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="/blog/">
<entry><id>urn:1</id><title>A</title><link href="post.html"/></entry></feed>`), "https://example.com/x/atom.xml")
		if items[0].URL != "https://example.com/blog/post.html" {
			t.Errorf("link = %q", items[0].URL)
		}
	})
}

func TestParseDates(t *testing.T) {
	_, items := mustParse(t, rssItems(
		`<item><guid>1</guid><pubDate>Tue, 10 Jun 2025 04:00:00 +0300</pubDate></item>`,
		`<item><guid>2</guid><pubDate>the day after tomorrow</pubDate></item>`,
		`<item><guid>3</guid></item>`,
		`<item><guid>4</guid><pubDate>2025-06-10T01:00:00Z</pubDate></item>`,
	), "")
	want := time.Date(2025, 6, 10, 1, 0, 0, 0, time.UTC)
	if p := items[0].Published; p == nil || !p.Equal(want) || p.Location() != time.UTC {
		t.Errorf("item 1 published = %v, want %v in UTC", p, want)
	}
	for _, i := range []int{1, 2} {
		if items[i].Published != nil || items[i].Updated != nil {
			t.Errorf("item %d dates = %v/%v, want nil (unknown, never now)", i+1, items[i].Published, items[i].Updated)
		}
	}
	if p := items[3].Published; p == nil || !p.Equal(want) {
		t.Errorf("item 4 published = %v", p)
	}
}

func TestItemGUID(t *testing.T) {
	if got := ItemGUID(" abc ", "https://x", "t", "c"); got != "abc" {
		t.Errorf("with id: %q", got)
	}
	if got := ItemGUID("", "https://x/1", "t", "c"); got != "https://x/1" {
		t.Errorf("with link: %q", got)
	}
	a := ItemGUID("", "", "Same title", "body one")
	b := ItemGUID("", "", "Same title", "body two")
	c := ItemGUID("", "", "Other title", "body one")
	if a != b || a == c || !strings.HasPrefix(a, "sha256:") || len(a) != len("sha256:")+32 {
		t.Errorf("title hashes: %q %q %q", a, b, c)
	}
	if d, e := ItemGUID("", "", "", "body one"), ItemGUID("", "", "", "body two"); d == e {
		t.Errorf("content hashes collide: %q", d)
	}
}

func TestParseGUIDStableAcrossDateChange(t *testing.T) {
	first := rssItems(`<item><title>No id here</title><pubDate>Mon, 02 Jun 2025 10:00:00 GMT</pubDate><description>v1</description></item>`,
		`<item><title>Linked</title><link>https://example.com/p/1</link><pubDate>Mon, 02 Jun 2025 10:00:00 GMT</pubDate></item>`)
	second := rssItems(`<item><title>No id here</title><pubDate>Wed, 04 Jun 2025 12:00:00 GMT</pubDate><description>v2 edited</description></item>`,
		`<item><title>Linked, retitled</title><link>https://example.com/p/1</link><pubDate>Thu, 05 Jun 2025 10:00:00 GMT</pubDate></item>`)
	_, a := mustParse(t, first, "")
	_, b := mustParse(t, second, "")
	for i := range a {
		if a[i].GUID != b[i].GUID {
			t.Errorf("item %d GUID changed: %q -> %q", i, a[i].GUID, b[i].GUID)
		}
	}
	if a[0].GUID == a[1].GUID {
		t.Error("different items share a GUID")
	}
}

func TestParseDuplicateGUIDs(t *testing.T) {
	_, items := mustParse(t, rssItems(
		`<item><guid>same</guid><title>One</title></item>`,
		`<item><guid>same</guid><title>Two</title></item>`,
		`<item><guid>same</guid><title>One</title></item>`,
		`<item><title>Three</title><link>https://example.com/news</link><description>a</description></item>`,
		`<item><title>Three</title><link>https://example.com/news</link><description>b</description></item>`,
		`<item><guid>unique</guid><title>Four</title></item>`,
	), "")
	var guids []string
	for _, it := range items {
		guids = append(guids, it.GUID)
	}
	if len(items) != 5 {
		t.Fatalf("got %d items (%q), want 5: one exact duplicate dropped", len(items), guids)
	}
	if !strings.HasPrefix(guids[0], "same#") || !strings.HasPrefix(guids[1], "same#") || guids[0] == guids[1] {
		t.Errorf("shared <guid>: %q", guids[:2])
	}
	if !strings.HasPrefix(guids[2], "https://example.com/news#") || guids[2] == guids[3] {
		t.Errorf("shared link: %q", guids[2:4])
	}
	if guids[4] != "unique" {
		t.Errorf("unique GUID changed: %q", guids[4])
	}
	// The derived GUIDs do not depend on the order of the items.
	_, rev := mustParse(t, rssItems(
		`<item><guid>same</guid><title>Two</title></item>`,
		`<item><guid>same</guid><title>One</title></item>`,
	), "")
	if rev[0].GUID != guids[1] || rev[1].GUID != guids[0] {
		t.Errorf("order-dependent GUIDs: %q %q vs %q", rev[0].GUID, rev[1].GUID, guids[:2])
	}
}

func TestParseContentChoice(t *testing.T) {
	_, items := mustParse(t, []byte(`<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<item><guid>1</guid><description>Short summary.</description><content:encoded><![CDATA[<p>The full article, much longer than the summary.</p>]]></content:encoded></item>
<item><guid>2</guid><description>A long description that says more than the content does.</description><content:encoded><![CDATA[<img src="a.png">]]></content:encoded></item>
</channel></rss>`), "")
	if items[0].Content != "The full article, much longer than the summary." || !strings.Contains(items[0].HTML, "<p>The full") {
		t.Errorf("item 1 = %q (html %q)", items[0].Content, items[0].HTML)
	}
	if items[1].Content != "A long description that says more than the content does." {
		t.Errorf("item 2 = %q", items[1].Content)
	}
}

func TestParseAtomAndJSON(t *testing.T) {
	t.Run("Atom html title and xhtml content", func(t *testing.T) {
		meta, items := mustParse(t, []byte(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">
<title type="html">&lt;b&gt;نشرة&lt;/b&gt; التقنية</title>
<link href="https://example.com/"/>
<entry><id>tag:example.com,2025:1</id><title type="html">GPT-5 &lt;em&gt;يصل&lt;/em&gt;</title>
<updated>2025-06-01T10:00:00Z</updated><author><name>سارة</name></author>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml" dir="rtl"><p>فقرة أولى</p><p>فقرة ثانية</p></div></content>
</entry></feed>`), "https://example.com/atom.xml")
		if meta.Title != "نشرة التقنية" {
			t.Errorf("feed title = %q", meta.Title)
		}
		it := items[0]
		if it.Title != "GPT-5 يصل" || it.Author != "سارة" || it.GUID != "tag:example.com,2025:1" {
			t.Errorf("entry = %q by %q id %q", it.Title, it.Author, it.GUID)
		}
		if it.Content != "فقرة أولى\n\nفقرة ثانية" {
			t.Errorf("content = %q", it.Content)
		}
		if it.Lang != "ar" || it.Dir != "rtl" {
			t.Errorf("lang/dir = %s/%s", it.Lang, it.Dir)
		}
		if it.Published == nil || it.Updated == nil {
			t.Errorf("dates = %v / %v", it.Published, it.Updated)
		}
	})
	t.Run("Atom entry document", func(t *testing.T) {
		_, items := mustParse(t, []byte(`<?xml version="1.0"?><entry xmlns="http://www.w3.org/2005/Atom"><id>urn:e</id><title>Alone</title></entry>`), "")
		if len(items) != 1 || items[0].Title != "Alone" {
			t.Errorf("items = %+v", items)
		}
	})
	t.Run("JSON Feed", func(t *testing.T) {
		meta, items := mustParse(t, []byte(`{"version": "https://jsonfeed.org/version/1.1", "title": "JF",
"home_page_url": "https://example.org/", "language": "en",
"items": [
 {"id": "1", "url": "/a", "title": "HTML item", "content_html": "<p>One</p><ul><li>x</li><li>y</li></ul>", "date_published": "2025-01-02T03:04:05Z"},
 {"id": "2", "title": "Text item", "content_text": "Line one\nLine two\n\n\nPara &amp; more",
  "attachments": [{"url": "https://example.org/e.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 99}]}
]}`), "https://example.org/feed.json")
		if meta.Title != "JF" || meta.SiteURL != "https://example.org/" {
			t.Errorf("meta = %+v", meta)
		}
		if items[0].URL != "https://example.org/a" || items[0].Content != "One\n\n• x\n• y" {
			t.Errorf("item 1 = %q %q", items[0].URL, items[0].Content)
		}
		if items[1].Content != "Line one\nLine two\n\nPara &amp; more" {
			t.Errorf("item 2 content = %q", items[1].Content)
		}
		if len(items[1].Enclosures) != 1 || items[1].Enclosures[0].Length != 99 {
			t.Errorf("item 2 attachments = %+v", items[1].Enclosures)
		}
	})
	t.Run("JSON Feed with raw newlines in strings", func(t *testing.T) {
		_, items := mustParse(t, []byte("{\"version\": \"https://jsonfeed.org/version/1\", \"items\": [{\"id\": \"1\", \"content_text\": \"a\nb\"}]}"), "")
		if len(items) != 1 || items[0].Content != "a\nb" {
			t.Errorf("items = %+v", items)
		}
	})
}

func TestParseGzipBody(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(rssItems(`<item><guid>1</guid><title>Zipped</title></item>`))
	zw.Close()
	_, items := mustParse(t, buf.Bytes(), "")
	if len(items) != 1 || items[0].Title != "Zipped" {
		t.Fatalf("items = %+v", items)
	}
	_, _, err := Parse(buf.Bytes()[:buf.Len()/2], "", "")
	if !errors.Is(err, ErrTruncated) {
		t.Errorf("half a gzip stream: err = %v, want ErrTruncated", err)
	}
}

func TestParseTitleMarkup(t *testing.T) {
	tests := map[string]string{
		"&lt;b&gt;Bold&lt;/b&gt; news":    "Bold news",
		"Why &lt;div&gt; soup?":           "Why <div> soup?",
		"Use &lt;b&gt; for bold":          "Use <b> for bold",
		"Line&lt;br/&gt;break":            "Line break",
		"a &lt; b and c &gt; d":           "a < b and c > d",
		"x&lt;y":                          "x<y",
		"Generics &lt;T any&gt; in Go":    "Generics <T any> in Go",
		"&lt;i&gt;AT&amp;amp;T&lt;/i&gt;": "AT&T",
	}
	for in, want := range tests {
		_, items := mustParse(t, rssItems(`<item><guid>1</guid><title>`+in+`</title></item>`), "")
		if items[0].Title != want {
			t.Errorf("title %q = %q, want %q", in, items[0].Title, want)
		}
	}
}

func TestParseLanguageAndDirection(t *testing.T) {
	body := []byte(`<rss version="2.0"><channel><language>ar</language>
<item><guid>1</guid><title>إطلاق نموذج جديد</title><description>نص عربي</description></item>
<item><guid>2</guid><title>English headline in an Arabic feed</title></item>
<item><guid>3</guid><title>Explicit</title><description>&lt;div dir="rtl"&gt;&lt;p&gt;mixed&lt;/p&gt;&lt;/div&gt;</description></item>
<item><guid>4</guid><title>עדכון בינה מלאכותית</title></item>
</channel></rss>`)
	meta, items := mustParse(t, body, "")
	if meta.Language != "ar" {
		t.Errorf("feed language = %q", meta.Language)
	}
	want := []struct{ lang, dir, explicit string }{
		{"ar", "rtl", ""}, {"en", "ltr", ""}, {"en", "rtl", "rtl"}, {"he", "rtl", ""},
	}
	for i, w := range want {
		if it := items[i]; it.Lang != w.lang || it.Dir != w.dir || it.ExplicitDir != w.explicit {
			t.Errorf("item %d = %s/%s/%q, want %s/%s/%q", i+1, it.Lang, it.Dir, it.ExplicitDir, w.lang, w.dir, w.explicit)
		}
	}
}

// TestParseAtomTitleTypes checks that a title is decoded as its Atom type
// says (RFC 4287 §3.1.1): an HTML or XHTML title is HTML once the XML is
// decoded, so its entities are decoded a second time; a text title (the
// default) never is.
func TestParseAtomTitleTypes(t *testing.T) {
	const atomNS = `xmlns="http://www.w3.org/2005/Atom"`
	tests := []struct {
		name, title, want string
	}{
		{"html: entities decoded as HTML", `<title type="html">Q&amp;amp;A: &amp;quot;open&amp;quot;</title>`, `Q&A: "open"`},
		{"html: markup dropped", `<title type="html">&lt;em&gt;New&lt;/em&gt; model</title>`, "New model"},
		{"html: a decoded tag name stays text", `<title type="html">Why &amp;lt;div&amp;gt; soup?</title>`, "Why <div> soup?"},
		{"html: case of the type", `<title type="HTML">AT&amp;amp;T</title>`, "AT&T"},
		{"html in CDATA", `<title type="html"><![CDATA[Q&amp;A <b>now</b>]]></title>`, "Q&A now"},
		{"xhtml", `<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">History of the &lt;blink&gt; tag &amp; <b>more</b></div></title>`, "History of the <blink> tag & more"},
		{"text: decoded once", `<title type="text">Cloak&amp;Dagger;</title>`, "Cloak&Dagger;"},
		{"default type is text", `<title>Cloak&amp;Dagger;</title>`, "Cloak&Dagger;"},
		{"text keeps an escaped entity", `<title>AT&amp;amp;T</title>`, "AT&amp;T"},
		{"Atom 0.3 escaped HTML", `<title type="text/html" mode="escaped">Q&amp;amp;A</title>`, "Q&A"},
		{"a source's HTML title does not count", `<source><title type="html">S&amp;amp;P</title></source><title>Cloak&amp;Dagger;</title>`, "Cloak&Dagger;"},
		{"an extension's title does not count", `<title type="html">Q&amp;amp;A</title><media:title xmlns:media="http://search.yahoo.com/mrss/" type="plain">x</media:title>`, "Q&A"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The entry under test sits between a text entry and an HTML
			// one, so that titles cannot borrow their neighbours' types.
			doc := `<?xml version="1.0" encoding="utf-8"?><feed ` + atomNS + `><title>F</title>` +
				`<entry><id>a</id><title>Tom &amp;amp; Jerry</title></entry>` +
				`<entry><id>b</id>` + tt.title + `</entry>` +
				`<entry><id>c</id><title type="html">R&amp;amp;D</title></entry></feed>`
			_, items := mustParse(t, []byte(doc), "https://example.com/atom")
			if len(items) != 3 {
				t.Fatalf("got %d items", len(items))
			}
			got := []string{items[0].Title, items[1].Title, items[2].Title}
			want := []string{"Tom &amp; Jerry", tt.want, "R&D"}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("titles = %q, want %q", got, want)
			}
		})
	}
}

// TestParseAtomFeedTitleType checks the feed's own title type, for Atom
// and for a repaired (broken) Atom document.
func TestParseAtomFeedTitleType(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"html", `<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">News &amp;amp; Views</title><entry><id>1</id><title>x</title></entry></feed>`, "News & Views"},
		{"text", `<feed xmlns="http://www.w3.org/2005/Atom"><title type="text">News &amp;amp; Views</title><entry><id>1</id><title>x</title></entry></feed>`, "News &amp; Views"},
		{"xhtml", `<feed xmlns="http://www.w3.org/2005/Atom"><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">A &lt;b&gt; tag</div></title><entry><id>1</id><title>x</title></entry></feed>`, "A <b> tag"},
		{"RSS titles are text", `<rss version="2.0"><channel><title>News &amp;amp; Views</title><item><guid>1</guid><title>x</title></item></channel></rss>`, "News &amp; Views"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			meta, _ := mustParse(t, []byte(tt.doc), "")
			if meta.Title != tt.want {
				t.Errorf("feed title = %q, want %q", meta.Title, tt.want)
			}
		})
	}
	// A document with a stray end tag is parsed again after repair; the
	// titles keep their types.
	broken := `<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">A&amp;amp;B</title>` +
		`<entry><id>1</id><title>T&amp;amp;x</title><summary>one</b></summary></entry>` +
		`<entry><id>2</id><title type="html">Q&amp;amp;A</title><summary>two</summary></entry></feed>`
	meta, items := mustParse(t, []byte(broken), "")
	if meta.Title != "A&B" || len(items) != 2 || items[0].Title != "T&amp;x" || items[1].Title != "Q&A" {
		var titles []string
		for _, it := range items {
			titles = append(titles, it.Title)
		}
		t.Errorf("repaired document: feed %q, items %q", meta.Title, titles)
	}
}

// TestGunzipTrailerHint checks gunzip against trailers that do not give
// the whole size: a stream of two members (the trailer counts the last
// one only), and trailers edited to claim less, more or an implausible
// size, which gzip's own check rejects as corrupt whichever way gunzip
// decompresses.
func TestGunzipTrailerHint(t *testing.T) {
	doc := bytes.Repeat([]byte("<item><title>Gzip trailer</title></item>\n"), 2000)
	gz := func(parts ...[]byte) []byte {
		var b bytes.Buffer
		for _, p := range parts {
			w := gzip.NewWriter(&b)
			w.Write(p)
			w.Close()
		}
		return b.Bytes()
	}
	withISize := func(b []byte, n uint32) []byte {
		b = bytes.Clone(b)
		t := b[len(b)-4:]
		t[0], t[1], t[2], t[3] = byte(n), byte(n>>8), byte(n>>16), byte(n>>24)
		return b
	}
	one := gz(doc)
	for name, body := range map[string][]byte{"honest": one, "two members": gz(doc[:1000], doc[1000:])} {
		if got, err := gunzip(body, 1<<20); err != nil || !bytes.Equal(got, doc) {
			t.Errorf("%s: %v, %d bytes, want %d", name, err, len(got), len(doc))
		}
	}
	for name, n := range map[string]uint32{"less": 100, "more": uint32(len(doc) + 5000), "implausibly much": 1 << 30, "zero": 0} {
		if _, err := gunzip(withISize(one, n), 1<<20); !errors.Is(err, ErrMalformed) {
			t.Errorf("trailer claiming %s: %v, want a malformed-data error", name, err)
		}
	}
	if _, err := gunzip(one, int64(len(doc)-1)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("one byte over the limit: %v", err)
	}
	if _, err := gunzip(one[:len(one)-10], 1<<20); !errors.Is(err, ErrTruncated) {
		t.Errorf("cut off: %v", err)
	}
}
