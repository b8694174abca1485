package ui

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/nashra-reader/nashra/ui/bidi"
)

// updating reports -update, the flag that github.com/charmbracelet/x/exp/golden
// (imported through teatest) defines: it rewrites the golden frames in
// testdata/.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// firstLine is the pane titles line of a frame (the line under the top bar).
func paneTitles(frame string) string {
	lines := strings.Split(ansi.Strip(frame), "\n")
	if len(lines) < 2 {
		return ""
	}
	return lines[1]
}

func TestResizeChangesPanes(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	m := syncModel(t, s, 160, 50)
	press(t, m, "j", "j", "enter") // the Arabic article ar-1 in the reader

	cases := []struct {
		w, h  int
		panes []string // pane titles expected on screen, in order
		not   []string
	}{
		{160, 50, []string{"Feeds", "All", "Article"}, nil},
		{120, 40, []string{"Feeds", "All", "Article"}, nil},
		{100, 30, []string{"All", "Article"}, []string{"Feeds"}},
		{80, 24, []string{"All", "Article"}, []string{"Feeds"}},
		{70, 24, []string{"Article"}, []string{"Feeds", "All"}}, // focus is on the reader
		{160, 50, []string{"Feeds", "All", "Article"}, nil},
	}
	for _, c := range cases {
		drive(t, m, resize(c.w, c.h))
		frame := m.View()
		checkFrame(t, frame, c.w, c.h)
		titles := paneTitles(frame)
		at := 0
		for _, p := range c.panes {
			i := strings.Index(titles[at:], p)
			if i < 0 {
				t.Errorf("%dx%d: pane %q missing or out of order in %q", c.w, c.h, p, titles)
				continue
			}
			at += i + len(p)
		}
		for _, p := range c.not {
			if strings.Contains(titles, " "+p+" ") {
				t.Errorf("%dx%d: pane %q shown in %q", c.w, c.h, p, titles)
			}
		}
		// The reader's title is the Arabic one, laid out by the engine for
		// the reader's width and right-aligned.
		tw := m.reader.width - 2
		want := bidi.Layout(fixtureArticles[2].title, tw, bidi.Options{Base: bidi.RTL})[0]
		if !want.RTL {
			t.Fatalf("the engine did not find the title right to left")
		}
		if !strings.Contains(ansi.Strip(frame), want.Pad(tw)) {
			t.Errorf("%dx%d: the reader does not show the title's first visual line %q right-aligned", c.w, c.h, want.Text)
		}
		if strings.Contains(frame, fixtureArticles[2].title) {
			t.Errorf("%dx%d: the Arabic title is drawn in logical order", c.w, c.h)
		}
	}
}

func TestListRowsAreLaidOutPerCell(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	m := syncModel(t, s, 160, 50)
	frame := ansi.Strip(m.View())
	_, titleW := listColumns(m.list.width, 7)
	for _, a := range fixtureArticles {
		base := bidi.LTR
		if a.lang == "ar" {
			base = bidi.RTL
		}
		cell := bidi.Truncate(a.title, titleW, bidi.Options{Base: base}).Pad(titleW)
		if !strings.Contains(frame, cell) {
			t.Errorf("list lacks the title cell %q", cell)
		}
		if a.lang == "ar" && !strings.HasPrefix(cell, " ") && ansi.StringWidth(bidi.Visual(a.title, bidi.Options{})) < titleW {
			t.Errorf("the Arabic title %q is not right-aligned in its cell", a.title)
		}
	}
}

func TestGoldenFrames(t *testing.T) {
	cases := []struct {
		name string
		w, h int
		keys []string
	}{
		{"list-160x50", 160, 50, nil},
		{"reader-arabic-160x50", 160, 50, []string{"j", "j", "enter"}},
		{"reader-arabic-80x24", 80, 24, []string{"j", "j", "enter"}},
		{"why-120x30", 120, 30, []string{"j", "j", "w"}},
		{"tags-editor-100x30", 100, 30, []string{"j", "j", "t", "m", "o"}},
		{"help-100x30", 100, 30, []string{"?"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := openStore(t)
			fillStore(t, s)
			m := syncModel(t, s, c.w, c.h)
			press(t, m, c.keys...)
			frame := m.View()
			checkFrame(t, frame, c.w, c.h)
			golden(t, c.name, ansi.Strip(frame))
		})
	}
}

// golden compares got with testdata/NAME.golden (rewritten with -update).
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if updating() {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("frame differs from %s (go test -update rewrites it after a deliberate change)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestBidiModeOffDrawsLogicalText(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	m := syncModelWith(t, Options{Store: s, Topics: fixtureTopics{}, Now: fixtureNow, Bidi: bidi.Off}, 160, 50)
	frame := m.View()
	checkFrame(t, frame, 160, 50)
	if !strings.Contains(frame, fixtureArticles[2].title) {
		t.Errorf("with bidi off the Arabic title is not drawn in logical order:\n%s", ansi.Strip(frame))
	}
}

// In terminal mode the engine adds LRM/RLM guards (no cells); frames keep
// their size in every screen.
func TestBidiModeTerminalFrames(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	m := syncModelWith(t, Options{Store: s, Topics: fixtureTopics{}, Now: fixtureNow, Bidi: bidi.Terminal}, 160, 50)
	checkFrame(t, m.View(), 160, 50)
	press(t, m, "j", "j", "enter")
	checkFrame(t, m.View(), 160, 50)
	if !strings.ContainsAny(m.View(), "\u200e\u200f") {
		t.Error("terminal mode frame has no LRM/RLM guards")
	}
	press(t, m, "t", "م")
	checkFrame(t, m.View(), 160, 50)
}

// Every size, however small, draws a full frame of exactly that size, in
// every screen.
func TestTinySizes(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	m := syncModel(t, s, 160, 50)
	press(t, m, "j", "j", "enter")
	screens := []struct {
		name string
		in   []string
		out  []string
	}{
		{"browse", nil, nil},
		{"help", []string{"?"}, []string{"esc"}},
		{"why", []string{"w"}, []string{"esc"}},
		{"filter", []string{"/", "x"}, []string{"esc"}},
		{"tags", []string{"t", "x"}, []string{"esc"}},
	}
	for _, sc := range screens {
		press(t, m, sc.in...)
		for w := 1; w <= 130; w += 7 {
			for h := 1; h <= 12; h += 3 {
				drive(t, m, resize(w, h))
				checkFrame(t, m.View(), w, h)
			}
		}
		press(t, m, sc.out...)
	}
}

func TestFilterSavedAsSearch(t *testing.T) {
	s := openStore(t)
	fillStore(t, s)
	m := syncModel(t, s, 160, 50)
	press(t, m, "/")
	typeText(t, m, "lang:en is:unread")
	press(t, m, "ctrl+s")
	if m.query != "lang:en is:unread" || m.list.total != 3 {
		t.Errorf("filter %q lists %d articles, want lang:en is:unread and 3", m.query, m.list.total)
	}
	got, err := s.SavedSearches(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Query != "lang:en is:unread" || got[0].Unread != 3 {
		t.Fatalf("saved searches = %+v", got)
	}
	it := m.feeds.byKey(fmt.Sprintf("search:%d", got[0].ID))
	if it == nil || it.unread != 3 {
		t.Errorf("the feeds pane does not list the saved search with 3 unread: %+v", it)
	}
}
