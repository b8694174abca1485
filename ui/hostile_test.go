package ui

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"golang.org/x/net/idna"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/store"
	"github.com/nashra-reader/nashra/ui/bidi"
)

// setArticle overwrites stored fields of article id with SQL, past the
// ingest sanitizer, as a database written by an older or buggy version
// could hold them.
func setArticle(t *testing.T, s *store.Store, id int64, cols map[string]any) {
	t.Helper()
	for col, v := range cols {
		if _, err := s.DB().Exec(`UPDATE articles SET `+col+` = ? WHERE id = ?`, v, id); err != nil {
			t.Fatalf("set %s: %v", col, err)
		}
	}
}

func linksJSON(t *testing.T, ls []feeds.Link) string {
	t.Helper()
	b, err := json.Marshal(ls)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Every URL the reader draws goes through feeds.DisplayURL: a host in one
// script in Unicode, a host that mixes scripts as punycode, readable
// decoded paths, no user information.
func TestReaderShowsDisplayURLs(t *testing.T) {
	s := openStore(t)
	_, ids := fillStore(t, s)
	mixed := "https://p\u0430ypal.example/login" // Cyrillic а among Latin letters
	mixedASCII, err := idna.ToASCII("p\u0430ypal.example")
	if err != nil || !strings.HasPrefix(mixedASCII, "xn--") {
		t.Fatalf("idna: %q %v", mixedASCII, err)
	}
	id := ids["en-1"]
	setArticle(t, s, id, map[string]any{
		"url": "https://xn--bcher-kva.example/neu",
		"links": linksJSON(t, []feeds.Link{
			{Text: "", URL: mixed},
			{Text: "the path", URL: "https://news.example/%D9%85%D9%82%D8%A7%D9%84"},
			{Text: "login", URL: "https://bank.example@evil.example/x"},
		}),
	})
	if _, err := s.DB().Exec(`INSERT INTO enclosures (article_id, pos, url, type, length) VALUES (?, 0, ?, 'audio/mpeg', 2048)`,
		id, "https://xn--bcher-kva.example/ep1.mp3"); err != nil {
		t.Fatal(err)
	}
	m := syncModel(t, s, 160, 50)
	press(t, m, "enter")
	frame := ansi.Strip(m.View())
	for _, want := range []string{
		"https://bücher.example/neu",           // the article's URL: one script, Unicode
		"[1] https://" + mixedASCII + "/login", // no link text: the URL, punycode
		"https://evil.example/x",               // user information dropped
		"https://bücher.example/ep1.mp3",       // the enclosure
		"(audio/mpeg, 2.0 KB)",
		bidi.Visual("https://news.example/مقال", bidi.Options{Base: bidi.LTR}), // the path decoded
	} {
		if !strings.Contains(frame, want) {
			t.Errorf("reader lacks %q:\n%s", want, frame)
		}
	}
	for _, bad := range []string{"xn--bcher", "p\u0430ypal", "%D9%85", "bank.example@"} {
		if strings.Contains(frame, bad) {
			t.Errorf("reader shows %q", bad)
		}
	}
}

// o and y hand over only http(s) links, in their ASCII form
// (feeds.SafeLink).
func TestOpenAndCopyUseSafeLink(t *testing.T) {
	s := openStore(t)
	_, ids := fillStore(t, s)
	setArticle(t, s, ids["en-1"], map[string]any{
		"url":   "https://bücher.example/ä",
		"links": linksJSON(t, []feeds.Link{{Text: "run me", URL: "javascript:alert(1)"}, {Text: "file", URL: "file:///etc/passwd"}}),
	})
	var clip bytes.Buffer
	m := syncModelWith(t, Options{Store: s, Topics: fixtureTopics{}, Now: fixtureNow, Clipboard: &clip, Browser: "/bin/true"}, 160, 50)
	press(t, m, "enter", "y")
	want := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte("https://xn--bcher-kva.example/%C3%A4")) + "\a"
	if clip.String() != want {
		t.Errorf("clipboard got %q, want %q", clip.String(), want)
	}
	if !strings.Contains(m.status, "copied https://bücher.example/ä") {
		t.Errorf("status %q", m.status)
	}
	for _, n := range []string{"1", "2"} {
		clip.Reset()
		press(t, m, n, "y")
		if clip.Len() != 0 || !m.statusErr || !strings.Contains(m.status, "only http and https") {
			t.Errorf("link %s: clipboard %q, status %q", n, clip.String(), m.status)
		}
		press(t, m, n, "o")
		if !m.statusErr || !strings.Contains(m.status, "only http and https") {
			t.Errorf("link %s opened: status %q", n, m.status)
		}
	}
}

// hostile holds what a terminal must never receive from a feed: CSI and
// OSC sequences (OSC 52 writes the clipboard), a DCS string, BEL, C1
// controls (U+009B is a one-character CSI), TAB, CR, DEL, and the bidi
// override of the Trojan-Source trick.
const hostile = "A\x1b[31mred\x1b]52;c;aGFja2Vk\x07B\x1b]8;;https://evil.example\x1b\\link\x1bPq#0\x1b\\" +
	"\u009b2J\u0085\u0090C\x07bell\ttab\rcr\x7fdel\u202Egnp.exe\u2066iso\u2069 \u200f end"

// allowed reports whether r may appear in a frame once the SGR sequences
// lipgloss writes are stripped.
func forbidden(r rune) bool {
	switch {
	case r == '\n':
		return false
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200e, r == 0x200f, r == 0x061c: // App mode draws no marks
		return true
	}
	return false
}

// No control character from an article reaches View's output: every field
// of an article (title, author, feed name, body, URLs, link texts,
// enclosure type, tags and their terms, the feed's last error) holds
// escape sequences and controls, and every screen is drawn.
func TestHostileTextNeverReachesTheScreen(t *testing.T) {
	withColors(t)
	s := openStore(t)
	feedIDs, ids := fillStore(t, s)
	id := ids["en-1"]
	setArticle(t, s, id, map[string]any{
		"title":   "Chip " + hostile,
		"author":  hostile,
		"content": "Orders " + hostile + "\n\n" + hostile + "\n\n\tindented " + hostile,
		"url":     "https://tech.example/" + hostile,
		"links":   linksJSON(t, []feeds.Link{{Text: hostile, URL: "https://x.example/" + hostile}, {URL: hostile}}),
	})
	if _, err := s.DB().Exec(`INSERT INTO enclosures (article_id, pos, url, type, length) VALUES (?, 0, ?, ?, 10)`,
		id, "https://x.example/"+hostile, hostile); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Exec(`UPDATE feeds SET title = ?, user_title = '', last_error = ? WHERE id = ?`, hostile, hostile, feedIDs[0]); err != nil {
		t.Fatal(err)
	}
	terms, _ := json.Marshal([]string{hostile})
	for _, tag := range []struct{ name, kind, source string }{{"org:" + hostile, "entity", "auto"}, {"u" + hostile, "user", "user"}, {"t" + hostile, "topic", "auto"}} {
		res, err := s.DB().Exec(`INSERT INTO tags (name, kind) VALUES (?, ?)`, tag.name, tag.kind)
		if err != nil {
			t.Fatal(err)
		}
		tid, _ := res.LastInsertId()
		if _, err := s.DB().Exec(`INSERT INTO article_tags (article_id, tag_id, source, terms, sort_time)
SELECT id, ?, ?, ?, sort_time FROM articles WHERE id = ?`, tid, tag.source, string(terms), id); err != nil {
			t.Fatal(err)
		}
		// The store counts the tags it writes (no insert trigger); count
		// this one written behind its back, so the feeds pane lists it.
		if _, err := s.DB().Exec(`UPDATE tag_counts SET total = total + 1,
unread = unread + (SELECT read = 0 FROM articles WHERE id = ?) WHERE tag_id = ?`, id, tid); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SaveSearch(context.Background(), "s"+strings.ReplaceAll(hostile, "\"", ""), "chip"); err != nil {
		t.Fatal(err)
	}

	m := syncModel(t, s, 160, 50)
	check := func(what string) {
		t.Helper()
		frame := m.View()
		checkFrame(t, frame, m.c.width, m.c.height)
		plain := sgr.ReplaceAllString(frame, "")
		for i, r := range plain {
			if forbidden(r) {
				t.Errorf("%s: %U at byte %d: %q", what, r, i, plain[max(i-40, 0):min(i+40, len(plain))])
				return
			}
		}
		if !strings.Contains(frame, "\x1b[") {
			t.Errorf("%s: no SGR sequence at all: the test is not seeing styled output", what)
		}
	}
	check("list")
	press(t, m, "enter")
	check("reader")
	if !strings.Contains(ansi.Strip(m.View()), "        indented") {
		t.Error("the tab at the start of a paragraph is not expanded to 8 cells")
	}
	press(t, m, "w")
	check("why")
	press(t, m, "esc", "t")
	check("tag editor")
	press(t, m, "esc", "e")
	check("feed errors")
	press(t, m, "esc", "esc", "/")
	typeText(t, m, "red")
	check("filter editor")
	press(t, m, "enter")
	check("snippets")
	for _, w := range []int{100, 70} {
		drive(t, m, resize(w, 30))
		check("narrow list")
	}
	drive(t, m, resize(160, 50))
	press(t, m, "esc", "G") // the feeds pane: every item drawn
	check("feeds pane")
	press(t, m, "M")
	check("mark-all question")
	drive(t, m, func() tea.Msg { return statusMsg{text: "bad " + hostile, err: true} })
	check("status")
}
