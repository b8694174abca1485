package ui

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"golang.org/x/text/unicode/norm"

	"github.com/nashra-reader/nashra/ui/bidi"
)

func TestHighlighter(t *testing.T) {
	const text = "قرأت كِتَابٌ جديدا وكتاب آخر بالكتاب القديم. Meta releases open weights; metadata stays closed."
	tests := []struct {
		query string
		want  []string // the highlighted words of text, in order
	}{
		{"", nil},
		{"tag:org:meta is:unread lang:ar since:2025-01-01", nil},
		{"كتاب", []string{"كِتَابٌ", "وكتاب", "بالكتاب"}},
		{"أحمد", nil},
		{"meta", []string{"Meta"}}, // not inside "metadata"
		{`"open weights"`, []string{"open weights"}},
		{`"weights open"`, nil},
		{"-meta weights", []string{"weights"}},
		{"NOT meta weights", []string{"weights"}},
		{"-(meta OR open) closed", []string{"closed"}},
		{"-(meta -open)", []string{"open"}}, // a double negation is positive
		{`feed:"open weights" closed`, []string{"closed"}},
		{"meta OR closed", []string{"Meta", "closed"}},
		{"(meta AND releases)", []string{"Meta", "releases"}},
		{"open-weights", []string{"open weights"}}, // a word the analyzer splits is a phrase
	}
	for _, tc := range tests {
		h := newHighlighter(tc.query)
		var got []string
		for _, sp := range h.find(text) {
			got = append(got, text[sp.Start:sp.End])
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: highlights %q, want %q", tc.query, got, tc.want)
		}
	}
	if newHighlighter("tag:compute -meta") != nil {
		t.Error("a query without a positive word has a highlighter")
	}
}

func TestExpandTabs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"no tabs", "no tabs"},
		{"\tindented", "        indented"},
		{"a\tb", "a       b"},
		{"abc\tde\tf", "abc     de      f"},
		{"12345678\tx", "12345678        x"},
		{"مرحبا\tعالم", "مرحبا   عالم"},
		{"日本\tx", "日本    x"}, // wide characters count two cells
	}
	for _, tc := range tests {
		if got := expandTabs(tc.in); got != tc.want {
			t.Errorf("expandTabs(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// withColors makes lipgloss emit SGR sequences for the test (tests have no
// terminal, so it emits none by default).
func withColors(t *testing.T) {
	t.Helper()
	old := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(termenv.ANSI256)
	t.Cleanup(func() { lipgloss.SetColorProfile(old) })
}

// highlighted returns the texts the frame draws in style hl, in order: the
// text drawn while hl's SGR sequence is the last one in force; pieces
// separated only by escape sequences (lipgloss may style a run piece by
// piece) are one run.
func highlighted(frame string, hl lipgloss.Style) []string {
	open := strings.TrimSuffix(hl.Render("X"), "X\x1b[0m")
	if open == "" || strings.Contains(open, "X") {
		panic("the highlight style has no SGR opening sequence: " + hl.Render("X"))
	}
	var out []string
	in, joined := false, false
	at := 0
	for _, loc := range append(sgr.FindAllStringIndex(frame, -1), []int{len(frame), len(frame)}) {
		if text := frame[at:loc[0]]; text != "" {
			switch {
			case in && joined:
				out[len(out)-1] += text
			case in:
				out = append(out, text)
				joined = true
			default:
				joined = false
			}
		}
		in = frame[loc[0]:loc[1]] == open
		at = loc[1]
	}
	return out
}

var sgr = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// unshapeText maps presentation forms back to letters (NFKC one rune at a
// time) and reverses nothing.
func unshapeText(s string) string {
	var b strings.Builder
	for _, r := range s {
		if (r >= 0xFB50 && r <= 0xFDFF) || (r >= 0xFE70 && r <= 0xFEFF) {
			if d := []rune(norm.NFKC.String(string(r))); len(d) == 1 {
				r = d[0]
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func reverseRunes(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// The filter's words: each list row gets a snippet line with the matches
// highlighted, the titles highlight their matches, and so does the reader,
// in title and body, after bidi reordering.
func TestSearchSnippetsAndHighlights(t *testing.T) {
	withColors(t)
	m := filtered(t, 160, 50, "accelerators OR اختبار")
	st := &m.c.styles
	if m.list.total != 2 || m.list.hl == nil {
		t.Fatalf("filter lists %d articles (highlighter %v), want 2", m.list.total, m.list.hl != nil)
	}
	if m.list.visible() != (m.list.height-1)/2 {
		t.Errorf("rows are not two lines high: %d visible in %d lines", m.list.visible(), m.list.height)
	}
	frame := m.View()
	checkFrame(t, frame, 160, 50)
	plain := ansi.Strip(frame)
	// en-1's snippet starts its body; ar-1's carries الاختبارات.
	if !strings.Contains(plain, "Orders for accelerators doubled this quarter.") {
		t.Errorf("no English snippet line:\n%s", plain)
	}
	var got []string
	for _, h := range highlighted(frame, st.Highlight) {
		got = append(got, unshapeText(h))
	}
	// The list: en-1's snippet word, ar-1's snippet word (الاختبارات,
	// reversed on screen); the reader previews en-1: its body.
	wantAr := reverseRunes("الاختبارات")
	count := map[string]int{}
	for _, g := range got {
		count[g]++
	}
	if count["accelerators"] < 2 {
		t.Errorf("accelerators highlighted %d times (list snippet and reader), want 2; all: %q", count["accelerators"], got)
	}
	if count[wantAr] < 1 {
		t.Errorf("%s not highlighted in the Arabic snippet; all: %q", wantAr, got)
	}
	// The cursor row's title highlight is drawn in the cursor's variant.
	// Open the Arabic article: title has no match, body two.
	press(t, m, "j", "enter")
	frame = m.View()
	got = nil
	for _, h := range highlighted(frame, st.Highlight) {
		got = append(got, unshapeText(h))
	}
	n := 0
	for _, g := range got {
		if g == wantAr {
			n++
		}
	}
	if n < 3 { // one in the list's snippet, two in the reader's body
		t.Errorf("the reader does not highlight الاختبارات twice: %q", got)
	}
	// The reader's lines are the engine's laid-out lines, unchanged apart
	// from the styling.
	tw := m.reader.width - 2
	for _, p := range splitParagraphs(m.reader.art.Content) {
		if p == "" {
			continue
		}
		for _, l := range bidi.Layout(p, tw, bidi.Options{Base: baseOf("", "ar", p)}) {
			if !strings.Contains(ansi.Strip(frame), l.Pad(tw)) {
				t.Errorf("reader line %q is not the engine's", l.Text)
			}
		}
	}
	// Clearing the filter: single-line rows, no highlights anywhere.
	press(t, m, "esc", "esc")
	frame = m.View()
	if m.list.hl != nil || m.reader.hl != nil || len(highlighted(frame, st.Highlight)) != 0 {
		t.Errorf("highlights remain after the filter was cleared: %q", highlighted(frame, st.Highlight))
	}
}

// A title match in the list: the cursor row draws it in the cursor's
// highlight style, other rows in the plain one.
func TestListTitleHighlights(t *testing.T) {
	withColors(t)
	m := filtered(t, 160, 50, "model")
	st := &m.c.styles
	// en-2 "…small model", ar? no; en-3 "…on model audits".
	if m.list.total != 2 {
		t.Fatalf("model lists %d", m.list.total)
	}
	frame := m.View()
	cur := highlighted(frame, st.HighlightCur)
	if !reflect.DeepEqual(cur, []string{"model"}) {
		t.Errorf("cursor row highlights %q, want [model]", cur)
	}
	other := highlighted(frame, st.Highlight)
	if n := strings.Count(strings.Join(other, "|"), "model"); n < 2 { // en-3's title, the reader's title
		t.Errorf("other highlights %q", other)
	}
}

// A saved search lists what its query selects (and a filter narrows it).
func TestSavedSearchListsItsQuery(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	m := syncModel(t, s, 160, 50)
	press(t, m, "/")
	typeText(t, m, "lang:ar")
	press(t, m, "ctrl+s")
	press(t, m, "esc", "esc") // clear the filter, go to the feeds pane
	if m.query != "" || m.focus != focusFeeds {
		t.Fatalf("query %q focus %v", m.query, m.focus)
	}
	press(t, m, "G") // the last item... is a feed; go to the saved search
	for i := range m.feeds.items {
		if m.feeds.items[i].kind == itemSearch {
			m.feeds.cursor = i
		}
	}
	press(t, m, "enter")
	if m.list.total != 2 || m.list.view.Query != "lang:ar" {
		t.Errorf("the saved search lists %d articles with %q, want 2 with lang:ar", m.list.total, m.list.view.Query)
	}
	if !regexp.MustCompile(`lang:ar\s+1/2`).MatchString(paneTitles(m.View())) {
		t.Errorf("list title %q", paneTitles(m.View()))
	}
	press(t, m, "/")
	typeText(t, m, "ميتا")
	press(t, m, "enter")
	if m.list.total != 1 || m.list.view.Query != "(lang:ar) ميتا" {
		t.Errorf("saved search + filter lists %d with %q", m.list.total, m.list.view.Query)
	}
}
