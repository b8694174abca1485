package feeds

import (
	"reflect"
	"strings"
	"testing"
)

// TestFastFeedBreak holds the fast path (fastRSS) to gofeed on documents
// built to probe where a byte-level reader and encoding/xml + gofeed part
// ways: namespaces, xml:base, XML declarations, entities, CDATA, comments,
// attributes, dates, authors, GUIDs. For each document Parse must give the
// same result with and without the fast path (it may decline any of them).
// Cases marked "DIFF" differed when they were written (fastRSS now
// declines them); they stay as regression tests.
func TestFastFeedBreak(t *testing.T) {
	const (
		head = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title><link>https://example.com/</link>`
		tail = `</channel></rss>`
	)
	item := func(s string) string { return head + `<item>` + s + `</item>` + tail }
	cases := []struct {
		name string
		doc  string
	}{
		// DIFF: a prefix bound to the XML namespace makes foo:base an
		// xml:base that gofeed resolves <link> against.
		{"xml base through another prefix", `<rss version="2.0" xmlns:foo="http://www.w3.org/XML/1998/namespace" foo:base="http://other.example/dir/"><channel><title>T</title><link>site</link><item><title>a</title><link>rel/1</link></item></channel></rss>`},
		{"xml base through another prefix on link", `<rss version="2.0" xmlns:foo="http://www.w3.org/XML/1998/namespace"><channel><title>T</title><link>https://example.com/</link><item><title>a</title><link foo:base="http://other.example/dir/">rel/1</link></item></channel></rss>`},
		// DIFF: a namespace named "rss" or "rdf" is RSS itself to gofeed.
		{"namespace uri rss is native", `<rss version="2.0" xmlns:x="rss"><channel><title>T</title><item><title>a</title><x:title>b</x:title><x:link>https://example.com/x</x:link></item></channel></rss>`},
		{"namespace uri rdf is native", `<rss version="2.0" xmlns:x=" rdf "><channel><x:title>T</x:title><item><title>a</title><x:author>Zed</x:author></item></channel></rss>`},
		{"native-namespace item", `<rss version="2.0" xmlns:x="rss"><channel><title>T</title><x:item><title>b</title></x:item></channel></rss>`},
		// DIFF: gofeed names an extension by the prefix most recently
		// declared for its namespace, which may be one declared on the
		// element itself.
		{"other prefix declared on dc element", `<rss version="2.0" xmlns:dc="http://x.example/ns"><channel><title>T</title><item><title>a</title><dc:creator xmlns:zz="http://x.example/ns">Alice</dc:creator></item></channel></rss>`},
		{"dc prefix declared on foreign element", `<rss version="2.0" xmlns:a="http://x.example/ns"><channel><title>T</title><item><title>a</title><a:creator xmlns:dc="http://x.example/ns">Alice</a:creator></item></channel></rss>`},
		{"content prefix shadowed on element", `<rss version="2.0" xmlns:content="http://x.example/c"><channel><title>T</title><item><title>a</title><content:encoded xmlns:c2="http://x.example/c">body text</content:encoded></item></channel></rss>`},
		{"two prefixes on one element", `<rss version="2.0"><channel><title>T</title><item><title>a</title><dc:creator xmlns:dc="http://x.example/ns" xmlns:zz="http://x.example/ns">Alice</dc:creator></item></channel></rss>`},
		{"atom prefix declared on foreign element", `<rss version="2.0" xmlns:a="http://x.example/ns"><channel><title>T</title><item><title>a</title><a:summary xmlns:atom="http://x.example/ns">summary text here</a:summary></item></channel></rss>`},
		{"content prefix declared on foreign element", `<rss version="2.0" xmlns:a="http://x.example/c"><channel><title>T</title><item><title>a</title><a:encoded xmlns:content="http://x.example/c">body text</a:encoded></item></channel></rss>`},
		{"channel dc title via element declaration", `<rss version="2.0" xmlns:a="http://x.example/ns"><channel><a:title xmlns:dc="http://x.example/ns">DT</a:title><item><title>a</title></item></channel></rss>`},
		// DIFF: encoding/xml reads "name=" right before a quote in an xml
		// declaration; fastRSS reads the first "name" with spaces around '='.
		{"second xml declaration encoding", "<?xml version=\"1.0\"?><?xml encoding =\"utf-8\" encoding=\"windows-1252\"?><rss version=\"2.0\"><channel><title>caf\u00e9</title><item><title>na\u00efve \u0627\u0644</title></item></channel></rss>"},
		{"xml declaration glued to its target", "<?xml\"encoding=\"iso-8859-1\"?><rss version=\"2.0\"><channel><title>caf\u00e9</title><item><title>\u00e9t\u00e9</title></item></channel></rss>"},
		{"xml declaration glued, version", `<?xml"version="1.1"?><rss version="2.0"><channel><title>T</title><item><title>a<!-- c -->b</title></item></channel></rss>`},
		{"second xml declaration version", `<?xml version="1.0"?><?xml version ="1.0" version="1.1"?><rss version="2.0"><channel><title>T</title><item><title>a<!-- c -->b</title></item></channel></rss>`},
		{"xml declaration version in other word", `<?xml version="1.0"?><?xml conversion="1.1"?><rss version="2.0"><channel><title>T</title><item><title>a</title></item></channel></rss>`},

		// Text: whitespace, CR, CDATA, comments, entities, markup.
		{"crlf in title", item("<title>\r\n a\r\nb \r\n</title>")},
		{"cr in dc creator", item("<title>a</title><dc:creator>A\rB</dc:creator>")},
		{"cdata split", item(`<title><![CDATA[a]]>&amp;<![CDATA[ b]]>  c</title>`)},
		{"cdata with markup inside", item(`<title><![CDATA[<b>x</b> &amp; y]]></title><description><![CDATA[<p>one]]]]><![CDATA[>two</p>]]></description>`)},
		{"cdata marker in comment", item(`<title><!-- <![CDATA[ --> &amp; x</title>`)},
		{"cdata then stray end", item(`<title><![CDATA[x]]>]]></title>`)},
		{"comment in title", item(`<title>a<!-- b -->c</title>`)},
		{"odd comments", item(`<title>a<!---->b<!--->-->c</title>`)},
		{"comment in dc", item(`<title>a</title><dc:creator>A<!-- x -->B</dc:creator>`)},
		{"pi in title", item(`<title>a<?php x ?>b</title>`)},
		{"nested markup in title", item(`<title>a<b>c</b> &lt;i&gt;d&lt;/i&gt;</title>`)},
		{"nested markup with quotes", item(`<title>x<a href='y"z' title="]]>">t</a></title>`)},
		{"raw html description", item(`<title>a</title><description><p>one <br/> <img src="x.png" alt='a &amp; b'/> two</p></description>`)},
		{"markup in dc creator", item(`<title>a</title><dc:creator><b>A</b></dc:creator>`)},
		{"entities numeric", item(`<title>&#1575;&#x644;&#X41;&#0065;&#x1F600;</title>`)},
		{"entities in dc", item(`<title>a</title><dc:creator>&#65;&amp;&#x42;&lt;&gt;&quot;&apos;</dc:creator>`)},
		{"entity refs invalid", item(`<title>&#0; &#xD800; &#x110000; &#99999999999; &#1;</title><dc:creator>&#xFFFE;</dc:creator>`)},
		{"html entities", item(`<title>&eacute;&nbsp;&hellip;&copy=2;&AMP;&foo;</title><dc:creator>&nbsp;Ann&nbsp;</dc:creator>`)},
		{"bare ampersands", item(`<title>AT&T & co; a&b;c</title><link>https://example.com/?a=1&b=2&amp;c=3</link>`)},
		{"double escaped", item(`<title>Q&amp;amp;A &amp;lt;b&amp;gt;</title>`)},
		{"unicode spaces", item("<title>\u00a0\u0085 a \u3000</title><dc:creator>\u00a0B\u2003</dc:creator>")},
		{"very long text", item(`<title>` + strings.Repeat("word &amp; ", 20000) + `</title>`)},
		{"bom inside", item("<title>\ufeffa</title>")},

		// Names, case, attributes.
		{"upper-case elements", head + `<ITEM><TITLE>a</TITLE><Link>https://example.com/a</Link><GUID isPermaLink="false">g</GUID><PubDate>Mon, 02 Jan 2006 15:04:05 GMT</PubDate><Author>x@example.com (X)</Author></ITEM>` + tail},
		{"upper-case content encoded", item(`<title>a</title><content:Encoded>long body</content:Encoded><dc:Creator>C</dc:Creator><dc:Date>2006-01-02T15:04:05Z</dc:Date>`)},
		{"single-quoted attributes", item(`<title>a</title><guid isPermaLink='false'>https://example.com/g</guid><enclosure url='https://example.com/a.mp3' length='12' type='audio/mpeg'/>`)},
		{"duplicate attributes", item(`<title>a</title><enclosure url="https://example.com/1.mp3" url="https://example.com/2.mp3" length="1"/>`)},
		{"prefixed attribute same local", item(`<title>a</title><enclosure xmlns:x="urn:x" x:url="https://example.com/2.mp3" length="1"/>`)},
		{"xmlns-prefixed url attribute", item(`<title>a</title><enclosure xmlns:url="https://example.com/2.mp3" length="1"/>`)},
		{"attribute entities and whitespace", item("<title>a</title><enclosure url=\" https://example.com/a b.mp3?x=1&amp;y=&#50;\" length=\" 12 \" type=\"audio/mpeg&#10;\"/>")},
		{"attribute with tab and newline", item("<title>a</title><enclosure url=\"https://example.com/a\tb\n.mp3\" length=\"1\"/>")},
		{"attribute cr", item("<title>a</title><enclosure url=\"https://example.com/a\r\nb.mp3\" length=\"1\"/>")},
		{"no space between attributes", item(`<title>a</title><enclosure url="https://example.com/a.mp3"length="1"/>`)},
		{"link href forms", item(`<title>a</title><link href=" https://example.com/h?a=b c"/>`)},
		{"link href and text", item(`<title>a</title><link href="https://example.com/h">https://example.com/t</link><link/>`)},
		{"link href bad url", item(`<title>a</title><link href="http://[::1/x"/>`)},
		{"href prefixed", item(`<title>a</title><link xmlns:x="urn:x" x:href="https://example.com/h"/>`)},
		{"channel link empty last", head + `<link/><item><title>a</title></item>` + tail},
		{"channel atom link", `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title><atom:link href="https://example.com/feed" rel="self"/><atom:link href="https://example.com/" rel="alternate"/><item><title>a</title></item></channel></rss>`},
		{"self-closing and empty", item(`<title/><link></link><guid/><description/><pubDate/><author/><dc:creator/>`)},

		// Repeats.
		{"multiple guids", item(`<title>a</title><guid>https://example.com/1</guid><guid isPermaLink="false">https://example.com/2</guid>`)},
		{"multiple links", item(`<title>a</title><link>https://example.com/1</link><link>https://example.com/2</link><link></link>`)},
		{"multiple enclosures", item(`<title>a</title><enclosure url="https://example.com/1.mp3" length="-5"/><enclosure url="" length="x"/><enclosure url="https://example.com/3.mp3" length="0012" type="audio/x">x<b>y</b></enclosure>`)},
		{"multiple categories", item(`<title>a</title><category>x</category><category domain="d">y</category>`)},
		{"multiple titles and authors", item(`<title>a</title><title>b</title><author>x@example.com</author><author></author><dc:creator>Dee</dc:creator>`)},
		{"multiple pubdates", item(`<title>a</title><pubDate>Mon, 02 Jan 2006 15:04:05 GMT</pubDate><pubDate>junk</pubDate>`)},
		{"multiple dc dates", item(`<title>a</title><dc:date></dc:date><dc:date>2006-01-02T15:04:05Z</dc:date>`)},
		{"multiple content encoded", item(`<title>a</title><content:encoded>one</content:encoded><content:encoded></content:encoded>`)},

		// isPermaLink.
		{"permalink variants", head +
			`<item><guid isPermaLink="FALSE">https://example.com/1</guid></item>` +
			`<item><guid isPermaLink=" false ">https://example.com/2</guid></item>` +
			`<item><guid ispermalink="false">https://example.com/3</guid></item>` +
			`<item><guid isPermaLink="" isPermalink="false">https://example.com/4</guid></item>` +
			`<item><guid isPermalink="false">https://example.com/5</guid></item>` +
			`<item><guid isPermaLink="true">ftp://example.com/6</guid></item>` +
			`<item><guid> https://example.com/7 </guid></item>` +
			`<item><guid isPermaLink="no">/relative/8</guid></item>` + tail},

		// Authors.
		{"author forms", head +
			`<item><title>1</title><author>a@example.com (Ann)</author></item>` +
			`<item><title>2</title><author>Ann (a@example.com)</author></item>` +
			`<item><title>3</title><author>a@example.com</author></item>` +
			`<item><title>4</title><author>Ann (editor)</author></item>` +
			`<item><title>5</title><author>a@b@c</author></item>` +
			"<item><title>6</title><author>a@example.com\n(Ann\nB)</author></item>" +
			`<item><title>7</title><dc:author>x@example.com (X)</dc:author><dc:creator>Y</dc:creator></item>` +
			`<item><title>8</title><dc:author></dc:author><dc:creator>Y</dc:creator></item>` + tail},

		// Dates.
		{"dates", head +
			`<item><title>1</title><pubDate>Mon, 02 Jan 2006 15:04:05 -0700</pubDate></item>` +
			`<item><title>2</title><pubDate>Mon, 2 Jan 2006 15:04:05 -0700</pubDate></item>` +
			`<item><title>3</title><pubDate>Mon, 02 Jan 06 15:04 -0700</pubDate></item>` +
			`<item><title>4</title><pubDate>Mon, 02 Jan 2006 15:04:05 GMT</pubDate></item>` +
			`<item><title>5</title><pubDate>Mon, 02 Jan 2006 15:04:05 UTC</pubDate></item>` +
			`<item><title>6</title><pubDate>Mon, 02 Jan 2006 15:04:05 EST</pubDate></item>` +
			`<item><title>7</title><pubDate>  2006-01-02T15:04:05.123+03:00  </pubDate></item>` +
			`<item><title>8</title><pubDate>Mon Jan 02 15:04:05 -0700 2006</pubDate></item>` +
			`<item><title>9</title><pubDate>Tue, 02 Jan 2006 15:04:05.5 GMT</pubDate></item>` +
			`<item><title>10</title><pubDate>Mon, 02 Jan 2006 15:04:05 +0000 (UTC)</pubDate></item>` +
			`<item><title>11</title><pubDate>Mon, 31 Feb 2006 15:04:05 GMT</pubDate></item>` +
			`<item><title>12</title><pubDate>mon, 02 jan 2006 15:04:05 gmt</pubDate></item>` +
			`<item><title>13</title><pubDate>Mon, 02 Jan 2006 15:04:05 GMT+3</pubDate></item>` +
			`<item><title>14</title><pubDate>junk</pubDate><dc:date>2006-01-02</dc:date></item>` +
			`<item><title>15</title><dc:date>Mon, 02 Jan 2006 15:04:05 GMT</dc:date></item>` +
			`<item><title>16</title><pubDate>Mon, 02 Jan 2006 24:00:00 GMT</pubDate></item>` +
			`<item><title>17</title><pubDate>Mon, 02 Jan 0001 00:00:00 GMT</pubDate></item>` +
			"<item><title>18</title><pubDate>Mon,\t02 Jan 2006 15:04:05 GMT</pubDate></item>" +
			`<item><title>19</title><pubDate>Monday, 02 Jan 2006 15:04:05 GMT</pubDate></item>` +
			`<item><title>20</title><pubDate>2006-01-02T15:04:05Z</pubDate><dc:date>2007-01-02T15:04:05Z</dc:date></item>` + tail},

		// Namespaces.
		{"prefixes declared on channel", `<rss version="2.0"><channel xmlns:dc="http://purl.org/dc/elements/1.1/"><title>T</title><item><title>a</title><dc:creator>C</dc:creator></item></channel></rss>`},
		{"prefix declared on item", `<rss version="2.0"><channel><title>T</title><item xmlns:dc="http://purl.org/dc/elements/1.1/"><title>a</title><dc:creator>C</dc:creator></item></channel></rss>`},
		{"prefix declared on element", `<rss version="2.0"><channel><title>T</title><item><title>a</title><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">C</dc:creator><x:creator xmlns:x="http://purl.org/dc/elements/1.1/">D</x:creator></item></channel></rss>`},
		{"redeclared prefix", `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title><item><title>a</title><dc:creator xmlns:dc="http://example.com/not-dc">C</dc:creator></item></channel></rss>`},
		{"dc bound elsewhere", `<rss version="2.0" xmlns:dc="http://example.com/not-dc" xmlns:content="http://example.com/c"><channel><title>T</title><item><dc:title>DT</dc:title><dc:creator>C</dc:creator><content:encoded>CE</content:encoded></item></channel></rss>`},
		{"dc namespace under other prefix", `<rss version="2.0" xmlns:d="http://purl.org/dc/elements/1.1/"><channel><d:title>DT</d:title><d:language>ar</d:language><item><d:title>t</d:title><d:creator>C</d:creator><d:date>2006-01-02T15:04:05Z</d:date><d:description>desc</d:description></item></channel></rss>`},
		{"namespace uri with spaces", "<rss version=\"2.0\" xmlns:dc=\" http://purl.org/dc/elements/1.1/\n\" xmlns:c=\" http://x.example/c \"><channel><title>T</title><item><dc:creator>C</dc:creator><c:encoded>x</c:encoded></item></channel></rss>"},
		{"undeclared prefix", item(`<title>a</title><media:title>M</media:title>`)},
		{"undeclared rss prefix", item(`<rss:title>R</rss:title>`)},
		{"media and atom same local", `<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title><item><media:title>M</media:title><atom:link rel="alternate" href="https://example.com/alt"/><media:description>md</media:description><title>a</title></item></channel></rss>`},
		{"atom in item", item(`<title>a</title><atom:summary>S</atom:summary><atom:updated>2006-01-02T15:04:05Z</atom:updated>`)},
		{"itunes", `<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>T</title><item><title>a</title><itunes:author>IA</itunes:author><itunes:summary>IS</itunes:summary></item></channel></rss>`},
		{"itunes canonical", `<rss version="2.0" xmlns:itunes="http://www.itunes.com/DTDs/PodCast-1.0.dtd"><channel><title>T</title><item><title>a</title><itunes:author>IA</itunes:author></item></channel></rss>`},
		{"xml prefix element", item(`<title>a</title><xml:title>X</xml:title>`)},
		{"xmlns prefix element", item(`<title>a</title><xmlns:title>X</xmlns:title>`)},
		{"empty namespace", `<rss version="2.0" xmlns:dc=""><channel><title>T</title><item><dc:title>X</dc:title></item></channel></rss>`},
		{"default namespace on root", `<rss version="2.0" xmlns="http://example.com/ns"><channel><title>T</title><item><title>X</title></item></channel></rss>`},
		{"default namespace on child", item(`<title xmlns="http://www.w3.org/2005/Atom">X</title>`)},
		{"atom10 prefix", `<rss version="2.0" xmlns:atom10="http://example.com/a10"><channel><title>T</title><atom10:link href="https://example.com/a"/><item><title>a</title><atom10:summary>S</atom10:summary></item></channel></rss>`},
		{"item nested in item", head + `<item><title>a</title><item><title>b</title></item></item>` + tail},

		// Structure.
		{"items outside channel", `<rss version="2.0"><channel><title>T</title></channel><item><title>a</title></item></rss>`},
		{"two channels", `<rss version="2.0"><channel><title>T</title><item><title>a</title></item></channel><channel><title>U</title><item><title>b</title></item></channel></rss>`},
		{"rss without version", `<rss><channel><title>T</title><item><title>a</title></item></channel></rss>`},
		{"rss 0.91 doctype", `<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>T</title><item><title>a</title></item></channel></rss>`},
		{"rdf root", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>T</title></channel><item><title>a</title></item></rdf:RDF>`},
		{"bare channel root", `<channel><title>T</title><item><title>a</title></item></channel>`},
		{"upper-case root", `<RSS version="2.0"><CHANNEL><title>T</title><item><title>a</title></item></CHANNEL></RSS>`},
		{"bom and space before", "\ufeff  \n<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>T</title><item><title>a</title></item></channel></rss>"},
		{"junk after root", `<rss version="2.0"><channel><title>T</title><item><title>a</title></item></channel></rss><item><title>b</title></item>junk`},
		{"text between children", item(`junk<title>a</title>`)},
		{"mismatched end", item(`<title>a<b>c</title></b>`)},
		{"truncated", head + `<item><title>a</title></item><item><title>b`},
		{"stylesheet pi", `<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="x.xsl"?><!-- c --><rss version="2.0"><channel><title>T</title><item><title>a</title></item></channel></rss>`},
		{"xml declaration other encoding", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>caf\u00e9</title></channel></rss>"},
		{"cloud and skiphours", head + `<cloud domain="x" port="80"/><skipHours><hour>1</hour></skipHours><item><title>a</title></item>` + tail},
		{"image and textinput", head + `<image><url>https://example.com/i.png</url><title>I</title><link>https://example.com/</link></image><textInput><title>q</title></textInput><item><title>a</title></item>` + tail},
		{"empty item", head + `<item/><item></item>` + tail},
		{"channel title fallback to dc", `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title></title><dc:title>DT</dc:title><dc:language>ar</dc:language><dc:title>DT2</dc:title><item><title>a</title></item></channel></rss>`},
		{"duplicate guids across items", head + `<item><title>a</title><guid>g</guid></item><item><title>b</title><guid>g</guid></item><item><title>a</title><guid>g</guid></item>` + tail},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			requireSameParse(t, c.doc)
		})
	}
}

// TestFastAtomBreak holds fastAtom to gofeed on documents that bind the
// XML namespace to another prefix on an unprefixed element — an xml:base
// gofeed resolves the link against — and on the other families
// TestFastFeedBreak found for RSS, in Atom.
func TestFastAtomBreak(t *testing.T) {
	const head = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><link href="https://example.com/"/>`
	entry := func(s string) string {
		return head + `<entry><id>urn:1</id><title>a</title><updated>2026-01-02T03:04:05Z</updated>` + s + `</entry></feed>`
	}
	for _, tc := range []struct{ name, doc string }{
		{"xml namespace on a link", entry(`<link xmlns:foo="http://www.w3.org/XML/1998/namespace" foo:base="http://other.example/dir/" href="rel/1"/>`)},
		{"xml namespace on the feed", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:foo="http://www.w3.org/XML/1998/namespace" foo:base="http://other.example/"><title>T</title><entry><id>urn:1</id><title>a</title><link href="rel/1"/><updated>2026-01-02T03:04:05Z</updated></entry></feed>`},
		{"second xml declaration", `<?xml version="1.0"?><?xml encoding="windows-1252"?>` + entry(`<summary>café</summary>`)[len(`<?xml version="1.0" encoding="utf-8"?>`):]},
		{"plain entry", entry(`<link href="https://example.com/1"/><summary>café</summary><author><name>Dee</name><email>d@example.com</email></author>`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if accepted := requireSameParse(t, tc.doc); tc.name == "plain entry" && !accepted {
				t.Error("the fast path declined a plain Atom entry")
			}
		})
	}
}

// requireSameParse fails t unless Parse gives doc the same result with
// and without the fast path, and returns whether the fast path took it.
func requireSameParse(t *testing.T, doc string) (accepted bool) {
	t.Helper()
	fast, slow, accepted := parseBoth([]byte(doc), "https://example.com/feed.xml")
	if !reflect.DeepEqual(fast, slow) {
		t.Errorf("fast path (accepted %v) differs from gofeed:\nfast %s\nslow %s", accepted, describe(fast), describe(slow))
	}
	t.Logf("fast path accepted: %v", accepted)
	return accepted
}
