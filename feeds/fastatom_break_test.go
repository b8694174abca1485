package feeds

import (
	"strings"
	"testing"
)

// TestFastAtomAdversarial holds fastAtom to gofeed's Atom parser and
// translator on documents built to probe where a byte-level reader and
// encoding/xml + goxpp + gofeed part ways: text constructs (text, html,
// xhtml, CDATA, entities, div unwrapping), links and their rel values,
// persons, dates, repeated elements, namespaces and prefixes, attributes,
// structure and the XML declaration. For each document Parse must give the
// same result with and without the fast path (which may decline any of
// them). Cases marked "DIFF" differed when they were written (fastAtom
// now declines them); they stay as regression tests.
func TestFastAtomAdversarial(t *testing.T) {
	const (
		open = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">`
		head = open + `<title>T</title><link href="https://example.com/"/><id>urn:feed</id>`
		tail = `</feed>`
	)
	entry := func(s string) string { return head + `<entry>` + s + `</entry>` + tail }
	// plain is an entry with the usual fields around s.
	plain := func(s string) string {
		return entry(`<id>urn:1</id><title>a</title><updated>2026-01-02T03:04:05Z</updated>` + s)
	}
	cases := []struct {
		name string
		doc  string
	}{
		// DIFF: a prefix spelled "atom" bound to a namespace that is not
		// Atom's is an extension to gofeed; fastAtom read its <link>.
		{"atom prefix bound elsewhere on feed", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:atom="http://example.com/not-atom"><title>T</title><entry><id>urn:1</id><title>a</title><atom:link rel="alternate" href="https://example.com/wrong"/></entry></feed>`},
		{"atom prefix with trailing slash", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:atom="http://www.w3.org/2005/Atom/"><title>T</title><atom:link href="https://example.com/site"/><entry><id>urn:1</id><title>a</title><atom:link rel="enclosure" href="https://example.com/a.mp3" length="5"/></entry></feed>`},
		{"atom prefix rebound on the link", plain(`<atom:link xmlns:atom="http://example.com/x" href="https://example.com/wrong"/>`)},
		{"atom prefix rebound from atom on the link", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:atom="http://www.w3.org/2005/Atom"><title>T</title><entry><id>urn:1</id><title>a</title><atom:link xmlns:atom="http://example.com/x" href="https://example.com/wrong"/></entry></feed>`},
		{"atom prefix bound elsewhere, feed link only", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:atom="urn:not-atom"><title>T</title><atom:link href="https://example.com/wrong"/><link rel="self" href="https://example.com/f"/><entry><id>urn:1</id><title>a</title></entry></feed>`},
		{"other prefix rebound to atom on the link", plain(`<media:link xmlns:media="http://www.w3.org/2005/Atom" href="https://example.com/right"/>`)},
		// DIFF: goxpp's Attribute("lang") falls back to a namespaced
		// attribute whose local name is "lang" — xmlns:lang too.
		{"xmlns lang on feed", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:lang="http://example.com/lang"><title>T</title><entry><id>urn:1</id><title>a</title></entry></feed>`},
		{"xmlns lang before xml lang", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:lang="http://example.com/lang" xml:lang="ar"><title>T</title><entry><id>urn:1</id><title>a</title></entry></feed>`},
		{"xml lang before xmlns lang", `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar" xmlns:lang="http://example.com/lang"><title>T</title><entry><id>urn:1</id><title>a</title></entry></feed>`},

		// Text constructs.
		{"text types", head +
			`<entry><id>urn:1</id><title type="text">a &amp;amp; b &lt;i&gt;</title></entry>` +
			`<entry><id>urn:2</id><title type="html">a &amp;amp; b &lt;i&gt;x&lt;/i&gt;</title></entry>` +
			`<entry><id>urn:3</id><title type="TEXT">x &#1575;</title></entry>` +
			`<entry><id>urn:4</id><title type="HTML">&lt;div&gt;in div&lt;/div&gt;</title></entry>` +
			`<entry><id>urn:5</id><title type=" html">sp</title></entry>` +
			`<entry><id>urn:6</id><title type="text/html">&lt;b&gt;m&lt;/b&gt;</title></entry>` +
			`<entry><id>urn:7</id><title type="text/plain">p &amp; q</title></entry>` +
			`<entry><id>urn:8</id><title type="application/xhtml+xml"><div>x</div></title></entry>` +
			`<entry><id>urn:9</id><title mode="escaped">&lt;b&gt;e&lt;/b&gt;</title></entry>` +
			`<entry><id>urn:10</id><title type="image/png">aGVsbG8=</title></entry>` + tail},
		{"html with raw markup", plain(`<summary type="html"><p>raw <b>bold</b></p></summary><content type="html"><div><p>x</p></div></content>`)},
		{"html with cdata", plain(`<summary type="html"><![CDATA[<p>one</p>]]></summary><content type="html">  <![CDATA[<div>two</div>]]> &amp; <b>y</b> </content>`)},
		{"html cdata in comment", plain(`<summary type="html"><!-- <![CDATA[ --> &lt;p&gt;x&lt;/p&gt;</summary>`)},
		{"html entities only", plain(`<content type="html">&lt;p&gt;a &amp;amp; b&lt;/p&gt;&#160;&#1604;</content>`)},
		{"html div escaped", plain(`<content type="html">&lt;div&gt;&lt;p&gt;one&lt;/p&gt;&lt;/div&gt;</content>`)},
		{"xhtml plain div", plain(`<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>a &amp; b</p> <br/>c</div></content>`)},
		{"xhtml nested divs", plain(`<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><div><div>deep</div></div></div></content>`)},
		{"xhtml two divs", plain(`<content type="xhtml"><div>one</div><div>two</div></content>`)},
		{"xhtml no div", plain(`<content type="xhtml"><p>para</p> text</content>`)},
		{"xhtml text around div", plain(`<content type="xhtml">before <div>in</div> after</content>`)},
		{"xhtml prefixed div", plain(`<content type="xhtml"><xhtml:div xmlns:xhtml="http://www.w3.org/1999/xhtml"><xhtml:p>x</xhtml:p></xhtml:div></content>`)},
		{"xhtml entities", plain(`<content type="xhtml"><div>&lt;script&gt; &amp;amp; &#233; &quot;q&quot;</div></content>`)},
		{"xhtml cdata", plain(`<content type="xhtml"><div><![CDATA[<b>c</b>]]> &amp; t</div></content>`)},
		{"xhtml comment", plain(`<content type="xhtml"><div><!-- c --><p>x</p></div></content>`)},
		{"xhtml whitespace", plain("<content type=\"xhtml\">\r\n  <div>\r\n <p>x</p>\r\n</div>\r\n </content>")},
		{"xhtml title", head + `<entry><id>urn:1</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">A <b>bold</b> &amp;amp; title</div></title></entry>` + tail},
		{"xhtml upper type", plain(`<summary type="XHTML"><div><i>s</i></div></summary>`)},
		{"xhtml self-closing div", plain(`<content type="xhtml"><div/></content>`)},
		{"xhtml div with attrs", plain(`<content type="xhtml"><div class="x" style='a'><a href="/rel">l</a><img src="i.png"/></div></content>`)},
		{"xhtml table", plain(`<content type="xhtml"><div><table><tr><td>c</td></tr></table></div></content>`)},
		{"xhtml html body", plain(`<content type="xhtml"><html><body><div>b</div></body></html></content>`)},
		{"xhtml head elements", plain(`<content type="xhtml"><title>t</title><div>b</div></content>`)},
		{"xhtml p then div", plain(`<content type="xhtml"><p><div>x</div></p></content>`)},
		{"text with markup and comments", plain(`<summary>a <b>b</b> <!-- c --> &lt;d&gt;</summary><content>x<![CDATA[y]]>z</content>`)},
		{"cdata split", plain(`<summary><![CDATA[a]]>&amp;<![CDATA[ b]]>  c</summary>`)},
		{"cdata stray end", plain(`<summary><![CDATA[x]]>]]></summary>`)},
		{"crlf in text", plain("<summary>\r\n a\r\nb \r\n</summary><content type=\"html\">x\ry</content>")},
		{"unicode space trim", plain("<summary>\u00a0\u0085 s \u3000</summary>")},
		{"pi in summary", plain(`<summary>a<?pi x?>b</summary>`)},
		{"html entities decoded once", plain(`<summary>&amp;nbsp; &amp;eacute; &#38;amp; AT&amp;T</summary>`)},
		{"entity window", plain(`<summary>&amp;` + strings.Repeat("x", 70) + `; &amp;copy=2;</summary>`)},

		// Content with src, empty, self-closing, repeats.
		{"content src", plain(`<content src="https://example.com/c" type="text/html"/><summary>s</summary>`)},
		{"content src with text", plain(`<content src="https://example.com/c">inner</content>`)},
		{"empty elements", head + `<entry><id/><title/><summary/><content/><updated/><published/><author/><link/></entry><entry></entry><entry/>` + tail},
		{"repeats last wins", plain(`<title>b</title><summary>s1</summary><summary>s2</summary><content>c1</content><content type="html">c2</content><id>urn:2</id><id></id>`)},
		{"repeated dates", plain(`<updated>2027-01-02T03:04:05Z</updated><published>2025-01-01T00:00:00Z</published><published></published>`)},
		{"modified and issued", plain(`<modified>2028-01-02T03:04:05Z</modified><issued>2024-01-02T03:04:05+02:00</issued>`)},
		{"issued then published", plain(`<issued>2024-01-02T03:04:05Z</issued><published>2023-01-02T03:04:05Z</published>`)},

		// Links.
		{"link rels", plain(`<link rel="self" href="https://example.com/self"/><link rel="related" href="https://example.com/rel"/><link rel="via" href="https://example.com/via"/><link href="https://example.com/alt"/><link rel="alternate" href="https://example.com/alt2"/><link rel="ALTERNATE" href="https://example.com/up"/><link rel=" alternate" href="https://example.com/sp"/><link rel="" href="https://example.com/empty"/>`)},
		{"link only self", plain(`<link rel="self" href="https://example.com/self"/>`)},
		{"link relative and spaces", plain(`<link href="  /rel path?a=1&amp;b=2"/><link rel="enclosure" href=" a.mp3" length=" 12 " type="audio/mpeg"/>`)},
		{"link bad urls", plain(`<link href="http://[::1/x"/><link rel="enclosure" href="%zz" length="x"/><link rel="self" href="a:b c"/>`)},
		{"link with text", plain(`<link>https://example.com/text</link><link href="https://example.com/h">t<b>x</b></link>`)},
		{"link href entities", plain(`<link href="https://example.com/?a=1&amp;amp;b=2&#38;c=&#x33;"/>`)},
		{"link tab in href", plain("<link href=\"\thttps://example.com/t\"/><link href=\"https://example.com/\nn\"/>")},
		{"link single quotes", plain(`<link rel='enclosure' href='https://example.com/q.mp3' length='1' type='audio/x'/>`)},
		{"link upper attrs", plain(`<link HREF="https://example.com/u" REL="enclosure"/><link Href="https://example.com/v"/>`)},
		{"link duplicate href", plain(`<link href="https://example.com/1" href="https://example.com/2"/>`)},
		{"link prefixed href", plain(`<link xmlns:x="urn:x" x:href="https://example.com/px"/>`)},
		{"link xmlns href", plain(`<link xmlns:href="https://example.com/ns" rel="alternate"/>`)},
		{"link xmlns rel", plain(`<link xmlns:rel="enclosure" href="https://example.com/e.mp3"/>`)},
		{"link mixed", plain(`<link rel="enclosure" href="https://example.com/1.mp3"/><link rel="enclosure" href="" length="3"/><link rel="enclosure" href="https://example.com/3.mp3" length="-4" type="x"><b>c</b></link>`)},
		{"feed links", open + `<link rel="self" href="https://example.com/feed"/><link rel="alternate" href=""/><link href="https://example.com/second"/><title>T</title><entry><id>urn:1</id></entry>` + tail},
		{"feed link after entry", open + `<title>T</title><entry><id>urn:1</id><link href="/e"/></entry><link href="https://example.com/late"/>` + tail},
		{"feed without alternate", open + `<title>T</title><link rel="self" href="https://example.com/feed"/><entry><id>urn:1</id><link href="e1"/></entry>` + tail},
		{"atom10 links", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:atom10="http://www.w3.org/2005/Atom" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><title>T</title><atom10:link rel="self" href="https://example.com/f"/><atom10:link href="https://example.com/site"/><feedburner:info uri="x"/><entry><id>urn:1</id><atom10:link href="https://example.com/a10"/><feedburner:origLink>https://example.com/orig</feedburner:origLink><link rel="alternate" href="https://example.com/plain"/></entry></feed>`},

		// Persons.
		{"authors", head +
			`<entry><id>urn:1</id><author><name>Ann</name><email>a@example.com</email><uri>https://example.com/a</uri></author><author><name>Bob</name></author></entry>` +
			`<entry><id>urn:2</id><author><email>only@example.com</email></author></entry>` +
			`<entry><id>urn:3</id><author/><author><name>Late</name></author></entry>` +
			`<entry><id>urn:4</id><author><name> Sp &amp; ace </name><name>Second</name></author></entry>` +
			`<entry><id>urn:5</id><author><NAME>Upper</NAME><Email>U@example.com</Email></author></entry>` +
			`<entry><id>urn:6</id><author><name><b>Bold</b> name</name></author></entry>` +
			`<entry><id>urn:7</id><author><name type="html">&lt;b&gt;H&lt;/b&gt;</name></author></entry>` +
			`<entry><id>urn:8</id><author><name><![CDATA[C & D]]></name></author></entry>` +
			`<entry><id>urn:9</id><author>Text Author</author></entry>` +
			`<entry><id>urn:10</id><author><x><name>Nested</name></x></author></entry>` +
			`<entry><id>urn:11</id><contributor><name>Con</name></contributor></entry>` +
			`<entry><id>urn:12</id><author><uri>%zz</uri><url>http://[::1</url><name>U</name></author></entry>` + tail},
		{"feed author only", open + `<title>T</title><author><name>Feed Author</name></author><entry><id>urn:1</id><title>a</title></entry>` + tail},
		{"author with namespaced name", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:foaf="http://xmlns.com/foaf/0.1/" xmlns:gd="http://schemas.google.com/g/2005"><title>T</title><entry><id>urn:1</id><author><foaf:name>F</foaf:name><gd:image src="x"/><gd:email>g@example.com</gd:email></author></entry></feed>`},
		{"author xmlns on author", plain(`<author xmlns="http://example.com/other"><name>Other</name></author>`)},

		// Dates.
		{"dates", head +
			`<entry><id>urn:1</id><updated>2006-01-02T15:04:05Z</updated></entry>` +
			`<entry><id>urn:2</id><updated>2006-01-02T15:04:05.123456789+03:00</updated></entry>` +
			`<entry><id>urn:3</id><updated>2006-01-02t15:04:05z</updated></entry>` +
			`<entry><id>urn:4</id><updated>2006-01-02T15:04:05</updated></entry>` +
			`<entry><id>urn:5</id><updated>2006-01-02</updated></entry>` +
			`<entry><id>urn:6</id><updated>Mon, 02 Jan 2006 15:04:05 GMT</updated></entry>` +
			`<entry><id>urn:7</id><updated>Mon, 02 Jan 2006 15:04:05 EST</updated></entry>` +
			`<entry><id>urn:8</id><updated>  2006-01-02T15:04:05-07:00  </updated></entry>` +
			`<entry><id>urn:9</id><updated>2006-01-02T24:00:00Z</updated></entry>` +
			`<entry><id>urn:10</id><updated>2006-01-02T15:04:05+24:00</updated></entry>` +
			`<entry><id>urn:11</id><updated>0001-01-01T00:00:00Z</updated></entry>` +
			`<entry><id>urn:12</id><updated>junk</updated><published>2006-01-02T15:04:05Z</published></entry>` +
			`<entry><id>urn:13</id><published>junk</published><updated>2006-01-02T15:04:05Z</updated></entry>` +
			`<entry><id>urn:14</id><updated><![CDATA[2006-01-02T15:04:05Z]]></updated></entry>` +
			`<entry><id>urn:15</id><updated type="xhtml"><div>2006-01-02T15:04:05Z</div></updated></entry>` +
			`<entry><id>urn:16</id><updated>2006-01-02T15:04:05,5Z</updated></entry>` +
			`<entry><id>urn:17</id><updated>2006-01-02T15:04:05.Z</updated></entry>` +
			`<entry><id>urn:18</id><updated>2006-01-02T15:04:05+0300</updated></entry>` +
			`<entry><id>urn:19</id><updated>Mon, 02 Jan 2006 15:04:05 +0000</updated></entry>` +
			`<entry><id>urn:20</id><updated>2006-13-02T15:04:05Z</updated></entry>` + tail},

		// IDs.
		{"ids", head +
			`<entry><id> https://example.com/a b </id></entry>` +
			`<entry><id>%zz</id></entry>` +
			`<entry><id>12:34</id></entry>` +
			`<entry><id>HTTP://Example.COM/%7Ex</id></entry>` +
			`<entry><id>tag:example.com,2006:1</id></entry>` +
			`<entry><id><![CDATA[ urn:cdata ]]></id></entry>` +
			`<entry><id>urn:a&amp;b</id></entry>` +
			`<entry><id type="xhtml"><div>urn:x</div></id></entry>` + tail},
		{"feed uri elements bad", open + `<title>T</title><id>%zz</id><icon>http://[::1</icon><logo>1:2</logo><entry><id>urn:1</id><title>a</title></entry>` + tail},

		// Namespaces and prefixes.
		{"namespaced atom entry", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:a="http://www.w3.org/2005/Atom"><title>T</title><a:entry><a:id>urn:1</a:id><a:title>a</a:title></a:entry></feed>`},
		{"prefixed atom title in entry", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:a="http://www.w3.org/2005/Atom"><title>T</title><entry><id>urn:1</id><a:title>a</a:title><a:summary>s</a:summary></entry></feed>`},
		{"atom namespace trailing slash default", `<feed xmlns="http://www.w3.org/2005/Atom/"><title>T</title><entry><id>urn:1</id><title>a</title></entry></feed>`},
		{"atom namespace spaces default", `<feed xmlns=" http://www.w3.org/2005/Atom "><title>T</title><entry><id>urn:1</id><title>a</title></entry></feed>`},
		{"atom prefix with spaces", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:a=" http://www.w3.org/2005/Atom "><title>T</title><entry><id>urn:1</id><a:link href="https://example.com/sp"/></entry></feed>`},
		{"atom 0.3 default", `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>T</title><entry><id>urn:1</id><title mode="escaped">&lt;b&gt;x&lt;/b&gt;</title><issued>2006-01-02T15:04:05Z</issued></entry></feed>`},
		{"atom 0.3 prefix", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:old="http://purl.org/atom/ns#"><title>T</title><entry><id>urn:1</id><old:link href="https://example.com/old"/></entry></feed>`},
		{"no namespace feed", `<feed><title>T</title><entry><id>urn:1</id><title>a</title><link href="https://example.com/n"/></entry></feed>`},
		{"entry default namespace reset", plain(`<title xmlns="">reset</title><link xmlns="" href="https://example.com/reset"/>`)},
		{"entry in other namespace", head + `<entry xmlns="http://example.com/other"><id>urn:1</id><title>x</title></entry>` + tail},
		{"entry with prefix declaration", head + `<entry xmlns:m="http://search.yahoo.com/mrss/"><id>urn:1</id><m:title>m</m:title><title>a</title></entry>` + tail},
		{"media same local names", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"><title>T</title><media:title>MT</media:title><entry><id>urn:1</id><media:title>M</media:title><media:content url="https://example.com/m.jpg"/><media:link href="https://example.com/m"/><title>a</title><media:group><media:description>d</media:description></media:group></entry></feed>`},
		{"unknown prefix namespace", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:x="http://example.com/x"><title>T</title><entry><id>urn:1</id><x:title>X</x:title><x:link href="https://example.com/x"/><title>a</title></entry></feed>`},
		{"undeclared prefix", plain(`<media:title>M</media:title>`)},
		{"prefix atom to dc", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:atom="http://purl.org/dc/elements/1.1/"><title>T</title><entry><id>urn:1</id><atom:link href="https://example.com/dc"/><atom:title>DT</atom:title></entry></feed>`},
		{"prefix atom03 to other", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:atom03="http://example.com/z"><title>T</title><entry><id>urn:1</id><atom03:link href="https://example.com/z"/></entry></feed>`},
		{"prefix atom10 to other", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:atom10="http://example.com/z"><title>T</title><entry><id>urn:1</id><atom10:link href="https://example.com/z"/></entry></feed>`},
		{"prefix declared on atom link", plain(`<q:link xmlns:q="http://www.w3.org/2005/Atom" href="https://example.com/q"/>`)},
		{"xml namespace prefix", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:z="http://www.w3.org/XML/1998/namespace" z:lang="fr"><title>T</title><entry><id>urn:1</id></entry></feed>`},
		{"lang attribute variants", `<feed xmlns="http://www.w3.org/2005/Atom" lang="de"><title>T</title><entry><id>urn:1</id></entry></feed>`},
		{"xml lang twice", `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar" xml:lang="en"><title>T</title><entry><id>urn:1</id></entry></feed>`},
		{"xml lang entity", `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="a&amp;r&#32;x"><title>T</title><entry><id>urn:1</id></entry></feed>`},
		{"xml lang on entries", `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>T</title><entry xml:lang="ar"><id>urn:1</id><title xml:lang="fr">عنوان</title></entry></feed>`},
		{"xml base", `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://other.example/d/"><title>T</title><entry><id>urn:1</id><link href="rel"/></entry></feed>`},
		{"xmlns attribute prefix named xml", `<feed xmlns="http://www.w3.org/2005/Atom" xmlfoo="1"><title>T</title><entry><id>urn:1</id></entry></feed>`},

		// Upper case, structure.
		{"upper-case entry children", head + `<entry><ID>urn:1</ID><Title>a</Title><LINK href="https://example.com/up"/><Updated>2006-01-02T15:04:05Z</Updated><Summary>s</Summary><Author><name>A</name></Author></entry>` + tail},
		{"upper-case entry", head + `<Entry><id>urn:1</id><title>a</title></Entry>` + tail},
		{"upper-case feed", `<FEED xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>urn:1</id></entry></FEED>`},
		{"upper-case feed children", `<feed xmlns="http://www.w3.org/2005/Atom"><TITLE>T</TITLE><LINK href="https://example.com/site"/><entry><id>urn:1</id></entry></feed>`},
		{"source in entry", plain(`<source><id>urn:src</id><title>Src</title><link href="https://example.com/src"/><author><name>SA</name></author></source>`)},
		{"entry nested in entry", head + `<entry><id>urn:1</id><title>a</title><entry><id>urn:2</id><title>b</title></entry></entry>` + tail},
		{"entry inside extension", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:x="http://example.com/x"><title>T</title><x:wrap><entry><id>urn:1</id></entry></x:wrap><entry><id>urn:2</id></entry></feed>`},
		{"entry inside unknown element", head + `<group><entry><id>urn:1</id></entry></group><entry><id>urn:2</id></entry>` + tail},
		{"entries after feed", head + `<entry><id>urn:1</id></entry>` + tail + `<entry><id>urn:2</id></entry>`},
		{"junk after feed", head + `<entry><id>urn:1</id></entry>` + tail + `junk <x>`},
		{"bare entry root", `<?xml version="1.0"?><entry xmlns="http://www.w3.org/2005/Atom"><id>urn:1</id><title>bare</title></entry>`},
		{"bare entry root without namespace", `<entry><id>urn:1</id><title>bare</title><link href="https://example.com/b"/></entry>`},
		{"two bare entries", `<entry><id>urn:1</id><title>a</title></entry><entry><id>urn:2</id><title>b</title></entry>`},
		{"truncated", head + `<entry><id>urn:1</id><title>a</title></entry><entry><id>urn:2</id><title>b`},
		{"mismatched end", plain(`<summary>a<b>c</summary></b>`)},
		{"text between children", head + `<entry>junk<id>urn:1</id></entry>` + tail},
		{"cdata between children", head + `<entry><![CDATA[x]]><id>urn:1</id></entry>` + tail},
		{"comments and pis", `<?xml version="1.0"?><!-- c --><?xml-stylesheet href="s.xsl" type="text/xsl"?><feed xmlns="http://www.w3.org/2005/Atom"><!-- c --><title>T<!-- in --></title><entry><!-- c --><id>urn:1</id><?pi x?></entry></feed>`},
		{"doctype", `<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY e "ent">]><feed xmlns="http://www.w3.org/2005/Atom"><title>&e; T</title><entry><id>urn:1</id><title>&e;</title></entry></feed>`},
		{"bom and space", "\ufeff \n<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title><entry><id>urn:1</id><title>\ufeffa</title></entry></feed>"},
		{"extension attributes with entities", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0"><title>T</title><entry><id>urn:1</id><thr:total a="&amp;&#10;">3</thr:total><link rel="replies" thr:count="2" href="https://example.com/r"/></entry></feed>`},
		{"categories and rights", plain(`<category term="a" label="A"/><category term="b"/><rights type="html">&lt;b&gt;r&lt;/b&gt;</rights><contributor><name>C</name></contributor>`)},
		{"feed level extras", open + `<title type="html">Feed &amp;amp; &lt;b&gt;x&lt;/b&gt;</title><subtitle>s</subtitle><generator uri="https://g" version="1">G</generator><icon>i.png</icon><logo>l.png</logo><rights>r</rights><updated>2006-01-02T15:04:05Z</updated><category term="c"/><entry><id>urn:1</id></entry>` + tail},
		{"feed title xhtml", open + `<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">X <b>T</b></div></title><entry><id>urn:1</id></entry>` + tail},
		{"feed titles repeated", open + `<title type="html">&lt;b&gt;one&lt;/b&gt;</title><title>two &amp;amp;</title><entry><id>urn:1</id><title>a</title><title type="html">b &amp;amp; c</title></entry>` + tail},
		{"duplicate ids across entries", head + `<entry><id>urn:1</id><title>a</title></entry><entry><id>urn:1</id><title>b</title></entry><entry><id>urn:1</id><title>a</title></entry>` + tail},
		{"very long text", plain(`<summary>` + strings.Repeat("word &amp; ", 20000) + `</summary>`)},
		{"attribute whitespace", head + "<entry\n><id\t>urn:1</id ><link\r\n href = \"https://example.com/ws\" rel\n=\n'alternate' /></entry >" + tail},
		{"attribute cr", plain("<link href=\"https://example.com/a\r\nb\"/>")},
		{"attribute no space", plain(`<link href="https://example.com/a"rel="self"/>`)},
		{"type attribute prefixed", plain(`<summary xmlns:x="urn:x" x:type="html">&lt;b&gt;x&lt;/b&gt;</summary>`)},
		{"type attribute twice", plain(`<summary type="html" type="text">&lt;b&gt;x&lt;/b&gt;</summary>`)},
		{"type xmlns", plain(`<summary xmlns:type="html">&lt;b&gt;x&lt;/b&gt;</summary>`)},

		// The XML declaration (the RSS families, in Atom).
		{"second xml declaration", `<?xml version="1.0"?><?xml encoding="windows-1252"?><feed xmlns="http://www.w3.org/2005/Atom"><title>café</title><entry><id>urn:1</id></entry></feed>`},
		{"xml declaration glued", "<?xml\"encoding=\"iso-8859-1\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>caf\u00e9</title><entry><id>urn:1</id><title>\u00e9t\u00e9</title></entry></feed>"},
		{"xml declaration version 1.1", `<?xml version="1.1"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>urn:1</id></entry></feed>`},
		{"xml declaration other encoding", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>caf\u00e9</title><entry><id>urn:1</id></entry></feed>"},
		{"xml declaration single quotes", `<?xml version='1.0' encoding='UTF-8' standalone='yes'?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>urn:1</id></entry></feed>`},
		{"upper-case xml declaration", `<?XML version="1.0" encoding="windows-1252"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>urn:1</id></entry></feed>`},
		{"xml declaration after comment", `<!-- c --><?xml version="1.0" encoding="windows-1252"?><feed xmlns="http://www.w3.org/2005/Atom"><title>café</title><entry><id>urn:1</id></entry></feed>`},
		{"xmlns lang on bare entry root", `<entry xmlns="http://www.w3.org/2005/Atom" xmlns:lang="urn:l"><id>urn:1</id><title>a</title></entry>`},
		{"xml declaration inside", head + `<?xml version="1.0"?><entry><id>urn:1</id></entry>` + tail},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			requireSameParse(t, c.doc)
		})
	}
}
