package feeds

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSanitizeText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Hello, world", "Hello, world"},
		{"arabic kept", "نشرة الذكاء الاصطناعي", "نشرة الذكاء الاصطناعي"},
		{"harakat and ZWJ/ZWNJ kept", "مُحَمَّد\u200cها\u200d", "مُحَمَّد\u200cها\u200d"},
		{"CSI color", "red \x1b[31mALERT\x1b[0m done", "red ALERT done"},
		{"CSI private mode", "a\x1b[?1049hb", "ab"},
		{"CSI clear screen", "\x1b[2J\x1b[Htext", "text"},
		{"C1 CSI (U+009B)", "a\u009b31mb", "ab"},
		{"OSC 52 clipboard with BEL", "x\x1b]52;c;cm0gLXJmIH4=\x07y", "xy"},
		{"OSC 52 with ST", "x\x1b]52;c;cm0gLXJmIH4=\x1b\\y", "xy"},
		{"OSC 8 hyperlink", "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"OSC title via C1", "a\u009d0;pwned\u009cb", "ab"},
		{"DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"APC", "a\x1b_Gf=100;AAAA\x1b\\b", "ab"},
		{"PM and SOS", "a\x1b^secret\x1b\\b\x1bXmore\x1b\\c", "abc"},
		{"C1 DCS / APC", "a\u0090stuff\u009cb\u009fmore\u009cc", "abc"},
		{"unterminated OSC stops at newline", "a\x1b]0;title\nnext line", "a\nnext line"},
		{"two-byte ESC sequences", "a\x1bcb\x1b7c\x1b(Bd", "abcd"},
		{"lone ESC at end", "abc\x1b", "abc"},
		{"ESC before non-final", "a\x1b\x01b", "ab"},
		{"C0 controls", "a\x00b\x07c\x08d", "abcd"},
		{"DEL", "a\x7fb", "ab"},
		{"other C1 removed", "a\u0080b\u0099c", "abc"},
		{"tab kept", "a\tb", "a\tb"},
		{"CR LF and CR", "a\r\nb\rc", "a\nb\nc"},
		{"VT FF NEL", "a\vb\fc\u0085d", "a\nb\nc\nd"},
		{"line and paragraph separators", "a\u2028b\u2029c", "a\nb\n\nc"},
		{"Trojan Source RLO", "if access == \u202euser\u202c {", "if access == user {"},
		{"isolates removed", "x\u2066y\u2067z\u2068w\u2069", "xyzw"},
		{"embeddings removed", "\u202aa\u202bb\u202dc", "abc"},
		{"LRM RLM ALM kept in bodies", "a\u200eb\u200fc\u061cd", "a\u200eb\u200fc\u061cd"},
		{"BOM and noncharacters removed", "\ufeffa\ufffeb\uffffc", "abc"},
		{"invalid UTF-8 becomes U+FFFD per byte", "a\xffb\xc3", "a\ufffdb\ufffd"},
		{"raw 8-bit CSI byte is not a CSI", "a\x9b31mb", "a\ufffd31mb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SanitizeText(tt.in); got != tt.want {
				t.Errorf("SanitizeText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSanitizeLine(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "OpenAI releases GPT-5", "OpenAI releases GPT-5"},
		{"collapse and trim", "  a \t\n b  \r\n c  ", "a b c"},
		{"separators become spaces", "a\u2028b\u2029c", "a b c"},
		{"NBSP and wide spaces", "a\u00a0\u00a0b\u3000c", "a b c"},
		{"LRM RLM ALM removed", "\u200fعنوان\u200e GPT\u061c", "عنوان GPT"},
		{"escape and spaces", "a \x1b[31m b", "a b"},
		{"overrides removed", "\u202egnp.exe", "gnp.exe"},
		{"control between spaces", "a \x00 b", "a b"},
		{"only controls", "\x1b[0m\x07", ""},
		{"invalid bytes", "x\xfey", "x\ufffdy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SanitizeLine(tt.in); got != tt.want {
				t.Errorf("SanitizeLine(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestSanitizeHostileFeedText runs a title and body written to attack a
// terminal through the whole parser: nothing dangerous may reach the Item.
func TestSanitizeHostileFeedText(t *testing.T) {
	feed := "<rss version=\"2.0\"><channel><title>Evil\x1b]0;owned\x07 feed</title>" +
		"<item><title>Click \u202eexe.txt\u202c now \x1b]52;c;ZWNobyBwd25lZA==\x07</title>" +
		"<link>https://example.com/a\u200f</link>" +
		"<author>mallory\u009b2J</author>" +
		"<description><![CDATA[<p>Line one\x1b[2J\x1b[H</p><p>\u009d8;;http://evil/\u009cclick\u009d8;;\u009c and &#x1b;[31mred</p>]]></description>" +
		"<enclosure url=\"https://example.com/x.mp3\" type=\"audio/mpeg\x1b[5m\" length=\"12\"/>" +
		"</item></channel></rss>"
	meta, items, err := Parse([]byte(feed), "", "https://example.com/feed")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 {
		t.Fatalf("got %d items, want 1", len(items))
	}
	it := items[0]
	checks := map[string]string{
		"feed title": meta.Title, "title": it.Title, "url": it.URL, "author": it.Author,
		"content": it.Content, "enclosure type": it.Enclosures[0].Type,
	}
	for name, v := range checks {
		if i := strings.IndexFunc(v, isTerminalHazard); i >= 0 {
			t.Errorf("%s %q keeps hazard %U", name, v, []rune(v[i:])[0])
		}
	}
	if want := "Click exe.txt now"; it.Title != want {
		t.Errorf("title = %q, want %q", it.Title, want)
	}
	if want := "Evil feed"; meta.Title != want {
		t.Errorf("feed title = %q, want %q", meta.Title, want)
	}
	if want := "https://example.com/a"; it.URL != want {
		t.Errorf("url = %q, want %q", it.URL, want)
	}
	if want := "Line one\n\nclick and red"; it.Content != want {
		t.Errorf("content = %q, want %q", it.Content, want)
	}
	if it.Author != "mallory" {
		t.Errorf("author = %q", it.Author)
	}
}

// isTerminalHazard reports the runes no sanitized field may contain
// (besides tab and newline, which bodies keep).
func isTerminalHazard(r rune) bool {
	switch {
	case r == '\t' || r == '\n':
		return false
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

func TestSanitizeProperties(t *testing.T) {
	inputs := []string{
		"", "plain", "\x1b\x1b[31m", "a\u009b\u009b1m", "\x1b]", "\x1b]52;c;", "\x1bP\x1b", "\r\r\n",
		"\u2029\u2029", " \u200e ", "\xff\xfe\x1b[", "\x1b\\", "\u009c", "x\x1b[1;2;3;4;5;6;7;8;9;0m",
	}
	for _, in := range inputs {
		for _, line := range []bool{false, true} {
			out := sanitize(in, line)
			if !utf8.ValidString(out) {
				t.Errorf("sanitize(%q, %v) = %q: invalid UTF-8", in, line, out)
			}
			if strings.ContainsFunc(out, isTerminalHazard) {
				t.Errorf("sanitize(%q, %v) = %q keeps a hazard", in, line, out)
			}
			if again := sanitize(out, line); again != out {
				t.Errorf("not idempotent: %q -> %q -> %q", in, out, again)
			}
			if line && strings.ContainsAny(out, "\t\n\u200e\u200f\u061c") {
				t.Errorf("SanitizeLine(%q) = %q keeps a line break, tab or mark", in, out)
			}
		}
	}
}
