package ui

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/nashra-reader/nashra/store"
	"github.com/nashra-reader/nashra/ui/bidi"
)

func TestBrowserCommand(t *testing.T) {
	const u = "https://example.com/a?b=1&c=2"
	cases := []struct {
		browser string
		want    []string
		err     bool
	}{
		{"firefox", []string{"firefox", u}, false},
		{"firefox --new-tab", []string{"firefox", "--new-tab", u}, false},
		{"  chromium   --incognito  ", []string{"chromium", "--incognito", u}, false},
		{`'/opt/my browser/run' -x "two words"`, []string{"/opt/my browser/run", "-x", "two words", u}, false},
		{`/opt/my\ browser/run`, []string{"/opt/my browser/run", u}, false},
		{"lynx -dump %s", []string{"lynx", "-dump", u}, false},
		{"w3m --url=%s --x", []string{"w3m", "--url=" + u, "--x"}, false},
		{"firefox:chromium", []string{"firefox", u}, false},         // the old colon-separated list
		{"x; rm -rf /", []string{"x;", "rm", "-rf", "/", u}, false}, // no shell: just words
		{"firefox 'unterminated", nil, true},
		{"   ", []string{"xdg-open", u}, false},
		// The first of a list is used: what follows the colon is not.
		{"firefox:it's", []string{"firefox", u}, false},
		{`fire\:fox`, nil, true}, // "fire\" alone ends in a backslash
	}
	for _, c := range cases {
		got, err := browserCommand(c.browser, u)
		// CheckBrowser (config validation) refuses exactly the commands
		// that o cannot run.
		if cerr := CheckBrowser(c.browser); (cerr != nil) != (err != nil) {
			t.Errorf("CheckBrowser(%q) = %v, browserCommand's error %v", c.browser, cerr, err)
		}
		if c.err {
			if err == nil {
				t.Errorf("browserCommand(%q) = %q, want an error", c.browser, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("browserCommand(%q): %v", c.browser, err)
			continue
		}
		if c.browser == "   " && got[0] == "open" { // macOS
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("browserCommand(%q) = %q, want %q", c.browser, got, c.want)
		}
	}
}

func TestCheckWebURL(t *testing.T) {
	cases := []struct {
		in string
		ok bool
	}{
		{"https://example.com/x", true},
		{"http://example.com", true},
		{" https://example.com/ ", true},
		{"HTTPS://EXAMPLE.COM/", true},
		{"javascript:alert(1)", false},
		{"file:///etc/passwd", false},
		{"ftp://example.com/f", false},
		{"//example.com/x", false},
		{"https:///nohost", false},
		{"-oProxyCommand=x", false},
		{"", false},
	}
	for _, c := range cases {
		_, err := checkWebURL(c.in)
		if (err == nil) != c.ok {
			t.Errorf("checkWebURL(%q) error = %v, want ok=%v", c.in, err, c.ok)
		}
	}
}

func TestTagEditorWords(t *testing.T) {
	e := &tagEditor{}
	c := &common{}
	e.in = newInputLine(c, "")
	cases := []struct {
		text        string
		add, remove []string
	}{
		{"mine", []string{"mine"}, nil},
		{"+a -b c", []string{"a", "c"}, []string{"b"}},
		{"  -compute   مهم ", []string{"مهم"}, []string{"compute"}},
		{"- + ", nil, nil},
		{"-org:meta", nil, []string{"org:meta"}},
	}
	for _, cs := range cases {
		e.in.setValue(cs.text)
		add, remove := e.words()
		if !reflect.DeepEqual(add, cs.add) || !reflect.DeepEqual(remove, cs.remove) {
			t.Errorf("words(%q) = %q, %q; want %q, %q", cs.text, add, remove, cs.add, cs.remove)
		}
	}
}

func TestTagEditorCompletion(t *testing.T) {
	c := &common{styles: defaultStyles()}
	a := &store.Article{ID: 1, Tags: []store.Tag{{Name: "compute", Source: "auto"}, {Name: "مهم", Source: "user"}}}
	e := newTagEditor(c, a, []string{"compute", "competition", "company-news", "مهم", "مراجعة"})
	type step struct {
		typed string // text typed before tab ("" for none)
		want  string // the editor's value after tab
	}
	steps := []step{
		{"com", "company-news"},          // compute is already on the article: not offered
		{"", "competition"},              // tab again: the next match
		{"", "company-news"},             // and around
		{" -c", "company-news -compute"}, // removal completes from the article's tags
		{" م", "company-news -compute مراجعة"},
	}
	for _, s := range steps {
		for _, r := range s.typed {
			e.update(keyMsg(string(r)))
		}
		e.update(keyMsg("tab"))
		if got := e.in.value(); got != s.want {
			t.Fatalf("after typing %q and tab: %q, want %q", s.typed, got, s.want)
		}
	}
}

func TestShortDate(t *testing.T) {
	now := time.Date(2025, 6, 10, 15, 0, 0, 0, time.UTC)
	cases := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2025, 6, 10, 9, 5, 0, 0, time.UTC), "09:05"},
		{time.Date(2025, 6, 9, 23, 59, 0, 0, time.UTC), "Jun 09"},
		{time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), "Jan 01"},
		{time.Date(2024, 6, 10, 9, 5, 0, 0, time.UTC), "Jun 2024"},
	}
	for _, c := range cases {
		if got := shortDate(c.t, now); got != c.want {
			t.Errorf("shortDate(%v) = %q, want %q", c.t, got, c.want)
		}
	}
}

func TestSplitParagraphs(t *testing.T) {
	in := "First para.\n\n\n• one\n• two\r\n\r\nLast  line\n"
	want := []string{"First para.", "", "• one", "• two", "", "Last  line"}
	if got := splitParagraphs(in); !reflect.DeepEqual(got, want) {
		t.Errorf("splitParagraphs = %q, want %q", got, want)
	}
	if got := splitParagraphs("  \n\n "); len(got) != 0 {
		t.Errorf("blank content gives %q", got)
	}
}

func TestHumanBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1024: "1.0 KB", 5 << 20: "5.0 MB", 3 << 30: "3.0 GB"} {
		if got := humanBytes(n); got != want {
			t.Errorf("humanBytes(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestSplitArgsRejectsTrailingBackslash(t *testing.T) {
	if _, err := splitArgs(`firefox \`); err == nil || !strings.Contains(err.Error(), "backslash") {
		t.Errorf("splitArgs with a trailing backslash: err = %v", err)
	}
}

// The dir attribute of an article's content does not apply to its title:
// an English headline in an Arabic feed whose body sits in <div dir="rtl">
// is laid out left to right, the body right to left.
func TestTitleBaseIgnoresContentDir(t *testing.T) {
	a := &store.Article{Title: "Mistral launches an assistant", Lang: "ar", ExplicitDir: "rtl"}
	if got := titleBase(a); got != bidi.LTR {
		t.Errorf("English title: %v, want ltr", got)
	}
	if got := baseOf(a.ExplicitDir, a.Lang, "Le Chat supports Arabic"); got != bidi.RTL {
		t.Errorf("body paragraph under dir=rtl: %v, want rtl", got)
	}
	a.Title = "ميسترال تطلق مساعداً (Le Chat)"
	if got := titleBase(a); got != bidi.RTL {
		t.Errorf("Arabic title: %v, want rtl", got)
	}
}
