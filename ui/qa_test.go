package ui

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/nashra-reader/nashra/store"
	"github.com/nashra-reader/nashra/ui/bidi"
)

// Below the width where the reader is a permanent pane, one esc in the
// reader closes it and the list takes the width again; from that width esc
// only hands the focus back to the list, the reader previewing.
func TestEscClosesReaderBelowPreviewWidth(t *testing.T) {
	for _, tc := range []struct {
		w            int
		panes, title string // after enter, esc
	}{
		{80, "list", ""},
		{100, "list", ""},
		{119, "list", ""},
		{120, "feeds+list+reader", "Preview (enter opens)"},
		{160, "feeds+list+reader", "Preview (enter opens)"},
	} {
		s := openStore(t)
		fillStore(t, s)
		m := syncModel(t, s, tc.w, 24)
		press(t, m, "enter")
		if m.focus != focusReader || !m.showsPane(focusReader) {
			t.Fatalf("width %d: enter did not open the reader", tc.w)
		}
		press(t, m, "esc")
		if got := strings.Join(panesOf(m), "+"); got != tc.panes || m.focus != focusList {
			t.Errorf("width %d: after one esc panes %s focus %v, want %s and the list", tc.w, got, m.focus, tc.panes)
		}
		titles := paneTitles(m.View())
		if tc.title == "" && strings.Contains(titles, "Preview") {
			t.Errorf("width %d: the reader stayed as a preview: %q", tc.w, titles)
		}
		if tc.title != "" && !strings.Contains(titles, tc.title) {
			t.Errorf("width %d: pane titles %q lack %q", tc.w, titles, tc.title)
		}
		if tc.title != "" {
			// The permanent reader previews the cursor's next row.
			press(t, m, "j")
			if titles := paneTitles(m.View()); !strings.Contains(titles, "Preview (enter opens)") {
				t.Errorf("width %d: after j the reader is not a preview: %q", tc.w, titles)
			}
		}
	}
}

// A filter that leaves out the article in the reader lets go of it: below
// the preview width the reader closes, from it the reader previews the new
// cursor row; s then stars the row the user sees selected, never the
// hidden article.
func TestFilterLetsGoOfHiddenArticle(t *testing.T) {
	for _, w := range []int{70, 80, 160} {
		s := openStore(t)
		_, ids := fillStore(t, s)
		m := syncModel(t, s, w, 30)
		press(t, m, "enter") // en-1, the newest
		if m.reader.art == nil || m.reader.art.GUID != "en-1" {
			t.Fatalf("width %d: the reader shows %+v", w, m.reader.art)
		}
		press(t, m, "/")
		typeText(t, m, "lang:ar")
		press(t, m, "enter")
		cur := m.list.current()
		if cur == nil || cur.Lang != "ar" {
			t.Fatalf("width %d: the filtered list's cursor is on %+v", w, cur)
		}
		if m.focus != focusList {
			t.Errorf("width %d: the focus stayed on pane %v", w, m.focus)
		}
		if a := m.reader.art; a != nil && a.ID == ids["en-1"] {
			t.Errorf("width %d: the reader still shows the filtered-out en-1", w)
		}
		if w >= wideAt && (m.reader.art == nil || m.reader.art.ID != cur.ID || m.reader.opened) {
			t.Errorf("width %d: the reader shows %+v, want a preview of %s", w, m.reader.art, cur.GUID)
		}
		if w < wideAt && m.showsPane(focusReader) {
			t.Errorf("width %d: the reader is still on screen: %v", w, panesOf(m))
		}
		press(t, m, "s")
		for guid, id := range ids {
			a, err := s.Article(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			if want := id == cur.ID; a.Starred != want {
				t.Errorf("width %d: after s, %s starred = %v, want %v", w, guid, a.Starred, want)
			}
		}
	}
}

// An empty list leaves nothing for s to act on, even when the (closed)
// reader last held an article.
func TestEmptyListHasNoTarget(t *testing.T) {
	s := openStore(t)
	_, ids := fillStore(t, s)
	m := syncModel(t, s, 80, 24)
	press(t, m, "enter", "esc", "/")
	typeText(t, m, "nothingmatchesthis")
	press(t, m, "enter", "s")
	if !m.statusErr || !strings.Contains(m.status, "no article selected") {
		t.Errorf("s on an empty list: status %q", m.status)
	}
	a, err := s.Article(context.Background(), ids["en-1"])
	if err != nil {
		t.Fatal(err)
	}
	if a.Starred {
		t.Error("s starred en-1, which the list does not show")
	}
}

// The Links section numbers what No opens: [o] is the article's own link
// (o), [1]… the numbered ones (1o…); a count past them says how many there
// are, in the singular when there is one.
func TestLinkNumbersAgreeWithReader(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	m := syncModelWith(t, Options{Store: s, Topics: fixtureTopics{}, Now: fixtureNow, Browser: "/bin/true"}, 160, 50)

	press(t, m, "enter") // en-1: its own link and one numbered link
	frame := ansi.Strip(m.View())
	for _, want := range []string{"[o] https://tech.example/en-1", "[1] the supplier report"} {
		if !strings.Contains(frame, want) {
			t.Errorf("the reader lacks %q", want)
		}
	}
	press(t, m, "2", "o")
	if want := "link 2: the article has 1 numbered link, [1] to [1]"; m.status != want || !m.statusErr {
		t.Errorf("2o: status %q, want %q", m.status, want)
	}
	press(t, m, "esc", "j", "enter") // en-2: no numbered link
	press(t, m, "1", "o")
	if want := "link 1: the article has no numbered links (o alone opens its own link)"; m.status != want {
		t.Errorf("1o: status %q, want %q", m.status, want)
	}
	press(t, m, "o")
	if want := "opened https://tech.example/en-2"; m.status != want {
		t.Errorf("o: status %q, want %q", m.status, want)
	}
}

// A browser that cannot be run or fails puts the reason first, so that a
// narrow status bar cuts the URL, not the reason.
func TestOpenFailureReasonFirst(t *testing.T) {
	long := "https://tech.example/" + strings.Repeat("a-very-long-path-segment/", 8) + "end"
	for _, tc := range []struct {
		browser, want string
	}{
		{"/nonexistent/xdg-open", "cannot open link: xdg-open not found (" + long + "): "},
		{"/bin/false", "cannot open link: false: exit status 1 (" + long + ")"},
	} {
		s := openStore(t)
		_, ids := fillStore(t, s)
		setArticle(t, s, ids["en-1"], map[string]any{"url": long})
		m := syncModelWith(t, Options{Store: s, Topics: fixtureTopics{}, Now: fixtureNow, Browser: tc.browser}, 80, 24)
		press(t, m, "o")
		if !m.statusErr || !strings.HasPrefix(m.status, tc.want) {
			t.Errorf("%s: status %q, want it to start with %q", tc.browser, m.status, tc.want)
		}
		frame := strings.Split(ansi.Strip(m.View()), "\n")
		bottom := frame[len(frame)-1]
		if reason := tc.want[:strings.Index(tc.want, " (")]; !strings.Contains(bottom, reason) {
			t.Errorf("%s: the status bar %q lost the reason %q", tc.browser, bottom, reason)
		}
	}
}

// VS16 after a character whose default presentation is text is dropped,
// so that our cell count and a terminal that ignores it (tmux, xterm)
// agree; emoji-presentation characters and ZWJ sequences keep theirs.
func TestTermTextDropsTextDefaultVS16(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		cells    int
	}{
		{"⚜\uFE0F  Feeds", "⚜  Feeds", 8}, // U+269C: Emoji_Presentation=No
		{"\u2764\uFE0F love", "\u2764 love", 6},
		{"#\uFE0F\u20E3 tag", "#\u20E3 tag", 5},                                     // keycap: the terminal draws '#' in 1 cell
		{"\U0001F600\uFE0F ok", "\U0001F600\uFE0F ok", 5},                           // Emoji_Presentation=Yes: 2 cells either way
		{"\U0001F3F3\uFE0F\u200D\U0001F308", "\U0001F3F3\uFE0F\u200D\U0001F308", 2}, // ZWJ sequence kept
		{"عربي \uFE0F", "عربي ", 5},                                                 // a stray selector after a space goes too
		{"plain text", "plain text", 10},
	} {
		got := termText(tc.in)
		if got != tc.want {
			t.Errorf("termText(%+q) = %+q, want %+q", tc.in, got, tc.want)
		}
		if w := ansi.StringWidth(got); w != tc.cells {
			t.Errorf("termText(%+q) is %d cells, want %d", tc.in, w, tc.cells)
		}
	}
	// Spans move with the text: "ab" after "⚜️ " starts at byte 7 in the
	// input and at byte 4 in the output.
	in := "⚜\uFE0F ab ⚜\uFE0F"
	got, spans := termTextSpans(in, []bidi.Span{{Start: 7, End: 9}, {Start: 0, End: len(in)}})
	if got != "⚜ ab ⚜" || !reflect.DeepEqual(spans, []bidi.Span{{Start: 4, End: 6}, {Start: 0, End: len(got)}}) {
		t.Errorf("termTextSpans = %+q %v", got, spans)
	}
}

// The saved search "⚜️  Feeds" (from a newsboat urls file) is drawn
// without the selector, so its row is as wide for the terminal as for us.
func TestSavedSearchEmojiNameWidth(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	const name = "⚜\uFE0F  Feeds─────────────────────────────────────────────"
	if _, err := s.SaveSearch(context.Background(), name, "lang:en"); err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{80, 160} {
		m := syncModel(t, s, w, 40)
		if w < wideAt {
			press(t, m, "esc") // the feeds pane
		}
		frame := m.View()
		checkFrame(t, frame, w, 40)
		// (the store collapses the run of spaces, as in every one-line field)
		if !strings.Contains(frame, "⚜ Feeds") {
			t.Fatalf("width %d: the saved search is not drawn:\n%s", w, ansi.Strip(frame))
		}
		if strings.ContainsRune(frame, '\uFE0F') {
			t.Errorf("width %d: the frame still holds U+FE0F after a text-presentation character", w)
		}
	}
}

// The `?` screen lists every binding of the key maps the keys are matched
// with: the panes' (keyMap) and the editors' and questions' (promptKeys),
// ctrl+s among them.
func TestHelpListsEveryKey(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	for _, size := range [][2]int{{80, 24}, {160, 50}} {
		m := syncModel(t, s, size[0], size[1])
		press(t, m, "?")
		lines := m.helpLines()
		for i, l := range lines {
			if w := ansi.StringWidth(l); w > size[0] {
				t.Errorf("%dx%d: help line %d is %d cells, cut by the screen: %q", size[0], size[1], i, w, ansi.Strip(l))
			}
		}
		help := ansi.Strip(strings.Join(lines, "\n"))
		var bindings []key.Binding
		for _, km := range []any{m.c.keys, defaultPromptKeys()} {
			v := reflect.ValueOf(km)
			for i := 0; i < v.NumField(); i++ {
				if b, ok := v.Field(i).Interface().(key.Binding); ok {
					bindings = append(bindings, b)
				}
			}
		}
		if len(bindings) < 30 {
			t.Fatalf("found only %d bindings", len(bindings))
		}
		for _, b := range bindings {
			h := b.Help()
			if !strings.Contains(help, h.Key+" ") || !strings.Contains(help, h.Desc) {
				t.Errorf("%dx%d: the help screen lacks %q %q", size[0], size[1], h.Key, h.Desc)
			}
		}
		// What does not fit the screen is reached by scrolling.
		for range len(m.helpLines()) {
			press(t, m, "j")
		}
		if frame := ansi.Strip(m.View()); !strings.Contains(frame, "ctrl+s") {
			t.Errorf("%dx%d: scrolled to the end, the help does not show ctrl+s:\n%s", size[0], size[1], frame)
		}
	}
}

// The status after refreshing one feed names it, isolated so that an
// Arabic name keeps the count after it in place.
func TestRefreshOneFeedNamesIt(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"Compute Weekly", "refreshed Compute Weekly: 0 new articles"},
		{"أخبار التقنية", "refreshed " + bidi.Visual("أخبار التقنية", bidi.Options{Base: bidi.RTL}) + ": 0 new articles"},
	} {
		m := &Model{c: &common{}}
		m.refresh.name = tc.name
		m.updateRefresh(refreshDoneMsg{sum: store.RefreshSummary{Feeds: 1, OK: 1}})
		if got := strings.TrimSpace(m.c.cell(m.status, 80, bidi.LTR)); got != tc.want {
			t.Errorf("status %q drawn as %q, want %q", m.status, got, tc.want)
		}
	}
}
