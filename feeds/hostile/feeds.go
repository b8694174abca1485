package hostile

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// Encoding says how a payload's dangerous characters are written into an
// XML document.
type Encoding int

const (
	// Raw writes them as they are. XML 1.0 forbids the C0 controls other
	// than tab, LF and CR (a lenient reader drops them, leaving the rest
	// of the sequence as text); C1 controls and bidi characters are legal.
	Raw Encoding = iota
	// XMLRef writes every control, C1 and bidi character as an XML
	// character reference (&#x1B;), which a lenient reader decodes.
	XMLRef
	// HTMLRef writes them, inside fields that hold HTML (RSS description,
	// content:encoded, Atom content type="html"), as HTML character
	// references escaped for XML (&amp;#x1B;): the XML reader yields
	// "&#x1B;" and the HTML reader then decodes it. Plain-text fields are
	// written as with XMLRef.
	HTMLRef
)

var encodingNames = [...]string{"raw", "xmlref", "htmlref"}

func (e Encoding) String() string { return encodingNames[e] }

// Encodings lists every Encoding.
var Encodings = []Encoding{Raw, XMLRef, HTMLRef}

// needsRef reports whether r is written as a character reference in the
// reference encodings: controls, C1, bidi formatting characters and marks,
// separators and the invisible format characters.
func needsRef(r rune) bool {
	return forbiddenInText(r) && r != '\t' && r != '\n' ||
		r == 0xfeff || r >= 0x206a && r <= 0x206f || r >= 0xfff9 && r <= 0xfffb
}

// xmlText escapes s as XML character data (also valid in attribute values
// quoted with "), writing dangerous characters as enc says; html tells that
// the field holds HTML (see HTMLRef).
func xmlText(s string, enc Encoding, html bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case enc != Raw && needsRef(r):
			if enc == HTMLRef && html {
				fmt.Fprintf(&b, "&amp;#x%X;", r)
			} else {
				fmt.Fprintf(&b, "&#x%X;", r)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// htmlEscape escapes s for use inside HTML text or a quoted attribute,
// keeping every other character as it is (the XML layer encodes those).
func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// bodyHTML is the HTML body of a hostile item: the payload in text, in a
// title attribute, in a link's address and text, and in an image's alt.
func bodyHTML(p Payload, marker string) string {
	h := htmlEscape(p.Text)
	return `<p title="` + h + `">Body of ` + marker + `: ` + h + ` end of paragraph.</p>` +
		`<p><a href="https://example.com/a?q=` + h + `">link ` + h + `</a> and <b>bold ` + h + `</b></p>` +
		`<img alt="` + h + `" src="https://example.com/i.png"/>` +
		`<pre>` + h + "\tpre</pre>"
}

// Marker is the plain prefix of every hostile item's title, unique per
// payload and encoding ("osc52-bel/xmlref"): it survives sanitizing, so a
// test can find each item among the stored articles.
func Marker(p Payload, enc Encoding) string { return p.Name + "/" + enc.String() }

// EscapesRSS returns an RSS 2.0 document whose channel and items carry the
// payloads in every field nashra reads: channel title, link, description
// and language; item title, link, guid, author (dc:creator), description
// and content:encoded (HTML with the payload in text and attributes),
// category and enclosure URL and type. There is one item per payload and
// Encoding, in the order of Payloads then Encodings; each title starts with
// Marker.
func EscapesRSS() []byte {
	var b strings.Builder
	ps := Payloads()
	osc := byName("osc52-bel")
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	b.WriteString(`<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">` + "\n<channel>\n")
	fmt.Fprintf(&b, "<title>Hostile RSS %s</title>\n<link>https://example.com/%s</link>\n", xmlText(osc, XMLRef, false), xmlText(byName("trojan-source"), Raw, false))
	fmt.Fprintf(&b, "<description>%s</description>\n<language>en%s</language>\n", xmlText(byName("csi-clear"), XMLRef, false), xmlText(byName("c1-csi"), Raw, false))
	for _, enc := range Encodings {
		for i, p := range ps {
			m := Marker(p, enc)
			fmt.Fprintf(&b, "<item>\n<title>%s %s end</title>\n", m, xmlText(p.Text, enc, false))
			fmt.Fprintf(&b, "<link>https://example.com/%s/%s</link>\n", m, xmlText(p.Text, enc, false))
			fmt.Fprintf(&b, "<guid isPermaLink=\"false\">%s %s</guid>\n", m, xmlText(p.Text, enc, false))
			fmt.Fprintf(&b, "<dc:creator>%s</dc:creator>\n", xmlText("Author "+p.Text, enc, false))
			fmt.Fprintf(&b, "<category>%s</category>\n", xmlText(p.Text, enc, false))
			fmt.Fprintf(&b, "<pubDate>%s</pubDate>\n", baseTime.Add(-time.Duration(i)*time.Hour).Format(time.RFC1123Z))
			fmt.Fprintf(&b, "<description>%s</description>\n", xmlText(bodyHTML(p, m), enc, true))
			content := bodyHTML(p, m) + "<p>More text, so that this is the longer body.</p>"
			if enc == Raw && !strings.Contains(content, "]]>") {
				fmt.Fprintf(&b, "<content:encoded><![CDATA[%s]]></content:encoded>\n", content)
			} else {
				fmt.Fprintf(&b, "<content:encoded>%s</content:encoded>\n", xmlText(content, enc, true))
			}
			fmt.Fprintf(&b, "<enclosure url=\"https://example.com/e/%d.mp3?%s\" type=\"audio/mpeg%s\" length=\"1234\"/>\n",
				i, xmlText(p.Text, enc, false), xmlText(p.Text, enc, false))
			b.WriteString("</item>\n")
		}
	}
	b.WriteString("</channel>\n</rss>\n")
	return []byte(b.String())
}

// EscapesAtom returns an Atom 1.0 document like EscapesRSS: the payloads in
// the feed's title (type="html"), subtitle, author and links, and in each
// entry's id, title, author name, email and URI, alternate and enclosure
// links, summary and content (type="html", and for Raw type="xhtml").
func EscapesAtom() []byte {
	var b strings.Builder
	ps := Payloads()
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	b.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom">` + "\n")
	fmt.Fprintf(&b, "<title type=\"html\">Hostile Atom %s</title>\n<subtitle>%s</subtitle>\n", xmlText(byName("osc8"), HTMLRef, true), xmlText(byName("csi-color"), XMLRef, false))
	fmt.Fprintf(&b, "<id>urn:hostile:atom</id>\n<updated>%s</updated>\n", baseTime.Format(time.RFC3339))
	fmt.Fprintf(&b, "<link rel=\"alternate\" href=\"https://example.com/atom/%s\"/>\n", xmlText(byName("bidi-embed"), Raw, false))
	fmt.Fprintf(&b, "<author><name>%s</name></author>\n", xmlText(byName("c1-osc52"), Raw, false))
	for _, enc := range Encodings {
		for i, p := range ps {
			m := Marker(p, enc)
			t := xmlText(p.Text, enc, false)
			fmt.Fprintf(&b, "<entry>\n<id>urn:hostile:%s:%s</id>\n", m, t)
			fmt.Fprintf(&b, "<title type=\"html\">%s %s end</title>\n", m, xmlText(htmlEscape(p.Text), enc, true))
			fmt.Fprintf(&b, "<updated>%s</updated>\n", baseTime.Add(-time.Duration(i)*time.Hour).Format(time.RFC3339))
			fmt.Fprintf(&b, "<author><name>%s</name><email>x%s@example.com</email><uri>https://example.com/%s</uri></author>\n", t, t, t)
			fmt.Fprintf(&b, "<link rel=\"alternate\" href=\"https://example.com/atom/%s/%s\"/>\n", m, t)
			fmt.Fprintf(&b, "<link rel=\"enclosure\" type=\"image/png%s\" length=\"10\" href=\"https://example.com/e/%d.png?%s\"/>\n", t, i, t)
			fmt.Fprintf(&b, "<summary>%s</summary>\n", t)
			if enc == Raw {
				fmt.Fprintf(&b, "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">%s</div></content>\n",
					bodyHTML(p, m))
			} else {
				fmt.Fprintf(&b, "<content type=\"html\">%s</content>\n", xmlText(bodyHTML(p, m), enc, true))
			}
			b.WriteString("</entry>\n")
		}
	}
	b.WriteString("</feed>\n")
	return []byte(b.String())
}

// EscapesJSON returns a JSON Feed 1.1 document carrying the payloads the
// way JSON allows any character (\u001b escapes): feed title, home page,
// description and author; each item's id, URL, title, content_html (or,
// for every second item, content_text), summary, authors and attachment
// URL and MIME type. Titles start with Marker(p, Raw).
func EscapesJSON() []byte {
	type author struct {
		Name string `json:"name"`
		URL  string `json:"url,omitempty"`
	}
	type attachment struct {
		URL      string `json:"url"`
		MIMEType string `json:"mime_type"`
	}
	type item struct {
		ID          string       `json:"id"`
		URL         string       `json:"url"`
		Title       string       `json:"title"`
		ContentHTML string       `json:"content_html,omitempty"`
		ContentText string       `json:"content_text,omitempty"`
		Summary     string       `json:"summary"`
		Published   string       `json:"date_published"`
		Authors     []author     `json:"authors"`
		Attachments []attachment `json:"attachments"`
	}
	ps := Payloads()
	doc := struct {
		Version     string   `json:"version"`
		Title       string   `json:"title"`
		HomePageURL string   `json:"home_page_url"`
		Description string   `json:"description"`
		Authors     []author `json:"authors"`
		Items       []item   `json:"items"`
	}{
		Version:     "https://jsonfeed.org/version/1.1",
		Title:       "Hostile JSON " + byName("c1-dcs-apc"),
		HomePageURL: "https://example.com/json/" + byName("trojan-source"),
		Description: byName("osc-title"),
		Authors:     []author{{Name: byName("osc52-st")}},
	}
	for i, p := range ps {
		m := Marker(p, Raw)
		it := item{
			ID: m + " " + p.Text, URL: "https://example.com/json/" + m + "/" + p.Text,
			Title: m + " " + p.Text + " end", Summary: p.Text,
			Published:   baseTime.Add(-time.Duration(i) * time.Hour).Format(time.RFC3339),
			Authors:     []author{{Name: "Author " + p.Text, URL: "https://example.com/" + p.Text}},
			Attachments: []attachment{{URL: fmt.Sprintf("https://example.com/e/%d.mp3?%s", i, p.Text), MIMEType: "audio/mpeg" + p.Text}},
		}
		if i%2 == 0 {
			it.ContentHTML = bodyHTML(p, m)
		} else {
			it.ContentText = "Text of " + m + ": " + p.Text + "\n\nSecond\tparagraph " + p.Text
		}
		doc.Items = append(doc.Items, it)
	}
	out, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		panic(err) // only strings: cannot fail
	}
	return out
}

// baseTime is the publication date of the newest generated item.
var baseTime = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// Large describes a generated RSS 2.0 feed of many plain items.
type Large struct {
	Title string // channel title; Stamp is appended
	Items int    // number of items
	// Stamp is written into the channel title and into every item's title
	// and description ("[stamp]"), so that a test can tell which version
	// of the feed a stored article came from. GUIDs, links and dates do
	// not depend on it.
	Stamp string
	// Link is the base of the channel and item links ("https://example.com/big").
	Link string
	// Words is how many words each description carries (0: 12).
	Words int
}

// words are the generated descriptions' vocabulary.
var words = strings.Fields(`model training inference chip cluster dataset benchmark release weights
	agent reasoning context window token latency research paper lab startup funding round
	regulation policy safety evaluation open source license robot vision speech translation
	نموذج تدريب بيانات شريحة ذكاء اصطناعي بحث مختبر تمويل سياسة أمان ترجمة`)

// WriteLarge writes the feed f describes to w, item by item through a
// buffer (memory use does not grow with f.Items). Item i has GUID
// "item-i", link Link+"/i", a title "Item i [stamp]" and a date i minutes
// before 2025-03-01 12:00 UTC. It returns the first write error.
func WriteLarge(w io.Writer, f Large) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	n := f.Words
	if n <= 0 {
		n = 12
	}
	link := f.Link
	if link == "" {
		link = "https://example.com/big"
	}
	stamp := xmlText(f.Stamp, XMLRef, false)
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="utf-8"?>`+"\n"+`<rss version="2.0"><channel><title>%s [%s]</title><link>%s</link>`+"\n",
		xmlText(f.Title, XMLRef, false), stamp, xmlText(link, XMLRef, false))
	for i := range f.Items {
		fmt.Fprintf(bw, "<item><guid isPermaLink=\"false\">item-%d</guid><title>Item %d [%s]</title><link>%s/%d</link><pubDate>%s</pubDate><description>&lt;p&gt;[%s]",
			i, i, stamp, xmlText(link, XMLRef, false), i, baseTime.Add(-time.Duration(i)*time.Minute).Format(time.RFC1123Z), stamp)
		for k := range n {
			bw.WriteByte(' ')
			bw.WriteString(words[(i*7+k*13)%len(words)])
		}
		if _, err := bw.WriteString("&lt;/p&gt;</description></item>\n"); err != nil {
			return err
		}
	}
	bw.WriteString("</channel></rss>\n")
	return bw.Flush()
}
