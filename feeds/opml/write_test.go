package opml

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestWrite(t *testing.T) {
	subs := []Subscription{
		{URL: "https://a.example/feed", Title: "A & B <news>", Folders: []string{"Tech", "AI"}, SiteURL: "https://a.example/?x=1&y=2"},
		{URL: "https://b.example/rss", Title: "أخبار \"تقنية\"", Folders: []string{"Tech"}},
		{URL: "https://c.example/atom"},
		{URL: "https://d.example/feed", Title: "D", Folders: []string{"Tech", "AI", "", "Tech"}},
		{URL: "https://e.example/feed", Title: "line\nbreak\tand tab", Folders: []string{"عربي"}},
	}
	var buf bytes.Buffer
	if err := Write(&buf, "nashra <export>", subs); err != nil {
		t.Fatal(err)
	}
	want := `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head>
    <title>nashra &lt;export&gt;</title>
  </head>
  <body>
    <outline text="Tech" title="Tech">
      <outline text="AI" title="AI">
        <outline type="rss" text="A &amp; B &lt;news&gt;" title="A &amp; B &lt;news&gt;" xmlUrl="https://a.example/feed" htmlUrl="https://a.example/?x=1&amp;y=2"/>
        <outline type="rss" text="D" title="D" xmlUrl="https://d.example/feed"/>
      </outline>
      <outline type="rss" text="أخبار &#34;تقنية&#34;" title="أخبار &#34;تقنية&#34;" xmlUrl="https://b.example/rss"/>
    </outline>
    <outline type="rss" text="https://c.example/atom" xmlUrl="https://c.example/atom"/>
    <outline text="عربي" title="عربي">
      <outline type="rss" text="line&#xA;break&#x9;and tab" title="line&#xA;break&#x9;and tab" xmlUrl="https://e.example/feed"/>
    </outline>
  </body>
</opml>
`
	if got := buf.String(); got != want {
		t.Errorf("Write:\n%s\nwant:\n%s", got, want)
	}
	l, err := Parse(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if l.Title != "nashra <export>" || len(l.Skipped) != 0 {
		t.Errorf("title %q notes %q", l.Title, l.Skipped)
	}
	// Read back in tree order; D's empty and repeated folders are gone, and
	// a name is one line when read (Write keeps what it is given).
	checkSubs(t, l.Subscriptions, []Subscription{
		subs[0],
		{URL: "https://d.example/feed", Title: "D", Folders: []string{"Tech", "AI"}},
		subs[1], subs[2],
		{URL: "https://e.example/feed", Title: "line break and tab", Folders: []string{"عربي"}},
	})
}

func TestWriteErrors(t *testing.T) {
	var buf bytes.Buffer
	err := Write(&buf, "t", []Subscription{{URL: "https://a.example/"}, {URL: " ", Title: "blank"}})
	if err == nil || !strings.Contains(err.Error(), `subscription 1 ("blank") has no URL`) {
		t.Errorf("error %v", err)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %d bytes before failing", buf.Len())
	}
	errDisk := errors.New("disk full")
	err = Write(failWriter{errDisk}, "t", []Subscription{{URL: "https://a.example/"}})
	if !errors.Is(err, errDisk) {
		t.Errorf("error %v does not wrap the writer's error", err)
	}
}

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }

// TestRoundTripSmall: newsboat → OPML → OPML keeps titles, tags with spaces
// and Arabic text.
func TestRoundTripSmall(t *testing.T) {
	in := "https://a.example/f \"~عنوان & <title>\" \"tag with spaces\" ai\nhttps://b.example/g ai \"!hidden\"\n"
	l, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	checkRoundTrip(t, l)
}
