package opml

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

const sampleOPML = `<?xml version="1.0" encoding="UTF-8"?>
<!-- written for nashra's tests -->
<opml version="1.1">
  <head>
    <title>  قائمتي &amp; more </title>
    <ownerName>someone</ownerName>
  </head>
  <body>
    <outline text="Research" title="ignored: text comes first">
      <outline text="Labs">
        <outline type="rss" text="Lab One" title="Lab One (feed title)" xmlUrl="https://one.example/feed" htmlUrl=" https://one.example/ "/>
        <outline type="link" text="A page" url="https://one.example/about"/>
      </outline>
      <outline type="RSS" title="Only a title" xmlURL="https://two.example/rss"/>
    </outline>
    <outline text="أخبار عربية">
      <outline text="نشرة الذكاء" xmlurl="HTTPS://Three.Example:443/ar.xml" category="/ai, عربي,,"/>
    </outline>
    <outline text="https://four.example/feed" xmlUrl="https://four.example/feed"/>
    <outline type="atom" text="Lab One again" xmlUrl="https://one.example/feed">
      <outline text="child of a feed" xmlUrl="https://five.example/feed"/>
    </outline>
    <outline text="Empty folder"/>
    <outline type="include" text="More" url="https://lists.example/more.opml"/>
    <outline type="vfolder" text="Unread" xmlUrl="vfolder"><outline type="rule" text="status"/></outline>
    <outline text="Broken" xmlUrl="hhttps://typo.example/feed"/>
  </body>
</opml>
`

func TestOPML(t *testing.T) {
	l, err := Parse([]byte(sampleOPML))
	if err != nil {
		t.Fatal(err)
	}
	if l.Format != FormatOPML || l.Title != "قائمتي & more" {
		t.Errorf("format %q title %q", l.Format, l.Title)
	}
	checkSubs(t, l.Subscriptions, []Subscription{
		// The second listing (line 20) adds no folder of its own, and its
		// title and site are not used since the first has them.
		{URL: "https://one.example/feed", Title: "Lab One", Folders: []string{"Research", "Labs"}, SiteURL: "https://one.example/"},
		{URL: "https://two.example/rss", Title: "Only a title", Folders: []string{"Research"}},
		{URL: "https://three.example/ar.xml", Title: "نشرة الذكاء", Folders: []string{"أخبار عربية", "ai", "عربي"}},
		{URL: "https://four.example/feed"},
		{URL: "https://five.example/feed", Title: "child of a feed"},
	})
	checkNotes(t, l.Skipped, []string{
		`line 12: outline "A page" is type="link" ("https://one.example/about"), not a feed; skipped`,
		`line 23: outline "Empty folder" has no xmlUrl and no outlines inside; skipped`,
		`line 24: outline "More" is type="include" ("https://lists.example/more.opml"), not a feed; skipped`,
		`line 25: outline "Unread" is type="vfolder", not a feed; skipped (xmlUrl "vfolder")`,
		`line 25: outline "status" is type="rule", not a feed; skipped`,
		`line 26: outline "Broken": "hhttps://typo.example/feed": unsupported scheme "hhttps"`,
	})
}

func TestOPMLDuplicatesUniteFolders(t *testing.T) {
	doc := `<opml version="2.0"><body>
<outline text="News"><outline text="X" xmlUrl="https://x.example/f"/></outline>
<outline text="Arabic"><outline text="X, renamed" xmlUrl="https://X.example/f" htmlUrl="https://x.example/"/></outline>
<outline text="News"><outline text="X" xmlUrl="https://x.example/f"/></outline>
</body></opml>`
	l, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	checkSubs(t, l.Subscriptions, []Subscription{
		{URL: "https://x.example/f", Title: "X", Folders: []string{"News", "Arabic"}, SiteURL: "https://x.example/"},
	})
}

func TestOPMLErrors(t *testing.T) {
	tests := []struct {
		name, doc string
		line, col int // col 0: not checked
		msg       string
	}{
		{"mismatched tag", "<opml version=\"2.0\">\n<body>\n<outline text=\"a\">\n</body>\n</opml>", 4, 0, "element <outline> closed by </body>"},
		{"stray less-than", "<opml>\n<body>\n<outline text=\"a<b\" xmlUrl=\"https://a.example/\"/>\n</body></opml>", 3, 0, "<"},
		{"unknown HTML entity", "<opml><body>\n<outline text=\"a&nbsp;b\" xmlUrl=\"https://a.example/\"/></body></opml>", 2, 0, "&nbsp;"},
		{"truncated", "<opml version=\"2.0\">\n<body>\n<outline text=\"a\" xmlUrl=\"https://a.example/\"/>\n", 4, 0, "unexpected EOF"},
		{"no body", "<?xml version=\"1.0\"?>\n<opml version=\"2.0\">\n<head><title>t</title></head>\n</opml>\n", 4, 1, "no <body>"},
		{"RSS feed, not OPML", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>", 2, 1, "this is a feed"},
		{"Atom feed", "<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>", 1, 1, "this is a feed"},
		{"HTML page", "<!DOCTYPE html>\n<html><head><meta charset=utf-8></head></html>", 2, 1, "HTML page"},
		{"HTML without <html>", "<!doctype html><meta charset=utf-8><title>x</title>", 1, 0, "HTML page"},
		{"second root", "<opml><body/></opml>\n<opml><body/></opml>", 2, 1, "after the end of <opml>"},
		{"entity declarations", "<?xml version=\"1.0\"?>\n<!DOCTYPE opml [\n<!ENTITY a \"aaaaaaaaaa\">\n<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">\n]>\n<opml><body><outline text=\"&b;\"/></body></opml>", 2, 1, "entity declarations are not allowed"},
		{"unsupported encoding", "<?xml version=\"1.0\" encoding=\"x-no-such-charset\"?>\n<opml/>", 1, 0, "x-no-such-charset"},
		{"too deep", "<opml><body>" + strings.Repeat("<outline text=\"f\">", maxDepth+1) + strings.Repeat("</outline>", maxDepth+1) + "</body></opml>", 1, 0, "nested more than"},
		{"column counts characters", "<opml><body>\n<outline text=\"عربي\" x=y/></body></opml>", 2, 25, "attribute"}, // the decoder stops at "/", character 25 (byte 29),
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, err := Parse([]byte(tc.doc))
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
			if pe.Line != tc.line || (tc.col != 0 && pe.Column != tc.col) || !strings.Contains(pe.Msg, tc.msg) {
				t.Errorf("error %q: line %d column %d, want line %d column %d with %q", err, pe.Line, pe.Column, tc.line, tc.col, tc.msg)
			}
		})
	}
}

// A DOCTYPE without entity declarations is harmless and accepted.
func TestOPMLPlainDoctype(t *testing.T) {
	doc := "<!DOCTYPE opml>\n<opml version=\"1.0\"><body><outline text=\"a\" xmlUrl=\"https://a.example/\"/></body></opml>"
	l, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Subscriptions) != 1 {
		t.Errorf("%d subscriptions", len(l.Subscriptions))
	}
}

// A bare "&" is read as text, as an HTML parser would, and noted.
func TestOPMLBareAmpersand(t *testing.T) {
	l, err := Parse([]byte("<opml>\n<body>\n<outline text=\"R&D &amp; more &#38;\" xmlUrl=\"https://a.example/?a=1&b=2\"/>\n</body></opml>"))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Subscriptions) != 1 || l.Subscriptions[0].Title != "R&D & more &" || l.Subscriptions[0].URL != "https://a.example/?a=1&b=2" {
		t.Fatalf("subscriptions %+v", l.Subscriptions)
	}
	if len(l.Skipped) != 1 || l.Skipped[0] != "line 3: a bare & was read as text" {
		t.Fatalf("notes %q", l.Skipped)
	}
}

func TestOPMLEncodings(t *testing.T) {
	const arabic = "الذكاء الاصطناعي"
	doc := func(decl string) string {
		return decl + "\n<opml version=\"2.0\">\n<head><title>" + arabic + "</title></head>\n<body>\n" +
			"<outline text=\"" + arabic + "\" xmlUrl=\"https://ar.example/rss\"/>\n</body>\n</opml>\n"
	}
	win1256, err := charmap.Windows1256.NewEncoder().String(doc(`<?xml version="1.0" encoding="windows-1256"?>`))
	if err != nil {
		t.Fatal(err)
	}
	iso88596, err := charmap.ISO8859_6.NewEncoder().String(doc(`<?xml version='1.0' encoding='ISO-8859-6'?>`))
	if err != nil {
		t.Fatal(err)
	}
	utf16le, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(doc(`<?xml version="1.0" encoding="UTF-16"?>`))
	if err != nil {
		t.Fatal(err)
	}
	utf16beNoBOM, err := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder().String(doc(`<?xml version="1.0" encoding="UTF-16"?>`))
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]string{
		"UTF-8":                doc(`<?xml version="1.0" encoding="UTF-8"?>`),
		"UTF-8 BOM":            "\xef\xbb\xbf" + doc(`<?xml version="1.0"?>`),
		"windows-1256":         win1256,
		"ISO-8859-6":           iso88596,
		"UTF-16LE BOM":         utf16le,
		"UTF-16BE without BOM": utf16beNoBOM,
		"UTF-16 label, UTF-8":  doc(`<?xml version="1.0" encoding="utf-16"?>`),
	}
	for name, data := range tests {
		l, err := Parse([]byte(data))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if l.Title != arabic || len(l.Subscriptions) != 1 || l.Subscriptions[0].Title != arabic {
			t.Errorf("%s: title %q subscriptions %+v", name, l.Title, l.Subscriptions)
		}
	}
	// Line numbers stay those of the file after decoding.
	bad, _ := charmap.Windows1256.NewEncoder().String("<?xml version=\"1.0\" encoding=\"windows-1256\"?>\n<opml>\n<body>\n<outline text=\"" + arabic + " < \"/></body></opml>")
	_, err = Parse([]byte(bad))
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 4 {
		t.Errorf("error in windows-1256 file: %v, want line 4", err)
	}
}
